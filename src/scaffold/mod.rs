//! scaffold: `notis new` (an article skeleton), `notis init` (a new site that builds) and
//! `notis update` (a timestamped update added to an article, in `update`).
//!
//! The texts are pure functions of their inputs; only `write_new` and `write_init`
//! touch the disk, and neither overwrites anything without being told to.

pub mod update;

use crate::content::document::shorten_slug;
use crate::diag::messages::{self, Text};
use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

/// The front matter skeleton of a new article, with Swedish comments on every key.
pub fn article_skeleton(title: &str, date: NaiveDate) -> String {
    // A serialiser, never hand escaping: a title may hold `"`, `\`, a tab, `: ` or `#`.
    let title_line = serde_saphyr::to_string(&std::collections::BTreeMap::from([("title", title)]))
        .unwrap_or_else(|_| format!("title: {}\n", serde_json::Value::from(title)));
    let title_line = title_line.trim_end();
    format!(
        r#"---
{title_line}
date: {date}
# Ingress: en eller två meningar som sammanfattar nyheten. Tom: första stycket används.
summary:
# Ämnen, t.ex. [Trafik, Skola]. Varje ämne får en egen sida och ett eget flöde.
tags: []
# Kontaktpersoner i rutan "Kontaktinformation". Ta bort #-tecknen för att använda.
# contacts:
#   - name: Förnamn Efternamn
#     role: Titel
#     phone: 0123-45 67 00
#     email: fornamn.efternamn@example.se
# "Dela med andra": true (webbplatsens val), false, eller en lista som [facebook, email].
share: true
# "Kommentera sidan": false döljer formuläret för den här nyheten.
feedback: true
# Bild överst i nyheten. Lägg bilden i static/bilder/ och skriv adressen med / först:
# static/bilder/exempel.jpg skrivs /bilder/exempel.jpg. Använd JPEG eller PNG, inte HEIC.
# alt beskriver vad bilden visar, för den som inte kan se den (måste finnas).
# image:
#   src: /bilder/exempel.jpg
#   alt: Vad bilden visar
# Publicera vid en viss tid (svensk tid), och ta bort nyheten från webbplatsen vid en annan.
# publish: 2027-01-15 08:00
# expires: 2027-02-01
# Viktigt meddelande, t.ex. en driftstörning: rutan "Viktig information" överst på
# alla sidor länkar hit. alert: true, eller med en kort text och en sluttid:
# alert:
#   text: Vattnet är avstängt på Storgatan till kl. 16.
#   until: 2027-01-15 16:00
---
Skriv nyheten här. En tom rad mellan styckena.
"#
    )
}

/// The skeleton of a crisis article: dated to the minute, `crisis: true`, an empty
/// `updates:` list for `notis update`, and the alert comment replaced by how a crisis ends.
pub fn crisis_skeleton(title: &str, at: &crate::text::dates::Moment, path: &str) -> String {
    let skeleton = article_skeleton(title, at.date_naive());
    let alert = skeleton.find("# Viktigt meddelande").unwrap_or(skeleton.len());
    let end = skeleton[alert..].find("---\n").map_or(skeleton.len(), |i| alert + i);
    let crisis = format!(
        r#"# Kris: en röd ruta överst på alla sidor länkar hit, startsidan börjar med krisen och
# den finns på krissidan (/kris/). När krisen är över, skriv när den tog slut:
# crisis:
#   until: {example}
crisis: true
# Uppdateringar med tid, nyast visas först. Lägg till en med kommandot
#   notis update {path} "Vad som har hänt."
# eller skriv en rad "- at: ÅÅÅÅ-MM-DD TT:MM" och en rad "text: …" under updates:.
updates: []
"#,
        example = update::at_text(at),
        path = path.replace('\n', " "),
    );
    let mut out = String::with_capacity(skeleton.len() + crisis.len());
    out.push_str(&skeleton[..alert]);
    out.push_str(&crisis);
    out.push_str(&skeleton[end..]);
    out.replacen(
        &format!("date: {}", at.date_naive()),
        &format!("date: {}", update::at_text(at)),
        1,
    )
    .replacen(
        "Skriv nyheten här. En tom rad mellan styckena.",
        "Skriv vad som har hänt, vad det betyder för invånarna och vad de ska göra. En tom rad mellan styckena.",
        1,
    )
}

/// `content/{news_path}/YYYY-MM-DD-slug.md` for a title.
pub fn article_path(news_path: &str, title: &str, date: NaiveDate) -> String {
    format!("content/{news_path}/{date}-{}.md", shorten_slug(&slug::slugify(title)))
}

