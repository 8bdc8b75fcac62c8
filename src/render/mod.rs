//! Rendering: the tera environment (built-in theme + the site's overrides)
//! and one context per page, as documented in `themes/default/README.md`.
//!
//! The result is a map from output path to bytes; nothing is written here.

mod contact;
mod digest;
mod not_found;
mod pages;
pub mod reuse;
pub mod script;
pub mod structured;
mod tags;
pub mod theme;

pub use pages::{Everything, Selection, render_pages, render_site};
pub use reuse::{KeepFiles, Reuse};

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::site::{Language, Page, Site};
pub use contact::{published as contact_published, scams_url};
pub use theme::Theme;

/// JSON text made safe to embed in HTML and to serve from any host: `<`,
/// `>`, `&`, `'` and the JavaScript line separators become `\u` escapes
/// (they only occur inside JSON strings, so the JSON means the same), so
/// no value from content can close a `<script>` element or appear as markup.
pub fn html_safe_json(json: &str) -> String {
    let mut out = String::new();
    match escape_markup(&mut out, json) {
        false => json.to_string(),
        true => out,
    }
}

/// `value` as JSON, made safe as [`html_safe_json`] makes JSON text, in
/// one pass: the escaping happens as strings are written.
pub fn to_html_safe_json<T: serde::Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(256);
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, HtmlSafe);
    value.serialize(&mut serializer)?;
    Ok(out)
}

/// serde_json's compact format, with markup characters in strings escaped.
struct HtmlSafe;

impl serde_json::ser::Formatter for HtmlSafe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut escaped = String::new();
        match escape_markup(&mut escaped, fragment) {
            // Nothing to escape (the common case): written as it is.
            false => writer.write_all(fragment.as_bytes()),
            true => writer.write_all(escaped.as_bytes()),
        }
    }
}

/// Whether `text` has markup characters or line separators; when it has,
/// `text` with them as `\u` escapes is appended to `out`. Runs without
/// such a character are copied whole; every such character starts with an
/// ASCII byte or 0xE2 (U+2028, U+2029).
fn escape_markup(out: &mut String, text: &str) -> bool {
    let mut copied = 0;
    for (at, byte) in text.bytes().enumerate() {
        let escape = match byte {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            b'\'' => "\\u0027",
            0xE2 if text[at..].starts_with('\u{2028}') => "\\u2028",
            0xE2 if text[at..].starts_with('\u{2029}') => "\\u2029",
            _ => continue,
        };
        if copied == 0 {
            out.reserve(text.len() + 16);
        }
        out.push_str(&text[copied..at]);
        out.push_str(escape);
        copied = at + if byte == 0xE2 { 3 } else { 1 };
    }
    if copied == 0 {
        return false;
    }
    out.push_str(&text[copied..]);
    true
}

/// The Content-Security-Policy of every page (a `<meta>` in each page's
/// head; `helpbook serve` also sends it as a header): scripts, styles and
/// everything else only from the site itself, no inline script or style,
/// no plugins, no `<base>`; images also from `data:` and any https host
/// (articles may show them; an image cannot run script); forms and
/// requests also to the `[feedback] endpoint` when there is one.
pub fn content_security_policy(config: &Config) -> String {
    let feedback = config
        .feedback
        .endpoint
        .as_deref()
        .and_then(crate::config::feedback_origin)
        .map(|origin| format!(" {origin}"))
        .unwrap_or_default();
    let mut policy = String::from(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; object-src 'none'; base-uri 'none'",
    );
    policy.push_str(&format!("; form-action 'self'{feedback}"));
    if !feedback.is_empty() {
        policy.push_str(&format!("; connect-src 'self'{feedback}"));
    }
    policy
}

/// The files of a rendered site: path inside the output directory → bytes.
pub type Files = BTreeMap<String, Vec<u8>>;

/// Where rendered files go as they are made: the build's staging folder,
/// or memory for the dev server and tests. A build streams its pages into
/// one, so it holds a few pages at a time, not the whole site.
pub trait Sink: Sync {
    /// Takes one file of the site (`path` inside the output, with `/`).
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), Diagnostics>;

    /// [`Sink::put`] for bytes whose blake3 `digest` the caller has
    /// already worked out (a sink that compares files need not again).
    fn put_hashed(
        &self,
        path: String,
        bytes: Vec<u8>,
        _digest: [u8; 32],
    ) -> Result<(), Diagnostics> {
        self.put(path, bytes)
    }

    /// Takes the file at `path` as it already is, if the sink already has
    /// one with these bytes (blake3 `digest`); false when it must be put.
    fn keep(&self, _path: &str, _digest: &[u8; 32]) -> bool {
        false
    }

    /// Whether [`Sink::keep`] would keep the file at `path` with these
    /// bytes (without keeping it).
    fn has(&self, _path: &str, _digest: &[u8; 32]) -> bool {
        false
    }
}

