//! Hostile input: every test builds a real site in a temp dir by running the
//! real `helpbook` binary, then asserts what a user sees — the exit code,
//! the diagnostic on stderr (file, line, column, source excerpt, help) and
//! the state of the output folder.
//!
//! Every run is checked for a panic, and every failed build for a
//! half-written site: the output folder either holds the previous complete
//! site or does not exist, and no `.public.staging` / `.public.previous`
//! folder or `.public.lock` file is left next to it.

use std::path::Path;

use support::{Run, Site, helpbook, snapshot};

/// A minimal, valid article for `kind` (contact and security need `verified`).
fn article(title: &str, kind: &str) -> String {
    let verified = if kind == "contact" || kind == "security" {
        "verified: 2026-11-01\n"
    } else {
        ""
    };
    format!("---\ntitle: {title}\n{verified}---\n\nSome text.\n")
}

mod support {
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};
    use std::process::Command;

    use tempfile::TempDir;

    /// The outcome of one run of the binary.
    #[derive(Debug)]
    pub struct Run {
        /// `None` when the process was killed by a signal (e.g. a stack overflow).
        pub code: Option<i32>,
        pub stdout: String,
        pub stderr: String,
    }

    impl Run {
        /// Asserts the exit code, showing the output when it differs.
        pub fn assert_code(&self, expected: i32) -> &Self {
            assert_eq!(
                self.code,
                Some(expected),
                "expected exit code {expected}\n--- stdout ---\n{}\n--- stderr ---\n{}",
                self.stdout,
                self.stderr
            );
            self
        }

        /// Asserts stderr contains `needle`.
        pub fn assert_stderr(&self, needle: &str) -> &Self {
            assert!(
                self.stderr.contains(needle),
                "stderr does not contain {needle:?}\n--- stderr ---\n{}",
                self.stderr
            );
            self
        }

        /// Asserts stderr does not contain `needle`.
        pub fn assert_stderr_lacks(&self, needle: &str) -> &Self {
            assert!(
                !self.stderr.contains(needle),
                "stderr should not contain {needle:?}\n--- stderr ---\n{}",
                self.stderr
            );
            self
        }

        /// Asserts a diagnostic of `severity` (`error`/`warning`) points at
        /// `file:line[:column]`, i.e. stderr has a `--> file:line:col` line.
        pub fn assert_points_at(
            &self,
            severity: &str,
            file: &str,
            line: usize,
            column: Option<usize>,
        ) -> &Self {
            self.assert_stderr(&format!("{severity}["));
            let location = match column {
                Some(column) => format!("--> {file}:{line}:{column}"),
                None => format!("--> {file}:{line}"),
            };
            let found = self.stderr.lines().any(|l| {
                let l = l.trim();
                l == location || (column.is_none() && l.starts_with(&format!("{location}:")))
            });
            assert!(
                found,
                "no diagnostic at {location}\n--- stderr ---\n{}",
                self.stderr
            );
            self
        }

        /// Asserts the source excerpt ` N | text` is shown.
        pub fn assert_excerpt(&self, line: usize, text: &str) -> &Self {
            self.assert_stderr(&format!(" {line} | {text}"))
        }

        /// Asserts a diagnostic names `file` (as `--> file` with or without
        /// a position).
        pub fn assert_names_file(&self, file: &str) -> &Self {
            let found = self.stderr.lines().any(|l| {
                let l = l.trim();
                l == format!("--> {file}") || l.starts_with(&format!("--> {file}:"))
            });
            assert!(
                found,
                "no diagnostic names {file}\n--- stderr ---\n{}",
                self.stderr
            );
            self
        }
    }

    /// Runs the real binary with `args` in `cwd`. Never returns a run that
    /// panicked or was killed by a signal.
    pub fn helpbook(cwd: &Path, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_helpbook"))
            .args(args)
            .current_dir(cwd)
            .env("NO_COLOR", "1")
            .output()
            .expect("the helpbook binary runs");
        let run = Run {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        assert!(
            !run.stderr.contains("panicked"),
            "helpbook {args:?} panicked\n--- stderr ---\n{}",
            run.stderr
        );
        assert!(
            run.code.is_some(),
            "helpbook {args:?} was killed by a signal ({:?}; a stack overflow?)\n--- stderr ---\n{}",
            output.status,
            run.stderr
        );
        run
    }

    /// A site in its own temp dir: `<tmp>/site` is the root, so that tests
    /// about parents of the root stay inside the temp dir.
    pub struct Site {
        dir: TempDir,
        pub root: PathBuf,
    }

    impl Site {
        /// A root folder with nothing in it.
        pub fn bare() -> Site {
            let dir = tempfile::tempdir().expect("create a temp dir");
            let root = dir.path().join("site");
            std::fs::create_dir(&root).expect("create the site folder");
            Site { dir, root }
        }

        /// A minimal valid site: book.toml with `languages`, and in every
        /// language a FAQ (`reset-password`) and a contact article.
        pub fn new(languages: &[&str]) -> Site {
            let site = Site::bare();
            let quoted: Vec<String> = languages.iter().map(|l| format!("\"{l}\"")).collect();
            site.write(
                "book.toml",
                format!(
                    "title = \"Test Help\"\n\
                     description = \"Help for the test suite.\"\n\
                     base_url = \"https://help.example.com/\"\n\
                     default_language = \"{}\"\n\
                     languages = [{}]\n",
                    languages[0],
                    quoted.join(", ")
                ),
            );
            for lang in languages {
                site.write(
                    &format!("content/{lang}/faq/reset-password.md"),
                    "---\ntitle: Reset your password\nsummary: What to do when you forgot it.\npromoted: true\n---\n\nOpen the app.\n",
                );
                site.write(
                    &format!("content/{lang}/contact/contact-us.md"),
                    super::article("Contact us", "contact"),
                );
            }
            site
        }

        /// The temp dir that holds the root.
        pub fn parent(&self) -> &Path {
            self.dir.path()
        }

        pub fn path(&self, relative: &str) -> PathBuf {
            self.root.join(relative)
        }

        pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) {
            let path = self.path(relative);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("create a folder in the site");
            }
            std::fs::write(&path, contents).expect("write a file in the site");
        }

        pub fn remove(&self, relative: &str) {
            std::fs::remove_file(self.path(relative)).expect("remove a file from the site");
        }

        /// `helpbook build --root <root> <extra>` run from the temp dir.
        pub fn build(&self, extra: &[&str]) -> Run {
            let root = self.root.to_str().expect("temp paths are UTF-8");
            let mut args = vec!["build", "--root", root];
            args.extend_from_slice(extra);
            helpbook(self.parent(), &args)
        }

        /// The default output folder.
        pub fn public(&self) -> PathBuf {
            self.path("public")
        }

        /// A file of the default output folder, as text.
        pub fn page(&self, relative: &str) -> String {
            let path = self.public().join(relative);
            std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
        }

        /// A build that succeeded: exit 0, the home page exists, nothing left
        /// over next to the output.
        pub fn assert_built(&self, run: &Run) {
            run.assert_code(0);
            assert!(
                self.public().join("index.html").is_file(),
                "no public/index.html after a successful build"
            );
            Site::assert_no_leftovers(&self.public());
        }

        /// A first build that failed: exit 1, no output at all.
        pub fn assert_failed_without_output(&self, run: &Run) {
            run.assert_code(1);
            run.assert_stderr("error[");
            assert!(
                !self.public().exists(),
                "a failed build created {}",
                self.public().display()
            );
            Site::assert_no_leftovers(&self.public());
        }

        /// No staging or backup folder or lock file next to `out`, no
        /// staging marker inside it.
        pub fn assert_no_leftovers(out: &Path) {
            let name = out
                .file_name()
                .expect("the output has a name")
                .to_string_lossy();
            let parent = out.parent().expect("the output has a parent");
            for suffix in ["staging", "previous", "lock"] {
                let sibling = parent.join(format!(".{name}.{suffix}"));
                assert!(!sibling.exists(), "{} was left behind", sibling.display());
            }
            assert!(
                !out.join(".helpbook-staging").exists(),
                "the staging marker was left in {}",
                out.display()
            );
        }
    }

    /// Every file under `dir` (relative path → bytes), plus every folder
    /// (relative path → `None`), so that two trees can be compared exactly.
    pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
        fn walk(base: &Path, dir: &Path, into: &mut BTreeMap<PathBuf, Option<Vec<u8>>>) {
            let mut entries: Vec<_> = std::fs::read_dir(dir)
                .expect("read a folder of the snapshot")
                .map(|e| e.expect("read a folder entry").path())
                .collect();
            entries.sort();
            for path in entries {
                let relative = path
                    .strip_prefix(base)
                    .expect("entries are under the base")
                    .to_path_buf();
                let meta = std::fs::symlink_metadata(&path).expect("stat a snapshot entry");
                if meta.is_dir() {
                    into.insert(relative, None);
                    walk(base, &path, into);
                } else {
                    let bytes = if meta.file_type().is_symlink() {
                        std::fs::read_link(&path)
                            .expect("read a symlink")
                            .to_string_lossy()
                            .into_owned()
                            .into_bytes()
                    } else {
                        std::fs::read(&path).expect("read a snapshot file")
                    };
                    into.insert(relative, Some(bytes));
                }
            }
        }
        let mut files = BTreeMap::new();
        walk(dir, dir, &mut files);
        files
    }
}

