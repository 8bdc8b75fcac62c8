//! The static index for the browser, derived from the tantivy index by
//! reading its term dictionary, postings and field norms (FORMAT.md).
//!
//! One static index per language, so a reader of the Chinese site never
//! downloads English postings; postings are split into shards by term
//! range, so a query downloads only the few shards its terms fall in.
//! Shards are named by their content and cut where the terms say (not at
//! a running byte count), and the manifest has a fixed URL, so an edit to
//! one article changes only the shards of its changed terms, and no page.

mod incremental;
mod shards;

use std::collections::BTreeMap;
use std::ops::ControlFlow;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::index::{BuiltIndex, FIELD_COUNT, SECTION_TEXT_CHARS, StoredSection, TEXT_FIELDS};
use super::rules::{self, Rules};
use super::typo::Dictionary;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::site::Site;
use shards::{Segments, Shard, TERM_RANGES, for_each_term, join_ranges, shard_hashes, shard_name};

/// The version of the static index format (FORMAT.md).
pub const FORMAT: u32 = 3;

/// The typo dictionary's file name, next to the manifest.
pub const WORDS_FILE: &str = "words.txt";

/// The manifest's file name, in its language's folder.
pub const MANIFEST_FILE: &str = "manifest.json";

/// Hex digits of a language's `version` (64 bits).
const VERSION_HEX: usize = 16;

/// The URL of a language's manifest (with the base path): fixed, so that
/// pages do not depend on the search data.
pub fn manifest_url(base_path: &str, url_code: &str) -> String {
    format!("{base_path}search/{url_code}/{MANIFEST_FILE}")
}

/// The manifest URL of every language of a site, by language code.
pub fn manifest_urls(config: &crate::config::Config) -> BTreeMap<String, String> {
    config
        .languages
        .iter()
        .map(|l| (l.code.clone(), manifest_url(&config.base_path, &l.url_code)))
        .collect()
}

/// Where the document files of the static index go when a build has an
/// output to write them to: each, a function of its article alone, is
/// kept from the previous output when what it is made from has not
/// changed (as unchanged pages are, see [`crate::render::Reuse`]), and
/// otherwise handed over as soon as it is made, so that no language's
/// documents are ever all in memory.
pub trait Keep: Sync {
    /// The BLAKE3 digest of the bytes at `path` (inside the output), when
    /// the file the previous build made there from `inputs` is kept as it
    /// is; `None` when it must be made.
    fn keep(&self, path: &str, inputs: &crate::cache::Digest) -> Option<crate::cache::Digest>;
    /// Whether the previous output has the file at `path` with the bytes
    /// whose digest is `digest`, to be kept ([`Keep::keep_file`]).
    fn can_keep(&self, path: &str, digest: &crate::cache::Digest) -> bool;
    /// Keeps the previous output's file at `path` as it is, when its bytes
    /// have the digest `digest`; whether it did.
    fn keep_file(&self, path: &str, digest: &crate::cache::Digest) -> bool;
    /// Takes the file made at `path` (inside the output) from `inputs`,
    /// whose bytes have the digest `digest`.
    fn put(
        &self,
        path: String,
        inputs: crate::cache::Digest,
        bytes: Vec<u8>,
        digest: crate::cache::Digest,
    ) -> Result<(), Diagnostics>;
}

/// The digest of everything a document file is made from: the helpbook
/// version (which fixes the format), and what [`DocMetadata`] takes from
/// the page (the sections as their digest: a reused rendering has it
/// without their text, and an edit past what the file shows makes the
/// file again, with the same bytes).
fn doc_inputs(page: &crate::site::Page) -> crate::cache::Digest {
    let mut hasher = crate::cache::Hasher::default();
    hasher
        .part(env!("CARGO_PKG_VERSION"))
        .part(&page.article.title)
        .part(&page.url)
        .part(&page.article.kind)
        .part(&page.article.category)
        .part(&page.article.summary)
        .part(page.rendered.sections_summary.digest);
    hasher.finish()
}

