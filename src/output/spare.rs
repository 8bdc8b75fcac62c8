//! The previous site, kept for the next build to update instead of writing
//! every file again.
//!
//! A build writes the new site into a work folder and swaps it in; the
//! site it replaced used to be deleted. It is now moved to
//! `<root>/.helpbook/spare/site/` instead (same file system only: it is a
//! rename), and the next build starts from it: a file whose bytes are
//! already there is kept, any other is written, and what the new site does
//! not have is deleted. After a small edit only the files that changed
//! since that site are written, and nothing is deleted wholesale.
//!
//! Nothing can make a stale file survive:
//!
//! - every site's output marker names its build (a digest of its files'
//!   paths and bytes), and the list of its files is kept under that name
//!   and the folder's identity (`.helpbook/spare/trees/<build>-<inode>`),
//!   with each file's size and modification time as written;
//! - a spare is used only if its marker names a list that is there, and
//!   every file in it is checked against that list: a file that is not in
//!   it (a post-processor's output, say) is deleted, one whose size or time
//!   changed is written again;
//! - the spare's marker is deleted before the first change, so a spare that
//!   a killed build left half-updated is never trusted (it is in the work
//!   folder then, which the next build deletes anyway).
//!
//! Without a spare (the second build ever, or after `.helpbook/` was
//! deleted), the new site starts from the output itself: the files its
//! list vouches for are hard-linked into the work folder. That is safe
//! because a build never writes into a file it started from; it deletes
//! it and creates a new one, so the output being served does not change.
//!
//! The spare lives in the project's `.helpbook/` (ignored by git, safe to
//! delete), never next to the output, where a web server might publish it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::OUTPUT_MARKER;

/// The spare store inside a site.
pub const SPARE_DIR: &str = ".helpbook/spare";
/// The spare site inside the store.
const SITE: &str = "site";
/// The file lists, by build, inside the store.
const TREES: &str = "trees";
/// Bumped whenever a file list changes meaning.
const FORMAT: u32 = 1;
/// The marker line that names the build.
const BUILD_PREFIX: &str = "build ";

/// What a build wrote at one path.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Written {
    /// blake3 of the bytes.
    pub digest: [u8; 32],
    pub size: u64,
    /// Modification time after writing (seconds, nanoseconds).
    pub modified: (i64, u32),
}

impl Written {
    /// The record of a file as it is on disk, with its bytes' digest.
    pub fn of(meta: &std::fs::Metadata, digest: [u8; 32]) -> Written {
        Written {
            digest,
            size: meta.len(),
            modified: modified(meta),
        }
    }
}

fn modified(meta: &std::fs::Metadata) -> (i64, u32) {
    match meta
        .modified()
        .ok()
        .map(|t| t.duration_since(std::time::UNIX_EPOCH))
    {
        Some(Ok(d)) => (d.as_secs() as i64, d.subsec_nanos()),
        Some(Err(e)) => (
            -(e.duration().as_secs() as i64),
            e.duration().subsec_nanos(),
        ),
        None => (0, 0),
    }
}

#[derive(Serialize, Deserialize)]
struct Tree {
    format: u32,
    files: Vec<(String, Written)>,
}

/// The build name of a site with these files: a digest of their paths and
/// bytes (the same site always has the same name).
pub fn build_name(files: &HashMap<String, Written>) -> String {
    let mut paths: Vec<&String> = files.keys().collect();
    paths.sort();
    let mut hasher = blake3::Hasher::new();
    for path in paths {
        hasher.update(&(path.len() as u64).to_le_bytes());
        hasher.update(path.as_bytes());
        hasher.update(&files[path].digest);
    }
    hasher.finalize().to_hex().as_str()[..32].to_string()
}

/// The output marker's text for a build.
pub fn marker_text(intro: &[u8], build: &str) -> Vec<u8> {
    let mut text = intro.to_vec();
    text.extend_from_slice(format!("{BUILD_PREFIX}{build}\n").as_bytes());
    text
}

/// The name of the file list of the site folder `site`: the build its
/// marker names, and the folder's identity on disk (two folders may hold
/// the same build, written at different times).
fn list_name(site: &Path) -> Option<String> {
    let text = std::fs::read_to_string(site.join(OUTPUT_MARKER)).ok()?;
    let build = text
        .lines()
        .find_map(|line| line.strip_prefix(BUILD_PREFIX))
        .filter(|name| name.len() == 32 && name.bytes().all(|b| b.is_ascii_hexdigit()))?;
    Some(format!("{build}-{}", folder_id(site)?))
}

#[cfg(unix)]
fn folder_id(folder: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(folder).ok().map(|m| m.ino())
}

#[cfg(not(unix))]
fn folder_id(folder: &Path) -> Option<u64> {
    std::fs::metadata(folder).ok().map(|_| 0)
}

