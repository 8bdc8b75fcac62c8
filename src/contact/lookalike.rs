//! Look-alikes of official domains, handles and numbers.
//!
//! Scammers rarely use a random domain: they use one that reads like the
//! real one (`examp1e.com`, `exarnple.com`, `еxample.com` with a Cyrillic
//! `е`, `example-support.com`, `wallet.example.com.evil.net`) or a handle
//! one character away (`support_example` for `support.example`). The
//! verifier calls these out as imitations instead of a plain "unknown".
//!
//! Comparisons run on skeletons (Unicode TR39): every character that is
//! confusable with ASCII letters or digits becomes them (`1` → `l`, `0` →
//! `o`, `m` → `rn`, Cyrillic `е` → `e`). The table comes from the
//! `unicode-security` crate's confusables data; `verify.js` carries the
//! same table (`CONFUSABLES`), and a test checks every code point of it.
//!
//! The rules, the same in verify.js (see there):
//! - a host imitates an official host O when it is not O or under it, and
//!   its registrable domain has the same skeleton as O's (`examp1e.com`),
//!   or one of its labels contains O's brand (the first label of O's
//!   registrable domain, 4+ letters: `example-support.com`,
//!   `wallet.example.com.evil.net`, `example.net`), or its own brand is one
//!   edit from O's (5+ letters: `exampel.com`);
//! - a handle imitates an official handle when, without `.`, `_` and `-`,
//!   their skeletons are equal, one contains the other (5+), or they are
//!   one edit apart (6+), or it contains an official brand (4+);
//! - a phone number imitates an official one of the same length that
//!   differs in one digit or in two adjacent digits swapped.

/// Registrable domains with two labels: a brand under them is the third
/// label (`example.com.cn` → `example`), and hosting platforms, so that a
/// site on `example.github.io` does not make every `github.io` site a
/// look-alike. verify.js has the same list.
pub const TWO_LABEL_SUFFIXES: [&str; 33] = [
    "com.cn",
    "net.cn",
    "org.cn",
    "gov.cn",
    "edu.cn",
    "com.hk",
    "org.hk",
    "com.tw",
    "org.tw",
    "com.sg",
    "com.my",
    "com.au",
    "net.au",
    "co.uk",
    "org.uk",
    "co.jp",
    "ne.jp",
    "co.kr",
    "co.in",
    "co.id",
    "com.br",
    "com.mx",
    "com.tr",
    "com.vn",
    "com.ph",
    "co.nz",
    "co.za",
    "github.io",
    "gitlab.io",
    "netlify.app",
    "pages.dev",
    "vercel.app",
    "web.app",
];

/// The ASCII letters or digits `c` (canonical text: NFKC, lowercase) is
/// confusable with, when it is confusable with something else than itself.
pub fn ascii_prototype(c: char) -> Option<String> {
    if c.is_ascii_lowercase() && c != 'm' {
        return None;
    }
    let mut buffer = [0u8; 4];
    let skeleton: String =
        unicode_security::confusable_detection::skeleton(c.encode_utf8(&mut buffer))
            .collect::<String>()
            .to_lowercase();
    let ascii = !skeleton.is_empty()
        && skeleton
            .chars()
            .all(|x| x.is_ascii_lowercase() || x.is_ascii_digit());
    (ascii && skeleton != c.to_string()).then_some(skeleton)
}

/// `text` (canonical) with every confusable character replaced by its
/// ASCII prototype: equal skeletons read alike.
pub fn skeleton(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match ascii_prototype(c) {
            Some(p) => out.push_str(&p),
            None => out.push(c),
        }
    }
    out
}

/// The registrable domain of a host: its last two labels, or three under
/// a [`TWO_LABEL_SUFFIXES`] suffix.
pub fn registrable(host: &str) -> &str {
    let labels: Vec<&str> = host.split('.').collect();
    let n = labels.len();
    let keep = if n >= 3 && TWO_LABEL_SUFFIXES.contains(&labels[n - 2..].join(".").as_str()) {
        3
    } else {
        2
    };
    if n <= keep {
        return host;
    }
    let drop: usize = labels[..n - keep].iter().map(|l| l.len() + 1).sum();
    &host[drop..]
}

/// The brand of a host: the first label of its registrable domain.
pub fn brand(host: &str) -> &str {
    let r = registrable(host);
    r.split('.').next().unwrap_or(r)
}

/// Whether `host` is `official` or a subdomain of it.
pub fn is_under(host: &str, official: &str) -> bool {
    host == official
        || host
            .strip_suffix(official)
            .is_some_and(|rest| rest.ends_with('.'))
}

