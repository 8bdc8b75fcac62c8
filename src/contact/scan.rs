//! Finding contacts in what readers see of an article.
//!
//! The Markdown stage builds a [`ReaderView`]: the text a reader sees
//! (entities decoded, raw HTML's text and `title`/`alt` attributes, no
//! invisible characters, soft line breaks as spaces), which parts of it
//! are code, and every link target, image and raw-HTML URL attribute. This
//! module reads contacts out of it. Scanning the rendered result rather
//! than the Markdown source is what catches `&#49;3800138000`,
//! `fake&#64;evil.test`, a number split by `<span>`s or zero-width spaces,
//! and links hidden in raw HTML.
//!
//! What counts as a phone number in prose: a run of digits and separators,
//! not glued to a letter, a digit, a currency sign or a dot before or
//! after, that is not a decimal, a date, an IP address, a dump of many
//! groups, an amount (`13800138000 元`) or an identifier after a label
//! (`订单号`, `order`, `txid`, `build`, `version`…), and that is a real
//! number: with `+` or the international prefix, 8–15 digits; otherwise a
//! valid number of the site's region (libphonenumber). Phone numbers are
//! not looked for in code, where IP addresses, hashes and sample data live;
//! emails, links and handles are.

use std::ops::Range;

use super::normalize::{
    HANDLE_KEYWORDS, NOT_A_HANDLE, Normalized, account_after_keyword, is_handle_char,
    keyword_is_latin, keyword_needs_mark, normalize, valid_handle,
};
use super::phone;
use super::registry::Registry;
use super::text::{fold_width, is_invisible};
use crate::config::Channel;

/// What readers see of an article, with a way back to its source.
#[derive(Debug, Clone, Default)]
pub struct ReaderView {
    /// The visible text; blocks end with `\n`.
    pub text: String,
    /// Byte ranges of `text` that are code.
    pub code: Vec<Range<usize>>,
    /// Link targets, image sources and raw HTML's URL attributes.
    pub targets: Vec<Target>,
    /// `(offset in text, offset in source, exact)`, ascending: an exact
    /// anchor maps byte for byte until the next anchor.
    anchors: Vec<(usize, usize, bool)>,
}

/// A URL readers can follow or load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub url: String,
    /// Byte offset in the source.
    pub source: usize,
    pub is_image: bool,
}

impl ReaderView {
    /// Appends visible text that came from `source` (when `exact`, `text`
    /// is the source byte for byte). Invisible characters are dropped.
    pub fn push_text(&mut self, text: &str, source: usize, exact: bool, code: bool) {
        let start = self.text.len();
        if text.chars().any(is_invisible) {
            // Map each visible run back to its own place in the source.
            let mut offset = 0;
            for part in text.split(is_invisible) {
                if !part.is_empty() {
                    self.anchors.push((
                        self.text.len(),
                        source + if exact { offset } else { 0 },
                        exact,
                    ));
                    self.text.push_str(part);
                }
                offset += part.len();
                // Skip the invisible character that ended this part.
                offset += text[offset..].chars().next().map_or(0, char::len_utf8);
            }
        } else {
            self.anchors.push((start, source, exact));
            self.text.push_str(text);
        }
        if code && self.text.len() > start {
            match self.code.last_mut() {
                Some(last) if last.end == start => last.end = self.text.len(),
                _ => self.code.push(start..self.text.len()),
            }
        }
    }

    /// Ends a block (paragraph, list item, cell, heading): what follows is
    /// not read together with what came before.
    pub fn break_block(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
    }

    /// A space between inline parts (a soft line break renders as one).
    pub fn push_space(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with([' ', '\n']) {
            self.text.push(' ');
        }
    }

    pub fn push_target(&mut self, url: &str, source: usize, is_image: bool) {
        self.targets.push(Target {
            url: url.to_string(),
            source,
            is_image,
        });
    }

