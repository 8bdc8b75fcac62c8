//! A Hugo or Zola content folder. Both keep pages in `content/`, one
//! folder per section (its `_index.md` names it: the category), with YAML
//! (`---`) or TOML (`+++`) front matter, and translations either in a
//! folder per language (Hugo's `contentDir`) or as a language suffix on
//! the file name (`reset.zh-cn.md`, Zola's only way). Page bundles
//! (`faq/reset/index.md` with its images) are one page. Hugo's `ref` and
//! `relref` shortcodes, `figure` and callout shortcodes, and Zola's `@/`
//! links are turned into Markdown links and images; other shortcodes are
//! dropped and reported.

use std::collections::BTreeMap;
use std::path::Path;

use super::markdown_source::{self, MarkdownFile, dir_of, markdown_files, relative, stem_of};
use super::model::{CategoryRef, Doc, Source, language_code};
use crate::diagnostic::Diagnostics;

/// Which of the two generators wrote the folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavor {
    Hugo,
    Zola,
}

/// A language of the site and where its pages are.
struct Language {
    /// As the source writes it (`zh-cn`), for file suffixes and URLs.
    code: String,
    /// Its own content folder (Hugo's `contentDir`), relative to the root.
    content_dir: Option<String>,
    title: Option<String>,
}

/// The site configuration as a loose value (TOML or YAML).
fn config(root: &Path, flavor: Flavor) -> serde_json::Value {
    let names: &[&str] = match flavor {
        Flavor::Hugo => &["hugo.toml", "hugo.yaml", "config.toml", "config.yaml"],
        Flavor::Zola => &["config.toml"],
    };
    for name in names {
        let Ok(text) = std::fs::read_to_string(root.join(name)) else {
            continue;
        };
        let value = if name.ends_with(".toml") {
            toml::from_str::<toml::Value>(&text)
                .ok()
                .map(|v| markdown_source::toml_to_json(&v))
        } else {
            serde_saphyr::from_str::<serde_json::Value>(&text).ok()
        };
        if let Some(value) = value {
            return value;
        }
    }
    serde_json::Value::Null
}

fn text_of(value: &serde_json::Value, key: &str) -> Option<String> {
    value.get(key).and_then(|v| v.as_str()).map(str::to_string)
}

/// Reads the folder at `root`; `language` is the language of a
/// single-language site that does not name one.
pub fn read(root: &Path, flavor: Flavor, language: &str) -> Result<Source, Diagnostics> {
    let mut source = Source::default();
    let config = config(root, flavor);
    let (base_key, default_key) = match flavor {
        Flavor::Hugo => ("baseURL", "defaultContentLanguage"),
        Flavor::Zola => ("base_url", "default_language"),
    };
    let default = text_of(&config, default_key).unwrap_or_else(|| language.to_string());
    let mut languages = vec![Language {
        code: default.clone(),
        content_dir: None,
        title: text_of(&config, "title"),
    }];
    if let Some(map) = config.get("languages").and_then(|l| l.as_object()) {
        for (code, settings) in map {
            let entry = Language {
                code: code.clone(),
                content_dir: text_of(settings, "contentDir"),
                title: text_of(settings, "title"),
            };
            match languages
                .iter_mut()
                .find(|l| l.code.eq_ignore_ascii_case(code))
            {
                Some(existing) => {
                    existing.content_dir = entry.content_dir;
                    existing.title = entry.title.or(existing.title.take());
                }
                None => languages.push(entry),
            }
        }
    }
    if let Some(url) = text_of(&config, base_key) {
        source.hosts.extend(crate::content::url_host(&url));
        source.base_url = Some(url);
    }
    let suffixes: Vec<String> = languages.iter().map(|l| l.code.to_lowercase()).collect();
    for (position, lang) in languages.iter().enumerate() {
        let code = language_code(&lang.code);
        if let Some(title) = &lang.title {
            source.titles.insert(code.clone(), title.clone());
        }
        let content = lang.content_dir.clone().unwrap_or_else(|| "content".into());
        let content = content
            .trim_start_matches("./")
            .trim_end_matches('/')
            .to_string();
        let prefix = if position == 0 {
            "/".to_string()
        } else {
            format!("/{}/", lang.code.to_lowercase())
        };
        read_language(
            root,
            flavor,
            &content,
            lang,
            &code,
            position == 0 && lang.content_dir.is_none(),
            &suffixes,
            &prefix,
            &mut source,
        );
        source.languages.push(code);
    }
    Ok(source)
}

/// The language suffix of a file stem (`reset.zh-cn` → (`reset`, `zh-cn`)).
fn split_suffix<'a>(stem: &'a str, suffixes: &[String]) -> (&'a str, Option<String>) {
    match stem.rsplit_once('.') {
        Some((name, suffix)) if suffixes.contains(&suffix.to_lowercase()) => {
            (name, Some(suffix.to_lowercase()))
        }
        _ => (stem, None),
    }
}

