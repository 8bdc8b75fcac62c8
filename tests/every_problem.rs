//! "Every problem at once, readable at any volume": `helpbook check` and
//! `helpbook build` run as a user runs them (the real binary, real sites in
//! temp dirs) report every problem in one run, and the human report stays
//! short however many there are.

use std::path::Path;
use std::process::{Command, Output};

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create dir");
    }
    std::fs::write(path, text).expect("write fixture file");
}

fn helpbook(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_helpbook"))
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .expect("run helpbook")
}

/// The JSON Lines of `check --format json` as values.
fn json_lines(output: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line: {line}: {e}"))
        })
        .collect()
}

/// `(file, line, code, severity)` of each diagnostic.
fn places(diagnostics: &[serde_json::Value]) -> Vec<(String, u64, String, String)> {
    diagnostics
        .iter()
        .map(|d| {
            let text = |key: &str| d[key].as_str().unwrap_or_default().to_string();
            (
                text("file"),
                d["line"].as_u64().unwrap_or_default(),
                text("code"),
                text("severity"),
            )
        })
        .collect()
}

const BOOK: &str = r#"title = "Example Wallet Help"
base_url = "https://help.example.com/"
default_language = "en"
languages = ["en"]

[[contacts]]
channel = "phone"
value = "+1 202 555 0100"
label = "Hotline"

[check]
allowed_domains = ["example.com"]
"#;

fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "book.toml", BOOK);
    dir
}

#[test]
fn five_front_matter_mistakes_in_one_file_are_five_errors_in_one_run() {
    let site = site();
    let root = site.path();
    write(
        root,
        "content/en/release/maintenance.md",
        "---\ntitle: [Maintenance]\norder: first\ntags: {wallet: yes}\nupdated: last week\ndate: 2026-05-18\nplatforms: [ios, fridge]\n---\n\nThe app is offline on 18 May.\n",
    );
    write(
        root,
        "content/en/faq/fine.md",
        "---\ntitle: Fine\n---\n\nNothing wrong here.\n",
    );
    let output = helpbook(&["check", "--format", "json"], root);
    assert_eq!(output.status.code(), Some(1));
    let file = "content/en/release/maintenance.md";
    let got: Vec<(String, u64, String, String)> = places(&json_lines(&output))
        .into_iter()
        .filter(|(f, ..)| f == file)
        .collect();
    let expected: Vec<(String, u64, String, String)> = [2, 3, 4, 5, 7]
        .iter()
        .map(|&line| {
            (
                file.to_string(),
                line,
                "front-matter".to_string(),
                "error".to_string(),
            )
        })
        .collect();
    assert_eq!(got, expected, "{}", String::from_utf8_lossy(&output.stdout));
}

