//! What a rebuild's static index can keep of the previous build's: the
//! shards whose terms did not change.
//!
//! A shard is a function of its terms' entries, and where it is cut
//! depends on the terms since the last cut only ([`super::shards`]). After
//! an edit, the terms whose entries changed are those whose postings
//! differ between the index segments the edit replaced and the ones that
//! replaced them (a term's document frequency is summed over the
//! postings, so it changes only with them). A shard none of whose terms
//! changed is kept; the terms are cut again from each changed shard until
//! a cut falls where an unchanged shard starts, from where on the cuts
//! are the ones the previous build made. The shards are exactly those a
//! full export gives (`tests/incremental.rs` compares them).

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::shards::{EMPTY, Segments, Shard, Sharder, TERM_RANGES, TermPostings, TermRange};
use crate::cache::{Cache, Digest, Hasher};
use crate::diagnostic::Diagnostics;
use crate::search::index::FIELD_COUNT;

/// A previous build's shard, kept as it is, after a shard ending with
/// `before` (its separator is cut from that shard's last term).
fn kept(shard: &Shard, before: Option<&Shard>) -> Shard {
    Shard {
        separator: before.map_or_else(String::new, |b| {
            super::shards::separator(&b.last, &shard.first)
        }),
        bytes: None,
        ..shard.clone()
    }
}

/// What the previous build's export was made from, and its shards.
#[derive(Serialize, Deserialize)]
pub(super) struct State {
    /// [`layout`] of the site it was made for.
    layout: Digest,
    /// The index's segments, in reading order.
    segments: Vec<String>,
    /// Each language's shards (without their bytes), by language code.
    languages: Vec<(String, Vec<Shard>)>,
}

/// The cache entry of the state, and its key.
fn entry() -> (PathBuf, Digest) {
    (
        PathBuf::from(".export/state"),
        Hasher::default()
            .part(env!("CARGO_PKG_VERSION"))
            .part(super::FORMAT.to_le_bytes())
            .part(STATE_FORMAT.to_le_bytes())
            .finish(),
    )
}

/// The version of [`State`]'s encoding.
const STATE_FORMAT: u32 = 2;

/// What global document ids stand for: every language's articles in
/// order (URLs), and the version of the format.
pub(super) fn layout(site: &crate::site::Site) -> Digest {
    let mut hasher = Hasher::default();
    hasher
        .part(env!("CARGO_PKG_VERSION"))
        .part(super::FORMAT.to_le_bytes());
    for language in &site.languages {
        hasher
            .part(&language.code)
            .part((language.pages.len() as u64).to_le_bytes());
        for page in &language.pages {
            hasher.part(&page.url);
        }
    }
    hasher.finish()
}

impl State {
    pub fn new(
        layout: Digest,
        segments: Vec<String>,
        languages: Vec<(String, Vec<Shard>)>,
    ) -> State {
        State {
            layout,
            segments,
            languages,
        }
    }

    /// Keeps the state for the next build.
    pub fn store(&self, cache: &Cache) {
        if !cache.keeps_entries() {
            return;
        }
        let (name, key) = entry();
        if let Ok(bytes) = postcard::to_stdvec(self) {
            cache.store_entry(&name, key, &bytes);
        }
    }

    /// The state the previous build kept, when it is well formed.
    fn previous(cache: &Cache) -> Option<State> {
        if !cache.keeps_entries() {
            return None;
        }
        let (name, key) = entry();
        cache
            .entry(&name, &key, |bytes| {
                postcard::from_bytes::<State>(bytes).ok()
            })
            .filter(State::is_valid)
    }

    /// Whether every language's shards are in range order with their
    /// separators in order within a range (what [`lookup`] needs).
    fn is_valid(&self) -> bool {
        self.languages.iter().all(|(_, shards)| {
            shards
                .iter()
                .all(|s| (s.range as usize) < TERM_RANGES.len())
                && shards.windows(2).all(|pair| {
                    pair[0].range < pair[1].range
                        || (pair[0].range == pair[1].range
                            && pair[0].separator < pair[1].separator
                            && pair[0].last < pair[1].first)
                })
        })
    }
}

/// What this build's export keeps of the previous one's.
pub(super) struct Plan {
    /// Each language's previous shards, by language code.
    languages: Vec<(String, Vec<Shard>)>,
    /// The terms whose entries may have changed, in byte order.
    changed: Vec<Vec<u8>>,
}

