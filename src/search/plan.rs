//! From a query to what is looked up and how it is scored (FORMAT.md,
//! "Planning a query"): the query's units with their alternatives
//! (synonyms, typo corrections, as-you-type expansions), the pair terms
//! that reward words next to each other, and the pinned articles.
//!
//! `search.js` plans the same way, step for step; the plan only depends on
//! the query, the language's rules and three questions about the index,
//! asked through [`Lexicon`].

use super::analyzer::{analyze, character_term, characters, is_bigram_token, pair_terms};
use super::rules::Rules;
use super::typo::Correction;

/// What planning needs to know about the language's index.
pub trait Lexicon {
    /// True if `term` occurs in at least one document of the language (in
    /// any field).
    fn known(&self, term: &str) -> bool;
    /// The corrections of an unknown word (see `typo::Dictionary`).
    fn corrections(&self, token: &str) -> Vec<Correction>;
    /// The as-you-type expansions of `prefix`, leaving out `typed`.
    fn expansions(&self, prefix: &str, typed: &[String]) -> Vec<String>;
}

/// One way a unit can match: all of `terms`, their scores summed, times
/// `weight`.
#[derive(Debug, Clone, PartialEq)]
pub struct Alternative {
    pub terms: Vec<String>,
    pub weight: f32,
    /// What the reader typed or a synonym of it (`true`), or a typo
    /// correction or an expansion (`false`): the latter only count when no
    /// exact alternative matches.
    pub exact: bool,
}

/// A word of the query (or a phrase that is a synonym entry), with the
/// ways it can match; the typed form first.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub alternatives: Vec<Alternative>,
}

impl Unit {
    /// The tokens the reader typed.
    pub fn typed(&self) -> &[String] {
        &self.alternatives[0].terms
    }
}

/// The plan of one query.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub units: Vec<Unit>,
    /// Terms that add to a document's score without being units: the
    /// `!first second` terms of adjacent query tokens (the `pairs` field).
    pub bonus: Vec<String>,
    /// The `#c` terms of the query's Han/kana characters (the `chars`
    /// field): bonus terms too, but only when the query finds too little
    /// without them (see [`Plan::with_characters`]).
    pub characters: Vec<String>,
    /// Pinned document ids, in order.
    pub pins: Vec<u32>,
    /// Show the official channels card.
    pub contacts: bool,
    /// (typed word, best correction) for each corrected word.
    pub corrections: Vec<(String, String)>,
}

impl Plan {
    /// Every term to look up, each once, in the order of first use: units'
    /// alternatives, then bonus terms.
    pub fn terms(&self) -> Vec<&str> {
        let mut seen = std::collections::HashSet::new();
        self.units
            .iter()
            .flat_map(|u| &u.alternatives)
            .flat_map(|a| a.terms.iter().map(String::as_str))
            .chain(self.bonus.iter().map(String::as_str))
            .filter(|t| seen.insert(*t))
            .collect()
    }

    /// The plan with its character terms among the bonus terms: what a
    /// query that finds fewer than `Ranking::characters_below` results is
    /// ranked with instead.
    pub fn with_characters(&self) -> Plan {
        let mut plan = self.clone();
        plan.bonus.append(&mut plan.characters);
        plan
    }

    /// The terms a result's best section is chosen by: what the reader
    /// typed, and the corrections and expansions that stand for it (not
    /// synonyms, which would pull the link to sections about other words).
    pub fn section_terms(&self) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        self.units
            .iter()
            .flat_map(|u| {
                u.alternatives
                    .iter()
                    .enumerate()
                    .filter(|(i, a)| *i == 0 || !a.exact)
                    .flat_map(|(_, a)| a.terms.iter().cloned())
            })
            .filter(|t| seen.insert(t.clone()))
            .collect()
    }

    /// The terms to highlight in results: every alternative's terms.
    pub fn highlight_terms(&self) -> Vec<String> {
        let mut seen = std::collections::HashSet::new();
        self.units
            .iter()
            .flat_map(|u| &u.alternatives)
            .flat_map(|a| a.terms.iter().cloned())
            .filter(|t| seen.insert(t.clone()))
            .collect()
    }
}

/// True if the query ends in a letter, digit or mark, i.e. the reader may
/// still be typing its last word (`\p{Alphabetic}`, `\p{N}` or `\p{M}` in
/// search.js).
pub fn ends_in_word(query: &str) -> bool {
    query.chars().next_back().is_some_and(|c| {
        c.is_alphabetic() || c.is_numeric() || unicode_normalization::char::is_combining_mark(c)
    })
}

