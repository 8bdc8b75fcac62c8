//! Reading `book.toml` into its serde structs with every problem reported
//! at once: each syntax error, each unknown key (with a "did you mean") and
//! each value of the wrong type, at any depth, with its line and column.
//!
//! serde stops at the first problem. So the file is parsed once into a
//! spanned table, and deserialized from it; after each problem the entry it
//! points at is taken out of the table and the deserialization runs again,
//! until it succeeds or nothing more can be taken out. The serde structs
//! (`deny_unknown_fields` included) stay the one description of the keys:
//! a key added to any of them is checked with no change here.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue, ValueDeserializer};

use super::{CONFIG_FILE, did_you_mean};
use crate::diagnostic::{Diagnostic, Diagnostics};

/// `source` deserialized as `T`, and every problem found on the way. The
/// value is `None` when a problem left nothing to deserialize (a syntax
/// error, a missing required key); otherwise the entries with problems are
/// left out of it (they have defaults, or the caller fails anyway).
pub(super) fn read<T: DeserializeOwned>(source: &str) -> (Option<T>, Diagnostics) {
    let mut errors = Diagnostics::default();
    let (table, syntax) = DeTable::parse_recoverable(source);
    if !syntax.is_empty() {
        // What follows a syntax error is a guess: report only these.
        for error in &syntax {
            errors.push(toml_error(source, error));
        }
        return (None, errors);
    }
    let span = table.span();
    let mut root = Spanned::new(span, DeValue::Table(table.into_inner()));
    // (key, span of its table) of the keys taken out so far, and of the
    // keys an unknown key is likely a typo of: a "missing field" for one
    // of them is not a new problem.
    let mut taken: Vec<(String, Range<usize>)> = Vec::new();
    loop {
        let error = match T::deserialize(ValueDeserializer::from(root.clone())) {
            Ok(value) => return (Some(value), errors),
            Err(error) => error,
        };
        let Some(at) = error.span() else {
            errors.push(toml_error(source, &error));
            return (None, errors);
        };
        if let Some(missing) = missing_field(error.message()) {
            if !taken.contains(&(missing, at.clone())) {
                errors.push(toml_error(source, &error));
            }
            // A table without a required key: take out the array item
            // it is, if it is one, and read on.
            match take_out(&mut root, &at, true) {
                Some(_) => continue,
                None => return (None, errors),
            }
        }
        let diagnostic = toml_error(source, &error);
        let typo_of = diagnostic
            .help
            .as_deref()
            .and_then(|h| h.strip_prefix("did you mean `"))
            .and_then(|h| h.strip_suffix("`?"))
            .map(str::to_string);
        errors.push(diagnostic);
        match take_out(&mut root, &at, false) {
            Some((key, table)) => {
                if let Some(meant) = typo_of {
                    taken.push((meant, table.clone()));
                }
                taken.push((key, table));
            }
            None => return (None, errors),
        }
    }
}

/// Takes out of `value` the innermost table entry or array item (never
/// `value` itself) whose key or value `at` points into (with `exact`: whose
/// value is `at`), and returns its key (`""` for an array item) and the
/// span of the table or array it was in; `None` when there is none.
/// Children are searched first: the span of a `[table]` or `[[array]]`
/// entry covers only its header line, not the keys under it.
fn take_out(
    value: &mut Spanned<DeValue<'_>>,
    at: &Range<usize>,
    exact: bool,
) -> Option<(String, Range<usize>)> {
    let points_into = |span: Range<usize>| span == *at || (!exact && span.contains(&at.start));
    let span = value.span();
    match value.get_mut() {
        DeValue::Table(table) => {
            let keys: Vec<String> = table.keys().map(|k| k.get_ref().to_string()).collect();
            for key in &keys {
                let found = table
                    .get_mut(key.as_str())
                    .and_then(|child| take_out(child, at, exact));
                if found.is_some() {
                    return found;
                }
            }
            let key = table
                .iter()
                .find(|(key, value)| {
                    (!exact && points_into(key.span())) || points_into(value.span())
                })
                .map(|(key, _)| key.get_ref().to_string())?;
            table.remove(key.as_str());
            Some((key, span))
        }
        DeValue::Array(array) => {
            for index in 0..array.len() {
                let found = array
                    .get_mut(index)
                    .and_then(|item| take_out(item, at, exact));
                if found.is_some() {
                    return found;
                }
            }
            let index = array.iter().position(|item| points_into(item.span()))?;
            let mut kept = DeArray::new();
            for (i, item) in array.iter().enumerate() {
                if i != index {
                    kept.push(item.clone());
                }
            }
            *array = kept;
            Some((String::new(), span))
        }
        _ => None,
    }
}

/// Turns a TOML parse or type error into a diagnostic with line, column and
/// a "did you mean" for unknown keys.
pub(super) fn toml_error(source: &str, error: &toml::de::Error) -> Diagnostic {
    let message = error.message().trim().to_string();
    let mut diagnostic = Diagnostic::error("config", CONFIG_FILE, message.clone());
    if let Some(span) = error.span() {
        diagnostic = diagnostic.at_offset(source, span.start);
    }
    if let Some(unknown) = unknown_field(&message) {
        let expected = expected_fields(&message);
        match did_you_mean(&unknown, &expected) {
            Some(suggestion) => {
                diagnostic.message = format!("unknown key `{unknown}`");
                diagnostic = diagnostic.with_help(format!("did you mean `{suggestion}`?"));
            }
            None if !expected.is_empty() => {
                diagnostic.message = format!("unknown key `{unknown}`");
                diagnostic = diagnostic.with_help(format!(
                    "the keys allowed here are: {}",
                    expected.join(", ")
                ));
            }
            None => {}
        }
    } else if let Some(missing) = missing_field(&message) {
        diagnostic.message = format!("missing required key `{missing}`");
        let under = match diagnostic.excerpt.as_deref().map(str::trim) {
            Some(header) if header.starts_with('[') => format!("under {header}"),
            _ => "to book.toml".to_string(),
        };
        diagnostic = diagnostic.with_help(format!("add `{missing} = …` {under}"));
    } else if let Some(key) = diagnostic.excerpt.as_deref().and_then(key_of_line) {
        diagnostic.message = format!("`{key}`: {message}");
    }
    diagnostic
}

/// The field name in serde's "unknown field `x`, expected …" message.
fn unknown_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    Some(rest[..rest.find('`')?].to_string())
}

/// The field name in serde's "missing field `x`" message.
fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    Some(rest[..rest.find('`')?].to_string())
}

/// The field names listed after "expected" in serde's unknown-field message.
fn expected_fields(message: &str) -> Vec<String> {
    let Some(index) = message.find("expected") else {
        return Vec::new();
    };
    message[index..]
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// `key` in a line `key = value`.
fn key_of_line(line: &str) -> Option<String> {
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    (!key.is_empty() && !key.starts_with('[')).then(|| key.to_string())
}
