//! Contact integrity: the Rust normalisation against the vectors shared
//! with the browser (tests/contact_vectors.json; the browser's side is
//! tests/js/verify.test.mjs, run by tests/js_unit.rs), and the scanner on
//! article text written as writers write.

use std::path::PathBuf;

use helpbook::config::Contact;
use helpbook::contact::{Normalized, Registry, normalize, scan};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn vectors() -> serde_json::Value {
    let text = std::fs::read_to_string(repo().join("tests/contact_vectors.json"))
        .expect("tests/contact_vectors.json");
    serde_json::from_str(&text).expect("vectors are JSON")
}

fn registry(vectors: &serde_json::Value) -> Registry {
    let contacts: Vec<Contact> =
        serde_json::from_value(vectors["registry"]["contacts"].clone()).expect("contacts");
    let domains: Vec<String> =
        serde_json::from_value(vectors["registry"]["domains"].clone()).expect("domains");
    Registry::new(&contacts, &domains)
}

#[test]
fn rust_normalisation_matches_the_shared_vectors() {
    let vectors = vectors();
    let cases = vectors["normalize"].as_array().expect("normalize cases");
    assert!(cases.len() > 30);
    let mut wrong = Vec::new();
    for case in cases {
        let input = case["input"].as_str().expect("input");
        let expect: Option<Normalized> =
            serde_json::from_value(case["expect"].clone()).expect("expect");
        let got = normalize(input);
        if got != expect {
            wrong.push(format!("{input:?}: got {got:?}, want {expect:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn rust_verdicts_match_the_shared_vectors() {
    let vectors = vectors();
    let registry = registry(&vectors);
    let mut wrong = Vec::new();
    for case in vectors["verdict"].as_array().expect("verdict cases") {
        let input = case["input"].as_str().expect("input");
        let want = case["status"].as_str().expect("status");
        let got = match normalize(input) {
            None => "unknown",
            Some(n) if registry.is_official(&n) => "official",
            Some(_) => "unofficial",
        };
        if got != want {
            wrong.push(format!("{input:?}: got {got}, want {want}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

fn official() -> Registry {
    registry(&vectors())
}

#[test]
fn a_fake_number_is_found_in_every_spelling() {
    let registry = official();
    for spelling in [
        "+86 138 0013 9999",
        "+86-138-0013-9999",
        "0086 13800139999",
        "138 0013 9999",
        "138-0013-9999",
        "(138) 0013.9999",
        "１３８００１３９９９９",
        "＋８６ １３８ ００１３ ９９９９",
        "400-123-9999",
        "010-87654321",
        "+1 202 555 0199",
    ] {
        for text in [
            format!("请拨打{spelling}联系客服。"),
            format!("Call {spelling} now."),
            format!("| 客服 | {spelling} |"),
        ] {
            let found = scan(&text, &registry);
            assert_eq!(found.len(), 1, "{text}: {found:?}");
            assert!(
                !registry.is_official(&found[0].contact),
                "{text}: taken as official"
            );
            assert!(
                spelling.starts_with(found[0].text.trim()),
                "{text}: found {:?}",
                found[0].text
            );
        }
    }
}

#[test]
fn a_registry_number_is_official_in_every_spelling() {
    let registry = official();
    for spelling in [
        "+86 138 0013 8000",
        "0086-138-0013-8000",
        "13800138000",
        "１３８ ００１３ ８０００",
        "+1 202 555 0100",
        "+1 (202) 555-0100",
        "400-123-4567",
        "+86 400 123 4567",
        "(010) 1234 5678",
        "+86 10 1234 5678",
    ] {
        let text = format!("拨打 {spelling}，每天 09:00–21:00。");
        let found = scan(&text, &registry);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert!(registry.is_official(&found[0].contact), "{text}: {found:?}");
    }
}

#[test]
fn versions_dates_amounts_and_order_numbers_are_not_contacts() {
    let text = "Version 2.4.0 (build 2.4.0.1187), released 2026-11-18 / 2026.11.18 at 09:00–21:00. \
                Limits: 10000 USDT a day, 1,000,000 CNY a year, fee 0.5%. Order 20261118093015123, \
                IP 192.168.1.100, 2FA code 123456, see reset-password.md and 2fa-setup.svg, \
                WeChat Pay and QQ Wallet.";
    let found = scan(text, &official());
    assert!(found.is_empty(), "{found:?}");
}

#[test]
fn chinese_prose_numbers_are_not_contacts() {
    let text = "尾号 8000 的手机；第 2 步；2026年11月18日 09:30:00；¥1,000.00 或 100.00 元；\
                IPv4 192.168.1.1；ISBN 978-7-111-12345-6；身份证 110101199003071234；\
                银行卡 6222 0212 3456 7890 123；运单号 SF1234567890123；版本 v2.4.0.1187；\
                限额 50000 USDT；验证码 6 位；每天 09:00–21:00。";
    let found = scan(text, &official());
    assert!(found.is_empty(), "{found:?}");
}
