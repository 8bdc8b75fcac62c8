//! The `helpbook` command line: parses arguments, calls the library, prints
//! diagnostics to stderr, and maps the outcome to an exit code
//! (0 success, 1 errors in the site, 2 bad usage).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use helpbook::{BuildOptions, Diagnostics};

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
        after_help = "Examples:\n  helpbook build\n  helpbook build --root docs --out dist\n  helpbook build --base-url https://preview.example.com/ --drafts"
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
    /// Search a built site with the same ranking as its browser search.
    #[command(
        after_help = "Examples:\n  helpbook search 提现失败\n  helpbook search \"reset password\" --lang en --limit 5\n  helpbook search 2fa --kind security --json"
    )]
    Search {
        /// What to search for.
        query: String,
        /// The built site [default: <root>/public].
        #[arg(long)]
        site: Option<PathBuf>,
        /// The site folder (used to find public/ when --site is not given).
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
) -> ExitCode {
    use helpbook::Severity;
    use helpbook::diagnostic::Format;
    use std::io::{IsTerminal, Write};
    let options = helpbook::check::CheckOptions {
        root,
        drafts,
        today: day.unwrap_or_else(today),
    };
    let diagnostics = helpbook::check::check(&options);
    let failed = helpbook::check::fails(&diagnostics, strict);
    let usage = diagnostics.0.iter().any(|d| d.code == "usage");
    match format {
        CheckFormat::Human => {
            let color = std::io::stderr().is_terminal();
            let mut err = std::io::stderr().lock();
            for d in &diagnostics.0 {
                let _ = writeln!(err, "{}\n", d.format(Format::Human, color));
            }
            let plural =
                |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
            let _ = writeln!(
                err,
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
        CheckFormat::Json | CheckFormat::Github => {
            let format = if matches!(format, CheckFormat::Json) {
                Format::Json
            } else {
                Format::Github
            };
            let mut out = std::io::stdout().lock();
            for d in &diagnostics.0 {
                let _ = writeln!(out, "{}", d.format(format, false));
            }
        }
    }
    if usage {
        ExitCode::from(2)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Check {
        root,
        format,
        strict,
        drafts,
        today,
    } = cli.command
    {
        return check(root, format, strict, drafts, today);
    }
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(diagnostics) => {
            eprint!("{diagnostics}");
            let errors = diagnostics.error_count();
            eprintln!(
                "error: {errors} error{} found",
                if errors == 1 { "" } else { "s" }
            );
            let usage = diagnostics.0.iter().any(|d| d.code == "usage");
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

/// Text output of `helpbook search`: title, URL, snippet; matches in bold
/// on a terminal, between `[` `]` otherwise.
fn print_hits(hits: &[helpbook::search::Hit]) {
    use std::io::IsTerminal;
    let (open, close) = if std::io::stdout().is_terminal() {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("[", "]")
    };
    for (rank, hit) in hits.iter().enumerate() {
        let snippet = hit
            .snippet
            .replace("<b>", open)
            .replace("</b>", close)
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&");
        println!(
            "{}. {}  ({}, {}, score {:.3})",
            rank + 1,
            hit.title,
            hit.lang,
            hit.kind,
            hit.score
        );
        println!("   {}", hit.url);
        println!("   {snippet}\n");
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
        // main() runs `check` itself: it reports through its own formats and exit codes.
        Command::Check { .. } => Ok(()),
        Command::Build {
            root,
            out,
            base_url,
            drafts,
            strict,
            quiet,
        } => {
            let out = out.unwrap_or_else(|| root.join("public"));
            let options = BuildOptions {
                root,
                out: out.clone(),
                base_url,
                drafts,
                strict,
            };
            let report = {
                let progress = Progress::start(quiet);
                helpbook::build_with_progress(&options, &|stage| progress.stage(stage))
            }?;
            for warning in &report.warnings {
                eprintln!("{warning}\n");
            }
            if !quiet {
                let warnings = match report.warnings.len() {
                    0 => String::new(),
                    1 => ", 1 warning".to_string(),
                    n => format!(", {n} warnings"),
                };
                println!(
                    "Built {} pages ({} articles) in {} languages ({}) in {:.2} s (search index {:.2} s){warnings} → {}",
                    report.pages,
                    report.articles,
                    report.languages.len(),
                    report.languages.join(", "),
                    report.elapsed.as_secs_f64(),
                    report.search_elapsed.as_secs_f64(),
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
        Command::Search {
            query,
            site,
            root,
            lang,
            kind,
            limit,
            json,
        } => {
            let site = site.unwrap_or_else(|| root.join("public"));
            let search = helpbook::search::SiteSearch::open(&site)?;
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
                let text = serde_json::to_string_pretty(hits).unwrap_or_else(|_| "[]".into());
                println!("{text}");
            } else {
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
            let written = helpbook::scaffold::init(&dir, &languages, today())?;
            for file in &written {
                println!("created {}", dir.join(file).display());
            }
            println!("Next: helpbook build --root {}", dir.display());
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
            println!("created {}", root.join(path).display());
            Ok(())
        }
    }
}
