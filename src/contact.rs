//! Contact integrity: finding phone numbers, email addresses, web domains
//! and messenger handles in article text, and deciding whether each one is
//! in the official registry of `book.toml`.
//!
//! Fake support numbers slipped into a help center are a real fraud
//! against wallet users, so `check` flags every contact that is not
//! official. The same normalisation runs in the browser
//! (`themes/default/static/verify.js`); `tests/contact_vectors.json` holds
//! the cases both must agree on, so the checker and the verification page
//! never disagree about what is official.
//!
//! # Normalisation (shared with verify.js)
//!
//! 1. NFKC (full-width `１３８` → `138`, `＋` → `+`, `：` → `:`), trim,
//!    lowercase.
//! 2. `tel:` → phone; `mailto:` → email; a messenger keyword (`qq`, `微信`,
//!    `wechat`, `weixin`, `telegram`, `电报`, `x`, `twitter`, `推特`) then an
//!    optional `:` and the handle → handle of that channel; `@name` → handle
//!    of any channel; `a@b.c` → email; a URL or host name → domain (or, for
//!    `t.me/name` and `x.com/name`, a handle).
//! 3. Phones: spaces, `-`, `.`, `(`, `)` and `/` removed. `+86…` and `0086…`
//!    become the national number; another `+CC…`/`00CC…` keeps its country
//!    code (`+12025550100`); a number without country code loses one
//!    leading trunk `0` (`010-12345678` → `1012345678`, the same as
//!    `+86 10 1234 5678`).
//!
//! A number written without its country code matches a registry number
//! whose digits end with it and are at most three digits longer (the
//! country code): `202 555 0100` is the national form of `+1 202 555 0100`.
//!
//! # What the scanner counts as a phone number in prose
//!
//! A run of digits and single separators (space, `-`, `.`, brackets),
//! not glued to a Latin letter or digit, that is one of: `+` and 8–15
//! digits; `00` and 10–17 digits; a Chinese mobile (11 digits starting
//! `13`–`19`); a Chinese landline (`0` and 10–12 digits); a 400/800 number
//! (10 digits). Versions (`2.4.0`), dates (`2026-11-18`), times, amounts
//! (`10000 USDT`, `1,000`) and long order numbers are none of these. An
//! 11-digit order number starting with `13`–`19` would be flagged: write
//! it in code style with a prefix (`ORD13800138000`) if it is not a phone.

use std::collections::BTreeSet;
use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use crate::config::{Channel, Config, Contact};

/// What kind of contact a piece of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Phone,
    Email,
    Domain,
    Handle,
}

/// A contact in its comparable form.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Normalized {
    pub kind: Kind,
    pub value: String,
    /// For handles: the messenger, when the text names it.
    pub channel: Option<Channel>,
}

/// Messenger keywords, lowercase, longest first so `微信号` wins over `微信`.
const HANDLE_KEYWORDS: [(&str, Channel); 12] = [
    ("telegram", Channel::Telegram),
    ("twitter", Channel::X),
    ("wechat", Channel::Wechat),
    ("weixin", Channel::Wechat),
    ("微信号", Channel::Wechat),
    ("qq号", Channel::Qq),
    ("微信", Channel::Wechat),
    ("电报", Channel::Telegram),
    ("推特", Channel::X),
    ("qq", Channel::Qq),
    ("tg", Channel::Telegram),
    ("x", Channel::X),
];

fn is_phone_separator(c: char) -> bool {
    matches!(c, ' ' | '-' | '.' | '(' | ')' | '/')
}

