//! `book.toml` → a validated [`Config`].
//!
//! The file is parsed strictly: an unknown key is an error with a "did you
//! mean" (a typo in `max_verified_age_days` must not silently turn a check
//! off), and a wrong type names the key, its line, and what was expected.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Diagnostics};

/// The file name of a site's configuration.
pub const CONFIG_FILE: &str = "book.toml";

/// The kinds of article a help center has, in the order they are shown.
pub const KINDS: [&str; 4] = ["contact", "faq", "security", "release"];

/// A validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Always ends with `/`.
    pub base_url: String,
    /// The path part of `base_url`, e.g. `/` or `/help/`: every URL in the site starts with it.
    pub base_path: String,
    /// The default language first.
    pub languages: Vec<LanguageConfig>,
    pub theme: Option<String>,
    /// Category slug → language code → display name, in the order of `book.toml`.
    pub categories: Vec<CategoryConfig>,
    pub search: SearchConfig,
    /// The official registry: channels the operator owns and answers on.
    pub contacts: Vec<Contact>,
    /// How national phone spellings are read (`default_region = "CN"`).
    pub default_region: Option<crate::contact::phone::Region>,
    /// Contacts that articles may mention and whose they are.
    pub third_parties: Vec<ThirdParty>,
    /// Reported fake numbers, handles, look-alike domains, counterfeit apps.
    pub scams: Vec<Scam>,
    pub check: CheckConfig,
    pub seo: SeoConfig,
    pub content: ContentConfig,
    pub markdown: MarkdownConfig,
    pub feedback: FeedbackConfig,
    /// `favicon`: a file of the site (relative to the root) used as the
    /// favicon instead of the theme's `static/favicon.svg`.
    pub favicon: Option<String>,
}

/// `[markdown]`: what Markdown may contain.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    #[serde(default)]
    pub raw_html: RawHtml,
}

/// What happens to raw HTML written in Markdown (`[markdown] raw_html`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RawHtml {
    /// Kept, minus anything that could run script or restyle the page
    /// (ammonia's allowlist); each removal is a warning.
    #[default]
    Sanitize,
    /// Kept as written: only for sites whose every writer is trusted.
    Allow,
    /// Removed, with a warning for each piece.
    Deny,
}

/// `[feedback]`: the optional "Was this helpful?" question under each
/// article. Off unless `endpoint` is set; answers are POSTed there as a
/// form (`url`, `lang`, `helpful` = `yes`|`no`), without cookies.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackConfig {
    #[serde(default)]
    pub endpoint: Option<String>,
}

/// `[content]`: rules a site may tighten for its own articles.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContentConfig {
    /// Make a release note without a semantic `version` an error. Off by
    /// default: many help centers publish dated announcements ("maintenance
    /// on 18 May") among their release notes; a site whose CI must catch a
    /// forgotten version turns this on.
    #[serde(default)]
    pub require_release_version: bool,
}

/// `[seo]`: structured data that a site opts into.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeoConfig {
    /// Emit `FAQPage` JSON-LD on each language's FAQ page. Off by default:
    /// search engines stopped showing FAQ rich results, and markup that
    /// earns nothing is only weight.
    #[serde(default)]
    pub faq_page: bool,
}

#[derive(Debug, Clone)]
pub struct LanguageConfig {
    /// As written in `book.toml` and in `content/<code>/`, e.g. `zh-CN`.
    pub code: String,
    /// Used in URLs: the code lowercased, e.g. `zh-cn`.
    pub url_code: String,
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone)]
pub struct CategoryConfig {
    pub slug: String,
    pub names: BTreeMap<String, String>,
}

/// `[search]`: field boosts, synonyms and pinned results.
#[derive(Debug, Clone, Default)]
pub struct SearchConfig {
    pub boost: Boost,
    /// Language code → groups of words or phrases that mean the same thing
    /// to a reader (`["退款", "退回", "退钱"]`), applied to queries (never to
    /// the index), in `book.toml` order.
    pub synonyms: BTreeMap<String, Vec<Vec<String>>>,
    /// Promoted results, in `book.toml` order.
    pub pins: Vec<Pin>,
}

/// `[search]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSearch {
    #[serde(default)]
    boost: Boost,
    #[serde(default)]
    synonyms: BTreeMap<Spanned<String>, Vec<Vec<String>>>,
    #[serde(default)]
    pins: Vec<Spanned<Pin>>,
}

