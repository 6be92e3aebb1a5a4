//! Issue #12: one route table, an output folder that is safe, a cache that never lies.
//! Each test is a reproduction from the issue, run through the real binary.

use std::path::Path;
use std::process::Command;

use crate::common::{NOW, TestSite, assert_same_tree, snapshot_tree};

fn article(title: &str, extra: &str) -> String {
    format!("---\ntitle: {title}\ndate: 2024-03-01\n{extra}---\nText.\n")
}

/// `notis check` and `notis build` both fail with `needle` in their messages, and the
/// build leaves `public/` as it was.
fn both_refuse(site: &TestSite, needle: &str) -> String {
    let before = site.public().exists().then(|| snapshot_tree(&site.public()));
    let check = site.notis(&["check", "--now", NOW]);
    assert_eq!(check.code, 1, "check passed:\n{}", check.stderr);
    assert!(
        check.stderr.contains(needle),
        "check did not say `{needle}`:\n{}",
        check.stderr
    );
    let build = site.build(&[]);
    assert_eq!(build.code, 1, "build passed:\n{}", build.stderr);
    assert!(
        build.stderr.contains(needle),
        "build did not say `{needle}`:\n{}",
        build.stderr
    );
    if let Some(before) = before {
        assert!(
            snapshot_tree(&site.public()) == before,
            "a failed build changed public/"
        );
    }
    check.stderr
}

#[test]
fn an_article_titled_arkiv_cannot_take_the_archive_address() {
    let site = TestSite::fixture("basic");
    site.write("content/nyheter/arkiv.md", &article("Arkiv", ""));
    let err = both_refuse(&site, "adressen /nyheter/arkiv/ tillhör arkivet");
    assert!(err.contains("content/nyheter/arkiv.md:2:8"), "{err}");
}

#[test]
fn aliases_cannot_hijack_generated_pages_assets_or_other_articles() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/nyheter/kapare.md",
        &article(
            "Kapare",
            "aliases: [\"/nyheter/\", \"/\", \"/atom.xml\", \"/tema/notis.css\", \"/nyheter/andra-nyheten/\"]\n",
        ),
    );
    let err = both_refuse(&site, "tillhör");
    for owner in [
        "tillhör nyhetslistan",
        "tillhör startsidan",
        "tillhör Atom-flödet",
        "tillhör temafilen notis.css",
        "tillhör content/nyheter/b.md",
    ] {
        assert!(err.contains(owner), "missing `{owner}`:\n{err}");
    }
}

#[test]
fn a_tag_without_letters_is_an_error_at_its_line() {
    let site = TestSite::fixture("basic");
    site.write("content/nyheter/tagg.md", &article("Taggar", "tags: [\"!!!\"]\n"));
    let err = both_refuse(&site, "taggen `!!!` har inga bokstäver eller siffror");
    assert!(err.contains("content/nyheter/tagg.md:4:"), "{err}");
}

#[test]
fn static_files_cannot_replace_generated_pages() {
    let site = TestSite::fixture("basic");
    for f in ["static/index.html", "static/robots.txt", "static/pagefind/pagefind.js"] {
        site.write(f, "kapad");
    }
    let err = both_refuse(&site, "static/index.html");
    assert!(err.contains("tillhör startsidan"), "{err}");
    assert!(
        err.contains("static/robots.txt") && err.contains("tillhör robots.txt"),
        "{err}"
    );
    assert!(
        err.contains("static/pagefind/pagefind.js") && err.contains("tillhör sökindexet"),
        "{err}"
    );
}

