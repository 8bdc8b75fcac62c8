//! The search analyzer: one specification, implemented twice.
//!
//! This module is the Rust half (used by tantivy at build time and by
//! `helpbook search`); `themes/default/static/analyzer.js` is the JavaScript
//! half (used by the browser to analyze queries). Both must produce the same
//! tokens for every input, or the browser would look up terms the index does
//! not contain. `tests/analyzer_vectors.json` pins the behaviour and
//! `tests/analyzer.rs` runs the vectors, plus generated strings, through both.
//!
//! # The analyzer (DESIGN.md, "Search")
//!
//! 1. **Normalize**: Unicode NFKC (`ＡＢＣ１２３` → `ABC123`, `ﬁ` → `fi`,
//!    halfwidth `ﾊﾟｽ` → `パス`), then lowercase **each code point on its own**
//!    with its full Unicode lowercase mapping (`char::to_lowercase`; in JS,
//!    `toLowerCase()` on one code point at a time). Per code point means no
//!    context rules: `Σ` always becomes `σ` (never the final `ς`), which keeps
//!    the two implementations from depending on how each engine defines the
//!    Final_Sigma context. `İ` becomes `i` + U+0307 on both sides. No locale
//!    is used (`I` → `i` also for Turkish).
//! 2. **Split into runs.** Every code point of the normalized text is one of:
//!    - a *mark*: General_Category Mark (`\p{M}`);
//!    - a *bigram character*: Alphabetic or Number, and its
//!      Script_Extensions contain Han, Hiragana, Katakana or Bopomofo
//!      (Script_Extensions rather than Script so that the prolonged sound
//!      mark `ー` and the kana iteration marks, whose Script is Common, stay
//!      inside Japanese words);
//!    - a *word character*: any other Alphabetic or Number code point
//!      (Latin, Greek, Cyrillic, Hangul, Arabic, Thai, digits, …);
//!    - a *separator*: everything else (spaces, punctuation, symbols, emoji,
//!      ZWJ/ZWNJ and other format characters).
//!
//!    A run is a maximal sequence of bigram characters, or of word
//!    characters. A mark belongs to the character before it and never
//!    changes the kind of the run; a mark with no run before it (after a
//!    separator or at the start) is a separator. This is what keeps the
//!    emoji variation selector U+FE0F (a mark) from becoming a token of its
//!    own, and combining accents inside a word from splitting it.
//!
//!    A run of bigram characters becomes its overlapping pairs of characters
//!    (each with its marks): `提现失败` → `提现` `现失` `失败`; a run of one
//!    character is a unigram. A run of word characters is one token.
//! 3. **Drop very long tokens**: a token longer than [`MAX_TOKEN_CHARS`]
//!    (40) code points after step 1 is dropped (checked before stemming).
//!    Such tokens are hashes, addresses, base64 and the like, which nobody
//!    types into a help-center search box. Counting code points (not bytes,
//!    not UTF-16 units) gives the same answer in both languages.
//! 4. **Stem** word-run tokens (never bigrams) with the rules of Lucene's
//!    `EnglishMinimalStemFilter`, counting code points: fewer than 3, or
//!    not ending in `s`: unchanged; ending in `us` or `ss`: unchanged;
//!    ending in `ies` with at least 4 code points and no `a`/`e` before the
//!    `ies`: `ies` → `y`; ending in `ies`, `aes`, `oes`, `ees`: unchanged;
//!    otherwise the final `s` is dropped. No stop words.
//!
//! Consequences worth knowing (all pinned by the vectors): `2.3.0` →
//! `2` `3` `0`; `a@b.com` → `a` `b` `com`; `+1 202 555 0100` →
//! `1` `202` `555` `0100`; `USDT提现` → `usdt` `提现`; `提现2次` →
//! `提现` `2` `次`; Hangul is one token per run (`비밀번호를`).
//!
//! # Offsets
//!
//! NFKC can change lengths (`㍿` → `株式会社`, `ﬁ` → `fi`) and combine
//! several code points into one (`e` + U+0301 → `é`). Tantivy's snippets
//! need byte offsets into the *original* text, so the text is normalized
//! one normalization segment at a time and every normalized code point
//! remembers the byte range of the segment it came from. A segment starts
//! at every character whose compatibility decomposition begins with a
//! starter that cannot combine with what precedes it (canonical combining
//! class 0 and NFKC_Quick_Check = Yes); normalization never reaches across
//! such a boundary, so normalizing segment by segment gives exactly the
//! NFKC of the whole text (which is what the JavaScript side computes). In
//! practice a segment is one character plus the combining marks after it.
//! A token's offsets run from the start of its first code point's segment to
//! the end of its last code point's segment: always char boundaries, always
//! covering every source character the token came from. Positions go up by
//! one per emitted token (bigrams included), starting at 0.

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use unicode_normalization::char::{
    canonical_combining_class, decompose_compatible, is_combining_mark,
};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};
use unicode_script::{Script, UnicodeScript};

