//! Help-center features, tested on real builds: release notes (semver
//! order, series page, Atom feed), related articles, JSON-LD and sharing
//! meta, redirects for moved articles, and "last updated" dates from git.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use helpbook::BuildOptions;
use quick_xml::events::Event;

const BOOK: &str = "title = \"Test Help\"\n\
description = \"Help for the test suite.\"\n\
base_url = \"https://help.example.com/\"\n\
default_language = \"en\"\n\
languages = [\"en\", \"zh-CN\"]\n\
\n\
[[contacts]]\n\
channel = \"phone\"\n\
value = \"+1 202 555 0100\"\n\
label = \"Support line\"\n\
hours = \"09:00-21:00\"\n\
\n\
[[contacts]]\n\
channel = \"email\"\n\
value = \"support@example.com\"\n\
languages = [\"en\"]\n";

/// A site in a temp dir, built with the library into `<tmp>/public`.
struct TestSite {
    dir: tempfile::TempDir,
}

impl TestSite {
    /// A two-language site with a FAQ and a contact article in each.
    fn new() -> TestSite {
        let site = TestSite {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        site.write("book.toml", BOOK);
        for lang in ["en", "zh-CN"] {
            site.write(
                &format!("content/{lang}/faq/reset-password.md"),
                "---\ntitle: Reset your password\nsummary: What to do when you forgot it.\n---\n\nOpen the app and tap forgot password.\n",
            );
            site.write(
                &format!("content/{lang}/contact/contact-us.md"),
                "---\ntitle: Contact us\nverified: 2026-11-01\n---\n\nCall us.\n",
            );
        }
        site
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.root().join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    fn release(&self, lang: &str, version: &str, date: &str) {
        self.write(
            &format!("content/{lang}/release/{version}.md"),
            &format!(
                "---\ntitle: Version {version}\nversion: \"{version}\"\ndate: {date}\n---\n\nWhat changed in {version}.\n"
            ),
        );
    }

    fn build_into(&self, out: &str) -> Result<PathBuf, helpbook::Diagnostics> {
        let out = self.dir.path().join(out);
        helpbook::build(&BuildOptions {
            root: self.root(),
            out: out.clone(),
            base_url: None,
            drafts: false,
            strict: false,
            force: false,
            index_out: None,
        })?;
        Ok(out)
    }

    fn build(&self) -> PathBuf {
        self.build_into("public")
            .unwrap_or_else(|e| panic!("the site must build:\n{e}"))
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the repository's sample site.
fn build_sample(out: &Path) {
    helpbook::build(&BuildOptions {
        root: repo(),
        out: out.to_path_buf(),
        base_url: None,
        drafts: false,
        strict: false,
        force: false,
        index_out: None,
    })
    .unwrap_or_else(|e| panic!("the sample site must build:\n{e}"));
}

/// Every HTML page under `dir`, as (relative path, text), sorted.
fn html_pages(dir: &Path) -> Vec<(String, String)> {
    let mut pages: Vec<(String, String)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let relative = e
                .path()
                .strip_prefix(dir)
                .expect("under dir")
                .to_string_lossy()
                .into_owned();
            (relative, read(e.path()))
        })
        .collect();
    pages.sort();
    pages
}

/// The text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let to = text[from..].find(end)?;
    Some(&text[from..from + to])
}

/// The JSON-LD of a page, parsed; `None` when the page has none.
fn jsonld(html: &str) -> Option<serde_json::Value> {
    let text = between(html, "<script type=\"application/ld+json\">", "</script>")?;
    Some(serde_json::from_str(text).unwrap_or_else(|e| panic!("invalid JSON-LD {e}: {text}")))
}

/// The `@type`s of a JSON-LD `@graph`.
fn types(value: &serde_json::Value) -> Vec<String> {
    value["@graph"]
        .as_array()
        .expect("@graph")
        .iter()
        .map(|item| item["@type"].as_str().expect("@type").to_string())
        .collect()
}

/// Link targets (`href="…"`) inside `html`, unescaped.
fn hrefs(html: &str) -> Vec<String> {
    html.split(" href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| s.replace("&amp;", "&"))
        .collect()
}

// ---------------------------------------------------------------------------
// Release notes
// ---------------------------------------------------------------------------

#[test]
fn releases_sort_by_semver_with_prereleases_and_two_digit_components() {
    let site = TestSite::new();
    for (version, date) in [
        ("2.9.0", "2026-03-01"),
        ("2.10.0-beta.1", "2026-04-01"),
        ("2.10.0", "2026-05-01"),
        ("2.10.1", "2026-06-01"),
        ("1.0.0", "2025-01-01"),
        ("2.10.0-beta.2", "2026-04-15"),
    ] {
        site.release("en", version, date);
    }
    let out = site.build();

    // The releases page: series newest first, versions newest first inside.
    let page = read(&out.join("en/release/index.html"));
    let order: Vec<&str> = [
        "Version 2.10.1<",
        "Version 2.10.0<",
        "Version 2.10.0-beta.2<",
        "Version 2.10.0-beta.1<",
        "Version 2.9.0<",
        "Version 1.0.0<",
    ]
    .into_iter()
    .collect();
    let positions: Vec<usize> = order
        .iter()
        .map(|needle| {
            page.find(needle)
                .unwrap_or_else(|| panic!("{needle} missing from the releases page"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "wrong order {positions:?}"
    );
    // Grouped by major.minor, newest series first.
    let series: Vec<&str> = page
        .split("<h2>")
        .skip(1)
        .filter_map(|s| s.split("</h2>").next())
        .collect();
    assert_eq!(series, ["Version 2.10", "Version 2.9", "Version 1.0"]);
    let group_2_10 = between(&page, "id=\"v2-10\"", "</section>").expect("2.10 section");
    assert_eq!(group_2_10.matches("<li>").count(), 4, "{group_2_10}");

    // The newest release is on the home page and in every page's context
    // (the FAQ article's head links to the feed only because of it).
    let home = read(&out.join("en/index.html"));
    let banner = between(&home, "class=\"release-banner\"", "</a>").expect("release banner");
    assert!(banner.contains("Version 2.10.1"), "{banner}");
    // The home page's release card (reading order from site assembly)
    // agrees: the first five, newest first.
    let card = between(&home, "card kind-release", "</section>").expect("release card");
    let listed: Vec<&str> = card
        .split("\">")
        .filter_map(|s| s.strip_prefix("Version "))
        .filter_map(|s| s.split('<').next())
        .collect();
    assert_eq!(
        listed,
        [
            "2.10.1",
            "2.10.0",
            "2.10.0-beta.2",
            "2.10.0-beta.1",
            "2.9.0"
        ]
    );
    // And previous/next on an article follow the same order.
    let article = read(&out.join("en/release/2.10.0/index.html"));
    let prev = between(&article, "rel=\"prev\">", "</a>").expect("prev");
    let next = between(&article, "rel=\"next\">", "</a>").expect("next");
    assert!(prev.ends_with("Version 2.10.1"), "{prev}");
    assert!(next.ends_with("Version 2.10.0-beta.2"), "{next}");

    // Same order in the feed.
    let feed = read(&out.join("en/releases.xml"));
    let titles: Vec<&str> = feed
        .split("<entry>")
        .skip(1)
        .filter_map(|e| between(e, "<title>", "</title>"))
        .collect();
    assert_eq!(
        titles,
        [
            "Version 2.10.1",
            "Version 2.10.0",
            "Version 2.10.0-beta.2",
            "Version 2.10.0-beta.1",
            "Version 2.9.0",
            "Version 1.0.0"
        ]
    );
    // zh-CN has no releases: no feed, no feed link.
    assert!(!out.join("zh-cn/releases.xml").exists());
    assert!(!read(&out.join("zh-cn/index.html")).contains("application/atom+xml"));
}

/// An Atom element tree, enough to check required elements.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: BTreeMap<String, String>,
    text: String,
    children: Vec<Element>,
}

impl Element {
    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }
    fn all(&self, name: &str) -> Vec<&Element> {
        self.children.iter().filter(|c| c.name == name).collect()
    }
    fn text_of(&self, name: &str) -> &str {
        self.child(name)
            .map(|c| c.text.as_str())
            .unwrap_or_else(|| panic!("<{}> has no <{name}>", self.name))
    }
}

/// Parses XML with quick-xml (which rejects mismatched tags and bad
/// escapes) into a tree.
fn parse_xml(xml: &str) -> Element {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<Element> = vec![Element::default()];
    let attributes = |e: &quick_xml::events::BytesStart| {
        e.attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                (
                    a.key.as_ref().to_string(),
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .expect("valid escape")
                        .into_owned(),
                )
            })
            .collect::<BTreeMap<_, _>>()
    };
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(Element {
                name: e.name().as_ref().to_string(),
                attributes: attributes(&e),
                ..Element::default()
            }),
            Event::Empty(e) => {
                let element = Element {
                    name: e.name().as_ref().to_string(),
                    attributes: attributes(&e),
                    ..Element::default()
                };
                stack.last_mut().expect("parent").children.push(element);
            }
            Event::Text(t) => {
                let text = t.into_inner().into_owned();
                let text = quick_xml::escape::unescape(&text)
                    .expect("valid escape")
                    .into_owned();
                stack.last_mut().expect("element").text.push_str(&text);
            }
            Event::GeneralRef(r) => {
                let name = r.into_inner().into_owned();
                let text = quick_xml::escape::unescape(&format!("&{name};"))
                    .expect("known entity")
                    .into_owned();
                stack.last_mut().expect("element").text.push_str(&text);
            }
            Event::End(_) => {
                let done = stack.pop().expect("open element");
                stack.last_mut().expect("parent").children.push(done);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    stack
        .pop()
        .expect("root")
        .children
        .pop()
        .expect("a root element")
}

#[test]
fn release_feed_is_atom_with_stable_ids() {
    let site = TestSite::new();
    site.release("en", "2.3.0", "2026-09-01");
    site.release("en", "2.4.0", "2026-11-10");
    site.write(
        "content/en/release/2.5.0.md",
        "---\ntitle: \"</script><script>alert(1)</script>\\\"' & <b>2.5.0</b>\"\nversion: \"2.5.0\"\ndate: 2026-12-01\n---\n\nFixes for <i>everything</i> & more.\n",
    );
    let first = read(
        &site
            .build_into("one")
            .expect("build")
            .join("en/releases.xml"),
    );
    let second = read(
        &site
            .build_into("two")
            .expect("build")
            .join("en/releases.xml"),
    );
    assert_eq!(first, second, "the feed differs between two builds");

    let feed = parse_xml(&first);
    assert_eq!(feed.name, "feed");
    assert_eq!(feed.attributes["xmlns"], "http://www.w3.org/2005/Atom");
    assert_eq!(
        feed.text_of("id"),
        "https://help.example.com/en/releases.xml"
    );
    assert!(!feed.text_of("title").is_empty());
    assert_eq!(feed.text_of("updated"), "2026-12-01T00:00:00Z");
    assert!(
        feed.all("link")
            .iter()
            .any(|l| l.attributes["rel"] == "self"
                && l.attributes["href"] == "https://help.example.com/en/releases.xml")
    );
    assert!(
        feed.child("author")
            .is_some_and(|a| a.child("name").is_some())
    );

    let entries = feed.all("entry");
    assert_eq!(entries.len(), 3);
    let ids: Vec<&str> = entries.iter().map(|e| e.text_of("id")).collect();
    assert_eq!(
        ids,
        [
            "https://help.example.com/en/release/2.5.0/",
            "https://help.example.com/en/release/2.4.0/",
            "https://help.example.com/en/release/2.3.0/",
        ]
    );
    for entry in &entries {
        assert!(!entry.text_of("title").is_empty());
        let updated = entry.text_of("updated");
        assert!(
            updated.len() == 20 && updated.ends_with("T00:00:00Z"),
            "{updated}"
        );
        let link = entry.child("link").expect("entry link");
        assert_eq!(link.attributes["href"], entry.text_of("id"));
        assert_eq!(
            entry.child("content").expect("content").attributes["type"],
            "html"
        );
    }
    // The hostile title and the HTML content survive as text, escaped.
    assert_eq!(
        entries[0].text_of("title"),
        "</script><script>alert(1)</script>\"' & <b>2.5.0</b>"
    );
    assert!(
        entries[0]
            .text_of("content")
            .contains("<i>everything</i> &amp; more")
    );
    assert_eq!(entries[1].text_of("updated"), "2026-11-10T00:00:00Z");
}

#[test]
fn release_with_missing_date_or_bad_version_fails_strict_build() {
    for (name, front) in [
        ("no-date", "title: Next\nversion: \"2.5.0\"\n"),
        (
            "bad-version",
            "title: Next\nversion: \"2.5\"\ndate: 2026-12-01\n",
        ),
    ] {
        let site = TestSite::new();
        site.write(
            &format!("content/en/release/{name}.md"),
            &format!("---\n{front}---\n\nBody.\n"),
        );
        let output = Command::new(env!("CARGO_BIN_EXE_helpbook"))
            .args(["build", "--strict", "--root"])
            .arg(site.root())
            .arg("--out")
            .arg(site.dir.path().join("public"))
            .env("NO_COLOR", "1")
            .output()
            .expect("run helpbook");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
        assert!(
            stderr.contains(&format!("content/en/release/{name}.md")),
            "{name}: {stderr}"
        );
        assert!(
            !site.dir.path().join("public").exists(),
            "{name}: wrote output"
        );
    }
}

#[test]
fn new_release_in_chinese_fills_version_and_today_and_builds_strict() {
    let site = TestSite::new();
    let before = jiff::ZonedDateTime::now().date();
    let output = Command::new(env!("CARGO_BIN_EXE_helpbook"))
        .args(["new", "release", "2.4.0", "--lang", "zh-CN", "--root"])
        .arg(site.root())
        .output()
        .expect("run helpbook");
    let after = jiff::ZonedDateTime::now().date();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = read(&site.root().join("content/zh-CN/release/2.4.0.md"));
    assert!(text.contains("\nversion: \"2.4.0\"\n"), "{text}");
    let date = text
        .lines()
        .find_map(|l| l.strip_prefix("date: "))
        .unwrap_or_else(|| panic!("no date in {text}"));
    assert!(
        date == before.to_string() || date == after.to_string(),
        "date {date} is not today ({before})"
    );
    common::build_site(
        &site.root(),
        &site.dir.path().join("public"),
        &["--strict", "--drafts"],
    );
    let feed = read(&site.dir.path().join("public/zh-cn/releases.xml"));
    assert!(feed.contains("https://help.example.com/zh-cn/release/2.4.0/"));
}

// ---------------------------------------------------------------------------
// Related articles
// ---------------------------------------------------------------------------

/// (article URL, related URLs) for every article page of a built site.
fn related_lists(out: &Path) -> BTreeMap<String, Vec<String>> {
    let mut lists = BTreeMap::new();
    for (path, html) in html_pages(out) {
        let Some(canonical) = between(&html, "<link rel=\"canonical\" href=\"", "\"") else {
            continue;
        };
        if !html.contains("<article class=\"article") {
            continue;
        }
        let url = canonical
            .trim_start_matches("https://help.example.com")
            .to_string();
        let related = between(&html, "aria-labelledby=\"hb-related\">", "</aside>")
            .map(hrefs)
            .unwrap_or_default();
        assert!(!path.is_empty());
        lists.insert(url, related);
    }
    lists
}

#[test]
fn related_articles_are_same_language_exclude_self_and_are_stable() {
    let tmp = tempfile::tempdir().expect("temp dir");
    build_sample(&tmp.path().join("one"));
    build_sample(&tmp.path().join("two"));
    let first = related_lists(&tmp.path().join("one"));
    let second = related_lists(&tmp.path().join("two"));
    assert!(first.len() >= 20, "only {} articles found", first.len());
    assert_eq!(first, second, "related lists differ between builds");
    for (url, related) in &first {
        let lang = url.split('/').nth(1).expect("language segment");
        assert!(
            (3..=5).contains(&related.len()),
            "{url} lists {} related articles: {related:?}",
            related.len()
        );
        assert!(!related.contains(url), "{url} lists itself");
        for other in related {
            assert!(
                other.starts_with(&format!("/{lang}/")),
                "{url} lists {other} from another language"
            );
            assert!(
                first.contains_key(other),
                "{url} lists a page that is not an article: {other}"
            );
        }
        let mut unique = related.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), related.len(), "{url} repeats an article");
    }
    // The password articles are about the same thing in both languages:
    // each should find the other password/verification topics.
    let en = &first["/en/faq/reset-password/"];
    assert!(
        en.iter()
            .any(|u| u.contains("two-step-verification") || u.contains("change-phone-number")),
        "{en:?}"
    );
}

