//! Incremental builds give exactly what a full build gives: the sample
//! site is built, changed at random (edits, additions, deletions, renames,
//! an image, book.toml), built again with the cache of the previous
//! builds, and compared file by file with a cold build of the same state.

mod common;

use common::{files, repo};

use std::path::{Path, PathBuf};

use helpbook::BuildOptions;

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn build(root: &Path, out: &Path) -> helpbook::BuildReport {
    helpbook::build(&BuildOptions {
        root: root.to_path_buf(),
        out: out.to_path_buf(),
        base_url: None,
        drafts: false,
        strict: false,
        force: false,
        index_out: None,
    })
    .unwrap_or_else(|e| panic!("the changed site must build:\n{e}"))
}

/// The output of a cold build (no cache, no previous output) of a copy of
/// the site at `root` as it is now, made in `dir` under `name`.
fn cold_build(root: &Path, dir: &Path, name: &str) -> std::collections::BTreeMap<String, Vec<u8>> {
    let cold_root = dir.join(format!("cold-{name}"));
    let cold_out = dir.join(format!("cold-public-{name}"));
    let _ = std::fs::remove_dir_all(&cold_root);
    let _ = std::fs::remove_dir_all(&cold_out);
    copy_dir(root, &cold_root);
    let _ = std::fs::remove_dir_all(cold_root.join(".helpbook"));
    build(&cold_root, &cold_out);
    let output = files(&cold_out);
    std::fs::remove_dir_all(&cold_root).expect("cleanup");
    std::fs::remove_dir_all(&cold_out).expect("cleanup");
    output
}

/// A small deterministic generator (xorshift).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn articles(root: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.expect("walk").into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    found.sort();
    found
}

/// Replaces `from` with `to` in the site's book.toml.
fn edit_config(root: &Path, from: &str, to: &str) {
    let path = root.join("book.toml");
    let text = std::fs::read_to_string(&path).expect("book.toml");
    assert!(text.contains(from), "book.toml has {from}");
    std::fs::write(&path, text.replace(from, to)).expect("write");
}

/// One random change that keeps the site buildable; says what it did.
fn change(root: &Path, rng: &mut Rng, round: usize) -> String {
    let all = articles(root);
    let faq: Vec<&PathBuf> = all
        .iter()
        .filter(|p| p.to_string_lossy().contains("/faq/"))
        .collect();
    let pick = |rng: &mut Rng| faq[rng.below(faq.len())].clone();
    match rng.below(8) {
        0 | 1 => {
            let path = pick(rng);
            let text = std::fs::read_to_string(&path).expect("read");
            std::fs::write(
                &path,
                format!("{text}\n## Added in round {round}\n\nA new paragraph about withdrawal fees and limits.\n"),
            )
            .expect("write");
            format!("edited the body of {}", path.display())
        }
        2 => {
            let path = pick(rng);
            let text = std::fs::read_to_string(&path).expect("read");
            let edited: Vec<String> = text
                .lines()
                .map(|l| {
                    if l.starts_with("title:") {
                        format!("{l} ({round})")
                    } else {
                        l.to_string()
                    }
                })
                .collect();
            std::fs::write(&path, edited.join("\n") + "\n").expect("write");
            format!("retitled {}", path.display())
        }
        7 => {
            // Front matter that only the page's head shows (its structured
            // data: keywords, dateModified): a tag and the update date.
            let path = pick(rng);
            let text = std::fs::read_to_string(&path).expect("read");
            let edited: Vec<String> = text
                .lines()
                .map(|l| match l {
                    l if l.starts_with("tags: [") => {
                        l.replacen("tags: [", &format!("tags: [round {round}, "), 1)
                    }
                    l if l.starts_with("updated:") => format!("updated: 2026-11-{:02}", round + 1),
                    l => l.to_string(),
                })
                .collect();
            std::fs::write(&path, edited.join("\n") + "\n").expect("write");
            format!("changed the tags and date of {}", path.display())
        }
        3 => {
            let lang = if rng.below(2) == 0 { "en" } else { "zh-CN" };
            let path = root.join(format!("content/{lang}/faq/new-{round}.md"));
            std::fs::write(
                &path,
                format!(
                    "---\ntitle: New question {round}\ncategory: account\n---\n\nSee [resetting a password](reset-password.md#top) and [limits](transaction-limits.md).\n\n## Steps\n\nOpen the app.\n"
                ),
            )
            .expect("write");
            format!("added {}", path.display())
        }
        4 => {
            // Delete an article nothing links to: one added earlier, else
            // write one and delete it in the next change.
            let added: Vec<&PathBuf> = all
                .iter()
                .filter(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("new-"))
                })
                .collect();
            match added.first() {
                Some(path) => {
                    std::fs::remove_file(path).expect("remove");
                    format!("deleted {}", path.display())
                }
                None => "nothing to delete".into(),
            }
        }
        5 => {
            let added: Vec<&PathBuf> = all
                .iter()
                .filter(|p| {
                    p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("new-"))
                })
                .collect();
            match added.first() {
                Some(path) => {
                    let to = path.with_file_name(format!("renamed-{round}.md"));
                    std::fs::rename(path, &to).expect("rename");
                    format!("renamed {} to {}", path.display(), to.display())
                }
                None => "nothing to rename".into(),
            }
        }
        _ => {
            let image = root.join("content/en/security/2fa-setup.svg");
            let svg = std::fs::read_to_string(&image).expect("svg");
            std::fs::write(
                &image,
                svg.replace("</svg>", &format!("<!-- {round} --></svg>")),
            )
            .expect("write");
            "changed an image".into()
        }
    }
}

