//! The tantivy index: one document per article, one segment, written by
//! one thread, with file names derived from the content so that two builds
//! of the same site give byte-identical index files.
//!
//! `helpbook build` builds it in a folder on disk (`.helpbook/index/` by
//! default, not the published site: no browser reads it), committing a
//! segment every few megabytes of text so the writer's memory stays small,
//! then merging the segments, in the order they were written, into one.
//! The dev server builds it in memory.

use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::directory::{MmapDirectory, RamDirectory};
use tantivy::indexer::NoMergePolicy;
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{PreTokenizedString, Token};
use tantivy::{Index, IndexWriter, TantivyDocument};

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
}

/// The writer's memory budget: the batches below stay well under it, so
/// each commit writes exactly one segment.
const WRITER_BUDGET: usize = 200 * 1024 * 1024;
/// A segment is committed after about this much article text.
const BATCH_TEXT_BYTES: usize = 24 * 1024 * 1024;

/// Indexes every article of the site, in language then reading order, in
/// memory (`folder: None`) or into `folder` on disk, which must be empty.
pub fn build(site: &Site, folder: Option<&Path>) -> Result<BuiltIndex, Diagnostics> {
    build_in_batches(site, folder, BATCH_TEXT_BYTES)
}

/// [`build`], committing a segment after every `batch_bytes` of text.
fn build_in_batches(
    site: &Site,
    folder: Option<&Path>,
    batch_bytes_max: usize,
) -> Result<BuiltIndex, Diagnostics> {
    let (schema, fields) = schema();
    let index = match folder {
        None => Index::create(
            RamDirectory::create(),
            schema,
            tantivy::IndexSettings::default(),
        ),
        Some(folder) => {
            std::fs::create_dir_all(folder).map_err(tantivy_error)?;
            let directory = MmapDirectory::open(folder).map_err(tantivy_error)?;
            Index::create(directory, schema, tantivy::IndexSettings::default())
        }
    }
    .map_err(tantivy_error)?;
    index.tokenizers().register(ANALYZER_NAME, text_analyzer());
    // One thread, so documents keep their insertion order; no merges while
    // indexing, so the segments are known in the order they were written.
    let mut writer: IndexWriter = index
        .writer_with_num_threads(1, WRITER_BUDGET)
        .map_err(tantivy_error)?;
    writer.set_merge_policy(Box::new(NoMergePolicy));
    let mut segments: Vec<tantivy::index::SegmentId> = Vec::new();
    let mut batch_bytes = 0usize;
    let commit = |writer: &mut IndexWriter,
                  segments: &mut Vec<tantivy::index::SegmentId>|
     -> Result<(), Diagnostics> {
        writer.commit().map_err(tantivy_error)?;
        let now = index.searchable_segment_ids().map_err(tantivy_error)?;
        let new: Vec<_> = now
            .into_iter()
            .filter(|id| !segments.contains(id))
            .collect();
        if new.len() > 1 {
            return Err(tantivy_error(
                "a batch of articles was written as several segments",
            ));
        }
        segments.extend(new);
        Ok(())
    };
    for language in &site.languages {
        for page in &language.pages {
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
            batch_bytes += sections_json.len() + article.title.len() + article.summary.len();
            document.add_text(fields.sections, sections_json);
            writer.add_document(document).map_err(tantivy_error)?;
            if batch_bytes >= batch_bytes_max {
                commit(&mut writer, &mut segments)?;
                batch_bytes = 0;
            }
        }
    }
    commit(&mut writer, &mut segments)?;
    if segments.len() > 1 {
        // Merged in the order written: documents keep their ids.
        writer.merge(&segments).wait().map_err(tantivy_error)?;
    }
    writer.wait_merging_threads().map_err(tantivy_error)?;
    Ok(BuiltIndex { index, fields })
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
/// any more: renames the one segment's files to a name derived from their
/// content, rewrites `meta.json` to match, and removes tantivy's own
/// bookkeeping (`.managed.json`, lock files, the segments the merge
/// replaced), so two builds of the same site leave byte-identical folders.
pub fn finish(folder: &Path) -> Result<(), Diagnostics> {
    let meta_path = folder.join("meta.json");
    let mut meta_json = std::fs::read_to_string(&meta_path).map_err(tantivy_error)?;
    let meta: serde_json::Value = serde_json::from_str(&meta_json).map_err(tantivy_error)?;
    let segments = meta["segments"].as_array().cloned().unwrap_or_default();
    if segments.len() != 1 {
        return Err(tantivy_error(format!(
            "expected one segment, found {}",
            segments.len()
        )));
    }
    let old_id = segments[0]["segment_id"]
        .as_str()
        .unwrap_or_default()
        .replace('-', "");
    let mut hasher = blake3::Hasher::new();
    let mut present = Vec::new();
    for extension in ["fast", "fieldnorm", "idx", "pos", "store", "term"] {
        let path = folder.join(format!("{old_id}.{extension}"));
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        hasher.update(extension.as_bytes());
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(&bytes);
        present.push(extension);
    }
    let new_id = hasher.finalize().to_hex().as_str()[..32].to_string();
    let hyphenated = |id: &str| {
        format!(
            "{}-{}-{}-{}-{}",
            &id[..8],
            &id[8..12],
            &id[12..16],
            &id[16..20],
            &id[20..]
        )
    };
    meta_json = meta_json
        .replace(&hyphenated(&old_id), &hyphenated(&new_id))
        .replace(&old_id, &new_id);
    // Everything in the folder but the segment and meta.json goes (old
    // segments the merge left, tantivy's bookkeeping).
    for entry in std::fs::read_dir(folder).map_err(tantivy_error)?.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let keep = name == "meta.json"
            || present
                .iter()
                .any(|extension| name == format!("{old_id}.{extension}"));
        if !keep {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    for extension in present {
        std::fs::rename(
            folder.join(format!("{old_id}.{extension}")),
            folder.join(format!("{new_id}.{extension}")),
        )
        .map_err(tantivy_error)?;
    }
    // Written anew: tantivy created it readable by its owner only.
    let _ = std::fs::remove_file(&meta_path);
    std::fs::write(&meta_path, meta_json).map_err(tantivy_error)?;
    Ok(())
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

    /// An index written in many segments (one per article here) is merged
    /// into one whose documents keep the reading order the static index
    /// and the related lists rely on, and whose files are those of an index
    /// written in one segment.
    #[test]
    fn segments_merge_in_reading_order() {
        let site = sample_site();
        let expected: Vec<String> = site
            .languages
            .iter()
            .flat_map(|language| language.pages.iter().map(|page| page.url.clone()))
            .collect();
        assert!(expected.len() > 20, "the sample site has articles");

        let dir = tempfile::tempdir().expect("temp dir");
        let write = |name: &str, batch_bytes: usize| {
            let root = dir.path().join(name);
            let folder = root.join(TANTIVY_DIR);
            let built = build_in_batches(&site, Some(&folder), batch_bytes).expect("index");
            drop(built);
            finish(&folder).expect("finish");
            let files: Vec<_> = std::fs::read_dir(&folder)
                .expect("index folder")
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            assert_eq!(files.len(), 7, "one segment and meta.json: {files:?}");
            open(&root).expect("open")
        };
        let (index_one, fields_one) = write("one", usize::MAX);
        let (index, fields) = write("many", 1);
        let urls: Vec<String> = documents(&index, &fields)
            .into_iter()
            .map(|(url, _)| url)
            .collect();
        assert_eq!(urls, expected);
        assert_eq!(
            documents(&index_one, &fields_one),
            documents(&index, &fields)
        );
    }
}