#[test]
fn related_in_front_matter_pins_the_list() {
    let site = TestSite::new();
    site.write(
        "content/en/faq/top-up-failed.md",
        "---\ntitle: Top-up failed\nrelated: [contact-us, reset-password, top-up-failed]\n---\n\nYour top-up failed. Reset your password if you forgot it.\n",
    );
    site.write(
        "content/en/faq/withdrawal.md",
        "---\ntitle: Withdrawal delayed\ncategory: payments\n---\n\nYour withdrawal is delayed. Top-up failed? See the top-up article.\n",
    );
    let out = site.build();
    let lists = related_lists(&out);
    // Pinned: exactly the listed slugs that exist, in order, never itself.
    assert_eq!(
        lists["/en/faq/top-up-failed/"],
        ["/en/contact/contact-us/", "/en/faq/reset-password/"]
    );
    // Computed lists never leave the language, even though zh-CN has the
    // same slugs and the same words.
    for (url, related) in &lists {
        let prefix = if url.starts_with("/en/") {
            "/en/"
        } else {
            "/zh-cn/"
        };
        assert!(
            related.iter().all(|r| r.starts_with(prefix)),
            "{url}: {related:?}"
        );
        assert!(!related.contains(url));
    }
    assert_eq!(
        lists["/en/faq/withdrawal/"].len(),
        3,
        "{:?}",
        lists["/en/faq/withdrawal/"]
    );
    assert_eq!(
        lists["/en/faq/withdrawal/"][0], "/en/faq/top-up-failed/",
        "the article sharing the most words comes first"
    );
}