/// A sink that keeps every file in memory.
#[derive(Debug, Default)]
pub struct Collect(pub std::sync::Mutex<Files>);

impl Collect {
    pub fn into_files(self) -> Files {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

/// A sink that passes files on and remembers their paths, for what needs
/// to know every path the site has (alias redirects must not replace a
/// generated page) without keeping the pages.
pub struct Recorded<'a> {
    inner: &'a dyn Sink,
    paths: std::sync::Mutex<std::collections::BTreeSet<String>>,
}

impl<'a> Recorded<'a> {
    pub fn new(inner: &'a dyn Sink) -> Recorded<'a> {
        Recorded {
            inner,
            paths: Default::default(),
        }
    }

    pub fn paths(&self) -> std::sync::MutexGuard<'_, std::collections::BTreeSet<String>> {
        self.paths.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Recorded<'_> {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), Diagnostics> {
        self.paths().insert(path.clone());
        self.inner.put(path, bytes)
    }

    fn put_hashed(
        &self,
        path: String,
        bytes: Vec<u8>,
        digest: [u8; 32],
    ) -> Result<(), Diagnostics> {
        self.paths().insert(path.clone());
        self.inner.put_hashed(path, bytes, digest)
    }

    fn keep(&self, path: &str, digest: &[u8; 32]) -> bool {
        let kept = self.inner.keep(path, digest);
        if kept {
            self.paths().insert(path.to_string());
        }
        kept
    }

    fn has(&self, path: &str, digest: &[u8; 32]) -> bool {
        self.inner.has(path, digest)
    }
}

impl Sink for Collect {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), Diagnostics> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path, bytes);
        Ok(())
    }
}

/// How many articles a kind shows on the home page.
const HOME_ARTICLES_PER_KIND: usize = 5;

/// Hashed static files: logical name → URL, and output path → bytes.
struct Assets {
    urls: BTreeMap<String, String>,
    files: Files,
    /// Module name → URLs of the modules it imports statically, directly or
    /// not (what a page preloads so the module graph loads in one round trip).
    imports: BTreeMap<String, Vec<String>>,
}

/// `style.css` → `style.1a2b3c4d.css`, so browsers can cache it forever.
fn hashed_name(name: &str, bytes: &[u8]) -> String {
    let hash = blake3::hash(bytes).to_hex();
    let short = &hash.as_str()[..10];
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.{short}.{ext}"),
        _ => format!("{name}.{short}"),
    }
}

fn assets(config: &Config, theme: &Theme) -> Assets {
    let mut urls: BTreeMap<String, String> = BTreeMap::new();
    let mut files = Files::new();
    // JavaScript modules import each other as `"./name.js"`; those imports
    // are rewritten to the hashed names, so a module is hashed after every
    // module it imports.
    let mut pending: BTreeMap<&String, &Vec<u8>> = theme.static_files.iter().collect();
    let mut static_imports: BTreeMap<String, Vec<String>> = BTreeMap::new();
    while !pending.is_empty() {
        let ready: Vec<&String> = pending
            .iter()
            .filter(|(_, bytes)| {
                local_imports(bytes)
                    .iter()
                    .all(|(name, _)| !pending.keys().any(|p| *p == name))
            })
            .map(|(name, _)| *name)
            .collect();
        // An import cycle (or a module importing itself): hash the rest as
        // they are rather than loop forever.
        let ready = if ready.is_empty() {
            pending.keys().copied().collect()
        } else {
            ready
        };
        for name in ready {
            let bytes = pending.remove(name).map(Vec::as_slice).unwrap_or_default();
            let imports = local_imports(bytes);
            let mut text = String::from_utf8_lossy(bytes).into_owned();
            for (other, _) in &imports {
                if let Some(url) = urls.get(other) {
                    let hashed = url.rsplit('/').next().unwrap_or(url);
                    for quote in ['"', '\''] {
                        text = text.replace(
                            &format!("{quote}./{other}{quote}"),
                            &format!("{quote}./{hashed}{quote}"),
                        );
                    }
                }
            }
            let bytes = if name.ends_with(".js") {
                script::strip_comments(&text).into_bytes()
            } else {
                bytes.to_vec()
            };
            let mut graph: Vec<String> = Vec::new();
            for (other, is_static) in &imports {
                if !is_static {
                    continue;
                }
                for url in urls
                    .get(other)
                    .into_iter()
                    .chain(static_imports.get(other).into_iter().flatten())
                {
                    if !graph.contains(url) {
                        graph.push(url.clone());
                    }
                }
            }
            static_imports.insert(name.clone(), graph);
            let output = format!("static/{}", hashed_name(name, &bytes));
            urls.insert(name.clone(), format!("{}{output}", config.base_path));
            files.insert(output, bytes);
        }
    }
    Assets {
        urls,
        files,
        imports: static_imports,
    }
}

