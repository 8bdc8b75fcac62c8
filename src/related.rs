//! Related articles: for every article, three to five others in the same
//! language, computed at build time from term statistics.
//!
//! The term statistics come from the tantivy index the build has just
//! written (its postings); each article's highest tf·idf terms become a
//! BM25 query, scored against every other article of its language.
//! Everything is iterated in a fixed order (reading order, then term
//! bytes: a term's id is its rank in byte order) and ties are broken by
//! reading order, so the lists are identical on every build. tantivy's
//! `MoreLikeThisQuery` is not used on purpose: it gathers its terms in a
//! hash map, so its lists change from run to run.
//!
//! **Incremental.** A rebuild redoes only what an edit can change. Each
//! index segment's term statistics are kept in the build cache, keyed by
//! the segment's content (a one-article edit writes one new segment, so
//! only that one is read). Each language's lists are kept with what they
//! were computed from; when the articles and their order, the field
//! weights and the (rounded) average article length are the same, only
//! the lists an edit can change are ranked again: those of the edited
//! articles, of articles holding a term whose idf changed, and of articles
//! whose query holds a term of an edited article (before or after the
//! edit). Every other list depends on nothing that changed, so the result
//! is exactly a full computation's.
//!
//! An article that lists `related:` in its front matter gets exactly that
//! list (slugs that do not exist are warned about in `site`). `check` does
//! not compute the lists: it builds no index.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::ops::Range;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tantivy::DocSet;
use tantivy::postings::Postings;
use tantivy::schema::{Field, IndexRecordOption};

use crate::cache::{Cache, Digest, Hasher};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::search::index::BuiltIndex;
use crate::site::{Language, Page, Site};

/// The most related articles a page lists.
pub const MAX_RELATED: usize = 5;
/// The fewest a page lists when its language has that many other articles.
pub const MIN_RELATED: usize = 3;
/// How many of an article's terms make up its query.
const QUERY_TERMS: usize = 25;
/// Terms in more than this share of a language's articles (and in more
/// than [`MIN_MAX_DOC_FREQ`] articles) are left out of queries, as
/// Lucene's MoreLikeThis does with `maxDocFreqPct`: they say little about
/// what an article is about. Whatever the share, a term in more than
/// [`MAX_MAX_DOC_FREQ`] articles is left out too: each query then visits at
/// most `QUERY_TERMS × MAX_MAX_DOC_FREQ` postings, so the lists cost time
/// proportional to the number of articles, not its square.
const MAX_DOC_FREQ_PERCENT: usize = 10;
const MIN_MAX_DOC_FREQ: usize = 50;
const MAX_MAX_DOC_FREQ: usize = 400;
/// BM25 parameters, tantivy's defaults.
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// Bumped whenever how the lists are computed changes: the cached data
/// of an older computation is then not used.
const VERSION: &str = "related 1";

/// Computed lists: language (site order) → page (reading order) → indexes
/// of related pages in that language, best first.
pub type RelatedLists = Vec<Vec<Vec<usize>>>;

/// The lists, and how much of them this run computed.
#[derive(Debug, Default)]
pub struct Related {
    pub lists: RelatedLists,
    /// Index parts whose term statistics were read from the index (the
    /// others came from the build cache).
    pub parts_read: usize,
    /// Articles whose list was ranked, and whose list was updated with the
    /// new scores of the articles that changed (the others were kept).
    pub ranked: usize,
    pub updated: usize,
}

/// One article's weighted term frequencies (term id → weight, by id) and
/// its weighted length.
struct Terms {
    weights: Vec<(u32, f32)>,
    length: f32,
}

/// A part of the index holding some of a language's documents: a
/// segment's local document ids.
struct Part {
    ordinal: u32,
    local: Range<u32>,
    /// The cache key of its term statistics, for a whole segment (its name
    /// is a digest of its files).
    key: Option<Digest>,
}

/// A part's term statistics, as kept in the cache.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct PartTerms {
    /// The part's terms in the weighted fields, in byte order, once each.
    terms: Vec<Vec<u8>>,
    /// Each document's weighted term frequencies: (index into `terms`,
    /// weight), by index, a term in several fields summed in field order.
    docs: Vec<Vec<(u32, f32)>>,
}

impl PartTerms {
    /// Whether decoded bytes are well formed for a part of `docs` documents.
    fn is_valid(&self, docs: usize) -> bool {
        self.docs.len() == docs
            && self.terms.windows(2).all(|pair| pair[0] < pair[1])
            && self.docs.iter().all(|list| {
                list.windows(2).all(|pair| pair[0].0 < pair[1].0)
                    && list.iter().all(|&(id, _)| (id as usize) < self.terms.len())
            })
    }
}

