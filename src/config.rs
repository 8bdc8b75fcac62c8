//! `book.toml` → a validated [`Config`].
//!
//! The file is parsed strictly: an unknown key is an error with a "did you
//! mean" (a typo in `max_verified_age_days` must not silently turn a check
//! off), and a wrong type names the key, its line, and what was expected.

mod contact_lists;
mod read;

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
    /// A digest of book.toml's text: what the build cache keys on.
    pub digest: [u8; 32],
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
    pub listing: ListingConfig,
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
/// `[listing]`: pages that list articles (a kind's page, a tag's page).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListingConfig {
    /// Articles per page; longer lists continue on `…/page/2/` and so on.
    #[serde(default = "default_page_size")]
    pub page_size: usize,
}

fn default_page_size() -> usize {
    100
}

impl Default for ListingConfig {
    fn default() -> Self {
        ListingConfig {
            page_size: default_page_size(),
        }
    }
}

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
#[derive(Debug, Clone)]
pub struct SearchConfig {
    pub boost: Boost,
    /// Language code → groups of words or phrases that mean the same thing
    /// to a reader (`["退款", "退回", "退钱"]`), applied to queries (never to
    /// the index), in `book.toml` order.
    pub synonyms: BTreeMap<String, Vec<Vec<String>>>,
    /// Promoted results, in `book.toml` order.
    pub pins: Vec<Pin>,
    /// `static_budget_kb`: the build warns when one file of the static
    /// index (a shard: what a query for a common word downloads) is larger
    /// than this many KiB; 0 never warns. See [`crate::search::budget`].
    pub static_budget_kb: u64,
    /// `index_chunk_articles`: the average number of articles per segment
    /// of the tantivy index (its chunks, each indexed and reused on its
    /// own: see [`crate::search::index`]); at least 1.
    pub index_chunk_articles: usize,
}

/// The default of `[search] static_budget_kb`.
pub const DEFAULT_STATIC_BUDGET_KB: u64 = 200;

/// The default of `[search] index_chunk_articles`.
pub const DEFAULT_INDEX_CHUNK_ARTICLES: usize = 400;

/// What a `book.toml` without `[search]` gets (the budget is not zero: a
/// derived default would turn the size warning off).
impl Default for SearchConfig {
    fn default() -> SearchConfig {
        SearchConfig {
            boost: Boost::default(),
            synonyms: BTreeMap::new(),
            pins: Vec::new(),
            static_budget_kb: DEFAULT_STATIC_BUDGET_KB,
            index_chunk_articles: DEFAULT_INDEX_CHUNK_ARTICLES,
        }
    }
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
    static_budget_kb: Option<u64>,
    index_chunk_articles: Option<usize>,
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
    listing: ListingConfig,
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

