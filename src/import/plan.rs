//! Where every imported article goes: the site's languages, each
//! article's kind (by the rules), release data, slug (one per article,
//! shared by its translations, unique in the site) and category (slug and
//! names per language).

use std::collections::{BTreeMap, BTreeSet};

use super::kinds::KindRules;
use super::links::Place;
use super::model::{self, Source};

/// Where everything goes.
pub(super) struct Plan {
    /// The default first.
    pub languages: Vec<String>,
    /// Per doc (same order as the docs).
    pub places: Vec<Place>,
    /// Category key → slug.
    pub category_slugs: BTreeMap<String, String>,
    /// (slug, names per language) in display order.
    pub categories: Vec<(String, BTreeMap<String, String>)>,
    /// Per doc: the version (if any) and date of a release note.
    pub releases: Vec<Option<(Option<String>, String)>>,
}

/// Two docs of one language with one key (a source that repeats a page)
/// would overwrite each other: the later ones get keys of their own.
pub(super) fn dedupe_keys(source: &mut Source) {
    let mut seen: BTreeSet<(String, String)> = BTreeSet::new();
    for doc in &mut source.docs {
        let mut key = doc.key.clone();
        let mut n = 2;
        while seen.contains(&(key.clone(), doc.lang.clone())) {
            key = format!("{}#{n}", doc.key);
            n += 1;
        }
        seen.insert((key.clone(), doc.lang.clone()));
        doc.key = key;
    }
}

/// Plans the site; `Err` names a language code helpbook cannot use.
pub(super) fn plan(source: &mut Source, rules: &KindRules) -> Result<Plan, String> {
    let languages = languages(source);
    if let Some(bad) = languages.iter().find(|l| !is_language(l)) {
        return Err(bad.clone());
    }
    // One representative per key: the default language's doc, else the first.
    let mut representative: BTreeMap<String, usize> = BTreeMap::new();
    for (index, doc) in source.docs.iter().enumerate() {
        let better = representative
            .get(&doc.key)
            .is_none_or(|&r| source.docs[r].lang != languages[0] && doc.lang == languages[0]);
        if better {
            representative.insert(doc.key.clone(), index);
        }
    }
    let (kind_of, releases) = kinds(source, rules, &representative);
    let slug_of = slugs(source, &representative, &releases);
    let places = source
        .docs
        .iter()
        .map(|d| Place {
            lang: d.lang.clone(),
            kind: kind_of[&d.key].clone(),
            slug: slug_of[&d.key].clone(),
        })
        .collect();
    let (category_slugs, categories) = categories(source, &languages[0]);
    Ok(Plan {
        languages,
        places,
        category_slugs,
        categories,
        releases,
    })
}

/// As detected, plus any a doc has; a detected language without articles
/// is kept only when it is the default.
fn languages(source: &Source) -> Vec<String> {
    let mut languages = source.languages.clone();
    for doc in &source.docs {
        if !languages.contains(&doc.lang) {
            languages.push(doc.lang.clone());
        }
    }
    let first = languages.first().cloned();
    languages.retain(|l| source.docs.iter().any(|d| &d.lang == l) || Some(l) == first.as_ref());
    languages
}

/// The kind of each key, and each doc's release data. A release note
/// without any date (front matter, title, file name, last update) is
/// imported as a FAQ article and reported.
#[allow(clippy::type_complexity)]
fn kinds(
    source: &mut Source,
    rules: &KindRules,
    representative: &BTreeMap<String, usize>,
) -> (
    BTreeMap<String, String>,
    Vec<Option<(Option<String>, String)>>,
) {
    let mut kind_of: BTreeMap<String, String> = BTreeMap::new();
    for (key, &index) in representative {
        let (kind, _) = rules.kind_of(&source.docs[index]);
        kind_of.insert(key.clone(), kind);
    }
    let mut releases: Vec<Option<(Option<String>, String)>> = Vec::new();
    let mut undated: Vec<usize> = Vec::new();
    for (index, doc) in source.docs.iter().enumerate() {
        if kind_of[&doc.key] != "release" {
            releases.push(None);
            continue;
        }
        let version = model::version_in(&doc.title).or_else(|| model::version_in(&doc.slug_hint));
        let date = doc
            .date
            .clone()
            .or_else(|| model::date_in(&doc.title))
            .or_else(|| model::date_in(&doc.slug_hint))
            .or_else(|| doc.updated.clone());
        releases.push(date.map(|date| (version, date)));
        if releases[index].is_none() {
            undated.push(index);
        }
    }
    for index in undated {
        let (file, key) = (
            source.docs[index].source.clone(),
            source.docs[index].key.clone(),
        );
        source.unmapped(
            file,
            "a release note or announcement without a date: imported as a FAQ article",
        );
        for (other, d) in source.docs.iter().enumerate() {
            if d.key == key {
                releases[other] = None;
            }
        }
        kind_of.insert(key, "faq".into());
    }
    (kind_of, releases)
}

