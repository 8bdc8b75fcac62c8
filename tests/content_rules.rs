//! Content rules that fit real help centers, on real builds: categories
//! written as display names (any language), dated release notes without a
//! version, and what exports carry that a reader would not mind (unknown
//! keys, `lang:`, Windows line endings, HTML comments, empty sections).

use std::path::{Path, PathBuf};

use helpbook::BuildOptions;

const BOOK: &str = "title = \"示例钱包帮助中心\"\n\
base_url = \"https://help.example.com/\"\n\
default_language = \"zh-CN\"\n\
languages = [\"zh-CN\", \"en\"]\n\
\n\
[[contacts]]\n\
channel = \"phone\"\n\
value = \"+1 202 555 0100\"\n";

struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new(book: &str) -> Site {
        let site = Site {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        site.write("book.toml", book);
        site
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.root().join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    fn build(&self) -> Result<(PathBuf, Vec<helpbook::Diagnostic>), helpbook::Diagnostics> {
        let out = self.dir.path().join("public");
        let report = helpbook::build(&BuildOptions {
            root: self.root(),
            out: out.clone(),
            base_url: None,
            drafts: false,
            strict: false,
            force: false,
            index_out: None,
        })?;
        Ok((out, report.warnings))
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let to = text[from..].find(end)?;
    Some(&text[from..from + to])
}

fn faq(category: &str, title: &str) -> String {
    format!("---\ntitle: {title}\ncategory: {category}\n---\n\n{title}.\n")
}

#[test]
fn display_name_categories_build_and_show_their_names() {
    let site = Site::new(BOOK);
    site.write("content/zh-CN/faq/reset.md", &faq("账户与登录", "忘记密码"));
    site.write(
        "content/zh-CN/faq/top-up.md",
        &faq("充值 与 提现", "充值失败"),
    );
    site.write(
        "content/en/faq/reset.md",
        &faq("Account & Sign-in", "Forgot password"),
    );
    site.write(
        "content/en/faq/top-up.md",
        &faq("Contact Us", "Top-up failed"),
    );
    let (out, warnings) = site.build().unwrap_or_else(|e| panic!("must build:\n{e}"));
    assert!(warnings.is_empty(), "{warnings:?}");

    // Kind pages: a section per category, with the name as written and an
    // id derived from it (pinyin for Chinese).
    let zh = read(&out.join("zh-cn/faq/index.html"));
    assert!(zh.contains("id=\"zhang-hu-yu-deng-lu\""), "{zh}");
    assert!(zh.contains("<h2>账户与登录</h2>"), "{zh}");
    assert!(zh.contains("<h2>充值 与 提现</h2>"), "{zh}");
    let en = read(&out.join("en/faq/index.html"));
    assert!(en.contains("id=\"account-sign-in\""), "{en}");
    assert!(en.contains("<h2>Account &amp; Sign-in</h2>"), "{en}");
    assert!(en.contains("<h2>Contact Us</h2>"), "{en}");

    // Breadcrumbs: home › kind › category › article.
    let page = read(&out.join("zh-cn/faq/reset/index.html"));
    let crumbs = between(&page, "class=\"crumbs\"", "</nav>").expect("breadcrumbs");
    assert!(
        crumbs.contains("<a href=\"/zh-cn/faq/#zhang-hu-yu-deng-lu\">账户与登录</a>"),
        "{crumbs}"
    );
    let page = read(&out.join("en/faq/top-up/index.html"));
    let crumbs = between(&page, "class=\"crumbs\"", "</nav>").expect("breadcrumbs");
    assert!(
        crumbs.contains("<a href=\"/en/faq/#contact-us\">Contact Us</a>"),
        "{crumbs}"
    );
    // The JSON-LD breadcrumb trail has the category too.
    assert!(page.contains("\"name\":\"Contact Us\""), "{page}");
}

#[test]
fn a_name_from_book_toml_joins_that_category_in_every_language() {
    let book = format!(
        "{BOOK}\n[categories]\naccount = {{ zh-CN = \"账户与登录\", en = \"Account and sign-in\" }}\n"
    );
    let site = Site::new(&book);
    site.write("content/zh-CN/faq/reset.md", &faq("账户与登录", "忘记密码"));
    site.write(
        "content/en/faq/reset.md",
        &faq("Account and sign-in", "Forgot password"),
    );
    let (out, warnings) = site.build().unwrap_or_else(|e| panic!("must build:\n{e}"));
    assert!(warnings.is_empty(), "{warnings:?}");
    let en = read(&out.join("en/faq/index.html"));
    assert!(
        en.contains("id=\"account\"") && en.contains("<h2>Account and sign-in</h2>"),
        "{en}"
    );
    let zh = read(&out.join("zh-cn/faq/reset/index.html"));
    assert!(
        zh.contains("href=\"/zh-cn/faq/#account\">账户与登录</a>"),
        "{zh}"
    );
}

#[test]
fn two_spellings_of_one_category_warn_naming_both_files() {
    let site = Site::new(BOOK);
    site.write("content/en/faq/a.md", &faq("Contact Us", "A"));
    site.write("content/en/faq/b.md", &faq("contact us", "B"));
    site.write("content/zh-CN/faq/a.md", &faq("账户", "甲"));
    let (out, warnings) = site.build().unwrap_or_else(|e| panic!("must build:\n{e}"));
    let merged: Vec<_> = warnings
        .iter()
        .filter(|d| d.code == "category-name")
        .collect();
    assert_eq!(merged.len(), 1, "{warnings:?}");
    let warning = merged[0];
    assert_eq!(warning.file, PathBuf::from("content/en/faq/b.md"));
    assert_eq!(warning.line, 3);
    assert!(
        warning.message.contains("content/en/faq/a.md") && warning.message.contains("`contact us`"),
        "{}",
        warning.message
    );
    // One category, shown with the first file's spelling.
    let en = read(&out.join("en/faq/index.html"));
    assert_eq!(en.matches("<h2>").count(), 1, "{en}");
    assert!(en.contains("<h2>Contact Us</h2>"), "{en}");
}

fn release(version: Option<&str>, date: &str, title: &str) -> String {
    let version = version.map_or(String::new(), |v| format!("version: \"{v}\"\n"));
    format!("---\ntitle: {title}\n{version}date: {date}\n---\n\n{title}.\n")
}

#[test]
fn dated_announcements_sort_by_date_on_the_page_and_in_the_feed() {
    let site = Site::new(BOOK);
    site.write(
        "content/en/faq/reset.md",
        &faq("Account", "Forgot password"),
    );
    site.write(
        "content/en/release/2.3.0.md",
        &release(Some("2.3.0"), "2026-03-01", "Version 2.3.0"),
    );
    site.write(
        "content/en/release/2.4.0.md",
        &release(Some("2.4.0"), "2026-04-20", "Version 2.4.0"),
    );
    site.write(
        "content/en/release/maintenance-may.md",
        &release(None, "2026-05-18", "Maintenance on 18 May"),
    );
    site.write(
        "content/en/release/maintenance-jan.md",
        &release(None, "2026-01-10", "Maintenance on 10 January"),
    );
    // `updated` stands in for a missing `date`.
    site.write(
        "content/en/release/fee-change.md",
        "---\ntitle: New withdrawal fees\nupdated: 2026-04-01\n---\n\nFees change.\n",
    );
    let (out, warnings) = site.build().unwrap_or_else(|e| panic!("must build:\n{e}"));
    assert!(warnings.is_empty(), "{warnings:?}");

    // Releases page: the version series, then the announcements by date.
    let page = read(&out.join("en/release/index.html"));
    let headings: Vec<&str> = page
        .split("<h2>")
        .skip(1)
        .filter_map(|s| s.split("</h2>").next())
        .collect();
    assert_eq!(headings, ["Version 2.4", "Version 2.3", "Announcements"]);
    let announcements = between(&page, "id=\"announcements\"", "</section>").expect("group");
    let a = announcements.find("Maintenance on 18 May").expect("may");
    let b = announcements.find("New withdrawal fees").expect("fees");
    let c = announcements
        .find("Maintenance on 10 January")
        .expect("jan");
    assert!(a < b && b < c, "{announcements}");
    assert!(!announcements.contains("Version 2."), "{announcements}");

    // The feed: everything, newest date first.
    let feed = read(&out.join("en/releases.xml"));
    let titles: Vec<&str> = feed
        .split("<entry>")
        .skip(1)
        .filter_map(|e| between(e, "<title>", "</title>"))
        .collect();
    assert_eq!(
        titles,
        [
            "Maintenance on 18 May",
            "Version 2.4.0",
            "New withdrawal fees",
            "Version 2.3.0",
            "Maintenance on 10 January"
        ]
    );
    // An announcement has no version category in the feed.
    let may = between(&feed, "<title>Maintenance on 18 May</title>", "</entry>").expect("entry");
    assert!(!may.contains("<category"), "{may}");

    // "Latest version" is the newest version, not the newest announcement.
    let home = read(&out.join("en/index.html"));
    let banner = between(&home, "class=\"release-banner\"", "</a>").expect("banner");
    assert!(banner.contains("Version 2.4.0"), "{banner}");
    // An announcement's page shows its date and no empty version.
    let notice = read(&out.join("en/release/maintenance-may/index.html"));
    assert!(notice.contains("datetime=\"2026-05-18\""), "{notice}");
    let facts = between(&notice, "<dl class=\"facts\">", "</dl>").expect("facts");
    assert!(!facts.contains("Version"), "{facts}");
}

#[test]
fn a_site_that_requires_versions_fails_on_an_announcement() {
    let site = Site::new(&format!(
        "{BOOK}\n[content]\nrequire_release_version = true\n"
    ));
    site.write(
        "content/en/release/maintenance.md",
        &release(None, "2026-05-18", "Maintenance"),
    );
    let errors = site.build().expect_err("a version is required");
    let error = &errors.0[0];
    assert_eq!(
        error.file,
        PathBuf::from("content/en/release/maintenance.md")
    );
    assert!(error.message.contains("needs `version`"), "{error}");
    // A version that is written but does not parse is an error either way.
    let site = Site::new(BOOK);
    site.write(
        "content/en/release/x.md",
        &release(Some("May 2026"), "2026-05-18", "X"),
    );
    let errors = site.build().expect_err("bad version");
    assert!(
        errors.0[0].message.contains("not a semantic version"),
        "{errors}"
    );
    assert_eq!(errors.0[0].line, 3);
}

#[test]
fn what_exports_carry_is_accepted() {
    let site = Site::new(BOOK);
    // Windows line endings, `lang:` that agrees with the folder, an HTML
    // comment before the first paragraph, an empty section.
    site.write(
        "content/en/faq/reset.md",
        "---\r\ntitle: Forgot password\r\nlang: en\r\ncategory: Account\r\n---\r\n\r\n<!-- imported from the old help center -->\r\n\r\nOpen the app.\r\n\r\n## Before you start\r\n\r\n## Steps\r\n\r\nTap *Forgot password*.\r\n",
    );
    // An unknown key from another tool: a warning, never an error.
    site.write(
        "content/zh-CN/faq/reset.md",
        "---\ntitle: 忘记密码\nsidebar_position: 3\n---\n\n打开 App。\n",
    );
    let (out, warnings) = site.build().unwrap_or_else(|e| panic!("must build:\n{e}"));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].message.contains("sidebar_position"),
        "{warnings:?}"
    );
    let page = read(&out.join("en/faq/reset/index.html"));
    assert!(page.contains("<h2 id=\"before-you-start\">"), "{page}");
    assert!(page.contains("<h2 id=\"steps\">"), "{page}");
    // The comment is not the page's description.
    let description = between(&page, "<meta name=\"description\" content=\"", "\"").expect("meta");
    assert_eq!(description, "Open the app.");
}
