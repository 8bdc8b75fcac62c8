//! A language's terms cut into shards (FORMAT.md, "Shards"): the
//! encoding of a term's postings, where shards are cut, their separators
//! and names, and the stream of a language's terms that the cuts are made
//! from.

use std::ops::ControlFlow;

use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, TERMINATED};

use super::export_error;
use crate::cache::Digest;
use crate::diagnostic::Diagnostics;
use crate::search::analyzer::{CHAR_MARK, PAIR_MARK, is_letter_word};
use crate::search::index::FIELD_COUNT;
use crate::search::typo::MIN_WORD_CHARS;

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

/// Which kind of term: pair, character (by their mark) or word. A shard
/// only holds one kind.
fn term_kind(term: &[u8]) -> u8 {
    match term.first() {
        Some(&mark) if mark == PAIR_MARK as u8 || mark == CHAR_MARK as u8 => mark,
        _ => 0,
    }
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

/// One shard of a language: made by this build (its bytes) or kept as
/// the previous build made it (see [`super::incremental`], which keeps
/// everything but the bytes in the build cache).
#[derive(Clone, serde::Serialize, serde::Deserialize)]
pub(super) struct Shard {
    /// Its entry in the manifest's `shards`.
    pub separator: String,
    /// Its bytes, when this build made them.
    #[serde(skip)]
    pub bytes: Option<Vec<u8>>,
    /// The BLAKE3 digest of its bytes, and their length.
    pub digest: Digest,
    pub size: u64,
    /// Its first and last terms.
    pub first: Vec<u8>,
    pub last: Vec<u8>,
    /// Its terms' entries in the typo dictionary ([`dictionary_word`]).
    pub words: Vec<(String, u32)>,
    /// Which of [`TERM_RANGES`] its terms are in ([`EMPTY`] for the one
    /// shard of a language without terms).
    pub range: u8,
}

/// [`Shard::range`] of the one empty shard of a language without terms.
pub(super) const EMPTY: u8 = u8::MAX;

/// Cuts a range of a language's terms, given in order, into shards
/// (FORMAT.md).
#[derive(Default)]
pub(super) struct Sharder {
    shards: Vec<Shard>,
    /// The open shard: its separator, term count, encoded terms, kind,
    /// first term and dictionary words.
    separator: String,
    terms: u64,
    current: Vec<u8>,
    kind: u8,
    first: Vec<u8>,
    words: Vec<(String, u32)>,
    /// Whether a shard comes before the open one, ending with `previous`
    /// (the open shard's separator is cut from it); the first shard of a
    /// range has none (its separator comes from [`join_ranges`]).
    after: bool,
    /// The last term added (or the last term before the open shard).
    previous: Vec<u8>,
    entry: Vec<u8>,
}

impl Sharder {
    /// A sharder that goes on after a shard whose last term is `last`
    /// (none: the start of a range), as the one that cut that shard would.
    pub fn after(last: Option<&[u8]>) -> Sharder {
        match last {
            Some(last) => Sharder {
                after: true,
                previous: last.to_vec(),
                ..Sharder::default()
            },
            None => Sharder::default(),
        }
    }

    pub fn add(&mut self, term: &[u8], postings: &TermPostings) {
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
            self.separator = if self.after {
                separator(&self.previous, term)
            } else {
                String::new()
            };
            self.first.clear();
            self.first.extend_from_slice(term);
        }
        self.kind = kind;
        self.previous.clear();
        self.previous.extend_from_slice(term);
        self.current.extend_from_slice(&self.entry);
        self.words.extend(dictionary_word(term, postings));
        self.terms += 1;
        let size = self.current.len();
        if alone || size >= limits.max || (size >= limits.min && cuts_after(term, limits.divisor)) {
            self.close();
        }
    }

    /// Whether this sharder has just cut a shard: the next term starts a
    /// shard, whatever came before it.
    pub fn at_cut(&self) -> bool {
        self.terms == 0 && !self.shards.is_empty()
    }

    fn close(&mut self) {
        let mut bytes = Vec::with_capacity(self.current.len() + 4);
        push_varint(&mut bytes, self.terms);
        bytes.append(&mut self.current);
        self.shards.push(Shard {
            separator: std::mem::take(&mut self.separator),
            digest: *blake3::hash(&bytes).as_bytes(),
            size: bytes.len() as u64,
            bytes: Some(bytes),
            first: std::mem::take(&mut self.first),
            last: self.previous.clone(),
            words: std::mem::take(&mut self.words),
            range: 0,
        });
        self.terms = 0;
        self.after = true;
    }

    /// The shards of the terms added (none when there were none).
    pub fn finish(mut self) -> Vec<Shard> {
        if self.terms > 0 {
            self.close();
        }
        self.shards
    }
}

