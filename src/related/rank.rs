//! BM25 ranking of each article's best terms against the other articles
//! of its language, and the lists made from the best candidates.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::incremental::Action;
use super::terms::Terms;
use super::{MAX_RELATED, MIN_RELATED};
use crate::site::Page;

/// How many of an article's terms make up its query.
pub(super) const QUERY_TERMS: usize = 25;
/// Terms in more than this share of a language's articles (and in more
/// than [`MIN_MAX_DOC_FREQ`] articles) are left out of queries, as
/// Lucene's MoreLikeThis does with `maxDocFreqPct`: they say little about
/// what an article is about. Whatever the share, a term in more than
/// [`MAX_MAX_DOC_FREQ`] articles is left out too: each query then visits at
/// most `QUERY_TERMS × MAX_MAX_DOC_FREQ` postings, so the lists cost time
/// proportional to the number of articles, not its square.
pub(super) const MAX_DOC_FREQ_PERCENT: usize = 10;
pub(super) const MIN_MAX_DOC_FREQ: usize = 50;
pub(super) const MAX_MAX_DOC_FREQ: usize = 400;
/// BM25 parameters, tantivy's defaults.
pub(super) const K1: f32 = 1.2;
pub(super) const B: f32 = 0.75;

/// An article's best candidates for its list, best first: the first
/// [`DEPTH`] of all articles its query scores (without its pager
/// neighbours), or all of them (`complete`). Kept so that a rebuild after
/// an edit of a few articles can put their new scores in without scoring
/// every candidate again: every candidate not listed ranks below the
/// last one listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Top {
    pub(super) docs: Vec<(u32, f32)>,
    pub(super) complete: bool,
}

/// How many candidates a [`Top`] keeps. Each edit of an article in the
/// list that moves it below the last candidate costs one; a list left
/// with fewer than [`MAX_RELATED`] is ranked again.
pub(super) const DEPTH: usize = 8;

/// What ranking needs of a language: every article's terms and query,
/// the idf of every term worth querying and the average length.
pub(super) struct Model<'a> {
    pub(super) pages: &'a [Page],
    pub(super) count: usize,
    pub(super) docs: Vec<Terms>,
    /// Each term's document frequency.
    pub(super) df: Vec<u32>,
    /// idf of each term worth querying, `None` for terms left out.
    pub(super) idfs: Vec<Option<f32>>,
    /// The average weighted length, rounded to a whole number: an edit
    /// seldom changes it, so it seldom changes every list.
    pub(super) average: f32,
    pub(super) max_doc_freq: usize,
    /// Each article's query: its own best terms by tf·idf (ties by term),
    /// by term.
    pub(super) queries: Vec<Vec<u32>>,
}

/// The candidates of a language's articles.
pub(super) struct Ranked {
    pub(super) tops: Vec<Top>,
    /// How many articles were ranked, and how many updated.
    pub(super) ranked: usize,
    pub(super) updated: usize,
}

impl<'a> Model<'a> {
    pub(super) fn new(pages: &'a [Page], docs: Vec<Terms>, term_count: usize) -> Model<'a> {
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

    /// Every article's candidates: all ranked, or, with a plan, the
    /// previous ones kept, updated or ranked again as it says.
    pub(super) fn rank(self, kept: Option<(Vec<Action>, Vec<usize>, Vec<Top>)>) -> Ranked {
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

/// An article's query: its best terms by tf·idf (ties by term), by term.
pub(super) fn query(terms: &Terms, idf: impl Fn(u32) -> Option<f32>) -> Vec<u32> {
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
pub(super) fn idf(df: usize, count: usize, max_doc_freq: usize) -> Option<f32> {
    (df > 0 && df <= max_doc_freq)
        .then(|| (1.0 + (count as f32 - df as f32 + 0.5) / (df as f32 + 0.5)).ln())
}

/// Each kind's articles in reading order, for lists that need filling up.
pub(super) struct Kinds<'a> {
    pub(super) by_kind: HashMap<&'a str, Vec<usize>>,
    /// The kinds in the order of their first article.
    pub(super) order: Vec<&'a str>,
}

impl<'a> Kinds<'a> {
    pub(super) fn of(pages: &'a [Page]) -> Kinds<'a> {
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
pub(super) struct Ranking<'a> {
    pub(super) pages: &'a [Page],
    pub(super) queries: &'a [Vec<u32>],
    pub(super) starts: &'a [usize],
    pub(super) contributions: &'a [(u32, f32)],
}

/// Best first, ties in reading order: a total order, so picking the top
/// few before sorting them gives the same list.
pub(super) fn order(a: &(u32, f32), b: &(u32, f32)) -> std::cmp::Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

/// Whether `other` is `doc` or one of the articles the pager offers next
/// to it (a list does not repeat them).
pub(super) fn neighbour(pages: &[Page], doc: usize, other: usize) -> bool {
    other == doc || pages[doc].prev == Some(other) || pages[doc].next == Some(other)
}

impl Ranking<'_> {
    pub(super) fn postings(&self, term: u32) -> &[(u32, f32)] {
        &self.contributions[self.starts[term as usize]..self.starts[term as usize + 1]]
    }

    /// The candidates of `doc`. Scores are summed in a buffer each worker
    /// thread reuses (`scratch`), and only the articles a query touched are
    /// looked at, so one list costs the postings its terms visit (bounded,
    /// see [`MAX_MAX_DOC_FREQ`]), not the size of the site.
    pub(super) fn top(&self, doc: usize, (scores, touched): &mut (Vec<f32>, Vec<usize>)) -> Top {
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
    pub(super) fn patch(&self, doc: usize, mut previous: Top, changed: &[usize]) -> Option<Top> {
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
pub(super) fn list(pages: &[Page], kinds: &Kinds, doc: usize, top: &Top) -> Vec<usize> {
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
