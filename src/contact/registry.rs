//! The lists of book.toml as one value that answers "whose is this?", and
//! its published form (`contacts.json`).
//!
//! | list | meaning | verdict |
//! |---|---|---|
//! | `[[contacts]]` (the registry) | channels the operator owns and answers on | official |
//! | `[[third_parties]]` | contacts articles may mention, with whose they are | third party |
//! | `[[scams]]` | reported fake numbers, handles, domains, app versions | scam |
//! | `[check] allowed_domains` | sites that are fine to link to | unknown (never official) |
//!
//! Anything else is unknown, and a look-alike of an official domain,
//! handle or number is an imitation ([`super::lookalike`]). The order of
//! the questions is fixed: a reported scam is never called anything else,
//! then official, third party, a linked site, an imitation, unknown.
//!
//! The same value, serialised, is the site's `contacts.json`: the
//! verification page, the search box, `helpbook verify` and the wallet app
//! all answer from it, with the same code (Rust here, `verify.js` in the
//! browser, held together by the shared test vectors).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::lookalike::{self, Officials};
use super::normalize::{Kind, Normalized, normalize};
use super::phone::{self, Region};
use crate::config::{Channel, Config, Contact};

/// `contacts.json`'s format version; bumped when a field changes meaning.
pub const FORMAT: u32 = 1;

/// An official channel, as published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OfficialEntry {
    /// The id articles reference it by (`contact:hotline`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub channel: Channel,
    /// As written in book.toml.
    pub value: String,
    /// The comparable form.
    pub key: Normalized,
    /// `tel:`, `mailto:` or the web address; absent when there is no safe link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub href: Option<String>,
    /// Language code → label.
    pub label: BTreeMap<String, String>,
    /// Language code → opening hours.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub hours: BTreeMap<String, String>,
    /// Languages support answers in; empty means all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
    /// For emergencies (book.toml's `urgent`): listed first, marked urgent.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub urgent: bool,
}

/// A third party's contact, as published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThirdPartyEntry {
    /// Language code → whose it is.
    pub owner: BTreeMap<String, String>,
    pub value: String,
    pub key: Normalized,
}

/// A reported scam, as published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScamEntry {
    pub value: String,
    pub key: Normalized,
    /// `YYYY-MM-DD`, the day it was first reported.
    pub reported: String,
    /// Language code → what it does.
    pub description: BTreeMap<String, String>,
}

/// Every list, ready for verdicts; serialised as `contacts.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Registry {
    pub format: u32,
    /// The help center's base URL.
    pub site: String,
    /// The site's languages, the default first.
    #[serde(default)]
    pub languages: Vec<String>,
    /// How national phone spellings are read; `None`: they are never official.
    #[serde(default)]
    pub region: Option<Region>,
    pub official: Vec<OfficialEntry>,
    /// Hosts that are official besides those of `official`: the help center's own.
    pub official_hosts: Vec<String>,
    pub third_parties: Vec<ThirdPartyEntry>,
    pub scams: Vec<ScamEntry>,
    /// Sites that are fine to link to (never official).
    pub link_domains: Vec<String>,
    /// Versions of the app that were released (newest first).
    pub releases: Vec<String>,
    /// Language code → message key → text: the verdicts' wording, so that
    /// every client says the same.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub messages: BTreeMap<String, BTreeMap<String, String>>,
    /// Language code → the contact, verification and scam-list pages.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub pages: BTreeMap<String, BTreeMap<String, String>>,
}

/// What a value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Official,
    ThirdParty,
    Scam,
    Imitation,
    Unknown,
}

/// The answer for one value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    pub status: Status,
    /// What was read, or `None` when it is not a contact at all.
    pub found: Option<Normalized>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub official: Option<OfficialEntry>,
    /// For an official app version: the version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub third_party: Option<ThirdPartyEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scam: Option<ScamEntry>,
    /// For an imitation: the official value it imitates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub imitates: Option<String>,
    /// Unknown, but a site the help center links to.
    pub linked: bool,
    /// Unknown: a national phone spelling with no region to read it in.
    pub needs_country_code: bool,
}

impl Verdict {
    fn new(status: Status, found: Option<Normalized>) -> Verdict {
        Verdict {
            status,
            found,
            official: None,
            release: None,
            third_party: None,
            scam: None,
            imitates: None,
            linked: false,
            needs_country_code: false,
        }
    }
}

