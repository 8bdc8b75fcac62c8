// helpbook query planning and scoring: the browser half of src/search/plan.rs,
// score.rs and typo.rs (FORMAT.md, "Planning a query" and "Scoring a query").
// Pure functions: the caller (search.js) loads the shards and the typo
// dictionary and answers the lexicon's questions from them.
import { analyze, characterTerm, characters, isBigramToken, isLetterWord, pairTerms } from './analyzer.js';

const f = Math.fround; // every score operation is rounded to f32, like Rust

/** True if the query ends in a letter, digit or mark (the last word may be unfinished). */
export function endsInWord(query) {
  return /[\p{Alphabetic}\p{N}\p{M}]$/u.test(query);
}

const sameTokens = (a, b) => a.length === b.length && a.every((t, i) => t === b[i]);

/** The longest synonym phrase `tokens` starts at `at` with: [length, group]. */
function longestSynonym(tokens, at, synonyms) {
  let best = [1, null];
  for (const group of synonyms) {
    for (const phrase of group) {
      const n = phrase.length;
      const longer = n > best[0] || (n === best[0] && best[1] === null);
      if (longer && at + n <= tokens.length && phrase.every((t, i) => tokens[at + i] === t)) best = [n, group];
    }
  }
  return best;
}

/**
 * Plans `query` with a language's `rules` (from the manifest) and a lexicon
 * `{known(term), corrections(token) -> [{word, distance}], expansions(prefix, typed)}`.
 * Returns {units: [{alternatives: [{terms, weight, exact}]}], bonus,
 * characters, pins, contacts, corrections: [[typed, best]]}.
 */
export function plan(query, rules, lexicon, prefix = false) {
  const tokens = analyze(query);
  const out = { units: [], bonus: [], characters: [], pins: [], contacts: false, corrections: [] };
  if (!tokens.length) return out;
  const ranking = rules.ranking;
  const units = out.units;
  for (let i = 0; i < tokens.length; ) {
    const [length, group] = longestSynonym(tokens, i, rules.synonyms);
    const typed = tokens.slice(i, i + length);
    const alternatives = [{ terms: typed, weight: 1, exact: true }];
    for (const phrase of group ?? []) {
      if (alternatives.every((a) => !sameTokens(a.terms, phrase))) {
        alternatives.push({ terms: phrase, weight: f(ranking.synonym), exact: true });
      }
    }
    // A lone Han/kana character also matches the words it is part of.
    if (length === 1 && [...typed[0]].length === 1 && isBigramToken(typed[0])) {
      alternatives.push({ terms: [characterTerm(typed[0])], weight: 1, exact: true });
    }
    if (units.every((u) => !sameTokens(u.alternatives[0].terms, typed))) units.push({ alternatives });
    i += length;
  }

  // As-you-type: the last word, if it is a unit of its own, also matches
  // the words it starts.
  const last = tokens.at(-1);
  let expanded = -1;
  const lastUnit = units.at(-1);
  if (prefix && endsInWord(query) && sameTokens(lastUnit.alternatives[0].terms, [last])) {
    const expansions = lexicon.expansions(last, tokens);
    if (expansions.length) expanded = units.length - 1;
    for (const term of expansions) lastUnit.alternatives.push({ terms: [term], weight: f(ranking.prefix), exact: false });
  }

  // Typos: a word of letters the index does not have.
  units.forEach((unit, index) => {
    const typed = unit.alternatives[0].terms;
    if (typed.length !== 1 || index === expanded) return;
    const token = typed[0];
    if (lexicon.known(token)) return;
    const found = lexicon.corrections(token);
    if (found.length) out.corrections.push([token, found[0].word]);
    for (const c of found) {
      unit.alternatives.push({ terms: [c.word], weight: f(ranking.typo[Math.min(Math.max(c.distance, 1), 2) - 1]), exact: false });
    }
  });

  for (const pair of pairTerms(tokens)) if (!out.bonus.includes(pair)) out.bonus.push(pair);
  // The query's Han/kana characters: bonus terms only when the query finds
  // too little without them (withCharacters).
  for (const c of characters(query)) {
    if (!out.characters.includes(characterTerm(c)) && !tokens.includes(c)) out.characters.push(characterTerm(c));
  }

  for (const rule of rules.pins) {
    const exact = rule.exact.some((p) => sameTokens(p, tokens));
    const contains = rule.contains.some(
      (p) => p.length > 0 && tokens.some((_, i) => i + p.length <= tokens.length && p.every((t, k) => tokens[i + k] === t)),
    );
    if (exact || contains) {
      out.contacts ||= rule.contacts;
      for (const doc of rule.docs) if (!out.pins.includes(doc)) out.pins.push(doc);
    }
  }
  return out;
}

/** Plan `p` with its character terms among the bonus terms. */
export function withCharacters(p) {
  return { ...p, bonus: [...p.bonus, ...p.characters], characters: [] };
}

