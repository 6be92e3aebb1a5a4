//! Issue 17, items 1–4 and 7: a photo from a phone (4000×3000, EXIF orientation 6, GPS
//! position) becomes upright, metadata-free, right-sized variants with srcset, in the page,
//! the listing and the share preview; a text edit does not re-encode it.

use std::path::{Path, PathBuf};

use crate::common::*;

/// A 4000×3000 JPEG as a phone stores a portrait photo: sideways, with EXIF orientation 6
/// ("turn 90° clockwise"), the phone's make and model and a GPS position. Stored left half
/// red, right half blue, so upright the top is red and the bottom blue. Gradients and a
/// little sensor noise make it compress like a photo (several MB at the phone's quality).
/// Made once per test run.
pub fn phone_photo() -> Vec<u8> {
    static PHOTO: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    PHOTO
        .get_or_init(|| {
            let (w, h) = (4000u32, 3000u32);
            let mut seed = 12345u32;
            let mut rgb = Vec::with_capacity(w as usize * h as usize * 3);
            for y in 0..h {
                for x in 0..w {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
                    let n = ((seed >> 16) % 12) as u8;
                    let g = ((x % 1000) / 25 + y / 75) as u8;
                    rgb.extend(if x < w / 2 {
                        [170 + g / 2 + n, 20 + g + n, 20 + n]
                    } else {
                        [20 + n, 20 + g + n, 170 + g / 2 + n]
                    });
                }
            }
            // notis-pixels' encoder: compiled optimised, where the image crate's generic one
            // would be compiled into this test crate unoptimised (most of a photo test's time).
            let jpeg = notis_pixels::jpeg(rgb_pixels(&rgb, w, h), 95);
            let app1 = exif_app1();
            [&jpeg[..2], &app1[..], &jpeg[2..]].concat()
        })
        .clone()
}