#[test]
fn incremental_builds_are_byte_identical_to_full_builds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = site_copy(dir.path());
    small_chunks(&root);
    let out = dir.path().join("public");
    let first = build(&root, &out);
    assert_eq!(first.renderings_reused, 0, "the first build is cold");
    assert!(first.search_chunks > 5, "{} chunks", first.search_chunks);

    let mut rng = Rng(0x1ee7_5eed);
    let mut reused_total = 0;
    let mut chunks_reused = 0;
    let mut shards_kept = 0;
    for round in 0..8 {
        let mut done = Vec::new();
        for _ in 0..1 + rng.below(3) {
            done.push(change(&root, &mut rng, round));
        }
        if round == 1 {
            // A link to an article that does not exist yet …
            std::fs::write(
                root.join("content/en/faq/linker.md"),
                "---\ntitle: Linker\n---\n\nSee [the target](target.md#steps) and [reset](reset-password.md).\n",
            )
            .expect("write");
            done.push("added linker.md (its link points nowhere yet)".into());
        }
        if round == 3 {
            // … which appears: the linker's text is the same, its page is not.
            std::fs::write(
                root.join("content/en/faq/target.md"),
                "---\ntitle: Target\n---\n\n## Steps\n\nDo this.\n",
            )
            .expect("write");
            done.push("added target.md".into());
        }
        if round == 5 {
            // book.toml: every rendering depends on it.
            edit_config(
                &root,
                "Example Wallet Help Center",
                "Example Wallet Help Desk",
            );
            done.push("edited book.toml".into());
        }
        if round == 6 {
            // The registry: the structured data of every page names it.
            edit_config(
                &root,
                "label = \"Support hotline\"",
                "label = \"Support line\"",
            );
            done.push("edited a contact's label".into());
        }
        eprintln!("round {round}: {}", done.join("; "));
        let incremental = build(&root, &out);
        reused_total += incremental.renderings_reused;

        // A cold build of the same state, without the cache.
        let cold_root = dir.path().join(format!("cold-{round}"));
        copy_dir(&root, &cold_root);
        let _ = std::fs::remove_dir_all(cold_root.join(".helpbook"));
        let cold_out = dir.path().join(format!("cold-public-{round}"));
        let cold = build(&cold_root, &cold_out);
        assert_eq!(cold.renderings_reused, 0);

        let (a, b) = (files(&out), files(&cold_out));
        let only_a: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
        let only_b: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
        assert!(
            only_a.is_empty() && only_b.is_empty(),
            "round {round} ({done:?}): only in the incremental build {only_a:?}, only in the full one {only_b:?}"
        );
        for (path, bytes) in &a {
            assert!(
                *bytes == b[path],
                "round {round} ({done:?}): {path} differs from a full build"
            );
        }
        // The index folder too (the tantivy index, most of its segments
        // taken from the previous build's).
        let (a, b) = (files(&root.join(INDEX)), files(&cold_root.join(INDEX)));
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "round {round} ({done:?}): the index folders hold different files"
        );
        for (path, bytes) in &a {
            assert!(
                *bytes == b[path],
                "round {round} ({done:?}): index file {path} differs from a full build"
            );
        }
        assert_eq!(cold.search_chunks_indexed, cold.search_chunks);
        assert_eq!(incremental.search_chunks, cold.search_chunks);
        chunks_reused += incremental.search_chunks - incremental.search_chunks_indexed;
        shards_kept += incremental.search_shards_kept;
        eprintln!(
            "round {round}: {} shards made, {} kept",
            incremental.search_shards_made, incremental.search_shards_kept
        );
        std::fs::remove_dir_all(&cold_root).expect("cleanup");
        std::fs::remove_dir_all(&cold_out).expect("cleanup");
    }
    // The cache did its work: most renderings were reused.
    assert!(reused_total > 8 * 20, "renderings reused: {reused_total}");

    // Unchanged, built twice more: the second starts from the site the
    // first replaced and renders no page again.
    build(&root, &out);
    let unchanged = build(&root, &out);
    assert_eq!(unchanged.pages_reused, unchanged.pages);
    assert_eq!(unchanged.search_docs_made, 0, "every search document kept");
    assert_eq!(files(&out), cold_build(&root, dir.path(), "unchanged"));

    // One article's text edited: the pages that do not show it (its own
    // page, lists of related articles that change with the term
    // statistics) are kept, and the output is still a full build's.
    let edited_path = root.join("content/en/faq/reset-password.md");
    let mut text = std::fs::read_to_string(&edited_path).expect("article");
    text.push_str(
        "\n## One more heading\n\nOne more sentence about resetting a password, for the test.\n",
    );
    std::fs::write(&edited_path, text).expect("write");
    let edited = build(&root, &out);
    let rendered = edited.pages - edited.pages_reused;
    eprintln!("one edit: {rendered} of {} pages rendered", edited.pages);
    // Only the edited article's document file of the static index is made.
    assert_eq!(edited.search_docs_made, 1);
    assert!(
        (1..=5).contains(&rendered),
        "one edit rendered {rendered} of {} pages",
        edited.pages
    );
    assert_eq!(files(&out), cold_build(&root, dir.path(), "edited"));
    assert!(
        chunks_reused > 8 * 3,
        "index chunks reused: {chunks_reused}"
    );
    // The static index's shards were kept where their terms had not
    // changed (and the output compared equal all the same).
    assert!(shards_kept > 0, "static index shards kept: {shards_kept}");
}

