//! What an incremental build may reuse, kept in `<root>/.helpbook/cache/`
//! between builds: safe to delete (the next build is a full one), ignored
//! by git (`helpbook init` writes the `.gitignore` line).
//!
//! Four kinds of reuse, each keyed so that a reused value is exactly what
//! recomputing it would give:
//!
//! - **Parsed front matter**: an article's validated fields, reused while
//!   its file's text, its path and book.toml are the same (only parses
//!   without a diagnostic are kept, see `content::parsed`).
//! - **Related-article data** (see `related`): each index segment's term
//!   statistics, keyed by the segment's content, and each language's lists
//!   with what they were computed from.
//! - **Markdown renderings** (the stage that parses, resolves links, reads
//!   contacts out of what readers see): reused while the article's text,
//!   its language and book.toml (`Config::digest`) are the same *and* every
//!   relative link it resolved resolves the same way now. Renderings live
//!   in an append-only pack file and are read back as needed, in three
//!   parts: the rest is decoded for every reused article, its HTML only
//!   when its page is written, and its sections' text only when its
//!   search documents are made again (a reused rendering carries a digest
//!   of them instead). When most of a pack is dead, its live part is
//!   copied to a new pack under a new name; the index names its pack, and
//!   the old one is deleted only once the new index is in place, so an
//!   index never reads places in a pack it was not written with (even
//!   after a run killed halfway through).
//! - **Output files**: for each generated file, a digest of everything it
//!   was made from (the template context, the templates) and the digest of
//!   its bytes. A page whose inputs are unchanged is not rendered again:
//!   its bytes are taken from the previous output (hard-linked into the new
//!   one), which must still hold exactly those bytes.
//!
//! The whole cache is dropped when helpbook's version changes. The cache
//! is locked while a pipeline runs, so two builds of one project
//! never write it at once (the second waits). A cache that cannot be read
//! (another version of helpbook, a torn write) is simply started afresh.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use serde::{Deserialize, Serialize};

use crate::markdown::{Rendered, Section, SectionsHeld};

/// The cache folder inside a site.
pub const CACHE_DIR: &str = ".helpbook/cache";
/// Bumped whenever what the cache stores changes meaning.
const FORMAT: u32 = 10;
const INDEX_FILE: &str = "index.bin";
/// A pack is named `renderings-<name>.pack`; each new pack (a cold start,
/// a compaction) gets a name no other has had, and the index names the
/// one it describes. A pack is never renamed over another: an index left
/// by a run killed halfway through a compaction still names its own pack,
/// never one whose bytes are elsewhere.
const PACK_PREFIX: &str = "renderings-";
const PACK_SUFFIX: &str = ".pack";
const LOCK_FILE: &str = "lock";
/// The pack is rewritten when less than this share of it is still used.
const LIVE_SHARE_PERCENT: u64 = 50;

/// A 32-byte digest (blake3).
pub type Digest = [u8; 32];

/// Hashes parts that are fed in order, each length-prefixed so `("ab",
/// "c")` and `("a", "bc")` differ.
#[derive(Default)]
pub struct Hasher(blake3::Hasher);

impl Hasher {
    pub fn part(&mut self, bytes: impl AsRef<[u8]>) -> &mut Self {
        let bytes = bytes.as_ref();
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
        self
    }

    pub fn finish(&self) -> Digest {
        *self.0.finalize().as_bytes()
    }
}

/// A stored Markdown rendering of one article.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Rendering {
    /// Body text, language and site-wide render key, hashed.
    key: Digest,
    /// Every relative target the rendering resolved, and its result.
    resolved: Vec<(String, Option<String>)>,
    /// Where it is in the pack: three parts, one after the other. First
    /// the serialized [`Rendered`] (without its HTML and sections, with a
    /// summary of the sections), `len` bytes; then its sections, read only
    /// for the pages whose search documents are made again; then its HTML,
    /// as UTF-8, read only when a page is written (so a build holds no
    /// article's HTML longer than that).
    at: u64,
    len: u64,
    sections_len: u64,
    html_len: u64,
}

