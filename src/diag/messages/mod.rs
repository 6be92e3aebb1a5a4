//! messages: every text a person reads in a terminal or on the preview's error page, in
//! Swedish (the default) and English, each with a stable code for `--format json`.
//!
//! A catalogue of typed functions rather than Fluent files: the arguments of every message
//! are checked by the compiler, both languages sit side by side so neither can be
//! forgotten, and it costs no dependency. Plurals are the two forms Swedish and English need.

mod archive;
mod checks;
mod cli;
mod content;
mod crisis;
mod feedback;
mod hostile;
mod images;
mod output;
mod routes;
mod serve;
mod site;
mod sites;
mod subscriptions;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use archive::*;
pub use checks::*;
pub use cli::*;
pub use content::*;
pub use crisis::*;
pub use feedback::*;
pub use hostile::*;
pub use images::*;
pub use output::*;
pub use routes::*;
pub use serve::*;
pub use site::*;
pub use sites::*;
pub use subscriptions::*;

/// The language of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    /// `--lang` if given, else English when `LC_ALL`, `LC_MESSAGES` or `LANG` (the first
    /// one set) asks for it, else Swedish.
    pub fn choose(arg: Option<Lang>, env: impl Fn(&str) -> Option<String>) -> Lang {
        if let Some(lang) = arg {
            return lang;
        }
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| env(k))
            .find(|v| !v.is_empty());
        match locale {
            Some(l) if l.starts_with("en") => Lang::En,
            _ => Lang::Sv,
        }
    }

    /// From the process environment.
    pub fn from_env(arg: Option<Lang>) -> Lang {
        Lang::choose(arg, |k| std::env::var(k).ok())
    }
}

/// One text in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub sv: String,
    pub en: String,
}

impl Text {
    pub fn new(sv: impl Into<String>, en: impl Into<String>) -> Text {
        Text {
            sv: sv.into(),
            en: en.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Sv => &self.sv,
            Lang::En => &self.en,
        }
    }

    /// Whether either language contains `needle` (for tests and filters).
    pub fn contains(&self, needle: &str) -> bool {
        self.sv.contains(needle) || self.en.contains(needle)
    }
}

impl fmt::Display for Text {
    /// Swedish, the default; printing code picks the language with `get`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sv)
    }
}

/// A diagnostic's text: what is wrong and, when we know it, what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub code: &'static str,
    pub text: Text,
    pub help: Option<Text>,
}

/// Tests only: a made-up text, the same in both languages. Outside tests every text comes
/// from a catalogue function, so nothing untranslated can reach a person.
#[cfg(test)]
impl From<&str> for Message {
    fn from(text: &str) -> Message {
        Message {
            code: "test",
            text: Text::new(text, text),
            help: None,
        }
    }
}

impl Message {
    fn new(code: &'static str, sv: impl Into<String>, en: impl Into<String>) -> Message {
        Message {
            code,
            text: Text::new(sv, en),
            help: None,
        }
    }

    fn help(mut self, sv: impl Into<String>, en: impl Into<String>) -> Message {
        self.help = Some(Text::new(sv, en));
        self
    }
}

/// "1 nyhet" / "16 nyheter".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A whole number with its thousands apart: `40 000 344` (Swedish, `sep` a space) or
/// `40,000,344` (English, a comma).
fn grouped(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(d);
    }
    out
}