/// Whether normalised value `found` is the listed `listed`.
fn same(found: &Normalized, listed: &Normalized) -> bool {
    match (found.kind, listed.kind) {
        (Kind::Domain, Kind::Domain) => lookalike::is_under(&found.value, &listed.value),
        (Kind::Email, Kind::Domain) => found
            .value
            .rsplit_once('@')
            .is_some_and(|(_, host)| lookalike::is_under(host, &listed.value)),
        (Kind::Handle, Kind::Handle) => {
            found.value == listed.value
                && (found.channel.is_none()
                    || listed.channel.is_none()
                    || found.channel == listed.channel)
        }
        (a, b) => a == b && found.value == listed.value,
    }
}

/// The host of a normalised value, for look-alike checks.
fn host_of(found: &Normalized) -> Option<&str> {
    match found.kind {
        Kind::Domain => Some(&found.value),
        Kind::Email => found.value.rsplit_once('@').map(|(_, h)| h),
        _ => None,
    }
}

impl Registry {
    /// The comparable form of `input` in this site's region.
    pub fn normalize(&self, input: &str) -> Option<Normalized> {
        normalize(input, self.region.as_ref())
    }

    /// What official contacts look like.
    pub fn officials(&self) -> Officials {
        let mut officials = Officials::default();
        for entry in &self.official {
            match entry.key.kind {
                Kind::Domain => officials.hosts.push(entry.key.value.clone()),
                Kind::Email => {
                    if let Some((_, host)) = entry.key.value.rsplit_once('@') {
                        officials.hosts.push(host.to_string());
                    }
                }
                Kind::Handle => officials.handles.push(entry.key.value.clone()),
                Kind::Phone => officials.phones.push(entry.key.value.clone()),
                Kind::Version => {}
            }
        }
        officials.hosts.extend(self.official_hosts.iter().cloned());
        officials.hosts.sort();
        officials.hosts.dedup();
        officials
    }

    /// The answer for a typed value.
    pub fn verdict(&self, input: &str) -> Verdict {
        match self.normalize(input) {
            Some(found) => self.verdict_of(found),
            None => Verdict::new(Status::Unknown, None),
        }
    }

    /// The answer for a normalised value (see the module docs for the order).
    pub fn verdict_of(&self, found: Normalized) -> Verdict {
        if let Some(scam) = self.scams.iter().find(|s| same(&found, &s.key)) {
            let mut v = Verdict::new(Status::Scam, Some(found));
            v.scam = Some(scam.clone());
            return v;
        }
        if found.kind == Kind::Version {
            let released = self.releases.contains(&found.value);
            let mut v = Verdict::new(
                if released {
                    Status::Official
                } else {
                    Status::Unknown
                },
                Some(found.clone()),
            );
            v.release = released.then_some(found.value);
            return v;
        }
        // An email at an official domain is official only when it is listed.
        let official = self.official.iter().find(|o| {
            if found.kind == Kind::Email && o.key.kind == Kind::Domain {
                return false;
            }
            same(&found, &o.key)
        });
        if let Some(official) = official {
            let mut v = Verdict::new(Status::Official, Some(found));
            v.official = Some(official.clone());
            return v;
        }
        if found.kind == Kind::Domain
            && self
                .official_hosts
                .iter()
                .any(|h| lookalike::is_under(&found.value, h))
        {
            return Verdict::new(Status::Official, Some(found));
        }
        if let Some(third) = self.third_parties.iter().find(|t| same(&found, &t.key)) {
            let mut v = Verdict::new(Status::ThirdParty, Some(found));
            v.third_party = Some(third.clone());
            return v;
        }
        let host = host_of(&found);
        if let Some(host) = host
            && self
                .link_domains
                .iter()
                .any(|d| lookalike::is_under(host, d))
        {
            let mut v = Verdict::new(Status::Unknown, Some(found));
            v.linked = true;
            return v;
        }
        let officials = self.officials();
        let imitated = match found.kind {
            // Our own domain (an unlisted address at it) is not an imitation;
            // a look-alike host imitates the official registrable domain.
            Kind::Domain | Kind::Email => host.and_then(|h| {
                (!officials.hosts.iter().any(|o| lookalike::is_under(h, o)))
                    .then(|| officials.host_imitated(h).map(lookalike::registrable))
                    .flatten()
            }),
            Kind::Handle => officials.handle_imitated(&found.value),
            Kind::Phone => officials.phone_imitated(&found.value),
            Kind::Version => None,
        }
        .map(str::to_string);
        if let Some(imitated) = imitated {
            let mut v = Verdict::new(Status::Imitation, Some(found));
            v.imitates = Some(self.display_of(&imitated));
            return v;
        }
        let needs_country_code = found.kind == Kind::Phone && !found.value.starts_with('+');
        let mut v = Verdict::new(Status::Unknown, Some(found));
        v.needs_country_code = needs_country_code;
        v
    }