/// Every file's text under `dir` (lossy), with its path.
fn all_texts(dir: &Path) -> Vec<(String, String)> {
    snapshot(dir)
        .into_iter()
        .filter_map(|(path, bytes)| {
            bytes.map(|b| {
                (
                    path.display().to_string(),
                    String::from_utf8_lossy(&b).into_owned(),
                )
            })
        })
        .collect()
}

/// Decodes the few entities an HTML escaper produces.
fn unescape_html(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&#x22;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
        .replace("&amp;", "&")
}

/// The text between `start` and the next `end` after it.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let to = text[from..].find(end)? + from;
    Some(&text[from..to])
}

/// The first line of the first diagnostic of `severity`, and the line of
/// its `-->` location.
fn first_diagnostic(run: &Run, severity: &str) -> (String, usize) {
    let mut lines = run.stderr.lines();
    let message = lines
        .by_ref()
        .find(|l| l.starts_with(&format!("{severity}[")))
        .unwrap_or_else(|| panic!("no {severity} in\n{}", run.stderr))
        .to_string();
    let location = lines
        .next()
        .and_then(|l| l.trim().strip_prefix("--> "))
        .unwrap_or_else(|| panic!("no location after {message:?}"))
        .to_string();
    let line = location
        .split(':')
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    (message, line)
}

// ---------------------------------------------------------------------------
// Front matter
// ---------------------------------------------------------------------------

#[test]
fn malformed_yaml_unclosed_bracket() {
    let site = Site::new(&["en"]);
    site.write(
        "content/en/faq/bad.md",
        "---\ntitle: Broken\ntags: [a, b\n---\nBody\n",
    );
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_points_at("error", "content/en/faq/bad.md", 3, Some(7))
        .assert_excerpt(3, "tags: [a, b")
        .assert_stderr("YAML");
}