/// The index folder inside a site (`build --index-out`'s default).
const INDEX: &str = ".helpbook/index";

/// Small index chunks (about 3 articles), so the sample site has many.
fn small_chunks(root: &Path) {
    edit_config(
        root,
        "\n[search]\n",
        "\n[search]\nindex_chunk_articles = 3\n",
    );
}

fn site_copy(dir: &Path) -> PathBuf {
    let root = dir.join("site");
    std::fs::create_dir_all(&root).expect("mkdir");
    std::fs::copy(repo().join("book.toml"), root.join("book.toml")).expect("book.toml");
    copy_dir(&repo().join("content"), &root.join("content"));
    if repo().join("themes").is_dir() {
        copy_dir(&repo().join("themes"), &root.join("themes"));
    }
    root
}

/// After an edit, some shards of the static index were cut again and
/// more were kept.
fn most_shards_kept(report: &helpbook::BuildReport, what: &str) {
    let (made, kept) = (report.search_shards_made, report.search_shards_kept);
    eprintln!("{what}: {made} shards made, {kept} kept");
    assert!(
        made >= 1 && kept > made,
        "{what}: {made} shards made, {kept} kept"
    );
}

/// What a build reports about the tantivy index's chunks: an edit to one
/// article indexes that article's chunk again and takes every other one
/// from the previous index; nothing changed, nothing is indexed.
#[test]
fn a_one_article_edit_indexes_one_chunk() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = site_copy(dir.path());
    small_chunks(&root);
    let out = dir.path().join("public");
    let cold = build(&root, &out);
    assert!(cold.search_chunks > 5, "{} chunks", cold.search_chunks);
    assert_eq!(cold.search_chunks_indexed, cold.search_chunks, "cold");

    let again = build(&root, &out);
    assert_eq!(again.search_chunks, cold.search_chunks);
    assert_eq!(again.search_chunks_indexed, 0, "nothing changed");
    // The related lists too: every segment's term statistics come from
    // the build cache, and every list is kept.
    assert_eq!(cold.related_parts_read, cold.search_chunks);
    assert_eq!(cold.related_ranked, cold.articles);
    assert_eq!((again.related_parts_read, again.related_ranked), (0, 0));
    // And the static index: every shard kept, none cut again.
    assert_eq!(cold.search_shards_kept, 0, "cold");
    assert_eq!(
        (again.search_shards_made, again.search_shards_kept),
        (0, cold.search_shards_made),
        "nothing changed"
    );

    let path = root.join("content/en/faq/reset-password.md");
    let text = std::fs::read_to_string(&path).expect("read");
    std::fs::write(
        &path,
        format!("{text}\nOne more sentence about passwords.\n"),
    )
    .expect("write");
    let edited = build(&root, &out);
    assert_eq!(edited.search_chunks, cold.search_chunks);
    assert_eq!(edited.search_chunks_indexed, 1, "one article edited");
    assert_eq!(edited.related_parts_read, 1, "one segment's terms read");
    assert!(
        edited.related_ranked < edited.articles,
        "{} of {} related lists ranked after one edit",
        edited.related_ranked,
        edited.articles
    );
    most_shards_kept(&edited, "one edit");

    // A new article: its own chunk only (which it may split in two).
    std::fs::write(
        root.join("content/zh-CN/faq/new-article.md"),
        "---\ntitle: 新问题\ncategory: account\n---\n\n打开应用。\n",
    )
    .expect("write");
    let added = build(&root, &out);
    assert!(
        (1..=2).contains(&added.search_chunks_indexed),
        "{} chunks indexed after one addition",
        added.search_chunks_indexed
    );
    assert!(added.search_chunks - added.search_chunks_indexed >= cold.search_chunks - 1);
}