#[test]
fn contact_and_link_errors_come_in_the_same_run_as_front_matter_errors() {
    let site = site();
    let root = site.path();
    // Broken YAML in one article, a wrong type in another...
    write(
        root,
        "content/en/faq/broken.md",
        "---\ntitle: [unclosed\n---\n\nCall +1 202 555 0177.\n",
    );
    write(
        root,
        "content/en/faq/mistyped.md",
        "---\ntitle: Mistyped\norder: first\n---\n\nText.\n",
    );
    // ...and the articles that parsed are still checked: an unlisted
    // number, a broken link; a link to an article left out for its own
    // errors is not called broken.
    write(
        root,
        "content/en/faq/withdrawals.md",
        "---\ntitle: Withdrawals\n---\n\nCall +1 202 555 0199 or read [this](broken.md) and [that](gone.md).\n",
    );
    let output = helpbook(&["check", "--format", "json"], root);
    assert_eq!(output.status.code(), Some(1));
    let got = places(&json_lines(&output));
    let expected: Vec<(String, u64, String, String)> = [
        ("content/en/faq/broken.md", 2, "front-matter", "error"),
        ("content/en/faq/mistyped.md", 3, "front-matter", "error"),
        ("content/en/faq/withdrawals.md", 5, "contact", "error"),
        ("content/en/faq/withdrawals.md", 5, "broken-link", "warning"),
    ]
    .iter()
    .map(|&(f, l, c, s)| (f.to_string(), l, c.to_string(), s.to_string()))
    .collect();
    assert_eq!(got, expected, "{}", String::from_utf8_lossy(&output.stdout));

    // `build` reports the same errors and writes nothing.
    let out = root.join("public");
    let build = Command::new(env!("CARGO_BIN_EXE_helpbook"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run helpbook build");
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert_eq!(build.status.code(), Some(1), "{stderr}");
    for wanted in [
        "--> content/en/faq/broken.md:2",
        "--> content/en/faq/mistyped.md:3",
        "error[contact]: phone number `+1 202 555 0199`",
    ] {
        assert!(stderr.contains(wanted), "{wanted} missing:\n{stderr}");
    }
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn three_unknown_book_toml_keys_and_two_wrong_types_are_five_errors() {
    let site = site();
    let root = site.path();
    write(
        root,
        "content/en/faq/fine.md",
        "---\ntitle: Fine\n---\n\nText.\n",
    );
    write(
        root,
        "book.toml",
        r#"title = "Example Wallet Help"
base_url = "https://help.example.com/"
defualt_language = "en"
default_language = "en"
languages = ["en"]

[[contacts]]
channel = "phone"
value = "+1 202 555 0100"
lable = "Hotline"
hours = 24

[check]
allowed_domain = ["example.com"]
max_verified_age_days = "half a year"
"#,
    );
    let output = helpbook(&["check", "--format", "json"], root);
    assert_eq!(output.status.code(), Some(1));
    let diagnostics = json_lines(&output);
    let got: Vec<(u64, String, String)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap_or_default(),
                d["message"].as_str().unwrap_or_default().to_string(),
                d["help"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(got.len(), 5, "{got:#?}");
    assert!(
        diagnostics
            .iter()
            .all(|d| d["file"] == "book.toml" && d["code"] == "config")
    );
    let unknown = |line: u64, key: &str, meant: &str| {
        (
            line,
            format!("unknown key `{key}`"),
            format!("did you mean `{meant}`?"),
        )
    };
    assert_eq!(got[0], unknown(3, "defualt_language", "default_language"));
    assert_eq!(got[1], unknown(10, "lable", "label"));
    assert_eq!(got[3], unknown(14, "allowed_domain", "allowed_domains"));
    assert_eq!(got[2].0, 11);
    assert!(
        got[2].1.starts_with("`hours`: invalid type: integer `24`"),
        "{got:#?}"
    );
    assert_eq!(got[4].0, 15);
    assert!(
        got[4]
            .1
            .starts_with("`max_verified_age_days`: invalid type: string"),
        "{got:#?}"
    );
}

/// 20,000 references to a contact id that is not in the registry (a typo
/// of `hotline`, `contact:hotlne`): 400 articles of 50 lines.
fn site_with_20000_copies_of_one_mistake() -> tempfile::TempDir {
    let site = site();
    let book = BOOK.replace(
        "label = \"Hotline\"",
        "label = \"Hotline\"\nid = \"hotline\"",
    );
    write(site.path(), "book.toml", &book);
    for article in 0..400 {
        let mut text = format!("---\ntitle: Branch list {article}\n---\n\n");
        for line in 0..50 {
            text.push_str(&format!("- Branch {line}: [call us](contact:hotlne).\n"));
        }
        write(
            site.path(),
            &format!("content/en/faq/branches-{article:03}.md"),
            &text,
        );
    }
    site
}

#[test]
fn twenty_thousand_copies_of_one_mistake_are_a_short_report_and_twenty_thousand_records() {
    let site = site_with_20000_copies_of_one_mistake();
    let root = site.path();

    let human = helpbook(&["check"], root);
    assert_eq!(human.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&human.stderr);
    let lines = stderr.lines().count();
    assert!(lines < 40, "{lines} lines:\n{stderr}");
    assert_eq!(stderr.matches("error[contact-ref]:").count(), 3, "{stderr}");
    assert!(
        stderr.contains("did you mean `contact:hotline`?"),
        "{stderr}"
    );
    for wanted in [
        "… and 19,997 more like this (contact-ref)\n    in content/en/faq/branches-000.md, content/en/faq/branches-001.md, content/en/faq/branches-002.md, …",
        "count  severity  code\n20,000  error     contact-ref\n",
        "check failed: 20,000 errors, 0 warnings, 0 notes",
    ] {
        assert!(stderr.contains(wanted), "{wanted} missing:\n{stderr}");
    }

    let json = helpbook(&["check", "--format", "json"], root);
    let records = json_lines(&json);
    assert_eq!(records.len(), 20_000);
    assert!(
        records
            .iter()
            .all(|d| d["code"] == "contact-ref" && d["line"].as_u64() > Some(4))
    );

    // `build` prints its errors the same way, and writes nothing.
    let out = root.join("public");
    let build = Command::new(env!("CARGO_BIN_EXE_helpbook"))
        .args(["build", "--examples", "1", "--root"])
        .arg(root)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run helpbook build");
    assert_eq!(build.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&build.stderr);
    assert_eq!(stderr.matches("error[contact-ref]:").count(), 1, "{stderr}");
    assert!(stderr.contains("… and 19,999 more like this"), "{stderr}");
    assert!(stderr.contains("error: 20,000 errors found"), "{stderr}");
    assert!(stderr.lines().count() < 25, "{stderr}");
    assert!(!out.exists());
}

#[test]
fn max_errors_gives_a_short_list_errors_first() {
    let site = site();
    let root = site.path();
    write(
        root,
        "content/en/faq/links.md",
        "---\ntitle: Links\n---\n\n[a](a.md) [b](b.md) [c](c.md)\n\nCall +1 202 555 0188.\n",
    );
    write(
        root,
        "content/en/faq/mistyped.md",
        "---\ntitle: Mistyped\norder: first\n---\n\nText.\n",
    );
    let output = helpbook(&["check", "--max-errors", "2"], root);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let headers: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("error[") || l.starts_with("warning["))
        .collect();
    assert_eq!(
        headers,
        [
            "error[contact]: phone number `+1 202 555 0188` is not in the official contact registry",
            "error[front-matter]: `order`: must be a whole number, e.g. `order: 3`",
        ],
        "{stderr}"
    );
    assert!(stderr.contains("… and 3 more not shown"), "{stderr}");
    assert!(stderr.contains("    3  warning   broken-link"), "{stderr}");
    assert!(
        stderr.contains("check failed: 2 errors, 3 warnings, 0 notes"),
        "{stderr}"
    );
}
