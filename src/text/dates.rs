//! Dates as writers type them, as Stockholm sees them, and as Swedes read them.
//!
//! All moments are `DateTime<Tz>` in Europe/Stockholm so that "24 april 2018"
//! and feed timestamps agree with the municipality's own clock.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::{Europe::Stockholm, Tz};

/// A moment in the municipality's time zone.
pub type Moment = DateTime<Tz>;

/// Parses `YYYY-MM-DD` (midnight), `YYYY-MM-DD HH:MM[:SS]` (Swedish local time) or RFC 3339.
pub fn parse_moment(text: &str) -> Option<Moment> {
    let text = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return local(d.and_time(NaiveTime::MIN));
    }
    for format in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(text, format) {
            return local(dt);
        }
    }
    DateTime::<FixedOffset>::parse_from_rfc3339(text)
        .ok()
        .map(|dt| dt.with_timezone(&Stockholm))
}

/// Local wall-clock time to a moment; in the spring-forward gap, the first valid moment after.
fn local(naive: NaiveDateTime) -> Option<Moment> {
    Stockholm.from_local_datetime(&naive).earliest().or_else(|| {
        Stockholm
            .from_local_datetime(&(naive + chrono::Duration::hours(1)))
            .earliest()
    })
}

/// The Swedish month names, lower case as Swedish writes them. Twelve words of our own
/// instead of chrono's `unstable-locales`, which compiles every locale there is.
const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// "24 april 2018".
pub fn swedish_date(moment: &Moment) -> String {
    format!("{} {} {}", moment.day(), swedish_month(moment.month()), moment.year())
}

/// "1 januari 2027 kl. 08.00", or without the time at midnight.
pub fn swedish_date_time(moment: &Moment) -> String {
    if moment.format("%H:%M").to_string() == "00:00" {
        swedish_date(moment)
    } else {
        format!("{} kl. {}", swedish_date(moment), moment.format("%H.%M"))
    }
}

/// "april" for month 4.
pub fn swedish_month(month: u32) -> String {
    month
        .checked_sub(1)
        .and_then(|i| MONTHS.get(i as usize))
        .map(|m| m.to_string())
        .unwrap_or_default()
}

/// The moment an article dated `date` gets the age notice: once it is more than
/// `old_after_days` whole days old. The notice and the build cache both ask this.
pub fn old_from(date: &Moment, old_after_days: u32) -> Moment {
    *date + chrono::Duration::days(i64::from(old_after_days) + 1)
}

/// `2018-04-24T00:00:00+02:00`, for `<time datetime>`, Atom, JSON Feed and sitemaps.
pub fn rfc3339(moment: &Moment) -> String {
    moment.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// `Tue, 24 Apr 2018 00:00:00 +0200`, for RSS 2.0.
pub fn rfc822(moment: &Moment) -> String {
    moment.to_rfc2822()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_only_is_midnight_in_stockholm_summer_time() {
        let m = parse_moment("2018-04-24").unwrap();
        assert_eq!(rfc3339(&m), "2018-04-24T00:00:00+02:00");
    }

    #[test]
    fn local_time_and_rfc3339_agree() {
        let a = parse_moment("2018-01-10 08:30").unwrap();
        let b = parse_moment("2018-01-10T07:30:00Z").unwrap();
        assert_eq!(a, b);
        assert_eq!(rfc3339(&a), "2018-01-10T08:30:00+01:00");
    }

    #[test]
    fn invalid_dates_are_rejected() {
        for bad in ["2018-02-30", "24 april 2018", "2018", "", "2018-04-24 25:00"] {
            assert!(parse_moment(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn spring_forward_gap_moves_forward() {
        let m = parse_moment("2018-03-25 02:30").unwrap();
        assert_eq!(rfc3339(&m), "2018-03-25T03:30:00+02:00");
    }

    #[test]
    fn swedish_formats() {
        let m = parse_moment("2018-04-24").unwrap();
        assert_eq!(swedish_date(&m), "24 april 2018");
        assert_eq!(swedish_month(12), "december");
        assert_eq!(swedish_month(1), "januari");
        assert_eq!(swedish_month(5), "maj");
        assert_eq!(swedish_month(0), "");
        assert_eq!(swedish_month(13), "");
        assert_eq!(rfc822(&m), "Tue, 24 Apr 2018 00:00:00 +0200");
    }
}
