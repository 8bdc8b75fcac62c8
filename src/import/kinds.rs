//! Which kind (contact, faq, security, release) an imported article
//! becomes: the user's rules (`--kind-rules FILE`) first, then built-in
//! keyword rules over the names of the sections it sat in and its folder,
//! then over its title; FAQ when nothing matches.
//!
//! A rules file is TOML:
//!
//! ```toml
//! [[rules]]
//! kind = "security"
//! section = ["账户保护", "Protect your account"]   # section/category names or folders containing…
//! [[rules]]
//! kind = "release"
//! title = ["公告", "notice"]                         # titles containing…
//! ```
//!
//! Matching is case-insensitive on substrings; a rule matches when any of
//! its words is found in the field it names; the first matching rule wins.

use std::path::Path;

use serde::Deserialize;

use super::model::Doc;
use crate::config::KINDS;
use crate::diagnostic::{Diagnostic, Diagnostics};

/// One rule: a kind and the words that select it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub kind: String,
    /// Words looked for in the section and category names and the folder.
    #[serde(default)]
    pub section: Vec<String>,
    /// Words looked for in the title.
    #[serde(default)]
    pub title: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    rules: Vec<Rule>,
}

/// The rules in force: the user's, then the built-in ones.
#[derive(Debug, Clone)]
pub struct KindRules {
    user: Vec<Rule>,
}

/// Built-in words per kind, checked in this order (a "security
/// announcement" section is release notes before it is security).
const BUILT_IN: [(&str, &[&str]); 3] = [
    (
        "release",
        &[
            "release",
            "changelog",
            "change log",
            "what's new",
            "whats new",
            "版本",
            "更新日志",
            "announcement",
            "公告",
            "maintenance",
            "维护",
            "notice",
            "news",
            "blog",
            "博客",
        ],
    ),
    (
        "contact",
        &["contact", "联系", "客服", "get in touch", "support channel"],
    ),
    (
        "security",
        &[
            "security",
            "安全",
            "fraud",
            "scam",
            "phishing",
            "诈骗",
            "防骗",
            "钓鱼",
            "2fa",
            "two-step",
            "两步验证",
        ],
    ),
];

impl KindRules {
    /// The built-in rules only.
    pub fn built_in() -> KindRules {
        KindRules { user: Vec::new() }
    }

    /// Reads a rules file (see the module docs).
    pub fn load(path: &Path) -> Result<KindRules, Diagnostics> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostics::from(Diagnostic::error(
                "usage",
                path,
                format!("cannot read the kind rules: {e}"),
            ))
        })?;
        let file: RulesFile = toml::from_str(&text).map_err(|e| {
            let mut d = Diagnostic::error("usage", path, e.message().trim().to_string());
            if let Some(span) = e.span() {
                d = d.at_offset(&text, span.start);
            }
            Diagnostics::from(d.with_help(
                "write [[rules]] tables with `kind` and `section` or `title` word lists",
            ))
        })?;
        let mut errors = Diagnostics::default();
        for rule in &file.rules {
            if !KINDS.contains(&rule.kind.as_str()) {
                errors.push(
                    Diagnostic::error(
                        "usage",
                        path,
                        format!("kind rule: unknown kind `{}`", rule.kind),
                    )
                    .with_help(format!("kind is one of {}", KINDS.join(", "))),
                );
            } else if rule.section.is_empty() && rule.title.is_empty() {
                errors.push(Diagnostic::error(
                    "usage",
                    path,
                    format!(
                        "kind rule for `{}` has no `section` or `title` words",
                        rule.kind
                    ),
                ));
            }
        }
        if errors.has_errors() {
            return Err(errors);
        }
        Ok(KindRules { user: file.rules })
    }

    /// The kind of `doc`, and whether a rule (rather than the fallback)
    /// decided it.
    pub fn kind_of(&self, doc: &Doc) -> (String, bool) {
        let sections: Vec<String> = doc
            .sections
            .iter()
            .chain(doc.category.iter().map(|c| &c.name))
            .map(|s| s.to_lowercase())
            .collect();
        let title = doc.title.to_lowercase();
        let any = |words: &[String], texts: &[String]| {
            words
                .iter()
                .any(|w| texts.iter().any(|t| t.contains(&w.to_lowercase())))
        };
        for rule in &self.user {
            if any(&rule.section, &sections) || any(&rule.title, std::slice::from_ref(&title)) {
                return (rule.kind.clone(), true);
            }
        }
        let built_in = |texts: &[String]| {
            BUILT_IN.iter().find_map(|(kind, words)| {
                let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
                any(&words, texts).then(|| kind.to_string())
            })
        };
        if let Some(kind) = built_in(&sections) {
            return (kind, true);
        }
        if let Some(kind) = &doc.kind_hint {
            return (kind.clone(), true);
        }
        if let Some(kind) = built_in(std::slice::from_ref(&title)) {
            return (kind, true);
        }
        ("faq".to_string(), false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(sections: &[&str], title: &str) -> Doc {
        Doc {
            sections: sections.iter().map(|s| s.to_string()).collect(),
            title: title.into(),
            ..Doc::default()
        }
    }

    #[test]
    fn built_in_rules_read_sections_then_titles() {
        let rules = KindRules::built_in();
        assert_eq!(rules.kind_of(&doc(&["账户安全"], "设置密码")).0, "security");
        assert_eq!(rules.kind_of(&doc(&["Contact us"], "Phone")).0, "contact");
        assert_eq!(
            rules.kind_of(&doc(&["docs/faq"], "Reset password")).0,
            "faq"
        );
        assert_eq!(rules.kind_of(&doc(&[], "Release notes 2.4.0")).0, "release");
        assert_eq!(
            rules.kind_of(&doc(&["FAQ"], "How to top up")),
            ("faq".into(), false)
        );
    }

    #[test]
    fn user_rules_come_first() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("rules.toml");
        std::fs::write(
            &path,
            "[[rules]]\nkind = \"security\"\nsection = [\"账户保护\"]\n[[rules]]\nkind = \"contact\"\ntitle = [\"hotline\"]\n",
        )
        .expect("write");
        let rules = KindRules::load(&path).expect("valid rules");
        assert_eq!(rules.kind_of(&doc(&["账户保护"], "x")).0, "security");
        assert_eq!(
            rules.kind_of(&doc(&["Release notes"], "Our hotline")).0,
            "contact"
        );
        std::fs::write(&path, "[[rules]]\nkind = \"news\"\ntitle = [\"x\"]\n").expect("write");
        let errors = KindRules::load(&path).expect_err("unknown kind");
        assert!(
            errors.0[0].message.contains("unknown kind `news`"),
            "{errors}"
        );
    }
}