fn is_handle_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// The comparable form of one contact as a reader or writer types it, or
/// `None` when it is none of phone, email, web address or handle.
pub fn normalize(input: &str) -> Option<Normalized> {
    let text: String = input.nfkc().collect::<String>().trim().to_lowercase();
    if text.is_empty() {
        return None;
    }
    if let Some(rest) = text.strip_prefix("tel:") {
        return phone_key(rest).map(|value| Normalized {
            kind: Kind::Phone,
            value,
            channel: None,
        });
    }
    if let Some(rest) = text.strip_prefix("mailto:") {
        return email(rest);
    }
    if let Some(handle) = keyword_handle(&text) {
        return Some(handle);
    }
    if let Some(rest) = text.strip_prefix('@') {
        return valid_handle(rest).then(|| Normalized {
            kind: Kind::Handle,
            value: rest.to_string(),
            channel: None,
        });
    }
    if text.contains('@') {
        return email(&text);
    }
    if let Some(value) = phone_key(&text) {
        return Some(Normalized {
            kind: Kind::Phone,
            value,
            channel: None,
        });
    }
    url(&text)
}

/// `qq: 12345`, `微信：wallet_help`, `telegram @name`…
fn keyword_handle(text: &str) -> Option<Normalized> {
    for (keyword, channel) in HANDLE_KEYWORDS {
        let Some(rest) = text.strip_prefix(keyword) else {
            continue;
        };
        let spaced = rest.starts_with(char::is_whitespace);
        let rest = rest.trim_start();
        let (rest, marked) = match rest.strip_prefix(':') {
            Some(r) => (r.trim_start(), true),
            None => (rest, false),
        };
        let (name, marked) = match rest.strip_prefix('@') {
            Some(r) => (r, true),
            None => (rest, marked),
        };
        // Without `:` or `@`, a Latin keyword needs a space before the name
        // (`qq.com` is a web address) and `x` and `tg` are too common to take
        // a bare word at all; a QQ number may follow `qq` directly.
        let short = matches!(keyword, "x" | "tg");
        let qq_number = channel == Channel::Qq && name.chars().all(|c| c.is_ascii_digit());
        let unmarked_ok = !short && (spaced || !keyword.is_ascii());
        if (marked || unmarked_ok || qq_number) && valid_handle(name) {
            return Some(Normalized {
                kind: Kind::Handle,
                value: name.to_string(),
                channel: Some(channel),
            });
        }
    }
    None
}

fn valid_handle(name: &str) -> bool {
    !name.is_empty() && name.len() <= 64 && name.chars().all(is_handle_char)
}

fn email(text: &str) -> Option<Normalized> {
    let (local, domain) = text.split_once('@')?;
    let ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
        && valid_host(domain);
    ok.then(|| Normalized {
        kind: Kind::Email,
        value: text.to_string(),
        channel: None,
    })
}

fn valid_host(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}

/// A web address: its host, or a handle for `t.me/…` and `x.com/…`.
fn url(text: &str) -> Option<Normalized> {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .unwrap_or(text);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit('@').next()?.split(':').next()?;
    if !valid_host(host) {
        return None;
    }
    let path = rest[end..].trim_start_matches('/');
    let first = path.split(['/', '?', '#']).next().unwrap_or_default();
    let messenger = match host.strip_prefix("www.").unwrap_or(host) {
        "t.me" | "telegram.me" => Some(Channel::Telegram),
        "x.com" | "twitter.com" => Some(Channel::X),
        _ => None,
    };
    if let Some(channel) = messenger
        && valid_handle(first)
    {
        return Some(Normalized {
            kind: Kind::Handle,
            value: first.to_string(),
            channel: Some(channel),
        });
    }
    Some(Normalized {
        kind: Kind::Domain,
        value: host.to_string(),
        channel: None,
    })
}

/// The comparable key of a phone number, or `None` when `text` is not
/// `+`/digits with separators, or has fewer than 5 or more than 17 digits.
pub fn phone_key(text: &str) -> Option<String> {
    let text = text.trim();
    let (plus, body) = match text.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut digits = String::new();
    for c in body.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else if !is_phone_separator(c) {
            return None;
        }
    }
    if !(5..=17).contains(&digits.len()) {
        return None;
    }
    let international = if plus {
        Some(digits.as_str())
    } else {
        digits.strip_prefix("00")
    };
    Some(match international {
        Some(number) => match number.strip_prefix("86") {
            Some(national) => national.to_string(),
            None => format!("+{number}"),
        },
        None => digits
            .strip_prefix('0')
            .unwrap_or(digits.as_str())
            .to_string(),
    })
}

