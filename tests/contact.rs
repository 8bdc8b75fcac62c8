//! Contact integrity: the Rust verifier against the vectors shared with the
//! browser (tests/contact_vectors.json; the browser's side is
//! tests/js/verify.test.mjs), thousands of generated spellings answered by
//! both (through Node), and the confusables table the browser carries.
//!
//! `HELPBOOK_BLESS=1 cargo test --test contact` rewrites the generated
//! parts (the vectors' registry, verify.js's confusables table) after a
//! deliberate change; without it the tests fail on any difference.

use std::path::PathBuf;
use std::process::Command;

use helpbook::config::Config;
use helpbook::contact::lookalike::ascii_prototype;
use helpbook::contact::text::canonical;
use helpbook::contact::{Normalized, Registry, Status};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bless() -> bool {
    std::env::var_os("HELPBOOK_BLESS").is_some()
}

fn vectors() -> serde_json::Value {
    let text = std::fs::read_to_string(repo().join("tests/contact_vectors.json"))
        .expect("tests/contact_vectors.json");
    serde_json::from_str(&text).expect("vectors are JSON")
}

/// The registry the vectors' book.toml publishes.
fn registry_of(vectors: &serde_json::Value) -> Registry {
    let config = Config::parse(vectors["book_toml"].as_str().expect("book_toml"))
        .unwrap_or_else(|e| panic!("the vectors' book.toml is valid: {e}"));
    let releases: Vec<String> =
        serde_json::from_value(vectors["releases"].clone()).expect("releases");
    Registry::from_config(&config, releases)
}

#[test]
fn the_vectors_registry_is_what_their_book_toml_publishes() {
    let mut vectors = vectors();
    let registry = serde_json::to_value(registry_of(&vectors)).expect("serialises");
    if bless() {
        vectors["registry"] = registry;
        let text = serde_json::to_string_pretty(&vectors).expect("json") + "\n";
        std::fs::write(repo().join("tests/contact_vectors.json"), text).expect("write");
        return;
    }
    assert_eq!(
        vectors["registry"], registry,
        "tests/contact_vectors.json is stale: run HELPBOOK_BLESS=1 cargo test --test contact"
    );
    // What it publishes round-trips: `helpbook verify` reads it back.
    let back: Registry = serde_json::from_value(registry).expect("reads back");
    assert_eq!(back, registry_of(&vectors));
}