/// `[[search.pins]]`: articles shown first, in this order, for queries that
/// are (`exact`) or contain (`contains`) one of the phrases, compared as
/// analyzer tokens (so case, width and punctuation do not matter).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pin {
    /// The language whose search this rule is for.
    pub lang: String,
    /// The whole query is one of these.
    #[serde(default)]
    pub exact: Vec<String>,
    /// The query contains one of these (its tokens, in order, next to each other).
    #[serde(default)]
    pub contains: Vec<String>,
    /// Slugs of the articles to pin, in that language.
    pub articles: Vec<String>,
    /// Also show the official channels card (from `[[contacts]]`) above the results.
    #[serde(default)]
    pub contacts: bool,
    /// 1-based line of the rule in `book.toml`, for diagnostics.
    #[serde(skip)]
    pub line: usize,
    /// The text of that line.
    #[serde(skip)]
    pub excerpt: String,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Boost {
    #[serde(default = "default_title_boost")]
    pub title: f32,
    #[serde(default = "default_headings_boost")]
    pub headings: f32,
    #[serde(default = "default_tags_boost")]
    pub tags: f32,
    #[serde(default = "default_body_boost")]
    pub body: f32,
    /// Two query words (of letters and digits) next to each other, in
    /// order, in a title or heading.
    #[serde(default = "default_pairs_boost")]
    pub pairs: f32,
    /// A single Chinese or Japanese character of the query in a title,
    /// heading or tag.
    #[serde(default = "default_chars_boost")]
    pub chars: f32,
}

fn default_title_boost() -> f32 {
    4.0
}
fn default_headings_boost() -> f32 {
    2.0
}
fn default_tags_boost() -> f32 {
    2.0
}
fn default_body_boost() -> f32 {
    1.0
}
fn default_pairs_boost() -> f32 {
    2.0
}
fn default_chars_boost() -> f32 {
    1.0
}

impl Default for Boost {
    fn default() -> Self {
        Boost {
            title: default_title_boost(),
            headings: default_headings_boost(),
            tags: default_tags_boost(),
            body: default_body_boost(),
            pairs: default_pairs_boost(),
            chars: default_chars_boost(),
        }
    }
}

/// A channel through which the help center is officially reachable.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Phone,
    Email,
    Chat,
    Url,
    Qq,
    Wechat,
    Telegram,
    X,
}

/// One entry of the official contact registry.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// What articles reference it by: `[call us](contact:hotline)`.
    #[serde(default)]
    pub id: Option<String>,
    pub channel: Channel,
    pub value: String,
    #[serde(default)]
    pub label: String,
    #[serde(default)]
    pub hours: String,
    /// Languages support answers in; empty means all.
    #[serde(default)]
    pub languages: Vec<String>,
    /// For emergencies (a lost phone, freezing an account): listed first
    /// and marked as urgent on the contact page.
    #[serde(default)]
    pub urgent: bool,
    /// `label` and `hours` in other languages, e.g.
    /// `translations.en = { label = "Support hotline" }`: the contact page of
    /// each language shows its own words.
    #[serde(default)]
    pub translations: BTreeMap<String, ContactText>,
}

/// A contact's `label` and `hours` in one language.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ContactText {
    pub label: Option<String>,
    pub hours: Option<String>,
}

impl Contact {
    /// The label shown to readers of `lang`.
    pub fn label_in(&self, lang: &str) -> &str {
        self.translations
            .get(lang)
            .and_then(|t| t.label.as_deref())
            .unwrap_or(&self.label)
    }

    /// The hours shown to readers of `lang`.
    pub fn hours_in(&self, lang: &str) -> &str {
        self.translations
            .get(lang)
            .and_then(|t| t.hours.as_deref())
            .unwrap_or(&self.hours)
    }
}

/// `[[third_parties]]`: someone else's contacts that articles may mention
/// (a bank's hotline, an exchange's support address, a block explorer).
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ThirdParty {
    /// Whose they are, in the default language.
    pub name: String,
    /// Phone numbers, email addresses, domains or accounts.
    pub contacts: Vec<String>,
    /// `translations.en = { name = "Example Bank" }`.
    #[serde(default)]
    pub translations: BTreeMap<String, ThirdPartyText>,
}

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ThirdPartyText {
    pub name: Option<String>,
}

/// `[[scams]]`: a reported fake number, account, look-alike domain or
/// counterfeit app version.
#[derive(Debug, Clone)]
pub struct Scam {
    pub value: String,
    /// The day it was first reported.
    pub reported: jiff::civil::Date,
    /// What it does, in the default language.
    pub description: String,
    pub translations: BTreeMap<String, ScamText>,
}

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct ScamText {
    pub description: Option<String>,
}

/// `[[scams]]` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScam {
    value: String,
    reported: toml::Value,
    #[serde(default)]
    description: String,
    #[serde(default)]
    translations: BTreeMap<String, ScamText>,
}

/// What an ordinary link to a site on no list is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkPolicy {
    #[default]
    Warning,
    Error,
    Off,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckConfig {
    /// Link domains that are fine to link to: never "official".
    #[serde(default)]
    pub allowed_domains: Vec<String>,
    /// An unlisted ordinary link: `warning` (default), `error` or `off`.
    /// Unlisted phone numbers, emails, accounts, `tel:`/`mailto:` links and
    /// any link in a contact article are errors whatever this says.
    #[serde(default)]
    pub unlisted_links: LinkPolicy,
    #[serde(default = "default_max_verified_age_days")]
    pub max_verified_age_days: u32,
}

fn default_max_verified_age_days() -> u32 {
    180
}

impl Default for CheckConfig {
    fn default() -> Self {
        CheckConfig {
            allowed_domains: Vec::new(),
            unlisted_links: LinkPolicy::default(),
            max_verified_age_days: default_max_verified_age_days(),
        }
    }
}

