//! Internal links, anchors and images of imported articles, rewritten to
//! helpbook paths: one pass over each article's Markdown (links, images,
//! reference definitions, and `src`/`href` in raw HTML), shared by every
//! source.
//!
//! A link target is resolved, in order, as: an `#anchor` of the article
//! itself; an absolute URL on the old help center's host or a site path
//! (`/docs/faq/x`), through the source's URL map; a path relative to the
//! article's source folder (`../faq/x.md`, `x.html`, `faq/`), through the
//! imported files; a file on disk inside the source folder (copied next to
//! the article). A link to an article in another language goes to the
//! same article in the reader's language when it was translated. Anchors
//! are matched against the target's headings as helpbook names them,
//! loosely (`#Steps_to-follow` = `#steps-to-follow`), so anchors written
//! for GitBook, mdBook, Docusaurus, Hugo or Zola all land. What cannot be
//! resolved is left as written and reported with the reason.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{Event, LinkType, Parser, Tag};

use super::model::Source;
use crate::markdown::{self, LinkResolver};

/// Where an imported article goes: `content/<lang>/<kind>/<slug>.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub lang: String,
    pub kind: String,
    pub slug: String,
}

/// A link the import could not point at anything, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Broken {
    pub source: String,
    pub target: String,
    pub reason: String,
}

/// What rewriting the links of every article did.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The new Markdown of each article (same order as the docs).
    pub bodies: Vec<String>,
    /// Files to copy: path relative to the new site's root → file on disk.
    pub copies: BTreeMap<String, PathBuf>,
    /// Internal links (articles, anchors, files) pointed at helpbook paths.
    pub rewritten: usize,
    pub broken: Vec<Broken>,
}

/// What a link target names.
enum Target {
    Doc(usize, Option<String>),
    File(PathBuf),
    External,
    Broken(String),
}

struct NoLinks;

impl LinkResolver for NoLinks {
    fn resolve(&self, _: &str) -> Option<String> {
        None
    }
}

/// Letters and digits only, lowercased: what anchor styles agree on.
fn loose(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// The heading ids helpbook will give an article, with each heading's text.
fn anchors_of(body: &str) -> Vec<(String, String)> {
    let rendered = markdown::render(body, &NoLinks, markdown::RawHtmlPolicy::default());
    let mut anchors: Vec<(String, String)> = rendered
        .sections
        .iter()
        .filter_map(|s| s.anchor.clone().map(|a| (a, s.heading.clone())))
        .collect();
    for anchor in rendered.anchors {
        if !anchors.iter().any(|(a, _)| *a == anchor) {
            anchors.push((anchor.clone(), anchor));
        }
    }
    anchors
}

/// Whether `path`, symbolic links followed, is inside `root`: an export
/// must not make the import copy files from elsewhere on the machine.
pub fn inside(root: &Path, path: &Path) -> bool {
    match (root.canonicalize(), path.canonicalize()) {
        (Ok(root), Ok(path)) => path.starts_with(root),
        _ => false,
    }
}

/// `a/b/../c` → `a/c`; `None` when it climbs out of the source folder.
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for component in Path::new(path).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

/// Everything needed to resolve and rewrite links.
struct Rewriter<'a> {
    root: &'a Path,
    source: &'a Source,
    places: &'a [Place],
    by_path: HashMap<&'a str, usize>,
    /// (key, lang) → doc index.
    by_key: HashMap<(&'a str, &'a str), usize>,
    anchors: Vec<Vec<(String, String)>>,
    /// Copied files: destination → file on disk.
    copies: BTreeMap<String, PathBuf>,
    /// File on disk and language/kind folder → its destination.
    copied: HashMap<(PathBuf, String), String>,
}

