//! messages::subscriptions: "Prenumerera" — the receiver's pages and mails, `notis subscriptions …`.

use super::*;

// ---- Mails (sent in Swedish, like the site) ---------------------------------------------------

/// "alla nyheter", or the topics subscribed to.
pub fn subscription_what(topics: &[String]) -> Text {
    if topics.is_empty() {
        Text::new("alla nyheter", "all news")
    } else {
        let list = topics.join(", ");
        Text::new(format!("nyheter om {list}"), format!("news on {list}"))
    }
}

pub fn subscription_confirm_subject(site: &str) -> Text {
    Text::new(
        format!("Bekräfta din prenumeration på nyheter från {site}"),
        format!("Confirm your subscription to news from {site}"),
    )
}

pub fn subscription_confirm_mail(site: &str, email: &str, what: &str, link: &str, hours: u32) -> Text {
    Text::new(
        format!(
            "Hej!\n\nNågon, troligen du, har bett att få {what} från {site} med e-post till {email}.\n\n\
Bekräfta genom att öppna länken:\n{link}\n\n\
Länken gäller i {hours} timmar. Var det inte du, eller har du ångrat dig, behöver du inte göra något: \
då skickar vi inget mer och adressen raderas när länken slutar gälla.\n\n{site}\n"
        ),
        format!(
            "Hello,\n\nSomeone, probably you, has asked for {what} from {site} by e-mail to {email}.\n\n\
Confirm by opening the link:\n{link}\n\n\
The link works for {hours} hours. If it was not you, or you have changed your mind, do nothing: \
nothing more is sent and the address is deleted when the link expires.\n\n{site}\n"
        ),
    )
}

pub fn subscription_already_subject(site: &str) -> Text {
    Text::new(
        format!("Du prenumererar redan på nyheter från {site}"),
        format!("You already subscribe to news from {site}"),
    )
}

pub fn subscription_already_mail(site: &str, manage: &str, leave: &str) -> Text {
    Text::new(
        format!(
            "Hej!\n\nNågon, troligen du, har bett att få nyheter från {site} till den här adressen, \
som redan prenumererar. Inget har ändrats.\n\n\
Ändra vilka ämnen du får: {manage}\nAvsluta prenumerationen: {leave}\n\n{site}\n"
        ),
        format!(
            "Hello,\n\nSomeone, probably you, has asked for news from {site} to this address, which \
already subscribes. Nothing has changed.\n\n\
Change your topics: {manage}\nUnsubscribe: {leave}\n\n{site}\n"
        ),
    )
}

pub fn subscription_news_foot(site: &str, what: &str) -> Text {
    Text::new(
        format!("Du får det här mejlet för att du prenumererar på {what} från {site}."),
        format!("You get this mail because you subscribe to {what} from {site}."),
    )
}

/// The title of a mail that carries a crisis article's update (the article's own title
/// stays recognisable; the time says which update).
pub fn subscription_update_title(title: &str, when_sv: &str) -> Text {
    Text::new(
        format!("Uppdatering {when_sv}: {title}"),
        format!("Update {when_sv}: {title}"),
    )
}

pub fn subscription_read_more() -> Text {
    Text::new("Läs hela nyheten", "Read the whole article")
}

pub fn subscription_manage_label() -> Text {
    Text::new("Ändra ämnen", "Change topics")
}

pub fn subscription_leave_label() -> Text {
    Text::new("Avsluta prenumerationen", "Unsubscribe")
}

// ---- The receiver's pages ---------------------------------------------------------------------

/// The pages of the subscription address, each a heading and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubscriptionPage {
    /// The request is stored and the confirmation mail is on its way.
    CheckMail { hours: u32 },
    /// The link was followed: the subscription has started.
    Confirmed,
    /// A link that is wrong, used up or expired.
    LinkInvalid { hours: u32 },
    /// Before leaving: one button.
    LeaveQuestion,
    /// Left, everything erased.
    Left,
    /// The topics form.
    Manage,
    /// The topics were changed.
    Saved,
    /// The form had mistakes.
    Invalid,
    /// No mail can be sent now (no SMTP settings or a full queue).
    CannotMail,
    /// Too many requests from one client.
    RateLimited { seconds: u64 },
    /// Not a form post, from another site, or too large.
    Refused,
}