/// The YAML parser counts lines from the start of the front matter; a
/// message that says "at line 2" under a `--> file:3:7` location sends the
/// writer to the wrong line. Any line number quoted in the message must be
/// the file's.
#[test]
fn yaml_messages_do_not_contradict_the_location() {
    let mut contradictions = Vec::new();
    for (yaml, expected_line) in [
        ("title: Broken\ntags: [a, b\n", 3),
        ("title: Typed\norder: many\n", 3),
        ("title: Typed\n\ntags: 5\n", 4),
    ] {
        let site = Site::new(&["en"]);
        site.write("content/en/faq/bad.md", format!("---\n{yaml}---\nBody\n"));
        let run = site.build(&[]);
        site.assert_failed_without_output(&run);
        let (message, line) = first_diagnostic(&run, "error");
        assert_eq!(line, expected_line, "{}", run.stderr);
        for (index, _) in message.match_indices("line ") {
            let digits: String = message[index + 5..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(quoted) = digits.parse::<usize>()
                && quoted != line
            {
                contradictions.push(format!(
                    "the message quotes line {quoted} but the location is line {line}:\n{}",
                    run.stderr
                ));
            }
        }
    }
    assert!(contradictions.is_empty(), "{}", contradictions.join("\n"));
}

#[test]
fn front_matter_that_is_a_list() {
    let site = Site::new(&["en"]);
    site.write("content/en/faq/bad.md", "---\n- a\n- b\n---\nBody\n");
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_points_at("error", "content/en/faq/bad.md", 2, Some(1))
        .assert_stderr("mapping")
        .assert_stderr("a list");
}

#[test]
fn front_matter_that_is_a_bare_string() {
    let site = Site::new(&["en"]);
    site.write("content/en/faq/bad.md", "---\njust some words\n---\nBody\n");
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_points_at("error", "content/en/faq/bad.md", 2, Some(1))
        .assert_stderr("mapping")
        .assert_stderr("a string");
}

#[test]
fn missing_title() {
    let site = Site::new(&["en"]);
    site.write(
        "content/en/faq/bad.md",
        "---\nsummary: No title here.\n---\nBody\n",
    );
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_points_at("error", "content/en/faq/bad.md", 1, None)
        .assert_stderr("`title`")
        .assert_stderr("help:");
}

#[test]
fn empty_title() {
    let site = Site::new(&["en"]);
    site.write("content/en/faq/bad.md", "---\ntitle: \"  \"\n---\nBody\n");
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_points_at("error", "content/en/faq/bad.md", 2, Some(8))
        .assert_stderr("`title` is empty");
}

#[test]
fn wrong_type_order_is_not_a_number() {
    let site = Site::new(&["en"]);
    site.write(
        "content/en/faq/bad.md",
        "---\ntitle: Typed\norder: many\n---\nBody\n",
    );
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_points_at("error", "content/en/faq/bad.md", 3, Some(8))
        .assert_excerpt(3, "order: many");
}

/// `tags` is a list of strings; a number is a wrong type, so an error.
#[test]
fn wrong_type_tags_is_a_number() {
    let site = Site::new(&["en"]);
    site.write(
        "content/en/faq/bad.md",
        "---\ntitle: Typed\ntags: 5\n---\nBody\n",
    );
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_points_at("error", "content/en/faq/bad.md", 3, Some(7))
        .assert_excerpt(3, "tags: 5");
}

#[test]
fn wrong_type_title_is_a_list() {
    let site = Site::new(&["en"]);
    site.write("content/en/faq/bad.md", "---\ntitle: [a, b]\n---\nBody\n");
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_points_at("error", "content/en/faq/bad.md", 2, Some(8));
}

#[test]
fn unknown_key_is_a_warning_with_a_suggestion() {
    let site = Site::new(&["en"]);
    site.write(
        "content/en/faq/typo.md",
        "---\ntitle: Typo\ntgas: [a, b]\n---\nBody\n",
    );
    let run = site.build(&[]);
    site.assert_built(&run);
    run.assert_points_at("warning", "content/en/faq/typo.md", 3, Some(1))
        .assert_excerpt(3, "tgas: [a, b]")
        .assert_stderr("`tgas`")
        .assert_stderr("did you mean `tags`?")
        .assert_stderr_lacks("error[");
    assert!(site.public().join("en/faq/typo/index.html").is_file());
}

#[test]
fn yaml_alias_bomb_is_refused() {
    let site = Site::new(&["en"]);
    let mut yaml = String::from(
        "title: Bomb\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(",");
        yaml.push_str(&[pair[1], ": &", pair[1], " [", &refs, "]\n"].concat());
    }
    site.write("content/en/faq/bomb.md", format!("---\n{yaml}---\nBody\n"));
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_names_file("content/en/faq/bomb.md");
}

#[test]
fn invalid_utf8_names_the_file_and_line() {
    let site = Site::new(&["en"]);
    site.write(
        "content/en/faq/latin1.md",
        b"---\ntitle: Caf\xe9\n---\nBody\n".as_slice(),
    );
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_points_at("error", "content/en/faq/latin1.md", 2, Some(11))
        .assert_stderr("UTF-8");
}

#[test]
fn bom_and_crlf_build_fine() {
    let site = Site::new(&["en"]);
    site.write(
        "content/en/faq/windows.md",
        "\u{feff}---\r\ntitle: Saved on Windows\r\nsummary: With CRLF.\r\n---\r\n\r\nBody line.\r\n",
    );
    let run = site.build(&[]);
    site.assert_built(&run);
    run.assert_stderr_lacks("warning[");
    let page = site.page("en/faq/windows/index.html");
    assert!(
        page.contains("<title>Saved on Windows – Test Help</title>"),
        "{page}"
    );
    assert!(page.contains("<h1>Saved on Windows</h1>"), "{page}");
    assert!(!page.contains('\u{feff}'), "the BOM leaked into the page");
    assert!(!page.contains('\r'), "a CR leaked into the page");
}

#[test]
fn no_front_matter_at_all() {
    let site = Site::new(&["en"]);
    site.write(
        "content/en/faq/plain.md",
        "# Just Markdown\n\nNo front matter.\n",
    );
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_points_at("error", "content/en/faq/plain.md", 1, Some(1))
        .assert_stderr("front matter")
        .assert_stderr("---");
}

#[test]
fn unclosed_front_matter() {
    let site = Site::new(&["en"]);
    site.write(
        "content/en/faq/open.md",
        "---\ntitle: Never closed\n\nBody\n",
    );
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_points_at("error", "content/en/faq/open.md", 1, None)
        .assert_stderr("not closed");
}

// ---------------------------------------------------------------------------
// Escaping
// ---------------------------------------------------------------------------

#[test]
fn script_and_quotes_in_title_and_summary_are_escaped_everywhere() {
    const TITLE: &str = "<script>alert(1)</script> \"quotes' & <b>";
    let site = Site::new(&["en"]);
    site.write(
        "content/en/faq/xss.md",
        "---\ntitle: \"<script>alert(1)</script> \\\"quotes' & <b>\"\nsummary: \"<script>alert(1)</script> \\\"quotes' & <b>\"\npromoted: true\n---\n\nHarmless body.\n",
    );
    let run = site.build(&[]);
    site.assert_built(&run);

    // The article page: <title>, meta description, <h1>.
    let page = site.page("en/faq/xss/index.html");
    let title = between(&page, "<title>", "</title>").expect("a <title>");
    assert_eq!(
        unescape_html(title),
        format!("{TITLE} – Test Help"),
        "{title}"
    );
    let description =
        between(&page, "<meta name=\"description\" content=\"", "\"").expect("a meta description");
    assert_eq!(unescape_html(description), TITLE, "{description}");
    let h1 = between(&page, "<h1>", "</h1>").expect("an <h1>");
    assert_eq!(unescape_html(h1), TITLE, "{h1}");

    // The kind page and the home page list it, escaped.
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;";
    for list in ["en/faq/index.html", "en/index.html"] {
        let text = site.page(list);
        assert!(
            text.contains(escaped),
            "{list} does not list the escaped title"
        );
    }

    // Raw markup never reaches any file a browser loads. (The tantivy
    // index under search/tantivy/ is a binary index for servers, stored as
    // tantivy writes it; browsers never load it.)
    for (path, text) in all_texts(&site.public()) {
        if path.contains("search/tantivy/") {
            continue;
        }
        for raw in ["<script>alert(1)", "\"quotes'", "& <b>"] {
            assert!(!text.contains(raw), "{path} contains raw {raw:?}");
        }
    }
}

// ---------------------------------------------------------------------------
// Slugs, aliases, duplicates
// ---------------------------------------------------------------------------

#[test]
fn slug_with_dot_dot_is_refused() {
    let site = Site::new(&["en"]);
    site.write(
        "content/en/faq/sneaky.md",
        "---\ntitle: Sneaky\nslug: ../../evil\n---\nBody\n",
    );
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_points_at("error", "content/en/faq/sneaky.md", 3, Some(7))
        .assert_stderr("`../../evil`");
    let escaped = snapshot(site.parent())
        .into_keys()
        .filter(|p| p.to_string_lossy().contains("evil"))
        .collect::<Vec<_>>();
    assert!(escaped.is_empty(), "files were written: {escaped:?}");
}

#[test]
fn alias_with_dot_dot_is_refused() {
    let site = Site::new(&["en"]);
    site.write(
        "content/en/faq/sneaky.md",
        "---\ntitle: Sneaky\naliases: [\"/en/../../evil/\"]\n---\nBody\n",
    );
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_points_at("error", "content/en/faq/sneaky.md", 3, Some(11))
        .assert_stderr("/en/../../evil/");
    let escaped = snapshot(site.parent())
        .into_keys()
        .filter(|p| p.to_string_lossy().contains("evil"))
        .collect::<Vec<_>>();
    assert!(escaped.is_empty(), "files were written: {escaped:?}");
}

#[test]
fn non_ascii_file_name_needs_a_slug() {
    let site = Site::new(&["en"]);
    site.write("content/en/faq/重置密码.md", article("Reset", "faq"));
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_points_at("error", "content/en/faq/重置密码.md", 1, None);
    let suggestion = between(&run.stderr, "`slug: ", "`").unwrap_or_else(|| {
        panic!(
            "the help does not suggest a `slug: …` line:\n{}",
            run.stderr
        )
    });
    assert!(
        !suggestion.is_empty()
            && suggestion
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
        "suggested slug {suggestion:?} is not URL-safe"
    );

    // Following the advice works.
    site.write(
        "content/en/faq/重置密码.md",
        format!("---\ntitle: Reset\nslug: {suggestion}\n---\nBody\n"),
    );
    let run = site.build(&[]);
    site.assert_built(&run);
    assert!(
        site.public()
            .join(format!("en/faq/{suggestion}/index.html"))
            .is_file()
    );
}

#[test]
fn duplicate_slugs_in_one_language_name_both_files() {
    let site = Site::new(&["en"]);
    site.write(
        "content/en/faq/forgot-password.md",
        "---\ntitle: Forgot password\nslug: reset-password\n---\nBody\n",
    );
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_stderr("`reset-password`")
        .assert_stderr("content/en/faq/forgot-password.md")
        .assert_stderr("content/en/faq/reset-password.md");
}

#[test]
fn same_slug_in_two_languages_is_fine() {
    let site = Site::new(&["en", "zh-CN"]);
    let run = site.build(&[]);
    site.assert_built(&run);
    run.assert_stderr_lacks("error[");
    assert!(
        site.public()
            .join("en/faq/reset-password/index.html")
            .is_file()
    );
    assert!(
        site.public()
            .join("zh-cn/faq/reset-password/index.html")
            .is_file()
    );
}

// ---------------------------------------------------------------------------
// Symbolic links
// ---------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn symlink_to_a_file_outside_the_site_is_refused() {
    let site = Site::new(&["en"]);
    let outside = tempfile::tempdir().expect("create a temp dir outside the site");
    let secret = outside.path().join("secret.md");
    std::fs::write(
        &secret,
        "---\ntitle: SECRET-TITLE-7f3a\n---\nSECRET-BODY-7f3a\n",
    )
    .expect("write the outside file");
    // A good build first, so we can see the failed one leaves it alone.
    site.assert_built(&site.build(&[]));
    let before = snapshot(&site.public());

    std::os::unix::fs::symlink(&secret, site.path("content/en/faq/leak.md"))
        .expect("create a symlink");
    let run = site.build(&[]);
    run.assert_code(1)
        .assert_names_file("content/en/faq/leak.md")
        .assert_stderr("outside")
        .assert_stderr_lacks("SECRET-TITLE-7f3a")
        .assert_stderr_lacks("SECRET-BODY-7f3a");
    assert_eq!(snapshot(&site.public()), before, "the output changed");
    Site::assert_no_leftovers(&site.public());
}