impl Rewriter<'_> {
    fn resolve(&self, from: usize, target: &str) -> Target {
        let doc = &self.source.docs[from];
        let (path, fragment) = match target.split_once('#') {
            Some((p, f)) => (p, Some(crate::site::percent_decode(f))),
            None => (target, None),
        };
        if path.is_empty() {
            return Target::Doc(from, fragment);
        }
        let head = &path[..path.find(['/', '?', '#']).unwrap_or(path.len())];
        if head.contains(':') {
            let Some(host) = crate::content::url_host(path) else {
                return Target::External;
            };
            if !self
                .source
                .hosts
                .iter()
                .any(|h| h.eq_ignore_ascii_case(&host))
            {
                return Target::External;
            }
            let site_path = path
                .split_once("://")
                .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
                .unwrap_or("/");
            return self.resolve_site_path(site_path, fragment);
        }
        if path.starts_with('/') {
            return self.resolve_site_path(path, fragment);
        }
        let decoded = crate::site::percent_decode(path.split('?').next().unwrap_or_default());
        let joined = if doc.dir.is_empty() {
            decoded.clone()
        } else {
            format!("{}/{decoded}", doc.dir)
        };
        let Some(normal) = normalize(&joined) else {
            return Target::Broken("it points outside the source folder".into());
        };
        if let Some(index) = self.doc_at(&normal) {
            return Target::Doc(index, fragment);
        }
        let file = self.root.join(&normal);
        if !normal.is_empty() && file.is_file() {
            if !inside(self.root, &file) {
                return Target::Broken("it is a link to a file outside the source folder".into());
            }
            return Target::File(file);
        }
        Target::Broken(format!(
            "`{normal}` is not an imported article or a file in the source"
        ))
    }

    /// A site path or the path of a URL on the old help center.
    fn resolve_site_path(&self, path: &str, fragment: Option<String>) -> Target {
        let clean = path.split('?').next().unwrap_or_default();
        let clean = crate::site::percent_decode(clean);
        let trimmed = clean.trim_end_matches('/');
        for candidate in [trimmed, clean.as_str(), trimmed.trim_end_matches(".html")] {
            if let Some(&index) = self.source.urls.get(candidate) {
                return Target::Doc(index, fragment);
            }
            if let Some(file) = self.source.files.get(candidate) {
                return Target::File(file.clone());
            }
        }
        Target::Broken(format!(
            "`{clean}` is not a page of the old help center that was imported"
        ))
    }

    /// The imported article at a source path, trying the spellings links
    /// use for it (`x`, `x.md`, `x.html`, `x/`, `x/README.md`, `x/index.md`).
    fn doc_at(&self, path: &str) -> Option<usize> {
        let bare = path.trim_end_matches('/');
        let stem = bare
            .strip_suffix(".html")
            .or_else(|| bare.strip_suffix(".md"))
            .unwrap_or(bare);
        let candidates = [
            bare.to_string(),
            format!("{stem}.md"),
            format!("{stem}.mdx"),
            format!("{bare}/README.md"),
            format!("{bare}/index.md"),
            format!("{bare}/_index.md"),
        ];
        candidates
            .iter()
            .find_map(|c| self.by_path.get(c.as_str()).copied())
    }

    /// The same article in `lang` when it exists there.
    fn in_language(&self, index: usize, lang: &str) -> usize {
        let key = self.source.docs[index].key.as_str();
        self.by_key.get(&(key, lang)).copied().unwrap_or(index)
    }

    /// The heading id of `target` that `fragment` means.
    fn anchor(&self, target: usize, fragment: &str) -> Option<String> {
        let anchors = &self.anchors[target];
        if let Some((id, _)) = anchors.iter().find(|(id, _)| id == fragment) {
            return Some(id.clone());
        }
        // Zola and others transliterate headings (`到账时间` → `dao-zhang-shi-jian`).
        let wanted = loose(fragment);
        anchors
            .iter()
            .find(|(id, heading)| {
                loose(id) == wanted
                    || loose(heading) == wanted
                    || loose(&crate::content::suggest_slug(heading)) == wanted
            })
            .map(|(id, _)| id.clone())
    }

    /// The path of article `to` relative to article `from`'s file.
    fn relative(&self, from: usize, to: usize) -> String {
        let (a, b) = (&self.places[from], &self.places[to]);
        if a.lang != b.lang {
            format!("../../{}/{}/{}.md", b.lang, b.kind, b.slug)
        } else if a.kind != b.kind {
            format!("../{}/{}.md", b.kind, b.slug)
        } else {
            format!("{}.md", b.slug)
        }
    }

    /// Where a file goes next to article `from`, relative to it.
    fn copy(&mut self, from: usize, file: &Path) -> String {
        let place = &self.places[from];
        let folder = format!("content/{}/{}", place.lang, place.kind);
        let key = (file.to_path_buf(), folder.clone());
        if let Some(name) = self.copied.get(&key) {
            return name.clone();
        }
        let stem = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let extension = file
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy().to_ascii_lowercase()))
            .unwrap_or_default();
        let base = crate::content::suggest_slug(&stem);
        let mut name = format!("{base}{extension}");
        let mut n = 2;
        while self
            .copies
            .get(&format!("{folder}/{name}"))
            .is_some_and(|other| other != file)
        {
            name = format!("{base}-{n}{extension}");
            n += 1;
        }
        self.copies
            .insert(format!("{folder}/{name}"), file.to_path_buf());
        self.copied.insert(key, name.clone());
        name
    }

    /// The new target for `target` in article `from`, or `None` to leave
    /// it as written (external); a broken one is recorded.
    fn rewrite(&mut self, from: usize, target: &str, outcome: &mut Outcome) -> Option<String> {
        let doc = &self.source.docs[from];
        match self.resolve(from, target) {
            Target::External => None,
            Target::Broken(reason) => {
                outcome.broken.push(Broken {
                    source: doc.source.clone(),
                    target: target.to_string(),
                    reason,
                });
                None
            }
            Target::File(file) => {
                let name = self.copy(from, &file);
                outcome.rewritten += 1;
                Some(name)
            }
            Target::Doc(index, fragment) => {
                let index = self.in_language(index, &doc.lang);
                let mut new = if index == from {
                    String::new()
                } else {
                    self.relative(from, index)
                };
                if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                    match self.anchor(index, &fragment) {
                        Some(id) => {
                            new.push('#');
                            new.push_str(&id);
                        }
                        None => {
                            outcome.broken.push(Broken {
                                source: doc.source.clone(),
                                target: target.to_string(),
                                reason: format!(
                                    "`#{fragment}` is not a heading of {}",
                                    self.source.docs[index].source
                                ),
                            });
                            new.push('#');
                            new.push_str(&fragment);
                        }
                    }
                }
                // Counted even when the path stays the same: it was checked.
                outcome.rewritten += 1;
                if new == target {
                    return None;
                }
                Some(if new.is_empty() { "#".into() } else { new })
            }
        }
    }
}

