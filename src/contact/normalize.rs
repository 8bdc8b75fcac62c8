//! One typed or scanned value → its comparable form ([`Normalized`]).
//! `verify.js` `normalize` is the twin of [`normalize`]; the shared and
//! generated test vectors hold them to the same answers.
//!
//! In order, on the canonical text (see [`super::text`]):
//! 1. `tel:` → phone; `mailto:` → email.
//! 2. a messenger keyword then the account (`微信 helpdesk_555`, `加微信：x`,
//!    `WeChat ID: x`, `QQ 12345678`, `telegram @x`) → that messenger's handle;
//! 3. `@name` → a handle of any messenger;
//! 4. `a@b.c` → email;
//! 5. digits with separators → phone, keyed to E.164 in the site's region
//!    (see [`super::phone`]);
//! 6. `v2.4.0`, `2.4.0` → an app version (counterfeit apps are reported by
//!    version);
//! 7. a URL or host name → its host, internationalised names in Unicode
//!    (`xn--` labels decoded), or a handle for `t.me/…` and `x.com/…`.

use serde::{Deserialize, Serialize};

use super::phone::{self, Region};
use super::text::canonical;
use crate::config::Channel;

/// What kind of contact a piece of text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Phone,
    Email,
    Domain,
    Handle,
    /// An app version, e.g. `2.4.0`.
    Version,
}

/// A contact in its comparable form.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Normalized {
    pub kind: Kind,
    /// Phones: `+` and E.164 digits (bare digits when no region could read
    /// a national spelling); emails: the address; domains: the host;
    /// handles: the account name; versions: the version without `v`.
    pub value: String,
    /// For handles: the messenger, when the text names it.
    pub channel: Option<Channel>,
}

impl Normalized {
    fn new(kind: Kind, value: impl Into<String>, channel: Option<Channel>) -> Normalized {
        Normalized {
            kind,
            value: value.into(),
            channel,
        }
    }
}

/// Messenger keywords, lowercase, longest first where one starts another
/// (`微信号` before `微信`). `latin`: a Latin word, which needs a space, `:`
/// or `@` before the account.
pub const HANDLE_KEYWORDS: [(&str, Channel); 24] = [
    ("telegram", Channel::Telegram),
    ("twitter", Channel::X),
    ("wechat", Channel::Wechat),
    ("weixin", Channel::Wechat),
    ("加微信号", Channel::Wechat),
    ("加微信", Channel::Wechat),
    ("微信号", Channel::Wechat),
    ("微信", Channel::Wechat),
    ("薇信", Channel::Wechat),
    ("威信", Channel::Wechat),
    ("vx", Channel::Wechat),
    ("加qq", Channel::Qq),
    ("qq号", Channel::Qq),
    ("qq群", Channel::Qq),
    ("qq", Channel::Qq),
    ("扣扣", Channel::Qq),
    ("电报号", Channel::Telegram),
    ("电报", Channel::Telegram),
    ("飞机号", Channel::Telegram),
    ("纸飞机", Channel::Telegram),
    ("推特号", Channel::X),
    ("推特", Channel::X),
    ("tg", Channel::Telegram),
    ("x", Channel::X),
];

/// Whether a keyword is written in Latin letters (and so needs a space,
/// `:` or `@` before the account; `x`, `tg` and `vx` need `:` or `@`).
pub fn keyword_is_latin(keyword: &str) -> bool {
    keyword.is_ascii()
}

/// Latin keywords too common as words to take an unmarked account.
pub fn keyword_needs_mark(keyword: &str) -> bool {
    matches!(keyword, "x" | "tg" | "vx")
}

/// Words after a messenger keyword that are not an account name
/// (`WeChat ID: x` names the account after `ID`; `微信 App` is the app).
pub const NOT_A_HANDLE: [&str; 16] = [
    "id", "app", "pay", "group", "account", "official", "support", "service", "channel", "number",
    "wallet", "message", "messages", "chat", "user", "name",
];

pub fn is_handle_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// An account name: ASCII letters, digits, `_`, `.`, `-`, at most 64.
pub fn valid_handle(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.chars().all(is_handle_char)
        && !name.starts_with(['.', '-'])
        && !name.ends_with(['.', '-'])
}

