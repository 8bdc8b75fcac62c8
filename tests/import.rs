//! `helpbook import`, run as a user runs it: the real binary imports each
//! fixture of tests/fixtures/import/<format>/ (a wallet help center in the
//! format's own layout), then `helpbook check` and `helpbook build` run on
//! the result. The contacts the import found are never put in the
//! registry by the import: the tests first see `check` refuse them, then
//! copy suggested-contacts.toml into book.toml as a writer would, and
//! only then expect a clean check and a build.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(format: &str) -> PathBuf {
    repo().join("tests/fixtures/import").join(format)
}

fn helpbook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_helpbook"))
        .args(args)
        .output()
        .expect("run helpbook")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A URL as helpbook writes it in `href`: non-ASCII percent-encoded.
fn encoded(url: &str) -> String {
    url.chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                let mut buf = [0u8; 4];
                c.encode_utf8(&mut buf)
                    .bytes()
                    .map(|b| format!("%{b:02X}"))
                    .collect()
            }
        })
        .collect()
}

fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// The JSON Lines of `helpbook check --format json`.
fn check(site: &Path) -> (bool, Vec<serde_json::Value>) {
    let output = helpbook(&["check", "--root", s(site), "--format", "json"]);
    let records = text(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    (output.status.success(), records)
}

/// What the import of one fixture must give.
struct Expected {
    format: &'static str,
    articles: usize,
    languages: &'static [&'static str],
    /// An article page that shows the copied 2FA image.
    image_page: &'static str,
    /// A page whose link (rewritten, with an anchor) must point at `link`.
    link_page: &'static str,
    link: &'static str,
    /// A dated announcement's page.
    announcement: &'static str,
}

/// Imports, checks, builds; returns the temp dir (site in `site/`, built
/// site in `public/`).
fn import_and_build(expected: &Expected) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    let output = helpbook(&["import", s(&fixture(expected.format)), s(&site)]);
    let stdout = text(&output.stdout);
    assert!(
        output.status.success(),
        "{}: import failed:\n{stdout}\n{}",
        expected.format,
        text(&output.stderr)
    );
    assert!(
        stdout.contains(&format!("Imported {} articles", expected.articles)),
        "{}: {stdout}",
        expected.format
    );
    assert!(
        stdout.contains("0 left broken"),
        "{}: {stdout}",
        expected.format
    );

    // book.toml: the detected languages, no contacts added.
    let book = read(&site.join("book.toml"));
    let languages: Vec<String> = expected
        .languages
        .iter()
        .map(|l| format!("\"{l}\""))
        .collect();
    assert!(
        book.contains(&format!("languages = [{}]", languages.join(", "))),
        "{}: {book}",
        expected.format
    );
    assert!(
        !book.contains("[[contacts]]"),
        "{}: {book}",
        expected.format
    );

    // The report names every contact found, grouped.
    let report = read(&site.join("import-report.md"));
    assert!(
        report.contains("### Phone numbers\n\n- `+1 202 555 0100`:"),
        "{report}"
    );
    assert!(
        report.contains("### Email addresses\n\n- `support@example.com`:"),
        "{report}"
    );
    assert!(
        report.contains("0 links left as written (broken)"),
        "{report}"
    );

    // Until a writer registers them, the contacts are errors.
    let (passed, records) = check(&site);
    assert!(
        !passed,
        "{}: contacts must not be official yet",
        expected.format
    );
    assert!(
        records.iter().any(|r| r["code"] == "contact"),
        "{}: {records:?}",
        expected.format
    );

    // The writer reviews the suggested block and copies it into book.toml.
    let suggested = read(&site.join("suggested-contacts.toml"));
    assert!(
        suggested.contains("value = \"+1 202 555 0100\""),
        "{suggested}"
    );
    std::fs::write(site.join("book.toml"), format!("{book}\n{suggested}"))
        .expect("write book.toml");

    let (passed, records) = check(&site);
    let problems: Vec<&serde_json::Value> =
        records.iter().filter(|r| r["severity"] != "info").collect();
    assert!(
        passed && problems.is_empty(),
        "{}: {problems:#?}",
        expected.format
    );

    let out = dir.path().join("public");
    let output = helpbook(&["build", "--root", s(&site), "--out", s(&out), "--quiet"]);
    assert!(
        output.status.success(),
        "{}: build failed:\n{}",
        expected.format,
        text(&output.stderr)
    );
    // The copied image is published and shown.
    let page = read(&out.join(expected.image_page));
    assert!(
        page.contains("2fa-setup.svg\""),
        "{}: {page}",
        expected.format
    );
    // A rewritten link with its anchor points at a real heading.
    let page = read(&out.join(expected.link_page));
    assert!(
        page.contains(&format!("href=\"{}\"", encoded(expected.link))),
        "{}: no link to {} in {page}",
        expected.format,
        expected.link
    );
    let (path, anchor) = expected.link.split_once('#').expect("an anchor");
    let target = read(&out.join(path.trim_start_matches('/')).join("index.html"));
    assert!(
        target.contains(&format!("id=\"{anchor}\"")),
        "{}: {anchor} missing in {path}",
        expected.format
    );
    // The dated announcement is a release note without a version.
    let page = read(&out.join(expected.announcement));
    assert!(
        page.contains("datetime=\"2026-05-18\""),
        "{}: {page}",
        expected.format
    );
    dir
}

