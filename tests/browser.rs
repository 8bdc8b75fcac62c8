//! Builds the sample site into a temp dir and runs the browser tests in
//! `tests/browser/` (headless Chromium through playwright-core, axe-core
//! for accessibility) against it.
//!
//! Each browser test is reported by name as it finishes (Node's spec
//! reporter writes straight to the terminal, past cargo's capture); the
//! TAP report in a temp file is what this test reads for the result.
//!
//! Needs `npm ci --prefix tests/browser` and Chromium at /usr/bin/chromium
//! (or `CHROMIUM=/path`); `scripts/test.sh` sets both up.

use std::path::{Path, PathBuf};
use std::process::Command;

use helpbook::BuildOptions;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn verification_page_in_headless_chromium() {
    let browser_tests = repo().join("tests/browser");
    for package in ["playwright-core", "axe-core"] {
        assert!(
            browser_tests.join("node_modules").join(package).is_dir(),
            "tests/browser/node_modules/{package} is missing: run `npm ci --prefix tests/browser` (it installs playwright-core and axe-core, no browser download)"
        );
    }
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        Path::new(&chromium).exists(),
        "no Chromium at {}: install it (`apt-get install -y chromium`) or set CHROMIUM=/path/to/chromium",
        chromium.display()
    );

    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    helpbook::build(&BuildOptions {
        root: repo(),
        out: out.clone(),
        base_url: None,
        drafts: false,
        strict: false,
        force: false,
        index_out: None,
    })
    .unwrap_or_else(|e| panic!("the sample site must build:\n{e}"));

    let node = std::env::var_os("NODE").unwrap_or_else(|| "node".into());
    let tap = dir.path().join("browser-tests.tap");
    let status = Command::new(&node)
        .arg("--test")
        .arg("--test-reporter=spec")
        .arg("--test-reporter-destination=stderr")
        .arg("--test-reporter=tap")
        .arg(format!("--test-reporter-destination={}", tap.display()))
        .arg(&browser_tests)
        .current_dir(&browser_tests)
        .env("HELPBOOK_SITE", &out)
        .env("CHROMIUM", &chromium)
        .status()
        .unwrap_or_else(|e| {
            panic!("cannot run Node ({node:?}): {e}; install Node.js 20+ or set NODE")
        });
    let report = std::fs::read_to_string(&tap).unwrap_or_default();
    assert!(status.success(), "browser tests failed:\n{report}");
    assert!(
        report.contains("verification") || report.contains("official numbers"),
        "the verification page tests did not run:\n{report}"
    );
    assert!(
        report.contains("search"),
        "the search tests (search.test.mjs) did not run:\n{report}"
    );
    assert!(
        report.contains("axe-core finds no violations") && report.contains("keyboard only"),
        "the accessibility tests (a11y.test.mjs) did not run:\n{report}"
    );
    assert!(report.contains("# fail 0"), "{report}");
}