/// The comparable form of one contact as a reader or writer types it, or
/// `None` when it is none of phone, email, web address, handle or version.
pub fn normalize(input: &str, region: Option<&Region>) -> Option<Normalized> {
    let text = canonical(input);
    if text.is_empty() {
        return None;
    }
    if let Some(rest) = text.strip_prefix("tel:") {
        return phone_of(rest, region);
    }
    if let Some(rest) = text.strip_prefix("mailto:") {
        return email(rest.split('?').next().unwrap_or_default());
    }
    if let Some(handle) = keyword_handle(&text) {
        return Some(handle);
    }
    if let Some(rest) = text.strip_prefix('@') {
        return valid_handle(rest).then(|| Normalized::new(Kind::Handle, rest, None));
    }
    if text.contains('@') && !text.contains("://") {
        return email(&text);
    }
    if let Some(phone) = phone_of(&text, region) {
        return Some(phone);
    }
    if let Some(version) = version(&text) {
        return Some(Normalized::new(Kind::Version, version, None));
    }
    url(&text)
}

fn phone_of(text: &str, region: Option<&Region>) -> Option<Normalized> {
    let (plus, digits) = phone::digits_of(text)?;
    Some(Normalized::new(
        Kind::Phone,
        phone::key(plus, &digits, region),
        None,
    ))
}

/// `2.4.0`, `v2.4.0`, `V 2.4`: two to four dot-separated numbers of at most
/// four digits; without a `v`, at least three parts.
fn version(text: &str) -> Option<String> {
    let (marked, rest) = match text.strip_prefix('v') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text),
    };
    let parts: Vec<&str> = rest.split('.').collect();
    let ok = (2..=4).contains(&parts.len())
        && (marked || parts.len() >= 3)
        && parts
            .iter()
            .all(|p| (1..=4).contains(&p.len()) && p.chars().all(|c| c.is_ascii_digit()));
    ok.then(|| rest.to_string())
}

/// `qq: 12345`, `微信：wallet_help`, `加微信 wallet_help`, `WeChat ID: x`…
fn keyword_handle(text: &str) -> Option<Normalized> {
    for (keyword, channel) in HANDLE_KEYWORDS {
        let Some(rest) = text.strip_prefix(keyword) else {
            continue;
        };
        let (name, marked, spaced) = account_after_keyword(rest);
        let latin = keyword_is_latin(keyword);
        let qq_number = channel == Channel::Qq && name.chars().all(|c| c.is_ascii_digit());
        let unmarked_ok = !keyword_needs_mark(keyword) && (spaced || !latin);
        if (marked || unmarked_ok || qq_number)
            && valid_handle(name)
            && !NOT_A_HANDLE.contains(&name)
        {
            return Some(Normalized::new(Kind::Handle, name, Some(channel)));
        }
    }
    None
}

/// After a messenger keyword: the account name, whether it was marked
/// with `:` or `@`, and whether a space came first. `号` (number), `id`
/// and `账号` between the keyword and the account are skipped.
pub fn account_after_keyword(rest: &str) -> (&str, bool, bool) {
    let spaced = rest.starts_with(char::is_whitespace);
    let mut rest = rest.trim_start();
    for filler in ["账号", "号", "id"] {
        if let Some(r) = rest.strip_prefix(filler)
            && !r.starts_with(is_handle_char)
        {
            rest = r.trim_start();
            break;
        }
    }
    let mut marked = false;
    if let Some(r) = rest.strip_prefix(':') {
        rest = r.trim_start();
        marked = true;
    }
    if let Some(r) = rest.strip_prefix('@') {
        rest = r;
        marked = true;
    }
    (rest, marked, spaced)
}

fn email(text: &str) -> Option<Normalized> {
    let (local, domain) = text.split_once('@')?;
    let domain = host_form(domain)?;
    let ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c));
    ok.then(|| Normalized::new(Kind::Email, format!("{local}@{domain}"), None))
}

/// A host name in the form compared: lowercase, `xn--` labels decoded to
/// Unicode, no trailing dot; `None` when it is not a host name (at least
/// two labels of letters, digits and `-`, a top-level domain of letters).
pub fn host_form(host: &str) -> Option<String> {
    let host = host.strip_suffix('.').unwrap_or(host);
    let mut labels = Vec::new();
    for label in host.split('.') {
        let decoded = match label.strip_prefix("xn--") {
            Some(code) => idna::punycode::decode_to_string(code)?.to_lowercase(),
            None => label.to_string(),
        };
        let ok = !decoded.is_empty()
            && !decoded.starts_with('-')
            && !decoded.ends_with('-')
            && decoded.chars().all(|c| c.is_alphanumeric() || c == '-');
        if !ok {
            return None;
        }
        labels.push(decoded);
    }
    let tld_ok = labels
        .last()
        .is_some_and(|tld| tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic));
    (labels.len() >= 2 && tld_ok).then(|| labels.join("."))
}

