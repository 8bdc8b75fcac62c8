//! The files of the new site: each article (front matter, then its
//! rewritten Markdown) and book.toml.

use jiff::civil::Date;

use super::Format;
use super::ImportOptions;
use super::model::{Doc, Source};
use super::plan::Plan;

/// A YAML double-quoted scalar (YAML is a superset of JSON strings).
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// The article file: front matter, then the rewritten body. The flag says
/// whether `verified:` was set by the import (to be reviewed).
pub(super) fn article_text(
    doc: &Doc,
    index: usize,
    site: &Plan,
    body: &str,
    today: Date,
) -> (String, bool) {
    let place = &site.places[index];
    let mut fm = String::from("---\n");
    fm.push_str(&format!("title: {}\n", yaml_string(&doc.title)));
    if !doc.summary.trim().is_empty() {
        fm.push_str(&format!("summary: {}\n", yaml_string(doc.summary.trim())));
    }
    if let Some(category) = &doc.category
        && let Some(slug) = site.category_slugs.get(&category.key)
    {
        // The name as the writer knows it, unless another category has the
        // same name in this language: then the slug, which is exact.
        let lower = category.name.to_lowercase();
        let shared = site.categories.iter().any(|(other, names)| {
            other != slug
                && names
                    .get(&doc.lang)
                    .is_some_and(|n| n.to_lowercase() == lower)
        });
        let written = if shared { slug } else { &category.name };
        fm.push_str(&format!("category: {}\n", yaml_string(written)));
    }
    if !doc.tags.is_empty() {
        let tags: Vec<String> = doc.tags.iter().map(|t| yaml_string(t)).collect();
        fm.push_str(&format!("tags: [{}]\n", tags.join(", ")));
    }
    if let Some(order) = doc.order {
        fm.push_str(&format!("order: {order}\n"));
    }
    if let Some(updated) = &doc.updated {
        fm.push_str(&format!("updated: {updated}\n"));
    }
    let mut verified_set = false;
    if place.kind == "contact" || place.kind == "security" {
        let day = doc
            .updated
            .clone()
            .or_else(|| doc.date.clone())
            .unwrap_or_else(|| today.to_string());
        fm.push_str(&format!("verified: {day}\n"));
        verified_set = true;
    }
    if let Some(Some((version, date))) =
        site.releases.get(index).filter(|_| place.kind == "release")
    {
        if let Some(version) = version {
            fm.push_str(&format!("version: {}\n", yaml_string(version)));
        }
        fm.push_str(&format!("date: {date}\n"));
    }
    if doc.draft {
        fm.push_str("draft: true\n");
    }
    fm.push_str("---\n\n");
    fm.push_str(body.trim_start_matches('\n').trim_end());
    fm.push('\n');
    (fm, verified_set)
}

/// The new site's book.toml: title, base URL, languages, categories. No
/// contacts: those are suggested in their own file, for review.
pub(super) fn book_toml(
    source: &Source,
    site: &Plan,
    format: Format,
    options: &ImportOptions,
) -> String {
    let s = |t: &str| toml::Value::String(t.to_string()).to_string();
    let default = &site.languages[0];
    let title = source
        .titles
        .get(default)
        .or_else(|| source.titles.values().next())
        .cloned()
        .unwrap_or_else(|| "Help Center".into());
    let base_url = options
        .base_url
        .clone()
        .or_else(|| source.base_url.clone())
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .unwrap_or_else(|| "https://help.example.com/".into());
    let mut out = format!(
        "# Written by `helpbook import` from a {} source on {}.\n\
         # Every key is documented in helpbook's README (\"book.toml reference\").\n\
         # Before publishing, read import-report.md and review suggested-contacts.toml.\n",
        format.name(),
        options.today
    );
    out.push_str(&format!("title = {}\n", s(&title)));
    out.push_str(&format!("base_url = {}\n", s(&base_url)));
    out.push_str(&format!("default_language = {}\n", s(default)));
    let languages: Vec<String> = site.languages.iter().map(|l| s(l)).collect();
    out.push_str(&format!("languages = [{}]\n", languages.join(", ")));
    if let Some(region) = super::report::region_of_language(default) {
        out.push_str(&format!(
            "# National phone spellings in articles are read as numbers of this region.\ndefault_region = {}\n",
            s(&region.code)
        ));
    }
    for language in &site.languages[1..] {
        if let Some(title) = source.titles.get(language).filter(|t| **t != title) {
            out.push_str(&format!("\n[lang.{language}]\ntitle = {}\n", s(title)));
        }
    }
    if !site.categories.is_empty() {
        out.push_str("\n[categories]\n");
        for (slug, names) in &site.categories {
            let names: Vec<String> = site
                .languages
                .iter()
                .filter_map(|l| names.get(l).map(|n| format!("{l} = {}", s(n))))
                .collect();
            out.push_str(&format!("{slug} = {{ {} }}\n", names.join(", ")));
        }
    }
    out
}
