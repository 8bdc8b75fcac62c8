//! Tag pages: `/<lang>/tags/` lists a language's tags, and
//! `/<lang>/tags/<slug>/` the articles of one tag (what an article's tag
//! links to). They are for browsing, not for search engines: `noindex`,
//! and left out of the sitemap.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{Theme, page_value, summary_value};
use crate::site::{Language, Site};

/// Hands `emit` the output path, template and context of every tag page
/// of a language (none when its articles have no tags), one at a time; a
/// tag with more articles than `[listing] page_size` continues on
/// `…/page/2/`.
pub fn pages(
    site: &Site,
    theme: &Theme,
    language: &Language,
    strings: &BTreeMap<String, String>,
    base: &serde_json::Map<String, Value>,
    emit: &mut dyn FnMut(
        String,
        &'static str,
        serde_json::Map<String, Value>,
    ) -> Result<(), crate::Diagnostics>,
) -> Result<(), crate::Diagnostics> {
    let tags = language.tags();
    if tags.is_empty() {
        return Ok(());
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
    emit(output(&index_url), "tags.html", index)?;
    for tag in tags {
        let listing =
            crate::site::listing_pages(&tag.url, tag.pages.len(), site.config.listing.page_size);
        for listing_page in &listing {
            let mut context = base.clone();
            let articles: Vec<Value> = tag.pages[listing_page.items.clone()]
                .iter()
                .map(|&i| summary_value(site, &language.pages[i]))
                .collect();
            // Built as a map, not with `json!`, which would copy `articles`.
            let mut tag_value = serde_json::Map::new();
            tag_value.insert("name".into(), Value::String(tag.name.clone()));
            tag_value.insert("url".into(), Value::String(tag.url.clone()));
            tag_value.insert("articles".into(), Value::Array(articles));
            context.insert("tag".into(), Value::Object(tag_value));
            context.insert(
                "pagination".into(),
                super::pagination_value(listing_page, &listing, strings),
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
                page_value(site, &listing_page.url, &name, "", vec![], vec![]),
            );
            emit(output(&listing_page.url), "tag.html", context)?;
        }
    }
    Ok(())
}
