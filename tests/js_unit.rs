//! Runs the JavaScript unit tests (`tests/js/*.test.mjs`, Node's built-in
//! test runner) as part of `cargo test`, so one command runs everything.

use std::path::PathBuf;
use std::process::Command;

#[test]
fn javascript_unit_tests_pass() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/js");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/js exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    assert!(
        !files.is_empty(),
        "no JavaScript tests found in {}",
        dir.display()
    );
    let output = Command::new(std::env::var("NODE").unwrap_or_else(|_| "node".into()))
        .arg("--test")
        .args(&files)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node (Node.js 20 is needed): {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "JavaScript tests failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("# fail 0"), "{stdout}");
}
