//! Search: the analyzer shared by the tantivy index and the browser client.

pub mod analyzer;
