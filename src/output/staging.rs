//! Writing a new site next to the output and swapping it in.
//!
//! ```text
//! <parent>/public/                 the output (carries `.helpbook-output`)
//! <parent>/.public.lock            the lock (see lock.rs), deleted when done
//! <parent>/.public.staging/        the work folder (carries `.helpbook-staging`)
//!     site/                        the new site; after the swap, the previous one
//!     old/                         portable swap only: the previous site, moved aside
//! ```
//!
//! The new site is written into `site/`, the output marker last, and then
//! trades places with the output (see swap.rs). Whatever is left in the
//! work folder afterwards, or after a killed build, is helpbook's own by
//! construction: the folder's marker is written right after it is made and
//! deleted only once everything else in it is gone, and a work folder
//! without its marker is removed only when it is empty. So the next build
//! can always clean up, and never deletes anything it did not make.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::lock::{Holder, OutputLock};
use super::spare::{self, Store, Written};
use super::{OUTPUT_MARKER, Target, swap};
use crate::diagnostic::{Diagnostic, Diagnostics, io_error};
use crate::render::Files;

/// The file that marks the work folder as helpbook's.
const WORK_MARKER: &str = ".helpbook-staging";
/// What the output marker says to whoever opens it.
const OUTPUT_MARKER_TEXT: &[u8] =
    b"This folder is a site built by helpbook; `helpbook build` replaces it as a whole.\n";
/// The work folder's subfolders.
const NEW_SITE: &str = "site";
const MOVED_ASIDE: &str = "old";

impl Target {
    /// Locks the output for a build (waiting for another build that holds
    /// it; `on_wait` hears why) and cleans up after a killed build. Taken
    /// before the site is read, so a build that fails still repairs what a
    /// killed one left.
    pub fn lock(&self, on_wait: &dyn Fn(&str)) -> Result<LockedTarget, Diagnostics> {
        let lock = self.acquire(Holder::Build, on_wait)?;
        self.step("locked");
        Ok(LockedTarget {
            target: self.clone(),
            lock,
        })
    }

    /// For `helpbook serve --out`: locks the output for as long as the
    /// returned lock lives, cleans up after a killed build, and makes the
    /// folder helpbook's, to be written in place.
    pub fn open_in_place(&self, on_wait: &dyn Fn(&str)) -> Result<OutputLock, Diagnostics> {
        let lock = self.acquire(Holder::Serve, on_wait)?;
        let io = |e: std::io::Error| {
            Diagnostics::from(io_error(&self.given, "create the output folder", &e))
        };
        std::fs::create_dir_all(&self.path).map_err(io)?;
        let marker = self.path.join(OUTPUT_MARKER);
        if !marker.exists() {
            std::fs::write(marker, OUTPUT_MARKER_TEXT).map_err(io)?;
        }
        Ok(lock)
    }

    /// The lock, then the rules again (the folder may have changed since
    /// they were checked), then what a killed build left behind.
    fn acquire(&self, holder: Holder, on_wait: &dyn Fn(&str)) -> Result<OutputLock, Diagnostics> {
        if let Some(parent) = self.path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| {
                Diagnostics::from(io_error(parent, "create the folder of the output", &e))
            })?;
        }
        let lock = OutputLock::acquire(&self.sibling("lock"), holder, &self.given, on_wait)?;
        self.verify()?;
        recover(&self.sibling("staging"), &self.path)?;
        Ok(lock)
    }
}

/// An output folder this process holds for a build.
#[derive(Debug)]
pub struct LockedTarget {
    target: Target,
    lock: OutputLock,
}

impl LockedTarget {
    /// Starts the new site next to the output, from nothing.
    pub fn stage(self) -> Result<Staging, Diagnostics> {
        self.stage_with(None)
    }

    /// Starts the new site next to the output from the spare site in
    /// `store` when there is one (see spare.rs), and keeps the site it
    /// replaces there for the next build.
    pub fn stage_keeping(self, root: &Path) -> Result<Staging, Diagnostics> {
        let store = Store::new(root, &self.target.path);
        // An output inside the project's own `.helpbook/` (odd, but not
        // refused) would hold the store or be held by it: no spare then.
        let private = root
            .canonicalize()
            .unwrap_or_else(|_| root.to_path_buf())
            .join(".helpbook");
        let usable = !Store::disabled() && !self.target.path.starts_with(&private);
        self.stage_with(usable.then_some(store))
    }

