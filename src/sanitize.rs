//! What Markdown may publish: the URL policy for links and images, and
//! the sanitiser raw HTML goes through (`[markdown] raw_html`).
//!
//! A help center is a target: one article that runs script on the
//! official domain could show a fake support number to every reader. So
//! Markdown cannot carry `javascript:`, `vbscript:` or `data:` URLs (an
//! image may still be a `data:image/…`), and raw HTML is cleaned by
//! [ammonia] with one allowlist, which also drives the warnings that tell
//! the writer what was removed (so nothing disappears silently).
//!
//! The Markdown stage calls these; its output, the sanitised HTML, is what
//! readers get and what later checks read.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::sync::LazyLock;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};

/// The scheme of a URL as a browser reads it, lowercased, or `None` for a
/// relative URL. Browsers drop leading and trailing spaces and control
/// characters and every tab and newline inside a URL before reading its
/// scheme, so `  java\tscript:` is `javascript:` to them and to us.
pub fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// Why a Markdown link or image URL may not be published (`javascript:`,
/// `vbscript:`, or `data:` anywhere but in an image of type `image/…`), or
/// `None` when it may.
pub fn blocked_url(url: &str, is_image: bool) -> Option<String> {
    let scheme = scheme(url)?;
    let blocked = match scheme.as_str() {
        "javascript" | "vbscript" => true,
        "data" => {
            let rest = url.trim_start().get(5..).unwrap_or_default();
            !(is_image && rest.trim_start().to_ascii_lowercase().starts_with("image/"))
        }
        _ => false,
    };
    blocked.then(|| format!("{scheme}:"))
}

