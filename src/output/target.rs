//! Which folder `--out` names, and whether helpbook may replace it.
//!
//! helpbook replaces the output folder as a whole, so a typo in `--out`
//! must never cost a user their files. [`Target::check`] is the one rule,
//! used by `build` and `serve` alike:
//!
//! - never, not even with `--force`: the site itself or a folder that
//!   contains it, a folder inside `content/` or `themes/`, a project folder
//!   (with a `book.toml` or `.git`), the home folder, the current folder or
//!   a folder that contains either (which includes the file system's root);
//! - a regular file, or a folder helpbook cannot write, fails before
//!   anything is written;
//! - a new or empty folder, or one that carries helpbook's marker
//!   ([`super::OUTPUT_MARKER`]), is replaced;
//! - any other folder only with `--force`; the error names what is in it.
//!
//! A symbolic link is followed: the folder it points to is checked and
//! replaced, and the link itself stays.

use std::path::{Component, Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics, io_error};

/// How many of the entries in the way an error names.
const ENTRIES_SHOWN: usize = 5;

/// An output folder that passed the rules.
#[derive(Debug, Clone)]
pub struct Target {
    /// The path as the user gave it, for messages.
    pub given: PathBuf,
    /// The folder that gets replaced: absolute, symbolic links resolved.
    pub path: PathBuf,
    /// The site's root, canonical.
    root: PathBuf,
    force: bool,
    /// Whether the test hooks' pauses apply (see hook.rs): to the site's
    /// output, not to a second output the same build writes.
    test_pauses: bool,
}

impl Target {
    /// Resolves `out` and applies the rules. Writes nothing.
    pub fn check(root: &Path, out: &Path, force: bool) -> Result<Target, Diagnostics> {
        let path = resolve(out)?;
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let target = Target {
            given: out.to_path_buf(),
            path,
            root,
            force,
            test_pauses: true,
        };
        target.verify()?;
        Ok(target)
    }

    /// This output without the test hooks' pauses: a build writes its
    /// second output (the search index) through the same steps, and a test
    /// that stops the build at a step means the site's.
    pub fn without_test_pauses(mut self) -> Target {
        self.test_pauses = false;
        self
    }

    /// A named step of writing this output (see hook.rs).
    pub(crate) fn step(&self, name: &'static str) {
        if self.test_pauses {
            super::hook::step(name);
        }
    }

    /// The rules, against the folder as it is now (run again under the lock,
    /// since the folder may have changed while the site was rendered).
    pub(crate) fn verify(&self) -> Result<(), Diagnostics> {
        if let Some(why) = self.never_replaced() {
            return Err(self
                .error(why)
                .with_help("choose an output folder of its own, e.g. `--out public`")
                .into());
        }
        let meta = match std::fs::symlink_metadata(&self.path) {
            Ok(meta) => Some(meta),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(io_error(&self.given, "read the output folder", &e).into()),
        };
        if let Some(meta) = &meta {
            if !meta.is_dir() {
                return Err(self
                    .error(format!(
                        "{} is a file, not a folder; helpbook writes the site into a folder",
                        self.shown()
                    ))
                    .with_help("remove the file, or pick another folder for `--out`")
                    .into());
            }
            self.check_contents()?;
        }
        self.check_writable(meta.is_some())
    }

    /// Why the output may never be replaced, if it may not.
    fn never_replaced(&self) -> Option<String> {
        let path = &self.path;
        let shown = self.shown();
        if self.root.starts_with(path) {
            return Some(format!(
                "the output folder {shown} contains the site itself; helpbook replaces the whole output folder"
            ));
        }
        for protected in ["content", "themes"] {
            if path.starts_with(self.root.join(protected)) {
                return Some(format!("the output folder {shown} is inside {protected}/"));
            }
        }
        if path.join(crate::config::CONFIG_FILE).exists() || path.join(".git").exists() {
            return Some(format!(
                "{shown} looks like a project folder (it has a book.toml or .git); helpbook replaces the whole output folder"
            ));
        }
        let home = std::env::var_os(if cfg!(windows) { "USERPROFILE" } else { "HOME" })
            .filter(|h| !h.is_empty())
            .map(PathBuf::from);
        let cwd = std::env::current_dir().ok();
        for (folder, name) in [(home, "your home folder"), (cwd, "the current folder")] {
            let Some(folder) = folder else { continue };
            let folder = folder.canonicalize().unwrap_or(folder);
            if folder.starts_with(path) {
                let relation = if &folder == path { "is" } else { "contains" };
                return Some(format!(
                    "the output folder {shown} {relation} {name}; helpbook replaces the whole output folder"
                ));
            }
        }
        None
    }

