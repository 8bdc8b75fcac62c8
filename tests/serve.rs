//! `helpbook serve`, run as a writer runs it: the real binary on a copy of
//! the sample site, spoken to over plain HTTP/1.1 (pages, the Server-Sent
//! Events stream open pages listen to, the search API).
//!
//! Every wait is bounded; the server is killed when a test ends, even when
//! it fails.

#![cfg(feature = "serve")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("prefix"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A copy of the sample site in a temp dir.
fn sample_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    std::fs::create_dir_all(&site).expect("mkdir");
    std::fs::copy(repo().join("book.toml"), site.join("book.toml")).expect("book.toml");
    copy_dir(&repo().join("content"), &site.join("content"));
    copy_dir(&repo().join("themes"), &site.join("themes"));
    (dir, site)
}

/// A running `helpbook serve`; killed on drop.
struct Server {
    child: Child,
    host: String,
    stderr: PathBuf,
}

impl Server {
    fn start(root: &Path, extra: &[&str]) -> Server {
        let stderr = root.with_file_name("serve-stderr.txt");
        let log = std::fs::File::create(&stderr).expect("log file");
        let mut child = Command::new(env!("CARGO_BIN_EXE_helpbook"))
            .arg("serve")
            .arg("--root")
            .arg(root)
            .args(["--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("start helpbook serve");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let mut server = Server {
            child,
            host: String::new(),
            stderr,
        };
        let line = rx
            .recv_timeout(Duration::from_secs(120))
            .unwrap_or_else(|_| panic!("no URL printed; stderr:\n{}", server.log()));
        let rest = line
            .trim()
            .strip_prefix("helpbook serve: http://")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}; stderr:\n{}", server.log()));
        server.host = rest.split('/').next().unwrap_or_default().to_string();
        server
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// GET `path` exactly as written (no normalisation): status and body.
    fn get(&self, path: &str) -> (u16, String) {
        let (status, _, body) = self.get_with_headers(path);
        (status, body)
    }

    /// GET `path`: status, the header block (lowercased), and body.
    fn get_with_headers(&self, path: &str) -> (u16, String, String) {
        let mut stream = TcpStream::connect(&self.host).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.host
        )
        .expect("send");
        let mut response = Vec::new();
        stream.read_to_end(&mut response).expect("read");
        let text = String::from_utf8_lossy(&response).into_owned();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        (status, head.to_ascii_lowercase(), body.to_string())
    }

    fn events(&self) -> EventStream {
        let mut stream = TcpStream::connect(&self.host).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_millis(200)))
            .expect("timeout");
        write!(
            stream,
            "GET /__helpbook/events HTTP/1.1\r\nHost: {}\r\nAccept: text/event-stream\r\n\r\n",
            self.host
        )
        .expect("send");
        let mut events = EventStream {
            stream,
            buffer: String::new(),
        };
        events.wait_for(": connected");
        events
    }
}

impl Drop for Server {
    /// Ctrl-C first (so the server removes its temporary folder), then a
    /// kill if it has not stopped within 10 s.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct EventStream {
    stream: TcpStream,
    buffer: String,
}

impl EventStream {
    /// Reads until `needle` arrives (30 s at most); returns what came
    /// before it and drops it from the buffer.
    fn wait_for(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(at) = self.buffer.find(needle) {
                let before = self.buffer[..at].to_string();
                self.buffer.drain(..at + needle.len());
                return before;
            }
            assert!(
                Instant::now() < deadline,
                "no {needle:?} on the event stream; got {:?}",
                self.buffer
            );
            let mut chunk = [0u8; 4096];
            match self.stream.read(&mut chunk) {
                Ok(0) => panic!("event stream closed; got {:?}", self.buffer),
                Ok(n) => self.buffer.push_str(&String::from_utf8_lossy(&chunk[..n])),
                Err(_) => {} // read timeout: try again
            }
        }
    }
}