// ---------------------------------------------------------------------------
// Structured data and sharing
// ---------------------------------------------------------------------------

#[test]
fn every_page_has_valid_jsonld_with_the_expected_types() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("public");
    build_sample(&out);
    let mut articles = 0;
    for (path, html) in html_pages(&out) {
        let segments: Vec<&str> = path
            .trim_end_matches("index.html")
            .split('/')
            .filter(|s| !s.is_empty())
            .collect();
        if html.contains("http-equiv=\"refresh\"") {
            continue; // redirect pages
        }
        let value = jsonld(&html);
        match segments.as_slice() {
            []
            | ["404.html"]
            | [_, "404.html"]
            | [_, "search"]
            | [_, "contact", "verify" | "scams"] => {}
            [_, "tags"] | [_, "tags", _] => {} // noindex browsing pages
            [_lang] => {
                let value = value.unwrap_or_else(|| panic!("{path} has no JSON-LD"));
                assert_eq!(types(&value), ["Organization"], "{path}");
                let points = value["@graph"][0]["contactPoint"]
                    .as_array()
                    .expect("contactPoint");
                assert!(points.len() >= 4, "{path}: {points:?}");
                assert!(points.iter().all(|p| p["@type"] == "ContactPoint"));
                assert!(points.iter().any(|p| p["telephone"] == "+1 202 555 0100"));
            }
            [_lang, "contact"] => {
                let value = value.unwrap_or_else(|| panic!("{path} has no JSON-LD"));
                assert_eq!(types(&value), ["BreadcrumbList", "Organization"], "{path}");
            }
            [_lang, _kind] => {
                let value = value.unwrap_or_else(|| panic!("{path} has no JSON-LD"));
                assert_eq!(
                    types(&value),
                    ["BreadcrumbList"],
                    "{path}: no FAQPage unless asked"
                );
            }
            [_lang, kind, _slug] => {
                articles += 1;
                let value = value.unwrap_or_else(|| panic!("{path} has no JSON-LD"));
                let found = types(&value);
                assert_eq!(found[..2], ["BreadcrumbList", "TechArticle"], "{path}");
                if *kind == "contact" {
                    assert_eq!(found.len(), 3, "{path}");
                    assert_eq!(found[2], "Organization");
                }
                let article = &value["@graph"][1];
                assert!(
                    article["dateModified"]
                        .as_str()
                        .is_some_and(|d| d.len() == 10),
                    "{path}: no dateModified"
                );
                let crumbs = value["@graph"][0]["itemListElement"]
                    .as_array()
                    .expect("items");
                // Home, kind, the category's section when it has one, the article.
                let last = crumbs.len() - 1;
                assert!(matches!(crumbs.len(), 3 | 4), "{path}");
                if crumbs.len() == 4 {
                    let section = crumbs[2]["item"].as_str().expect("url");
                    assert!(section.contains(&format!("/{kind}/#")), "{path}: {section}");
                }
                assert_eq!(crumbs[last]["item"], article["url"]);
                // Sharing meta.
                assert!(
                    html.contains("<meta property=\"og:type\" content=\"article\">"),
                    "{path}"
                );
                assert!(
                    html.contains("<meta name=\"twitter:card\" content=\"summary\">"),
                    "{path}"
                );
                assert!(html.contains("<meta property=\"og:description\""), "{path}");
                assert!(html.contains("hreflang="), "{path}");
            }
            _ => {}
        }
    }
    assert!(articles >= 20, "only {articles} articles checked");
}