/// `book.toml` as written, before validation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    base_url: Spanned<String>,
    default_language: Spanned<String>,
    languages: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    theme: Option<Spanned<String>>,
    #[serde(default)]
    lang: BTreeMap<Spanned<String>, RawLanguage>,
    #[serde(default)]
    categories: toml::Table,
    #[serde(default)]
    search: RawSearch,
    #[serde(default)]
    contacts: Vec<Spanned<Contact>>,
    #[serde(default)]
    default_region: Option<Spanned<String>>,
    #[serde(default)]
    third_parties: Vec<Spanned<ThirdParty>>,
    #[serde(default)]
    scams: Vec<Spanned<RawScam>>,
    #[serde(default)]
    check: CheckConfig,
    #[serde(default)]
    seo: SeoConfig,
    #[serde(default)]
    markdown: MarkdownConfig,
    #[serde(default)]
    feedback: FeedbackConfig,
    #[serde(default)]
    favicon: Option<Spanned<String>>,
    #[serde(default)]
    content: ContentConfig,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLanguage {
    title: Option<String>,
    description: Option<String>,
}

impl Config {
    /// Reads and validates `<root>/book.toml`.
    pub fn load(root: &Path) -> Result<Config, Diagnostics> {
        let path = root.join(CONFIG_FILE);
        let source = std::fs::read_to_string(&path).map_err(|error| {
            let diagnostic = if error.kind() == std::io::ErrorKind::NotFound {
                Diagnostic::error(
                    "config",
                    CONFIG_FILE,
                    format!("no {CONFIG_FILE} in {}", root.display()),
                )
                .with_help("run `helpbook init DIR` to create a site, or pass `--root DIR`")
            } else {
                Diagnostic::error("config", CONFIG_FILE, format!("cannot read: {error}"))
            };
            Diagnostics::from(diagnostic)
        })?;
        Config::parse(&source)
    }

    /// Parses and validates the text of a `book.toml`.
    pub fn parse(source: &str) -> Result<Config, Diagnostics> {
        let raw: RawConfig = toml::from_str(source).map_err(|e| toml_error(source, &e))?;
        validate(raw, source)
    }

    pub fn language(&self, code: &str) -> Option<&LanguageConfig> {
        self.languages.iter().find(|l| l.code == code)
    }

    pub fn default_language(&self) -> &LanguageConfig {
        // `validate` guarantees at least one language.
        &self.languages[0]
    }

    /// The display name of a category in a language: the configured one,
    /// else the slug.
    pub fn category_name(&self, slug: &str, lang: &str) -> String {
        self.categories
            .iter()
            .find(|c| c.slug == slug)
            .and_then(|c| c.names.get(lang).or_else(|| c.names.values().next()))
            .cloned()
            .unwrap_or_else(|| slug.to_string())
    }

    /// The slug of the `[categories]` entry that has `name` as its display
    /// name: first in `lang`, then in any language (case-insensitive), so
    /// `category: 账户与登录` lands in `account`.
    pub fn category_by_name(&self, name: &str, lang: &str) -> Option<&str> {
        let name = name.trim().to_lowercase();
        let same = |n: &String| n.trim().to_lowercase() == name;
        self.categories
            .iter()
            .find(|c| c.names.get(lang).is_some_and(same))
            .or_else(|| self.categories.iter().find(|c| c.names.values().any(same)))
            .map(|c| c.slug.as_str())
    }

    /// Position of a category in `book.toml`; unknown categories sort after.
    pub fn category_rank(&self, slug: &str) -> usize {
        self.categories
            .iter()
            .position(|c| c.slug == slug)
            .unwrap_or(self.categories.len())
    }
}

/// Turns a TOML parse or type error into a diagnostic with line, column and
/// a "did you mean" for unknown keys.
fn toml_error(source: &str, error: &toml::de::Error) -> Diagnostics {
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
    } else if let Some(key) = diagnostic.excerpt.as_deref().and_then(key_of_line) {
        diagnostic.message = format!("`{key}`: {message}");
    }
    diagnostic.into()
}

/// The field name in serde's "unknown field `x`, expected …" message.
fn unknown_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
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

/// The closest candidate to `word`, if it is close enough to be a typo.
pub fn did_you_mean<S: AsRef<str>>(word: &str, candidates: &[S]) -> Option<String> {
    // Case is ignored (`zh-cn` → `zh-CN`); beyond that, one edit per three
    // characters, so that `fr` does not suggest `en`.
    let word = word.to_lowercase();
    candidates
        .iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&word, &c.as_ref().to_lowercase()),
                c.as_ref(),
            )
        })
        .filter(|(distance, c)| *distance <= 1.max(c.chars().count() / 3))
        .min()
        .map(|(_, c)| c.to_string())
}

/// `key` in a line `key = value`.
fn key_of_line(line: &str) -> Option<String> {
    let (key, _) = line.split_once('=')?;
    let key = key.trim();
    (!key.is_empty() && !key.starts_with('[')).then(|| key.to_string())
}

