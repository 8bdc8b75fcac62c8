//! The tantivy index built in chunks of articles: each chunk is one
//! segment, indexed on its own thread, named after its content, and taken
//! from the previous build's index when nothing its documents hold has
//! changed (see [`build_reusing`]). A one-article edit indexes one chunk.

use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::directory::{MmapDirectory, RamDirectory};
use tantivy::schema::Schema;
use tantivy::{Index, TantivyDocument};

use super::analyzer::{ANALYZER_NAME, text_analyzer};
use super::index::{Fields, document, schema, tantivy_error};
use crate::diagnostic::Diagnostics;
use crate::site::Site;

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

/// The memory budget given to a chunk's segment writer. A single-segment
/// writer writes one segment whatever it uses (a chunk holds at most
/// [`CHUNK_MAX_TEXT_BYTES`] of text), so the budget only sizes the term
/// table it starts with, which grows as it needs to. 200 MB started every
/// chunk with tantivy's largest table (512K entries, 4 MB, zeroed, for
/// each chunk): 3% of a cold build's time at 10,000 articles. This starts
/// with 128K entries.
const WRITER_BUDGET: usize = 4 * 1024 * 1024;
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
    let sections = page.rendered.sections_summary.text_bytes;
    page.article.title.len() + page.article.summary.len() + sections as usize
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

/// Feeds to `key` everything an article's tantivy document
/// ([`document`]) is made from: the title, the tags, the stored fields,
/// and each section's anchor, heading and text (as the digest of its
/// sections, which a reused rendering has without its text). The `pairs`
/// and `chars` tokens are not fed: the analyzer makes them from the title,
/// headings and tags, and the key's prefix pins the analyzer (helpbook's
/// version). Fed straight from the page, without building the document's
/// text, so that keying every article of a large site costs little.
fn feed_key(page: &crate::site::Page, key: &mut blake3::Hasher) {
    fn part(key: &mut blake3::Hasher, value: &str) {
        key.update(&(value.len() as u64).to_le_bytes());
        key.update(value.as_bytes());
    }
    let article = &page.article;
    key.update(b"document");
    part(key, &article.title);
    key.update(&(article.tags.len() as u64).to_le_bytes());
    for tag in &article.tags {
        part(key, tag);
    }
    for value in [
        &article.lang,
        &article.kind,
        &article.category,
        &page.url,
        &article.summary,
    ] {
        part(key, value);
    }
    key.update(b"sections");
    key.update(&page.rendered.sections_summary.digest);
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
                .map(|page| document(&fields, page, &site.sections(page)))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::finish;
    use crate::search::index::searcher;
    use crate::search::index::tests::{folder_files, open_folder, sample_site};

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
                p.rendered.edit_sections(|s| s[1].anchor = Some("x".into()))
            }),
            ("heading", |p| {
                p.rendered.edit_sections(|s| s[1].heading.push('x'))
            }),
            ("text", |p| {
                p.rendered.edit_sections(|s| s[1].text.push('x'))
            }),
        ];
        for (name, edit) in edits {
            let mut edited = page.clone();
            edit(&mut edited);
            assert_ne!(key(&edited), original, "{name}");
        }
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
}
