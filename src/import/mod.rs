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
mod plan;
pub mod report;
pub mod summary;
mod write;
pub mod zendesk;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::diagnostic::{Diagnostic, Diagnostics};
use kinds::KindRules;

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
    plan::dedupe_keys(&mut source);
    let site = plan::plan(&mut source, &rules).map_err(|language| {
        usage(
            root,
            format!("`{language}` is not a language code helpbook can use"),
        )
        .map_help("name the language with --lang, e.g. --lang en")
    })?;
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
            write::article_text(doc, index, &site, &outcome.bodies[index], options.today);
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
    if source.titles.is_empty() {
        source.unmapped(
            "book.toml",
            "the source names no site title: book.toml says \"Help Center\"; set `title`",
        );
    }
    if options.base_url.is_none() && source.base_url.is_none() {
        source.unmapped(
            "book.toml",
            "the source names no site address: book.toml says https://help.example.com/; set `base_url`",
        );
    }
    summary.unmapped = source.unmapped.clone();
    summary.unmapped.sort();
    summary.to_verify.sort();
    let region = site
        .languages
        .first()
        .and_then(|l| report::region_of_language(l));
    summary.contacts = report::find_contacts(
        files.iter().filter_map(|(path, bytes)| {
            let text = std::str::from_utf8(bytes).ok()?;
            let body = crate::content::front_matter::split(text).map_or(text, |s| s.body);
            Some((path.as_str(), body))
        }),
        region.clone(),
    );
    files.insert(
        crate::config::CONFIG_FILE.to_string(),
        write::book_toml(&source, &site, format, options).into_bytes(),
    );
    files.insert(
        report::REPORT_FILE.to_string(),
        report::render(&summary).into_bytes(),
    );
    files.insert(
        report::SUGGESTED_FILE.to_string(),
        report::suggested_block(&summary.contacts, region.as_ref()).into_bytes(),
    );
    let copies: Vec<(String, PathBuf)> = outcome.copies.into_iter().collect();
    // Written as a build writes its output: staged next to the destination,
    // put in place whole or not at all.
    let target = crate::output::Target::check(&options.source, &options.dest, false)?;
    let staging = target.lock(&|notice| eprintln!("{notice}"))?.stage()?;
    staging.add_all(&files)?;
    for (relative, from) in &copies {
        staging.copy(relative, from)?;
    }
    staging.commit_unmarked()?;
    Ok(ImportReport {
        format,
        summary,
        report_file: options.dest.join(report::REPORT_FILE),
        suggested_file: options.dest.join(report::SUGGESTED_FILE),
    })
}