/// Byte range of `needle`'s last occurrence in `text[range]`.
fn find_last(text: &str, range: &Range<usize>, needle: &str) -> Option<Range<usize>> {
    if needle.is_empty() {
        return None;
    }
    let start = text[range.clone()].rfind(needle)? + range.start;
    Some(start..start + needle.len())
}

/// The values of `src="…"` and `href="…"` in a piece of raw HTML, as byte
/// ranges into `html`.
fn html_urls(html: &str) -> Vec<Range<usize>> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    for attribute in ["src=", "href="] {
        let mut from = 0;
        while let Some(found) = lower[from..].find(attribute) {
            let at = from + found + attribute.len();
            from = at;
            let preceded = from - attribute.len();
            if preceded > 0 && lower.as_bytes()[preceded - 1].is_ascii_alphanumeric() {
                continue;
            }
            let Some(quote) = html[at..]
                .chars()
                .next()
                .filter(|c| *c == '"' || *c == '\'')
            else {
                continue;
            };
            let start = at + 1;
            if let Some(end) = html[start..].find(quote) {
                out.push(start..start + end);
            }
        }
    }
    out
}

/// Rewrites the links of every doc; `places[i]` is where doc `i` goes.
pub fn rewrite_all(root: &Path, source: &Source, places: &[Place]) -> Outcome {
    let mut rewriter = Rewriter {
        root,
        source,
        places,
        by_path: source
            .docs
            .iter()
            .enumerate()
            .filter(|(_, d)| !d.source.contains('#'))
            .map(|(i, d)| (d.source.as_str(), i))
            .collect(),
        by_key: source
            .docs
            .iter()
            .enumerate()
            .map(|(i, d)| ((d.key.as_str(), d.lang.as_str()), i))
            .collect(),
        anchors: source.docs.iter().map(|d| anchors_of(&d.body)).collect(),
        copies: BTreeMap::new(),
        copied: HashMap::new(),
    };
    let mut outcome = Outcome::default();
    for (index, doc) in source.docs.iter().enumerate() {
        let body = rewrite_doc(&mut rewriter, index, &doc.body, &mut outcome);
        outcome.bodies.push(body);
    }
    outcome.copies = rewriter.copies;
    outcome.broken.sort();
    outcome
}