/// The name under which [`text_analyzer`] is registered with tantivy.
pub const ANALYZER_NAME: &str = "helpbook";

/// Tokens longer than this many code points (after NFKC and lowercasing,
/// before stemming) are dropped. `analyzer.js` uses the same number.
pub const MAX_TOKEN_CHARS: usize = 40;

/// Analyzes `text` into token texts, in order.
///
/// This is the reference the JavaScript client is tested against; the
/// tantivy tokenizer ([`HelpTokenizer`]) runs the same code and produces the
/// same texts.
pub fn analyze(text: &str) -> Vec<String> {
    let mut chars = Vec::new();
    let mut tokens = Vec::new();
    for_each_token(text, &mut chars, |token, _, _| tokens.push(token));
    tokens
}

/// Like [`analyze`], with each token's byte range in `text` (for snippets).
pub fn analyze_with_offsets(text: &str) -> Vec<(String, usize, usize)> {
    let mut chars = Vec::new();
    let mut tokens = Vec::new();
    for_each_token(text, &mut chars, |token, from, to| {
        tokens.push((token, from, to))
    });
    tokens
}

/// Every Han, kana or Bopomofo character of `text` (with its marks),
/// normalized as [`analyze`] normalizes, in order: the tokens of the
/// `chars` field, through which a query of one such character finds the
/// words it is part of (`卡` in `银行卡`). Other text gives nothing.
pub fn characters(text: &str) -> Vec<String> {
    let mut chars = Vec::new();
    normalize_into(text, &mut chars);
    let mut out: Vec<String> = Vec::new();
    let mut in_bigram = false;
    for n in &chars {
        match n.kind {
            Kind::Bigram => {
                out.push(n.c.to_string());
                in_bigram = true;
            }
            Kind::Mark if in_bigram => {
                if let Some(last) = out.last_mut() {
                    last.push(n.c);
                }
            }
            Kind::Mark => {}
            _ => in_bigram = false,
        }
    }
    out
}

/// Pair terms (the `pairs` field) start with this mark, and character
/// terms (the `chars` field) with [`CHAR_MARK`]: no token contains either,
/// and both sort before every token, so each kind of term sits in shards of
/// its own, away from the words (a query's pair or character lookups then
/// download a few small shards, not the big ones of common words).
pub const PAIR_MARK: char = '!';

/// See [`PAIR_MARK`].
pub const CHAR_MARK: char = '#';

/// The adjacent pairs of word tokens (letters and digits: not from Han or
/// kana runs) in `tokens`, each written `!first second`: the tokens of the
/// `pairs` field, and the pair terms of a query. Chinese and Japanese need
/// none: their overlapping bigrams already say which characters are next
/// to each other (and the evaluation ranks worse with them).
pub fn pair_terms(tokens: &[String]) -> Vec<String> {
    tokens
        .windows(2)
        .filter(|pair| !is_bigram_token(&pair[0]) && !is_bigram_token(&pair[1]))
        .map(|pair| format!("{PAIR_MARK}{} {}", pair[0], pair[1]))
        .collect()
}

/// The term of the `chars` field for one character: `#卡`.
pub fn character_term(character: &str) -> String {
    format!("{CHAR_MARK}{character}")
}

