//! A Docusaurus site: `docusaurus.config.{js,ts,mjs}` (title, url,
//! baseUrl, i18n locales; read as text, never run), `docs/` with
//! `_category_.json` folders (label, position) and number prefixes,
//! `blog/` posts (dated announcements), translations under
//! `i18n/<locale>/docusaurus-plugin-content-docs/current/` and
//! `…-content-blog/` (the same path = the same article), `static/` files
//! named by site paths (`/img/x.png`), admonitions (`:::tip`) and MDX tabs.

use std::collections::BTreeMap;
use std::path::Path;

use super::markdown_source::{
    self, MarkdownFile, callout, callout_label, dir_of, markdown_files, relative, stem_of,
};
use super::model::{CategoryRef, Doc, Source, language_code};
use crate::diagnostic::Diagnostics;

/// A quoted string value of `key:` in JavaScript config text.
fn js_string(text: &str, key: &str) -> Option<String> {
    let mut from = 0;
    while let Some(found) = text[from..].find(key) {
        let at = from + found;
        from = at + key.len();
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let after = text[from..].trim_start();
        let Some(after) = after.strip_prefix(':') else {
            continue;
        };
        let after = after.trim_start();
        let quote = after
            .chars()
            .next()
            .filter(|c| matches!(c, '"' | '\'' | '`'))?;
        let end = after[1..].find(quote)?;
        return Some(after[1..1 + end].to_string());
    }
    None
}

/// The quoted strings of an array value of `key:`.
fn js_strings(text: &str, key: &str) -> Vec<String> {
    let Some(at) = text.find(&format!("{key}:")) else {
        return Vec::new();
    };
    let rest = &text[at..];
    let (Some(open), Some(close)) = (rest.find('['), rest.find(']')) else {
        return Vec::new();
    };
    if close < open {
        return Vec::new();
    }
    rest[open + 1..close]
        .split(',')
        .map(|s| {
            s.trim()
                .trim_matches(|c| matches!(c, '"' | '\'' | '`'))
                .to_string()
        })
        .filter(|s| !s.is_empty())
        .collect()
}

/// `01-account` → `account` (Docusaurus strips number prefixes from ids).
fn unprefixed(segment: &str) -> &str {
    let digits = segment.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && segment[digits..].starts_with(['-', '_', '.']) {
        &segment[digits + 1..]
    } else {
        segment
    }
}

fn doc_id(relative_path: &str) -> String {
    let without_ext = relative_path
        .rsplit_once('.')
        .map_or(relative_path, |(s, _)| s);
    without_ext
        .split('/')
        .map(unprefixed)
        .collect::<Vec<_>>()
        .join("/")
}

/// A folder's category label and position from `_category_.json`.
fn category_file(folder: &Path) -> Option<(Option<String>, Option<i64>)> {
    let text = std::fs::read_to_string(folder.join("_category_.json")).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    Some((
        value
            .get("label")
            .and_then(|l| l.as_str())
            .map(str::to_string),
        value.get("position").and_then(serde_json::Value::as_i64),
    ))
}