/// The local modules a JavaScript file imports (`from "./x.js"`, static,
/// or `import("./x.js")`, dynamic): (name, is static).
fn local_imports(bytes: &[u8]) -> Vec<(String, bool)> {
    let text = String::from_utf8_lossy(bytes);
    let mut out: Vec<(String, bool)> = Vec::new();
    for (pattern, is_static) in [
        ("from \"./", true),
        ("from './", true),
        ("import(\"./", false),
        ("import('./", false),
    ] {
        for (at, _) in text.match_indices(pattern) {
            let rest = &text[at + pattern.len()..];
            let Some(end) = rest.find(['"', '\'']) else {
                continue;
            };
            let name = &rest[..end];
            if name.ends_with(".js") && !out.iter().any(|(n, _)| n == name) {
                out.push((name.to_string(), is_static));
            }
        }
    }
    out
}

/// Builds the tera environment: the site's templates override the theme's
/// by name (`theme/` is the fallback prefix of the built-in ones).
pub fn environment(theme: &Theme) -> Result<tera::Tera, Diagnostics> {
    let mut tera = tera::Tera::default();
    tera.autoescape_on([".html", ".htm", ".xml"]);
    tera.set_fallback_prefixes(["theme/"])
        .map_err(|e| Diagnostics::from(Diagnostic::error("template", "themes", e.to_string())))?;
    let builtin: Vec<(String, &str)> = theme::TEMPLATES
        .iter()
        .map(|(name, source)| (format!("theme/{name}"), *source))
        .collect();
    let overrides: Vec<(String, &str)> = theme
        .templates
        .iter()
        .filter(|(name, (source, _))| {
            theme::TEMPLATES
                .iter()
                .all(|(n, s)| n != name || s != source)
        })
        .map(|(name, (source, _))| (name.clone(), source.as_str()))
        .collect();
    tera.add_raw_templates(builtin.into_iter().chain(overrides))
        .map_err(|e| template_error(theme, &e))?;
    Ok(tera)
}

/// A tera error as a diagnostic naming the template file.
fn template_error(theme: &Theme, error: &tera::Error) -> Diagnostics {
    let report = error.to_string();
    // tera reports `--> name:line:col`; find which file that name is.
    let file = theme
        .templates
        .iter()
        .find(|(name, _)| {
            report.contains(&format!("{name}:")) || report.contains(&format!("theme/{name}:"))
        })
        .map(|(_, (_, origin))| origin.clone())
        .unwrap_or_else(|| "themes".into());
    Diagnostic::error("template", file, report.trim().to_string())
        .with_help(
            "fix the template; built-in templates are documented in themes/default/README.md",
        )
        .into()
}

/// The display name of a language in its own language (`简体中文`): the
/// theme's `language_name` for it, else a built-in name for common
/// languages, else its code.
pub(crate) fn language_name(theme: &Theme, code: &str) -> String {
    if let Some(name) = theme.strings.get(code).and_then(|s| s.get("language_name")) {
        return name.clone();
    }
    let lower = code.to_ascii_lowercase();
    let primary = lower.split('-').next().unwrap_or_default();
    AUTONYMS
        .iter()
        .find(|(c, _)| *c == lower)
        .or_else(|| AUTONYMS.iter().find(|(c, _)| *c == primary))
        .map_or_else(|| code.to_string(), |(_, name)| (*name).to_string())
}

/// Languages named in themselves, for sites whose theme has no strings
/// for them (the picker must never show a bare code to a reader).
const AUTONYMS: [(&str, &str); 30] = [
    ("ar", "العربية"),
    ("bn", "বাংলা"),
    ("de", "Deutsch"),
    ("en", "English"),
    ("es", "Español"),
    ("fa", "فارسی"),
    ("fil", "Filipino"),
    ("fr", "Français"),
    ("he", "עברית"),
    ("hi", "हिन्दी"),
    ("id", "Bahasa Indonesia"),
    ("it", "Italiano"),
    ("ja", "日本語"),
    ("km", "ខ្មែរ"),
    ("ko", "한국어"),
    ("ms", "Bahasa Melayu"),
    ("my", "မြန်မာ"),
    ("nl", "Nederlands"),
    ("pl", "Polski"),
    ("pt", "Português"),
    ("pt-br", "Português (Brasil)"),
    ("ru", "Русский"),
    ("th", "ไทย"),
    ("tr", "Türkçe"),
    ("uk", "Українська"),
    ("ur", "اردو"),
    ("vi", "Tiếng Việt"),
    ("zh", "中文"),
    ("zh-hant", "繁體中文"),
    ("zh-tw", "繁體中文（台灣）"),
];

fn kind_name(strings: &BTreeMap<String, String>, kind: &str) -> String {
    strings
        .get(&format!("kind_{kind}"))
        .cloned()
        .unwrap_or_else(|| kind.to_string())
}