/// A web address: its host, or a handle for `t.me/…` and `x.com/…`.
fn url(text: &str) -> Option<Normalized> {
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .or_else(|| text.strip_prefix("//"))
        .unwrap_or(text);
    let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host_port = authority.rsplit('@').next()?;
    let host = match host_port.rsplit_once(':') {
        Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) => host,
        _ => host_port,
    };
    let host = host_form(host)?;
    let path = rest[end..].trim_start_matches('/');
    let first = path.split(['/', '?', '#']).next().unwrap_or_default();
    let messenger = match host.strip_prefix("www.").unwrap_or(&host) {
        "t.me" | "telegram.me" => Some(Channel::Telegram),
        "x.com" | "twitter.com" => Some(Channel::X),
        _ => None,
    };
    if let Some(channel) = messenger
        && valid_handle(first)
    {
        return Some(Normalized::new(Kind::Handle, first, Some(channel)));
    }
    Some(Normalized::new(Kind::Domain, host, None))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> Option<(Kind, String, Option<Channel>)> {
        let cn = Region::from_code("CN");
        normalize(text, cn.as_ref()).map(|n| (n.kind, n.value, n.channel))
    }

    #[test]
    fn phones_are_keyed_in_the_region() {
        for spelling in [
            "+86 138 0013 8000",
            "0086-138-0013-8000",
            "13800138000",
            "１３８ ００１３ ８０００",
            "+86 (138) 0013.8000",
            "tel:+8613800138000",
            "1\u{200B}3800138000",
        ] {
            assert_eq!(
                n(spelling),
                Some((Kind::Phone, "+8613800138000".into(), None)),
                "{spelling}"
            );
        }
        assert_eq!(
            n("020-2555-0100").map(|n| n.1).as_deref(),
            Some("+862025550100")
        );
        assert_eq!(
            n("+1 202–555–0100").map(|n| n.1).as_deref(),
            Some("+12025550100")
        );
    }

    #[test]
    fn handles_after_keywords() {
        let wechat = |name: &str| Some((Kind::Handle, name.to_string(), Some(Channel::Wechat)));
        assert_eq!(n("微信 helpdesk_555"), wechat("helpdesk_555"));
        assert_eq!(n("加微信：helpdesk_555"), wechat("helpdesk_555"));
        assert_eq!(n("微信号 helpdesk_555"), wechat("helpdesk_555"));
        assert_eq!(n("WeChat helpdesk_555"), wechat("helpdesk_555"));
        assert_eq!(n("WeChat ID: helpdesk_555"), wechat("helpdesk_555"));
        assert_eq!(n("微信helpdesk_555"), wechat("helpdesk_555"));
        assert_eq!(
            n("QQ12345678"),
            Some((Kind::Handle, "12345678".into(), Some(Channel::Qq)))
        );
        assert_eq!(n("x helpdesk"), None);
        assert_eq!(
            n("x: helpdesk"),
            Some((Kind::Handle, "helpdesk".into(), Some(Channel::X)))
        );
        assert_eq!(n("微信 app"), None);
    }

    #[test]
    fn hosts_versions_and_emails() {
        assert_eq!(
            n("https://Wallet.Example.com/x?y"),
            Some((Kind::Domain, "wallet.example.com".into(), None))
        );
        assert_eq!(
            n("http://xn--xample-2of.com/"),
            Some((Kind::Domain, "\u{435}xample.com".into(), None))
        );
        assert_eq!(
            n("https://t.me/support_example"),
            Some((
                Kind::Handle,
                "support_example".into(),
                Some(Channel::Telegram)
            ))
        );
        assert_eq!(n("v2.4.0"), Some((Kind::Version, "2.4.0".into(), None)));
        assert_eq!(n("2.4.0"), Some((Kind::Version, "2.4.0".into(), None)));
        // Entities are decoded by the Markdown and HTML stages, not here.
        assert_eq!(n("fake&#64;evil.test"), None);
        assert_eq!(
            n("Fake@Evil.Test"),
            Some((Kind::Email, "fake@evil.test".into(), None))
        );
        assert_eq!(n("hello"), None);
    }
}
