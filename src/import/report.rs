//! The import's report: what was imported, what could not be mapped, the
//! links it rewrote or left broken (and why), and every contact found in
//! the articles, grouped, with a suggested registry block for the writer to
//! review. Nothing is ever added to the site's official registry: the
//! block goes to its own file next to book.toml.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::links::Broken;
use super::model::Unmapped;
use crate::config::{Channel, Contact};
use crate::contact::phone::Region;
use crate::contact::registry::registry_problem;
use crate::contact::{self, Kind, Registry};

/// The report file, next to book.toml.
pub const REPORT_FILE: &str = "import-report.md";
/// The suggested contacts, next to book.toml.
pub const SUGGESTED_FILE: &str = "suggested-contacts.toml";

/// A contact found in the imported articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundContact {
    pub kind: Kind,
    pub channel: Option<Channel>,
    /// Normalised (what the registry compares).
    pub key: String,
    /// As first written.
    pub written: String,
    /// The imported files it is in, sorted.
    pub files: Vec<String>,
}

/// The region national phone spellings of an imported site are read in:
/// the region subtag of its default language (`zh-CN` → `CN`), if any.
pub fn region_of_language(code: &str) -> Option<Region> {
    code.split('-')
        .skip(1)
        .find(|part| part.len() == 2 && part.chars().all(|c| c.is_ascii_alphabetic()))
        .and_then(Region::from_code)
}

/// Every contact in `articles` (new path, Markdown body), grouped by what
/// it normalises to; national phone spellings read in `region`.
pub fn find_contacts<'a>(
    articles: impl Iterator<Item = (&'a str, &'a str)>,
    region: Option<Region>,
) -> Vec<FoundContact> {
    let registry = Registry {
        region,
        ..Registry::default()
    };
    let mut found: BTreeMap<(u8, String), FoundContact> = BTreeMap::new();
    for (file, body) in articles {
        for (range, normalized) in contact::scan::scan_text(body, &[], &registry) {
            let mut hit = contact::Found {
                text: body[range.clone()].to_string(),
                contact: normalized,
                source: range.start,
                is_link: false,
            };
            trim_bracket(&mut hit, registry.region.as_ref());
            let rank = match hit.contact.kind {
                Kind::Phone => 0,
                Kind::Email => 1,
                Kind::Handle => 2,
                Kind::Domain => 3,
                Kind::Version => 4,
            };
            let entry = found
                .entry((rank, hit.contact.value.clone()))
                .or_insert_with(|| FoundContact {
                    kind: hit.contact.kind,
                    channel: hit.contact.channel,
                    key: hit.contact.value.clone(),
                    written: hit.text.trim().to_string(),
                    files: Vec::new(),
                });
            if !entry.files.iter().any(|f| f == file) {
                entry.files.push(file.to_string());
            }
        }
    }
    let mut out: Vec<FoundContact> = found.into_values().collect();
    for contact in &mut out {
        contact.files.sort();
    }
    out
}

/// Without a registry the scanner cannot tell `+1 202 555 0100 (09:00)`
/// from a longer number, and reads `+1 202 555 0100 (09`: an opening
/// bracket that is not closed ends the number.
fn trim_bracket(hit: &mut contact::Found, region: Option<&Region>) {
    if hit.contact.kind != Kind::Phone {
        return;
    }
    let Some(open) = hit.text.rfind(['(', '（']) else {
        return;
    };
    if hit.text[open..].contains([')', '）']) {
        return;
    }
    let trimmed = hit.text[..open].trim_end();
    if let Some(contact) = contact::normalize(trimmed, region).filter(|c| c.kind == Kind::Phone) {
        hit.text = trimmed.to_string();
        hit.contact = contact;
    }
}

fn kind_title(kind: Kind) -> &'static str {
    match kind {
        Kind::Phone => "Phone numbers",
        Kind::Email => "Email addresses",
        Kind::Handle => "Account handles",
        Kind::Domain => "Web addresses (link domains)",
        Kind::Version => "App versions",
    }
}

fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

/// The suggested registry block: a `[[contacts]]` table per phone, email
/// and handle, `[check] allowed_domains` for the link domains. Entries the
/// registry could not compare (a number without its country code) are
/// commented out with the reason.
pub fn suggested_block(contacts: &[FoundContact], region: Option<&Region>) -> String {
    let mut out = String::from(
        "# Contacts found in the imported articles, written by `helpbook import`.\n\
         # NOT part of the site: review every entry. Keep as [[contacts]] only the\n\
         # channels you own and answer on, then copy them into book.toml. A\n\
         # contact that belongs to someone else (a bank, a partner) goes to\n\
         # [[third_parties]] with whose it is; a number you warn readers about\n\
         # goes to [[scams]]; anything else must be removed from the article:\n\
         # `helpbook check` reports every contact that is on no list.\n",
    );
    for contact in contacts.iter().filter(|c| c.kind != Kind::Domain) {
        let channel = match (contact.kind, contact.channel) {
            (Kind::Phone, _) => Some(Channel::Phone),
            (Kind::Email, _) => Some(Channel::Email),
            (_, channel) => channel,
        };
        let _ = writeln!(out, "\n# found in {}", contact.files.join(", "));
        let Some(channel) = channel else {
            let _ = writeln!(
                out,
                "# `{}`: a handle without a known channel; add it by hand if it is yours",
                contact.written
            );
            continue;
        };
        let value = match contact.kind {
            Kind::Email => contact.key.clone(),
            Kind::Handle => contact.key.clone(),
            _ => contact.written.clone(),
        };
        let entry = Contact {
            id: None,
            channel,
            value: value.clone(),
            label: String::new(),
            hours: String::new(),
            languages: Vec::new(),
            translations: BTreeMap::new(),
            urgent: false,
        };
        let channel_name = toml::Value::try_from(channel)
            .map(|v| v.to_string())
            .unwrap_or_default();
        let block = format!(
            "[[contacts]]\nchannel = {channel_name}\nvalue = {}\nlabel = \"\"          # what readers see, e.g. \"Support hotline\"\n",
            toml_string(&value)
        );
        match registry_problem(&entry, region) {
            None => out.push_str(&block),
            Some(problem) => {
                let _ = writeln!(
                    out,
                    "# {problem}: write it with its country code if it is yours"
                );
                for line in block.lines() {
                    let _ = writeln!(out, "# {line}");
                }
            }
        }
    }
    let domains: Vec<String> = contacts
        .iter()
        .filter(|c| c.kind == Kind::Domain)
        .map(|c| toml_string(&c.key))
        .collect();
    if !domains.is_empty() {
        let _ = writeln!(
            out,
            "\n# Domains the articles link to: fine to link to, never \"official\".\n[check]\nallowed_domains = [{}]",
            domains.join(", ")
        );
    }
    out
}

