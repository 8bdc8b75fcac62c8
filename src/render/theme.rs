//! The theme: the built-in default (embedded in the binary) overlaid, file
//! by file, with the site's own `themes/<name>/`.
//!
//! Embedding means `helpbook build` works in a folder with no theme at all;
//! the overlay means a site can replace one template without copying the
//! rest (as mdBook does).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics, io_error, relative};

/// The default theme's templates, by name.
pub const TEMPLATES: [(&str, &str); 13] = [
    (
        "tags.html",
        include_str!("../../themes/default/templates/tags.html"),
    ),
    (
        "tag.html",
        include_str!("../../themes/default/templates/tag.html"),
    ),
    (
        "base.html",
        include_str!("../../themes/default/templates/base.html"),
    ),
    (
        "languages.html",
        include_str!("../../themes/default/templates/languages.html"),
    ),
    (
        "home.html",
        include_str!("../../themes/default/templates/home.html"),
    ),
    (
        "kind.html",
        include_str!("../../themes/default/templates/kind.html"),
    ),
    (
        "article.html",
        include_str!("../../themes/default/templates/article.html"),
    ),
    (
        "404.html",
        include_str!("../../themes/default/templates/404.html"),
    ),
    (
        "search.html",
        include_str!("../../themes/default/templates/search.html"),
    ),
    (
        "contact.html",
        include_str!("../../themes/default/templates/contact.html"),
    ),
    (
        "verify.html",
        include_str!("../../themes/default/templates/verify.html"),
    ),
    (
        "scams.html",
        include_str!("../../themes/default/templates/scams.html"),
    ),
    (
        "pagination.html",
        include_str!("../../themes/default/templates/pagination.html"),
    ),
];

/// The default theme's static files, by name.
pub const STATIC: [(&str, &[u8]); 8] = [
    (
        "feedback.js",
        include_bytes!("../../themes/default/static/feedback.js"),
    ),
    (
        "favicon.svg",
        include_bytes!("../../themes/default/static/favicon.svg"),
    ),
    (
        "style.css",
        include_bytes!("../../themes/default/static/style.css"),
    ),
    (
        "search.css",
        include_bytes!("../../themes/default/static/search.css"),
    ),
    (
        "analyzer.js",
        include_bytes!("../../themes/default/static/analyzer.js"),
    ),
    (
        "plan.js",
        include_bytes!("../../themes/default/static/plan.js"),
    ),
    (
        "search.js",
        include_bytes!("../../themes/default/static/search.js"),
    ),
    (
        "verify.js",
        include_bytes!("../../themes/default/static/verify.js"),
    ),
];

/// The default theme's interface strings, by language code.
pub const I18N: [(&str, &str); 2] = [
    ("en", include_str!("../../themes/default/i18n/en.toml")),
    (
        "zh-CN",
        include_str!("../../themes/default/i18n/zh-CN.toml"),
    ),
];

/// A theme ready to use: templates, static files and strings.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name → (source, the file it came from for error messages).
    pub templates: BTreeMap<String, (String, PathBuf)>,
    /// Static file name (relative path with `/`) → bytes.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Language code → key → text.
    pub strings: BTreeMap<String, BTreeMap<String, String>>,
}

impl Theme {
    /// The built-in theme only.
    pub fn builtin() -> Result<Theme, Diagnostics> {
        let mut theme = Theme::default();
        for (name, source) in TEMPLATES {
            let origin = PathBuf::from(format!("(built-in theme)/templates/{name}"));
            theme
                .templates
                .insert(name.to_string(), (source.to_string(), origin));
        }
        for (name, bytes) in STATIC {
            theme.static_files.insert(name.to_string(), bytes.to_vec());
        }
        for (lang, source) in I18N {
            let origin = PathBuf::from(format!("(built-in theme)/i18n/{lang}.toml"));
            theme
                .strings
                .insert(lang.to_string(), parse_strings(source, &origin)?);
        }
        Ok(theme)
    }

    /// The built-in theme overlaid with `<root>/themes/<name>/` (book.toml's
    /// `theme`), with book.toml's `favicon` in place of the theme's.
    pub fn load(root: &Path, config: &crate::Config) -> Result<Theme, Diagnostics> {
        let mut theme = Theme::load_folder(root, config.theme.as_deref())?;
        if let Some(favicon) = &config.favicon {
            let bytes = std::fs::read(root.join(favicon)).map_err(|error| {
                Diagnostics::from(
                    io_error(Path::new(crate::config::CONFIG_FILE), &format!("read the favicon `{favicon}`"), &error)
                        .with_help("`favicon` is a path relative to the site folder, e.g. `favicon = \"favicon.png\"`"),
                )
            })?;
            let extension = Path::new(favicon)
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_else(|| "ico".into());
            theme
                .static_files
                .retain(|name, _| !name.starts_with("favicon."));
            theme
                .static_files
                .insert(format!("favicon.{extension}"), bytes);
        }
        Ok(theme)
    }