    /// The source offset of a byte offset of `text`.
    pub fn source_offset(&self, offset: usize) -> usize {
        let index = self.anchors.partition_point(|a| a.0 <= offset);
        match index.checked_sub(1).map(|i| self.anchors[i]) {
            Some((text_start, source_start, true)) => source_start + (offset - text_start),
            Some((_, source_start, false)) => source_start,
            None => 0,
        }
    }
}

/// A contact found in an article.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Found {
    /// As readers see it.
    pub text: String,
    pub contact: Normalized,
    /// Byte offset in the article's Markdown body.
    pub source: usize,
    /// A link target, image or URL attribute, rather than text.
    pub is_link: bool,
}

/// Every contact readers see in `view`: its link targets, then its text.
/// `registry` (its region, and which readings are listed) decides between
/// readings of a digit run: in `call +1 202 555 0100 2 times` the number
/// is `+1 202 555 0100`, not `+1 202 555 0100 2`.
pub fn scan_view(view: &ReaderView, registry: &Registry) -> Vec<Found> {
    let mut found = Vec::new();
    for target in &view.targets {
        if let Some(contact) = target_contact(&target.url, registry) {
            found.push(Found {
                text: target.url.clone(),
                contact,
                source: target.source,
                is_link: true,
            });
        }
    }
    for (range, contact) in scan_text(&view.text, &view.code, registry) {
        found.push(Found {
            text: view.text[range.clone()].to_string(),
            contact,
            source: view.source_offset(range.start),
            is_link: false,
        });
    }
    found.sort_by_key(|f| (f.source, !f.is_link));
    found
}

/// The contact a link target leads to: `tel:`, `mailto:`, `sms:` and web
/// addresses; `None` for site-relative links and other schemes.
pub fn target_contact(url: &str, registry: &Registry) -> Option<Normalized> {
    let url = url.trim();
    let lower = url.to_lowercase();
    if let Some(rest) = lower.strip_prefix("sms:") {
        return registry.normalize(&format!(
            "tel:{}",
            rest.split('?').next().unwrap_or_default()
        ));
    }
    let web =
        lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//");
    if web || lower.starts_with("tel:") || lower.starts_with("mailto:") {
        return registry.normalize(url);
    }
    None
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x31FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xA960..=0xA97F | 0xAC00..=0xD7FF | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0x20000..=0x3FFFF)
}

/// A character of a host name as people write them: ASCII letters, digits
/// and `-`, or letters of non-CJK scripts (a Cyrillic look-alike domain is
/// still a domain; Chinese text glued to a domain is not part of it).
/// The first character of `c`'s lowercase; common Han characters
/// (U+4E00–U+9FFF, most of Chinese text) are their own, without a lookup.
fn lowercase(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        c
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

fn is_host_char(c: char) -> bool {
    // (The table lookup of `is_alphanumeric` last: most text is ASCII or CJK.)
    c.is_ascii_alphanumeric() || c == '-' || (!c.is_ascii() && !is_cjk(c) && c.is_alphanumeric())
}

/// Top-level domains recognised in bare host names (`wallet.example.com`)
/// written without `https://` or `www.`. Only common ones, so file names
/// such as `reset-password.md` or `2fa-setup.svg` are not taken for hosts.
const BARE_TLDS: [&str; 27] = [
    "com", "net", "org", "cn", "io", "me", "co", "app", "xyz", "top", "info", "cc", "vip", "hk",
    "tw", "biz", "online", "site", "shop", "club", "pro", "link", "test", "ru", "uk", "us", "tk",
];

/// Labels after which a number is an identifier, not a phone number.
const ID_LABELS: [&str; 36] = [
    "订单",
    "单号",
    "编号",
    "流水号",
    "交易号",
    "哈希",
    "区块",
    "高度",
    "版本",
    "端口",
    "序列号",
    "工单",
    "账单",
    "order",
    "ref",
    "id",
    "no.",
    "no",
    "txid",
    "tx",
    "hash",
    "block",
    "height",
    "build",
    "version",
    "port",
    "serial",
    "invoice",
    "ticket",
    "nonce",
    "uid",
    "pid",
    "sn",
    "isbn",
    "imei",
    "ip",
];

/// Units after which a number is an amount or a count.
const UNITS: [&str; 20] = [
    "元",
    "块",
    "美元",
    "人民币",
    "个",
    "次",
    "笔",
    "分钟",
    "秒",
    "天",
    "小时",
    "条",
    "usdt",
    "usdc",
    "btc",
    "eth",
    "cny",
    "usd",
    "rmb",
    "sats",
];

struct Scanner<'a> {
    text: &'a str,
    chars: Vec<(usize, char)>,
    /// Folded to ASCII width and lowercased, one per char of `chars`.
    lower: Vec<char>,
    taken: Vec<bool>,
    found: Vec<(Range<usize>, Normalized)>,
    registry: &'a Registry,
    /// Where national spellings in prose may be from: worked out when a
    /// text first has a digit run to read (most have none).
    regions: std::cell::OnceCell<Vec<phone::Region>>,
}

