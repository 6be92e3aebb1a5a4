//! Issue 30: several municipalities from one repository (sites.yaml), over the sample in
//! examples/flera-kommuner: Mora, Orsa and Älvdalen sharing the seed crisis article, a
//! Mora-only article, an Orsa override and an article narrowed with `sites:`.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use crate::common::*;

const SEED: &str = "nyheter/storningar-hos-kommunernas-it-system/index.html";
const MORA_ONLY: &str = "vasaloppsveckan-paverkar-trafiken-i-mora";
const NARROWED: &str = "gemensam-bygglovsenhet-i-mora-och-orsa";
const OVERRIDDEN: &str = "nyheter/eldningsforbud-i-hela-dalarnas-lan/index.html";
const SITES: [&str; 3] = ["mora", "orsa", "alvdalen"];

fn sample() -> TestSite {
    let site = TestSite::example("flera-kommuner");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    site
}

/// Every file of one site's output, as text where it is text.
fn all_text(dir: &Path) -> String {
    snapshot_tree(dir)
        .into_iter()
        .filter(|(p, _)| !p.starts_with("pagefind"))
        .map(|(p, bytes)| format!("{p}\n{}", String::from_utf8_lossy(&bytes)))
        .collect()
}

/// The addresses in a site's search index (Pagefind's gzipped fragments).
fn indexed_urls(dir: &Path) -> BTreeSet<String> {
    let mut urls = BTreeSet::new();
    for entry in std::fs::read_dir(dir.join("pagefind/fragment")).unwrap().flatten() {
        let mut text = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(entry.path()).unwrap())
            .read_to_string(&mut text)
            .unwrap();
        let fragment: serde_json::Value = serde_json::from_str(text.trim_start_matches("pagefind_dcd")).unwrap();
        urls.insert(fragment["url"].as_str().unwrap().to_string());
    }
    urls
}

#[test]
fn each_site_is_built_into_its_own_folder_with_its_own_organisation() {
    let site = sample();
    for (name, org, phone) in [
        ("mora", "Mora kommun", "0250-260 00"),
        ("orsa", "Orsa kommun", "0250-55 21 00"),
        ("alvdalen", "Älvdalens kommun", "0251-310 00"),
    ] {
        // The shared seed article, in each site's own frame.
        let page = site.html(&format!("{name}/{SEED}"));
        let footer = texts(&page, "footer").join(" ");
        assert!(footer.contains(org) && footer.contains(phone), "{name}: {footer}");
        for other in SITES.iter().filter(|o| **o != name) {
            assert!(!site.exists(&format!("{name}/{other}")), "{name} holds {other}");
        }
        // Share links and the feedback form speak of this site's own copy.
        let own = format!("https://www.{name}.se/nyheter/storningar-hos-kommunernas-it-system/");
        assert_eq!(attrs(&page, "input[name=page_url]", "value")[0], own, "{name}");
        let encoded = own.replace(':', "%3A").replace('/', "%2F");
        let linkedin = attrs(&page, "a.share__link--linkedin", "href");
        assert!(
            linkedin[0].ends_with(&format!("?url={encoded}")),
            "{name}: {linkedin:?}"
        );
    }
    assert!(!site.exists("index.html"), "nothing at the top of public/");
}

#[test]
fn nothing_of_one_site_appears_in_another() {
    let site = sample();
    let mora = all_text(&site.public().join("mora"));
    assert!(mora.contains(MORA_ONLY));
    for name in ["orsa", "alvdalen"] {
        let text = all_text(&site.public().join(name));
        assert!(!text.contains(MORA_ONLY), "{name} mentions the Mora-only article");
        assert!(
            !text.contains("Vasaloppsveckan"),
            "{name} mentions the Mora-only article"
        );
        assert!(
            !indexed_urls(&site.public().join(name))
                .iter()
                .any(|u| u.contains(MORA_ONLY))
        );
    }
    let search = indexed_urls(&site.public().join("mora"));
    assert!(search.contains(&format!("/nyheter/{MORA_ONLY}/")), "{search:?}");
    // Listings, feeds and sitemap of each site list what it publishes, no more.
    for (name, count) in [("mora", 4), ("orsa", 3), ("alvdalen", 2)] {
        let listing = site.html(&format!("{name}/nyheter/index.html"));
        let links = attrs(&listing, "main a", "href");
        assert_eq!(
            links.iter().any(|h| h.contains(MORA_ONLY)),
            name == "mora",
            "{name}: {links:?}"
        );
        assert_eq!(
            links.iter().any(|h| h.contains(NARROWED)),
            name != "alvdalen",
            "{name}: {links:?}"
        );
        let feed = site.read(&format!("{name}/atom.xml"));
        assert_eq!(feed.matches("<entry>").count(), count, "{name} feed");
        let sitemap = site.read(&format!("{name}/sitemap.xml"));
        assert_eq!(sitemap.contains(MORA_ONLY), name == "mora", "{name} sitemap");
        assert!(
            sitemap.contains(&format!("https://www.{name}.se/")),
            "{name} sitemap is its own"
        );
    }
}

