//! `helpbook import`: turns an existing help center (a GitBook space, a
//! Docusaurus site, an mdBook book, a Hugo or Zola content folder, a
//! Zendesk Guide export) into a helpbook site that builds at once.
//!
//! One reader per source format turns it into [`model::Source`]: articles
//! in Markdown with what is known of their place. The rest is shared:
//! [`kinds`] decides each article's kind, [`links`] rewrites internal
//! links, anchors and images, and this module gives every article its
//! slug and category, writes the site (through the build's own staging
//! and swap, so a failed import leaves nothing behind) and the
//! [`report`]. It never writes into a folder that has anything in it.

pub mod docusaurus;
pub mod gitbook;
pub mod hugo;
pub mod kinds;
pub mod links;
pub mod markdown_source;
pub mod mdbook;
pub mod model;
pub mod report;
pub mod summary;
pub mod zendesk;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::diagnostic::{Diagnostic, Diagnostics};
use kinds::KindRules;
use links::Place;
use model::{Doc, Source};

/// A source format `helpbook import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Gitbook,
    Docusaurus,
    Mdbook,
    Hugo,
    Zola,
    Zendesk,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Gitbook => "GitBook",
            Format::Docusaurus => "Docusaurus",
            Format::Mdbook => "mdBook",
            Format::Hugo => "Hugo",
            Format::Zola => "Zola",
            Format::Zendesk => "Zendesk Guide export",
        }
    }
}

/// What `helpbook import` is asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The old help center's folder.
    pub source: PathBuf,
    /// The new site's folder: must not exist or be empty.
    pub dest: PathBuf,
    /// The format, when auto-detection should not decide.
    pub from: Option<Format>,
    /// A kind rules file (see [`kinds`]).
    pub kind_rules: Option<PathBuf>,
    /// The language of a source that does not say (mdBook, a one-language
    /// GitBook space); `en` by default.
    pub language: Option<String>,
    /// The new site's `base_url`; else the source's, else a placeholder.
    pub base_url: Option<String>,
    /// The day the import runs (verified dates, the report).
    pub today: Date,
}

/// What an import did.
#[derive(Debug)]
pub struct ImportReport {
    pub format: Format,
    pub summary: report::Summary,
    /// The report, next to book.toml.
    pub report_file: PathBuf,
    /// The suggested contact block, next to book.toml.
    pub suggested_file: PathBuf,
}

fn usage(path: &Path, message: impl Into<String>) -> Diagnostics {
    Diagnostics::from(Diagnostic::error("usage", path, message.into()))
}

/// The format of the help center in `source`, from the files it has.
pub fn detect(source: &Path) -> Result<Format, Diagnostics> {
    let has = |name: &str| source.join(name).exists();
    let text = |name: &str| std::fs::read_to_string(source.join(name)).unwrap_or_default();
    if [
        "docusaurus.config.js",
        "docusaurus.config.ts",
        "docusaurus.config.mjs",
    ]
    .iter()
    .any(|n| has(n))
    {
        return Ok(Format::Docusaurus);
    }
    if has("book.toml") && text("book.toml").contains("[book]") {
        return Ok(Format::Mdbook);
    }
    if has(".gitbook") || has(".gitbook.yaml") || has("LANGS.md") || has("SUMMARY.md") {
        return Ok(Format::Gitbook);
    }
    if has("hugo.toml") || has("hugo.yaml") || has("hugo.json") {
        return Ok(Format::Hugo);
    }
    if has("config.toml") && has("content") {
        let config = text("config.toml");
        return Ok(if config.contains("base_url") {
            Format::Zola
        } else {
            Format::Hugo
        });
    }
    if has("config.yaml") && has("content") {
        return Ok(Format::Hugo);
    }
    if has("articles.json") || zendesk::locale_folders(source).next().is_some() {
        return Ok(Format::Zendesk);
    }
    Err(
        usage(source, "cannot tell what kind of help center this is")
            .map_help("name it with --from gitbook|docusaurus|mdbook|hugo|zola|zendesk"),
    )
}

trait MapHelp {
    fn map_help(self, help: &str) -> Self;
}

