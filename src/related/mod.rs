//! Related articles: for every article, three to five others in the same
//! language, computed at build time from term statistics.
//!
//! The term statistics come from the tantivy index the build has just
//! written (its postings); each article's highest tf·idf terms become a
//! BM25 query, scored against every other article of its language.
//! Everything is iterated in a fixed order (reading order, then term
//! bytes: a term's id is its rank in byte order) and ties are broken by
//! reading order, so the lists are identical on every build. tantivy's
//! `MoreLikeThisQuery` is not used on purpose: it gathers its terms in a
//! hash map, so its lists change from run to run.
//!
//! **Incremental.** A rebuild redoes only what an edit can change. Each
//! index segment's term statistics are kept in the build cache, keyed by
//! the segment's content (a one-article edit writes one new segment, so
//! only that one is read). Each language's lists are kept with what they
//! were computed from; when the articles and their order, the field
//! weights and the (rounded) average article length are the same, only
//! the lists an edit can change are ranked again: those of the edited
//! articles, of articles holding a term whose idf changed, and of articles
//! whose query holds a term of an edited article (before or after the
//! edit). Every other list depends on nothing that changed, so the result
//! is exactly a full computation's.
//!
//! An article that lists `related:` in its front matter gets exactly that
//! list (slugs that do not exist are warned about in `site`). `check` does
//! not compute the lists: it builds no index.

mod incremental;
mod rank;
mod terms;

use std::ops::Range;

use rayon::prelude::*;

use crate::cache::{Cache, Digest};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::search::index::BuiltIndex;
use crate::site::{Language, Site};
use incremental::{State, changes, layout};
use rank::{Kinds, Model, Top, list};
use terms::{Fields, PartTerms, merge, part_name};

/// The most related articles a page lists.
pub const MAX_RELATED: usize = 5;
/// The fewest a page lists when its language has that many other articles.
pub const MIN_RELATED: usize = 3;
/// Bumped whenever how the lists are computed changes: the cached data
/// of an older computation is then not used.
const VERSION: &str = "related 1";

/// Computed lists: language (site order) → page (reading order) → indexes
/// of related pages in that language, best first.
pub type RelatedLists = Vec<Vec<Vec<usize>>>;

/// The lists, and how much of them this run computed.
#[derive(Debug, Default)]
pub struct Related {
    pub lists: RelatedLists,
    /// Index parts whose term statistics were read from the index (the
    /// others came from the build cache).
    pub parts_read: usize,
    /// Articles whose list was ranked, and whose list was updated with the
    /// new scores of the articles that changed (the others were kept).
    pub ranked: usize,
    pub updated: usize,
}

fn index_error(error: impl std::fmt::Display) -> Diagnostics {
    Diagnostic::error(
        "related",
        crate::search::index::TANTIVY_DIR,
        format!("cannot read the search index for related articles: {error}"),
    )
    .into()
}

