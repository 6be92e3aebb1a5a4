//! Test helpers: copy a fixture site to a temp folder, run the real `notis` binary on it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

pub const NOW: &str = "2024-04-01 12:00";
/// After the sample site's newest article (a future date means scheduled).
pub const SAMPLE_NOW: &str = "2026-11-27 12:00";

pub struct TestSite {
    pub dir: tempfile::TempDir,
    /// The `--now` of `build` unless a test gives its own.
    pub now: &'static str,
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// The binary under test: `NOTIS_BIN` if set, else the one cargo built. Worktrees that
/// share one target folder replace each other's `target/debug/notis`; a copy named by
/// `NOTIS_BIN` stays the one that was built.
pub fn notis_binary() -> PathBuf {
    std::env::var_os("NOTIS_BIN").map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_notis")), PathBuf::from)
}

/// A new empty folder for a test, removed when dropped.
///
/// The suite creates and deletes tens of thousands of small files. On this project's 2-core
/// Linux machine, doing that on the disk's file system was a quarter of the suite's time
/// (86 s against 66 s in memory), so on Linux the folders go to `/dev/shm` when it is a
/// folder with at least 2 GiB free (a container's is often 64 MiB); elsewhere, or without
/// the room, to the usual temporary folder. `NOTIS_TEST_TMP` names another place.
pub fn scratch() -> tempfile::TempDir {
    tempfile::tempdir_in(scratch_root()).unwrap()
}

fn scratch_root() -> &'static Path {
    static ROOT: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    ROOT.get_or_init(|| {
        if let Some(dir) = std::env::var_os("NOTIS_TEST_TMP") {
            return PathBuf::from(dir);
        }
        #[cfg(target_os = "linux")]
        {
            let shm = Path::new("/dev/shm");
            let room = rustix::fs::statvfs(shm).map_or(0, |s| s.f_bavail.saturating_mul(s.f_frsize));
            if room >= 2 << 30 && tempfile::tempdir_in(shm).is_ok() {
                return shm.to_path_buf();
            }
        }
        std::env::temp_dir()
    })
}

impl TestSite {
    /// A copy of tests/fixtures/NAME, so tests can edit it freely.
    pub fn fixture(name: &str) -> TestSite {
        let dir = scratch();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name),
            dir.path(),
        );
        TestSite { dir, now: NOW }
    }

    /// A copy of the repository's own sample site.
    pub fn sample() -> TestSite {
        let dir = scratch();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(root.join("site.yaml"), dir.path().join("site.yaml")).unwrap();
        copy_dir(&root.join("content"), &dir.path().join("content"));
        TestSite { dir, now: SAMPLE_NOW }
    }

    /// A copy of examples/NAME (a multi-site repository, say).
    pub fn example(name: &str) -> TestSite {
        let dir = scratch();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name),
            dir.path(),
        );
        TestSite { dir, now: SAMPLE_NOW }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn notis(&self, args: &[&str]) -> Run {
        let out = Command::new(notis_binary())
            .args(args)
            .arg("--root")
            .arg(self.root())
            .env("NO_COLOR", "1")
            // Messages in the default language, whatever the machine's locale.
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .output()
            .unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).replace(&self.root().display().to_string(), "[ROOT]"),
            stderr: String::from_utf8_lossy(&out.stderr).replace(&self.root().display().to_string(), "[ROOT]"),
        }
    }

    /// Like `notis`, with standard output as bytes (for output that is a file's content).
    pub fn notis_bytes(&self, args: &[&str]) -> (i32, Vec<u8>, String) {
        let out = Command::new(notis_binary())
            .args(args)
            .arg("--root")
            .arg(self.root())
            .env("NO_COLOR", "1")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .output()
            .unwrap();
        (
            out.status.code().unwrap_or(-1),
            out.stdout,
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// `notis build` plus `extra`, at `--now NOW` unless `extra` sets it.
    pub fn build(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build"];
        if !extra.contains(&"--now") {
            args.extend(["--now", self.now]);
        }
        args.extend_from_slice(extra);
        self.notis(&args)
    }

    /// Builds and asserts success.
    pub fn build_ok(&self) -> &Self {
        let run = self.build(&[]);
        assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.public().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.public().join(rel).exists()
    }

    pub fn html(&self, rel: &str) -> scraper::Html {
        scraper::Html::parse_document(&self.read(rel))
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Texts of all elements matching `selector`.
pub fn texts(doc: &scraper::Html, selector: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .map(|e| {
            e.text()
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Attribute `attr` of all elements matching `selector`.
pub fn attrs(doc: &scraper::Html, selector: &str, attr: &str) -> Vec<String> {
    let sel = scraper::Selector::parse(selector).unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// Every file under `dir` with its bytes, for comparing two builds.
pub fn snapshot_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            if entry.file_type().unwrap().is_dir() {
                walk(base, &entry.path(), out);
            } else {
                let rel = entry.path().strip_prefix(base).unwrap().display().to_string();
                out.push((rel, std::fs::read(entry.path()).unwrap()));
            }
        }
    }
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// Asserts two output folders hold the same files with the same bytes, naming any that differ.
pub fn assert_same_tree(a: &Path, b: &Path) {
    let (ta, tb) = (snapshot_tree(a), snapshot_tree(b));
    let names = |t: &[(String, Vec<u8>)]| t.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&ta), names(&tb), "different files");
    let differing: Vec<&String> = ta
        .iter()
        .zip(&tb)
        .filter(|(x, y)| x.1 != y.1)
        .map(|(x, _)| &x.0)
        .collect();
    assert!(differing.is_empty(), "files differ: {differing:?}");
}
