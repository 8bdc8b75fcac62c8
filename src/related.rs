//! Related articles: for every article, three to five others in the same
//! language, computed at build time from term statistics.
//!
//! The term statistics come from the tantivy index the build has just
//! written (its postings, read once); each article's highest tf·idf terms
//! become a BM25 query, scored against every other article of its
//! language. Everything
//! is iterated in a fixed order (reading order, then term text) and ties
//! are broken by reading order, so the lists are identical on every build.
//! tantivy's `MoreLikeThisQuery` is not used on purpose: it gathers its
//! terms in a hash map, so its lists change from run to run.
//!
//! An article that lists `related:` in its front matter gets exactly that
//! list (slugs that do not exist are warned about in `site`). `check` does
//! not compute the lists: it builds no index.

use std::collections::HashMap;

use rayon::prelude::*;
use tantivy::DocSet;
use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::search::index::BuiltIndex;
use crate::site::{Page, Site};

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

/// Computed lists: language (site order) → page (reading order) → indexes
/// of related pages in that language, best first.
pub type RelatedLists = Vec<Vec<Vec<usize>>>;

/// One article's weighted term frequencies (term id → weight, sorted by
/// id) and its weighted length.
struct Terms {
    weights: Vec<(u32, f32)>,
    length: f32,
}

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
/// boosts; headings count as body). Reading the postings the index already
/// holds is much cheaper than analysing every article a second time.
pub fn from_index(site: &Site, built: &BuiltIndex) -> Result<RelatedLists, Diagnostics> {
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
    let field_weights = [boost.title, boost.body, boost.tags, boost.body];

    // Term ids in the order the fields' sorted dictionaries are read
    // (language by language): the same on every build.
    let mut ids: HashMap<Vec<u8>, u32> = HashMap::new();
    let mut names: Vec<Vec<u8>> = Vec::new();
    let mut lists = Vec::new();
    let mut first = 0u32;
    // One language at a time, so only one language's term lists are in
    // memory at once.
    for language in &site.languages {
        let count = language.pages.len();
        let end = first + count as u32;
        let per_doc = language_terms(
            &searcher,
            &built.fields.text,
            field_weights,
            first..end,
            &mut ids,
            &mut names,
        )?;
        let docs: Vec<Terms> = per_doc
            .into_par_iter()
            .map(|mut weights| {
                // Merge the same term from several fields (stable sort, so
                // fields are summed in a fixed order).
                weights.sort_by_key(|&(id, _)| id);
                weights.dedup_by(|later, kept| {
                    let same = later.0 == kept.0;
                    if same {
                        kept.1 += later.1;
                    }
                    same
                });
                weights.shrink_to_fit();
                let length = weights.iter().map(|&(_, w)| w).sum();
                Terms { weights, length }
            })
            .collect();
        crate::trace::step("      related: terms");
        lists.push(rank_language(&language.pages, docs, &names));
        crate::trace::step("      related: ranked");
        first = end;
    }
    Ok(lists)
}

/// One term's id: the first time a term is met, in the order the fields'
/// sorted dictionaries are read (language by language), it gets the next
/// id, so ids are the same on every build.
fn term_id(ids: &mut HashMap<Vec<u8>, u32>, names: &mut Vec<Vec<u8>>, key: &[u8]) -> u32 {
    match ids.get(key) {
        Some(&id) => id,
        None => {
            let id = names.len() as u32;
            ids.insert(key.to_vec(), id);
            names.push(key.to_vec());
            id
        }
    }
}

/// Every article's weighted term frequencies in the language whose
/// documents are `docs` (global ids), in field order and then term order,
/// with each term's id from `ids` (new terms are added to it and to
/// `names`).
fn language_terms(
    searcher: &tantivy::Searcher,
    fields: &[tantivy::schema::Field],
    field_weights: [f32; 4],
    docs: std::ops::Range<u32>,
    ids: &mut HashMap<Vec<u8>, u32>,
    names: &mut Vec<Vec<u8>>,
) -> Result<Vec<Vec<(u32, f32)>>, Diagnostics> {
    let language = LanguageIndex {
        searcher,
        fields,
        field_weights,
        // The segments holding the language's documents (local id ranges).
        parts: crate::search::index::segment_ranges(searcher, docs.clone()),
        docs,
    };
    let whole = language.parts.iter().all(|(ordinal, _, local)| {
        local.start == 0 && local.end == searcher.segment_reader(*ordinal as u32).max_doc()
    });
    if whole {
        language.by_segment(ids, names)
    } else {
        language.merged(ids, names)
    }
}

