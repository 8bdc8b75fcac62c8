//! "Last updated" dates from git, for articles without `updated:` in their
//! front matter.
//!
//! One `git log` over `content/` gives every file's last commit date: one
//! process for the whole site instead of one per file (10,000 articles
//! would otherwise mean 10,000 processes). For the same commit the dates
//! are the same, so builds stay deterministic. When git is missing or the
//! site is not in a repository there are simply no dates, never an error.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use jiff::civil::Date;

use crate::content::CONTENT_DIR;

/// Separates commits in the log output (ASCII record separator).
const RECORD: char = '\u{1e}';

/// Path relative to the site root (`content/en/faq/x.md`) → the committer
/// date of the last commit that touched it. Empty when git cannot say.
pub fn last_commit_dates(root: &Path) -> HashMap<PathBuf, Date> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "-c",
            "core.quotepath=off",
            "log",
            "--format=%x1e%cs",
            "--name-only",
            "--relative",
            "-z",
            "--",
            CONTENT_DIR,
        ])
        .output();
    match output {
        Ok(output) if output.status.success() => {
            parse_log(&String::from_utf8_lossy(&output.stdout))
        }
        _ => HashMap::new(),
    }
}

/// Parses `git log --format=%x1e%cs --name-only -z`: newest commit first,
/// so the first date seen for a path is its last change.
fn parse_log(log: &str) -> HashMap<PathBuf, Date> {
    let mut dates = HashMap::new();
    let mut current: Option<Date> = None;
    for field in log.split('\0') {
        let field = field.trim_start_matches('\n');
        if let Some(date) = field.strip_prefix(RECORD) {
            current = date.trim().parse().ok();
        } else if !field.is_empty()
            && let Some(date) = current
        {
            dates.entry(PathBuf::from(field)).or_insert(date);
        }
    }
    dates
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_commit_wins() {
        let log = "\u{1e}2026-11-20\0\ncontent/en/faq/a.md\0content/en/faq/b.md\0\u{1e}2026-10-01\0\ncontent/en/faq/a.md\0content/en/faq/c.md\0";
        let dates = parse_log(log);
        let date = |p: &str| dates.get(Path::new(p)).map(ToString::to_string);
        assert_eq!(date("content/en/faq/a.md").as_deref(), Some("2026-11-20"));
        assert_eq!(date("content/en/faq/b.md").as_deref(), Some("2026-11-20"));
        assert_eq!(date("content/en/faq/c.md").as_deref(), Some("2026-10-01"));
        assert_eq!(dates.len(), 3);
    }
}