#[cfg(unix)]
#[test]
fn symlink_to_a_folder_or_asset_outside_the_site_is_refused() {
    let site = Site::new(&["en"]);
    let outside = tempfile::tempdir().expect("create a temp dir outside the site");
    std::fs::write(outside.path().join("passwd"), "SECRET-7f3a").expect("write outside");
    std::os::unix::fs::symlink(outside.path(), site.path("content/en/faq/elsewhere"))
        .expect("create a folder symlink");
    std::os::unix::fs::symlink(
        outside.path().join("passwd"),
        site.path("content/en/faq/logo.png"),
    )
    .expect("create an asset symlink");
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_names_file("content/en/faq/elsewhere")
        .assert_names_file("content/en/faq/logo.png");
}

#[cfg(unix)]
#[test]
fn symlink_to_a_file_inside_content_is_fine() {
    let site = Site::new(&["en"]);
    std::os::unix::fs::symlink("reset-password.md", site.path("content/en/faq/forgot.md"))
        .expect("create a symlink");
    let run = site.build(&[]);
    site.assert_built(&run);
    let page = site.page("en/faq/forgot/index.html");
    assert!(page.contains("<h1>Reset your password</h1>"), "{page}");
}

// ---------------------------------------------------------------------------
// Empty and missing content
// ---------------------------------------------------------------------------