impl Rendering {
    /// The bytes of all three parts.
    fn span(&self) -> u64 {
        self.len + self.sections_len + self.html_len
    }

    /// Where its sections and its HTML are.
    fn places(&self) -> Places {
        let sections_at = self.at + self.len;
        Places {
            sections: (sections_at, self.sections_len),
            html: (sections_at + self.sections_len, self.html_len),
        }
    }
}

/// One generated file of the previous output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Output {
    /// Everything the file was made from.
    pub inputs: Digest,
    /// Its bytes.
    pub bytes: Digest,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Index {
    format: u32,
    version: String,
    /// Source path (relative to the root) → its rendering.
    renderings: HashMap<PathBuf, Rendering>,
    /// Output path → what it was made from, for the output folder it
    /// describes (`out`, canonical).
    out: Option<PathBuf>,
    outputs: HashMap<String, Output>,
    /// Bytes of the pack the renderings use.
    live: u64,
    /// The file name of that pack.
    pack: String,
    /// Named entries: an article's source path → its parsed front matter
    /// (see [`crate::content`]); `.related/…` → related-article data.
    entries: HashMap<PathBuf, Entry>,
}

/// A named entry: bytes its user encodes, stored with what they were made
/// from.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Entry {
    /// What the bytes depended on, hashed.
    key: Digest,
    /// Where its bytes are in the pack (not in the index: a site's front
    /// matter would stay in memory for the whole build).
    at: u64,
    len: u64,
}

/// The pack file and its length, written by one thread at a time.
#[derive(Default)]
struct Pack {
    /// Shared, so that a read (`pread`, which needs no lock) does not hold
    /// the lock.
    file: Option<std::sync::Arc<File>>,
    len: u64,
    /// Its file name in the cache folder.
    name: String,
}

/// A file name for a new pack that no pack has had: from the time, the
/// process and a counter.
fn new_pack_name() -> String {
    static COUNT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let count = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let mut hasher = blake3::Hasher::new();
    hasher.update(&nanos.to_le_bytes());
    hasher.update(&std::process::id().to_le_bytes());
    hasher.update(&count.to_le_bytes());
    let id = hasher.finalize().to_hex();
    format!("{PACK_PREFIX}{}{PACK_SUFFIX}", &id.as_str()[..16])
}