/// What every page gets: site, lang, t, assets, nav, home_url.
fn common(
    site: &Site,
    theme: &Theme,
    assets: &Assets,
    search: &BTreeMap<String, String>,
    lang: Option<&str>,
    strings: &BTreeMap<String, String>,
) -> serde_json::Map<String, Value> {
    let config = &site.config;
    let language = lang.and_then(|code| site.language(code));
    let (title, description) = match language {
        Some(l) => (l.title.clone(), l.description.clone()),
        None => (config.title.clone(), config.description.clone()),
    };
    let nav: Vec<Value> = language
        .map(|l| {
            l.kinds
                .iter()
                .map(|k| json!({"kind": k.kind, "name": kind_name(strings, &k.kind), "url": k.url}))
                .collect()
        })
        .unwrap_or_default();
    let languages: Vec<Value> = site
        .languages
        .iter()
        .map(|l| json!({"code": l.code, "name": language_name(theme, &l.code), "url": l.url}))
        .collect();
    let mut map = serde_json::Map::new();
    map.insert(
        "site".into(),
        json!({
            "title": title, "description": description, "base_url": config.base_url,
            "root_url": config.base_path, "languages": languages,
        }),
    );
    map.insert("lang".into(), json!(lang.unwrap_or("")));
    map.insert("t".into(), json!(strings));
    let favicon = theme
        .favicon()
        .and_then(|name| assets.urls.get(name))
        .cloned()
        .unwrap_or_default();
    map.insert(
        "assets".into(),
        json!({"css": assets.urls.get("style.css").cloned().unwrap_or_default(), "files": assets.urls, "favicon": favicon}),
    );
    map.insert("csp".into(), json!(content_security_policy(config)));
    map.insert("nav".into(), Value::Array(nav.clone()));
    let asset = |name: &str| assets.urls.get(name).cloned().unwrap_or_default();
    let kinds: Vec<Value> = nav
        .iter()
        .map(|n| json!({"kind": n["kind"], "name": n["name"]}))
        .collect();
    map.insert(
        "search".into(),
        json!({
            "manifest": lang.and_then(|code| search.get(code)).cloned().unwrap_or_default(),
            "script": asset("search.js"), "css": asset("search.css"),
            "modules": assets.imports.get("search.js").cloned().unwrap_or_default(),
            "kinds": Value::Array(kinds).to_string(),
        }),
    );
    map.insert(
        "home_url".into(),
        json!(language.map_or(config.base_path.clone(), |l| l.url.clone())),
    );
    map.insert(
        "latest_release".into(),
        language.map_or(Value::Null, |l| latest_release(site, l)),
    );
    // The release feed exists only for languages with release notes.
    let feed = language
        .filter(|l| l.pages.iter().any(|p| p.article.release.is_some()))
        .map(crate::feed::url)
        .unwrap_or_default();
    map.insert("feed".into(), json!(feed));
    map.insert("jsonld".into(), json!(""));
    map
}

/// The newest release note of a language (highest version; a prerelease
/// ranks below its release; dated announcements have none) as an article
/// summary, or null.
fn latest_release(site: &Site, language: &Language) -> Value {
    crate::feed::versions(language)
        .first()
        .map_or(Value::Null, |p| summary_value(site, p))
}

pub(crate) fn permalink(site: &Site, url: &str) -> String {
    let base = site.config.base_url.trim_end_matches('/');
    let path = url
        .strip_prefix(&site.config.base_path)
        .unwrap_or(url)
        .trim_start_matches('/');
    format!("{base}/{path}")
}

/// `{lang, name, url, permalink}` for every language in which `url_of` finds the page.
pub(crate) fn alternates_all(
    site: &Site,
    theme: &Theme,
    url_of: impl Fn(&Language) -> String,
) -> Vec<Value> {
    site.languages
        .iter()
        .map(|l| {
            let url = url_of(l);
            json!({"lang": l.code, "name": language_name(theme, &l.code), "url": url, "permalink": permalink(site, &url)})
        })
        .collect()
}

pub(crate) fn page_value(
    site: &Site,
    url: &str,
    title: &str,
    description: &str,
    alternates: Vec<Value>,
    missing: Vec<Value>,
) -> Value {
    json!({
        "url": url, "permalink": permalink(site, url), "title": title, "description": description,
        "alternates": alternates, "missing": missing, "og_type": "website",
    })
}

/// A short meta description: the summary, else the first paragraph, cut at
/// about 160 characters on a character boundary.
fn description_of(page: &Page) -> String {
    let text = if page.article.summary.is_empty() {
        &page.rendered.first_paragraph
    } else {
        &page.article.summary
    };
    let mut out: String = text.chars().take(160).collect();
    if text.chars().count() > 160 {
        out.push('…');
    }
    out
}