#[test]
fn empty_content_folder() {
    let site = Site::new(&["en"]);
    std::fs::remove_dir_all(site.path("content/en")).expect("empty content/en");
    std::fs::create_dir_all(site.path("content/en")).expect("recreate content/en");
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_stderr("no articles")
        .assert_stderr("content/en/")
        .assert_stderr("helpbook new");
}

#[test]
fn no_content_folder() {
    let site = Site::new(&["en"]);
    std::fs::remove_dir_all(site.path("content")).expect("remove content/");
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_names_file("content")
        .assert_stderr("content/")
        .assert_stderr("helpbook init");
}

// ---------------------------------------------------------------------------
// Huge and deep input
// ---------------------------------------------------------------------------

/// Front matter plus Markdown paragraphs up to `bytes`, ending in `marker`.
fn big_article(bytes: usize, marker: &str) -> String {
    let paragraph = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.\n\n";
    let mut text = String::with_capacity(bytes + 200);
    text.push_str("---\ntitle: A very long article\n---\n\n");
    while text.len() < bytes {
        text.push_str(paragraph);
    }
    text.push_str(marker);
    text.push('\n');
    text
}

#[test]
fn five_megabyte_article_builds() {
    let site = Site::new(&["en"]);
    site.write(
        "content/en/faq/long.md",
        big_article(5 * 1024 * 1024, "END-OF-LONG-ARTICLE"),
    );
    let run = site.build(&[]);
    site.assert_built(&run);
    let page = site.page("en/faq/long/index.html");
    assert!(
        page.contains("END-OF-LONG-ARTICLE"),
        "the page is truncated"
    );
}

#[test]
fn twenty_five_megabyte_article_is_too_large() {
    let site = Site::new(&["en"]);
    site.write(
        "content/en/faq/huge.md",
        big_article(25 * 1024 * 1024, "END"),
    );
    let run = site.build(&[]);
    site.remove("content/en/faq/huge.md");
    site.assert_failed_without_output(&run);
    run.assert_names_file("content/en/faq/huge.md")
        .assert_stderr("error[too-large]")
        .assert_stderr("25.0 MB")
        .assert_stderr("limited to");
}

