//! The contact checks on real sites: every bypass the contact issue lists
//! is caught by `check` and `build`, technical text gives no phone
//! findings, code keeps its emails and links checked but not its digits,
//! registry references render from book.toml, and the lists of book.toml
//! are validated.

use std::path::Path;
use std::process::{Command, Output};

const BOOK: &str = r#"title = "Fixture"
base_url = "https://help.example.com/"
default_language = "zh-CN"
languages = ["zh-CN", "en"]
default_region = "CN"

[[contacts]]
id = "hotline"
channel = "phone"
value = "+1 202 555 0100"
label = "客服热线"
translations.en = { label = "Support hotline" }

[[contacts]]
id = "support-email"
channel = "email"
value = "support@example.com"
label = "客服邮箱"
translations.en = { label = "Support email" }

[[contacts]]
channel = "url"
value = "https://wallet.example.com"
label = "官网"

[[third_parties]]
name = "示例银行"
contacts = ["+1 202 555 0142", "bank.example.net"]

[[scams]]
value = "+86 400 555 0199"
reported = 2026-10-02
description = "冒充客服"

[check]
allowed_domains = ["example.org"]
"#;

fn write(root: &Path, path: &str, text: &str) {
    let path = root.join(path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create dir");
    }
    std::fs::write(path, text).expect("write fixture file");
}

fn article(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n\n{body}\n")
}

/// A site with `book` and the given `(path, text)` articles.
fn site(book: &str, articles: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "book.toml", book);
    for (path, text) in articles {
        write(dir.path(), path, text);
    }
    dir
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_helpbook"))
        .args(args)
        .output()
        .expect("run helpbook")
}

/// Every diagnostic of `helpbook check --format json`: (file, line, code, severity, message).
fn check(root: &Path) -> Vec<(String, u64, String, String, String)> {
    let output = run(&[
        "check",
        "--root",
        root.to_str().expect("utf-8"),
        "--format",
        "json",
    ]);
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            (
                s("file"),
                v["line"].as_u64().unwrap_or(0),
                s("code"),
                s("severity"),
                s("message"),
            )
        })
        .filter(|d| d.2 != "missing-translation")
        .collect()
}

fn errors(root: &Path) -> Vec<(String, u64, String)> {
    check(root)
        .into_iter()
        .filter(|d| d.3 == "error")
        .map(|d| (d.0, d.1, d.4))
        .collect()
}

#[test]
fn every_bypass_is_caught_by_check_and_build() {
    // (what it is, the line as a writer might hide it)
    let bypasses = [
        ("decimal entity", "客服电话 &#49;3800138000，随时联系。"),
        ("hex entity", "Call &#x31;38 0013 9999 now."),
        ("entity in an email", "Mail fake&#64;evil.test for help."),
        (
            "entity in a mailto link",
            "[mail us](mailto:fake&#64;evil.test)",
        ),
        ("tel link", "[call us](tel:+8613800139999)"),
        (
            "raw HTML link",
            r#"<a href="tel:+86-138-0013-9999">call us</a>"#,
        ),
        (
            "raw HTML text split by spans",
            "<div>客服 <span>138</span>0013<span>9999</span></div>",
        ),
        (
            "raw HTML alt text",
            r#"<img src="data:," alt="客服电话 13800139999">"#,
        ),
        ("raw HTML entity", "<p>客服：&#49;&#51;&#56;00139999</p>"),
        ("zero-width spaces", "客服 138\u{200B}0013\u{200B}9999"),
        ("bidi override", "客服 \u{202E}13800139999\u{202C}"),
        ("soft hyphen", "mail fake\u{AD}@evil.test"),
        ("WeChat with a space", "微信 helpdesk_555"),
        ("add on WeChat", "加微信 helpdesk_555 领取补偿"),
        ("WeChat number", "微信号 helpdesk_555"),
        (
            "WeChat in English without colon",
            "Add WeChat helpdesk_555 for a refund.",
        ),
        ("look-alike domain", "Sign in at https://examp1e.com/login"),
        (
            "look-alike with official prefix",
            "Sign in at wallet.example.com.evil.net",
        ),
        ("reported scam as a link", "[客服](tel:+864005550199)"),
        (
            "a +86 spelling of the official number",
            "客服 +86 202 555 0100",
        ),
        ("a Guangzhou number", "客服 020-2555-0100"),
    ];
    let articles: Vec<(String, String)> = bypasses
        .iter()
        .enumerate()
        .map(|(i, (what, line))| {
            (
                format!("content/zh-CN/faq/bypass-{i:02}.md"),
                article(what, &format!("第一段。\n\n{line}\n")),
            )
        })
        .collect();
    let borrowed: Vec<(&str, String)> = articles
        .iter()
        .map(|(p, t)| (p.as_str(), t.clone()))
        .collect();
    let dir = site(BOOK, &borrowed);
    let found = errors(dir.path());
    for (i, (what, _)) in bypasses.iter().enumerate() {
        let file = format!("content/zh-CN/faq/bypass-{i:02}.md");
        assert!(
            found.iter().any(|(f, line, _)| *f == file && *line == 7),
            "{what} ({file}) not caught at line 7: {found:#?}"
        );
    }
    // build refuses too, and writes nothing.
    let out = dir.path().join("public");
    let output = run(&[
        "build",
        "--root",
        dir.path().to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!out.exists(), "a failed build writes no site");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("error[contact]"), "{stderr}");
}

