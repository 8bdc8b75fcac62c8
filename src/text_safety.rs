//! Invisible characters that change what text looks like: C0 and C1
//! control characters and the bidirectional embeddings, overrides and
//! isolates (U+202A–U+202E, U+2066–U+2069).
//!
//! In a title they can make `moc.elpmaxe` read as `example.com` or hide
//! part of a line; in a terminal, control characters can move the cursor
//! or recolour what follows. So the content stage removes them from front
//! matter (with a warning naming the place), and everything helpbook
//! prints to a terminal shows them as visible `<U+202E>` escapes.

use std::borrow::Cow;

use crate::diagnostic::Diagnostic;

/// Whether `c` is a control or bidi-formatting character (tab and newline,
/// which front matter and diagnostics need, are not).
pub fn is_unsafe(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every unsafe character shown as `<U+XXXX>`, for a terminal.
pub fn escape_for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&format!("<U+{:04X}>", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The article file `text` with unsafe characters removed from its front
/// matter (the body is left alone: text direction marks are legitimate in
/// right-to-left prose), and a warning for each front-matter line that had
/// some, naming the line, the column and the characters.
pub fn clean_front_matter(
    source: &std::path::Path,
    text: String,
    out: &mut Vec<Diagnostic>,
) -> String {
    let Ok(split) = crate::content::front_matter::split(&text) else {
        return text;
    };
    if !split.yaml.chars().any(is_unsafe) {
        return text;
    }
    for (index, line) in split.yaml.lines().enumerate() {
        let found: Vec<(usize, char)> = line
            .chars()
            .enumerate()
            .filter(|(_, c)| is_unsafe(*c))
            .collect();
        let Some(&(column, _)) = found.first() else {
            continue;
        };
        let names: Vec<String> = found
            .iter()
            .map(|(_, c)| format!("U+{:04X}", *c as u32))
            .collect();
        out.push(
            Diagnostic::warning(
                "control-character",
                source,
                format!(
                    "invisible control or text-direction character{} {} removed from the front matter",
                    if names.len() == 1 { "" } else { "s" },
                    names.join(", ")
                ),
            )
            .at(&text, split.yaml_line + index, column + 1)
            .with_help("they can make a title read differently from what it says; retype the value without them"),
        );
    }
    let start = split.yaml.as_ptr() as usize - text.as_ptr() as usize;
    let end = start + split.yaml.len();
    let cleaned: String = text[start..end]
        .chars()
        .filter(|c| !is_unsafe(*c))
        .collect();
    format!("{}{cleaned}{}", &text[..start], &text[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_unsafe_text_is_not() {
        for c in [
            '\u{0}', '\u{1b}', '\u{7f}', '\u{85}', '\u{202e}', '\u{2066}', '\u{2069}',
        ] {
            assert!(is_unsafe(c), "{c:?}");
        }
        for c in ['\t', '\n', 'a', '中', '\u{200d}', '\u{2070}'] {
            assert!(!is_unsafe(c), "{c:?}");
        }
    }

    #[test]
    fn terminal_escapes_are_visible() {
        assert_eq!(escape_for_terminal("plain"), "plain");
        assert_eq!(
            escape_for_terminal("a\u{202e}moc\u{1b}[31m"),
            "a<U+202E>moc<U+001B>[31m"
        );
    }

    #[test]
    fn front_matter_is_cleaned_with_a_warning_per_line() {
        let text = "---\ntitle: \u{202e}evil\nsummary: ok\u{7}\u{7}\n---\nbody \u{202e}kept\n";
        let mut out = Vec::new();
        let cleaned = clean_front_matter(std::path::Path::new("a.md"), text.into(), &mut out);
        assert_eq!(
            cleaned,
            "---\ntitle: evil\nsummary: ok\n---\nbody \u{202e}kept\n"
        );
        assert_eq!(out.len(), 2);
        assert_eq!((out[0].line, out[0].column), (2, 8));
        assert!(out[0].message.contains("U+202E"), "{}", out[0].message);
        assert!(
            out[1].message.contains("U+0007, U+0007"),
            "{}",
            out[1].message
        );
    }
}
