//! The static index for the browser, derived from the tantivy index by
//! reading its term dictionary, postings and field norms (FORMAT.md).
//!
//! One static index per language, so a reader of the Chinese site never
//! downloads English postings; postings are split into shards by term
//! range, so a query downloads only the few shards its terms fall in.
//! Shards are named by their content and cut where the terms say (not at
//! a running byte count), and the manifest has a fixed URL, so an edit to
//! one article changes only the shards of its changed terms, and no page.

use std::collections::BTreeMap;

use rayon::prelude::*;
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
pub const FORMAT: u32 = 3;

/// The typo dictionary's file name, next to the manifest.
pub const WORDS_FILE: &str = "words.txt";

/// The manifest's file name, in its language's folder.
pub const MANIFEST_FILE: &str = "manifest.json";

/// Where shards are cut (FORMAT.md, "Shards"): after a term once the
/// shard has `min` bytes and a hash of the term is a multiple of
/// `divisor`, or once it has `max` bytes; a term of `alone` bytes or more
/// gets a shard of its own. The boundaries depend on the terms around
/// them only, so a change to one term's postings moves no boundary beyond
/// the next term whose hash says "cut".
#[derive(Clone, Copy)]
struct ShardLimits {
    min: usize,
    divisor: u64,
    max: usize,
    alone: usize,
}

/// Words: shards of about 16 KiB on average (as format 2's 12 KiB target
/// gave), a common word's postings alone.
const WORD_SHARDS: ShardLimits = ShardLimits {
    min: 12 * 1024,
    divisor: 4,
    max: 48 * 1024,
    alone: 12 * 1024,
};

/// Pair and character terms, which a query looks up one by one in shards
/// of their own: small shards keep each lookup cheap (about 5-7 KiB on
/// average).
const MARKED_SHARDS: ShardLimits = ShardLimits {
    min: 3 * 1024,
    divisor: 2,
    max: 16 * 1024,
    alone: 8 * 1024,
};

/// Hex digits of a shard's content hash in its file name (40 bits).
const SHARD_HASH_HEX: usize = 10;

/// Hex digits of a language's `version` (64 bits).
const VERSION_HEX: usize = 16;

/// Which kind of term: pair, character (by their mark) or word. A shard
/// only holds one kind.
fn term_kind(term: &[u8]) -> u8 {
    match term.first() {
        Some(&mark) if mark == PAIR_MARK as u8 || mark == CHAR_MARK as u8 => mark,
        _ => 0,
    }
}

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

/// Whether a shard ends after `term` by the hash condition: the first 8
/// bytes of the term's BLAKE3 hash, little-endian, are a multiple of
/// `divisor`.
fn cuts_after(term: &[u8], divisor: u64) -> bool {
    let hash = blake3::hash(term);
    let mut first = [0u8; 8];
    first.copy_from_slice(&hash.as_bytes()[..8]);
    u64::from_le_bytes(first).is_multiple_of(divisor)
}

/// One shard: its separator (`shards[i]` of the manifest) and its bytes.
struct Shard {
    separator: String,
    bytes: Vec<u8>,
}

/// Cuts a language's terms, given in order, into shards (FORMAT.md).
#[derive(Default)]
struct Sharder {
    shards: Vec<Shard>,
    /// The open shard: its separator, term count and encoded terms.
    separator: String,
    terms: u64,
    current: Vec<u8>,
    kind: u8,
    /// The first term and the last term added.
    first: Vec<u8>,
    previous: Vec<u8>,
    entry: Vec<u8>,
}

impl Sharder {
    fn add(&mut self, term: &[u8], postings: &TermPostings) {
        self.entry.clear();
        encode_term(&mut self.entry, term, postings);
        let kind = term_kind(term);
        let limits = if kind == 0 {
            WORD_SHARDS
        } else {
            MARKED_SHARDS
        };
        let alone = self.entry.len() >= limits.alone;
        if self.terms > 0 && (kind != self.kind || alone) {
            self.close();
        }
        if self.terms == 0 {
            self.separator = if self.shards.is_empty() {
                self.first = term.to_vec();
                String::new()
            } else {
                separator(&self.previous, term)
            };
        }
        self.kind = kind;
        self.previous.clear();
        self.previous.extend_from_slice(term);
        self.current.extend_from_slice(&self.entry);
        self.terms += 1;
        let size = self.current.len();
        if alone || size >= limits.max || (size >= limits.min && cuts_after(term, limits.divisor)) {
            self.close();
        }
    }

