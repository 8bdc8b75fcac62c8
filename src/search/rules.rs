//! The query-time rules of one language: synonyms, pinned results, the
//! popular articles shown when nothing matches, and the ranking constants.
//!
//! They are written into that language's manifest (FORMAT.md, "Rules"),
//! already analyzed and with articles resolved to document ids, so the
//! browser and `helpbook search` read the very same rules and never analyze
//! a phrase differently.

use serde::{Deserialize, Serialize};

use super::analyzer::analyze;
use crate::config::{CONFIG_FILE, Pin, did_you_mean};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::site::{Language, Site};

/// The ranking constants (FORMAT.md, "Scoring a query"). Both sides read
/// them from the manifest; the defaults are what `helpbook build` writes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Ranking {
    /// The coordination factor (the share of the query's units a document
    /// matches) is applied this many times; 0 turns it off.
    pub coord: u32,
    /// A query that finds fewer results than this is ranked again with its
    /// Han/kana characters as bonus terms (0: never).
    pub characters_below: u32,
    /// Weight of a synonym of what the reader typed.
    pub synonym: f32,
    /// Weight of a typo correction at edit distance 1 and 2.
    pub typo: [f32; 2],
    /// A word of letters this long or longer may be corrected within one
    /// edit; this long or longer (second number) within two.
    pub typo_length: [u32; 2],
    /// At most this many corrections of one word.
    pub typo_terms: u32,
    /// Weight of an as-you-type expansion of the last word.
    pub prefix: f32,
    /// At most this many expansions…
    pub prefix_terms: u32,
    /// …from at most this many shards.
    pub prefix_shards: u32,
}

impl Default for Ranking {
    fn default() -> Self {
        Ranking {
            coord: 1,
            characters_below: 10,
            synonym: 0.9,
            typo: [0.7, 0.5],
            typo_length: [4, 8],
            typo_terms: 3,
            prefix: 0.6,
            prefix_terms: 20,
            prefix_shards: 3,
        }
    }
}

impl Ranking {
    /// Plain BM25 over the article fields: what helpbook ranked with before
    /// these rules (for the evaluation's baseline).
    pub fn plain() -> Ranking {
        Ranking {
            coord: 0,
            characters_below: 0,
            typo_terms: 0,
            ..Ranking::default()
        }
    }
}

/// A pin rule, analyzed and resolved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PinRule {
    /// Token lists: the query's tokens are one of these.
    pub exact: Vec<Vec<String>>,
    /// Token lists: the query's tokens contain one of these, in a row.
    pub contains: Vec<Vec<String>>,
    /// Document ids, in the order they are shown.
    pub docs: Vec<u32>,
    /// Show the official channels card.
    pub contacts: bool,
}

/// Everything a query of one language needs besides the postings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Rules {
    pub ranking: Ranking,
    /// Groups → phrases → tokens, in `book.toml` order.
    pub synonyms: Vec<Vec<Vec<String>>>,
    pub pins: Vec<PinRule>,
    /// The language's promoted articles (document ids, reading order),
    /// suggested when a query finds nothing.
    pub popular: Vec<u32>,
}

impl Rules {
    /// The rules with everything beyond plain BM25 turned off.
    pub fn plain() -> Rules {
        Rules {
            ranking: Ranking::plain(),
            ..Rules::default()
        }
    }
}

/// The rules of `language`, whose first document id is `first_doc`.
pub fn for_language(site: &Site, language: &Language, first_doc: u32) -> Rules {
    let analyzed = |phrases: &[String]| -> Vec<Vec<String>> {
        phrases
            .iter()
            .map(|p| analyze(p))
            .filter(|tokens| !tokens.is_empty())
            .collect()
    };
    let search = &site.config.search;
    let synonyms = search
        .synonyms
        .get(&language.code)
        .map(|groups| {
            groups
                .iter()
                .map(|group| analyzed(group))
                .filter(|group| group.len() > 1)
                .collect()
        })
        .unwrap_or_default();
    let pins = search
        .pins
        .iter()
        .filter(|pin| pin.lang == language.code)
        .map(|pin| PinRule {
            exact: analyzed(&pin.exact),
            contains: analyzed(&pin.contains),
            docs: pin
                .articles
                .iter()
                .filter_map(|slug| language.by_slug.get(slug))
                .map(|&index| first_doc + index as u32)
                .collect(),
            contacts: pin.contacts,
        })
        .collect();
    let popular = language
        .pages
        .iter()
        .enumerate()
        .filter(|(_, page)| page.article.promoted)
        .map(|(index, _)| first_doc + index as u32)
        .collect();
    Rules {
        ranking: Ranking::default(),
        synonyms,
        pins,
        popular,
    }
}

/// Every pinned article must exist in the rule's language: a pin that
/// pins nothing would silently leave contact-intent queries to chance.
pub fn check_pins(site: &Site, out: &mut Diagnostics) {
    for pin in &site.config.search.pins {
        let Some(language) = site.language(&pin.lang) else {
            continue; // the configuration stage reported it
        };
        for slug in &pin.articles {
            if !language.by_slug.contains_key(slug) {
                out.push(pin_error(pin, language, slug));
            }
        }
    }
}

fn pin_error(pin: &Pin, language: &Language, slug: &str) -> Diagnostic {
    let slugs: Vec<&str> = language.by_slug.keys().map(String::as_str).collect();
    let mut diagnostic = Diagnostic::error(
        "config",
        CONFIG_FILE,
        format!(
            "[[search.pins]] pins `{slug}`, which is not an article in {}",
            language.code
        ),
    );
    diagnostic.line = pin.line;
    diagnostic.column = 1;
    diagnostic.excerpt = Some(pin.excerpt.clone());
    match did_you_mean(slug, &slugs) {
        Some(s) => diagnostic.with_help(format!("did you mean `{s}`?")),
        None => diagnostic.with_help(format!(
            "use the slug of an article in content/{}/ (its file name without .md)",
            language.code
        )),
    }
}