    /// How an official key is shown to readers: the registry's own
    /// spelling when one entry has it.
    fn display_of(&self, key: &str) -> String {
        self.official
            .iter()
            .find(|o| o.key.value == key)
            .map_or_else(|| key.to_string(), |o| o.value.clone())
    }

    /// The message key and values for a verdict's headline, as every
    /// client words it (`messages[lang][key]` with `{name}` replaced).
    pub fn headline(&self, verdict: &Verdict, lang: &str) -> String {
        let (key, vars) = headline_parts(verdict, lang);
        self.message(lang, key, &vars)
    }

    /// The advice that goes with a verdict.
    pub fn advice(&self, verdict: &Verdict, lang: &str) -> String {
        let key = match verdict.status {
            Status::Official => "verify_advice_official",
            Status::ThirdParty => "verify_advice_third_party",
            Status::Scam | Status::Imitation => "verify_advice_scam",
            Status::Unknown if verdict.found.is_none() => return String::new(),
            Status::Unknown => "verify_advice",
        };
        self.message(lang, key, &[])
    }

    /// One message, `{name}` placeholders replaced.
    pub fn message(&self, lang: &str, key: &str, vars: &[(&str, String)]) -> String {
        let text = self
            .messages
            .get(lang)
            .and_then(|m| m.get(key))
            .cloned()
            .unwrap_or_else(|| key.to_string());
        fill(&text, vars)
    }
}

/// `{name}` placeholders of `text` replaced by `vars`; unknown ones stay.
pub fn fill(text: &str, vars: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match vars.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A per-language text, falling back to the first one there is.
pub fn in_lang(texts: &BTreeMap<String, String>, lang: &str, default: &str) -> String {
    texts
        .get(lang)
        .or_else(|| texts.get(default))
        .or_else(|| texts.values().next())
        .cloned()
        .unwrap_or_default()
}

/// A verdict as every client words it: what `helpbook verify --json`,
/// `helpbook search --json` and `/api/search` carry.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    /// The value the verdict is for, as typed.
    pub value: String,
    #[serde(flatten)]
    pub verdict: Verdict,
    pub headline: String,
    pub advice: String,
}

impl Registry {
    /// Reads a built site's published registry (`contacts.json`).
    pub fn load(site_dir: &std::path::Path) -> Result<Registry, crate::Diagnostics> {
        use crate::diagnostic::Diagnostic;
        let path = site_dir.join(super::PUBLISHED_PATH);
        let text = std::fs::read_to_string(&path).map_err(|error| {
            let d = Diagnostic::error(
                "verify",
                &path,
                format!("cannot read the published contacts: {error}"),
            )
            .with_help("build the site first (`helpbook build`), or name it with `--site DIR`");
            crate::Diagnostics::from(d)
        })?;
        serde_json::from_str(&text).map_err(|error| {
            Diagnostic::error(
                "verify",
                &path,
                format!("not a helpbook contacts.json: {error}"),
            )
            .with_help("rebuild the site with this version of helpbook")
            .into()
        })
    }

    /// The answer for `value` in `lang` (the site's default language when
    /// `None` or unknown).
    pub fn answer(&self, value: &str, lang: Option<&str>) -> Answer {
        let lang = self.language(lang);
        let verdict = self.verdict(value);
        Answer {
            value: value.trim().to_string(),
            headline: self.headline(&verdict, &lang),
            advice: self.advice(&verdict, &lang),
            verdict,
        }
    }

    /// The answer for a search query, when the query is a contact (a phone
    /// number needs 7 digits, so amounts and years are not).
    pub fn query_answer(&self, query: &str, lang: Option<&str>) -> Option<Answer> {
        let found = self.normalize(query)?;
        let typed_digits = || {
            let text = super::text::canonical(query);
            let text = text.strip_prefix("tel:").unwrap_or(&text).to_string();
            phone::digits_of(&text).map_or(0, |(_, digits)| digits.len())
        };
        (found.kind != Kind::Phone || typed_digits() >= 7).then(|| self.answer(query, lang))
    }

