//! Test hooks: named steps of writing the output, where a test can stop the
//! process to kill it, and a switch to the portable swap.
//!
//! - `HELPBOOK_TEST_PAUSE_AT=<step>`: when the build reaches `<step>` (one
//!   of [`STEPS`]), it prints `helpbook: test pause at <step>` on stderr and
//!   waits for a line (or the end) on stdin. A test kills it there with
//!   SIGKILL to check what a killed build leaves behind, or lets it go on
//!   to check how a second build behaves meanwhile.
//! - `HELPBOOK_TEST_SWAP=rename`: use the portable two-rename swap even
//!   where the atomic exchange works, so both are tested on Linux.
//!
//! Without these variables a step costs one cached comparison.

use std::io::BufRead;
use std::sync::OnceLock;

/// Every step, in the order a build reaches them.
pub const STEPS: [&str; 13] = [
    // The lock is held and what a killed build left is cleaned up; the
    // site is not read yet.
    "locked",
    // The work folder `.<out>.staging` exists, without its marker yet.
    "work-created",
    // The work folder carries its marker; the new site is not started.
    "work-marked",
    // The spare site (see spare.rs) was moved into the work folder and
    // checked; the new site starts from it.
    "spare-taken",
    // The first file of the new site was written.
    "half-written",
    // The new site is complete, with the output marker.
    "staged",
    // Portable swap only: the previous output was moved into the work
    // folder; nothing is at the output path.
    "moved-aside",
    // The new site is at the output path; the previous one is in the work folder.
    "swapped",
    // The previous site was moved to the spare store.
    "spare-kept",
    // Part of the previous site was deleted.
    "trash-partly-removed",
    // The previous site is deleted; the work folder still has its marker.
    "trash-removed",
    // The work folder is empty, its marker gone.
    "work-unmarked",
    // The work folder is gone; only the lock file is left to remove.
    "cleaned",
];

/// The step the environment asks to pause at, read once.
fn pause_at() -> Option<&'static str> {
    static PAUSE: OnceLock<Option<String>> = OnceLock::new();
    PAUSE
        .get_or_init(|| std::env::var("HELPBOOK_TEST_PAUSE_AT").ok())
        .as_deref()
}

/// Reached `name`: pauses there if asked to.
pub(crate) fn step(name: &'static str) {
    debug_assert!(STEPS.contains(&name), "unknown step {name}");
    if pause_at() != Some(name) {
        return;
    }
    eprintln!("helpbook: test pause at {name}");
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
}

/// Whether the environment asks for the portable swap.
pub(crate) fn portable_swap_forced() -> bool {
    static FORCED: OnceLock<bool> = OnceLock::new();
    *FORCED.get_or_init(|| std::env::var("HELPBOOK_TEST_SWAP").is_ok_and(|value| value == "rename"))
}
