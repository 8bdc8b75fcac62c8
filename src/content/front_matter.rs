//! Splitting an article file into YAML front matter and Markdown body, and
//! parsing the front matter with positions that point into the whole file.
//!
//! The YAML parser is wrapped here so that its backend (serde-saphyr) could
//! be swapped without touching the rest of the content stage.

mod key_filter;

use serde::Deserialize;
use serde_saphyr::Spanned;

use key_filter::KeyFilter;

/// The text of an article file, split.
#[derive(Debug)]
pub struct Split<'a> {
    /// The YAML between the `---` lines.
    pub yaml: &'a str,
    /// 1-based line of the file on which the YAML starts.
    pub yaml_line: usize,
    /// The Markdown after the closing `---`.
    pub body: &'a str,
    /// 1-based line of the file on which the body starts.
    pub body_line: usize,
}

/// Why a file could not be split.
#[derive(Debug, PartialEq, Eq)]
pub enum SplitError {
    /// The file does not start with a `---` line.
    NoOpening,
    /// The opening `---` has no closing `---`.
    NoClosing,
}

/// Splits `text` (BOM already removed, line endings normalised to `\n`).
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Err(SplitError::NoOpening);
    }
    let yaml_start = (first_line_end + 1).min(text.len());
    let mut offset = yaml_start;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let current = text[offset..end].trim_end();
        if current == "---" || current == "..." {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset = end + 1;
        line += 1;
    }
    Err(SplitError::NoClosing)
}

/// The front matter keys helpbook knows. Others are a warning.
pub const KNOWN_KEYS: [&str; 19] = [
    "title",
    "lang",
    "summary",
    "kind",
    "category",
    "tags",
    "order",
    "updated",
    "slug",
    "promoted",
    "related",
    "verified",
    "aliases",
    "draft",
    "version",
    "date",
    "platforms",
    "min_safe_version",
    "downloads",
];

/// Front matter as written. Values that need validating carry their
/// position so errors can point at them.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RawFrontMatter {
    pub title: Option<Spanned<String>>,
    pub summary: Option<String>,
    pub kind: Option<Spanned<String>>,
    pub category: Option<Spanned<String>>,
    /// Ignored when it names the article's language folder (exports repeat it).
    pub lang: Option<Spanned<String>>,
    pub tags: Vec<String>,
    pub order: Option<i64>,
    pub updated: Option<Spanned<String>>,
    pub slug: Option<Spanned<String>>,
    pub promoted: bool,
    pub related: Vec<Spanned<String>>,
    pub verified: Option<Spanned<String>>,
    pub aliases: Vec<Spanned<String>>,
    pub draft: bool,
    pub version: Option<Spanned<String>>,
    pub date: Option<Spanned<String>>,
    pub platforms: Vec<Spanned<String>>,
    pub min_safe_version: Option<Spanned<String>>,
    pub downloads: Vec<Spanned<RawDownload>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDownload {
    pub platform: String,
    pub url: String,
}

/// A YAML problem, positioned in the YAML text (1-based; 0 = unknown).
#[derive(Debug)]
pub struct YamlError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

fn parse_options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.with_snippet = false;
    options
}

fn yaml_error(error: &serde_saphyr::Error) -> YamlError {
    let (line, column) = error
        .location()
        .map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
    let message = error.to_string();
    // Keep the first line; the position is reported separately.
    let message = message.lines().next().unwrap_or_default();
    let message = plain_words(&strip_position(message));
    YamlError {
        message,
        line,
        column,
    }
}

/// The parser's words for the mistakes writers make most, in theirs.
fn plain_words(message: &str) -> String {
    let plain = match message {
        "invalid i64" | "invalid u64" | "invalid i32" | "invalid u32" => {
            "must be a whole number, e.g. `order: 3`"
        }
        "invalid boolean" => "must be `true` or `false`",
        "expected sequence start" => "must be a list, e.g. `[wallet, fees]`",
        "expected string scalar" => "must be text, e.g. `title: Reset your password`",
        _ => {
            // "duplicate mapping key: tags, set DuplicateKeyPolicy in Options if acceptable"
            if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
                let key = rest.split(',').next().unwrap_or(rest);
                return format!("`{key}` is written twice; keep one");
            }
            message
        }
    };
    plain.to_string()
}