#[test]
fn faq_page_markup_only_when_asked() {
    let site = TestSite::new();
    let out = site.build();
    let faq = jsonld(&read(&out.join("en/faq/index.html"))).expect("JSON-LD");
    assert!(!types(&faq).contains(&"FAQPage".to_string()));

    site.write("book.toml", &format!("{BOOK}\n[seo]\nfaq_page = true\n"));
    let out = site.build();
    let faq = jsonld(&read(&out.join("en/faq/index.html"))).expect("JSON-LD");
    assert_eq!(types(&faq), ["BreadcrumbList", "FAQPage"]);
    let question = &faq["@graph"][1]["mainEntity"][0];
    assert_eq!(question["name"], "Reset your password");
    assert_eq!(
        question["acceptedAnswer"]["text"],
        "What to do when you forgot it."
    );
    // The email contact is English-only: the Chinese home page omits it.
    let zh = jsonld(&read(&out.join("zh-cn/index.html"))).expect("JSON-LD");
    let en = jsonld(&read(&out.join("en/index.html"))).expect("JSON-LD");
    assert_eq!(
        zh["@graph"][0]["contactPoint"].as_array().map(Vec::len),
        Some(1)
    );
    assert_eq!(
        en["@graph"][0]["contactPoint"].as_array().map(Vec::len),
        Some(2)
    );

    site.write("book.toml", &format!("{BOOK}\n[seo]\nfaq_pages = true\n"));
    let error = site
        .build_into("public")
        .expect_err("unknown key")
        .to_string();
    assert!(error.contains("did you mean `faq_page`?"), "{error}");
}