    fn stage_with(self, store: Option<Store>) -> Result<Staging, Diagnostics> {
        let work = self.target.sibling("staging");
        let io = |path: &Path, e: std::io::Error| {
            Diagnostics::from(io_error(path, "create the staging folder", &e))
        };
        std::fs::create_dir(&work).map_err(|e| io(&work, e))?;
        self.target.step("work-created");
        std::fs::write(work.join(WORK_MARKER), b"").map_err(|e| io(&work, e))?;
        self.target.step("work-marked");
        let site = work.join(NEW_SITE);
        let previous = store.as_ref().and_then(|store| {
            store
                .take(&site)
                .or_else(|| store.seed(&self.target.path, &site))
        });
        if previous.is_some() {
            self.target.step("spare-taken");
        } else {
            std::fs::create_dir(&site).map_err(|e| io(&site, e))?;
        }
        Ok(Staging {
            target: self.target,
            work,
            site,
            wrote_one: AtomicBool::new(false),
            previous: previous.unwrap_or_default(),
            written: Mutex::default(),
            store,
            _lock: self.lock,
        })
    }
}

/// A new site being written; [`Staging::commit`] puts it in place of the
/// output. Dropped without a commit, it deletes itself and leaves the
/// output as it was.
#[derive(Debug)]
pub struct Staging {
    target: Target,
    /// `.<out>.staging`
    work: PathBuf,
    /// `.<out>.staging/site`, the new site.
    site: PathBuf,
    /// For the `half-written` test step.
    wrote_one: AtomicBool,
    /// What the spare site this one started from holds (empty without one).
    previous: HashMap<String, Written>,
    /// Every file of the new site so far (the output marker aside).
    written: Mutex<HashMap<String, Written>>,
    /// Where the site this one replaces is kept, if anywhere.
    store: Option<Store>,
    /// Declared last: released after `drop` has cleaned the work folder.
    _lock: OutputLock,
}

impl Staging {
    /// Writes one file of the new site (`relative` uses `/`). Safe to call
    /// from several threads; each path may be written once.
    pub fn add(&self, relative: &str, bytes: &[u8]) -> Result<(), Diagnostics> {
        self.add_hashed(relative, bytes, *blake3::hash(bytes).as_bytes())
    }

    /// [`Staging::add`] for bytes whose blake3 `digest` the caller has.
    pub fn add_hashed(
        &self,
        relative: &str,
        bytes: &[u8],
        digest: [u8; 32],
    ) -> Result<(), Diagnostics> {
        self.put_file(relative, bytes, digest, || {
            Diagnostic::error(
                "output",
                relative,
                "two files of the site would be written to this path",
            )
            .into()
        })
    }

    /// Writes `bytes` at `relative` unless the spare already has them
    /// there; `taken` is the error when the path was written before.
    fn put_file(
        &self,
        relative: &str,
        bytes: &[u8],
        digest: [u8; 32],
        taken: impl FnOnce() -> Diagnostics,
    ) -> Result<(), Diagnostics> {
        {
            let mut written = lock(&self.written);
            if written.contains_key(relative) {
                return Err(taken());
            }
            match self.previous.get(relative) {
                Some(kept) if kept.digest == digest => {
                    written.insert(relative.to_string(), *kept);
                    return Ok(());
                }
                _ => {
                    // Reserved; the record follows once the file is written.
                    written.insert(relative.to_string(), Written::default());
                }
            }
        }
        let path = self.prepare(relative)?;
        if self.previous.contains_key(relative) {
            let _ = std::fs::remove_file(&path);
        }
        let io = |e: std::io::Error| Diagnostics::from(io_error(&path, "write", &e));
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(io)?;
        file.write_all(bytes).map_err(io)?;
        let record = Written::of(&file.metadata().map_err(io)?, digest);
        lock(&self.written).insert(relative.to_string(), record);
        if !self.wrote_one.swap(true, Ordering::Relaxed) {
            self.target.step("half-written");
        }
        Ok(())
    }

    /// The output folder this site replaces.
    pub fn output(&self) -> &Path {
        &self.target.path
    }

    /// Writes every file of `files`, in parallel: writing ten thousand
    /// small files is much of a large build.
    pub fn add_all(&self, files: &Files) -> Result<(), Diagnostics> {
        files
            .par_iter()
            .try_for_each(|(relative, bytes)| self.add(relative, bytes))
    }

    /// Copies the file `from` (an image, say) to `relative`.
    pub fn copy(&self, relative: &str, from: &Path) -> Result<(), Diagnostics> {
        let bytes =
            std::fs::read(from).map_err(|e| Diagnostics::from(io_error(from, "copy", &e)))?;
        self.put_file(relative, &bytes, *blake3::hash(&bytes).as_bytes(), || {
            Diagnostic::error(
                "output",
                from,
                format!("this file would overwrite the generated page {relative}"),
            )
            .with_help("rename the file")
            .into()
        })
    }