#[allow(clippy::too_many_arguments)]
fn read_language(
    root: &Path,
    flavor: Flavor,
    content: &str,
    lang: &Language,
    code: &str,
    takes_unsuffixed: bool,
    suffixes: &[String],
    prefix: &str,
    source: &mut Source,
) {
    let folder = root.join(content);
    let own = lang.code.to_lowercase();
    let mut section_names: BTreeMap<String, (String, Option<i64>)> = BTreeMap::new();
    let mut pages: Vec<(String, String, MarkdownFile)> = Vec::new(); // (file, path in content, parsed)
    for path in markdown_files(&folder) {
        let file = relative(root, &path);
        let in_content = relative(&folder, &path);
        let stem = stem_of(&in_content);
        let (name, suffix) = split_suffix(&stem, suffixes);
        let mine = match &suffix {
            Some(s) => *s == own,
            // An unsuffixed file belongs to the default language, or to the
            // language whose own folder this is.
            None => takes_unsuffixed || lang.content_dir.is_some(),
        };
        if !mine {
            continue;
        }
        let Some(markdown) = markdown_source::read(&path, &file, source) else {
            continue;
        };
        if name == "_index" {
            let dir = dir_of(&in_content);
            let title = markdown
                .string("title")
                .unwrap_or_else(|| dir.rsplit('/').next().unwrap_or(&dir).to_string());
            section_names.insert(dir, (title, markdown.int("weight")));
            continue;
        }
        pages.push((file, in_content, markdown));
    }
    for (file, in_content, markdown) in pages {
        let stem = stem_of(&in_content);
        let (name, _) = split_suffix(&stem, suffixes);
        let mut dir = dir_of(&in_content);
        // A page bundle: `faq/reset/index.md` is the page `faq/reset`.
        let (section_dir, page_name) = if name == "index" {
            let bundle = dir.clone();
            dir = dir_of(&bundle);
            (
                dir.clone(),
                bundle.rsplit('/').next().unwrap_or_default().to_string(),
            )
        } else {
            (dir.clone(), name.to_string())
        };
        let key_path = if section_dir.is_empty() {
            page_name.clone()
        } else {
            format!("{section_dir}/{page_name}")
        };
        let key = markdown
            .string("translationKey")
            .map_or_else(|| format!("page/{key_path}"), |k| format!("key/{k}"));
        let category = section_names
            .get(&section_dir)
            .map(|(name, weight)| CategoryRef {
                key: section_dir.clone(),
                name: name.clone(),
                order: *weight,
            });
        let slug = markdown.string("slug").unwrap_or_else(|| page_name.clone());
        let index = source.docs.len();
        let route = match markdown.string("url").or_else(|| markdown.string("path")) {
            Some(url) => format!("/{}", url.trim_matches('/')),
            None if section_dir.is_empty() => format!("{prefix}{slug}"),
            None => format!("{prefix}{section_dir}/{slug}"),
        };
        source
            .urls
            .insert(route.trim_end_matches('/').to_string(), index);
        for alias in markdown.list("aliases") {
            source
                .urls
                .insert(format!("/{}", alias.trim_matches('/')), index);
        }
        let title = markdown
            .string("title")
            .or_else(|| markdown.first_heading())
            .unwrap_or_else(|| page_name.clone());
        let body = if markdown.string("title").is_some() {
            markdown.body.clone()
        } else {
            markdown.body_without_title()
        };
        let body = convert(&body, flavor, code, &file, content, source);
        let mut tags = markdown.list("tags");
        tags.extend(markdown.nested_list("taxonomies", "tags"));
        let mut sections: Vec<String> = markdown.list("categories");
        sections.extend(markdown.nested_list("taxonomies", "categories"));
        sections.push(section_dir.clone());
        if let Some(category) = &category {
            sections.push(category.name.clone());
        }
        source.docs.push(Doc {
            source: file.clone(),
            dir: dir_of(&file),
            lang: code.to_string(),
            key,
            slug_hint: slug,
            title,
            summary: markdown
                .string("description")
                .or_else(|| markdown.string("summary"))
                .unwrap_or_default(),
            body,
            category,
            sections,
            order: markdown.int("weight"),
            date: markdown.day("date"),
            updated: markdown.day("lastmod").or_else(|| markdown.day("updated")),
            tags,
            draft: markdown.bool("draft"),
            kind_hint: None,
        });
    }
}

/// A path from the folder of `file` to `target` (both relative to the source root).
fn relative_to(file: &str, target: &str) -> String {
    let depth = dir_of(file).split('/').filter(|s| !s.is_empty()).count();
    format!("{}{target}", "../".repeat(depth))
}

/// The quoted first argument of a shortcode, or `name="value"`.
fn argument(inner: &str, name: Option<&str>) -> Option<String> {
    let from = match name {
        Some(name) => inner.find(&format!("{name}="))? + name.len() + 1,
        None => inner.find('"')?,
    };
    let rest = &inner[from..];
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let end = rest[1..].find(quote)?;
    Some(rest[1..1 + end].to_string())
}

