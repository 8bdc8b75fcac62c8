//! Shared by the benches: the generated help center they measure.

use std::path::{Path, PathBuf};

/// `bench/gen_corpus.py`'s site of `articles` articles, generated once into
/// the temp dir (the same folder `bench/build.sh` uses).
pub fn corpus(articles: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("helpbook-bench-{articles}"));
    if !dir.join("book.toml").exists() {
        let status = std::process::Command::new("python3")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/gen_corpus.py"))
            .args([
                "--articles",
                &articles.to_string(),
                "--format",
                "helpbook",
                "--force",
                "--out",
            ])
            .arg(&dir)
            .status()
            .expect("python3 runs bench/gen_corpus.py");
        assert!(status.success(), "gen_corpus.py failed");
    }
    dir
}