#[test]
fn hostile_title_does_not_break_out_of_the_jsonld_script() {
    let hostile = "</script><script>alert(1)</script>\"'";
    let site = TestSite::new();
    site.write(
        "content/en/faq/hostile.md",
        "---\ntitle: \"</script><script>alert(1)</script>\\\"'\"\nsummary: \"</SCRIPT>&amp; <!-- \\\"\"\ntags: [\"</script>\"]\n---\n\nText.\n",
    );
    let out = site.build();
    let html = read(&out.join("en/faq/hostile/index.html"));
    let value = jsonld(&html).expect("JSON-LD");
    assert_eq!(value["@graph"][1]["headline"], hostile);
    assert_eq!(value["@graph"][0]["itemListElement"][2]["name"], hostile);
    assert_eq!(value["@graph"][1]["description"], "</SCRIPT>&amp; <!-- \"");
    // The only script elements are the JSON-LD one, and nothing after it
    // was parsed as markup: exactly one `<script` and one `</script>` in
    // the page (case-insensitively).
    // (The search client's own module script element is left aside.)
    let lower: String = html
        .to_lowercase()
        .lines()
        .filter(|l| !l.starts_with("<script type=\"module\" src=\"/static/search."))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(lower.matches("<script").count(), 1, "{html}");
    assert_eq!(lower.matches("</script").count(), 1, "{html}");
    assert!(
        !lower.contains("<!--"),
        "an HTML comment opener got through"
    );
    // Meta tags are attribute-escaped.
    assert!(
        html.contains("<meta property=\"og:title\" content=\"&lt;/script&gt;"),
        "{html}"
    );
}

