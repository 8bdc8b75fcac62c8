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
        index_out: None,
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
        assert_eq!(html.matches(r#"id="hb-contacts""#).count(), 1);
        let (page, data) = html
            .split_once(r#"<script type="application/json" id="hb-contacts">"#)
            .expect("registry data");
        let (data, rest) = data.split_once("</script>").expect("end of data");
        assert!(!page.contains("support@example.com") && !rest.contains("support@example.com"));
        // The page's data is the published contacts.json, byte for byte.
        let published: serde_json::Value =
            serde_json::from_str(&read(&out, "contacts.json")).expect("contacts.json");
        let inline: serde_json::Value = serde_json::from_str(data).expect("inline JSON");
        assert_eq!(inline, published);
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
        parsed["official"][0]["label"]["en"],
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

#[test]
fn the_registry_third_parties_and_scams_are_published_for_apps() {
    let (_dir, out) = build(&repo());
    let text = read(&out, "contacts.json");
    let published: serde_json::Value = serde_json::from_str(&text).expect("contacts.json is JSON");
    assert_eq!(published["format"], 1);
    assert_eq!(published["site"], "https://help.example.com/");
    assert_eq!(published["region"]["code"], "CN");
    let official: Vec<&str> = published["official"]
        .as_array()
        .expect("official")
        .iter()
        .filter_map(|e| e["value"].as_str())
        .collect();
    assert!(official.contains(&"+1 202 555 0100") && official.contains(&"support@example.com"));
    assert_eq!(published["official"][0]["key"]["value"], "+12025550100");
    assert_eq!(published["official"][0]["href"], "tel:+12025550100");
    assert_eq!(published["official"][0]["label"]["en"], "Support hotline");
    assert!(
        published["third_parties"]
            .as_array()
            .is_some_and(|t| t.len() >= 3)
    );
    assert!(published["scams"].as_array().is_some_and(|s| s.len() >= 4));
    assert_eq!(
        published["link_domains"],
        serde_json::json!(["example.org"])
    );
    assert_eq!(published["releases"][0], "2.4.0");
    assert_eq!(published["pages"]["en"]["scams"], "/en/contact/scams/");
    assert!(published["messages"]["zh-CN"]["verify_scam"].is_string());
    // Deterministic: a second build publishes the same bytes.
    let (_again, out2) = build(&repo());
    assert_eq!(read(&out2, "contacts.json"), text);
    // JSON-LD ContactPoints stay registry-only: no third party or scam.
    let home = read(&out, "en/index.html");
    assert!(home.contains("ContactPoint") && home.contains("+1 202 555 0100"));
    for other in [
        "202 555 0142",
        "bank.example.net",
        "400 555 0199",
        "examplewallet_kefu",
    ] {
        assert!(!home.contains(other), "{other} on the home page");
    }
}

#[test]
fn the_contact_page_links_the_list_of_reported_scams() {
    let (_dir, out) = build(&repo());
    let contact = read(&out, "en/contact/index.html");
    assert!(
        contact.contains(r#"href="/en/contact/scams/""#),
        "{contact}"
    );
    let scams = read(&out, "en/contact/scams/index.html");
    assert!(scams.contains("Reported scam contacts"));
    // Newest report first, each with its date and description.
    let phone = scams.find("+86 400 555 0199").expect("scam phone listed");
    let app = scams.find("9.9.9").expect("counterfeit app listed");
    assert!(app < phone, "newest first");
    assert!(scams.contains(r#"<time datetime="2026-10-02">"#));
    assert!(scams.contains("safe account"));
    let zh = read(&out, "zh-cn/contact/scams/index.html");
    assert!(zh.contains("已举报的诈骗联系方式") && zh.contains("安全账户"));
    // The sitemap lists it, and check knows it exists.
    assert!(read(&out, "sitemap.xml").contains("/en/contact/scams/"));
}
