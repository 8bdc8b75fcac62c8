//! Typo tolerance for words of letters: the per-language dictionary the
//! browser loads when a query word is not in the index, and the choice of
//! corrections (FORMAT.md, "words.txt" and "Typos").
//!
//! The dictionary lists the letter words of one language that are worth
//! correcting to: those in at least two of its articles, or in a title,
//! heading or tag. It is small enough to scan whole (a few thousand words),
//! which keeps the rule simple and the same on both sides: every word within
//! the allowed edit distance, the closest first, then the most common.

use super::analyzer::is_letter_word;
use super::rules::Ranking;

/// Dictionary words are at least this long (shorter ones are never within
/// reach of a word long enough to be corrected).
pub const MIN_WORD_CHARS: usize = 3;

/// One language's dictionary: words in code point order, each with the
/// number of the language's articles it occurs in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dictionary {
    words: Vec<(String, u32)>,
}

/// A correction of a query word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Correction {
    pub word: String,
    /// Optimal string alignment distance, 1 or 2.
    pub distance: u32,
}

impl Dictionary {
    /// From (word, article count) pairs; words that cannot be corrected to
    /// are left out.
    pub fn new(words: impl IntoIterator<Item = (String, u32)>) -> Dictionary {
        let mut words: Vec<(String, u32)> = words
            .into_iter()
            .filter(|(w, _)| w.chars().count() >= MIN_WORD_CHARS && is_letter_word(w))
            .collect();
        words.sort();
        words.dedup_by(|a, b| a.0 == b.0);
        Dictionary { words }
    }

    /// The file format: `word count` lines, in code point order.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for (word, count) in &self.words {
            out.push_str(word);
            out.push(' ');
            out.push_str(&count.to_string());
            out.push('\n');
        }
        out
    }

    /// Reads [`Dictionary::to_text`]'s format; lines it cannot read are
    /// skipped.
    pub fn parse(text: &str) -> Dictionary {
        Dictionary {
            words: text
                .lines()
                .filter_map(|line| {
                    let (word, count) = line.rsplit_once(' ')?;
                    Some((word.to_string(), count.parse().ok()?))
                })
                .collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The corrections of `token`, best first: every dictionary word other
    /// than `token` within the edit distance its length allows, by distance,
    /// then article count (most first), then code point order; at most
    /// `ranking.typo_terms`.
    pub fn corrections(&self, token: &str, ranking: &Ranking) -> Vec<Correction> {
        let Some(max) = max_distance(token, ranking) else {
            return Vec::new();
        };
        let length = token.chars().count();
        let mut found: Vec<(u32, u32, &str)> = self
            .words
            .iter()
            .filter(|(word, _)| word != token && word.chars().count().abs_diff(length) <= max)
            .filter_map(|(word, count)| {
                let distance = strsim::osa_distance(token, word) as u32;
                (distance as usize <= max).then_some((distance, *count, word.as_str()))
            })
            .collect();
        // Stable: equal (distance, count) keep the dictionary's order.
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        found
            .into_iter()
            .take(ranking.typo_terms as usize)
            .map(|(distance, _, word)| Correction {
                word: word.to_string(),
                distance,
            })
            .collect()
    }
}

/// How many edits `token` may be corrected by, or `None` when it is not a
/// word typo tolerance applies to (too short, or not letters only).
pub fn max_distance(token: &str, ranking: &Ranking) -> Option<usize> {
    let length = token.chars().count();
    if ranking.typo_terms == 0 || !is_letter_word(token) || length < ranking.typo_length[0] as usize
    {
        return None;
    }
    Some(if length >= ranking.typo_length[1] as usize {
        2
    } else {
        1
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dictionary() -> Dictionary {
        Dictionary::new(
            [
                ("withdrawal", 40),
                ("withdraw", 12),
                ("password", 30),
                ("passport", 3),
                ("verification", 20),
                ("fee", 50),
                ("2fa", 9),
                ("提现", 9),
                ("pass", 5),
            ]
            .map(|(w, c)| (w.to_string(), c)),
        )
    }

    #[test]
    fn only_letter_words_of_three_or_more_are_kept_in_order() {
        let text = dictionary().to_text();
        assert_eq!(
            text,
            "fee 50\npass 5\npassport 3\npassword 30\nverification 20\nwithdraw 12\nwithdrawal 40\n"
        );
        assert_eq!(Dictionary::parse(&text), dictionary());
    }

    #[test]
    fn corrections_by_distance_then_count() {
        let ranking = Ranking::default();
        let words = |token: &str| -> Vec<(String, u32)> {
            dictionary()
                .corrections(token, &ranking)
                .into_iter()
                .map(|c| (c.word, c.distance))
                .collect()
        };
        // 9 letters: two edits.
        assert_eq!(
            words("withdrawl"),
            [("withdrawal".to_string(), 1), ("withdraw".to_string(), 1)]
        );
        // A transposition is one edit.
        assert_eq!(words("pasword")[0], ("password".to_string(), 1));
        assert_eq!(words("verfication"), [("verification".to_string(), 1)]);
        // 4–7 letters: one edit only; shorter: none; not letters: none.
        assert_eq!(words("pasz"), [("pass".to_string(), 1)]);
        assert!(words("fe").is_empty());
        assert_eq!(words("feez"), [("fee".to_string(), 1)]);
        assert!(words("2faa").is_empty());
        assert!(words("提现提现").is_empty());
        // The word itself is not its own correction.
        assert_eq!(words("password"), [("passport".to_string(), 2)]);
    }
}
