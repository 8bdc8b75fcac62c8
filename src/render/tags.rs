//! Tag pages: `/<lang>/tags/` lists a language's tags, and
//! `/<lang>/tags/<slug>/` the articles of one tag (what an article's tag
//! links to). They are for browsing, not for search engines: `noindex`,
//! and left out of the sitemap.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{Theme, page_value, summary_value};
use crate::site::{Language, Site};

/// Output path, template and context of every tag page of a language
/// (none when its articles have no tags).
pub fn pages(
    site: &Site,
    theme: &Theme,
    language: &Language,
    strings: &BTreeMap<String, String>,
    base: &serde_json::Map<String, Value>,
) -> Vec<(String, &'static str, serde_json::Map<String, Value>)> {
    let tags = language.tags();
    if tags.is_empty() {
        return Vec::new();
    }
    let title = strings
        .get("tags")
        .cloned()
        .unwrap_or_else(|| "Tags".into());
    let home = strings
        .get("home")
        .cloned()
        .unwrap_or_else(|| language.title.clone());
    let output = |url: &str| {
        let path = url.strip_prefix(&site.config.base_path).unwrap_or(url);
        format!("{path}index.html")
    };
    let index_url = language.tags_url();
    let mut out = Vec::with_capacity(tags.len() + 1);
    let mut index = base.clone();
    let list: Vec<Value> = tags
        .iter()
        .map(|t| json!({"name": t.name, "url": t.url, "count": t.pages.len()}))
        .collect();
    index.insert("tags".into(), Value::Array(list));
    index.insert(
        "breadcrumbs".into(),
        json!([{"title": home, "url": language.url}]),
    );
    let alternates = super::alternates_all(site, theme, Language::tags_url);
    index.insert(
        "page".into(),
        page_value(site, &index_url, &title, "", alternates, vec![]),
    );
    out.push((output(&index_url), "tags.html", index));
    for tag in tags {
        let mut context = base.clone();
        let articles: Vec<Value> = tag
            .pages
            .iter()
            .map(|&i| summary_value(site, &language.pages[i]))
            .collect();
        context.insert(
            "tag".into(),
            json!({"name": tag.name, "url": tag.url, "articles": articles}),
        );
        context.insert(
            "breadcrumbs".into(),
            json!([{"title": home, "url": language.url}, {"title": title, "url": index_url}]),
        );
        let name = strings
            .get("tag_title")
            .map_or_else(|| tag.name.clone(), |t| t.replace("{tag}", &tag.name));
        context.insert(
            "page".into(),
            page_value(site, &tag.url, &name, "", vec![], vec![]),
        );
        out.push((output(&tag.url), "tag.html", context));
    }
    out
}
