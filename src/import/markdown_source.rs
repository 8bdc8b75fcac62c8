//! Reading a Markdown file of another tool: its front matter (YAML between
//! `---` lines or TOML between `+++` lines) as loose values, and its body.
//! Sources disagree on keys and types, so nothing here is strict: a value
//! of an unexpected type is simply not used, and a front matter that does
//! not parse is reported as not mapped while the body is still imported.

use std::path::Path;

use serde_json::{Map, Value};

use super::model::{self, Source};

/// A Markdown file's front matter and body.
#[derive(Debug, Default)]
pub struct MarkdownFile {
    pub front: Map<String, Value>,
    pub body: String,
}

impl MarkdownFile {
    /// A string value (numbers are written as text).
    pub fn string(&self, key: &str) -> Option<String> {
        match self.front.get(key)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    pub fn int(&self, key: &str) -> Option<i64> {
        match self.front.get(key)? {
            Value::Number(n) => n.as_i64().or_else(|| n.as_f64().map(|f| f as i64)),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    pub fn bool(&self, key: &str) -> bool {
        matches!(self.front.get(key), Some(Value::Bool(true)))
    }

    /// A `YYYY-MM-DD` day from a date or date-time value.
    pub fn day(&self, key: &str) -> Option<String> {
        model::day(&self.string(key)?)
    }

    /// A list of strings (a single string counts as a list of one).
    pub fn list(&self, key: &str) -> Vec<String> {
        list_of(self.front.get(key))
    }

    /// A nested table's value, e.g. Zola's `[taxonomies] tags`.
    pub fn nested_list(&self, table: &str, key: &str) -> Vec<String> {
        list_of(self.front.get(table).and_then(|t| t.get(key)))
    }

    /// The first `# Heading` of the body, for sources whose title lives there.
    pub fn first_heading(&self) -> Option<String> {
        self.body
            .lines()
            .find_map(|l| l.strip_prefix("# ").map(|t| t.trim().to_string()))
            .filter(|t| !t.is_empty())
    }

    /// The body without its first `# Heading` line (helpbook shows the
    /// title itself).
    pub fn body_without_title(&self) -> String {
        let mut out = Vec::new();
        let mut removed = false;
        for line in self.body.lines() {
            if !removed && line.trim().is_empty() && out.is_empty() {
                continue;
            }
            if !removed && line.starts_with("# ") {
                removed = true;
                continue;
            }
            removed = true;
            out.push(line);
        }
        out.join("\n")
    }
}

/// The label of a callout (a GitBook hint, a Docusaurus admonition, a Hugo
/// notice) of `kind` in the reader's language.
pub fn callout_label(kind: &str, lang: &str) -> &'static str {
    let zh = lang.starts_with("zh");
    match (kind.to_lowercase().as_str(), zh) {
        ("warning" | "caution", false) => "Warning",
        ("warning" | "caution", true) => "注意",
        ("danger" | "important" | "error", false) => "Important",
        ("danger" | "important" | "error", true) => "重要",
        ("tip" | "success", false) => "Tip",
        ("tip" | "success", true) => "小贴士",
        (_, false) => "Note",
        (_, true) => "提示",
    }
}

/// A callout as helpbook writes it: a blockquote that starts with the
/// label in bold.
pub fn callout(label: &str, text: &str) -> String {
    let mut lines = vec![format!("> **{label}:**")];
    for line in text.trim().lines() {
        lines.push(if line.trim().is_empty() {
            ">".to_string()
        } else {
            format!("> {line}")
        });
    }
    lines.join("\n")
}

fn list_of(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| match v {
                Value::String(s) => Some(s.trim().to_string()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .filter(|s| !s.is_empty())
            .collect(),
        Some(Value::String(s)) if !s.trim().is_empty() => vec![s.trim().to_string()],
        _ => Vec::new(),
    }
}

/// A TOML value as a loose JSON value, dates as their text (`2026-05-18`).
pub fn toml_to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => Value::from(*i),
        toml::Value::Float(f) => Value::from(*f),
        toml::Value::Boolean(b) => Value::Bool(*b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(toml_to_json).collect()),
        toml::Value::Table(table) => Value::Object(
            table
                .iter()
                .map(|(k, v)| (k.clone(), toml_to_json(v)))
                .collect(),
        ),
    }
}

/// Splits and parses `text`; problems go to `source.unmapped`.
pub fn parse(text: &str, file: &str, source: &mut Source) -> MarkdownFile {
    let text = crate::content::normalize_text(text.to_string());
    let (fence, yaml) = if text.starts_with("---\n") || text.starts_with("---\r\n") {
        ("---", true)
    } else if text.starts_with("+++\n") {
        ("+++", false)
    } else {
        return MarkdownFile {
            front: Map::new(),
            body: text,
        };
    };
    let rest = &text[fence.len() + 1..];
    // `end` is where the closing fence's line starts, less one (its `\n`).
    let end = if rest.starts_with(&format!("{fence}\n")) || rest == fence {
        Some(usize::MAX)
    } else {
        rest.match_indices(&format!("\n{fence}"))
            .map(|(i, _)| i)
            .find(|&i| {
                let after = &rest[i + 1 + fence.len()..];
                after.is_empty() || after.starts_with('\n')
            })
    };
    let Some(end) = end else {
        source.unmapped(
            file,
            "the front matter is not closed; the file was read as Markdown",
        );
        return MarkdownFile {
            front: Map::new(),
            body: text,
        };
    };
    let (front_text, after) = if end == usize::MAX {
        ("", rest.get(fence.len()..).unwrap_or_default())
    } else {
        (&rest[..end], &rest[end + 1 + fence.len()..])
    };
    let body = after.strip_prefix('\n').unwrap_or(after).to_string();
    let parsed: Result<Value, String> = if yaml {
        serde_saphyr::from_str::<Value>(front_text).map_err(|e| e.to_string())
    } else {
        toml::from_str::<toml::Value>(front_text)
            .map(|v| toml_to_json(&v))
            .map_err(|e| e.message().to_string())
    };
    let front = match parsed {
        Ok(Value::Object(map)) => map,
        Ok(Value::Null) => Map::new(),
        Ok(_) => {
            source.unmapped(
                file,
                "the front matter is not a mapping of keys; it was left out",
            );
            Map::new()
        }
        Err(error) => {
            let first = error.lines().next().unwrap_or_default().to_string();
            source.unmapped(
                file,
                format!("the front matter could not be read ({first}); it was left out"),
            );
            Map::new()
        }
    };
    MarkdownFile { front, body }
}

/// Reads and parses a Markdown file; `None` (reported) when it cannot be read.
pub fn read(path: &Path, file: &str, source: &mut Source) -> Option<MarkdownFile> {
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(parse(&text, file, source)),
            Err(_) => {
                source.unmapped(file, "not valid UTF-8; skipped");
                None
            }
        },
        Err(error) => {
            source.unmapped(file, format!("cannot be read ({error}); skipped"));
            None
        }
    }
}

