//! Related articles: for every article, three to five others in the same
//! language, computed at build time from term statistics.
//!
//! Each article's text is run through the search analyzer (the same tokens
//! the index holds), its highest tf·idf terms become a BM25 query, and that
//! query is scored against every other article of its language. Everything
//! is iterated in a fixed order (reading order, then term text) and ties
//! are broken by reading order, so the lists are identical on every build.
//! tantivy's `MoreLikeThisQuery` is not used on purpose: it gathers its
//! terms in a hash map, so its lists change from run to run.
//!
//! An article that lists `related:` in its front matter gets exactly that
//! list (slugs that do not exist are warned about in `site`).

use std::collections::HashMap;

use rayon::prelude::*;

use crate::config::Boost;
use crate::search::analyzer::analyze;
use crate::site::Page;

/// The most related articles a page lists.
pub const MAX_RELATED: usize = 5;
/// The fewest a page lists when its language has that many other articles.
pub const MIN_RELATED: usize = 3;
/// How many of an article's terms make up its query.
const QUERY_TERMS: usize = 25;
/// BM25 parameters, tantivy's defaults.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// One article's weighted term frequencies (term id → weight) and length.
struct Terms {
    weights: Vec<(u32, f64)>,
    length: f64,
}

/// Fills `page.related` for every page of one language (indexes into
/// `pages`). `pages` must already be in reading order.
pub fn compute(pages: &mut [Page], boost: &Boost) {
    let by_slug: HashMap<&str, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.article.slug.as_str(), i))
        .collect();
    let lists = related_lists(pages, boost);
    let pinned: Vec<Option<Vec<usize>>> = pages
        .iter()
        .enumerate()
        .map(|(index, page)| {
            if page.article.related.is_empty() {
                return None;
            }
            let mut list: Vec<usize> = Vec::new();
            for slug in &page.article.related {
                if let Some(&other) = by_slug.get(slug.as_str())
                    && other != index
                    && !list.contains(&other)
                {
                    list.push(other);
                }
            }
            Some(list)
        })
        .collect();
    for ((page, computed), pinned) in pages.iter_mut().zip(lists).zip(pinned) {
        page.related = pinned.unwrap_or(computed);
    }
}

/// The computed lists, before pinning.
fn related_lists(pages: &[Page], boost: &Boost) -> Vec<Vec<usize>> {
    let analyzed: Vec<Vec<(String, f64)>> = pages
        .par_iter()
        .map(|page| {
            let article = &page.article;
            let mut tokens: Vec<(String, f64)> = Vec::new();
            let fields = [
                (article.title.clone(), f64::from(boost.title)),
                (article.tags.join("\n"), f64::from(boost.tags)),
                (
                    page.rendered
                        .sections
                        .iter()
                        .flat_map(|s| [s.heading.as_str(), s.text.as_str()])
                        .collect::<Vec<_>>()
                        .join("\n"),
                    f64::from(boost.body),
                ),
            ];
            for (text, weight) in fields {
                tokens.extend(analyze(&text).into_iter().map(|t| (t, weight)));
            }
            tokens
        })
        .collect();

    // Intern terms in reading order, so ids (and every later iteration) are
    // the same on every build.
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let docs: Vec<Terms> = analyzed
        .into_iter()
        .map(|tokens| {
            let mut weights: HashMap<u32, f64> = HashMap::new();
            let mut length = 0.0;
            for (token, weight) in tokens {
                let next = names.len() as u32;
                let id = *ids.entry(token.clone()).or_insert_with(|| {
                    names.push(token);
                    next
                });
                *weights.entry(id).or_insert(0.0) += weight;
                length += weight;
            }
            let mut weights: Vec<(u32, f64)> = weights.into_iter().collect();
            weights.sort_by_key(|&(id, _)| id);
            Terms { weights, length }
        })
        .collect();

    let count = docs.len();
    let mut postings: Vec<Vec<(u32, f64)>> = vec![Vec::new(); names.len()];
    for (doc, terms) in docs.iter().enumerate() {
        for &(term, weight) in &terms.weights {
            postings[term as usize].push((doc as u32, weight));
        }
    }
    let idf: Vec<f64> = postings
        .iter()
        .map(|p| {
            let df = p.len() as f64;
            (1.0 + (count as f64 - df + 0.5) / (df + 0.5)).ln()
        })
        .collect();
    let average = docs.iter().map(|d| d.length).sum::<f64>() / count.max(1) as f64;

    (0..count)
        .into_par_iter()
        .map(|doc| {
            // The article's own best terms: tf·idf, ties by term text.
            let mut query: Vec<(u32, f64)> = docs[doc]
                .weights
                .iter()
                .map(|&(term, weight)| (term, weight * idf[term as usize]))
                .collect();
            query.sort_by(|a, b| {
                b.1.total_cmp(&a.1)
                    .then_with(|| names[a.0 as usize].cmp(&names[b.0 as usize]))
            });
            query.truncate(QUERY_TERMS);
            query.sort_by(|a, b| names[a.0 as usize].cmp(&names[b.0 as usize]));

            let mut scores = vec![0.0f64; count];
            for &(term, _) in &query {
                for &(other, tf) in &postings[term as usize] {
                    let norm = K1 * (1.0 - B + B * docs[other as usize].length / average.max(1.0));
                    scores[other as usize] += idf[term as usize] * tf * (K1 + 1.0) / (tf + norm);
                }
            }
            let mut ranked: Vec<usize> = (0..count)
                .filter(|&other| other != doc && scores[other] > 0.0)
                .collect();
            ranked.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
            ranked.truncate(MAX_RELATED);
            if ranked.len() < MIN_RELATED {
                // Too little shared vocabulary: fill up with neighbours in
                // reading order (same kind first), so every article still
                // points somewhere.
                let kind = &pages[doc].article.kind;
                let same_kind = (0..count).filter(|&o| &pages[o].article.kind == kind);
                let others = (0..count).filter(|&o| &pages[o].article.kind != kind);
                for other in same_kind.chain(others) {
                    if ranked.len() >= MIN_RELATED {
                        break;
                    }
                    if other != doc && !ranked.contains(&other) {
                        ranked.push(other);
                    }
                }
            }
            ranked
        })
        .collect()
}