/// Reads the site at `root`.
pub fn read(root: &Path) -> Result<Source, Diagnostics> {
    let mut source = Source::default();
    let config = [
        "docusaurus.config.ts",
        "docusaurus.config.js",
        "docusaurus.config.mjs",
    ]
    .iter()
    .find_map(|n| std::fs::read_to_string(root.join(n)).ok())
    .unwrap_or_default();
    let default_locale = js_string(&config, "defaultLocale").unwrap_or_else(|| "en".into());
    let mut locales: Vec<String> = js_strings(&config, "locales");
    if !locales.contains(&default_locale) {
        locales.insert(0, default_locale.clone());
    }
    locales.sort_by_key(|l| *l != default_locale);
    let base_path = js_string(&config, "baseUrl").unwrap_or_else(|| "/".into());
    let base_path = format!("/{}/", base_path.trim_matches('/')).replace("//", "/");
    if let Some(url) = js_string(&config, "url") {
        if let Some(host) = crate::content::url_host(&url) {
            source.hosts.push(host);
        }
        source.base_url = Some(format!("{}{}", url.trim_end_matches('/'), base_path));
    }
    if let Some(title) = js_string(&config, "title") {
        source.titles.insert(language_code(&default_locale), title);
    }
    // Static files by their site path.
    let static_dir = root.join("static");
    for entry in walkdir::WalkDir::new(&static_dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file() {
            let rel = relative(&static_dir, entry.path());
            source
                .files
                .insert(format!("/{rel}"), entry.path().to_path_buf());
            source
                .files
                .insert(format!("{base_path}{rel}"), entry.path().to_path_buf());
        }
    }
    for locale in &locales {
        let lang = language_code(locale);
        let default = *locale == default_locale;
        let (docs_dir, blog_dir) = if default {
            ("docs".to_string(), "blog".to_string())
        } else {
            (
                format!("i18n/{locale}/docusaurus-plugin-content-docs/current"),
                format!("i18n/{locale}/docusaurus-plugin-content-blog"),
            )
        };
        let prefix = if default {
            base_path.clone()
        } else {
            format!("{base_path}{locale}/")
        };
        let labels = category_translations(root, locale);
        read_docs(root, &docs_dir, &lang, &prefix, &labels, &mut source);
        read_blog(root, &blog_dir, &lang, &prefix, &mut source);
        source.languages.push(lang);
    }
    Ok(source)
}

/// `i18n/<locale>/docusaurus-plugin-content-docs/current.json`: category
/// label → its translation.
fn category_translations(root: &Path, locale: &str) -> BTreeMap<String, String> {
    let path = root.join(format!(
        "i18n/{locale}/docusaurus-plugin-content-docs/current.json"
    ));
    let Some(value) = std::fs::read_to_string(path)
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
    else {
        return BTreeMap::new();
    };
    let mut out = BTreeMap::new();
    if let Some(map) = value.as_object() {
        for (key, entry) in map {
            if let (Some((_, label)), Some(message)) = (
                key.split_once(".category."),
                entry.get("message").and_then(|m| m.as_str()),
            ) {
                out.insert(label.to_string(), message.to_string());
            }
        }
    }
    out
}

fn read_docs(
    root: &Path,
    docs_dir: &str,
    lang: &str,
    prefix: &str,
    labels: &BTreeMap<String, String>,
    source: &mut Source,
) {
    let folder = root.join(docs_dir);
    for path in markdown_files(&folder) {
        let file = relative(root, &path);
        let in_docs = relative(&folder, &path);
        let Some(markdown) = markdown_source::read(&path, &file, source) else {
            continue;
        };
        let dir = dir_of(&in_docs);
        let mut id = doc_id(&in_docs);
        if let Some(custom) = markdown.string("id") {
            id = if dir.is_empty() {
                custom
            } else {
                format!("{}/{custom}", doc_id(&dir))
            };
        }
        let route = match markdown.string("slug") {
            Some(slug) if slug.starts_with('/') => slug.trim_matches('/').to_string(),
            Some(slug) => format!("{}/{slug}", doc_id(&dir))
                .trim_matches('/')
                .to_string(),
            None => id.trim_end_matches("/index").to_string(),
        };
        // The category: the folder, labelled by _category_.json (the
        // translated copy, the default one, or current.json).
        let category = (!dir.is_empty()).then(|| {
            let default_folder = root.join("docs").join(&dir);
            let (label, position) = category_file(&folder.join(&dir))
                .or_else(|| category_file(&default_folder))
                .unwrap_or((None, None));
            let label = label
                .unwrap_or_else(|| unprefixed(dir.rsplit('/').next().unwrap_or(&dir)).to_string());
            let name = labels.get(&label).cloned().unwrap_or(label);
            CategoryRef {
                key: format!("docs/{}", doc_id(&dir)),
                name,
                order: position,
            }
        });
        let title = markdown
            .string("title")
            .or_else(|| markdown.first_heading())
            .unwrap_or_else(|| stem_of(&in_docs));
        let index = source.docs.len();
        for url in [
            format!("{prefix}docs/{route}"),
            format!("{prefix}docs/{id}"),
        ] {
            source
                .urls
                .entry(url.trim_end_matches('/').to_string())
                .or_insert(index);
        }
        let body = convert(&markdown, lang, source, &file);
        let stem = unprefixed(&stem_of(&in_docs)).to_string();
        source.docs.push(Doc {
            source: file.clone(),
            dir: dir_of(&file),
            lang: lang.to_string(),
            key: format!("docs/{in_docs}"),
            slug_hint: markdown.string("slug").map_or(stem, |s| {
                s.trim_matches('/')
                    .rsplit('/')
                    .next()
                    .unwrap_or_default()
                    .to_string()
            }),
            title,
            summary: markdown.string("description").unwrap_or_default(),
            body,
            sections: vec![format!("docs/{dir}")],
            category,
            order: markdown.int("sidebar_position"),
            date: None,
            updated: markdown
                .front
                .get("last_update")
                .and_then(|u| u.get("date"))
                .and_then(|d| d.as_str())
                .and_then(super::model::day),
            tags: markdown.list("tags"),
            draft: markdown.bool("draft") || markdown.bool("unlisted"),
            kind_hint: None,
        });
    }
}

