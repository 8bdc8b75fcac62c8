//! Markdown → HTML with heading anchors, a table of contents, rewritten
//! links, and the plain text of each section for search.
//!
//! This stage takes values, not paths: the caller passes a [`LinkResolver`]
//! that knows where every article and file ends up in the site, and what
//! the registry's contacts are.
//!
//! Two things besides HTML come out for the contact checks: references to
//! registry entries (`[call us](contact:hotline)`, `<contact:hotline>`)
//! are rendered from the registry, so writers never type a number; and
//! what readers see of the article (see [`crate::contact::scan`]) is read
//! for contacts here, while the text is at hand, so only the findings are
//! kept.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::contact::{self, ReaderView, Registry};

pub use crate::config::RawHtml as RawHtmlPolicy;

/// Where relative links and images point in the built site.
pub trait LinkResolver {
    /// The site URL for a relative link or image `target` (without its
    /// `#fragment`), or `None` when nothing in the site is there.
    fn resolve(&self, target: &str) -> Option<String>;

    /// The registry entry with this id, in the article's language.
    fn contact(&self, _id: &str) -> Option<ContactRef> {
        None
    }

    /// The contact lists, to read contacts out of what readers see; `None`
    /// skips the scan.
    fn registry(&self) -> Option<&Registry> {
        None
    }
}

/// A registry entry as an article shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRef {
    /// `tel:…`, `mailto:…` or a web address; `None` when there is no link.
    pub href: Option<String>,
    /// In the article's language.
    pub label: String,
    /// As written in the registry.
    pub value: String,
}

/// A `contact:` reference to an id the registry does not have.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UnknownContact {
    pub id: String,
    /// Byte range in the Markdown body.
    pub range: Range<usize>,
}

/// One entry of an article's table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// The plain text under one heading (or before the first heading).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Section {
    /// The heading's id; `None` for the text before the first heading.
    pub anchor: Option<String>,
    pub heading: String,
    pub text: String,
}

/// A relative link or image that points nowhere.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BrokenLink {
    pub target: String,
    /// Byte range in the Markdown body.
    pub range: Range<usize>,
    pub is_image: bool,
}

/// A link or image as written, for the checker.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LinkRef {
    pub target: String,
    pub range: Range<usize>,
    pub is_image: bool,
    /// For images: the alt text.
    pub alt: String,
}

/// Something unsafe that was taken out of an article (a `javascript:`
/// link, an event-handler attribute, raw HTML), for a warning.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Removed {
    /// Byte range in the Markdown body.
    pub range: Range<usize>,
    pub message: String,
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Rendered {
    /// Not in the serialized form: the build cache keeps it apart, and
    /// reads it only when a page is written.
    #[serde(skip)]
    pub html: String,
    /// blake3 of `html`: what a page is made from, known without reading
    /// the HTML back from the build cache.
    pub html_digest: [u8; 32],
    /// Level 2 and 3 headings.
    pub toc: Vec<TocEntry>,
    /// Every heading id in the article, for checking `#anchor` links.
    pub anchors: Vec<String>,
    /// The plain text under each heading, as much as `held` says. Not in
    /// the serialized form either: the build cache keeps it apart.
    #[serde(skip)]
    pub sections: Vec<Section>,
    /// What the whole sections hold, made once where they are made (the
    /// search index's keys, its chunk sizes and the static index's inputs
    /// all ask for it: hashing every article's text for each cost 5% of a
    /// cold build's CPU). Stored with the rest, so a reused rendering has
    /// it without the sections.
    pub sections_summary: SectionsSummary,
    #[serde(skip)]
    pub held: SectionsHeld,
    /// The first paragraph as plain text, for a meta description.
    pub first_paragraph: String,
    pub broken_links: Vec<BrokenLink>,
    pub links: Vec<LinkRef>,
    /// What [`crate::sanitize`]'s rules removed.
    pub removed: Vec<Removed>,
    /// Contacts readers see in the article (not those rendered from
    /// `contact:` references), for the checks.
    pub contacts: Vec<contact::Found>,
    pub unknown_contacts: Vec<UnknownContact>,
}

