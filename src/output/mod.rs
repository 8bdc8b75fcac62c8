//! Writing the site: where it may go, a staging folder next to the output,
//! a swap that replaces the previous site in one step, one writer at a
//! time, and the sitemap and robots.txt.
//!
//! ```text
//! Target::check(root, out, force)   the rules for `--out` (target.rs); writes nothing
//!   .lock(on_wait)                   one build at a time (lock.rs); clean up after a
//!                                    killed build (staging.rs)
//!   .stage_keeping(root) → Staging   start the new site next to the output, from the
//!                                    spare site when there is one (spare.rs)
//!     .add(path, bytes), .copy(path, from)   (a file the spare already has is kept)
//!     .commit()                      swap it in (swap.rs); the previous site becomes the
//!                                    spare (`<root>/.helpbook/spare/`) or is deleted
//! ```
//!
//! The guarantees:
//!
//! - helpbook replaces only a new or empty folder, or one it made (it
//!   carries [`OUTPUT_MARKER`]); anything else needs `--force`, and some
//!   folders (the site, home, the current folder, …) are never replaced;
//! - nothing is written outside the output folder but its siblings
//!   `.<out>.staging/` and `.<out>.lock`, both deleted when the build ends,
//!   and the project's own `.helpbook/spare/`, where the site a build
//!   replaced waits for the next build (never next to the output, where a
//!   web server might publish it);
//! - at every instant the output path holds the complete previous site or
//!   the complete new one (on Linux; see swap.rs for other systems), and a
//!   build killed at any step is cleaned up by the next one (the steps are
//!   [`hook::STEPS`]; hook.rs has the test hooks that stop a build there);
//! - a second build into the same output waits for the first; a build
//!   into a folder `helpbook serve` is serving fails at once.

pub mod hook;
mod lock;
pub mod sitemap;
pub mod spare;
mod staging;
mod swap;
mod target;

pub use lock::{Holder, OutputLock};
pub use sitemap::robots;
pub use staging::{LockedTarget, Staging};
pub use target::Target;

/// The file in every output folder helpbook makes; a folder that has it may
/// be replaced without `--force`.
pub const OUTPUT_MARKER: &str = ".helpbook-output";