/// A language's lists as a previous run left them, with what they were
/// computed from.
#[derive(Serialize, Deserialize)]
struct State {
    /// The articles, their order and their pager neighbours ([`layout`]).
    layout: Digest,
    /// The average weighted length the scores used.
    average: f32,
    /// Each part's key and number of documents, in order.
    parts: Vec<(Digest, u32)>,
    /// Each article's best candidates.
    tops: Vec<Top>,
}

impl State {
    /// Whether decoded bytes are well formed for a language of `count`
    /// articles.
    fn is_valid(&self, count: usize) -> bool {
        self.tops.len() == count
            && self.tops.iter().all(|top| {
                top.docs.len() <= DEPTH
                    && top
                        .docs
                        .windows(2)
                        .all(|pair| order(&pair[0], &pair[1]).is_lt())
                    && top
                        .docs
                        .iter()
                        .all(|&(doc, score)| (doc as usize) < count && score > 0.0)
            })
    }
}

/// An article's best candidates for its list, best first: the first
/// [`DEPTH`] of all articles its query scores (without its pager
/// neighbours), or all of them (`complete`). Kept so that a rebuild after
/// an edit of a few articles can put their new scores in without scoring
/// every candidate again: every candidate not listed ranks below the
/// last one listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Top {
    docs: Vec<(u32, f32)>,
    complete: bool,
}

/// How many candidates a [`Top`] keeps. Each edit of an article in the
/// list that moves it below the last candidate costs one; a list left
/// with fewer than [`MAX_RELATED`] is ranked again.
const DEPTH: usize = 8;
/// With more changed articles than this, the lists they touch are ranked
/// again rather than updated article by article.
const MAX_PATCHED: usize = 32;

fn index_error(error: impl std::fmt::Display) -> Diagnostics {
    Diagnostic::error(
        "related",
        crate::search::index::TANTIVY_DIR,
        format!("cannot read the search index for related articles: {error}"),
    )
    .into()
}

/// Computes every article's related list from the search index's term
/// statistics (title, headings, tags and body, weighted by the configured
/// boosts; headings count as body), reusing what `cache` kept from the
/// previous build. Reading the postings the index already holds is much
/// cheaper than analysing every article a second time.
pub fn from_index(site: &Site, built: &BuiltIndex, cache: &Cache) -> Result<Related, Diagnostics> {
    let searcher = crate::search::index::searcher(&built.index).map_err(index_error)?;
    let num_docs: usize = searcher
        .segment_readers()
        .iter()
        .map(|segment| segment.max_doc() as usize)
        .sum();
    // Documents were added language by language, in reading order.
    if num_docs != site.page_count() {
        return Err(index_error(
            "the index and the site disagree on the number of articles",
        ));
    }
    let boost = site.config.search.boost;
    let fields = Fields {
        searcher: &searcher,
        fields: &built.fields.text,
        weights: [boost.title, boost.body, boost.tags, boost.body],
    };
    let mut related = Related::default();
    let mut first = 0u32;
    // One language at a time, so only one language's term lists are in
    // memory at once.
    for language in &site.languages {
        let end = first + language.pages.len() as u32;
        let lists = fields.language_lists(language, first..end, cache, &mut related)?;
        related.lists.push(lists);
        first = end;
    }
    Ok(related)
}

/// The scored fields of an index, with their weights.
struct Fields<'a> {
    searcher: &'a tantivy::Searcher,
    fields: &'a [Field],
    weights: [f32; 4],
}