/// What an article's sections hold, in brief: enough to tell whether they
/// changed and how much text they are, without the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SectionsSummary {
    /// blake3 of every section's anchor, heading and text, in order, each
    /// length-prefixed.
    pub digest: [u8; 32],
    /// Bytes of their headings and text.
    pub text_bytes: u64,
}

impl SectionsSummary {
    pub fn of(sections: &[Section]) -> SectionsSummary {
        // The parts are copied into one buffer and hashed at once: blake3
        // hashes a whole input's chunks side by side, but a hasher fed
        // part by part compresses them one at a time.
        crate::cache::with_scratch(|bytes| {
            let mut part = |value: &str| {
                bytes.extend_from_slice(&(value.len() as u64).to_le_bytes());
                bytes.extend_from_slice(value.as_bytes());
            };
            let mut text_bytes = 0u64;
            for section in sections {
                part(section.anchor.as_deref().unwrap_or_default());
                part(&section.heading);
                part(&section.text);
                text_bytes += (section.heading.len() + section.text.len()) as u64;
            }
            bytes.extend_from_slice(&(sections.len() as u64).to_le_bytes());
            SectionsSummary {
                digest: *blake3::hash(bytes).as_bytes(),
                text_bytes,
            }
        })
    }
}

impl Default for SectionsSummary {
    /// The summary of no sections.
    fn default() -> SectionsSummary {
        SectionsSummary::of(&[])
    }
}

/// How much of an article's sections [`Rendered::sections`] holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SectionsHeld {
    /// All of them (a rendering made by this run).
    #[default]
    All,
    /// Each cut short once the search index had them
    /// ([`crate::site::Site::shorten_sections`]).
    Shortened,
    /// None: a reused rendering leaves them in the build cache until the
    /// search index needs them again ([`crate::site::Site::sections`]).
    InCache,
}

impl Rendered {
    /// Changes the sections of a rendering this run made, and what they
    /// are summed up as (for tests that edit an article's text in place).
    #[cfg(test)]
    pub fn edit_sections(&mut self, edit: impl FnOnce(&mut Vec<Section>)) {
        assert_eq!(self.held, SectionsHeld::All);
        edit(&mut self.sections);
        self.sections_summary = SectionsSummary::of(&self.sections);
    }
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Whether a link target is relative to the article (so helpbook resolves it).
fn is_relative(target: &str) -> bool {
    if target.is_empty() || target.starts_with('#') || target.starts_with('/') {
        return false;
    }
    // A scheme (`https:`, `mailto:`, `tel:`) comes before any `/`, `?` or `#`.
    let head = &target[..target.find(['/', '?', '#']).unwrap_or(target.len())];
    !head.contains(':')
}

/// Splits `path#fragment`.
fn split_fragment(target: &str) -> (&str, Option<&str>) {
    match target.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (target, None),
    }
}

/// What the renderer is inside of, for the links it rewrites.
enum LinkFrame {
    /// An ordinary link: its end event passes through.
    Plain,
    /// A `contact:` reference, rendered from the registry:
    /// `[](contact:id)` → the value; `[text](contact:id)` → the text, then
    /// the value; `<contact:id>` (`autolink`, whose text is the
    /// `contact:id` itself) → the label, then the value.
    Contact {
        contact: ContactRef,
        autolink: bool,
        has_text: bool,
    },
    /// A `contact:` reference to an unknown id: its text stays, unlinked.
    Unknown,
}

/// Where a link's target is written inside the link's source (for
/// diagnostics), or the link's start when it is not there as written (a
/// reference link, an escaped target).
fn target_offset(markdown: &str, range: &Range<usize>, target: &str) -> usize {
    markdown
        .get(range.clone())
        .and_then(|source| source.find(target))
        .map_or(range.start, |at| range.start + at)
}

/// The id of a `contact:` link target.
fn contact_id(target: &str) -> Option<&str> {
    let head = target.get(..8)?;
    head.eq_ignore_ascii_case("contact:")
        .then(|| target[8..].trim())
}

/// The opening of a rendered registry reference (the label as its title).
fn contact_open(contact: &ContactRef) -> String {
    let title = crate::html::escape(&contact.label);
    match &contact.href {
        Some(href) => format!(
            "<a class=\"hb-ref\" href=\"{}\" title=\"{title}\">",
            crate::html::escape(href)
        ),
        None => format!("<span class=\"hb-ref\" title=\"{title}\">"),
    }
}