/// An APP1 segment with IFD0 (Make, Model, Orientation 6, GPS pointer) and a GPS IFD.
fn exif_app1() -> Vec<u8> {
    let mut t: Vec<u8> = b"II*\0\x08\0\0\0".to_vec();
    // IFD0 at 8: 4 entries (2 + 4*12 + 4 = 54 bytes), data after it at 62.
    let (make, model) = (b"Telefonbolaget\0", b"Fotofon 12\0");
    let make_at = 62u32;
    let model_at = make_at + make.len() as u32;
    let gps_at = model_at + model.len() as u32;
    let entry = |t: &mut Vec<u8>, tag: u16, typ: u16, count: u32, value: u32| {
        t.extend(tag.to_le_bytes());
        t.extend(typ.to_le_bytes());
        t.extend(count.to_le_bytes());
        t.extend(value.to_le_bytes());
    };
    t.extend(4u16.to_le_bytes());
    entry(&mut t, 0x010f, 2, make.len() as u32, make_at);
    entry(&mut t, 0x0110, 2, model.len() as u32, model_at);
    entry(&mut t, 0x0112, 3, 1, 6);
    entry(&mut t, 0x8825, 4, 1, gps_at);
    t.extend(0u32.to_le_bytes());
    assert_eq!(t.len(), 62);
    t.extend(make);
    t.extend(model);
    // GPS IFD: latitude ref "N" and latitude 61°0'30" (rationals after the IFD).
    let rationals_at = gps_at + 2 + 2 * 12 + 4;
    t.extend(2u16.to_le_bytes());
    entry(&mut t, 0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0"));
    entry(&mut t, 0x0002, 5, 3, rationals_at);
    t.extend(0u32.to_le_bytes());
    for (num, den) in [(61u32, 1u32), (0, 1), (30, 1)] {
        t.extend(num.to_le_bytes());
        t.extend(den.to_le_bytes());
    }
    let payload = [&b"Exif\0\0"[..], &t].concat();
    let mut seg = vec![0xff, 0xe1];
    seg.extend(((payload.len() + 2) as u16).to_be_bytes());
    seg.extend(payload);
    seg
}

/// The photos fixture with its (empty, so untracked by git) static/bilder/ folder made.
fn photos_fixture() -> TestSite {
    let site = TestSite::fixture("photos");
    std::fs::create_dir_all(site.root().join("static/bilder")).unwrap();
    site
}

fn photo_site() -> TestSite {
    let site = photos_fixture();
    std::fs::write(site.root().join("static/bilder/telefon.jpg"), phone_photo()).unwrap();
    site
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    snapshot_tree(dir).into_iter().map(|(rel, _)| dir.join(rel)).collect()
}

/// The output file of an address of the (root-hosted) test site.
fn output_file(site: &TestSite, url: &str) -> PathBuf {
    site.public().join(url.trim_start_matches('/'))
}

fn srcset_urls(srcset: &str) -> Vec<String> {
    srcset
        .split(',')
        .filter_map(|c| c.split_whitespace().next().map(str::to_string))
        .collect()
}

#[test]
fn issue_17_a_phone_photo_becomes_upright_metadata_free_right_sized_variants() {
    let site = photo_site();
    let original = std::fs::read(site.root().join("static/bilder/telefon.jpg")).unwrap();
    assert!(
        original.len() > 2_000_000,
        "the test photo is phone-sized: {}",
        original.len()
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("1 bild förminskad till bildcachen"),
        "{}",
        run.stdout
    );

    // The original, with its GPS position, is not published.
    assert!(!site.exists("bilder/telefon.jpg"));
    // No output file carries EXIF or the phone's name.
    for file in files_under(&site.public()) {
        let bytes = std::fs::read(&file).unwrap();
        for needle in [&b"Exif\0\0"[..], b"Fotofon", b"Telefonbolaget"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{} carries {:?}",
                file.display(),
                String::from_utf8_lossy(needle)
            );
        }
    }

    let page = site.html("nyheter/isbanan-ar-spolad/index.html");
    let imgs = scraper::Selector::parse("picture img").unwrap();
    let mut referenced = Vec::new();
    let mut count = 0;
    for img in page.select(&imgs) {
        let a = |n: &str| img.value().attr(n).map(str::to_string);
        let (w, h) = (a("width").expect("width"), a("height").expect("height"));
        let (w, h): (u32, u32) = (w.parse().unwrap(), h.parse().unwrap());
        assert!(h > w, "not portrait: {}", img.html());
        let srcset = a("srcset").expect("srcset");
        assert!(a("sizes").is_some());
        referenced.extend(srcset_urls(&srcset));
        referenced.push(a("src").unwrap());
        count += 1;
    }
    assert_eq!(count, 2, "the lead image and the one in the text");
    for s in attrs(&page, "picture source", "srcset") {
        referenced.extend(srcset_urls(&s));
    }
    assert_eq!(attrs(&page, "picture source", "type"), ["image/webp", "image/webp"]);
    // The lead image loads at once; the one further down lazily.
    assert_eq!(attrs(&page, "img[loading=lazy]", "alt"), ["Isbanan från läktaren"]);
    assert_eq!(attrs(&page, "img[decoding=async]", "alt"), ["Isbanan från läktaren"]);
    assert!(texts(&page, "figcaption").iter().any(|t| t == "Foto: Anna Andersson"));

    referenced.sort();
    referenced.dedup();
    assert!(referenced.len() >= 8, "{referenced:?}");
    let mut widest = 0;
    for url in &referenced {
        let file = output_file(&site, url);
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{url}: {e}"));
        assert!(bytes.len() <= 400 * 1024, "{url} is {} bytes", bytes.len());
        let img = image::load_from_memory(&bytes).unwrap().to_rgb8();
        assert!(
            img.height() > img.width(),
            "{url} is not upright: {}×{}",
            img.width(),
            img.height()
        );
        let top = img.get_pixel(img.width() / 2, img.height() / 10);
        let bottom = img.get_pixel(img.width() / 2, img.height() * 9 / 10);
        assert!(top[0] > 150 && top[2] < 110, "{url}: the top is not red: {top:?}");
        assert!(
            bottom[2] > 150 && bottom[0] < 110,
            "{url}: the bottom is not blue: {bottom:?}"
        );
        widest = widest.max(img.width());
    }
    assert_eq!(widest, 1600, "never wider than the widest variant");

    // The share preview: a 1200×630 crop, small, with its size and alt text.
    let og = attrs(&page, "meta[property='og:image']", "content");
    let og_url = og[0].strip_prefix("https://test.example.se").unwrap();
    let og_bytes = std::fs::read(output_file(&site, og_url)).unwrap();
    assert!(og_bytes.len() <= 400 * 1024, "og:image is {} bytes", og_bytes.len());
    let og_img = image::load_from_memory(&og_bytes).unwrap();
    assert_eq!((og_img.width(), og_img.height()), (1200, 630));
    assert_eq!(attrs(&page, "meta[property='og:image:width']", "content"), ["1200"]);
    assert_eq!(attrs(&page, "meta[property='og:image:height']", "content"), ["630"]);
    assert_eq!(
        attrs(&page, "meta[property='og:image:alt']", "content"),
        ["Isbanan i solsken"]
    );
    assert_eq!(
        attrs(&page, "meta[name='twitter:card']", "content"),
        ["summary_large_image"]
    );

    // The listing shows a thumbnail for the article with an image only.
    let listing = site.html("nyheter/index.html");
    let thumbs = attrs(&listing, ".article-list__thumbnail img", "src");
    assert_eq!(thumbs.len(), 1, "{thumbs:?}");
    assert!(output_file(&site, &thumbs[0]).is_file());
    assert_eq!(attrs(&listing, ".article-list__thumbnail img", "width"), ["480"]);
}