/// Computes every article's related list from the search index's term
/// statistics (title, headings, tags and body, weighted by the configured
/// boosts; headings count as body), reusing what `cache` kept from the
/// previous build. Reading the postings the index already holds is much
/// cheaper than analysing every article a second time.
pub fn from_index(site: &Site, built: &BuiltIndex, cache: &Cache) -> Result<Related, Diagnostics> {
    let searcher = crate::search::index::searcher(&built.index).map_err(index_error)?;
    let num_docs: usize = searcher
        .segment_readers()
        .iter()
        .map(|segment| segment.max_doc() as usize)
        .sum();
    // Documents were added language by language, in reading order.
    if num_docs != site.page_count() {
        return Err(index_error(
            "the index and the site disagree on the number of articles",
        ));
    }
    let boost = site.config.search.boost;
    let fields = Fields {
        searcher: &searcher,
        fields: &built.fields.text,
        weights: [boost.title, boost.body, boost.tags, boost.body],
    };
    let mut related = Related::default();
    let mut first = 0u32;
    // One language at a time, so only one language's term lists are in
    // memory at once.
    for language in &site.languages {
        let end = first + language.pages.len() as u32;
        let lists = language_lists(&fields, language, first..end, cache, &mut related)?;
        related.lists.push(lists);
        first = end;
    }
    Ok(related)
}
/// One language's lists (its documents are `docs`, global ids).
fn language_lists(
    fields: &Fields,
    language: &Language,
    docs: Range<u32>,
    cache: &Cache,
    related: &mut Related,
) -> Result<Vec<Vec<usize>>, Diagnostics> {
    let parts = fields.parts(docs);
    let keys: Option<Vec<(Digest, u32)>> = parts
        .iter()
        .map(|part| Some((part.key?, part.local.len() as u32)))
        .collect();
    let layout = layout(&language.pages);
    let count = language.pages.len();
    let previous = keys
        .as_ref()
        .and_then(|_| State::previous(cache, &language.code, &layout, count));
    let kinds = Kinds::of(&language.pages);
    let lists_of = |tops: &[Top]| -> Vec<Vec<usize>> {
        tops.iter()
            .enumerate()
            .map(|(doc, top)| list(&language.pages, &kinds, doc, top))
            .collect()
    };
    // The same segments (so the same terms) and the same articles in
    // the same order: the same lists, with nothing to read.
    if let Some(state) = &previous
        && Some(&state.parts) == keys.as_ref()
        && state
            .parts
            .iter()
            .all(|(key, _)| cache.keep_entry(&part_name(key), key))
    {
        crate::trace::step("      related: unchanged");
        return Ok(lists_of(&state.tops));
    }
    let read = std::sync::atomic::AtomicUsize::new(0);
    let part_terms: Vec<PartTerms> = parts
        .par_iter()
        .map(|part| fields.part_terms(part, cache, &read))
        .collect::<Result<_, _>>()?;
    let parts_read = read.into_inner();
    related.parts_read += parts_read;
    let (names, terms) = merge(part_terms);
    crate::trace::step("      related: terms");
    let model = Model::new(&language.pages, terms, names.len());
    let previous = previous.filter(|state| state.average.to_bits() == model.average.to_bits());
    let kept = previous.and_then(|state| {
        let changes = changes(cache, &state, keys.as_deref()?, &names, &model.docs)?;
        Some((model.plan(&changes), changes.docs, state.tops))
    });
    let average = model.average;
    let ranked = model.rank(kept);
    related.ranked += ranked.ranked;
    related.updated += ranked.updated;
    crate::trace::step("      related: ranked");
    if crate::trace::enabled() {
        crate::tell!(
            "        {} lists ranked, {} updated, {} kept; {} of {} index parts read",
            ranked.ranked,
            ranked.updated,
            count - ranked.ranked - ranked.updated,
            parts_read,
            parts.len()
        );
    }
    let lists = lists_of(&ranked.tops);
    if let Some(parts) = keys {
        let state = State {
            layout,
            average,
            parts,
            tops: ranked.tops,
        };
        state.store(cache, &language.code);
    }
    Ok(lists)
}