/// Removes the parser's own " at line N, column M", which counts from the
/// start of the front matter, not of the file, and would contradict the
/// location helpbook reports.
fn strip_position(message: &str) -> String {
    let mut out = message.to_string();
    while let Some(start) = out.find(" at line ") {
        let rest = &out[start + " at line ".len()..];
        let mut end =
            start + " at line ".len() + rest.chars().take_while(char::is_ascii_digit).count();
        if let Some(after) = out[end..].strip_prefix(", column ") {
            end += ", column ".len() + after.chars().take_while(char::is_ascii_digit).count();
        }
        out.replace_range(start..end, "");
    }
    out
}

/// Adds `offset` to every "line N" in a message, so that line numbers the
/// YAML parser counts from the front matter become file lines.
pub fn shift_line_numbers(message: &str, offset: usize) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(index) = rest.find("line ") {
        out.push_str(&rest[..index + "line ".len()]);
        rest = &rest[index + "line ".len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(number) = digits.parse::<usize>() {
            out.push_str(&(number + offset).to_string());
            rest = &rest[digits.len()..];
        }
    }
    out.push_str(rest);
    out
}

/// What the top level of the front matter is, before typed parsing, so a
/// list or a scalar gets a clear "must be a mapping" error.
pub enum Shape {
    Mapping(Vec<String>),
    Empty,
    Other(&'static str),
}

/// Parses the YAML loosely to learn its shape and top-level keys.
pub fn shape(yaml: &str) -> Result<Shape, YamlError> {
    if yaml.trim().is_empty() {
        return Ok(Shape::Empty);
    }
    let shape: ShapeOf =
        serde_saphyr::from_str_with_options(yaml, parse_options()).map_err(|e| yaml_error(&e))?;
    Ok(shape.0)
}

/// [`Shape`] as serde reads it: the top-level keys (sorted, each once) and
/// nothing of the values, which are skipped without being built.
struct ShapeOf(Shape);

impl<'de> Deserialize<'de> for ShapeOf {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
        struct ShapeVisitor;
        impl<'de> Visitor<'de> for ShapeVisitor {
            type Value = ShapeOf;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("YAML front matter")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ShapeOf, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    map.next_value::<IgnoredAny>()?;
                    keys.push(key);
                }
                keys.sort();
                keys.dedup();
                Ok(ShapeOf(Shape::Mapping(keys)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ShapeOf, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(ShapeOf(Shape::Other("a list")))
            }
            fn visit_unit<E>(self) -> Result<ShapeOf, E> {
                Ok(ShapeOf(Shape::Empty))
            }
            fn visit_none<E>(self) -> Result<ShapeOf, E> {
                Ok(ShapeOf(Shape::Empty))
            }
            fn visit_str<E>(self, _: &str) -> Result<ShapeOf, E> {
                Ok(ShapeOf(Shape::Other("a string")))
            }
            fn visit_bool<E>(self, _: bool) -> Result<ShapeOf, E> {
                Ok(ShapeOf(Shape::Other("a boolean")))
            }
            fn visit_i64<E>(self, _: i64) -> Result<ShapeOf, E> {
                Ok(ShapeOf(Shape::Other("a number")))
            }
            fn visit_u64<E>(self, _: u64) -> Result<ShapeOf, E> {
                Ok(ShapeOf(Shape::Other("a number")))
            }
            fn visit_f64<E>(self, _: f64) -> Result<ShapeOf, E> {
                Ok(ShapeOf(Shape::Other("a number")))
            }
            fn visit_i128<E>(self, _: i128) -> Result<ShapeOf, E> {
                Ok(ShapeOf(Shape::Other("a number")))
            }
            fn visit_u128<E>(self, _: u128) -> Result<ShapeOf, E> {
                Ok(ShapeOf(Shape::Other("a number")))
            }
        }
        deserializer.deserialize_any(ShapeVisitor)
    }
}