/// Plans `query` (FORMAT.md, "Planning a query").
pub fn plan(query: &str, rules: &Rules, lexicon: &dyn Lexicon, prefix: bool) -> Plan {
    let tokens = analyze(query);
    if tokens.is_empty() {
        return Plan::default();
    }
    let ranking = &rules.ranking;
    let mut units: Vec<Unit> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let (length, group) = longest_synonym(&tokens[i..], rules);
        let typed = tokens[i..i + length].to_vec();
        let mut alternatives = vec![Alternative {
            terms: typed.clone(),
            weight: 1.0,
            exact: true,
        }];
        if let Some(group) = group {
            for phrase in group {
                if alternatives.iter().all(|a| &a.terms != phrase) {
                    alternatives.push(Alternative {
                        terms: phrase.clone(),
                        weight: ranking.synonym,
                        exact: true,
                    });
                }
            }
        }
        // A lone Han/kana character also matches the words it is part of,
        // through the `chars` field.
        if length == 1 && typed[0].chars().count() == 1 && is_bigram_token(&typed[0]) {
            alternatives.push(Alternative {
                terms: vec![character_term(&typed[0])],
                weight: 1.0,
                exact: true,
            });
        }
        if units.iter().all(|u| u.typed() != typed.as_slice()) {
            units.push(Unit { alternatives });
        }
        i += length;
    }

    // As-you-type: the last word, if it is a unit of its own, also matches
    // the words it starts.
    let last = tokens.len() - 1;
    let mut expanded = None;
    let count = units.len();
    if let Some(unit) = units
        .last_mut()
        .filter(|u| prefix && ends_in_word(query) && u.typed() == &tokens[last..])
    {
        let expansions = lexicon.expansions(&tokens[last], &tokens);
        if !expansions.is_empty() {
            expanded = Some(count - 1);
        }
        for term in expansions {
            unit.alternatives.push(Alternative {
                terms: vec![term],
                weight: ranking.prefix,
                exact: false,
            });
        }
    }

    // Typos: a word of letters the index does not have (a word being
    // typed that already has expansions is not a typo).
    let mut corrections = Vec::new();
    for (index, unit) in units.iter_mut().enumerate() {
        if unit.typed().len() != 1 || expanded == Some(index) {
            continue;
        }
        let token = unit.typed()[0].clone();
        if lexicon.known(&token) {
            continue;
        }
        let found = lexicon.corrections(&token);
        if let Some(best) = found.first() {
            corrections.push((token.clone(), best.word.clone()));
        }
        for correction in found {
            let weight = ranking.typo[(correction.distance as usize).clamp(1, 2) - 1];
            unit.alternatives.push(Alternative {
                terms: vec![correction.word],
                weight,
                exact: false,
            });
        }
    }

    let mut bonus: Vec<String> = Vec::new();
    for pair in pair_terms(&tokens) {
        if !bonus.contains(&pair) {
            bonus.push(pair);
        }
    }
    // Every Han/kana character of the query, through the `chars` field: a
    // small reward for titles that share characters (so `字太小` finds
    // 调整字体大小), never a unit of its own.
    let mut character_terms: Vec<String> = Vec::new();
    for c in characters(query) {
        let term = character_term(&c);
        if !character_terms.contains(&term) && !tokens.contains(&c) {
            character_terms.push(term);
        }
    }

    let mut pins: Vec<u32> = Vec::new();
    let mut contacts = false;
    for rule in &rules.pins {
        let exact = rule.exact.iter().any(|p| p == &tokens);
        let contains = rule
            .contains
            .iter()
            .any(|p| !p.is_empty() && tokens.windows(p.len()).any(|w| w == p.as_slice()));
        if exact || contains {
            contacts |= rule.contacts;
            for doc in &rule.docs {
                if !pins.contains(doc) {
                    pins.push(*doc);
                }
            }
        }
    }

    Plan {
        units,
        bonus,
        characters: character_terms,
        pins,
        contacts,
        corrections,
    }
}

