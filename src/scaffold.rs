//! `helpbook init` and `helpbook new`: files a writer starts from.
//!
//! Everything written here must build at once: `init` followed by `build`
//! is tested.

use std::path::{Path, PathBuf};

use crate::config::{CONFIG_FILE, KINDS};
use crate::content::{CONTENT_DIR, check_slug, suggest_slug};
use crate::diagnostic::{Diagnostic, Diagnostics, io_error};

/// Creates a new site in `dir` with the given languages (the first is the
/// default). Refuses to touch a folder that already has a `book.toml`.
pub fn init(
    dir: &Path,
    languages: &[String],
    today: jiff::civil::Date,
) -> Result<Vec<PathBuf>, Diagnostics> {
    if dir.join(CONFIG_FILE).exists() {
        return Err(
            Diagnostic::error("init", dir.join(CONFIG_FILE), "a site already exists here")
                .with_help("choose an empty folder, or edit the existing book.toml")
                .into(),
        );
    }
    let languages: Vec<String> = if languages.is_empty() {
        vec!["en".to_string()]
    } else {
        languages.to_vec()
    };
    let quoted: Vec<String> = languages
        .iter()
        .map(|l| format!("\"{}\"", l.replace('"', "")))
        .collect();
    let mut files: Vec<(PathBuf, String)> = vec![(
        PathBuf::from(CONFIG_FILE),
        format!(
            r#"# helpbook site configuration. Every key is documented in helpbook's README.
title = "Help Center"
description = "Answers, contact methods and security advice."
base_url = "https://help.example.com/"
default_language = "{default}"
languages = [{languages}]

[categories]
account = "Account"

# The official contact registry: the contact page is rendered from it and
# `helpbook check` flags any other number or address found in articles.
[[contacts]]
channel = "email"
value = "support@example.com"
label = "Support"
hours = "Mon–Fri 09:00–18:00"

[check]
allowed_domains = ["example.com"]
max_verified_age_days = 180
"#,
            default = languages[0],
            languages = quoted.join(", ")
        ),
    )];
    for lang in &languages {
        files.push((
            PathBuf::from(format!("{CONTENT_DIR}/{lang}/faq/getting-started.md")),
            format!(
                "---\ntitle: Getting started\nsummary: What this help center covers and how to find answers.\ncategory: account\npromoted: true\nupdated: {today}\n---\n\nWelcome. Browse the topics above or use the search box.\n\n## Contacting us\n\nSee [how to contact us](../contact/contact-us.md).\n"
            ),
        ));
        files.push((
            PathBuf::from(format!("{CONTENT_DIR}/{lang}/contact/contact-us.md")),
            format!(
                "---\ntitle: Contact us\nsummary: The official ways to reach support.\nverified: {today}\n---\n\nWrite to support@example.com. We never ask for your password or verification codes.\n"
            ),
        ));
    }
    files.push((PathBuf::from(".gitignore"), "/public\n".to_string()));
    let mut written = Vec::new();
    for (relative, text) in files {
        let path = dir.join(&relative);
        if path.exists() {
            continue;
        }
        write_new(&path, &text)?;
        written.push(relative);
    }
    Ok(written)
}

/// What `helpbook new` is asked to create.
#[derive(Debug, Clone)]
pub struct NewArticle {
    pub kind: String,
    pub slug: String,
    pub lang: String,
    pub title: Option<String>,
}

/// Creates `content/<lang>/<kind>/<slug>.md` with its front matter filled in.
pub fn new_article(
    root: &Path,
    config: &crate::Config,
    request: &NewArticle,
    today: jiff::civil::Date,
) -> Result<PathBuf, Diagnostics> {
    let usage = |message: String, help: String| {
        Diagnostics::from(Diagnostic::error("usage", "(command line)", message).with_help(help))
    };
    if !KINDS.contains(&request.kind.as_str()) {
        return Err(usage(
            format!("unknown kind `{}`", request.kind),
            format!("kind is one of {}", KINDS.join(", ")),
        ));
    }
    if config.language(&request.lang).is_none() {
        let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
        return Err(usage(
            format!(
                "language `{}` is not in book.toml's `languages`",
                request.lang
            ),
            match crate::config::did_you_mean(&request.lang, &codes) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("languages are {}", codes.join(", ")),
            },
        ));
    }
    if let Err(problem) = check_slug(&request.slug) {
        return Err(usage(
            format!("slug `{}` {problem}", request.slug),
            format!("try `{}`", suggest_slug(&request.slug)),
        ));
    }
    let is_zh = request.lang.starts_with("zh");
    let mut front = String::from("---\n");
    let title = match (&request.title, request.kind.as_str()) {
        (Some(title), _) => title.clone(),
        (None, "release") if is_zh => format!("{} 版本说明", request.slug),
        (None, "release") => format!("Version {}", request.slug),
        (None, _) => title_from_slug(&request.slug),
    };
    front.push_str(&format!("title: {}\n", yaml_string(&title)));
    front.push_str("summary: \"\"\n");
    match request.kind.as_str() {
        "release" => {
            let version = semver::Version::parse(request.slug.trim_start_matches('v')).map_err(|_| {
                usage(
                    format!("for a release note the slug is its version, and `{}` is not a semantic version", request.slug),
                    "for example `helpbook new release 2.4.0 --lang en`".into(),
                )
            })?;
            front.push_str(&format!(
                "version: \"{version}\"\ndate: {today}\nplatforms: [ios, android]\nmin_safe_version: \"{version}\"\n"
            ));
        }
        "contact" | "security" => front.push_str(&format!("verified: {today}\n")),
        _ => {}
    }
    front.push_str(&format!("updated: {today}\n---\n\n"));
    let body = if is_zh {
        "在这里写正文。\n"
    } else {
        "Write the article here.\n"
    };
    let relative = PathBuf::from(format!(
        "{CONTENT_DIR}/{}/{}/{}.md",
        request.lang, request.kind, request.slug
    ));
    let path = root.join(&relative);
    if path.exists() {
        return Err(
            Diagnostic::error("new", &relative, "the file already exists")
                .with_help("choose another slug or edit the file")
                .into(),
        );
    }
    write_new(&path, &format!("{front}{body}"))?;
    Ok(relative)
}

fn write_new(path: &Path, text: &str) -> Result<(), Diagnostics> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Diagnostics::from(io_error(parent, "create the folder", &e)))?;
    }
    std::fs::write(path, text).map_err(|e| Diagnostics::from(io_error(path, "write", &e)))
}

/// `reset-password` → `Reset password`.
fn title_from_slug(slug: &str) -> String {
    let words = slug.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A YAML double-quoted string.
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}