impl MapHelp for Diagnostics {
    fn map_help(mut self, help: &str) -> Self {
        for d in &mut self.0 {
            d.help = Some(help.to_string());
        }
        self
    }
}

/// Refuses a destination that has anything in it, or that is the source.
fn check_destination(options: &ImportOptions) -> Result<(), Diagnostics> {
    let dest = &options.dest;
    if dest.exists() {
        let empty = std::fs::read_dir(dest)
            .map(|mut entries| entries.next().is_none())
            .unwrap_or(false);
        if !dest.is_dir() || !empty {
            return Err(usage(
                dest,
                "the destination is not empty; helpbook import never overwrites a site",
            )
            .map_help("name a new folder, e.g. `helpbook import OLD new-help`"));
        }
    }
    let canonical = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    if canonical(dest) == canonical(&options.source) {
        return Err(usage(dest, "the destination is the source folder")
            .map_help("import into a new folder"));
    }
    Ok(())
}

/// Runs the import.
pub fn import(options: &ImportOptions) -> Result<ImportReport, Diagnostics> {
    let root = &options.source;
    if !root.is_dir() {
        return Err(usage(root, "the source folder does not exist"));
    }
    check_destination(options)?;
    let rules = match &options.kind_rules {
        Some(path) => KindRules::load(path)?,
        None => KindRules::built_in(),
    };
    let format = match options.from {
        Some(format) => format,
        None => detect(root)?,
    };
    let language = model::language_code(options.language.as_deref().unwrap_or("en"));
    let mut source = match format {
        Format::Gitbook => gitbook::read(root, &language)?,
        Format::Docusaurus => docusaurus::read(root)?,
        Format::Mdbook => mdbook::read(root, &language)?,
        Format::Hugo => hugo::read(root, hugo::Flavor::Hugo, &language)?,
        Format::Zola => hugo::read(root, hugo::Flavor::Zola, &language)?,
        Format::Zendesk => zendesk::read(root)?,
    };
    if source.docs.is_empty() {
        return Err(usage(
            root,
            format!("no articles found in this {} source", format.name()),
        ));
    }
    dedupe_keys(&mut source);
    let site = plan(&mut source, &rules, options)?;
    let outcome = links::rewrite_all(root, &source, &site.places);

    let mut files: crate::render::Files = BTreeMap::new();
    let mut summary = report::Summary {
        format: format.name().to_string(),
        source: root.display().to_string(),
        today: options.today.to_string(),
        files_copied: outcome.copies.len(),
        rewritten: outcome.rewritten,
        broken: outcome.broken.clone(),
        ..report::Summary::default()
    };
    for (index, doc) in source.docs.iter().enumerate() {
        let place = &site.places[index];
        let path = format!("content/{}/{}/{}.md", place.lang, place.kind, place.slug);
        let (text, verified_set) =
            article_text(doc, index, &site, &outcome.bodies[index], options.today);
        if verified_set {
            summary.to_verify.push(path.clone());
        }
        *summary.per_language.entry(place.lang.clone()).or_default() += 1;
        *summary.per_kind.entry(place.kind.clone()).or_default() += 1;
        files.insert(path, text.into_bytes());
    }
    let mut by_key: HashMap<&str, usize> = HashMap::new();
    for doc in &source.docs {
        *by_key.entry(doc.key.as_str()).or_default() += 1;
    }
    summary.paired = by_key
        .values()
        .filter(|&&n| n == site.languages.len() && n > 1)
        .count();
    summary.unmapped = source.unmapped.clone();
    summary.unmapped.sort();
    summary.contacts = report::find_contacts(files.iter().filter_map(|(path, bytes)| {
        let text = std::str::from_utf8(bytes).ok()?;
        let body = crate::content::front_matter::split(text).map_or(text, |s| s.body);
        Some((path.as_str(), body))
    }));
    files.insert(
        crate::config::CONFIG_FILE.to_string(),
        book_toml(&source, &site, format, options).into_bytes(),
    );
    files.insert(
        report::REPORT_FILE.to_string(),
        report::render(&summary).into_bytes(),
    );
    files.insert(
        report::SUGGESTED_FILE.to_string(),
        report::suggested_block(&summary.contacts).into_bytes(),
    );
    let copies: Vec<(String, PathBuf)> = outcome.copies.into_iter().collect();
    crate::output::write(&options.dest, &files, &copies)?;
    Ok(ImportReport {
        format,
        summary,
        report_file: options.dest.join(report::REPORT_FILE),
        suggested_file: options.dest.join(report::SUGGESTED_FILE),
    })
}