/// Whether phone key `found` is the registry's phone key `official`,
/// possibly written without its country code.
pub fn phone_matches(found: &str, official: &str) -> bool {
    if found == official {
        return true;
    }
    match official.strip_prefix('+') {
        Some(digits) if !found.starts_with('+') => {
            found.len() >= 7 && digits.ends_with(found) && digits.len() - found.len() <= 3
        }
        _ => false,
    }
}

/// Why a registry entry cannot be compared with what articles contain:
/// its value does not read as its channel.
pub fn registry_problem(contact: &Contact) -> Option<String> {
    let value = contact.value.trim();
    let read = normalize(value);
    let ok = match contact.channel {
        Channel::Phone => phone_key(value.trim_start_matches("tel:")).is_some(),
        Channel::Email => read.is_some_and(|n| n.kind == Kind::Email),
        Channel::Url | Channel::Chat => {
            (value.starts_with("https://") || value.starts_with("http://"))
                && read.is_some_and(|n| matches!(n.kind, Kind::Domain | Kind::Handle))
        }
        Channel::Qq => {
            let digits = value.trim_start_matches('@');
            (5..=12).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit())
        }
        Channel::Wechat | Channel::Telegram | Channel::X => {
            valid_handle(&value.trim_start_matches('@').to_lowercase())
        }
    };
    let expected = match contact.channel {
        Channel::Phone => {
            "a phone number such as `+1 202 555 0100` (digits, spaces, `-`, `.`, brackets, a leading `+`)"
        }
        Channel::Email => "an email address such as `support@example.com`",
        Channel::Url | Channel::Chat => "an http(s) URL such as `https://help.example.com/chat`",
        Channel::Qq => "a QQ number (5–12 digits)",
        Channel::Wechat | Channel::Telegram | Channel::X => {
            "an account name of letters, digits, `_`, `.` or `-` (an optional leading `@`)"
        }
    };
    (!ok).then(|| format!("contact `{value}` is not {expected}"))
}

/// The official registry and allow-list, ready for comparison.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    phones: Vec<String>,
    emails: BTreeSet<String>,
    /// Allowed domains and the hosts of url/chat contacts; subdomains count.
    domains: Vec<String>,
    handles: Vec<(Channel, String)>,
}

impl Registry {
    pub fn from_config(config: &Config) -> Registry {
        Registry::new(&config.contacts, &config.check.allowed_domains)
    }

    /// The registry of `contacts` plus `allowed_domains` (and their subdomains).
    pub fn new(contacts: &[Contact], allowed_domains: &[String]) -> Registry {
        let mut registry = Registry::default();
        for domain in allowed_domains {
            registry
                .domains
                .push(domain.trim().trim_start_matches('.').to_lowercase());
        }
        for contact in contacts {
            let value = contact.value.nfkc().collect::<String>().to_lowercase();
            match contact.channel {
                Channel::Phone => {
                    if let Some(key) = phone_key(value.trim_start_matches("tel:")) {
                        registry.phones.push(key);
                    }
                }
                Channel::Email => {
                    registry
                        .emails
                        .insert(value.trim().trim_start_matches("mailto:").to_string());
                }
                Channel::Url | Channel::Chat => match normalize(&value) {
                    Some(n) if n.kind == Kind::Domain => registry.domains.push(n.value),
                    Some(n) if n.kind == Kind::Handle => {
                        if let Some(channel) = n.channel {
                            registry.handles.push((channel, n.value));
                        }
                    }
                    _ => {}
                },
                channel => {
                    let name = value.trim().trim_start_matches('@').to_string();
                    registry.handles.push((channel, name));
                }
            }
        }
        registry
    }

    /// Whether a normalised contact is official.
    pub fn is_official(&self, contact: &Normalized) -> bool {
        match contact.kind {
            Kind::Phone => self.phones.iter().any(|p| phone_matches(&contact.value, p)),
            Kind::Email => self.emails.contains(&contact.value),
            Kind::Domain => self.domain_is_official(&contact.value),
            Kind::Handle => self.handles.iter().any(|(channel, name)| {
                *name == contact.value && contact.channel.is_none_or(|c| c == *channel)
            }),
        }
    }