    /// The one empty shard of a language without terms.
    fn close_empty(mut self, shards: &mut Vec<Shard>) {
        self.close();
        shards.append(&mut self.shards);
    }

    fn close(&mut self) {
        let mut bytes = Vec::with_capacity(self.current.len() + 4);
        push_varint(&mut bytes, self.terms);
        bytes.append(&mut self.current);
        self.shards.push(Shard {
            separator: std::mem::take(&mut self.separator),
            bytes,
        });
        self.terms = 0;
    }

    /// The shards of a range of terms (none when it has no terms), with
    /// the range's first and last terms.
    fn finish(mut self) -> RangeShards {
        if self.terms > 0 {
            self.close();
        }
        RangeShards {
            shards: self.shards,
            first: self.first,
            last: self.previous,
        }
    }
}

/// What [`Sharder::finish`] gives for one range of terms.
struct RangeShards {
    shards: Vec<Shard>,
    first: Vec<u8>,
    last: Vec<u8>,
}

/// A language's shards from those of its ranges of terms, in order: the
/// first shard of each range after the first non-empty one is separated
/// from the last term before it; a language without terms has one empty
/// shard.
fn join_ranges(ranges: Vec<RangeShards>) -> Vec<Shard> {
    let mut shards: Vec<Shard> = Vec::new();
    let mut last: Option<Vec<u8>> = None;
    for range in ranges {
        let mut range_shards = range.shards.into_iter();
        let Some(mut first) = range_shards.next() else {
            continue;
        };
        if let Some(last) = &last {
            first.separator = separator(last, &range.first);
        }
        shards.push(first);
        shards.extend(range_shards);
        last = Some(range.last);
    }
    if shards.is_empty() {
        Sharder::default().close_empty(&mut shards);
    }
    shards
}

