//! The pages that are not articles and speak every language at once or
//! answer for a language: the root language picker, the root 404 page
//! (the one GitHub Pages serves for every missing path) and each
//! language's own 404 page (`/<lang>/404.html`, which Netlify, Cloudflare
//! Pages and `helpbook serve` serve under `/<lang>/`).

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{Theme, language_name, page_value, summary_value};
use crate::site::{Language, Site};

/// How many popular articles a 404 page suggests.
const SUGGESTIONS: usize = 6;

/// Every language as the root pages show it: `{code, name, title,
/// description, url, t}`, `name` in the language itself and `t` its own
/// interface strings, so each language speaks for itself.
pub fn languages(site: &Site, theme: &Theme) -> Vec<Value> {
    site.languages
        .iter()
        .map(|l| {
            json!({
                "code": l.code, "name": language_name(theme, &l.code), "title": l.title,
                "description": l.description, "url": l.url, "t": theme.strings_for(&l.code),
            })
        })
        .collect()
}

/// The root 404 page's context: every language's message and home link.
pub fn root_context(
    site: &Site,
    theme: &Theme,
    strings: &BTreeMap<String, String>,
    mut map: serde_json::Map<String, Value>,
) -> serde_json::Map<String, Value> {
    map.insert("languages".into(), Value::Array(languages(site, theme)));
    map.insert(
        "page".into(),
        page_value(
            site,
            &format!("{}404.html", site.config.base_path),
            strings.get("not_found_title").map_or("404", |s| s),
            "",
            vec![],
            vec![],
        ),
    );
    map
}

/// A language's 404 page: its words, its search box, its popular articles
/// (promoted ones, else the first in reading order) and a switcher to the
/// other languages' home pages.
pub fn language_context(
    site: &Site,
    theme: &Theme,
    language: &Language,
    strings: &BTreeMap<String, String>,
    mut map: serde_json::Map<String, Value>,
) -> serde_json::Map<String, Value> {
    let promoted: Vec<&crate::site::Page> = language
        .pages
        .iter()
        .filter(|p| p.article.promoted)
        .collect();
    let suggestions: Vec<Value> = if promoted.is_empty() {
        language.pages.iter().take(SUGGESTIONS).collect::<Vec<_>>()
    } else {
        promoted.into_iter().take(SUGGESTIONS).collect()
    }
    .into_iter()
    .map(|p| summary_value(site, p))
    .collect();
    map.insert("promoted".into(), Value::Array(suggestions));
    let homes = super::alternates_all(site, theme, |l| l.url.clone());
    map.insert(
        "page".into(),
        page_value(
            site,
            &format!("{}404.html", language.url),
            strings.get("not_found_title").map_or("404", |s| s),
            "",
            homes,
            vec![],
        ),
    );
    map
}