    pub fn domain_is_official(&self, host: &str) -> bool {
        self.domains.iter().any(|d| {
            host == d
                || host
                    .strip_suffix(d.as_str())
                    .is_some_and(|s| s.ends_with('.'))
        })
    }
}

/// A contact found in an article's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Byte range in the scanned text.
    pub range: Range<usize>,
    /// As written.
    pub text: String,
    pub contact: Normalized,
}

/// Full-width ASCII and the ideographic space folded to ASCII (what NFKC
/// does to them), so scanning works on `１３８` as on `138`.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Top-level domains recognised in bare host names (`wallet.example.com`)
/// written without `https://` or `www.`. Only common ones, so file names
/// such as `reset-password.md` or `2fa-setup.svg` are not taken for hosts.
const BARE_TLDS: [&str; 22] = [
    "com", "net", "org", "cn", "io", "me", "co", "app", "xyz", "top", "info", "cc", "vip", "hk",
    "tw", "biz", "online", "site", "shop", "club", "pro", "link",
];

/// Every contact in `text` (an article's Markdown body), in order.
///
/// `registry` only decides between readings of a digit run: in `call +1 202
/// 555 0100 2 times` the official number is the one found, not
/// `+1 202 555 0100 2`.
pub fn scan(text: &str, registry: &Registry) -> Vec<Found> {
    let chars: Vec<(usize, char)> = text.char_indices().map(|(i, c)| (i, fold(c))).collect();
    let mut taken = vec![false; chars.len()];
    let mut found = Vec::new();
    let byte = |i: usize| chars.get(i).map_or(text.len(), |&(b, _)| b);
    let push = |found: &mut Vec<Found>, taken: &mut Vec<bool>, start: usize, end: usize| {
        let range = byte(start)..byte(end);
        let written = &text[range.clone()];
        for t in &mut taken[start..end] {
            *t = true;
        }
        if let Some(contact) = normalize(written) {
            found.push(Found {
                range,
                text: written.to_string(),
                contact,
            });
        }
    };
    let lower: Vec<char> = chars.iter().map(|&(_, c)| c.to_ascii_lowercase()).collect();
    let starts_with = |i: usize, word: &str| {
        (i..)
            .zip(word.chars())
            .all(|(k, w)| lower.get(k) == Some(&w))
    };
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let prev_is = |i: usize, f: &dyn Fn(char) -> bool| i > 0 && f(lower[i - 1]);
    let url_end = |mut k: usize| {
        while k < lower.len()
            && !lower[k].is_whitespace()
            && !matches!(lower[k], ')' | '>' | ']' | '"' | '\'' | '<' | '`' | '|')
            && lower[k].is_ascii()
        {
            k += 1;
        }
        while k > 0 && matches!(lower[k - 1], '.' | ',' | ';' | ':' | '!' | '?') {
            k -= 1;
        }
        k
    };

    // 1. URLs with a scheme, `www.` hosts and `t.me/` links.
    let mut i = 0;
    while i < lower.len() {
        let start = ["https://", "http://", "www.", "t.me/"]
            .iter()
            .any(|p| starts_with(i, p))
            && !prev_is(i, &|c| is_word(c) || c == '.' || c == '/' || c == '@');
        if start {
            let end = url_end(i);
            push(&mut found, &mut taken, i, end);
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }

    // 2. Email addresses.
    for at in 0..lower.len() {
        if lower[at] != '@' || taken[at] {
            continue;
        }
        let mut start = at;
        while start > 0
            && !taken[start - 1]
            && (lower[start - 1].is_ascii_alphanumeric() || "._%+-".contains(lower[start - 1]))
        {
            start -= 1;
        }
        let mut end = at + 1;
        while end < lower.len() && (lower[end].is_ascii_alphanumeric() || ".-".contains(lower[end]))
        {
            end += 1;
        }
        while end > at + 1 && lower[end - 1] == '.' {
            end -= 1;
        }
        if start < at && end > at + 1 {
            let candidate: String = lower[at + 1..end].iter().collect();
            if valid_host(&candidate) {
                push(&mut found, &mut taken, start, end);
            }
        }
    }

    // 3. Handles written after a messenger keyword.
    let mut i = 0;
    while i < lower.len() {
        if taken[i] || prev_is(i, &is_word) {
            i += 1;
            continue;
        }
        let hit = HANDLE_KEYWORDS.iter().find(|(keyword, _)| {
            starts_with(i, keyword)
                && (*keyword != "x" || chars[i].1 == 'X')
                && !lower
                    .get(i + keyword.chars().count())
                    .is_some_and(|&c| c.is_ascii_alphabetic())
        });
        let Some(&(keyword, channel)) = hit else {
            i += 1;
            continue;
        };
        let mut k = i + keyword.chars().count();
        if matches!(lower.get(k), Some('号' | '群')) {
            k += 1;
        }
        while lower.get(k) == Some(&' ') {
            k += 1;
        }
        let mut marked = false;
        if lower.get(k) == Some(&':') {
            marked = true;
            k += 1;
            while lower.get(k) == Some(&' ') {
                k += 1;
            }
        }
        if lower.get(k) == Some(&'@') {
            marked = true;
        }
        let name_start = k + usize::from(lower.get(k) == Some(&'@'));
        let mut end = name_start;
        while end < lower.len() && is_handle_char(lower[end]) && !taken[end] {
            end += 1;
        }
        while end > name_start && matches!(lower[end - 1], '.' | '-') {
            end -= 1;
        }
        let name: String = lower[name_start..end].iter().collect();
        let qq_number = channel == Channel::Qq
            && (5..=12).contains(&name.len())
            && name.chars().all(|c| c.is_ascii_digit());
        if end > name_start && (marked || qq_number) {
            push(&mut found, &mut taken, i, end);
            i = end;
        } else {
            i += 1;
        }
    }

    // 4. Bare host names such as `wallet.example.com`.
    let mut i = 0;
    while i < lower.len() {
        if taken[i]
            || !lower[i].is_ascii_alphanumeric()
            || prev_is(i, &|c| is_word(c) || "./@-:".contains(c))
        {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < lower.len()
            && !taken[end]
            && (lower[end].is_ascii_alphanumeric() || matches!(lower[end], '.' | '-'))
        {
            end += 1;
        }
        while end > i && lower[end - 1] == '.' {
            end -= 1;
        }
        let host: String = lower[i..end].iter().collect();
        let tld = host.rsplit('.').next().unwrap_or_default();
        if host.contains('.') && valid_host(&host) && BARE_TLDS.contains(&tld) {
            let end = if lower.get(end) == Some(&'/') {
                url_end(end)
            } else {
                end
            };
            push(&mut found, &mut taken, i, end);
            i = end;
        } else {
            i = end.max(i + 1);
        }
    }

    // 5. Phone numbers.
    let mut i = 0;
    while i < lower.len() {
        let c = lower[i];
        let can_start = (c.is_ascii_digit() || c == '+' || c == '(')
            && !taken[i]
            && !prev_is(i, &|p| {
                is_word(p) || matches!(p, '.' | '-' | '+' | '/' | '@')
            });
        if !can_start {
            i += 1;
            continue;
        }
        let (end, readings) = phone_run(&lower, &taken, i);
        let official = readings.iter().find(|&&(start, stop)| {
            normalize(&text[byte(start)..byte(stop)]).is_some_and(|n| registry.is_official(&n))
        });
        if let Some(&(start, stop)) = official.or(readings.first()) {
            push(&mut found, &mut taken, start, stop);
        }
        i = end.max(i + 1);
    }

    found.sort_by_key(|f| f.range.start);
    found
}

/// The run of phone characters starting at `start`: where it ends, and its
/// prefixes ending at a group boundary that look like a phone number,
/// longest first.
fn phone_run(chars: &[char], taken: &[bool], start: usize) -> (usize, Vec<(usize, usize)>) {
    let mut end = start;
    let mut separators = 0;
    let mut boundaries = Vec::new();
    // No phone number, however spaced, is longer than this; the cap keeps
    // a megabyte of `1 1 1 …` linear.
    const MAX_RUN: usize = 40;
    while end < chars.len() && !taken[end] && end - start < MAX_RUN {
        let c = chars[end];
        if c.is_ascii_digit() {
            separators = 0;
            if chars.get(end + 1).is_none_or(|n| !n.is_ascii_digit()) {
                boundaries.push(end + 1);
            }
        } else if c == '+' && end == start {
            // The leading plus of an international number.
        } else if is_phone_separator(c) && c != '/' {
            separators += 1;
            if separators > 2 {
                break;
            }
        } else {
            break;
        }
        end += 1;
    }
    // Glued to a letter or digit after: part of a word or an identifier.
    let glued = |stop: usize| chars.get(stop).is_some_and(|c| c.is_ascii_alphanumeric());
    let digit_start = (start..end).find(|&k| chars[k] == '+' || chars[k].is_ascii_digit());
    let Some(first) = digit_start else {
        return (end, Vec::new());
    };
    // An opening bracket before an area code belongs to the number.
    let first = if chars[start] == '(' { start } else { first };
    let readings = boundaries
        .iter()
        .rev()
        .filter(|&&stop| !glued(stop))
        .filter(|&&stop| looks_like_phone(&chars[first..stop].iter().collect::<String>()))
        .map(|&stop| (first, stop))
        .collect();
    (end, readings)
}

/// The scanner's rules for a phone number in prose (see the module docs).
fn looks_like_phone(text: &str) -> bool {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let n = digits.len();
    if text.starts_with('+') {
        return (8..=15).contains(&n);
    }
    if digits.starts_with("00") {
        return (10..=17).contains(&n);
    }
    let mobile = n == 11
        && digits.starts_with('1')
        && digits
            .as_bytes()
            .get(1)
            .is_some_and(|d| (b'3'..=b'9').contains(d));
    let landline = digits.starts_with('0') && (10..=12).contains(&n);
    let service = n == 10 && (digits.starts_with("400") || digits.starts_with("800"));
    mobile || landline || service
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scanned(text: &str) -> Vec<String> {
        scan(text, &Registry::default())
            .into_iter()
            .map(|f| f.text)
            .collect()
    }

    #[test]
    fn phone_keys_fold_prefixes_and_separators() {
        for spelling in [
            "+86 138 0013 8000",
            "0086-138-0013-8000",
            "13800138000",
            "１３８ ００１３ ８０００",
            "+86 (138) 0013.8000",
        ] {
            let n = normalize(spelling).expect(spelling);
            assert_eq!(n.value, "13800138000", "{spelling}");
        }
        assert_eq!(
            normalize("010-12345678").map(|n| n.value),
            Some("1012345678".into())
        );
        assert_eq!(
            normalize("+86 10 1234 5678").map(|n| n.value),
            Some("1012345678".into())
        );
        assert_eq!(
            normalize("+1 202 555 0100").map(|n| n.value),
            Some("+12025550100".into())
        );
        assert!(phone_matches("2025550100", "+12025550100"));
        assert!(!phone_matches("5550100", "+12025550100"));
    }

    #[test]
    fn scanner_finds_contacts_but_not_versions_dates_or_amounts() {
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
    fn long_digit_runs_stay_linear() {
        let text = "1 ".repeat(500_000);
        let found = scan(&text, &Registry::default());
        // Runs are cut every 40 characters; none is a phone number.
        assert!(found.is_empty(), "{}", found.len());
        let text = "a@".repeat(200_000) + &"x.".repeat(200_000);
        assert!(scan(&text, &Registry::default()).len() < 10);
    }

    #[test]
    fn prose_after_a_number_is_not_part_of_it() {
        let registry = Registry {
            phones: vec!["+12025550100".into()],
            ..Registry::default()
        };
        let found = scan("call +1 202 555 0100 2 times", &registry);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].contact.value, "+12025550100");
    }
}