/// True if `token` came from a run of Han, kana or Bopomofo characters (a
/// bigram or a lone character), false if from a word run.
pub fn is_bigram_token(token: &str) -> bool {
    token
        .chars()
        .next()
        .is_some_and(|c| kind(c) == Kind::Bigram)
}

/// True if `token` is a word of letters only (no digits, no Han or kana):
/// the words typo tolerance applies to.
pub fn is_letter_word(token: &str) -> bool {
    !token.is_empty()
        && token
            .chars()
            .all(|c| c.is_alphabetic() && kind(c) == Kind::Word)
}

/// The analyzer as a tantivy [`TextAnalyzer`]; register it under
/// [`ANALYZER_NAME`] every time an index is created or opened (tantivy does
/// not persist tokenizers). Everything happens in the tokenizer itself, no
/// tantivy filters are added.
pub fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(HelpTokenizer::default())
}

/// The tantivy tokenizer. It keeps its buffers between calls.
#[derive(Clone, Debug, Default)]
pub struct HelpTokenizer {
    chars: Vec<NormChar>,
    tokens: Vec<Token>,
}

/// Token stream of [`HelpTokenizer`]: the tokens are computed eagerly.
#[derive(Debug)]
pub struct HelpTokenStream<'a> {
    tokens: &'a mut Vec<Token>,
    /// Number of successful `advance()` calls; the current token is
    /// `tokens[cursor - 1]`.
    cursor: usize,
    /// Returned by `token()` before the first `advance()` or after the end,
    /// so that misuse cannot panic.
    empty: Token,
}

impl Tokenizer for HelpTokenizer {
    type TokenStream<'a> = HelpTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> HelpTokenStream<'a> {
        self.tokens.clear();
        let tokens = &mut self.tokens;
        for_each_token(text, &mut self.chars, |token, from, to| {
            let position = tokens.len();
            tokens.push(Token {
                offset_from: from,
                offset_to: to,
                position,
                text: token,
                position_length: 1,
            });
        });
        HelpTokenStream {
            tokens: &mut self.tokens,
            cursor: 0,
            empty: Token::default(),
        }
    }
}

impl TokenStream for HelpTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.cursor < self.tokens.len() {
            self.cursor += 1;
            true
        } else {
            self.cursor = self.tokens.len() + 1;
            false
        }
    }

    fn token(&self) -> &Token {
        match self.cursor.checked_sub(1) {
            Some(i) if i < self.tokens.len() => &self.tokens[i],
            _ => &self.empty,
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        match self.cursor.checked_sub(1) {
            Some(i) if i < self.tokens.len() => &mut self.tokens[i],
            _ => &mut self.empty,
        }
    }
}

/// What a normalized, lowercased code point is for splitting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Ends a run.
    Separator,
    /// Belongs to the character before it; never starts a run.
    Mark,
    /// Han, Hiragana, Katakana or Bopomofo letter or number: bigrams.
    Bigram,
    /// Any other letter or number: one token per run.
    Word,
}

/// One code point of the normalized, lowercased text, with the byte range
/// of the original text it came from.
#[derive(Clone, Copy, Debug)]
struct NormChar {
    c: char,
    kind: Kind,
    from: usize,
    to: usize,
}

fn kind(c: char) -> Kind {
    if c.is_ascii() {
        return if c.is_ascii_alphanumeric() {
            Kind::Word
        } else {
            Kind::Separator
        };
    }
    // `\p{M}` first: some marks are also Alphabetic (Indic vowel signs).
    if is_combining_mark(c) {
        Kind::Mark
    } else if c.is_alphabetic() || c.is_numeric() {
        if is_bigram_script(c) {
            Kind::Bigram
        } else {
            Kind::Word
        }
    } else {
        Kind::Separator
    }
}

/// `\p{scx=Han}|\p{scx=Hiragana}|\p{scx=Katakana}|\p{scx=Bopomofo}`.
fn is_bigram_script(c: char) -> bool {
    let ext = c.script_extension();
    // `contains_script` is true for every script when the extension is
    // Common or Inherited, so rule those out first.
    if ext.is_common() || ext.is_inherited() {
        return false;
    }
    ext.contains_script(Script::Han)
        || ext.contains_script(Script::Hiragana)
        || ext.contains_script(Script::Katakana)
        || ext.contains_script(Script::Bopomofo)
}

