//! The static index for the browser, derived from the tantivy index by
//! reading its term dictionary, postings and field norms (FORMAT.md).
//!
//! One static index per language, so a reader of the Chinese site never
//! downloads English postings; postings are split into shards by term
//! range, so a query downloads only the few shards its terms fall in.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, TERMINATED};

use super::analyzer::{CHAR_MARK, PAIR_MARK, is_letter_word};
use super::index::{BuiltIndex, FIELD_COUNT, SECTION_TEXT_CHARS, StoredSection, TEXT_FIELDS};
use super::rules::{self, Rules};
use super::typo::{Dictionary, MIN_WORD_CHARS};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::site::Site;

/// The version of the static index format (FORMAT.md).
pub const FORMAT: u32 = 2;

/// The typo dictionary's file name, next to the manifest.
pub const WORDS_FILE: &str = "words.txt";

/// A shard of words is closed once its encoded terms pass this many bytes
/// (a term with more postings than that gets a shard of its own).
pub const SHARD_TARGET_BYTES: usize = 12 * 1024;

/// The same for pair and character terms, which a query looks up one by
/// one in shards of their own: small shards keep each lookup cheap.
pub const MARKED_SHARD_TARGET_BYTES: usize = 4 * 1024;

/// Which kind of term: pair, character (by their mark) or word. A shard
/// only holds one kind.
fn term_kind(term: &[u8]) -> u8 {
    match term.first() {
        Some(&mark) if mark == PAIR_MARK as u8 || mark == CHAR_MARK as u8 => mark,
        _ => 0,
    }
}

/// The static indexes of every language.
pub struct StaticIndexes {
    /// Path inside the output directory → bytes.
    pub files: Vec<(String, Vec<u8>)>,
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
    pub shards: Vec<String>,
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

/// One posting: doc id, term frequency, fieldnorm id.
type Posting = (u32, u32, u8);

/// Per term: for each field, the global document frequency and this
/// language's postings.
type TermPostings = [(u32, Vec<Posting>); FIELD_COUNT];

fn export_error(error: impl std::fmt::Display) -> Diagnostics {
    Diagnostic::error(
        "search-index",
        "search",
        format!("cannot export the search index: {error}"),
    )
    .into()
}

/// JSON with markup characters escaped (see [`crate::render::html_safe_json`]),
/// so that no markup from content appears literally in any file of the site.
fn json_bytes<T: Serialize>(value: &T) -> Result<Vec<u8>, Diagnostics> {
    let text = serde_json::to_string(value).map_err(export_error)?;
    Ok(crate::render::html_safe_json(&text).into_bytes())
}

fn push_varint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Encodes one term entry of a shard file.
fn encode_term(out: &mut Vec<u8>, term: &[u8], postings: &TermPostings) {
    push_varint(out, term.len() as u64);
    out.extend_from_slice(term);
    for (df, list) in postings {
        if list.is_empty() {
            push_varint(out, 0);
            continue;
        }
        push_varint(out, u64::from(*df));
        push_varint(out, list.len() as u64);
        let mut previous = 0u32;
        for (i, (doc, tf, fieldnorm_id)) in list.iter().enumerate() {
            let delta = if i == 0 { *doc } else { doc - previous };
            push_varint(out, u64::from(delta));
            push_varint(out, u64::from(*tf));
            out.push(*fieldnorm_id);
            previous = *doc;
        }
    }
}

/// The shortest prefix of `term` (whole characters) that sorts after
/// `previous`: a shard's first entry in the manifest, which needs only to
/// separate it from the shard before.
fn separator(previous: &[u8], term: &[u8]) -> String {
    let text = String::from_utf8_lossy(term);
    text.char_indices()
        .map(|(i, c)| &text[..i + c.len_utf8()])
        .find(|prefix| prefix.as_bytes() > previous)
        .unwrap_or(&text)
        .to_string()
}

/// `term`'s entry in its language's typo dictionary (the word and its
/// number of articles), if it has one: letter words that occur in at least
/// two of the language's articles, or in a title, heading or tag.
fn dictionary_word(term: &[u8], postings: &TermPostings) -> Option<(String, u32)> {
    let word = std::str::from_utf8(term)
        .ok()
        .filter(|w| is_letter_word(w) && w.chars().count() >= MIN_WORD_CHARS)?;
    // Title, headings, tags, body: the article's own words.
    let mut docs: Vec<u32> = postings[..4]
        .iter()
        .flat_map(|(_, list)| list.iter().map(|p| p.0))
        .collect();
    docs.sort_unstable();
    docs.dedup();
    let in_short_field = postings[..3].iter().any(|(_, list)| !list.is_empty());
    (docs.len() >= 2 || in_short_field).then(|| (word.to_string(), docs.len() as u32))
}

/// The index's segments, as the export reads them: for each segment, its
/// global document ids, and each scored field's inverted index and
/// field norms.
struct Segments {
    /// Each segment's documents, as global ids.
    docs: Vec<std::ops::Range<u32>>,
    inverted: Vec<[std::sync::Arc<tantivy::InvertedIndexReader>; FIELD_COUNT]>,
    norms: Vec<[tantivy::fieldnorm::FieldNormReader; FIELD_COUNT]>,
}

/// Calls `visit` with every term that occurs in a document of `docs` (the
/// documents of one language, global ids), in byte order, with its
/// postings in each field restricted to those documents (global ids) and
/// its document frequency over the whole index: a merge of the fields'
/// term dictionaries, each itself a merge over the segments, so only one
/// term's postings are in memory at a time.
fn for_each_term(
    segments: &Segments,
    docs: std::ops::Range<u32>,
    mut visit: impl FnMut(&[u8], &TermPostings),
) -> Result<(), Diagnostics> {
    // The part of `docs` in each segment, as local ids.
    let local: Vec<Option<std::ops::Range<u32>>> = segments
        .docs
        .iter()
        .map(|own| {
            let (start, stop) = (docs.start.max(own.start), docs.end.min(own.end));
            (start < stop).then(|| start - own.start..stop - own.start)
        })
        .collect();
    let mut mergers = Vec::with_capacity(FIELD_COUNT);
    for f in 0..FIELD_COUNT {
        let mut streams = Vec::with_capacity(segments.inverted.len());
        for inverted in &segments.inverted {
            streams.push(inverted[f].terms().stream().map_err(export_error)?);
        }
        let mut merger = tantivy::termdict::TermMerger::new(streams);
        let live = merger.advance();
        mergers.push((merger, live));
    }
    let mut term: Vec<u8> = Vec::new();
    loop {
        let Some(smallest) = mergers
            .iter()
            .filter(|(_, live)| *live)
            .map(|(merger, _)| merger.key())
            .min()
        else {
            return Ok(());
        };
        term.clear();
        term.extend_from_slice(smallest);
        let mut postings: TermPostings = Default::default();
        let mut any = false;
        for (f, (merger, live)) in mergers.iter_mut().enumerate() {
            if !*live || merger.key() != term.as_slice() {
                continue;
            }
            let mut doc_freq = 0u32;
            for (ordinal, info) in merger.current_segment_ords_and_term_infos() {
                doc_freq += info.doc_freq;
                let Some(range) = &local[ordinal] else {
                    continue;
                };
                let base = segments.docs[ordinal].start;
                let mut list = segments.inverted[ordinal][f]
                    .read_postings_from_terminfo(&info, IndexRecordOption::WithFreqs)
                    .map_err(export_error)?;
                // (`seek` must not go back: tantivy asserts it in debug builds.)
                let mut doc = list.doc();
                if doc < range.start {
                    doc = list.seek(range.start);
                }
                while doc != TERMINATED && doc < range.end {
                    postings[f].1.push((
                        base + doc,
                        list.term_freq(),
                        segments.norms[ordinal][f].fieldnorm_id(doc),
                    ));
                    doc = list.advance();
                }
            }
            if !postings[f].1.is_empty() {
                postings[f].0 = doc_freq;
                any = true;
            }
            *live = merger.advance();
        }
        if any {
            visit(&term, &postings);
        }
    }
}

/// `text` cut to `max` characters.
fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.to_string(),
    }
}