#[test]
fn five_thousand_deep_nested_lists_build() {
    let site = Site::new(&["en"]);
    let mut text = String::from("---\ntitle: Deep\n---\n\n");
    text.push_str(&"- ".repeat(5000));
    text.push_str("DEEPEST-BULLET\n\n");
    text.push_str(&"1. ".repeat(5000));
    text.push_str("DEEPEST-NUMBER\n");
    site.write("content/en/faq/deep.md", text);
    let run = site.build(&[]);
    site.assert_built(&run);
    let page = site.page("en/faq/deep/index.html");
    assert!(
        page.contains("DEEPEST-BULLET"),
        "the deepest item is missing"
    );
    assert!(
        page.contains("DEEPEST-NUMBER"),
        "the deepest item is missing"
    );
}

// ---------------------------------------------------------------------------
// Folders
// ---------------------------------------------------------------------------

#[test]
fn unknown_kind_folder_suggests_the_right_one() {
    let site = Site::new(&["en"]);
    site.write(
        "content/en/faqs/x.md",
        article("In the wrong folder", "faq"),
    );
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_points_at("error", "content/en/faqs/x.md", 1, None)
        .assert_stderr("`faqs`")
        .assert_stderr("`faq`");
}

#[test]
fn file_directly_in_a_language_folder_is_a_warning() {
    let site = Site::new(&["en"]);
    site.write("content/en/stray.md", article("Stray", "faq"));
    let run = site.build(&[]);
    site.assert_built(&run);
    run.assert_stderr("warning[")
        .assert_names_file("content/en/stray.md")
        .assert_stderr_lacks("error[");
}

#[test]
fn language_folder_not_in_book_toml_is_a_warning() {
    let site = Site::new(&["en"]);
    site.write("content/fr/faq/x.md", article("Bonjour", "faq"));
    let run = site.build(&[]);
    site.assert_built(&run);
    run.assert_stderr("warning[")
        .assert_names_file("content/fr")
        .assert_stderr("`fr`")
        .assert_stderr_lacks("error[");
    assert!(!site.public().join("fr").exists(), "fr/ was built");
}

// ---------------------------------------------------------------------------
// Release notes and --strict
// ---------------------------------------------------------------------------

#[test]
fn release_without_version_when_the_site_requires_one() {
    // Without a version a release note is a dated announcement, unless
    // the site asks for versions.
    let site = Site::new(&["en"]);
    site.write(
        "book.toml",
        format!("{BOOK}\n[content]\nrequire_release_version = true\n"),
    );
    site.write(
        "content/en/release/next.md",
        "---\ntitle: Next\ndate: 2026-01-01\n---\nBody\n",
    );
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_points_at("error", "content/en/release/next.md", 1, None)
        .assert_stderr("`version`");
}

#[test]
fn release_without_date() {
    let site = Site::new(&["en"]);
    site.write(
        "content/en/release/next.md",
        "---\ntitle: Next\nversion: \"2.4.0\"\n---\nBody\n",
    );
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_points_at("error", "content/en/release/next.md", 1, None)
        .assert_stderr("`date`");
}

#[test]
fn release_version_that_does_not_parse() {
    let site = Site::new(&["en"]);
    site.write(
        "content/en/release/next.md",
        "---\ntitle: Next\nversion: two point four\ndate: 2026-01-01\n---\nBody\n",
    );
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_points_at("error", "content/en/release/next.md", 3, Some(10))
        .assert_excerpt(3, "version: two point four")
        .assert_stderr("semantic version");
}

#[test]
fn strict_turns_a_warning_into_a_failure() {
    let site = Site::new(&["en"]);
    site.write(
        "content/en/faq/typo.md",
        "---\ntitle: Typo\ntgas: [a]\n---\nBody\n",
    );
    let run = site.build(&["--strict"]);
    site.assert_failed_without_output(&run);
    run.assert_points_at("error", "content/en/faq/typo.md", 3, Some(1))
        .assert_stderr("`tgas`");
}

// ---------------------------------------------------------------------------
// book.toml
// ---------------------------------------------------------------------------

const BOOK: &str = "title = \"Test Help\"\nbase_url = \"https://help.example.com/\"\ndefault_language = \"en\"\nlanguages = [\"en\"]\n";

#[test]
fn book_toml_unknown_key() {
    let site = Site::new(&["en"]);
    site.write("book.toml", format!("{BOOK}language = \"en\"\n"));
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_points_at("error", "book.toml", 5, Some(1))
        .assert_excerpt(5, "language = \"en\"")
        .assert_stderr("`language`")
        .assert_stderr("did you mean `languages`?");
}

#[test]
fn book_toml_unknown_key_in_a_table() {
    let site = Site::new(&["en"]);
    site.write(
        "book.toml",
        format!("{BOOK}\n[check]\nmax_verified_age_day = 30\n"),
    );
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_points_at("error", "book.toml", 7, Some(1))
        .assert_stderr("did you mean `max_verified_age_days`?");
}

#[test]
fn book_toml_wrong_type() {
    let site = Site::new(&["en"]);
    site.write(
        "book.toml",
        format!("{BOOK}\n[check]\nmax_verified_age_days = \"soon\"\n"),
    );
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_points_at("error", "book.toml", 7, None)
        .assert_stderr("`max_verified_age_days`")
        .assert_stderr("string");
}

#[test]
fn book_toml_syntax_error() {
    let site = Site::new(&["en"]);
    site.write(
        "book.toml",
        BOOK.replace("languages = [\"en\"]", "languages = [\"en\""),
    );
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_points_at("error", "book.toml", 4, None);
}

#[test]
fn missing_book_toml_says_to_run_init() {
    let site = Site::new(&["en"]);
    site.remove("book.toml");
    let run = site.build(&[]);
    site.assert_failed_without_output(&run);
    run.assert_names_file("book.toml")
        .assert_stderr("helpbook init");
}

// ---------------------------------------------------------------------------
// Output safety
// ---------------------------------------------------------------------------