/// The build after the first has no spare site to start from: it starts
/// from the output itself (its files hard-linked into the new site), so it
/// renders no page that did not change, and it never changes a file of the
/// site it replaces: after an edit, that site (now the spare) still holds
/// every byte it was served with, the edited article's page included.
#[test]
fn the_second_build_starts_from_the_output_without_changing_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = site_copy(dir.path());
    let out = dir.path().join("public");
    let first = build(&root, &out);
    assert_eq!(first.pages_reused, 0, "a cold build has nothing to reuse");
    assert_eq!(first.search_docs_made, first.articles);
    let served = files(&out);

    let edited_path = root.join("content/en/faq/reset-password.md");
    let mut text = std::fs::read_to_string(&edited_path).expect("article");
    text.push_str(
        "\n## One more heading\n\nOne more sentence about resetting a password, for the test.\n",
    );
    std::fs::write(&edited_path, text).expect("write");
    let second = build(&root, &out);
    assert_eq!(second.search_docs_made, 1, "only the edited article's");
    let rendered = second.pages - second.pages_reused;
    assert!(
        (1..=5).contains(&rendered),
        "the second build rendered {rendered} of {} pages",
        second.pages
    );
    let replaced = files(&root.join(".helpbook/spare/site"));
    assert_eq!(
        replaced.keys().collect::<Vec<_>>(),
        served.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &served {
        assert!(
            replaced[path] == *bytes,
            "{path} of the replaced site changed while the new one was built"
        );
    }
    let page = "en/faq/reset-password/index.html";
    assert!(files(&out)[page] != served[page], "the edited page changed");

    assert_eq!(files(&out), cold_build(&root, dir.path(), "second"));
}