impl Plan {
    /// The plan for an index whose segments are `readers` (with their
    /// `names` and global documents `segment_docs`, in reading order) for a site of `layout`,
    /// when the previous build's state is in `cache`, it was made for the
    /// same documents, and its index is in `previous` (a tantivy folder):
    /// `None` when the export must be made whole.
    pub fn new(
        cache: &Cache,
        previous: &Path,
        layout: &Digest,
        names: &[String],
        readers: &[tantivy::SegmentReader],
        segment_docs: &[std::ops::Range<u32>],
        fields: &[tantivy::schema::Field; FIELD_COUNT],
    ) -> Result<Option<Plan>, Diagnostics> {
        let Some(state) = State::previous(cache).filter(|s| s.layout == *layout) else {
            return Ok(None);
        };
        // The previous index, which must be the one the state describes.
        let Ok(old) = crate::search::index::open_folder(previous) else {
            return Ok(None);
        };
        let Ok(searcher) = crate::search::index::searcher(&old.0) else {
            return Ok(None);
        };
        let mut old_segments = Vec::new();
        let mut start = 0u32;
        for segment in searcher.segment_readers() {
            let docs = start..start + segment.max_doc();
            start = docs.end;
            old_segments.push((segment.segment_id().uuid_string(), segment, docs));
        }
        let old_names: Vec<&String> = old_segments.iter().map(|(n, _, _)| n).collect();
        if old_names.len() != state.segments.len()
            || old_names.iter().zip(&state.segments).any(|(a, b)| *a != b)
        {
            return Ok(None);
        }
        // Replaced and replacing segments; the others must hold the same
        // documents as before.
        let mut replaced = Segments::default();
        for (name, segment, docs) in &old_segments {
            match names.iter().position(|n| n == name) {
                Some(at) if segment_docs[at] != *docs => return Ok(None),
                Some(_) => {}
                None => replaced.push(segment, &old.1.text, docs.clone())?,
            }
        }
        let mut replacing = Segments::default();
        for ((name, segment), docs) in names.iter().zip(readers).zip(segment_docs) {
            if !state.segments.contains(name) {
                replacing.push(segment, fields, docs.clone())?;
            }
        }
        let changed = changed_terms(replaced, replacing)?;
        Ok(Some(Plan {
            languages: state.languages,
            changed,
        }))
    }

    /// The previous shards of the language `code`, when it had terms.
    pub fn language(&self, code: &str) -> Option<&[Shard]> {
        self.languages
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, shards)| shards.as_slice())
            .filter(|shards| !shards.is_empty() && shards.iter().all(|s| s.range != EMPTY))
    }

    /// How many terms may have changed.
    pub fn changed(&self) -> usize {
        self.changed.len()
    }

    /// The shards of one of [`TERM_RANGES`] of a language whose documents
    /// are `docs`, given its previous shards (all ranges'): the unchanged
    /// ones that `available` says the output has are kept, the others cut
    /// again from the index.
    pub fn reshard(
        &self,
        terms: &Terms,
        index: usize,
        previous: &[Shard],
        available: &(dyn Fn(&Digest) -> bool + Sync),
    ) -> Result<Vec<Shard>, Diagnostics> {
        let range = &TERM_RANGES[index];
        let previous: Vec<&Shard> = previous
            .iter()
            .filter(|s| s.range as usize == index)
            .collect();
        if previous.is_empty() {
            // No terms there before: any there are now are cut anew.
            return cut(terms, range.from, range.to, None, |_| false);
        }
        // (The site a build starts from may be older than the previous
        // build's: the shards that build made are cut again.)
        let mut dirty: Vec<bool> = previous.iter().map(|s| !available(&s.digest)).collect();
        for term in &self.changed {
            if in_range(range, term) {
                dirty[lookup(&previous, term)] = true;
            }
        }
        let mut shards: Vec<Shard> = Vec::new();
        let mut at = 0;
        while at < previous.len() {
            if !dirty[at] {
                shards.push(kept(previous[at], shards.last()));
                at += 1;
                continue;
            }
            // Cut again from where this shard's terms start, until a cut
            // falls where an unchanged shard starts.
            let from = match at {
                0 => range.from,
                _ => Some(previous[at].separator.as_bytes()),
            };
            let mut resume = None;
            let made = cut(
                terms,
                from,
                range.to,
                shards.last().map(|s| s.last.as_slice()),
                |term| {
                    let next = lookup(&previous, term);
                    let aligned = !dirty[next] && previous[next].first == term;
                    if aligned {
                        resume = Some(next);
                    }
                    aligned
                },
            )?;
            shards.extend(made);
            match resume {
                Some(next) => at = next,
                None => break,
            }
        }
        Ok(shards)
    }
}

/// A language's terms from `from` (inclusive) to `to` (exclusive), in
/// byte order, with their entries, given to `visit` until it breaks (in a
/// build, [`super::shards::for_each_term`]).
pub(super) type Terms<'a> = dyn Fn(
        Option<&[u8]>,
        Option<&[u8]>,
        &mut dyn FnMut(&[u8], &TermPostings) -> ControlFlow<()>,
    ) -> Result<(), Diagnostics>
    + Sync
    + 'a;