/// One language's documents in the index: the segments holding them,
/// with their base and local id ranges, and the scored fields' weights.
struct LanguageIndex<'a> {
    searcher: &'a tantivy::Searcher,
    fields: &'a [tantivy::schema::Field],
    field_weights: [f32; 4],
    docs: std::ops::Range<u32>,
    parts: Vec<(usize, u32, std::ops::Range<u32>)>,
}

impl LanguageIndex<'_> {
    /// The fields to read (those with a weight), with their weights.
    fn weighted(&self) -> impl Iterator<Item = (usize, tantivy::schema::Field, f32)> + '_ {
        self.fields
            .iter()
            .zip(self.field_weights)
            .enumerate()
            .filter(|(_, (_, weight))| *weight > 0.0)
            .map(|(f, (field, weight))| (f, *field, weight))
    }

    /// The inverted index of `field` in each of the language's segments.
    fn inverted(
        &self,
        field: tantivy::schema::Field,
    ) -> Result<Vec<std::sync::Arc<tantivy::InvertedIndexReader>>, Diagnostics> {
        self.parts
            .iter()
            .map(|(ordinal, _, _)| {
                self.searcher
                    .segment_reader(*ordinal as u32)
                    .inverted_index(field)
                    .map_err(index_error)
            })
            .collect()
    }

    /// [`language_terms`] when each of the language's segments holds only its
    /// documents (the index's chunks end at a language's end): the term ids
    /// are given out in one pass over the fields' merged dictionaries, then
    /// every segment's postings are read on its own, in parallel, into its own
    /// documents' lists. Each document's list is in the order [`merged`] gives.
    fn by_segment(
        &self,
        ids: &mut HashMap<Vec<u8>, u32>,
        names: &mut Vec<Vec<u8>>,
    ) -> Result<Vec<Vec<(u32, f32)>>, Diagnostics> {
        let parts = &self.parts;
        // Per field, per part: the ids of the part's terms, in its order.
        let mut part_ids: Vec<Vec<Vec<u32>>> = vec![Vec::new(); self.fields.len()];
        for (f, field, _) in self.weighted() {
            let inverted = self.inverted(field)?;
            let mut streams = Vec::with_capacity(parts.len());
            for reader in &inverted {
                streams.push(reader.terms().stream().map_err(index_error)?);
            }
            let mut terms = tantivy::termdict::TermMerger::new(streams);
            let mut of_parts: Vec<Vec<u32>> = vec![Vec::new(); parts.len()];
            while terms.advance() {
                let id = term_id(ids, names, terms.key());
                for (part, _) in terms.current_segment_ords_and_term_infos() {
                    of_parts[part].push(id);
                }
            }
            part_ids[f] = of_parts;
        }
        // Each part's documents, as a slice of the language's lists: the
        // parts are whole segments, one after the other.
        let mut per_doc: Vec<Vec<(u32, f32)>> = vec![Vec::new(); self.docs.len()];
        let mut slices = Vec::with_capacity(parts.len());
        let mut rest = per_doc.as_mut_slice();
        for (_, _, local) in parts {
            let (own, after) = rest
                .split_at_mut_checked(local.len())
                .ok_or_else(|| index_error("the segments do not cover the language"))?;
            slices.push(own);
            rest = after;
        }
        slices.into_par_iter().enumerate().try_for_each(
            |(part, lists)| -> Result<(), Diagnostics> {
                let segment = self.searcher.segment_reader(parts[part].0 as u32);
                for (f, field, weight) in self.weighted() {
                    let inverted = segment.inverted_index(field).map_err(index_error)?;
                    let mut stream = inverted.terms().stream().map_err(index_error)?;
                    let mut term_ids = part_ids[f][part].iter();
                    while stream.advance() {
                        let Some(&id) = term_ids.next() else {
                            return Err(index_error("a segment's terms changed while read"));
                        };
                        let mut postings = inverted
                            .read_postings_from_terminfo(
                                stream.value(),
                                IndexRecordOption::WithFreqs,
                            )
                            .map_err(index_error)?;
                        while postings.doc() != tantivy::TERMINATED {
                            if let Some(list) = lists.get_mut(postings.doc() as usize) {
                                list.push((id, weight * postings.term_freq() as f32));
                            }
                            postings.advance();
                        }
                    }
                }
                Ok(())
            },
        )?;
        Ok(per_doc)
    }

    /// [`language_terms`] in one pass over each field's terms merged over the
    /// language's segments, reading only the language's part of each.
    fn merged(
        &self,
        ids: &mut HashMap<Vec<u8>, u32>,
        names: &mut Vec<Vec<u8>>,
    ) -> Result<Vec<Vec<(u32, f32)>>, Diagnostics> {
        let (parts, first) = (&self.parts, self.docs.start);
        let mut per_doc: Vec<Vec<(u32, f32)>> = vec![Vec::new(); self.docs.len()];
        for (_, field, weight) in self.weighted() {
            let inverted = self.inverted(field)?;
            let mut streams = Vec::with_capacity(parts.len());
            for reader in &inverted {
                streams.push(reader.terms().stream().map_err(index_error)?);
            }
            // Terms in byte order over the language's segments.
            let mut terms = tantivy::termdict::TermMerger::new(streams);
            let mut found: Vec<(u32, u32)> = Vec::new();
            while terms.advance() {
                found.clear();
                for (part, info) in terms.current_segment_ords_and_term_infos() {
                    let (_, base, local) = &parts[part];
                    let mut postings = inverted[part]
                        .read_postings_from_terminfo(&info, IndexRecordOption::WithFreqs)
                        .map_err(index_error)?;
                    if postings.doc() < local.start {
                        postings.seek(local.start);
                    }
                    while postings.doc() < local.end {
                        found.push((base + postings.doc(), postings.term_freq()));
                        postings.advance();
                    }
                }
                if found.is_empty() {
                    continue;
                }
                let id = term_id(ids, names, terms.key());
                for &(doc, term_freq) in &found {
                    per_doc[(doc - first) as usize].push((id, weight * term_freq as f32));
                }
            }
        }
        Ok(per_doc)
    }
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