/// A language's shards from those of its ranges of terms, in order (each
/// range's [`Shard::range`] set): the first shard of each range after the
/// first non-empty one is separated from the last term before it; a
/// language without terms has one empty shard.
pub(super) fn join_ranges(ranges: Vec<Vec<Shard>>) -> Vec<Shard> {
    let mut shards: Vec<Shard> = Vec::new();
    for (index, range) in ranges.into_iter().enumerate() {
        for (at, mut shard) in range.into_iter().enumerate() {
            if at == 0
                && let Some(last) = shards.last()
            {
                shard.separator = separator(&last.last, &shard.first);
            }
            shard.range = index as u8;
            shards.push(shard);
        }
    }
    if shards.is_empty() {
        let mut empty = Sharder::default();
        empty.close();
        shards = empty.shards;
        shards[0].range = EMPTY;
    }
    shards
}

/// A shard's file name (without `.bin`) when no other shard's starts the
/// same ([`shard_hashes`]).
pub(super) fn shard_name(digest: &Digest) -> String {
    blake3::Hash::from_bytes(*digest).to_hex()[..SHARD_HASH_HEX].to_string()
}

/// The shards' file names (without `.bin`): the first hex digits of the
/// BLAKE3 hash of their bytes; more digits in the unlikely case that two
/// shards of a language would share a name.
pub(super) fn shard_hashes(shards: &[Shard]) -> Vec<String> {
    let full: Vec<String> = shards
        .iter()
        .map(|s| blake3::Hash::from_bytes(s.digest).to_hex().to_string())
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

/// One posting: doc id, term frequency, fieldnorm id.
pub(super) type Posting = (u32, u32, u8);

/// Per term: for each field, the global document frequency and this
/// language's postings.
pub(super) type TermPostings = [(u32, Vec<Posting>); FIELD_COUNT];

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
pub(super) fn separator(previous: &[u8], term: &[u8]) -> String {
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

/// Index segments as the export reads them: for each segment, its
/// global document ids, and each scored field's inverted index and
/// field norms.
#[derive(Default)]
pub(super) struct Segments {
    /// Each segment's documents, as global ids.
    pub docs: Vec<std::ops::Range<u32>>,
    pub inverted: Vec<[std::sync::Arc<tantivy::InvertedIndexReader>; FIELD_COUNT]>,
    pub norms: Vec<[tantivy::fieldnorm::FieldNormReader; FIELD_COUNT]>,
}

impl Segments {
    /// Adds the segments of `other` after these.
    pub fn append(&mut self, other: Segments) {
        self.docs.extend(other.docs);
        self.inverted.extend(other.inverted);
        self.norms.extend(other.norms);
    }

    /// Adds a segment whose documents have the global ids `docs`.
    pub fn push(
        &mut self,
        segment: &tantivy::SegmentReader,
        fields: &[tantivy::schema::Field; FIELD_COUNT],
        docs: std::ops::Range<u32>,
    ) -> Result<(), Diagnostics> {
        let mut inverted = Vec::with_capacity(FIELD_COUNT);
        let mut norms = Vec::with_capacity(FIELD_COUNT);
        for field in fields {
            inverted.push(segment.inverted_index(*field).map_err(export_error)?);
            norms.push(
                segment
                    .get_fieldnorms_reader(*field)
                    .map_err(export_error)?,
            );
        }
        let (Ok(inverted), Ok(norms)) = (inverted.try_into(), norms.try_into()) else {
            return Err(export_error("a segment lacks a field"));
        };
        self.docs.push(docs);
        self.inverted.push(inverted);
        self.norms.push(norms);
        Ok(())
    }

    /// Appends to `out` the postings of the term `info` of field `f` in the
    /// segment `ordinal`, for its documents `local` (local ids), as global ids.
    pub fn read_postings(
        &self,
        ordinal: usize,
        f: usize,
        info: &tantivy::postings::TermInfo,
        local: std::ops::Range<u32>,
        out: &mut Vec<Posting>,
    ) -> Result<(), Diagnostics> {
        let base = self.docs[ordinal].start;
        let mut list = self.inverted[ordinal][f]
            .read_postings_from_terminfo(info, IndexRecordOption::WithFreqs)
            .map_err(export_error)?;
        // (`seek` must not go back: tantivy asserts it in debug builds.)
        let mut doc = list.doc();
        if doc < local.start {
            doc = list.seek(local.start);
        }
        while doc != TERMINATED && doc < local.end {
            out.push((
                base + doc,
                list.term_freq(),
                self.norms[ordinal][f].fieldnorm_id(doc),
            ));
            doc = list.advance();
        }
        Ok(())
    }

    /// A merge, for each field, of the segments' term dictionaries from
    /// `from` (inclusive) to `to` (exclusive), with whether each has a term.
    pub fn mergers(
        &self,
        from: Option<&[u8]>,
        to: Option<&[u8]>,
    ) -> Result<Vec<(tantivy::termdict::TermMerger<'_>, bool)>, Diagnostics> {
        let mut mergers = Vec::with_capacity(FIELD_COUNT);
        for f in 0..FIELD_COUNT {
            let mut streams = Vec::with_capacity(self.inverted.len());
            for inverted in &self.inverted {
                let mut range = inverted[f].terms().range();
                if let Some(from) = from {
                    range = range.ge(from);
                }
                if let Some(to) = to {
                    range = range.lt(to);
                }
                streams.push(range.into_stream().map_err(export_error)?);
            }
            let mut merger = tantivy::termdict::TermMerger::new(streams);
            let live = merger.advance();
            mergers.push((merger, live));
        }
        Ok(mergers)
    }
}

/// The smallest term the live mergers are at, copied into `term`; false
/// when every merger is done.
fn smallest_term(
    mergers: &[(tantivy::termdict::TermMerger<'_>, bool)],
    term: &mut Vec<u8>,
) -> bool {
    let Some(smallest) = mergers
        .iter()
        .filter(|(_, live)| *live)
        .map(|(merger, _)| merger.key())
        .min()
    else {
        return false;
    };
    term.clear();
    term.extend_from_slice(smallest);
    true
}

/// Terms from `from` (inclusive) to `to` (exclusive), in byte order; no
/// bound is the start or the end.
pub(super) struct TermRange {
    pub from: Option<&'static [u8]>,
    pub to: Option<&'static [u8]>,
}

/// A language's terms in three ranges, exported in parallel: before the
/// character terms (the pair terms), the character terms, and after them
/// (the words). A shard never holds two kinds of term
/// ([`term_kind`]), so each range's shards are the ones the whole
/// language's terms would give: only the first shard of a range takes its
/// separator from the range before ([`join_ranges`]).
pub(super) const TERM_RANGES: [TermRange; 3] = [
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

/// Calls `visit` with every term from `from` (inclusive) to `to`
/// (exclusive) that occurs in a document of `docs` (the documents of one
/// language, global ids), in byte order, with its postings in each field
/// restricted to those documents (global ids) and its document frequency
/// over the whole index, until `visit` breaks: a merge of the fields'
/// term dictionaries, each itself a merge over the segments, so only one
/// term's postings are in memory at a time.
pub(super) fn for_each_term(
    segments: &Segments,
    docs: std::ops::Range<u32>,
    from: Option<&[u8]>,
    to: Option<&[u8]>,
    mut visit: impl FnMut(&[u8], &TermPostings) -> ControlFlow<()>,
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
    let mut mergers = segments.mergers(from, to)?;
    let mut term: Vec<u8> = Vec::new();
    while smallest_term(&mergers, &mut term) {
        let mut postings: TermPostings = Default::default();
        let mut any = false;
        for (f, (merger, live)) in mergers.iter_mut().enumerate() {
            if !*live || merger.key() != term.as_slice() {
                continue;
            }
            let mut doc_freq = 0u32;
            for (ordinal, info) in merger.current_segment_ords_and_term_infos() {
                doc_freq += info.doc_freq;
                if let Some(range) = &local[ordinal] {
                    segments.read_postings(ordinal, f, &info, range.clone(), &mut postings[f].1)?;
                }
            }
            if !postings[f].1.is_empty() {
                postings[f].0 = doc_freq;
                any = true;
            }
            *live = merger.advance();
        }
        if any && visit(&term, &postings).is_break() {
            break;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
            .map(|s| (s.separator, s.bytes.unwrap_or_default()))
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
            .map(|s| (s.separator, s.bytes.unwrap_or_default()))
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
}