/// A language's shards, all cut from its terms (each of [`TERM_RANGES`]
/// on its own, in parallel).
pub(super) fn all_shards(terms: &Terms) -> Result<Vec<Shard>, Diagnostics> {
    use rayon::prelude::*;
    let ranges = TERM_RANGES
        .par_iter()
        .map(|range| cut(terms, range.from, range.to, None, |_| false))
        .collect::<Result<Vec<_>, Diagnostics>>()?;
    Ok(super::shards::join_ranges(ranges))
}

/// Cuts the terms from `from` to `to` into shards, going on after a
/// shard ending with `after`, until `stop` says a term that starts a
/// shard (after a cut of this run) need not be cut again.
fn cut(
    terms: &Terms,
    from: Option<&[u8]>,
    to: Option<&[u8]>,
    after: Option<&[u8]>,
    mut stop: impl FnMut(&[u8]) -> bool,
) -> Result<Vec<Shard>, Diagnostics> {
    let mut sharder = Sharder::after(after);
    terms(from, to, &mut |term, postings| {
        if sharder.at_cut() && stop(term) {
            return ControlFlow::Break(());
        }
        sharder.add(term, postings);
        ControlFlow::Continue(())
    })?;
    Ok(sharder.finish())
}

/// Whether `term` is in `range`.
fn in_range(range: &TermRange, term: &[u8]) -> bool {
    range.from.is_none_or(|from| term >= from) && range.to.is_none_or(|to| term < to)
}

/// Which of a range's previous shards `term` falls in: the last whose
/// separator is not after it (the first shard's lower bound is the
/// range's start, whatever its separator).
fn lookup(previous: &[&Shard], term: &[u8]) -> usize {
    previous[1..].partition_point(|s| s.separator.as_bytes() <= term)
}