    /// A folder inside the new site for a tool that writes its own files
    /// there (the tantivy index), created.
    pub fn folder(&self, relative: &str) -> Result<PathBuf, Diagnostics> {
        let path = safe_join(&self.site, relative)?;
        std::fs::create_dir_all(&path)
            .map_err(|e| Diagnostics::from(io_error(&path, "create a folder", &e)))?;
        Ok(path)
    }

    /// `relative` inside the new site, its folder created (a file of the
    /// spare that is in the way of that folder, or a folder of the spare
    /// where the file goes, is deleted).
    fn prepare(&self, relative: &str) -> Result<PathBuf, Diagnostics> {
        let path = safe_join(&self.site, relative)?;
        if let Some(parent) = path.parent()
            && let Err(e) = std::fs::create_dir_all(parent)
        {
            let mut cleared = false;
            if !self.previous.is_empty() {
                for ancestor in parent.ancestors().take_while(|a| *a != self.site) {
                    if std::fs::symlink_metadata(ancestor).is_ok_and(|m| !m.is_dir()) {
                        cleared |= std::fs::remove_file(ancestor).is_ok();
                    }
                }
            }
            if !cleared || std::fs::create_dir_all(parent).is_err() {
                return Err(io_error(parent, "create a folder", &e).into());
            }
        }
        if !self.previous.is_empty() && std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
            swap::remove_tree(&path)
                .map_err(|e| Diagnostics::from(io_error(&path, "replace", &e)))?;
        }
        Ok(path)
    }

    /// Marks the new site complete and swaps it in. Returns warnings: the
    /// new site is in place even if the previous one could not be deleted.
    pub fn commit(self) -> Result<Vec<Diagnostic>, Diagnostics> {
        let written = std::mem::take(&mut *lock(&self.written));
        // What the spare had and the new site has not goes.
        let mut emptied = Vec::new();
        for relative in self.previous.keys().filter(|r| !written.contains_key(*r)) {
            let path = self.site.join(relative);
            if std::fs::remove_file(&path).is_ok()
                && let Some(parent) = path.parent()
            {
                emptied.push(parent.to_path_buf());
            }
        }
        spare::remove_empty_folders(&self.site, emptied);
        let build = spare::build_name(&written);
        let list = self
            .store
            .as_ref()
            .and_then(|store| store.record(&self.site, &build, &written).ok());
        let marker = spare::marker_text(OUTPUT_MARKER_TEXT, &build);
        let path = self.prepare(OUTPUT_MARKER)?;
        std::fs::write(&path, marker)
            .map_err(|e| Diagnostics::from(io_error(&path, "write", &e)))?;
        self.swap_in(list)
    }

    /// Puts a folder that is not a build output in place (what `helpbook
    /// import` writes: a site's sources), with the same guarantees but no
    /// output marker.
    pub fn commit_unmarked(self) -> Result<Vec<Diagnostic>, Diagnostics> {
        self.swap_in(None)
    }

    /// Swaps the new site in; with `list` (the name of its recorded file
    /// list), the site it replaces goes to the spare store.
    fn swap_in(self, list: Option<String>) -> Result<Vec<Diagnostic>, Diagnostics> {
        self.target.step("staged");
        let out = &self.target.path;
        let swap_error = |e: std::io::Error| self.swap_error(e);
        if std::fs::symlink_metadata(out).is_ok() {
            if !swap::exchange(&self.site, out).map_err(swap_error)? {
                let aside = self.work.join(MOVED_ASIDE);
                std::fs::rename(out, &aside).map_err(swap_error)?;
                self.target.step("moved-aside");
                if let Err(e) = std::fs::rename(&self.site, out) {
                    let _ = std::fs::rename(&aside, out);
                    return Err(swap_error(e));
                }
            }
        } else {
            std::fs::rename(&self.site, out).map_err(swap_error)?;
        }
        self.target.step("swapped");
        if let (Some(store), Some(list)) = (&self.store, &list) {
            let previous = [NEW_SITE, MOVED_ASIDE]
                .map(|name| self.work.join(name))
                .into_iter()
                .find(|path| path.join(OUTPUT_MARKER).is_file());
            if let Some(previous) = previous
                && store.keep(&previous, list)
            {
                self.target.step("spare-kept");
            }
        }
        // What is left in the work folder is the previous site.
        match remove_work(&self.work, &|step| self.target.step(step)) {
            Ok(()) => Ok(Vec::new()),
            Err(e) => Ok(vec![
                Diagnostic::warning(
                    "output",
                    &self.work,
                    format!(
                        "the new site is in place, but the previous one could not be deleted: {e}"
                    ),
                )
                .with_help("delete this folder by hand; the next build tries again"),
            ]),
        }
    }

    fn swap_error(&self, error: std::io::Error) -> Diagnostics {
        use std::io::ErrorKind;
        let given = self.target.given.display();
        let help = match error.kind() {
            ErrorKind::ResourceBusy | ErrorKind::CrossesDevices => format!(
                "{given} is a mount point (or on another file system than the folder that holds it), \
                 and helpbook replaces the output folder as a whole: build into a folder inside it, \
                 e.g. `--out {given}/site`"
            ),
            ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => format!(
                "make {given} writable, or pick another folder for `--out`; nothing was replaced"
            ),
            _ => "nothing was replaced; the previous site is still in place".to_string(),
        };
        io_error(&self.target.given, "put the new site in place", &error)
            .with_help(help)
            .into()
    }
}

