//! Search: the analyzer shared by the tantivy index and the browser client,
//! the tantivy index written at build time, the static index derived from it
//! for the browser, and queries (`helpbook search`, the dev server).
//!
//! `FORMAT.md` in this folder is the contract with the browser client.

pub mod analyzer;
pub mod export;
pub mod index;
pub mod query;

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::site::Site;

pub use query::{Hit, SearchRequest};

/// What the search stage adds to the output.
pub struct SearchOutput {
    /// Path inside the output directory → bytes.
    pub files: Vec<(String, Vec<u8>)>,
    /// Language code → URL of its static index manifest.
    pub manifests: BTreeMap<String, String>,
    /// Related articles computed from the index's term statistics.
    pub related: crate::related::RelatedLists,
}

/// The field boosts of a site, in FORMAT.md's field order.
pub fn boosts(site: &Site) -> [f32; 4] {
    let b = site.config.search.boost;
    [b.title, b.headings, b.tags, b.body]
}

/// Builds the tantivy index and the static indexes.
pub fn build(site: &Site) -> Result<SearchOutput, Diagnostics> {
    let built = index::build(site)?;
    let exported = export::export(site, &built, boosts(site))?;
    let related = crate::related::from_index(site, &built)?;
    let mut files = built.files;
    files.extend(exported.files);
    Ok(SearchOutput {
        files,
        manifests: exported.manifests,
        related,
    })
}

/// A built site's search index, opened for queries.
pub struct SiteSearch {
    pub index: tantivy::Index,
    pub fields: index::Fields,
    pub boosts: [f32; 4],
}

impl SiteSearch {
    /// Opens the index that `helpbook build` wrote into `site_dir`.
    pub fn open(site_dir: &Path) -> Result<SiteSearch, Diagnostics> {
        let (index, fields) = index::open(site_dir)?;
        let path = site_dir.join("search/index.json");
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Diagnostics::from(crate::diagnostic::io_error(&path, "read", &e)))?;
        let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
            Diagnostics::from(Diagnostic::error(
                "search-index",
                &path,
                format!("invalid JSON: {e}"),
            ))
        })?;
        let mut boosts = [1.0f32; 4];
        if let Some(list) = value.get("boosts").and_then(|b| b.as_array()) {
            for (slot, boost) in boosts.iter_mut().zip(list) {
                *slot = boost.as_f64().unwrap_or(1.0) as f32;
            }
        }
        Ok(SiteSearch {
            index,
            fields,
            boosts,
        })
    }

    pub fn search(&self, request: &SearchRequest) -> Result<Vec<Hit>, Diagnostics> {
        query::search(&self.index, &self.fields, self.boosts, request)
    }

    /// Only (doc id, score), best first: what the parity test compares.
    pub fn ranked(&self, request: &SearchRequest) -> Result<Vec<(u32, f32)>, Diagnostics> {
        query::ranked(&self.index, &self.fields, self.boosts, request)
    }
}