// ---------------------------------------------------------------------------
// Redirects
// ---------------------------------------------------------------------------

/// (alias, article URL) from the sample content's front matter.
fn sample_aliases() -> Vec<(String, String)> {
    let mut aliases = Vec::new();
    for entry in walkdir::WalkDir::new(repo().join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
    {
        let text = read(entry.path());
        let relative = entry
            .path()
            .strip_prefix(repo().join("content"))
            .expect("under content");
        let parts: Vec<String> = relative
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        let slug = parts[2].trim_end_matches(".md");
        let url = format!("/{}/{}/{slug}/", parts[0].to_lowercase(), parts[1]);
        let front = between(&text, "---\n", "\n---").unwrap_or_default();
        let mut in_aliases = false;
        for line in front.lines() {
            if line.starts_with("aliases:") {
                in_aliases = true;
                if let Some(list) = between(line, "[", "]") {
                    for alias in list.split(',') {
                        aliases.push((alias.trim().trim_matches('"').to_string(), url.clone()));
                    }
                    in_aliases = false;
                }
            } else if in_aliases && line.trim_start().starts_with("- ") {
                let alias = line.trim_start()[2..].trim().trim_matches('"').to_string();
                aliases.push((alias, url.clone()));
            } else {
                in_aliases = false;
            }
        }
    }
    aliases
}

#[test]
fn every_sample_alias_redirects_to_its_article() {
    let aliases = sample_aliases();
    assert!(
        aliases.len() >= 4,
        "the sample site should have moved articles: {aliases:?}"
    );
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("public");
    build_sample(&out);
    let redirects = read(&out.join("_redirects"));
    // One `old new 301` line per alias (the rest are comments and the
    // per-language 404 rules).
    let lines: Vec<&str> = redirects.lines().filter(|l| l.ends_with(" 301")).collect();
    assert_eq!(lines.len(), aliases.len(), "{redirects}");
    for (alias, url) in &aliases {
        let alias = if alias.ends_with('/') {
            alias.clone()
        } else {
            format!("{alias}/")
        };
        assert!(
            out.join(format!("{}index.html", &url[1..])).is_file(),
            "{url} was not built"
        );
        assert!(
            lines.contains(&format!("{alias} {url} 301").as_str()),
            "no line for {alias} in\n{redirects}"
        );
        let page = read(&out.join(format!("{}index.html", &alias[1..])));
        assert!(
            page.contains(&format!(
                "<meta http-equiv=\"refresh\" content=\"0; url={url}\">"
            )),
            "{page}"
        );
        assert!(
            page.contains(&format!(
                "<link rel=\"canonical\" href=\"https://help.example.com{url}\">"
            )),
            "{page}"
        );
        assert!(page.contains(&format!("<a href=\"{url}\">")), "{page}");
        assert!(
            page.contains("<meta name=\"robots\" content=\"noindex\">"),
            "{page}"
        );
    }
}

#[test]
fn alias_collisions_name_both_files() {
    // An alias on an existing article's path.
    let site = TestSite::new();
    site.write(
        "content/en/faq/moved.md",
        "---\ntitle: Moved\naliases: [/en/faq/reset-password/]\n---\n\nText.\n",
    );
    let error = site
        .build_into("public")
        .expect_err("collision")
        .to_string();
    assert!(error.contains("content/en/faq/moved.md"), "{error}");
    assert!(
        error.contains("content/en/faq/reset-password.md"),
        "{error}"
    );

    // Two articles claiming the same old path.
    let site = TestSite::new();
    site.write(
        "content/en/faq/one.md",
        "---\ntitle: One\naliases: [/en/old/]\n---\n\nText.\n",
    );
    site.write(
        "content/en/faq/two.md",
        "---\ntitle: Two\naliases: [\"/en/old\"]\n---\n\nText.\n",
    );
    let error = site
        .build_into("public")
        .expect_err("collision")
        .to_string();
    assert!(error.contains("content/en/faq/one.md"), "{error}");
    assert!(error.contains("content/en/faq/two.md"), "{error}");
    assert!(!site.dir.path().join("public").exists());

    // An alias on a page helpbook generates (the FAQ kind page).
    let site = TestSite::new();
    site.write(
        "content/en/faq/three.md",
        "---\ntitle: Three\naliases: [/en/faq/]\n---\n\nText.\n",
    );
    let error = site
        .build_into("public")
        .expect_err("collision")
        .to_string();
    assert!(error.contains("content/en/faq/three.md"), "{error}");
    assert!(error.contains("/en/faq/"), "{error}");

    // An alias whose folder would sit where `_redirects` or a feed is.
    for alias in [
        "/_redirects/",
        "/en/releases.xml/x/",
        "/sitemap.xml",
        "/en/releases.xml",
        "/en/search/",
        "/search/en/",
    ] {
        let site = TestSite::new();
        site.release("en", "1.0.0", "2026-01-01");
        site.write(
            "content/en/faq/four.md",
            &format!("---\ntitle: Four\naliases: [\"{alias}\", /en/four-old/]\n---\n\nText.\n"),
        );
        let error = site.build_into("public").expect_err(alias).to_string();
        assert!(error.contains("content/en/faq/four.md"), "{alias}: {error}");
        assert!(
            error.contains("generates") || error.contains("helpbook writes itself"),
            "{alias}: {error}"
        );
    }
}

// ---------------------------------------------------------------------------
// Last updated
// ---------------------------------------------------------------------------

fn git(root: &Path, args: &[&str], date: &str) {
    let status = Command::new("git")
        .args([
            "-c",
            "user.name=Writer",
            "-c",
            "user.email=writer@example.com",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(root)
        .env("GIT_AUTHOR_DATE", format!("{date}T12:00:00+00:00"))
        .env("GIT_COMMITTER_DATE", format!("{date}T12:00:00+00:00"))
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed");
}

#[test]
fn last_updated_comes_from_front_matter_else_the_last_commit() {
    let site = TestSite::new();
    site.write(
        "content/en/faq/dated.md",
        "---\ntitle: Dated\nupdated: 2026-01-15\n---\n\nText.\n",
    );
    // Not a repository: no date, no error.
    let out = site.build();
    let page = read(&out.join("en/faq/reset-password/index.html"));
    assert!(!page.contains("<time datetime=\"2026-"), "{page}");
    std::fs::remove_dir_all(&out).expect("clean");

    let root = site.root();
    git(&root, &["init", "-q"], "2026-01-01");
    git(&root, &["add", "content"], "2026-01-01");
    git(&root, &["commit", "-q", "-m", "first"], "2026-02-03");
    site.write(
        "content/en/faq/reset-password.md",
        "---\ntitle: Reset your password\n---\n\nChanged text.\n",
    );
    git(&root, &["commit", "-q", "-am", "second"], "2026-03-04");
    // Uncommitted edits do not change the date (it is the commit's).
    site.write(
        "content/zh-CN/faq/reset-password.md",
        "---\ntitle: 重置密码\n---\n\n改了。\n",
    );

    let out = site.build_into("public").expect("build");
    let shown = |path: &str| {
        let html = read(&out.join(path));
        between(&html, "<time datetime=\"", "\"").map(str::to_string)
    };
    assert_eq!(
        shown("en/faq/reset-password/index.html").as_deref(),
        Some("2026-03-04")
    );
    assert_eq!(
        shown("zh-cn/faq/reset-password/index.html").as_deref(),
        Some("2026-02-03")
    );
    assert_eq!(
        shown("en/faq/dated/index.html").as_deref(),
        Some("2026-01-15")
    );
    // The same date is in the sitemap and the JSON-LD.
    let sitemap = read(&out.join("sitemap.xml"));
    assert!(
        sitemap.contains("<lastmod>2026-03-04</lastmod>"),
        "{sitemap}"
    );
    let value = jsonld(&read(&out.join("en/faq/reset-password/index.html"))).expect("JSON-LD");
    assert_eq!(value["@graph"][1]["dateModified"], "2026-03-04");
}

#[test]
fn feed_keeps_the_newest_fifty_releases_and_the_page_lists_all() {
    let site = TestSite::new();
    for minor in 0..52 {
        site.release("en", &format!("1.{minor}.0"), "2026-01-01");
    }
    let out = site.build();
    let feed = parse_xml(&read(&out.join("en/releases.xml")));
    let ids: Vec<&str> = feed.all("entry").iter().map(|e| e.text_of("id")).collect();
    assert_eq!(ids.len(), helpbook::feed::MAX_ENTRIES);
    assert_eq!(ids[0], "https://help.example.com/en/release/1.51.0/");
    assert_eq!(ids[49], "https://help.example.com/en/release/1.2.0/");
    let page = read(&out.join("en/release/index.html"));
    assert!(page.contains(">Version 1.0.0<") && page.contains(">Version 1.51.0<"));
}

#[test]
fn latest_release_is_available_to_every_template() {
    let site = TestSite::new();
    site.write("book.toml", &format!("theme = \"mine\"\n{BOOK}"));
    site.release("en", "2.9.0", "2026-03-01");
    site.release("en", "2.10.0", "2026-05-01");
    // A theme whose search and article pages show the latest release.
    let show = "{% if latest_release %}LATEST={{ latest_release.version }}@{{ latest_release.url }}{% else %}NO-RELEASE{% endif %}";
    site.write(
        "themes/mine/templates/search.html",
        &format!(
            "{{% extends \"base.html\" %}}{{% block content %}}{show}{{% endblock content %}}"
        ),
    );
    site.write(
        "themes/mine/templates/article.html",
        &format!(
            "{{% extends \"base.html\" %}}{{% block content %}}{show}{{% endblock content %}}"
        ),
    );
    let out = site.build();
    for page in ["en/search/index.html", "en/faq/reset-password/index.html"] {
        let html = read(&out.join(page));
        assert!(
            html.contains("LATEST=2.10.0@/en/release/2.10.0/"),
            "{page}: {html}"
        );
    }
    let html = read(&out.join("zh-cn/faq/reset-password/index.html"));
    assert!(html.contains("NO-RELEASE"), "{html}");
}
