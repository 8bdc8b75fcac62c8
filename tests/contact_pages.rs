//! The contact page and the verification page, rendered from the registry
//! in book.toml: what a reader sees, and that no registry value can break
//! out of the page's data.

use std::path::{Path, PathBuf};

use helpbook::BuildOptions;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    helpbook::build(&BuildOptions {
        root: root.to_path_buf(),
        out: out.clone(),
        base_url: None,
        drafts: false,
        strict: false,
        force: false,
    })
    .unwrap_or_else(|e| panic!("the site must build:\n{e}"));
    (dir, out)
}

fn read(out: &Path, path: &str) -> String {
    std::fs::read_to_string(out.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn contact_pages_list_the_registry_in_each_language() {
    let (_dir, out) = build(&repo());
    let en = read(&out, "en/contact/index.html");
    assert!(
        en.contains(r#"<a class="contact-value" href="tel:+12025550100">+1 202 555 0100</a>"#),
        "{en}"
    );
    assert!(en.contains(r#"href="mailto:support@example.com""#));
    assert!(en.contains(r#"href="https://help.example.com/chat""#));
    assert!(
        en.contains("Support hotline") && !en.contains("客服热线"),
        "English labels on the English page"
    );
    assert!(en.contains("Reply within 1 working day"));
    assert!(en.contains("Languages: 简体中文, English"), "{en}");
    assert!(en.contains("What official support will never ask for"));
    for never in [
        "password",
        "verification code",
        "recovery phrase",
        "private key",
    ] {
        assert!(en.contains(never), "{never}");
    }
    assert!(en.contains(r#"href="/en/contact/verify/""#));
    // The contact articles are still listed.
    assert!(en.contains(r#"href="/en/contact/contact-us/""#));

    let zh = read(&out, "zh-cn/contact/index.html");
    assert!(zh.contains("客服热线") && zh.contains("官方客服永远不会向你索要"));
    assert!(zh.contains("助记词") && zh.contains("私钥") && zh.contains("验证码"));
    assert!(zh.contains(r#"href="/zh-cn/contact/verify/""#));
}

#[test]
fn the_verification_page_carries_the_registry_once_and_its_script() {
    let (_dir, out) = build(&repo());
    for lang in ["en", "zh-cn"] {
        let html = read(&out, &format!("{lang}/contact/verify/index.html"));
        assert_eq!(html.matches("support@example.com").count(), 1, "{html}");
        assert_eq!(html.matches(r#"id="hb-contacts""#).count(), 1);
        // The language switcher names the other language and links its verification page.
        assert!(
            html.contains(r#"href="/en/contact/verify/" hreflang="en" lang="en""#),
            "{html}"
        );
        assert!(html.contains(">English</a>") && html.contains(">简体中文</a>"));
        let script = html
            .split(r#"<script type="module" src=""#)
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .find(|src| src.contains("/verify."))
            .expect("the page loads verify.js as a module");
        assert!(script.starts_with("/static/verify.") && script.ends_with(".js"));
        let file = out.join(script.trim_start_matches('/'));
        assert!(file.is_file(), "{script} is in the output");
    }
}

#[test]
fn registry_values_cannot_break_out_of_the_page_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    std::fs::write(
        root.join("book.toml"),
        r#"title = "Help"
base_url = "https://help.example.com/"
default_language = "en"
languages = ["en"]

[[contacts]]
channel = "phone"
value = "+1 202 555 0100"
label = "</script><script>alert(1)</script> & <!--"
hours = "<b>9–5</b>"
"#,
    )
    .expect("book.toml");
    std::fs::create_dir_all(root.join("content/en/faq")).expect("content");
    std::fs::write(
        root.join("content/en/faq/a.md"),
        "---\ntitle: A\n---\n\nText.\n",
    )
    .expect("article");
    let (_out_dir, out) = build(root);
    let verify = read(&out, "en/contact/verify/index.html");
    let data = verify
        .split(r#"<script type="application/json" id="hb-contacts">"#)
        .nth(1)
        .and_then(|s| s.split("</script>").next())
        .expect("registry data");
    assert!(
        !data.contains('<') && !data.contains('>') && !data.contains('&'),
        "{data}"
    );
    let parsed: serde_json::Value = serde_json::from_str(data).expect("valid JSON");
    assert_eq!(
        parsed["contacts"][0]["label"],
        "</script><script>alert(1)</script> & <!--"
    );
    assert!(!verify.contains("<script>alert"));
    // With no contact articles, the contact page is rendered from the registry alone.
    let contact = read(&out, "en/contact/index.html");
    assert!(
        contact.contains("&lt;&#x2F;script&gt;") || contact.contains("&lt;/script&gt;"),
        "{contact}"
    );
    assert!(!contact.contains("<script>alert") && !contact.contains("<b>9–5</b>"));
}