/// BM25 of each article's best terms against the other articles of its
/// language. Scores are summed in a buffer each worker thread reuses, and
/// only the articles a query touched are looked at, so one list costs the
/// postings its terms visit (bounded, see [`MAX_MAX_DOC_FREQ`]), not the
/// size of the site; each list keeps only its few entries.
fn rank_language(pages: &[Page], docs: Vec<Terms>, names: &[Vec<u8>]) -> Vec<Vec<usize>> {
    let count = docs.len();
    // Document frequencies in this language only, so idf is the
    // language's own.
    // Term ids are dense (`names`), so per-term data is kept in vectors.
    let mut df = vec![0u32; names.len()];
    for terms in &docs {
        for &(term, _) in &terms.weights {
            df[term as usize] += 1;
        }
    }
    let max_doc_freq =
        (count * MAX_DOC_FREQ_PERCENT / 100).clamp(MIN_MAX_DOC_FREQ, MAX_MAX_DOC_FREQ);
    // idf of each term worth querying, `None` for terms left out.
    let idfs: Vec<Option<f32>> = df
        .iter()
        .map(|&df| {
            let df = df as usize;
            (df > 0 && df <= max_doc_freq)
                .then(|| (1.0 + (count as f32 - df as f32 + 0.5) / (df as f32 + 0.5)).ln())
        })
        .collect();
    let idf = |term: u32| idfs[term as usize];
    let average = docs.iter().map(|d| d.length).sum::<f32>() / count.max(1) as f32;
    // Each article's query: its own best terms by tf·idf (ties by term
    // text), in term-text order. Worked out first, so that the articles'
    // term lists can go while the postings below are built.
    let queries: Vec<Vec<u32>> = docs
        .par_iter()
        .map(|terms| {
            let mut query: Vec<(u32, f32)> = terms
                .weights
                .iter()
                .filter_map(|&(term, weight)| idf(term).map(|idf| (term, weight * idf)))
                .collect();
            query.sort_by(|a, b| {
                b.1.total_cmp(&a.1)
                    .then_with(|| names[a.0 as usize].cmp(&names[b.0 as usize]))
            });
            query.truncate(QUERY_TERMS);
            query.sort_by(|a, b| names[a.0 as usize].cmp(&names[b.0 as usize]));
            query.into_iter().map(|(term, _)| term).collect()
        })
        .collect();
    // Postings holding each article's BM25 contribution, computed once
    // rather than once per query that visits it.
    // Kept as one array, term after term, each term's postings in reading
    // order (`starts[term]..starts[term + 1]`).
    let mut starts = vec![0usize; names.len() + 1];
    for (term, &df) in df.iter().enumerate() {
        let kept = if idfs[term].is_some() { df as usize } else { 0 };
        starts[term + 1] = starts[term] + kept;
    }
    drop(df);
    let mut filled = starts.clone();
    let mut contributions = vec![(0u32, 0.0f32); starts[names.len()]];
    for (doc, terms) in docs.into_iter().enumerate() {
        let norm = K1 * (1.0 - B + B * terms.length / average.max(1.0));
        for &(term, tf) in &terms.weights {
            if let Some(weight) = idf(term) {
                let at = &mut filled[term as usize];
                contributions[*at] = (doc as u32, weight * tf * (K1 + 1.0) / (tf + norm));
                *at += 1;
            }
        }
    }
    drop(filled);
    let postings = |term: u32| &contributions[starts[term as usize]..starts[term as usize + 1]];
    // Each kind's articles in reading order, for lists that need filling up.
    let mut by_kind: HashMap<&str, Vec<usize>> = HashMap::new();
    for (index, page) in pages.iter().enumerate() {
        by_kind
            .entry(page.article.kind.as_str())
            .or_default()
            .push(index);
    }
    let mut kinds: Vec<&str> = by_kind.keys().copied().collect();
    kinds.sort_by_key(|k| by_kind[k][0]);
    (0..count)
        .into_par_iter()
        .map_init(
            || (vec![0.0f32; count], Vec::<usize>::new()),
            |(scores, touched), doc| {
                for &term in &queries[doc] {
                    for &(other, score) in postings(term) {
                        let other = other as usize;
                        if scores[other] == 0.0 {
                            touched.push(other);
                        }
                        scores[other] += score;
                    }
                }
                // The pager already offers the previous and next articles.
                let neighbour = |other: usize| {
                    other == doc || pages[doc].prev == Some(other) || pages[doc].next == Some(other)
                };
                let mut ranked: Vec<usize> = touched
                    .iter()
                    .copied()
                    .filter(|&other| !neighbour(other) && scores[other] > 0.0)
                    .collect();
                // Best first, ties in reading order: a total order, so
                // picking the top few before sorting them gives the same list.
                let order = |a: &usize, b: &usize| scores[*b].total_cmp(&scores[*a]).then(a.cmp(b));
                if ranked.len() > MAX_RELATED {
                    ranked.select_nth_unstable_by(MAX_RELATED, order);
                    ranked.truncate(MAX_RELATED);
                }
                ranked.sort_by(order);
                for &other in touched.iter() {
                    scores[other] = 0.0;
                }
                touched.clear();
                if ranked.len() < MIN_RELATED {
                    // Too little shared vocabulary: fill up with articles in
                    // reading order (same kind first), so every article
                    // still points somewhere.
                    let kind = pages[doc].article.kind.as_str();
                    let same_kind = by_kind[kind].iter();
                    let others = kinds
                        .iter()
                        .filter(|k| **k != kind)
                        .flat_map(|k| by_kind[k].iter());
                    for &other in same_kind.chain(others) {
                        if ranked.len() >= MIN_RELATED {
                            break;
                        }
                        if !neighbour(other) && !ranked.contains(&other) {
                            ranked.push(other);
                        }
                    }
                }
                // A list of a few entries, not the capacity of every candidate.
                ranked.shrink_to_fit();
                ranked
            },
        )
        .collect()
}