/// The end of a rendered registry reference: the official value, always
/// shown so readers can compare it with what they were given, after the
/// link's own text, or after the label for `<contact:id>`.
fn contact_close(contact: &ContactRef, has_text: bool, autolink: bool) -> String {
    let mut html = String::new();
    if autolink {
        html.push_str(&crate::html::escape(&contact.label));
    }
    if has_text || autolink {
        html.push(' ');
    }
    html.push_str("<span class=\"hb-ref-value\">");
    html.push_str(&crate::html::escape(&contact.value));
    html.push_str("</span>");
    html.push_str(if contact.href.is_some() {
        "</a>"
    } else {
        "</span>"
    });
    html
}

/// Renders an article body; `raw_html` says what happens to HTML in it.
pub fn render(markdown: &str, resolver: &dyn LinkResolver, policy: RawHtmlPolicy) -> Rendered {
    let mut rendered = Rendered::default();
    let mut has_raw_html = false;
    // A link or image whose URL was refused: its text stays, its tags go.
    let mut dropped_link = false;
    let mut dropped_images = 0usize;
    let mut events: Vec<Event> = Vec::new();
    let mut used_ids = UsedIds::default();

    // Heading being collected: index of its Start event in `events`, level, text.
    let mut heading: Option<(usize, HeadingLevel, String)> = None;
    let mut section = Section {
        anchor: None,
        heading: String::new(),
        text: String::new(),
    };
    let mut paragraph_depth = 0usize;
    let mut first_paragraph_done = false;
    let mut image_alt: Option<(usize, String)> = None;
    let mut links: Vec<LinkFrame> = Vec::new();
    // What readers see, for the contact scan.
    let mut view = ReaderView::default();
    let mut raw = RawHtml::default();
    let mut in_code_block = false;

    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        if !matches!(event, Event::Html(_)) {
            raw.flush(&mut view);
        }
        match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                mut attrs,
            }) => {
                for (name, _) in attrs.drain(..) {
                    rendered.removed.push(Removed {
                        range: range.clone(),
                        message: format!(
                            "heading attribute `{name}` removed: a heading may only set an id and classes"
                        ),
                    });
                }
                if !section.text.trim().is_empty() || section.anchor.is_some() {
                    rendered.sections.push(std::mem::replace(
                        &mut section,
                        Section {
                            anchor: None,
                            heading: String::new(),
                            text: String::new(),
                        },
                    ));
                }
                view.break_block();
                heading = Some((events.len(), level, String::new()));
                events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, _, text)) = heading.take() {
                    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    let explicit = match &events[start] {
                        Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
                        _ => None,
                    };
                    let id =
                        unique_id(explicit.unwrap_or_else(|| heading_id(&text)), &mut used_ids);
                    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[start] {
                        *slot = Some(CowStr::from(id.clone()));
                    }
                    let depth = heading_depth(level);
                    if depth == 2 || depth == 3 {
                        rendered.toc.push(TocEntry {
                            level: depth,
                            id: id.clone(),
                            title: text.clone(),
                        });
                    }
                    rendered.anchors.push(id.clone());
                    section.anchor = Some(id);
                    section.heading = text;
                }
                view.break_block();
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link { ref dest_url, .. })
                if refuse_url(dest_url, false, &range, &mut rendered) =>
            {
                dropped_link = true;
            }
            Event::End(TagEnd::Link) if dropped_link => dropped_link = false,
            Event::Start(Tag::Image { ref dest_url, .. })
                if refuse_url(dest_url, true, &range, &mut rendered) =>
            {
                dropped_images += 1;
            }
            Event::End(TagEnd::Image) if dropped_images > 0 => dropped_images -= 1,
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if let Some(contact_id) = contact_id(&dest_url) {
                    match resolver.contact(contact_id) {
                        Some(contact) => {
                            events.push(Event::InlineHtml(CowStr::from(contact_open(&contact))));
                            links.push(LinkFrame::Contact {
                                contact,
                                autolink: matches!(link_type, LinkType::Autolink),
                                has_text: false,
                            });
                        }
                        None => {
                            rendered.unknown_contacts.push(UnknownContact {
                                id: contact_id.to_string(),
                                range: range.clone(),
                            });
                            links.push(LinkFrame::Unknown);
                        }
                    }
                    continue;
                }
                links.push(LinkFrame::Plain);
                view.push_target(&dest_url, target_offset(markdown, &range, &dest_url), false);
                if !title.is_empty() {
                    view.push_text(&title, range.start, false, false);
                    view.push_space();
                }
                let dest = rewrite(&dest_url, &range, false, resolver, &mut rendered);
                events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) => match links.pop() {
                Some(LinkFrame::Contact {
                    contact,
                    has_text,
                    autolink,
                }) => events.push(Event::InlineHtml(CowStr::from(contact_close(
                    &contact, has_text, autolink,
                )))),
                Some(LinkFrame::Unknown) => {}
                Some(LinkFrame::Plain) | None => events.push(Event::End(TagEnd::Link)),
            },
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                image_alt = Some((rendered.links.len(), String::new()));
                view.push_target(&dest_url, target_offset(markdown, &range, &dest_url), true);
                let dest = rewrite(&dest_url, &range, true, resolver, &mut rendered);
                events.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                if let Some((index, alt)) = image_alt.take()
                    && let Some(link) = rendered.links.get_mut(index)
                {
                    link.alt = alt;
                }
                events.push(Event::End(TagEnd::Image));
            }
            Event::Start(Tag::Paragraph) => {
                paragraph_depth += 1;
                events.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => {
                paragraph_depth = paragraph_depth.saturating_sub(1);
                if paragraph_depth == 0 && !rendered.first_paragraph.is_empty() {
                    first_paragraph_done = true;
                }
                section.text.push('\n');
                view.break_block();
                events.push(Event::End(TagEnd::Paragraph));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                in_code_block = true;
                view.break_block();
                events.push(Event::Start(Tag::CodeBlock(kind)));
            }
            Event::Text(ref text) | Event::Code(ref text) => {
                if let Some(LinkFrame::Contact {
                    autolink, has_text, ..
                }) = links.last_mut()
                {
                    if *autolink {
                        continue; // the `contact:id` itself: the label replaces it
                    }
                    *has_text = true;
                }
                let is_code = in_code_block || matches!(event, Event::Code(_)) || raw.in_code();
                if !raw.hidden() {
                    let exact = markdown.get(range.clone()) == Some(text.as_ref());
                    view.push_text(text, range.start, exact, is_code);
                }
                if let Some((_, _, heading_text)) = &mut heading {
                    heading_text.push_str(text);
                } else {
                    section.text.push_str(text);
                    if paragraph_depth > 0 && !first_paragraph_done {
                        rendered.first_paragraph.push_str(text);
                    }
                }
                if let Some((_, alt)) = &mut image_alt {
                    alt.push_str(text);
                }
                events.push(event);
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) => {
                if !keep_raw_html(html, &range, policy, &mut rendered) {
                    continue;
                }
                has_raw_html |= policy == RawHtmlPolicy::Sanitize;
                raw.add_block(html, range.start);
                if matches!(event, Event::InlineHtml(_)) {
                    raw.flush(&mut view);
                }
                events.push(event);
            }
            Event::SoftBreak | Event::HardBreak => {
                if heading.is_some() {
                    if let Some((_, _, t)) = &mut heading {
                        t.push(' ');
                    }
                } else {
                    section.text.push('\n');
                    if paragraph_depth > 0 && !first_paragraph_done {
                        rendered.first_paragraph.push(' ');
                    }
                }
                if matches!(event, Event::HardBreak) {
                    view.break_block();
                } else {
                    view.push_space();
                }
                events.push(event);
            }
            Event::End(
                end @ (TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::TableRow
                | TagEnd::CodeBlock
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition),
            ) => {
                if end == TagEnd::CodeBlock {
                    in_code_block = false;
                }
                section.text.push('\n');
                view.break_block();
                events.push(Event::End(end));
            }
            other => events.push(other),
        }
    }
    raw.flush(&mut view);
    if !section.text.trim().is_empty() || section.anchor.is_some() {
        rendered.sections.push(section);
    }
    for section in &mut rendered.sections {
        section.text = tidy_text(&section.text);
    }
    rendered.sections_summary = SectionsSummary::of(&rendered.sections);
    rendered.first_paragraph = rendered
        .first_paragraph
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(registry) = resolver.registry() {
        rendered.contacts = contact::scan_view(&view, registry);
    }

    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, crate::markup::rewrite(events).into_iter());
    let html = crate::sanitize::alignment_classes(&html);
    rendered.html = if has_raw_html {
        crate::sanitize::clean(&html)
    } else {
        html
    };
    rendered.html_digest = *blake3::hash(rendered.html.as_bytes()).as_bytes();
    rendered
}