/// The file that names the output the spare was taken from.
const OUTPUT: &str = "output";

/// The spare store of a project, for one output folder: a build into
/// another folder (a preview, say) neither uses nor replaces its spare.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    /// The output folder, as resolved by [`super::Target`].
    output: PathBuf,
}

impl Store {
    pub fn new(root: &Path, output: &Path) -> Store {
        Store {
            dir: root.join(SPARE_DIR),
            output: output.to_path_buf(),
        }
    }

    fn is_for_this_output(&self) -> bool {
        std::fs::read(self.dir.join(OUTPUT))
            .is_ok_and(|bytes| bytes == self.output.as_os_str().as_encoded_bytes())
    }

    /// Whether the environment turns the store off (a test switch: the
    /// kill tests cover both ways of getting rid of the previous site).
    pub fn disabled() -> bool {
        std::env::var("HELPBOOK_TEST_SPARE").is_ok_and(|v| v == "off")
    }

    /// Moves the spare site to `into` (which must not exist), checks it
    /// against its file list, and returns what it holds; `None` (and
    /// nothing at `into`) when there is no spare to use. Deletes what it
    /// cannot vouch for.
    pub fn take(&self, into: &Path) -> Option<HashMap<String, Written>> {
        let site = self.dir.join(SITE);
        std::fs::symlink_metadata(&site)
            .ok()
            .filter(|m| m.is_dir())?;
        if !self.is_for_this_output() {
            return None;
        }
        if std::fs::rename(&site, into).is_err() {
            let _ = super::swap::remove_tree(&site);
            return None;
        }
        let listed = list_name(into).and_then(|name| self.read_tree(&name));
        // From here on the folder is being changed: never trusted again.
        let unmarked = std::fs::remove_file(into.join(OUTPUT_MARKER)).is_ok();
        match listed {
            Some(listed) if unmarked => Some(verify(into, listed)),
            _ => {
                let _ = super::swap::remove_tree(into);
                None
            }
        }
    }

    /// Without a spare (the build after the first one, or after the spare
    /// was deleted), starts the new site at `into` (which must not exist)
    /// from the current output instead: every file its list names, still
    /// as listed, is hard-linked into `into`. A build never writes into a
    /// file it starts from (it deletes the file and creates a new one), so
    /// the output, which goes on being served, does not change. `None`
    /// (and nothing at `into`) when the output has no list or a link fails
    /// (another file system, say).
    pub fn seed(&self, output: &Path, into: &Path) -> Option<HashMap<String, Written>> {
        let mut listed = self.read_tree(&list_name(output)?)?;
        // Only plain paths inside the site, never its marker (written in
        // place by the commit), whatever the list says.
        listed.retain(|path, _| {
            path != OUTPUT_MARKER
                && Path::new(path)
                    .components()
                    .all(|c| matches!(c, std::path::Component::Normal(_)))
        });
        let linked = link_listed(output, into, &listed);
        if linked.is_none() && std::fs::symlink_metadata(into).is_ok() {
            let _ = super::swap::remove_tree(into);
        }
        linked
    }

    fn read_tree(&self, name: &str) -> Option<HashMap<String, Written>> {
        let bytes = std::fs::read(self.dir.join(TREES).join(name)).ok()?;
        let tree: Tree = postcard::from_bytes(&bytes).ok()?;
        (tree.format == FORMAT).then(|| tree.files.into_iter().collect())
    }

    /// Records the file list of the new site in the folder `site`, whose
    /// build is `build` (before it is swapped in); returns the list's name.
    pub fn record(
        &self,
        site: &Path,
        build: &str,
        files: &HashMap<String, Written>,
    ) -> std::io::Result<String> {
        let name = format!(
            "{build}-{}",
            folder_id(site).ok_or_else(|| std::io::Error::other("no folder id"))?
        );
        let trees = self.dir.join(TREES);
        std::fs::create_dir_all(&trees)?;
        let mut list: Vec<(String, Written)> = files.iter().map(|(p, w)| (p.clone(), *w)).collect();
        list.sort_by(|a, b| a.0.cmp(&b.0));
        let bytes = postcard::to_allocvec(&Tree {
            format: FORMAT,
            files: list,
        })
        .map_err(std::io::Error::other)?;
        let temporary = trees.join(format!("{name}.new"));
        std::fs::write(&temporary, bytes)?;
        std::fs::rename(&temporary, trees.join(&name))?;
        Ok(name)
    }

