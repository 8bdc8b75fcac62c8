//! `helpbook check` run as a user runs it: the real binary on real sites,
//! in all three output formats.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create dir");
    }
    std::fs::write(path, text).expect("write fixture file");
}

fn check(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_helpbook"))
        .arg("check")
        .arg("--root")
        .arg(root)
        .args(args)
        .output()
        .expect("run helpbook check")
}

/// A site with one of each problem `check` reports (and official contacts
/// in several spellings that must not be reported).
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(
        root,
        "book.toml",
        r#"title = "Fixture Help"
base_url = "https://help.example.com/"
default_language = "en"
languages = ["en", "zh-CN"]

[[contacts]]
channel = "phone"
value = "+1 202 555 0100"
label = "Hotline"

[[contacts]]
channel = "email"
value = "support@example.com"

[[contacts]]
channel = "qq"
value = "12345678"

[check]
allowed_domains = ["example.com"]
max_verified_age_days = 30
"#,
    );
    write(
        root,
        "content/en/faq/guide.md",
        "---
title: Guide
colour: red
---

Read [the missing page](missing.md) and [a lost heading](other.md#nowhere).
The [Chinese version](../../zh-CN/faq/other.md#不存在) too, and [ours](#steps).

![](pic.svg)
![a diagram](gone.png)

## Steps

Call +1 202 555 0100 or support@example.com, version 2.4.0 on 2026-11-18, fee 10000 USDT.
Never call +86 138 0013 9999.
Or mail help@examp1e.com, visit [support](https://example-wallet-help.com/login), QQ：87654321.
Or the same fake: １３８００１３９９９９.
Official: (202) 555-0100, ＋１ ２０２ ５５５ ０１００, [call](tel:+12025550100), QQ: 12345678, <https://help.example.com/x>.
See [all FAQ](/en/faq/) and [gone](/en/faq/nothing/), [other](/en/faq/other#details), [mail](mailto:support@example.com).
",
    );
    std::fs::copy(
        repo().join("content/en/security/2fa-setup.svg"),
        root.join("content/en/faq/pic.svg"),
    )
    .expect("copy image");
    write(
        root,
        "content/en/faq/other.md",
        "---\ntitle: Other\n---\n\n## Details\n\nText.\n",
    );
    write(
        root,
        "content/zh-CN/faq/other.md",
        "---\ntitle: 其他\n---\n\n## 详情\n\n正文。\n",
    );
    write(
        root,
        "content/en/security/safety.md",
        "---\ntitle: Safety\nverified: 2026-01-01\n---\n\nStay safe.\n",
    );
    write(
        root,
        "content/zh-CN/security/safety.md",
        "---\ntitle: 安全\nverified: 2026-11-01\n---\n\n注意安全。\n",
    );
    dir
}

const GUIDE: &str = "content/en/faq/guide.md";
const SAFETY: &str = "content/en/security/safety.md";

/// (file, line, column, code, severity), in the order `check` sorts them.
fn expected() -> Vec<(String, usize, usize, String, String)> {
    [
        (GUIDE, 2, 1, "missing-translation", "info"),
        (GUIDE, 3, 1, "front-matter", "warning"),
        (GUIDE, 6, 6, "broken-link", "warning"),
        (GUIDE, 6, 41, "broken-anchor", "warning"),
        (GUIDE, 7, 5, "broken-anchor", "warning"),
        (GUIDE, 9, 1, "image-alt", "warning"),
        (GUIDE, 10, 1, "missing-image", "warning"),
        (GUIDE, 15, 12, "contact", "error"),
        (GUIDE, 16, 9, "contact", "error"),
        (GUIDE, 16, 43, "contact", "error"),
        (GUIDE, 16, 83, "contact", "error"),
        // No `default_region`: national spellings are read as numbers of
        // the registry's countries (here the US, of +1 202 555 0100), so
        // the Chinese mobile of line 17 is not one, and an official number
        // written without its country code cannot be matched.
        (GUIDE, 18, 11, "contact", "error"),
        (GUIDE, 19, 29, "broken-link", "warning"),
        (SAFETY, 3, 1, "verified-age", "warning"),
    ]
    .iter()
    .map(|&(f, l, c, code, s)| (f.to_string(), l, c, code.to_string(), s.to_string()))
    .collect()
}

#[test]
fn json_reports_exactly_the_expected_diagnostics() {
    let site = fixture();
    let output = check(site.path(), &["--format", "json", "--today", "2026-11-24"]);
    assert_eq!(output.status.code(), Some(1), "errors fail the check");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let got: Vec<_> = stdout
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("not a JSON line: {line}: {e}"));
            for key in ["message", "severity", "code", "file"] {
                assert!(v[key].is_string(), "{key} missing in {line}");
            }
            (
                v["file"].as_str().unwrap_or_default().to_string(),
                v["line"].as_u64().unwrap_or_default() as usize,
                v["column"].as_u64().unwrap_or_default() as usize,
                v["code"].as_str().unwrap_or_default().to_string(),
                v["severity"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(got, expected(), "{stdout}");
    // The messages name what was found, as written.
    for written in [
        "+86 138 0013 9999",
        "help@examp1e.com",
        "https://example-wallet-help.com/login",
        "QQ：87654321",
        "(202) 555-0100",
    ] {
        assert!(
            stdout.contains(written),
            "{written} not reported:\n{stdout}"
        );
    }
    assert!(stdout.contains("is not translated into zh-CN"), "{stdout}");
}

#[test]
fn github_annotations_match_the_expected_diagnostics() {
    let site = fixture();
    let output = check(
        site.path(),
        &["--format", "github", "--today", "2026-11-24"],
    );
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let got: Vec<_> = stdout
        .lines()
        .map(|line| {
            let (command, rest) = line
                .strip_prefix("::")
                .and_then(|l| l.split_once(' '))
                .unwrap_or_else(|| panic!("not a workflow command: {line}"));
            let (properties, message) = rest.split_once("::").expect("::message");
            assert!(!message.is_empty() && !message.contains('\n'));
            let property = |name: &str| {
                properties
                    .split(',')
                    .find_map(|p| p.strip_prefix(&format!("{name}=")))
                    .unwrap_or_default()
                    .to_string()
            };
            let severity = match command {
                "error" => "error",
                "warning" => "warning",
                "notice" => "info",
                other => panic!("unexpected command {other}"),
            };
            (
                property("file"),
                property("line").parse().unwrap_or(0),
                property("col").parse().unwrap_or(0),
                property("title")
                    .strip_prefix("helpbook ")
                    .unwrap_or_default()
                    .to_string(),
                severity.to_string(),
            )
        })
        .collect();
    assert_eq!(got, expected(), "{stdout}");
}

#[test]
fn human_output_names_every_location_with_its_source_line() {
    let site = fixture();
    let output = check(site.path(), &["--today", "2026-11-24"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("\x1b["),
        "no colour when stderr is not a terminal"
    );
    let mut headers = Vec::new();
    for (file, line, column, code, severity) in expected() {
        headers.push(format!("{severity}[{code}]"));
        let location = format!("--> {file}:{line}:{column}");
        assert!(stderr.contains(&location), "{location} missing:\n{stderr}");
    }
    // Errors first, then warnings, then notes (the problems of one kind
    // together within).
    let mut got: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("]: ") && !l.starts_with(' '))
        .map(|l| l.split(": ").next().unwrap_or_default())
        .collect();
    let rank = |header: &&str| {
        ["error", "warning", "info"]
            .iter()
            .position(|s| header.starts_with(s))
    };
    assert!(got.is_sorted_by_key(rank), "{stderr}");
    got.sort();
    headers.sort();
    assert_eq!(got, headers, "{stderr}");
    assert!(
        stderr.contains(" 15 | Never call +86 138 0013 9999.\n    |            ^"),
        "{stderr}"
    );
    // More than ten problems: a table counts them by code.
    assert!(
        stderr.contains(
            "count  severity  code\n    5  error     contact\n    2  warning   broken-anchor\n"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains("check failed: 5 errors, 8 warnings, 1 note"),
        "{stderr}"
    );
}

#[test]
fn the_sample_site_is_clean() {
    let output = check(&repo(), &["--today", "2026-11-24"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        !stderr.contains("error[") && !stderr.contains("warning["),
        "{stderr}"
    );
    assert!(
        stderr.contains("check passed: 0 errors, 0 warnings"),
        "{stderr}"
    );
    // Strict too: nothing to turn into an error.
    let strict = check(&repo(), &["--today", "2026-11-24", "--strict"]);
    assert_eq!(strict.status.code(), Some(0));
}

#[test]
fn old_verified_dates_warn_and_fail_only_with_strict() {
    let later = ["--today", "2027-12-01", "--format", "json"];
    let output = check(&repo(), &later);
    assert_eq!(output.status.code(), Some(0), "warnings alone pass");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stale = stdout
        .lines()
        .filter(|l| l.contains("\"verified-age\""))
        .count();
    // The six contact and security articles of each language carry `verified:`.
    assert_eq!(stale, 12, "{stdout}");
    let strict = check(&repo(), &["--today", "2027-12-01", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn front_matter_errors_are_all_reported_with_their_place() {
    let site = fixture();
    write(
        site.path(),
        "content/en/faq/other.md",
        "---\ntitle: [unclosed\n---\n\nText.\n",
    );
    write(
        site.path(),
        "content/zh-CN/faq/other.md",
        "---\norder: many\n---\n\n正文。\n",
    );
    let output = check(site.path(), &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let errors: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("\"severity\":\"error\""))
        .collect();
    assert!(
        errors
            .iter()
            .any(|l| l.contains("content/en/faq/other.md") && l.contains("\"line\":2")),
        "{stdout}"
    );
    assert!(
        errors
            .iter()
            .any(|l| l.contains("content/zh-CN/faq/other.md")),
        "{stdout}"
    );
}

#[test]
fn build_refuses_to_publish_a_contact_that_is_not_official() {
    let site = fixture();
    let out = site.path().join("public");
    let output = Command::new(env!("CARGO_BIN_EXE_helpbook"))
        .arg("build")
        .arg("--root")
        .arg(site.path())
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run helpbook build");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error[contact]: phone number `+86 138 0013 9999`"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("missing-translation"),
        "info is for check only"
    );
    assert!(!out.exists(), "nothing is published");
}

#[test]
fn a_registry_entry_that_is_not_its_channel_is_a_config_error() {
    let site = fixture();
    let book = std::fs::read_to_string(site.path().join("book.toml")).expect("book.toml");
    let book = book.replace(
        "value = \"support@example.com\"",
        "value = \"support at example dot com\"",
    );
    std::fs::write(site.path().join("book.toml"), book).expect("write");
    let output = check(site.path(), &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().next().unwrap_or_default();
    assert!(
        line.contains("\"file\":\"book.toml\"")
            && line.contains("\"line\":13")
            && line.contains("is not an email address"),
        "{stdout}"
    );
}

#[test]
fn a_pin_naming_no_article_is_an_error_on_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(
        root,
        "book.toml",
        r#"title = "Pins"
base_url = "https://help.example.com/"
default_language = "en"
languages = ["en"]

[[search.pins]]
lang = "en"
exact = ["contact us"]
articles = ["contact-uss"]
"#,
    );
    write(
        root,
        "content/en/contact/contact-us.md",
        "---\ntitle: Contact us\nverified: 2026-11-01\n---\nWrite to us.\n",
    );
    let output = check(root, &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .find(|l| l.contains("contact-uss"))
        .unwrap_or_else(|| panic!("no diagnostic for the pin: {stdout}"));
    let d: serde_json::Value = serde_json::from_str(line).expect("json line");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "book.toml");
    assert_eq!(d["line"], 6);
    assert!(
        d["help"]
            .as_str()
            .is_some_and(|h| h.contains("did you mean `contact-us`")),
        "{d}"
    );
    // `build` refuses the site too, and writes nothing.
    let out = root.join("public");
    let build = Command::new(env!("CARGO_BIN_EXE_helpbook"))
        .args(["build", "--quiet", "--root"])
        .arg(root)
        .output()
        .expect("run helpbook build");
    assert_eq!(build.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&build.stderr).contains("contact-uss"));
    assert!(!out.exists());
}