#[test]
fn issue_17_a_text_edit_does_not_re_encode_photos() {
    let site = photo_site();
    site.build_ok();
    let cache = site.root().join(".public.notis-cache/images");
    let before: Vec<(PathBuf, std::time::SystemTime)> = files_under(&cache)
        .into_iter()
        .map(|f| (f.clone(), std::fs::metadata(&f).unwrap().modified().unwrap()))
        .collect();
    assert!(before.len() >= 9, "{before:?}");
    site.write(
        "content/nyheter/utan-bild.md",
        "---\ntitle: Nyhet utan bild\ndate: 2024-01-09\n---\nÄndrad text.\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("förminskad"), "{}", run.stdout);
    assert!(site.read("nyheter/nyhet-utan-bild/index.html").contains("Ändrad text."));
    for (file, modified) in &before {
        assert_eq!(
            std::fs::metadata(file).unwrap().modified().unwrap(),
            *modified,
            "{} was rewritten",
            file.display()
        );
    }
    assert_eq!(files_under(&cache).len(), before.len());
}

#[test]
fn issue_17_other_static_photos_with_a_position_warn_and_huge_files_are_refused() {
    let site = photo_site();
    std::fs::write(site.root().join("static/bilder/bara-kopierad.jpg"), phone_photo()).unwrap();
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.exists("bilder/bara-kopierad.jpg"), "copied as it is");
    assert!(
        run.stderr.contains("static/bilder/bara-kopierad.jpg") && run.stderr.contains("GPS-position"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("static/bilder/telefon.jpg"), "{}", run.stderr);

    // A photo over 20 MB is an error, not a memory spike.
    let mut huge = phone_photo();
    huge.resize(21 * 1024 * 1024, 0);
    std::fs::write(site.root().join("static/bilder/telefon.jpg"), huge).unwrap();
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("static/bilder/telefon.jpg") && run.stderr.contains("20 MB"),
        "{}",
        run.stderr
    );
}

/// A small plain JPEG, `w`×`h`.
pub fn small_jpeg(w: u32, h: u32) -> Vec<u8> {
    notis_pixels::jpeg(rgb_pixels(&pattern(w, h, 128), w, h), 85)
}

/// `w`×`h` RGB pixels: red follows x, green y, and blue is `blue`.
fn pattern(w: u32, h: u32, blue: u8) -> Vec<u8> {
    (0..h)
        .flat_map(|y| (0..w).flat_map(move |x| [(x % 256) as u8, (y % 256) as u8, blue]))
        .collect()
}

fn rgb_pixels(bytes: &[u8], width: u32, height: u32) -> notis_pixels::Pixels<'_> {
    notis_pixels::Pixels {
        bytes,
        width,
        height,
        layout: notis_pixels::Layout::Rgb,
    }
}

#[test]
fn issue_17_the_municipality_s_logo_website_and_share_image() {
    let site = photos_fixture();
    // No phone photo here: the article's image is a small one, so this test stays quick.
    std::fs::write(site.root().join("static/bilder/telefon.jpg"), small_jpeg(900, 600)).unwrap();
    std::fs::write(site.root().join("static/bilder/delning.jpg"), small_jpeg(2000, 1200)).unwrap();
    site.write(
        "static/bilder/logo.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>"#,
    );
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    let yaml = yaml.replace(
        "  name: Testkommun\n",
        "  name: Testkommun\n  logo: /bilder/logo.svg\n  website: https://www.testkommun.se/\n",
    ) + "share_image: /bilder/delning.jpg\n";
    site.write("site.yaml", &yaml);
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let page = site.html("nyheter/nyhet-utan-bild/index.html");
    assert_eq!(attrs(&page, ".site-header__name img", "src"), ["/bilder/logo.svg"]);
    assert_eq!(attrs(&page, ".site-header__name img", "alt"), ["Testkommun"]);
    assert!(site.exists("bilder/logo.svg"));
    assert_eq!(
        texts(&page, "a[href='https://www.testkommun.se/']"),
        ["Till testkommun.se", "Till testkommun.se"]
    );
    // A page without an image shares the site's picture, cropped to 1200×630.
    let og = attrs(&page, "meta[property='og:image']", "content");
    assert!(og[0].starts_with("https://test.example.se/bilder/delning-"), "{og:?}");
    assert_eq!(attrs(&page, "meta[property='og:image:width']", "content"), ["1200"]);
    assert_eq!(
        attrs(&page, "meta[name='twitter:card']", "content"),
        ["summary_large_image"]
    );
    let og_file = site
        .public()
        .join(og[0].strip_prefix("https://test.example.se/").unwrap());
    let img = image::load_from_memory(&std::fs::read(og_file).unwrap()).unwrap();
    assert_eq!((img.width(), img.height()), (1200, 630));
    // An article with its own image shares that one.
    let article = site.html("nyheter/isbanan-ar-spolad/index.html");
    let og = attrs(&article, "meta[property='og:image']", "content");
    assert!(og[0].starts_with("https://test.example.se/bilder/telefon-"), "{og:?}");

    // A logo that is not there is an error naming the key.
    site.write("site.yaml", &yaml.replace("/bilder/logo.svg", "/bilder/borta.svg"));
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("organisation.logo") && run.stderr.contains("/bilder/borta.svg"),
        "{}",
        run.stderr
    );
}