/// A BCP 47-like language tag: `en`, `zh-CN`, `pt-BR`, `zh-Hant`.
pub fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    first_ok
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

fn validate(raw: RawConfig, source: &str) -> Result<Config, Diagnostics> {
    let mut errors = Diagnostics::default();
    let error_at = |offset: usize, message: String| {
        Diagnostic::error("config", CONFIG_FILE, message).at_offset(source, offset)
    };

    // base_url
    let base_url_text = raw.base_url.get_ref().trim().to_string();
    let mut base_url = base_url_text.clone();
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    let base_path = base_path_of(&base_url);
    if base_path.is_none() {
        errors.push(
            error_at(
                raw.base_url.span().start,
                format!("`base_url` must be an absolute http(s) URL, found `{base_url_text}`"),
            )
            .with_help("for example `base_url = \"https://help.example.com/\"`"),
        );
    }

    // languages
    let mut languages: Vec<LanguageConfig> = Vec::new();
    for code in raw.languages.get_ref() {
        let text = code.get_ref();
        if !is_language_code(text) {
            errors.push(
                error_at(
                    code.span().start,
                    format!("`{text}` is not a language code"),
                )
                .with_help("use a code like `en`, `zh-CN` or `pt-BR`"),
            );
        } else if languages.iter().any(|l| l.url_code == text.to_lowercase()) {
            errors.push(error_at(
                code.span().start,
                format!("language `{text}` is listed twice"),
            ));
        } else {
            languages.push(LanguageConfig {
                code: text.clone(),
                url_code: text.to_lowercase(),
                title: raw.title.clone(),
                description: raw.description.clone(),
            });
        }
    }
    if raw.languages.get_ref().is_empty() {
        errors.push(
            error_at(raw.languages.span().start, "`languages` is empty".into())
                .with_help("list the folders of content/, e.g. `languages = [\"en\"]`"),
        );
    }
    let default = raw.default_language.get_ref();
    match languages.iter().position(|l| &l.code == default) {
        Some(index) => {
            let lang = languages.remove(index);
            languages.insert(0, lang);
        }
        None if !languages.is_empty() => {
            let codes: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
            let mut diagnostic = error_at(
                raw.default_language.span().start,
                format!("`default_language` `{default}` is not in `languages`"),
            );
            diagnostic = match did_you_mean(default, &codes) {
                Some(s) => diagnostic.with_help(format!("did you mean `{s}`?")),
                None => {
                    diagnostic.with_help(format!("add it to `languages` ({})", codes.join(", ")))
                }
            };
            errors.push(diagnostic);
        }
        None => {}
    }

    // [lang.<code>]
    for (code, overrides) in raw.lang {
        let Some(language) = languages.iter_mut().find(|l| &l.code == code.get_ref()) else {
            let codes: Vec<&str> = raw
                .languages
                .get_ref()
                .iter()
                .map(|c| c.get_ref().as_str())
                .collect();
            let mut diagnostic = error_at(
                code.span().start,
                format!(
                    "[lang.{}] names a language that is not in `languages`",
                    code.get_ref()
                ),
            );
            if let Some(s) = did_you_mean(code.get_ref(), &codes) {
                diagnostic = diagnostic.with_help(format!("did you mean `{s}`?"));
            }
            errors.push(diagnostic);
            continue;
        };
        if let Some(title) = overrides.title {
            language.title = title;
        }
        if let Some(description) = overrides.description {
            language.description = description;
        }
    }

    // [categories]
    let mut categories = Vec::new();
    for (slug, names) in &raw.categories {
        let mut map = BTreeMap::new();
        let offset = source.find(&format!("\n{slug}")).map_or(0, |i| i + 1);
        match names {
            toml::Value::Table(table) => {
                for (lang, name) in table {
                    match name.as_str() {
                        Some(name) if languages.iter().any(|l| &l.code == lang) => {
                            map.insert(lang.clone(), name.to_string());
                        }
                        Some(_) => errors.push(error_at(
                            offset,
                            format!("category `{slug}` names language `{lang}`, which is not in `languages`"),
                        )),
                        None => errors.push(error_at(
                            offset,
                            format!("category `{slug}`: the name for `{lang}` must be a string"),
                        )),
                    }
                }
            }
            toml::Value::String(name) => {
                for language in &languages {
                    map.insert(language.code.clone(), name.clone());
                }
            }
            _ => errors.push(
                error_at(
                    offset,
                    format!("category `{slug}` must be a name or a table of names per language"),
                )
                .with_help(format!(
                    "for example `{slug} = {{ en = \"Account\", zh-CN = \"账户\" }}`"
                )),
            ),
        }
        categories.push(CategoryConfig {
            slug: slug.clone(),
            names: map,
        });
    }

    // [search]
    let search = validate_search(raw.search, &languages, source, &mut errors);

    let lists = validate_contact_lists(
        raw.contacts,
        raw.default_region,
        raw.third_parties,
        raw.scams,
        &languages,
        source,
        &mut errors,
    );

    // theme
    let theme = match raw.theme {
        Some(theme) => {
            let name = theme.get_ref();
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                errors.push(error_at(
                    theme.span().start,
                    format!("`theme` must be a folder name under themes/ (letters, digits, - and _), found `{name}`"),
                ));
                None
            } else {
                Some(name.clone())
            }
        }
        None => None,
    };

    // [feedback]
    if let Some(endpoint) = &raw.feedback.endpoint
        && feedback_origin(endpoint).is_none()
    {
        errors.push(
            error_at(
                source.find("endpoint").unwrap_or(0),
                format!("`[feedback] endpoint` must be an https:// URL, found `{endpoint}`"),
            )
            .with_help("for example `endpoint = \"https://feedback.example.com/helpbook\"`, or remove it to turn the question off"),
        );
    }

    // favicon
    let favicon = match raw.favicon {
        Some(path) => {
            let text = path.get_ref();
            let safe = !text.is_empty()
                && !text.starts_with(['/', '\\'])
                && !text.contains(':')
                && !text.split(['/', '\\']).any(|part| part == "..");
            if safe {
                Some(text.clone())
            } else {
                errors.push(
                    error_at(
                        path.span().start,
                        format!("`favicon` must be a path inside the site folder, found `{text}`"),
                    )
                    .with_help("for example `favicon = \"favicon.png\"` next to book.toml"),
                );
                None
            }
        }
        None => None,
    };

    if errors.has_errors() {
        return Err(errors);
    }
    Ok(Config {
        title: raw.title,
        description: raw.description,
        base_url,
        base_path: base_path.unwrap_or_else(|| "/".to_string()),
        languages,
        theme,
        categories,
        search,
        contacts: lists.contacts,
        default_region: lists.region,
        third_parties: lists.third_parties,
        scams: lists.scams,
        check: raw.check,
        seo: raw.seo,
        markdown: raw.markdown,
        feedback: raw.feedback,
        favicon,
        content: raw.content,
    })
}

