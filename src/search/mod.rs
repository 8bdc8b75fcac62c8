//! Search: the analyzer shared by the tantivy index and the browser client,
//! the tantivy index written at build time, the static index derived from it
//! for the browser, and queries (`helpbook search`, the dev server).
//!
//! `FORMAT.md` in this folder is the contract with the browser client.

pub mod analyzer;
pub mod budget;
pub mod chunks;
pub mod export;
pub mod index;
pub mod plan;
pub mod query;
pub mod rules;
pub mod score;
pub mod typo;

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::site::Site;

pub use query::{Hit, LanguageSearch, Outcome, SearchRequest};

/// The static index for the browser: path inside the output directory →
/// bytes (`search/index.json`, each language's manifest and files).
pub type StaticFiles = Vec<(String, Vec<u8>)>;

/// What the search stage adds to the output besides its files.
pub struct SearchOutput {
    /// Language code → URL of its static index manifest.
    pub manifests: BTreeMap<String, String>,
    /// The static index's shards kept from the previous output (not
    /// emitted): path inside the output directory, size in bytes.
    pub kept_shards: Vec<(String, u64)>,
    /// Related articles computed from the index's term statistics.
    pub related: crate::related::Related,
    /// The tantivy index's chunks, and how many were indexed anew.
    pub chunks: index::ChunkCounts,
}

/// The field boosts of a site, in FORMAT.md's field order.
pub fn boosts(site: &Site) -> [f32; index::FIELD_COUNT] {
    let b = site.config.search.boost;
    [b.title, b.headings, b.tags, b.body, b.pairs, b.chars]
}

/// The tantivy index in `folder`, chunks unchanged since the index in
/// `previous` taken from it: [`build`]'s input. It needs only the
/// site, so a build makes it while it stages the output.
pub fn tantivy_index(
    site: &Site,
    folder: &Path,
    previous: Option<&Path>,
) -> Result<index::BuiltIndex, Diagnostics> {
    index::build_reusing(site, Some(folder), previous)
}

/// The search index from the tantivy index [`tantivy_index`] built into
/// `folder` (the `search/tantivy` folder of the index's output), reusing
/// the unchanged chunks of the index in `previous` (the one the output
/// holds now, if any): the static indexes and the related lists. Files
/// that `keep` keeps from the previous output are not made again (shards
/// whose terms did not change since the build that `cache` and `previous`
/// are from included); the document files go to it as they are made, the
/// other files of the static index (its shards, manifests and words) to
/// `emit`. The static index and the related lists are made at the same
/// time (the lists reusing what `cache` kept of the previous build's).
/// Once the tantivy index has the sections' text, the site keeps only as
/// much of it as the static index's snippets show.
pub fn build(
    site: &mut Site,
    built: index::BuiltIndex,
    folder: &Path,
    previous: Option<&Path>,
    keep: Option<&dyn export::Keep>,
    cache: &crate::cache::Cache,
    emit: &mut dyn FnMut(StaticFiles) -> Result<(), Diagnostics>,
) -> Result<SearchOutput, Diagnostics> {
    let chunks = built.chunks;
    site.shorten_sections(index::SECTION_TEXT_CHARS + 1);
    let site = &*site;
    crate::trace::step("  sections shortened");
    // Both only read the index: the static index's long single-threaded
    // term passes leave room for the related lists.
    let previous_export = keep.map(|keep| export::Previous {
        keep,
        cache,
        index: previous,
    });
    let (exported, related) = rayon::join(
        || export::export(site, &built, boosts(site), previous_export.as_ref()),
        || crate::related::from_index(site, &built, cache),
    );
    let exported = exported?;
    emit(exported.files)?;
    let related = related?;
    crate::trace::step("  static index and related lists");
    drop(built);
    index::finish(folder)?;
    Ok(SearchOutput {
        manifests: exported.manifests,
        kept_shards: exported.kept,
        related,
        chunks,
    })
}

/// The files of the static index that `helpbook search` reads next to
/// the tantivy index (the language rules, the typo dictionaries): a server
/// needs only the index's output folder.
pub fn is_index_companion(path: &str) -> bool {
    path == "search/index.json"
        || path.ends_with("/manifest.json")
        || path.ends_with(export::WORDS_FILE)
}