#[test]
fn technical_text_gives_no_phone_findings() {
    let corpus = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/technical.md"),
    )
    .expect("tests/fixtures/technical.md");
    assert!(corpus.lines().filter(|l| !l.trim().is_empty()).count() >= 200);
    // The same text in a code block: nothing either.
    let body = corpus.split("---\n").nth(2).unwrap_or_default();
    let dir = site(
        BOOK,
        &[
            ("content/en/faq/technical.md", corpus.clone()),
            (
                "content/en/faq/technical-code.md",
                article("Code", &format!("```text\n{body}\n```")),
            ),
        ],
    );
    let findings: Vec<_> = check(dir.path())
        .into_iter()
        .filter(|d| d.4.starts_with("phone number"))
        .collect();
    assert!(
        findings.is_empty(),
        "phone numbers found in technical text: {findings:#?}"
    );
}

#[test]
fn code_keeps_emails_and_links_checked_but_not_digits() {
    let body = "```sh\n# call 13800139999 for support\ncurl https://api.evil.test/v1\n```\n\nRun `fake@evil.test` as the sender, or `13800139999`.\n";
    let dir = site(BOOK, &[("content/en/faq/code.md", article("Code", body))]);
    let all = check(dir.path());
    assert!(
        !all.iter().any(|d| d.4.starts_with("phone number")),
        "{all:#?}"
    );
    assert!(
        all.iter()
            .any(|d| d.3 == "error" && d.4.contains("fake@evil.test")),
        "{all:#?}"
    );
    assert!(
        all.iter()
            .any(|d| d.3 == "warning" && d.2 == "unlisted-link" && d.4.contains("api.evil.test")),
        "{all:#?}"
    );
}

#[test]
fn lists_decide_what_an_article_may_mention() {
    let body = "Official [](contact:hotline), our bank [Example Bank](https://bank.example.net/cards) \
                on +1 202 555 0142, a reported scam +86 400 555 0199 to warn about, \
                a fine link [docs](https://example.org/guide), and an ordinary unlisted [site](https://news.test/x).";
    let contact_body =
        "Write to [](contact:support-email) or visit [our partner](https://news.test/).";
    let dir = site(
        BOOK,
        &[
            ("content/en/faq/lists.md", article("Lists", body)),
            (
                "content/en/contact/reach-us.md",
                format!("---\ntitle: Reach us\nverified: 2026-11-01\n---\n\n{contact_body}\n"),
            ),
        ],
    );
    let all = check(dir.path());
    let faq: Vec<_> = all.iter().filter(|d| d.0.ends_with("lists.md")).collect();
    assert_eq!(faq.len(), 1, "only the unlisted link: {faq:#?}");
    assert_eq!(
        (faq[0].2.as_str(), faq[0].3.as_str()),
        ("unlisted-link", "warning")
    );
    // In a contact article every link must be on a list.
    let contact: Vec<_> = all
        .iter()
        .filter(|d| d.0.ends_with("reach-us.md"))
        .collect();
    assert_eq!(contact.len(), 1, "{contact:#?}");
    assert_eq!(contact[0].3, "error");

    // `unlisted_links = "error"` and `"off"`.
    for (policy, expect) in [("error", Some("error")), ("off", None)] {
        let book = BOOK.replace(
            "[check]\n",
            &format!("[check]\nunlisted_links = \"{policy}\"\n"),
        );
        let dir = site(
            &book,
            &[("content/en/faq/lists.md", article("Lists", body))],
        );
        let got: Vec<_> = check(dir.path())
            .into_iter()
            .filter(|d| d.2 == "unlisted-link")
            .collect();
        assert_eq!(
            got.first().map(|d| d.3.as_str()),
            expect,
            "{policy}: {got:#?}"
        );
    }
}

