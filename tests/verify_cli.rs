//! `helpbook verify` and the contact verdict of `helpbook search --json`:
//! the real binary on the built sample site, answering from its published
//! contacts.json exactly as the verification page does.

mod common;

use common::{helpbook, repo};

use std::path::{Path, PathBuf};

fn built_sample() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    let index = dir.path().join("index");
    let output = helpbook(&[
        "build",
        "--root",
        repo().to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
        "--index-out",
        index.to_str().expect("utf-8"),
        "--quiet",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (dir, out)
}

fn verify(site: &Path, args: &[&str]) -> (i32, String) {
    let mut all = vec!["verify", "--site", site.to_str().expect("utf-8")];
    all.extend_from_slice(args);
    let output = helpbook(&all);
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

#[test]
fn verify_answers_like_the_verification_page_and_exits_zero_only_for_official() {
    let (_dir, site) = built_sample();
    let cases = [
        ("+1 (202) 555-0100", 0, "Official: Support hotline."),
        ("support@example.com", 0, "Official: Support email."),
        ("2.4.0", 0, "An official release: version 2.4.0."),
        (
            "+1 202 555 0142",
            1,
            "Not ours: it belongs to Example Bank (the card issuer).",
        ),
        (
            "+86 400 555 0199",
            1,
            "REPORTED SCAM, first reported on 2026-10-02.",
        ),
        (
            "https://examp1e.com/login",
            1,
            "IMITATION: it imitates our official example.com",
        ),
        ("020-2555-0100", 1, "This is NOT an official contact."),
        ("+86 202 555 0100", 1, "This is NOT an official contact."),
        ("http://example.org/phish", 1, "another organisation's site"),
        ("hello", 1, "does not look like a phone number"),
    ];
    for (value, code, wording) in cases {
        let (status, stdout) = verify(&site, &[value, "--lang", "en"]);
        assert_eq!(status, code, "{value}: {stdout}");
        assert!(stdout.contains(wording), "{value}: {stdout}");
    }
    // Chinese by default (the site's default language), official channels listed.
    let (status, stdout) = verify(&site, &["微信 examplewallet_kefu"]);
    assert_eq!(status, 1);
    assert!(stdout.contains("已被举报的诈骗！"), "{stdout}");
    assert!(stdout.contains("客服热线: +1 202 555 0100"), "{stdout}");
}

#[test]
fn verify_json_carries_the_verdict_and_its_wording() {
    let (_dir, site) = built_sample();
    let (status, stdout) = verify(&site, &["bank.example.net", "--lang", "en", "--json"]);
    assert_eq!(status, 1);
    let v: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(v["status"], "third_party");
    assert_eq!(
        v["third_party"]["owner"]["en"],
        "Example Bank (the card issuer)"
    );
    assert_eq!(v["found"]["kind"], "domain");
    assert_eq!(
        v["headline"],
        "Not ours: it belongs to Example Bank (the card issuer)."
    );
    // The same words as the verification page: both come from contacts.json.
    let published: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.join("contacts.json")).expect("contacts.json"),
    )
    .expect("JSON");
    assert_eq!(
        v["advice"],
        published["messages"]["en"]["verify_advice_third_party"]
    );
}

#[test]
fn verify_without_a_built_site_says_what_to_do() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (status, _) = verify(dir.path(), &["+1 202 555 0100"]);
    assert_eq!(status, 1);
    let output = helpbook(&["verify", "x", "--site", dir.path().to_str().expect("utf-8")]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("helpbook build"), "{stderr}");
}

#[test]
fn search_json_carries_the_verdict_of_a_query_that_is_a_contact() {
    let (dir, _site) = built_sample();
    // The index folder carries the site's contacts.json for the verdicts.
    let index = dir.path().join("index");
    let search = |query: &str| -> serde_json::Value {
        let output = helpbook(&[
            "search",
            query,
            "--index",
            index.to_str().expect("utf-8"),
            "--lang",
            "en",
            "--json",
        ]);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("JSON")
    };
    let scam = search("+86 400 555 0199");
    assert_eq!(scam["contact"]["status"], "scam");
    assert!(
        scam["contact"]["headline"]
            .as_str()
            .is_some_and(|h| h.starts_with("REPORTED SCAM"))
    );
    let ordinary = search("reset password");
    assert!(ordinary["contact"].is_null());
    assert!(!ordinary["hits"].as_array().expect("hits").is_empty());
    // An amount is not a phone number.
    assert!(
        search("10000")
            .get("contact")
            .is_some_and(serde_json::Value::is_null)
    );
}
