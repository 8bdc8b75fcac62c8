//! The contact page's registry and the verification page, both rendered
//! from `[[contacts]]` in book.toml, the single source of truth.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::config::Channel;
use crate::contact::registry::{OfficialEntry, in_lang};
use crate::site::{Language, Site};

fn channel_key(channel: Channel) -> &'static str {
    match channel {
        Channel::Phone => "phone",
        Channel::Email => "email",
        Channel::Chat => "chat",
        Channel::Url => "url",
        Channel::Qq => "qq",
        Channel::Wechat => "wechat",
        Channel::Telegram => "telegram",
        Channel::X => "x",
    }
}

/// Contacts that serve `lang` (no `languages` means every language).
fn contacts_for<'a>(site: &'a Site, lang: &str) -> impl Iterator<Item = &'a OfficialEntry> {
    site.registry
        .official
        .iter()
        .filter(move |c| c.languages.is_empty() || c.languages.iter().any(|l| l == lang))
}

/// The registry entries for a language as templates show them, urgent
/// ones (a freeze line) first: `{id, channel, channel_name, value, text,
/// label, hours, languages, href, urgent}`. `text` is what the link says:
/// the number or address, but a chat or web channel's label rather than a
/// raw URL.
pub fn contacts_value(
    site: &Site,
    theme: &super::Theme,
    language: &Language,
    strings: &BTreeMap<String, String>,
) -> Vec<Value> {
    let lang = &language.code;
    let mut contacts: Vec<&OfficialEntry> = contacts_for(site, lang).collect();
    contacts.sort_by_key(|c| !c.urgent);
    contacts
        .into_iter()
        .map(|c| {
            let key = channel_key(c.channel);
            let label = in_lang(&c.label, lang, lang);
            let text = match c.channel {
                Channel::Chat | Channel::Url if !label.is_empty() => label.clone(),
                _ => c.value.clone(),
            };
            json!({
                "id": c.id, "channel": key,
                "channel_name": strings.get(&format!("channel_{key}")).cloned().unwrap_or_else(|| key.to_string()),
                "value": c.value, "text": text, "label": label, "hours": in_lang(&c.hours, lang, lang),
                "languages": c.languages.iter().map(|code| super::language_name(theme, code)).collect::<Vec<_>>(),
                "href": c.href.clone().unwrap_or_default(), "urgent": c.urgent,
            })
        })
        .collect()
}

/// The URL of a language's list of reported scams, when there are any.
pub fn scams_url(site: &Site, language: &Language) -> Option<String> {
    (!site.registry.scams.is_empty()).then(|| format!("{}contact/scams/", language.url))
}

/// Adds `contacts`, `verify_url` and `scams_url` to a contact kind page's context.
pub fn add_registry(
    site: &Site,
    theme: &super::Theme,
    language: &Language,
    strings: &BTreeMap<String, String>,
    context: &mut serde_json::Map<String, Value>,
) {
    let contacts = contacts_value(site, theme, language, strings);
    context.insert("contacts".into(), Value::Array(contacts));
    context.insert(
        "verify_url".into(),
        json!(format!("{}contact/verify/", language.url)),
    );
    context.insert(
        "scams_url".into(),
        json!(scams_url(site, language).unwrap_or_default()),
    );
}

/// The site's published registry, `contacts.json` (see
/// [`crate::contact::registry`]): every list, with the verdicts' wording
/// and the contact pages of every language. Deterministic: no build time.
pub fn published(site: &Site, theme: &super::Theme) -> Vec<u8> {
    let mut registry = site.registry.clone();
    for language in &site.languages {
        let strings = theme.strings_for(&language.code);
        let words: BTreeMap<String, String> = strings
            .into_iter()
            .filter(|(k, _)| k.starts_with("verify_") || k.starts_with("channel_"))
            .collect();
        registry.messages.insert(language.code.clone(), words);
        let mut pages = BTreeMap::from([
            ("contact".to_string(), format!("{}contact/", language.url)),
            (
                "verify".to_string(),
                format!("{}contact/verify/", language.url),
            ),
        ]);
        if let Some(url) = scams_url(site, language) {
            pages.insert("scams".into(), url);
        }
        registry.pages.insert(language.code.clone(), pages);
    }
    let mut json = serde_json::to_string_pretty(&registry).unwrap_or_default();
    json.push('\n');
    json.into_bytes()
}

