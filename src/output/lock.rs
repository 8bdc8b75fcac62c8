//! One writer per output folder.
//!
//! The lock is an OS file lock (`File::lock`, `flock` on Unix) on
//! `.<out>.lock` next to the output: the system drops it when its process
//! ends, however it ends, so a killed build never leaves a lock that blocks
//! the next one. The file says who holds it (`build 1234`), so a second
//! build can say what it waits for; a `helpbook serve` holds its folder for
//! as long as it runs, so a build into that folder fails at once instead of
//! waiting for the server to stop.
//!
//! The holder deletes the file when it is done, so no lock file is left
//! next to the output. A waiter that then gets the lock of the deleted file
//! notices that the path no longer names it, and locks again.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics, io_error};

/// Who holds an output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// `helpbook build`: holds the folder until the new site is in place.
    Build,
    /// `helpbook serve --out`: holds the folder while it serves it.
    Serve,
}

impl Holder {
    fn as_str(self) -> &'static str {
        match self {
            Holder::Build => "build",
            Holder::Serve => "serve",
        }
    }
}

/// The held lock; dropping it releases it and deletes the lock file.
#[derive(Debug)]
pub struct OutputLock {
    file: File,
    path: PathBuf,
}

impl OutputLock {
    /// Locks `path` for `holder`, waiting for a build that holds it (after
    /// telling `on_wait` why) and failing at once when a server holds it.
    /// `shown` is the output folder, for messages.
    pub(crate) fn acquire(
        path: &Path,
        holder: Holder,
        shown: &Path,
        on_wait: &dyn Fn(&str),
    ) -> Result<OutputLock, Diagnostics> {
        let io = |action: &str, e: std::io::Error| Diagnostics::from(io_error(path, action, &e));
        loop {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)
                .map_err(|e| io("create the lock file next to the output folder", e))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    let other = read_holder(&file);
                    let (kind, process) = other.split_once(' ').unwrap_or((other.as_str(), "?"));
                    if kind == Holder::Serve.as_str() {
                        return Err(Diagnostic::error(
                            "output",
                            shown,
                            format!(
                                "`helpbook serve` (process {process}) is serving from {}",
                                shown.display()
                            ),
                        )
                        .with_help("stop the server (Ctrl-C), or pick another folder for `--out`")
                        .into());
                    }
                    on_wait(&format!(
                        "waiting for another helpbook build (process {process}) writing into {} to finish…",
                        shown.display()
                    ));
                    file.lock().map_err(|e| io("lock the output folder", e))?;
                }
                Err(TryLockError::Error(e)) => return Err(io("lock the output folder", e)),
            }
            if !still_at(&file, path) {
                continue; // its holder deleted it while we waited
            }
            let lock = OutputLock {
                file,
                path: path.to_path_buf(),
            };
            lock.write_holder(holder)
                .map_err(|e| io("write the lock file", e))?;
            return Ok(lock);
        }
    }

    fn write_holder(&self, holder: Holder) -> std::io::Result<()> {
        self.file.set_len(0)?;
        (&self.file).write_all(format!("{} {}\n", holder.as_str(), std::process::id()).as_bytes())
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        // Deleted while still held, so no one can lock it in between; on
        // systems without inode numbers the file stays (see `still_at`).
        if cfg!(unix) {
            let _ = std::fs::remove_file(&self.path);
        }
        let _ = self.file.unlock();
    }
}

/// `build 1234`, or "" when it cannot be read.
fn read_holder(mut file: &File) -> String {
    let mut text = String::new();
    let _ = file.read_to_string(&mut text);
    text.trim().to_string()
}

/// Whether `path` still names the open `file`.
#[cfg(unix)]
fn still_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_at(_file: &File, _path: &Path) -> bool {
    true // the lock file is never deleted here
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_released_lock_can_be_taken_again_and_leaves_no_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(".public.lock");
        let first =
            OutputLock::acquire(&path, Holder::Build, dir.path(), &|_| {}).expect("the first lock");
        assert_eq!(
            std::fs::read_to_string(&path).expect("lock file"),
            format!("build {}\n", std::process::id())
        );
        drop(first);
        assert!(!path.exists(), "the lock file was left behind");
        let second =
            OutputLock::acquire(&path, Holder::Serve, dir.path(), &|_| {}).expect("the lock again");
        drop(second);
        assert!(!path.exists());
    }

    #[test]
    fn a_lock_held_by_a_server_fails_at_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(".public.lock");
        let _server = OutputLock::acquire(&path, Holder::Serve, dir.path(), &|_| {})
            .expect("the server's lock");
        // File locks are per open file description, so a second open in the
        // same process contends like another process would.
        let error = OutputLock::acquire(&path, Holder::Build, dir.path(), &|_| {})
            .expect_err("a build must not wait for a server");
        assert!(
            error.to_string().contains("`helpbook serve` (process"),
            "{error}"
        );
    }
}