/// Sets `page.related` everywhere: the front matter's `related:` (slugs
/// that exist in the language, in order, never the page itself), else the
/// computed list.
pub fn apply(site: &mut Site, lists: &RelatedLists) {
    for (language, computed) in site.languages.iter_mut().zip(lists) {
        let pinned: Vec<Option<Vec<usize>>> = language
            .pages
            .iter()
            .enumerate()
            .map(|(index, page)| {
                if page.article.related.is_empty() {
                    return None;
                }
                let mut list: Vec<usize> = Vec::new();
                for slug in &page.article.related {
                    if let Some(&other) = language.by_slug.get(slug)
                        && other != index
                        && !list.contains(&other)
                    {
                        list.push(other);
                    }
                }
                Some(list)
            })
            .collect();
        for ((page, computed), pinned) in language.pages.iter_mut().zip(computed).zip(pinned) {
            page.related = pinned.unwrap_or_else(|| computed.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_site() -> Site {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = crate::load_config(root, None).expect("sample book.toml");
        let mut site = crate::load_site(root, config, false).expect("sample site");
        // Many small segments, as a large site has.
        site.config.search.index_chunk_articles = 2;
        site
    }

    /// The lists computed with the cache `dir` holds (then kept there),
    /// and the lists computed from scratch, which must be the same.
    fn lists(site: &Site, dir: &std::path::Path) -> Related {
        let built = crate::search::index::build(site, None).expect("index");
        let cache = Cache::open(dir, &|_| {});
        let related = from_index(site, &built, &cache).expect("related");
        cache.save(None);
        let full = from_index(site, &built, &Cache::in_memory()).expect("related");
        assert_eq!(full.ranked, site.page_count());
        assert_eq!(related.lists, full.lists, "incremental lists differ");
        related
    }

    fn page<'a>(site: &'a mut Site, url_part: &str) -> &'a mut crate::site::Page {
        site.languages
            .iter_mut()
            .flat_map(|language| language.pages.iter_mut())
            .find(|page| page.url.contains(url_part))
            .unwrap_or_else(|| panic!("no page {url_part}"))
    }

    /// Edits of every kind, each followed by a rebuild that reads only the
    /// edited article's segment and ranks only the lists the edit can
    /// change, and gives exactly the lists of a full computation.
    #[test]
    fn rebuilds_rank_only_what_an_edit_can_change() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut site = sample_site();
        let count = site.page_count();
        let parts = crate::search::index::build(&site, None)
            .expect("index")
            .chunks
            .chunks;
        assert!(parts > 6, "{parts} segments");

        let cold = lists(&site, dir.path());
        assert_eq!((cold.parts_read, cold.ranked), (parts, count), "cold");
        let cache_bytes = || -> u64 {
            std::fs::read_dir(dir.path().join(crate::cache::CACHE_DIR))
                .expect("cache folder")
                .filter_map(|entry| entry.ok()?.metadata().ok())
                .filter(|meta| meta.is_file())
                .map(|meta| meta.len())
                .sum()
        };
        let before = cache_bytes();
        let again = lists(&site, dir.path());
        assert_eq!((again.parts_read, again.ranked), (0, 0), "nothing changed");
        assert_eq!(again.updated, 0);
        // Nothing stored again when nothing changed.
        assert_eq!(cache_bytes(), before);

        // A sentence added to one article's body.
        let edited = page(&mut site, "/en/faq/reset-password/");
        edited.rendered.edit_sections(|s| {
            s[0].text
                .push_str(" Reset the password from the sign-in screen.")
        });
        let body = lists(&site, dir.path());
        assert_eq!(body.parts_read, 1, "one segment read");
        // The sample site is small, so a term is in many of its articles:
        // at least the other language's lists are kept.
        let english = site.languages[1].pages.len();
        assert!(
            (1..=english).contains(&body.ranked),
            "{} of {count} lists ranked",
            body.ranked
        );

        // A new title, a tag, a word that no other article has.
        let edited = page(&mut site, "/zh-cn/");
        edited.article.title.push_str(" 提现限额");
        edited.article.tags.push("限额".into());
        let title = lists(&site, dir.path());
        assert_eq!(title.parts_read, 1);
        assert!(title.ranked < count, "{} lists ranked", title.ranked);
        let edited = page(&mut site, "/en/faq/reset-password/");
        edited
            .rendered
            .edit_sections(|s| s[0].text.push_str(" Zyzzogeton."));
        let rare = lists(&site, dir.path());
        assert!(rare.ranked < count, "{} lists ranked", rare.ranked);

        // Edits in several articles at once, one of them undone.
        for url in ["/en/", "/zh-cn/", "/en/faq/reset-password/"] {
            let edited = page(&mut site, url);
            edited.rendered.edit_sections(|s| {
                let text = &mut s[0].text;
                if url.ends_with("reset-password/") {
                    text.truncate(text.len() - " Zyzzogeton.".len());
                } else {
                    text.push_str(" withdrawal 提现 fee 手续费 card");
                }
            });
        }
        let several = lists(&site, dir.path());
        assert!(several.parts_read >= 2);

        // An article much longer than the others moves the average length:
        // every list is ranked again, and still the same as a full one.
        let edited = page(&mut site, "/en/faq/reset-password/");
        let long = " password reset sign in account recovery".repeat(2000);
        edited.rendered.edit_sections(|s| s[0].text.push_str(&long));
        let longer = lists(&site, dir.path());
        assert!(longer.ranked > 0);

        // The cache gone: everything read and ranked.
        std::fs::remove_dir_all(dir.path().join(crate::cache::CACHE_DIR)).expect("rm");
        let fresh = lists(&site, dir.path());
        assert_eq!((fresh.parts_read, fresh.ranked), (parts, count));
    }

    /// Many rounds of small random edits (words added to or taken from
    /// one to three articles' bodies, titles and tags): each rebuild gives
    /// exactly a full computation's lists.
    #[test]
    fn random_edits_give_a_full_computations_lists() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut site = sample_site();
        let words = [
            "withdrawal",
            "fee",
            "card",
            "password",
            "reset",
            "提现",
            "手续费",
            "银行卡",
            "密码",
            "验证码",
            "limit",
            "refund",
            "退款",
            "scam",
            "客服",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = |bound: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % bound as u64) as usize
        };
        let (mut patched, mut kept, mut updated) = (0usize, 0usize, 0usize);
        lists(&site, dir.path());
        for _ in 0..25 {
            for _ in 0..1 + next(3) {
                let language = next(site.languages.len());
                let pages = &mut site.languages[language].pages;
                let at = next(pages.len());
                let page = &mut pages[at];
                let word = words[next(words.len())];
                match next(4) {
                    0 => page.article.title.push_str(&format!(" {word}")),
                    1 => page.article.tags.push(word.to_string()),
                    2 => page.rendered.edit_sections(|s| {
                        let text = &mut s[0].text;
                        let keep = text.len() / 2;
                        let cut = (0..=keep).rev().find(|&i| text.is_char_boundary(i));
                        text.truncate(cut.unwrap_or(0));
                    }),
                    _ => {
                        let added: Vec<&str> =
                            (0..1 + next(4)).map(|_| words[next(words.len())]).collect();
                        page.rendered.edit_sections(|s| {
                            for word in added {
                                s[0].text.push(' ');
                                s[0].text.push_str(word);
                            }
                        });
                    }
                }
            }
            let related = lists(&site, dir.path());
            patched += usize::from(related.ranked < site.page_count());
            kept += site.page_count() - related.ranked;
            updated += related.updated;
        }
        assert!(updated > 20, "{updated} lists updated");
        assert!(
            patched > 10,
            "{patched} of 25 rebuilds ranked fewer than every list"
        );
        assert!(kept > 0);
    }

    /// A part's statistics decoded from damaged bytes are not used.
    #[test]
    fn malformed_part_terms_are_rejected() {
        let good = PartTerms {
            terms: vec![b"a".to_vec(), b"b".to_vec()],
            docs: vec![vec![(0, 1.0), (1, 2.0)], vec![]],
        };
        assert!(good.is_valid(2));
        assert!(!good.is_valid(3));
        let unsorted = PartTerms {
            terms: vec![b"b".to_vec(), b"a".to_vec()],
            ..good
        };
        assert!(!unsorted.is_valid(2));
        let out_of_range = PartTerms {
            terms: vec![b"a".to_vec()],
            docs: vec![vec![(3, 1.0)], vec![]],
        };
        assert!(!out_of_range.is_valid(2));
    }
}
