//! The tantivy index: its schema, one document per article, and how its
//! readers open it. It is built in chunks of articles, each chunk one
//! segment written by one thread, with file names derived from the content
//! so that two builds of the same site give byte-identical index files
//! (see [`super::chunks`]).
//!
//! `helpbook build` builds it in a folder on disk (`.helpbook/index/` by
//! default, not the published site: no browser reads it), taking the chunks
//! that did not change from the previous build's index. The dev server
//! builds it in memory.

use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::directory::MmapDirectory;
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{PreTokenizedString, Token};
use tantivy::{Index, TantivyDocument};

use super::analyzer::{
    ANALYZER_NAME, analyze, character_term, characters, pair_terms, text_analyzer,
};
pub use super::chunks::{BuiltIndex, CHUNKS_FILE, ChunkCounts, build, build_reusing};
use crate::diagnostic::{Diagnostic, Diagnostics};

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
    /// `sections`: the page's ([`crate::site::Site::sections`]).
    pub fn of(page: &crate::site::Page, sections: &[crate::markdown::Section]) -> FieldText {
        let article = &page.article;
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

pub(super) fn tantivy_error(error: impl std::fmt::Display) -> Diagnostics {
    Diagnostic::error(
        "search-index",
        TANTIVY_DIR,
        format!("cannot build the search index: {error}"),
    )
    .into()
}

/// An article's tantivy document (`sections`: the page's, from
/// [`crate::site::Site::sections`]).
pub(super) fn document(
    fields: &Fields,
    page: &crate::site::Page,
    sections: &[crate::markdown::Section],
) -> Result<TantivyDocument, Diagnostics> {
    let article = &page.article;
    let text = FieldText::of(page, sections);
    let sections: Vec<StoredSection> = sections
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
    open_folder(&dir.join(TANTIVY_DIR))
}

/// [`open`] of the index in `folder` itself.
pub fn open_folder(folder: &Path) -> Result<(Index, Fields), Diagnostics> {
    let folder = folder.to_path_buf();
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
pub(super) mod tests {
    use super::*;
    use crate::site::Site;
    use tantivy::directory::RamDirectory;

    pub(in crate::search) fn sample_site() -> Site {
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
            .writer_with_num_threads(1, 200 * 1024 * 1024)
            .expect("writer");
        for language in &site.languages {
            for page in &language.pages {
                let document = document(&fields, page, &site.sections(page)).expect("document");
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
    pub(in crate::search) fn folder_files(
        folder: &Path,
    ) -> std::collections::BTreeMap<String, Vec<u8>> {
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
        let a = crate::search::export::export(&site, &chunked, boosts, None).expect("export");
        let b = crate::search::export::export(&site, &single, boosts, None).expect("export");
        assert_eq!(a.files, b.files, "the static index is the same");
        let cache = crate::cache::Cache::in_memory();
        assert_eq!(
            crate::related::from_index(&site, &chunked, &cache)
                .expect("related")
                .lists,
            crate::related::from_index(&site, &single, &cache)
                .expect("related")
                .lists
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

    pub(in crate::search) fn open_folder(folder: &Path) -> Index {
        Index::open(MmapDirectory::open(folder).expect("dir")).expect("open")
    }
}