/// Whether a piece of raw HTML goes on to the page (the sanitiser then
/// cleans it under `sanitize`), recording what `[markdown] raw_html`
/// removes: under `deny` all of it (comments silently).
fn keep_raw_html(
    html: &str,
    range: &Range<usize>,
    policy: RawHtmlPolicy,
    rendered: &mut Rendered,
) -> bool {
    let messages = match policy {
        RawHtmlPolicy::Allow => return true,
        RawHtmlPolicy::Sanitize => crate::sanitize::raw_html_problems(html),
        RawHtmlPolicy::Deny if html.trim_start().starts_with("<!--") => Vec::new(),
        RawHtmlPolicy::Deny => vec![format!(
            "raw HTML `{}` removed ([markdown] raw_html = \"deny\")",
            html.trim().chars().take(40).collect::<String>()
        )],
    };
    for message in messages {
        rendered.removed.push(Removed {
            range: range.clone(),
            message,
        });
    }
    policy == RawHtmlPolicy::Sanitize
}

/// Whether a link or image URL is refused by [`crate::sanitize::blocked_url`]
/// (then it is recorded as removed).
fn refuse_url(dest: &str, is_image: bool, range: &Range<usize>, rendered: &mut Rendered) -> bool {
    let Some(scheme) = crate::sanitize::blocked_url(dest, is_image) else {
        return false;
    };
    let what = if is_image { "image" } else { "link" };
    rendered.removed.push(Removed {
        range: range.clone(),
        message: format!("{what} with a `{scheme}` URL removed"),
    });
    true
}