/// The benchmark of issue 17 (not a test; run it with
/// `cargo test --test integration -- --ignored --nocapture bench_photos`): a clean build of
/// a site with `N` articles, each with its own 12-megapixel phone photo, against the same
/// site without photos; prints photos per second, the photos' share of the build and the
/// sizes of the 1600-wide WebP and JPEG copies.
#[test]
#[ignore]
fn bench_photos() {
    const N: usize = 8;
    let photo = phone_photo();
    let with = photos_fixture();
    let without = photos_fixture();
    for i in 0..N {
        // A different file each (a byte after the end of the JPEG, which decoders ignore), so
        // no two share a cache entry.
        let mut p = photo.clone();
        p.push(i as u8);
        let name = format!("foto-{i}.jpg");
        std::fs::write(with.root().join("static/bilder").join(&name), p).unwrap();
        let article = |image: &str| {
            format!(
                "---\ntitle: Nyhet {i}\ndate: 2024-02-{:02}\n{image}---\nText {i}.\n",
                i + 1
            )
        };
        with.write(
            &format!("content/nyheter/n{i}.md"),
            &article(&format!("image: {{src: /bilder/{name}, alt: Bild {i}}}\n")),
        );
        without.write(&format!("content/nyheter/n{i}.md"), &article(""));
    }
    std::fs::write(with.root().join("static/bilder/telefon.jpg"), small_jpeg(800, 600)).unwrap();
    std::fs::write(without.root().join("static/bilder/telefon.jpg"), small_jpeg(800, 600)).unwrap();
    let time = |site: &TestSite| {
        let start = std::time::Instant::now();
        let run = site.build(&[]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        start.elapsed().as_secs_f64()
    };
    let t_without = time(&without);
    let t_with = time(&with);
    let t_photos = t_with - t_without;
    let webp: u64 = (0..N).map(|i| size_of_copy(&with, i, "webp")).sum();
    let jpeg: u64 = (0..N).map(|i| size_of_copy(&with, i, "jpg")).sum();
    println!(
        "{N} photos of 12 MP: build {t_with:.2} s, without photos {t_without:.2} s; {:.2} photos/s; photos {:.0} % of the build; 1600-wide copies: WebP {} KB, JPEG {} KB on average",
        N as f64 / t_photos,
        100.0 * t_photos / t_with,
        webp / N as u64 / 1024,
        jpeg / N as u64 / 1024,
    );
}

fn size_of_copy(site: &TestSite, i: usize, ext: &str) -> u64 {
    let dir = site.public().join("bilder");
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .find(|e| {
            let n = e.file_name().to_string_lossy().to_string();
            n.starts_with(&format!("foto-{i}-")) && n.contains("-1600x") && n.ends_with(ext)
        })
        .map(|e| e.metadata().unwrap().len())
        .unwrap()
}

/// An SVG that the municipality's logo, an article or only static/ holds.
const CLEAN_LOGO: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- Ritat i Inkscape -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 40 10\">\n  <defs><linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#1d4f7a\"/></linearGradient></defs>\n  <style>.text { font-family: \"Open Sans\", sans-serif; fill: url(#g) }</style>\n  <rect width=\"40\" height=\"10\" fill=\"url(#g)\"/><use xlink:href=\"#g\"/>\n  <text class=\"text\" x=\"2\" y=\"8\">Mora kommun</text>\n</svg>\n";

#[test]
fn issue_17_an_svg_that_could_run_script_or_fetch_from_another_site_is_refused_where_it_is() {
    let site = photos_fixture();
    std::fs::write(site.root().join("static/bilder/telefon.jpg"), small_jpeg(900, 600)).unwrap();
    let favicon = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("theme/favicon.svg")).unwrap();
    site.write("static/bilder/favicon.svg", &favicon);
    site.write("static/bilder/logo.svg", CLEAN_LOGO);
    site.write("static/bilder/karta.svg", CLEAN_LOGO);
    let yaml = std::fs::read_to_string(site.root().join("site.yaml"))
        .unwrap()
        .replace("  name: Testkommun\n", "  name: Testkommun\n  logo: /bilder/logo.svg\n");
    site.write("site.yaml", &yaml);
    site.write(
        "content/nyheter/karta.md",
        "---\ntitle: Karta över isbanan\ndate: 2024-01-11\n---\n![Karta över isbanan](/bilder/karta.svg)\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "clean SVGs pass: {}", run.stderr);
    for name in ["favicon.svg", "logo.svg", "karta.svg"] {
        assert_eq!(
            std::fs::read(site.public().join("bilder").join(name)).unwrap(),
            std::fs::read(site.root().join("static/bilder").join(name)).unwrap(),
            "{name} is published byte for byte"
        );
    }

    // The logo with an event attribute, the article's map fetching from another site, and
    // two files only in static/: one with a script, one with entity declarations.
    site.write(
        "static/bilder/logo.svg",
        &CLEAN_LOGO.replace("<rect width", "<rect onload=\"fetch('/x')\" width"),
    );
    site.write(
        "static/bilder/karta.svg",
        &CLEAN_LOGO.replace(
            "xlink:href=\"#g\"",
            "xlink:href=\"https://kartor.example.com/karta.svg#g\"",
        ),
    );
    site.write(
        "static/skript.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <script>alert(document.cookie)</script>\n</svg>\n",
    );
    site.write(
        "static/skratt.svg",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n  <!ENTITY ha \"haha\">\n  <!ENTITY haha \"&ha;&ha;&ha;&ha;\">\n]>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&haha;</text></svg>\n",
    );
    let expected = [
        "static/bilder/karta.svg:6:53: SVG-filen hämtar `https://kartor.example.com/karta.svg#g` från en annan webbplats",
        "static/bilder/logo.svg:6:9: SVG-filen innehåller skript i attributet `onload`",
        "static/skratt.svg:2:1: SVG-filen har en DOCTYPE",
        "static/skript.svg:2:3: SVG-filen innehåller skript (<script>)",
    ];
    let check = site.notis(&["check", "--now", NOW]);
    let build = site.build(&[]);
    for run in [&check, &build] {
        assert_eq!(run.code, 1, "{}", run.stderr);
        for line in expected {
            assert!(run.stderr.contains(line), "missing {line:?} in:\n{}", run.stderr);
        }
        // What to do, too.
        assert!(run.stderr.contains("ta bort raden <!DOCTYPE"), "{}", run.stderr);
    }
    // The failed build left the last good output as it was.
    assert_eq!(
        std::fs::read_to_string(site.public().join("bilder/logo.svg")).unwrap(),
        CLEAN_LOGO
    );
}

#[test]
fn issue_17_the_image_cache_forgets_photos_the_site_no_longer_shows() {
    let site = photos_fixture();
    std::fs::write(site.root().join("static/bilder/telefon.jpg"), small_jpeg(900, 600)).unwrap();
    site.build_ok();
    let cache = site.root().join(".public.notis-cache/images");
    let kept: Vec<(PathBuf, std::time::SystemTime)> = files_under(&cache)
        .into_iter()
        .map(|f| (f.clone(), std::fs::metadata(&f).unwrap().modified().unwrap()))
        .collect();
    assert!(kept.len() >= 3, "{kept:?}");

    // A second photo in another article, then taken out of the article and of static/.
    std::fs::write(site.root().join("static/bilder/extra.jpg"), small_jpeg(1000, 700)).unwrap();
    let without = std::fs::read_to_string(site.root().join("content/nyheter/utan-bild.md")).unwrap();
    site.write(
        "content/nyheter/utan-bild.md",
        &format!("{without}\n![Extra](/bilder/extra.jpg)\n"),
    );
    site.build_ok();
    let with_extra = files_under(&cache);
    assert!(with_extra.len() > kept.len(), "{with_extra:?}");
    // Files in the cache folder that notis did not make are never touched.
    site.write(".public.notis-cache/images/anteckning.txt", "egen fil");
    site.write(".public.notis-cache/images/0123456789abcdef-egen.jpg", "egen fil");
    site.write("content/nyheter/utan-bild.md", &without);
    std::fs::remove_file(site.root().join("static/bilder/extra.jpg")).unwrap();
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("förminskad"), "nothing re-encoded: {}", run.stdout);

    let mut left = files_under(&cache);
    left.retain(|f| !f.ends_with("anteckning.txt") && !f.ends_with("0123456789abcdef-egen.jpg"));
    assert_eq!(left, kept.iter().map(|(f, _)| f.clone()).collect::<Vec<_>>());
    for (file, modified) in &kept {
        assert_eq!(std::fs::metadata(file).unwrap().modified().unwrap(), *modified);
    }
    assert!(cache.join("anteckning.txt").is_file() && cache.join("0123456789abcdef-egen.jpg").is_file());
}