fn read_blog(root: &Path, blog_dir: &str, lang: &str, prefix: &str, source: &mut Source) {
    let folder = root.join(blog_dir);
    for path in markdown_files(&folder) {
        let file = relative(root, &path);
        let in_blog = relative(&folder, &path);
        let Some(markdown) = markdown_source::read(&path, &file, source) else {
            continue;
        };
        // `2026-05-18-maintenance.md` or `2026-05-18-maintenance/index.md`.
        let stem = stem_of(&in_blog);
        let name = if stem == "index" {
            dir_of(&in_blog)
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string()
        } else {
            stem
        };
        let file_date = super::model::day(&name.chars().take(10).collect::<String>());
        let slug = markdown.string("slug").unwrap_or_else(|| {
            if file_date.is_some() {
                name.chars().skip(11).collect()
            } else {
                name.clone()
            }
        });
        let date = markdown.day("date").or(file_date);
        let index = source.docs.len();
        source
            .urls
            .insert(format!("{prefix}blog/{}", slug.trim_matches('/')), index);
        if let Some(day) = &date {
            source.urls.insert(
                format!(
                    "{prefix}blog/{}/{}",
                    day.replace('-', "/"),
                    slug.trim_matches('/')
                ),
                index,
            );
        }
        let title = markdown
            .string("title")
            .or_else(|| markdown.first_heading())
            .unwrap_or_else(|| slug.clone());
        let body = convert(&markdown, lang, source, &file);
        source.docs.push(Doc {
            source: file.clone(),
            dir: dir_of(&file),
            lang: lang.to_string(),
            key: format!("blog/{in_blog}"),
            slug_hint: slug,
            title,
            summary: markdown.string("description").unwrap_or_default(),
            body,
            category: None,
            sections: vec!["blog".into()],
            order: None,
            date,
            updated: None,
            tags: markdown.list("tags"),
            draft: markdown.bool("draft"),
            kind_hint: Some("release".into()),
        });
    }
}