/// Typed front matter and its top-level keys (sorted, each once) from one
/// parse, for the common front matter without a mistake. `None` when that
/// parse fails: [`shape`] and [`parse_each`] then find out why, as they
/// would have on their own.
pub fn parse_with_keys(yaml: &str) -> Option<(RawFrontMatter, Vec<String>)> {
    if yaml.trim().is_empty() {
        return None;
    }
    let keys = std::cell::RefCell::new(Vec::new());
    let record = |key: &str| {
        keys.borrow_mut().push(key.to_string());
        true
    };
    let raw =
        serde_saphyr::with_deserializer_from_str_with_options(yaml, parse_options(), |inner| {
            RawFrontMatter::deserialize(KeyFilter {
                inner,
                keep: record,
            })
        })
        .ok()?;
    let mut keys = keys.into_inner();
    keys.sort();
    keys.dedup();
    Some((raw, keys))
}

/// Parses the YAML into typed front matter.
pub fn parse(yaml: &str) -> Result<RawFrontMatter, YamlError> {
    serde_saphyr::from_str_with_options(yaml, parse_options()).map_err(|e| yaml_error(&e))
}

/// Typed front matter, and the keys whose values had the wrong type (left
/// at their defaults).
#[derive(Debug)]
pub struct Parsed {
    pub raw: RawFrontMatter,
    pub mistyped: Vec<(String, YamlError)>,
}

/// Parses the YAML into typed front matter, finding every key whose value
/// has the wrong type, where one serde pass stops at the first. The good
/// values are kept. `keys` are the mapping's keys (from [`shape`]). An
/// error that no single key explains comes back as `Err`.
pub fn parse_each(yaml: &str, keys: &[String]) -> Result<Parsed, YamlError> {
    // Most files are right: one pass.
    let first = match parse(yaml) {
        Ok(raw) => {
            return Ok(Parsed {
                raw,
                mistyped: Vec::new(),
            });
        }
        Err(error) => error,
    };
    let mut mistyped = Vec::new();
    for key in keys.iter().filter(|k| KNOWN_KEYS.contains(&k.as_str())) {
        if let Err(error) = parse_keys(yaml, |k| k == key) {
            mistyped.push((key.clone(), error));
        }
    }
    if mistyped.is_empty() {
        return Err(first);
    }
    let raw = parse_keys(yaml, |k| !mistyped.iter().any(|(bad, _)| bad == k)).map_err(|_| first)?;
    Ok(Parsed { raw, mistyped })
}

/// Parses the YAML into typed front matter as if only the keys `keep`
/// accepts were written.
fn parse_keys(yaml: &str, keep: impl Fn(&str) -> bool) -> Result<RawFrontMatter, YamlError> {
    serde_saphyr::with_deserializer_from_str_with_options(yaml, parse_options(), |inner| {
        RawFrontMatter::deserialize(KeyFilter { inner, keep })
    })
    .map_err(|e| yaml_error(&e))
}

