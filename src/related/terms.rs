//! The related lists' term statistics: each index part's terms and every
//! document's weighted term frequencies, read from the tantivy index's
//! postings or from the build cache, then merged into one language's.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Range;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tantivy::DocSet;
use tantivy::postings::Postings;
use tantivy::schema::{Field, IndexRecordOption};

use super::{VERSION, index_error};
use crate::cache::{Cache, Digest, Hasher};
use crate::diagnostic::Diagnostics;

/// One article's weighted term frequencies (term id → weight, by id) and
/// its weighted length.
pub(super) struct Terms {
    pub(super) weights: Vec<(u32, f32)>,
    pub(super) length: f32,
}

/// A part of the index holding some of a language's documents: a
/// segment's local document ids.
pub(super) struct Part {
    pub(super) ordinal: u32,
    pub(super) local: Range<u32>,
    /// The cache key of its term statistics, for a whole segment (its name
    /// is a digest of its files).
    pub(super) key: Option<Digest>,
}

/// A part's term statistics, as kept in the cache.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub(super) struct PartTerms {
    /// The part's terms in the weighted fields, in byte order, once each.
    pub(super) terms: Vec<Vec<u8>>,
    /// Each document's weighted term frequencies: (index into `terms`,
    /// weight), by index, a term in several fields summed in field order.
    pub(super) docs: Vec<Vec<(u32, f32)>>,
}

impl PartTerms {
    /// The statistics of a part of `docs` documents kept in the cache as
    /// `bytes`, when they decode and are well formed.
    pub(super) fn decode(bytes: &[u8], docs: usize) -> Option<PartTerms> {
        postcard::from_bytes::<PartTerms>(bytes)
            .ok()
            .filter(|terms| terms.is_valid(docs))
    }

    /// Whether decoded bytes are well formed for a part of `docs` documents.
    pub(super) fn is_valid(&self, docs: usize) -> bool {
        self.docs.len() == docs
            && self.terms.windows(2).all(|pair| pair[0] < pair[1])
            && self.docs.iter().all(|list| {
                list.windows(2).all(|pair| pair[0].0 < pair[1].0)
                    && list.iter().all(|&(id, _)| (id as usize) < self.terms.len())
            })
    }
}

/// The scored fields of an index, with their weights.
pub(super) struct Fields<'a> {
    pub(super) searcher: &'a tantivy::Searcher,
    pub(super) fields: &'a [Field],
    pub(super) weights: [f32; 4],
}

