//! The README and docs/ work for someone who has only this repository: every relative
//! link in them resolves to a file in it, and the README says why each dependency is there.

use std::path::Path;

/// The text outside fenced code blocks and `inline code`, where examples live.
fn prose(text: &str) -> String {
    let mut out = String::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            let parts: Vec<&str> = line.split('`').collect();
            out.extend(parts.iter().step_by(2).copied());
            out.push('\n');
        }
    }
    out
}

/// Relative link targets of Markdown `[text](target)` in the prose of `text`; site
/// addresses (`/nyheter/…`) in examples are not files of the repository.
fn relative_links(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let text = prose(text);
    let mut rest = text.as_str();
    while let Some(i) = rest.find("](") {
        rest = &rest[i + 2..];
        let Some(end) = rest.find(')') else { break };
        let target = rest[..end].split('#').next().unwrap_or("").trim();
        if !target.is_empty()
            && !target.contains("://")
            && !target.starts_with(['/', '<'])
            && !target.starts_with("mailto:")
        {
            out.push(target.to_string());
        }
        rest = &rest[end..];
    }
    out
}

#[test]
fn every_relative_link_in_readme_and_docs_resolves_inside_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md"), root.join("bench/README.md")];
    for entry in std::fs::read_dir(root.join("docs")).unwrap().flatten() {
        if entry.path().extension().is_some_and(|e| e == "md") {
            files.push(entry.path());
        }
    }
    let mut broken = Vec::new();
    let mut checked = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for link in relative_links(&text) {
            checked += 1;
            let target = file.parent().unwrap().join(&link);
            let inside = target
                .canonicalize()
                .is_ok_and(|t| t.starts_with(root.canonicalize().unwrap()));
            if !inside {
                broken.push(format!("{}: {link}", file.strip_prefix(root).unwrap().display()));
            }
        }
    }
    assert!(checked > 0, "no links found: the test would prove nothing");
    assert!(
        broken.is_empty(),
        "links that lead nowhere in the repository: {broken:#?}"
    );
}

/// The names of the packages in the `[…dependencies]` tables of Cargo.toml.
fn dependencies(manifest: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_deps = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_deps = line.ends_with("dependencies]");
            continue;
        }
        if in_deps
            && !line.starts_with('#')
            && let Some((name, _)) = line.split_once('=')
        {
            out.push(name.trim().to_string());
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The project standard: the README says why each dependency is there. A dependency
/// added to Cargo.toml without a line in "Beroenden och varför" fails here.
#[test]
fn the_readme_explains_every_dependency() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let section = readme
        .split("## Beroenden och varför")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("the README has a section \"Beroenden och varför\"");
    let deps = dependencies(&manifest);
    assert!(deps.len() > 30, "too few dependencies found in Cargo.toml: {deps:?}");
    let missing: Vec<&String> = deps
        .iter()
        .filter(|d| !section.contains(&format!("**{d}**")) && !section.contains(&format!("**{d} ")))
        .collect();
    assert!(
        missing.is_empty(),
        "dependencies the README does not explain: {missing:?}"
    );
}
