//! The search analyzer is specified once and implemented twice (Rust for
//! tantivy, JavaScript for the browser). These tests hold both to the
//! hand-written vectors in `tests/analyzer_vectors.json`, hold the tantivy
//! tokenizer to `analyze()`, and compare Rust with JavaScript on a few
//! thousand generated strings. The JavaScript half runs under Node
//! (`tests/js/analyzer_vectors.mjs`); without Node these tests fail.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use helpbook::search::analyzer::{analyze, text_analyzer};
use serde_json::Value;

struct Vector {
    input: String,
    tokens: Vec<String>,
}

fn manifest_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn vectors_path() -> PathBuf {
    manifest_path("tests/analyzer_vectors.json")
}

fn load_vectors() -> Vec<Vector> {
    let path = vectors_path();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let value: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not valid JSON: {e}", path.display()));
    let items = value.as_array().expect("the vectors file is a JSON array");
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let input = item["input"]
                .as_str()
                .unwrap_or_else(|| panic!("vector {i}: \"input\" must be a string"));
            let tokens = item["tokens"]
                .as_array()
                .unwrap_or_else(|| panic!("vector {i}: \"tokens\" must be an array"))
                .iter()
                .map(|t| {
                    t.as_str()
                        .unwrap_or_else(|| panic!("vector {i}: tokens must be strings"))
                        .to_string()
                })
                .collect();
            Vector {
                input: input.to_string(),
                tokens,
            }
        })
        .collect()
}