/// Issue 31, items 2 and 3: a CSS escape in a presentation attribute (`fill`, `mask`) hid
/// an address on another site; a `<style>` of 3.4 MB took half a minute to check; SVGs had
/// no size limit.
#[test]
fn issue_31_svg_escapes_in_presentation_attributes_a_large_style_and_the_size_limit() {
    let site = photos_fixture();
    std::fs::write(site.root().join("static/bilder/telefon.jpg"), small_jpeg(900, 600)).unwrap();
    let open = "<svg xmlns=\"http://www.w3.org/2000/svg\">\n";
    site.write(
        "static/fyllning.svg",
        &format!("{open}<rect fill=\"u\\72l(http://other.example/x.svg#x)\"/></svg>\n"),
    );
    site.write(
        "static/mask.svg",
        &format!("{open}<g><rect mask=\"u\\72l(http://other.example/x.svg#x)\"/></g></svg>\n"),
    );
    let rule = "a{fill:url(\"#a\")}";
    site.write(
        "static/stor-stil.svg",
        &format!("{open}<style>{}</style></svg>\n", rule.repeat(3_400_000 / rule.len())),
    );
    site.write(
        "static/for-stor.svg",
        &format!("{open}{}</svg>\n", "<g/>".repeat(1_400_000)),
    );
    let check = site.notis(&["check", "--now", NOW]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    for line in [
        "static/fyllning.svg:2:7: SVG-filens CSS innehåller ett \\-tecken",
        "static/mask.svg:2:10: SVG-filens CSS innehåller ett \\-tecken",
        "static/for-stor.svg: SVG-filen är 5,3 MB, mer än gränsen 5 MB",
    ] {
        assert!(check.stderr.contains(line), "missing {line:?} in:\n{}", check.stderr);
    }
    assert!(!check.stderr.contains("stor-stil.svg"), "{}", check.stderr);
}

/// An XMP packet as `exiftool -XMP:GPSLatitude=… -XMP:Creator=…` writes it.
const XMP_PACKET: &str = "<?xpacket begin='\u{feff}' id='W5M0MpCehiHzreSzNTczkc9d'?>\n<x:xmpmeta xmlns:x='adobe:ns:meta/' x:xmptk='Image::ExifTool 12.76'>\n<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n <rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/'>\n  <dc:creator><rdf:Seq><rdf:li>Per Persson</rdf:li></rdf:Seq></dc:creator>\n </rdf:Description>\n <rdf:Description rdf:about='' xmlns:exif='http://ns.adobe.com/exif/1.0/'\n  exif:GPSLatitude='61,0.5N' exif:GPSLongitude='14,32.6E'/>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end='w'?>";

/// A small JPEG with GPS and creator in XMP only (APP1 `http://ns.adobe.com/xap/1.0/`).
fn jpeg_with_xmp(w: u32, h: u32) -> Vec<u8> {
    let jpeg = small_jpeg(w, h);
    let payload = [&b"http://ns.adobe.com/xap/1.0/\0"[..], XMP_PACKET.as_bytes()].concat();
    let mut seg = vec![0xff, 0xe1];
    seg.extend(((payload.len() + 2) as u16).to_be_bytes());
    seg.extend(payload);
    [&jpeg[..2], &seg[..], &jpeg[2..]].concat()
}

/// A small PNG with the packet in an `iTXt` chunk keyed `XML:com.adobe.xmp`.
fn png_with_xmp(w: u32, h: u32) -> Vec<u8> {
    let png = notis_pixels::png(rgb_pixels(&pattern(w, h, 90), w, h));
    let data = [&b"XML:com.adobe.xmp\0\0\0\0\0"[..], XMP_PACKET.as_bytes()].concat();
    let mut crc = flate2::Crc::new();
    crc.update(b"iTXt");
    crc.update(&data);
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    chunk.extend(b"iTXt");
    chunk.extend(&data);
    chunk.extend(crc.sum().to_be_bytes());
    // After the signature (8 bytes) and IHDR (25).
    [&png[..33], &chunk[..], &png[33..]].concat()
}

/// A 1×1 GIF with, optionally, a comment and an XMP packet (application extension
/// `XMP DataXMP` with its "magic trailer", as exiftool writes it).
fn gif(comment: bool, xmp: bool) -> Vec<u8> {
    let mut gif = b"GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff".to_vec();
    if comment {
        gif.extend(b"\x21\xfe\x10Created with GIMP\0");
    }
    if xmp {
        gif.extend(b"\x21\xff\x0bXMP DataXMP");
        gif.extend(XMP_PACKET.as_bytes());
        gif.push(1);
        gif.extend((0..=255u8).rev());
        gif.push(0);
    }
    gif.extend(b"\x2c\0\0\0\0\x01\0\x01\0\0\x02\x02\x44\x01\0\x3b");
    gif
}

/// Issue 25, items 1 and 3: `image.src` without the leading `/` passed `check` and
/// published the original, GPS included; now it is an error that shows the right address,
/// at the src value, and the photo gets no "show it in an article" warning.
#[test]
fn issue_25_an_image_address_without_the_leading_slash_is_an_error_that_shows_the_right_one() {
    let site = photos_fixture();
    std::fs::write(site.root().join("static/bilder/telefon.jpg"), small_jpeg(900, 600)).unwrap();
    std::fs::write(site.root().join("static/bilder/IMG_4711.JPG"), phone_photo()).unwrap();
    site.write(
        "content/nyheter/fel-adress.md",
        "---\ntitle: Skridskor\ndate: 2024-01-12\nimage: {src: bilder/IMG_4711.JPG, alt: Isbanan}\n---\nText.\n\n![Isbanan](static/bilder/IMG_4711.JPG)\n",
    );
    let check = site.notis(&["check", "--now", NOW]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    for line in [
        "content/nyheter/fel-adress.md:4:14: bilden `bilder/IMG_4711.JPG` hittas inte på sidan: sökvägen ska börja med /; skriv /bilder/IMG_4711.JPG",
        "content/nyheter/fel-adress.md:8:1: bilden `static/bilder/IMG_4711.JPG` hittas inte på sidan: sökvägen ska börja med /; skriv /bilder/IMG_4711.JPG",
    ] {
        assert!(check.stderr.contains(line), "missing {line:?} in:\n{}", check.stderr);
    }
    assert!(
        !check.stderr.contains("static/bilder/IMG_4711.JPG:"),
        "{}",
        check.stderr
    );
    assert!(!check.stderr.contains("visa bilden i en nyhet"), "{}", check.stderr);
    let build = site.build(&[]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(!site.exists("bilder/IMG_4711.JPG"));

    // The same mistake in site.yaml's share image.
    site.write(
        "content/nyheter/fel-adress.md",
        "---\ntitle: Skridskor\ndate: 2024-01-12\n---\nText.\n",
    );
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{yaml}share_image: bilder/IMG_4711.JPG\n"));
    let check = site.notis(&["check", "--now", NOW]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains("site.yaml: bilden `bilder/IMG_4711.JPG`"),
        "{}",
        check.stderr
    );
    assert!(check.stderr.contains("skriv /bilder/IMG_4711.JPG"), "{}", check.stderr);
}

/// Issue 25, item 2: HEIC (and TIFF, AVIF) cannot be stripped, so such a file is never
/// published, shown or not, and whatever its name says.
#[test]
fn issue_25_heic_tiff_and_avif_are_refused_with_what_to_do() {
    let site = photos_fixture();
    std::fs::write(site.root().join("static/bilder/telefon.jpg"), small_jpeg(900, 600)).unwrap();
    let heic = [&b"\0\0\0\x18ftypheic\0\0\0\0mif1heic"[..], &[0u8; 64]].concat();
    std::fs::write(site.root().join("static/bilder/IMG_4712.HEIC"), &heic).unwrap();
    std::fs::write(site.root().join("static/bilder/IMG_4713.jpg"), &heic).unwrap();
    std::fs::write(site.root().join("static/karta.tif"), b"II*\0\x08\0\0\0\0\0").unwrap();
    std::fs::write(
        site.root().join("static/bild.avif"),
        b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf",
    )
    .unwrap();
    site.write(
        "content/nyheter/heic.md",
        "---\ntitle: Skridskor\ndate: 2024-01-12\nimage: {src: /bilder/IMG_4712.HEIC, alt: Isbanan}\n---\nText.\n",
    );
    let check = site.notis(&["check", "--now", NOW]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    for line in [
        "static/bilder/IMG_4712.HEIC: bilden är i formatet HEIC, som notis inte kan ta bort GPS-position och andra uppgifter ur; den publiceras inte",
        "static/bilder/IMG_4713.jpg: bilden är i formatet HEIC",
        "static/karta.tif: bilden är i formatet TIFF",
        "static/bild.avif: bilden är i formatet AVIF",
        "Inställningar → Kamera → Format → Mest kompatibel",
        "exportera bilden som JPEG",
    ] {
        assert!(check.stderr.contains(line), "missing {line:?} in:\n{}", check.stderr);
    }
    let build = site.build(&[]);
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(!site.exists("bilder/IMG_4712.HEIC"));
}

/// Issue 31, item 1: GPS and creator in XMP (JPEG APP1, PNG iTXt, GIF application
/// extension) warn as EXIF GPS does; a GIF is never stripped, so with a position it is an
/// error; the variants of a shown photo carry none of it.
#[test]
fn issue_31_gps_in_xmp_warns_or_is_refused_and_variants_drop_it() {
    let site = photos_fixture();
    std::fs::write(site.root().join("static/bilder/telefon.jpg"), jpeg_with_xmp(900, 600)).unwrap();
    std::fs::write(site.root().join("static/bilder/xmp.jpg"), jpeg_with_xmp(300, 200)).unwrap();
    std::fs::write(site.root().join("static/bilder/xmp.png"), png_with_xmp(300, 200)).unwrap();
    std::fs::write(site.root().join("static/bilder/gimp.gif"), gif(true, false)).unwrap();
    let check = site.notis(&["check", "--now", NOW]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    for line in [
        "static/bilder/xmp.jpg: bilden publiceras som den är och avslöjar GPS-position, fotografens namn",
        "static/bilder/xmp.png: bilden publiceras som den är och avslöjar GPS-position, fotografens namn",
        "static/bilder/gimp.gif: GIF-bilden publiceras som den är och avslöjar en kommentar",
    ] {
        assert!(check.stderr.contains(line), "missing {line:?} in:\n{}", check.stderr);
    }
    // The shown photo's variants are pixels only.
    assert!(!check.stderr.contains("telefon.jpg"), "{}", check.stderr);
    site.build_ok();
    for file in files_under(&site.public()) {
        if file.ends_with("xmp.jpg") || file.ends_with("xmp.png") || file.ends_with("gimp.gif") {
            continue;
        }
        let bytes = std::fs::read(&file).unwrap();
        for needle in [&b"xmpmeta"[..], b"GPSLatitude", b"Per Persson"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{} carries {:?}",
                file.display(),
                String::from_utf8_lossy(needle)
            );
        }
    }

    std::fs::write(site.root().join("static/bilder/karta.gif"), gif(false, true)).unwrap();
    let check = site.notis(&["check", "--now", NOW]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    assert!(
        check.stderr.contains("fel: static/bilder/karta.gif: GIF-bilden publiceras som den är och avslöjar GPS-position, fotografens namn; notis kan inte ta bort uppgifter ur GIF-filer"),
        "{}",
        check.stderr
    );
}

/// A PNG of only its header and a stub of data: `w`×`h`, 16-bit RGBA when `deep`, else
/// 8-bit RGB; enough for the size checks, which read no further.
fn png_header(w: u32, h: u32, deep: bool) -> Vec<u8> {
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend(kind);
        c.extend(data);
        c.extend(crc.sum().to_be_bytes());
        c
    };
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend(if deep { [16, 6, 0, 0, 0] } else { [8, 2, 0, 0, 0] });
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &ihdr));
    png.extend(chunk(b"IDAT", b"\x78\x9c\x03\x00\x00\x00\x00\x01"));
    png.extend(chunk(b"IEND", b""));
    png
}

/// Issue 31, item 4: "40 megapixel, mer än gränsen 40 megapixel" for 7746×5164 did not say
/// why; the refusal now shows the real figure.
#[test]
fn issue_31_a_photo_over_the_pixel_limit_is_refused_with_its_real_size() {
    let site = photos_fixture();
    std::fs::write(
        site.root().join("static/bilder/telefon.jpg"),
        png_header(7746, 5164, false),
    )
    .unwrap();
    let check = site.notis(&["check", "--now", NOW]);
    assert_eq!(check.code, 1, "{}", check.stderr);
    let line = "static/bilder/telefon.jpg: bilden är 7746×5164 bildpunkter, 40,0 megapixel (40 000 344 bildpunkter), mer än gränsen 40 megapixel (40 000 000 bildpunkter)";
    assert!(check.stderr.contains(line), "missing {line:?} in:\n{}", check.stderr);
}

/// Found by trying it (issue 25, "no photo with GPS may ever be published because a
/// reference went wrong"): a photo that only a draft or a scheduled article shows was
/// copied as it is, GPS included, before the article itself was out.
#[test]
fn issue_25_a_photo_shown_only_by_a_draft_or_scheduled_article_is_never_published_with_its_position() {
    let site = photo_site();
    std::fs::write(site.root().join("static/bilder/utkast.jpg"), phone_photo()).unwrap();
    std::fs::write(site.root().join("static/bilder/senare.jpg"), phone_photo()).unwrap();
    site.write(
        "content/nyheter/2024-03-01-utkast.md",
        "---\ntitle: Utkast med bild\ndate: 2024-03-01\ndraft: true\nimage:\n  src: /bilder/utkast.jpg\n  alt: Ett utkast\n---\nText.\n",
    );
    site.write(
        "content/nyheter/2024-03-02-senare.md",
        "---\ntitle: Senare med bild\ndate: 2024-03-02\npublish: 2099-01-01 08:00\n---\n![Senare](/bilder/senare.jpg)\n",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !site.exists("bilder/utkast.jpg"),
        "the draft's original is not published"
    );
    assert!(
        !site.exists("bilder/senare.jpg"),
        "the scheduled article's original is not published"
    );
    for file in files_under(&site.public()) {
        let bytes = std::fs::read(&file).unwrap();
        for needle in [&b"Exif\0\0"[..], b"Fotofon"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle),
                "{} carries {:?}",
                file.display(),
                String::from_utf8_lossy(needle)
            );
        }
    }
    // Nor is the writer told to show them in an article: they are.
    assert!(!run.stderr.contains("static/bilder/utkast.jpg"), "{}", run.stderr);
}
