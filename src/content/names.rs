//! Names and dates in front matter: URL-safe slugs, alias paths and
//! `YYYY-MM-DD` dates, checked the same way wherever they are written.

use jiff::civil::Date;

/// Parses `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if text.len() != 10 {
        return None;
    }
    text.parse::<Date>().ok()
}

/// Why a slug is not URL-safe, if it is not.
pub fn check_slug(slug: &str) -> Result<(), &'static str> {
    if slug.is_empty() {
        return Err("is empty");
    }
    if slug.len() > 120 {
        return Err("is longer than 120 characters");
    }
    if slug.contains("..") || slug.contains('/') || slug.contains('\\') {
        return Err("contains a path separator or `..`");
    }
    if !slug.is_ascii() {
        return Err("has non-ASCII characters");
    }
    if slug.chars().any(|c| c.is_ascii_uppercase()) {
        return Err("has upper-case letters");
    }
    if !slug
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err("has characters that are not URL-safe");
    }
    if !slug.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err("must start with a letter or digit");
    }
    Ok(())
}

/// A URL-safe slug for arbitrary text (pinyin or a transliteration for
/// other scripts: `重置密码` → `zhong-zhi-mi-ma`), for "did you mean" help
/// and for categories written as display names.
pub fn suggest_slug(text: &str) -> String {
    let suggestion = slug::slugify(text);
    if suggestion.is_empty() {
        "my-article".to_string()
    } else {
        suggestion
    }
}

/// Checks an alias path and gives it a trailing `/` (unless it names a file
/// like `old.html`).
pub fn normalize_alias(alias: &str) -> Result<String, &'static str> {
    let alias = alias.trim();
    if !alias.starts_with('/') {
        return Err("must start with `/`");
    }
    if alias.contains("//") || alias.contains('\\') {
        return Err("contains an empty segment or a backslash");
    }
    let mut segments = alias.split('/').filter(|s| !s.is_empty()).peekable();
    if segments.peek().is_none() {
        return Err("points at the site root");
    }
    for segment in alias.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." {
            return Err("contains `.` or `..` segments");
        }
        if !segment
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'))
        {
            return Err("has characters that are not URL-safe");
        }
        if segment.starts_with('.') {
            return Err("has a hidden (dot) segment");
        }
    }
    let last = alias.rsplit('/').next().unwrap_or_default();
    if alias.ends_with('/') || last.contains('.') {
        Ok(alias.to_string())
    } else {
        Ok(format!("{alias}/"))
    }
}