/// Two docs of one language with one key (a source that repeats a page)
/// would overwrite each other: the later ones get keys of their own.
fn dedupe_keys(source: &mut Source) {
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    for doc in &mut source.docs {
        let mut key = doc.key.clone();
        let mut n = 2;
        while seen.contains(&(key.clone(), doc.lang.clone())) {
            key = format!("{}#{n}", doc.key);
            n += 1;
        }
        seen.insert((key.clone(), doc.lang.clone()));
        doc.key = key;
    }
}

/// Where everything goes: languages, each doc's place, the categories.
struct Plan {
    languages: Vec<String>,
    places: Vec<Place>,
    /// Category key → slug.
    category_slugs: BTreeMap<String, String>,
    /// (slug, names per language) in order.
    categories: Vec<(String, BTreeMap<String, String>)>,
    /// Per doc: version and date of a release note.
    releases: Vec<Option<(Option<String>, String)>>,
}

fn plan(
    source: &mut Source,
    rules: &KindRules,
    options: &ImportOptions,
) -> Result<Plan, Diagnostics> {
    // Languages: as detected, plus any a doc has; all must be valid codes.
    let mut languages = source.languages.clone();
    for doc in &source.docs {
        if !languages.contains(&doc.lang) {
            languages.push(doc.lang.clone());
        }
    }
    let first = languages.first().cloned();
    languages.retain(|l| source.docs.iter().any(|d| &d.lang == l) || Some(l) == first.as_ref());

    // One representative per key: the default language's doc, else the first.
    let mut representative: BTreeMap<String, usize> = BTreeMap::new();
    for (index, doc) in source.docs.iter().enumerate() {
        let better = representative
            .get(&doc.key)
            .is_none_or(|&r| source.docs[r].lang != languages[0] && doc.lang == languages[0]);
        if better {
            representative.insert(doc.key.clone(), index);
        }
    }

    // Kinds, and release data for release notes.
    let mut kind_of: BTreeMap<String, String> = BTreeMap::new();
    for (key, &index) in &representative {
        let (kind, _) = rules.kind_of(&source.docs[index]);
        kind_of.insert(key.clone(), kind);
    }
    let mut releases: Vec<Option<(Option<String>, String)>> = Vec::new();
    let mut demoted: Vec<usize> = Vec::new();
    for (index, doc) in source.docs.iter().enumerate() {
        if kind_of[&doc.key] != "release" {
            releases.push(None);
            continue;
        }
        let version = model::version_in(&doc.title).or_else(|| model::version_in(&doc.slug_hint));
        let date = doc
            .date
            .clone()
            .or_else(|| model::date_in(&doc.title))
            .or_else(|| model::date_in(&doc.slug_hint))
            .or_else(|| doc.updated.clone());
        match date {
            Some(date) => releases.push(Some((version, date))),
            None => {
                releases.push(None);
                demoted.push(index);
            }
        }
    }
    for index in demoted {
        let (file, key) = (
            source.docs[index].source.clone(),
            source.docs[index].key.clone(),
        );
        source.unmapped(
            file,
            "a release note or announcement without a date: imported as a FAQ article",
        );
        for (other, d) in source.docs.iter().enumerate() {
            if d.key == key {
                releases[other] = None;
            }
        }
        kind_of.insert(key, "faq".into());
    }

    // Slugs: one per key, unique in the site; a release note with a
    // version is named after it.
    let mut slug_of: BTreeMap<String, String> = BTreeMap::new();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    for (key, &index) in &representative {
        let doc = &source.docs[index];
        let hint = releases[index]
            .as_ref()
            .and_then(|(v, _)| v.clone())
            .unwrap_or_else(|| {
                // Prefer a hint that is already a slug in any translation,
                // then the English title (readable in every language's URL),
                // then the representative's hint.
                let translations = || source.docs.iter().filter(|d| &d.key == key);
                translations()
                    .map(|d| d.slug_hint.clone())
                    .find(|h| crate::content::check_slug(h).is_ok())
                    .or_else(|| {
                        translations()
                            .find(|d| d.lang.starts_with("en"))
                            .map(|d| crate::content::suggest_slug(&d.title))
                    })
                    .unwrap_or_else(|| doc.slug_hint.clone())
            });
        let base = match crate::content::check_slug(&hint) {
            Ok(()) => hint,
            Err(_) => {
                let slug = crate::content::suggest_slug(&hint);
                if slug == "my-article" {
                    crate::content::suggest_slug(&doc.title)
                } else {
                    slug
                }
            }
        };
        let base: String = base.chars().take(80).collect();
        let slug = unique(base.trim_end_matches('-'), &mut taken);
        slug_of.insert(key.clone(), slug);
    }
    let places = source
        .docs
        .iter()
        .map(|d| Place {
            lang: d.lang.clone(),
            kind: kind_of[&d.key].clone(),
            slug: slug_of[&d.key].clone(),
        })
        .collect();

    // Categories: slug from the English name, else the key's last segment,
    // else the default language's name; named per language.
    let mut by_category: BTreeMap<String, BTreeMap<String, (String, Option<i64>)>> =
        BTreeMap::new();
    for doc in &source.docs {
        if let Some(category) = &doc.category {
            by_category
                .entry(category.key.clone())
                .or_default()
                .entry(doc.lang.clone())
                .or_insert((category.name.clone(), category.order));
        }
    }
    let mut ordered: Vec<(Option<i64>, String, BTreeMap<String, String>)> = Vec::new();
    for (key, names) in by_category {
        let order = names.values().find_map(|(_, o)| *o);
        let names: BTreeMap<String, String> = names.into_iter().map(|(l, (n, _))| (l, n)).collect();
        ordered.push((order, key, names));
    }
    ordered.sort_by(|a, b| (a.0.unwrap_or(i64::MAX), &a.1).cmp(&(b.0.unwrap_or(i64::MAX), &b.1)));
    let mut category_slugs = BTreeMap::new();
    let mut categories = Vec::new();
    let mut taken = BTreeSet::new();
    for (_, key, names) in ordered {
        let last = key.rsplit('/').next().unwrap_or(&key).to_string();
        let english = names
            .iter()
            .find(|(l, _)| l.starts_with("en"))
            .map(|(_, n)| n.clone());
        let default = names
            .get(&languages[0])
            .or_else(|| names.values().next())
            .cloned()
            .unwrap_or_default();
        let hint = english
            .or_else(|| {
                let stripped =
                    last.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '_');
                crate::content::check_slug(stripped)
                    .is_ok()
                    .then(|| stripped.to_string())
            })
            .unwrap_or(default);
        let slug = unique(&crate::content::suggest_slug(&hint), &mut taken);
        category_slugs.insert(key, slug.clone());
        categories.push((slug, names));
    }
    for language in &languages {
        if !is_language(language) {
            return Err(usage(
                &options.source,
                format!("`{language}` is not a language code helpbook can use"),
            )
            .map_help("name the language with --lang, e.g. --lang en"));
        }
    }
    Ok(Plan {
        languages,
        places,
        category_slugs,
        categories,
        releases,
    })
}