/// Writes a new article (a crisis article when `crisis` holds its moment); refuses to
/// overwrite. Returns the path written.
pub fn write_new(
    root: &Path,
    news_path: &str,
    title: &str,
    date: NaiveDate,
    crisis: Option<&crate::text::dates::Moment>,
) -> Result<PathBuf, Text> {
    if slug::slugify(title).is_empty() {
        return Err(messages::new_title_without_letters());
    }
    let rel = article_path(news_path, title, date);
    let path = root.join(&rel);
    if path.exists() {
        return Err(messages::new_file_exists(&rel));
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).map_err(|e| messages::new_cannot_write(&dir.display().to_string(), &e))?;
    }
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| {
            let text = match crisis {
                Some(at) => crisis_skeleton(title, at, &rel),
                None => article_skeleton(title, date),
            };
            std::io::Write::write_all(&mut f, text.as_bytes())
        })
        .map_err(|e| messages::new_cannot_write(&rel, &e))?;
    Ok(path)
}

/// The files of a new site, by path relative to its folder.
pub fn init_files(date: NaiveDate) -> Vec<(String, String)> {
    let d = |s: &str| s.replace("{{DATE}}", &date.to_string());
    vec![
        (crate::config::CONFIG_FILE.into(), include_str!("site.yaml").into()),
        (
            format!("content/nyheter/{date}-valkommen-till-nyhetsarkivet.md"),
            d(include_str!("article.md")),
        ),
        ("content/visste-du-att.yaml".into(), include_str!("facts.yaml").into()),
        (
            "content/sidor/tillganglighetsredogorelse.md".into(),
            d(include_str!("tillganglighet.md")),
        ),
        ("content/sidor/kakor.md".into(), d(include_str!("kakor.md"))),
        (
            "templates/README.md".into(),
            include_str!("overrides-templates.md").into(),
        ),
        ("theme/README.md".into(), include_str!("overrides-theme.md").into()),
        ("static/.gitkeep".into(), String::new()),
        (".gitignore".into(), "/public\n/.public.notis-*\n".into()),
    ]
}

/// Creates a new site in `dir`; refuses a non-empty folder unless `force`.
pub fn write_init(dir: &Path, date: NaiveDate, force: bool) -> Result<Vec<String>, Text> {
    if let Ok(mut entries) = fs::read_dir(dir)
        && entries.next().is_some()
        && !force
    {
        return Err(messages::init_not_empty(&dir.display().to_string()));
    }
    let mut written = Vec::new();
    for (rel, text) in init_files(date) {
        let path = dir.join(&rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| messages::init_cannot_create(&parent.display().to_string(), &e))?;
        }
        fs::write(&path, text).map_err(|e| messages::new_cannot_write(&path.display().to_string(), &e))?;
        written.push(rel);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_path_is_dated_and_slugged() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert_eq!(
            article_path("nyheter", "Nytt i Älvdalen: öppet hus", date),
            "content/nyheter/2026-11-26-nytt-i-alvdalen-oppet-hus.md"
        );
    }

    #[test]
    fn the_crisis_skeleton_is_a_crisis_dated_to_the_minute() {
        let at = crate::text::dates::parse_moment("2018-04-24 08:15").unwrap();
        let text = crisis_skeleton(
            "Störningar hos kommunernas IT-system",
            &at,
            "content/nyheter/2018-04-24-storningar.md",
        );
        assert!(
            text.contains("#   notis update content/nyheter/2018-04-24-storningar.md \"Vad"),
            "{text}"
        );
        let file = crate::content::SourceFile {
            path: "content/nyheter/x.md".into(),
            bytes: text.clone().into_bytes(),
        };
        let doc = crate::content::parse_document(&file, crate::content::DocumentKind::Article)
            .unwrap_or_else(|e| panic!("{e:?}\n{text}"));
        assert_eq!(doc.crisis, Some(crate::content::document::CrisisSpec { until: None }));
        assert_eq!(doc.date, Some(at));
        assert!(doc.updates.is_empty());
        assert!(!text.contains("alert:"), "{text}");
        let with_update = update::add_update(&text, &at, "Telefonin fungerar igen.").unwrap();
        let file = crate::content::SourceFile {
            path: "content/nyheter/x.md".into(),
            bytes: with_update.into_bytes(),
        };
        let doc = crate::content::parse_document(&file, crate::content::DocumentKind::Article).unwrap();
        assert_eq!(doc.updates.len(), 1);
    }

    #[test]
    fn skeleton_parses_as_an_article() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        // Issue 13: every title comes back as written (the old hand escaping broke on `\`).
        for title in [
            "Säg \"hej\"",
            "Sökväg C:\\temp",
            "Sökväg C:\\",
            "Tab\there",
            "Fråga: svar # inte kommentar",
            "- [lista] & {karta} *stjärna* !tagg %procent @snabel `fnutt`",
            "'enkla' och \"dubbla\"",
            "yes",
            "2024-01-01",
            "null",
        ] {
            let file = crate::content::SourceFile {
                path: "content/nyheter/x.md".into(),
                bytes: article_skeleton(title, date).into_bytes(),
            };
            let doc = crate::content::parse_document(&file, crate::content::DocumentKind::Article)
                .unwrap_or_else(|e| panic!("{title}: {e:?}\n{}", article_skeleton(title, date)));
            assert_eq!(doc.title, title);
            assert!(doc.feedback);
        }
    }
}