/** Every term a plan looks up, each once: alternatives' terms, then bonus terms. */
export function planTerms(p) {
  const seen = new Set();
  for (const unit of p.units) for (const a of unit.alternatives) for (const t of a.terms) seen.add(t);
  for (const t of p.bonus) seen.add(t);
  return [...seen];
}

/**
 * The terms a result's best section is chosen by: what the reader typed,
 * and the corrections and expansions that stand for it (not synonyms).
 */
export function sectionTerms(p) {
  const seen = new Set();
  for (const unit of p.units) {
    for (const a of unit.alternatives) if (a === unit.alternatives[0] || !a.exact) for (const t of a.terms) seen.add(t);
  }
  return [...seen];
}

/** The terms to highlight in results: every alternative's terms. */
export function highlightTerms(p) {
  const seen = new Set();
  for (const unit of p.units) for (const a of unit.alternatives) for (const t of a.terms) seen.add(t);
  return [...seen];
}

/** The best alternative of one class: {score, coverage, matched}. */
function bestAlternative(alternatives, exact, scoreOf) {
  const best = { score: 0, coverage: 0, matched: false };
  for (const a of alternatives) {
    if (a.exact !== exact) continue;
    let sum = 0;
    let found = 0;
    for (const term of a.terms) {
      const s = scoreOf(term);
      if (s !== undefined) {
        sum = f(sum + s);
        found++;
      }
    }
    if (!found) continue;
    best.matched = true;
    best.score = Math.max(best.score, f(sum * a.weight));
    best.coverage = Math.max(best.coverage, f(f(found) / f(a.terms.length)));
  }
  return best;
}

/**
 * A document's score under plan `p`, or undefined when it matches nothing.
 * `scoreOf(term)` is the term's score in the document (undefined if absent).
 */
export function scoreDocument(p, ranking, scoreOf) {
  let base = 0;
  let coverage = 0;
  let any = false;
  for (const unit of p.units) {
    let best = bestAlternative(unit.alternatives, true, scoreOf);
    if (!best.matched) best = bestAlternative(unit.alternatives, false, scoreOf);
    any ||= best.matched;
    base = f(base + best.score);
    coverage = f(coverage + best.coverage);
  }
  for (const term of p.bonus) {
    const s = scoreOf(term);
    if (s !== undefined) {
      base = f(base + s);
      any = true;
    }
  }
  if (!any) return undefined;
  if (ranking.coord > 0 && p.units.length) {
    const factor = f(coverage / f(p.units.length));
    for (let k = 0; k < ranking.coord; k++) base = f(base * factor);
  }
  return base;
}

/**
 * Ranks: pinned documents first (in pin order, those `keep` accepts), then
 * every other matching document by score descending, then doc id.
 * `scores` is a Map term → Map doc → score. Returns [{doc, score}].
 */
export function rank(p, ranking, scores, keep) {
  const candidates = new Set();
  for (const perDoc of scores.values()) for (const doc of perDoc.keys()) candidates.add(doc);
  const scoreOf = (doc) => (term) => scores.get(term)?.get(doc);
  const hits = [];
  for (const doc of candidates) {
    if (!keep(doc) || p.pins.includes(doc)) continue;
    const score = scoreDocument(p, ranking, scoreOf(doc));
    if (score !== undefined) hits.push({ doc, score });
  }
  hits.sort((a, b) => b.score - a.score || a.doc - b.doc);
  const pinned = p.pins.filter(keep).map((doc) => ({ doc, score: scoreDocument(p, ranking, scoreOf(doc)) ?? 0 }));
  return [...pinned, ...hits];
}

// ------------------------------------------------------------- typos ----

/** Parses words.txt (`word count` lines) into [[word, count]], in file order. */
export function parseDictionary(text) {
  const words = [];
  for (const line of String(text).split('\n')) {
    const space = line.lastIndexOf(' ');
    if (space <= 0) continue;
    const count = Number(line.slice(space + 1));
    if (Number.isInteger(count)) words.push([line.slice(0, space), count]);
  }
  return words;
}

/** Optimal string alignment distance between two strings, on code points. */
export function osaDistance(a, b) {
  const x = [...a];
  const y = [...b];
  const rows = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i ? (j ? 0 : i) : j)));
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && cost && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  }
  return rows[x.length][y.length];
}

/** How many edits `token` may be corrected by, or 0 when never. */
export function maxDistance(token, ranking) {
  const length = [...token].length;
  if (!ranking.typo_terms || !isLetterWord(token) || length < ranking.typo_length[0]) return 0;
  return length >= ranking.typo_length[1] ? 2 : 1;
}

/** The corrections of `token` from a parsed dictionary, best first. */
export function corrections(words, token, ranking) {
  const max = maxDistance(token, ranking);
  if (!max) return [];
  const length = [...token].length;
  const found = [];
  for (const [word, count] of words) {
    if (word === token || Math.abs([...word].length - length) > max) continue;
    const distance = osaDistance(token, word);
    if (distance <= max) found.push({ word, distance, count });
  }
  found.sort((a, b) => a.distance - b.distance || b.count - a.count);
  return found.slice(0, ranking.typo_terms).map(({ word, distance }) => ({ word, distance }));
}