/// A source path relative to `root` with `/` separators.
pub fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The folder part of a source path (`docs/faq/x.md` → `docs/faq`).
pub fn dir_of(file: &str) -> String {
    file.rsplit_once('/')
        .map_or(String::new(), |(d, _)| d.to_string())
}

/// The file name without extension (`docs/faq/x.md` → `x`).
pub fn stem_of(file: &str) -> String {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.rsplit_once('.').map_or(name, |(s, _)| s).to_string()
}

/// Markdown files under `dir` in a fixed order, skipping hidden and
/// `node_modules` folders.
pub fn markdown_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out: Vec<std::path::PathBuf> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || (!name.starts_with('.') && name != "node_modules")
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md" || x == "mdx"))
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_toml_front_matter() {
        let mut source = Source::default();
        let file = parse(
            "---\ntitle: 重置密码\nweight: 3\ntags: [a, b]\ndate: 2026-05-18T10:00:00Z\n---\n\nBody\n",
            "a.md",
            &mut source,
        );
        assert_eq!(file.string("title").as_deref(), Some("重置密码"));
        assert_eq!(file.int("weight"), Some(3));
        assert_eq!(file.list("tags"), ["a", "b"]);
        assert_eq!(file.day("date").as_deref(), Some("2026-05-18"));
        assert_eq!(file.body, "\nBody\n");
        let file = parse(
            "+++\ntitle = \"Fees\"\ndate = 2026-04-20\n[taxonomies]\ntags = [\"x\"]\n+++\nBody\n",
            "b.md",
            &mut source,
        );
        assert_eq!(file.string("title").as_deref(), Some("Fees"));
        assert_eq!(file.nested_list("taxonomies", "tags"), ["x"]);
        assert_eq!(file.day("date").as_deref(), Some("2026-04-20"));
        let file = parse("---\ntitle: [unclosed\n---\nBody\n", "c.md", &mut source);
        assert!(file.front.is_empty());
        assert_eq!(file.body, "Body\n");
        assert_eq!(source.unmapped.len(), 1);
        let file = parse("# Title\n\nText\n", "d.md", &mut source);
        assert_eq!(file.first_heading().as_deref(), Some("Title"));
        assert_eq!(file.body_without_title().trim(), "Text");
    }
}