impl Drop for Staging {
    /// A failed build (or a commit that could not clean up): clean up as
    /// the next build would.
    fn drop(&mut self) {
        let _ = recover(&self.work, &self.target.path);
    }
}

/// Cleans up the work folder a killed (or failed) build left next to `out`:
/// puts the previous site back if the build was killed between the two
/// renames of the portable swap, then deletes the folder. A folder at that
/// path that helpbook did not make is left alone, and is an error.
fn recover(work: &Path, out: &Path) -> Result<(), Diagnostics> {
    let meta = match std::fs::symlink_metadata(work) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_error(work, "read the staging folder", &e).into()),
    };
    let io = |e: std::io::Error| {
        Diagnostics::from(
            io_error(work, "remove what a killed build left behind", &e)
                .with_help("delete this folder by hand"),
        )
    };
    if meta.is_dir() && work.join(WORK_MARKER).exists() {
        let aside = work.join(MOVED_ASIDE);
        if aside.is_dir() && std::fs::symlink_metadata(out).is_err() {
            std::fs::rename(&aside, out).map_err(io)?;
        }
        return remove_work(work, &|_| {}).map_err(io);
    }
    if meta.is_dir() && std::fs::remove_dir(work).is_ok() {
        return Ok(()); // empty: made, and killed before its marker
    }
    Err(Diagnostic::error(
        "output",
        work,
        "this folder is in the way of the build, and helpbook did not create it",
    )
    .with_help("move or delete it by hand")
    .into())
}

/// Deletes the work folder so that a kill at any point leaves it
/// recognisable: everything but the marker (the folders one top-level
/// entry at a time), then the marker, then the empty folder. `step` hears
/// the test steps.
fn remove_work(work: &Path, step: &dyn Fn(&'static str)) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(work)?
        .map(|e| e.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    entries.sort();
    for entry in entries {
        if entry.file_name().is_some_and(|n| n == WORK_MARKER) {
            continue;
        }
        if std::fs::symlink_metadata(&entry)?.is_dir() {
            swap::remove_entries_then(&entry, || step("trash-partly-removed"))?;
        } else {
            std::fs::remove_file(&entry)?;
        }
    }
    step("trash-removed");
    match std::fs::remove_file(work.join(WORK_MARKER)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    step("work-unmarked");
    std::fs::remove_dir(work)?;
    step("cleaned");
    Ok(())
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// A relative output path made only of normal components, joined to `dir`.
fn safe_join(dir: &Path, relative: &str) -> Result<PathBuf, Diagnostics> {
    let path = Path::new(relative);
    let normal =
        !relative.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
    if !normal {
        return Err(Diagnostic::error(
            "output",
            relative,
            "refusing to write outside the output folder",
        )
        .into());
    }
    Ok(dir.join(path))
}

impl crate::render::Sink for Staging {
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), Diagnostics> {
        self.add(&path, &bytes)
    }

    fn put_hashed(
        &self,
        path: String,
        bytes: Vec<u8>,
        digest: [u8; 32],
    ) -> Result<(), Diagnostics> {
        self.add_hashed(&path, &bytes, digest)
    }

    fn has(&self, path: &str, digest: &[u8; 32]) -> bool {
        let written = lock(&self.written);
        self.previous
            .get(path)
            .is_some_and(|kept| kept.digest == *digest && !written.contains_key(path))
    }

    fn keep(&self, path: &str, digest: &[u8; 32]) -> bool {
        let mut written = lock(&self.written);
        match self.previous.get(path) {
            Some(kept) if kept.digest == *digest && !written.contains_key(path) => {
                written.insert(path.to_string(), *kept);
                true
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_join_refuses_escapes() {
        let dir = Path::new("/tmp/x");
        assert!(safe_join(dir, "a/b.html").is_ok());
        assert!(safe_join(dir, "../a").is_err());
        assert!(safe_join(dir, "/etc/passwd").is_err());
        assert!(safe_join(dir, "").is_err());
    }
}