/// Shortcodes and `@/` links as plain Markdown (see the module docs).
fn convert(
    body: &str,
    flavor: Flavor,
    lang: &str,
    file: &str,
    content: &str,
    source: &mut Source,
) -> String {
    let to_content = |path: &str| {
        let clean = path.trim_start_matches('/');
        relative_to(file, &format!("{content}/{clean}"))
    };
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    // Hugo: {{< name args >}} and {{% name args %}}; paired ones close with `/name`.
    // Open callouts: (name, label, where their text starts in `out`).
    let mut open: Vec<(String, String, usize)> = Vec::new();
    loop {
        let next = ["{{<", "{{%"].iter().filter_map(|o| rest.find(o)).min();
        let Some(start) = next else { break };
        let close = if rest[start..].starts_with("{{<") {
            ">}}"
        } else {
            "%}}"
        };
        let Some(end) = rest[start..].find(close).map(|e| start + e + 3) else {
            break;
        };
        out.push_str(&rest[..start]);
        let inner = rest[start + 3..end - 3].trim();
        let name = inner.split_whitespace().next().unwrap_or_default();
        match name {
            "ref" | "relref" => {
                let target = argument(inner, None).unwrap_or_default();
                if target.starts_with('.') {
                    out.push_str(&target);
                } else {
                    out.push_str(&to_content(&target));
                }
            }
            "figure" => {
                let src = argument(inner, Some("src")).unwrap_or_default();
                let alt = argument(inner, Some("alt"))
                    .or_else(|| argument(inner, Some("caption")))
                    .unwrap_or_default();
                out.push_str(&format!("![{alt}]({src})"));
            }
            "notice" | "hint" | "alert" | "callout" | "admonition" | "note" | "tip" | "warning" => {
                let kind = inner
                    .split_whitespace()
                    .nth(1)
                    .map_or(name, |k| k.trim_matches('"'));
                let label = markdown_source::callout_label(kind, lang).to_string();
                open.push((name.to_string(), label, out.len()));
            }
            closing if closing.starts_with('/') => {
                if open.last().is_some_and(|(o, _, _)| *o == closing[1..])
                    && let Some((_, label, at)) = open.pop()
                {
                    let text = out.split_off(at);
                    out.push_str(&markdown_source::callout(&label, &text));
                }
            }
            _ => source.unmapped(
                file,
                format!("Hugo shortcode `{name}` has no helpbook equivalent; dropped"),
            ),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    if flavor == Flavor::Zola {
        zola_links(&out, &to_content, file, source)
    } else {
        out
    }
}

/// Zola's `(@/faq/x.md#a)` links as relative paths; `{{ … }}` and
/// `{% … %}` shortcodes dropped and reported.
fn zola_links(
    text: &str,
    to_content: &dyn Fn(&str) -> String,
    file: &str,
    source: &mut Source,
) -> String {
    let mut out = text.replace("](@/", "](@@/");
    while let Some(at) = out.find("](@@/") {
        let start = at + 2;
        let end = out[start..].find(')').map_or(out.len(), |e| start + e);
        let target = out[start + 3..end].to_string();
        out.replace_range(start..end, &to_content(&target));
    }
    for (open, close) in [("{{ ", " }}"), ("{% ", " %}")] {
        while let Some(start) = out.find(open) {
            let Some(end) = out[start..].find(close).map(|e| start + e + close.len()) else {
                break;
            };
            let inner = out[start + open.len()..end - close.len()]
                .trim()
                .to_string();
            source.unmapped(
                file,
                format!("Zola shortcode `{inner}` has no helpbook equivalent; dropped"),
            );
            out.replace_range(start..end, "");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcodes_become_markdown() {
        let mut source = Source::default();
        let out = convert(
            "See [fees]({{< ref \"faq/fees.md#limits\" >}}).\n\n{{< figure src=\"shot.png\" alt=\"The screen\" >}}\n\n{{< notice warning >}}\nNever share codes.\n{{< /notice >}}\n\n{{< youtube abc >}}\n",
            Flavor::Hugo,
            "en",
            "content/en/security/a.md",
            "content/en",
            &mut source,
        );
        assert!(
            out.contains("[fees](../../../content/en/faq/fees.md#limits)"),
            "{out}"
        );
        assert!(out.contains("![The screen](shot.png)"), "{out}");
        assert!(
            out.contains("> **Warning:**\n> Never share codes."),
            "{out}"
        );
        assert_eq!(source.unmapped.len(), 1);
        let out = convert(
            "[x](@/faq/x.md#a) {{ youtube(id=\"1\") }}",
            Flavor::Zola,
            "en",
            "content/faq/y.md",
            "content",
            &mut source,
        );
        assert!(out.starts_with("[x](../../content/faq/x.md#a)"), "{out}");
        assert!(!out.contains("youtube"), "{out}");
    }
}