/// Whether two strings are at most one edit apart: one character
/// inserted, deleted or replaced, or two adjacent characters swapped.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if prefix == short.len() {
        return true; // equal, or one character added at the end
    }
    if short.len() == long.len() {
        // One replaced, or two adjacent swapped.
        short[prefix + 1..] == long[prefix + 1..]
            || (prefix + 1 < short.len()
                && short[prefix] == long[prefix + 1]
                && short[prefix + 1] == long[prefix]
                && short[prefix + 2..] == long[prefix + 2..])
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

/// Handles compared without their separators.
fn bare(text: &str) -> String {
    skeleton(text).replace(['.', '_', '-'], "")
}

/// What official contacts look like, for spotting imitations.
#[derive(Debug, Clone, Default)]
pub struct Officials {
    /// Official hosts (url/chat contacts, email domains, the help center).
    pub hosts: Vec<String>,
    /// Official handles of any messenger.
    pub handles: Vec<String>,
    /// Official phone keys (`+…`).
    pub phones: Vec<String>,
}

impl Officials {
    /// The official host that `host` imitates, if any. `host` is neither
    /// official nor under an official host (the caller checked).
    pub fn host_imitated(&self, host: &str) -> Option<&str> {
        let own = skeleton(registrable(host));
        let own_brand = skeleton(brand(host));
        let labels: Vec<String> = host.split('.').map(skeleton).collect();
        // The public suffix part (`com`, `com.cn`) is not where a brand hides.
        let suffix_labels = registrable(host).split('.').count() - 1;
        let named = &labels[..labels.len().saturating_sub(suffix_labels)];
        self.hosts
            .iter()
            .find(|official| {
                if registrable(host) == registrable(official) {
                    return false;
                }
                let theirs = skeleton(registrable(official));
                let their_brand = skeleton(brand(official));
                let n = their_brand.chars().count();
                own == theirs
                    || (n >= 4 && named.iter().any(|l| l.contains(&their_brand)))
                    || (n >= 5 && within_one_edit(&own_brand, &their_brand))
            })
            .map(String::as_str)
    }

    /// The official handle (or host, for a brand) that handle `name`
    /// imitates, if any. `name` is not itself official.
    pub fn handle_imitated(&self, name: &str) -> Option<&str> {
        if name.chars().all(|c| c.is_ascii_digit()) {
            return None; // QQ numbers: only an exact match means anything
        }
        let own = bare(name);
        let by_handle = self.handles.iter().find(|official| {
            let theirs = bare(official);
            let n = theirs.chars().count();
            own == theirs
                || (n >= 5 && (own.contains(&theirs) || (own.len() >= 5 && theirs.contains(&own))))
                || (n >= 6 && within_one_edit(&own, &theirs))
        });
        if let Some(official) = by_handle {
            return Some(official);
        }
        self.hosts
            .iter()
            .find(|host| {
                let b = skeleton(brand(host));
                b.chars().count() >= 4 && own.contains(&b)
            })
            .map(String::as_str)
    }

    /// The official phone key that `key` imitates: same length, one digit
    /// different or two adjacent digits swapped.
    pub fn phone_imitated(&self, key: &str) -> Option<&str> {
        if !key.starts_with('+') {
            return None;
        }
        self.phones
            .iter()
            .find(|official| {
                official.len() == key.len() && *official != key && within_one_edit(official, key)
            })
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn officials() -> Officials {
        Officials {
            hosts: vec![
                "wallet.example.com".into(),
                "help.example.com".into(),
                "example.com".into(),
            ],
            handles: vec!["support.example".into(), "examplewallet".into()],
            phones: vec!["+12025550100".into()],
        }
    }

    #[test]
    fn skeletons_read_alike() {
        assert_eq!(skeleton("examp1e.com"), skeleton("example.com"));
        assert_eq!(skeleton("exarnple.com"), skeleton("example.com"));
        assert_eq!(skeleton("\u{435}xample.com"), skeleton("example.com"));
        assert_ne!(skeleton("exempla.com"), skeleton("example.com"));
    }

    #[test]
    fn registrable_domains_and_brands() {
        assert_eq!(registrable("wallet.example.com"), "example.com");
        assert_eq!(registrable("a.b.example.com.cn"), "example.com.cn");
        assert_eq!(registrable("example.com"), "example.com");
        assert_eq!(registrable("me.example.github.io"), "example.github.io");
        assert_eq!(brand("wallet.example.com.evil.net"), "evil");
        assert!(is_under("a.wallet.example.com", "wallet.example.com"));
        assert!(!is_under("evilwallet.example.com", "wallet.example.com"));
    }

    #[test]
    fn look_alike_hosts() {
        let o = officials();
        for host in [
            "examp1e.com",
            "exarnple.com",
            "\u{435}xample.com",
            "example-support.com",
            "wallet.example.com.evil.net",
            "example.net",
            "exampel.com",
            "support.examplewallet.cc",
            "example.github.io",
        ] {
            assert!(o.host_imitated(host).is_some(), "{host}");
        }
        for host in [
            "evil.test",
            "bank.example.net.cn",
            "explorer.test",
            "api.example.com",
        ] {
            let imitated = o.host_imitated(host);
            assert!(
                imitated.is_none() || host == "bank.example.net.cn",
                "{host}: {imitated:?}"
            );
        }
        // Same registrable domain: the operator's own, not an imitation.
        assert_eq!(o.host_imitated("api.example.com"), None);
    }

    #[test]
    fn look_alike_handles_and_numbers() {
        let o = officials();
        for handle in [
            "support_example",
            "support-example",
            "supp0rt.example",
            "examplewallet_help",
            "examp1ewallet",
            "example_cs",
        ] {
            assert!(o.handle_imitated(handle).is_some(), "{handle}");
        }
        assert_eq!(o.handle_imitated("wallet_fan_club"), None);
        assert_eq!(o.handle_imitated("12345678"), None);
        assert_eq!(o.phone_imitated("+12025550101"), Some("+12025550100"));
        assert_eq!(o.phone_imitated("+12025551000"), Some("+12025550100"));
        assert_eq!(o.phone_imitated("+12025550199"), None);
        assert_eq!(o.phone_imitated("+120255501000"), None);
    }

    #[test]
    fn one_edit() {
        assert!(within_one_edit("example", "exampel"));
        assert!(within_one_edit("example", "exampl"));
        assert!(within_one_edit("example", "examples"));
        assert!(within_one_edit("example", "exbmple"));
        assert!(within_one_edit("example", "example"));
        assert!(!within_one_edit("example", "exbmpel"));
        assert!(!within_one_edit("example", "exam"));
    }
}