fn date_string(date: Option<jiff::civil::Date>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

/// The article summary used in lists.
pub(crate) fn summary_value(site: &Site, page: &Page) -> Value {
    serde_json::to_value(Summary::of(site, page)).unwrap_or_default()
}

/// An article as lists show it (`summary_value`).
#[derive(Serialize)]
pub(crate) struct Summary<'a> {
    title: &'a str,
    summary: &'a str,
    url: &'a str,
    updated: String,
    category: &'a str,
    category_name: String,
    version: String,
    date: String,
}

impl<'a> Summary<'a> {
    pub(crate) fn of(site: &Site, page: &'a Page) -> Summary<'a> {
        let a = &page.article;
        Summary {
            title: &a.title,
            summary: &a.summary,
            url: &page.url,
            updated: date_string(a.updated),
            category: &a.category,
            category_name: category_name(site, a),
            version: a
                .release
                .as_ref()
                .and_then(|r| r.version.as_ref())
                .map(ToString::to_string)
                .unwrap_or_default(),
            date: a
                .release
                .as_ref()
                .map(|r| r.date.to_string())
                .unwrap_or_default(),
        }
    }
}

fn category_name(site: &Site, article: &crate::content::Article) -> String {
    site.category_name(&article.lang, &article.category)
}

fn home_context(
    site: &Site,
    theme: &Theme,
    language: &Language,
    strings: &BTreeMap<String, String>,
    mut map: serde_json::Map<String, Value>,
) -> serde_json::Map<String, Value> {
    let kinds: Vec<Value> = language
        .kinds
        .iter()
        .map(|k| {
            let indexes: Vec<usize> = k.categories.iter().flat_map(|c| c.pages.iter().copied()).collect();
            let articles: Vec<Value> = indexes
                .iter()
                .take(HOME_ARTICLES_PER_KIND)
                .map(|&i| summary_value(site, &language.pages[i]))
                .collect();
            json!({
                "kind": k.kind, "name": kind_name(strings, &k.kind),
                "description": strings.get(&format!("kind_{}_description", k.kind)).cloned().unwrap_or_default(),
                "url": k.url, "count": indexes.len(), "articles": articles,
            })
        })
        .collect();
    let promoted: Vec<Value> = language
        .pages
        .iter()
        .filter(|p| p.article.promoted)
        .map(|p| summary_value(site, p))
        .collect();
    map.insert("kinds".into(), Value::Array(kinds));
    map.insert("promoted".into(), Value::Array(promoted));
    map.insert("jsonld".into(), json!(structured::home(site, language)));
    map.insert(
        "page".into(),
        page_value(
            site,
            &language.url,
            &language.title,
            &language.description,
            alternates_all(site, theme, |l| l.url.clone()),
            vec![],
        ),
    );
    map
}

/// The context of one page of a kind's list: the categories (or release
/// groups) of the articles that page shows, and the links between pages.
fn kind_context(
    site: &Site,
    theme: &Theme,
    language: &Language,
    kind: &crate::site::KindGroup,
    strings: &BTreeMap<String, String>,
    (listing_page, listing): (&crate::site::ListingPage, &[crate::site::ListingPage]),
    mut map: serde_json::Map<String, Value>,
) -> serde_json::Map<String, Value> {
    let items = listing_page.items.clone();
    // The kind's articles in reading order, category by category; the
    // page keeps the categories its slice of them falls in.
    let flat: Vec<(usize, usize)> = kind
        .categories
        .iter()
        .enumerate()
        .flat_map(|(c, group)| group.pages.iter().map(move |&page| (c, page)))
        .collect();
    let mut categories: Vec<Value> = Vec::new();
    let mut shown: Vec<usize> = Vec::new();
    let mut current: Option<(usize, Vec<Value>)> = None;
    for &(c, page) in flat.get(items.clone()).unwrap_or_default() {
        shown.push(page);
        if current.as_ref().is_none_or(|(cur, _)| *cur != c) {
            if let Some((cur, articles)) = current.take() {
                categories.push(category_value(site, language, kind, cur, articles));
            }
            current = Some((c, Vec::new()));
        }
        if let Some((_, articles)) = current.as_mut() {
            articles.push(summary_value(site, &language.pages[page]));
        }
    }
    if let Some((cur, articles)) = current.take() {
        categories.push(category_value(site, language, kind, cur, articles));
    }
    let name = kind_name(strings, &kind.kind);
    let description = strings
        .get(&format!("kind_{}_description", kind.kind))
        .cloned()
        .unwrap_or_default();
    let mut alternates = Vec::new();
    let mut missing = Vec::new();
    for other in &site.languages {
        match other.kinds.iter().find(|k| k.kind == kind.kind) {
            Some(k) => alternates.push(json!({"lang": other.code, "name": language_name(theme, &other.code), "url": k.url, "permalink": permalink(site, &k.url)})),
            None => missing.push(json!({"lang": other.code, "name": language_name(theme, &other.code)})),
        }
    }
    let release_groups = if kind.kind == "release" {
        release_groups(site, language, strings, items)
    } else {
        Vec::new()
    };
    map.insert(
        "kind".into(),
        json!({"kind": kind.kind, "name": name, "description": description, "url": kind.url,
               "categories": categories, "release_groups": release_groups}),
    );
    map.insert(
        "pagination".into(),
        pagination_value(listing_page, listing, strings),
    );
    let home = strings
        .get("home")
        .cloned()
        .unwrap_or_else(|| language.title.clone());
    let trail = [
        (home.clone(), language.url.clone()),
        (name.clone(), kind.url.clone()),
    ];
    let answers: Vec<(String, String)> = shown
        .iter()
        .map(|&i| {
            let p = &language.pages[i];
            (p.article.title.clone(), description_of(p))
        })
        .filter(|(_, answer)| !answer.is_empty())
        .collect();
    map.insert(
        "jsonld".into(),
        json!(structured::kind(site, language, kind, &trail, &answers)),
    );
    map.insert(
        "breadcrumbs".into(),
        json!([{"title": home, "url": language.url}]),
    );
    let title = if listing_page.number > 1 {
        let page = strings.get("page_number").map_or_else(
            || format!("Page {}", listing_page.number),
            |t| t.replace("{number}", &listing_page.number.to_string()),
        );
        format!("{name} – {page}")
    } else {
        name.clone()
    };
    map.insert(
        "page".into(),
        page_value(
            site,
            &listing_page.url,
            &title,
            &description,
            alternates,
            missing,
        ),
    );
    map
}

/// One category of a kind page, with the articles the page shows of it.
fn category_value(
    site: &Site,
    language: &Language,
    kind: &crate::site::KindGroup,
    category: usize,
    articles: Vec<Value>,
) -> Value {
    let slug = &kind.categories[category].slug;
    let name = site.category_name(&language.code, slug);
    json!({"slug": slug, "name": name, "articles": articles})
}

/// `{number, total, prev, next, pages: [{number, url, current}]}` of a
/// listing page (`prev`/`next` are `rel` links in the head too).
fn pagination_value(
    page: &crate::site::ListingPage,
    listing: &[crate::site::ListingPage],
    strings: &BTreeMap<String, String>,
) -> Value {
    let url_of = |n: usize| listing.get(n.wrapping_sub(1)).map(|p| p.url.clone());
    let pages: Vec<Value> = listing
        .iter()
        .map(|p| json!({"number": p.number, "url": p.url, "current": p.number == page.number}))
        .collect();
    json!({
        "number": page.number, "total": listing.len(),
        "prev": url_of(page.number - 1), "next": url_of(page.number + 1),
        "pages": pages,
        "label": strings.get("pages_label").cloned().unwrap_or_else(|| "Pages".into()),
    })
}

/// The article page's own part of its context (the language's shared
/// part aside), without the article's HTML (`article.content`).
/// An article page's own part of its template context, and what its
/// structured data is made from ([`ArticleContext::jsonld`]): that is left
/// out of the context until the page is rendered, because it is costly and
/// a function of the context and of [`structured::environment`], so an
/// unchanged page is recognised without it.
struct ArticleContext<'a> {
    own: ArticleOwn<'a>,
    trail: Vec<(String, String)>,
    description: String,
}