/// The terms whose postings (documents, frequencies, norms) in some field
/// differ between the `replaced` segments and the `replacing` ones, which
/// hold the same documents: the only terms whose entries (postings and
/// document frequencies) can differ from the previous build's.
fn changed_terms(replaced: Segments, replacing: Segments) -> Result<Vec<Vec<u8>>, Diagnostics> {
    let count = replaced.docs.len();
    let mut all = replaced;
    all.append(replacing);
    let mut changed: Vec<Vec<u8>> = Vec::new();
    let mut mergers = all.mergers(None, None)?;
    let mut term = Vec::new();
    let (mut before, mut after) = (Vec::new(), Vec::new());
    for (f, (merger, live)) in mergers.iter_mut().enumerate() {
        while *live {
            term.clear();
            term.extend_from_slice(merger.key());
            before.clear();
            after.clear();
            for (ordinal, info) in merger.current_segment_ords_and_term_infos() {
                let docs = &all.docs[ordinal];
                let list = if ordinal < count {
                    &mut before
                } else {
                    &mut after
                };
                all.read_postings(ordinal, f, &info, 0..docs.end - docs.start, list)?;
            }
            before.sort_unstable();
            after.sort_unstable();
            if before != after {
                changed.push(term.clone());
            }
            *live = merger.advance();
        }
    }
    changed.sort_unstable();
    changed.dedup();
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::export::shards::join_ranges;

    /// A small deterministic generator (xorshift).
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    type List = Vec<(Vec<u8>, TermPostings)>;

    /// `n` postings in the body, of frequency `tf`.
    fn postings(n: usize, tf: u32) -> TermPostings {
        let mut p: TermPostings = Default::default();
        p[3] = (n as u32, (0..n as u32).map(|d| (d * 3, tf, 9)).collect());
        p
    }

    fn random_term(rng: &mut Rng) -> Vec<u8> {
        let letters = |rng: &mut Rng, n: usize| -> String {
            (0..n)
                .map(|_| char::from(b'a' + rng.below(26) as u8))
                .collect()
        };
        match rng.below(10) {
            0 => format!("!{} {}", letters(rng, 2), letters(rng, 2)).into_bytes(),
            1 => format!("#{}", letters(rng, 2)).into_bytes(),
            _ => {
                let n = 3 + rng.below(6);
                letters(rng, n).into_bytes()
            }
        }
    }

    fn random_postings(rng: &mut Rng) -> TermPostings {
        // Now and then a term common enough to get a shard of its own.
        let n = if rng.below(200) == 0 {
            3000 + rng.below(2000)
        } else {
            1 + rng.below(40)
        };
        postings(n, 1 + rng.below(3) as u32)
    }

    /// The terms of `list` as a build streams them from the index.
    fn source(list: &List) -> Box<Terms<'_>> {
        Box::new(move |from, to, visit| {
            for (term, postings) in list {
                let term = term.as_slice();
                if from.is_some_and(|from| term < from) || to.is_some_and(|to| term >= to) {
                    continue;
                }
                if visit(term, postings).is_break() {
                    break;
                }
            }
            Ok(())
        })
    }

    /// Every shard of `list`, as a full export cuts them.
    fn full(list: &List) -> Vec<Shard> {
        all_shards(&*source(list)).unwrap_or_default()
    }

    /// A shard's separator, digest, first and last terms, range and words.
    type Summary = (String, Digest, Vec<u8>, Vec<u8>, u8, usize);

    fn summary(shards: &[Shard]) -> Vec<Summary> {
        shards
            .iter()
            .map(|s| {
                (
                    s.separator.clone(),
                    s.digest,
                    s.first.clone(),
                    s.last.clone(),
                    s.range,
                    s.words.len(),
                )
            })
            .collect()
    }

    /// Random terms, changed at random (postings, new terms, removed
    /// terms), some of the previous shards missing from the output: the
    /// shards kept and cut again are exactly those of a full cut.
    #[test]
    fn reshards_are_full_cuts() {
        let mut rng = Rng(0x5eed_c0de);
        let mut kept_total = 0;
        let mut made_total = 0;
        for trial in 0..30 {
            let mut list: List = (0..4000)
                .map(|_| (random_term(&mut rng), random_postings(&mut rng)))
                .collect();
            list.sort_by(|a, b| a.0.cmp(&b.0));
            list.dedup_by(|a, b| a.0 == b.0);
            let before = full(&list);
            assert!(before.len() > 20, "{} shards", before.len());
            // As the cache gives them back: without their bytes.
            let previous: Vec<Shard> = before
                .iter()
                .map(|s| Shard {
                    bytes: None,
                    ..s.clone()
                })
                .collect();

            let mut changed = Vec::new();
            for _ in 0..1 + rng.below(if trial % 3 == 0 { 60 } else { 6 }) {
                let at = rng.below(list.len());
                match rng.below(3) {
                    0 => {
                        list[at].1 = random_postings(&mut rng);
                        changed.push(list[at].0.clone());
                    }
                    1 => {
                        let term = random_term(&mut rng);
                        if let Err(at) = list.binary_search_by(|t| t.0.cmp(&term)) {
                            list.insert(at, (term.clone(), random_postings(&mut rng)));
                            changed.push(term);
                        }
                    }
                    _ => changed.push(list.remove(at).0),
                }
            }
            changed.sort_unstable();
            changed.dedup();
            let plan = Plan {
                languages: vec![("x".into(), previous.clone())],
                changed,
            };
            // A shard in ten is missing from the site the build starts from.
            let missing: Vec<Digest> = previous
                .iter()
                .filter(|_| rng.below(10) == 0)
                .map(|s| s.digest)
                .collect();
            let available = |digest: &Digest| !missing.contains(digest);
            let terms = source(&list);
            let shards = plan.language("x").map(|previous| {
                join_ranges(
                    (0..TERM_RANGES.len())
                        .map(|range| {
                            plan.reshard(&*terms, range, previous, &available)
                                .unwrap_or_default()
                        })
                        .collect(),
                )
            });
            let shards = shards.unwrap_or_default();
            assert_eq!(summary(&shards), summary(&full(&list)), "trial {trial}");
            for shard in &shards {
                match &shard.bytes {
                    None => {
                        assert!(previous.iter().any(|p| p.digest == shard.digest));
                        assert!(!missing.contains(&shard.digest), "a missing shard kept");
                        kept_total += 1;
                    }
                    Some(_) => made_total += 1,
                }
            }
        }
        assert!(
            kept_total > 2 * made_total,
            "{kept_total} shards kept, {made_total} cut again"
        );
    }

    #[test]
    fn a_damaged_state_is_not_used() {
        let shard = |range: u8, separator: &str, first: &str, last: &str| Shard {
            range,
            bytes: None,
            separator: separator.into(),
            digest: [0; 32],
            size: 1,
            first: first.as_bytes().to_vec(),
            last: last.as_bytes().to_vec(),
            words: Vec::new(),
        };
        let state = |shards: Vec<Shard>| State {
            layout: [0; 32],
            segments: Vec::new(),
            languages: vec![("en".into(), shards)],
        };
        let good = vec![shard(2, "", "a", "b"), shard(2, "c", "c", "d")];
        assert!(state(good).is_valid());
        let unordered = vec![shard(2, "c", "c", "d"), shard(2, "", "a", "b")];
        assert!(!state(unordered).is_valid());
        let out_of_range = vec![shard(7, "", "a", "b")];
        assert!(!state(out_of_range).is_valid());
    }
}
