//! JSON-LD structured data (schema.org) for the `<head>` of pages.
//!
//! Built with serde_json, never by string templates, so every value is
//! JSON-escaped; then `<`, `>`, `&` and `'` become `\u003c`… so that a
//! title containing `</script>` cannot end the script element early. The
//! result is still valid JSON with the same values, and the templates insert
//! it with `| safe` inside `<script type="application/ld+json">`.

use serde_json::{Value, json};

use crate::config::{Channel, Contact};
use crate::site::{Language, Page, Site};

/// JSON text that is safe inside a `<script>` element.
pub fn script_json(value: &Value) -> String {
    super::html_safe_json(&value.to_string())
}

fn graph(items: Vec<Value>) -> String {
    script_json(&json!({"@context": "https://schema.org", "@graph": items}))
}

/// `BreadcrumbList` from (title, path) pairs, the page itself last.
fn breadcrumbs(site: &Site, trail: &[(String, String)]) -> Value {
    let items: Vec<Value> = trail
        .iter()
        .enumerate()
        .map(|(i, (name, path))| {
            json!({"@type": "ListItem", "position": i + 1, "name": name, "item": site.absolute_url(path)})
        })
        .collect();
    json!({"@type": "BreadcrumbList", "itemListElement": items})
}

/// The help center's owner with its official contact points in `language`:
/// the registry of book.toml, the only source of official numbers.
pub fn organization(site: &Site, language: &Language) -> Value {
    let points: Vec<Value> = site
        .config
        .contacts
        .iter()
        .filter(|c| c.languages.is_empty() || c.languages.contains(&language.code))
        .map(|c| contact_point(c, &language.code))
        .collect();
    json!({
        "@type": "Organization",
        "@id": organization_id(site, language),
        "name": language.title,
        "url": site.absolute_url(&language.url),
        "contactPoint": points,
    })
}

/// One node id per language (the name differs per language), so the
/// article's publisher and the home page's organisation are the same node.
fn organization_id(site: &Site, language: &Language) -> String {
    format!("{}#organization", site.absolute_url(&language.url))
}

/// A registry entry as schema.org `ContactPoint`, with its label and hours
/// in the page's language.
fn contact_point(contact: &Contact, lang: &str) -> Value {
    let mut point = serde_json::Map::new();
    point.insert("@type".into(), json!("ContactPoint"));
    point.insert("contactType".into(), json!("customer support"));
    let label = contact.label_in(lang);
    if !label.is_empty() {
        point.insert("name".into(), json!(label));
    }
    match contact.channel {
        Channel::Phone => point.insert("telephone".into(), json!(contact.value)),
        Channel::Email => point.insert("email".into(), json!(contact.value)),
        Channel::Url | Channel::Chat => point.insert("url".into(), json!(contact.value)),
        other => point.insert(
            "identifier".into(),
            json!(format!("{}:{}", channel_name(other), contact.value)),
        ),
    };
    let hours = contact.hours_in(lang);
    if !hours.is_empty() {
        // schema.org wants a structured `hoursAvailable`; the registry
        // holds free text, so it goes in the description.
        point.insert("description".into(), json!(hours));
    }
    if !contact.languages.is_empty() {
        point.insert("availableLanguage".into(), json!(contact.languages));
    }
    Value::Object(point)
}

fn channel_name(channel: Channel) -> String {
    serde_json::to_value(channel)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A language's home page: the organisation and its contact points.
pub fn home(site: &Site, language: &Language) -> String {
    graph(vec![organization(site, language)])
}

/// A kind page: its breadcrumbs; the contact page adds the organisation,
/// and the FAQ page adds `FAQPage` when `[seo] faq_page = true`.
pub fn kind(
    site: &Site,
    language: &Language,
    kind: &crate::site::KindGroup,
    trail: &[(String, String)],
    answers: &[(String, String)],
) -> String {
    let mut items = vec![breadcrumbs(site, trail)];
    if kind.kind == "contact" {
        items.push(organization(site, language));
    }
    if kind.kind == "faq" && site.config.seo.faq_page && !answers.is_empty() {
        let questions: Vec<Value> = answers
            .iter()
            .map(|(question, answer)| {
                json!({"@type": "Question", "name": question,
                       "acceptedAnswer": {"@type": "Answer", "text": answer}})
            })
            .collect();
        items.push(json!({"@type": "FAQPage", "mainEntity": questions}));
    }
    graph(items)
}

/// An article: `BreadcrumbList` and `TechArticle` (contact articles also
/// carry the organisation).
/// Everything an article's structured data ([`article`]) takes from the
/// site and the language, as text: the organisation node with the
/// registry's contact points, and the site's absolute URL. With the
/// article's own template context it determines the structured data, so
/// that an unchanged article page is recognised without making it
/// ([`super::Reuse`]). [`article`] must take nothing else from the site or
/// the language.
pub fn environment(site: &Site, language: &Language) -> String {
    format!(
        "{}\n{}\n{}",
        site.absolute_url("/"),
        language.code,
        organization(site, language)
    )
}

/// An article's structured data. It is made from the article's fields that
/// its template context also has (title, URL, description, tags, dates,
/// kind, breadcrumb trail) and from [`environment`]: nothing else.
pub fn article(
    site: &Site,
    language: &Language,
    page: &Page,
    trail: &[(String, String)],
    description: &str,
) -> String {
    let a = &page.article;
    let mut article = serde_json::Map::new();
    article.insert("@type".into(), json!("TechArticle"));
    article.insert("headline".into(), json!(a.title));
    article.insert("url".into(), json!(site.absolute_url(&page.url)));
    article.insert("inLanguage".into(), json!(language.code));
    if !description.is_empty() {
        article.insert("description".into(), json!(description));
    }
    if !a.tags.is_empty() {
        article.insert("keywords".into(), json!(a.tags.join(", ")));
    }
    if let Some(release) = &a.release {
        article.insert("datePublished".into(), json!(release.date.to_string()));
    }
    let modified = a
        .updated
        .or(a.release.as_ref().map(|r| r.date))
        .or(a.verified);
    if let Some(date) = modified {
        article.insert("dateModified".into(), json!(date.to_string()));
    }
    article.insert(
        "publisher".into(),
        json!({"@type": "Organization", "@id": organization_id(site, language), "name": language.title}),
    );
    let mut items = vec![breadcrumbs(site, trail), Value::Object(article)];
    if a.kind == "contact" {
        items.push(organization(site, language));
    }
    graph(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script_element() {
        let value = json!({"name": "</script><script>alert(1)</script>\"'&"});
        let text = script_json(&value);
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: Value = serde_json::from_str(&text).expect("still JSON");
        assert_eq!(back, value);
    }
}