/// A built site's search index, opened for queries, with each language's
/// rules read from the static index the browser reads.
pub struct SiteSearch {
    pub index: tantivy::Index,
    pub fields: index::Fields,
    /// In `book.toml` order.
    pub languages: Vec<LanguageSearch>,
}

fn index_error(path: &Path, message: String) -> Diagnostics {
    Diagnostics::from(
        Diagnostic::error("search-index", path, message)
            .with_help("rebuild the site with this version of helpbook"),
    )
}

impl SiteSearch {
    /// Opens the index that `helpbook build` wrote into `site_dir` (its
    /// index folder, `.helpbook/index` by default, or a site built by an
    /// older helpbook, which kept it in the site).
    pub fn open(site_dir: &Path) -> Result<SiteSearch, Diagnostics> {
        let (index, fields) = index::open(site_dir)?;
        let read = |relative: &str| {
            let path = site_dir.join(relative);
            std::fs::read(&path)
                .map_err(|e| Diagnostics::from(crate::diagnostic::io_error(&path, "read", &e)))
        };
        let languages = load_languages(site_dir, &read)?;
        Ok(SiteSearch {
            index,
            fields,
            languages,
        })
    }

    /// The index a build just made, with the static files it exported
    /// (path inside the output directory → bytes), without reading the
    /// output directory: what the dev server uses.
    pub fn from_built(
        built: index::BuiltIndex,
        files: &[(String, Vec<u8>)],
    ) -> Result<SiteSearch, Diagnostics> {
        let read = |relative: &str| {
            files
                .iter()
                .find(|(path, _)| path == relative)
                .map(|(_, bytes)| bytes.clone())
                .ok_or_else(|| index_error(Path::new(relative), "missing from the export".into()))
        };
        let languages = load_languages(Path::new(""), &read)?;
        Ok(SiteSearch {
            index: built.index,
            fields: built.fields,
            languages,
        })
    }

    /// Results with titles, URLs and snippets (what `helpbook search`
    /// prints and the dev server's API returns).
    pub fn search(&self, request: &SearchRequest) -> Result<Vec<Hit>, Diagnostics> {
        Ok(self.query(request)?.hits)
    }

    /// [`SiteSearch::search`] with the corrections and the contact card.
    pub fn query(&self, request: &SearchRequest) -> Result<Outcome, Diagnostics> {
        query::search(&self.index, &self.fields, &self.languages, request)
    }

    /// Only (doc id, score), best first: what the parity test compares.
    pub fn ranked(&self, request: &SearchRequest) -> Result<Vec<(u32, f32)>, Diagnostics> {
        query::ranked(&self.index, &self.fields, &self.languages, request)
    }
}

/// Reads `search/index.json`, then each language's manifest and typo
/// dictionary, through `read` (paths relative to the site root).
fn load_languages(
    site_dir: &Path,
    read: &dyn Fn(&str) -> Result<Vec<u8>, Diagnostics>,
) -> Result<Vec<LanguageSearch>, Diagnostics> {
    let parse = |relative: &str, bytes: &[u8]| -> Result<serde_json::Value, Diagnostics> {
        serde_json::from_slice(bytes)
            .map_err(|e| index_error(&site_dir.join(relative), format!("invalid JSON: {e}")))
    };
    let site_index: export::SiteSearchIndex = {
        let relative = "search/index.json";
        serde_json::from_value(parse(relative, &read(relative)?)?).map_err(|e| {
            index_error(&site_dir.join(relative), format!("not a search index: {e}"))
        })?
    };
    if site_index.format != export::FORMAT {
        return Err(index_error(
            &site_dir.join("search/index.json"),
            format!(
                "search index format {} (this helpbook reads format {})",
                site_index.format,
                export::FORMAT
            ),
        ));
    }
    let mut languages = Vec::new();
    for path in site_index.languages.values() {
        let manifest: export::Manifest = serde_json::from_value(parse(path, &read(path)?)?)
            .map_err(|e| index_error(&site_dir.join(path), format!("not a manifest: {e}")))?;
        let words = if manifest.words.is_empty() {
            None
        } else {
            let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
            let bytes = read(&format!("{folder}/{}", manifest.words))?;
            Some(String::from_utf8_lossy(&bytes).into_owned())
        };
        languages.push(LanguageSearch::new(manifest, words.as_deref()));
    }
    // book.toml order is the order of the documents.
    languages.sort_by_key(|l| l.docs.start);
    Ok(languages)
}
