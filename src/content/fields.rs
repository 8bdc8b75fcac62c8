//! One validator per front matter field. Each reports its own problems
//! (with the line and column of the value) and returns the typed value,
//! or an empty one when it is wrong, so the other fields are still checked.

use jiff::civil::Date;
use serde_saphyr::Spanned;

use super::article::Fields;
use super::front_matter::RawFrontMatter;
use super::names::{check_slug, normalize_alias, parse_date, suggest_slug};
use super::release::RELEASE_KEYS;
use crate::config::{Config, KINDS};

/// `title`: required, not empty.
pub(super) fn title(fields: &mut Fields<'_>, raw: &RawFrontMatter) -> String {
    match &raw.title {
        Some(title) if !title.value.trim().is_empty() => title.value.trim().to_string(),
        Some(title) => {
            let at = fields.spanned(title);
            fields.error(at, "`title` is empty".into());
            String::new()
        }
        None if fields.mistyped("title") => String::new(),
        None => {
            fields.error_with_help(
                (1, 1),
                "missing required key `title`".into(),
                "add a line `title: …` to the front matter",
            );
            String::new()
        }
    }
}

/// `kind`: one of [`KINDS`], else the kind folder's name.
pub(super) fn kind(fields: &mut Fields<'_>, raw: &RawFrontMatter, kind_folder: &str) -> String {
    match &raw.kind {
        Some(kind) if KINDS.contains(&kind.value.as_str()) => kind.value.clone(),
        Some(kind) => {
            let at = fields.spanned(kind);
            fields.error_with_help(
                at,
                format!("unknown kind `{}`", kind.value),
                &format!("kind is one of {}", KINDS.join(", ")),
            );
            String::new()
        }
        None if KINDS.contains(&kind_folder) => kind_folder.to_string(),
        None if fields.mistyped("kind") => String::new(),
        None => {
            let help = match crate::config::did_you_mean(kind_folder, &KINDS) {
                Some(s) => format!("did you mean the folder `{s}`?"),
                None => format!(
                    "put it in a folder named {}, or add `kind:`",
                    KINDS.join(", ")
                ),
            };
            fields.error_with_help(
                (1, 1),
                format!("`{kind_folder}` is not a kind, and the front matter has no `kind`"),
                &help,
            );
            String::new()
        }
    }
}

/// `slug`: URL-safe; defaults to the file name, which must then be.
pub(super) fn slug(fields: &mut Fields<'_>, raw: &RawFrontMatter) -> String {
    if let Some(slug) = &raw.slug {
        return match check_slug(&slug.value) {
            Ok(()) => slug.value.clone(),
            Err(problem) => {
                let at = fields.spanned(slug);
                fields.error_with_help(
                    at,
                    format!("slug `{}` {problem}", slug.value),
                    &format!(
                        "a slug uses a-z, 0-9, `-`, `_` and `.`; try `{}`",
                        suggest_slug(&slug.value)
                    ),
                );
                String::new()
            }
        };
    }
    let file_stem = fields
        .source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    match check_slug(&file_stem) {
        Ok(()) => file_stem,
        Err(problem) => {
            let d = fields
                .diagnostic(
                    true,
                    "slug",
                    (1, 1),
                    format!("the file name `{file_stem}` {problem}, so it cannot be the URL slug"),
                )
                .with_help(format!(
                    "add `slug: {}` to the front matter, or rename the file",
                    suggest_slug(&file_stem)
                ));
            fields.out.push(d);
            String::new()
        }
    }
}

/// `category`: a slug of `[categories]`, a name given there (in any
/// language), or any display name, whose slug is derived (`Contact Us` →
/// `contact-us`, `账户与登录` → `zhang-hu-yu-deng-lu`). Returns the slug and,
/// for a category `[categories]` does not name, the name as written.
pub(super) fn category(
    fields: &mut Fields<'_>,
    raw: &RawFrontMatter,
    lang: &str,
    config: &Config,
) -> (String, String) {
    let Some(category) = &raw.category else {
        return (String::new(), String::new());
    };
    let value = category.value.trim();
    if value.is_empty() {
        return (String::new(), String::new());
    }
    if config.categories.iter().any(|c| c.slug == value) {
        return (value.to_string(), String::new());
    }
    if let Some(slug) = config.category_by_name(value, lang) {
        return (slug.to_string(), String::new());
    }
    let slug = slug::slugify(value);
    let at = fields.spanned(category);
    if let Err(problem) = check_slug(&slug) {
        let message = if slug.is_empty() {
            format!("category `{value}` has no letters or digits to make a URL from")
        } else {
            format!("category `{value}` gives the URL name `{slug}`, which {problem}")
        };
        fields.error_with_help(
            at,
            message,
            "give it a shorter name, or a slug like `account` named in book.toml's [categories]",
        );
        return (String::new(), String::new());
    }
    // A near miss of a configured category is most likely a typo.
    if !config.categories.iter().any(|c| c.slug == slug) {
        let known: Vec<&str> = config
            .categories
            .iter()
            .flat_map(|c| {
                std::iter::once(c.slug.as_str()).chain(c.names.values().map(String::as_str))
            })
            .collect();
        if let Some(s) = crate::config::did_you_mean(value, &known) {
            fields.warning_with_help(
                at,
                format!("category `{value}` is not in book.toml's [categories]"),
                &format!(
                    "did you mean `{s}`? (a new category is fine too: it is shown as written)"
                ),
            );
        }
    }
    (slug, value.to_string())
}