#[test]
fn out_equal_to_the_root_is_refused() {
    let site = Site::new(&["en"]);
    let before = snapshot(site.parent());
    let run = helpbook(&site.root, &["build", "--root", ".", "--out", "."]);
    run.assert_code(1).assert_stderr("error[output]");
    let root = site.root.to_str().expect("UTF-8 path");
    let run = site.build(&["--out", root]);
    run.assert_code(1).assert_stderr("error[output]");
    assert_eq!(snapshot(site.parent()), before, "files were changed");
}

#[test]
fn out_a_parent_of_the_root_is_refused() {
    let site = Site::new(&["en"]);
    let before = snapshot(site.parent());
    let run = helpbook(&site.root, &["build", "--root", ".", "--out", ".."]);
    run.assert_code(1).assert_stderr("error[output]");
    let parent = site.parent().to_str().expect("UTF-8 path");
    let run = site.build(&["--out", parent]);
    run.assert_code(1).assert_stderr("error[output]");
    assert_eq!(snapshot(site.parent()), before, "files were changed");
    assert!(site.path("book.toml").is_file());
    assert!(site.path("content/en/faq/reset-password.md").is_file());
}

#[test]
fn failed_build_keeps_the_previous_output_byte_for_byte() {
    let site = Site::new(&["en"]);
    site.assert_built(&site.build(&[]));
    let before = snapshot(&site.public());
    assert!(before.len() > 5, "the first build wrote too little");

    site.write(
        "content/en/faq/reset-password.md",
        "---\ntitle: Reset\ntags: [a, b\n---\nBody\n",
    );
    let run = site.build(&[]);
    run.assert_code(1)
        .assert_points_at("error", "content/en/faq/reset-password.md", 3, Some(7));
    assert_eq!(snapshot(&site.public()), before, "the output changed");
    Site::assert_no_leftovers(&site.public());
}

#[test]
fn stale_staging_folder_with_the_marker_is_cleaned_up() {
    let site = Site::new(&["en"]);
    site.write(".public.staging/.helpbook-staging", "");
    site.write(".public.staging/half-written.html", "<p>half</p>");
    let run = site.build(&[]);
    site.assert_built(&run);
    assert!(
        !site.public().join("half-written.html").exists(),
        "stale files were published"
    );
}

#[test]
fn foreign_staging_folder_is_left_alone_and_fails_the_build() {
    let site = Site::new(&["en"]);
    site.assert_built(&site.build(&[]));
    let before = snapshot(&site.public());
    site.write(".public.staging/precious.txt", "not helpbook's");

    let run = site.build(&[]);
    run.assert_code(1).assert_stderr(".public.staging");
    assert_eq!(
        std::fs::read_to_string(site.path(".public.staging/precious.txt"))
            .expect("the foreign folder is still there"),
        "not helpbook's"
    );
    assert_eq!(snapshot(&site.public()), before, "the output changed");
}

// ---------------------------------------------------------------------------
// Determinism
// ---------------------------------------------------------------------------

#[test]
fn two_builds_are_byte_identical() {
    let site = Site::new(&["en", "zh-CN"]);
    site.write(
        "content/en/release/2.4.0.md",
        "---\ntitle: Version 2.4.0\nversion: \"2.4.0\"\ndate: 2026-10-01\n---\n\n## Fixed\n\n- Top-ups.\n",
    );
    site.write(
        "content/en/release/2.3.1.md",
        "---\ntitle: Version 2.3.1\nversion: \"2.3.1\"\ndate: 2026-09-01\n---\n\nFixes.\n",
    );
    site.write(
        "content/zh-CN/security/fake-support.md",
        "---\ntitle: 识别假客服\nverified: 2026-11-01\ntags: [诈骗, 客服]\n---\n\n## 常见手法\n\n假客服会索要验证码。\n",
    );
    site.write(
        "content/en/faq/withdrawal.md",
        "---\ntitle: Withdrawal not arrived\nupdated: 2026-10-10\ncategory: payments\norder: 2\n---\n\nWait.\n",
    );
    let a = site.parent().join("a");
    let b = site.parent().join("b");
    for out in [&a, &b] {
        let run = site.build(&["--out", out.to_str().expect("UTF-8 path")]);
        run.assert_code(0);
        Site::assert_no_leftovers(out);
    }
    let (a, b) = (snapshot(&a), snapshot(&b));
    assert!(a.len() > 10, "too few files to be a real comparison");
    let names_a: Vec<_> = a.keys().collect();
    let names_b: Vec<_> = b.keys().collect();
    assert_eq!(names_a, names_b, "the two builds wrote different files");
    for (path, bytes) in &a {
        assert!(b.get(path) == Some(bytes), "{} differs", path.display());
    }
}

// ---------------------------------------------------------------------------
// init and new
// ---------------------------------------------------------------------------

/// Every `content/<lang>/<kind>/<slug>.md` under `root`, as (lang, kind, slug).
fn articles_of(root: &Path) -> Vec<(String, String, String)> {
    snapshot(&root.join("content"))
        .into_iter()
        .filter(|(_, bytes)| bytes.is_some())
        .filter_map(|(path, _)| {
            let parts: Vec<String> = path
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            match parts.as_slice() {
                [lang, kind, file] => file
                    .strip_suffix(".md")
                    .map(|slug| (lang.clone(), kind.clone(), slug.to_string())),
                _ => None,
            }
        })
        .collect()
}

