//! The `helpbook` command line: parses arguments, calls the library, prints
//! diagnostics to stderr, and maps the outcome to an exit code
//! (0 success, 1 errors in the site, 2 bad usage).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use helpbook::{BuildOptions, Diagnostic, Diagnostics};

#[derive(Parser)]
#[command(
    name = "helpbook",
    version,
    about = "Build a fast, multilingual, searchable help center from Markdown."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into an output folder (replaced only when the build succeeds).
    #[command(
        after_help = "The output folder must be new, empty or one helpbook built before (else --force).\nA second build into the same folder waits for the first.\n\nExamples:\n  helpbook build\n  helpbook build --root docs --out dist\n  helpbook build --base-url https://preview.example.com/ --drafts"
    )]
    Build {
        /// The site folder, with book.toml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The output folder [default: <root>/public].
        #[arg(long)]
        out: Option<PathBuf>,
        /// Override base_url from book.toml.
        #[arg(long)]
        base_url: Option<String>,
        /// Include articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
        /// Print only errors and warnings, no summary.
        #[arg(long, short)]
        quiet: bool,
        /// Replace the output folder even when it is not empty and helpbook did
        /// not make it: everything in it is deleted. (The site itself, a project
        /// folder, your home folder and the current folder are never replaced.)
        #[arg(long)]
        force: bool,
        /// Where the tantivy index goes, for `helpbook search` and search
        /// servers [default: <root>/.helpbook/index].
        #[arg(long)]
        index_out: Option<PathBuf>,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// Check the site without writing it: every problem at once, with file:line:col.
    #[command(
        after_help = "Exit status: 0 when clean (info and warnings are fine), 1 on any error\n(or any warning with --strict), 2 on bad usage.\n\nExamples:\n  helpbook check\n  helpbook check --root docs --strict\n  helpbook check --format json > diagnostics.jsonl\n  helpbook check --format github   # annotations in GitHub Actions"
    )]
    Check {
        /// The site folder, with book.toml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// human (default; stderr, coloured on a terminal), json (JSON Lines on stdout)
        /// or github (workflow commands on stdout).
        #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
        format: CheckFormat,
        /// Fail on warnings too (e.g. verified dates older than max_verified_age_days).
        #[arg(long)]
        strict: bool,
        /// Include articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Measure verified dates against this day (YYYY-MM-DD) instead of today,
        /// for reproducible CI runs.
        #[arg(long, value_parser = parse_day)]
        today: Option<jiff::civil::Date>,
        #[command(flatten)]
        report: ReportArgs,
    },
    /// Preview the site: build it, serve it, rebuild and reload pages on every change.
    #[cfg(feature = "serve")]
    #[command(
        after_help = "Watches content/, themes/ and book.toml. A build error is shown in the browser until it is fixed.\nSearch API: /api/search?q=…&lang=…&kind=…&limit=… (JSON, ranked as `helpbook search`).\n\nExamples:\n  helpbook serve\n  helpbook serve --root docs --port 8080 --drafts\n  helpbook serve --port 0   (any free port; the URL is printed)"
    )]
    Serve {
        /// The site folder, with book.toml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (0: any free port).
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// The address to listen on (0.0.0.0 shows the site to your network).
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Include articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Build the served site here instead of in a temporary folder
        /// (an empty or new folder, or one `helpbook serve` made).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Print only the URL, warnings of the first build excepted, and errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Create a new site that builds at once.
    #[command(
        after_help = "Examples:\n  helpbook init my-help\n  helpbook init my-help --lang zh-CN --lang en"
    )]
    Init {
        /// The folder to create the site in.
        dir: PathBuf,
        /// A language of the site; repeat for more (the first is the default) [default: en].
        #[arg(long = "lang")]
        languages: Vec<String>,
    },
    /// Export the articles for another search engine (NDJSON, or OpenSearch with the same analyzer and ranking).
    #[command(
        after_help = "ndjson: one JSON document per article (id, doc, lang, kind, category, title, headings,\ntags, body, sections, url, path, updated, verified, summary), to --out or standard output.\nopensearch: --out FOLDER receives index.json (PUT /<index>), bulk.ndjson (POST /<index>/_bulk)\nand template.json (POST /_scripts/helpbook-search). See the README, \"Search engines\".\n\nExamples:\n  helpbook export --format ndjson --out articles.ndjson\n  helpbook export --format ndjson | gzip > articles.ndjson.gz\n  helpbook export --format opensearch --out opensearch"
    )]
    Export {
        /// ndjson or opensearch.
        #[arg(long, value_enum)]
        format: helpbook::export::Format,
        /// The site folder, with book.toml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The file (ndjson; default: standard output) or folder (opensearch) to write.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Include articles marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Search a built site with the same ranking as its browser search.
    #[command(
        after_help = "Reads the index `helpbook build` wrote (<root>/.helpbook/index, or --index-out).\n\nExamples:\n  helpbook search 提现失败\n  helpbook search \"reset password\" --lang en --limit 5\n  helpbook search 2fa --kind security --json\n  helpbook search 提现 --index /srv/help-index"
    )]
    Search {
        /// What to search for.
        query: String,
        /// The index folder `helpbook build` wrote [default: <root>/.helpbook/index].
        #[arg(long)]
        index: Option<PathBuf>,
        /// A site built by an older helpbook, which kept its index inside it.
        #[arg(long)]
        site: Option<PathBuf>,
        /// The site folder (where .helpbook/index is).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Only articles in this language (e.g. zh-CN).
        #[arg(long)]
        lang: Option<String>,
        /// Only articles of this kind (contact, faq, security, release).
        #[arg(long)]
        kind: Option<String>,
        /// How many results.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print a JSON array instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Check whether a phone number, email, link, account or app version is
    /// official, answered from a built site's published contacts, as its
    /// verification page answers.
    #[command(
        after_help = "Exit status: 0 only when the value is official; 1 for anything else (a third party's,\na reported scam, an imitation, unknown) or when the site is not built.\n\nExamples:\n  helpbook verify \"+86 400 555 0199\"\n  helpbook verify support@example.com --lang en\n  helpbook verify https://examp1e.com/login --site public --json"
    )]
    Verify {
        /// What to check, as it was given to you.
        value: String,
        /// The built site [default: <root>/public].
        #[arg(long)]
        site: Option<PathBuf>,
        /// The site folder (used to find public/ when --site is not given).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The language of the answer (e.g. zh-CN) [default: the site's default language].
        #[arg(long)]
        lang: Option<String>,
        /// Print the verdict as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Turn an existing help center (GitBook, Docusaurus, mdBook, Hugo, Zola,
    /// a Zendesk Guide export) into a new helpbook site.
    #[command(
        after_help = "The destination must be new or empty: import never overwrites a site.\nIt writes book.toml, content/, import-report.md (what was imported, not mapped,\nlinks rewritten or left broken, contacts found) and suggested-contacts.toml\n(a registry block to review; nothing is added to the official registry).\n\nKind rules file (TOML), first match wins, before the built-in rules:\n  [[rules]]\n  kind = \"security\"\n  section = [\"Account protection\", \"账户保护\"]\n  [[rules]]\n  kind = \"release\"\n  title = [\"maintenance\", \"公告\"]\n\nExamples:\n  helpbook import old-gitbook new-help\n  helpbook import zendesk-export new-help --from zendesk --base-url https://help.example.com/\n  helpbook import my-book new-help --from mdbook --lang zh-CN --kind-rules kinds.toml"
    )]
    Import {
        /// The existing help center's folder.
        source: PathBuf,
        /// The new site's folder (new or empty).
        dest: PathBuf,
        /// The source format [default: detected from its files].
        #[arg(long, value_enum)]
        from: Option<helpbook::import::Format>,
        /// A TOML file of kind rules (see below).
        #[arg(long)]
        kind_rules: Option<PathBuf>,
        /// The language of a source that does not name one (mdBook, a one-language GitBook space, Hugo).
        #[arg(long, default_value = "en")]
        lang: String,
        /// The new site's base_url [default: the source's, else https://help.example.com/].
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Create an article with its front matter filled in.
    #[command(
        after_help = "Examples:\n  helpbook new faq reset-password --lang en --title \"Reset your password\"\n  helpbook new release 2.4.0 --lang zh-CN"
    )]
    New {
        /// contact, faq, security or release.
        kind: String,
        /// The URL slug (for a release: its version).
        slug: String,
        /// The language folder to create it in.
        #[arg(long)]
        lang: String,
        /// The article's title.
        #[arg(long)]
        title: Option<String>,
        /// The site folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum CheckFormat {
    Human,
    Json,
    Github,
}