/// The CJK Unified Ideographs block (U+4E00–U+9FFF), where Chinese text
/// spends most of its characters: every one of them starts a normalization
/// segment, is its own NFKC form and its own lowercase, and is a bigram
/// character, so the analyzer takes them without looking them up (a unit
/// test checks all of them against the general path).
fn is_plain_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// True if NFKC never combines `c` (or what it decomposes to) with the text
/// before it, so a normalization segment can start at `c`.
fn starts_segment(c: char) -> bool {
    if c.is_ascii() {
        return true;
    }
    let mut first = None;
    decompose_compatible(c, |d| {
        if first.is_none() {
            first = Some(d);
        }
    });
    let d = first.unwrap_or(c);
    canonical_combining_class(d) == 0 && is_nfkc_quick(std::iter::once(d)) == IsNormalized::Yes
}

/// Step 1 of the specification (NFKC, then lowercasing), one normalization
/// segment at a time so that every code point keeps its source range; each
/// code point is also classified for step 2.
fn normalize_into(text: &str, out: &mut Vec<NormChar>) {
    out.clear();
    // A character alone in its segment (ASCII or plain Han with no
    // character after it that could combine with it) goes straight in;
    // others go segment by segment. Most text is the first kind.
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let simple = c.is_ascii() || is_plain_han(c);
        if i > start && (simple || starts_segment(c)) {
            push_segment(text, start, i, out);
            start = i;
        }
        // Alone in its segment when what follows cannot combine with it.
        if simple
            && chars
                .peek()
                .is_none_or(|&(_, n)| n.is_ascii() || is_plain_han(n))
        {
            let end = i + c.len_utf8();
            push_normalized(c, i, end, out);
            start = end;
        }
    }
    if start < text.len() {
        push_segment(text, start, text.len(), out);
    }
}

/// Pushes the normalized form of the segment `text[from..to]`.
fn push_segment(text: &str, from: usize, to: usize, out: &mut Vec<NormChar>) {
    let segment = &text[from..to];
    let mut it = segment.chars();
    match (it.next(), it.next()) {
        // A lone character already in NFKC: the common case.
        (Some(c), None)
            if c.is_ascii()
                || is_plain_han(c)
                || is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes =>
        {
            push_normalized(c, from, to, out)
        }
        _ => {
            for c in segment.nfkc() {
                push_normalized(c, from, to, out);
            }
        }
    }
}

/// Pushes `c` (a character of NFKC text from `from..to` of the source),
/// lowercased and classified.
fn push_normalized(c: char, from: usize, to: usize, out: &mut Vec<NormChar>) {
    if is_plain_han(c) {
        // Most of Chinese text: its own lowercase, a bigram character.
        out.push(NormChar {
            c,
            kind: Kind::Bigram,
            from,
            to,
        });
        return;
    }
    if c.is_ascii() {
        let l = c.to_ascii_lowercase();
        out.push(NormChar {
            c: l,
            kind: kind(l),
            from,
            to,
        });
        return;
    }
    for l in c.to_lowercase() {
        out.push(NormChar {
            c: l,
            kind: kind(l),
            from,
            to,
        });
    }
}