pub fn subscription_page_heading(page: SubscriptionPage) -> Text {
    match page {
        SubscriptionPage::CheckMail { .. } => Text::new("Bekräfta i mejlet", "Confirm in the mail"),
        SubscriptionPage::Confirmed => Text::new("Klart – du prenumererar nu", "Done – you now subscribe"),
        SubscriptionPage::LinkInvalid { .. } => Text::new("Länken gäller inte", "The link does not work"),
        SubscriptionPage::LeaveQuestion => Text::new("Avsluta prenumerationen", "Unsubscribe"),
        SubscriptionPage::Left => Text::new("Prenumerationen är avslutad", "You have unsubscribed"),
        SubscriptionPage::Manage => Text::new("Ändra din prenumeration", "Change your subscription"),
        SubscriptionPage::Saved => Text::new("Ändringen är sparad", "The change is saved"),
        SubscriptionPage::Invalid => Text::new("Prenumerationen skickades inte", "The subscription was not sent"),
        SubscriptionPage::CannotMail => Text::new(
            "Prenumerationen kan inte tas emot just nu",
            "Subscriptions cannot be taken right now",
        ),
        SubscriptionPage::RateLimited { .. } => Text::new("Vänta en stund", "Please wait a moment"),
        SubscriptionPage::Refused => Text::new("Prenumerationen togs inte emot", "The subscription was not received"),
    }
}

pub fn subscription_page_body(page: SubscriptionPage) -> Text {
    match page {
        SubscriptionPage::CheckMail { hours } => Text::new(
            format!(
                "Vi har skickat ett mejl med en länk. Prenumerationen börjar när du öppnat länken. \
Den gäller i {hours} timmar; ser du inget mejl, titta bland skräpposten."
            ),
            format!(
                "We have sent a mail with a link. The subscription starts when you open the link. \
It works for {hours} hours; if you see no mail, look in the spam folder."
            ),
        ),
        SubscriptionPage::Confirmed => Text::new(
            "Du får ett mejl när det kommer en ny nyhet. Varje mejl har en länk för att ändra ämnen eller avsluta.",
            "You get a mail when there is a new article. Every mail has a link to change topics or unsubscribe.",
        ),
        SubscriptionPage::LinkInvalid { hours } => Text::new(
            format!(
                "Länken är fel, redan använd för att avsluta, eller äldre än {hours} timmar. \
Anmäl dig igen på nyhetssidan om du vill prenumerera."
            ),
            format!(
                "The link is wrong, already used to unsubscribe, or older than {hours} hours. \
Subscribe again on the news page if you want to."
            ),
        ),
        SubscriptionPage::LeaveQuestion => Text::new(
            "Vill du sluta få nyheter med e-post? Allt vi sparat om adressen raderas.",
            "Do you want to stop getting news by e-mail? Everything stored about the address is deleted.",
        ),
        SubscriptionPage::Left => Text::new(
            "Du får inga fler mejl från oss. Adressen och allt vi sparat om den är raderat.",
            "You will get no more mail from us. The address and everything stored about it is deleted.",
        ),
        SubscriptionPage::Manage => Text::new(
            "Välj alla nyheter eller de ämnen du vill ha.",
            "Choose all news or the topics you want.",
        ),
        SubscriptionPage::Saved => Text::new(
            "Från och med nu får du nyheter enligt ditt nya val.",
            "From now on you get news as you chose.",
        ),
        SubscriptionPage::Invalid => Text::new(
            "Rätta det som står nedan och skicka igen.",
            "Correct what is said below and send again.",
        ),
        SubscriptionPage::CannotMail => Text::new(
            "Vi kan inte skicka e-post just nu. Försök igen senare.",
            "We cannot send e-mail right now. Please try again later.",
        ),
        SubscriptionPage::RateLimited { seconds } => Text::new(
            format!("Det har kommit många anmälningar från din anslutning. Försök igen om {seconds} sekunder."),
            format!("Many requests came from your connection. Try again in {seconds} seconds."),
        ),
        SubscriptionPage::Refused => Text::new(
            "Anmälan måste skickas med formuläret på nyhetssidan.",
            "The request must be sent with the form on the news page.",
        ),
    }
}

/// The fixed words of the subscription forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubscriptionWord {
    EmailLabel,
    TopicsLegend,
    AllNews,
    Subscribe,
    Save,
    Leave,
    ToNews,
}

pub fn subscription_word(which: SubscriptionWord) -> Text {
    match which {
        SubscriptionWord::EmailLabel => Text::new("Din e-postadress", "Your e-mail address"),
        SubscriptionWord::TopicsLegend => Text::new(
            "Vilka nyheter vill du ha? Välj inget ämne för att få alla.",
            "Which news do you want? Choose no topic to get all.",
        ),
        SubscriptionWord::AllNews => Text::new("Alla nyheter", "All news"),
        SubscriptionWord::Subscribe => Text::new("Prenumerera", "Subscribe"),
        SubscriptionWord::Save => Text::new("Spara", "Save"),
        SubscriptionWord::Leave => Text::new("Avsluta prenumerationen", "Unsubscribe"),
        SubscriptionWord::ToNews => Text::new("Till nyheterna", "To the news"),
    }
}