/// The static indexes of every language.
pub struct StaticIndexes {
    /// Path inside the output directory → bytes.
    pub files: Vec<(String, Vec<u8>)>,
    /// The shards kept from the previous output (not in `files`): path
    /// inside the output directory, size in bytes.
    pub kept: Vec<(String, u64)>,
    /// Language code → manifest URL (with the base path).
    pub manifests: BTreeMap<String, String>,
}

/// `manifest.json` (FORMAT.md): read back by `helpbook search` and the dev
/// server, so both rank with exactly what the browser reads.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub lang: String,
    pub num_docs: u32,
    pub fields: Vec<String>,
    pub boosts: Vec<f32>,
    pub total_tokens: Vec<u64>,
    pub kinds: Vec<String>,
    pub kind_runs: Vec<[u32; 3]>,
    /// A digest of every other file of the language, which the client
    /// adds to the URLs of the files with fixed names (`?v=`).
    pub version: String,
    /// Each shard's separator (its first term, shortened).
    pub shards: Vec<String>,
    /// Each shard's file name, `shards/<hash>.bin`: a hash of its bytes.
    pub shard_hashes: Vec<String>,
    /// The typo dictionary (relative to the manifest), `""` when empty.
    pub words: String,
    pub rules: Rules,
}

#[derive(Serialize)]
struct DocMetadata<'a> {
    title: &'a str,
    url: &'a str,
    kind: &'a str,
    category: &'a str,
    summary: &'a str,
    sections: Vec<StoredSection>,
}

/// `search/index.json`: where each language's manifest is.
#[derive(Debug, Serialize, Deserialize)]
pub struct SiteSearchIndex {
    pub format: u32,
    pub boosts: Vec<f32>,
    /// Language code → manifest path, relative to the site root.
    pub languages: BTreeMap<String, String>,
}

fn export_error(error: impl std::fmt::Display) -> Diagnostics {
    Diagnostic::error(
        "search-index",
        "search",
        format!("cannot export the search index: {error}"),
    )
    .into()
}

/// JSON with markup characters escaped (see [`crate::render::to_html_safe_json`]),
/// so that no markup from content appears literally in any file of the site.
fn json_bytes<T: Serialize>(value: &T) -> Result<Vec<u8>, Diagnostics> {
    crate::render::to_html_safe_json(value).map_err(export_error)
}

/// `text` cut to `max` characters.
fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// What every language's export reads.
struct Shared<'a> {
    site: &'a Site,
    segments: &'a Segments,
    num_docs: u32,
    total_tokens: [u64; FIELD_COUNT],
    boosts: [f32; FIELD_COUNT],
    keep: Option<&'a dyn Keep>,
    plan: Option<&'a incremental::Plan>,
}

/// One document file of a language's static index: its path (relative to
/// the language's folder), its bytes' digest, and its bytes when they are
/// to be returned with the other files (`None` when it was kept or handed
/// to [`Keep::put`]).
type DocFile = (String, crate::cache::Digest, Option<Vec<u8>>);

/// The document files of a language whose documents start at global id
/// `first_doc`, in order, made in parallel.
fn doc_files(
    shared: &Shared,
    language: &crate::site::Language,
    first_doc: u32,
    folder: &str,
) -> Result<Vec<DocFile>, Diagnostics> {
    language
        .pages
        .par_iter()
        .enumerate()
        .map(|(offset, page)| {
            let doc = first_doc + offset as u32;
            let path = format!("docs/{doc}.json");
            let inputs = shared.keep.map(|_| doc_inputs(page));
            let site_path = format!("{folder}/{path}");
            if let Some((keep, inputs)) = shared.keep.zip(inputs)
                && let Some(digest) = keep.keep(&site_path, &inputs)
            {
                return Ok((path, digest, None));
            }
            let metadata = DocMetadata {
                title: &page.article.title,
                url: &page.url,
                kind: &page.article.kind,
                category: &page.article.category,
                summary: &page.article.summary,
                sections: shared
                    .site
                    .sections(page)
                    .iter()
                    .map(|s| StoredSection::new(s, cut(&s.text, SECTION_TEXT_CHARS)))
                    .collect(),
            };
            let json = json_bytes(&metadata)?;
            let digest = *blake3::hash(&json).as_bytes();
            match shared.keep.zip(inputs) {
                Some((keep, inputs)) => {
                    keep.put(site_path, inputs, json, digest)?;
                    Ok((path, digest, None))
                }
                None => Ok((path, digest, Some(json))),
            }
        })
        .collect()
}