/// Runs the whole analyzer, calling `emit(token, offset_from, offset_to)`
/// for each token in order. `chars` is a scratch buffer.
fn for_each_token(
    text: &str,
    chars: &mut Vec<NormChar>,
    mut emit: impl FnMut(String, usize, usize),
) {
    normalize_into(text, chars);
    let chars = chars.as_slice();
    let mut i = 0;
    while i < chars.len() {
        let run_kind = chars[i].kind;
        if !matches!(run_kind, Kind::Bigram | Kind::Word) {
            // A separator, or a mark with no character before it.
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < chars.len() && (chars[j].kind == run_kind || chars[j].kind == Kind::Mark) {
            j += 1;
        }
        let run = &chars[i..j];
        if run_kind == Kind::Word {
            if run.len() <= MAX_TOKEN_CHARS {
                let mut token: String = run.iter().map(|n| n.c).collect();
                stem(&mut token, run.len());
                emit(token, run[0].from, run[run.len() - 1].to);
            }
        } else {
            emit_bigrams(run, &mut emit);
        }
        i = j;
    }
}

/// Emits the bigrams of a run of bigram characters (each character with the
/// marks that follow it), or the unigram if the run is one character.
fn emit_bigrams(run: &[NormChar], emit: &mut impl FnMut(String, usize, usize)) {
    // Start index of each character (marks are not starts).
    let starts: Vec<usize> = (0..run.len())
        .filter(|&k| run[k].kind != Kind::Mark)
        .collect();
    let mut emit_range = |from: usize, to: usize| {
        let part = &run[from..to];
        if part.len() <= MAX_TOKEN_CHARS {
            emit(
                part.iter().map(|n| n.c).collect(),
                part[0].from,
                part[part.len() - 1].to,
            );
        }
    };
    if starts.len() < 2 {
        emit_range(0, run.len());
        return;
    }
    for (k, &from) in starts.iter().enumerate().take(starts.len() - 1) {
        let to = starts.get(k + 2).copied().unwrap_or(run.len());
        emit_range(from, to);
    }
}

/// Lucene's `EnglishMinimalStemmer`, counting code points. `len` is the
/// number of code points in `token`.
fn stem(token: &mut String, len: usize) {
    if len < 3 || !token.ends_with('s') {
        return;
    }
    let mut rev = token.chars().rev().skip(1);
    let (c2, c3, c4) = (rev.next(), rev.next(), rev.next());
    match c2 {
        Some('u' | 's') => {}
        Some('e') if len > 3 && c3 == Some('i') && !matches!(c4, Some('a' | 'e')) => {
            // "ies" → "y"; the three are ASCII, one byte each.
            token.truncate(token.len() - 3);
            token.push('y');
        }
        Some('e') if matches!(c3, Some('i' | 'a' | 'o' | 'e')) => {}
        _ => {
            token.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, offset_from, offset_to, position) of every token.
    fn stream(text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut analyzer = text_analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.offset_from, t.offset_to, t.position));
        }
        out
    }

    fn t(text: &str, from: usize, to: usize, position: usize) -> (String, usize, usize, usize) {
        (text.to_string(), from, to, position)
    }

    /// The shortcut for common Han characters agrees with the general path
    /// on every one of them.
    #[test]
    fn plain_han_characters_are_what_the_general_path_makes_of_them() {
        let mut checked = 0;
        for c in ('\u{4E00}'..='\u{9FFF}').filter(|&c| is_plain_han(c)) {
            assert!(starts_segment(c), "{c:?} starts a segment");
            assert_eq!(
                is_nfkc_quick(std::iter::once(c)),
                IsNormalized::Yes,
                "{c:?}"
            );
            assert_eq!(c.to_lowercase().collect::<String>(), c.to_string(), "{c:?}");
            assert_eq!(kind(c), Kind::Bigram, "{c:?}");
            checked += 1;
        }
        assert_eq!(checked, 0x9FFF - 0x4E00 + 1);
        assert!(!is_plain_han('\u{F900}') && !is_plain_han('a') && !is_plain_han('\u{3400}'));
        // In text: a Han character followed by a combining mark is one
        // segment, as before the shortcut.
        let mut chars = Vec::new();
        normalize_into("提\u{301}现", &mut chars);
        let ranges: Vec<(usize, usize)> = chars.iter().map(|n| (n.from, n.to)).collect();
        assert_eq!(ranges, [(0, 5), (0, 5), (5, 8)]);
    }

    #[test]
    fn ascii_offsets_and_positions() {
        assert_eq!(
            stream("Reset  passwords, now"),
            vec![
                t("reset", 0, 5, 0),
                t("password", 7, 16, 1),
                t("now", 18, 21, 2)
            ]
        );
    }

    #[test]
    fn bigram_offsets_overlap() {
        // Each Han character is 3 bytes.
        assert_eq!(
            stream("USDT提现失败"),
            vec![
                t("usdt", 0, 4, 0),
                t("提现", 4, 10, 1),
                t("现失", 7, 13, 2),
                t("失败", 10, 16, 3)
            ]
        );
        assert_eq!(stream("，钱。"), vec![t("钱", 3, 6, 0)]);
    }

    #[test]
    fn fullwidth_offsets_point_into_the_original() {
        // Full-width letters are 3 bytes each in the source.
        let text = "ＡＢＣ１２３ ok";
        assert_eq!(
            stream(text),
            vec![t("abc123", 0, 18, 0), t("ok", 19, 21, 1)]
        );
        assert_eq!(&text[0..18], "ＡＢＣ１２３");
    }

    #[test]
    fn expansion_shares_the_source_range() {
        // ㍿ (3 bytes) → 株式会社: every bigram points at the one source char.
        assert_eq!(
            stream("a ㍿ b"),
            vec![
                t("a", 0, 1, 0),
                t("株式", 2, 5, 1),
                t("式会", 2, 5, 2),
                t("会社", 2, 5, 3),
                t("b", 6, 7, 4)
            ]
        );
        // ﬁ (3 bytes) → fi, inside a word.
        assert_eq!(stream("ﬁles"), vec![t("file", 0, 6, 0)]);
    }

    #[test]
    fn composition_covers_both_source_chars() {
        // e + U+0301 compose to é; the token covers both source chars.
        let text = "cafe\u{301} x";
        assert_eq!(stream(text), vec![t("café", 0, 6, 0), t("x", 7, 8, 1)]);
        // Halfwidth ﾊ + ﾟ compose to パ.
        let text = "ﾊﾟｽ";
        assert_eq!(stream(text), vec![t("パス", 0, 9, 0)]);
    }

    #[test]
    fn lowercase_expansion_keeps_offsets() {
        // İ (2 bytes) lowercases to i + U+0307.
        assert_eq!(stream("İzmir"), vec![t("i\u{307}zmir", 0, 6, 0)]);
    }

    #[test]
    fn dropped_tokens_take_no_position() {
        let long = "x".repeat(MAX_TOKEN_CHARS + 1);
        let text = format!("a {long} b");
        assert_eq!(stream(&text), vec![t("a", 0, 1, 0), t("b", 44, 45, 1)]);
    }

    #[test]
    fn stream_misuse_does_not_panic() {
        let mut tokenizer = HelpTokenizer::default();
        let mut stream = tokenizer.token_stream("a");
        assert_eq!(stream.token().text, "");
        assert!(stream.advance());
        assert_eq!(stream.token().text, "a");
        assert!(!stream.advance());
        assert!(!stream.advance());
        assert_eq!(stream.token_mut().text, "");
    }

    #[test]
    fn offsets_are_char_boundaries_covering_the_token() {
        let texts = [
            "ＵＳＤＴ提现，ﾊﾟｽﾜｰﾄﾞを忘れた ㍿ İİ ﬃ e\u{301}\u{323} 👍\u{fe0f} 비밀번호",
            "\u{301}a\u{300}\u{301}\u{302}b 漢\u{e0100}字 ㈱ ½ Ⅻ",
        ];
        for text in texts {
            let mut last_from = 0;
            for (_, from, to, _) in stream(text) {
                assert!(from < to && to <= text.len(), "{text:?} {from}..{to}");
                assert!(text.is_char_boundary(from) && text.is_char_boundary(to));
                assert!(from >= last_from, "offsets go forward");
                last_from = from;
            }
        }
    }

    #[test]
    fn stemmer_rules() {
        for (input, expected) in [
            ("passwords", "password"),
            ("policies", "policy"),
            ("ies", "ies"),
            ("aies", "aies"),
            ("eies", "eies"),
            ("ties", "ty"),
            ("toes", "toes"),
            ("trees", "trees"),
            ("caes", "caes"),
            ("status", "status"),
            ("glass", "glass"),
            ("glasses", "glasse"),
            ("as", "as"),
            ("its", "it"),
            ("news", "new"),
            ("s", "s"),
        ] {
            let mut s = input.to_string();
            let len = s.chars().count();
            stem(&mut s, len);
            assert_eq!(s, expected, "{input}");
        }
    }
}