impl ArticleContext<'_> {
    /// The page's whole template context: the language's shared part
    /// (`base`) with this page's own keys, its HTML (`article.content`)
    /// and its JSON-LD. Each is serialized straight into the template's
    /// values: going through JSON values first cost 2% of a cold build.
    fn into_context(
        mut self,
        base: &tera::Context,
        site: &Site,
        language: &Language,
        page: &Page,
        html: String,
    ) -> Result<tera::Context, tera::Error> {
        use tera::value::Value as TeraValue;
        let jsonld = structured::article(site, language, page, &self.trail, &self.description);
        let own = &mut self.own;
        own.article.content = Some(html);
        let mut context = base.clone();
        context.insert_value("article", TeraValue::try_from_serializable(&own.article)?);
        context.insert_value("feedback", TeraValue::try_from_serializable(&own.feedback)?);
        context.insert_value(
            "breadcrumbs",
            TeraValue::try_from_serializable(&own.breadcrumbs)?,
        );
        context.insert_value("page", TeraValue::try_from_serializable(&own.page)?);
        context.insert_value("jsonld", TeraValue::from(jsonld));
        Ok(context)
    }
}

fn article_context<'a>(
    site: &'a Site,
    theme: &Theme,
    language: &'a Language,
    page: &'a Page,
    strings: &BTreeMap<String, String>,
    safety: &ReleaseSafety,
) -> ArticleContext<'a> {
    let a = &page.article;
    let neighbour = |index: Option<usize>| {
        index.and_then(|i| language.pages.get(i)).map(|p| Link {
            title: &p.article.title,
            url: &p.url,
        })
    };
    let release = a.release.as_ref().map(|r| ReleaseFields {
        version: r
            .version
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
        date: r.date.to_string(),
        platforms: r
            .platforms
            .iter()
            .map(|p| {
                strings
                    .get(&format!("platform_{p}"))
                    .cloned()
                    .unwrap_or_else(|| p.clone())
            })
            .collect(),
        min_safe_version: r
            .min_safe_version
            .as_ref()
            .map(|v| v.to_string())
            .unwrap_or_default(),
        update: r
            .version
            .as_ref()
            .map_or(Value::Null, |v| safety.update_warning(v)),
    });
    let related = page
        .related
        .iter()
        .filter_map(|&i| language.pages.get(i))
        .map(|p| Summary::of(site, p))
        .collect();
    let tags = a
        .tags
        .iter()
        .map(|tag| TagLink {
            name: tag,
            url: language.tag_url(tag).unwrap_or_default(),
        })
        .collect();
    let kind_url = format!("{}{}/", language.url, a.kind);
    let mut alternates = Vec::new();
    let mut missing = Vec::new();
    for other in &site.languages {
        match other.page(&a.slug) {
            Some(p) => alternates.push(json!({"lang": other.code, "name": language_name(theme, &other.code), "url": p.url, "permalink": permalink(site, &p.url)})),
            None => missing.push(json!({"lang": other.code, "name": language_name(theme, &other.code)})),
        }
    }
    let article = ArticleFields {
        content: None,
        title: &a.title,
        summary: &a.summary,
        kind: &a.kind,
        kind_name: kind_name(strings, &a.kind),
        category: &a.category,
        category_name: category_name(site, a),
        tags,
        updated: date_string(a.updated),
        verified: date_string(a.verified),
        url: &page.url,
        permalink: permalink(site, &page.url),
        toc: &page.rendered.toc,
        prev: neighbour(page.prev),
        next: neighbour(page.next),
        release,
        related,
    };
    let home = strings
        .get("home")
        .cloned()
        .unwrap_or_else(|| language.title.clone());
    // Home › kind › the article's section of the kind page.
    let mut crumbs = vec![
        (home.clone(), language.url.clone()),
        (kind_name(strings, &a.kind), kind_url.clone()),
    ];
    // Release notes are grouped by series on their kind page, not by category.
    let section = match &a.release {
        Some(release) => {
            let (_, name, id) = release_group(release, strings);
            Some((name, id))
        }
        None if !a.category.is_empty() => Some((category_name(site, a), a.category.clone())),
        None => None,
    };
    if let Some((name, id)) = section {
        crumbs.push((name, format!("{kind_url}#{id}")));
    }
    let mut trail = crumbs.clone();
    trail.push((a.title.clone(), page.url.clone()));
    let description = description_of(page);
    let breadcrumbs = crumbs
        .into_iter()
        .map(|(title, url)| Crumb { title, url })
        .collect();
    let mut page_map = page_value(site, &page.url, &a.title, &description, alternates, missing);
    page_map["og_type"] = json!("article");
    ArticleContext {
        own: ArticleOwn {
            article,
            // The end of every article: the official channels
            // (`help_contacts`, once per language), and the optional "Was
            // this helpful?" question.
            feedback: Feedback {
                endpoint: site.config.feedback.endpoint.as_deref().unwrap_or_default(),
            },
            breadcrumbs,
            page: page_map,
        },
        trail,
        description,
    }
}