impl Fields<'_> {
    /// The fields to read (those with a weight), with their weights.
    fn weighted(&self) -> impl Iterator<Item = (Field, f32)> + '_ {
        self.fields
            .iter()
            .zip(self.weights)
            .filter(|(_, weight)| *weight > 0.0)
            .map(|(field, weight)| (*field, weight))
    }

    /// The parts of the index holding `docs` (global ids), in order.
    fn parts(&self, docs: Range<u32>) -> Vec<Part> {
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

    /// One language's lists (its documents are `docs`, global ids).
    fn language_lists(
        &self,
        language: &Language,
        docs: Range<u32>,
        cache: &Cache,
        related: &mut Related,
    ) -> Result<Vec<Vec<usize>>, Diagnostics> {
        let parts = self.parts(docs);
        let keys: Option<Vec<(Digest, u32)>> = parts
            .iter()
            .map(|part| Some((part.key?, part.local.len() as u32)))
            .collect();
        let layout = layout(&language.pages);
        let count = language.pages.len();
        let state_name = PathBuf::from(format!(".related/lists/{}", language.code));
        let state_key = Hasher::default()
            .part(VERSION)
            .part(&language.code)
            .finish();
        let previous = keys
            .as_ref()
            .filter(|_| cache.keeps_entries())
            .and_then(|_| {
                cache.entry(&state_name, &state_key, |bytes| {
                    postcard::from_bytes::<State>(bytes).ok()
                })
            })
            .filter(|state| state.layout == layout && state.is_valid(count));
        let kinds = Kinds::of(&language.pages);
        let lists_of = |tops: &[Top]| -> Vec<Vec<usize>> {
            tops.iter()
                .enumerate()
                .map(|(doc, top)| list(&language.pages, &kinds, doc, top))
                .collect()
        };
        // The same segments (so the same terms) and the same articles in
        // the same order: the same lists, with nothing to read.
        if let Some(state) = &previous
            && Some(&state.parts) == keys.as_ref()
            && state
                .parts
                .iter()
                .all(|(key, _)| cache.keep_entry(&part_name(key), key))
        {
            crate::trace::step("      related: unchanged");
            return Ok(lists_of(&state.tops));
        }
        let read = std::sync::atomic::AtomicUsize::new(0);
        let part_terms: Vec<PartTerms> = parts
            .par_iter()
            .map(|part| self.part_terms(part, cache, &read))
            .collect::<Result<_, _>>()?;
        let parts_read = read.into_inner();
        related.parts_read += parts_read;
        let (names, terms) = merge(part_terms);
        crate::trace::step("      related: terms");
        let model = Model::new(&language.pages, terms, names.len());
        let previous = previous.filter(|state| state.average.to_bits() == model.average.to_bits());
        let kept = previous.and_then(|state| {
            let changes = changes(cache, &state, keys.as_deref()?, &names, &model.docs)?;
            Some((model.plan(&changes), changes.docs, state.tops))
        });
        let average = model.average;
        let ranked = model.rank(kept);
        related.ranked += ranked.ranked;
        related.updated += ranked.updated;
        crate::trace::step("      related: ranked");
        if crate::trace::enabled() {
            crate::tell!(
                "        {} lists ranked, {} updated, {} kept; {} of {} index parts read",
                ranked.ranked,
                ranked.updated,
                count - ranked.ranked - ranked.updated,
                parts_read,
                parts.len()
            );
        }
        let lists = lists_of(&ranked.tops);
        if let Some(parts) = keys
            && cache.keeps_entries()
        {
            let state = State {
                layout,
                average,
                parts,
                tops: ranked.tops,
            };
            if let Ok(bytes) = postcard::to_stdvec(&state) {
                cache.store_entry(&state_name, state_key, &bytes);
            }
        }
        Ok(lists)
    }

    /// A part's term statistics, from the cache when it holds them (`read`
    /// counts the parts read from the index instead).
    fn part_terms(
        &self,
        part: &Part,
        cache: &Cache,
        read: &std::sync::atomic::AtomicUsize,
    ) -> Result<PartTerms, Diagnostics> {
        let docs = part.local.len();
        let name = part.key.map(|key| part_name(&key));
        if let (Some(key), Some(name)) = (&part.key, &name)
            && let Some(terms) = cache.entry(name, key, |bytes| {
                postcard::from_bytes::<PartTerms>(bytes)
                    .ok()
                    .filter(|terms| terms.is_valid(docs))
            })
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
    fn read_part(&self, part: &Part) -> Result<PartTerms, Diagnostics> {
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
fn part_name(key: &Digest) -> PathBuf {
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    PathBuf::from(format!(".related/terms/{hex}"))
}

/// The language's terms in byte order, and every document's weights
/// with term ids into them (a part's local ids map to global ones in the
/// same order, so each list stays sorted).
fn merge(parts: Vec<PartTerms>) -> (Vec<Vec<u8>>, Vec<Terms>) {
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

/// What changed since the previous run's lists: the documents whose terms
/// changed, and for each term of their old and new versions (that still
/// exists) how its document frequency changed. `None` when the previous
/// run's term statistics of a changed part are gone.
struct Changes {
    docs: Vec<usize>,
    /// Term id → change of its document frequency (0 for a term of a
    /// changed document whose frequency did not change).
    terms: HashMap<u32, i32>,
}

fn changes(
    cache: &Cache,
    previous: &State,
    parts: &[(Digest, u32)],
    names: &[Vec<u8>],
    docs: &[Terms],
) -> Option<Changes> {
    let starts = |parts: &[(Digest, u32)]| -> Vec<usize> {
        parts
            .iter()
            .scan(0usize, |at, &(_, count)| {
                let start = *at;
                *at += count as usize;
                Some(start)
            })
            .collect()
    };
    let (new_starts, old_starts) = (starts(parts), starts(&previous.parts));
    let unchanged: std::collections::HashSet<(usize, Digest, u32)> = previous
        .parts
        .iter()
        .zip(&old_starts)
        .map(|(&(key, count), &start)| (start, key, count))
        .collect();
    // The documents of parts that are new at their place.
    let mut candidates: Vec<usize> = Vec::new();
    for (&(key, count), &start) in parts.iter().zip(&new_starts) {
        if !unchanged.contains(&(start, key, count)) {
            candidates.extend(start..start + count as usize);
        }
    }
    let mut changes = Changes {
        docs: Vec::new(),
        terms: HashMap::new(),
    };
    let id = |term: &[u8]| {
        names
            .binary_search_by(|name| name.as_slice().cmp(term))
            .ok()
            .map(|id| id as u32)
    };
    let mut old_part: Option<(usize, PartTerms)> = None;
    for doc in candidates {
        // The previous run's part holding the document.
        let index = old_starts
            .partition_point(|&start| start <= doc)
            .checked_sub(1)?;
        if old_part.as_ref().map(|(i, _)| *i) != Some(index) {
            let (key, count) = previous.parts[index];
            let terms = cache.previous_entry(&part_name(&key), &key, |bytes| {
                postcard::from_bytes::<PartTerms>(bytes)
                    .ok()
                    .filter(|terms| terms.is_valid(count as usize))
            })?;
            old_part = Some((index, terms));
        }
        let (_, old) = old_part.as_ref()?;
        let before = old.docs.get(doc - old_starts[index])?;
        let after = &docs[doc].weights;
        let same = before.len() == after.len()
            && before.iter().zip(after).all(|(&(a, wa), &(b, wb))| {
                id(&old.terms[a as usize]) == Some(b) && wa.to_bits() == wb.to_bits()
            });
        if same {
            continue;
        }
        changes.docs.push(doc);
        for &(term, _) in before {
            if let Some(term) = id(&old.terms[term as usize]) {
                *changes.terms.entry(term).or_default() -= 1;
            }
        }
        for &(term, _) in after {
            *changes.terms.entry(term).or_default() += 1;
        }
    }
    Some(changes)
}

/// What ranking needs of a language: every article's terms and query,
/// the idf of every term worth querying and the average length.
struct Model<'a> {
    pages: &'a [Page],
    count: usize,
    docs: Vec<Terms>,
    /// Each term's document frequency.
    df: Vec<u32>,
    /// idf of each term worth querying, `None` for terms left out.
    idfs: Vec<Option<f32>>,
    /// The average weighted length, rounded to a whole number: an edit
    /// seldom changes it, so it seldom changes every list.
    average: f32,
    max_doc_freq: usize,
    /// Each article's query: its own best terms by tf·idf (ties by term),
    /// by term.
    queries: Vec<Vec<u32>>,
}

/// The candidates of a language's articles.
struct Ranked {
    tops: Vec<Top>,
    /// How many articles were ranked, and how many updated.
    ranked: usize,
    updated: usize,
}

/// What a language's lists depend on besides the articles' terms and the
/// average length: the articles, their order (ties are broken by it) and
/// their pager neighbours (left out of lists), and how lists are computed.
fn layout(pages: &[Page]) -> Digest {
    let mut layout = Hasher::default();
    layout.part(VERSION).part(pages.len().to_le_bytes());
    for page in pages {
        let neighbour = |n: Option<usize>| n.map_or(u64::MAX, |n| n as u64).to_le_bytes();
        layout
            .part(&page.url)
            .part(&page.article.kind)
            .part(neighbour(page.prev))
            .part(neighbour(page.next));
    }
    layout.finish()
}

impl<'a> Model<'a> {
    fn new(pages: &'a [Page], docs: Vec<Terms>, term_count: usize) -> Model<'a> {
        let count = docs.len();
        // Document frequencies in this language only, so idf is the
        // language's own.
        let mut df = vec![0u32; term_count];
        for terms in &docs {
            for &(term, _) in &terms.weights {
                df[term as usize] += 1;
            }
        }
        let max_doc_freq =
            (count * MAX_DOC_FREQ_PERCENT / 100).clamp(MIN_MAX_DOC_FREQ, MAX_MAX_DOC_FREQ);
        let idfs: Vec<Option<f32>> = df
            .iter()
            .map(|&df| idf(df as usize, count, max_doc_freq))
            .collect();
        let total: f64 = docs.iter().map(|d| f64::from(d.length)).sum();
        let average = ((total / count.max(1) as f64).round() as f32).max(1.0);
        let queries: Vec<Vec<u32>> = docs
            .par_iter()
            .map(|terms| query(terms, |term| idfs[term as usize]))
            .collect();
        Model {
            pages,
            count,
            docs,
            df,
            idfs,
            average,
            max_doc_freq,
            queries,
        }
    }

    /// What to do with each article's list after `changes`:
    /// - rank it again when the article changed, when its query changed
    ///   (a term's idf did) or holds a term whose idf changed (every score
    ///   may have changed);
    /// - else update it with the changed articles' new scores when its
    ///   query holds a term of a changed article, before or after the
    ///   change (only their scores changed);
    /// - else keep it: nothing it depends on changed.
    fn plan(&self, changes: &Changes) -> Vec<Action> {
        let terms = self.idfs.len();
        let (mut idf_changed, mut touched) = (vec![false; terms], vec![false; terms]);
        let mut before: HashMap<u32, Option<f32>> = HashMap::new();
        for (&term, &delta) in &changes.terms {
            touched[term as usize] = true;
            let df = i64::from(self.df[term as usize]) - i64::from(delta);
            let old = idf(df.max(0) as usize, self.count, self.max_doc_freq);
            if old.map(f32::to_bits) != self.idfs[term as usize].map(f32::to_bits) {
                idf_changed[term as usize] = true;
                before.insert(term, old);
            }
        }
        let old_idf = |term: u32| match before.get(&term) {
            Some(&old) => old,
            None => self.idfs[term as usize],
        };
        let patch = changes.docs.len() <= MAX_PATCHED;
        let mut plan: Vec<Action> = (0..self.count)
            .into_par_iter()
            .map(|doc| {
                let (terms, query) = (&self.docs[doc], &self.queries[doc]);
                let holds = |set: &[bool]| query.iter().any(|&t| set[t as usize]);
                let idf_moved = terms.weights.iter().any(|&(t, _)| idf_changed[t as usize]);
                if holds(&idf_changed) || (idf_moved && self::query(terms, old_idf) != *query) {
                    Action::Rank
                } else if holds(&touched) {
                    if patch { Action::Patch } else { Action::Rank }
                } else {
                    Action::Keep
                }
            })
            .collect();
        for &doc in &changes.docs {
            plan[doc] = Action::Rank;
        }
        plan
    }

    /// Every article's candidates: all ranked, or, with a plan, the
    /// previous ones kept, updated or ranked again as it says.
    fn rank(self, kept: Option<(Vec<Action>, Vec<usize>, Vec<Top>)>) -> Ranked {
        let Model {
            pages,
            count,
            docs,
            idfs,
            average,
            queries,
            ..
        } = self;
        let idf = |term: u32| idfs[term as usize];
        // Postings holding each article's BM25 contribution, computed once
        // rather than once per query that visits it. Kept as one array,
        // term after term, each term's postings in reading order
        // (`starts[term]..starts[term + 1]`).
        let mut starts = vec![0usize; idfs.len() + 1];
        for terms in &docs {
            for &(term, _) in &terms.weights {
                if idf(term).is_some() {
                    starts[term as usize + 1] += 1;
                }
            }
        }
        for term in 0..idfs.len() {
            starts[term + 1] += starts[term];
        }
        let mut filled = starts.clone();
        let mut contributions = vec![(0u32, 0.0f32); starts[idfs.len()]];
        for (doc, terms) in docs.into_iter().enumerate() {
            let norm = K1 * (1.0 - B + B * terms.length / average);
            for &(term, tf) in &terms.weights {
                if let Some(weight) = idf(term) {
                    let at = &mut filled[term as usize];
                    contributions[*at] = (doc as u32, weight * tf * (K1 + 1.0) / (tf + norm));
                    *at += 1;
                }
            }
        }
        drop(filled);
        let ranking = Ranking {
            pages,
            queries: &queries,
            starts: &starts,
            contributions: &contributions,
        };
        let (plan, changed, previous) = match kept {
            Some((plan, changed, previous)) => (plan, changed, previous),
            None => (vec![Action::Rank; count], Vec::new(), Vec::new()),
        };
        let done: Vec<(Top, Action)> = plan
            .par_iter()
            .enumerate()
            .map_init(
                || (vec![0.0f32; count], Vec::<usize>::new()),
                |scratch, (doc, &action)| {
                    let top = match action {
                        Action::Keep => Some(previous[doc].clone()),
                        Action::Patch => ranking.patch(doc, previous[doc].clone(), &changed),
                        Action::Rank => None,
                    };
                    match top {
                        Some(top) => (top, action),
                        None => (ranking.top(doc, scratch), Action::Rank),
                    }
                },
            )
            .collect();
        let ranked = done.iter().filter(|(_, a)| *a == Action::Rank).count();
        let updated = done.iter().filter(|(_, a)| *a == Action::Patch).count();
        let tops = done.into_iter().map(|(top, _)| top).collect();
        Ranked {
            tops,
            ranked,
            updated,
        }
    }
}

/// What a rebuild does with an article's previous candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Keep,
    Patch,
    Rank,
}

/// An article's query: its best terms by tf·idf (ties by term), by term.
fn query(terms: &Terms, idf: impl Fn(u32) -> Option<f32>) -> Vec<u32> {
    let mut query: Vec<(u32, f32)> = terms
        .weights
        .iter()
        .filter_map(|&(term, weight)| idf(term).map(|idf| (term, weight * idf)))
        .collect();
    query.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    query.truncate(QUERY_TERMS);
    let mut query: Vec<u32> = query.into_iter().map(|(term, _)| term).collect();
    query.sort_unstable();
    query
}

/// A term's idf, `None` when it is in no article or in too many to say
/// what an article is about.
fn idf(df: usize, count: usize, max_doc_freq: usize) -> Option<f32> {
    (df > 0 && df <= max_doc_freq)
        .then(|| (1.0 + (count as f32 - df as f32 + 0.5) / (df as f32 + 0.5)).ln())
}

/// Each kind's articles in reading order, for lists that need filling up.
struct Kinds<'a> {
    by_kind: HashMap<&'a str, Vec<usize>>,
    /// The kinds in the order of their first article.
    order: Vec<&'a str>,
}

impl<'a> Kinds<'a> {
    fn of(pages: &'a [Page]) -> Kinds<'a> {
        let mut by_kind: HashMap<&str, Vec<usize>> = HashMap::new();
        for (index, page) in pages.iter().enumerate() {
            by_kind
                .entry(page.article.kind.as_str())
                .or_default()
                .push(index);
        }
        let mut order: Vec<&str> = by_kind.keys().copied().collect();
        order.sort_by_key(|k| by_kind[k][0]);
        Kinds { by_kind, order }
    }
}

/// BM25 of an article's best terms against the other articles of its
/// language.
struct Ranking<'a> {
    pages: &'a [Page],
    queries: &'a [Vec<u32>],
    starts: &'a [usize],
    contributions: &'a [(u32, f32)],
}

/// Best first, ties in reading order: a total order, so picking the top
/// few before sorting them gives the same list.
fn order(a: &(u32, f32), b: &(u32, f32)) -> std::cmp::Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

/// Whether `other` is `doc` or one of the articles the pager offers next
/// to it (a list does not repeat them).
fn neighbour(pages: &[Page], doc: usize, other: usize) -> bool {
    other == doc || pages[doc].prev == Some(other) || pages[doc].next == Some(other)
}

impl Ranking<'_> {
    fn postings(&self, term: u32) -> &[(u32, f32)] {
        &self.contributions[self.starts[term as usize]..self.starts[term as usize + 1]]
    }

    /// The candidates of `doc`. Scores are summed in a buffer each worker
    /// thread reuses (`scratch`), and only the articles a query touched are
    /// looked at, so one list costs the postings its terms visit (bounded,
    /// see [`MAX_MAX_DOC_FREQ`]), not the size of the site.
    fn top(&self, doc: usize, (scores, touched): &mut (Vec<f32>, Vec<usize>)) -> Top {
        for &term in &self.queries[doc] {
            for &(other, score) in self.postings(term) {
                let other = other as usize;
                if scores[other] == 0.0 {
                    touched.push(other);
                }
                scores[other] += score;
            }
        }
        let mut ranked: Vec<(u32, f32)> = touched
            .iter()
            .filter(|&&other| !neighbour(self.pages, doc, other) && scores[other] > 0.0)
            .map(|&other| (other as u32, scores[other]))
            .collect();
        for &other in touched.iter() {
            scores[other] = 0.0;
        }
        touched.clear();
        let complete = ranked.len() <= DEPTH;
        if !complete {
            ranked.select_nth_unstable_by(DEPTH, order);
            ranked.truncate(DEPTH);
        }
        ranked.sort_by(order);
        // A few entries, not the capacity of every candidate.
        ranked.shrink_to_fit();
        Top {
            docs: ranked,
            complete,
        }
    }

    /// `previous` with the new scores of the `changed` articles, when
    /// nothing else that `doc`'s candidates depend on changed; `None` when
    /// too few candidates are left known to make its list.
    fn patch(&self, doc: usize, mut previous: Top, changed: &[usize]) -> Option<Top> {
        for &other in changed {
            let other = other as u32;
            previous.docs.retain(|&(d, _)| d != other);
            // Summed as `top` sums it: term by term, in query order.
            let mut score = 0.0f32;
            for &term in &self.queries[doc] {
                let postings = self.postings(term);
                if let Ok(at) = postings.binary_search_by_key(&other, |&(d, _)| d) {
                    score += postings[at].1;
                }
            }
            if score > 0.0 && !neighbour(self.pages, doc, other as usize) {
                let entry = (other, score);
                // Every candidate not listed ranks below the last listed:
                // an entry below it is not known to be ahead of them.
                let ahead = previous.complete
                    || previous
                        .docs
                        .last()
                        .is_some_and(|last| order(&entry, last).is_lt());
                if ahead {
                    let at = previous
                        .docs
                        .partition_point(|listed| order(listed, &entry).is_lt());
                    previous.docs.insert(at, entry);
                }
            }
            if previous.docs.len() > DEPTH {
                previous.docs.truncate(DEPTH);
                previous.complete = false;
            }
        }
        (previous.complete || previous.docs.len() >= MAX_RELATED).then_some(previous)
    }
}

/// The list of `doc`: its best candidates, filled up when it has too few
/// (too little shared vocabulary) with articles in reading order, same
/// kind first, so every article still points somewhere.
fn list(pages: &[Page], kinds: &Kinds, doc: usize, top: &Top) -> Vec<usize> {
    let mut list: Vec<usize> = top
        .docs
        .iter()
        .take(MAX_RELATED)
        .map(|&(other, _)| other as usize)
        .collect();
    if list.len() < MIN_RELATED {
        let Kinds { by_kind, order } = kinds;
        let kind = pages[doc].article.kind.as_str();
        let same_kind = by_kind.get(kind).into_iter().flatten();
        let others = order
            .iter()
            .filter(|k| **k != kind)
            .flat_map(|k| by_kind.get(k).into_iter().flatten());
        for &other in same_kind.chain(others) {
            if list.len() >= MIN_RELATED {
                break;
            }
            if !neighbour(pages, doc, other) && !list.contains(&other) {
                list.push(other);
            }
        }
    }
    list
}

/// Sets `page.related` everywhere: the front matter's `related:` (slugs
/// that exist in the language, in order, never the page itself), else the
/// computed list.
pub fn apply(site: &mut Site, lists: &RelatedLists) {
    for (language, computed) in site.languages.iter_mut().zip(lists) {
        let pinned: Vec<Option<Vec<usize>>> = language
            .pages
            .iter()
            .enumerate()
            .map(|(index, page)| {
                if page.article.related.is_empty() {
                    return None;
                }
                let mut list: Vec<usize> = Vec::new();
                for slug in &page.article.related {
                    if let Some(&other) = language.by_slug.get(slug)
                        && other != index
                        && !list.contains(&other)
                    {
                        list.push(other);
                    }
                }
                Some(list)
            })
            .collect();
        for ((page, computed), pinned) in language.pages.iter_mut().zip(computed).zip(pinned) {
            page.related = pinned.unwrap_or_else(|| computed.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_site() -> Site {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = crate::load_config(root, None).expect("sample book.toml");
        let mut site = crate::load_site(root, config, false).expect("sample site");
        // Many small segments, as a large site has.
        site.config.search.index_chunk_articles = 2;
        site
    }

    /// The lists computed with the cache `dir` holds (then kept there),
    /// and the lists computed from scratch, which must be the same.
    fn lists(site: &Site, dir: &std::path::Path) -> Related {
        let built = crate::search::index::build(site, None).expect("index");
        let cache = Cache::open(dir, &|_| {});
        let related = from_index(site, &built, &cache).expect("related");
        cache.save(None);
        let full = from_index(site, &built, &Cache::in_memory()).expect("related");
        assert_eq!(full.ranked, site.page_count());
        assert_eq!(related.lists, full.lists, "incremental lists differ");
        related
    }

    fn page<'a>(site: &'a mut Site, url_part: &str) -> &'a mut Page {
        site.languages
            .iter_mut()
            .flat_map(|language| language.pages.iter_mut())
            .find(|page| page.url.contains(url_part))
            .unwrap_or_else(|| panic!("no page {url_part}"))
    }

    /// Edits of every kind, each followed by a rebuild that reads only the
    /// edited article's segment and ranks only the lists the edit can
    /// change, and gives exactly the lists of a full computation.
    #[test]
    fn rebuilds_rank_only_what_an_edit_can_change() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut site = sample_site();
        let count = site.page_count();
        let parts = crate::search::index::build(&site, None)
            .expect("index")
            .chunks
            .chunks;
        assert!(parts > 6, "{parts} segments");

        let cold = lists(&site, dir.path());
        assert_eq!((cold.parts_read, cold.ranked), (parts, count), "cold");
        let cache_bytes = || -> u64 {
            std::fs::read_dir(dir.path().join(crate::cache::CACHE_DIR))
                .expect("cache folder")
                .filter_map(|entry| entry.ok()?.metadata().ok())
                .filter(|meta| meta.is_file())
                .map(|meta| meta.len())
                .sum()
        };
        let before = cache_bytes();
        let again = lists(&site, dir.path());
        assert_eq!((again.parts_read, again.ranked), (0, 0), "nothing changed");
        assert_eq!(again.updated, 0);
        // Nothing stored again when nothing changed.
        assert_eq!(cache_bytes(), before);

        // A sentence added to one article's body.
        let edited = page(&mut site, "/en/faq/reset-password/");
        edited.rendered.sections[0]
            .text
            .push_str(" Reset the password from the sign-in screen.");
        let body = lists(&site, dir.path());
        assert_eq!(body.parts_read, 1, "one segment read");
        // The sample site is small, so a term is in many of its articles:
        // at least the other language's lists are kept.
        let english = site.languages[1].pages.len();
        assert!(
            (1..=english).contains(&body.ranked),
            "{} of {count} lists ranked",
            body.ranked
        );

        // A new title, a tag, a word that no other article has.
        let edited = page(&mut site, "/zh-cn/");
        edited.article.title.push_str(" 提现限额");
        edited.article.tags.push("限额".into());
        let title = lists(&site, dir.path());
        assert_eq!(title.parts_read, 1);
        assert!(title.ranked < count, "{} lists ranked", title.ranked);
        let edited = page(&mut site, "/en/faq/reset-password/");
        edited.rendered.sections[0].text.push_str(" Zyzzogeton.");
        let rare = lists(&site, dir.path());
        assert!(rare.ranked < count, "{} lists ranked", rare.ranked);

        // Edits in several articles at once, one of them undone.
        for url in ["/en/", "/zh-cn/", "/en/faq/reset-password/"] {
            let edited = page(&mut site, url);
            let text = &mut edited.rendered.sections[0].text;
            if url.ends_with("reset-password/") {
                text.truncate(text.len() - " Zyzzogeton.".len());
            } else {
                text.push_str(" withdrawal 提现 fee 手续费 card");
            }
        }
        let several = lists(&site, dir.path());
        assert!(several.parts_read >= 2);

        // An article much longer than the others moves the average length:
        // every list is ranked again, and still the same as a full one.
        let edited = page(&mut site, "/en/faq/reset-password/");
        let long = " password reset sign in account recovery".repeat(2000);
        edited.rendered.sections[0].text.push_str(&long);
        let longer = lists(&site, dir.path());
        assert!(longer.ranked > 0);

        // The cache gone: everything read and ranked.
        std::fs::remove_dir_all(dir.path().join(crate::cache::CACHE_DIR)).expect("rm");
        let fresh = lists(&site, dir.path());
        assert_eq!((fresh.parts_read, fresh.ranked), (parts, count));
    }

    /// Many rounds of small random edits (words added to or taken from
    /// one to three articles' bodies, titles and tags): each rebuild gives
    /// exactly a full computation's lists.
    #[test]
    fn random_edits_give_a_full_computations_lists() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut site = sample_site();
        let words = [
            "withdrawal",
            "fee",
            "card",
            "password",
            "reset",
            "提现",
            "手续费",
            "银行卡",
            "密码",
            "验证码",
            "limit",
            "refund",
            "退款",
            "scam",
            "客服",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |bound: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % bound as u64) as usize
        };
        let (mut patched, mut kept, mut updated) = (0usize, 0usize, 0usize);
        lists(&site, dir.path());
        for _ in 0..25 {
            for _ in 0..1 + next(3) {
                let language = next(site.languages.len());
                let pages = &mut site.languages[language].pages;
                let at = next(pages.len());
                let page = &mut pages[at];
                let word = words[next(words.len())];
                match next(4) {
                    0 => page.article.title.push_str(&format!(" {word}")),
                    1 => page.article.tags.push(word.to_string()),
                    2 => {
                        let text = &mut page.rendered.sections[0].text;
                        let keep = text.len() / 2;
                        let cut = (0..=keep).rev().find(|&i| text.is_char_boundary(i));
                        text.truncate(cut.unwrap_or(0));
                    }
                    _ => {
                        let text = &mut page.rendered.sections[0].text;
                        for _ in 0..1 + next(4) {
                            text.push(' ');
                            text.push_str(words[next(words.len())]);
                        }
                    }
                }
            }
            let related = lists(&site, dir.path());
            patched += usize::from(related.ranked < site.page_count());
            kept += site.page_count() - related.ranked;
            updated += related.updated;
        }
        assert!(updated > 20, "{updated} lists updated");
        assert!(
            patched > 10,
            "{patched} of 25 rebuilds ranked fewer than every list"
        );
        assert!(kept > 0);
    }

    /// A part's statistics decoded from damaged bytes are not used.
    #[test]
    fn malformed_part_terms_are_rejected() {
        let good = PartTerms {
            terms: vec![b"a".to_vec(), b"b".to_vec()],
            docs: vec![vec![(0, 1.0), (1, 2.0)], vec![]],
        };
        assert!(good.is_valid(2));
        assert!(!good.is_valid(3));
        let unsorted = PartTerms {
            terms: vec![b"b".to_vec(), b"a".to_vec()],
            ..good
        };
        assert!(!unsorted.is_valid(2));
        let out_of_range = PartTerms {
            terms: vec![b"a".to_vec()],
            docs: vec![vec![(3, 1.0)], vec![]],
        };
        assert!(!out_of_range.is_valid(2));
    }
}