/// Raw HTML as readers see it: its text and text attributes (entities
/// decoded, as a browser shows them) and its URL attributes, read with a
/// WHATWG tokenizer. Block HTML arrives line by line, so lines are
/// gathered until the block ends; whether the text in between is inside
/// `<code>` or `<script>` carries over from one piece of HTML to the next.
#[derive(Default)]
struct RawHtml {
    pending: String,
    /// Source offset of `pending`.
    source: usize,
    code_depth: usize,
    hidden_depth: usize,
}

/// Attributes that hold a URL a browser follows or loads.
const URL_ATTRIBUTES: [&str; 12] = [
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "cite",
    "data",
    "background",
    "ping",
    "longdesc",
    "xlink:href",
    "srcset",
];

/// Attributes whose text readers see (as a tooltip, alt text, label or
/// placeholder).
const TEXT_ATTRIBUTES: [&str; 6] = [
    "title",
    "alt",
    "aria-label",
    "placeholder",
    "label",
    "value",
];

/// Elements whose text is code.
const CODE_ELEMENTS: [&str; 5] = ["code", "pre", "kbd", "samp", "tt"];

/// Elements whose content is not shown.
const HIDDEN_ELEMENTS: [&str; 4] = ["script", "style", "template", "head"];

/// Elements that start a new line of text.
const BLOCK_ELEMENTS: [&str; 25] = [
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "p",
    "section",
    "td",
    "tr",
];

impl RawHtml {
    fn add_block(&mut self, html: &str, source: usize) {
        if self.pending.is_empty() {
            self.source = source;
        }
        self.pending.push_str(html);
    }

    fn in_code(&self) -> bool {
        self.code_depth > 0
    }

    fn hidden(&self) -> bool {
        self.hidden_depth > 0
    }