/// Contacts in visible `text` (phones outside `code` only), as byte ranges.
pub fn scan_text(
    text: &str,
    code: &[Range<usize>],
    registry: &Registry,
) -> Vec<(Range<usize>, Normalized)> {
    // The scanner's per-character buffers are reused by each thread: a
    // new one for every text costs more than the scan.
    thread_local! {
        static BUFFERS: std::cell::Cell<Buffers> = std::cell::Cell::default();
    }
    let mut buffers = BUFFERS.take();
    buffers.chars.clear();
    buffers.chars.extend(text.char_indices());
    buffers.lower.clear();
    buffers
        .lower
        .extend(buffers.chars.iter().map(|&(_, c)| lowercase(fold_width(c))));
    buffers.taken.clear();
    buffers.taken.resize(buffers.chars.len(), false);
    let mut scanner = Scanner {
        text,
        taken: buffers.taken,
        chars: buffers.chars,
        lower: buffers.lower,
        found: Vec::new(),
        registry,
        regions: std::cell::OnceCell::new(),
    };
    scanner.urls();
    scanner.emails();
    scanner.handles();
    scanner.hosts(code);
    scanner.phones(code);
    scanner.found.sort_by_key(|(range, _)| range.start);
    // (Kept only when small: a huge article's buffers go with it.)
    if scanner.chars.capacity() <= 1 << 16 {
        BUFFERS.set(Buffers {
            chars: scanner.chars,
            lower: scanner.lower,
            taken: scanner.taken,
        });
    }
    scanner.found
}

/// [`Scanner`]'s per-character buffers.
#[derive(Default)]
struct Buffers {
    chars: Vec<(usize, char)>,
    lower: Vec<char>,
    taken: Vec<bool>,
}

