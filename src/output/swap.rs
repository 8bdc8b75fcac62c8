//! The file-system moves of the swap, and deleting what it leaves behind.
//!
//! On Linux the new site and the previous one trade places in one
//! `renameat2(RENAME_EXCHANGE)` call: at every instant the output path
//! holds one complete site, so a build killed at any moment leaves a
//! working site. Elsewhere, or on a file system without the exchange (some
//! network and FUSE file systems answer `EINVAL`), two renames do it: the
//! previous site moves into the work folder, then the new one into place.
//! Between those two calls nothing is at the output path; a build killed
//! right there leaves the previous site in the work folder, and the next
//! build puts it back before anything else (see `staging::recover`).

use std::io;
use std::path::Path;

/// Exchanges the two existing paths atomically. `Ok(false)` when this
/// system or file system cannot (the caller then uses two renames).
pub(crate) fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    if super::hook::portable_swap_forced() {
        return Ok(false);
    }
    exchange_atomically(a, b)
}

#[cfg(target_os = "linux")]
fn exchange_atomically(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both paths are valid NUL-terminated strings that outlive the
    // call; AT_FDCWD makes relative paths relative to the current folder.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        return Ok(true);
    }
    let error = io::Error::last_os_error();
    match error.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP) => Ok(false),
        _ => Err(error),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange_atomically(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Deletes the folder `dir`, making its folders writable first if that is
/// what stops it (a previous site copied with read-only permissions).
pub(crate) fn remove_tree(dir: &Path) -> io::Result<()> {
    match std::fs::remove_dir_all(dir) {
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => {
            for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
                if entry.file_type().is_dir() {
                    make_writable(entry.path());
                }
            }
            std::fs::remove_dir_all(dir)
        }
        other => other,
    }
}

#[cfg(unix)]
fn make_writable(folder: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::symlink_metadata(folder) {
        let mut permissions = meta.permissions();
        permissions.set_mode(permissions.mode() | 0o700);
        let _ = std::fs::set_permissions(folder, permissions);
    }
}

#[cfg(not(unix))]
fn make_writable(folder: &Path) {
    if let Ok(meta) = std::fs::symlink_metadata(folder) {
        let mut permissions = meta.permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        permissions.set_readonly(false);
        let _ = std::fs::set_permissions(folder, permissions);
    }
}

/// Deletes what is inside `dir` and then `dir`, one top-level entry at a
/// time in name order, calling `after_first` once the first is gone (a
/// test step: a killed build leaves a partly deleted folder).
pub(crate) fn remove_entries_then(dir: &Path, after_first: impl FnOnce()) -> io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<io::Result<_>>()?;
    entries.sort();
    let mut after_first = Some(after_first);
    for entry in entries {
        if std::fs::symlink_metadata(&entry)?.is_dir() {
            remove_tree(&entry)?;
        } else {
            std::fs::remove_file(&entry)?;
        }
        if let Some(call) = after_first.take() {
            call();
        }
    }
    std::fs::remove_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn exchange_trades_two_folders() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (a, b) = (dir.path().join("a"), dir.path().join("b/inner"));
        std::fs::create_dir_all(&a).expect("mkdir");
        std::fs::create_dir_all(&b).expect("mkdir");
        std::fs::write(a.join("x"), "from a").expect("write");
        std::fs::write(b.join("x"), "from b").expect("write");
        assert!(
            exchange(&a, &b).expect("exchange"),
            "tmpfs and ext4 have RENAME_EXCHANGE"
        );
        assert_eq!(
            std::fs::read_to_string(a.join("x")).expect("read"),
            "from b"
        );
        assert_eq!(
            std::fs::read_to_string(b.join("x")).expect("read"),
            "from a"
        );
    }
}