#[test]
fn gitbook_space_imports_and_builds() {
    let dir = import_and_build(&Expected {
        format: "gitbook",
        articles: 18,
        languages: &["zh-CN", "en"],
        image_page: "zh-cn/security/two-step-verification/index.html",
        link_page: "en/faq/reset-password/index.html",
        link: "/en/faq/change-phone/#before-you-start",
        announcement: "zh-cn/release/maintenance-2026-05-18/index.html",
    });
    // SUMMARY.md groups are categories, named per language.
    let book = read(&dir.path().join("site/book.toml"));
    assert!(
        book.contains(
            "account-and-sign-in = { zh-CN = \"账户与登录\", en = \"Account and sign-in\" }"
        ),
        "{book}"
    );
    // A hint block is a blockquote with its label in the reader's language.
    let article = read(&dir.path().join("site/content/zh-CN/faq/reset-password.md"));
    assert!(
        article.contains("> **注意:**\n> 任何人索要短信验证码都是诈骗"),
        "{article}"
    );
    assert!(!article.contains("{%"), "{article}");
}

#[test]
fn docusaurus_site_imports_and_builds() {
    let dir = import_and_build(&Expected {
        format: "docusaurus",
        articles: 16,
        languages: &["zh-CN", "en"],
        image_page: "en/security/two-step-verification/index.html",
        link_page: "zh-cn/release/maintenance/index.html",
        link: "/zh-cn/faq/withdrawal-delayed/#到账时间",
        announcement: "en/release/maintenance/index.html",
    });
    let site = dir.path().join("site");
    // _category_.json labels, translated through current.json.
    let book = read(&site.join("book.toml"));
    assert!(
        book.contains(
            "account-and-sign-in = { zh-CN = \"账户与登录\", en = \"Account and sign-in\" }"
        ),
        "{book}"
    );
    // The blog's release post has its version from the title.
    let release = read(&site.join("content/en/release/2.4.0.md"));
    assert!(
        release.contains("version: \"2.4.0\"\ndate: 2026-04-20"),
        "{release}"
    );
    // Admonitions and MDX tabs are plain Markdown.
    let article = read(&site.join("content/en/security/two-step-verification.md"));
    assert!(
        article.contains("**iOS**") && !article.contains("<Tab"),
        "{article}"
    );
    let article = read(&site.join("content/zh-CN/faq/reset-password.md"));
    assert!(article.contains("> **注意:**"), "{article}");
    assert!(read(&site.join("import-report.md")).contains("MDX `import` lines dropped"));
}

