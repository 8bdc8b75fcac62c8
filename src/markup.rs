//! The markup helpbook adds to an article's HTML: callout boxes for
//! GitHub-style alerts (`> [!WARNING]`), footnotes gathered at the end with
//! links back to where they are cited, and the localisation of the few
//! words that markup contains.
//!
//! The Markdown stage does not know the theme's strings, so it writes
//! English words marked `data-hb-i18n="key"`; the render stage, which
//! knows the page's language, swaps them for the theme's `key` string
//! ([`localize`]). The marker survives the sanitiser (it is on its
//! allowlist) and is removed here, so no page carries it.

use std::collections::BTreeMap;

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

/// A callout kind's name in CSS classes and theme string keys, and its
/// English title.
fn callout_kind(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// The opening of a callout box: a `note` region whose first line names
/// the kind in words (not only by colour or icon), so a screen reader says
/// "Warning" before the text.
fn callout_open(kind: BlockQuoteKind) -> String {
    let (name, title) = callout_kind(kind);
    format!(
        "<div class=\"callout callout-{name}\" role=\"note\">\n<p class=\"callout-title\" data-hb-i18n=\"callout_{name}\">{title}</p>\n"
    )
}

/// Callouts become boxes and footnotes move to the end of the article.
///
/// A reference `[^x]` becomes a superscript number linking to its note
/// (`#fn-1`); the notes are listed, numbered in the order they are first
/// cited, in a `<section class="footnotes">` after the text, each ending
/// with a link back to its first citation (`#fnref-1`). Ids are numbers,
/// so any label is safe in an id and none collides with a heading.
pub fn rewrite(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    // label → (number, times cited so far)
    let mut numbers: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut definitions: Vec<(String, Vec<Event>)> = Vec::new();
    let mut current: Option<(String, Vec<Event>)> = None;
    for event in events {
        let event = match event {
            Event::Start(Tag::BlockQuote(Some(kind))) => Event::Html(callout_open(kind).into()),
            Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html("</div>\n".into()),
            Event::FootnoteReference(label) => {
                let next = numbers.len() + 1;
                let entry = numbers.entry(label.to_string()).or_insert((next, 0));
                entry.1 += 1;
                let (n, times) = *entry;
                let id = if times == 1 {
                    format!("fnref-{n}")
                } else {
                    format!("fnref-{n}-{times}")
                };
                Event::InlineHtml(
                    format!(
                        "<sup class=\"footnote-ref\"><a href=\"#fn-{n}\" id=\"{id}\">{n}</a></sup>"
                    )
                    .into(),
                )
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                current = Some((label.to_string(), Vec::new()));
                continue;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                if let Some(definition) = current.take() {
                    definitions.push(definition);
                }
                continue;
            }
            other => other,
        };
        match &mut current {
            Some((_, body)) => body.push(event),
            None => out.push(event),
        }
    }
    if let Some(definition) = current.take() {
        definitions.push(definition);
    }
    if definitions.is_empty() {
        return out;
    }
    // Cited notes in citation order, then any that are never cited.
    let mut extra = numbers.len();
    let mut numbered: Vec<(usize, bool, Vec<Event>)> = definitions
        .into_iter()
        .map(|(label, body)| match numbers.get(&label) {
            Some(&(n, _)) => (n, true, body),
            None => {
                extra += 1;
                (extra, false, body)
            }
        })
        .collect();
    numbered.sort_by_key(|(n, _, _)| *n);
    out.push(Event::Html(
        "<section class=\"footnotes\">\n<h2 class=\"footnotes-title\" data-hb-i18n=\"footnotes\">Notes</h2>\n<ol>\n"
            .into(),
    ));
    for (n, cited, mut body) in numbered {
        out.push(Event::Html(format!("<li id=\"fn-{n}\">\n").into()));
        if cited {
            let back: CowStr = format!(
                " <a href=\"#fnref-{n}\" class=\"footnote-back\"><span aria-hidden=\"true\">\u{21a9}\u{fe0e}</span><span class=\"sr-only\" data-hb-i18n=\"footnote_back\">Back to text</span></a>"
            )
            .into();
            // Inside the note's last paragraph, so it follows the text.
            let at = match body.last() {
                Some(Event::End(TagEnd::Paragraph)) => body.len() - 1,
                _ => body.len(),
            };
            body.insert(at, Event::InlineHtml(back));
        }
        out.extend(body);
        out.push(Event::Html("</li>\n".into()));
    }
    out.push(Event::Html("</ol>\n</section>\n".into()));
    out
}

/// The words marked `data-hb-i18n="key"` in `html`, replaced by the
/// theme's `strings[key]` (escaped), or kept in English when the theme has
/// no such string; the markers are removed.
pub fn localize(html: &str, strings: &BTreeMap<String, String>) -> String {
    const MARK: &str = " data-hb-i18n=\"";
    if !html.contains(MARK) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find(MARK) {
        out.push_str(&rest[..start]);
        let after = &rest[start + MARK.len()..];
        // `key">English<`: a marker helpbook wrote; anything else is copied.
        let parsed = after.split_once("\">").and_then(|(key, tail)| {
            let end = tail.find('<')?;
            let plain = key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            plain.then_some((key, &tail[..end], &tail[end..]))
        });
        match parsed {
            Some((key, english, tail)) => {
                out.push('>');
                match strings.get(key) {
                    Some(text) => out.push_str(&crate::html::escape(text)),
                    None => out.push_str(english),
                }
                rest = tail;
            }
            None => {
                out.push_str(MARK);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn html(markdown: &str) -> String {
        let options = Options::ENABLE_GFM | Options::ENABLE_FOOTNOTES;
        let events = rewrite(Parser::new_ext(markdown, options).collect());
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events.into_iter());
        out
    }

    #[test]
    fn alerts_become_titled_note_boxes() {
        let out = html("> [!WARNING]\n> Never share the code.\n\n> plain quote\n");
        assert!(
            out.starts_with("<div class=\"callout callout-warning\" role=\"note\">\n<p class=\"callout-title\" data-hb-i18n=\"callout_warning\">Warning</p>\n<p>Never share the code.</p>\n</div>\n"),
            "{out}"
        );
        assert!(
            out.contains("<blockquote>\n<p>plain quote</p>\n</blockquote>"),
            "{out}"
        );
    }

    #[test]
    fn footnotes_are_numbered_by_citation_and_listed_at_the_end() {
        let out = html(
            "[^b]: Second.\n\nA[^a] B[^b] again[^a].\n\n[^a]: First.\n\n[^c]: Never cited.\n\nEnd.\n",
        );
        let end = out.find("<p>End.</p>").expect("text");
        let notes = out.find("<section class=\"footnotes\">").expect("notes");
        assert!(end < notes, "notes after the text: {out}");
        assert!(
            out.contains(
                "A<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\">1</a></sup>"
            ),
            "{out}"
        );
        assert!(
            out.contains("<a href=\"#fn-1\" id=\"fnref-1-2\">1</a>"),
            "{out}"
        );
        let first = out
            .find("<li id=\"fn-1\">\n<p>First. <a href=\"#fnref-1\"")
            .expect("note 1");
        let second = out
            .find("<li id=\"fn-2\">\n<p>Second. <a href=\"#fnref-2\"")
            .expect("note 2");
        let third = out
            .find("<li id=\"fn-3\">\n<p>Never cited.</p>")
            .expect("note 3");
        assert!(first < second && second < third, "{out}");
    }

    #[test]
    fn localize_swaps_marked_words_only() {
        let strings = BTreeMap::from([("callout_warning".to_string(), "注意 <安全>".to_string())]);
        let out = localize(
            "<p class=\"callout-title\" data-hb-i18n=\"callout_warning\">Warning</p><span data-hb-i18n=\"footnotes\">Notes</span><code> data-hb-i18n=\"</code>",
            &strings,
        );
        assert_eq!(
            out,
            "<p class=\"callout-title\">注意 &lt;安全&gt;</p><span>Notes</span><code> data-hb-i18n=\"</code>"
        );
    }
}