#[test]
fn a_failed_build_leaves_every_live_file_as_it_was() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    let before = snapshot_tree(&site.public());
    // A clash and a template that fails on one page type, as in the issue.
    site.write(
        "content/nyheter/kapare.md",
        &article("Kapare", "aliases: [\"/atom.xml\"]\n"),
    );
    site.write(
        "templates/topics.html",
        "{% extends \"base.html\" %}{% block content %}{{ nope.nope }}{% endblock content %}",
    );
    let run = site.build(&[]);
    assert_eq!(run.code, 1);
    assert!(
        snapshot_tree(&site.public()) == before,
        "a failed build changed public/"
    );
    // Also with only a render-time failure: every file is written before the template fails.
    std::fs::remove_file(site.root().join("content/nyheter/kapare.md")).unwrap();
    site.write("content/nyheter/ny.md", &article("Ny", ""));
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        snapshot_tree(&site.public()) == before,
        "a failed build changed public/"
    );
}

#[test]
fn an_output_folder_with_other_files_is_refused_untouched() {
    let site = TestSite::fixture("basic");
    let elsewhere = crate::common::scratch();
    let reports = elsewhere.path().join("rapporter");
    std::fs::create_dir_all(&reports).unwrap();
    std::fs::write(reports.join("rapport.docx"), "viktigt").unwrap();
    let run = site.build(&["--output", reports.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("rapport.docx"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(reports.join("rapport.docx")).unwrap(),
        "viktigt"
    );
    assert_eq!(std::fs::read_dir(&reports).unwrap().count(), 1);
}

#[test]
fn the_site_and_its_source_folders_are_never_an_output() {
    let site = TestSite::fixture("basic");
    let before = snapshot_tree(site.root());
    let root = site.root().to_str().unwrap().to_string();
    let parent = site.root().parent().unwrap().to_str().unwrap().to_string();
    let content = format!("{root}/content");
    let inside = format!("{root}/content/nyheter/ut");
    for output in [&root, &parent, &content, &inside] {
        let run = site.build(&["--output", output]);
        assert_eq!(run.code, 1, "--output {output} was accepted");
        assert!(run.stderr.contains("ersätter den inte"), "{}", run.stderr);
    }
    let after = snapshot_tree(site.root());
    assert!(after == before, "the site was changed");
}

#[test]
fn work_folders_match_gitignore_and_a_foreign_leftover_is_not_deleted() {
    let site = TestSite::fixture("basic");
    site.build_ok();
    site.write("content/nyheter/ny.md", &article("Ny", ""));
    site.build_ok();
    let gitignore = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(".gitignore")).unwrap();
    assert!(gitignore.lines().any(|l| l == "/.public.notis-*"));
    for entry in std::fs::read_dir(site.root()).unwrap().flatten() {
        let name = entry.file_name().into_string().unwrap();
        if name.starts_with('.') {
            assert!(name.starts_with(".public.notis-"), "unexpected {name}");
        }
    }
    // Someone's folder that happens to have the staging name is not notis's to delete.
    site.write(".public.notis-staging/egen.txt", "min fil");
    site.write("content/nyheter/till.md", &article("Till", ""));
    let run = site.build(&[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(".public.notis-staging"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(site.root().join(".public.notis-staging/egen.txt")).unwrap(),
        "min fil"
    );
}

#[test]
fn a_symlinked_output_keeps_its_link() {
    let site = TestSite::fixture("basic");
    let real = crate::common::scratch();
    let target = real.path().join("webb");
    std::os::unix::fs::symlink(&target, site.public()).unwrap();
    site.build_ok();
    site.write("content/nyheter/ny.md", &article("Ny", ""));
    site.build_ok();
    assert!(
        std::fs::symlink_metadata(site.public())
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(target.join("nyheter/ny/index.html").is_file());
}

#[test]
fn three_builds_started_together_all_end_with_the_complete_site() {
    let site = TestSite::sample();
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_notis"))
            .args(["build", "--now", site.now, "--root"])
            .arg(site.root())
            .env("NO_COLOR", "1")
            .stderr(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let children: Vec<_> = (0..3).map(|_| spawn()).collect();
    let outputs: Vec<_> = children.into_iter().map(|c| c.wait_with_output().unwrap()).collect();
    for o in &outputs {
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let clean = crate::common::scratch();
    let clean_out = clean.path().join("public");
    assert_eq!(site.build(&["--output", clean_out.to_str().unwrap()]).code, 0);
    assert_same_tree(&site.public(), &clean_out);
    // The next build trusts only a complete output.
    let again = site.build(&[]);
    assert!(again.stdout.contains("är aktuell"), "{}", again.stdout);
    assert_same_tree(&site.public(), &clean_out);
}

#[test]
fn a_static_file_replaced_with_one_of_the_same_size_and_time_is_copied() {
    let site = TestSite::fixture("basic");
    site.write("static/dokument/taxa.txt", "AAAA");
    let path = site.root().join("static/dokument/taxa.txt");
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    site.build_ok();
    site.write("static/dokument/taxa.txt", "BBBB");
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(mtime)
        .unwrap();
    site.build_ok();
    assert_eq!(site.read("dokument/taxa.txt"), "BBBB");
}

#[test]
fn the_age_notice_appears_after_a_cached_build() {
    let site = TestSite::fixture("basic");
    let notice = "äldre än sex månader";
    // b.md is dated 2024-02-10 09:30; the notice comes after 183 whole days.
    let before = site.build(&["--now", "2024-08-11 12:00"]);
    assert_eq!(before.code, 0, "{}", before.stderr);
    assert!(!site.read("nyheter/andra-nyheten/index.html").contains(notice));
    let after = site.build(&["--now", "2024-08-12 12:00"]);
    assert_eq!(after.code, 0, "{}", after.stderr);
    assert!(
        site.read("nyheter/andra-nyheten/index.html").contains(notice),
        "no age notice after a cached build: {}",
        after.stdout
    );
}

#[test]
fn addresses_check_passes_are_addresses_build_can_write() {
    let site = TestSite::fixture("basic");
    let long_title = "Mycket lång rubrik ".repeat(16);
    site.write("content/nyheter/lang.md", &article(long_title.trim(), ""));
    let check = site.notis(&["check", "--now", NOW]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    site.build_ok();
    let folder = std::fs::read_dir(site.public().join("nyheter"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().into_string().unwrap())
        .find(|n| n.starts_with("mycket-lang-rubrik"))
        .expect("the long article was built");
    assert!(folder.chars().count() <= 80 && !folder.ends_with('-'), "{folder}");
    assert!(folder.ends_with("rubrik"), "not cut at a word: {folder}");

    for (alias, line_needle) in [("/.", "`/.`"), ("/nyheter/.", "`/nyheter/.`"), ("/a\\0b", "styrtecken")] {
        let site = TestSite::fixture("basic");
        site.write(
            "content/nyheter/alias.md",
            &article("Alias", &format!("aliases: [\"{alias}\"]\n")),
        );
        let err = both_refuse(&site, "aliaset");
        assert!(err.contains(line_needle), "{alias}: {err}");
        assert!(err.contains("content/nyheter/alias.md:4:"), "{err}");
        assert!(!err.contains("Is a directory") && !err.contains("os error"), "{err}");
    }

    let site = TestSite::fixture("basic");
    site.write(
        "content/nyheter/slug.md",
        &article("Slug", &format!("slug: {}\n", "ord-".repeat(60))),
    );
    both_refuse(&site, "högst 200");
}

/// Issue 31, item 5: a build record beside a folder does not make the folder notis's.
#[test]
fn a_foreign_folder_is_refused_even_with_an_old_build_record_beside_it() {
    let site = TestSite::fixture("basic");
    let elsewhere = crate::common::scratch();
    let www = elsewhere.path().join("www");
    let www_arg = www.to_str().unwrap();
    assert_eq!(site.build(&["--output", www_arg]).code, 0);
    assert!(elsewhere.path().join(".www.notis-cache/state.json").is_file());
    std::fs::remove_dir_all(&www).unwrap();
    std::fs::create_dir(&www).unwrap();
    std::fs::write(www.join("rapport.docx"), "viktigt").unwrap();
    let run = site.build(&["--output", www_arg]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stderr.contains("rapport.docx"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(www.join("rapport.docx")).unwrap(), "viktigt");
    assert_eq!(std::fs::read_dir(&www).unwrap().count(), 1);
}

/// Issue 31, item 8: `..` after a folder that does not exist makes no folder, and an
/// absolute path in a message starts with one slash.
#[test]
fn an_output_through_a_missing_folder_makes_no_stray_folder_and_paths_show_one_slash() {
    let site = TestSite::fixture("basic");
    let root = site.root().display().to_string();
    for (output, built) in [("saknas/../ut", "ut"), ("saknas/inte/../../ut2", "ut2")] {
        let run = site.build(&["--output", &format!("{root}/{output}")]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(site.root().join(built).join("index.html").is_file(), "{output}");
        assert!(!site.root().join("saknas").exists(), "{output} made a stray folder");
    }

    let elsewhere = crate::common::scratch();
    std::fs::write(elsewhere.path().join("a.txt"), "x").unwrap();
    let shown = elsewhere.path().display().to_string();
    let run = site.build(&["--output", &shown]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(&format!("fel: {shown}:")), "{}", run.stderr);
    assert!(!run.stderr.contains("//"), "{}", run.stderr);
}

/// Issue 31, item 6: a build killed at any moment — while it builds, or while it clears the
/// work folder a killed build left — never blocks the builds after it, and the output is
/// always one complete site, the old or the new.
#[test]
fn builds_killed_at_random_moments_never_block_a_later_build_or_break_the_output() {
    let site = TestSite::fixture("basic");
    // Enough files that clearing a work folder takes a while and a kill can land inside it.
    for i in 0..200 {
        site.write(&format!("static/filer/f{i}.txt"), &format!("fil {i}\n"));
    }
    // A copy of the binary: the shared target folder's may be replaced during the test's minute.
    let bin_dir = crate::common::scratch();
    let bin = bin_dir.path().join("notis");
    std::fs::copy(env!("CARGO_BIN_EXE_notis"), &bin).unwrap();
    let build = || {
        Command::new(&bin)
            .args(["build", "--now", site.now, "--root"])
            .arg(site.root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let version = |v: usize| site.write("content/nyheter/vaxlar.md", &article(&format!("Version {v}"), ""));
    let mut complete = Vec::new();
    let mut full = std::time::Duration::ZERO;
    for v in 0..2 {
        version(v);
        let started = std::time::Instant::now();
        assert!(build().wait().unwrap().success());
        full = started.elapsed();
        complete.push(snapshot_tree(&site.public()));
    }
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut random = Xorshift(seed);
    let staging = site.root().join(".public.notis-staging");
    let (mut kills, mut with_leftover, mut round) = (0, 0, 0);
    while kills < 100 {
        let v = round % 2;
        round += 1;
        version(v);
        // One to three builds killed in a row: the later ones are killed while they clear
        // what the earlier ones left.
        for _ in 0..=random.below(3) {
            with_leftover += usize::from(staging.exists());
            let mut child = build();
            let delay = random.below(full.as_micros() as u64 + 1);
            std::thread::sleep(std::time::Duration::from_micros(delay));
            child.kill().unwrap(); // SIGKILL
            child.wait().unwrap();
            kills += 1;
            assert!(
                complete.contains(&snapshot_tree(&site.public())),
                "after kill {kills} at {delay} µs public/ is not a complete site (seed {seed})"
            );
        }
        let run = build().wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(
            run.status.success(),
            "the build after kill {kills} failed (seed {seed}):\n{stderr}"
        );
        assert!(
            snapshot_tree(&site.public()) == complete[v],
            "the build after kill {kills} is not version {v} (seed {seed})"
        );
    }
    println!(
        "seed {seed}: {kills} kills within a build's {full:?}, {with_leftover} of them of a build that found a work folder to clear"
    );
}

/// A small random number generator, so the kill test needs no crate and can be replayed.
struct Xorshift(u64);

impl Xorshift {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// Issue 31, item 7: an output folder that is a mount point (a Docker volume, a CI cache)
/// cannot be swapped; its contents are replaced file by file instead, and the summary says so.
/// Mounts a tmpfs in a namespace of its own (`unshare`); skipped where that is not allowed.
#[test]
fn a_mount_point_output_is_replaced_file_by_file() {
    if !Command::new("unshare")
        .args(["-rm", "true"])
        .status()
        .is_ok_and(|s| s.success())
    {
        println!("skipped: `unshare -rm` (a mount namespace) is not available here");
        return;
    }
    let site = TestSite::fixture("basic");
    site.write("static/filer/bort.txt", "tas bort\n");
    site.write("static/filer/kvar.txt", "blir kvar\n");
    let work = crate::common::scratch();
    let (mnt, copy) = (work.path().join("mnt"), work.path().join("kopia"));
    std::fs::create_dir(&mnt).unwrap();
    // Run inside the namespace, where the mount lives: build, change the site, build again,
    // then copy the result out for the checks (the mount ends with the namespace).
    let script = r#"set -e
        mount -t tmpfs none "$MNT"
        "$NOTIS" build --now "$NOW" --root "$SITE" --output "$MNT"
        stat -c %i "$MNT/filer/kvar.txt" > "$WORK/inode-1"
        rm "$SITE/static/filer/bort.txt"
        printf 'ny\n' > "$SITE/static/filer/ny.txt"
        printf -- '---\ntitle: Ny\ndate: 2024-03-02\n---\nText.\n' > "$SITE/content/nyheter/ny.md"
        "$NOTIS" build --now "$NOW" --root "$SITE" --output "$MNT"
        stat -c %i "$MNT/filer/kvar.txt" > "$WORK/inode-2"
        ls -A "$WORK" > "$WORK/beside"
        cp -a "$MNT" "$COPY""#;
    let out = Command::new("unshare")
        .args(["-rm", "sh", "-c", script])
        .env("MNT", &mnt)
        .env("COPY", &copy)
        .env("WORK", work.path())
        .env("SITE", site.root())
        .env("NOW", NOW)
        .env("NOTIS", env!("CARGO_BIN_EXE_notis"))
        .env("NO_COLOR", "1")
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .output()
        .unwrap();
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert_eq!(
        stdout.matches("är en monteringspunkt").count(),
        2,
        "the summary names the file-by-file replacement:\n{stdout}"
    );
    // Unchanged files count as unchanged, although no hard link reaches across the mount.
    let second = stdout.lines().filter(|l| l.starts_with("byggde")).nth(1).unwrap();
    let number = |after: &str| -> usize {
        let tail = second.split(after).nth(1).unwrap().trim_start();
        tail[..tail.find(' ').unwrap()].parse().unwrap()
    };
    assert!(number("; ") < number("byggde"), "{second}");
    let clean = crate::common::scratch();
    let clean_out = clean.path().join("public");
    assert_eq!(site.build(&["--output", clean_out.to_str().unwrap()]).code, 0);
    assert_same_tree(&copy, &clean_out);
    let read = |name: &str| std::fs::read_to_string(work.path().join(name)).unwrap();
    assert_eq!(read("inode-1"), read("inode-2"), "an unchanged file was rewritten");
    let beside = read("beside");
    let beside: Vec<&str> = beside.lines().filter(|l| l.starts_with(".mnt.")).collect();
    assert_eq!(
        beside,
        [".mnt.notis-cache", ".mnt.notis-lock"],
        "work folders left behind"
    );
}

/// The build that writes and the build that finds nothing to do count the same files
/// (the up-to-date one counted the marker too).
#[test]
fn an_up_to_date_build_counts_the_files_the_build_wrote() {
    let site = TestSite::fixture("basic");
    let files = |line: &str, before: &str| -> String {
        let tail = &line[line.find(before).unwrap() + before.len()..];
        tail[..tail.find(' ').unwrap()].to_string()
    };
    let built = site.build(&[]);
    let again = site.build(&[]);
    assert!(again.stdout.contains("är aktuell"), "{}", again.stdout);
    assert_eq!(files(&built.stdout, "byggde "), files(&again.stdout, "aktuell ("));
}
