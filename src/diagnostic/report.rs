//! The human report: readable whether a site has three problems or
//! 200,000.
//!
//! Every problem is shown in full (message, place, source line), errors
//! first, the problems of one kind together, except that a kind of problem
//! that comes many times (the same code with the same message but for what
//! is quoted in it, numbers and paths) is shown by a few examples and one
//! line that counts the rest and names their first files. A table of the codes and their counts ends a long report. The
//! machine formats (`--format json|github`) are not shortened: they list
//! every problem.

use std::collections::HashMap;

use super::{Diagnostic, Format, Severity};

/// How much of a human report is shown in full.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportOptions {
    /// Problems of one kind shown in full before the rest of that kind are
    /// counted. A kind with at most two more than this is shown whole (a
    /// line that counts one or two would save nothing).
    pub examples: usize,
    /// At most this many problems shown in full in all (`None`: no limit);
    /// the table counts the others.
    pub max_shown: Option<usize>,
    /// ANSI colours (for a terminal).
    pub color: bool,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            examples: 3,
            max_shown: None,
            color: false,
        }
    }
}

/// A report with more problems than this ends with the table even when
/// none was left out.
const TABLE_FROM: usize = 10;

/// How many files a "more like this" line names.
const FILES_NAMED: usize = 3;

/// The kind of a problem: its severity, code and message shape.
type Kind = (Severity, &'static str, String);

/// The human report of `diagnostics`: blocks separated by blank lines,
/// ending with a newline (empty for no diagnostics).
pub fn human(diagnostics: &[Diagnostic], options: &ReportOptions) -> String {
    // Errors first, then warnings, then notes; the problems of one kind
    // together (kinds in the order of their first problem), so that the
    // line that counts the rest follows its examples; otherwise in the
    // given (file) order.
    let mut order: Vec<&Diagnostic> = diagnostics.iter().collect();
    order.sort_by_key(|d| d.severity);
    let mut first_of_kind: HashMap<Kind, usize> = HashMap::new();
    let mut keyed: Vec<(usize, usize, &Diagnostic, Kind)> = order
        .into_iter()
        .enumerate()
        .map(|(index, d)| {
            let kind = (d.severity, d.code, shape(&d.message));
            let first = *first_of_kind.entry(kind.clone()).or_insert(index);
            (first, index, d, kind)
        })
        .collect();
    keyed.sort_by_key(|(first, index, ..)| (*first, *index));
    let (order, kinds): (Vec<&Diagnostic>, Vec<Kind>) =
        keyed.into_iter().map(|(_, _, d, kind)| (d, kind)).unzip();
    let mut members: HashMap<&Kind, Vec<usize>> = HashMap::new();
    for (index, kind) in kinds.iter().enumerate() {
        members.entry(kind).or_default().push(index);
    }

    let mut blocks: Vec<String> = Vec::new();
    let mut seen: HashMap<&Kind, usize> = HashMap::new();
    let mut shown = 0;
    let mut left_out = 0;
    for (index, (diagnostic, kind)) in order.iter().zip(&kinds).enumerate() {
        let all = &members[kind];
        let position = seen.entry(kind).or_insert(0);
        *position += 1;
        let grouped = all.len() > options.examples + 2 && *position > options.examples;
        let full = options.max_shown.is_some_and(|max| shown >= max);
        if full {
            left_out += 1;
            continue;
        }
        if !grouped {
            blocks.push(diagnostic.format(Format::Human, options.color));
            shown += 1;
            continue;
        }
        if *position == options.examples + 1 {
            let rest = &all[all.iter().position(|&i| i == index).unwrap_or(0)..];
            blocks.push(more_like_this(diagnostic, &order, rest));
        }
    }
    if left_out > 0 {
        blocks.push(format!(
            "… and {} more not shown (the table below counts them)",
            thousands(left_out)
        ));
    }
    let grouped_any = members.values().any(|m| m.len() > options.examples + 2);
    if left_out > 0 || grouped_any || diagnostics.len() > TABLE_FROM {
        blocks.push(table(diagnostics));
    }
    let mut out = blocks.join("\n\n");
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// "… and 18,155 more like this (contact)", then the first files they
/// are in; the examples just above show what they are like.
fn more_like_this(first: &Diagnostic, order: &[&Diagnostic], rest: &[usize]) -> String {
    let mut files: Vec<String> = Vec::new();
    for &index in rest {
        let file = order[index].file.display().to_string();
        if !files.contains(&file) {
            if files.len() == FILES_NAMED {
                files.push("…".to_string());
                break;
            }
            files.push(file);
        }
    }
    format!(
        "… and {} more like this ({})\n    in {}",
        thousands(rest.len()),
        first.code,
        files.join(", ")
    )
}

/// The count of each code, by severity, then most frequent first.
fn table(diagnostics: &[Diagnostic]) -> String {
    let mut counts: HashMap<(Severity, &str), usize> = HashMap::new();
    for d in diagnostics {
        *counts.entry((d.severity, d.code)).or_default() += 1;
    }
    let mut rows: Vec<((Severity, &str), usize)> = counts.into_iter().collect();
    rows.sort_by(|((sa, ca), na), ((sb, cb), nb)| (sa, nb, ca).cmp(&(sb, na, cb)));
    let numbers: Vec<String> = rows.iter().map(|(_, n)| thousands(*n)).collect();
    let width = numbers.iter().map(String::len).max().unwrap_or(0).max(5);
    let mut out = format!("{:>width$}  severity  code", "count");
    for (((severity, code), _), number) in rows.iter().zip(&numbers) {
        out.push_str(&format!(
            "\n{number:>width$}  {:<8}  {code}",
            severity.as_str()
        ));
    }
    out
}

/// A message with what varies between problems of one kind taken out:
/// the quoted parts (`…`) and words with digits or a `/` (numbers, dates,
/// paths).
fn shape(message: &str) -> String {
    let unquoted: String = message
        .split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { "…" } else { part })
        .collect::<Vec<&str>>()
        .join("`");
    unquoted
        .split(' ')
        .map(|word| {
            if word.contains(|c: char| c.is_ascii_digit() || c == '/') {
                "…"
            } else {
                word
            }
        })
        .collect::<Vec<&str>>()
        .join(" ")
}

/// `18155` → `18,155`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unlisted(file: &str, number: usize) -> Diagnostic {
        Diagnostic::error(
            "contact",
            file,
            format!(
                "phone number `+1 202 555 {number:04}` is not in the official contact registry"
            ),
        )
        .at("Call us.\n", 1, 1)
    }

    #[test]
    fn shapes_ignore_what_is_quoted_numbers_and_paths() {
        assert_eq!(
            shape("phone number `+1 202 555 0199` is not in the registry"),
            "phone number `…` is not in the registry"
        );
        assert_eq!(
            shape("verified 2026-01-01, 330 days ago (more than 180 days)"),
            "verified … … days ago (more than … days)"
        );
        assert_eq!(
            shape("`#x` is not a heading of content/en/faq/a.md"),
            "`…` is not a heading of …"
        );
        assert_eq!(thousands(18155), "18,155");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn a_few_are_shown_whole_many_are_grouped() {
        let few: Vec<Diagnostic> = (0..5).map(|i| unlisted("a.md", i)).collect();
        let text = human(&few, &ReportOptions::default());
        assert_eq!(text.matches("error[contact]").count(), 5, "{text}");
        assert!(!text.contains("more like this") && !text.contains("severity"));

        let many: Vec<Diagnostic> = (0..1000)
            .map(|i| unlisted(&format!("f{:03}.md", i / 10), i))
            .collect();
        let text = human(&many, &ReportOptions::default());
        assert_eq!(text.matches("error[contact]:").count(), 3, "{text}");
        assert!(
            text.contains(
                "… and 997 more like this (contact)\n    in f000.md, f001.md, f002.md, …"
            ),
            "{text}"
        );
        assert!(
            text.ends_with("count  severity  code\n1,000  error     contact\n"),
            "{text}"
        );
        assert!(text.lines().count() < 30, "{text}");
    }

    #[test]
    fn each_kind_s_examples_are_followed_by_its_count() {
        // Two kinds, interleaved file by file.
        let mut all = Vec::new();
        for i in 0..20 {
            let file = format!("f{i:02}.md");
            all.push(unlisted(&file, i));
            all.push(Diagnostic::error(
                "front-matter",
                &file,
                "`order`: must be a whole number",
            ));
        }
        let text = human(&all, &ReportOptions::default());
        let heads: Vec<&str> = text
            .lines()
            .filter(|l| l.starts_with("error[") || l.starts_with('…'))
            .map(|l| l.split(':').next().unwrap_or_default())
            .collect();
        assert_eq!(
            heads,
            [
                "error[contact]",
                "error[contact]",
                "error[contact]",
                "… and 17 more like this (contact)",
                "error[front-matter]",
                "error[front-matter]",
                "error[front-matter]",
                "… and 17 more like this (front-matter)",
            ],
            "{text}"
        );
    }

    #[test]
    fn errors_come_first_and_max_shown_cuts_the_list() {
        let mut all = vec![
            Diagnostic::warning("broken-link", "a.md", "link `x.md` points to nothing"),
            Diagnostic::error("front-matter", "b.md", "`title` is empty"),
        ];
        all.push(Diagnostic::info(
            "missing-translation",
            "c.md",
            "`c` is not translated into en",
        ));
        let text = human(&all, &ReportOptions::default());
        let error = text.find("error[front-matter]").unwrap_or(usize::MAX);
        let warning = text.find("warning[broken-link]").unwrap_or(0);
        assert!(error < warning, "{text}");
        let options = ReportOptions {
            max_shown: Some(1),
            ..ReportOptions::default()
        };
        let text = human(&all, &options);
        assert!(text.starts_with("error[front-matter]"), "{text}");
        assert!(!text.contains("warning[broken-link]"), "{text}");
        assert!(text.contains("… and 2 more not shown"), "{text}");
        assert!(text.contains("    1  warning   broken-link"), "{text}");
        assert_eq!(human(&[], &ReportOptions::default()), "");
    }
}