#[test]
fn mdbook_book_imports_and_builds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    let output = helpbook(&["import", s(&fixture("mdbook")), s(&site)]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    // One language, from book.toml; includes expanded; parts as categories.
    let book = read(&site.join("book.toml"));
    assert!(
        book.contains("languages = [\"zh-CN\"]") && book.contains("title = \"示例钱包帮助手册\""),
        "{book}"
    );
    let article = read(&site.join("content/zh-CN/faq/reset-password.md"));
    assert!(
        article.contains("> **注意：** 任何人索要短信验证码都是诈骗"),
        "{article}"
    );
    assert!(article.contains("category: \"账户与登录\""), "{article}");
    // What could not be mapped is in the report, with the reason.
    let report = read(&site.join("import-report.md"));
    assert!(
        report.contains("`即将上线` is a draft chapter without a file; skipped"),
        "{report}"
    );
    assert!(
        report.contains("src/release-notes/release-2.4.0.md: a release note or announcement without a date: imported as a FAQ article"),
        "{report}"
    );
    std::fs::write(
        site.join("book.toml"),
        format!("{book}\n{}", read(&site.join("suggested-contacts.toml"))),
    )
    .expect("write");
    let (passed, records) = check(&site);
    let problems: Vec<_> = records.iter().filter(|r| r["severity"] != "info").collect();
    assert!(passed && problems.is_empty(), "{problems:#?}");
    let out = dir.path().join("public");
    let output = helpbook(&["build", "--root", s(&site), "--out", s(&out), "--quiet"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let page = read(&out.join("zh-cn/faq/jian-jie/index.html"));
    let link = encoded("/zh-cn/faq/reset-password/#重置步骤");
    assert!(page.contains(&format!("href=\"{link}\"")), "{page}");
}

#[test]
fn hugo_site_with_a_folder_per_language_imports_and_builds() {
    let dir = import_and_build(&Expected {
        format: "hugo",
        articles: 16,
        languages: &["zh-CN", "en"],
        image_page: "en/security/two-step-verification/index.html",
        link_page: "en/contact/contact-us/index.html",
        link: "/en/faq/reset-password/#steps-to-reset",
        announcement: "zh-cn/release/maintenance-2026-05-18/index.html",
    });
    // Section _index.md titles are the category names.
    let book = read(&dir.path().join("site/book.toml"));
    assert!(
        book.contains(
            "top-ups-and-withdrawals = { zh-CN = \"充值与提现\", en = \"Top-ups and withdrawals\" }"
        ),
        "{book}"
    );
    let release = read(&dir.path().join("site/content/zh-CN/release/2.4.0.md"));
    assert!(release.contains("version: \"2.4.0\""), "{release}");
}

#[test]
fn zola_site_with_language_suffixes_imports_and_builds() {
    // Zola transliterates Chinese anchors (`#dao-zhang-shi-jian`); they
    // land on helpbook's Chinese heading ids.
    import_and_build(&Expected {
        format: "zola",
        articles: 16,
        languages: &["en", "zh-CN"],
        image_page: "zh-cn/security/two-step-verification/index.html",
        link_page: "zh-cn/release/maintenance-2026-05-18/index.html",
        link: "/zh-cn/faq/withdrawal-delayed/#到账时间",
        announcement: "en/release/maintenance-2026-05-18/index.html",
    });
}

#[test]
fn zendesk_export_imports_and_builds() {
    let dir = import_and_build(&Expected {
        format: "zendesk",
        articles: 16,
        languages: &["zh-CN", "en-US"],
        image_page: "en-us/security/two-step-verification/index.html",
        link_page: "zh-cn/faq/forgot-your-sign-in-password/index.html",
        link: "/zh-cn/faq/change-your-phone-number/#h_before",
        announcement: "en-us/release/maintenance-on-18-may-withdrawals-paused/index.html",
    });
    let site = dir.path().join("site");
    // HTML bodies became Markdown; section names are categories; the
    // Zendesk category name decided the kind.
    let article = read(&site.join("content/en-US/faq/a-withdrawal-has-not-arrived.md"));
    assert!(
        article.contains("| Method   | Arrival time     |"),
        "{article}"
    );
    assert!(
        article.contains("category: \"Top-ups and withdrawals\""),
        "{article}"
    );
    assert!(!article.contains("<p>"), "{article}");
}

#[test]
fn a_site_is_never_overwritten() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).expect("mkdir");
    std::fs::write(site.join("notes.txt"), "mine").expect("write");
    let output = helpbook(&["import", s(&fixture("gitbook")), s(&site)]);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stderr));
    assert!(text(&output.stderr).contains("the destination is not empty"));
    let entries: Vec<_> = std::fs::read_dir(&site).expect("read").collect();
    assert_eq!(entries.len(), 1);
    assert_eq!(read(&site.join("notes.txt")), "mine");
    // An empty folder is fine.
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let output = helpbook(&["import", s(&fixture("gitbook")), s(&empty)]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(empty.join("book.toml").is_file());
    // Nothing is left next to it.
    let siblings: Vec<String> = std::fs::read_dir(dir.path())
        .expect("read")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(siblings.len(), 2, "{siblings:?}");
}

#[test]
fn formats_are_detected_and_from_overrides() {
    for format in ["gitbook", "docusaurus", "mdbook", "hugo", "zola", "zendesk"] {
        let detected = helpbook::import::detect(&fixture(format)).expect("detected");
        assert_eq!(format!("{detected:?}").to_lowercase(), format);
    }
    // Forcing the wrong format gives a clear error, not a half site.
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    let output = helpbook(&[
        "import",
        s(&fixture("docusaurus")),
        s(&site),
        "--from",
        "mdbook",
    ]);
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).contains("SUMMARY.md"),
        "{}",
        text(&output.stderr)
    );
    assert!(!site.exists());
}

