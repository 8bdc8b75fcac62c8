//! One article's front matter, from text to a validated [`Article`]:
//! split the file, check the YAML's shape and keys, parse it, then run one
//! validator per field ([`super::fields`], [`super::release`]).
//!
//! Every problem of the file is collected before giving up, so a writer
//! sees all of them in one run.

use std::path::PathBuf;

use serde_saphyr::Spanned;

use super::front_matter::{self, KNOWN_KEYS, RawFrontMatter, Shape, SplitError};
use super::{Article, fields, release};
use crate::config::Config;
use crate::diagnostic::Diagnostic;

/// The file being validated and the diagnostics found so far: what every
/// field validator needs to point at a line of the file.
pub(super) struct Fields<'a> {
    pub source: &'a PathBuf,
    pub text: &'a str,
    yaml: &'a str,
    /// 1-based line of the file on which the YAML starts.
    yaml_line: usize,
    pub out: Vec<Diagnostic>,
    /// Keys whose values had the wrong type (already reported): a
    /// validator must not call them missing too.
    mistyped: Vec<String>,
}

impl Fields<'_> {
    /// A position in the YAML (1-based) as a position in the file.
    pub fn at(&self, line: usize, column: usize) -> (usize, usize) {
        (line + self.yaml_line - 1, column)
    }

    /// Where a spanned value is in the file.
    pub fn spanned<T>(&self, value: &Spanned<T>) -> (usize, usize) {
        self.at(
            value.referenced.line() as usize,
            value.referenced.column() as usize,
        )
    }

    /// Where a top-level `key:` is in the file.
    pub fn key_at(&self, key: &str) -> (usize, usize) {
        let (line, column) = front_matter::key_position(self.yaml, key);
        self.at(line, column)
    }

    pub fn diagnostic(
        &self,
        error: bool,
        code: &'static str,
        (line, column): (usize, usize),
        message: String,
    ) -> Diagnostic {
        let d = if error {
            Diagnostic::error(code, self.source, message)
        } else {
            Diagnostic::warning(code, self.source, message)
        };
        d.at(self.text, line, column)
    }

    pub fn error(&mut self, at: (usize, usize), message: String) {
        let d = self.diagnostic(true, "front-matter", at, message);
        self.out.push(d);
    }

    pub fn error_with_help(&mut self, at: (usize, usize), message: String, help: &str) {
        let d = self
            .diagnostic(true, "front-matter", at, message)
            .with_help(help);
        self.out.push(d);
    }

    pub fn warning_with_help(&mut self, at: (usize, usize), message: String, help: &str) {
        let d = self
            .diagnostic(false, "front-matter", at, message)
            .with_help(help);
        self.out.push(d);
    }

    fn errors(&self) -> usize {
        self.out.iter().filter(|d| d.is_error()).count()
    }

    /// Whether `key`'s value had the wrong type (and was reported).
    pub fn mistyped(&self, key: &str) -> bool {
        self.mistyped.iter().any(|k| k == key)
    }
}

/// What [`split_and_shape`] finds: the YAML of a file, its top-level keys
/// and, when one parse of it gave every value, its typed front matter.
type Shaped<'a> = (front_matter::Split<'a>, Vec<String>, Option<RawFrontMatter>);

/// The YAML of a file and its top-level keys, or `None` (with the error
/// reported) when there is no front matter or it is not a YAML mapping.
fn split_and_shape<'a>(
    source: &PathBuf,
    text: &'a str,
    out: &mut Vec<Diagnostic>,
) -> Option<Shaped<'a>> {
    let split = match front_matter::split(text) {
        Ok(split) => split,
        Err(SplitError::NoOpening) => {
            out.push(
                Diagnostic::error(
                    "front-matter",
                    source,
                    "the file does not start with front matter",
                )
                .at(text, 1, 1)
                .with_help("start the file with a `---` line, `title: …`, and another `---` line"),
            );
            return None;
        }
        Err(SplitError::NoClosing) => {
            out.push(
                Diagnostic::error("front-matter", source, "the front matter is not closed")
                    .at(text, 1, 1)
                    .with_help("end the front matter with a line `---`"),
            );
            return None;
        }
    };
    let error_at = |line: usize, column: usize, message: String| {
        Diagnostic::error("front-matter", source, message).at(
            text,
            line + split.yaml_line - 1,
            column,
        )
    };
    if let Some((raw, keys)) = front_matter::parse_with_keys(split.yaml) {
        return Some((split, keys, Some(raw)));
    }
    let keys = match front_matter::shape(split.yaml) {
        Ok(Shape::Mapping(keys)) => keys,
        Ok(Shape::Empty) => Vec::new(),
        Ok(Shape::Other(found)) => {
            out.push(
                error_at(
                    1,
                    1,
                    format!("front matter must be a mapping of keys, found {found}"),
                )
                .with_help("write one `key: value` per line, starting with `title: …`"),
            );
            return None;
        }
        Err(error) => {
            let message = front_matter::shift_line_numbers(&error.message, split.yaml_line - 1);
            out.push(error_at(
                error.line.max(1),
                error.column,
                format!("invalid YAML: {message}"),
            ));
            return None;
        }
    };
    Some((split, keys, None))
}

