//! What several integration tests share: the repository, the helpbook
//! binary run as a user runs it, generated corpora and built trees read
//! back. Each test binary uses a part of it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The repository (the sample site is its root).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `helpbook ARGS…`, its output captured.
pub fn helpbook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_helpbook"))
        .args(args)
        .output()
        .expect("run helpbook")
}

/// `helpbook build --root SITE --out OUT EXTRA…`, which must succeed.
pub fn build_site(site: &Path, out: &Path, extra: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_helpbook"))
        .arg("build")
        .arg("--root")
        .arg(site)
        .arg("--out")
        .arg(out)
        .args(extra)
        .output()
        .expect("run helpbook");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// A generated help center (`bench/gen_corpus.py`, helpbook format) of
/// `articles` articles in `site`.
pub fn generate_corpus(site: &Path, articles: usize, seed: u64) {
    let status = Command::new("python3")
        .arg(repo().join("bench/gen_corpus.py"))
        .args(["--articles", &articles.to_string()])
        .args(["--format", "helpbook", "--seed", &seed.to_string(), "--out"])
        .arg(site)
        .stdout(Stdio::null())
        .status()
        .expect("python3 runs the corpus generator");
    assert!(status.success(), "gen_corpus.py failed");
}

/// Every file under `dir`: path relative to it (with `/`) → bytes.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(dir).expect("prefix");
            (
                relative.to_string_lossy().replace('\\', "/"),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}