/// `base`, or `base-2`, `base-3`… when it is taken; marks it taken.
fn unique(base: &str, taken: &mut BTreeSet<String>) -> String {
    let mut slug = base.to_string();
    let mut n = 2;
    while taken.contains(&slug) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(slug.clone());
    slug
}

/// Whether book.toml would take `code` as a language.
fn is_language(code: &str) -> bool {
    let book = format!(
        "title = \"t\"\nbase_url = \"https://help.example.com/\"\ndefault_language = {0}\nlanguages = [{0}]\n",
        toml::Value::String(code.to_string())
    );
    crate::Config::parse(&book).is_ok()
}

/// A YAML double-quoted scalar (YAML is a superset of JSON strings).
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// The article file: front matter, then the rewritten body. The flag says
/// whether `verified:` was set by the import (to be reviewed).
fn article_text(doc: &Doc, index: usize, site: &Plan, body: &str, today: Date) -> (String, bool) {
    let place = &site.places[index];
    let mut fm = String::from("---\n");
    fm.push_str(&format!("title: {}\n", yaml_string(&doc.title)));
    if !doc.summary.trim().is_empty() {
        fm.push_str(&format!("summary: {}\n", yaml_string(doc.summary.trim())));
    }
    if let Some(category) = &doc.category
        && let Some(slug) = site.category_slugs.get(&category.key)
    {
        // The name as the writer knows it, unless another category has the
        // same name in this language: then the slug, which is exact.
        let lower = category.name.to_lowercase();
        let shared = site.categories.iter().any(|(other, names)| {
            other != slug
                && names
                    .get(&doc.lang)
                    .is_some_and(|n| n.to_lowercase() == lower)
        });
        let written = if shared { slug } else { &category.name };
        fm.push_str(&format!("category: {}\n", yaml_string(written)));
    }
    if !doc.tags.is_empty() {
        let tags: Vec<String> = doc.tags.iter().map(|t| yaml_string(t)).collect();
        fm.push_str(&format!("tags: [{}]\n", tags.join(", ")));
    }
    if let Some(order) = doc.order {
        fm.push_str(&format!("order: {order}\n"));
    }
    if let Some(updated) = &doc.updated {
        fm.push_str(&format!("updated: {updated}\n"));
    }
    let mut verified_set = false;
    if place.kind == "contact" || place.kind == "security" {
        let day = doc
            .updated
            .clone()
            .or_else(|| doc.date.clone())
            .unwrap_or_else(|| today.to_string());
        fm.push_str(&format!("verified: {day}\n"));
        verified_set = true;
    }
    if let Some(Some((version, date))) =
        site.releases.get(index).filter(|_| place.kind == "release")
    {
        if let Some(version) = version {
            fm.push_str(&format!("version: {}\n", yaml_string(version)));
        }
        fm.push_str(&format!("date: {date}\n"));
    }
    if doc.draft {
        fm.push_str("draft: true\n");
    }
    fm.push_str("---\n\n");
    fm.push_str(body.trim_start_matches('\n').trim_end());
    fm.push('\n');
    (fm, verified_set)
}

