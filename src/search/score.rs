//! Scoring a plan (FORMAT.md, "Scoring a query"): tantivy computes the BM25
//! score of every (term, field) clause, exactly as before; this module adds
//! them up per term, picks each unit's best alternative, adds the bonus
//! terms and applies the coordination factor, in f32 and in the order the
//! specification gives, which `search.js` follows step for step.

use std::collections::HashMap;

use tantivy::query::{EnableScoring, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, Searcher, TERMINATED, Term};

use super::index::Fields;
use super::plan::{Alternative, Plan};
use super::rules::Ranking;

/// Each looked-up term's score in each document that has it: the f32 sum of
/// its field clauses, in field order.
pub type TermScores = HashMap<String, HashMap<DocId, Score>>;

/// BM25 of `term` in every document of `docs` (a doc id range), summed over
/// the fields in field order; fields with boost 0 are left out.
pub fn term_scores(
    searcher: &Searcher,
    fields: &Fields,
    boosts: &[f32],
    term: &str,
    docs: std::ops::Range<DocId>,
) -> tantivy::Result<HashMap<DocId, Score>> {
    let mut scores: HashMap<DocId, Score> = HashMap::new();
    let scoring = EnableScoring::enabled_from_searcher(searcher);
    for (field, &boost) in fields.text.iter().zip(boosts) {
        if boost == 0.0 {
            continue;
        }
        let query = TermQuery::new(
            Term::from_field_text(*field, term),
            IndexRecordOption::WithFreqs,
        );
        let weight = query.weight(scoring)?;
        // Document ids are global: each segment's local ids follow the
        // documents of the segments before it.
        for (ordinal, base, local) in super::index::segment_ranges(searcher, docs.clone()) {
            let mut scorer = weight.scorer(searcher.segment_reader(ordinal as u32), boost)?;
            if scorer.doc() < local.start {
                scorer.seek(local.start);
            }
            while scorer.doc() != TERMINATED && scorer.doc() < local.end {
                *scores.entry(base + scorer.doc()).or_insert(0.0) += scorer.score();
                scorer.advance();
            }
        }
    }
    Ok(scores)
}

/// A document's score under `plan`, or `None` when it matches nothing.
pub fn score_document(
    plan: &Plan,
    ranking: &Ranking,
    doc: DocId,
    scores: &TermScores,
) -> Option<Score> {
    let score_of = |term: &str| scores.get(term).and_then(|s| s.get(&doc)).copied();
    let mut base: Score = 0.0;
    let mut coverage: Score = 0.0;
    let mut any = false;
    for unit in &plan.units {
        let mut best = best_alternative(&unit.alternatives, true, &score_of);
        if !best.matched {
            best = best_alternative(&unit.alternatives, false, &score_of);
        }
        any |= best.matched;
        base += best.score;
        coverage += best.coverage;
    }
    for term in &plan.bonus {
        if let Some(score) = score_of(term) {
            base += score;
            any = true;
        }
    }
    if !any {
        return None;
    }
    if ranking.coord > 0 && !plan.units.is_empty() {
        let factor = coverage / plan.units.len() as Score;
        for _ in 0..ranking.coord {
            base *= factor;
        }
    }
    Some(base)
}

/// The best of one class of alternatives (exact or not).
#[derive(Debug, Clone, Copy, Default)]
struct Best {
    /// The highest weighted score.
    score: Score,
    /// The highest share of an alternative's terms the document has.
    coverage: Score,
    matched: bool,
}

fn best_alternative(
    alternatives: &[Alternative],
    exact: bool,
    score_of: &dyn Fn(&str) -> Option<Score>,
) -> Best {
    let mut best = Best::default();
    for alternative in alternatives.iter().filter(|a| a.exact == exact) {
        let mut sum: Score = 0.0;
        let mut found = 0usize;
        for term in &alternative.terms {
            if let Some(score) = score_of(term) {
                sum += score;
                found += 1;
            }
        }
        if found == 0 {
            continue;
        }
        let length = alternative.terms.len() as Score;
        best.matched = true;
        best.score = best.score.max(sum * alternative.weight);
        best.coverage = best.coverage.max(found as Score / length);
    }
    best
}

/// Ranks documents: the pinned ones first (in pin order, those `keep`
/// accepts), then every other matching document by score descending, then
/// doc id ascending. Returns the ranked list and the number of matches.
pub fn rank(
    plan: &Plan,
    ranking: &Ranking,
    scores: &TermScores,
    keep: &dyn Fn(DocId) -> bool,
) -> Vec<(DocId, Score)> {
    let mut candidates: Vec<DocId> = scores.values().flat_map(|s| s.keys().copied()).collect();
    candidates.sort_unstable();
    candidates.dedup();
    let mut hits: Vec<(DocId, Score)> = candidates
        .into_iter()
        .filter(|doc| keep(*doc) && !plan.pins.contains(doc))
        .filter_map(|doc| Some((doc, score_document(plan, ranking, doc, scores)?)))
        .collect();
    hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let pinned = plan.pins.iter().filter(|doc| keep(**doc)).map(|&doc| {
        (
            doc,
            score_document(plan, ranking, doc, scores).unwrap_or(0.0),
        )
    });
    pinned.chain(hits).collect()
}