    fn flush(&mut self, view: &mut ReaderView) {
        if self.pending.is_empty() {
            return;
        }
        let html = std::mem::take(&mut self.pending);
        let mut emitter = html5gum::DefaultEmitter::<usize>::new_with_span();
        emitter.naively_switch_states(true);
        for token in html5gum::Tokenizer::new_with_emitter(html.as_str(), emitter).flatten() {
            match token {
                html5gum::Token::StartTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).to_lowercase();
                    let at = self.source + tag.span.start;
                    if BLOCK_ELEMENTS.contains(&name.as_str()) {
                        view.break_block();
                    }
                    for (key, value) in &tag.attributes {
                        let key = String::from_utf8_lossy(key).to_lowercase();
                        let value = String::from_utf8_lossy(&value.value).to_string();
                        if key == "srcset" {
                            for candidate in value.split(',') {
                                let url = candidate.split_whitespace().next().unwrap_or_default();
                                view.push_target(url, at, true);
                            }
                        } else if URL_ATTRIBUTES.contains(&key.as_str()) {
                            view.push_target(&value, at, key != "href");
                        } else if TEXT_ATTRIBUTES.contains(&key.as_str()) {
                            view.break_block();
                            view.push_text(&value, at, false, false);
                            view.break_block();
                        }
                    }
                    if tag.self_closing {
                        continue;
                    }
                    if CODE_ELEMENTS.contains(&name.as_str()) {
                        self.code_depth += 1;
                    }
                    if HIDDEN_ELEMENTS.contains(&name.as_str()) {
                        self.hidden_depth += 1;
                    }
                }
                html5gum::Token::EndTag(tag) => {
                    let name = String::from_utf8_lossy(&tag.name).to_lowercase();
                    if CODE_ELEMENTS.contains(&name.as_str()) {
                        self.code_depth = self.code_depth.saturating_sub(1);
                    }
                    if HIDDEN_ELEMENTS.contains(&name.as_str()) {
                        self.hidden_depth = self.hidden_depth.saturating_sub(1);
                    }
                    if BLOCK_ELEMENTS.contains(&name.as_str()) {
                        view.break_block();
                    }
                }
                html5gum::Token::String(text) if self.hidden_depth == 0 => {
                    let at = self.source + text.span.start;
                    let text = String::from_utf8_lossy(&text.value);
                    view.push_text(&text, at, false, self.code_depth > 0);
                }
                _ => {}
            }
        }
    }
}

/// Resolves one relative link or image, recording it and any breakage.
fn rewrite<'a>(
    dest: &CowStr<'a>,
    range: &Range<usize>,
    is_image: bool,
    resolver: &dyn LinkResolver,
    rendered: &mut Rendered,
) -> CowStr<'a> {
    rendered.links.push(LinkRef {
        target: dest.to_string(),
        range: range.clone(),
        is_image,
        // The alt text is filled in at the image's end event.
        alt: String::new(),
    });
    if !is_relative(dest) {
        return dest.clone();
    }
    let (path, fragment) = split_fragment(dest);
    match resolver.resolve(path) {
        Some(url) => match fragment {
            Some(fragment) => CowStr::from(format!("{url}#{fragment}")),
            None => CowStr::from(url),
        },
        None => {
            rendered.broken_links.push(BrokenLink {
                target: dest.to_string(),
                range: range.clone(),
                is_image,
            });
            dest.clone()
        }
    }
}

fn heading_depth(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A stable id for a heading: lowercase letters and digits of any script
/// (so Chinese headings keep readable ids like `找回密码`), words joined by
/// `-`, punctuation dropped.
pub fn heading_id(text: &str) -> String {
    let mut id = String::new();
    let mut pending_dash = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' {
            if pending_dash && !id.is_empty() {
                id.push('-');
            }
            pending_dash = false;
            id.push(c);
        } else if c.is_whitespace() || c == '-' {
            pending_dash = true;
        }
    }
    if id.is_empty() {
        "section".to_string()
    } else {
        id
    }
}

