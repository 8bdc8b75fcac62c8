//! The tantivy index: one document per article, in chunks of articles,
//! each chunk one segment written by one thread, with file names derived
//! from the content so that two builds of the same site give byte-identical
//! index files (see [`build_reusing`]).
//!
//! `helpbook build` builds it in a folder on disk (`.helpbook/index/` by
//! default, not the published site: no browser reads it), taking the chunks
//! that did not change from the previous build's index. The dev server
//! builds it in memory.

use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::directory::{MmapDirectory, RamDirectory};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{PreTokenizedString, Token};
use tantivy::{Index, TantivyDocument};

use super::analyzer::{
    ANALYZER_NAME, analyze, character_term, characters, pair_terms, text_analyzer,
};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::site::Site;

/// The scored text fields, in the order of FORMAT.md: the article's own
/// fields, then `pairs` (adjacent token pairs of the title and each
/// heading) and `chars` (the single Han/kana characters of the title,
/// headings and tags).
pub const TEXT_FIELDS: [&str; FIELD_COUNT] =
    ["title", "headings", "tags", "body", "pairs", "chars"];

/// How many scored text fields there are.
pub const FIELD_COUNT: usize = 6;

/// The folder of the tantivy index inside the output directory.
pub const TANTIVY_DIR: &str = "search/tantivy";

/// Sections are cut to this many characters in the browser's metadata.
pub const SECTION_TEXT_CHARS: usize = 100;

/// The fields of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub text: [Field; FIELD_COUNT],
    pub lang: Field,
    pub kind: Field,
    pub category: Field,
    pub url: Field,
    pub summary: Field,
    pub sections: Field,
}

/// One section as stored in the index and exported to the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredSection {
    pub anchor: String,
    pub heading: String,
    pub text: String,
}

impl StoredSection {
    /// A rendered section with `text` as its (possibly cut) text.
    pub fn new(section: &crate::markdown::Section, text: String) -> StoredSection {
        StoredSection {
            anchor: section.anchor.clone().unwrap_or_default(),
            heading: section.heading.clone(),
            text,
        }
    }
}

/// What one article puts in each scored field: the one definition that
/// the tantivy index and the exports for other engines
/// ([`crate::export`]) share, so that both index the same text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldText {
    pub title: String,
    /// Every non-empty heading, in order (indexed one per line).
    pub headings: Vec<String>,
    pub tags: Vec<String>,
    /// The plain text of every section, in order (indexed one per line).
    pub body: Vec<String>,
    /// Pair terms of the title and of each heading (FORMAT.md).
    pub pairs: Vec<String>,
    /// Character terms of the title, headings and tags (FORMAT.md).
    pub chars: Vec<String>,
}

impl FieldText {
    pub fn of(page: &crate::site::Page) -> FieldText {
        let article = &page.article;
        let sections = &page.rendered.sections;
        let headings: Vec<String> = sections
            .iter()
            .filter(|s| !s.heading.is_empty())
            .map(|s| s.heading.clone())
            .collect();
        let short: Vec<&str> = std::iter::once(article.title.as_str())
            .chain(headings.iter().map(String::as_str))
            .collect();
        let pairs = short
            .iter()
            .flat_map(|text| pair_terms(&analyze(text)))
            .collect();
        let chars = short
            .iter()
            .copied()
            .chain(article.tags.iter().map(String::as_str))
            .flat_map(characters)
            .map(|c| character_term(&c))
            .collect();
        FieldText {
            title: article.title.clone(),
            headings,
            tags: article.tags.clone(),
            body: sections.iter().map(|s| s.text.clone()).collect(),
            pairs,
            chars,
        }
    }
}

pub fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(ANALYZER_NAME)
        .set_index_option(IndexRecordOption::WithFreqs)
        .set_fieldnorms(true);
    let text = TextOptions::default().set_indexing_options(indexing);
    let title = builder.add_text_field("title", text.clone().set_stored());
    let headings = builder.add_text_field("headings", text.clone());
    let tags = builder.add_text_field("tags", text.clone());
    let body = builder.add_text_field("body", text.clone());
    // Given pre-tokenized: the analyzer named here is never run on them.
    let pairs = builder.add_text_field("pairs", text.clone());
    let chars = builder.add_text_field("chars", text);
    let lang = builder.add_text_field("lang", STRING | STORED);
    let kind = builder.add_text_field("kind", STRING | STORED);
    let category = builder.add_text_field("category", STRING | STORED);
    let url = builder.add_text_field("url", STRING | STORED);
    let summary = builder.add_text_field("summary", STORED);
    let sections = builder.add_text_field("sections", STORED);
    let fields = Fields {
        text: [title, headings, tags, body, pairs, chars],
        lang,
        kind,
        category,
        url,
        summary,
        sections,
    };
    (builder.build(), fields)
}