/// Checks `[search]`: boosts are numbers ≥ 0, synonyms and pins name
/// languages of the site, and every word or phrase has something to search
/// for (an analyzer token).
fn validate_search(
    raw: RawSearch,
    languages: &[LanguageConfig],
    source: &str,
    errors: &mut Diagnostics,
) -> SearchConfig {
    let error_at = |offset: usize, message: String| {
        Diagnostic::error("config", CONFIG_FILE, message).at_offset(source, offset)
    };
    let boost = raw.boost;
    for (name, value) in [
        ("title", boost.title),
        ("headings", boost.headings),
        ("tags", boost.tags),
        ("body", boost.body),
        ("pairs", boost.pairs),
        ("chars", boost.chars),
    ] {
        if !value.is_finite() || value < 0.0 {
            let offset = source.find("boost").unwrap_or(0);
            errors.push(error_at(
                offset,
                format!("search boost `{name}` must be a number ≥ 0, found {value}"),
            ));
        }
    }
    let codes: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
    let unknown_language = |code: &str, offset: usize, what: &str| {
        let mut diagnostic = error_at(
            offset,
            format!("{what} names language `{code}`, which is not in `languages`"),
        );
        if let Some(s) = did_you_mean(code, &codes) {
            diagnostic = diagnostic.with_help(format!("did you mean `{s}`?"));
        }
        diagnostic
    };
    let nothing_to_search = |phrase: &str| {
        crate::search::analyzer::analyze(phrase)
            .is_empty()
            .then(|| format!("`{phrase}` has no letters or digits, so no query can match it"))
    };
    let mut synonyms = BTreeMap::new();
    for (code, groups) in raw.synonyms {
        let offset = code.span().start;
        let code = code.into_inner();
        if !codes.contains(&code.as_str()) {
            errors.push(unknown_language(&code, offset, "[search.synonyms]"));
            continue;
        }
        for group in &groups {
            if group.len() < 2 {
                errors.push(
                    error_at(
                        offset,
                        format!(
                            "a synonym group of `{code}` has fewer than two entries: {group:?}"
                        ),
                    )
                    .with_help(
                        "list the words that mean the same, e.g. [\"refund\", \"money back\"]",
                    ),
                );
            }
            for phrase in group {
                if let Some(problem) = nothing_to_search(phrase) {
                    errors.push(error_at(
                        offset,
                        format!("[search.synonyms] {code}: {problem}"),
                    ));
                }
            }
        }
        synonyms.insert(code, groups);
    }
    let mut pins = Vec::new();
    for pin in raw.pins {
        let offset = pin.span().start;
        let mut pin = pin.into_inner();
        let (line, _) = crate::diagnostic::line_column(source, offset);
        pin.line = line;
        pin.excerpt = source
            .lines()
            .nth(line.saturating_sub(1))
            .unwrap_or("")
            .to_string();
        if !codes.contains(&pin.lang.as_str()) {
            errors.push(unknown_language(&pin.lang, offset, "[[search.pins]]"));
        }
        if pin.exact.is_empty() && pin.contains.is_empty() {
            errors.push(
                error_at(
                    offset,
                    "a [[search.pins]] rule has neither `exact` nor `contains` phrases".into(),
                )
                .with_help("add the queries it is for, e.g. exact = [\"contact us\"]"),
            );
        }
        if pin.articles.is_empty() {
            errors.push(error_at(
                offset,
                "a [[search.pins]] rule pins no `articles`".into(),
            ));
        }
        for phrase in pin.exact.iter().chain(&pin.contains) {
            if let Some(problem) = nothing_to_search(phrase) {
                errors.push(error_at(offset, format!("[[search.pins]]: {problem}")));
            }
        }
        pins.push(pin);
    }
    SearchConfig {
        boost,
        synonyms,
        pins,
    }
}

