//! Long lists are split into pages: a kind with more articles than
//! `[listing] page_size` continues on `…/page/2/`, with `rel=prev/next`,
//! a page navigation, sitemap entries, and links `check` accepts.

use std::path::Path;

use helpbook::BuildOptions;

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn site(page_size: usize, articles: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(
        dir.path(),
        "book.toml",
        &format!(
            "title = \"Help\"\nbase_url = \"https://help.example.com/\"\ndefault_language = \"en\"\nlanguages = [\"en\"]\n\n[listing]\npage_size = {page_size}\n"
        ),
    );
    // Only a list longer than a page has a page two to link to.
    let link = if articles > page_size.max(1) {
        " See [page two](/en/faq/page/2/)."
    } else {
        ""
    };
    for i in 0..articles {
        let category = if i < articles / 2 {
            "account"
        } else {
            "payments"
        };
        write(
            dir.path(),
            &format!("content/en/faq/q{i:03}.md"),
            &format!(
                "---\ntitle: Question {i:03}\ncategory: {category}\ntags: [common]\n---\n\nAnswer {i}.{link}\n"
            ),
        );
    }
    dir
}

fn build(root: &Path) -> std::path::PathBuf {
    let out = root.join("public");
    helpbook::build(&BuildOptions {
        root: root.to_path_buf(),
        out: out.clone(),
        base_url: None,
        drafts: false,
        strict: true,
        force: false,
        index_out: None,
    })
    .unwrap_or_else(|e| panic!("the site must build (strict: no broken link):\n{e}"));
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_long_kind_page_is_split_into_pages() {
    let dir = site(10, 25);
    let out = build(dir.path());
    let one = read(&out.join("en/faq/index.html"));
    let two = read(&out.join("en/faq/page/2/index.html"));
    let three = read(&out.join("en/faq/page/3/index.html"));
    assert!(!out.join("en/faq/page/4").exists());
    assert!(
        !out.join("en/faq/page/1").exists(),
        "page 1 is the kind page itself"
    );
    let count = |html: &str| html.matches("Question ").count();
    // Titles appear once in the list (the page title is "FAQ …").
    assert_eq!((count(&one), count(&two), count(&three)), (10, 10, 5));
    assert!(one.contains("Question 000") && !one.contains("Question 010"));
    assert!(two.contains("Question 010") && two.contains("Question 019"));
    assert!(three.contains("Question 024"));
    // A category that spans two pages is named on both.
    assert!(
        two.contains(">account<") || two.contains("account"),
        "{two}"
    );
    // Links between pages, in the head and in the page.
    assert!(
        one.contains(r#"<link rel="next" href="/en/faq/page/2/">"#),
        "{one}"
    );
    assert!(!one.contains(r#"rel="prev""#));
    assert!(two.contains(r#"<link rel="prev" href="/en/faq/">"#));
    assert!(two.contains(r#"<link rel="next" href="/en/faq/page/3/">"#));
    assert!(two.contains(r#"<span aria-current="page">2</span>"#));
    assert!(
        two.contains(r#"<link rel="canonical" href="https://help.example.com/en/faq/page/2/">"#)
    );
    assert!(two.contains("<title>FAQ – Page 2"), "{two}");
    let sitemap = read(&out.join("sitemap.xml"));
    assert!(sitemap.contains("https://help.example.com/en/faq/page/3/"));
    // The tag page of 25 articles is split the same way.
    assert!(out.join("en/tags/common/page/3/index.html").is_file());
}

#[test]
fn a_short_list_is_one_page() {
    let dir = site(100, 12);
    let out = build(dir.path());
    let one = read(&out.join("en/faq/index.html"));
    assert!(!one.contains(r#"class="pages""#));
    assert!(!out.join("en/faq/page").exists());
}

#[test]
fn page_size_must_be_positive() {
    let dir = site(0, 3);
    let error = helpbook::build(&BuildOptions {
        root: dir.path().to_path_buf(),
        out: dir.path().join("public"),
        base_url: None,
        drafts: false,
        strict: false,
        force: false,
        index_out: None,
    })
    .expect_err("page_size = 0");
    assert!(
        error.to_string().contains("`page_size` must be at least 1"),
        "{error}"
    );
}