/// The article page's own part of its template context: hashed as it is
/// (serialized straight into the digest, never built as a JSON value)
/// to recognise an unchanged page, and turned into the template's values
/// only for a page that is rendered.
#[derive(Serialize)]
struct ArticleOwn<'a> {
    article: ArticleFields<'a>,
    feedback: Feedback<'a>,
    breadcrumbs: Vec<Crumb>,
    page: Value,
}

/// `article` of an article page's context (its HTML, `content`, is added
/// when the page is rendered).
#[derive(Serialize)]
struct ArticleFields<'a> {
    /// The article's HTML: `None` (and so not in the digest) until the
    /// page is rendered.
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<String>,
    title: &'a str,
    summary: &'a str,
    kind: &'a str,
    kind_name: String,
    category: &'a str,
    category_name: String,
    tags: Vec<TagLink<'a>>,
    updated: String,
    verified: String,
    url: &'a str,
    permalink: String,
    toc: &'a [crate::markdown::TocEntry],
    prev: Option<Link<'a>>,
    next: Option<Link<'a>>,
    release: Option<ReleaseFields>,
    related: Vec<Summary<'a>>,
}

#[derive(Serialize)]
struct Link<'a> {
    title: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct TagLink<'a> {
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct Crumb {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct Feedback<'a> {
    endpoint: &'a str,
}

