//! `SUMMARY.md`, the table of contents of GitBook spaces and mdBook books:
//! a list of `[title](path.md)` links, nested by indentation, grouped
//! under headings (GitBook groups, mdBook parts).

/// One page of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub title: String,
    /// The linked file relative to the summary's folder; `None` for a
    /// draft chapter (`[Title]()`).
    pub path: Option<String>,
    /// The heading the entry sits under, if any.
    pub group: Option<String>,
    /// Titles of the entries it is nested in, outermost first.
    pub parents: Vec<String>,
    /// Position in the summary.
    pub position: usize,
}

/// `[title](target)` at the start of `text`.
fn link(text: &str) -> Option<(String, String)> {
    let text = text.trim();
    let rest = text.strip_prefix('[')?;
    let close = rest.find("](")?;
    let title = rest[..close].trim().to_string();
    let after = &rest[close + 2..];
    let end = after.rfind(')')?;
    let mut target = after[..end].trim();
    // `path "title"`
    if let Some((path, _)) = target.split_once(" \"") {
        target = path.trim();
    }
    let target = target.trim_start_matches('<').trim_end_matches('>');
    Some((title, target.to_string()))
}

/// Parses a summary.
pub fn parse(text: &str) -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut group: Option<String> = None;
    // (indent, title) of the open list items.
    let mut stack: Vec<(usize, String)> = Vec::new();
    let mut first_heading = true;
    for line in text.lines() {
        let trimmed = line.trim();
        if let Some(heading) = trimmed.strip_prefix('#') {
            let heading = heading.trim_start_matches('#').trim();
            let is_title = first_heading
                && entries.is_empty()
                && ["summary", "table of contents", "目录"]
                    .contains(&heading.to_lowercase().as_str());
            first_heading = false;
            if !is_title {
                group = Some(heading.to_string()).filter(|h| !h.is_empty());
            }
            stack.clear();
            continue;
        }
        let indent = line.len() - line.trim_start().len() + line.matches('\t').count() * 3;
        let item = trimmed
            .strip_prefix("* ")
            .or_else(|| trimmed.strip_prefix("- "))
            .or_else(|| trimmed.strip_prefix("+ "));
        let (text, nested) = match item {
            Some(item) => (item, true),
            None => (trimmed, false),
        };
        let Some((title, target)) = link(text) else {
            continue;
        };
        if nested {
            while stack.last().is_some_and(|(i, _)| *i >= indent) {
                stack.pop();
            }
        } else {
            stack.clear();
        }
        entries.push(Entry {
            title: title.clone(),
            path: Some(target).filter(|t| !t.is_empty()),
            group: group.clone(),
            parents: stack.iter().map(|(_, t)| t.clone()).collect(),
            position: entries.len(),
        });
        if nested {
            stack.push((indent, title));
        }
    }
    entries
}