/// `lang`: exports often repeat the language; helpbook takes it from the
/// folder, so one that agrees is fine and one that does not is a warning.
pub(super) fn lang(fields: &mut Fields<'_>, raw: &RawFrontMatter, folder_lang: &str) {
    let Some(lang) = &raw.lang else {
        return;
    };
    let written = lang.value.trim();
    if written.eq_ignore_ascii_case(folder_lang)
        || written.replace('_', "-").eq_ignore_ascii_case(folder_lang)
    {
        return;
    }
    let at = fields.spanned(lang);
    fields.warning_with_help(
        at,
        format!("`lang: {written}` does not match the folder, content/{folder_lang}/"),
        &format!(
            "the folder decides the language; move the file to content/{written}/ or remove `lang:`"
        ),
    );
}

/// A `YYYY-MM-DD` date (`updated`, `verified`, `date`).
pub(super) fn date(
    fields: &mut Fields<'_>,
    value: &Option<Spanned<String>>,
    key: &str,
) -> Option<Date> {
    let value = value.as_ref()?;
    let date = parse_date(&value.value);
    if date.is_none() {
        let at = fields.spanned(value);
        fields.error_with_help(
            at,
            format!("`{key}` must be a date YYYY-MM-DD, found `{}`", value.value),
            &format!("for example `{key}: 2026-11-24`"),
        );
    }
    date
}

/// Contact and security articles must say when their facts were checked.
pub(super) fn verified_required(fields: &mut Fields<'_>, raw: &RawFrontMatter, kind: &str) {
    if (kind == "contact" || kind == "security")
        && raw.verified.is_none()
        && !fields.mistyped("verified")
    {
        let d = fields
            .diagnostic(
                true,
                "verified",
                (1, 1),
                format!("a {kind} article needs `verified: YYYY-MM-DD`, the date its facts were last checked"),
            )
            .with_help("readers are shown this date; check the facts, then add `verified:` with today's date");
        fields.out.push(d);
    }
}

/// `aliases`: site paths that redirect here.
pub(super) fn aliases(fields: &mut Fields<'_>, raw: &RawFrontMatter) -> Vec<String> {
    let mut aliases = Vec::new();
    for alias in &raw.aliases {
        match normalize_alias(&alias.value) {
            Ok(path) => aliases.push(path),
            Err(problem) => {
                let at = fields.spanned(alias);
                fields.error_with_help(
                    at,
                    format!("alias `{}` {problem}", alias.value),
                    "an alias is a site path like `/en/faq/old-name/`",
                );
            }
        }
    }
    aliases
}

/// `related`: slugs of articles in the same language.
pub(super) fn related(fields: &mut Fields<'_>, raw: &RawFrontMatter) -> Vec<String> {
    let mut related = Vec::new();
    for slug in &raw.related {
        if check_slug(&slug.value).is_err() {
            let at = fields.spanned(slug);
            fields.error(at, format!("related `{}` is not a slug", slug.value));
        } else {
            related.push(slug.value.clone());
        }
    }
    related
}

/// Release keys on an article that is not a release note are ignored,
/// with a warning.
pub(super) fn release_keys_elsewhere(fields: &mut Fields<'_>, keys: &[String], kind: &str) {
    if kind.is_empty() {
        return;
    }
    for key in RELEASE_KEYS {
        if keys.iter().any(|k| k == key) {
            let at = fields.key_at(key);
            let d = fields.diagnostic(
                false,
                "front-matter",
                at,
                format!("`{key}` only applies to release notes; this is a {kind} article"),
            );
            fields.out.push(d);
        }
    }
}