    /// An existing folder must be empty, carry helpbook's marker, or be
    /// forced.
    fn check_contents(&self) -> Result<(), Diagnostics> {
        let entries = std::fs::read_dir(&self.path)
            .map_err(|e| Diagnostics::from(io_error(&self.given, "read the output folder", &e)))?;
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| {
                Diagnostics::from(io_error(&self.given, "read the output folder", &e))
            })?;
            if entry.file_name() == super::OUTPUT_MARKER {
                return Ok(());
            }
            let mut name = entry.file_name().to_string_lossy().into_owned();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                name.push('/');
            }
            names.push(name);
        }
        if names.is_empty() || self.force {
            return Ok(());
        }
        names.sort();
        let mut listed = names[..names.len().min(ENTRIES_SHOWN)].join(", ");
        if names.len() > ENTRIES_SHOWN {
            listed.push_str(&format!(" and {} more", names.len() - ENTRIES_SHOWN));
        }
        Err(self
            .error(format!(
                "the output folder {} is not empty and helpbook did not create it: it holds {listed}",
                self.shown(),
            ))
            .with_help(
                "helpbook replaces the whole output folder: pick an empty or new folder for `--out`, \
                 or pass `--force` to `helpbook build` to replace this one (everything in it is deleted)",
            )
            .into())
    }

    /// The output folder (when it exists) and the folder that holds it
    /// (where the new site is staged) must be writable.
    fn check_writable(&self, exists: bool) -> Result<(), Diagnostics> {
        if exists && !writable(&self.path) {
            return Err(self
                .error(format!(
                    "the output folder {} is read-only; helpbook cannot replace it",
                    self.shown()
                ))
                .with_help(format!(
                    "make it writable (`chmod -R u+w {}`), or pick another folder for `--out`",
                    self.shown()
                ))
                .into());
        }
        let holder = self.path.ancestors().skip(1).find(|a| a.exists());
        if let Some(holder) = holder.filter(|h| !writable(h)) {
            return Err(self
                .error(format!(
                    "helpbook cannot write in {}, the folder that holds the output; it builds the new site next to the output and then swaps it in",
                    holder.display()
                ))
                .with_help("make that folder writable, or pick an output folder inside a folder you can write")
                .into());
        }
        Ok(())
    }

    /// `given`, and the resolved folder too when a link leads elsewhere.
    fn shown(&self) -> String {
        let given = self.given.display().to_string();
        if std::fs::symlink_metadata(&self.given).is_ok_and(|m| m.file_type().is_symlink()) {
            format!("{given} (a link to {})", self.path.display())
        } else {
            given
        }
    }

    fn error(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error("output", &self.given, message)
    }

    /// A file or folder next to the output: `.<name>.<suffix>`, e.g.
    /// `.public.staging`. Siblings sit on the same file system as the
    /// output, so a rename between them is atomic.
    pub(crate) fn sibling(&self, suffix: &str) -> PathBuf {
        let name = self
            .path
            .file_name()
            .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
        let parent = self.path.parent().unwrap_or(Path::new("/"));
        parent.join(format!(".{name}.{suffix}"))
    }
}

/// `out` made absolute, with every symbolic link of its existing part
/// resolved and the rest (folders still to be created) normalised.
fn resolve(out: &Path) -> Result<PathBuf, Diagnostics> {
    let refuse = |message: String, help: &str| -> Diagnostics {
        Diagnostic::error("output", out, message)
            .with_help(help)
            .into()
    };
    if out.as_os_str().is_empty() {
        return Err(refuse(
            "`--out` is empty".into(),
            "name the output folder, e.g. `--out public`",
        ));
    }
    let absolute = std::path::absolute(out)
        .map_err(|e| Diagnostics::from(io_error(out, "find the output folder", &e)))?;
    // The longest part of the path that exists (as a file, folder or link).
    let mut existing = absolute.clone();
    let mut missing = Vec::new();
    while std::fs::symlink_metadata(&existing).is_err() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                missing.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => {
                // `..` or the root: step up lexically.
                missing.push(
                    existing
                        .components()
                        .next_back()
                        .map_or_else(Default::default, |c| c.as_os_str().to_os_string()),
                );
                if !existing.pop() {
                    break;
                }
            }
        }
    }
    let mut path = existing.canonicalize().map_err(|e| {
        let link = std::fs::read_link(&existing)
            .map(|to| format!(" is a link to {}, which", to.display()))
            .unwrap_or_default();
        refuse(
            format!("{}{link} cannot be opened: {e}", existing.display()),
            "create the folder it names, or pick another folder for `--out`",
        )
    })?;
    for name in missing.iter().rev() {
        match Path::new(name).components().next() {
            Some(Component::ParentDir) => {
                path.pop();
            }
            Some(Component::Normal(part)) => path.push(part),
            _ => {}
        }
    }
    Ok(path)
}

/// Whether this process may create and delete entries in `folder`
/// (`access(2)`, which knows about owners, groups, ACLs and read-only mounts).
#[cfg(unix)]
fn writable(folder: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(path) = std::ffi::CString::new(folder.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `path` is a valid NUL-terminated string that outlives the call.
    unsafe { libc::access(path.as_ptr(), libc::W_OK | libc::X_OK) == 0 }
}

#[cfg(not(unix))]
fn writable(folder: &Path) -> bool {
    std::fs::metadata(folder).is_ok_and(|m| !m.permissions().readonly())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolve_normalises_the_missing_part() {
        let dir = tempfile::tempdir().expect("temp dir");
        let base = dir.path().canonicalize().expect("canonical");
        let out = base.join("new/../site/./public");
        assert_eq!(resolve(&out).expect("resolves"), base.join("site/public"));
    }

    #[cfg(unix)]
    #[test]
    fn resolve_follows_a_link() {
        let dir = tempfile::tempdir().expect("temp dir");
        let base = dir.path().canonicalize().expect("canonical");
        std::fs::create_dir(base.join("real")).expect("mkdir");
        std::os::unix::fs::symlink(base.join("real"), base.join("link")).expect("link");
        assert_eq!(
            resolve(&base.join("link")).expect("resolves"),
            base.join("real")
        );
        assert_eq!(
            resolve(&base.join("link/sub")).expect("resolves"),
            base.join("real/sub")
        );
    }

    #[test]
    fn siblings_sit_next_to_the_output() {
        let target = Target {
            given: "public".into(),
            path: "/srv/site/public".into(),
            root: "/srv/site".into(),
            force: false,
            test_pauses: true,
        };
        assert_eq!(
            target.sibling("staging"),
            PathBuf::from("/srv/site/.public.staging")
        );
    }
}