/// A language's shards: those the plan keeps kept, the others cut again
/// (see [`incremental`]); all cut when there is no plan for it.
fn language_shards(
    shared: &Shared,
    language: &crate::site::Language,
    terms: &incremental::Terms,
) -> Result<Vec<Shard>, Diagnostics> {
    let (Some(plan), Some(keep)) = (shared.plan, shared.keep) else {
        return incremental::all_shards(terms);
    };
    let Some(previous) = plan.language(&language.code) else {
        return incremental::all_shards(terms);
    };
    let folder = format!("search/{}", language.url_code);
    let available = |digest: &crate::cache::Digest| {
        keep.can_keep(
            &format!("{folder}/shards/{}.bin", shard_name(digest)),
            digest,
        )
    };
    let ranges = (0..TERM_RANGES.len())
        .into_par_iter()
        .map(|range| plan.reshard(terms, range, previous, &available))
        .collect::<Result<Vec<_>, Diagnostics>>()?;
    Ok(join_ranges(ranges))
}

/// One language's static index.
struct LanguageExport {
    /// The files made: path under the site → bytes.
    files: Vec<(String, Vec<u8>)>,
    /// The shards kept from the previous output: path under the site, size.
    kept: Vec<(String, u64)>,
    /// Its shards (without their bytes), for the next build's plan.
    state: Vec<Shard>,
}

