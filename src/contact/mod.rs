//! Contact integrity: which phone numbers, email addresses, web addresses,
//! messenger accounts and app versions are the operator's, whose the
//! others are, and which are reported scams.
//!
//! Fake customer-service numbers are a real and common fraud against wallet
//! users. A false "official" is the worst answer helpbook can give; a false
//! error on an ordinary link is the second worst (it pushes writers to
//! register things that are not contacts). So the lists of book.toml each
//! mean one thing ([`registry`]), phone numbers carry a region ([`phone`]),
//! look-alikes are called out ([`lookalike`]), and checks run on what
//! readers see ([`scan`]), not on the Markdown source.
//!
//! The browser half is `themes/default/static/verify.js`: the same
//! canonical text, normalisation, verdict order and look-alike rules, fed
//! by the same published registry (`contacts.json`). The shared vectors
//! (`tests/contact_vectors.json`) and a generated set of thousands of
//! spellings hold the two to the same answers.

pub mod lookalike;
pub mod normalize;
pub mod phone;
pub mod registry;
pub mod scan;
pub mod text;

pub use normalize::{Kind, Normalized, normalize};
pub use registry::{Answer, Registry, Status, Verdict};
pub use scan::{Found, ReaderView, scan_view};

/// The path of the published registry inside the site (under the base
/// path): one stable, documented address for the wallet app and others.
pub const PUBLISHED_PATH: &str = "contacts.json";