fn tantivy_error(error: impl std::fmt::Display) -> Diagnostics {
    Diagnostic::error(
        "search-index",
        TANTIVY_DIR,
        format!("cannot build the search index: {error}"),
    )
    .into()
}

/// The built index.
pub struct BuiltIndex {
    pub index: Index,
    pub fields: Fields,
    /// How many chunks (segments) the index has, and how many of them
    /// were indexed anew rather than taken from the previous index.
    pub chunks: ChunkCounts,
}

/// What [`build`] did with the index's chunks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChunkCounts {
    /// Segments in the index, one per chunk.
    pub chunks: usize,
    /// Chunks indexed by this build (the others were reused).
    pub indexed: usize,
}

/// The memory budget given to a chunk's segment writer (which writes one
/// segment whatever it uses; a chunk holds at most [`CHUNK_MAX_TEXT_BYTES`]
/// of text).
const WRITER_BUDGET: usize = 200 * 1024 * 1024;
/// A chunk ends after this much article text even without a boundary.
const CHUNK_MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;
/// … or after this many times the average number of articles.
const CHUNK_MAX_FACTOR: usize = 3;
/// The file that maps each chunk's key to its segment, next to meta.json.
pub const CHUNKS_FILE: &str = "chunks.json";
/// The extensions of a segment's files, in the order their bytes make the
/// segment's name.
const SEGMENT_EXTENSIONS: [&str; 6] = ["fast", "fieldnorm", "idx", "pos", "store", "term"];