/// The longest synonym phrase `tokens` starts with (the first one in
/// `book.toml` order among equally long ones), as (its length, its group);
/// (1, None) when none.
fn longest_synonym<'a>(tokens: &[String], rules: &'a Rules) -> (usize, Option<&'a [Vec<String>]>) {
    let mut best: (usize, Option<&[Vec<String>]>) = (1, None);
    for group in &rules.synonyms {
        for phrase in group {
            let n = phrase.len();
            let longer = n > best.0 || (n == best.0 && best.1.is_none());
            if longer && n <= tokens.len() && tokens[..n] == phrase[..] {
                best = (n, Some(group));
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::rules::{PinRule, Ranking};

    /// A lexicon over a fixed word list.
    struct Words(&'static [&'static str]);

    impl Lexicon for Words {
        fn known(&self, term: &str) -> bool {
            self.0.contains(&term)
        }
        fn corrections(&self, token: &str) -> Vec<Correction> {
            let dictionary =
                crate::search::typo::Dictionary::new(self.0.iter().map(|w| (w.to_string(), 2)));
            dictionary.corrections(token, &Ranking::default())
        }
        fn expansions(&self, prefix: &str, typed: &[String]) -> Vec<String> {
            self.0
                .iter()
                .filter(|w| w.starts_with(prefix) && !typed.iter().any(|t| t == *w))
                .map(|w| w.to_string())
                .collect()
        }
    }

    const WORDS: Words = Words(&[
        "refund",
        "money",
        "back",
        "withdrawal",
        "fee",
        "two",
        "step",
        "verification",
        "2fa",
        "password",
        "passport",
        "退款",
        "客服",
        "电话",
    ]);

    fn rules() -> Rules {
        let group =
            |phrases: &[&str]| -> Vec<Vec<String>> { phrases.iter().map(|p| analyze(p)).collect() };
        Rules {
            synonyms: vec![
                group(&["refund", "money back"]),
                group(&["2fa", "two-step verification", "two step"]),
            ],
            pins: vec![PinRule {
                exact: vec![analyze("客服")],
                contains: vec![analyze("客服电话")],
                docs: vec![7, 3],
                contacts: true,
            }],
            ..Rules::default()
        }
    }

    fn typed(plan: &Plan) -> Vec<String> {
        plan.units.iter().map(|u| u.typed().join(" ")).collect()
    }

    #[test]
    fn longest_synonym_phrase_becomes_one_unit() {
        let plan = plan("Money back for my 2FA", &rules(), &WORDS, false);
        assert_eq!(typed(&plan), ["money back", "for", "my", "2fa"]);
        let alternatives: Vec<Vec<String>> = plan.units[0]
            .alternatives
            .iter()
            .map(|a| a.terms.clone())
            .collect();
        assert_eq!(alternatives, [analyze("money back"), analyze("refund")]);
        // "two step verification" is longer than "two step": it wins.
        let plan = plan_of("two step verification");
        assert_eq!(typed(&plan), ["two step verification"]);
        assert_eq!(plan.units[0].alternatives.len(), 3);
        assert_eq!(plan.bonus, ["!two step", "!step verification"]);
    }

    fn plan_of(query: &str) -> Plan {
        plan(query, &rules(), &WORDS, false)
    }

    #[test]
    fn duplicate_units_count_once() {
        assert_eq!(typed(&plan_of("fee Fee ＦＥＥ")), ["fee"]);
        assert!(plan_of("？！").units.is_empty());
    }

    #[test]
    fn unknown_words_get_corrections_below_exact() {
        let plan = plan_of("withdrawl fee");
        let unit = &plan.units[0];
        assert_eq!(unit.alternatives[1].terms, ["withdrawal"]);
        assert!(!unit.alternatives[1].exact);
        assert_eq!(unit.alternatives[1].weight, Ranking::default().typo[0]);
        assert_eq!(
            plan.corrections,
            [("withdrawl".to_string(), "withdrawal".to_string())]
        );
        // Known words are never corrected.
        assert_eq!(plan_of("passport").units[0].alternatives.len(), 1);
    }

    #[test]
    fn the_last_word_expands_while_typing() {
        let typing = plan("refund pass", &rules(), &WORDS, true);
        let last = &typing.units[1];
        let expansions: Vec<&str> = last.alternatives[1..]
            .iter()
            .map(|a| a.terms[0].as_str())
            .collect();
        assert_eq!(expansions, ["password", "passport"]);
        assert!(last.alternatives[1..].iter().all(|a| !a.exact));
        // A word being typed is not a typo.
        assert!(typing.corrections.is_empty());
        // Not after a space, and not when not typing.
        assert_eq!(
            plan("refund pass ", &rules(), &WORDS, true).units[1]
                .alternatives
                .len(),
            1
        );
        assert_eq!(plan_of("refund pass").units[1].alternatives.len(), 1);
    }

    #[test]
    fn pins_match_whole_queries_or_phrases_inside() {
        assert_eq!(plan_of("客服").pins, [7, 3]);
        assert!(plan_of("客服").contacts);
        assert_eq!(plan_of("客服电话是多少").pins, [7, 3]);
        assert!(plan_of("冒充客服").pins.is_empty());
        assert!(!plan_of("冒充客服").contacts);
    }
}
