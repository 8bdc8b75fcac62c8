//! The build's warning when the static search index outgrows its budget:
//! a generated help center built as a user builds it, with the budget in
//! `book.toml` below and above its largest shard.

mod common;

use common::{build_site, generate_corpus};

use std::path::Path;
use std::process::Output;

fn build(site: &Path, out: &Path) -> Output {
    build_site(site, out, &[])
}

/// The largest shard file of each language's static index, in bytes.
fn largest_shards(out: &Path) -> Vec<(String, u64)> {
    let mut largest = Vec::new();
    for language in ["zh-cn", "en"] {
        let mut max = 0;
        let shards = out.join("search").join(language).join("shards");
        for shard in std::fs::read_dir(shards).expect("shards") {
            max = max.max(shard.expect("shard").metadata().expect("metadata").len());
        }
        largest.push((language.to_string(), max));
    }
    largest
}

/// One warning per language in `stderr`, with its largest shard's size
/// and the budget of 8 KiB.
fn warns_of_each(stderr: &str, largest: &[(String, u64)]) {
    for (language, size) in largest {
        let expected = format!(
            "the static search index of `{language}` has a shard of {} KiB (budget 8 KiB)",
            size.div_ceil(1024)
        );
        assert!(stderr.contains(&expected), "{expected}\nnot in:\n{stderr}");
    }
}

#[test]
fn build_warns_with_the_figure_when_a_shard_exceeds_the_budget() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    generate_corpus(&site, 400, 7);
    let out = dir.path().join("public");

    // The default budget (200 KiB) is far above a 400-article site.
    let quiet = String::from_utf8_lossy(&build(&site, &out).stderr).into_owned();
    assert!(!quiet.contains("search-size"), "{quiet}");
    let largest = largest_shards(&out);
    for (language, size) in &largest {
        assert!(*size > 8 * 1024, "{language}: largest shard {size} bytes");
    }

    // Below the largest shard: one warning per language, with its size.
    let book = site.join("book.toml");
    let original = std::fs::read_to_string(&book).expect("book.toml");
    std::fs::write(
        &book,
        format!("{original}\n[search]\nstatic_budget_kb = 8\n"),
    )
    .expect("write");
    let stderr = String::from_utf8_lossy(&build(&site, &out).stderr).into_owned();
    warns_of_each(&stderr, &largest);
    assert!(
        stderr.contains("helpbook export --format opensearch"),
        "{stderr}"
    );
    // Built again unchanged, every shard is kept from the previous site,
    // and the budget still sees their sizes.
    let again = String::from_utf8_lossy(&build(&site, &out).stderr).into_owned();
    warns_of_each(&again, &largest);

    // 0 turns the warning off.
    std::fs::write(
        &book,
        format!("{original}\n[search]\nstatic_budget_kb = 0\n"),
    )
    .expect("write");
    let stderr = String::from_utf8_lossy(&build(&site, &out).stderr).into_owned();
    assert!(!stderr.contains("search-size"), "{stderr}");
}