    /// Parses and validates the text of a `book.toml`, reporting every
    /// problem at once (see [`read`]).
    pub fn parse(source: &str) -> Result<Config, Diagnostics> {
        let (raw, mut errors) = read::read::<RawConfig>(source);
        let Some(raw) = raw else {
            return Err(errors.sorted());
        };
        match validate(raw, source) {
            Ok(_) if errors.has_errors() => Err(errors.sorted()),
            Ok(mut config) => {
                config.digest = *blake3::hash(source.as_bytes()).as_bytes();
                Ok(config)
            }
            Err(more) => {
                errors.0.extend(more.0);
                Err(errors.sorted())
            }
        }
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

    let lists = contact_lists::validate_contact_lists(
        raw.contacts,
        raw.default_region,
        raw.third_parties,
        raw.scams,
        &languages,
        source,
        &mut errors,
    );

    // [listing]
    if raw.listing.page_size == 0 {
        let offset = source.find("page_size").unwrap_or(0);
        errors.push(
            error_at(offset, "`page_size` must be at least 1".into())
                .with_help("the number of articles a listing page shows, e.g. `page_size = 100`"),
        );
    }

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
        digest: [0; 32],
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
        listing: raw.listing,
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
        static_budget_kb: raw.static_budget_kb.unwrap_or(DEFAULT_STATIC_BUDGET_KB),
        index_chunk_articles: raw
            .index_chunk_articles
            .unwrap_or(DEFAULT_INDEX_CHUNK_ARTICLES)
            .max(1),
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
    fn every_unknown_key_and_wrong_type_is_reported_at_once() {
        let source = r#"title = "Help"
titel = "Help"
base_url = "https://help.example.com/"
default_language = "en"
languages = ["en"]

[[contacts]]
channel = "phone"
value = "+1 202 555 0100"
lable = "Hotline"

[[contacts]]
channel = "email"
value = "support@example.com"
hours = 9

[check]
max_verified_age_day = 3
max_verified_age_days = "soon"
"#;
        let errors = Config::parse(source).expect_err("five problems");
        let got: Vec<(usize, &str, Option<&str>)> = errors
            .0
            .iter()
            .map(|d| (d.line, d.message.as_str(), d.help.as_deref()))
            .collect();
        assert_eq!(got.len(), 5, "{errors}");
        assert_eq!(
            got[0],
            (2, "unknown key `titel`", Some("did you mean `title`?"))
        );
        assert_eq!(
            got[1],
            (10, "unknown key `lable`", Some("did you mean `label`?"))
        );
        assert_eq!(
            (got[2].0, got[2].1.starts_with("`hours`: ")),
            (15, true),
            "{errors}"
        );
        assert_eq!(
            got[3],
            (
                18,
                "unknown key `max_verified_age_day`",
                Some("did you mean `max_verified_age_days`?")
            )
        );
        assert_eq!(
            (got[4].0, got[4].1.starts_with("`max_verified_age_days`: ")),
            (19, true),
            "{errors}"
        );
    }

    #[test]
    fn an_item_without_a_required_key_does_not_hide_the_items_after_it() {
        let source = format!(
            "{MINIMAL}\n[[contacts]]\nvalue = \"+1 202 555 0100\"\n\n[[contacts]]\nchannel = \"fone\"\nvalue = \"x\"\n"
        );
        let errors = Config::parse(&source).expect_err("two problems");
        let got: Vec<(usize, &str)> = errors
            .0
            .iter()
            .map(|d| (d.line, d.message.as_str()))
            .collect();
        assert_eq!(got.len(), 2, "{errors}");
        assert_eq!(got[0], (7, "missing required key `channel`"));
        assert_eq!(
            errors.0[0].help.as_deref(),
            Some("add `channel = …` under [[contacts]]")
        );
        assert_eq!(got[1].0, 11);
        assert!(got[1].1.contains("unknown variant `fone`"), "{errors}");
    }

    #[test]
    fn every_syntax_error_is_reported_and_a_typo_is_not_also_missing() {
        let errors = Config::parse("title = \"Help\ndefault_language = en\n[check\n")
            .expect_err("syntax errors");
        let lines: Vec<usize> = errors.0.iter().map(|d| d.line).collect();
        assert_eq!(lines, [1, 2, 3], "{errors}");
        let source = MINIMAL.replace("title =", "titel =");
        let errors = Config::parse(&source).expect_err("unknown key");
        assert_eq!(
            errors.0.len(),
            1,
            "`title` is not also called missing: {errors}"
        );
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
            let d = errors
                .0
                .iter()
                .find(|d| d.message.contains(message))
                .unwrap_or_else(|| panic!("{extra}: {errors}"));
            assert_eq!(d.line, line, "{extra}: {d}");
        }
        // A typo in a key of a pin rule is caught too.
        let errors = Config::parse(&format!(
            "{MINIMAL}\n[[search.pins]]\nlang = \"en\"\nexcat = [\"x\"]\narticles = [\"a\"]\n"
        ))
        .expect_err("unknown key");
        let typo = errors
            .0
            .iter()
            .find(|d| d.message.contains("excat"))
            .unwrap_or_else(|| panic!("{errors}"));
        assert_eq!(typo.help.as_deref(), Some("did you mean `exact`?"));
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