/// Runs the JavaScript analyzer over `file` (a JSON array of strings or of
/// `{"input": ...}` objects) and returns the tokens of each input.
fn run_node(file: &Path) -> Vec<Vec<String>> {
    let node = std::env::var_os("NODE").unwrap_or_else(|| "node".into());
    let script = manifest_path("tests/js/analyzer_vectors.mjs");
    let output = match Command::new(&node).arg(&script).arg(file).output() {
        Ok(output) => output,
        Err(e) => panic!(
            "cannot run Node ({node:?}): {e}. These tests check that the browser analyzer \
             (themes/default/static/analyzer.js) agrees with the Rust one, and need Node 20 \
             or later on PATH (or its path in the NODE environment variable)."
        ),
    };
    assert!(
        output.status.success(),
        "node {} failed ({}):\n{}",
        script.display(),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "node printed something that is not a JSON array of token arrays: {e}\n{}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// Asserts that no failure was recorded, printing all of them.
fn report(what: &str, total: usize, failures: &[String]) {
    assert!(
        failures.is_empty(),
        "{what}: {} of {total} inputs differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn vectors_file_is_big_enough() {
    let vectors = load_vectors();
    assert!(
        vectors.len() >= 180,
        "only {} vectors, want at least 180",
        vectors.len()
    );
}

#[test]
fn rust_analyzer_matches_vectors() {
    let vectors = load_vectors();
    let mut failures = Vec::new();
    for v in &vectors {
        let got = analyze(&v.input);
        if got != v.tokens {
            failures.push(format!(
                "  input {:?}\n    expected {:?}\n    got      {:?}",
                v.input, v.tokens, got
            ));
        }
    }
    report("Rust analyze() vs vectors", vectors.len(), &failures);
}

#[test]
fn javascript_analyzer_matches_vectors() {
    let vectors = load_vectors();
    let results = run_node(&vectors_path());
    assert_eq!(
        results.len(),
        vectors.len(),
        "node returned a different number of results"
    );
    let mut failures = Vec::new();
    for (v, got) in vectors.iter().zip(&results) {
        if *got != v.tokens {
            failures.push(format!(
                "  input {:?}\n    expected {:?}\n    got (js) {:?}",
                v.input, v.tokens, got
            ));
        }
    }
    report("analyzer.js vs vectors", vectors.len(), &failures);
}

/// Checks the tantivy token stream of `text` against `analyze(text)`:
/// same texts, offsets that are char-boundary ranges of `text` and do not
/// go backwards, positions 0, 1, 2, …
fn check_tantivy(text: &str, failures: &mut Vec<String>) {
    let mut analyzer = text_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut texts = Vec::new();
    let mut last_from = 0;
    while let Some(token) = stream.next() {
        let (from, to) = (token.offset_from, token.offset_to);
        let ok = from < to
            && to <= text.len()
            && text.is_char_boundary(from)
            && text.is_char_boundary(to)
            && from >= last_from;
        if !ok {
            failures.push(format!(
                "  input {text:?}: token {:?} has bad offsets {from}..{to} (text is {} bytes, previous token started at {last_from})",
                token.text,
                text.len()
            ));
        }
        if token.position != texts.len() {
            failures.push(format!(
                "  input {text:?}: token {:?} has position {}, expected {}",
                token.text,
                token.position,
                texts.len()
            ));
        }
        last_from = from;
        texts.push(token.text.clone());
    }
    let expected = analyze(text);
    if texts != expected {
        failures.push(format!(
            "  input {text:?}\n    analyze() {expected:?}\n    tantivy   {texts:?}"
        ));
    }
}

#[test]
fn tantivy_tokenizer_matches_analyze() {
    let vectors = load_vectors();
    let mut failures = Vec::new();
    for v in &vectors {
        check_tantivy(&v.input, &mut failures);
    }
    let generated = generated_strings();
    for s in &generated {
        check_tantivy(s, &mut failures);
    }
    report(
        "tantivy tokenizer vs analyze()",
        vectors.len() + generated.len(),
        &failures,
    );
}

#[test]
fn rust_and_javascript_agree_on_generated_strings() {
    let strings = generated_strings();
    let mut file = tempfile::NamedTempFile::new().expect("create a temp file");
    let json = serde_json::to_string(&strings).expect("serialize strings");
    file.write_all(json.as_bytes()).expect("write temp file");
    file.flush().expect("flush temp file");
    let results = run_node(file.path());
    assert_eq!(
        results.len(),
        strings.len(),
        "node returned a different number of results"
    );
    let mut failures = Vec::new();
    for (s, js) in strings.iter().zip(&results) {
        let rust = analyze(s);
        if rust != *js {
            failures.push(format!("  input {s:?}\n    rust {rust:?}\n    js   {js:?}"));
        }
    }
    report(
        "Rust vs analyzer.js on generated strings",
        strings.len(),
        &failures,
    );
}

/// Pieces the generator strings are made of: every script and trap the
/// analyzer has a rule for. All were assigned long before Unicode 15, so
/// Rust's tables and the engine's ICU agree on them.
const PIECES: &[&str] = &[
    // ASCII
    "a",
    "b",
    "s",
    "e",
    "i",
    "u",
    "o",
    "Z",
    "S",
    "IES",
    "ies",
    "es",
    "ss",
    "us",
    "0",
    "7",
    "42",
    " ",
    " ",
    "  ",
    "\t",
    "\n",
    ".",
    ",",
    "-",
    "_",
    "@",
    "+",
    "/",
    ":",
    "'",
    "(",
    ")",
    "#",
    "%",
    // full-width and compatibility characters
    "Ａ",
    "ｓ",
    "１",
    "０",
    "＋",
    "－",
    "．",
    "＠",
    "　",
    "㍿",
    "㌔",
    "㈱",
    "①",
    "½",
    "™",
    "ﬁ",
    "ﬀ",
    "ﬆ",
    "ǅ",
    "Ĳ",
    "ŉ",
    "µ",
    "Ω",
    "K",
    "Å",
    "²",
    "₂",
    "Ⅻ",
    "ℌ",
    "ª",
    "Ⓐ",
    "🄰",
    "𝐁",
    "𝟏",
    "ﷺ",
    "ﻻ",
    "豈",
    "⼀",
    "㊙",
    "℃",
    "№",
    "㎏",
    // Latin with diacritics, precomposed and not
    "é",
    "e\u{301}",
    "ü",
    "ß",
    "ẞ",
    "İ",
    "ı",
    "Ş",
    "Æ",
    "œ",
    "ế",
    "ệ",
    "à",
    // combining marks on their own
    "\u{301}",
    "\u{300}",
    "\u{302}",
    "\u{308}",
    "\u{316}",
    "\u{323}",
    "\u{30a}",
    "\u{307}",
    "\u{345}",
    "\u{20e3}",
    "\u{fe0f}",
    "\u{e0100}",
    "\u{3099}",
    "\u{309a}",
    // Greek and Cyrillic
    "Σ",
    "σ",
    "ς",
    "Α",
    "λ",
    "ό",
    "Ω",
    "ω",
    "Ё",
    "Е",
    "П",
    "я",
    // Han, simplified and traditional, incl. astral and iteration marks
    "提",
    "现",
    "失",
    "败",
    "中",
    "文",
    "帳",
    "戶",
    "凍",
    "結",
    "〇",
    "々",
    "〆",
    "𠮷",
    "𠀀",
    // kana, halfwidth kana and marks
    "パ",
    "ス",
    "ワ",
    "ー",
    "ド",
    "を",
    "が",
    "か",
    "ゝ",
    "ゞ",
    "ヽ",
    "ゟ",
    "ヿ",
    "ㇰ",
    "𛀁",
    "ﾊ",
    "ﾟ",
    "ﾞ",
    "ｰ",
    "ｶ",
    "ｯ",
    "･",
    "゛",
    "・",
    "〜",
    // Bopomofo and its tone letters
    "ㄅ",
    "ㄆ",
    "ㄓ",
    "ㄨ",
    "ˋ",
    "ˊ",
    "ˇ",
    "˙",
    // Hangul: syllables, compatibility and conjoining jamo
    "비",
    "밀",
    "한",
    "국",
    "ㄱ",
    "ㄴ",
    "\u{1100}",
    "\u{1161}",
    "\u{11a8}",
    // other scripts
    "ك",
    "ل",
    "٠",
    "ร",
    "ห",
    "\u{e31}",
    "प",
    "\u{93e}",
    "\u{94d}",
    "ש",
    "\u{5b8}",
    "\u{5c1}",
    "ქ",
    "Ქ",
    "Հ",
    "ﬔ",
    // CJK punctuation
    "，",
    "。",
    "！",
    "？",
    "「",
    "」",
    "、",
    // emoji and format characters
    "👍",
    "❤",
    "👨",
    "🏽",
    "🇨",
    "🅰",
    "✅",
    "\u{200b}",
    "\u{200c}",
    "\u{200d}",
    "\u{ad}",
    "\u{feff}",
    "\u{2060}",
    "\u{202a}",
    "\u{a0}",
    "\u{0}",
];

/// A few thousand deterministic pseudo-random strings built from
/// [`PIECES`], some with long runs to cross the 40-code-point limit.
fn generated_strings() -> Vec<String> {
    // SplitMix64: deterministic, no extra crate.
    let mut state: u64 = 0x5EED_1234_ABCD_0042;
    let mut next = move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut out = Vec::with_capacity(4000);
    for i in 0..4000 {
        let mut s = String::new();
        let len = (next() % 24) as usize;
        for _ in 0..len {
            let piece = PIECES[(next() % PIECES.len() as u64) as usize];
            // Now and then repeat a piece to make long runs.
            let times = if next() % 16 == 0 {
                35 + (next() % 10) as usize
            } else {
                1
            };
            for _ in 0..times {
                s.push_str(piece);
            }
        }
        // Some strings use only a narrow pool, to make long mixed words.
        if i % 10 == 0 {
            s.push_str("Passwords");
        }
        out.push(s);
    }
    out
}