/// 1-based line and column of a top-level `key:` in the YAML, for
/// diagnostics about keys that have no span of their own.
pub fn key_position(yaml: &str, key: &str) -> (usize, usize) {
    for (index, line) in yaml.lines().enumerate() {
        let trimmed = line.trim_start_matches('\u{feff}');
        let unquoted = trimmed
            .strip_prefix(key)
            .or_else(|| trimmed.strip_prefix(&format!("\"{key}\"")))
            .or_else(|| trimmed.strip_prefix(&format!("'{key}'")));
        if let Some(rest) = unquoted
            && rest.trim_start().starts_with(':')
        {
            return (index + 1, 1);
        }
    }
    (1, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One parse gives what the shape and the typed parse give; a front
    /// matter with a mistake gets `None`, so the slower path reports it.
    #[test]
    fn one_parse_gives_the_keys_and_values_of_two() {
        let yaml = "title: Fees\ntags: [fees, 提现]\nzeta: 1\norder: 3\nx-extra: {a: [1, 2]}\n";
        let (raw, keys) = parse_with_keys(yaml).expect("valid front matter");
        let Ok(Shape::Mapping(shape_keys)) = shape(yaml) else {
            panic!("a mapping");
        };
        assert_eq!(keys, shape_keys);
        assert_eq!(keys, ["order", "tags", "title", "x-extra", "zeta"]);
        let typed = parse(yaml).expect("typed");
        assert_eq!(format!("{raw:?}"), format!("{typed:?}"));
        assert!(parse_with_keys("title: [not, a, string]\n").is_none());
        assert!(parse_with_keys("- a list\n").is_none());
        assert!(parse_with_keys("   \n").is_none());
    }

    #[test]
    fn split_finds_yaml_and_body_lines() {
        let text = "---\ntitle: a\nb: c\n---\n# Body\n";
        let split = split(text).expect("has front matter");
        assert_eq!(split.yaml, "title: a\nb: c\n");
        assert_eq!(split.body, "# Body\n");
        assert_eq!(split.body_line, 5);
    }

    #[test]
    fn split_errors() {
        assert_eq!(
            split("# no front matter").unwrap_err(),
            SplitError::NoOpening
        );
        assert_eq!(split("---\ntitle: x\n").unwrap_err(), SplitError::NoClosing);
        assert!(split("---\n---\n").is_ok());
        assert!(split("---").is_err());
    }

    #[test]
    fn yaml_errors_have_positions() {
        let error = parse("title: x\ntags: [a, b\n").expect_err("unclosed");
        assert!(error.line >= 2, "{error:?}");
        let error = parse("title: x\norder: many\n").expect_err("not a number");
        assert_eq!(error.line, 2, "{error:?}");
    }

    #[test]
    fn messages_do_not_repeat_yaml_positions() {
        assert_eq!(
            strip_position("unclosed bracket '[' at line 2, column 7"),
            "unclosed bracket '['"
        );
        assert_eq!(
            strip_position("invalid i64 at line 2, column 8"),
            "invalid i64"
        );
        assert_eq!(
            shift_line_numbers("defined at line 6, used at line 7", 1),
            "defined at line 7, used at line 8"
        );
    }

    #[test]
    fn every_mistyped_key_is_found_and_the_good_values_kept() {
        let yaml = "title: T\norder: first\ntags: {a: b}\nsummary: S\npromoted: maybe\nslug: [x]\n";
        let keys: Vec<String> = ["title", "order", "tags", "summary", "promoted", "slug"]
            .map(String::from)
            .to_vec();
        let parsed = parse_each(yaml, &keys).expect("attributable errors");
        let bad: Vec<(&str, usize)> = parsed
            .mistyped
            .iter()
            .map(|(key, error)| (key.as_str(), error.line))
            .collect();
        assert_eq!(
            bad,
            [("order", 2), ("tags", 3), ("promoted", 5), ("slug", 6)]
        );
        let title = parsed.raw.title.expect("title kept");
        assert_eq!((title.value.as_str(), title.referenced.line()), ("T", 1));
        assert_eq!(parsed.raw.summary.as_deref(), Some("S"));
        assert_eq!(parsed.raw.order, None);
    }

    #[test]
    fn common_mistakes_are_said_in_plain_words() {
        let said = |yaml: &str| parse(yaml).expect_err("a mistake").message;
        assert_eq!(said("promoted: maybe\n"), "must be `true` or `false`");
        assert_eq!(said("tags: 7\n"), "must be a list, e.g. `[wallet, fees]`");
        assert_eq!(
            said("title: [a]\n"),
            "must be text, e.g. `title: Reset your password`"
        );
        let duplicate = shape("tags: [a]\ntitle: T\ntags: [b]\n")
            .err()
            .expect("duplicate");
        assert_eq!(duplicate.message, "`tags` is written twice; keep one");
        assert_eq!(duplicate.line, 3);
    }

    #[test]
    fn spans_are_recorded() {
        let raw = parse("summary: s\ntitle: 重置密码\n").expect("valid");
        let title = raw.title.expect("title");
        assert_eq!(title.value, "重置密码");
        assert_eq!(title.referenced.line(), 2);
    }
}