/// The origin (`https://host[:port]`) of a feedback endpoint, which the
/// pages' Content-Security-Policy must allow; `None` unless it is https.
pub fn feedback_origin(endpoint: &str) -> Option<String> {
    let rest = endpoint.strip_prefix("https://")?;
    let host = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let valid = !host.is_empty()
        && !host.contains('@')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    valid.then(|| format!("https://{}", host.to_ascii_lowercase()))
}

/// The offset of `key = …` inside the table that spans `span` (so an error
/// points at the line of the value, not the table's header), else the
/// table's start.
fn field_offset(source: &str, span: std::ops::Range<usize>, key: &str) -> usize {
    // The span of an array-of-tables entry may cover only its header: read
    // on to the next header.
    let rest = source.get(span.start..).unwrap_or_default();
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        if i > 0 && trimmed.starts_with('[') {
            break;
        }
        if trimmed
            .strip_prefix(key)
            .is_some_and(|after| after.trim_start().starts_with('='))
        {
            return span.start + offset + (line.len() - trimmed.len());
        }
        offset += line.len();
    }
    span.start
}

/// The validated contact lists of book.toml.
struct ContactLists {
    contacts: Vec<Contact>,
    region: Option<crate::contact::phone::Region>,
    third_parties: Vec<ThirdParty>,
    scams: Vec<Scam>,
}

/// `default_region`, `[[contacts]]`, `[[third_parties]]` and `[[scams]]`:
/// every value must read as what it claims to be, registry phone numbers
/// with their country code, ids unique, languages known, and nothing both
/// official and something else.
fn validate_contact_lists(
    contacts: Vec<Spanned<Contact>>,
    region: Option<Spanned<String>>,
    third_parties: Vec<Spanned<ThirdParty>>,
    scams: Vec<Spanned<RawScam>>,
    languages: &[LanguageConfig],
    source: &str,
    errors: &mut Diagnostics,
) -> ContactLists {
    use crate::contact::phone::Region;
    use crate::contact::registry::{listed_key, official_key, registry_problem};
    let error_at = |offset: usize, message: String| {
        Diagnostic::error("config", CONFIG_FILE, message).at_offset(source, offset)
    };
    let known_language = |lang: &str| languages.iter().any(|l| l.code == lang);

    let region = region.and_then(|code| match Region::from_code(code.get_ref()) {
        Some(region) => Some(region),
        None => {
            let mut d = error_at(
                code.span().start,
                format!(
                    "`default_region` `{}` is not a region code",
                    code.get_ref()
                ),
            );
            d = match did_you_mean(code.get_ref(), &Region::known_codes()) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help(
                    "use the two-letter ISO code of the country whose national phone numbers articles and readers write, e.g. `CN` or `US`",
                ),
            };
            errors.push(d);
            None
        }
    });

    let mut official = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for contact in contacts {
        let span = contact.span();
        let offset = field_offset(source, span.clone(), "value");
        let contact = contact.into_inner();
        if contact.value.trim().is_empty() {
            errors.push(error_at(offset, "a contact has an empty `value`".into()));
        } else if let Some(problem) = registry_problem(&contact, region.as_ref()) {
            // A registry entry `check` cannot compare against would make
            // every spelling of it in the articles an error, or none.
            errors.push(error_at(offset, problem));
        } else if let Some(key) = official_key(&contact, region.as_ref()) {
            official.push((key, contact.value.clone()));
        }
        if let Some(id) = &contact.id {
            let offset = field_offset(source, span.clone(), "id");
            let valid = !id.is_empty()
                && id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
            if !valid {
                errors.push(
                    error_at(offset, format!("contact id `{id}` must be lowercase letters, digits, `-` or `_`"))
                        .with_help("for example `id = \"hotline\"`; articles reference it as `[](contact:hotline)`"),
                );
            } else if ids.contains(id) {
                errors.push(error_at(offset, format!("contact id `{id}` is used twice")));
            } else {
                ids.push(id.clone());
            }
        }
        for lang in contact.languages.iter().chain(contact.translations.keys()) {
            if !known_language(lang) {
                errors.push(error_at(
                    offset,
                    format!(
                        "contact `{}` lists language `{lang}`, which is not in `languages`",
                        contact.value
                    ),
                ));
            }
        }
        out.push(contact);
    }

    // The same value on two lists would give two answers.
    let clash = |key: &crate::contact::Normalized| {
        official
            .iter()
            .find(|(o, _)| o == key)
            .map(|(_, value)| value.clone())
    };
    let mut parties = Vec::new();
    for party in third_parties {
        let offset = field_offset(source, party.span(), "contacts");
        let party = party.into_inner();
        if party.name.trim().is_empty() {
            errors.push(error_at(offset, "a third party has an empty `name`".into()));
        }
        for value in &party.contacts {
            match listed_key(value, region.as_ref()) {
                Err(problem) => errors.push(error_at(
                    offset,
                    format!("third party `{}`: {problem}", party.name),
                )),
                Ok(key) => {
                    if let Some(official) = clash(&key) {
                        errors.push(error_at(
                            offset,
                            format!("`{value}` is both an official contact (`{official}`) and a contact of third party `{}`", party.name),
                        ));
                    }
                }
            }
        }
        for lang in party.translations.keys() {
            if !known_language(lang) {
                errors.push(error_at(
                    offset,
                    format!("third party `{}` has a translation for `{lang}`, which is not in `languages`", party.name),
                ));
            }
        }
        parties.push(party);
    }

    let mut reported = Vec::new();
    for scam in scams {
        let span = scam.span();
        let offset = field_offset(source, span.clone(), "value");
        let scam = scam.into_inner();
        match listed_key(&scam.value, region.as_ref()) {
            Err(problem) => errors.push(error_at(offset, format!("scam: {problem}"))),
            Ok(key) => {
                if let Some(official) = clash(&key) {
                    errors.push(
                        error_at(
                            offset,
                            format!(
                                "reported scam `{}` is the official contact `{official}`",
                                scam.value
                            ),
                        )
                        .with_help("a value is either official or a scam: remove it from one list"),
                    );
                }
            }
        }
        let text = match &scam.reported {
            toml::Value::Datetime(d) if d.time.is_none() => d.to_string(),
            toml::Value::String(s) => s.clone(),
            _ => String::new(),
        };
        let date = crate::content::parse_date(&text);
        let Some(date) = date else {
            errors.push(
                error_at(
                    field_offset(source, span.clone(), "reported"),
                    format!("scam `{}`: `reported` must be a date", scam.value),
                )
                .with_help("the day it was first reported, e.g. `reported = 2026-10-02`"),
            );
            continue;
        };
        for lang in scam.translations.keys() {
            if !known_language(lang) {
                errors.push(error_at(
                    offset,
                    format!(
                        "scam `{}` has a translation for `{lang}`, which is not in `languages`",
                        scam.value
                    ),
                ));
            }
        }
        reported.push(Scam {
            value: scam.value,
            reported: date,
            description: scam.description,
            translations: scam.translations,
        });
    }
    ContactLists {
        contacts: out,
        region,
        third_parties: parties,
        scams: reported,
    }
}