fn rewrite_doc(
    rewriter: &mut Rewriter<'_>,
    index: usize,
    body: &str,
    outcome: &mut Outcome,
) -> String {
    // (byte range in `body`, replacement)
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let parser = Parser::new_ext(body, markdown::options());
    let definitions: Vec<(String, Range<usize>)> = parser
        .reference_definitions()
        .iter()
        .map(|(_, def)| (def.dest.to_string(), def.span.clone()))
        .collect();
    for (event, range) in parser.into_offset_iter() {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            })
            | Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => {
                if matches!(
                    link_type,
                    LinkType::Reference
                        | LinkType::Collapsed
                        | LinkType::Shortcut
                        | LinkType::ReferenceUnknown
                        | LinkType::CollapsedUnknown
                        | LinkType::ShortcutUnknown
                ) {
                    continue; // rewritten at their definitions
                }
                let Some(new) = rewriter.rewrite(index, &dest_url, outcome) else {
                    continue;
                };
                if link_type == LinkType::Autolink {
                    edits.push((range, format!("[{dest_url}]({new})")));
                } else if let Some(at) = find_last(body, &range, &dest_url) {
                    edits.push((at, new));
                } else if let Some(at) = find_last(body, &range, &format!("<{dest_url}>")) {
                    edits.push((at, format!("<{new}>")));
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let Some(offset) = body[range.clone()]
                    .find(html.as_ref())
                    .map(|i| i + range.start)
                else {
                    continue;
                };
                for url in html_urls(&html) {
                    let target = &html[url.clone()];
                    if let Some(new) = rewriter.rewrite(index, target, outcome) {
                        edits.push((offset + url.start..offset + url.end, new));
                    }
                }
            }
            _ => {}
        }
    }
    for (dest, span) in definitions {
        if let Some(new) = rewriter.rewrite(index, &dest, outcome)
            && let Some(at) = find_last(body, &span, &dest)
        {
            edits.push((at, new));
        }
    }
    edits.sort_by_key(|(range, _)| range.start);
    edits.dedup_by_key(|(range, _)| range.start);
    let mut out = String::with_capacity(body.len());
    let mut last = 0;
    for (range, new) in edits {
        if range.start < last {
            continue;
        }
        out.push_str(&body[last..range.start]);
        out.push_str(&new);
        last = range.end;
    }
    out.push_str(&body[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_attributes_are_found() {
        let html =
            r#"<figure><img src="../.gitbook/assets/a.png" alt=""><a href='x.md'>x</a></figure>"#;
        let urls: Vec<&str> = html_urls(html).into_iter().map(|r| &html[r]).collect();
        assert_eq!(urls, ["../.gitbook/assets/a.png", "x.md"]);
    }

    #[test]
    fn paths_normalize_inside_the_source() {
        assert_eq!(
            normalize("docs/faq/../security/x.md").as_deref(),
            Some("docs/security/x.md")
        );
        assert_eq!(normalize("../x.md"), None);
        assert_eq!(loose("Steps_to-Follow"), "stepstofollow");
    }
}