/// Polls `check` every 100 ms for up to 30 s.
fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while !check() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn set_title(path: &Path, title: &str) -> String {
    let original = std::fs::read_to_string(path).expect("read article");
    let edited: Vec<String> = original
        .lines()
        .map(|l| {
            if l.starts_with("title:") {
                format!("title: {title}")
            } else {
                l.to_string()
            }
        })
        .collect();
    std::fs::write(path, edited.join("\n") + "\n").expect("write article");
    original
}

/// Every HTML page of a fresh `helpbook build` of `root` (the manifests
/// have the same fixed URLs as in the served site).
fn built_pages(root: &Path, out: &Path) -> Vec<(String, String)> {
    helpbook::build(&helpbook::BuildOptions {
        root: root.to_path_buf(),
        out: out.to_path_buf(),
        base_url: None,
        drafts: false,
        strict: false,
        force: false,
        index_out: None,
    })
    .unwrap_or_else(|e| panic!("the edited site must build:\n{e}"));
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(out).sort_by_file_name() {
        let entry = entry.expect("walk");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(path).expect("page");
        let relative = path.strip_prefix(out).expect("prefix");
        pages.push((relative.to_string_lossy().into_owned(), html));
    }
    pages
}

#[test]
fn serves_pages_reloads_on_edit_and_shows_errors_until_fixed() {
    let (dir, site) = sample_site();
    let served = dir.path().join("served");
    let server = Server::start(&site, &["--out", served.to_str().expect("utf-8")]);

    let (status, home) = server.get("/en/");
    assert_eq!(status, 200, "{home}");
    assert!(home.contains("<script src=\"/__helpbook/reload.js\" defer></script></body>"));
    assert!(!home.contains("helpbook-error"));
    let (status, script) = server.get("/__helpbook/reload.js");
    assert_eq!(status, 200);
    assert!(script.contains("new EventSource(\"/__helpbook/events\")"));

    // Edit a title: the reload event comes, and the article, its kind page
    // and its neighbours show the new title.
    let mut events = server.events();
    let article = site.join("content/en/faq/reset-password.md");
    let original = set_title(&article, "Reset your password (edited)");
    events.wait_for("event: reload");
    let (status, page) = server.get("/en/faq/reset-password/");
    assert_eq!(status, 200);
    assert!(
        page.contains("<h1>Reset your password (edited)</h1>"),
        "{page}"
    );
    let (_, faq) = server.get("/en/faq/");
    assert!(faq.contains("Reset your password (edited)"));

    // What the server rebuilt incrementally is what a full build gives.
    let fresh = built_pages(&site, &dir.path().join("fresh"));
    assert!(fresh.len() > 40);
    for (relative, html) in &fresh {
        let on_disk = std::fs::read_to_string(served.join(relative))
            .unwrap_or_else(|_| panic!("{relative} is not served"));
        if on_disk != *html {
            let at = on_disk
                .bytes()
                .zip(html.bytes())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            let from = at.saturating_sub(200);
            panic!(
                "{relative} differs from a full build at byte {at}:\nserved: {}\nfull:   {}",
                on_disk
                    .get(from..(at + 300).min(on_disk.len()))
                    .unwrap_or(""),
                html.get(from..(at + 300).min(html.len())).unwrap_or("")
            );
        }
    }

    // A YAML error: the server stays up, and every page shows the error
    // (file and line, escaped) until it is fixed.
    std::fs::write(
        &article,
        "---\ntitle: [<script>alert(1)</script>\n---\nBody.\n",
    )
    .expect("write");
    events.wait_for("event: build-error");
    for path in ["/en/faq/reset-password/", "/en/", "/no-such-page/"] {
        let (_, page) = server.get(path);
        assert!(
            page.contains("<div id=\"helpbook-error\""),
            "{path}: {page}"
        );
        assert!(
            page.contains("content/en/faq/reset-password.md:2:"),
            "{page}"
        );
        assert!(page.contains("invalid YAML"), "{page}");
        assert!(page.contains("title: [&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!page.contains("<script>alert(1)"));
    }
    assert!(server.log().contains("content/en/faq/reset-password.md:2:"));

    // Fixed: reload, and the page is back without the overlay.
    std::fs::write(&article, &original).expect("write");
    events.wait_for("event: reload");
    let (status, page) = server.get("/en/faq/reset-password/");
    assert_eq!(status, 200);
    assert!(!page.contains("helpbook-error"), "{page}");
    assert!(page.contains("<h1>Reset your password</h1>"));

    // An image changed in place: served as it is now, pages unchanged.
    let image = site.join("content/en/security/2fa-setup.svg");
    let svg = std::fs::read_to_string(&image).expect("svg");
    std::fs::write(&image, svg.replace("</svg>", "<!-- edited image --></svg>")).expect("write");
    events.wait_for("event: reload");
    let (status, body) = server.get("/en/security/2fa-setup.svg");
    assert_eq!(status, 200);
    assert!(body.contains("<!-- edited image -->"));

    // book.toml: everything is rebuilt.
    let config = site.join("book.toml");
    let text = std::fs::read_to_string(&config).expect("book.toml");
    let edited = text.replace(
        "title = \"Example Wallet Help Center\"",
        "title = \"Example Wallet Help Desk\"",
    );
    assert_ne!(edited, text);
    std::fs::write(&config, edited).expect("write");
    events.wait_for("event: reload");
    let (_, page) = server.get("/en/security/");
    assert!(page.contains("Example Wallet Help Desk"), "{page}");

    // A new article appears, with its page.
    std::fs::write(
        site.join("content/en/faq/new-question.md"),
        "---\ntitle: A brand new question\ncategory: account\n---\nThe answer.\n",
    )
    .expect("write");
    events.wait_for("event: reload");
    let (status, page) = server.get("/en/faq/new-question/");
    assert_eq!(status, 200);
    assert!(page.contains("A brand new question"));
}

#[test]
fn never_serves_a_file_outside_the_site() {
    let (dir, site) = sample_site();
    let served = dir.path().join("served");
    let secret_dir = dir.path().join("secret");
    std::fs::create_dir_all(&secret_dir).expect("mkdir");
    std::fs::write(secret_dir.join("secret.txt"), "TOP-SECRET-VALUE").expect("secret");
    std::fs::write(site.join("content/secret.txt"), "TOP-SECRET-VALUE").expect("secret");
    let server = Server::start(&site, &["--out", served.to_str().expect("utf-8")]);
    assert_eq!(server.get("/en/").0, 200);
    assert_eq!(server.get("/robots.txt").0, 200);

    // Links inside the served folder that point outside it.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(secret_dir.join("secret.txt"), served.join("leak.txt"))
            .expect("symlink");
        std::os::unix::fs::symlink(&secret_dir, served.join("leak-dir")).expect("symlink");
    }
    let secret = secret_dir.join("secret.txt");
    let absolute = secret.to_string_lossy().into_owned();
    let depth = "../".repeat(served.components().count());
    let attempts = [
        "/../secret/secret.txt".to_string(),
        "/../site/content/secret.txt".to_string(),
        format!("/{depth}{}", absolute.trim_start_matches('/')),
        "/%2e%2e/secret/secret.txt".to_string(),
        "/%2E%2E/%2E%2E/secret/secret.txt".to_string(),
        "/en/%2e%2e/%2e%2e/secret/secret.txt".to_string(),
        "/..%2fsecret%2fsecret.txt".to_string(),
        "/en%2f..%2f..%2fsecret/secret.txt".to_string(),
        "/..%5csecret%5csecret.txt".to_string(),
        "/%252e%252e/secret/secret.txt".to_string(),
        format!("/{absolute}"),
        format!("//{}", absolute.trim_start_matches('/')),
        format!(
            "/%2f{}",
            absolute.trim_start_matches('/').replace('/', "%2f")
        ),
        "/leak.txt".to_string(),
        "/leak-dir/secret.txt".to_string(),
        "/leak-dir/".to_string(),
        "/en/faq/reset-password/index.html%00.txt".to_string(),
    ];
    for path in &attempts {
        let (status, body) = server.get(path);
        assert_eq!(status, 404, "{path} must be 404");
        assert!(!body.contains("TOP-SECRET-VALUE"), "{path} leaked");
    }
    // Raw backslashes are not valid in a request target; whatever the HTTP
    // layer answers, it is not the file.
    let (status, body) = server.get("/..\\secret\\secret.txt");
    assert!(status == 404 || status == 400, "{status}");
    assert!(!body.contains("TOP-SECRET-VALUE"));
}

#[test]
fn search_api_ranks_like_helpbook_search() {
    let (dir, site) = sample_site();
    let served = dir.path().join("served");
    let server = Server::start(
        &site,
        &["--quiet", "--out", served.to_str().expect("utf-8")],
    );

    // The same ranking as the index `helpbook build` writes.
    let out = dir.path().join("public");
    let _ = built_pages(&site, &out);
    let search =
        helpbook::search::SiteSearch::open(&site.join(helpbook::INDEX_DIR)).expect("index");
    for (query, lang) in [("password", "en"), ("提现失败", "zh-CN"), ("2fa", "en")] {
        let expected = search
            .search(&helpbook::search::SearchRequest {
                query: query.into(),
                lang: Some(lang.into()),
                kind: None,
                limit: 10,
                prefix: false,
            })
            .expect("search");
        assert!(!expected.is_empty(), "{query}");
        let encoded: String = query
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        let (status, body) = server.get(&format!("/api/search?q={encoded}&lang={lang}"));
        assert_eq!(status, 200, "{body}");
        let answer: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        let hits = answer["hits"].as_array().expect("hits");
        let urls: Vec<&str> = hits.iter().filter_map(|h| h["url"].as_str()).collect();
        let expected_urls: Vec<&str> = expected.iter().map(|h| h.url.as_str()).collect();
        assert_eq!(urls, expected_urls, "{query}");
    }
    let (_, body) = server.get("/api/search?q=password&lang=en&limit=1");
    let answer: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(answer["hits"][0]["url"], "/en/faq/reset-password/");
    assert_eq!(answer["hits"].as_array().map(Vec::len), Some(1));
    let (_, body) = server.get("/api/search?q=password&lang=en&kind=security");
    let answer: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    let hits = answer["hits"].as_array().expect("hits");
    assert!(!hits.is_empty() && hits.iter().all(|h| h["kind"] == "security"));
    assert_eq!(server.get("/api/search").0, 400);
    assert_eq!(server.get("/api/search?q=x&limit=lots").0, 400);
    // The rules of the language's manifest apply: a correction, a pin with
    // the contact card, and as-you-type expansions.
    let (_, body) = server.get("/api/search?q=pasword&lang=en");
    let answer: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(
        answer["corrections"],
        serde_json::json!(["password"]),
        "{body}"
    );
    assert_eq!(
        answer["hits"][0]["url"], "/en/faq/reset-password/",
        "{body}"
    );
    let (_, body) = server.get("/api/search?q=customer%20service&lang=en");
    let answer: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(answer["contacts"], true, "{body}");
    assert_eq!(
        answer["hits"][0]["url"], "/en/contact/contact-us/",
        "{body}"
    );
    let (_, body) = server.get("/api/search?q=passw&lang=en&prefix=1");
    let answer: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(
        answer["hits"][0]["url"], "/en/faq/reset-password/",
        "{body}"
    );
    // A query that is a contact carries its verdict, worded for the language.
    let (_, body) = server.get("/api/search?q=%2B86%20400%20555%200199&lang=en");
    let answer: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(answer["contact"]["status"], "scam", "{body}");
    assert!(
        answer["contact"]["headline"]
            .as_str()
            .is_some_and(|h| h.starts_with("REPORTED SCAM"))
    );
    let (_, body) = server.get("/api/search?q=password&lang=en");
    let answer: serde_json::Value = serde_json::from_str(&body).expect("JSON");
    assert!(answer["contact"].is_null(), "{body}");

    // An edit reaches the index in the background.
    let article = site.join("content/en/faq/top-up-failed.md");
    set_title(&article, "Top-up failed with a quokkaword");
    eventually("the edited title in search results", || {
        let (_, body) = server.get("/api/search?q=quokkaword&lang=en");
        body.contains("/en/faq/top-up-failed/")
    });
}

#[test]
fn ctrl_c_stops_the_server_and_removes_its_folder() {
    let (_dir, site) = sample_site();
    let mut server = Server::start(&site, &[]);
    assert_eq!(server.get("/en/").0, 200);
    let log = server.log();
    let folder = log
        .lines()
        .find_map(|l| l.strip_prefix("Serving "))
        .and_then(|l| l.split(" — ").next())
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("no served folder in {log}"));
    assert!(folder.join("en/index.html").is_file());
    // An open page keeps an event stream open; it must not hold the exit.
    let _events = server.events();
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    let exit = loop {
        if let Some(exit) = server.child.try_wait().expect("wait") {
            break exit;
        }
        assert!(Instant::now() < deadline, "the server did not stop");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(exit.success(), "{exit:?}\n{}", server.log());
    assert!(!folder.exists(), "{} was left behind", folder.display());
}

#[test]
fn refuses_to_serve_into_a_folder_it_did_not_make() {
    let (dir, site) = sample_site();
    let taken = dir.path().join("taken");
    std::fs::create_dir_all(&taken).expect("mkdir");
    std::fs::write(taken.join("notes.txt"), "mine").expect("write");
    let output = Command::new(env!("CARGO_BIN_EXE_helpbook"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&site)
        .arg("--out")
        .arg(&taken)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("not empty"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(taken.join("notes.txt")).expect("kept"),
        "mine"
    );
}

/// `--out` is locked while the server runs: a build into it fails at once
/// with a message naming the server, and the server goes on serving. Once
/// the server has stopped, the folder is helpbook's (it carries the
/// marker) and a build replaces it without `--force`.
#[test]
fn a_build_into_the_served_folder_fails_at_once_and_serving_goes_on() {
    let (dir, site) = sample_site();
    let served = dir.path().join("served");
    let server = Server::start(
        &site,
        &["--quiet", "--out", served.to_str().expect("utf-8")],
    );
    let build = || {
        Command::new(env!("CARGO_BIN_EXE_helpbook"))
            .args(["build", "--root"])
            .arg(&site)
            .arg("--out")
            .arg(&served)
            .output()
            .expect("run")
    };
    let output = build();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let expected = format!(
        "`helpbook serve` (process {}) is serving from",
        server.child.id()
    );
    assert!(stderr.contains(&expected), "{stderr}");
    assert_eq!(server.get("/en/").0, 200);
    assert!(served.join("en/index.html").is_file());

    drop(server);
    let output = build();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(served.join("en/index.html").is_file());
    assert!(!dir.path().join(".served.lock").exists());
    assert!(!dir.path().join(".served.staging").exists());
}

#[test]
fn starts_on_a_broken_site_and_recovers_when_it_is_fixed() {
    let (dir, site) = sample_site();
    let article = site.join("content/en/faq/reset-password.md");
    let original = std::fs::read_to_string(&article).expect("read");
    std::fs::write(&article, "---\ntitle: [unclosed\n---\nBody.\n").expect("write");
    let served = dir.path().join("served");
    let server = Server::start(&site, &["--out", served.to_str().expect("utf-8")]);
    let (status, page) = server.get("/en/");
    assert_eq!(status, 404);
    assert!(
        page.contains("content/en/faq/reset-password.md:2:"),
        "{page}"
    );
    assert_eq!(server.get("/api/search?q=password").0, 503);

    let mut events = server.events();
    std::fs::write(&article, original).expect("write");
    events.wait_for("event: reload");
    let (status, page) = server.get("/en/");
    assert_eq!(status, 200);
    assert!(!page.contains("helpbook-error"));
    eventually("the search index", || {
        server
            .get("/api/search?q=password&lang=en")
            .1
            .contains("/en/faq/reset-password/")
    });
}

#[test]
fn sends_security_headers_and_each_languages_404_page() {
    let (_dir, site) = sample_site();
    let server = Server::start(&site, &[]);
    let (status, head, body) = server.get_with_headers("/en/faq/reset-password/");
    assert_eq!(status, 200);
    assert!(
        head.contains("\r\nx-content-type-options: nosniff"),
        "{head}"
    );
    assert!(
        head.contains("\r\nreferrer-policy: strict-origin-when-cross-origin"),
        "{head}"
    );
    let csp = head
        .lines()
        .find_map(|l| l.strip_prefix("content-security-policy: "))
        .unwrap_or_else(|| panic!("no CSP header: {head}"));
    assert!(
        csp.starts_with("default-src 'self'; script-src 'self'; style-src 'self'"),
        "{csp}"
    );
    // The header is the policy of the page's own <meta>.
    assert!(
        body.contains(&format!(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
            csp.replace('\'', "&#39;")
        )),
        "the header and the meta differ"
    );
    let (_, head, _) = server.get_with_headers("/static/");
    assert!(head.contains("x-content-type-options: nosniff"), "{head}");

    let (status, _, english) = server.get_with_headers("/en/no/such/page/");
    assert_eq!(status, 404);
    assert!(
        english.contains("<html lang=\"en\">") && english.contains("Page not found"),
        "{english}"
    );
    let (status, _, chinese) = server.get_with_headers("/zh-cn/no-such-page/");
    assert_eq!(status, 404);
    assert!(
        chinese.contains("<html lang=\"zh-CN\">") && chinese.contains("页面不存在"),
        "{chinese}"
    );
    let (status, _, root) = server.get_with_headers("/nothing-here");
    assert_eq!(status, 404);
    assert!(
        root.contains("Page not found") && root.contains("页面不存在"),
        "{root}"
    );
}

#[test]
fn runs_the_contact_checks_of_build_and_shows_them_in_the_overlay() {
    let (_dir, site) = sample_site();
    let server = Server::start(&site, &[]);
    let mut events = server.events();
    let article = site.join("content/en/faq/withdrawal-delayed.md");
    let original = std::fs::read_to_string(&article).expect("article");
    // A writer previewing a fake number (hidden behind an entity) sees the
    // error at once, as `helpbook build` would report it.
    std::fs::write(
        &article,
        format!("{original}\nCall our agent on &#49;3800139999.\n"),
    )
    .expect("write");
    events.wait_for("event: build-error");
    let (_, page) = server.get("/en/faq/withdrawal-delayed/");
    assert!(page.contains("<div id=\"helpbook-error\""), "{page}");
    assert!(
        page.contains("phone number `13800139999` is not in the official contact registry"),
        "{page}"
    );
    let line = original.lines().count() + 2;
    assert!(
        page.contains(&format!("content/en/faq/withdrawal-delayed.md:{line}:")),
        "{page}"
    );
    // A look-alike link in a new article: the same, through a full reload.
    std::fs::write(&article, &original).expect("write");
    events.wait_for("event: reload");
    std::fs::write(
        site.join("content/en/faq/new-question.md"),
        "---\ntitle: New question\n---\nSign in at <https://wallet.example.com.evil.test/login>.\n",
    )
    .expect("write");
    events.wait_for("event: build-error");
    let (_, page) = server.get("/en/");
    assert!(
        page.contains("imitates the official `example.com`"),
        "{page}"
    );
    std::fs::remove_file(site.join("content/en/faq/new-question.md")).expect("remove");
    events.wait_for("event: reload");
    let (_, page) = server.get("/en/faq/withdrawal-delayed/");
    assert!(!page.contains("helpbook-error"), "{page}");
}
