//! helpbook: a static help-center generator.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! book.toml ─► Config ─┐
//! content/ ──► Article* ─► Site ─► rendered pages ─┐
//!                           └────► search index ───┴─► staging dir ─► atomic swap ─► public/
//! ```

pub mod config;
pub mod content;
pub mod diagnostic;