/// A number with `places` decimals as Swedish writes it: `40,0`.
fn decimal_sv(x: f64, places: usize) -> String {
    format!("{x:.places$}").replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_follows_the_flag_then_the_locale() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
        };
        assert_eq!(Lang::choose(None, env(&[])), Lang::Sv);
        assert_eq!(Lang::choose(None, env(&[("LANG", "en_GB.UTF-8")])), Lang::En);
        assert_eq!(Lang::choose(None, env(&[("LANG", "C.UTF-8")])), Lang::Sv);
        assert_eq!(
            Lang::choose(None, env(&[("LC_ALL", "sv_SE.UTF-8"), ("LANG", "en_US.UTF-8")])),
            Lang::Sv
        );
        assert_eq!(Lang::choose(Some(Lang::En), env(&[("LANG", "sv_SE.UTF-8")])), Lang::En);
    }

    #[test]
    fn plurals() {
        assert_eq!(
            built(1, 1, "public", 3, 0).sv,
            "byggde 1 fil (1 nyhet) i public på 3 ms; 0 ändrade"
        );
        assert_eq!(
            built(16, 2, "public", 3, 1).en,
            "built 16 files (2 articles) into public in 3 ms; 1 changed"
        );
        assert_eq!(summary(2, 1, 3).sv, "2 fel, 1 varning i 3 filer");
        assert_eq!(summary(1, 0, 1).en, "1 error, 0 warnings in 1 file");
    }

    /// A catalogue entry as shown in the snapshots.
    enum Shown {
        Text(Text),
        Message(Message),
    }

    impl From<Text> for Shown {
        fn from(t: Text) -> Shown {
            Shown::Text(t)
        }
    }

    impl From<Message> for Shown {
        fn from(m: Message) -> Shown {
            Shown::Message(m)
        }
    }

    /// `(function name, its result)` for each call; a function may be called several times
    /// (plurals, variants).
    macro_rules! calls {
        ($($f:ident($($arg:expr),* $(,)?);)*) => {
            vec![$((stringify!($f), Shown::from($f($($arg),*)))),*]
        };
    }

    /// Every function of the catalogue with sample arguments.
    fn catalogue() -> Vec<(&'static str, Shown)> {
        let io = || std::io::Error::other("disken är full / disk full");
        let owner = owner_topic("Trafik");
        calls! {
            new_title_without_letters();
            new_file_exists("content/nyheter/2026-12-01-nya-oppettider.md");
            new_cannot_write("content/nyheter/a.md", &io());
            new_wrote("content/nyheter/2026-12-01-nya-oppettider.md");
            new_address_shortened(80);
            built(1, 1, "public", 3, 0);
            built(16, 2, "public", 120, 5);
            up_to_date("public", 1, 1, 4);
            up_to_date("public", 1422, 1000, 37);
            build_failed("public");
            output_replaced_file_by_file("/srv/www");
            scheduled_summary(1, "1 januari 2027", "1 January 2027");
            scheduled_summary(3, "1 januari 2027", "1 January 2027");
            scheduled_warning("1 januari 2027 kl. 08.00", "1 January 2027 at 08:00");
            root_robots_line("https://www.example.se/nyhetsrum/sitemap.xml");
            search_wrote_outside("/pagefind/../x");
            list_header();
            status_name("published");
            status_name("draft");
            status_name("scheduled");
            status_name("expired");
            no_problems();
            waiting_for_build("public");
            summary(1, 0, 1);
            summary(2, 1, 3);
            severity(true);
            severity(false);
            help_label();
            owner_start_page();
            owner_listing(1);
            owner_listing(2);
            owner_archive();
            owner_archive_year(2026);
            owner_topics();
            owner_topic("Trafik");
            owner_topic_feed("Trafik");
            owner_not_found();
            owner_feed("Atom");
            owner_sitemap();
            owner_robots();
            owner_search();
            owner_thanks();
            owner_search_index();
            owner_theme_file("notis.css");
            owner_file("content/nyheter/arkiv.md");
            address_taken("/amne/trafik/", &owner, ClashFix::RenameStatic);
            address_taken("/amne/trafik/", &owner, ClashFix::ChangeAlias);
            address_taken("/amne/trafik/", &owner, ClashFix::SlugEither);
            address_taken("/amne/trafik/", &owner, ClashFix::SlugOwn);
            address_taken("/amne/trafik/", &owner, ClashFix::RenameFile);
            generated_clash(&owner_archive(), address_taken("/nyheter/arkiv/", &owner_archive(), ClashFix::SlugOwn));
            bad_alias("gammal-adress", AliasProblem::NoSlash);
            bad_alias("/a\u{7}b/", AliasProblem::Control);
            bad_alias("/a?b/", AliasProblem::Forbidden);
            bad_alias("/a//b/", AliasProblem::EmptyPart);
            bad_alias("/a/../b/", AliasProblem::DotPart);
            bad_alias("/aaaa/", AliasProblem::TooLong);
            slug_too_long(120, 80);
            tag_without_letters("!!");
            not_utf8();
            no_front_matter();
            front_matter_not_closed();
            missing_date();
            bad_date("date", "1/12 2026");
            title_empty();
            image_without_alt();
            slug_without_letters("---");
            title_gives_empty_address();
            placeholder("Skriv nyheten här.");
            unpublished_note(true);
            unpublished_note(false);
            unknown_key("sumary", Some("summary"), &["title", "summary"]);
            unknown_key("foo", None, &["title", "summary"]);
            unknown_value("fejsbok", Some("facebook"), &["facebook", "linkedin"]);
            unknown_value("myspace", None, &["facebook", "linkedin"]);
            missing_key("title");
            colon_in_value("title", "title: \"Viktigt: vattnet stängs av\"");
            tab_indent("  - name: Anna Andersson");
            text_after_quote("title: '\"Nytt\" bibliotek'");
            missing_colon("summary");
            missing_space_after_colon("title: Nya öppettider");
            expected_mapping(Some("image"));
            expected_mapping(None);
            expected_list(Some("tags"));
            expected_list(None);
            expected_number(Some("per_page"));
            expected_number(None);
            expected_text(Some("title"));
            expected_text(None);
            wrong_type(Some("draft"), "invalid type");
            wrong_type(None, "invalid type");
            unclosed_bracket('[');
            unclosed_bracket('{');
            bad_indent(false);
            bad_indent(true);
            unclosed_quote();
            yaml_other("did not find expected key");
            invisible_space("title");
            unused_file(UnusedFile::ExtensionCase, "content/nyheter/x.MD", "nyheter");
            unused_file(UnusedFile::Extension, "content/nyheter/x.md.txt", "nyheter");
            unused_file(UnusedFile::Folder, "content/Nyheter/x.md", "nyheter");
            unused_file(UnusedFile::NotContent, "content/nyheter/x.docx", "nyheter");
            removed_for_safety(&Text::new("`<script>`", "`<script>`"));
            removed_for_safety(&Text::new("attributet `onerror` i `<img>`", "the attribute `onerror` of `<img>`"));
            broken_link("/nyheter/finns-inte/", false);
            broken_link("/bilder/saknas.jpg", true);
            broken_anchor("/nyheter/a/", "kontakt", Some("kontakta-oss"), &["kontakta-oss", "bakgrund"]);
            broken_anchor("/nyheter/a/", "x", None, &[]);
            image_without_alt_text("/bilder/a.jpg");
            lead_image_missing("/bilder/a.jpg");
            updated_before_date();
            expires_before_publish();
            bad_email("anna.andersson@");
            bad_phone("ring mig");
            heading_level_one("Rubrik");
            heading_skips("Detaljer", 2, 4);
            tag_spelled_two_ways("trafik", "Trafik");
            no_site_yaml(".");
            template_error(&template_missing_parent("bas.html"));
            template_error(&template_not_found("sidfot.html"));
            bad_base_url("www.mora.se", UrlProblem::NotAbsolute, false);
            bad_base_url("https://", UrlProblem::NoHost, true);
            organisation_name_empty();
            bad_news_path("ny heter");
            per_page_zero();
            bad_feedback_action("ftp://mora.se/");
            bad_subscriptions_action("ftp://mora.se/");
            confirm_hours_zero();
            search_unavailable();
            search_failed("index");
            output_is_source();
            output_foreign("rapport.docx");
            output_not_folder();
            work_folder_foreign();
            output_io(IoStep::Find, "public", &io());
            output_io(IoStep::Create, "public", &io());
            output_io(IoStep::Lock, "public", &io());
            output_io(IoStep::Read, "public", &io());
            output_io(IoStep::Remove, "public", &io());
            output_io(IoStep::Write, "public", &io());
            output_io(IoStep::Copy, "public", &io());
            output_io(IoStep::Replace, "public", &io());
            outside_site("/etc/passwd");
            symlink_loop();
            cannot_read(&io(), false);
            cannot_read(&io(), true);
            forbidden_address("javascript:alert(1)", "javascript:");
            broken_fact_link("/nyheter/finns-inte/");
            too_deep(50);
            file_too_large(17, 16);
            too_many_tags(21, 20);
            tag_character("IT<3", '<', "- – & . ' ’ / ( ) +");
            duplicate_key(Some("title"), Some((2, 5)));
            duplicate_key(Some("title"), None);
            duplicate_key(None, None);
            preview_updated(1, 1, 12);
            preview_updated(16, 3, 40);
            owner_photo_variant("bilder/a.jpg");
            photos_resized(1);
            photos_resized(8);
            preview_shows_errors();
            preview_listening("http://127.0.0.1:1111/");
            preview_stopped();
            preview_cannot_watch("content", "too many open files");
            preview_unreadable("permission denied");
            preview_wrong_host("127.0.0.1:1111", 1111);
            preview_only_get();
            preview_no_body();
            preview_warnings(1);
            preview_warnings(2);
            preview_close();
            preview_sites_label();
            preview_search_busy();
            preview_switched("orsa");
            image_cannot_read(&io());
            image_unreadable("unexpected end of file");
            image_too_large(25.3);
            image_too_many_pixels(9000, 6000, 40_000_000);
            image_too_many_pixels(7746, 5164, 40_000_000);
            image_over_memory(1312.5, 1024);
            image_cache_write(&io());
            image_personal_metadata(&[("GPS-position", "GPS position"), ("kamera", "camera")]);
            config_image_missing("organisation.logo", "/bilder/logo.svg");
            image_wrong_path("bilder/IMG_4711.JPG", "/bilder/IMG_4711.JPG");
            image_unstrippable("HEIC");
            image_unstrippable("TIFF");
            gif_metadata(&[("GPS-position", "GPS position"), ("en kommentar", "a comment")]);
            server_cannot_start("no threads");
            cannot_listen("127.0.0.1:8090", "address in use");
            bad_bind_address("localhost:80");
            port_in_use(1111);
            cannot_open_browser("http://127.0.0.1:1111/");
            preview_site_broken();
            preview_site_not_loaded();
            preview_error_title();
            preview_error_heading();
            preview_error_intro();
            nothing_to_render("/bilder/a.jpg");
            init_not_empty("nyheter");
            init_cannot_create("nyheter/content", &io());
            init_created("nyheter", 1);
            init_created("nyheter", 9);
            init_next("nyheter");
            bad_feedback_thanks("tack");
            retention_days_zero();
            bad_feedback_notify("registrator");
            template_data_failed("recursion limit");
            template_missing_parent("bas.html");
            template_not_found("sidfot.html");
            feedback_db_open("unable to open database file");
            feedback_db_read("database is locked");
            feedback_no_action("https://www.mora.se");
            feedback_mailing_to("registrator@mora.se", "smtp.mora.se", 587);
            feedback_no_mail("NOTIS_SMTP_HOST is not set");
            feedback_receiving("http://127.0.0.1:8090/synpunkter/", "synpunkter.db");
            feedback_stopped();
            feedback_exported(1);
            feedback_exported(12);
            feedback_cannot_write(Some("synpunkter.csv"), "permission denied");
            feedback_cannot_write(None, "broken pipe");
            feedback_status("new");
            feedback_status("handled");
            feedback_status("spam");
            feedback_marked(12, "handled");
            feedback_table_header(9, 32);
            feedback_no_such_comment(99);
            feedback_mark_failed("database is locked");
            feedback_backup_done("synpunkter.db", "/backup/synpunkter-2026-11-27.db");
            feedback_backup_failed("database or disk is full");
            feedback_backup_exists("/backup/synpunkter-2026-11-27.db");
            feedback_backup_no_folder("/backup");
            feedback_db_missing("/var/lib/notis-feedback/synpunkter.db");
            feedback_refused(429, "rate_limited");
            feedback_stored(12, false, "/nyheter/it-storningar/");
            feedback_stored(13, true, "/nyheter/it-storningar/");
            feedback_store_failed("disk I/O error");
            feedback_batch_failed(1, "disk I/O error");
            feedback_batch_failed(3, "disk I/O error");
            feedback_mail_queue_full(12);
            feedback_mailed(12);
            feedback_mail_failed(12, "connection refused");
            feedback_purged(1, 365);
            feedback_purged(40, 365);
            feedback_purge_failed("database is locked");
            feedback_refusal(Refused::Method);
            feedback_refusal(Refused::Foreign);
            feedback_refusal(Refused::NotAForm);
            feedback_refusal(Refused::TooLarge { max_chars: 5_000 });
            feedback_refusal(Refused::RateLimited { seconds: 42 });
            feedback_refusal(Refused::Invalid);
            feedback_refusal(Refused::NotStored);
            feedback_answer_heading(Refused::Method);
            feedback_answer_heading(Refused::Foreign);
            feedback_answer_heading(Refused::NotAForm);
            feedback_answer_heading(Refused::TooLarge { max_chars: 5_000 });
            feedback_answer_heading(Refused::RateLimited { seconds: 42 });
            feedback_answer_heading(Refused::Invalid);
            feedback_answer_heading(Refused::NotStored);
            feedback_answer_body(Refused::Method);
            feedback_answer_body(Refused::Foreign);
            feedback_answer_body(Refused::NotAForm);
            feedback_answer_body(Refused::TooLarge { max_chars: 5_000 });
            feedback_answer_body(Refused::RateLimited { seconds: 42 });
            feedback_answer_body(Refused::Invalid);
            feedback_answer_body(Refused::NotStored);
            feedback_only_receiver();
            feedback_page_text(PageText::SkipToContent);
            feedback_page_text(PageText::ProblemsHeading);
            feedback_page_text(PageText::CommentLabel);
            feedback_page_text(PageText::EmailLabel);
            feedback_page_text(PageText::TrapLabel);
            feedback_page_text(PageText::Send);
            feedback_page_text(PageText::BackWithoutSending);
            feedback_page_text(PageText::Back);
            feedback_comment_missing();
            feedback_comment_too_long(5_012, 5_000);
            feedback_comment_too_long(12_345, 5_000);
            feedback_email_invalid();
            feedback_page_url_foreign();
            not_a_date("igår");
            subscription_what(&[]);
            subscription_what(&["Vatten och avlopp".into(), "Skola".into()]);
            subscription_confirm_subject("Mora kommun");
            subscription_confirm_mail("Mora kommun", "anna@exempel.se", "alla nyheter", "https://www.mora.se/prenumerera/bekrafta?t=1-ab", 48);
            subscription_already_subject("Mora kommun");
            subscription_already_mail("Mora kommun", "https://www.mora.se/prenumerera/andra?t=1-ab", "https://www.mora.se/prenumerera/avsluta?t=1-cd");
            subscription_news_foot("Mora kommun", "nyheter om Skola");
            subscription_read_more();
            subscription_update_title("Störningar hos kommunernas IT-system", "24 april 2018 kl. 14.05");
            subscription_manage_label();
            subscription_leave_label();
            subscription_page_heading(SubscriptionPage::CheckMail { hours: 48 });
            subscription_page_heading(SubscriptionPage::Confirmed);
            subscription_page_heading(SubscriptionPage::LinkInvalid { hours: 48 });
            subscription_page_heading(SubscriptionPage::LeaveQuestion);
            subscription_page_heading(SubscriptionPage::Left);
            subscription_page_heading(SubscriptionPage::Manage);
            subscription_page_heading(SubscriptionPage::Saved);
            subscription_page_heading(SubscriptionPage::Invalid);
            subscription_page_heading(SubscriptionPage::CannotMail);
            subscription_page_heading(SubscriptionPage::RateLimited { seconds: 42 });
            subscription_page_heading(SubscriptionPage::Refused);
            subscription_page_body(SubscriptionPage::CheckMail { hours: 48 });
            subscription_page_body(SubscriptionPage::Confirmed);
            subscription_page_body(SubscriptionPage::LinkInvalid { hours: 48 });
            subscription_page_body(SubscriptionPage::LeaveQuestion);
            subscription_page_body(SubscriptionPage::Left);
            subscription_page_body(SubscriptionPage::Manage);
            subscription_page_body(SubscriptionPage::Saved);
            subscription_page_body(SubscriptionPage::Invalid);
            subscription_page_body(SubscriptionPage::CannotMail);
            subscription_page_body(SubscriptionPage::RateLimited { seconds: 42 });
            subscription_page_body(SubscriptionPage::Refused);
            subscription_word(SubscriptionWord::EmailLabel);
            subscription_word(SubscriptionWord::TopicsLegend);
            subscription_word(SubscriptionWord::AllNews);
            subscription_word(SubscriptionWord::Subscribe);
            subscription_word(SubscriptionWord::Save);
            subscription_word(SubscriptionWord::Leave);
            subscription_word(SubscriptionWord::ToNews);
            subscription_email_invalid();
            subscription_topic_unknown("Fiske");
            subscriptions_receiving("http://127.0.0.1:8090/prenumerera/");
            subscriptions_no_mail("NOTIS_SMTP_HOST is not set");
            subscriptions_logged(7, SubscriptionEvent::Requested);
            subscriptions_logged(7, SubscriptionEvent::Again);
            subscriptions_logged(7, SubscriptionEvent::Confirmed);
            subscriptions_logged(7, SubscriptionEvent::Changed);
            subscriptions_logged(7, SubscriptionEvent::Left);
            subscriptions_failed("database is locked");
            subscriptions_mail_failed(7, "connection refused");
            subscriptions_expired(1, 48);
            subscriptions_expired(3, 48);
            subscriptions_no_action("https://www.mora.se");
            subscriptions_smtp_missing("NOTIS_SMTP_HOST is not set");
            subscriptions_new_articles(1);
            subscriptions_new_articles(2);
            subscriptions_first_send(1);
            subscriptions_first_send(12);
            subscriptions_released(3);
            subscriptions_sent(1, 0);
            subscriptions_sent(10_000, 2);
            subscriptions_refused_address(7, "550 no such user");
            subscriptions_deferred(7, "451 greylisted");
            subscriptions_deferred_total(3);
            subscriptions_send_stopped(12, "connection refused");
            subscriptions_erased("anna@exempel.se", 1);
            subscriptions_erased("anna@exempel.se", 4);
            subscriptions_not_found("anna@exempel.se");
            subscriptions_totals(120, 3);
            subscriptions_table_header();
            subscriptions_status(true);
            subscriptions_status(false);
            subscriptions_exported(1);
            subscriptions_exported(120);
            svg_refused(&SvgRisk::Unparsable("unexpected end of stream at 3:1".into()));
            svg_refused(&SvgRisk::NotUtf8);
            svg_refused(&SvgRisk::Doctype);
            svg_refused(&SvgRisk::Script("script".into()));
            svg_refused(&SvgRisk::Embedded("foreignObject".into()));
            svg_refused(&SvgRisk::Event("onload".into()));
            svg_refused(&SvgRisk::ScriptUrl("href".into()));
            svg_refused(&SvgRisk::External("xlink:href".into()));
            svg_refused(&SvgRisk::Stylesheet);
            svg_refused(&SvgRisk::CssEscape);
            svg_refused(&SvgRisk::Compressed);
            svg_refused(&SvgRisk::TooLarge(7_549_747));
            update_without(2, "at");
            crisis_on_page();
            owner_crisis_page();
            owner_accessibility_report();
            bad_crisis_path("Kris!");
            update_added("content/nyheter/2018-04-24-it-storningar.md", "2018-04-24 14:05");
            update_text_empty();
            update_outside_content("../annan-webbplats/content/nyheter/x.md");
            update_cannot_read("content/nyheter/it.md", "No such file or directory");
            update_no_front_matter("content/nyheter/it.md");
            update_cannot_write("content/nyheter/it.md", "permission denied");
            update_breaks_file("content/nyheter/it.md");
            feedback_kind_unknown("fraga");
            feedback_helpful_missing();
            feedback_report_missing();
            feedback_kind_name("comment");
            feedback_kind_name("helpful");
            feedback_kind_name("accessibility");
            feedback_helpful_heading();
            feedback_helpful_counts(12, 3, "/nyheter/it-storningar/");
            feedback_helpful_question();
            feedback_kind_not_sent("helpful");
            feedback_kind_not_sent("accessibility");
            archive_folder_empty();
            archive_in_output();
            archive_in_sources();
            archive_io(IoStep::Write, "../arkiv/.2026-11-27T12-00-00.notis-tmp/data/files/index.html", &io());
            archive_full_without_folder();
            archive_no_folder();
            archive_cannot_read(&io());
            archive_written("2026-11-27T12-00-00", "../arkiv", [1, 2, 0, 3], 42);
            archive_written("2026-11-27T12-00-00", "../arkiv", [1422, 0, 0, 1422], 2310);
            archive_unchanged("../arkiv");
            archive_summary_head("2026-11-27T12-00-00", "Mora kommun", "https://www.mora.se", "27 november 2026 kl. 12.00", Some("0123abcd"), Some("2026-11-26T08-00-00"), false);
            archive_summary_head("2026-11-27T12-00-00", "Mora kommun", "https://www.mora.se", "27 november 2026 kl. 12.00", None, None, true);
            archive_summary_section(ChangeKind::Published, 1);
            archive_summary_section(ChangeKind::Changed, 2);
            archive_summary_section(ChangeKind::Removed, 0);
            archive_bag_description("https://www.mora.se");
            archive_no_versions("/nyheter/finns-inte/");
            archive_version_line("27 november 2026 kl. 12.00", ChangeKind::Published, "2026-11-27T12-00-00");
            archive_version_line("28 november 2026 kl. 08.00", ChangeKind::Changed, "2026-11-28T08-00-00");
            archive_version_line("1 december 2026", ChangeKind::Removed, "2026-12-01T00-00-00");
            archive_not_yet("/nyheter/a/", "27 november 2026 kl. 12.00");
            archive_removed_then("/nyheter/a/", "1 december 2026");
            archive_damaged("2026-11-27T12-00-00", "data/files/nyheter/a/index.html");
            archive_unreadable_log("2026-11-27T12-00-00");
            archive_verified("2026-11-27T12-00-00", true);
            archive_verified("2026-11-27T12-00-00", false);
            archive_fault(FaultKind::Missing, "data/files/index.html");
            archive_fault(FaultKind::Altered, "data/files/index.html");
            archive_fault(FaultKind::Unlisted, "data/files/extra.html");
            archive_fault(FaultKind::Frame, "manifest-sha256.txt");
            archive_verify_summary(1, 0);
            archive_verify_summary(12, 1);
            next_none();
            next_at("1 januari 2027 kl. 08.00", "1 January 2027 at 08:00", "2027-01-01T08:00:00+01:00");
            next_happening("/nyheter/a/", Coming::Publish);
            next_happening("/nyheter/a/", Coming::Expire);
            next_happening("/nyheter/a/", Coming::AlertEnds);
            next_happening("/nyheter/a/", Coming::AgeNotice);
            next_happening("/nyheter/a/", Coming::CrisisEnds);
            next_happening("/nyheter/a/", Coming::Update);
            both_site_and_sites_yaml();
            no_sites_listed();
            bad_site_name("Orsa kommun");
            bad_site_folder("../orsa");
            site_without_config("orsa", "sites/orsa/site.yaml");
            unknown_site("ora", "sites:", Some("orsa"), &["mora", "orsa"]);
            unknown_site("x", "--site", None, &["mora", "orsa"]);
            sites_key_without_manifest("sites");
            sites_key_in_own_file("canonical", "orsa");
            canonical_not_publishing("alvdalen");
            site_option_without_manifest();
            in_site("orsa", &Text::new("trasig länk", "broken link"));
            override_used("orsa", "sites/orsa/content/nyheter/a.md", "content/nyheter/a.md");
            which_line("orsa", Choice::Own { file: "sites/orsa/content/nyheter/a.md", shared: true });
            which_line("orsa", Choice::Own { file: "sites/orsa/content/nyheter/a.md", shared: false });
            which_line("mora", Choice::Shared { file: "content/nyheter/a.md" });
            which_line("alvdalen", Choice::Excluded { file: "content/nyheter/a.md" });
            which_line("alvdalen", Choice::Neither);
            which_needs_manifest();
            which_needs_a_file();
            site_built("orsa", 1, 1, "public/orsa", 0);
            site_built("mora", 120, 40, "public/mora", 3);
            sites_built(1, 12);
            sites_built(3, 950);
            multi_site_unsupported("/srv/kommuner");
            feedback_sites_without_action();
            feedback_base_url_needs_site();
            subscriptions_need_own_receiver("orsa");
            subscriptions_db_of_other_site("mora", "orsa");
        }
    }

    /// All entries in one language, one block each, as a person would read them.
    fn shown(lang: Lang) -> String {
        let mut out = String::new();
        for (name, entry) in catalogue() {
            match entry {
                // Some texts end in a newline (HTTP bodies); the snapshot needs no trailing spaces.
                Shown::Text(t) => out.push_str(&format!(
                    "{name}\n  {}\n\n",
                    t.get(lang).trim_end().replace('\n', "\n  ")
                )),
                Shown::Message(m) => {
                    out.push_str(&format!("{name} [{}]\n  {}\n", m.code, m.text.get(lang)));
                    if let Some(help) = &m.help {
                        out.push_str(&format!("  {}: {}\n", help_label().get(lang), help.get(lang)));
                    }
                    out.push('\n');
                }
            }
        }
        out
    }

    /// Issue 16: every message in both languages, so a changed text shows up in review.
    #[test]
    fn every_message_in_swedish() {
        insta::assert_snapshot!("sv", shown(Lang::Sv));
    }

    #[test]
    fn every_message_in_english() {
        insta::assert_snapshot!("en", shown(Lang::En));
    }

    /// The snapshots cover the catalogue only if `catalogue()` calls every function of it:
    /// a new function that is not listed there fails here.
    #[test]
    fn the_snapshots_call_every_catalogue_function() {
        // Every file of the catalogue, so that a new area cannot be left out.
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/diag/messages");
        let areas: Vec<String> = std::fs::read_dir(&folder)
            .expect("the catalogue's folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "rs") && !p.ends_with("mod.rs"))
            .map(|p| std::fs::read_to_string(p).expect("a catalogue file"))
            .collect();
        let defined: std::collections::BTreeSet<&str> = areas
            .iter()
            .flat_map(|area| area.lines())
            .filter_map(|l| l.strip_prefix("pub fn "))
            .filter_map(|l| l.split('(').next())
            .collect();
        let called: std::collections::BTreeSet<&str> = catalogue().into_iter().map(|(name, _)| name).collect();
        assert!(
            defined.len() > 100,
            "the catalogue's functions were not found: {defined:?}"
        );
        let missing: Vec<_> = defined.difference(&called).collect();
        assert!(
            missing.is_empty(),
            "add these to `catalogue()` in the tests: {missing:?}"
        );
        assert_eq!(called.difference(&defined).count(), 0);
    }

    /// A text that is the same in both languages was probably never translated; only a
    /// file name or path may be.
    #[test]
    fn swedish_and_english_differ() {
        // "robots.txt" and a source file's path.
        let same_in_both = ["owner_robots", "owner_file"];
        let mut same = Vec::new();
        for (name, entry) in catalogue() {
            let (sv, en) = match &entry {
                Shown::Text(t) => (t.sv.clone(), t.en.clone()),
                Shown::Message(m) => (m.text.sv.clone(), m.text.en.clone()),
            };
            if sv == en && !same_in_both.contains(&name) {
                same.push(name);
            }
        }
        assert!(same.is_empty(), "the same in Swedish and English: {same:?}");
    }
}
