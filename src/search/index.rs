//! The tantivy index: one document per article, one segment, written by
//! one thread, with file names derived from the content so that two builds
//! of the same site give byte-identical index files.
//!
//! The index is built in memory (helpbook uses tantivy without its mmap
//! feature) and its files are returned as bytes for the output stage.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::directory::{Directory, RamDirectory};
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

/// The built index and its files, ready to be written.
pub struct BuiltIndex {
    pub index: Index,
    pub fields: Fields,
    /// Path inside the output directory → bytes.
    pub files: Vec<(String, Vec<u8>)>,
}

/// Indexes every article of the site, in language then reading order.
pub fn build(site: &Site) -> Result<BuiltIndex, Diagnostics> {
    let (schema, fields) = schema();
    let directory = RamDirectory::create();
    let index = Index::create(directory.clone(), schema, tantivy::IndexSettings::default())
        .map_err(tantivy_error)?;
    index.tokenizers().register(ANALYZER_NAME, text_analyzer());
    // One thread, so documents keep their insertion order and the segment
    // files are the same on every build; a budget large enough to never
    // split the segment for a help center.
    let mut writer: IndexWriter = index
        .writer_with_num_threads(1, 512 * 1024 * 1024)
        .map_err(tantivy_error)?;
    writer.set_merge_policy(Box::new(NoMergePolicy));
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
            document.add_text(fields.sections, sections_json);
            writer.add_document(document).map_err(tantivy_error)?;
        }
    }
    writer.commit().map_err(tantivy_error)?;
    writer.wait_merging_threads().map_err(tantivy_error)?;
    let segments = index.searchable_segment_ids().map_err(tantivy_error)?;
    if segments.len() > 1 {
        return Err(tantivy_error(format!(
            "expected one segment, found {}",
            segments.len()
        )));
    }
    let files = deterministic_files(&directory, &index)?;
    Ok(BuiltIndex {
        index,
        fields,
        files,
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

/// The index files with the random segment id replaced by one derived from
/// the segment's content, and `meta.json` rewritten to match.
fn deterministic_files(
    directory: &RamDirectory,
    index: &Index,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    let metas = index.searchable_segment_metas().map_err(tantivy_error)?;
    let mut meta_json = String::from_utf8(
        directory
            .atomic_read(Path::new("meta.json"))
            .map_err(tantivy_error)?,
    )
    .map_err(tantivy_error)?;
    let mut files = Vec::new();
    for meta in metas {
        let old_id = meta.id().uuid_string();
        let mut segment_files: Vec<(String, Vec<u8>)> = Vec::new();
        let mut hasher = blake3::Hasher::new();
        for extension in ["fast", "fieldnorm", "idx", "pos", "store", "term"] {
            let path = PathBuf::from(format!("{old_id}.{extension}"));
            if !directory.exists(&path).map_err(tantivy_error)? {
                continue;
            }
            let file = directory.open_read(&path).map_err(tantivy_error)?;
            let bytes = file
                .read_bytes()
                .map_err(tantivy_error)?
                .as_slice()
                .to_vec();
            hasher.update(extension.as_bytes());
            hasher.update(&(bytes.len() as u64).to_le_bytes());
            hasher.update(&bytes);
            segment_files.push((extension.to_string(), bytes));
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
        for (extension, bytes) in segment_files {
            files.push((format!("{TANTIVY_DIR}/{new_id}.{extension}"), bytes));
        }
    }
    files.push((format!("{TANTIVY_DIR}/meta.json"), meta_json.into_bytes()));
    files.sort();
    Ok(files)
}

/// Opens an index written by [`build`] from the output directory (files
/// are read into memory: helpbook's tantivy has no mmap).
pub fn open(dir: &Path) -> Result<(Index, Fields), Diagnostics> {
    let folder = dir.join(TANTIVY_DIR);
    let not_found = || {
        Diagnostics::from(
            Diagnostic::error("search-index", &folder, "no search index here")
                .with_help("build the site first with `helpbook build`, or pass `--site DIR`"),
        )
    };
    let entries = std::fs::read_dir(&folder).map_err(|_| not_found())?;
    let directory = RamDirectory::create();
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_file() {
            continue;
        }
        let bytes = std::fs::read(&path)
            .map_err(|e| Diagnostics::from(crate::diagnostic::io_error(&path, "read", &e)))?;
        let name = PathBuf::from(entry.file_name());
        directory
            .atomic_write(&name, &bytes)
            .map_err(tantivy_error)?;
    }
    let index = Index::open(directory).map_err(|e| {
        Diagnostics::from(Diagnostic::error(
            "search-index",
            &folder,
            format!("cannot open the search index: {e}"),
        ))
    })?;
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