/// Exports the static index of every language and `search/index.json`.
pub fn export(
    site: &Site,
    built: &BuiltIndex,
    boosts: [f32; FIELD_COUNT],
) -> Result<StaticIndexes, Diagnostics> {
    let searcher = super::index::searcher(&built.index).map_err(export_error)?;
    // Segments in reading order (FORMAT.md): global ids run over them.
    let mut segments = Segments {
        docs: Vec::new(),
        inverted: Vec::new(),
        norms: Vec::new(),
    };
    let mut total_tokens = [0u64; FIELD_COUNT];
    let mut num_docs = 0u32;
    for segment in searcher.segment_readers() {
        segments.docs.push(num_docs..num_docs + segment.max_doc());
        num_docs += segment.max_doc();
        let mut inverted = Vec::with_capacity(FIELD_COUNT);
        let mut norms = Vec::with_capacity(FIELD_COUNT);
        for (f, field) in built.fields.text.iter().enumerate() {
            let reader = segment.inverted_index(*field).map_err(export_error)?;
            total_tokens[f] += reader.total_num_tokens();
            inverted.push(reader);
            norms.push(
                segment
                    .get_fieldnorms_reader(*field)
                    .map_err(export_error)?,
            );
        }
        let (Ok(inverted), Ok(norms)) = (inverted.try_into(), norms.try_into()) else {
            return Err(export_error("a segment lacks a field"));
        };
        segments.inverted.push(inverted);
        segments.norms.push(norms);
    }

    // Documents were added language by language, in reading order.
    let articles: usize = site.languages.iter().map(|l| l.pages.len()).sum();
    if articles != num_docs as usize {
        return Err(export_error(
            "the index and the site disagree on the number of articles",
        ));
    }

    let base = &site.config.base_path;
    let mut files = Vec::new();
    let mut manifests = BTreeMap::new();
    let mut first_doc = 0u32;
    for language in &site.languages {
        let mut language_files: Vec<(String, Vec<u8>)> = Vec::new();
        let docs = first_doc..first_doc + language.pages.len() as u32;

        // Shards, written term by term as the language's terms stream by
        // in order (no language's postings are ever all in memory).
        let mut shards: Vec<String> = Vec::new();
        let mut current: Vec<u8> = Vec::new();
        let mut current_terms = 0u64;
        let flush = |current: &mut Vec<u8>,
                     count: &mut u64,
                     files: &mut Vec<(String, Vec<u8>)>,
                     number: usize| {
            let mut bytes = Vec::with_capacity(current.len() + 4);
            push_varint(&mut bytes, *count);
            bytes.append(current);
            files.push((format!("shards/{number}.bin"), bytes));
            *count = 0;
        };
        let mut kind = 0u8;
        let mut previous: Vec<u8> = Vec::new();
        let mut words: Vec<(String, u32)> = Vec::new();
        for_each_term(&segments, docs.clone(), |term, postings| {
            if current_terms > 0 && term_kind(term) != kind {
                flush(
                    &mut current,
                    &mut current_terms,
                    &mut language_files,
                    shards.len() - 1,
                );
            }
            kind = term_kind(term);
            if current_terms == 0 {
                let first = if shards.is_empty() {
                    String::new()
                } else {
                    separator(&previous, term)
                };
                shards.push(first);
            }
            previous.clear();
            previous.extend_from_slice(term);
            encode_term(&mut current, term, postings);
            current_terms += 1;
            words.extend(dictionary_word(term, postings));
            let target = if kind == 0 {
                SHARD_TARGET_BYTES
            } else {
                MARKED_SHARD_TARGET_BYTES
            };
            if current.len() >= target {
                flush(
                    &mut current,
                    &mut current_terms,
                    &mut language_files,
                    shards.len() - 1,
                );
            }
        })?;
        if current_terms > 0 || shards.is_empty() {
            if shards.is_empty() {
                shards.push(String::new());
            }
            flush(
                &mut current,
                &mut current_terms,
                &mut language_files,
                shards.len() - 1,
            );
        }

        // Kind runs and document metadata.
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
            let metadata = DocMetadata {
                title: &page.article.title,
                url: &page.url,
                kind: &page.article.kind,
                category: &page.article.category,
                summary: &page.article.summary,
                sections: page
                    .rendered
                    .sections
                    .iter()
                    .map(|s| StoredSection::new(s, cut(&s.text, SECTION_TEXT_CHARS)))
                    .collect(),
            };
            let json = json_bytes(&metadata)?;
            language_files.push((format!("docs/{doc}.json"), json));
        }
        let dictionary = Dictionary::new(words);
        let words = if dictionary.is_empty() {
            String::new()
        } else {
            language_files.push((WORDS_FILE.to_string(), dictionary.to_text().into_bytes()));
            WORDS_FILE.to_string()
        };
        let manifest = Manifest {
            format: FORMAT,
            lang: language.code.clone(),
            num_docs,
            fields: TEXT_FIELDS.iter().map(|f| f.to_string()).collect(),
            boosts: boosts.to_vec(),
            total_tokens: total_tokens.to_vec(),
            kinds: kinds.iter().map(|k| k.to_string()).collect(),
            kind_runs,
            shards,
            words,
            rules: rules::for_language(site, language, first_doc),
        };
        let manifest_json = json_bytes(&manifest)?;
        language_files.push(("manifest.json".to_string(), manifest_json));
        language_files.sort();

        // The folder name is a hash of everything in it.
        let mut hasher = blake3::Hasher::new();
        for (path, bytes) in &language_files {
            hasher.update(path.as_bytes());
            hasher.update(&(bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        }
        let hash = hasher.finalize().to_hex().as_str()[..10].to_string();
        let folder = format!("search/{}/{hash}", language.url_code);
        manifests.insert(
            language.code.clone(),
            format!("{base}{folder}/manifest.json"),
        );
        files.extend(
            language_files
                .into_iter()
                .map(|(path, bytes)| (format!("{folder}/{path}"), bytes)),
        );
        first_doc += language.pages.len() as u32;
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
    Ok(StaticIndexes { files, manifests })
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
    fn varints() {
        let mut out = Vec::new();
        push_varint(&mut out, 0);
        push_varint(&mut out, 127);
        push_varint(&mut out, 128);
        push_varint(&mut out, 300);
        assert_eq!(out, [0, 127, 0x80, 1, 0xac, 2]);
    }

    #[test]
    fn separators_are_the_shortest_prefix_after_the_previous_term() {
        assert_eq!(separator(b"account", b"money"), "m");
        assert_eq!(separator(b"pass", b"password"), "passw");
        assert_eq!(separator("提现".as_bytes(), "提醒".as_bytes()), "提醒");
        assert_eq!(separator("提".as_bytes(), "提现".as_bytes()), "提现");
        assert_eq!(separator(b"a", "提".as_bytes()), "提");
    }

    #[test]
    fn cutting_keeps_whole_characters() {
        assert_eq!(cut("提现失败", 2), "提现…");
        assert_eq!(cut("ab", 5), "ab");
    }
}
