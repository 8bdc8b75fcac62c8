//! Reading the articles while the build does something else.
//!
//! A build's first steps (reading book.toml, which loads libphonenumber's
//! metadata, the theme, the locks, the build cache) run on one thread
//! while the other cores wait. A [`Prefetch`] started at the beginning
//! reads the Markdown files under `content/` on a thread of its own in
//! that time; the content stage then takes each file's bytes from it
//! instead of reading the file, and reads the rest itself.
//!
//! Reading a file earlier is as good as reading it later: a build reads
//! each file once, at some moment during its run. The prefetch reads
//! exactly as the content stage does ([`read_limited`]), never follows a
//! link (the walk decides about links), and stops as soon as the content
//! stage starts, so the two never both wait for the same work.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use super::{CONTENT_DIR, MAX_ARTICLE_BYTES};

/// A file's bytes, or its size when it is larger than an article may be.
pub(super) type Limited = Result<Vec<u8>, u64>;

/// Reads the file at `path` whole, unless it holds more than
/// [`MAX_ARTICLE_BYTES`]. One open: the size is checked on the file that
/// is read, and a file that grows while it is read is cut off past the
/// limit.
pub(super) fn read_limited(path: &Path) -> std::io::Result<Limited> {
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > MAX_ARTICLE_BYTES {
        return Ok(Err(size));
    }
    let mut bytes = Vec::with_capacity(size as usize + 1);
    std::io::Read::read_to_end(
        &mut std::io::Read::take(file, MAX_ARTICLE_BYTES + 1),
        &mut bytes,
    )?;
    Ok(match bytes.len() as u64 {
        read if read > MAX_ARTICLE_BYTES => Err(read),
        _ => Ok(bytes),
    })
}

/// Markdown files read ahead of the content stage (see the module).
#[derive(Debug)]
pub struct Prefetch {
    shared: Arc<Shared>,
    /// The reading thread. Only the tests wait for it: a build tells it to
    /// stop, and it does at the next file.
    #[cfg_attr(not(test), allow(dead_code))]
    thread: Option<std::thread::JoinHandle<()>>,
}

#[derive(Debug, Default)]
struct Shared {
    /// Path (as the walk of `content/` spells it) → what reading it gave.
    read: Mutex<HashMap<PathBuf, Limited>>,
    /// Set when the content stage starts (or the build ends): the thread
    /// stops at the next file.
    stop: AtomicBool,
}

impl Prefetch {
    /// Starts reading the Markdown files under `<root>/content/` on a new
    /// thread. (If no thread can be started, nothing is read ahead.)
    pub fn start(root: &Path) -> Prefetch {
        let shared = Arc::new(Shared::default());
        let content = root.join(CONTENT_DIR);
        let reader = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("prefetch".into())
            .spawn(move || reader.read_all(&content))
            .ok();
        Prefetch { shared, thread }
    }

    /// Stops reading ahead (what was read stays to be taken).
    pub(super) fn stop(&self) {
        self.shared.stop.store(true, Ordering::Relaxed);
    }

    /// The bytes read ahead for `path`, taken (each file is read once).
    pub(super) fn take(&self, path: &Path) -> Option<Limited> {
        lock(&self.shared.read).remove(path)
    }
}

impl Drop for Prefetch {
    fn drop(&mut self) {
        self.stop();
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    fn read_all(&self, content: &Path) {
        let walker = walkdir::WalkDir::new(content)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0 || !e.file_name().as_encoded_bytes().starts_with(b".")
            });
        for entry in walker.flatten() {
            if self.stop.load(Ordering::Relaxed) {
                return;
            }
            // Regular Markdown files only: links are the walk's to judge.
            let path = entry.path();
            if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            // A file that cannot be read is left to the content stage,
            // which says why.
            if let Ok(read) = read_limited(path) {
                lock(&self.read).insert(path.to_path_buf(), read);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the prefetch holds is what reading the file gives; it never
    /// reads through a link, nor a file that is not Markdown.
    #[test]
    fn prefetched_bytes_are_the_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let faq = dir.path().join("content/en/faq");
        std::fs::create_dir_all(&faq).expect("dir");
        std::fs::write(faq.join("a.md"), "---\ntitle: A\n---\nText.\n").expect("write");
        std::fs::write(faq.join("b.txt"), "not an article").expect("write");
        std::fs::write(dir.path().join("outside.md"), "secret").expect("write");
        #[cfg(unix)]
        std::os::unix::fs::symlink(dir.path().join("outside.md"), faq.join("link.md"))
            .expect("link");
        let mut prefetch = Prefetch::start(dir.path());
        // The whole walk, to its end.
        let thread = prefetch.thread.take().expect("a thread");
        thread.join().expect("the walk ends");
        let a = prefetch.take(&faq.join("a.md")).expect("a.md read");
        assert_eq!(a, Ok(b"---\ntitle: A\n---\nText.\n".to_vec()));
        assert!(prefetch.take(&faq.join("a.md")).is_none(), "taken once");
        assert!(prefetch.take(&faq.join("b.txt")).is_none());
        assert!(prefetch.take(&faq.join("link.md")).is_none());
    }
}