/// Unknown keys are a warning with a "did you mean": exports from other
/// tools carry keys of their own, which helpbook ignores.
fn warn_unknown_keys(fields: &mut Fields<'_>, keys: &[String]) {
    for key in keys {
        if KNOWN_KEYS.contains(&key.as_str()) {
            continue;
        }
        let help = match crate::config::did_you_mean(key, &KNOWN_KEYS) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "helpbook ignores it; remove it or check the spelling".to_string(),
        };
        let at = fields.key_at(key);
        fields.warning_with_help(at, format!("unknown front matter key `{key}`"), &help);
    }
}

/// The typed front matter, with an error for every key whose value has
/// the wrong type (those keys are left out and remembered, so the field
/// validators do not also call them missing); `None` when the YAML has a
/// problem no single key explains.
fn parse_typed(
    fields: &mut Fields<'_>,
    keys: &[String],
    parsed: Option<RawFrontMatter>,
) -> Option<RawFrontMatter> {
    if parsed.is_some() {
        return parsed;
    }
    match front_matter::parse_each(fields.yaml, keys) {
        Ok(parsed) => {
            for (key, error) in parsed.mistyped {
                let message = type_error_message(fields, &error, Some(&key));
                let at = fields.at(error.line.max(1), error.column);
                fields.error(at, message);
                fields.mistyped.push(key);
            }
            Some(parsed.raw)
        }
        Err(error) => {
            // Name the key when the error is on a `key: value` line.
            let key = fields
                .yaml
                .lines()
                .nth(error.line.saturating_sub(1))
                .and_then(|l| l.split_once(':'))
                .map(|(k, _)| k.trim())
                .filter(|k| {
                    !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                });
            let message = type_error_message(fields, &error, key);
            let at = fields.at(error.line.max(1), error.column);
            fields.error(at, message);
            None
        }
    }
}

/// "`key`: message", with the parser's line numbers made file lines.
fn type_error_message(
    fields: &Fields<'_>,
    error: &front_matter::YamlError,
    key: Option<&str>,
) -> String {
    let message = front_matter::shift_line_numbers(&error.message, fields.yaml_line - 1);
    match key {
        Some(key) => format!("`{key}`: {message}"),
        None => format!("front matter: {message}"),
    }
}

/// Validates the front matter of a file already read into `text`.
pub fn parse_article(
    source: PathBuf,
    text: String,
    lang: &str,
    kind_folder: &str,
    config: &Config,
    out: &mut Vec<Diagnostic>,
) -> Option<Article> {
    let text = crate::text_safety::clean_front_matter(&source, text, out);
    let (split, keys, parsed) = split_and_shape(&source, &text, out)?;
    let body_offset = text.len() - split.body.len();
    let mut fields = Fields {
        source: &source,
        text: &text,
        yaml: split.yaml,
        yaml_line: split.yaml_line,
        out: Vec::new(),
        mistyped: Vec::new(),
    };
    warn_unknown_keys(&mut fields, &keys);
    let Some(raw) = parse_typed(&mut fields, &keys, parsed) else {
        out.append(&mut fields.out);
        return None;
    };

    let title = fields::title(&mut fields, &raw);
    let kind = fields::kind(&mut fields, &raw, kind_folder);
    let slug = fields::slug(&mut fields, &raw);
    let (category, category_name) = fields::category(&mut fields, &raw, lang, config);
    fields::lang(&mut fields, &raw, lang);
    let updated = fields::date(&mut fields, &raw.updated, "updated");
    let verified = fields::date(&mut fields, &raw.verified, "verified");
    let release_date = fields::date(&mut fields, &raw.date, "date");
    fields::verified_required(&mut fields, &raw, &kind);
    let aliases = fields::aliases(&mut fields, &raw);
    let related = fields::related(&mut fields, &raw);
    let release = if kind == "release" {
        release::release(&mut fields, &raw, release_date, updated, config)
    } else {
        fields::release_keys_elsewhere(&mut fields, &keys, &kind);
        None
    };

    let failed = fields.errors() > 0;
    out.append(&mut fields.out);
    if failed {
        return None;
    }
    Some(Article {
        source,
        lang: lang.to_string(),
        kind,
        slug,
        title,
        summary: raw.summary.unwrap_or_default().trim().to_string(),
        category,
        category_name,
        tags: raw
            .tags
            .into_iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect(),
        order: raw.order,
        updated,
        verified,
        promoted: raw.promoted,
        related,
        aliases,
        draft: raw.draft,
        release,
        body_offset,
        text,
    })
}
