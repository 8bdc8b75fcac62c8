//! Diagnostics: what helpbook tells a writer about their site.
//!
//! Every problem helpbook finds, from a typo in `book.toml` to a broken
//! link, becomes a [`Diagnostic`] that names the file, line and column and
//! carries the offending source line, so the writer can jump straight to it.
//! Stages collect diagnostics instead of stopping at the first one, so a
//! single build reports everything that is wrong at once.

pub mod report;

use std::fmt;
use std::path::{Path, PathBuf};

pub use report::ReportOptions;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The site cannot be built correctly; the build fails.
    Error,
    /// The site builds, but something is probably wrong (`--strict` fails on it).
    Warning,
    /// Worth knowing, never fails anything (e.g. an untranslated article).
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// One problem, located in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, machine-readable name for the kind of problem, e.g. `front-matter`.
    pub code: &'static str,
    /// The file the problem is in, relative to the site root when possible.
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub column: usize,
    pub message: String,
    /// What the writer can do about it.
    pub help: Option<String>,
    /// The source line the problem is on, shown under the message.
    pub excerpt: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
            help: None,
            excerpt: None,
        }
    }

    pub fn warning(
        code: &'static str,
        file: impl Into<PathBuf>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, message)
        }
    }

    /// Points the diagnostic at `line:column` of `source` (the whole file's
    /// text) and keeps that line as the excerpt.
    pub fn at(mut self, source: &str, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self.excerpt = line
            .checked_sub(1)
            .and_then(|index| source.lines().nth(index))
            .map(|text| text.trim_end_matches('\r').to_string());
        self
    }

    /// Points the diagnostic at a byte offset of `source`.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, column) = line_column(source, offset);
        self.at(source, line, column)
    }

    pub fn info(code: &'static str, file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Info,
            ..Diagnostic::error(code, file, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:col`, leaving out what is unknown.
    pub fn location(&self) -> String {
        let file = self.file.display();
        match (self.line, self.column) {
            (0, _) => format!("{file}"),
            (line, 0) => format!("{file}:{line}"),
            (line, column) => format!("{file}:{line}:{column}"),
        }
    }
}

/// How `helpbook check` prints diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// rustc-style text with the source line (coloured on a terminal).
    #[default]
    Human,
    /// JSON Lines: one object per diagnostic, so CI tools can stream and grep it.
    Json,
    /// GitHub Actions workflow commands, shown as annotations on the diff.
    Github,
}

impl Diagnostic {
    /// The diagnostic in `format`, without a trailing newline.
    pub fn format(&self, format: Format, color: bool) -> String {
        match format {
            Format::Human if color => self.colored(),
            Format::Human => self.to_string(),
            Format::Json => self.json().to_string(),
            Format::Github => self.github(),
        }
    }

    /// `{severity, code, file, line, column, message, help, excerpt}`;
    /// `file` always uses `/`.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "severity": self.severity.as_str(),
            "code": self.code,
            "file": self.file.to_string_lossy().replace('\\', "/"),
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "help": self.help,
            "excerpt": self.excerpt,
        })
    }

    /// `::error file=…,line=…,col=…,title=…::message`, escaped as the
    /// Actions runner expects (`%`, CR, LF; plus `:` and `,` in properties).
    pub fn github(&self) -> String {
        fn data(text: &str) -> String {
            text.replace('%', "%25")
                .replace('\r', "%0D")
                .replace('\n', "%0A")
        }
        fn property(text: &str) -> String {
            data(text).replace(':', "%3A").replace(',', "%2C")
        }
        let command = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut properties = vec![format!(
            "file={}",
            property(&self.file.to_string_lossy().replace('\\', "/"))
        )];
        if self.line > 0 {
            properties.push(format!("line={}", self.line));
        }
        if self.column > 0 {
            properties.push(format!("col={}", self.column));
        }
        properties.push(format!(
            "title={}",
            property(&format!("helpbook {}", self.code))
        ));
        let mut message = self.message.clone();
        if let Some(help) = &self.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        format!("::{command} {}::{}", properties.join(","), data(&message))
    }

    /// The human format with the severity and the location in colour.
    fn colored(&self) -> String {
        let plain = self.to_string();
        let color = match self.severity {
            Severity::Error => "\x1b[1;31m",
            Severity::Warning => "\x1b[1;33m",
            Severity::Info => "\x1b[1;36m",
        };
        let head = format!("{}[{}]", self.severity.as_str(), self.code);
        plain
            .replacen(&head, &format!("{color}{head}\x1b[0m"), 1)
            .replacen("  --> ", "  \x1b[1;34m-->\x1b[0m ", 1)
    }
}

/// Renders a diagnostic the way rustc does: message, location, source line
/// with a caret under the column, then the help. Control and bidi
/// characters are shown as `<U+XXXX>` (see [`crate::text_safety`]): this
/// text goes to terminals.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::text_safety::{escape_for_terminal as esc, is_unsafe};
        writeln!(
            f,
            "{}[{}]: {}",
            self.severity.as_str(),
            self.code,
            esc(&self.message)
        )?;
        write!(f, "  --> {}", esc(&self.location()))?;
        if let Some(full) = &self.excerpt {
            let (excerpt, column) = crop(full, self.column);
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            write!(f, "\n {pad} |\n {number} | {}", esc(&excerpt))?;
            if column > 0 {
                // Wide (CJK) characters take two columns in a terminal, an
                // escaped character as many as its escape.
                let before: Vec<char> = excerpt.chars().take(column - 1).collect();
                let width: usize = before
                    .iter()
                    .map(|&c| match c {
                        '\t' => 0,
                        c if is_unsafe(c) => esc(&c.to_string()).chars().count(),
                        c => display_width(c),
                    })
                    .sum();
                let indent: String = before.iter().filter(|c| **c == '\t').collect();
                let spaces = " ".repeat(width);
                write!(f, "\n {pad} | {indent}{spaces}^")?;
            }
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {}", esc(help))?;
        }
        Ok(())
    }
}

/// Shows at most about 80 characters of a long line, around `column`,
/// and returns the column within what is shown.
fn crop(line: &str, column: usize) -> (String, usize) {
    const WINDOW: usize = 80;
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= WINDOW {
        return (line.to_string(), column);
    }
    let focus = column.saturating_sub(1).min(chars.len());
    let start = focus.saturating_sub(WINDOW / 3);
    let end = (start + WINDOW).min(chars.len());
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    let column = if column == 0 {
        0
    } else {
        column - start + usize::from(start > 0)
    };
    (shown, column)
}

/// Terminal column width of a character: 2 for East Asian wide characters.
fn display_width(c: char) -> usize {
    let wide = matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

/// 1-based line and character column of a byte offset in `source`.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = source[line_start..offset].chars().count() + 1;
    (line, column)
}

/// The diagnostics of a failed stage: at least one of them is an error.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.0.iter().filter(|d| d.severity == severity).count()
    }

    /// Sorted by file, line and column, so that output is stable.
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        self.0.dedup();
        self
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

/// The human report with its defaults (see [`report::human`]): a few
/// examples of a problem that comes many times, and a count of the rest.
impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&report::human(&self.0, &ReportOptions::default()))
    }
}

impl std::error::Error for Diagnostics {}

/// An I/O failure as a diagnostic naming the path.
pub fn io_error(path: &Path, action: &str, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error("io", path, format!("cannot {action}: {error}"))
}

/// `path` relative to `root` for display, or `path` itself.
pub fn relative(path: &Path, root: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters() {
        let source = "a\n重置密码: x\n";
        let offset = source.find(':').unwrap_or(0);
        assert_eq!(line_column(source, offset), (2, 5));
        assert_eq!(line_column(source, 0), (1, 1));
        assert_eq!(line_column(source, 10_000), (3, 1));
    }

    #[test]
    fn long_lines_are_cropped_around_the_column() {
        let line = format!("{}[link](x.md){}", "a".repeat(200), "b".repeat(200));
        let d = Diagnostic::error("broken-link", "a.md", "bad").at(&line, 1, 201);
        let text = d.to_string();
        let shown = text.lines().nth(3).unwrap_or_default();
        assert!(
            shown.contains("…") && shown.contains("[link](x.md)"),
            "{text}"
        );
        assert!(shown.chars().count() < 100, "{text}");
        let caret = text.lines().nth(4).unwrap_or_default();
        let caret_at = caret.chars().position(|c| c == '^');
        let bracket_at = shown.chars().position(|c| c == '[');
        assert_eq!(caret_at, bracket_at, "{text}");
    }

    #[test]
    fn github_annotations_escape_what_the_runner_would_misread() {
        let d = Diagnostic::warning("contact", "content/a,b:c.md", "100% fake\nnumber")
            .at("x\n", 1, 2)
            .with_help("remove it");
        assert_eq!(
            d.github(),
            "::warning file=content/a%2Cb%3Ac.md,line=1,col=2,title=helpbook contact::100%25 fake%0Anumber%0Ahelp: remove it"
        );
        let info = Diagnostic::info("missing-translation", "a.md", "x");
        assert!(info.github().starts_with("::notice file=a.md,title="));
    }

    #[test]
    fn json_and_colour() {
        let d = Diagnostic::error("contact", "a.md", "fake").at("call x\n", 1, 6);
        let v = d.json();
        assert_eq!(v["severity"], "error");
        assert_eq!(v["line"], 1);
        assert_eq!(v["column"], 6);
        assert_eq!(v["excerpt"], "call x");
        let coloured = d.format(Format::Human, true);
        assert!(
            coloured.starts_with("\x1b[1;31merror[contact]\x1b[0m: fake"),
            "{coloured}"
        );
        assert!(!d.format(Format::Human, false).contains('\x1b'));
    }

    #[test]
    fn display_points_at_the_column() {
        let source = "title: x\n重置: [\n";
        let d = Diagnostic::error("front-matter", "a.md", "bad").at(source, 2, 5);
        let text = d.to_string();
        assert!(text.contains("--> a.md:2:5"), "{text}");
        assert!(text.contains(" 2 | 重置: ["), "{text}");
        // 重置 is four terminal columns wide, then ": " is two more.
        assert!(text.contains("\n   |       ^"), "{text}");
    }

    #[test]
    fn control_and_bidi_characters_are_escaped_for_terminals() {
        let source = "title: \u{202e}lapyap\u{1b}[2J x\n";
        let d = Diagnostic::warning("front-matter", "a\u{7}.md", "bad \u{202e}title")
            .at(source, 1, 20)
            .with_help("\u{1b}[31mred");
        let text = d.to_string();
        assert!(!text.chars().any(crate::text_safety::is_unsafe), "{text:?}");
        assert!(text.contains("bad <U+202E>title"), "{text}");
        assert!(text.contains("--> a<U+0007>.md:1:20"), "{text}");
        assert!(
            text.contains(" 1 | title: <U+202E>lapyap<U+001B>[2J x"),
            "{text}"
        );
        // The caret stays under the `x`, after the escapes.
        let line = text
            .lines()
            .find(|l| l.contains("lapyap"))
            .unwrap_or_default();
        let caret = text.lines().find(|l| l.ends_with('^')).unwrap_or_default();
        assert_eq!(caret.find('^'), line.find(" x").map(|i| i + 1), "{text}");
    }
}