/// The allowlist: ammonia's defaults (safe formatting, tables, links and
/// images to a fixed set of URL schemes; no script, style, forms, frames or
/// event handlers) plus what helpbook's own Markdown output uses.
fn builder() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(["input"])
        .add_generic_attributes(["id", "class", "dir"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("div", ["role"])
        .add_tag_attributes("a", ["title", "aria-label", "role"])
        .add_tag_attributes("img", ["title"])
        .add_tag_attributes("span", ["data-hb-i18n"])
        .add_tag_attributes("p", ["data-hb-i18n"])
        .add_generic_attributes(["data-hb-i18n"])
        // `data:` only for images, as in Markdown ([`blocked_url`]).
        .add_url_schemes(["data"])
        .attribute_filter(|element, attribute, value| {
            let is_image = element == "img" && attribute == "src";
            if blocked_url(value, is_image).is_some() {
                None
            } else {
                Some(value.into())
            }
        })
        .link_rel(None);
    builder
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(builder);

/// `html` with everything outside the allowlist removed.
pub fn clean(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

/// pulldown-cmark aligns table cells with `style="text-align: …"`, which a
/// Content-Security-Policy without `'unsafe-inline'` styles refuses; the
/// theme styles the classes `align-left`, `align-center`, `align-right`
/// instead. (Text in the HTML never contains a raw `"`, so only attributes
/// match.)
pub fn alignment_classes(html: &str) -> String {
    if !html.contains(" style=\"text-align: ") {
        return html.to_string();
    }
    html.replace(" style=\"text-align: left\"", " class=\"align-left\"")
        .replace(" style=\"text-align: center\"", " class=\"align-center\"")
        .replace(" style=\"text-align: right\"", " class=\"align-right\"")
}

/// What [`clean`] will remove from a piece of raw HTML, one message per
/// tag, attribute or URL, in the order they appear (each reported once).
pub fn raw_html_problems(fragment: &str) -> Vec<String> {
    let sink = Scan {
        found: RefCell::new(Vec::new()),
    };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from(fragment));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    let mut seen = BTreeSet::new();
    tokenizer
        .sink
        .found
        .into_inner()
        .into_iter()
        .filter(|message| seen.insert(message.clone()))
        .collect()
}

/// A token sink that lists what the allowlist does not allow.
struct Scan {
    found: RefCell<Vec<String>>,
}

impl TokenSink for Scan {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else {
            return TokenSinkResult::Continue;
        };
        if tag.kind != TagKind::StartTag {
            return TokenSinkResult::Continue;
        }
        let name: &str = &tag.name;
        let mut found = self.found.borrow_mut();
        let tags = SANITIZER.clone_tags();
        if !tags.contains(name) {
            let what = if SANITIZER.clone_clean_content_tags().contains(name) {
                "and its content "
            } else {
                ""
            };
            found.push(format!("raw HTML `<{name}>` {what}removed"));
            return TokenSinkResult::Continue;
        }
        let generic = SANITIZER.clone_generic_attributes();
        let per_tag = SANITIZER.clone_tag_attributes();
        let schemes = SANITIZER.clone_url_schemes();
        for attribute in &tag.attrs {
            let attr: &str = &attribute.name.local;
            let allowed =
                generic.contains(attr) || per_tag.get(name).is_some_and(|set| set.contains(attr));
            if !allowed {
                found.push(format!(
                    "attribute `{attr}` removed from raw HTML `<{name}>`"
                ));
            } else if matches!(attr, "href" | "src" | "cite")
                && let Some(scheme) = scheme(&attribute.value)
                && (!schemes.contains(scheme.as_str())
                    || blocked_url(&attribute.value, name == "img" && attr == "src").is_some())
            {
                found.push(format!(
                    "`{scheme}:` URL removed from raw HTML `<{name} {attr}>`"
                ));
            }
        }
        TokenSinkResult::Continue
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_browsers_read_them() {
        assert_eq!(scheme("JavaScript:alert(1)").as_deref(), Some("javascript"));
        assert_eq!(
            scheme(" \u{1}java\tscr\nipt:x").as_deref(),
            Some("javascript")
        );
        assert_eq!(scheme("../faq/a.md").as_deref(), None);
        assert_eq!(scheme("/en/faq/a/#b:c").as_deref(), None);
        assert_eq!(scheme("https://example.com").as_deref(), Some("https"));
    }

    #[test]
    fn dangerous_urls_are_blocked_and_images_may_be_data() {
        assert_eq!(
            blocked_url("javascript:alert(1)", false).as_deref(),
            Some("javascript:")
        );
        assert_eq!(
            blocked_url("VBScript:x", true).as_deref(),
            Some("vbscript:")
        );
        assert_eq!(
            blocked_url("data:text/html,<b>", false).as_deref(),
            Some("data:")
        );
        assert_eq!(
            blocked_url("data:image/png;base64,AA", false).as_deref(),
            Some("data:")
        );
        assert_eq!(blocked_url("data:image/png;base64,AA", true), None);
        assert_eq!(
            blocked_url("data:text/html,x", true).as_deref(),
            Some("data:")
        );
        assert_eq!(blocked_url("tel:+12025550100", false), None);
        assert_eq!(blocked_url("examplewallet://settings", false), None);
    }

    #[test]
    fn the_sanitiser_keeps_formatting_and_drops_script() {
        let html = "<p class=\"x\" onclick=\"alert(1)\">ok <a href=\"javascript:alert(1)\">a</a><script>alert(2)</script><b style=\"color:red\">b</b></p>";
        let cleaned = clean(html);
        assert_eq!(cleaned, "<p class=\"x\">ok <a>a</a><b>b</b></p>");
        let problems = raw_html_problems(html);
        assert_eq!(
            problems,
            [
                "attribute `onclick` removed from raw HTML `<p>`",
                "`javascript:` URL removed from raw HTML `<a href>`",
                "raw HTML `<script>` and its content removed",
                "attribute `style` removed from raw HTML `<b>`",
            ]
        );
        assert!(
            raw_html_problems("<kbd>Ctrl</kbd><br><details><summary>x</summary></details>")
                .is_empty()
        );
    }

    #[test]
    fn table_alignment_becomes_classes() {
        assert_eq!(
            alignment_classes("<th style=\"text-align: center\">a</th><td>&quot;b&quot;</td>"),
            "<th class=\"align-center\">a</th><td>&quot;b&quot;</td>"
        );
    }
}