/// How much of the human report is shown (`check` and `build`); the
/// machine formats always list every problem.
#[derive(Clone, Copy, clap::Args)]
struct ReportArgs {
    /// Show at most N problems in full (errors first); the table at the end
    /// counts the rest.
    #[arg(long, value_name = "N")]
    max_errors: Option<usize>,
    /// Of a problem that comes many times (the same message about different
    /// values), show N examples, then one line that counts the rest.
    #[arg(long, value_name = "N", default_value_t = 3)]
    examples: usize,
}

/// Prints diagnostics the one way `check` and `build` print them: the human
/// report on stderr (grouped, coloured on a terminal), or every diagnostic
/// as JSON Lines or GitHub workflow commands on stdout.
fn print_diagnostics(diagnostics: &[Diagnostic], format: CheckFormat, report: ReportArgs) {
    use helpbook::diagnostic::{Format, ReportOptions, report};
    use std::io::{IsTerminal, Write};
    let machine = match format {
        CheckFormat::Human => {
            let options = ReportOptions {
                examples: report.examples,
                max_shown: report.max_errors,
                color: std::io::stderr().is_terminal(),
            };
            let text = report::human(diagnostics, &options);
            if !text.is_empty() {
                helpbook::tell!("{}", text.trim_end());
            }
            return;
        }
        CheckFormat::Json => Format::Json,
        CheckFormat::Github => Format::Github,
    };
    let mut out = std::io::stdout().lock();
    for d in diagnostics {
        if writeln!(out, "{}", d.format(machine, false)).is_err() {
            // A closed pipe (`| head`): nothing more can be shown.
            return;
        }
    }
}