/// The new site's book.toml: title, base URL, languages, categories. No
/// contacts: those are suggested in their own file, for review.
fn book_toml(source: &Source, site: &Plan, format: Format, options: &ImportOptions) -> String {
    let s = |t: &str| toml::Value::String(t.to_string()).to_string();
    let default = &site.languages[0];
    let title = source
        .titles
        .get(default)
        .or_else(|| source.titles.values().next())
        .cloned()
        .unwrap_or_else(|| "Help Center".into());
    let base_url = options
        .base_url
        .clone()
        .or_else(|| source.base_url.clone())
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
        .unwrap_or_else(|| "https://help.example.com/".into());
    let mut out = format!(
        "# Written by `helpbook import` from a {} source on {}.\n\
         # Every key is documented in helpbook's README (\"book.toml reference\").\n\
         # Before publishing, read import-report.md and review suggested-contacts.toml.\n",
        format.name(),
        options.today
    );
    out.push_str(&format!("title = {}\n", s(&title)));
    out.push_str(&format!("base_url = {}\n", s(&base_url)));
    out.push_str(&format!("default_language = {}\n", s(default)));
    let languages: Vec<String> = site.languages.iter().map(|l| s(l)).collect();
    out.push_str(&format!("languages = [{}]\n", languages.join(", ")));
    for language in &site.languages[1..] {
        if let Some(title) = source.titles.get(language).filter(|t| **t != title) {
            out.push_str(&format!("\n[lang.{language}]\ntitle = {}\n", s(title)));
        }
    }
    if !site.categories.is_empty() {
        out.push_str("\n[categories]\n");
        for (slug, names) in &site.categories {
            let names: Vec<String> = site
                .languages
                .iter()
                .filter_map(|l| names.get(l).map(|n| format!("{l} = {}", s(n))))
                .collect();
            out.push_str(&format!("{slug} = {{ {} }}\n", names.join(", ")));
        }
    }
    out
}