/// `chunks.json`: which segment holds which chunk, in reading order.
#[derive(Debug, Serialize, Deserialize)]
struct ChunksFile {
    format: u32,
    chunks: Vec<ChunkEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct ChunkEntry {
    /// The digest of everything the chunk's documents hold.
    key: String,
    /// The segment's name (32 hex digits, a hash of its files).
    segment: String,
    docs: u32,
}

/// Indexes every article of the site, in language then reading order, in
/// memory (`folder: None`) or into `folder` on disk, which must be empty.
pub fn build(site: &Site, folder: Option<&Path>) -> Result<BuiltIndex, Diagnostics> {
    build_reusing(site, folder, None)
}

/// Splits the documents (global reading order) into chunks, as ranges of
/// document ids, of `average` articles on average. Once a chunk holds
/// half that many articles, it ends after the first article whose URL
/// hashes to a multiple of the other half (so a boundary depends on the
/// articles themselves, not on their positions: adding, deleting or
/// editing an article changes its own chunk, rarely the next ones, never
/// the others); it also ends at the end of a language and, rarely, once
/// it holds `CHUNK_MAX_FACTOR × average` articles or
/// [`CHUNK_MAX_TEXT_BYTES`] of text.
pub fn chunk_ranges(site: &Site, average: usize) -> Vec<std::ops::Range<usize>> {
    let articles: Vec<(&str, usize, bool)> = site
        .languages
        .iter()
        .flat_map(|language| {
            let last = language.pages.len().saturating_sub(1);
            language
                .pages
                .iter()
                .enumerate()
                .map(move |(i, page)| (page.url.as_str(), page_text_bytes(page), i == last))
        })
        .collect();
    split_chunks(&articles, average)
}

/// [`chunk_ranges`] of articles given as (URL, text bytes, whether it is
/// the last of its language).
fn split_chunks(articles: &[(&str, usize, bool)], average: usize) -> Vec<std::ops::Range<usize>> {
    let average = average.max(1);
    // A chunk has `min - 1` articles, then a geometric number with mean
    // `modulus`: `average` on average, rarely far more (the tail of the
    // geometric distribution is short, unlike that of a chunk without a
    // minimum, which would often be several times the average).
    let min = (average / 2).max(1);
    let modulus = average + 1 - min;
    let mut ranges = Vec::new();
    let mut start = 0usize;
    let mut bytes = 0usize;
    for (doc, (url, text_bytes, last_of_language)) in articles.iter().enumerate() {
        bytes += text_bytes;
        let boundary = (doc + 1 - start >= min && is_boundary(url, modulus))
            || *last_of_language
            || doc + 1 - start >= CHUNK_MAX_FACTOR * average
            || bytes >= CHUNK_MAX_TEXT_BYTES;
        if boundary {
            ranges.push(start..doc + 1);
            start = doc + 1;
            bytes = 0;
        }
    }
    if start < articles.len() {
        ranges.push(start..articles.len());
    }
    ranges
}

/// Whether a chunk may end after the article at `url`, by the URL alone.
fn is_boundary(url: &str, modulus: usize) -> bool {
    let hash = blake3::hash(url.as_bytes());
    let mut low = [0u8; 8];
    low.copy_from_slice(&hash.as_bytes()[..8]);
    u64::from_le_bytes(low) % modulus as u64 == 0
}

/// The text an article puts in the index, roughly (for chunk sizes).
fn page_text_bytes(page: &crate::site::Page) -> usize {
    page.article.title.len()
        + page.article.summary.len()
        + page
            .rendered
            .sections
            .iter()
            .map(|s| s.text.len() + s.heading.len())
            .sum::<usize>()
}

/// Where the segments go: a folder on disk or memory.
#[derive(Clone)]
enum Target {
    Folder(std::path::PathBuf),
    Ram(RamDirectory),
}

impl Target {
    fn write(&self, name: &str, bytes: &[u8]) -> Result<(), Diagnostics> {
        match self {
            Target::Folder(folder) => {
                std::fs::write(folder.join(name), bytes).map_err(tantivy_error)
            }
            Target::Ram(ram) => {
                use tantivy::Directory;
                ram.atomic_write(Path::new(name), bytes)
                    .map_err(tantivy_error)
            }
        }
    }
}

/// The part of a chunk's key every chunk shares: helpbook's and tantivy's
/// versions, the schema and the index settings.
fn key_prefix(schema: &Schema) -> Result<blake3::Hasher, Diagnostics> {
    let mut hasher = blake3::Hasher::new();
    for part in [
        env!("CARGO_PKG_VERSION").to_string(),
        tantivy::version_string().to_string(),
        serde_json::to_string(schema).map_err(tantivy_error)?,
        serde_json::to_string(&tantivy::IndexSettings::default()).map_err(tantivy_error)?,
    ] {
        hasher.update(&(part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    Ok(hasher)
}

/// Feeds to `key` everything an article's tantivy document ([`document`])
/// holds: each field's text, or tokens, in order. The sections' text is the
/// body's (the stored sections are the body's values with their anchors
/// and headings), so it is fed once.
fn feed_key(page: &crate::site::Page, key: &mut blake3::Hasher) {
    fn part(key: &mut blake3::Hasher, value: &str) {
        key.update(&(value.len() as u64).to_le_bytes());
        key.update(value.as_bytes());
    }
    fn list<'a>(key: &mut blake3::Hasher, values: impl ExactSizeIterator<Item = &'a str>) {
        key.update(&(values.len() as u64).to_le_bytes());
        for value in values {
            part(key, value);
        }
    }
    let article = &page.article;
    let text = FieldText::of(page);
    key.update(b"document");
    part(key, &text.title);
    list(key, text.headings.iter().map(String::as_str));
    list(key, text.tags.iter().map(String::as_str));
    list(key, text.body.iter().map(String::as_str));
    list(key, text.pairs.iter().map(String::as_str));
    list(key, text.chars.iter().map(String::as_str));
    for value in [
        &article.lang,
        &article.kind,
        &article.category,
        &page.url,
        &article.summary,
    ] {
        part(key, value);
    }
    let sections = &page.rendered.sections;
    key.update(&(sections.len() as u64).to_le_bytes());
    for section in sections {
        part(key, section.anchor.as_deref().unwrap_or_default());
        part(key, &section.heading);
    }
}

/// An article's tantivy document.
fn document(fields: &Fields, page: &crate::site::Page) -> Result<TantivyDocument, Diagnostics> {
    let article = &page.article;
    let text = FieldText::of(page);
    let sections: Vec<StoredSection> = page
        .rendered
        .sections
        .iter()
        .map(|s| StoredSection::new(s, s.text.clone()))
        .collect();
    let sections_json = serde_json::to_string(&sections).map_err(tantivy_error)?;
    let mut document = TantivyDocument::default();
    document.add_text(fields.text[0], &text.title);
    document.add_text(fields.text[1], text.headings.join("\n"));
    document.add_text(fields.text[2], text.tags.join("\n"));
    document.add_text(fields.text[3], text.body.join("\n"));
    document.add_pre_tokenized_text(fields.text[4], pre_tokenized(text.pairs));
    document.add_pre_tokenized_text(fields.text[5], pre_tokenized(text.chars));
    document.add_text(fields.lang, &article.lang);
    document.add_text(fields.kind, &article.kind);
    document.add_text(fields.category, &article.category);
    document.add_text(fields.url, &page.url);
    document.add_text(fields.summary, &article.summary);
    document.add_text(fields.sections, sections_json);
    Ok(document)
}

/// The segment name of a chunk: a hash of its files (extension, length,
/// bytes, in [`SEGMENT_EXTENSIONS`] order, absent files left out).
fn segment_name(files: &[(&str, Vec<u8>)]) -> String {
    let mut hasher = blake3::Hasher::new();
    for (extension, bytes) in files {
        hasher.update(extension.as_bytes());
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    hasher.finalize().to_hex().as_str()[..32].to_string()
}

/// Takes the chunk's segment from the previous index folder if it is there
/// whole (its files hash to its name), linking its files into `target`.
fn reuse(previous: &Path, entry: &ChunkEntry, target: &Target) -> Option<()> {
    let mut files = Vec::new();
    for extension in SEGMENT_EXTENSIONS {
        let path = previous.join(format!("{}.{extension}", entry.segment));
        if let Ok(bytes) = std::fs::read(&path) {
            files.push((extension, bytes));
        }
    }
    if files.is_empty() || segment_name(&files) != entry.segment {
        return None;
    }
    for (extension, bytes) in &files {
        let name = format!("{}.{extension}", entry.segment);
        let linked = match target {
            Target::Folder(folder) => {
                std::fs::hard_link(previous.join(&name), folder.join(&name)).is_ok()
            }
            Target::Ram(_) => false,
        };
        if !linked {
            target.write(&name, bytes).ok()?;
        }
    }
    Some(())
}

/// Indexes one chunk's documents as one segment in memory, and writes its
/// files to `target` under their content's name.
fn index_chunk(
    schema: &Schema,
    documents: Vec<TantivyDocument>,
    target: &Target,
) -> Result<String, Diagnostics> {
    let ram = RamDirectory::create();
    let tokenizers = tantivy::tokenizer::TokenizerManager::default();
    tokenizers.register(ANALYZER_NAME, text_analyzer());
    // One segment, written on this thread (a worker of the build's thread
    // pool: no writer thread per chunk), documents in the order given.
    let mut writer = Index::builder()
        .schema(schema.clone())
        .settings(tantivy::IndexSettings::default())
        .tokenizers(tokenizers)
        .single_segment_index_writer(ram.clone(), WRITER_BUDGET)
        .map_err(tantivy_error)?;
    for document in documents {
        writer.add_document(document).map_err(tantivy_error)?;
    }
    let index = writer.finalize().map_err(tantivy_error)?;
    let metas = index.searchable_segment_metas().map_err(tantivy_error)?;
    let [meta] = metas.as_slice() else {
        return Err(tantivy_error(format!(
            "a chunk was written as {} segments",
            metas.len()
        )));
    };
    let old = meta.id().uuid_string();
    let mut files = Vec::new();
    for extension in SEGMENT_EXTENSIONS {
        use tantivy::Directory;
        let path = format!("{old}.{extension}");
        if !ram.exists(Path::new(&path)).map_err(tantivy_error)? {
            continue;
        }
        let file = ram.open_read(Path::new(&path)).map_err(tantivy_error)?;
        let bytes = file.read_bytes().map_err(tantivy_error)?;
        files.push((extension, bytes.as_slice().to_vec()));
    }
    let name = segment_name(&files);
    for (extension, bytes) in &files {
        target.write(&format!("{name}.{extension}"), bytes)?;
    }
    Ok(name)
}

/// The segment name with hyphens, as meta.json spells segment ids.
fn hyphenated(id: &str) -> String {
    format!(
        "{}-{}-{}-{}-{}",
        &id[..8],
        &id[8..12],
        &id[12..16],
        &id[16..20],
        &id[20..]
    )
}

/// The chunks of the index in `folder` (its `chunks.json`), by key.
fn previous_chunks(folder: &Path) -> std::collections::HashMap<String, ChunkEntry> {
    std::fs::read(folder.join(CHUNKS_FILE))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<ChunksFile>(&bytes).ok())
        .filter(|file| file.format == 1)
        .map(|file| {
            file.chunks
                .into_iter()
                .filter(|c| {
                    c.segment.len() == 32 && c.segment.bytes().all(|b| b.is_ascii_hexdigit())
                })
                .map(|c| (c.key.clone(), c))
                .collect()
        })
        .unwrap_or_default()
}

/// [`build`], taking unchanged chunks' segments from the index in
/// `previous` (a folder like `folder`, from an earlier build) instead of
/// indexing them again.
///
/// The documents are split into chunks ([`chunk_ranges`]); each chunk is
/// indexed on its own, in parallel, as one segment (one writer thread, so
/// its files are the same on every build), named after its content. A
/// chunk's key is a digest of everything its documents hold (every field's
/// text or tokens, in order), the schema and the versions of helpbook and
/// tantivy; `chunks.json` maps keys to segments. `meta.json` lists the
/// segments in reading order, so document ids are global reading order
/// (segment after segment), and tantivy's BM25 statistics, summed over
/// segments, are those of one segment.
pub fn build_reusing(
    site: &Site,
    folder: Option<&Path>,
    previous: Option<&Path>,
) -> Result<BuiltIndex, Diagnostics> {
    use rayon::prelude::*;
    let (schema, fields) = schema();
    let target = match folder {
        None => Target::Ram(RamDirectory::create()),
        Some(folder) => {
            std::fs::create_dir_all(folder).map_err(tantivy_error)?;
            Target::Folder(folder.to_path_buf())
        }
    };
    let reusable = previous.map(previous_chunks).unwrap_or_default();
    let pages: Vec<&crate::site::Page> = site
        .languages
        .iter()
        .flat_map(|language| language.pages.iter())
        .collect();
    let prefix = key_prefix(&schema)?;
    let ranges = chunk_ranges(site, site.config.search.index_chunk_articles);
    let built: Vec<(ChunkEntry, bool)> = ranges
        .par_iter()
        .map(|range| {
            let mut key = prefix.clone();
            key.update(&(range.len() as u64).to_le_bytes());
            for page in &pages[range.clone()] {
                feed_key(page, &mut key);
            }
            let key = key.finalize().to_hex().to_string();
            let docs = range.len() as u32;
            if let (Some(previous), Some(entry)) = (previous, reusable.get(&key))
                && entry.docs == docs
                && reuse(previous, entry, &target).is_some()
            {
                return Ok((entry.clone(), false));
            }
            let documents = pages[range.clone()]
                .iter()
                .map(|page| document(&fields, page))
                .collect::<Result<Vec<_>, _>>()?;
            let segment = index_chunk(&schema, documents, &target)?;
            Ok((ChunkEntry { key, segment, docs }, true))
        })
        .collect::<Result<Vec<_>, Diagnostics>>()?;
    let counts = ChunkCounts {
        chunks: built.len(),
        indexed: built.iter().filter(|(_, indexed)| *indexed).count(),
    };
    let chunks: Vec<ChunkEntry> = built.into_iter().map(|(entry, _)| entry).collect();
    let total: u64 = chunks.iter().map(|c| u64::from(c.docs)).sum();
    let meta = serde_json::json!({
        "index_settings": tantivy::IndexSettings::default(),
        "segments": chunks.iter().map(|c| serde_json::json!({
            "segment_id": hyphenated(&c.segment),
            "max_doc": c.docs,
            "deletes": null,
        })).collect::<Vec<_>>(),
        "schema": schema,
        "opstamp": total,
    });
    let meta = serde_json::to_vec_pretty(&meta).map_err(tantivy_error)?;
    let chunks_file =
        serde_json::to_vec_pretty(&ChunksFile { format: 1, chunks }).map_err(tantivy_error)?;
    target.write(CHUNKS_FILE, &chunks_file)?;
    target.write("meta.json", &meta)?;
    let index = match &target {
        Target::Ram(ram) => Index::open(ram.clone()),
        Target::Folder(folder) => {
            let directory = MmapDirectory::open(folder).map_err(tantivy_error)?;
            Index::open(directory)
        }
    }
    .map_err(tantivy_error)?;
    index.tokenizers().register(ANALYZER_NAME, text_analyzer());
    Ok(BuiltIndex {
        index,
        fields,
        chunks: counts,
    })
}

/// Tokens computed by helpbook (pairs, characters) in the form tantivy
/// indexes as they are; positions count up from 0, offsets are unused.
fn pre_tokenized(tokens: Vec<String>) -> PreTokenizedString {
    PreTokenizedString {
        text: String::new(),
        tokens: tokens
            .into_iter()
            .enumerate()
            .map(|(position, text)| Token {
                offset_from: 0,
                offset_to: 0,
                position,
                text,
                position_length: 1,
            })
            .collect(),
    }
}

/// Finishes an index [`build`] wrote into `folder`, once nothing reads it
/// any more: removes tantivy's own bookkeeping (`.managed.json`, lock
/// files), so two builds of the same site leave byte-identical folders:
/// the segments meta.json lists, meta.json and chunks.json.
pub fn finish(folder: &Path) -> Result<(), Diagnostics> {
    let meta_json = std::fs::read_to_string(folder.join("meta.json")).map_err(tantivy_error)?;
    let meta: serde_json::Value = serde_json::from_str(&meta_json).map_err(tantivy_error)?;
    let segments: Vec<String> = meta["segments"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|s| s["segment_id"].as_str())
                .map(|id| id.replace('-', ""))
                .collect()
        })
        .unwrap_or_default();
    for entry in std::fs::read_dir(folder).map_err(tantivy_error)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let keep = name == "meta.json"
            || name == CHUNKS_FILE
            || name
                .split_once('.')
                .is_some_and(|(stem, _)| segments.iter().any(|s| s == stem));
        if !keep {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    Ok(())
}

/// The first (global) document id of each segment of `searcher`: document
/// ids run over the segments in order, which is reading order.
pub fn segment_bases(searcher: &tantivy::Searcher) -> Vec<tantivy::DocId> {
    let mut base = 0;
    searcher
        .segment_readers()
        .iter()
        .map(|segment| {
            let first = base;
            base += segment.max_doc();
            first
        })
        .collect()
}

/// The part of `docs` (global ids) in each segment that has some:
/// (segment ordinal, the segment's base, the local id range).
pub fn segment_ranges(
    searcher: &tantivy::Searcher,
    docs: std::ops::Range<tantivy::DocId>,
) -> Vec<(usize, tantivy::DocId, std::ops::Range<tantivy::DocId>)> {
    segment_bases(searcher)
        .into_iter()
        .zip(searcher.segment_readers())
        .enumerate()
        .filter_map(|(ordinal, (base, segment))| {
            let start = docs.start.max(base);
            let end = docs.end.min(base + segment.max_doc());
            (start < end).then(|| (ordinal, base, start - base..end - base))
        })
        .collect()
}

/// The address of the document with global id `doc`.
pub fn doc_address(
    searcher: &tantivy::Searcher,
    doc: tantivy::DocId,
) -> Option<tantivy::DocAddress> {
    segment_ranges(searcher, doc..doc + 1)
        .first()
        .map(|(ordinal, _, local)| tantivy::DocAddress::new(*ordinal as u32, local.start))
}

/// Opens an index written by [`build`] (memory-mapped, read only).
pub fn open(dir: &Path) -> Result<(Index, Fields), Diagnostics> {
    let folder = dir.join(TANTIVY_DIR);
    if !folder.join("meta.json").is_file() {
        return Err(Diagnostics::from(
            Diagnostic::error("search-index", &folder, "no search index here")
                .with_help("build the site first with `helpbook build`, or pass `--index DIR`"),
        ));
    }
    let cannot_open = |e: String| {
        Diagnostics::from(Diagnostic::error(
            "search-index",
            &folder,
            format!("cannot open the search index: {e}"),
        ))
    };
    let directory = MmapDirectory::open(&folder).map_err(|e| cannot_open(e.to_string()))?;
    let index = Index::open(directory).map_err(|e| cannot_open(e.to_string()))?;
    index.tokenizers().register(ANALYZER_NAME, text_analyzer());
    let schema = index.schema();
    let field = |name: &str| {
        schema.get_field(name).map_err(|_| {
            Diagnostics::from(
                Diagnostic::error(
                    "search-index",
                    &folder,
                    format!("the index has no field `{name}`"),
                )
                .with_help("rebuild the site with this version of helpbook"),
            )
        })
    };
    let fields = Fields {
        text: [
            field("title")?,
            field("headings")?,
            field("tags")?,
            field("body")?,
            field("pairs")?,
            field("chars")?,
        ],
        lang: field("lang")?,
        kind: field("kind")?,
        category: field("category")?,
        url: field("url")?,
        summary: field("summary")?,
        sections: field("sections")?,
    };
    Ok((index, fields))
}

/// A searcher over the index as it is now. The index never changes once
/// built, so the reader does not watch for commits (tantivy's default
/// starts a thread per reader that polls `meta.json`).
pub fn searcher(index: &Index) -> tantivy::Result<tantivy::Searcher> {
    Ok(index
        .reader_builder()
        .reload_policy(tantivy::ReloadPolicy::Manual)
        .try_into()?
        .searcher())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_site() -> Site {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = crate::load_config(root, None).expect("sample book.toml");
        crate::load_site(root, config, false).expect("sample site")
    }

    /// (url, title) of every document, by doc id.
    fn documents(index: &Index, fields: &Fields) -> Vec<(String, String)> {
        use tantivy::schema::Value;
        let searcher = searcher(index).expect("searcher");
        let mut documents = Vec::new();
        for (ordinal, segment) in searcher.segment_readers().iter().enumerate() {
            for doc in 0..segment.max_doc() {
                let stored: TantivyDocument = searcher
                    .doc(tantivy::DocAddress::new(ordinal as u32, doc))
                    .expect("stored document");
                let text = |field| {
                    stored
                        .get_first(field)
                        .and_then(|v| v.as_str())
                        .unwrap_or_default()
                        .to_string()
                };
                documents.push((text(fields.url), text(fields.text[0])));
            }
        }
        documents
    }

    /// The old layout: every document in one segment, in reading order.
    fn one_segment(site: &Site) -> BuiltIndex {
        let (schema, fields) = schema();
        let index = Index::create(
            RamDirectory::create(),
            schema,
            tantivy::IndexSettings::default(),
        )
        .expect("index");
        index.tokenizers().register(ANALYZER_NAME, text_analyzer());
        let mut writer: tantivy::IndexWriter = index
            .writer_with_num_threads(1, WRITER_BUDGET)
            .expect("writer");
        for language in &site.languages {
            for page in &language.pages {
                let document = document(&fields, page).expect("document");
                writer.add_document(document).expect("add");
            }
        }
        writer.commit().expect("commit");
        writer.wait_merging_threads().expect("wait");
        BuiltIndex {
            index,
            fields,
            chunks: ChunkCounts::default(),
        }
    }

    /// Every file of a folder: name → bytes.
    fn folder_files(folder: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
        std::fs::read_dir(folder)
            .expect("folder")
            .flatten()
            .map(|e| {
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read(e.path()).expect("read"),
                )
            })
            .collect()
    }

    /// Chunk boundaries depend on the articles, not on their positions:
    /// deleting one article changes the chunk it is in (joined to the
    /// next one when it ended its chunk), and only rarely the next few
    /// (when the minimum length moves a boundary); editing an article's
    /// text changes no boundary.
    #[test]
    fn chunk_boundaries_depend_on_the_articles() {
        let urls: Vec<String> = (0..2000).map(|i| format!("/en/faq/article-{i}/")).collect();
        let articles: Vec<(&str, usize, bool)> = urls
            .iter()
            .enumerate()
            .map(|(i, url)| (url.as_str(), 1000, i == 999 || i == 1999))
            .collect();
        let average = 40;
        let chunks = |articles: &[(&str, usize, bool)]| -> Vec<Vec<String>> {
            split_chunks(articles, average)
                .into_iter()
                .map(|range| articles[range].iter().map(|a| a.0.to_string()).collect())
                .collect()
        };
        let before = chunks(&articles);
        assert!(
            before.len() > 35 && before.len() < 65,
            "{} chunks",
            before.len()
        );
        let (mut checked, mut local, mut most) = (0, 0, 0);
        for (deleted, url) in urls.iter().enumerate().step_by(3) {
            if deleted == 999 || deleted == 1999 {
                continue;
            }
            checked += 1;
            let own = before
                .iter()
                .position(|c| c.contains(url))
                .expect("own chunk");
            let ends_own = before[own].last() == Some(url);
            let mut fewer = articles.clone();
            fewer.remove(deleted);
            let after = chunks(&fewer);
            let changed: Vec<&Vec<String>> = before.iter().filter(|c| !after.contains(c)).collect();
            assert!(changed.iter().any(|c| c.contains(url)), "deleting {url}");
            if changed.len() <= if ends_own { 2 } else { 1 } {
                local += 1;
            }
            most = most.max(changed.len());
        }
        assert!(
            local * 100 >= checked * 95 && most <= 4,
            "{local} of {checked} deletions changed only their own chunk; at most {most} chunks changed"
        );
        // Editing an article's text changes no boundary.
        let mut edited = articles.clone();
        edited[100].1 += 5000;
        assert_eq!(chunks(&edited), before);
    }

    /// A chunk's key changes with anything its documents hold.
    #[test]
    fn keys_cover_every_field() {
        let site = sample_site();
        let page = site.languages[0]
            .pages
            .iter()
            .find(|p| p.rendered.sections.len() > 1 && !p.article.tags.is_empty())
            .expect("an article with sections and tags")
            .clone();
        let key = |page: &crate::site::Page| {
            let mut key = blake3::Hasher::new();
            feed_key(page, &mut key);
            key.finalize()
        };
        let original = key(&page);
        type Edit = fn(&mut crate::site::Page);
        let edits: [(&str, Edit); 10] = [
            ("title", |p| p.article.title.push('x')),
            ("tags", |p| p.article.tags.push("x".into())),
            ("summary", |p| p.article.summary.push('x')),
            ("category", |p| p.article.category.push('x')),
            ("kind", |p| p.article.kind.push('x')),
            ("lang", |p| p.article.lang.push('x')),
            ("url", |p| p.url.push('x')),
            ("anchor", |p| {
                p.rendered.sections[1].anchor = Some("x".into())
            }),
            ("heading", |p| p.rendered.sections[1].heading.push('x')),
            ("text", |p| p.rendered.sections[1].text.push('x')),
        ];
        for (name, edit) in edits {
            let mut edited = page.clone();
            edit(&mut edited);
            assert_ne!(key(&edited), original, "{name}");
        }
    }

    /// An index in many chunks holds what one segment held: the same
    /// documents in the same order, the same static index (postings,
    /// global document frequencies, field norms, token totals), the same
    /// related lists and the same BM25 scores.
    #[test]
    fn chunks_index_what_one_segment_indexes() {
        let mut site = sample_site();
        site.config.search.index_chunk_articles = 2;
        let expected: Vec<String> = site
            .languages
            .iter()
            .flat_map(|language| language.pages.iter().map(|page| page.url.clone()))
            .collect();
        assert!(expected.len() > 20, "the sample site has articles");

        let chunked = build(&site, None).expect("chunked index");
        let single = one_segment(&site);
        let searcher = searcher(&chunked.index).expect("searcher");
        assert!(
            searcher.segment_readers().len() > 6,
            "{} segments",
            searcher.segment_readers().len()
        );
        assert_eq!(chunked.chunks.chunks, searcher.segment_readers().len());
        assert_eq!(chunked.chunks.indexed, chunked.chunks.chunks);
        let urls: Vec<String> = documents(&chunked.index, &chunked.fields)
            .into_iter()
            .map(|(url, _)| url)
            .collect();
        assert_eq!(urls, expected);
        assert_eq!(
            documents(&chunked.index, &chunked.fields),
            documents(&single.index, &single.fields)
        );

        let boosts = crate::search::boosts(&site);
        let a = crate::search::export::export(&site, &chunked, boosts).expect("export");
        let b = crate::search::export::export(&site, &single, boosts).expect("export");
        assert_eq!(a.files, b.files, "the static index is the same");
        assert_eq!(
            crate::related::from_index(&site, &chunked).expect("related"),
            crate::related::from_index(&site, &single).expect("related")
        );

        let single_searcher = super::searcher(&single.index).expect("searcher");
        let all = 0..expected.len() as u32;
        for term in [
            "password",
            "reset",
            "withdrawal",
            "提现",
            "#提",
            "!reset your",
            "fee",
        ] {
            for range in [all.clone(), 3..17, 20..all.end] {
                let x = crate::search::score::term_scores(
                    &searcher,
                    &chunked.fields,
                    &boosts,
                    term,
                    range.clone(),
                )
                .expect("scores");
                let y = crate::search::score::term_scores(
                    &single_searcher,
                    &single.fields,
                    &boosts,
                    term,
                    range,
                )
                .expect("scores");
                assert_eq!(x, y, "BM25 of {term:?}");
            }
        }
        for doc in [0, 5, all.end - 1] {
            let address = doc_address(&searcher, doc).expect("address");
            let stored: TantivyDocument = searcher.doc(address).expect("doc");
            use tantivy::schema::Value;
            let url = stored
                .get_first(chunked.fields.url)
                .and_then(|v| v.as_str());
            assert_eq!(url, Some(expected[doc as usize].as_str()));
        }
        assert!(doc_address(&searcher, all.end).is_none());
    }

    /// A build next to a previous index takes every unchanged chunk from it
    /// and leaves the same files a cold build leaves; an edit to one article
    /// indexes one chunk again.
    #[test]
    fn unchanged_chunks_are_reused() {
        let mut site = sample_site();
        site.config.search.index_chunk_articles = 3;
        let dir = tempfile::tempdir().expect("temp dir");
        let write = |site: &Site, name: &str, previous: Option<&str>| {
            let folder = dir.path().join(name);
            let previous = previous.map(|p| dir.path().join(p));
            let built = build_reusing(site, Some(&folder), previous.as_deref()).expect("index");
            let chunks = built.chunks;
            drop(built);
            finish(&folder).expect("finish");
            (chunks, folder_files(&folder))
        };
        let (cold, cold_files) = write(&site, "cold", None);
        assert!(cold.chunks > 5 && cold.indexed == cold.chunks, "{cold:?}");
        assert!(cold_files.contains_key(CHUNKS_FILE));
        assert_eq!(
            cold_files.len(),
            2 + 6 * cold.chunks,
            "{:?}",
            cold_files.keys()
        );
        let (warm, warm_files) = write(&site, "warm", Some("cold"));
        assert_eq!(
            warm,
            ChunkCounts {
                chunks: cold.chunks,
                indexed: 0
            }
        );
        assert_eq!(warm_files, cold_files);

        site.languages[0].pages[4]
            .article
            .summary
            .push_str(" Edited.");
        let (edited, edited_files) = write(&site, "edited", Some("warm"));
        assert_eq!(
            edited,
            ChunkCounts {
                chunks: cold.chunks,
                indexed: 1
            }
        );
        let (_, edited_cold_files) = write(&site, "edited-cold", None);
        assert_eq!(edited_files, edited_cold_files);
        assert_ne!(edited_files, cold_files);
        // The folder is an index tantivy opens.
        let open_cold = open_folder(&dir.path().join("edited"));
        assert_eq!(
            searcher(&open_cold).expect("searcher").num_docs() as usize,
            site.page_count()
        );
    }

    fn open_folder(folder: &Path) -> Index {
        Index::open(MmapDirectory::open(folder).expect("dir")).expect("open")
    }
}