impl Scanner<'_> {
    fn byte(&self, i: usize) -> usize {
        self.chars.get(i).map_or(self.text.len(), |&(b, _)| b)
    }

    fn starts_with(&self, i: usize, word: &str) -> bool {
        (i..)
            .zip(word.chars())
            .all(|(k, w)| self.lower.get(k) == Some(&w))
    }

    fn prev_is(&self, i: usize, f: impl Fn(char) -> bool) -> bool {
        i > 0 && f(self.lower[i - 1])
    }

    /// Records chars `start..end` as one contact when they read as one.
    fn push(&mut self, start: usize, end: usize) {
        let range = self.byte(start)..self.byte(end);
        for t in &mut self.taken[start..end] {
            *t = true;
        }
        if let Some(contact) = normalize(&self.text[range.clone()], self.registry.region.as_ref()) {
            self.found.push((range, contact));
        }
    }

    /// Where a URL that starts at `k` ends.
    fn url_end(&self, mut k: usize) -> usize {
        while k < self.lower.len() {
            let c = self.lower[k];
            if c.is_whitespace()
                || matches!(c, ')' | '>' | ']' | '"' | '\'' | '<' | '`' | '|')
                || is_cjk(c)
            {
                break;
            }
            k += 1;
        }
        while k > 0 && matches!(self.lower[k - 1], '.' | ',' | ';' | ':' | '!' | '?') {
            k -= 1;
        }
        k
    }

    /// 1. URLs with a scheme, `www.` hosts and `t.me/` links.
    fn urls(&mut self) {
        let mut i = 0;
        // Every prefix starts with one of these (a cheap first test).
        while let Some(next) = self.lower[i..]
            .iter()
            .position(|&c| matches!(c, 'h' | 'w' | 't'))
        {
            i += next;
            let start = ["https://", "http://", "www.", "t.me/"]
                .iter()
                .any(|p| self.starts_with(i, p))
                && !self.prev_is(i, |c| is_word(c) || matches!(c, '.' | '/' | '@'));
            if start {
                let end = self.url_end(i);
                self.push(i, end);
                i = end.max(i + 1);
            } else {
                i += 1;
            }
        }
    }

    /// 2. Email addresses.
    fn emails(&mut self) {
        for at in 0..self.lower.len() {
            if self.lower[at] != '@' || self.taken[at] {
                continue;
            }
            let mut start = at;
            while start > 0
                && !self.taken[start - 1]
                && (self.lower[start - 1].is_ascii_alphanumeric()
                    || "._%+-".contains(self.lower[start - 1]))
            {
                start -= 1;
            }
            let mut end = at + 1;
            while end < self.lower.len()
                && (is_host_char(self.lower[end]) || self.lower[end] == '.')
            {
                end += 1;
            }
            while end > at + 1 && self.lower[end - 1] == '.' {
                end -= 1;
            }
            if start < at && end > at + 1 {
                let domain: String = self.lower[at + 1..end].iter().collect();
                if super::normalize::host_form(&domain).is_some() {
                    self.push(start, end);
                }
            }
        }
    }

    /// 3. Handles after a messenger keyword.
    fn handles(&mut self) {
        // Each keyword's first character, to try only the keywords that
        // start with the one at hand.
        let firsts = HANDLE_KEYWORDS.map(|(keyword, _)| keyword.chars().next().unwrap_or_default());
        let mut i = 0;
        while let Some(next) = self.lower[i..].iter().position(|&c| starts_a_keyword(c)) {
            i += next;
            if self.taken[i] || self.prev_is(i, is_word) {
                i += 1;
                continue;
            }
            let first = self.lower[i];
            let hit = HANDLE_KEYWORDS
                .iter()
                .zip(firsts)
                .find(|((keyword, _), f)| {
                    *f == first
                    && self.starts_with(i, keyword)
                    // `x` only as the capital letter, so prose's "x" is not a keyword.
                    && (*keyword != "x" || self.chars[i].1 == 'X')
                    && !(keyword_is_latin(keyword)
                        && self
                            .lower
                            .get(i + keyword.chars().count())
                            .is_some_and(|&c| c.is_ascii_alphanumeric()))
                });
            let Some((&(keyword, channel), _)) = hit else {
                i += 1;
                continue;
            };
            let after = i + keyword.chars().count();
            // The account: up to the end of the line's next word.
            let mut stop = after;
            let mut words = 0;
            while stop < self.lower.len() && self.lower[stop] != '\n' && stop - after < 80 {
                if self.lower[stop] == ' ' && stop > after && self.lower[stop - 1] != ' ' {
                    words += 1;
                    if words > 3 {
                        break;
                    }
                }
                stop += 1;
            }
            let rest: String = self.lower[after..stop].iter().collect();
            let (name_part, marked, spaced) = account_after_keyword(&rest);
            let skipped = rest.chars().count() - name_part.chars().count();
            let name_start = after + skipped;
            let mut end = name_start;
            while end < self.lower.len() && is_handle_char(self.lower[end]) && !self.taken[end] {
                end += 1;
            }
            while end > name_start && matches!(self.lower[end - 1], '.' | '-') {
                end -= 1;
            }
            let name: String = self.lower[name_start..end].iter().collect();
            let qq_number = channel == Channel::Qq
                && (5..=12).contains(&name.len())
                && name.chars().all(|c| c.is_ascii_digit());
            let latin = keyword_is_latin(keyword);
            // Unmarked: a CJK keyword takes a plausible account name (5+
            // characters); a Latin one needs a space and a name with a
            // digit or `_`, since English words follow "WeChat" all the time.
            let unmarked_ok = !keyword_needs_mark(keyword)
                && if latin {
                    spaced && name.contains(|c: char| c.is_ascii_digit() || c == '_')
                } else {
                    name.len() >= 5
                };
            let plausible = valid_handle(&name) && !NOT_A_HANDLE.contains(&name.as_str());
            if end > name_start && plausible && (marked || qq_number || unmarked_ok) {
                self.push(i, end);
                i = end;
            } else {
                i += 1;
            }
        }
    }

    /// Whether chars `start..end` overlap code.
    fn in_code(&self, code: &[Range<usize>], start: usize, end: usize) -> bool {
        let range = self.byte(start)..self.byte(end);
        code.iter()
            .any(|c| c.start < range.end && range.start < c.end)
    }

    /// 4. Bare host names such as `wallet.example.com` (not in code, where
    ///    a name without `https://` is a pattern or an identifier).
    ///
    /// A host is a run of host characters and dots that starts a word and
    /// holds a dot. Each run is found from one of its dots: most text has
    /// few, so the pass looks at the dots (a walk over every word cost as
    /// much as the rest of the scan).
    fn hosts(&mut self, code: &[Range<usize>]) {
        let len = self.lower.len();
        let mut i = 0;
        while let Some(dot) = self.lower[i..].iter().position(|&c| c == '.') {
            let dot = i + dot;
            if self.taken[dot] {
                i = dot + 1;
                continue;
            }
            let in_run = |scanner: &Self, k: usize| {
                !scanner.taken[k] && (is_host_char(scanner.lower[k]) || scanner.lower[k] == '.')
            };
            // The run around this dot. No run starts inside another (a
            // start follows no host character or dot), so this one is
            // where it starts, and everything before `i` is done.
            let mut start = dot;
            while start > 0 && in_run(self, start - 1) {
                start -= 1;
            }
            let mut run_end = dot + 1;
            while run_end < len && in_run(self, run_end) {
                run_end += 1;
            }
            i = run_end;
            if !is_host_char(self.lower[start])
                || self.lower[start] == '-'
                || self.prev_is(start, |c| {
                    is_word(c) || is_host_char(c) || "./@-:".contains(c)
                })
            {
                continue;
            }
            let mut end = run_end;
            while end > start && self.lower[end - 1] == '.' {
                end -= 1;
            }
            if !self.lower[start..end].contains(&'.') {
                continue;
            }
            let host: String = self.lower[start..end].iter().collect();
            let tld = host.rsplit('.').next().unwrap_or_default();
            if BARE_TLDS.contains(&tld)
                && super::normalize::host_form(&host).is_some()
                && !self.in_code(code, start, end)
            {
                let end = if self.lower.get(end) == Some(&'/') {
                    self.url_end(end)
                } else {
                    end
                };
                self.push(start, end);
                i = i.max(end);
            }
        }
    }

    /// 5. Phone numbers, outside code.
    fn phones(&mut self, code: &[Range<usize>]) {
        let mut i = 0;
        while let Some(next) = self.lower[i..]
            .iter()
            .position(|&c| c.is_ascii_digit() || c == '+' || c == '(')
        {
            i += next;
            let can_start = !self.taken[i]
                && !self.prev_is(i, |p| {
                    is_word(p)
                        || matches!(
                            p,
                            '.' | '-'
                                | '+'
                                | '/'
                                | '@'
                                | '#'
                                | '$'
                                | '¥'
                                | '€'
                                | '£'
                                | '='
                                | '%'
                                | '&'
                        )
                });
            if !can_start {
                i += 1;
                continue;
            }
            let (end, readings) = self.phone_run(i);
            let chosen = self.choose(&readings);
            if let Some((start, stop)) = chosen
                && !self.in_code(code, start, stop)
                && !self.identifier_context(start)
                && !self.unit_follows(stop)
            {
                self.push(start, stop);
            }
            i = end.max(i + 1);
        }
    }

    /// The reading to report: one listed in book.toml, else a valid
    /// number, else the longest.
    fn choose(&self, readings: &[(usize, usize)]) -> Option<(usize, usize)> {
        let region = self.registry.region.as_ref();
        let key_of =
            |&(s, e): &(usize, usize)| normalize(&self.text[self.byte(s)..self.byte(e)], region);
        let listed = readings.iter().find(|r| {
            key_of(r).is_some_and(|n| {
                let v = self.registry.verdict_of(n);
                v.official.is_some() || v.third_party.is_some() || v.scam.is_some()
            })
        });
        let valid = readings.iter().find(|r| {
            key_of(r).is_some_and(|n| {
                phonenumber::parse(None, &n.value).is_ok_and(|p| phonenumber::is_valid(&p))
            })
        });
        listed.or(valid).or(readings.first()).copied()
    }

    /// Whether the number at `start` follows a label that makes it an
    /// identifier (`订单号：…`, `order #…`, `build …`).
    fn identifier_context(&self, start: usize) -> bool {
        let label_ends_at = |k: usize| {
            ID_LABELS.iter().any(|label| {
                let n = label.chars().count();
                k >= n
                    && self.starts_with(k - n, label)
                    && !(label.is_ascii() && self.prev_is(k - n, |c| c.is_ascii_alphanumeric()))
            })
        };
        let mut k = start;
        loop {
            if label_ends_at(k) {
                return true;
            }
            if k > 0 && matches!(self.lower[k - 1], ' ' | ':' | '#' | '=' | '号' | '：') {
                k -= 1;
            } else {
                return false;
            }
        }
    }

    /// Whether an amount's or count's unit follows the number ending at `stop`.
    fn unit_follows(&self, stop: usize) -> bool {
        let mut k = stop;
        while self.lower.get(k) == Some(&' ') {
            k += 1;
        }
        UNITS.iter().any(|unit| {
            self.starts_with(k, unit)
                && !(unit.is_ascii()
                    && self
                        .lower
                        .get(k + unit.chars().count())
                        .is_some_and(|c| c.is_ascii_alphanumeric()))
        })
    }

    /// The run of phone characters starting at `start`: where it ends, and
    /// its prefixes ending at a group boundary that read as a real phone
    /// number in prose, longest first.
    fn phone_run(&self, start: usize) -> (usize, Vec<(usize, usize)>) {
        let chars = &self.lower;
        let mut end = start;
        let mut separators = 0;
        let mut boundaries = Vec::new();
        // No phone number, however spaced, is longer than this; the cap
        // keeps a megabyte of `1 1 1 …` linear.
        const MAX_RUN: usize = 40;
        while end < chars.len() && !self.taken[end] && end - start < MAX_RUN {
            let c = chars[end];
            if c.is_ascii_digit() {
                separators = 0;
                if chars.get(end + 1).is_none_or(|n| !n.is_ascii_digit()) {
                    boundaries.push(end + 1);
                }
            } else if c == '+' && end == start {
                // The leading plus of an international number.
            } else if (phone::is_separator(c) && c != '/' && c != '\n') || c == '\u{a0}' {
                separators += 1;
                if separators > 2 {
                    break;
                }
            } else {
                break;
            }
            end += 1;
        }
        let Some(first) = (start..end).find(|&k| chars[k] == '+' || chars[k].is_ascii_digit())
        else {
            return (end, Vec::new());
        };
        // More groups than any phone number has: a dump, a table, a list.
        let whole: String = chars[first..end].iter().collect();
        if technical_shape(&whole)
            && whole
                .split(|c: char| !c.is_ascii_digit())
                .filter(|g| !g.is_empty())
                .count()
                > 6
        {
            return (end, Vec::new());
        }
        // An opening bracket before an area code belongs to the number.
        let first = if chars[start] == '(' { start } else { first };
        let digits_in = |from: usize, to: usize| {
            chars[from..to]
                .iter()
                .filter(|c| c.is_ascii_digit())
                .count()
        };
        let readings = boundaries
            .iter()
            .rev()
            .filter(|&&stop| !self.glued_after(stop))
            // A shorter reading leaves at most a short count behind (`call
            // +1 202 555 0100 2 times`), not more of a longer number.
            .filter(|&&stop| digits_in(stop, end) <= 2)
            .filter(|&&stop| {
                let written: String = chars[first..stop].iter().collect();
                !technical_shape(&written)
                    && phone::digits_of(&written).is_some_and(|(plus, digits)| {
                        phone::plausible_in_prose(
                            plus,
                            &digits,
                            self.regions.get_or_init(|| prose_regions(self.registry)),
                        )
                    })
            })
            .map(|&stop| (first, stop))
            .collect();
        (end, readings)
    }

    /// Glued to what follows: a letter or digit, or `.`/`:`/`,` and a digit
    /// (a decimal, a time, a port, a thousands group), or `%`.
    fn glued_after(&self, stop: usize) -> bool {
        let next = self.lower.get(stop).copied();
        let after = self.lower.get(stop + 1).copied();
        next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '%' || c == '_')
            || (matches!(next, Some('.' | ':' | ',')) && after.is_some_and(|c| c.is_ascii_digit()))
    }
}