#[test]
fn sites_narrows_a_shared_article_and_canonical_names_the_copy_to_index() {
    let site = sample();
    assert!(site.exists(&format!("mora/nyheter/{NARROWED}/index.html")));
    assert!(site.exists(&format!("orsa/nyheter/{NARROWED}/index.html")));
    assert!(!site.exists(&format!("alvdalen/nyheter/{NARROWED}/index.html")));
    assert!(!all_text(&site.public().join("alvdalen")).contains(NARROWED));
    let canonical = |rel: &str| attrs(&site.html(rel), "link[rel=canonical]", "href");
    // `canonical: orsa`: Mora's copy points to Orsa's.
    let orsa_copy = format!("https://www.orsa.se/nyheter/{NARROWED}/");
    assert_eq!(
        canonical(&format!("mora/nyheter/{NARROWED}/index.html")),
        [orsa_copy.as_str()]
    );
    assert_eq!(
        canonical(&format!("orsa/nyheter/{NARROWED}/index.html")),
        [orsa_copy.as_str()]
    );
    // No `canonical:`: the first site of sites.yaml, Mora.
    let mora_copy = "https://www.mora.se/nyheter/storningar-hos-kommunernas-it-system/";
    for name in SITES {
        assert_eq!(canonical(&format!("{name}/{SEED}")), [mora_copy], "{name}");
    }
    // Sitemaps list the canonical copies only.
    let sitemap = |name: &str| site.read(&format!("{name}/sitemap.xml"));
    assert!(sitemap("mora").contains("https://www.mora.se/nyheter/storningar-hos-kommunernas-it-system/"));
    for name in ["orsa", "alvdalen"] {
        assert!(
            !sitemap(name).contains("storningar-hos-kommunernas-it-system"),
            "{name}"
        );
    }
    assert!(!sitemap("mora").contains(NARROWED));
    assert!(sitemap("orsa").contains(&format!("https://www.orsa.se/nyheter/{NARROWED}/")));
    // An override is the site's own article: it is its own canonical copy.
    assert_eq!(
        canonical(&format!("orsa/{OVERRIDDEN}")),
        ["https://www.orsa.se/nyheter/eldningsforbud-i-hela-dalarnas-lan/"]
    );
}

#[test]
fn a_sites_own_file_replaces_the_shared_one_for_that_site_only_and_is_listed() {
    let site = TestSite::example("flera-kommuner");
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.read(&format!("orsa/{OVERRIDDEN}")).contains("Orsa camping"));
    for name in ["mora", "alvdalen"] {
        assert!(
            !site.read(&format!("{name}/{OVERRIDDEN}")).contains("Orsa camping"),
            "{name}"
        );
    }
    assert!(
        run.stdout.contains(
            "orsa: sites/orsa/content/nyheter/2021-07-08-eldningsforbud-i-hela-dalarnas-lan.md ersätter den delade content/nyheter/2021-07-08-eldningsforbud-i-hela-dalarnas-lan.md"
        ),
        "{}",
        run.stdout
    );
    // Älvdalen's own facts replace the shared ones on its pages only.
    assert!(all_text(&site.public().join("alvdalen")).contains("Älvdalska"));
    assert!(!all_text(&site.public().join("mora")).contains("Älvdalska"));
    assert!(
        run.stdout
            .contains("alvdalen: sites/alvdalen/content/visste-du-att.yaml ersätter")
    );
}

