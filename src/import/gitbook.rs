//! A GitBook space synced to Git: `SUMMARY.md` (the table of contents,
//! its `##` groups becoming categories), pages in Markdown with GitBook's
//! blocks (`{% hint %}`, `{% tabs %}`, `{% content-ref %}`, `{% embed %}`,
//! `<figure>` images), images in `.gitbook/assets/`. Several languages are
//! one folder each, listed in `LANGS.md` (`* [English](en/)`, the first
//! being the default); pages with the same path in two language folders
//! are one article, translated. `.gitbook.yaml`'s `root:` is honoured.

use std::path::Path;

use super::markdown_source::{self, MarkdownFile, callout, callout_label};
use super::model::{Source, language_code};
use super::summary;
use crate::diagnostic::{Diagnostic, Diagnostics};

/// The folder the space's files are in (`.gitbook.yaml` `root:`), relative.
fn space_root(root: &Path) -> String {
    let Ok(text) = std::fs::read_to_string(root.join(".gitbook.yaml")) else {
        return String::new();
    };
    let mut ignored = Source::default();
    let file = markdown_source::parse(
        &format!("---\n{text}\n---\n"),
        ".gitbook.yaml",
        &mut ignored,
    );
    file.string("root")
        .map(|r| r.trim_start_matches("./").trim_end_matches('/').to_string())
        .unwrap_or_default()
}

/// Reads the space at `root`; `language` is the language of a space
/// without `LANGS.md`.
pub fn read(root: &Path, language: &str) -> Result<Source, Diagnostics> {
    let mut source = Source::default();
    let base = space_root(root);
    let join = |p: &str| {
        if base.is_empty() {
            p.to_string()
        } else {
            format!("{base}/{p}")
        }
    };
    let mut books: Vec<(String, String)> = Vec::new(); // (language, folder)
    if let Ok(langs) = std::fs::read_to_string(root.join(join("LANGS.md"))) {
        for entry in summary::parse(&langs) {
            if let Some(path) = entry.path {
                let folder = path
                    .trim_end_matches('/')
                    .trim_start_matches("./")
                    .to_string();
                books.push((language_code(&folder), join(&folder)));
            }
        }
    }
    if books.is_empty() {
        books.push((language.to_string(), base.clone()));
    }
    for (lang, folder) in &books {
        let summary_path = root.join(folder).join("SUMMARY.md");
        let Ok(text) = std::fs::read_to_string(&summary_path) else {
            return Err(Diagnostic::error(
                "usage",
                &summary_path,
                "a GitBook space needs SUMMARY.md, its table of contents",
            )
            .with_help("pass --from to read the folder as another format")
            .into());
        };
        let entries = summary::parse(&text);
        summary::import_entries(root, folder, lang, &entries, &mut source, &convert);
        let readme = root.join(folder).join("README.md");
        if let Some(title) = markdown_source::read(&readme, "README.md", &mut Source::default())
            .as_ref()
            .and_then(MarkdownFile::first_heading)
        {
            source.titles.insert(lang.clone(), title);
        }
        source.languages.push(lang.clone());
    }
    Ok(source)
}

/// The value of `name="…"` in a template tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_string())
}

/// GitBook's blocks as plain Markdown: a hint becomes a blockquote with a
/// bold label, a tab a bold title over its content, a content-ref its
/// link, an embed a link, a `<figure>` image a Markdown image. Any other
/// `{% … %}` tag is dropped and reported.
pub fn convert(body: &str, lang: &str, source: &mut Source, file: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    // Open hint: (label, collected text).
    let mut hint: Option<(String, String)> = None;
    while let Some(start) = rest.find("{%") {
        let Some(end) = rest[start..].find("%}").map(|e| start + e + 2) else {
            break;
        };
        let before = &rest[..start];
        match &mut hint {
            Some((_, text)) => text.push_str(before),
            None => out.push_str(before),
        }
        let tag = rest[start + 2..end - 2].trim();
        let name = tag.split_whitespace().next().unwrap_or_default();
        let target = |hint: &mut Option<(String, String)>, out: &mut String, text: &str| match hint
        {
            Some((_, collected)) => collected.push_str(text),
            None => out.push_str(text),
        };
        match name {
            "hint" => {
                let style = attribute(tag, "style").unwrap_or_else(|| "info".into());
                hint = Some((callout_label(&style, lang).to_string(), String::new()));
            }
            "endhint" => {
                if let Some((label, text)) = hint.take() {
                    out.push_str(&format!("\n{}\n", callout(&label, &text)));
                }
            }
            "tab" => {
                let title = attribute(tag, "title").unwrap_or_default();
                target(&mut hint, &mut out, &format!("\n**{title}**\n"));
            }
            "embed" => {
                if let Some(url) = attribute(tag, "url") {
                    target(&mut hint, &mut out, &format!("<{url}>"));
                }
            }
            "tabs" | "endtabs" | "endtab" | "content-ref" | "endcontent-ref" | "endembed" => {}
            _ => source.unmapped(
                file,
                format!("GitBook block `{{% {name} %}}` has no helpbook equivalent; dropped"),
            ),
        }
        rest = &rest[end..];
    }
    if let Some((_, text)) = hint {
        out.push_str(&text);
    }
    out.push_str(rest);
    figures_to_images(&out)
}

/// `<figure><img src="x" alt="a"><figcaption>c</figcaption></figure>` →
/// `![a or c](x)`.
fn figures_to_images(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<figure>") {
        let Some(end) = rest[start..]
            .find("</figure>")
            .map(|e| start + e + "</figure>".len())
        else {
            break;
        };
        let figure = &rest[start..end];
        out.push_str(&rest[..start]);
        match attribute(figure, "src") {
            Some(src) => {
                let caption = figure
                    .find("<figcaption>")
                    .and_then(|i| {
                        let inner = &figure[i + "<figcaption>".len()..];
                        inner.find("</figcaption>").map(|j| &inner[..j])
                    })
                    .map(strip_tags)
                    .unwrap_or_default();
                let alt = attribute(figure, "alt")
                    .filter(|a| !a.trim().is_empty())
                    .unwrap_or(caption);
                let src = if src.contains(' ') {
                    format!("<{src}>")
                } else {
                    src
                };
                out.push_str(&format!("![{}]({src})", alt.replace(['[', ']'], "")));
            }
            None => out.push_str(figure),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_markdown() {
        let mut source = Source::default();
        let body = "Intro\n\n{% hint style=\"warning\" %}\nNever share your code.\n{% endhint %}\n\n{% tabs %}\n{% tab title=\"iOS\" %}\nOpen Settings.\n{% endtab %}\n{% endtabs %}\n\n<figure><img src=\"../.gitbook/assets/2fa setup.png\" alt=\"\"><figcaption><p>The screen</p></figcaption></figure>\n\n{% swagger %}x{% endswagger %}\n";
        let out = convert(body, "en", &mut source, "a.md");
        assert!(
            out.contains("> **Warning:**\n> Never share your code."),
            "{out}"
        );
        assert!(out.contains("**iOS**\n\nOpen Settings."), "{out}");
        assert!(
            out.contains("![The screen](<../.gitbook/assets/2fa setup.png>)"),
            "{out}"
        );
        assert!(!out.contains("{%"), "{out}");
        assert_eq!(source.unmapped.len(), 2, "{:?}", source.unmapped);
        let zh = convert(
            "{% hint style=\"info\" %}\n提示内容\n{% endhint %}",
            "zh-CN",
            &mut source,
            "b.md",
        );
        assert!(zh.contains("> **提示:**\n> 提示内容"), "{zh}");
    }
}
