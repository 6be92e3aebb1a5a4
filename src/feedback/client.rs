//! Who is sending: the client address as a keyed hash that rotates daily, and the
//! per-client rate limit built on it.
//!
//! The key is random, lives only in memory and is replaced when the UTC date changes
//! (and at every restart), so a stored hash lets the receiver count a client's
//! submissions within a day but cannot be linked to an address or across days.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Hashes client addresses with today's key.
pub struct ClientHasher {
    day: NaiveDate,
    key: [u8; 32],
}

impl ClientHasher {
    pub fn new(today: NaiveDate) -> ClientHasher {
        ClientHasher {
            day: today,
            key: fresh_key(),
        }
    }

    /// The hash of `addr` under the key of `today` (a new key when the day changed),
    /// as 32 hex digits (128 bits of HMAC-SHA-256).
    pub fn hash(&mut self, addr: IpAddr, today: NaiveDate) -> String {
        if today != self.day {
            self.day = today;
            self.key = fresh_key();
        }
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key length");
        // IPv6 clients often hold a whole /64; count them by it.
        let bytes: Vec<u8> = match addr {
            IpAddr::V4(a) => a.octets().to_vec(),
            IpAddr::V6(a) => match a.to_ipv4_mapped() {
                Some(v4) => v4.octets().to_vec(),
                None => a.octets()[..8].to_vec(),
            },
        };
        mac.update(&bytes);
        mac.finalize().into_bytes()[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

fn fresh_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).expect("the operating system has no random numbers");
    key
}

/// At most `per_minute` submissions per client in any 60 seconds.
pub struct RateLimiter {
    per_minute: u32,
    seen: HashMap<String, VecDeque<Instant>>,
}

const WINDOW: Duration = Duration::from_secs(60);

impl RateLimiter {
    /// `per_minute` 0 means no limit.
    pub fn new(per_minute: u32) -> RateLimiter {
        RateLimiter {
            per_minute,
            seen: HashMap::new(),
        }
    }

    /// Counts a submission from `client` at `now`. `Err(wait)` when over the limit,
    /// with how long until the next one would be accepted.
    pub fn check(&mut self, client: &str, now: Instant) -> Result<(), Duration> {
        if self.per_minute == 0 {
            return Ok(());
        }
        // Forget clients idle for a minute, so the table stays small.
        if self.seen.len() > 10_000 {
            self.seen
                .retain(|_, times| times.back().is_some_and(|t| now.duration_since(*t) < WINDOW));
        }
        let times = self.seen.entry(client.to_string()).or_default();
        while times.front().is_some_and(|t| now.duration_since(*t) >= WINDOW) {
            times.pop_front();
        }
        if times.len() >= self.per_minute as usize {
            let oldest = times.front().copied().unwrap_or(now);
            return Err(WINDOW.saturating_sub(now.duration_since(oldest)));
        }
        times.push_back(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_stable_within_a_day_and_changes_with_it() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let mut h = ClientHasher::new(day);
        let a: IpAddr = "192.0.2.1".parse().unwrap();
        let first = h.hash(a, day);
        assert_eq!(first.len(), 32);
        assert_eq!(h.hash(a, day), first);
        assert_ne!(h.hash("192.0.2.2".parse().unwrap(), day), first);
        assert_ne!(h.hash(a, day.succ_opt().unwrap()), first);
        assert_ne!(ClientHasher::new(day).hash(a, day), first, "the key is random");
        let v6a = h.hash("2001:db8::1".parse().unwrap(), day);
        assert_eq!(v6a, h.hash("2001:db8::2".parse().unwrap(), day), "one /64, one client");
    }

    #[test]
    fn rate_limit_slides_over_a_minute() {
        let mut limit = RateLimiter::new(2);
        let t0 = Instant::now();
        assert!(limit.check("a", t0).is_ok());
        assert!(limit.check("a", t0 + Duration::from_secs(1)).is_ok());
        let wait = limit.check("a", t0 + Duration::from_secs(2)).unwrap_err();
        assert_eq!(wait, Duration::from_secs(58));
        assert!(limit.check("b", t0 + Duration::from_secs(2)).is_ok(), "per client");
        assert!(limit.check("a", t0 + Duration::from_secs(60)).is_ok());
        let mut off = RateLimiter::new(0);
        assert!((0..100).all(|_| off.check("a", t0).is_ok()));
    }
}
