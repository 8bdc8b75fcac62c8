//! The contact page's registry and the verification page, both rendered
//! from `[[contacts]]` in book.toml, the single source of truth.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::config::{Channel, Contact};
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

/// Where a contact is reachable from a page: `tel:`, `mailto:`, the web
/// address, or a messenger link; `None` when there is no safe link
/// (QQ and WeChat have no web address, and only http(s) URLs are linked).
fn href(contact: &Contact) -> Option<String> {
    let value = contact.value.trim();
    let handle = value.trim_start_matches('@');
    let web = |url: &str| {
        (url.starts_with("https://") || url.starts_with("http://")).then(|| url.to_string())
    };
    match contact.channel {
        Channel::Phone => {
            let dial: String = value
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            (!dial.is_empty()).then(|| format!("tel:{dial}"))
        }
        Channel::Email => Some(format!("mailto:{value}")),
        Channel::Url | Channel::Chat => web(value),
        Channel::Telegram => Some(format!("https://t.me/{handle}")),
        Channel::X => Some(format!("https://x.com/{handle}")),
        Channel::Qq | Channel::Wechat => None,
    }
}

/// Contacts that serve `lang` (no `languages` means every language).
fn contacts_for<'a>(site: &'a Site, lang: &str) -> impl Iterator<Item = &'a Contact> {
    site.config
        .contacts
        .iter()
        .filter(move |c| c.languages.is_empty() || c.languages.iter().any(|l| l == lang))
}

/// The registry entries for a language as templates show them, urgent
/// ones (a freeze line) first: `{channel, channel_name, value, text,
/// label, hours, languages, href, urgent}`. `text` is what the link says:
/// the number or address, but a chat or web channel's label rather than a
/// raw URL.
pub fn contacts_value(
    site: &Site,
    theme: &super::Theme,
    language: &Language,
    strings: &BTreeMap<String, String>,
) -> Vec<Value> {
    let mut contacts: Vec<&Contact> = contacts_for(site, &language.code).collect();
    contacts.sort_by_key(|c| !c.urgent);
    contacts
        .into_iter()
        .map(|c| {
            let key = channel_key(c.channel);
            let label = c.label_in(&language.code);
            let text = match c.channel {
                Channel::Chat | Channel::Url if !label.is_empty() => label,
                _ => c.value.as_str(),
            };
            json!({
                "channel": key,
                "channel_name": strings.get(&format!("channel_{key}")).cloned().unwrap_or_else(|| key.to_string()),
                "value": c.value, "text": text, "label": label, "hours": c.hours_in(&language.code),
                "languages": c.languages.iter().map(|code| super::language_name(theme, code)).collect::<Vec<_>>(),
                "href": href(c).unwrap_or_default(), "urgent": c.urgent,
            })
        })
        .collect()
}

/// Adds `contacts` and `verify_url` to a contact kind page's context.
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
}

/// The registry as the verification page's data: JSON with `<`, `>`, `&`
/// and the JavaScript line separators escaped, so no value can end the
/// `<script type="application/json">` element it is written into.
pub fn registry_json(site: &Site, lang: &str) -> String {
    let contacts: Vec<Value> = site
        .config
        .contacts
        .iter()
        .map(|c| {
            json!({
                "channel": channel_key(c.channel), "value": c.value, "label": c.label_in(lang),
                "hours": c.hours_in(lang), "languages": c.languages,
            })
        })
        .collect();
    let data = json!({"contacts": contacts, "domains": site.config.check.allowed_domains});
    super::html_safe_json(&data.to_string())
}

/// The context of `/<lang>/contact/verify/`.
pub fn verify_context(
    site: &Site,
    theme: &super::Theme,
    language: &Language,
    strings: &BTreeMap<String, String>,
    assets: &BTreeMap<String, String>,
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
            "url": url, "contact_url": contact_url, "registry": registry_json(site, &language.code),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_per_channel() {
        let contact = |channel, value: &str| Contact {
            channel,
            value: value.into(),
            label: String::new(),
            hours: String::new(),
            languages: vec![],
            translations: Default::default(),
            urgent: false,
        };
        assert_eq!(
            href(&contact(Channel::Phone, "+1 (202) 555-0100")).as_deref(),
            Some("tel:+12025550100")
        );
        assert_eq!(href(&contact(Channel::Url, "javascript:alert(1)")), None);
        assert_eq!(
            href(&contact(Channel::Telegram, "@help")).as_deref(),
            Some("https://t.me/help")
        );
    }
}