/// The ids an article's headings took, and for each id the next suffix to
/// try, so that 40,000 identical headings cost linear time, not quadratic.
#[derive(Default)]
struct UsedIds {
    taken: HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

/// Ids the theme gives its own elements (`main`, and every `hb-…`) and the
/// footnote ids ([`crate::markup`]): a heading never takes one of them.
fn is_reserved_id(id: &str) -> bool {
    id == "main" || ["hb-", "fn-", "fnref-"].iter().any(|p| id.starts_with(p))
}

/// `id`, or `id-1`, `id-2`… when it is already taken; an id the theme
/// reserves gets a `section-` prefix first.
fn unique_id(id: String, used: &mut UsedIds) -> String {
    let id = if is_reserved_id(&id) {
        format!("section-{id}")
    } else {
        id
    };
    if used.taken.insert(id.clone()) {
        return id;
    }
    let n = used.next.entry(id.clone()).or_insert(1);
    loop {
        let candidate = format!("{id}-{n}");
        *n += 1;
        if used.taken.insert(candidate.clone()) {
            return candidate;
        }
    }
}

/// Collapses runs of blank lines and trailing spaces.
fn tidy_text(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Resolver;
    impl LinkResolver for Resolver {
        fn resolve(&self, target: &str) -> Option<String> {
            match target {
                "other.md" => Some("/en/faq/other/".into()),
                "pic.svg" => Some("/en/faq/pic.svg".into()),
                _ => None,
            }
        }
    }

    #[test]
    fn headings_get_unique_ids_and_a_toc() {
        let r = render(
            "## 找回密码\n\ntext\n\n## 找回密码\n\n### Step 1: open the app!\n\n## Custom {#mine}\n",
            &Resolver,
            RawHtmlPolicy::Sanitize,
        );
        let ids: Vec<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(
            ids,
            ["找回密码", "找回密码-1", "step-1-open-the-app", "mine"]
        );
        assert!(r.html.contains("<h2 id=\"找回密码-1\">"), "{}", r.html);
        assert_eq!(r.toc[2].level, 3);
    }

    #[test]
    fn links_are_rewritten_and_broken_ones_reported() {
        let r = render(
            "See [other](other.md#top), [gone](gone.md), [web](https://example.com) and ![a pic](pic.svg).\n",
            &Resolver,
            RawHtmlPolicy::Sanitize,
        );
        assert!(r.html.contains("href=\"/en/faq/other/#top\""), "{}", r.html);
        assert!(r.html.contains("src=\"/en/faq/pic.svg\""), "{}", r.html);
        assert!(r.html.contains("href=\"https://example.com\""));
        assert_eq!(r.broken_links.len(), 1);
        assert_eq!(r.broken_links[0].target, "gone.md");
        let image = r.links.iter().find(|l| l.is_image).expect("image");
        assert_eq!(image.alt, "a pic");
    }

    #[test]
    fn sections_keep_plain_text() {
        let r = render(
            "Intro **bold**.\n\n## 提现\n\n- 一\n- 二\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
            &Resolver,
            RawHtmlPolicy::Sanitize,
        );
        assert_eq!(r.sections.len(), 2);
        assert_eq!(r.sections[0].anchor, None);
        assert_eq!(r.sections[0].text, "Intro bold.");
        assert_eq!(r.sections[1].anchor.as_deref(), Some("提现"));
        assert_eq!(r.sections[1].text, "一\n二\na\nb\n1\n2");
        assert_eq!(r.first_paragraph, "Intro bold.");
    }

    #[test]
    fn extensions_are_on() {
        let r = render(
            "- [x] done\n\n~~old~~\n\nnote[^1]\n\n[^1]: the note\n",
            &Resolver,
            RawHtmlPolicy::Sanitize,
        );
        assert!(r.html.contains("type=\"checkbox\""), "{}", r.html);
        assert!(r.html.contains("<del>old</del>"), "{}", r.html);
        assert!(r.html.contains("footnote"), "{}", r.html);
    }

    #[test]
    fn many_identical_headings_take_linear_time() {
        // Quadratic, this took minutes (it is a benchmark's job to time it).
        let md = "## Same\n\n".repeat(40_000) + "## Same-3\n";
        let r = render(&md, &Resolver, RawHtmlPolicy::Sanitize);
        assert_eq!(r.anchors.len(), 40_001);
        assert_eq!(r.anchors[1], "same-1");
        assert_eq!(r.anchors[39_999], "same-39999");
        // The explicit-looking `Same-3` heading was taken by the third
        // `Same`; it gets the next free suffix.
        assert_eq!(r.anchors[40_000], "same-3-1");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let mut md = String::new();
        for depth in 0..5000 {
            md.push_str(&"  ".repeat(depth));
            md.push_str("- item\n");
        }
        let r = render(&md, &Resolver, RawHtmlPolicy::Sanitize);
        assert!(r.html.starts_with("<ul>"));
    }
}
