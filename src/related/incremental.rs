//! What a rebuild's related lists can keep: the previous lists' state, what
//! changed since (documents and their terms), and which lists to keep,
//! update with the changed articles' new scores, or rank again.

use std::collections::HashMap;
use std::path::PathBuf;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::VERSION;
use super::rank::{DEPTH, Model, Top, idf, order, query};
use super::terms::{PartTerms, Terms, part_name};
use crate::cache::{Cache, Digest, Hasher};
use crate::site::Page;

/// A language's lists as a previous run left them, with what they were
/// computed from.
#[derive(Serialize, Deserialize)]
pub(super) struct State {
    /// The articles, their order and their pager neighbours ([`layout`]).
    pub(super) layout: Digest,
    /// The average weighted length the scores used.
    pub(super) average: f32,
    /// Each part's key and number of documents, in order.
    pub(super) parts: Vec<(Digest, u32)>,
    /// Each article's best candidates.
    pub(super) tops: Vec<Top>,
}

impl State {
    /// The cache entry of a language's state, and its key.
    fn entry(code: &str) -> (PathBuf, Digest) {
        let name = PathBuf::from(format!(".related/lists/{code}"));
        (name, Hasher::default().part(VERSION).part(code).finish())
    }

    /// The state the previous build kept for the language `code`, when it
    /// was computed for the same articles in the same order (`layout`).
    pub(super) fn previous(
        cache: &Cache,
        code: &str,
        layout: &Digest,
        count: usize,
    ) -> Option<State> {
        if !cache.keeps_entries() {
            return None;
        }
        let (name, key) = State::entry(code);
        cache
            .entry(&name, &key, |bytes| {
                postcard::from_bytes::<State>(bytes).ok()
            })
            .filter(|state| state.layout == *layout && state.is_valid(count))
    }

    /// Keeps the state for the next build.
    pub(super) fn store(&self, cache: &Cache, code: &str) {
        if !cache.keeps_entries() {
            return;
        }
        let (name, key) = State::entry(code);
        if let Ok(bytes) = postcard::to_stdvec(self) {
            cache.store_entry(&name, key, &bytes);
        }
    }

    /// Whether decoded bytes are well formed for a language of `count`
    /// articles.
    pub(super) fn is_valid(&self, count: usize) -> bool {
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

/// With more changed articles than this, the lists they touch are ranked
/// again rather than updated article by article.
pub(super) const MAX_PATCHED: usize = 32;

/// What a language's lists depend on besides the articles' terms and the
/// average length: the articles, their order (ties are broken by it) and
/// their pager neighbours (left out of lists), and how lists are computed.
pub(super) fn layout(pages: &[Page]) -> Digest {
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

/// What changed since the previous run's lists: the documents whose terms
/// changed, and for each term of their old and new versions (that still
/// exists) how its document frequency changed.
pub(super) struct Changes {
    pub(super) docs: Vec<usize>,
    /// Term id → change of its document frequency (0 for a term of a
    /// changed document whose frequency did not change).
    pub(super) terms: HashMap<u32, i32>,
}

/// The [`Changes`] from the `previous` run's state to this run's `parts`
/// and documents (`docs`, with term ids into `names`): the documents of
/// parts that are new at their place are compared with their previous
/// version. `None` when the previous run's term statistics of such a part
/// are gone.
pub(super) fn changes(
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
    // The previous part's terms with their ids now (`None`: in no
    // article now).
    let mut old_part: Option<(usize, PartTerms, Vec<Option<u32>>)> = None;
    for doc in candidates {
        // The previous run's part holding the document.
        let index = old_starts
            .partition_point(|&start| start <= doc)
            .checked_sub(1)?;
        if old_part.as_ref().map(|(i, _, _)| *i) != Some(index) {
            let (key, count) = previous.parts[index];
            let terms = cache.previous_entry(&part_name(&key), &key, |bytes| {
                PartTerms::decode(bytes, count as usize)
            })?;
            let ids = ids_now(&terms.terms, names);
            old_part = Some((index, terms, ids));
        }
        let (_, old, ids) = old_part.as_ref()?;
        let before = old.docs.get(doc - old_starts[index])?;
        let after = &docs[doc].weights;
        let same = before.len() == after.len()
            && before.iter().zip(after).all(|(&(a, wa), &(b, wb))| {
                ids[a as usize] == Some(b) && wa.to_bits() == wb.to_bits()
            });
        if same {
            continue;
        }
        changes.docs.push(doc);
        for &(term, _) in before {
            if let Some(term) = ids[term as usize] {
                *changes.terms.entry(term).or_default() -= 1;
            }
        }
        for &(term, _) in after {
            *changes.terms.entry(term).or_default() += 1;
        }
    }
    Some(changes)
}

/// The id in `names` of each of `terms`, both in byte order: one pass
/// over the two (a part's terms looked up one by one, document after
/// document, cost a binary search over every term of the language each).
fn ids_now(terms: &[Vec<u8>], names: &[Vec<u8>]) -> Vec<Option<u32>> {
    let mut at = 0usize;
    terms
        .iter()
        .map(|term| {
            while at < names.len() && names[at].as_slice() < term.as_slice() {
                at += 1;
            }
            (at < names.len() && names[at] == *term).then_some(at as u32)
        })
        .collect()
}

impl Model<'_> {
    /// What to do with each article's list after `changes`:
    /// - rank it again when the article changed, when its query changed
    ///   (a term's idf did) or holds a term whose idf changed (every score
    ///   may have changed);
    /// - else update it with the changed articles' new scores when its
    ///   query holds a term of a changed article, before or after the
    ///   change (only their scores changed);
    /// - else keep it: nothing it depends on changed.
    pub(super) fn plan(&self, changes: &Changes) -> Vec<Action> {
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
}

/// What a rebuild does with an article's previous candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Action {
    Keep,
    Patch,
    Rank,
}

#[cfg(test)]
mod tests {
    use super::ids_now;

    #[test]
    fn a_parts_terms_get_their_ids_now() {
        let bytes = |words: &[&str]| -> Vec<Vec<u8>> {
            words.iter().map(|w| w.as_bytes().to_vec()).collect()
        };
        let names = bytes(&["apple", "card", "limit", "提现", "账户"]);
        let terms = bytes(&["aardvark", "card", "dropped", "limit", "账户", "龙"]);
        assert_eq!(
            ids_now(&terms, &names),
            [None, Some(1), None, Some(2), Some(4), None]
        );
        assert_eq!(ids_now(&terms, &[]), [None; 6]);
        assert!(ids_now(&[], &names).is_empty());
    }
}