    /// `lang` when the site has it (any case), else its default language.
    pub fn language(&self, lang: Option<&str>) -> String {
        lang.and_then(|l| self.languages.iter().find(|c| c.eq_ignore_ascii_case(l)))
            .or_else(|| self.languages.first())
            .cloned()
            .unwrap_or_default()
    }
}

/// The message key and its values for a verdict's headline.
fn headline_parts(verdict: &Verdict, lang: &str) -> (&'static str, Vec<(&'static str, String)>) {
    let text = |map: &BTreeMap<String, String>| in_lang(map, lang, lang);
    match verdict.status {
        Status::Official => match (&verdict.official, &verdict.release) {
            (Some(entry), _) => ("verify_official", vec![("label", text(&entry.label))]),
            (None, Some(version)) => (
                "verify_official_release",
                vec![("version", version.clone())],
            ),
            (None, None) => ("verify_official_site", vec![]),
        },
        Status::ThirdParty => (
            "verify_third_party",
            vec![(
                "owner",
                verdict
                    .third_party
                    .as_ref()
                    .map(|t| text(&t.owner))
                    .unwrap_or_default(),
            )],
        ),
        Status::Scam => {
            let scam = verdict.scam.as_ref();
            (
                "verify_scam",
                vec![
                    ("date", scam.map(|s| s.reported.clone()).unwrap_or_default()),
                    (
                        "description",
                        scam.map(|s| text(&s.description)).unwrap_or_default(),
                    ),
                ],
            )
        }
        Status::Imitation => (
            "verify_imitation",
            vec![("official", verdict.imitates.clone().unwrap_or_default())],
        ),
        Status::Unknown => match &verdict.found {
            None => ("verify_not_contact", vec![]),
            Some(found) if found.kind == Kind::Version => (
                "verify_unknown_version",
                vec![("version", found.value.clone())],
            ),
            Some(_) if verdict.needs_country_code => ("verify_needs_country_code", vec![]),
            Some(_) if verdict.linked => ("verify_unknown_linked", vec![]),
            Some(_) => ("verify_unknown", vec![]),
        },
    }
}

/// Where a registry entry is reachable from a page: `tel:`, `mailto:`,
/// the web address, or a messenger link; `None` when there is no safe link
/// (QQ and WeChat have no web address, and only http(s) URLs are linked).
pub fn href(contact: &Contact, e164: Option<&str>) -> Option<String> {
    let value = contact.value.trim();
    let handle = value.trim_start_matches('@');
    let web = |url: &str| {
        (url.starts_with("https://") || url.starts_with("http://")).then(|| url.to_string())
    };
    match contact.channel {
        Channel::Phone => e164.map(|k| format!("tel:{k}")),
        Channel::Email => Some(format!("mailto:{}", value.trim_start_matches("mailto:"))),
        Channel::Url | Channel::Chat => web(value),
        Channel::Telegram => Some(format!("https://t.me/{handle}")),
        Channel::X => Some(format!("https://x.com/{handle}")),
        Channel::Qq | Channel::Wechat => None,
    }
}

/// The comparable form of a registry entry (`None` when its value does not
/// read as its channel; config validation reports that).
pub fn official_key(contact: &Contact, region: Option<&Region>) -> Option<Normalized> {
    let value = contact.value.trim();
    match contact.channel {
        Channel::Phone => phone::parse(value, region, true).ok().map(|p| Normalized {
            kind: Kind::Phone,
            value: p.e164,
            channel: None,
        }),
        Channel::Email => normalize(value, region).filter(|n| n.kind == Kind::Email),
        Channel::Url | Channel::Chat => {
            if !(value.starts_with("https://") || value.starts_with("http://")) {
                return None;
            }
            normalize(value, region).filter(|n| matches!(n.kind, Kind::Domain | Kind::Handle))
        }
        Channel::Qq => {
            let digits = value.trim_start_matches('@');
            ((5..=12).contains(&digits.len()) && digits.chars().all(|c| c.is_ascii_digit())).then(
                || Normalized {
                    kind: Kind::Handle,
                    value: digits.to_string(),
                    channel: Some(Channel::Qq),
                },
            )
        }
        Channel::Wechat | Channel::Telegram | Channel::X => {
            let name = super::text::canonical(value.trim_start_matches('@'));
            super::normalize::valid_handle(&name).then_some(Normalized {
                kind: Kind::Handle,
                value: name,
                channel: Some(contact.channel),
            })
        }
    }
}