fn parse_day(text: &str) -> Result<jiff::civil::Date, String> {
    helpbook::content::parse_date(text).ok_or_else(|| format!("`{text}` is not a YYYY-MM-DD date"))
}

/// `helpbook check`: prints every diagnostic and returns the exit code.
fn check(
    root: PathBuf,
    format: CheckFormat,
    strict: bool,
    drafts: bool,
    day: Option<jiff::civil::Date>,
    report: ReportArgs,
) -> ExitCode {
    use helpbook::Severity;
    let options = helpbook::check::CheckOptions {
        root,
        drafts,
        today: day.unwrap_or_else(today),
    };
    let diagnostics = helpbook::check::check(&options);
    let failed = helpbook::check::fails(&diagnostics, strict);
    let usage = diagnostics.0.iter().any(|d| d.code == "usage");
    print_diagnostics(&diagnostics.0, format, report);
    if matches!(format, CheckFormat::Human) {
        let plural = |n: usize, word: &str| {
            let n = helpbook::diagnostic::report::thousands(n);
            format!("{n} {word}{}", if n == "1" { "" } else { "s" })
        };
        if !diagnostics.0.is_empty() {
            helpbook::tell!();
        }
        helpbook::tell!(
            "{}: {}, {}, {}",
            if failed {
                "check failed"
            } else {
                "check passed"
            },
            plural(diagnostics.count(Severity::Error), "error"),
            plural(diagnostics.count(Severity::Warning), "warning"),
            plural(diagnostics.count(Severity::Info), "note"),
        );
    }
    if usage {
        ExitCode::from(2)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `helpbook verify`: the verdict, worded as the verification page words
/// it; exit 0 only for an official value.
fn verify(value: &str, site: PathBuf, lang: Option<&str>, json: bool) -> ExitCode {
    let registry = match helpbook::contact::Registry::load(&site) {
        Ok(registry) => registry,
        Err(diagnostics) => {
            eprint!("{diagnostics}");
            return ExitCode::from(1);
        }
    };
    let answer = registry.answer(value, lang);
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&answer).unwrap_or_default()
        );
    } else {
        println!("{} — {}", answer.value, answer.headline);
        if !answer.advice.is_empty() {
            println!("{}", answer.advice);
        }
        if answer.verdict.status != helpbook::contact::Status::Official
            && answer.verdict.found.is_some()
        {
            let lang = registry.language(lang);
            let serves = |e: &&helpbook::contact::registry::OfficialEntry| {
                e.languages.is_empty() || e.languages.contains(&lang)
            };
            for entry in registry.official.iter().filter(serves) {
                let label = helpbook::contact::registry::in_lang(&entry.label, &lang, &lang);
                println!("  {label}: {}", entry.value);
            }
        }
    }
    if answer.verdict.status == helpbook::contact::Status::Official {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// mimalloc, not the system's: see Cargo.toml for the measurements.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Verify {
        value,
        site,
        root,
        lang,
        json,
    } = &cli.command
    {
        let site = site.clone().unwrap_or_else(|| root.join("public"));
        return verify(value, site, lang.as_deref(), *json);
    }
    if let Command::Check {
        root,
        format,
        strict,
        drafts,
        today,
        report,
    } = cli.command
    {
        return check(root, format, strict, drafts, today, report);
    }
    let report = match &cli.command {
        Command::Build { report, .. } => *report,
        _ => ReportArgs {
            max_errors: None,
            examples: 3,
        },
    };
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(diagnostics) => {
            print_diagnostics(&diagnostics.0, CheckFormat::Human, report);
            let errors = diagnostics.error_count();
            helpbook::tell!(
                "\nerror: {} error{} found",
                helpbook::diagnostic::report::thousands(errors),
                if errors == 1 { "" } else { "s" }
            );
            let usage = diagnostics.0.iter().any(|d| d.code == "usage");
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

/// Text output of `helpbook search`: title, URL, snippet; matches in bold
/// on a terminal, between `[` `]` otherwise. Control and bidi characters
/// from the site's text are shown escaped, never sent to the terminal.
fn print_hits(hits: &[helpbook::search::Hit]) {
    use helpbook::text_safety::escape_for_terminal as esc;
    use std::io::IsTerminal;
    let (open, close) = if std::io::stdout().is_terminal() {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    for (rank, hit) in hits.iter().enumerate() {
        let snippet = esc(&hit.snippet)
            .replace("<b>", open)
            .replace("</b>", close)
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&");
        helpbook::say!(
            "{}. {}  ({}, {}, score {:.3})",
            rank + 1,
            esc(&hit.title),
            hit.lang,
            hit.kind,
            hit.score
        );
        helpbook::say!("   {}", esc(&hit.url));
        helpbook::say!("   {snippet}\n");
    }
}

/// The build's progress bar: only on a terminal, not with `--quiet`, and
/// only once the build has taken a second (a fast build prints just its
/// one-line summary, as it does in CI).
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    done: Option<std::sync::mpsc::Sender<()>>,
}

impl Progress {
    const DELAY: std::time::Duration = std::time::Duration::from_secs(1);

    fn start(quiet: bool) -> Progress {
        use std::io::IsTerminal;
        if quiet || !std::io::stderr().is_terminal() {
            return Progress {
                bar: None,
                done: None,
            };
        }
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(helpbook::BUILD_STAGES.len() as u64),
            indicatif::ProgressDrawTarget::hidden(),
        );
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{spinner} [{pos}/{len}] {msg} ({elapsed})")
        {
            bar.set_style(style);
        }
        let (done, wait) = std::sync::mpsc::channel::<()>();
        let shown = bar.clone();
        std::thread::spawn(move || {
            if wait.recv_timeout(Progress::DELAY).is_err() && !shown.is_finished() {
                shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                shown.enable_steady_tick(std::time::Duration::from_millis(100));
            }
        });
        Progress {
            bar: Some(bar),
            done: Some(done),
        }
    }

    fn stage(&self, stage: &str) {
        if let Some(bar) = &self.bar {
            let index = helpbook::BUILD_STAGES
                .iter()
                .position(|s| *s == stage)
                .unwrap_or(0);
            bar.set_position(index as u64 + 1);
            bar.set_message(stage.to_string());
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(done) = self.done.take() {
            let _ = done.send(());
        }
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn today() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}

fn run(command: Command) -> Result<(), Diagnostics> {
    match command {
        // main() runs `check` and `verify` itself: they report through
        // their own formats and exit codes.
        Command::Check { .. } | Command::Verify { .. } => Ok(()),
        Command::Build {
            root,
            out,
            base_url,
            drafts,
            strict,
            quiet,
            force,
            report,
            index_out,
        } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            let options = BuildOptions {
                root,
                out: out.clone(),
                base_url,
                drafts,
                strict,
                force,
                index_out,
            };
            let built = {
                let progress = Progress::start(quiet);
                helpbook::build_with_progress(&options, &|stage| progress.stage(stage))
            }?;
            print_diagnostics(&built.warnings, CheckFormat::Human, report);
            if !built.warnings.is_empty() {
                helpbook::tell!();
            }
            if !quiet {
                let warnings = match built.warnings.len() {
                    0 => String::new(),
                    1 => ", 1 warning".to_string(),
                    n => format!(", {n} warnings"),
                };
                helpbook::say!(
                    "Built {} pages ({} articles) in {} languages ({}) in {:.2} s (search index {:.2} s){warnings} → {}",
                    built.pages,
                    built.articles,
                    built.languages.len(),
                    built.languages.join(", "),
                    built.elapsed.as_secs_f64(),
                    built.search_elapsed.as_secs_f64(),
                    out.display()
                );
            }
            Ok(())
        }
        #[cfg(feature = "serve")]
        Command::Serve {
            root,
            port,
            bind,
            drafts,
            out,
            quiet,
        } => helpbook::serve::serve(helpbook::serve::ServeOptions {
            root,
            out,
            bind,
            port,
            drafts,
            quiet,
        }),
        Command::Export {
            format,
            root,
            out,
            drafts,
        } => {
            let written = helpbook::export::run(&root, format, out.as_deref(), drafts)?;
            for (path, bytes) in &written.files {
                helpbook::tell!("wrote {} ({bytes} bytes)", path.display());
            }
            helpbook::tell!("{} articles exported", written.documents);
            Ok(())
        }
        Command::Search {
            query,
            index,
            site,
            root,
            lang,
            kind,
            limit,
            json,
        } => {
            let folder = index
                .or(site)
                .unwrap_or_else(|| root.join(helpbook::INDEX_DIR));
            let search = helpbook::search::SiteSearch::open(&folder)?;
            // A query that is a contact gets its verdict, as in the search
            // box (the index folder carries the site's contacts.json).
            let contact = helpbook::contact::Registry::load(&folder)
                .ok()
                .and_then(|r| r.query_answer(&query, lang.as_deref()));
            let request = helpbook::search::SearchRequest {
                query,
                lang,
                kind,
                limit,
                prefix: false,
            };
            let outcome = search.query(&request)?;
            let hits = &outcome.hits;
            if json {
                let corrections: Vec<&str> = outcome
                    .corrections
                    .iter()
                    .map(|(_, c)| c.as_str())
                    .collect();
                let value = serde_json::json!({
                    "query": request.query, "contact": contact, "corrections": corrections, "hits": hits,
                });
                let text = serde_json::to_string_pretty(&value).unwrap_or_default();
                helpbook::say!("{text}");
            } else {
                if let Some(answer) = &contact {
                    println!(
                        "{} — {}\n{}\n",
                        answer.value, answer.headline, answer.advice
                    );
                }
                if !outcome.corrections.is_empty() {
                    let words: Vec<&str> = outcome
                        .corrections
                        .iter()
                        .map(|(_, c)| c.as_str())
                        .collect();
                    println!("Did you mean: {}", words.join(" "));
                }
                if hits.is_empty() {
                    println!("No results.");
                } else {
                    print_hits(hits);
                }
            }
            Ok(())
        }
        Command::Init { dir, languages } => {
            let init = helpbook::scaffold::init(&dir, &languages, today())?;
            for file in &init.written {
                helpbook::say!("created {}", dir.join(file).display());
            }
            for note in &init.notes {
                helpbook::tell!("note: {note}");
            }
            helpbook::say!("Next: helpbook build --root {}", dir.display());
            Ok(())
        }
        Command::Import {
            source,
            dest,
            from,
            kind_rules,
            lang,
            base_url,
        } => {
            let report = helpbook::import::import(&helpbook::import::ImportOptions {
                source,
                dest: dest.clone(),
                from,
                kind_rules,
                language: Some(lang),
                base_url,
                today: today(),
            })?;
            println!("{}", helpbook::import::report::console(&report.summary));
            println!("Report: {}", report.report_file.display());
            println!("Contacts to review: {}", report.suggested_file.display());
            println!("Next: helpbook check --root {}", dest.display());
            Ok(())
        }
        Command::New {
            kind,
            slug,
            lang,
            title,
            root,
        } => {
            let config = helpbook::Config::load(&root)?;
            let request = helpbook::scaffold::NewArticle {
                kind,
                slug,
                lang,
                title,
            };
            let path = helpbook::scaffold::new_article(&root, &config, &request, today())?;
            helpbook::say!("created {}", root.join(path).display());
            helpbook::say!(
                "It is a draft (`draft: true`): write the summary and the text, then remove that line to publish it. Preview drafts with `helpbook serve --drafts`."
            );
            Ok(())
        }
    }
}