#[test]
fn which_says_per_site_which_file_is_used_and_why() {
    let site = TestSite::example("flera-kommuner");
    let run = site.notis(&[
        "which",
        "content/nyheter/2021-07-08-eldningsforbud-i-hela-dalarnas-lan.md",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.lines().collect::<Vec<_>>(),
        [
            "mora: content/nyheter/2021-07-08-eldningsforbud-i-hela-dalarnas-lan.md (delad)",
            "orsa: sites/orsa/content/nyheter/2021-07-08-eldningsforbud-i-hela-dalarnas-lan.md (egen version, ersätter den delade)",
            "alvdalen: content/nyheter/2021-07-08-eldningsforbud-i-hela-dalarnas-lan.md (delad)",
        ]
    );
    let narrowed = format!("content/nyheter/2018-04-20-{NARROWED}.md");
    let run = site.notis(&["which", &narrowed, "--site", "alvdalen"]);
    assert_eq!(
        run.stdout.trim(),
        format!("alvdalen: publiceras inte – `sites:` i {narrowed} utesluter webbplatsen")
    );
    let run = site.notis(&[
        "which",
        "sites/mora/content/nyheter/2026-02-24-vasaloppsveckan-paverkar-trafiken-i-mora.md",
        "--site",
        "mora",
    ]);
    assert_eq!(
        run.stdout.trim(),
        "mora: sites/mora/content/nyheter/2026-02-24-vasaloppsveckan-paverkar-trafiken-i-mora.md (egen fil, bara den här webbplatsen)"
    );
    let run = site.notis(&["which", "content/sidor/kakor.md", "--site", "ora"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("menade du `orsa`?"), "{}", run.stderr);
    // A folder is not an answerable question: Mora has files of its own in it, the shared
    // folder others, and "egen version" for the folder would be wrong for most of them.
    let run = site.notis(&["which", "content/nyheter/"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(run.stderr.contains("det här är en mapp"), "{}", run.stderr);
}

/// The file of a site's search extraction cache that holds the page at `url`.
fn extraction_of(site: &TestSite, name: &str, url: &str) -> std::fs::Metadata {
    let folder = site.public().join(format!(".{name}.notis-cache/pagefind-pages"));
    let mut found = std::fs::read_dir(&folder)
        .unwrap()
        .flatten()
        .filter(|e| {
            let bytes = std::fs::read(e.path()).unwrap();
            bytes.windows(url.len()).any(|w| w == url.as_bytes())
        })
        .map(|e| e.metadata().unwrap())
        .collect::<Vec<_>>();
    assert_eq!(found.len(), 1, "{name}: one entry for {url}");
    found.remove(0)
}

#[test]
fn a_shared_article_is_extracted_for_search_once_and_an_own_version_on_its_own() {
    use std::os::unix::fs::MetadataExt;
    let site = sample();
    // The sites' pages differ in their header, sidebar and footer, which search leaves
    // out: the seed article's extraction is one file, made for Mora and linked in by the others.
    let seed = "/nyheter/storningar-hos-kommunernas-it-system/";
    let inodes: Vec<u64> = SITES.iter().map(|n| extraction_of(&site, n, seed).ino()).collect();
    assert!(inodes.iter().all(|i| *i == inodes[0]), "{inodes:?}");
    // Orsa's own version of an article is extracted for Orsa.
    let overridden = "/nyheter/eldningsforbud-i-hela-dalarnas-lan/";
    let [mora, orsa, alvdalen] = SITES.map(|n| extraction_of(&site, n, overridden).ino());
    assert_eq!(mora, alvdalen);
    assert_ne!(mora, orsa);
    assert!(indexed_urls(&site.public().join("orsa")).contains(overridden));
}

#[test]
fn a_photo_the_sites_share_is_resized_once_and_each_site_publishes_it() {
    use std::os::unix::fs::MetadataExt;
    let site = TestSite::example("flera-kommuner");
    std::fs::create_dir_all(site.root().join("static/bilder")).unwrap();
    std::fs::write(
        site.root().join("static/bilder/serverhall.jpg"),
        crate::images::small_jpeg(1600, 1000),
    )
    .unwrap();
    let seed = "content/nyheter/2018-04-24-storningar-hos-kommunernas-it-system.md";
    let text = std::fs::read_to_string(site.root().join(seed)).unwrap();
    site.write(
        seed,
        &text.replacen(
            "share:",
            "image:\n  src: /bilder/serverhall.jpg\n  alt: Serverhallen\nshare:",
            1,
        ),
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}\n{}", run.stdout, run.stderr);
    let variants = |name: &str| -> Vec<(String, u64)> {
        let folder = site.public().join(format!(".{name}.notis-cache/images"));
        let mut found: Vec<(String, u64)> = std::fs::read_dir(folder)
            .unwrap()
            .flatten()
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    e.metadata().unwrap().ino(),
                )
            })
            .collect();
        found.sort();
        found
    };
    let mora = variants("mora");
    assert!(mora.len() >= 2, "{mora:?}");
    for name in ["orsa", "alvdalen"] {
        assert_eq!(variants(name), mora, "{name}'s variants are Mora's files");
        let page = site.read(&format!("{name}/{SEED}"));
        let src = page.split("<img src=\"").nth(1).unwrap().split('"').next().unwrap();
        assert!(
            site.public().join(name).join(src.trim_start_matches('/')).is_file(),
            "{name}: {src}"
        );
    }
}

#[test]
fn one_site_alone_is_byte_identical_to_the_same_site_in_the_full_build() {
    let site = sample();
    let alone = crate::common::scratch();
    let out = alone.path().display().to_string();
    for name in SITES {
        let run = site.build(&["--site", name, "--output", &out]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_same_tree(&site.public().join(name), &alone.path().join(name));
    }
}

#[test]
fn a_one_site_repository_builds_the_files_a_single_site_folder_gives() {
    // The shared sample as the only site's shared files, its site.yaml in sites/mora/.
    let repo = TestSite::sample();
    let root = repo.root();
    std::fs::create_dir_all(root.join("sites/mora")).unwrap();
    std::fs::rename(root.join("site.yaml"), root.join("sites/mora/site.yaml")).unwrap();
    // An own page over a shared one, made the same way in the single-site copy.
    repo.write(
        "sites/mora/content/sidor/kakor.md",
        "---\ntitle: Kakor\n---\n\nInga kakor här.\n",
    );
    repo.write("sites.yaml", "sites:\n  mora: {}\n");
    let run = repo.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let single = TestSite::sample();
    single.write("content/sidor/kakor.md", "---\ntitle: Kakor\n---\n\nInga kakor här.\n");
    single.build_ok();
    // The cache record names its output folder; everything published is the same.
    let published = |dir: &Path| {
        snapshot_tree(dir)
            .into_iter()
            .filter(|(p, _)| p != ".notis-output")
            .collect::<Vec<_>>()
    };
    let (a, b) = (published(&repo.public().join("mora")), published(&single.public()));
    assert_eq!(
        a.iter().map(|(p, _)| p).collect::<Vec<_>>(),
        b.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );
    let differing: Vec<&String> = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x.1 != y.1)
        .map(|(x, _)| &x.0)
        .collect();
    assert!(differing.is_empty(), "{differing:?}");
}

#[test]
fn a_misspelt_site_name_is_an_error_with_a_suggestion_reported_once() {
    let site = TestSite::example("flera-kommuner");
    let file = "content/nyheter/2018-04-20-gemensam-bygglovsenhet-i-mora-och-orsa.md";
    let text = std::fs::read_to_string(site.root().join(file)).unwrap();
    site.write(file, &text.replace("sites: [mora, orsa]", "sites: [mora, ora]"));
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(&format!(
            "{file}:6:15: sites: nämner webbplatsen `ora`, som inte finns i sites.yaml"
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("menade du `orsa`?"));
    assert_eq!(run.stderr.matches("`ora`").count(), 1, "{}", run.stderr);
    assert!(!site.public().exists(), "nothing written");

    let run = TestSite::example("flera-kommuner").build(&["--site", "älvdalen"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("menade du `alvdalen`?"), "{}", run.stderr);
}

#[test]
fn an_error_in_one_site_names_it_and_one_in_a_shared_file_is_reported_once() {
    let site = TestSite::example("flera-kommuner");
    // Orsa's own article links to an address only Mora has.
    site.write(
        "sites/orsa/content/nyheter/2026-03-01-egen.md",
        "---\ntitle: Egen\ndate: 2026-03-01\n---\n\nSe [Vasaloppet](/nyheter/vasaloppsveckan-paverkar-trafiken-i-mora/).\n",
    );
    // A shared article with a date that is none.
    site.write(
        "content/nyheter/trasig.md",
        "---\ntitle: Trasig\ndate: 2026-13-45\n---\n\nText.\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("sites/orsa/content/nyheter/2026-03-01-egen.md:6:4: i webbplatsen orsa: länken till"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("content/nyheter/trasig.md:3:7:").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("i webbplatsen mora"), "{}", run.stderr);

    let en = site.notis(&["build", "--now", SAMPLE_NOW, "--lang", "en"]);
    assert!(en.stderr.contains("in the site orsa: "), "{}", en.stderr);
}

#[test]
fn sites_and_canonical_without_sites_yaml_are_errors() {
    let site = TestSite::sample();
    site.write(
        "content/nyheter/delad.md",
        "---\ntitle: Delad\ndate: 2026-03-01\nsites: [mora]\ncanonical: mora\n---\n\nText.\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("content/nyheter/delad.md:4:9: `sites:` gäller bara i ett förråd med flera webbplatser"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/nyheter/delad.md:5:12: `canonical:` gäller bara")
    );
    let run = TestSite::sample().build(&["--site", "mora"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("--site gäller bara i ett förråd med flera webbplatser"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_sites_own_file_may_not_target_other_sites() {
    let site = TestSite::example("flera-kommuner");
    site.write(
        "sites/orsa/content/nyheter/egen.md",
        "---\ntitle: Egen\ndate: 2026-03-01\ncanonical: mora\n---\n\nText.\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "sites/orsa/content/nyheter/egen.md:4:12: i webbplatsen orsa: `canonical:` gäller bara delade filer"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_broken_sites_yaml_or_missing_site_folder_is_explained() {
    let site = TestSite::example("flera-kommuner");
    site.write("sites.yaml", "sites:\n  mora: {}\n  rattvik: {}\n  orsa: {pth: x}\n");
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("sites.yaml:4:10: okänd nyckel `pth`"),
        "{}",
        run.stderr
    );
    site.write("sites.yaml", "sites:\n  mora: {}\n  rattvik: {}\n");
    let run = site.build(&[]);
    assert!(
        run.stderr
            .contains("sites.yaml:3:3: webbplatsen rattvik har ingen sites/rattvik/site.yaml"),
        "{}",
        run.stderr
    );
    site.write("site.yaml", "title: x\n");
    let run = site.build(&[]);
    assert!(run.stderr.contains("både site.yaml och sites.yaml"), "{}", run.stderr);
}

#[test]
fn output_option_puts_each_site_in_its_own_subfolder() {
    let site = TestSite::example("flera-kommuner");
    let out = crate::common::scratch();
    let run = site.build(&["--output", &out.path().display().to_string()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for name in SITES {
        assert!(out.path().join(name).join("index.html").exists(), "{name}");
    }
    assert!(!site.public().exists());
}

#[test]
fn check_at_the_root_checks_every_site() {
    let site = TestSite::example("flera-kommuner");
    let run = site.notis(&["check", "--now", SAMPLE_NOW]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site.write(
        "sites/alvdalen/content/nyheter/a.md",
        "---\ntitle: A\ndate: 2026-03-01\n---\n\n[x](/nyheter/saknas/)\n",
    );
    let run = site.notis(&["check", "--now", SAMPLE_NOW, "--site", "alvdalen"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("i webbplatsen alvdalen:"), "{}", run.stderr);
}

#[test]
fn commands_for_one_site_say_what_to_do_at_a_multi_site_root() {
    let site = TestSite::example("flera-kommuner");
    let run = site.notis(&["list"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("förråd med flera webbplatser"), "{}", run.stderr);
}

/// A site's folder that is a link out of the repository is not read: a CI builds whatever
/// a contributor pushes.
#[cfg(unix)]
#[test]
fn a_site_folder_linked_out_of_the_repository_is_refused() {
    let site = TestSite::example("flera-kommuner");
    let outside = crate::common::scratch();
    copy_dir(&site.root().join("sites/orsa"), outside.path());
    std::fs::write(
        outside.path().join("content/sidor/hemlig.md"),
        "---\ntitle: Hemlig\n---\n\nTOKEN\n",
    )
    .unwrap();
    std::fs::remove_dir_all(site.root().join("sites/orsa")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.root().join("sites/orsa")).unwrap();
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.contains("sites/orsa"), "{}", run.stderr);
    assert!(!site.public().exists());
    assert!(!run.stdout.contains("TOKEN") && !run.stderr.contains("TOKEN"));
}