#[test]
fn kind_rules_override_the_built_in_ones() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rules = dir.path().join("kinds.toml");
    std::fs::write(
        &rules,
        "[[rules]]\nkind = \"security\"\nsection = [\"账户与登录\", \"Account and sign-in\"]\n",
    )
    .expect("write");
    let site = dir.path().join("site");
    let output = helpbook(&[
        "import",
        s(&fixture("hugo")),
        s(&site),
        "--kind-rules",
        s(&rules),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(site.join("content/en/security/reset-password.md").is_file());
    assert!(!site.join("content/en/faq/reset-password.md").exists());
    // A rule with an unknown kind is a usage error naming the file.
    std::fs::write(&rules, "[[rules]]\nkind = \"howto\"\ntitle = [\"x\"]\n").expect("write");
    let output = helpbook(&[
        "import",
        s(&fixture("hugo")),
        s(&dir.path().join("other")),
        "--kind-rules",
        s(&rules),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("unknown kind `howto`"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn broken_links_are_reported_with_the_reason_and_left_for_check() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = dir.path().join("book");
    std::fs::create_dir_all(source.join("faq")).expect("mkdir");
    std::fs::write(
        source.join("SUMMARY.md"),
        "# Summary\n\n## FAQ\n\n* [Fees](faq/fees.md)\n* [Limits](faq/limits.md)\n",
    )
    .expect("write");
    std::fs::write(
        source.join("faq/fees.md"),
        "# Fees\n\nSee [limits](limits.md#daily-limits), [the old page](old-fees.md) and [a missing heading](limits.md#monthly).\n",
    )
    .expect("write");
    std::fs::write(
        source.join("faq/limits.md"),
        "# Limits\n\n## Daily limits\n\nUp to 10,000.\n",
    )
    .expect("write");
    let site = dir.path().join("site");
    let output = helpbook(&["import", s(&source), s(&site), "--from", "gitbook"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("2 left broken"),
        "{}",
        text(&output.stdout)
    );
    let report = read(&site.join("import-report.md"));
    assert!(
        report.contains("- 1 links rewritten") || report.contains("- 2 links rewritten"),
        "{report}"
    );
    assert!(
        report.contains("faq/fees.md: `old-fees.md`: `faq/old-fees.md` is not an imported article or a file in the source"),
        "{report}"
    );
    assert!(
        report.contains("`#monthly` is not a heading of faq/limits.md"),
        "{report}"
    );
    // The good link was rewritten, the broken ones left for `check` to show.
    let article = read(&site.join("content/en/faq/fees.md"));
    assert!(article.contains("(limits.md#daily-limits)"), "{article}");
    let (_, records) = check(&site);
    assert!(
        records.iter().any(|r| r["code"] == "broken-link"),
        "{records:?}"
    );
    assert!(
        records.iter().any(|r| r["code"] == "broken-anchor"),
        "{records:?}"
    );
}

#[test]
fn importing_twice_gives_identical_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = |name: &str| {
        let dest = dir.path().join(name);
        helpbook::import::import(&helpbook::import::ImportOptions {
            source: fixture("zendesk"),
            dest: dest.clone(),
            from: None,
            kind_rules: None,
            language: None,
            base_url: None,
            today: "2026-11-24".parse().expect("date"),
        })
        .unwrap_or_else(|e| panic!("{e}"));
        let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(&dest)
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(&dest)
                    .expect("inside")
                    .display()
                    .to_string();
                (rel, std::fs::read(e.path()).expect("read"))
            })
            .collect();
        files.sort();
        files
    };
    let (a, b) = (run("a"), run("b"));
    assert!(a.len() > 10);
    assert_eq!(a, b);
}

#[cfg(unix)]
#[test]
fn files_outside_the_source_are_never_copied() {
    let dir = tempfile::tempdir().expect("temp dir");
    let secret = dir.path().join("secret.txt");
    std::fs::write(&secret, "password=hunter2").expect("write");
    let source = dir.path().join("book");
    std::fs::create_dir_all(source.join("faq")).expect("mkdir");
    std::os::unix::fs::symlink(&secret, source.join("faq/notes.txt")).expect("symlink");
    std::os::unix::fs::symlink(&secret, source.join("faq/leak.md")).expect("symlink");
    std::fs::write(
        source.join("SUMMARY.md"),
        "# Summary\n\n* [Fees](faq/fees.md)\n* [Leak](faq/leak.md)\n* [Up](../secret.md)\n",
    )
    .expect("write");
    std::fs::write(
        source.join("faq/fees.md"),
        "# Fees\n\n[notes](notes.txt) and [up](../../secret.txt)\n",
    )
    .expect("write");
    let site = dir.path().join("site");
    let output = helpbook(&["import", s(&source), s(&site), "--from", "gitbook"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let copied: Vec<String> = walkdir::WalkDir::new(&site)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    assert!(
        copied.iter().all(|t| !t.contains("hunter2")),
        "a file outside the source was copied"
    );
    let report = read(&site.join("import-report.md"));
    assert!(
        report.contains("`notes.txt`: it is a link to a file outside the source folder"),
        "{report}"
    );
    assert!(
        report.contains("`../../secret.txt`: it points outside the source folder"),
        "{report}"
    );
    assert!(
        report.contains("faq/leak.md: missing, or a link to a file outside the source; skipped"),
        "{report}"
    );
    assert!(
        report.contains("`../secret.md` points outside the source; skipped"),
        "{report}"
    );
}
