//! Pages an incremental build need not render again.
//!
//! A page is a function of its template context and the templates. The
//! build cache ([`crate::cache`]) keeps, for every article page of the
//! previous output, a digest of those inputs and of the bytes they gave.
//! When the inputs are the same now and the spare site the build starts
//! from (see [`crate::output::spare`]) holds exactly those bytes at that
//! path, the page is kept as it is, without rendering it.
//!
//! The context is hashed as the template sees it, with one exception: the
//! article's HTML is represented by its digest ([`crate::markdown::Rendered::html_digest`]),
//! so an unchanged page is recognised without reading its HTML back.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::Theme;
use crate::cache::{Cache, Digest, Hasher, Output};

/// What the article pages of one build may reuse.
pub struct Reuse<'a> {
    cache: &'a Cache,
    /// The output folder the cache's records describe.
    out: PathBuf,
    /// helpbook's version, the built-in and the site's templates.
    templates: Digest,
    /// Pages kept from the spare by this build.
    kept: std::sync::atomic::AtomicUsize,
}

/// The digest of a context part ([`super::digest`]'s encoding of it),
/// written into the thread's scratch buffer and hashed in one go (a hasher
/// fed the many small writes of a serializer is several times slower).
fn digest_of(value: &impl serde::Serialize) -> Digest {
    crate::cache::with_scratch(|buffer| {
        // A value that cannot be serialized (never the case for contexts)
        // hashes as what was written of it.
        let _ = super::digest::encode(value, buffer);
        *blake3::hash(buffer).as_bytes()
    })
}

impl<'a> Reuse<'a> {
    pub fn new(cache: &'a Cache, out: &Path, theme: &Theme) -> Reuse<'a> {
        let mut hasher = Hasher::default();
        hasher.part(env!("CARGO_PKG_VERSION"));
        for (name, source) in super::theme::TEMPLATES {
            hasher.part(name).part(source);
        }
        for (name, (source, _)) in &theme.templates {
            hasher.part(name).part(source);
        }
        Reuse {
            cache,
            out: out.to_path_buf(),
            templates: hasher.finish(),
            kept: Default::default(),
        }
    }

    /// How many pages this build kept without rendering them.
    pub fn kept(&self) -> usize {
        self.kept.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The digest of what every page of a language shares: the shared part
    /// of the context, and the `environment` of the pages' structured data
    /// when it is not in the contexts hashed (article pages).
    pub fn base(&self, base: &Map<String, Value>, environment: &str) -> Digest {
        Hasher::default()
            .part(self.templates)
            .part(digest_of(base))
            .part(environment)
            .finish()
    }

    /// The digest of everything a page is made from: the shared part, the
    /// template, the page's own part of the context and its HTML's digest.
    pub fn inputs(
        &self,
        base: &Digest,
        template: &str,
        own: &impl serde::Serialize,
        html: &Digest,
    ) -> Digest {
        Hasher::default()
            .part(base)
            .part(template)
            .part(digest_of(own))
            .part(html)
            .finish()
    }

    /// The digest of everything a page other than an article's is made
    /// from when its context is `own` over a language's shared part,
    /// whose digest ([`Reuse::base`]) is `base`.
    pub fn over(&self, base: &Digest, template: &str, own: &Map<String, Value>) -> Digest {
        Hasher::default()
            .part(base)
            .part(template)
            .part(digest_of(own))
            .finish()
    }

    /// The digest of everything a page other than an article's is made
    /// from: its template and its whole context.
    pub fn page(&self, template: &str, context: &Map<String, Value>) -> Digest {
        Hasher::default()
            .part(self.templates)
            .part(template)
            .part(digest_of(context))
            .finish()
    }

    /// The digest of the bytes the previous output has at `path`, when it
    /// was made from `inputs`.
    pub fn previous(&self, path: &str, inputs: &Digest) -> Option<Digest> {
        self.cache
            .output(&self.out, path)
            .filter(|output| output.inputs == *inputs)
            .map(|output| output.bytes)
    }

    /// Records that the page at `path` was kept as it was.
    pub fn record_kept(&self, path: &str, inputs: Digest, bytes: Digest) {
        self.kept.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.record(path, inputs, bytes);
    }

    /// Records what the page at `path` was made from and its bytes' digest.
    pub fn record(&self, path: &str, inputs: Digest, bytes: Digest) {
        self.cache
            .record_output(path.to_string(), Output { inputs, bytes });
    }
}

/// Where the static index's document files go: kept from the spare (the
/// build's [`Reuse`] records which), or into the sink as they are made.
pub struct KeepFiles<'a> {
    reuse: &'a Reuse<'a>,
    sink: &'a dyn super::Sink,
    /// Files this build made (the others asked about it kept).
    made: std::sync::atomic::AtomicUsize,
}

impl<'a> KeepFiles<'a> {
    pub fn new(reuse: &'a Reuse<'a>, sink: &'a dyn super::Sink) -> KeepFiles<'a> {
        KeepFiles {
            reuse,
            sink,
            made: Default::default(),
        }
    }

    /// How many of the files asked about were made, not kept.
    pub fn made(&self) -> usize {
        self.made.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl crate::search::export::Keep for KeepFiles<'_> {
    fn keep(&self, path: &str, inputs: &Digest) -> Option<Digest> {
        let bytes = self.reuse.previous(path, inputs)?;
        self.sink.keep(path, &bytes).then(|| {
            self.reuse.record(path, *inputs, bytes);
            bytes
        })
    }

    fn can_keep(&self, path: &str, digest: &Digest) -> bool {
        self.sink.has(path, digest)
    }

    fn keep_file(&self, path: &str, digest: &Digest) -> bool {
        self.sink.keep(path, digest)
    }

    fn put(
        &self,
        path: String,
        inputs: Digest,
        bytes: Vec<u8>,
        digest: Digest,
    ) -> Result<(), crate::Diagnostics> {
        self.made.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.reuse.record(&path, inputs, digest);
        self.sink.put_hashed(path, bytes, digest)
    }
}