#[test]
fn rust_normalisation_matches_the_shared_vectors() {
    let vectors = vectors();
    let registry = registry_of(&vectors);
    let cases = vectors["normalize"].as_array().expect("normalize cases");
    assert!(cases.len() > 40);
    let mut wrong = Vec::new();
    for case in cases {
        let input = case["input"].as_str().expect("input");
        let expect: Option<Normalized> =
            serde_json::from_value(case["expect"].clone()).expect("expect");
        let got = registry.normalize(input);
        if got != expect {
            wrong.push(format!("{input:?}: got {got:?}, want {expect:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn rust_verdicts_match_the_shared_vectors() {
    let vectors = vectors();
    let registry = registry_of(&vectors);
    let mut wrong = Vec::new();
    for case in vectors["verdict"].as_array().expect("verdict cases") {
        let input = case["input"].as_str().expect("input");
        let want = case["status"].as_str().expect("status");
        let got = serde_json::to_value(registry.verdict(input).status).expect("status");
        if got != want {
            wrong.push(format!("{input:?}: got {got}, want {want}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_issues_false_officials_are_not_official() {
    let registry = registry_of(&vectors());
    for input in [
        "+86 202 555 0100",
        "020-2555-0100",
        "http://example.org/phish",
        "https://example.org/",
    ] {
        let v = registry.verdict(input);
        assert_ne!(v.status, Status::Official, "{input}: {v:?}");
    }
    assert!(registry.verdict("http://example.org/phish").linked);
}

/// The confusables table verify.js carries, as it must be: every
/// character that can appear in canonical text and reads as ASCII letters
/// or digits, then that ASCII.
fn expected_confusables() -> String {
    let mut entries = Vec::new();
    for cp in 0u32..=0x10FFFF {
        let Some(c) = char::from_u32(cp) else {
            continue;
        };
        if c == ' ' || canonical(&c.to_string()) != c.to_string() {
            continue;
        }
        if let Some(prototype) = ascii_prototype(c) {
            entries.push(format!("{c}{prototype}"));
        }
    }
    entries.join(" ")
}

#[test]
fn verify_js_carries_the_confusables_table() {
    let path = repo().join("themes/default/static/verify.js");
    let source = std::fs::read_to_string(&path).expect("verify.js");
    let start_marker = "const CONFUSABLES = '";
    let start = source.find(start_marker).expect("CONFUSABLES in verify.js") + start_marker.len();
    let end = start + source[start..].find("';").expect("end of CONFUSABLES");
    let expected = expected_confusables();
    assert!(expected.len() > 1000, "{}", expected.len());
    assert!(!expected.contains('\''), "the table needs no quote");
    if bless() {
        let mut updated = source[..start].to_string();
        updated.push_str(&expected);
        updated.push_str(&source[end..]);
        std::fs::write(&path, updated).expect("write verify.js");
        return;
    }
    assert!(
        source[start..end] == expected,
        "verify.js's CONFUSABLES is stale: run HELPBOOK_BLESS=1 cargo test --test contact"
    );
}

/// A small deterministic generator (xorshift), so the generated set is the
/// same on every run and machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// A spelling, and whether its truth is official.
struct Case {
    input: String,
    official: bool,
}

fn full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            ' ' => '\u{3000}',
            _ => c,
        })
        .collect()
}

/// Decorations a reader's paste may carry that change nothing they see.
fn decorate(rng: &mut Rng, text: &str) -> String {
    let mut out = text.to_string();
    if rng.chance(15) {
        out = full_width(&out);
    }
    if rng.chance(15) {
        let invisible = *rng.pick(&[
            '\u{200B}', '\u{200D}', '\u{2060}', '\u{202E}', '\u{FEFF}', '\u{00AD}',
        ]);
        let chars: Vec<char> = out.chars().collect();
        let at = rng.below(chars.len().max(1));
        out = chars[..at].iter().collect::<String>()
            + &invisible.to_string()
            + &chars[at..].iter().collect::<String>();
    }
    if rng.chance(10) {
        out = format!("  {out} ");
    }
    if rng.chance(20) {
        out = out.to_uppercase();
    }
    out
}

/// Digits grouped and separated as people write them.
fn spell_digits(rng: &mut Rng, digits: &str) -> String {
    let separator = *rng.pick(&[" ", "-", ".", "", "\u{2013}", " - "]);
    let mut groups = Vec::new();
    let mut rest = digits;
    while !rest.is_empty() {
        let n = (2 + rng.below(3)).min(rest.len());
        groups.push(&rest[..n]);
        rest = &rest[n..];
    }
    let mut text = groups.join(separator);
    if rng.chance(15) && groups.len() > 1 {
        text = format!("({}) {}", groups[0], groups[1..].join(separator));
    }
    text
}

/// A phone number with country code `cc` and national number `nsn`
/// (`trunk`: its national prefix), spelled one of the ways people do.
fn spell_phone(rng: &mut Rng, cc: &str, nsn: &str, trunk: &str, in_region: bool) -> String {
    let body = spell_digits(rng, nsn);
    let text = match rng.below(if in_region { 5 } else { 3 }) {
        0 => format!("+{cc} {body}"),
        1 => format!("+{cc}{}", nsn),
        2 => format!("00{cc} {body}"),
        3 => format!("{trunk}{body}"),
        _ => body,
    };
    if rng.chance(10) {
        format!("tel:{}", text.replace(' ', ""))
    } else {
        text
    }
}

/// Changes one digit, or swaps two neighbours.
fn near_miss(rng: &mut Rng, digits: &str) -> String {
    let mut d: Vec<u8> = digits.bytes().collect();
    let i = rng.below(d.len());
    if rng.chance(50) && i + 1 < d.len() && d[i] != d[i + 1] {
        d.swap(i, i + 1);
    } else {
        d[i] = b'0' + ((d[i] - b'0' + 1 + rng.below(8) as u8) % 10);
    }
    String::from_utf8(d).expect("digits")
}

/// Letters replaced by look-alikes from other scripts or digits.
fn look_alike(rng: &mut Rng, text: &str) -> String {
    const SWAPS: [(char, &str); 10] = [
        ('a', "а"),
        ('e', "е"),
        ('o', "о0"),
        ('p', "р"),
        ('c', "с"),
        ('x', "х"),
        ('l', "1Ι"),
        ('i', "і1"),
        ('m', "rn"),
        ('s', "ѕ"),
    ];
    let chars: Vec<char> = text.chars().collect();
    let candidates: Vec<usize> = (0..chars.len())
        .filter(|&i| SWAPS.iter().any(|(c, _)| *c == chars[i]))
        .collect();
    if candidates.is_empty() {
        return format!("{text}-support");
    }
    let at = *rng.pick(&candidates);
    let (_, options) = SWAPS.iter().find(|(c, _)| *c == chars[at]).expect("swap");
    let options: Vec<char> = options.chars().collect();
    let replacement = if *options == ['r', 'n'] {
        "rn".to_string()
    } else {
        rng.pick(&options).to_string()
    };
    chars[..at].iter().collect::<String>()
        + &replacement
        + &chars[at + 1..].iter().collect::<String>()
}

fn punycode_host(host: &str) -> String {
    host.split('.')
        .map(|label| {
            if label.is_ascii() {
                label.to_string()
            } else {
                format!(
                    "xn--{}",
                    idna::punycode::encode_str(label).expect("punycode")
                )
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn generate(rng: &mut Rng, n: usize) -> Vec<Case> {
    // (cc, nsn, trunk, official)
    let phones: [(&str, &str, &str, bool); 6] = [
        ("1", "2025550100", "1", true),
        ("86", "4001234567", "0", true),
        ("86", "1012345678", "0", true),
        ("86", "13800138000", "0", true),
        ("1", "2025550142", "1", false),
        ("86", "4005550199", "0", false),
    ];
    let official_hosts = ["help.example.com", "wallet.example.com"];
    let other_hosts = [
        "evil.test",
        "bank.example.net",
        "examp1e-wallet.test",
        "example.org",
        "explorer.example.net",
    ];
    let official_handles = [
        ("wechat", "wallet_help"),
        ("telegram", "support.example"),
        ("x", "examplewallet"),
        ("qq", "12345678"),
    ];
    let other_handles = [
        ("wechat", "examplewallet_kefu"),
        ("telegram", "wallet_fans"),
        ("wechat", "helpdesk_555"),
    ];
    let keywords: [(&str, &[&str]); 4] = [
        (
            "wechat",
            &[
                "微信 ",
                "微信号：",
                "加微信 ",
                "wechat: ",
                "WeChat ID: ",
                "weixin ",
            ],
        ),
        (
            "telegram",
            &["telegram @", "电报：", "tg: ", "https://t.me/"],
        ),
        ("x", &["x: ", "twitter: ", "https://x.com/", "推特 "]),
        ("qq", &["QQ ", "qq:", "QQ号 ", "QQ"]),
    ];
    let mut cases = Vec::with_capacity(n);
    while cases.len() < n {
        let case = match rng.below(9) {
            // A listed phone number, spelled any way (national spellings in CN only).
            0 | 1 => {
                let &(cc, nsn, trunk, official) = rng.pick(&phones);
                let in_region = cc == "86";
                Case {
                    input: spell_phone(rng, cc, nsn, trunk, in_region),
                    official,
                }
            }
            // A listed number under another country code, or one digit off.
            2 => {
                let &(cc, nsn, trunk, _) = rng.pick(&phones);
                if rng.chance(50) {
                    let other =
                        *rng.pick(&["44", "852", "81", "49", if cc == "86" { "1" } else { "86" }]);
                    Case {
                        input: spell_phone(rng, other, nsn, trunk, false),
                        official: false,
                    }
                } else {
                    let miss = near_miss(rng, nsn);
                    Case {
                        input: spell_phone(rng, cc, &miss, trunk, cc == "86"),
                        official: false,
                    }
                }
            }
            // A random number in some country.
            3 => {
                let cc = *rng.pick(&["1", "44", "86", "852", "81", "49", "7"]);
                let len = 8 + rng.below(4);
                let nsn: String = (0..len)
                    .map(|i| {
                        char::from(
                            b'0' + if i == 0 {
                                2 + rng.below(7)
                            } else {
                                rng.below(10)
                            } as u8,
                        )
                    })
                    .collect();
                Case {
                    input: spell_phone(rng, cc, &nsn, "0", cc == "86"),
                    official: false,
                }
            }
            // An official host or a subdomain of it, in a URL or bare.
            4 => {
                let host = *rng.pick(&official_hosts);
                let host = if rng.chance(30) {
                    format!("{}.{host}", rng.pick(&["www", "m", "api"]))
                } else {
                    host.to_string()
                };
                let url = match rng.below(4) {
                    0 => format!(
                        "https://{host}/{}",
                        rng.pick(&["login", "chat", "a/b?c=d", ""])
                    ),
                    1 => format!("http://{host}"),
                    2 => format!("https://{host}:443/x"),
                    _ => host,
                };
                Case {
                    input: url,
                    official: true,
                }
            }
            // A look-alike of an official host, maybe as punycode, or another site.
            5 => {
                if rng.chance(60) {
                    let official = *rng.pick(&official_hosts);
                    let host = look_alike(rng, official);
                    let host = if rng.chance(30) && !host.is_ascii() {
                        punycode_host(&host)
                    } else {
                        host
                    };
                    let tail = *rng.pick(&["", ".evil.net", "-verify.com"]);
                    let input = if rng.chance(50) {
                        format!("https://{host}{tail}/login")
                    } else {
                        format!("{host}{tail}")
                    };
                    Case {
                        input,
                        official: false,
                    }
                } else {
                    let host = *rng.pick(&other_hosts);
                    Case {
                        input: format!("https://{host}/{}", rng.pick(&["x", "phish", ""])),
                        official: false,
                    }
                }
            }
            // Emails: the official one in any case, or others.
            6 => {
                if rng.chance(50) {
                    let email = if rng.chance(50) {
                        "support@example.com".to_string()
                    } else {
                        "Support@Example.COM".to_string()
                    };
                    let email = if rng.chance(20) {
                        format!("mailto:{email}")
                    } else {
                        email
                    };
                    Case {
                        input: email,
                        official: true,
                    }
                } else {
                    let local = *rng.pick(&["support", "help", "ceo", "kefu"]);
                    let domain = match rng.below(3) {
                        0 => look_alike(rng, "example.com"),
                        1 => rng.pick(&other_hosts).to_string(),
                        _ => "example.com".to_string(),
                    };
                    let official = false;
                    let input = format!("{local}@{domain}");
                    // The official address itself is official.
                    let official = official || input == "support@example.com";
                    Case { input, official }
                }
            }
            // Handles after a keyword, or alone.
            7 => {
                let (channel, name, official) = if rng.chance(50) {
                    let &(c, n) = rng.pick(&official_handles);
                    (c, n.to_string(), true)
                } else if rng.chance(50) {
                    let &(c, n) = rng.pick(&official_handles);
                    let name = if n.chars().all(|c| c.is_ascii_digit()) {
                        near_miss(rng, n)
                    } else if rng.chance(50) {
                        n.replace('.', "_").replace('_', "-")
                            + if n.contains(['.', '_']) { "" } else { "_cs" }
                    } else {
                        look_alike(rng, n)
                    };
                    (c, name, false)
                } else {
                    let &(c, n) = rng.pick(&other_handles);
                    (c, n.to_string(), false)
                };
                let (_, prefixes) = keywords
                    .iter()
                    .find(|(c, _)| *c == channel)
                    .expect("keywords");
                let prefix = if rng.chance(20) && channel != "qq" {
                    "@"
                } else {
                    rng.pick(prefixes)
                };
                // A look-alike can still be valid for another messenger only by name.
                Case {
                    input: format!("{prefix}{name}"),
                    official,
                }
            }
            // App versions.
            _ => {
                let version = *rng.pick(&[
                    "2.4.0", "2.3.0", "2.2.0", "9.9.9", "5.0.1", "2.4.1", "v2.4.0", "V 2.3.0",
                ]);
                let official =
                    matches!(version, "2.4.0" | "2.3.0" | "2.2.0" | "v2.4.0" | "V 2.3.0");
                Case {
                    input: version.to_string(),
                    official,
                }
            }
        };
        let input = decorate(rng, &case.input);
        cases.push(Case {
            input,
            official: case.official,
        });
    }
    cases
}

/// The parts of a verdict both sides must agree on.
fn comparable(v: &serde_json::Value) -> serde_json::Value {
    let value = |key: &str| {
        v.get(key)
            .and_then(|e| e.get("value"))
            .cloned()
            .unwrap_or(serde_json::Value::Null)
    };
    serde_json::json!({
        "status": v["status"], "found": v["found"], "imitates": v.get("imitates").cloned().unwrap_or(serde_json::Value::Null),
        "release": v.get("release").cloned().unwrap_or(serde_json::Value::Null),
        "linked": v["linked"], "needs_country_code": v["needs_country_code"],
        "official": value("official"), "third_party": value("third_party"), "scam": value("scam"),
    })
}

#[test]
fn rust_and_the_browser_agree_on_thousands_of_generated_spellings_and_never_say_official_wrongly() {
    let vectors = vectors();
    let registry = registry_of(&vectors);
    let mut rng = Rng(0x5eed_c0ffee_u64);
    let cases = generate(&mut rng, 6000);
    let rust: Vec<serde_json::Value> = cases
        .iter()
        .map(|c| serde_json::to_value(registry.verdict(&c.input)).expect("verdict json"))
        .collect();

    // False "official" verdicts: the goal is zero.
    let false_official: Vec<&str> = cases
        .iter()
        .zip(&rust)
        .filter(|(c, v)| !c.official && v["status"] == "official")
        .map(|(c, _)| c.input.as_str())
        .collect();
    assert!(
        false_official.is_empty(),
        "false official verdicts: {false_official:#?}"
    );
    // And every meaning-preserving spelling of an official value is official.
    let missed: Vec<String> = cases
        .iter()
        .zip(&rust)
        .filter(|(c, v)| c.official && v["status"] != "official")
        .map(|(c, v)| format!("{:?}: {}", c.input, v["status"]))
        .collect();
    assert!(
        missed.is_empty(),
        "official spellings not recognised: {missed:#?}"
    );
    let mut statuses: std::collections::BTreeMap<String, usize> = Default::default();
    for v in &rust {
        *statuses.entry(v["status"].to_string()).or_default() += 1;
    }
    eprintln!(
        "{} generated spellings ({} official by construction); verdicts {statuses:?}; false official: {}",
        cases.len(),
        cases.iter().filter(|c| c.official).count(),
        false_official.len()
    );
    assert_eq!(
        statuses.len(),
        5,
        "every verdict is exercised: {statuses:?}"
    );

    // The browser's answers, through Node.
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("cases.json");
    let inputs: Vec<&str> = cases.iter().map(|c| c.input.as_str()).collect();
    std::fs::write(
        &file,
        serde_json::to_string(
            &serde_json::json!({"registry": vectors["registry"], "inputs": inputs}),
        )
        .expect("json"),
    )
    .expect("write cases");
    let output = Command::new(std::env::var("NODE").unwrap_or_else(|_| "node".into()))
        .arg(repo().join("tests/js/verify_batch.mjs"))
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node (Node.js 20 is needed): {e}"));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let js: Vec<serde_json::Value> =
        serde_json::from_slice(&output.stdout).expect("node prints JSON");
    assert_eq!(js.len(), cases.len());
    let differ: Vec<String> = cases
        .iter()
        .zip(rust.iter().zip(&js))
        .filter(|(_, (r, j))| comparable(r) != comparable(j))
        .take(20)
        .map(|(c, (r, j))| {
            format!(
                "{:?}\n  rust: {}\n  js:   {}",
                c.input,
                comparable(r),
                comparable(j)
            )
        })
        .collect();
    assert!(
        differ.is_empty(),
        "Rust and verify.js disagree:\n{}",
        differ.join("\n")
    );
}