#[derive(Serialize)]
struct ReleaseFields {
    version: String,
    date: String,
    platforms: Vec<String>,
    min_safe_version: String,
    update: Value,
}

/// A language's release safety: the newest `min_safe_version` (the one
/// declared by the highest version that declares one) and the latest
/// release, worked out once per language.
struct ReleaseSafety {
    minimum: Option<semver::Version>,
    latest: Value,
}

impl ReleaseSafety {
    fn of(site: &Site, language: &Language) -> ReleaseSafety {
        let releases = crate::feed::releases(language);
        ReleaseSafety {
            minimum: releases
                .iter()
                .find_map(|p| p.article.release.as_ref()?.min_safe_version.clone()),
            latest: releases
                .first()
                .map_or(Value::Null, |p| summary_value(site, p)),
        }
    }

    /// For a release older than the minimum: `{min_safe_version, latest:
    /// article summary}`; else null.
    fn update_warning(&self, version: &semver::Version) -> Value {
        match &self.minimum {
            Some(minimum) if version < minimum => json!({
                "min_safe_version": minimum.to_string(), "latest": self.latest,
            }),
            _ => Value::Null,
        }
    }
}

/// The group of the releases page a release note is in, as (series, name,
/// id): its major.minor (`2.4`, "Version 2.4", `v2-4`) or, without a
/// version, the announcements (`""`, "Announcements", `announcements`).
fn release_group(
    release: &crate::content::Release,
    strings: &BTreeMap<String, String>,
) -> (String, String, String) {
    match &release.version {
        Some(version) => {
            let series = format!("{}.{}", version.major, version.minor);
            let template = strings
                .get("release_series")
                .map_or("{version}", String::as_str);
            (
                series.clone(),
                template.replace("{version}", &series),
                format!("v{}", series.replace('.', "-")),
            )
        }
        None => (
            String::new(),
            strings
                .get("announcements")
                .cloned()
                .unwrap_or_else(|| "Announcements".into()),
            "announcements".into(),
        ),
    }
}

/// The release notes of a language grouped by major.minor (`2.4`), newest
/// series first and newest version first inside each: what a reader
/// scanning for "the 2.4 line" looks for. Dated announcements (release
/// notes without a version) follow in one group, newest first.
fn release_groups(
    site: &Site,
    language: &Language,
    strings: &BTreeMap<String, String>,
    items: std::ops::Range<usize>,
) -> Vec<Value> {
    let announcements = crate::feed::releases(language).into_iter().filter(|p| {
        p.article
            .release
            .as_ref()
            .is_some_and(|r| r.version.is_none())
    });
    let mut groups: Vec<((String, String, String), Vec<Value>)> = Vec::new();
    for page in crate::feed::versions(language)
        .into_iter()
        .chain(announcements)
        .skip(items.start)
        .take(items.len())
    {
        let Some(release) = &page.article.release else {
            continue;
        };
        let group = release_group(release, strings);
        if groups.last().is_none_or(|(g, _)| *g != group) {
            groups.push((group, Vec::new()));
        }
        if let Some((_, articles)) = groups.last_mut() {
            articles.push(summary_value(site, page));
        }
    }
    groups
        .into_iter()
        .map(|((series, name, slug), articles)| {
            json!({"series": series, "name": name, "slug": slug, "articles": articles})
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_safe_json_escapes_markup_and_line_separators_only() {
        let json = "{\"t\":\"提现<b>&'\u{2028}x\u{2029}—€\"}";
        assert_eq!(
            html_safe_json(json),
            "{\"t\":\"提现\\u003cb\\u003e\\u0026\\u0027\\u2028x\\u2029—€\"}"
        );
        assert_eq!(html_safe_json(""), "");
        assert_eq!(html_safe_json("<"), "\\u003c");
        assert_eq!(html_safe_json("plain"), "plain");
    }

    #[test]
    fn html_safe_serialization_equals_escaping_the_json_text() {
        let value =
            json!({"k<ey>": ["提现<b>&'\u{2028}x\u{2029}—€", "plain", "\"quoted\\"], "n": 1.5});
        let text =
            String::from_utf8(to_html_safe_json(&value).unwrap_or_default()).unwrap_or_default();
        assert_eq!(text, html_safe_json(&value.to_string()));
        assert!(text.contains("k\\u003cey\\u003e") && !text.contains('<'));
    }

    #[test]
    fn hashed_names_change_with_content() {
        let a = hashed_name("style.css", b"a{}");
        let b = hashed_name("style.css", b"b{}");
        assert!(a.starts_with("style.") && a.ends_with(".css"));
        assert_ne!(a, b);
        assert_eq!(a, hashed_name("style.css", b"a{}"));
    }
}
