//! The one canonical form of contact text, shared with `verify.js`.
//!
//! A scammer's number hidden behind a zero-width space or a bidi override
//! reads, to a person, exactly like the number without it; a full-width
//! `１３８` reads like `138`. So before anything is compared, text loses
//! the characters a reader cannot see, goes through NFKC and is lowercased.
//! `verify.js` does the very same steps (`canonical` there), and the shared
//! test vectors hold both to it.

use unicode_normalization::UnicodeNormalization;

/// Characters that render as nothing (Unicode's Default_Ignorable_Code_Point
/// set, bidi controls included): zero-width spaces and joiners, the soft
/// hyphen, bidi embeddings, overrides and isolates, variation selectors,
/// tags. verify.js has the same list (`INVISIBLE`).
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// What a typed or scanned contact is compared as: invisible characters
/// removed, NFKC, lowercase, surrounding white space trimmed.
pub fn canonical(input: &str) -> String {
    let visible: String = input.chars().filter(|&c| !is_invisible(c)).collect();
    let folded: String = visible.nfkc().collect();
    folded.to_lowercase().trim().to_string()
}

/// Full-width ASCII and the ideographic space folded to ASCII, one
/// character for one (what NFKC does to them), so the prose scanner can
/// keep character positions while reading `１３８` as `138`.
pub fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_do_not_hide_a_value() {
        assert_eq!(
            canonical("1\u{200B}38\u{202E}0013\u{2066}8000\u{FEFF}"),
            "13800138000"
        );
        assert_eq!(
            canonical("  ＨＥＬＰ＠Ｅｘａｍｐｌｅ．ＣＯＭ "),
            "help@example.com"
        );
        assert_eq!(canonical("ex\u{00AD}ample.com"), "example.com");
    }
}