/// What the report says, as counts and lists.
#[derive(Debug, Default)]
pub struct Summary {
    pub format: String,
    pub source: String,
    pub today: String,
    /// lang → articles.
    pub per_language: BTreeMap<String, usize>,
    /// kind → articles.
    pub per_kind: BTreeMap<String, usize>,
    /// Articles that exist in every language.
    pub paired: usize,
    pub files_copied: usize,
    pub rewritten: usize,
    pub broken: Vec<Broken>,
    pub unmapped: Vec<Unmapped>,
    pub contacts: Vec<FoundContact>,
    /// Contact and security articles whose `verified:` the import set.
    pub to_verify: Vec<String>,
}

/// The Markdown report.
pub fn render(summary: &Summary) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Import report\n");
    let _ = writeln!(
        out,
        "Imported from `{}` ({}) on {}.\n",
        summary.source, summary.format, summary.today
    );
    let total: usize = summary.per_language.values().sum();
    let _ = writeln!(out, "## Imported\n");
    let languages: Vec<String> = summary
        .per_language
        .iter()
        .map(|(l, n)| format!("{l}: {n}"))
        .collect();
    let _ = writeln!(out, "- {total} articles ({})", languages.join(", "));
    let kinds: Vec<String> = summary
        .per_kind
        .iter()
        .map(|(k, n)| format!("{k}: {n}"))
        .collect();
    let _ = writeln!(out, "- by kind: {}", kinds.join(", "));
    let _ = writeln!(
        out,
        "- {} articles are in every language (translations paired)",
        summary.paired
    );
    let _ = writeln!(
        out,
        "- {} files copied (images and attachments)",
        summary.files_copied
    );
    let _ = writeln!(out, "\n## Links\n");
    let _ = writeln!(
        out,
        "- {} links rewritten to helpbook paths",
        summary.rewritten
    );
    let _ = writeln!(
        out,
        "- {} links left as written (broken):",
        summary.broken.len()
    );
    for broken in &summary.broken {
        let _ = writeln!(
            out,
            "  - {}: `{}`: {}",
            broken.source, broken.target, broken.reason
        );
    }
    let _ = writeln!(out, "\n## Could not be mapped\n");
    if summary.unmapped.is_empty() {
        let _ = writeln!(out, "Nothing.");
    }
    for item in &summary.unmapped {
        let _ = writeln!(out, "- {}: {}", item.source, item.what);
    }
    if !summary.to_verify.is_empty() {
        let _ = writeln!(
            out,
            "\n## To verify\n\nThese contact and security articles got `verified:` from their last update in the source; check their facts and set it to the day you did:\n"
        );
        for file in &summary.to_verify {
            let _ = writeln!(out, "- {file}");
        }
    }
    let _ = writeln!(out, "\n## Contacts found\n");
    if summary.contacts.is_empty() {
        let _ = writeln!(out, "None.");
    } else {
        let _ = writeln!(
            out,
            "helpbook publishes only contacts in the official registry (`[[contacts]]` in book.toml). \
             The import added none: `{SUGGESTED_FILE}` has a block for each, to review.\n"
        );
    }
    let mut last: Option<Kind> = None;
    for contact in &summary.contacts {
        if last != Some(contact.kind) {
            let gap = if last.is_some() { "\n" } else { "" };
            let _ = writeln!(out, "{gap}### {}\n", kind_title(contact.kind));
            last = Some(contact.kind);
        }
        let _ = writeln!(out, "- `{}`: {}", contact.written, contact.files.join(", "));
    }
    out
}

/// The one-paragraph summary the command prints.
pub fn console(summary: &Summary) -> String {
    let total: usize = summary.per_language.values().sum();
    let languages: Vec<&str> = summary.per_language.keys().map(String::as_str).collect();
    format!(
        "Imported {total} articles ({}) from {}: {} links rewritten, {} left broken, {} files copied, {} not mapped, {} contacts to review.",
        languages.join(", "),
        summary.format,
        summary.rewritten,
        summary.broken.len(),
        summary.files_copied,
        summary.unmapped.len(),
        summary.contacts.len()
    )
}
