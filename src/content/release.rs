//! Release-note front matter: version, date, platforms, the minimum safe
//! version and download links.
//!
//! A release note with a semantic `version` joins the version order (the
//! series on the releases page, "latest version"); one without is a dated
//! announcement ("maintenance on 18 May"), listed and fed by its date. A
//! `version` that is written but does not parse is always an error, and
//! `[content] require_release_version = true` makes a missing one an error.

use jiff::civil::Date;

use super::article::Fields;
use super::front_matter::RawFrontMatter;
use crate::config::Config;

/// Platforms a release can be for.
pub const PLATFORMS: [&str; 4] = ["ios", "android", "desktop", "extension"];

/// The front matter keys that only release notes use.
pub const RELEASE_KEYS: [&str; 5] = [
    "version",
    "date",
    "platforms",
    "min_safe_version",
    "downloads",
];

/// Typed release-note data.
#[derive(Debug, Clone)]
pub struct Release {
    /// `None` for a dated announcement.
    pub version: Option<semver::Version>,
    /// The release or announcement date (`date`, else `updated`).
    pub date: Date,
    pub platforms: Vec<String>,
    pub min_safe_version: Option<semver::Version>,
    pub downloads: Vec<Download>,
}

#[derive(Debug, Clone)]
pub struct Download {
    pub platform: String,
    pub url: String,
}

impl Release {
    /// Reading order of release notes: versioned ones first, newest version
    /// first (a prerelease below its release; equal versions by date),
    /// then dated announcements, newest first.
    pub fn reading_order(&self, other: &Release) -> std::cmp::Ordering {
        match (&self.version, &other.version) {
            (Some(a), Some(b)) => b.cmp(a).then_with(|| other.date.cmp(&self.date)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => other.date.cmp(&self.date),
        }
    }
}

/// `v2.4.0` and ` 2.4.0 ` are read as `2.4.0`.
fn parse_version(text: &str) -> Result<semver::Version, semver::Error> {
    semver::Version::parse(text.trim().trim_start_matches('v'))
}

/// A semantic version field, or `None` with an error at its value.
fn version_field(
    fields: &mut Fields<'_>,
    value: &serde_saphyr::Spanned<String>,
    key: &str,
    help: &str,
) -> Option<semver::Version> {
    match parse_version(&value.value) {
        Ok(version) => Some(version),
        Err(error) => {
            let at = fields.spanned(value);
            fields.error_with_help(
                at,
                format!(
                    "`{key}` `{}` is not a semantic version: {error}",
                    value.value
                ),
                help,
            );
            None
        }
    }
}

/// Validates the release data of a release note. `date` and `updated` are
/// the already-validated dates (`None` when absent or invalid; an invalid
/// one has been reported).
pub(super) fn release(
    fields: &mut Fields<'_>,
    raw: &RawFrontMatter,
    date: Option<Date>,
    updated: Option<Date>,
    config: &Config,
) -> Option<Release> {
    // The article is dropped on any error (the caller counts them), so a
    // bad version only needs reporting here.
    let version = match &raw.version {
        Some(v) => version_field(
            fields,
            v,
            "version",
            "write it as MAJOR.MINOR.PATCH, e.g. `version: \"2.4.0\"`, or remove it for a dated announcement",
        ),
        None if config.content.require_release_version && !fields.mistyped("version") => {
            fields.error_with_help(
                (1, 1),
                "a release note needs `version` (book.toml: [content] require_release_version = true)".into(),
                "add `version: \"2.4.0\"` (a semantic version)",
            );
            None
        }
        None => None,
    };
    let date = match (date, &raw.date, updated) {
        (Some(date), _, _) => Some(date),
        // Written but invalid: already reported.
        (None, Some(_), _) => None,
        (None, None, Some(updated)) => Some(updated),
        // Written with the wrong type: already reported.
        (None, None, None) if fields.mistyped("date") || fields.mistyped("updated") => None,
        (None, None, None) => {
            fields.error_with_help(
                (1, 1),
                "a release note needs `date` (or `updated`)".into(),
                "add `date: YYYY-MM-DD`, the day it was released or announced",
            );
            None
        }
    };
    let min_safe_version = raw.min_safe_version.as_ref().and_then(|v| {
        version_field(
            fields,
            v,
            "min_safe_version",
            "older versions are shown as unsafe; write it as MAJOR.MINOR.PATCH",
        )
    });
    let mut platforms = Vec::new();
    for platform in &raw.platforms {
        if PLATFORMS.contains(&platform.value.as_str()) {
            platforms.push(platform.value.clone());
        } else {
            let at = fields.spanned(platform);
            fields.error_with_help(
                at,
                format!("unknown platform `{}`", platform.value),
                &format!("platforms are {}", PLATFORMS.join(", ")),
            );
        }
    }
    let mut downloads = Vec::new();
    for download in &raw.downloads {
        let at = fields.at(
            download.referenced.line() as usize,
            download.referenced.column() as usize,
        );
        let value = &download.value;
        match url_host(&value.url) {
            Some(host)
                if value.url.starts_with("https://") && is_official_domain(&host, config) =>
            {
                downloads.push(Download {
                    platform: value.platform.clone(),
                    url: value.url.clone(),
                });
            }
            Some(host) if value.url.starts_with("https://") => fields.error_with_help(
                at,
                format!(
                    "download link `{}` is not on an official domain ({host})",
                    value.url
                ),
                "downloads must be on the help center's host or that of a `url` or `chat` contact in book.toml ([check] allowed_domains are fine to link to, not official)",
            ),
            _ => fields.error(
                at,
                format!("download link `{}` must be an https:// URL", value.url),
            ),
        }
    }
    Some(Release {
        version,
        date: date?,
        platforms,
        min_safe_version,
        downloads,
    })
}

/// The lowercased host of an http(s) URL.
pub fn url_host(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit('@').next()?.split(':').next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Whether `host` is (a subdomain of) the help center's host or the host of
/// an official `url` or `chat` contact. `[check] allowed_domains` are fine
/// to link to but never official.
pub fn is_official_domain(host: &str, config: &Config) -> bool {
    use crate::config::Channel;
    config
        .contacts
        .iter()
        .filter(|c| matches!(c.channel, Channel::Url | Channel::Chat))
        .map(|c| c.value.as_str())
        .chain([config.base_url.as_str()])
        .filter_map(url_host)
        .any(|domain| crate::contact::lookalike::is_under(host, &domain))
}
