//! A Zendesk Guide export: the Help Center API's JSON, as
//! `GET /api/v2/help_center[/{locale}]/{categories,sections,articles}.json`
//! returns it (`{"articles": [...]}`; paginated pages `articles-2.json`
//! too), either in the export folder or in one folder per locale
//! (`en-us/articles.json`). An article has the same `id` in every locale,
//! which pairs translations. Its section is its category; the Zendesk
//! category and section names feed the kind rules. HTML bodies are turned
//! into Markdown by `htmd`, keeping heading ids (`## Steps {#h_01}`) so
//! anchors still land. Attachments are looked for under
//! `article_attachments/<article id>/<file name>`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::model::{CategoryRef, Doc, Source, day, language_code};
use crate::diagnostic::{Diagnostic, Diagnostics};

#[derive(Debug, Deserialize)]
struct Category {
    id: u64,
    name: String,
    #[serde(default)]
    locale: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Section {
    id: u64,
    name: String,
    #[serde(default)]
    category_id: Option<u64>,
    #[serde(default)]
    locale: Option<String>,
    #[serde(default)]
    position: Option<i64>,
}

#[derive(Debug, Deserialize)]
struct Article {
    id: u64,
    title: String,
    #[serde(default)]
    body: Option<String>,
    locale: String,
    #[serde(default)]
    source_locale: Option<String>,
    #[serde(default)]
    section_id: Option<u64>,
    #[serde(default)]
    label_names: Vec<String>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    position: Option<i64>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    updated_at: Option<String>,
    #[serde(default)]
    edited_at: Option<String>,
    #[serde(default)]
    html_url: Option<String>,
}

/// Sub-folders that look like per-locale exports (`en-us/articles.json`).
pub fn locale_folders(root: &Path) -> impl Iterator<Item = PathBuf> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(root)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("articles.json").is_file())
        .collect();
    folders.sort();
    folders.into_iter()
}