#[test]
fn registry_references_render_the_official_value_in_the_readers_language() {
    let zh = "拨打[](contact:hotline)，或写信给<contact:support-email>，也可以[联系客服](contact:hotline)。";
    let en = "Call [](contact:hotline) or write to <contact:support-email>.";
    let dir = site(
        BOOK,
        &[
            ("content/zh-CN/faq/refs.md", article("引用", zh)),
            ("content/en/faq/refs.md", article("Refs", en)),
        ],
    );
    assert!(errors(dir.path()).is_empty(), "{:#?}", errors(dir.path()));
    let out = dir.path().join("public");
    let output = run(&[
        "build",
        "--root",
        dir.path().to_str().expect("utf-8"),
        "--out",
        out.to_str().expect("utf-8"),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let zh = std::fs::read_to_string(out.join("zh-cn/faq/refs/index.html")).expect("page");
    assert!(
        zh.contains(r#"<a class="hb-ref" href="tel:+12025550100" title="客服热线"><span class="hb-ref-value">+1 202 555 0100</span></a>"#),
        "{zh}"
    );
    assert!(zh.contains(r#"href="mailto:support@example.com" title="客服邮箱">客服邮箱 <span class="hb-ref-value">support@example.com</span></a>"#), "{zh}");
    assert!(
        zh.contains(
            r#"title="客服热线">联系客服 <span class="hb-ref-value">+1 202 555 0100</span></a>"#
        ),
        "{zh}"
    );
    let en = std::fs::read_to_string(out.join("en/faq/refs/index.html")).expect("page");
    assert!(en.contains(r#"title="Support email">Support email <span class="hb-ref-value">support@example.com</span>"#), "{en}");

    // An unknown id is an error with a "did you mean".
    let dir = site(
        BOOK,
        &[(
            "content/en/faq/typo.md",
            article("Typo", "Call [](contact:hotlin)."),
        )],
    );
    let output = run(&["check", "--root", dir.path().to_str().expect("utf-8")]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr.contains("error[contact-ref]: `contact:hotlin` is not an id"),
        "{stderr}"
    );
    assert!(
        stderr.contains("did you mean `contact:hotline`?"),
        "{stderr}"
    );
    assert!(stderr.contains("content/en/faq/typo.md:5:6"), "{stderr}");
}

#[test]
fn book_toml_lists_are_validated_with_their_lines() {
    // (book.toml, the error, the text on the line it must point at)
    let cases = [
        (
            BOOK.replace("value = \"+1 202 555 0100\"", "value = \"202 555 0100\""),
            "has no country code",
            "value = \"202 555 0100\"",
        ),
        (
            BOOK.replace("value = \"+1 202 555 0100\"", "value = \"+1 202 555\""),
            "is not a valid phone number",
            "value = \"+1 202 555\"",
        ),
        (
            BOOK.replace(
                "value = \"+86 400 555 0199\"",
                "value = \"+1 202 555 0100\"",
            ),
            "is the official contact",
            "value = \"+1 202 555 0100\"\nreported",
        ),
        (
            BOOK.replace("default_region = \"CN\"", "default_region = \"CM1\""),
            "is not a region code",
            "default_region",
        ),
        (
            BOOK.replace("reported = 2026-10-02", "reported = \"last week\""),
            "`reported` must be a date",
            "reported =",
        ),
        (
            BOOK.replace(
                "contacts = [\"+1 202 555 0142\", \"bank.example.net\"]",
                "contacts = [\"+1 202 555 0100\"]",
            ),
            "is both an official contact",
            "contacts = [",
        ),
    ];
    for (book, message, needle) in cases {
        let at = book.find(needle).expect("needle in book.toml");
        let line = book[..at].lines().count() + 1;
        let dir = site(&book, &[("content/en/faq/a.md", article("A", "Text."))]);
        let output = run(&["check", "--root", dir.path().to_str().expect("utf-8")]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{message}: {stderr}");
        assert!(stderr.contains(message), "{message}: {stderr}");
        assert!(
            stderr.contains(&format!("book.toml:{line}:")),
            "{message} at line {line}: {stderr}"
        );
    }
}