pub fn subscription_email_invalid() -> Text {
    Text::new(
        "Skriv en e-postadress som namn@exempel.se.",
        "Write an e-mail address like name@example.com.",
    )
}

pub fn subscription_topic_unknown(topic: &str) -> Text {
    Text::new(
        format!("Ämnet ”{topic}” finns inte att prenumerera på."),
        format!("The topic “{topic}” cannot be subscribed to."),
    )
}

// ---- The receiver's log ------------------------------------------------------------------------
// Log lines name subscribers by number, never by address.

pub fn subscriptions_receiving(url: &str) -> Text {
    Text::new(
        format!("subscriptions: tar emot prenumerationer på {url}"),
        format!("subscriptions: receiving subscriptions on {url}"),
    )
}

pub fn subscriptions_no_mail(error: &str) -> Text {
    Text::new(
        format!("`subscriptions.action` är satt, men ingen e-post kan skickas ({error}); anmälningar avvisas"),
        format!("`subscriptions.action` is set, but no mail can be sent ({error}); requests are turned away"),
    )
}

pub fn subscriptions_logged(id: i64, what: SubscriptionEvent) -> Text {
    let (sv, en) = match what {
        SubscriptionEvent::Requested => ("anmäld, väntar på bekräftelse", "requested, awaiting confirmation"),
        SubscriptionEvent::Again => (
            "anmäld igen (prenumererar redan)",
            "requested again (subscribed already)",
        ),
        SubscriptionEvent::Confirmed => ("bekräftad", "confirmed"),
        SubscriptionEvent::Changed => ("ämnen ändrade", "topics changed"),
        SubscriptionEvent::Left => ("avslutad och raderad", "unsubscribed and erased"),
    };
    Text::new(
        format!("subscriptions: prenumerant {id} {sv}"),
        format!("subscriptions: subscriber {id} {en}"),
    )
}

/// What happened to a subscriber, for the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubscriptionEvent {
    Requested,
    Again,
    Confirmed,
    Changed,
    Left,
}

pub fn subscriptions_failed(error: &str) -> Text {
    Text::new(
        format!("subscriptions: fel: {error}"),
        format!("subscriptions: error: {error}"),
    )
}

pub fn subscriptions_mail_failed(id: i64, error: &str) -> Text {
    Text::new(
        format!("subscriptions: mejlet till prenumerant {id} kunde inte skickas: {error}"),
        format!("subscriptions: the mail to subscriber {id} could not be sent: {error}"),
    )
}

pub fn subscriptions_expired(n: usize, hours: u32) -> Text {
    Text::new(
        format!(
            "subscriptions: raderade {} som inte bekräftats på {hours} timmar",
            count(n, "anmälan", "anmälningar")
        ),
        format!(
            "subscriptions: deleted {} not confirmed within {hours} hours",
            count(n, "request", "requests")
        ),
    )
}

// ---- `notis subscriptions …` ---------------------------------------------------------------------

pub fn subscriptions_no_action(base_url: &str) -> Message {
    Message::new(
        "subscriptions-no-action",
        "site.yaml har ingen `subscriptions.action`, så det finns inga prenumerationer",
        "site.yaml has no `subscriptions.action`, so there are no subscriptions",
    )
    .help(
        format!("lägg till `subscriptions:` med `action: {base_url}/prenumerera/`"),
        format!("add `subscriptions:` with `action: {base_url}/prenumerera/`"),
    )
}

pub fn subscriptions_smtp_missing(error: &str) -> Message {
    Message::new(
        "subscriptions-no-smtp",
        format!("ingen e-post kan skickas: {error}"),
        format!("no mail can be sent: {error}"),
    )
    .help(
        "sätt NOTIS_SMTP_HOST (och vid behov NOTIS_SMTP_PORT, NOTIS_SMTP_USER, NOTIS_SMTP_PASSWORD, NOTIS_SMTP_TLS, NOTIS_SMTP_FROM), se docs/feedback.md",
        "set NOTIS_SMTP_HOST (and if needed NOTIS_SMTP_PORT, NOTIS_SMTP_USER, NOTIS_SMTP_PASSWORD, NOTIS_SMTP_TLS, NOTIS_SMTP_FROM), see docs/feedback.md",
    )
}