impl Fields<'_> {
    /// The fields to read (those with a weight), with their weights.
    pub(super) fn weighted(&self) -> impl Iterator<Item = (Field, f32)> + '_ {
        self.fields
            .iter()
            .zip(self.weights)
            .filter(|(_, weight)| *weight > 0.0)
            .map(|(field, weight)| (*field, weight))
    }

    /// The parts of the index holding `docs` (global ids), in order.
    pub(super) fn parts(&self, docs: Range<u32>) -> Vec<Part> {
        crate::search::index::segment_ranges(self.searcher, docs)
            .into_iter()
            .map(|(ordinal, _, local)| {
                let segment = self.searcher.segment_reader(ordinal as u32);
                let whole = local.start == 0 && local.end == segment.max_doc();
                let key = whole.then(|| {
                    let mut key = Hasher::default();
                    key.part(VERSION).part(segment.segment_id().uuid_string());
                    for weight in self.weights {
                        key.part(weight.to_le_bytes());
                    }
                    key.finish()
                });
                Part {
                    ordinal: ordinal as u32,
                    local,
                    key,
                }
            })
            .collect()
    }

    /// A part's term statistics, from the cache when it holds them (`read`
    /// counts the parts read from the index instead).
    pub(super) fn part_terms(
        &self,
        part: &Part,
        cache: &Cache,
        read: &std::sync::atomic::AtomicUsize,
    ) -> Result<PartTerms, Diagnostics> {
        let docs = part.local.len();
        let name = part.key.map(|key| part_name(&key));
        if let (Some(key), Some(name)) = (&part.key, &name)
            && let Some(terms) = cache.entry(name, key, |bytes| PartTerms::decode(bytes, docs))
        {
            return Ok(terms);
        }
        read.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let terms = self.read_part(part)?;
        if let (Some(key), Some(name)) = (part.key, &name)
            && cache.keeps_entries()
            && let Ok(bytes) = postcard::to_stdvec(&terms)
        {
            cache.store_entry(name, key, &bytes);
        }
        Ok(terms)
    }

    /// Reads a part's term statistics from the index's postings.
    pub(super) fn read_part(&self, part: &Part) -> Result<PartTerms, Diagnostics> {
        let segment = self.searcher.segment_reader(part.ordinal);
        let local = &part.local;
        let mut inverted = Vec::new();
        for (field, weight) in self.weighted() {
            inverted.push((segment.inverted_index(field).map_err(index_error)?, weight));
        }
        // The terms of every field, merged (a term of a segment without a
        // document in the part is harmless: no document counts it).
        let mut terms: Vec<Vec<u8>> = Vec::new();
        for (index, _) in &inverted {
            let mut stream = index.terms().stream().map_err(index_error)?;
            while stream.advance() {
                terms.push(stream.key().to_vec());
            }
        }
        terms.sort_unstable();
        terms.dedup();
        let mut docs: Vec<Vec<(u32, f32)>> = vec![Vec::new(); local.len()];
        for (index, weight) in &inverted {
            let mut stream = index.terms().stream().map_err(index_error)?;
            // The field's terms are in byte order too: `at` only moves on.
            let mut at = 0usize;
            while stream.advance() {
                let key = stream.key();
                while terms.get(at).is_some_and(|term| term.as_slice() < key) {
                    at += 1;
                }
                let mut postings = index
                    .read_postings_from_terminfo(stream.value(), IndexRecordOption::WithFreqs)
                    .map_err(index_error)?;
                if postings.doc() < local.start {
                    postings.seek(local.start);
                }
                while postings.doc() < local.end {
                    if let Some(list) = docs.get_mut((postings.doc() - local.start) as usize) {
                        list.push((at as u32, weight * postings.term_freq() as f32));
                    }
                    postings.advance();
                }
            }
        }
        for list in &mut docs {
            // The same term from several fields, summed in field order
            // (a stable sort).
            list.sort_by_key(|&(id, _)| id);
            list.dedup_by(|later, kept| {
                let same = later.0 == kept.0;
                if same {
                    kept.1 += later.1;
                }
                same
            });
            list.shrink_to_fit();
        }
        Ok(PartTerms { terms, docs })
    }
}

/// The cache entry name of a part's term statistics.
pub(super) fn part_name(key: &Digest) -> PathBuf {
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    PathBuf::from(format!(".related/terms/{hex}"))
}

/// The language's terms in byte order, and every document's weights
/// with term ids into them (a part's local ids map to global ones in the
/// same order, so each list stays sorted).
pub(super) fn merge(parts: Vec<PartTerms>) -> (Vec<Vec<u8>>, Vec<Terms>) {
    let mut names: Vec<Vec<u8>> = Vec::new();
    let mut maps: Vec<Vec<u32>> = parts
        .iter()
        .map(|part| Vec::with_capacity(part.terms.len()))
        .collect();
    let mut next = vec![0usize; parts.len()];
    let mut heap: BinaryHeap<Reverse<(&[u8], usize)>> = parts
        .iter()
        .enumerate()
        .filter_map(|(p, part)| Some(Reverse((part.terms.first()?.as_slice(), p))))
        .collect();
    while let Some(Reverse((term, p))) = heap.pop() {
        if names.last().map(Vec::as_slice) != Some(term) {
            names.push(term.to_vec());
        }
        maps[p].push((names.len() - 1) as u32);
        next[p] += 1;
        if let Some(following) = parts[p].terms.get(next[p]) {
            heap.push(Reverse((following.as_slice(), p)));
        }
    }
    let docs = parts
        .into_par_iter()
        .zip(maps)
        .flat_map_iter(|(part, map)| {
            part.docs.into_iter().map(move |mut weights| {
                for (id, _) in &mut weights {
                    *id = map[*id as usize];
                }
                let length = weights.iter().map(|&(_, w)| w).sum();
                Terms { weights, length }
            })
        })
        .collect();
    (names, docs)
}