/// Reads the pages a summary lists into docs of `lang`. `book_root` is the
/// folder of the summary, relative to the source root (`zh-CN`, `src`, or
/// `""`); pages are paired across languages by their path in it. `convert`
/// turns the tool's own Markdown extensions into plain Markdown. Markdown
/// files in `book_root` that the summary does not list are reported.
pub fn import_entries(
    root: &std::path::Path,
    book_root: &str,
    lang: &str,
    entries: &[Entry],
    source: &mut super::model::Source,
    convert: &dyn Fn(&str, &str, &mut super::model::Source, &str) -> String,
) {
    use super::markdown_source::{dir_of, markdown_files, read, relative, stem_of};
    use super::model::{CategoryRef, Doc};
    let join = |path: &str| {
        if book_root.is_empty() {
            path.to_string()
        } else {
            format!("{book_root}/{path}")
        }
    };
    let mut listed = std::collections::BTreeSet::new();
    for entry in entries {
        let Some(path) = &entry.path else {
            source.unmapped(
                join("SUMMARY.md"),
                format!(
                    "`{}` is a draft chapter without a file; skipped",
                    entry.title
                ),
            );
            continue;
        };
        let path = crate::site::percent_decode(path.split('#').next().unwrap_or_default());
        if path.contains("://") {
            continue; // a link to another site in the table of contents
        }
        let Some(file) = super::links::normalize(&join(&path)) else {
            source.unmapped(
                join("SUMMARY.md"),
                format!("`{path}` points outside the source; skipped"),
            );
            continue;
        };
        if !listed.insert(file.clone()) {
            continue;
        }
        if !super::links::inside(root, &root.join(&file)) {
            source.unmapped(
                file,
                "missing, or a link to a file outside the source; skipped",
            );
            continue;
        }
        let Some(markdown) = read(&root.join(&file), &file, source) else {
            continue;
        };
        let in_book = file
            .strip_prefix(&format!("{book_root}/"))
            .unwrap_or(&file)
            .to_string();
        let folder = dir_of(&in_book);
        let title = markdown
            .string("title")
            .or_else(|| markdown.first_heading())
            .unwrap_or_else(|| entry.title.clone());
        let category_name = entry
            .group
            .clone()
            .or_else(|| entry.parents.last().cloned())
            .or_else(|| {
                (!folder.is_empty())
                    .then(|| folder.rsplit('/').next().unwrap_or(&folder).to_string())
            });
        let category = category_name.map(|name| CategoryRef {
            key: if folder.is_empty() {
                format!("group:{name}")
            } else {
                folder.clone()
            },
            name,
            order: None,
        });
        let mut sections: Vec<String> = entry.group.iter().cloned().collect();
        sections.extend(entry.parents.iter().cloned());
        if !folder.is_empty() {
            sections.push(folder.clone());
        }
        let stem = stem_of(&in_book);
        let slug_hint = if ["readme", "index"].contains(&stem.to_lowercase().as_str()) {
            if folder.is_empty() {
                title.clone()
            } else {
                folder.rsplit('/').next().unwrap_or(&folder).to_string()
            }
        } else {
            stem
        };
        let body = convert(&markdown.body_without_title(), lang, source, &file);
        source.docs.push(Doc {
            source: file.clone(),
            dir: dir_of(&file),
            lang: lang.to_string(),
            key: in_book.clone(),
            slug_hint,
            title,
            summary: markdown.string("description").unwrap_or_default(),
            body,
            category,
            sections,
            order: Some(entry.position as i64),
            date: markdown.day("date"),
            updated: markdown
                .day("updated")
                .or_else(|| markdown.day("last_updated")),
            tags: markdown.list("tags"),
            draft: false,
            kind_hint: None,
        });
    }
    let folder = if book_root.is_empty() {
        root.to_path_buf()
    } else {
        root.join(book_root)
    };
    for path in markdown_files(&folder) {
        let file = relative(root, &path);
        let name = stem_of(&file);
        if listed.contains(&file) || name == "SUMMARY" || name == "LANGS" || name == "GLOSSARY" {
            continue;
        }
        source.unmapped(file, "not in SUMMARY.md, so not part of the book; skipped");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_nesting_and_drafts() {
        let entries = parse(
            "# Summary\n\n[Introduction](README.md)\n\n## 账户与登录\n\n* [忘记密码](faq/reset.md)\n  * [短信收不到](faq/sms.md \"SMS\")\n* [草稿]()\n\n## Security\n- [2FA](<security/two step.md>)\n",
        );
        let view: Vec<(&str, Option<&str>, Option<&str>, usize)> = entries
            .iter()
            .map(|e| {
                (
                    e.title.as_str(),
                    e.path.as_deref(),
                    e.group.as_deref(),
                    e.parents.len(),
                )
            })
            .collect();
        assert_eq!(
            view,
            [
                ("Introduction", Some("README.md"), None, 0),
                ("忘记密码", Some("faq/reset.md"), Some("账户与登录"), 0),
                ("短信收不到", Some("faq/sms.md"), Some("账户与登录"), 1),
                ("草稿", None, Some("账户与登录"), 0),
                ("2FA", Some("security/two step.md"), Some("Security"), 0),
            ]
        );
    }
}