/// The static index of one language, whose documents start at global id
/// `first_doc`: its shards, document files, words and manifest, by path
/// under the site.
fn export_language(
    shared: &Shared,
    language: &crate::site::Language,
    first_doc: u32,
) -> Result<LanguageExport, Diagnostics> {
    let folder = format!("search/{}", language.url_code);
    let mut language_files: Vec<(String, Vec<u8>)> = Vec::new();
    // Every file of the language (path relative to its folder) with the
    // BLAKE3 digest of its bytes, made or kept, for the version.
    let mut digests: Vec<(String, crate::cache::Digest)> = Vec::new();
    let docs = first_doc..first_doc + language.pages.len() as u32;

    // Shards, cut term by term as the language's terms stream by in
    // order (no language's postings are ever all in memory), while the
    // document files are made on the other workers.
    let terms =
        |from: Option<&[u8]>,
         to: Option<&[u8]>,
         visit: &mut dyn FnMut(&[u8], &shards::TermPostings) -> ControlFlow<()>| {
            for_each_term(shared.segments, docs.clone(), from, to, visit)
        };
    let (shards, documents) = rayon::join(
        || language_shards(shared, language, &terms),
        || doc_files(shared, language, first_doc, &folder),
    );
    let mut shards = shards?;
    let mut hashes = shard_hashes(&shards);
    let shard_path = |hash: &str| format!("shards/{hash}.bin");
    // Kept shards must be in the previous output as they were; when one
    // is not (the output was changed by hand), the language's shards are
    // all cut again.
    let keep = shared
        .keep
        .filter(|_| shards.iter().any(|s| s.bytes.is_none()));
    if let Some(keep) = keep {
        let available = shards.iter().zip(&hashes).all(|(shard, hash)| {
            shard.bytes.is_some()
                || keep.can_keep(&format!("{folder}/{}", shard_path(hash)), &shard.digest)
        });
        if !available {
            shards = incremental::all_shards(&terms)?;
            hashes = shard_hashes(&shards);
        }
    }
    let mut separators = Vec::with_capacity(shards.len());
    let mut state = Vec::with_capacity(shards.len());
    let mut kept = Vec::new();
    let mut words = Vec::new();
    for (mut shard, hash) in shards.into_iter().zip(&hashes) {
        let path = shard_path(hash);
        digests.push((path.clone(), shard.digest));
        match (shard.bytes.take(), keep) {
            (Some(bytes), _) => language_files.push((path, bytes)),
            (None, Some(keep)) => {
                let site_path = format!("{folder}/{path}");
                if !keep.keep_file(&site_path, &shard.digest) {
                    return Err(export_error(format!("{site_path} went missing")));
                }
                kept.push((site_path, shard.size));
            }
            (None, None) => return Err(export_error("a shard was kept without an output")),
        }
        separators.push(shard.separator.clone());
        words.extend(shard.words.iter().cloned());
        state.push(shard);
    }
    for (path, digest, made) in documents? {
        if let Some(json) = made {
            language_files.push((path.clone(), json));
        }
        digests.push((path, digest));
    }

    // Kind runs.
    let kinds: Vec<&str> = language.kinds.iter().map(|k| k.kind.as_str()).collect();
    let mut kind_runs: Vec<[u32; 3]> = Vec::new();
    for (offset, page) in language.pages.iter().enumerate() {
        let doc = first_doc + offset as u32;
        let kind = kinds
            .iter()
            .position(|k| *k == page.article.kind)
            .unwrap_or(0) as u32;
        match kind_runs.last_mut() {
            Some(run) if run[2] == kind && run[0] + run[1] == doc => run[1] += 1,
            _ => kind_runs.push([doc, 1, kind]),
        }
    }
    let dictionary = Dictionary::new(words);
    let words = if dictionary.is_empty() {
        String::new()
    } else {
        language_files.push((WORDS_FILE.to_string(), dictionary.to_text().into_bytes()));
        WORDS_FILE.to_string()
    };
    // The version: every other file of the language, by path.
    for (path, bytes) in &language_files {
        if !path.starts_with("docs/") && !path.starts_with("shards/") {
            digests.push((path.clone(), *blake3::hash(bytes).as_bytes()));
        }
    }
    digests.sort_unstable();
    let mut hasher = blake3::Hasher::new();
    for (path, digest) in &digests {
        hasher.update(&(path.len() as u64).to_le_bytes());
        hasher.update(path.as_bytes());
        hasher.update(digest);
    }
    let version = hasher.finalize().to_hex().as_str()[..VERSION_HEX].to_string();
    let manifest = Manifest {
        format: FORMAT,
        lang: language.code.clone(),
        num_docs: shared.num_docs,
        fields: TEXT_FIELDS.iter().map(|f| f.to_string()).collect(),
        boosts: shared.boosts.to_vec(),
        total_tokens: shared.total_tokens.to_vec(),
        kinds: kinds.iter().map(|k| k.to_string()).collect(),
        kind_runs,
        version,
        shards: separators,
        shard_hashes: hashes,
        words,
        rules: rules::for_language(shared.site, language, first_doc),
    };
    language_files.push((MANIFEST_FILE.to_string(), json_bytes(&manifest)?));

    // Fixed folders: only the shards' names change with their bytes.
    Ok(LanguageExport {
        files: language_files
            .into_iter()
            .map(|(path, bytes)| (format!("{folder}/{path}"), bytes))
            .collect(),
        kept,
        state,
    })
}

/// What an export may take from the previous build's.
pub struct Previous<'a> {
    /// The previous output's files.
    pub keep: &'a dyn Keep,
    /// Where the previous build kept its shards' state.
    pub cache: &'a crate::cache::Cache,
    /// The previous build's tantivy index folder (the one this build's
    /// took its unchanged segments from), if there is one.
    pub index: Option<&'a std::path::Path>,
}