/// Why a registry entry cannot be compared with what articles contain.
pub fn registry_problem(contact: &Contact, region: Option<&Region>) -> Option<String> {
    if contact.channel == Channel::Phone {
        return phone::parse(&contact.value, region, true).err();
    }
    if official_key(contact, region).is_some() {
        return None;
    }
    let expected = match contact.channel {
        Channel::Phone => "a phone number",
        Channel::Email => "an email address such as `support@example.com`",
        Channel::Url | Channel::Chat => "an http(s) URL such as `https://help.example.com/chat`",
        Channel::Qq => "a QQ number (5–12 digits)",
        Channel::Wechat | Channel::Telegram | Channel::X => {
            "an account name of letters, digits, `_`, `.` or `-` (an optional leading `@`)"
        }
    };
    Some(format!(
        "contact `{}` is not {expected}",
        contact.value.trim()
    ))
}

/// The comparable form of a third-party or scam value (national phone
/// spellings read in the region), or why it has none.
pub fn listed_key(value: &str, region: Option<&Region>) -> Result<Normalized, String> {
    let found = normalize(value, region).ok_or_else(|| {
        format!(
            "`{value}` is not a phone number, email address, web address, account or app version"
        )
    })?;
    if found.kind == Kind::Phone {
        let parsed = phone::parse(value, region, false)?;
        return Ok(Normalized {
            value: parsed.e164,
            ..found
        });
    }
    Ok(found)
}

impl Registry {
    /// The lists of `config` (already validated), with the released
    /// `releases` (newest first).
    pub fn from_config(config: &Config, releases: Vec<String>) -> Registry {
        let region = config.default_region.clone();
        let default_lang = config.default_language().code.clone();
        let texts = |base: &str, translated: &dyn Fn(&str) -> Option<String>| {
            let mut map = BTreeMap::new();
            for language in &config.languages {
                let text = if language.code == default_lang {
                    None
                } else {
                    translated(&language.code)
                };
                let text = text.unwrap_or_else(|| base.to_string());
                if !text.is_empty() {
                    map.insert(language.code.clone(), text);
                }
            }
            map
        };
        let official = config
            .contacts
            .iter()
            .filter_map(|c| {
                let key = official_key(c, region.as_ref())?;
                let e164 = (key.kind == Kind::Phone).then_some(key.value.as_str());
                Some(OfficialEntry {
                    id: c.id.clone(),
                    channel: c.channel,
                    value: c.value.trim().to_string(),
                    href: href(c, e164),
                    label: texts(&c.label, &|lang| {
                        c.translations.get(lang).and_then(|t| t.label.clone())
                    }),
                    hours: texts(&c.hours, &|lang| {
                        c.translations.get(lang).and_then(|t| t.hours.clone())
                    }),
                    languages: c.languages.clone(),
                    urgent: c.urgent,
                    key,
                })
            })
            .collect();
        let mut third_parties = Vec::new();
        for party in &config.third_parties {
            let owner = texts(&party.name, &|lang| {
                party.translations.get(lang).and_then(|t| t.name.clone())
            });
            for value in &party.contacts {
                if let Ok(key) = listed_key(value, region.as_ref()) {
                    third_parties.push(ThirdPartyEntry {
                        owner: owner.clone(),
                        value: value.trim().to_string(),
                        key,
                    });
                }
            }
        }
        let scams = config
            .scams
            .iter()
            .filter_map(|scam| {
                Some(ScamEntry {
                    value: scam.value.trim().to_string(),
                    key: listed_key(&scam.value, region.as_ref()).ok()?,
                    reported: scam.reported.to_string(),
                    description: texts(&scam.description, &|lang| {
                        scam.translations
                            .get(lang)
                            .and_then(|t| t.description.clone())
                    }),
                })
            })
            .collect();
        let site_host = normalize(&config.base_url, None)
            .filter(|n| n.kind == Kind::Domain)
            .map(|n| n.value);
        Registry {
            format: FORMAT,
            site: config.base_url.clone(),
            languages: config.languages.iter().map(|l| l.code.clone()).collect(),
            region,
            official,
            official_hosts: site_host.into_iter().collect(),
            third_parties,
            scams,
            link_domains: config
                .check
                .allowed_domains
                .iter()
                .filter_map(|d| {
                    super::normalize::host_form(&super::text::canonical(d.trim_start_matches('.')))
                })
                .collect(),
            releases,
            messages: BTreeMap::new(),
            pages: BTreeMap::new(),
        }
    }
}