/// The path of an absolute http(s) URL ending in `/`, e.g. `/help/`.
fn base_path_of(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let slash = rest.find('/')?;
    let host = &rest[..slash];
    let valid_host = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    let path = &rest[slash..];
    let valid_path = !path.contains(['?', '#', ' ', '"', '<', '>', '\\']) && !path.contains("..");
    (valid_host && valid_path).then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
title = "Help"
base_url = "https://help.example.com/docs"
default_language = "en"
languages = ["zh-CN", "en"]
"#;

    #[test]
    fn default_language_comes_first_and_base_path_is_derived() {
        let config = Config::parse(MINIMAL).expect("valid");
        assert_eq!(config.languages[0].code, "en");
        assert_eq!(config.languages[1].url_code, "zh-cn");
        assert_eq!(config.base_url, "https://help.example.com/docs/");
        assert_eq!(config.base_path, "/docs/");
        assert_eq!(config.search.boost.title, 4.0);
        assert_eq!(config.check.max_verified_age_days, 180);
    }

    #[test]
    fn unknown_key_suggests_the_right_one() {
        let source = format!("{MINIMAL}\n[check]\nmax_verified_age_day = 3\n");
        let errors = Config::parse(&source).expect_err("unknown key");
        let d = &errors.0[0];
        assert_eq!(d.message, "unknown key `max_verified_age_day`");
        assert_eq!(
            d.help.as_deref(),
            Some("did you mean `max_verified_age_days`?")
        );
        assert_eq!(d.line, 8);
    }

    #[test]
    fn top_level_typo_is_caught() {
        let source = MINIMAL.replace("title =", "titel =");
        let errors = Config::parse(&source).expect_err("unknown key");
        assert_eq!(errors.0[0].help.as_deref(), Some("did you mean `title`?"));
        assert_eq!(errors.0[0].line, 2);
    }

    #[test]
    fn wrong_type_names_the_key_and_line() {
        let source = format!("{MINIMAL}\n[check]\nmax_verified_age_days = \"soon\"\n");
        let errors = Config::parse(&source).expect_err("wrong type");
        let d = &errors.0[0];
        assert_eq!(d.line, 8, "{d}");
        assert!(d.message.contains("max_verified_age_days"), "{d}");
        assert!(d.message.contains("string"), "{d}");
    }

    #[test]
    fn default_language_must_be_listed() {
        let source = MINIMAL.replace("default_language = \"en\"", "default_language = \"zh-cn\"");
        let errors = Config::parse(&source).expect_err("not listed");
        assert_eq!(errors.0[0].help.as_deref(), Some("did you mean `zh-CN`?"));
    }

    #[test]
    fn bad_base_url_is_an_error() {
        let source = MINIMAL.replace("https://help.example.com/docs", "help.example.com");
        let errors = Config::parse(&source).expect_err("bad url");
        assert!(errors.0[0].message.contains("base_url"));
        assert_eq!(errors.0[0].line, 3);
    }

    #[test]
    fn seo_faq_page_is_off_unless_asked_and_typos_are_caught() {
        assert!(!Config::parse(MINIMAL).expect("valid").seo.faq_page);
        let on = Config::parse(&format!("{MINIMAL}\n[seo]\nfaq_page = true\n")).expect("valid");
        assert!(on.seo.faq_page);
        let errors = Config::parse(&format!("{MINIMAL}\n[seo]\nfaq_pages = true\n"))
            .expect_err("unknown key");
        assert_eq!(
            errors.0[0].help.as_deref(),
            Some("did you mean `faq_page`?")
        );
        let errors = Config::parse(&format!("{MINIMAL}\n[seo]\nfaq_page = \"yes\"\n"))
            .expect_err("wrong type");
        assert!(errors.0[0].message.contains("faq_page"), "{}", errors.0[0]);
    }

    #[test]
    fn synonyms_and_pins_are_read_per_language_in_order() {
        let source = format!(
            "{MINIMAL}\n[search.synonyms]\nen = [[\"refund\", \"money back\"], [\"2fa\", \"two-step verification\"]]\n\
             zh-CN = [[\"退款\", \"退钱\"]]\n\n[[search.pins]]\nlang = \"en\"\nexact = [\"support\"]\n\
             contains = [\"customer service\"]\narticles = [\"contact-us\"]\ncontacts = true\n"
        );
        let config = Config::parse(&source).expect("valid");
        let search = &config.search;
        assert_eq!(search.synonyms["en"][1], ["2fa", "two-step verification"]);
        assert_eq!(search.synonyms["zh-CN"][0], ["退款", "退钱"]);
        let pin = &search.pins[0];
        assert_eq!(
            (pin.lang.as_str(), pin.exact.len(), pin.contains.len()),
            ("en", 1, 1)
        );
        assert!(pin.contacts);
        assert_eq!(pin.articles, ["contact-us"]);
        assert_eq!(pin.line, 11, "the line of [[search.pins]]: {}", pin.excerpt);
        assert_eq!(pin.excerpt, "[[search.pins]]");
        assert_eq!(search.boost.pairs, 2.0);
        assert_eq!(search.boost.chars, 1.0);
    }

    #[test]
    fn bad_synonyms_and_pins_name_their_line() {
        let cases = [
            (
                "[search.synonyms]\nzh-cn = [[\"a\", \"b\"]]\n",
                "names language `zh-cn`, which is not in `languages`",
                8,
            ),
            (
                "[search.synonyms]\nen = [[\"refund\"]]\n",
                "fewer than two entries",
                8,
            ),
            (
                "[search.synonyms]\nen = [[\"refund\", \"？！\"]]\n",
                "no letters or digits",
                8,
            ),
            (
                "[[search.pins]]\nlang = \"fr\"\nexact = [\"x\"]\narticles = [\"a\"]\n",
                "names language `fr`",
                7,
            ),
            (
                "[[search.pins]]\nlang = \"en\"\narticles = [\"a\"]\n",
                "neither `exact` nor `contains`",
                7,
            ),
            (
                "[[search.pins]]\nlang = \"en\"\nexact = [\"x\"]\narticles = []\n",
                "pins no `articles`",
                7,
            ),
            (
                "[search]\nboost = { pairs = -1.0 }\n",
                "search boost `pairs` must be a number",
                8,
            ),
        ];
        for (extra, message, line) in cases {
            let errors = Config::parse(&format!("{MINIMAL}\n{extra}")).expect_err(extra);
            let d = &errors.0[0];
            assert!(d.message.contains(message), "{extra}: {d}");
            assert_eq!(d.line, line, "{extra}: {d}");
        }
        // A typo in a key of a pin rule is caught too.
        let errors = Config::parse(&format!(
            "{MINIMAL}\n[[search.pins]]\nlang = \"en\"\nexcat = [\"x\"]\narticles = [\"a\"]\n"
        ))
        .expect_err("unknown key");
        assert_eq!(errors.0[0].help.as_deref(), Some("did you mean `exact`?"));
    }

    #[test]
    fn did_you_mean_ignores_distant_words() {
        assert_eq!(did_you_mean("zzzzzz", &["title", "theme"]), None);
        assert_eq!(did_you_mean("fr", &["en", "zh-CN"]), None);
        assert_eq!(
            did_you_mean("lanugages", &["languages", "lang"]).as_deref(),
            Some("languages")
        );
    }
}