/// Whether `name` is a pack's file name (and only a file name).
fn is_pack_name(name: &str) -> bool {
    name.strip_prefix(PACK_PREFIX)
        .and_then(|rest| rest.strip_suffix(PACK_SUFFIX))
        .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The cache of a site, locked for one pipeline run. Shared by the threads
/// that render articles: lookups and stores take `&self`.
pub struct Cache {
    dir: PathBuf,
    index: Index,
    pack: Mutex<Pack>,
    /// Renderings stored or reused by this run (the rest are dropped at save).
    used: Mutex<HashMap<PathBuf, Rendering>>,
    /// The previous run's renderings not looked up yet: a rendering moves
    /// from here to `used` (as entries do), never copied.
    previous_renderings: Mutex<HashMap<PathBuf, Rendering>>,
    outputs: Mutex<HashMap<String, Output>>,
    /// Named entries stored or reused by this run (kept for the next), and
    /// the previous run's not looked up yet: an entry moves from one to the
    /// other, so a site's entries are in memory once.
    entries: Mutex<HashMap<PathBuf, Entry>>,
    previous_entries: Mutex<HashMap<PathBuf, Entry>>,
    /// Renderings taken from the cache by this run.
    reused: std::sync::atomic::AtomicUsize,
    _lock: Option<File>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl Cache {
    /// Opens `<root>/.helpbook/cache`, waiting while another helpbook run
    /// holds it. Never fails: a cache that cannot be used is a cold one
    /// (`warn` says why, when it is worth saying).
    pub fn open(root: &Path, warn: &dyn Fn(&str)) -> Cache {
        let dir = root.join(CACHE_DIR);
        let cold = |dir: PathBuf, lock: Option<File>| Cache {
            dir,
            index: Index::default(),
            pack: Mutex::new(Pack::default()),
            used: Mutex::default(),
            previous_renderings: Mutex::default(),
            outputs: Mutex::default(),
            entries: Mutex::default(),
            previous_entries: Mutex::default(),
            reused: Default::default(),
            _lock: lock,
        };
        if std::fs::create_dir_all(&dir).is_err() {
            warn("the build cache (.helpbook/cache) cannot be created: building without it");
            return cold(dir, None);
        }
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(LOCK_FILE))
            .ok();
        if let Some(file) = &lock
            && file.try_lock().is_err()
        {
            warn("waiting for another helpbook run that uses this site's build cache…");
            let _ = file.lock();
        }
        let index: Option<Index> = std::fs::read(dir.join(INDEX_FILE))
            .ok()
            .and_then(|bytes| postcard::from_bytes(&bytes).ok())
            .filter(|i: &Index| i.format == FORMAT && i.version == env!("CARGO_PKG_VERSION"));
        let Some(mut index) = index.filter(|i| is_pack_name(&i.pack)) else {
            return cold(dir, lock);
        };
        let pack = File::options()
            .read(true)
            .write(true)
            .open(dir.join(&index.pack))
            .ok();
        let pack_len = pack
            .as_ref()
            .and_then(|f| f.metadata().ok())
            .map_or(0, |m| m.len());
        if pack.is_none() {
            return cold(dir, lock);
        }
        let previous_entries = Mutex::new(std::mem::take(&mut index.entries));
        let previous_renderings = Mutex::new(std::mem::take(&mut index.renderings));
        let name = index.pack.clone();
        Cache {
            dir,
            index,
            pack: Mutex::new(Pack {
                file: pack.map(std::sync::Arc::new),
                len: pack_len,
                name,
            }),
            used: Mutex::default(),
            previous_renderings,
            outputs: Mutex::default(),
            entries: Mutex::default(),
            previous_entries,
            reused: Default::default(),
            _lock: lock,
        }
    }

    /// A cache that is not kept (for `check` on a read-only site, tests).
    pub fn in_memory() -> Cache {
        Cache {
            dir: PathBuf::new(),
            index: Index::default(),
            pack: Mutex::new(Pack::default()),
            used: Mutex::default(),
            previous_renderings: Mutex::default(),
            outputs: Mutex::default(),
            entries: Mutex::default(),
            previous_entries: Mutex::default(),
            reused: Default::default(),
            _lock: None,
        }
    }

    /// The stored rendering of `source` when its key matches and each link
    /// it resolved resolves the same way through `resolve` now.
    pub fn rendering(
        &self,
        source: &Path,
        key: &Digest,
        resolve: &dyn Fn(&str) -> Option<String>,
    ) -> Option<Rendered> {
        // (Taken from the previous run's even when it does not match: a
        // rendering that does not is made again and stored in its place.)
        let previous = lock(&self.previous_renderings).remove(source);
        let stored = match previous {
            Some(stored) => stored,
            None => lock(&self.used).get(source).cloned()?,
        };
        if stored.key != *key
            || stored
                .resolved
                .iter()
                .any(|(target, url)| resolve(target) != *url)
        {
            return None;
        }
        let mut rendered: Rendered = self.read_with(stored.at, stored.len, |bytes| {
            postcard::from_bytes(bytes).ok()
        })?;
        rendered.held = SectionsHeld::InCache;
        lock(&self.used).insert(source.to_path_buf(), stored);
        self.reused
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Some(rendered)
    }

    /// How many renderings this run took from the cache.
    pub fn reused(&self) -> usize {
        self.reused.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// `decode` of the `len` bytes at `at` in the pack, read into the
    /// thread's scratch buffer (every reused entry passes through it).
    fn read_with<R>(
        &self,
        at: u64,
        len: u64,
        decode: impl FnOnce(&[u8]) -> Option<R>,
    ) -> Option<R> {
        let file = lock(&self.pack).file.clone()?;
        with_scratch(|buffer| {
            buffer.resize(usize::try_from(len).ok()?, 0);
            read_at(&file, buffer, at).ok()?;
            decode(buffer)
        })
    }

    /// Whether renderings are kept in the pack: then a rendering's HTML need
    /// not stay in memory ([`Bodies::html`] reads it back).
    pub fn keeps_html(&self) -> bool {
        self.keeps_entries() && lock(&self.pack).file.is_some()
    }

    /// A reader of the HTML of every rendering this run stored or reused,
    /// that outlives the cache's lock (the pack is append-only, and a
    /// compaction writes a new file, so the extents stay valid).
    pub fn bodies(&self) -> Option<Bodies> {
        let file = lock(&self.pack).file.as_ref()?.try_clone().ok()?;
        let at = lock(&self.used)
            .iter()
            .map(|(source, r)| (source.clone(), r.places()))
            .collect();
        Some(Bodies { file, at })
    }

    /// Stores a new rendering of `source`.
    pub fn store_rendering(
        &self,
        source: &Path,
        key: Digest,
        resolved: Vec<(String, Option<String>)>,
        rendered: &Rendered,
    ) {
        if !self.keeps_entries() {
            return;
        }
        // (The sections and the HTML are not serialized with the rest: they
        // go after it, each on its own, to be read only when needed.)
        let (Ok(bytes), Ok(sections)) = (
            postcard::to_stdvec(rendered),
            postcard::to_stdvec(&rendered.sections),
        ) else {
            return;
        };
        let Some(at) = self.append(&[&bytes, &sections, rendered.html.as_bytes()]) else {
            return;
        };
        lock(&self.used).insert(
            source.to_path_buf(),
            Rendering {
                key,
                resolved,
                at,
                len: bytes.len() as u64,
                sections_len: sections.len() as u64,
                html_len: rendered.html.len() as u64,
            },
        );
    }

    /// Appends `parts` to the pack, one after the other, and returns where
    /// the first starts; starts a new pack when there is none (the index's
    /// entries are then in no pack). Positional writes, so a failed one
    /// leaves everything stored before it where the index says.
    fn append(&self, parts: &[&[u8]]) -> Option<u64> {
        let mut pack = lock(&self.pack);
        if pack.file.is_none() {
            let name = new_pack_name();
            pack.file = File::options()
                .read(true)
                .write(true)
                .create_new(true)
                .open(self.dir.join(&name))
                .ok()
                .map(std::sync::Arc::new);
            pack.len = 0;
            pack.name = name;
        }
        let file = pack.file.clone()?;
        let at = pack.len;
        let mut end = at;
        for part in parts {
            write_at(&file, part, end).ok()?;
            end += part.len() as u64;
        }
        pack.len = end;
        Some(at)
    }

    /// `decode` of the entry stored as `name` under `key` (which is then
    /// kept for the next run), as [`Cache::store_entry`] was given it.
    pub fn entry<R>(
        &self,
        name: &Path,
        key: &Digest,
        decode: impl FnOnce(&[u8]) -> Option<R>,
    ) -> Option<R> {
        let stored = self.claim(name, key)?;
        let decoded = self.read_with(stored.at, stored.len, decode);
        if decoded.is_none() {
            // Not kept: the caller stores what it makes instead.
            lock(&self.entries).remove(name);
        }
        decoded
    }

    /// Keeps the entry stored as `name` under `key` for the next run
    /// without reading it; whether there is one.
    pub fn keep_entry(&self, name: &Path, key: &Digest) -> bool {
        self.claim(name, key).is_some()
    }

    /// The entry `name` this run stored or reused, else the previous run's
    /// (which moves to this run's, to be kept), when it was made from `key`.
    fn claim(&self, name: &Path, key: &Digest) -> Option<Entry> {
        let this_run = lock(&self.entries).get(name).copied();
        let stored = this_run
            .or_else(|| lock(&self.previous_entries).remove(name))
            .filter(|p| p.key == *key)?;
        lock(&self.entries).insert(name.to_path_buf(), stored);
        Some(stored)
    }

    /// `decode` of the entry the previous run kept as `name` under `key`,
    /// without keeping it for the next run (what an entry replaced).
    pub fn previous_entry<R>(
        &self,
        name: &Path,
        key: &Digest,
        decode: impl FnOnce(&[u8]) -> Option<R>,
    ) -> Option<R> {
        let stored = lock(&self.previous_entries)
            .get(name)
            .copied()
            .or_else(|| lock(&self.entries).get(name).copied())
            .filter(|p| p.key == *key)?;
        self.read_with(stored.at, stored.len, decode)
    }

    /// Stores `bytes` as the entry `name`, made from `key`, for the next
    /// run (replacing what this run had stored under that name).
    pub fn store_entry(&self, name: &Path, key: Digest, bytes: &[u8]) {
        if !self.keeps_entries() {
            return;
        }
        if let Some(at) = self.append(&[bytes]) {
            let len = bytes.len() as u64;
            lock(&self.entries).insert(name.to_path_buf(), Entry { key, at, len });
        }
    }

    /// Whether what is stored now is kept for the next run (not for a
    /// cache in memory).
    pub fn keeps_entries(&self) -> bool {
        !self.dir.as_os_str().is_empty()
    }

    /// What the previous output's file at `path` was made from, when that
    /// output was `out`.
    pub fn output(&self, out: &Path, path: &str) -> Option<Output> {
        (self.index.out.as_deref() == Some(out))
            .then(|| self.index.outputs.get(path).copied())
            .flatten()
    }

    /// Records what the new output's file at `path` was made from.
    pub fn record_output(&self, path: String, output: Output) {
        lock(&self.outputs).insert(path, output);
    }

    /// Keeps what this run used and recorded for the next one: renderings
    /// of articles that still exist, the outputs of `out` (when the run
    /// wrote one). The pack is compacted when most of it is dead.
    pub fn save(mut self, out: Option<&Path>) {
        if !self.keeps_entries() {
            return;
        }
        let mut entries = std::mem::take(&mut *lock(&self.entries));
        let live: u64 = lock(&self.used)
            .values()
            .map(Rendering::span)
            .chain(entries.values().map(|p| p.len))
            .sum();
        let pack_len = lock(&self.pack).len;
        if pack_len > 0 && live * 100 < pack_len * LIVE_SHARE_PERCENT {
            self.compact(&mut entries);
        }
        let pack = lock(&self.pack).name.clone();
        let index = Index {
            format: FORMAT,
            version: env!("CARGO_PKG_VERSION").to_string(),
            renderings: std::mem::take(&mut *lock(&self.used)),
            out: out.map(Path::to_path_buf),
            outputs: if out.is_some() {
                std::mem::take(&mut *lock(&self.outputs))
            } else {
                std::mem::take(&mut self.index.outputs)
            },
            live,
            pack,
            entries,
        };
        let Ok(bytes) = postcard::to_stdvec(&index) else {
            return;
        };
        if let Some(file) = &lock(&self.pack).file {
            let _ = file.sync_data();
        }
        let temporary = self.dir.join(format!("{INDEX_FILE}.new"));
        if std::fs::write(&temporary, bytes).is_ok()
            && std::fs::rename(&temporary, self.dir.join(INDEX_FILE)).is_ok()
        {
            self.remove_other_packs(&index.pack);
        }
    }

    /// Deletes every pack but `current` (older ones, and ones a killed run
    /// left) once the index names `current`.
    fn remove_other_packs(&self, current: &str) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            // (`renderings.pack` is the single pack of older versions.)
            if name != current && (is_pack_name(&name) || name == "renderings.pack") {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// Rewrites the pack with only the renderings and entries in use
    /// (`entries`, whose places are updated once the new pack is in place).
    fn compact(&mut self, entries: &mut HashMap<PathBuf, Entry>) {
        let name = new_pack_name();
        let Ok(fresh) = File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(self.dir.join(&name))
        else {
            return;
        };
        let mut pack = lock(&self.pack);
        let Some(file) = pack.file.clone() else {
            return;
        };
        let mut at = 0u64;
        // Copies `len` bytes at `from` to the end of the new pack.
        let mut copy = |from: u64, len: u64| -> Option<u64> {
            let mut bytes = vec![0u8; usize::try_from(len).ok()?];
            read_at(&file, &mut bytes, from).ok()?;
            write_at(&fresh, &bytes, at).ok()?;
            at += len;
            Some(at - len)
        };
        let mut moved = HashMap::new();
        let mut used = lock(&self.used);
        for (source, rendering) in used.iter() {
            let Some(new_at) = copy(rendering.at, rendering.span()) else {
                return;
            };
            let rendering = Rendering {
                at: new_at,
                ..rendering.clone()
            };
            moved.insert(source.clone(), rendering);
        }
        let mut entries_moved = HashMap::new();
        for (source, stored) in entries.iter() {
            let Some(new_at) = copy(stored.at, stored.len) else {
                return;
            };
            entries_moved.insert(
                source.clone(),
                Entry {
                    at: new_at,
                    ..*stored
                },
            );
        }
        // The new pack is used from here on; the old one stays (and the
        // index on disk names it) until the new index is in place.
        pack.file = Some(std::sync::Arc::new(fresh));
        pack.len = at;
        pack.name = name;
        *used = moved;
        *entries = entries_moved;
    }
}

/// The HTML and the sections of articles' renderings, kept in the pack
/// rather than in memory: the HTML is read when a page is written, the
/// sections when the page's search documents are made again.
#[derive(Debug)]
pub struct Bodies {
    file: File,
    /// Source path → where its HTML and sections are in the pack.
    at: HashMap<PathBuf, Places>,
}

/// (offset, length) of a rendering's HTML and of its sections.
#[derive(Debug, Clone, Copy)]
struct Places {
    html: (u64, u64),
    sections: (u64, u64),
}

impl Bodies {
    fn bytes(&self, (at, len): (u64, u64)) -> Option<Vec<u8>> {
        let mut bytes = vec![0u8; usize::try_from(len).ok()?];
        read_at(&self.file, &mut bytes, at).ok()?;
        Some(bytes)
    }

    pub fn html(&self, source: &Path) -> Option<String> {
        String::from_utf8(self.bytes(self.at.get(source)?.html)?).ok()
    }

    pub fn sections(&self, source: &Path) -> Option<Vec<Section>> {
        postcard::from_bytes(&self.bytes(self.at.get(source)?.sections)?).ok()
    }
}

/// Reads exactly `buffer.len()` bytes at `at` (without moving a shared
/// cursor, so threads may read at once).
#[cfg(unix)]
fn read_at(file: &File, buffer: &mut [u8], at: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt as _;
    file.read_exact_at(buffer, at)
}

/// Writes all of `bytes` at `at` (see [`read_at`]).
#[cfg(unix)]
fn write_at(file: &File, bytes: &[u8], at: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt as _;
    file.write_all_at(bytes, at)
}

#[cfg(not(unix))]
fn write_at(file: &File, bytes: &[u8], at: u64) -> std::io::Result<()> {
    use std::io::{Seek as _, SeekFrom};
    let mut file = file.try_clone()?;
    file.seek(SeekFrom::Start(at))?;
    file.write_all(bytes)
}

#[cfg(not(unix))]
fn read_at(file: &File, buffer: &mut [u8], at: u64) -> std::io::Result<()> {
    use std::io::{Read as _, Seek as _, SeekFrom};
    let mut file = file.try_clone()?;
    file.seek(SeekFrom::Start(at))?;
    file.read_exact(buffer)
}

/// Runs `work` with a byte buffer the thread reuses (empty when `work`
/// gets it), for bytes that are read or written only to be decoded or
/// hashed at once. A buffer grown past 1 MB is not kept; a nested call gets
/// a buffer of its own.
pub fn with_scratch<R>(work: impl FnOnce(&mut Vec<u8>) -> R) -> R {
    thread_local! {
        static SCRATCH: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
    }
    let mut buffer = SCRATCH.take();
    buffer.clear();
    let result = work(&mut buffer);
    if buffer.capacity() <= 1 << 20 {
        SCRATCH.set(buffer);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rendered(html: &str) -> Rendered {
        let sections = sections(html);
        Rendered {
            html: html.to_string(),
            anchors: vec!["a".into()],
            sections_summary: crate::markdown::SectionsSummary::of(&sections),
            sections,
            ..Rendered::default()
        }
    }

    fn sections(text: &str) -> Vec<Section> {
        vec![
            Section {
                anchor: None,
                heading: String::new(),
                text: "Intro.".into(),
            },
            Section {
                anchor: Some("a".into()),
                heading: "A".into(),
                text: format!("{} bytes of HTML", text.len()),
            },
        ]
    }

    #[test]
    fn renderings_come_back_while_their_key_and_links_hold() {
        let dir = tempfile::tempdir().expect("temp dir");
        let source = Path::new("content/en/faq/a.md");
        let key = Hasher::default().part("text").finish();
        let links = |t: &str| (t == "b.md").then(|| "/en/faq/b/".to_string());
        {
            let cache = Cache::open(dir.path(), &|_| {});
            assert!(cache.rendering(source, &key, &links).is_none());
            cache.store_rendering(
                source,
                key,
                vec![("b.md".into(), Some("/en/faq/b/".into()))],
                &rendered("<p>one</p>"),
            );
            cache.save(None);
        }
        let cache = Cache::open(dir.path(), &|_| {});
        let back = cache.rendering(source, &key, &links).expect("reused");
        // The HTML stays in the pack until a page needs it.
        assert_eq!(back.html, "");
        assert_eq!(back.anchors, ["a"]);
        // So do the sections, which the rendering still sums up.
        assert!(back.sections.is_empty());
        assert_eq!(back.held, SectionsHeld::InCache);
        let whole = sections("<p>one</p>");
        assert_eq!(
            back.sections_summary,
            crate::markdown::SectionsSummary::of(&whole)
        );
        let bodies = cache.bodies().expect("bodies");
        assert_eq!(bodies.sections(source), Some(whole));
        assert_eq!(bodies.html(source).as_deref(), Some("<p>one</p>"));
        // Another text, or a link that now resolves elsewhere: not reused.
        let other = Hasher::default().part("other").finish();
        assert!(cache.rendering(source, &other, &links).is_none());
        assert!(cache.rendering(source, &key, &|_| None).is_none());
    }

    #[test]
    fn a_damaged_cache_is_a_cold_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join(CACHE_DIR)).expect("dir");
        std::fs::write(dir.path().join(CACHE_DIR).join(INDEX_FILE), b"garbage").expect("write");
        let cache = Cache::open(dir.path(), &|_| {});
        let key = Hasher::default().part("x").finish();
        assert!(
            cache
                .rendering(Path::new("a.md"), &key, &|_| None)
                .is_none()
        );
    }

    #[test]
    fn the_pack_is_compacted_when_most_of_it_is_dead() {
        let dir = tempfile::tempdir().expect("temp dir");
        let pack_len = || std::fs::metadata(the_pack(dir.path())).expect("pack").len();
        let mut longest = 0;
        // Front matter stored once and reused every round: it survives each
        // compaction (and moves with it).
        let front = Path::new("front.md");
        let front_key = Hasher::default().part("front").finish();
        let front_bytes = b"parsed front matter".to_vec();
        let stored_front = |cache: &Cache| cache.entry(front, &front_key, |b| Some(b.to_vec()));
        for round in 0..6u8 {
            // Every article edited each round: all older copies are dead.
            let key = Hasher::default().part([round]).finish();
            let cache = Cache::open(dir.path(), &|_| {});
            if round == 0 {
                cache.store_entry(front, front_key, &front_bytes);
            } else {
                assert_eq!(
                    stored_front(&cache).as_ref(),
                    Some(&front_bytes),
                    "round {round}"
                );
            }
            for i in 0..10 {
                let source = PathBuf::from(format!("{i}.md"));
                assert!(cache.rendering(&source, &key, &|_| None).is_none());
                cache.store_rendering(&source, key, vec![], &rendered(&"x".repeat(1000)));
            }
            cache.save(None);
            longest = longest.max(pack_len());
        }
        // Ten live renderings of about 1 kB: the pack never holds more than
        // twice that, where six rounds would otherwise make it six times.
        assert!(longest < 25_000, "{longest}");
        let key = Hasher::default().part([5u8]).finish();
        let cache = Cache::open(dir.path(), &|_| {});
        cache
            .rendering(Path::new("7.md"), &key, &|_| None)
            .expect("kept");
        let bodies = cache.bodies().expect("bodies");
        assert_eq!(bodies.html(Path::new("7.md")).map(|h| h.len()), Some(1000));
        assert_eq!(
            bodies.sections(Path::new("7.md")),
            Some(sections(&"x".repeat(1000)))
        );
        assert_eq!(stored_front(&cache), Some(front_bytes));
        // Another key (the file or book.toml changed): not reused.
        let other = Hasher::default().part("other").finish();
        assert!(cache.entry(front, &other, |b| Some(b.to_vec())).is_none());
    }

    /// The one pack in the cache folder of `root` (a save deletes the
    /// others).
    fn the_pack(root: &Path) -> PathBuf {
        let packs: Vec<PathBuf> = std::fs::read_dir(root.join(CACHE_DIR))
            .expect("cache folder")
            .filter_map(|entry| entry.ok())
            .filter(|entry| is_pack_name(&entry.file_name().to_string_lossy()))
            .map(|entry| entry.path())
            .collect();
        assert_eq!(packs.len(), 1, "{packs:?}");
        packs.into_iter().next().expect("one pack")
    }

    /// A run killed during a compaction, after the new pack was written
    /// and before the new index was: the index on disk is the previous
    /// one. It must never read its places in the new pack (which hold
    /// other bytes): here the index of two saves ago is put back after a
    /// compaction, and an entry it names comes back as stored or not at all.
    #[test]
    fn an_index_from_before_a_compaction_never_reads_the_new_pack() {
        let dir = tempfile::tempdir().expect("temp dir");
        let index_file = dir.path().join(CACHE_DIR).join(INDEX_FILE);
        let front = Path::new("front.md");
        let front_key = Hasher::default().part("front").finish();
        let front_bytes = b"parsed front matter".to_vec();
        let mut before_compaction = Vec::new();
        for round in 0..3u8 {
            let cache = Cache::open(dir.path(), &|_| {});
            if round == 0 {
                cache.store_entry(front, front_key, &front_bytes);
            } else {
                let kept = cache.entry(front, &front_key, |b| Some(b.to_vec()));
                assert_eq!(kept.as_ref(), Some(&front_bytes), "round {round}");
            }
            let key = Hasher::default().part([round]).finish();
            for i in 0..10 {
                let source = PathBuf::from(format!("{i}.md"));
                cache.store_rendering(&source, key, vec![], &rendered(&"x".repeat(1000)));
            }
            if round == 2 {
                before_compaction = std::fs::read(&index_file).expect("index");
            }
            cache.save(None);
        }
        // The third save compacted the pack (two of its three rounds dead).
        assert!(std::fs::metadata(the_pack(dir.path())).expect("pack").len() < 15_000);
        std::fs::write(&index_file, &before_compaction).expect("put back");
        let cache = Cache::open(dir.path(), &|_| {});
        let front_now = cache.entry(front, &front_key, |b| Some(b.to_vec()));
        assert!(
            front_now.is_none() || front_now.as_ref() == Some(&front_bytes),
            "the old index read other bytes: {front_now:?}"
        );
        let key = Hasher::default().part([1u8]).finish();
        if cache
            .rendering(Path::new("3.md"), &key, &|_| None)
            .is_some()
        {
            let bodies = cache.bodies().expect("bodies");
            assert_eq!(
                bodies.html(Path::new("3.md")).as_deref(),
                Some("x".repeat(1000).as_str())
            );
        }
    }
}