/// The context of `/<lang>/contact/scams/`: every reported scam, newest first.
pub fn scams_context(
    site: &Site,
    theme: &super::Theme,
    language: &Language,
    strings: &BTreeMap<String, String>,
    mut map: serde_json::Map<String, Value>,
) -> serde_json::Map<String, Value> {
    let lang = &language.code;
    let contact_url = format!("{}contact/", language.url);
    let url = format!("{contact_url}scams/");
    let mut scams: Vec<&crate::contact::registry::ScamEntry> = site.registry.scams.iter().collect();
    scams.sort_by(|a, b| b.reported.cmp(&a.reported).then(a.value.cmp(&b.value)));
    let kind_of = |k: crate::contact::Kind| {
        let key = match k {
            crate::contact::Kind::Phone => "scam_kind_phone",
            crate::contact::Kind::Email => "scam_kind_email",
            crate::contact::Kind::Domain => "scam_kind_domain",
            crate::contact::Kind::Handle => "scam_kind_handle",
            crate::contact::Kind::Version => "scam_kind_app",
        };
        strings.get(key).cloned().unwrap_or_default()
    };
    let items: Vec<Value> = scams
        .iter()
        .map(|s| {
            json!({
                "value": s.value, "kind": kind_of(s.key.kind), "reported": s.reported,
                "description": in_lang(&s.description, lang, lang),
            })
        })
        .collect();
    let title = strings.get("scams_title").cloned().unwrap_or_default();
    let contact_name = strings
        .get("kind_contact")
        .cloned()
        .unwrap_or_else(|| "contact".into());
    map.insert(
        "scams".into(),
        json!({"items": items, "verify_url": format!("{contact_url}verify/"), "contact_url": contact_url}),
    );
    map.insert(
        "breadcrumbs".into(),
        json!([
            {"title": strings.get("home").cloned().unwrap_or_else(|| language.title.clone()), "url": language.url},
            {"title": contact_name, "url": contact_url},
        ]),
    );
    let description = strings.get("scams_intro").cloned().unwrap_or_default();
    let alternates: Vec<Value> = site
        .languages
        .iter()
        .map(|l| {
            let url = format!("{}contact/scams/", l.url);
            json!({
                "lang": l.code, "name": super::language_name(theme, &l.code), "url": url,
                "permalink": super::permalink(site, &url),
            })
        })
        .collect();
    map.insert(
        "page".into(),
        super::page_value(site, &url, &title, &description, alternates, vec![]),
    );
    map
}

/// The context of `/<lang>/contact/verify/`.
pub fn verify_context(
    site: &Site,
    theme: &super::Theme,
    language: &Language,
    strings: &BTreeMap<String, String>,
    assets: &BTreeMap<String, String>,
    registry: &str,
    mut map: serde_json::Map<String, Value>,
) -> serde_json::Map<String, Value> {
    let contact_url = format!("{}contact/", language.url);
    let url = format!("{contact_url}verify/");
    let title = strings.get("verify_title").cloned().unwrap_or_default();
    let contact_name = strings
        .get("kind_contact")
        .cloned()
        .unwrap_or_else(|| "contact".into());
    map.insert(
        "verify".into(),
        json!({
            "url": url, "contact_url": contact_url, "registry": super::html_safe_json(registry),
            "script": assets.get("verify.js").cloned().unwrap_or_default(),
        }),
    );
    map.insert(
        "breadcrumbs".into(),
        json!([
            {"title": strings.get("home").cloned().unwrap_or_else(|| language.title.clone()), "url": language.url},
            {"title": contact_name, "url": contact_url},
        ]),
    );
    let description = strings.get("verify_intro").cloned().unwrap_or_default();
    let alternates: Vec<Value> = site
        .languages
        .iter()
        .map(|l| {
            let url = format!("{}contact/verify/", l.url);
            json!({
                "lang": l.code, "name": super::language_name(theme, &l.code), "url": url,
                "permalink": super::permalink(site, &url),
            })
        })
        .collect();
    map.insert(
        "page".into(),
        super::page_value(site, &url, &title, &description, alternates, vec![]),
    );
    map
}