/// The shards' file names (without `.bin`): the first hex digits of the
/// BLAKE3 hash of their bytes; more digits in the unlikely case that two
/// shards of a language would share a name.
fn shard_hashes(shards: &[Shard]) -> Vec<String> {
    let full: Vec<String> = shards
        .iter()
        .map(|s| blake3::hash(&s.bytes).to_hex().to_string())
        .collect();
    let mut digits = SHARD_HASH_HEX;
    loop {
        let names: Vec<String> = full.iter().map(|h| h[..digits].to_string()).collect();
        let unique: std::collections::BTreeSet<&String> = names.iter().collect();
        if unique.len() == names.len() || digits >= 64 {
            return names;
        }
        digits = (digits * 2).min(64);
    }
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
/// the page, section text as long as the file shows it.
fn doc_inputs(page: &crate::site::Page) -> crate::cache::Digest {
    let mut hasher = crate::cache::Hasher::default();
    hasher
        .part(env!("CARGO_PKG_VERSION"))
        .part(&page.article.title)
        .part(&page.url)
        .part(&page.article.kind)
        .part(&page.article.category)
        .part(&page.article.summary);
    for section in &page.rendered.sections {
        let text = &section.text;
        let shown = text
            .char_indices()
            .nth(SECTION_TEXT_CHARS)
            .map_or(text.as_str(), |(i, _)| &text[..i]);
        hasher
            .part(section.anchor.as_deref().unwrap_or_default())
            .part(&section.heading)
            .part(shown)
            .part([u8::from(shown.len() < text.len())]);
    }
    hasher.finish()
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

/// JSON with markup characters escaped (see [`crate::render::to_html_safe_json`]),
/// so that no markup from content appears literally in any file of the site.
fn json_bytes<T: Serialize>(value: &T) -> Result<Vec<u8>, Diagnostics> {
    crate::render::to_html_safe_json(value).map_err(export_error)
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

/// Terms from `from` (inclusive) to `to` (exclusive), in byte order; no
/// bound is the start or the end.
struct TermRange {
    from: Option<&'static [u8]>,
    to: Option<&'static [u8]>,
}

/// A language's terms in three ranges, exported in parallel: before the
/// character terms (the pair terms), the character terms, and after them
/// (the words). A shard never holds two kinds of term
/// ([`term_kind`]), so each range's shards are the ones the whole
/// language's terms would give: only the first shard of a range takes its
/// separator from the range before ([`join_ranges`]).
const TERM_RANGES: [TermRange; 3] = [
    // (Pair terms sort before character terms, which start with `#`.)
    TermRange {
        from: None,
        to: Some(b"#"),
    },
    TermRange {
        from: Some(b"#"),
        to: Some(b"$"),
    },
    TermRange {
        from: Some(b"$"),
        to: None,
    },
];

const _: () = assert!(PAIR_MARK < CHAR_MARK && CHAR_MARK as u32 == b'#' as u32);

/// Calls `visit` with every term in `terms` that occurs in a document of `docs` (the
/// documents of one language, global ids), in byte order, with its
/// postings in each field restricted to those documents (global ids) and
/// its document frequency over the whole index: a merge of the fields'
/// term dictionaries, each itself a merge over the segments, so only one
/// term's postings are in memory at a time.
fn for_each_term(
    segments: &Segments,
    docs: std::ops::Range<u32>,
    terms: &TermRange,
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
            let mut range = inverted[f].terms().range();
            if let Some(from) = terms.from {
                range = range.ge(from);
            }
            if let Some(to) = terms.to {
                range = range.lt(to);
            }
            streams.push(range.into_stream().map_err(export_error)?);
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

/// What every language's export reads.
struct Shared<'a> {
    site: &'a Site,
    segments: &'a Segments,
    num_docs: u32,
    total_tokens: [u64; FIELD_COUNT],
    boosts: [f32; FIELD_COUNT],
    keep: Option<&'a dyn Keep>,
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
                sections: page
                    .rendered
                    .sections
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

/// The static index of one language, whose documents start at global id
/// `first_doc`: its shards, document files, words and manifest, by path
/// under the site.
fn export_language(
    shared: &Shared,
    language: &crate::site::Language,
    first_doc: u32,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostics> {
    let folder = format!("search/{}", language.url_code);
    let mut language_files: Vec<(String, Vec<u8>)> = Vec::new();
    // Every file of the language (path relative to its folder) with the
    // BLAKE3 digest of its bytes, made or kept, for the version.
    let mut digests: Vec<(String, crate::cache::Digest)> = Vec::new();
    let docs = first_doc..first_doc + language.pages.len() as u32;

    // Shards, cut term by term as the language's terms stream by in
    // order (no language's postings are ever all in memory), while the
    // document files are made on the other workers.
    let (terms, documents) = rayon::join(
        || -> Result<_, Diagnostics> {
            let ranges = TERM_RANGES
                .par_iter()
                .map(|range| {
                    let mut sharder = Sharder::default();
                    let mut words: Vec<(String, u32)> = Vec::new();
                    for_each_term(shared.segments, docs.clone(), range, |term, postings| {
                        sharder.add(term, postings);
                        words.extend(dictionary_word(term, postings));
                    })?;
                    Ok((sharder.finish(), words))
                })
                .collect::<Result<Vec<_>, Diagnostics>>()?;
            let mut words = Vec::new();
            let mut shards = Vec::with_capacity(ranges.len());
            for (range, range_words) in ranges {
                shards.push(range);
                words.extend(range_words);
            }
            Ok((join_ranges(shards), words))
        },
        || doc_files(shared, language, first_doc, &folder),
    );
    let (shards, words) = terms?;
    let hashes = shard_hashes(&shards);
    let mut separators = Vec::with_capacity(shards.len());
    for (shard, hash) in shards.into_iter().zip(&hashes) {
        separators.push(shard.separator);
        language_files.push((format!("shards/{hash}.bin"), shard.bytes));
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
        if !path.starts_with("docs/") {
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
    Ok(language_files
        .into_iter()
        .map(|(path, bytes)| (format!("{folder}/{path}"), bytes))
        .collect())
}

/// Exports the static index of every language and `search/index.json`.
pub fn export(
    site: &Site,
    built: &BuiltIndex,
    boosts: [f32; FIELD_COUNT],
    keep: Option<&dyn Keep>,
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
        keep,
    };
    let exported = site
        .languages
        .par_iter()
        .zip(firsts)
        .map(|(language, first_doc)| export_language(&shared, language, first_doc))
        .collect::<Result<Vec<_>, Diagnostics>>()?;
    let mut files = Vec::new();
    let mut manifests = BTreeMap::new();
    for (language, language_files) in site.languages.iter().zip(exported) {
        manifests.insert(
            language.code.clone(),
            manifest_url(base, &language.url_code),
        );
        files.extend(language_files);
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

    /// Postings of one document in the body, `n` of them: about `3 n` bytes.
    fn postings(n: u32) -> TermPostings {
        let mut p: TermPostings = Default::default();
        p[3] = (n, (0..n).map(|d| (d, 1, 7)).collect());
        p
    }

    fn cut_into_shards(terms: &[(String, u32)]) -> Vec<(String, Vec<u8>)> {
        let mut sharder = Sharder::default();
        for (term, n) in terms {
            sharder.add(term.as_bytes(), &postings(*n));
        }
        join_ranges(vec![sharder.finish()])
            .into_iter()
            .map(|s| (s.separator, s.bytes))
            .collect()
    }

    /// As the export cuts them: each of [`TERM_RANGES`] on its own.
    fn cut_by_ranges(terms: &[(String, u32)]) -> Vec<(String, Vec<u8>)> {
        let ranges = TERM_RANGES
            .iter()
            .map(|range| {
                let mut sharder = Sharder::default();
                for (term, n) in terms {
                    let term = term.as_bytes();
                    if range.from.is_none_or(|from| term >= from)
                        && range.to.is_none_or(|to| term < to)
                    {
                        sharder.add(term, &postings(*n));
                    }
                }
                sharder.finish()
            })
            .collect();
        join_ranges(ranges)
            .into_iter()
            .map(|s| (s.separator, s.bytes))
            .collect()
    }

    #[test]
    fn the_ranges_of_terms_give_the_shards_of_the_whole() {
        let mut terms: Vec<(String, u32)> = Vec::new();
        for i in 0..800 {
            terms.push((format!("!提{i:04} 现"), 3));
            terms.push((format!("#{i:04}"), 5));
            terms.push((format!("w{i:05}"), 40));
            terms.push((format!("提现{i:04}"), 20));
        }
        terms.sort();
        let whole = cut_into_shards(&terms);
        assert!(whole.len() > 20, "{}", whole.len());
        assert_eq!(cut_by_ranges(&terms), whole);
        // Without pair terms, or with words only, or nothing at all.
        let no_pairs: Vec<(String, u32)> = terms
            .iter()
            .filter(|(t, _)| !t.starts_with('!'))
            .cloned()
            .collect();
        assert_eq!(cut_by_ranges(&no_pairs), cut_into_shards(&no_pairs));
        let words: Vec<(String, u32)> = terms
            .iter()
            .filter(|(t, _)| t.starts_with('w'))
            .cloned()
            .collect();
        assert_eq!(cut_by_ranges(&words), cut_into_shards(&words));
        assert_eq!(cut_by_ranges(&[]), cut_into_shards(&[]));
    }

    #[test]
    fn shard_boundaries_depend_on_the_terms_around_them_only() {
        let terms: Vec<(String, u32)> = (0..3000).map(|i| (format!("w{i:05}"), 40)).collect();
        let shards = cut_into_shards(&terms);
        assert!(shards.len() > 20, "{}", shards.len());
        assert_eq!(shards[0].0, "");
        for (_, bytes) in &shards {
            assert!(bytes.len() <= WORD_SHARDS.max + 200);
        }
        // More postings for one term: the shards before it are the same,
        // and the ones after it once a boundary agrees again.
        let mut edited = terms.clone();
        edited[1500].1 += 30;
        let after = cut_into_shards(&edited);
        let names = |list: &[(String, Vec<u8>)]| -> std::collections::BTreeSet<[u8; 32]> {
            list.iter()
                .map(|(_, b)| *blake3::hash(b).as_bytes())
                .collect()
        };
        let new = names(&after).difference(&names(&shards)).count();
        assert!((1..=2).contains(&new), "{new} new shards");
        // A term with many postings gets a shard of its own.
        let mut big = terms.clone();
        big[700].1 = 6000;
        let alone = cut_into_shards(&big);
        let holding = alone
            .iter()
            .max_by_key(|(_, b)| b.len())
            .expect("the big term's shard");
        assert_eq!(holding.0, "w007");
        assert_eq!(holding.1[0], 1, "one term");
        // Kinds never share a shard.
        let marked = cut_into_shards(&[("!a b".into(), 1), ("#x".into(), 1), ("a".into(), 1)]);
        let seps: Vec<&str> = marked.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(seps, ["", "#", "a"]);
    }

    #[test]
    fn a_language_without_terms_has_one_empty_shard() {
        let shards = cut_into_shards(&[]);
        assert_eq!(shards.len(), 1);
        assert_eq!(shards[0], (String::new(), vec![0]));
        let hashes = shard_hashes(&join_ranges(vec![Sharder::default().finish()]));
        assert_eq!(hashes.len(), 1);
        assert_eq!(hashes[0].len(), SHARD_HASH_HEX);
    }

    #[test]
    fn cutting_keeps_whole_characters() {
        assert_eq!(cut("提现失败", 2), "提现…");
        assert_eq!(cut("ab", 5), "ab");
    }
}