#[test]
fn init_then_build() {
    let tmp = tempfile::tempdir().expect("create a temp dir");
    helpbook(tmp.path(), &["init", "help"]).assert_code(0);
    let root = tmp.path().join("help");
    let run = helpbook(tmp.path(), &["build", "--root", "help"]);
    run.assert_code(0).assert_stderr_lacks("warning[");
    assert!(root.join("public/index.html").is_file());
    let articles = articles_of(&root);
    assert!(!articles.is_empty(), "init wrote no article");
    for (lang, kind, slug) in articles {
        let page = root.join(format!(
            "public/{}/{kind}/{slug}/index.html",
            lang.to_lowercase()
        ));
        assert!(page.is_file(), "{} was not built", page.display());
    }
}

#[test]
fn init_twice_refuses_and_changes_nothing() {
    let tmp = tempfile::tempdir().expect("create a temp dir");
    helpbook(tmp.path(), &["init", "help"]).assert_code(0);
    let root = tmp.path().join("help");
    std::fs::write(root.join("book.toml"), format!("# edited\n{BOOK}")).expect("edit book.toml");
    let before = snapshot(&root);
    let run = helpbook(tmp.path(), &["init", "help"]);
    run.assert_code(1).assert_stderr("already exists");
    assert_eq!(snapshot(&root), before, "init touched an existing site");
}

#[test]
fn new_faq_then_build() {
    let site = Site::new(&["en"]);
    let root = site.root.to_str().expect("UTF-8 path");
    helpbook(
        site.parent(),
        &["new", "faq", "my-question", "--lang", "en", "--root", root],
    )
    .assert_code(0);
    assert!(site.path("content/en/faq/my-question.md").is_file());
    // A new article is a draft: left out of a build, shown with --drafts.
    let run = site.build(&[]);
    site.assert_built(&run);
    assert!(!site.public().join("en/faq/my-question/index.html").exists());
    let run = site.build(&["--drafts"]);
    site.assert_built(&run);
    assert!(
        site.public()
            .join("en/faq/my-question/index.html")
            .is_file()
    );
}

#[test]
fn new_release_fills_version_and_date() {
    let site = Site::new(&["en"]);
    let root = site.root.to_str().expect("UTF-8 path");
    helpbook(
        site.parent(),
        &["new", "release", "2.4.0", "--lang", "en", "--root", root],
    )
    .assert_code(0);
    let text = std::fs::read_to_string(site.path("content/en/release/2.4.0.md"))
        .expect("new wrote the release note");
    assert!(text.contains("\nversion: \"2.4.0\"\n"), "{text}");
    let date = text
        .lines()
        .find_map(|l| l.strip_prefix("date: "))
        .unwrap_or_else(|| panic!("no `date:` line in\n{text}"));
    let parts: Vec<&str> = date.split('-').collect();
    assert!(
        date.len() == 10
            && parts.len() == 3
            && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())),
        "date {date:?} is not YYYY-MM-DD"
    );
    let run = site.build(&["--drafts"]);
    site.assert_built(&run);
    assert!(site.public().join("en/release/2.4.0/index.html").is_file());
}

/// What `init` and `new` write must build cleanly, warnings included:
/// a writer who runs `init`, `new release` and `build --strict` in CI
/// should not fail on helpbook's own scaffolding.
#[test]
fn init_and_new_release_build_strict() {
    let tmp = tempfile::tempdir().expect("create a temp dir");
    helpbook(tmp.path(), &["init", "help"]).assert_code(0);
    helpbook(
        tmp.path(),
        &["new", "release", "2.4.0", "--lang", "en", "--root", "help"],
    )
    .assert_code(0);
    helpbook(
        tmp.path(),
        &[
            "new", "security", "two-step", "--lang", "en", "--root", "help",
        ],
    )
    .assert_code(0);
    let run = helpbook(tmp.path(), &["build", "--root", "help", "--strict"]);
    run.assert_code(0).assert_stderr_lacks("warning[");
}

#[test]
fn new_with_a_bad_slug_is_a_usage_error() {
    let site = Site::new(&["en"]);
    let root = site.root.to_str().expect("UTF-8 path");
    let before = snapshot(&site.root);
    let run = helpbook(
        site.parent(),
        &["new", "faq", "Bad_Slug!", "--lang", "en", "--root", root],
    );
    run.assert_code(2)
        .assert_stderr("`Bad_Slug!`")
        .assert_stderr("bad-slug");
    assert_eq!(snapshot(&site.root), before, "new wrote a file");
}

#[test]
fn new_with_an_unknown_kind_or_language_is_a_usage_error() {
    let site = Site::new(&["en"]);
    let root = site.root.to_str().expect("UTF-8 path");
    let before = snapshot(&site.root);
    helpbook(
        site.parent(),
        &["new", "faqs", "x", "--lang", "en", "--root", root],
    )
    .assert_code(2)
    .assert_stderr("`faqs`");
    helpbook(
        site.parent(),
        &["new", "faq", "x", "--lang", "fr", "--root", root],
    )
    .assert_code(2)
    .assert_stderr("`fr`");
    helpbook(
        site.parent(),
        &["new", "release", "soon", "--lang", "en", "--root", root],
    )
    .assert_code(2)
    .assert_stderr("`soon`");
    assert_eq!(snapshot(&site.root), before, "new wrote a file");
}

#[test]
fn clap_usage_errors_exit_2() {
    let tmp = tempfile::tempdir().expect("create a temp dir");
    for args in [
        &["build", "--bogus"][..],
        &[][..],
        &["new", "faq"][..],
        &["frobnicate"][..],
    ] {
        let run = helpbook(tmp.path(), args);
        run.assert_code(2).assert_stderr("Usage:");
    }
    assert!(snapshot(tmp.path()).is_empty(), "a usage error wrote files");
}