    /// The static file that is the favicon (`favicon.svg` unless replaced).
    pub fn favicon(&self) -> Option<&str> {
        self.static_files
            .keys()
            .find(|name| name.starts_with("favicon."))
            .map(String::as_str)
    }

    /// The built-in theme overlaid with `<root>/themes/<name>/`.
    fn load_folder(root: &Path, name: Option<&str>) -> Result<Theme, Diagnostics> {
        let mut theme = Theme::builtin()?;
        let Some(name) = name else { return Ok(theme) };
        let dir = root.join("themes").join(name);
        if !dir.is_dir() {
            return Err(Diagnostic::error(
                "theme",
                crate::config::CONFIG_FILE,
                format!("theme `{name}` not found: there is no folder themes/{name}/"),
            )
            .with_help(
                "create it with the files you want to override, or remove `theme` from book.toml",
            )
            .into());
        }
        let mut diagnostics = Diagnostics::default();
        for (sub, files) in [("templates", true), ("static", false), ("i18n", false)] {
            let folder = dir.join(sub);
            if !folder.is_dir() {
                continue;
            }
            for entry in walkdir::WalkDir::new(&folder)
                .follow_links(false)
                .sort_by_file_name()
            {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(error) => {
                        diagnostics.push(Diagnostic::error(
                            "theme",
                            relative(&folder, root),
                            error.to_string(),
                        ));
                        continue;
                    }
                };
                if !entry.file_type().is_file() {
                    continue;
                }
                let path = entry.path();
                let Ok(inner) = path.strip_prefix(&folder) else {
                    continue;
                };
                let key = inner
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                if key.split('/').any(|p| p.starts_with('.')) {
                    continue;
                }
                let shown = relative(path, root);
                let bytes = match std::fs::read(path) {
                    Ok(bytes) => bytes,
                    Err(error) => {
                        diagnostics.push(io_error(&shown, "read the theme file", &error));
                        continue;
                    }
                };
                match sub {
                    "static" => {
                        theme.static_files.insert(key, bytes);
                    }
                    _ => {
                        let Ok(text) = String::from_utf8(bytes) else {
                            diagnostics.push(Diagnostic::error(
                                "theme",
                                shown,
                                "the file is not valid UTF-8",
                            ));
                            continue;
                        };
                        let text = crate::content::normalize_text(text);
                        if files {
                            theme.templates.insert(key, (text, shown));
                        } else if let Some(lang) = key.strip_suffix(".toml") {
                            match parse_strings(&text, &shown) {
                                Ok(strings) => theme
                                    .strings
                                    .entry(lang.to_string())
                                    .or_default()
                                    .extend(strings),
                                Err(mut errors) => diagnostics.0.append(&mut errors.0),
                            }
                        }
                    }
                }
            }
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        Ok(theme)
    }

    /// The strings for a language: its own file, else the file of its
    /// primary subtag (`zh` for `zh-TW`), with English filling any gaps.
    pub fn strings_for(&self, lang: &str) -> BTreeMap<String, String> {
        let mut strings = self.strings.get("en").cloned().unwrap_or_default();
        let primary = lang.split('-').next().unwrap_or(lang);
        let own = self.strings.get(lang).or_else(|| {
            self.strings
                .iter()
                .find(|(code, _)| code.split('-').next() == Some(primary))
                .map(|(_, s)| s)
        });
        if let Some(own) = own {
            strings.extend(own.clone());
        }
        strings
    }
}

/// Parses a flat `key = "text"` TOML table of interface strings.
fn parse_strings(source: &str, origin: &Path) -> Result<BTreeMap<String, String>, Diagnostics> {
    let table: toml::Table = toml::from_str(source).map_err(|error| {
        let mut d = Diagnostic::error(
            "theme",
            origin,
            format!("invalid i18n file: {}", error.message().trim()),
        );
        if let Some(span) = error.span() {
            d = d.at_offset(source, span.start);
        }
        Diagnostics::from(d)
    })?;
    let mut strings = BTreeMap::new();
    let mut diagnostics = Diagnostics::default();
    for (key, value) in table {
        match value {
            toml::Value::String(text) => {
                strings.insert(key, text);
            }
            _ => diagnostics.push(Diagnostic::error(
                "theme",
                origin,
                format!("i18n key `{key}` must be a string"),
            )),
        }
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(strings)
}