/// Words of a made-up language, many and varied enough that the static
/// index has hundreds of shards.
fn word(rng: &mut Rng) -> String {
    const SYLLABLES: [&str; 24] = [
        "ka", "lo", "mi", "ne", "su", "ta", "ri", "vo", "pe", "zu", "ba", "do", "fi", "gu", "ho",
        "je", "ku", "la", "mo", "nu", "pi", "ro", "se", "ti",
    ];
    (0..2 + rng.below(3))
        .map(|_| SYLLABLES[rng.below(SYLLABLES.len())])
        .collect()
}

/// A site of `count` generated English articles of a few hundred words each.
fn generated_site(dir: &Path, count: usize) -> PathBuf {
    let root = dir.join("generated");
    std::fs::create_dir_all(root.join("content/en/faq")).expect("mkdir");
    std::fs::write(
        root.join("book.toml"),
        "title = \"Generated\"\nbase_url = \"https://help.example.com/\"\n\
         languages = [\"en\"]\ndefault_language = \"en\"\n\n[search]\n",
    )
    .expect("book.toml");
    let mut rng = Rng(0xa11c_e5ee);
    for n in 0..count {
        let title: Vec<String> = (0..3).map(|_| word(&mut rng)).collect();
        // Every 50th a short answer.
        let length = if n % 50 == 0 { 8 } else { 150 + rng.below(200) };
        let body: Vec<String> = (0..length).map(|_| word(&mut rng)).collect();
        std::fs::write(
            root.join(format!("content/en/faq/article-{n:04}.md")),
            format!(
                "---\ntitle: {}\ncategory: account\n---\n\n{}\n",
                title.join(" "),
                body.join(" ")
            ),
        )
        .expect("write");
    }
    root
}

/// The static index after an edit: only the shards of the terms whose
/// postings changed are cut again, the others are kept from the previous
/// site, and the site is exactly what a full build makes.
#[test]
fn an_edit_cuts_only_the_shards_of_its_changed_terms() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = generated_site(dir.path(), 400);
    small_chunks(&root);
    let out = dir.path().join("public");
    let cold = build(&root, &out);
    assert!(
        cold.search_shards_made > 50,
        "{} shards",
        cold.search_shards_made
    );
    let path = root.join("content/en/faq/article-0200.md");
    let text = std::fs::read_to_string(&path).expect("read");
    // One word replaced by one that no article has: the article's length
    // (its norms) is the same, so two terms change.
    let (head, body) = text.split_once("---\n\n").expect("front matter");
    let replaced = body.replacen(' ', " zyzzyva ", 1);
    let first_word = replaced.split(' ').next().unwrap_or_default().to_string();
    let edited_text = format!(
        "{head}---\n\n{}",
        replaced.replacen(&format!("{first_word} "), "", 1)
    );
    std::fs::write(&path, &edited_text).expect("write");
    let edited = build(&root, &out);
    eprintln!(
        "one word replaced: {} shards made, {} kept",
        edited.search_shards_made, edited.search_shards_kept
    );
    assert!(
        (1..=4).contains(&edited.search_shards_made)
            && edited.search_shards_kept + edited.search_shards_made >= cold.search_shards_made - 1,
        "one word replaced: {} shards made, {} kept",
        edited.search_shards_made,
        edited.search_shards_kept
    );
    assert_eq!(files(&out), cold_build(&root, dir.path(), "word"));

    // A sentence added to a short article: its norms change, so every
    // term of it does, and still most shards are kept.
    let path = root.join("content/en/faq/article-0100.md");
    let mut text = std::fs::read_to_string(&path).expect("read");
    text.push_str("\nkalo mine suta rivo kalo pezu bado\n");
    std::fs::write(&path, text).expect("write");
    let edited = build(&root, &out);
    most_shards_kept(&edited, "a sentence added");
    assert_eq!(files(&out), cold_build(&root, dir.path(), "paragraph"));
    assert_eq!(
        files(&root.join(INDEX)),
        {
            let cold_root = dir.path().join("cold-index");
            copy_dir(&root, &cold_root);
            std::fs::remove_dir_all(cold_root.join(".helpbook")).expect("no cache");
            build(&cold_root, &dir.path().join("cold-index-out"));
            files(&cold_root.join(INDEX))
        },
        "the index folder is a full build's too"
    );
}