pub fn subscriptions_new_articles(n: usize) -> Text {
    Text::new(
        format!("{} sedan förra utskicket", count(n, "ny nyhet", "nya nyheter")),
        format!("{} since the last send", count(n, "new article", "new articles")),
    )
}

pub fn subscriptions_first_send(n: usize) -> Text {
    Text::new(
        format!(
            "första utskicket: {} som redan fanns skickas inte; nyheter härefter gör det",
            count(n, "nyhet", "nyheter")
        ),
        format!(
            "first send: {} already on the site are not mailed; articles from now on are",
            count(n, "article", "articles")
        ),
    )
}

pub fn subscriptions_released(n: usize) -> Text {
    Text::new(
        format!("{} från ett avbrutet utskick skickas nu", count(n, "mejl", "mejl")),
        format!("{} of an interrupted send are sent now", count(n, "mail", "mails")),
    )
}

pub fn subscriptions_sent(sent: usize, refused: usize) -> Text {
    Text::new(
        format!(
            "skickade {}{}",
            count(sent, "mejl", "mejl"),
            if refused > 0 {
                format!(
                    ", {} av e-postservern",
                    count(refused, "adress avvisades", "adresser avvisades")
                )
            } else {
                String::new()
            }
        ),
        format!(
            "sent {}{}",
            count(sent, "mail", "mails"),
            if refused > 0 {
                format!(
                    ", {} by the mail server",
                    count(refused, "address refused", "addresses refused")
                )
            } else {
                String::new()
            }
        ),
    )
}

pub fn subscriptions_refused_address(id: i64, error: &str) -> Text {
    Text::new(
        format!("e-postservern avvisade adressen för prenumerant {id} ({error}); den får inte den här nyheten"),
        format!("the mail server refused the address of subscriber {id} ({error}); it does not get this article"),
    )
}

pub fn subscriptions_deferred(id: i64, error: &str) -> Text {
    Text::new(
        format!("e-postservern bad att vänta med mejlet till prenumerant {id} ({error}); det skickas nästa gång"),
        format!("the mail server asked to wait with the mail to subscriber {id} ({error}); it is sent next time"),
    )
}

pub fn subscriptions_deferred_total(n: usize) -> Text {
    Text::new(
        format!(
            "{} fick vänta; kör `notis subscriptions send` igen senare så skickas de",
            count(n, "mejl", "mejl")
        ),
        format!(
            "{} had to wait; run `notis subscriptions send` again later to send them",
            count(n, "mail", "mails")
        ),
    )
}

pub fn subscriptions_send_stopped(sent: usize, error: &str) -> Message {
    Message::new(
        "subscriptions-send-stopped",
        format!("utskicket avbröts efter {}: {error}", count(sent, "mejl", "mejl")),
        format!("the send stopped after {}: {error}", count(sent, "mail", "mails")),
    )
    .help(
        "kör `notis subscriptions send` igen när e-postservern svarar; inget skickas två gånger",
        "run `notis subscriptions send` again when the mail server answers; nothing is sent twice",
    )
}

pub fn subscriptions_erased(email: &str, deliveries: usize) -> Text {
    Text::new(
        format!(
            "raderade allt om {email}: prenumerationen, dess ämnen och {}",
            count(deliveries, "uppgift om ett skickat mejl", "uppgifter om skickade mejl")
        ),
        format!(
            "erased everything about {email}: the subscription, its topics and {}",
            count(deliveries, "record of a sent mail", "records of sent mails")
        ),
    )
}

pub fn subscriptions_not_found(email: &str) -> Text {
    Text::new(
        format!("inget finns sparat om {email}"),
        format!("nothing is stored about {email}"),
    )
}

pub fn subscriptions_totals(confirmed: usize, pending: usize) -> Text {
    Text::new(
        format!(
            "{} ({} väntar på bekräftelse)",
            count(confirmed, "prenumerant", "prenumeranter"),
            pending
        ),
        format!(
            "{} ({} awaiting confirmation)",
            count(confirmed, "subscriber", "subscribers"),
            pending
        ),
    )
}

pub fn subscriptions_table_header() -> Text {
    Text::new("nr  adress  status  ämnen  sedan", "no  address  status  topics  since")
}

pub fn subscriptions_status(confirmed: bool) -> Text {
    if confirmed {
        Text::new("bekräftad", "confirmed")
    } else {
        Text::new("obekräftad", "unconfirmed")
    }
}

pub fn subscriptions_exported(n: usize) -> Text {
    Text::new(
        format!("exporterade {}", count(n, "prenumerant", "prenumeranter")),
        format!("exported {}", count(n, "subscriber", "subscribers")),
    )
}