    /// Keeps `previous` (the site a build just replaced) as the spare, and
    /// forgets every file list but its and `current` (the new site's). Returns
    /// false when the folder could not be moved (another file system): the
    /// caller deletes it.
    pub fn keep(&self, previous: &Path, current: &str) -> bool {
        let site = self.dir.join(SITE);
        if std::fs::symlink_metadata(&site).is_ok() {
            let _ = super::swap::remove_tree(&site);
        }
        let kept = std::fs::create_dir_all(&self.dir).is_ok()
            && std::fs::write(
                self.dir.join(OUTPUT),
                self.output.as_os_str().as_encoded_bytes(),
            )
            .is_ok()
            && std::fs::rename(previous, &site).is_ok();
        let spare_list = if kept { list_name(&site) } else { None };
        if let Ok(entries) = std::fs::read_dir(self.dir.join(TREES)) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if name != current && Some(&name) != spare_list.as_ref() {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        kept
    }
}

/// Whether a file on disk is still as its list recorded it (size and
/// modification time).
fn unchanged(meta: &std::fs::Metadata, written: &Written) -> bool {
    meta.is_file() && meta.len() == written.size && modified(meta) == written.modified
}

/// Creates `into` and hard-links into it every file of `listed` that is
/// still as listed in `output`; what it linked, or `None` when a folder or
/// a link cannot be made.
fn link_listed(
    output: &Path,
    into: &Path,
    listed: &HashMap<String, Written>,
) -> Option<HashMap<String, Written>> {
    use rayon::prelude::*;
    std::fs::create_dir(into).ok()?;
    let mut folders: Vec<&str> = listed
        .keys()
        .filter_map(|path| path.rsplit_once('/').map(|(folder, _)| folder))
        .collect();
    folders.sort_unstable();
    folders.dedup();
    for folder in folders {
        std::fs::create_dir_all(into.join(folder)).ok()?;
    }
    listed
        .par_iter()
        .filter(|(path, written)| {
            std::fs::symlink_metadata(output.join(path)).is_ok_and(|meta| unchanged(&meta, written))
        })
        .map(|(path, written)| {
            std::fs::hard_link(output.join(path), into.join(path))
                .ok()
                .map(|()| (path.clone(), *written))
        })
        .collect()
}

/// Every entry under `dir` that is not a folder (files, links), found
/// without following links, with its metadata; the folders are read in
/// parallel (a site has a folder per page, so reading them one by one is
/// most of the walk). Each entry's metadata is read relative to its open
/// folder (`fstatat`), not by walking its whole path again. Folders that
/// cannot be read are skipped; an entry whose metadata cannot be read
/// comes with none.
fn entries_under(dir: &Path) -> Vec<(PathBuf, Option<std::fs::Metadata>)> {
    use rayon::prelude::*;
    let Ok(read) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let (mut folders, mut entries) = (Vec::new(), Vec::new());
    for entry in read.flatten() {
        match entry.file_type().is_ok_and(|t| t.is_dir()) {
            true => folders.push(entry.path()),
            // (`DirEntry::metadata` does not follow a link.)
            false => entries.push((entry.path(), entry.metadata().ok())),
        }
    }
    let nested: Vec<Vec<(PathBuf, Option<std::fs::Metadata>)>> = folders
        .par_iter()
        .map(|folder| entries_under(folder))
        .collect();
    entries.extend(nested.into_iter().flatten());
    entries
}

/// Checks the spare at `site` against its file list: deletes every file
/// (or link, or folder left empty) that is not listed, drops from the list
/// what is missing or changed (size or time), and returns what is left.
fn verify(site: &Path, listed: HashMap<String, Written>) -> HashMap<String, Written> {
    use rayon::prelude::*;
    let entries = entries_under(site);
    let checked: Vec<(PathBuf, Option<(String, Written)>)> = entries
        .into_par_iter()
        .map(|(path, meta)| {
            let relative = path
                .strip_prefix(site)
                .ok()
                .and_then(|p| p.to_str())
                .map(|p| p.replace(std::path::MAIN_SEPARATOR, "/"));
            let kept = relative.and_then(|relative| {
                let listed_as = listed.get(&relative)?;
                unchanged(&meta?, listed_as).then_some((relative, *listed_as))
            });
            (path, kept)
        })
        .collect();
    let mut found: HashMap<String, Written> = HashMap::with_capacity(listed.len());
    let mut emptied: Vec<PathBuf> = Vec::new();
    for (path, kept) in checked {
        match kept {
            Some((relative, written)) => {
                found.insert(relative, written);
            }
            None => {
                if std::fs::remove_file(&path).is_ok()
                    && let Some(parent) = path.parent()
                {
                    emptied.push(parent.to_path_buf());
                }
            }
        }
    }
    remove_empty_folders(site, emptied);
    found
}

/// Removes each of `folders` (and then its parents, up to `site`) that is
/// empty.
pub fn remove_empty_folders(site: &Path, mut folders: Vec<PathBuf>) {
    folders.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
    folders.dedup();
    for folder in folders {
        let mut current = folder.as_path();
        while current != site && current.starts_with(site) {
            if std::fs::remove_dir(current).is_err() {
                break;
            }
            match current.parent() {
                Some(parent) => current = parent,
                None => break,
            }
        }
    }
}