/// The records under `key` of every `<key>*.json` file in `folder`.
fn records<T: serde::de::DeserializeOwned>(
    folder: &Path,
    root: &Path,
    key: &str,
    errors: &mut Diagnostics,
) -> Vec<T> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .is_some_and(|n| n.starts_with(key) && n.ends_with(".json"))
        })
        .collect();
    files.sort();
    let mut out = Vec::new();
    for file in files {
        let shown = crate::diagnostic::relative(&file, root);
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => text,
            Err(e) => {
                errors.push(Diagnostic::error(
                    "import",
                    &shown,
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        #[derive(Deserialize)]
        struct Page<T> {
            #[serde(default = "Vec::new")]
            items: Vec<T>,
        }
        // `{"articles": [...]}`: rename the key to read it generically.
        let value: serde_json::Value = match serde_json::from_str(&text) {
            Ok(value) => value,
            Err(e) => {
                errors.push(
                    Diagnostic::error("import", &shown, format!("not valid JSON: {e}")).at(
                        &text,
                        e.line(),
                        e.column(),
                    ),
                );
                continue;
            }
        };
        let items = value
            .get(key)
            .cloned()
            .unwrap_or(serde_json::Value::Array(Vec::new()));
        match serde_json::from_value::<Page<T>>(serde_json::json!({ "items": items })) {
            Ok(page) => out.extend(page.items),
            Err(e) => errors.push(
                Diagnostic::error(
                    "import",
                    &shown,
                    format!("`{key}` is not what the Help Center API returns: {e}"),
                )
                .with_help(format!("export with GET /api/v2/help_center/{key}.json")),
            ),
        }
    }
    out
}

/// Reads the export at `root`.
pub fn read(root: &Path) -> Result<Source, Diagnostics> {
    let mut source = Source::default();
    let mut errors = Diagnostics::default();
    let mut folders = vec![root.to_path_buf()];
    folders.extend(locale_folders(root));
    let (mut categories, mut sections, mut articles) = (Vec::new(), Vec::new(), Vec::new());
    for folder in &folders {
        categories.extend(records::<Category>(folder, root, "categories", &mut errors));
        sections.extend(records::<Section>(folder, root, "sections", &mut errors));
        articles.extend(records::<Article>(folder, root, "articles", &mut errors));
    }
    if errors.has_errors() {
        return Err(errors);
    }
    // Names per (id, locale); a record without a locale names every locale.
    let name_of = |names: &BTreeMap<(u64, String), String>, id: u64, locale: &str| {
        names
            .get(&(id, locale.to_string()))
            .or_else(|| names.get(&(id, String::new())))
            .or_else(|| names.iter().find(|((i, _), _)| *i == id).map(|(_, n)| n))
            .cloned()
    };
    let category_names: BTreeMap<(u64, String), String> = categories
        .iter()
        .map(|c| ((c.id, c.locale.clone().unwrap_or_default()), c.name.clone()))
        .collect();
    let section_names: BTreeMap<(u64, String), String> = sections
        .iter()
        .map(|s| ((s.id, s.locale.clone().unwrap_or_default()), s.name.clone()))
        .collect();
    let section_info: BTreeMap<u64, (Option<u64>, Option<i64>)> = sections
        .iter()
        .map(|s| (s.id, (s.category_id, s.position)))
        .collect();

    // Languages: the most common source locale first.
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for article in &articles {
        *counts
            .entry(
                article
                    .source_locale
                    .clone()
                    .unwrap_or_else(|| article.locale.clone()),
            )
            .or_default() += 1;
    }
    let default = counts
        .iter()
        .max_by_key(|(locale, n)| (**n, std::cmp::Reverse((*locale).clone())))
        .map(|(l, _)| l.clone());
    let mut locales: Vec<String> = articles.iter().map(|a| a.locale.to_lowercase()).collect();
    locales.sort();
    locales.dedup();
    if let Some(default) = &default {
        locales.sort_by_key(|l| !l.eq_ignore_ascii_case(default));
    }
    source.languages = locales.iter().map(|l| language_code(l)).collect();
    articles.sort_by(|a, b| (a.id, &a.locale).cmp(&(b.id, &b.locale)));
    articles.dedup_by(|a, b| a.id == b.id && a.locale.eq_ignore_ascii_case(&b.locale));

    for article in &articles {
        if let Some(host) = article
            .html_url
            .as_deref()
            .and_then(crate::content::url_host)
            && !source.hosts.contains(&host)
        {
            source.hosts.push(host);
        }
    }
    // Attachments by the path Zendesk serves them at.
    let attachments = root.join("article_attachments");
    for entry in walkdir::WalkDir::new(&attachments)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file() {
            let rel = super::markdown_source::relative(&attachments, entry.path());
            source.files.insert(
                format!("/hc/article_attachments/{rel}"),
                entry.path().to_path_buf(),
            );
        }
    }

    let converter = converter();
    for article in &articles {
        let locale = article.locale.to_lowercase();
        let lang = language_code(&locale);
        let index = source.docs.len();
        for url in [
            format!("/hc/{locale}/articles/{}", article.id),
            format!("/hc/articles/{}", article.id),
        ] {
            source.urls.entry(url).or_insert(index);
        }
        let file = format!("articles.json#{}-{locale}", article.id);
        let html = trim_article_urls(article.body.as_deref().unwrap_or_default());
        let body = match converter.convert(&html) {
            Ok(markdown) => markdown,
            Err(e) => {
                source.unmapped(
                    &file,
                    format!("the HTML body could not be converted ({e}); left empty"),
                );
                String::new()
            }
        };
        let (category, sections) = match article.section_id {
            Some(section) => {
                let (category_id, position) =
                    section_info.get(&section).copied().unwrap_or((None, None));
                let section_name = name_of(&section_names, section, &locale);
                let category_name = category_id.and_then(|c| name_of(&category_names, c, &locale));
                let category = section_name.clone().map(|name| CategoryRef {
                    key: format!("section:{section}"),
                    name,
                    order: position,
                });
                (
                    category,
                    category_name.into_iter().chain(section_name).collect(),
                )
            }
            None => (None, Vec::new()),
        };
        let slug_hint = if lang.starts_with("en") {
            crate::content::suggest_slug(&article.title)
        } else {
            article.title.clone()
        };
        source.docs.push(Doc {
            source: file,
            dir: String::new(),
            lang,
            key: format!("article:{}", article.id),
            slug_hint,
            title: article.title.trim().to_string(),
            summary: String::new(),
            body,
            category,
            sections,
            order: article.position,
            date: article.created_at.as_deref().and_then(day),
            updated: article
                .edited_at
                .as_deref()
                .or(article.updated_at.as_deref())
                .and_then(day),
            tags: article.label_names.clone(),
            draft: article.draft,
            kind_hint: None,
        });
    }
    if source.languages.is_empty() {
        source.languages.push("en".into());
    }
    Ok(source)
}

/// `/articles/360001-Reset-your-password` → `/articles/360001`, so a
/// link finds the article whatever its title was when it was written.
fn trim_article_urls(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("/articles/") {
        let start = at + "/articles/".len();
        out.push_str(&rest[..start]);
        let digits = rest[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .count();
        out.push_str(&rest[start..start + digits]);
        let mut end = start + digits;
        if digits > 0 && rest[end..].starts_with('-') {
            end += rest[end..]
                .find(['"', '\'', '#', '?', ' ', '<', ')'])
                .unwrap_or(rest.len() - end);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// htmd with heading ids kept as `{#id}` and scripts and styles skipped.
fn converter() -> htmd::HtmlToMarkdown {
    htmd::HtmlToMarkdown::builder()
        .skip_tags(vec!["script", "style"])
        .add_handler(
            vec!["h1", "h2", "h3", "h4", "h5", "h6"],
            |handlers: &dyn htmd::element_handler::Handlers, element: htmd::Element| {
                let id = element
                    .attrs
                    .iter()
                    .find(|a| &*a.name.local == "id")
                    .map(|a| a.value.to_string())
                    .filter(|id| !id.is_empty() && !id.contains(['}', ' ']));
                let result = handlers.fallback(element)?;
                let Some(id) = id else {
                    return Some(result);
                };
                let content = result.content.trim_end();
                Some(format!("{content} {{#{id}}}\n\n").into())
            },
        )
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_markdown_with_heading_ids() {
        let html = "<p>Open the <strong>app</strong>.</p><h2 id=\"h_01\">Steps</h2><ol><li>Tap <em>Me</em></li></ol><p><a href=\"https://help.example.com/hc/zh-cn/articles/9002-Top-up#h_02\">x</a></p>";
        let markdown = converter()
            .convert(&trim_article_urls(html))
            .expect("converts");
        assert!(markdown.contains("Open the **app**."), "{markdown}");
        assert!(markdown.contains("## Steps {#h_01}"), "{markdown}");
        assert!(
            markdown.contains("1. Tap *Me*") || markdown.contains("1.  Tap *Me*"),
            "{markdown}"
        );
        assert!(
            markdown.contains("(https://help.example.com/hc/zh-cn/articles/9002#h_02)"),
            "{markdown}"
        );
    }
}