/// Where national spellings in prose may be from: the site's default
/// region, or, without one, the countries of the registry's numbers (so a
/// site that forgot `default_region` still sees fake numbers of its own
/// countries, and not every ten-digit timestamp).
/// Whether a messenger keyword ([`HANDLE_KEYWORDS`]) starts with `c`, as
/// the scanner's lowercased text has it: a cheap first test before trying
/// each keyword.
fn starts_a_keyword(c: char) -> bool {
    // A unit test checks this against the keywords.
    matches!(
        c,
        't' | 'w' | 'v' | 'q' | 'x' | '加' | '微' | '薇' | '威' | '扣' | '电' | '飞' | '纸' | '推'
    )
}

fn prose_regions(registry: &Registry) -> Vec<phone::Region> {
    if let Some(region) = &registry.region {
        return vec![region.clone()];
    }
    let mut regions: Vec<phone::Region> = Vec::new();
    for entry in &registry.official {
        if entry.key.kind == super::Kind::Phone
            && let Some(region) = phone::region_of_key(&entry.key.value)
            && !regions.contains(&region)
        {
            regions.push(region);
        }
    }
    regions
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Shapes of digit runs that are not phone numbers whatever their digits:
/// a decimal (one dot), an IP address or dotted date, a date with `-`, more
/// than six groups (a dump or a table).
fn technical_shape(written: &str) -> bool {
    let groups: Vec<&str> = written
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    if groups.len() > 6 {
        return true;
    }
    let dots = written.matches('.').count();
    let only_dots = written
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == '+');
    if dots == 1 && only_dots {
        return true;
    }
    if only_dots && dots >= 2 && groups.iter().all(|g| g.len() <= 3) {
        return true; // 10.0.0.1, 1.2.3
    }
    let date_like = groups.len() == 3
        && ((groups[0].len() == 4
            && (groups[0].starts_with("19") || groups[0].starts_with("20"))
            && groups[1].len() <= 2
            && groups[2].len() <= 2)
            || (groups[0].len() <= 2 && groups[1].len() <= 2 && groups[2].len() == 4));
    date_like && !written.starts_with('+')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contact::phone::Region;

    #[test]
    fn lowercase_takes_the_shortcut_only_where_it_is_exact() {
        for c in '\u{4E00}'..='\u{9FFF}' {
            assert_eq!(c.to_lowercase().next(), Some(lowercase(c)), "{c:?}");
        }
        assert_eq!(lowercase('A'), 'a');
        assert_eq!(lowercase('Ä'), 'ä');
    }

    #[test]
    fn keyword_first_characters_are_exactly_the_keywords_first_characters() {
        let firsts: std::collections::BTreeSet<char> = HANDLE_KEYWORDS
            .iter()
            .filter_map(|(keyword, _)| keyword.chars().next())
            .collect();
        for c in ('\0'..='\u{FFFF}').chain('\u{10000}'..='\u{1FFFF}') {
            assert_eq!(starts_a_keyword(c), firsts.contains(&c), "{c:?}");
        }
    }

    fn registry() -> Registry {
        Registry {
            region: Region::from_code("CN"),
            ..Registry::default()
        }
    }

    fn scanned(text: &str) -> Vec<String> {
        scan_text(text, &[], &registry())
            .into_iter()
            .map(|(r, _)| text[r].to_string())
            .collect()
    }

    #[test]
    fn finds_contacts_but_not_versions_dates_or_amounts() {
        let text = "Version 2.4.0 on 2026-11-18 at 09:00–21:00: send 10000 USDT or 1,000 CNY, \
                    order 202611181234567. Call ＋８６ １３８ ００１３ ８０００ or 400-123-4567, \
                    mail Help@Evil.example.net, see https://evil.test/x and wallet.example.com. \
                    QQ：12345678, 微信: wallet_help, Telegram @wallet_support, t.me/fake_help.";
        assert_eq!(
            scanned(text),
            [
                "＋８６ １３８ ００１３ ８０００",
                "400-123-4567",
                "Help@Evil.example.net",
                "https://evil.test/x",
                "wallet.example.com",
                "QQ：12345678",
                "微信: wallet_help",
                "Telegram @wallet_support",
                "t.me/fake_help",
            ]
        );
    }

    #[test]
    fn unmarked_handles_after_keywords() {
        assert_eq!(
            scanned("请加微信 helpdesk_555 或微信号 helpdesk_556，WeChat helpdesk_557"),
            [
                "加微信 helpdesk_555",
                "微信号 helpdesk_556",
                "WeChat helpdesk_557"
            ]
        );
        assert_eq!(
            scanned("用微信 App 扫码，或在 WeChat Pay 中支付。Open WeChat and tap Me."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn technical_numbers_are_not_phones() {
        for text in [
            "IP 192.168.100.123 and 10.0.0.138",
            "订单号：13800138000",
            "order #13800138000",
            "转账 13800138000 元",
            "pi is 3.14159265358",
            "build 20261118123",
            "坐标 39.9042, 116.4074",
            "00 11 22 33 44 55 66 77 88",
            "2026/11/18 12:00",
            "v13800138000",
            "¥13800138000",
        ] {
            assert_eq!(scanned(text), Vec::<String>::new(), "{text}");
        }
        assert_eq!(scanned("客服电话：13800138000。"), ["13800138000"]);
    }

    #[test]
    fn long_digit_runs_stay_linear() {
        let text = "1 ".repeat(500_000);
        assert!(scan_text(&text, &[], &registry()).is_empty());
        let text = "a@".repeat(200_000) + &"x.".repeat(200_000);
        assert!(scan_text(&text, &[], &registry()).len() < 10);
    }

    #[test]
    fn reader_view_maps_back_to_the_source() {
        let mut view = ReaderView::default();
        view.push_text("call ", 10, true, false);
        view.push_text("138\u{200B}0013\u{200B}8000", 15, true, false);
        assert_eq!(view.text, "call 13800138000");
        assert_eq!(view.source_offset(5), 15);
        assert_eq!(view.source_offset(8), 21);
        let found = scan_view(&view, &registry());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].source, 15);
    }
}