/// Admonitions become blockquotes with a bold label, MDX tabs bold titles;
/// `import` lines and other JSX tags are dropped (reported once per file).
fn convert(markdown: &MarkdownFile, lang: &str, source: &mut Source, file: &str) -> String {
    let body = if markdown.string("title").is_some() {
        markdown.body.clone()
    } else {
        markdown.body_without_title()
    };
    let mut out: Vec<String> = Vec::new();
    let mut in_code = false;
    // Open admonition: (label, its lines).
    let mut admonition: Option<(String, Vec<String>)> = None;
    let mut dropped = Vec::new();
    for line in body.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code = !in_code;
        }
        if in_code {
            match &mut admonition {
                Some((_, lines)) => lines.push(line.to_string()),
                None => out.push(line.to_string()),
            }
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix(":::") {
            if rest.trim().is_empty() {
                if let Some((label, lines)) = admonition.take() {
                    out.push(callout(&label, &lines.join("\n")));
                }
                continue;
            }
            if admonition.is_none() {
                let (kind, title) = rest.split_once([' ', '[']).unwrap_or((rest, ""));
                let title = title.trim().trim_end_matches(']').trim();
                let label = if title.is_empty() {
                    callout_label(kind.trim(), lang).to_string()
                } else {
                    title.to_string()
                };
                admonition = Some((label, Vec::new()));
                continue;
            }
        }
        let converted = if trimmed.starts_with("import ") && trimmed.contains(" from ") {
            dropped.push("import");
            None
        } else if let Some(tab) = trimmed.strip_prefix("<TabItem") {
            let label = js_attribute(tab, "label").or_else(|| js_attribute(tab, "value"));
            Some(label.map_or(String::new(), |l| format!("**{l}**\n")))
        } else if ["<Tabs", "</Tabs>", "</TabItem>"]
            .iter()
            .any(|t| trimmed.starts_with(t))
        {
            None
        } else if trimmed.starts_with('<')
            && trimmed
                .chars()
                .nth(1)
                .is_some_and(|c| c.is_ascii_uppercase())
        {
            dropped.push("component");
            None
        } else {
            Some(line.to_string())
        };
        if let Some(line) = converted {
            match &mut admonition {
                Some((_, lines)) => lines.push(line),
                None => out.push(line),
            }
        }
    }
    if let Some((label, lines)) = admonition {
        out.push(callout(&label, &lines.join("\n")));
    }
    dropped.dedup();
    for what in dropped {
        source.unmapped(
            file,
            match what {
                "import" => "MDX `import` lines dropped",
                _ => "MDX components (`<Name …>`) dropped; their content may need rewriting",
            },
        );
    }
    out.join("\n")
}

fn js_attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_values_and_ids() {
        let config = "export default {\n  title: '示例钱包帮助中心',\n  url: 'https://help.example.com',\n  baseUrl: '/',\n  i18n: { defaultLocale: 'zh-CN', locales: ['zh-CN', 'en'] },\n};";
        assert_eq!(
            js_string(config, "title").as_deref(),
            Some("示例钱包帮助中心")
        );
        assert_eq!(
            js_string(config, "url").as_deref(),
            Some("https://help.example.com")
        );
        assert_eq!(js_string(config, "defaultLocale").as_deref(), Some("zh-CN"));
        assert_eq!(js_strings(config, "locales"), ["zh-CN", "en"]);
        assert_eq!(doc_id("01-account/02-reset.md"), "account/reset");
    }

    #[test]
    fn admonitions_and_tabs() {
        let mut source = Source::default();
        let file = markdown_source::parse(
            "---\ntitle: T\n---\nimport Tabs from '@theme/Tabs';\n\n:::warning\nNever share codes.\n:::\n\n:::tip[Good to know]\nIt is free.\n:::\n\n<Tabs>\n<TabItem value=\"ios\" label=\"iOS\">\nOpen Settings.\n</TabItem>\n</Tabs>\n",
            "a.md",
            &mut source,
        );
        let out = convert(&file, "en", &mut source, "a.md");
        assert!(
            out.contains("> **Warning:**\n> Never share codes."),
            "{out}"
        );
        assert!(out.contains("> **Good to know:**"), "{out}");
        assert!(out.contains("**iOS**"), "{out}");
        assert!(!out.contains("import") && !out.contains("<Tab"), "{out}");
    }
}