/// Exports the static index of every language and `search/index.json`;
/// with `previous`, the document files and shards it has unchanged are
/// kept (see [`incremental`]).
pub fn export(
    site: &Site,
    built: &BuiltIndex,
    boosts: [f32; FIELD_COUNT],
    previous: Option<&Previous>,
) -> Result<StaticIndexes, Diagnostics> {
    let searcher = super::index::searcher(&built.index).map_err(export_error)?;
    // Segments in reading order (FORMAT.md): global ids run over them.
    let mut segments = Segments::default();
    let mut total_tokens = [0u64; FIELD_COUNT];
    let mut num_docs = 0u32;
    let mut names = Vec::new();
    for segment in searcher.segment_readers() {
        let docs = num_docs..num_docs + segment.max_doc();
        num_docs = docs.end;
        segments.push(segment, &built.fields.text, docs)?;
        names.push(segment.segment_id().uuid_string());
    }
    for inverted in &segments.inverted {
        for (total, reader) in total_tokens.iter_mut().zip(inverted) {
            *total += reader.total_num_tokens();
        }
    }

    // Documents were added language by language, in reading order.
    let articles: usize = site.languages.iter().map(|l| l.pages.len()).sum();
    if articles != num_docs as usize {
        return Err(export_error(
            "the index and the site disagree on the number of articles",
        ));
    }
    let started = std::time::Instant::now();
    let layout = incremental::layout(site);
    let plan = match previous {
        Some(Previous {
            cache,
            index: Some(index),
            ..
        }) => incremental::Plan::new(
            cache,
            index,
            &layout,
            &names,
            searcher.segment_readers(),
            &segments.docs,
            &built.fields.text,
        )?,
        _ => None,
    };
    let planned = started.elapsed();

    let base = &site.config.base_path;
    // Languages are exported in parallel (each streams its own terms),
    // then put together in the site's order.
    let firsts: Vec<u32> = site
        .languages
        .iter()
        .scan(0u32, |first, language| {
            let this = *first;
            *first += language.pages.len() as u32;
            Some(this)
        })
        .collect();
    let shared = Shared {
        site,
        segments: &segments,
        num_docs,
        total_tokens,
        boosts,
        keep: previous.map(|p| p.keep),
        plan: plan.as_ref(),
    };
    let exported = site
        .languages
        .par_iter()
        .zip(firsts)
        .map(|(language, first_doc)| export_language(&shared, language, first_doc))
        .collect::<Result<Vec<_>, Diagnostics>>()?;
    let mut files = Vec::new();
    let mut kept = Vec::new();
    let mut manifests = BTreeMap::new();
    let mut states = Vec::new();
    for (language, exported) in site.languages.iter().zip(exported) {
        manifests.insert(
            language.code.clone(),
            manifest_url(base, &language.url_code),
        );
        files.extend(exported.files);
        kept.extend(exported.kept);
        states.push((language.code.clone(), exported.state));
    }
    if crate::trace::enabled() {
        let shards: usize = states.iter().map(|(_, s)| s.len()).sum();
        crate::tell!(
            "        static index: {} ms ({} ms planning); {} shards, {} kept; {}",
            started.elapsed().as_millis(),
            planned.as_millis(),
            shards,
            kept.len(),
            plan.as_ref()
                .map_or("no previous shards".to_string(), |plan| format!(
                    "{} terms changed",
                    plan.changed()
                ))
        );
    }
    if let Some(previous) = previous {
        incremental::State::new(layout, names, states).store(previous.cache);
    }

    let site_index = SiteSearchIndex {
        format: FORMAT,
        boosts: boosts.to_vec(),
        languages: manifests
            .iter()
            .map(|(code, url)| {
                (
                    code.clone(),
                    url.strip_prefix(base.as_str()).unwrap_or(url).to_string(),
                )
            })
            .collect(),
    };
    files.push((
        "search/index.json".to_string(),
        serde_json::to_vec_pretty(&site_index).map_err(export_error)?,
    ));
    Ok(StaticIndexes {
        files,
        kept,
        manifests,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_escapes_markup() {
        let bytes = json_bytes(&serde_json::json!({"t": "<script>&'\""})).unwrap_or_default();
        let text = String::from_utf8(bytes).unwrap_or_default();
        assert_eq!(text, r#"{"t":"\u003cscript\u003e\u0026\u0027\""}"#);
        let back: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(back["t"], "<script>&'\"");
    }

    #[test]
    fn cutting_keeps_whole_characters() {
        assert_eq!(cut("提现失败", 2), "提现…");
        assert_eq!(cut("ab", 5), "ab");
    }
}