/// One slug per key, unique in the site: a release note's version, else a
/// hint that is already a slug in any translation, else the English title
/// (readable in every language's URL), else a transliteration.
fn slugs(
    source: &Source,
    representative: &BTreeMap<String, usize>,
    releases: &[Option<(Option<String>, String)>],
) -> BTreeMap<String, String> {
    let mut slug_of = BTreeMap::new();
    let mut taken = BTreeSet::new();
    for (key, &index) in representative {
        let doc = &source.docs[index];
        let translations = || source.docs.iter().filter(|d| &d.key == key);
        let hint = releases[index]
            .as_ref()
            .and_then(|(v, _)| v.clone())
            .or_else(|| {
                translations()
                    .map(|d| d.slug_hint.clone())
                    .find(|h| crate::content::check_slug(h).is_ok())
            })
            .or_else(|| {
                translations()
                    .find(|d| d.lang.starts_with("en"))
                    .map(|d| crate::content::suggest_slug(&d.title))
            })
            .unwrap_or_else(|| doc.slug_hint.clone());
        let base = match crate::content::check_slug(&hint) {
            Ok(()) => hint,
            Err(_) => match crate::content::suggest_slug(&hint) {
                fallback if fallback == "my-article" => crate::content::suggest_slug(&doc.title),
                slug => slug,
            },
        };
        let base: String = base.chars().take(80).collect();
        slug_of.insert(key.clone(), unique(base.trim_end_matches('-'), &mut taken));
    }
    slug_of
}

/// Categories in display order, each with a slug (from the English name,
/// else the key's last segment, else the default language's name) and
/// its names per language.
#[allow(clippy::type_complexity)]
fn categories(
    source: &Source,
    default: &str,
) -> (
    BTreeMap<String, String>,
    Vec<(String, BTreeMap<String, String>)>,
) {
    let mut by_category: BTreeMap<String, BTreeMap<String, (String, Option<i64>)>> =
        BTreeMap::new();
    for doc in &source.docs {
        if let Some(category) = &doc.category {
            by_category
                .entry(category.key.clone())
                .or_default()
                .entry(doc.lang.clone())
                .or_insert((category.name.clone(), category.order));
        }
    }
    let mut ordered: Vec<(Option<i64>, String, BTreeMap<String, String>)> = by_category
        .into_iter()
        .map(|(key, names)| {
            let order = names.values().find_map(|(_, o)| *o);
            let names = names.into_iter().map(|(l, (n, _))| (l, n)).collect();
            (order, key, names)
        })
        .collect();
    ordered.sort_by(|a, b| (a.0.unwrap_or(i64::MAX), &a.1).cmp(&(b.0.unwrap_or(i64::MAX), &b.1)));
    let mut category_slugs = BTreeMap::new();
    let mut categories = Vec::new();
    let mut taken = BTreeSet::new();
    for (_, key, names) in ordered {
        let last = key.rsplit('/').next().unwrap_or(&key);
        let stripped =
            last.trim_start_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '_');
        let hint = names
            .iter()
            .find(|(l, _)| l.starts_with("en"))
            .map(|(_, n)| n.clone())
            .or_else(|| {
                crate::content::check_slug(stripped)
                    .is_ok()
                    .then(|| stripped.to_string())
            })
            .or_else(|| {
                names
                    .get(default)
                    .or_else(|| names.values().next())
                    .cloned()
            })
            .unwrap_or_default();
        let slug = unique(&crate::content::suggest_slug(&hint), &mut taken);
        category_slugs.insert(key, slug.clone());
        categories.push((slug, names));
    }
    (category_slugs, categories)
}

/// `base`, or `base-2`, `base-3`… when it is taken; marks it taken.
fn unique(base: &str, taken: &mut BTreeSet<String>) -> String {
    let mut slug = base.to_string();
    let mut n = 2;
    while taken.contains(&slug) {
        slug = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(slug.clone());
    slug
}

/// Whether book.toml would take `code` as a language.
fn is_language(code: &str) -> bool {
    let book = format!(
        "title = \"t\"\nbase_url = \"https://help.example.com/\"\ndefault_language = {0}\nlanguages = [{0}]\n",
        toml::Value::String(code.to_string())
    );
    crate::Config::parse(&book).is_ok()
}
