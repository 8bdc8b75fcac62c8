//! `helpbook init` and `helpbook new`: files a writer starts from.
//!
//! Everything written here must build at once: `init` followed by `build`
//! is tested.

use std::path::{Path, PathBuf};

use crate::config::{CONFIG_FILE, KINDS};
use crate::content::{CONTENT_DIR, check_slug, suggest_slug};
use crate::diagnostic::{Diagnostic, Diagnostics, io_error};

/// Text `helpbook new` writes for the writer to replace; `check` (and so
/// `build`) warns while a published article still contains one.
pub const PLACEHOLDERS: [&str; 4] = [
    SUMMARY_PROMPT_EN,
    SUMMARY_PROMPT_ZH,
    BODY_PROMPT_EN,
    BODY_PROMPT_ZH,
];
const SUMMARY_PROMPT_EN: &str =
    "One sentence: what this article answers (shown in lists, search results and link previews).";
const SUMMARY_PROMPT_ZH: &str =
    "用一句话说明这篇文章解答什么问题（显示在列表、搜索结果和链接预览里）。";
const BODY_PROMPT_EN: &str = "Write the article here.";
const BODY_PROMPT_ZH: &str = "在这里写正文。";

/// What `helpbook init` did.
#[derive(Debug, Default)]
pub struct Init {
    /// Files written, relative to the site folder.
    pub written: Vec<PathBuf>,
    /// Things to tell the writer (e.g. starters left in English).
    pub notes: Vec<String>,
}

/// The `--lang` values of `init`, checked: language tags (`en`, `zh-CN`,
/// `pt-BR`; no path separators), each once (case does not matter:
/// `zh-cn` and `zh-CN` are the same folder on some systems and the same URL).
fn check_languages(languages: &[String]) -> Result<(), Diagnostics> {
    let usage = |message: String, help: &str| {
        Diagnostics::from(Diagnostic::error("usage", "--lang", message).with_help(help.to_string()))
    };
    for (index, lang) in languages.iter().enumerate() {
        if !crate::config::is_language_code(lang) {
            return Err(usage(
                format!("`{lang}` is not a language code"),
                "use a BCP 47 language tag such as `en`, `zh-CN` or `pt-BR`",
            ));
        }
        if languages[..index]
            .iter()
            .any(|l| l.eq_ignore_ascii_case(lang))
        {
            return Err(usage(
                format!("language `{lang}` is given twice"),
                "give each language once; the first is the default",
            ));
        }
    }
    Ok(())
}

/// The starter articles of one language: Chinese for `zh…`, English for
/// anything else (with a comment asking for a translation when the
/// language is not English).
fn starters(lang: &str, today: jiff::civil::Date) -> Vec<(PathBuf, String)> {
    let path =
        |kind: &str, slug: &str| PathBuf::from(format!("{CONTENT_DIR}/{lang}/{kind}/{slug}.md"));
    if lang.to_ascii_lowercase().starts_with("zh") {
        return vec![
            (
                path("faq", "getting-started"),
                format!(
                    "---\ntitle: 开始使用\nsummary: 这个帮助中心包含哪些内容，以及如何找到答案。\ncategory: account\npromoted: true\nupdated: {today}\n---\n\n欢迎。你可以按上方的分类浏览，也可以直接搜索。\n\n## 联系我们\n\n请看[如何联系我们](../contact/contact-us.md)。\n"
                ),
            ),
            (
                path("contact", "contact-us"),
                format!(
                    "---\ntitle: 联系我们\nsummary: 联系客服的官方渠道。\nverified: {today}\n---\n\n请发邮件到 support@example.com。我们绝不会索要你的密码或验证码。\n"
                ),
            ),
        ];
    }
    let note = if lang.to_ascii_lowercase().starts_with("en") {
        String::new()
    } else {
        format!("<!-- helpbook has no {lang} starter: translate this English text. -->\n\n")
    };
    vec![
        (
            path("faq", "getting-started"),
            format!(
                "---\ntitle: Getting started\nsummary: What this help center covers and how to find answers.\ncategory: account\npromoted: true\nupdated: {today}\n---\n\n{note}Welcome. Browse the topics above or use the search box.\n\n## Contacting us\n\nSee [how to contact us](../contact/contact-us.md).\n"
            ),
        ),
        (
            path("contact", "contact-us"),
            format!(
                "---\ntitle: Contact us\nsummary: The official ways to reach support.\nverified: {today}\n---\n\n{note}Write to support@example.com. We never ask for your password or verification codes.\n"
            ),
        ),
    ]
}

/// Creates a new site in `dir` with the given languages (the first is the
/// default). Refuses to touch a folder that already has a `book.toml`.
pub fn init(
    dir: &Path,
    languages: &[String],
    today: jiff::civil::Date,
) -> Result<Init, Diagnostics> {
    check_languages(languages)?;
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
    let mut init = Init::default();
    for lang in &languages {
        let lower = lang.to_ascii_lowercase();
        if !lower.starts_with("zh") && !lower.starts_with("en") {
            init.notes.push(format!(
                "helpbook has no starter articles in {lang}: content/{lang}/ has English ones to translate"
            ));
        }
        files.extend(starters(lang, today));
    }
    files.push((
        PathBuf::from(".gitignore"),
        "/public\n/.helpbook/\n".to_string(),
    ));
    for (relative, text) in files {
        let path = dir.join(&relative);
        if path.exists() {
            continue;
        }
        write_new(&path, &text)?;
        init.written.push(relative);
    }
    Ok(init)
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
    let (summary, body) = if is_zh {
        (SUMMARY_PROMPT_ZH, BODY_PROMPT_ZH)
    } else {
        (SUMMARY_PROMPT_EN, BODY_PROMPT_EN)
    };
    front.push_str(&format!("summary: {}\n", yaml_string(summary)));
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
    // A draft until the writer removes this line: `build` leaves it out
    // (`--drafts` and `serve --drafts` show it).
    front.push_str(&format!("updated: {today}\ndraft: true\n---\n\n"));
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
    write_new(&path, &format!("{front}{body}\n"))?;
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
