//! Output safety, with the real binary on real folders: which `--out`
//! folders helpbook replaces, symbolic links, read-only and file outputs,
//! a build killed (SIGKILL) at every step of writing and swapping the
//! site, and two builds into one output at the same time.
//!
//! The kill tests stop the build at a named step with the documented test
//! hook `HELPBOOK_TEST_PAUSE_AT` (src/output/hook.rs), kill it there, and
//! compare the output folder, file by file and byte by byte, with the
//! previous and the new site.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use helpbook::output::hook::STEPS;

const BOOK: &str = "title = \"Test Help\"\n\
description = \"Help for the test suite.\"\n\
base_url = \"https://help.example.com/\"\n\
default_language = \"en\"\n\
languages = [\"en\", \"zh-CN\"]\n";

/// A tiny but complete picture, so the site has a copied asset too.
const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>\n";

/// A two-language site in `<tmp>/site`; builds go to `<tmp>/public`, so
/// that everything helpbook leaves next to the output is inside the temp dir.
struct Site {
    dir: tempfile::TempDir,
    root: PathBuf,
    /// Builds keep no spare site (`HELPBOOK_TEST_SPARE=off`): they delete
    /// the site they replace, as a build whose project is on another file
    /// system than the output does.
    spare_off: std::cell::Cell<bool>,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        let site = Site {
            dir,
            root,
            spare_off: std::cell::Cell::new(false),
        };
        site.write("book.toml", BOOK);
        site.set_version("first");
        site.write("content/en/faq/qr-code.svg", SVG);
        site.write(
            "content/zh-CN/faq/reset-password.md",
            "---\ntitle: 忘记密码怎么办\n---\n\n在 App 内点击“忘记密码”。\n",
        );
        site.write(
            "content/en/security/fake-support.md",
            "---\ntitle: Recognise fake support\nverified: 2026-11-01\n---\n\nWe never ask for your password.\n",
        );
        site
    }

    fn tmp(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.root.join(relative);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    /// Rewrites the English FAQ so that builds of two versions differ in
    /// pages, search index and sitemap.
    fn set_version(&self, version: &str) {
        self.write(
            "content/en/faq/reset-password.md",
            &format!(
                "---\ntitle: Reset your password ({version})\nupdated: 2026-10-12\n---\n\nOpen the app, tap forgot password. This is the {version} version.\n\n![QR code](qr-code.svg)\n"
            ),
        );
    }

    /// Breaks the front matter, so a build fails after its start.
    fn break_it(&self) {
        self.write(
            "content/en/faq/reset-password.md",
            "---\ntitle: [unclosed\n---\nBody\n",
        );
    }

    fn out(&self) -> PathBuf {
        self.tmp().join("public")
    }

    /// `helpbook build --root <root> <extra>`, run in the temp dir.
    fn command(&self, extra: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_helpbook"));
        command
            .current_dir(self.tmp())
            .arg("build")
            .arg("--root")
            .arg(&self.root)
            .args(extra)
            .stdin(Stdio::null());
        if self.spare_off.get() {
            command.env("HELPBOOK_TEST_SPARE", "off");
        }
        command
    }

    fn build(&self, extra: &[&str]) -> Output {
        self.command(extra).output().expect("run helpbook")
    }

    /// A build into `out` that must succeed.
    fn build_into(&self, out: &Path) {
        let output = self.build(&["--out", out.to_str().expect("UTF-8")]);
        assert_success(&output);
    }

    /// The site as it is now, built into a fresh folder and read back.
    fn reference(&self, name: &str) -> Tree {
        let out = self.tmp().join(name);
        self.build_into(&out);
        let tree = snapshot(&out).expect("the reference was built");
        std::fs::remove_dir_all(&out).expect("remove the reference");
        tree
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn assert_success(output: &Output) {
    assert!(
        output.status.success(),
        "helpbook failed: {:?}\n{}",
        output.status,
        stderr(output)
    );
}

/// A refused or failed build: exit 1, and `needle` on stderr.
fn assert_fails_with(output: &Output, needle: &str) {
    let text = stderr(output);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(text.contains(needle), "stderr lacks {needle:?}:\n{text}");
    assert!(!text.contains("panicked"), "{text}");
}

/// Every file (relative path → bytes) and folder (→ `None`) under `dir`;
/// `None` when `dir` does not exist.
type Tree = BTreeMap<PathBuf, Option<Vec<u8>>>;

fn snapshot(dir: &Path) -> Option<Tree> {
    if !dir.exists() {
        return None;
    }
    let mut tree = Tree::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let entry = entry.expect("walk the output");
        let relative = entry
            .path()
            .strip_prefix(dir)
            .expect("under the output")
            .to_path_buf();
        let bytes = if entry.file_type().is_dir() {
            None
        } else {
            Some(std::fs::read(entry.path()).expect("read an output file"))
        };
        tree.insert(relative, bytes);
    }
    Some(tree)
}

/// The English FAQ page in `out` is the one of `version` (see `set_version`).
fn assert_version(out: &Path, version: &str) {
    let path = out.join("en/faq/reset-password/index.html");
    let page = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    assert!(
        page.contains(&format!("Reset your password ({version})")),
        "{} is not the {version} version",
        path.display()
    );
}

/// What helpbook may leave next to `out` while it works, and must not
/// leave once it is done.
fn leftovers(out: &Path) -> Vec<PathBuf> {
    let name = out.file_name().expect("a name").to_string_lossy();
    ["staging", "lock", "previous"]
        .iter()
        .map(|suffix| out.with_file_name(format!(".{name}.{suffix}")))
        .filter(|path| std::fs::symlink_metadata(path).is_ok())
        .collect()
}

fn assert_no_leftovers(out: &Path) {
    assert_eq!(
        leftovers(out),
        Vec::<PathBuf>::new(),
        "left next to the output"
    );
}

/// A running build whose stderr is read line by line.
struct Running {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Running {
    fn start(mut command: Command) -> Running {
        let mut child = command
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("start helpbook");
        let stderr = child.stderr.take().expect("stderr");
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        Running { child, lines }
    }

    /// Waits for a stderr line containing `needle`; `false` when the
    /// process ended without printing it.
    fn wait_for(&self, needle: &str) -> bool {
        loop {
            match self.lines.recv_timeout(Duration::from_secs(120)) {
                Ok(line) if line.contains(needle) => return true,
                Ok(_) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => return false,
                Err(mpsc::RecvTimeoutError::Timeout) => panic!("no {needle:?} within 120 s"),
            }
        }
    }

    /// SIGKILL, as an out-of-memory killer or a cancelled CI job would.
    fn kill(mut self) {
        self.child.kill().expect("kill");
        self.child.wait().expect("reap");
    }

    /// Lets a paused build go on, and waits for it to end.
    fn resume(mut self) -> std::process::ExitStatus {
        if let Some(mut stdin) = self.child.stdin.take() {
            // It may have ended already (a step it never reached).
            let _ = stdin.write_all(b"go\n");
        }
        self.child.wait().expect("wait")
    }
}

/// What the output path must hold after a build killed at a step.
#[derive(Debug, PartialEq)]
enum Expected {
    Previous,
    New,
    Nothing,
}

/// Builds killed at every step, for one swap (`""`: the atomic exchange;
/// `"rename"`: the portable one), with or without a previous site. After
/// each kill the output holds exactly the previous or the new site; a
/// build that then fails cleans up what the killed one left and keeps the
/// output as it was (putting the previous site back if the kill came
/// between the portable swap's two renames); the next good build succeeds
/// and leaves nothing behind.
fn kill_at_every_step(swap: &str, previous: bool, spare: bool) {
    let site = Site::new();
    site.spare_off.set(!spare);
    let out = site.out();
    let old = site.reference("reference-old");
    site.set_version("second");
    let new = site.reference("reference-new");
    assert_ne!(old, new, "the two versions must differ");
    let state = |tree: &Option<Tree>| match tree {
        Some(t) if t == &new => Expected::New,
        Some(t) if previous && t == &old => Expected::Previous,
        None => Expected::Nothing,
        Some(t) => panic!(
            "the output is neither the previous nor the new site: {:?}",
            t.keys().collect::<Vec<_>>()
        ),
    };
    let mut paused = Vec::new();
    for (index, step) in STEPS.iter().enumerate() {
        // The output as the step finds it.
        let _ = std::fs::remove_dir_all(&out);
        let _ = std::fs::remove_dir_all(site.root.join(".helpbook/spare"));
        if previous {
            site.set_version("first");
            site.build_into(&out);
            if spare {
                // The site it replaces is kept for the next build to start from.
                site.build_into(&out);
                assert!(site.root.join(".helpbook/spare/site").is_dir());
            }
            assert_eq!(snapshot(&out).as_ref(), Some(&old));
        }
        site.set_version("second");

        let mut command = site.command(&["--out", out.to_str().expect("UTF-8")]);
        command
            .env("HELPBOOK_TEST_PAUSE_AT", step)
            .env("HELPBOOK_TEST_SWAP", swap);
        let running = Running::start(command);
        if !running.wait_for(&format!("helpbook: test pause at {step}")) {
            let status = running.resume();
            assert!(status.success(), "{step}: {status:?}");
            assert_eq!(state(&snapshot(&out)), Expected::New, "{step}");
            continue;
        }
        paused.push(*step);
        running.kill();

        let swapped = STEPS.iter().position(|s| *s == "swapped").expect("a step");
        let expected = match *step {
            "moved-aside" => Expected::Nothing,
            _ if index >= swapped => Expected::New,
            _ if previous => Expected::Previous,
            _ => Expected::Nothing,
        };
        assert_eq!(state(&snapshot(&out)), expected, "killed at {step}");

        // A build that fails still cleans up, and leaves a whole site.
        site.break_it();
        assert_fails_with(
            &site.build(&["--out", out.to_str().expect("UTF-8")]),
            "error[",
        );
        assert_no_leftovers(&out);
        let repaired = match expected {
            Expected::Nothing if previous => Expected::Previous,
            other => other,
        };
        assert_eq!(
            state(&snapshot(&out)),
            repaired,
            "a failed build after {step}"
        );

        site.set_version("second");
        site.build_into(&out);
        assert_eq!(
            state(&snapshot(&out)),
            Expected::New,
            "rebuilt after {step}"
        );
        assert_no_leftovers(&out);
    }
    // Every step was reached, except those this case has not: a typo in a
    // step name cannot make the test pass.
    let skipped: Vec<&str> = STEPS
        .iter()
        .filter(|s| !paused.contains(s))
        .copied()
        .collect();
    // Without a previous site there is no spare to start from and none to
    // keep; with a spare store, the previous site is kept, not deleted.
    let mut expected_skips: Vec<&str> = match (swap, previous) {
        ("rename", true) => vec![],
        (_, true) => vec!["moved-aside"],
        (_, false) => vec!["moved-aside", "trash-partly-removed"],
    };
    if !spare || !previous {
        expected_skips.extend(["spare-taken", "spare-kept"]);
    } else {
        expected_skips.push("trash-partly-removed");
    }
    expected_skips.sort_by_key(|step| STEPS.iter().position(|s| s == step));
    expected_skips.dedup();
    assert_eq!(skipped, expected_skips);
}

#[test]
fn killed_at_every_step_of_the_atomic_swap() {
    kill_at_every_step("", true, true);
    kill_at_every_step("", true, false);
}

#[test]
fn killed_at_every_step_of_the_portable_swap() {
    kill_at_every_step("rename", true, true);
    kill_at_every_step("rename", true, false);
}

#[test]
fn first_build_killed_at_every_step() {
    kill_at_every_step("", false, true);
    kill_at_every_step("rename", false, true);
}

#[test]
fn a_second_build_waits_for_the_first_then_replaces_its_site() {
    let site = Site::new();
    let out = site.out();
    let out_arg = out.to_str().expect("UTF-8");
    site.build_into(&out);
    let old = snapshot(&out);
    site.set_version("second");

    let mut first = site.command(&["--out", out_arg]);
    first.env("HELPBOOK_TEST_PAUSE_AT", "staged");
    let first = Running::start(first);
    assert!(first.wait_for("helpbook: test pause at staged"));
    let first_pid = first.child.id();

    let preview = "https://preview.example.com/";
    let mut second = Running::start(site.command(&["--out", out_arg, "--base-url", preview]));
    assert!(
        second.wait_for(&format!(
            "waiting for another helpbook build (process {first_pid})"
        )),
        "the second build did not say it waits"
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        second.child.try_wait().expect("poll").is_none(),
        "the second build did not wait"
    );
    assert_eq!(
        snapshot(&out),
        old,
        "the first build's output was disturbed"
    );

    assert!(first.resume().success(), "the first build failed");
    let status = second.child.wait().expect("wait");
    assert!(status.success(), "the second build failed: {status:?}");
    let robots = std::fs::read_to_string(out.join("robots.txt")).expect("robots.txt");
    assert!(
        robots.contains("Sitemap: https://preview.example.com/sitemap.xml"),
        "{robots}"
    );
    assert_version(&out, "second");
    assert_no_leftovers(&out);
}

#[test]
fn a_folder_helpbook_did_not_make_is_refused_unless_forced() {
    let site = Site::new();
    let out = site.tmp().join("Documents");
    std::fs::create_dir_all(out.join("photos")).expect("mkdir");
    for name in ["taxes.pdf", "notes.txt", "cv.odt", "a.txt", "b.txt"] {
        std::fs::write(out.join(name), name).expect("write");
    }
    let before = snapshot(&out);
    let output = site.build(&["--out", out.to_str().expect("UTF-8")]);
    assert_fails_with(&output, "is not empty and helpbook did not create it");
    // It names what is in the way (sorted, five at most) and what to do.
    assert_fails_with(
        &output,
        "it holds a.txt, b.txt, cv.odt, notes.txt, photos/ and 1 more",
    );
    assert_fails_with(&output, "--force");
    assert_eq!(snapshot(&out), before, "the folder was changed");
    assert_no_leftovers(&out);

    let output = site.build(&["--out", out.to_str().expect("UTF-8"), "--force"]);
    assert_success(&output);
    assert!(!out.join("taxes.pdf").exists() && !out.join("photos").exists());
    assert!(out.join("en/faq/reset-password/index.html").is_file());
    assert!(out.join(".helpbook-output").is_file());
    assert_no_leftovers(&out);
    // From now on it is helpbook's: no --force needed.
    site.set_version("second");
    assert_success(&site.build(&["--out", out.to_str().expect("UTF-8")]));
}

#[test]
fn a_new_or_empty_folder_is_used_and_marked() {
    let site = Site::new();
    let empty = site.tmp().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    site.build_into(&empty);
    let new = site.tmp().join("a/b/new");
    site.build_into(&new);
    for out in [&empty, &new] {
        assert!(out.join("index.html").is_file());
        let marker = std::fs::read_to_string(out.join(".helpbook-output")).expect("the marker");
        assert!(
            marker.starts_with(
                "This folder is a site built by helpbook; `helpbook build` replaces it as a whole.\nbuild "
            ),
            "{marker}"
        );
        assert_no_leftovers(out);
    }
}

#[test]
fn home_the_current_folder_and_the_project_are_never_replaced() {
    let site = Site::new();
    let home = site.tmp().join("home");
    std::fs::create_dir_all(home.join("Documents")).expect("mkdir");
    std::fs::write(home.join("Documents/thesis.tex"), "mine").expect("write");
    std::fs::write(home.join(".bashrc"), "mine").expect("write");
    let before = snapshot(site.tmp());
    let with_home = |out: &Path, force: bool| {
        let mut command = site.command(&["--out", out.to_str().expect("UTF-8")]);
        if force {
            command.arg("--force");
        }
        command.env("HOME", &home).output().expect("run")
    };
    assert_fails_with(&with_home(&home, true), "is your home folder");
    assert_fails_with(
        &with_home(&home.join(".."), true),
        "contains the site itself",
    );
    assert_fails_with(
        &with_home(&home.join("Documents"), false),
        "it holds thesis.tex",
    );
    // `--out .` in a folder that is not a project, even with --force.
    let output = Command::new(env!("CARGO_BIN_EXE_helpbook"))
        .current_dir(home.join("Documents"))
        .args(["build", "--force", "--out", ".", "--root"])
        .arg(&site.root)
        .output()
        .expect("run");
    assert_fails_with(&output, "is the current folder");
    // The site, through `..`.
    let output = site.build(&[
        "--out",
        site.root.join("content/..").to_str().expect("UTF-8"),
    ]);
    assert_fails_with(&output, "contains the site itself");
    let output = site.build(&[
        "--force",
        "--out",
        site.root.join("content/en").to_str().expect("UTF-8"),
    ]);
    assert_fails_with(&output, "is inside content/");
    assert_eq!(snapshot(site.tmp()), before, "files were changed");
}

#[test]
fn a_file_at_the_output_path_fails_before_anything_is_written() {
    let site = Site::new();
    let out = site.out();
    std::fs::write(&out, "a file, not a folder").expect("write");
    let before = snapshot(site.tmp());
    let output = site.build(&["--out", out.to_str().expect("UTF-8"), "--force"]);
    assert_fails_with(&output, "is a file, not a folder");
    assert_eq!(snapshot(site.tmp()), before, "files were changed");
    // It does not stand in the way of later builds.
    std::fs::remove_file(&out).expect("rm");
    site.build_into(&out);
    assert_no_leftovers(&out);
}

#[cfg(unix)]
mod unix {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    use std::os::unix::process::CommandExt;

    use super::*;

    fn chmod(path: &Path, mode: u32) {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }

    /// The build as an unprivileged user: root writes into read-only
    /// folders anyway, so when the tests run as root the builds run as
    /// `nobody`, on a temp dir handed over to it.
    fn as_user(site: &Site, mut command: Command) -> Output {
        // A file this process makes is owned by its user.
        let probe = tempfile::NamedTempFile::new().expect("a temp file");
        let is_root = probe.as_file().metadata().expect("stat").uid() == 0;
        if is_root {
            for entry in walkdir::WalkDir::new(site.tmp()) {
                let entry = entry.expect("walk");
                std::os::unix::fs::chown(entry.path(), Some(65534), Some(65534)).expect("chown");
            }
            command.uid(65534).gid(65534).env("HOME", site.tmp());
        }
        command.output().expect("run")
    }

    #[test]
    fn a_read_only_output_fails_before_anything_is_replaced() {
        let site = Site::new();
        let out = site.out();
        let out_arg = out.to_str().expect("UTF-8");
        assert_success(&as_user(&site, site.command(&["--out", out_arg])));
        let before = snapshot(&out);
        site.set_version("second");
        chmod(&out, 0o555);
        let output = as_user(&site, site.command(&["--out", out_arg]));
        assert_fails_with(&output, "is read-only");
        assert_fails_with(&output, "chmod -R u+w");
        assert_eq!(snapshot(&out), before, "the output was changed");
        assert_no_leftovers(&out);

        // Made writable again, the next build works.
        chmod(&out, 0o755);
        assert_success(&as_user(&site, site.command(&["--out", out_arg])));
        assert_version(&out, "second");
        assert_no_leftovers(&out);
    }

    #[test]
    fn read_only_folders_inside_the_previous_site_are_deleted_with_it() {
        let site = Site::new();
        let out = site.out();
        let out_arg = out.to_str().expect("UTF-8");
        assert_success(&as_user(&site, site.command(&["--out", out_arg])));
        for folder in ["en/faq/reset-password", "en/faq", "static"] {
            chmod(&out.join(folder), 0o555);
        }
        site.set_version("second");
        assert_success(&as_user(&site, site.command(&["--out", out_arg])));
        assert_version(&out, "second");
        assert_no_leftovers(&out);
    }

    #[test]
    fn output_through_a_link_keeps_the_link_and_replaces_its_folder() {
        let site = Site::new();
        let real = site.tmp().join("www/help");
        site.build_into(&real);
        let link = site.tmp().join("public");
        std::os::unix::fs::symlink(&real, &link).expect("symlink");

        site.set_version("second");
        site.build_into(&link);
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("stat")
                .file_type()
                .is_symlink(),
            "the link was replaced"
        );
        assert_eq!(std::fs::read_link(&link).expect("readlink"), real);
        assert_version(&real, "second");
        assert_no_leftovers(&link);
        assert_no_leftovers(&real);

        // A link to someone else's folder is refused like the folder.
        let theirs = site.tmp().join("theirs");
        std::fs::create_dir(&theirs).expect("mkdir");
        std::fs::write(theirs.join("keep.txt"), "theirs").expect("write");
        let other = site.tmp().join("other");
        std::os::unix::fs::symlink(&theirs, &other).expect("symlink");
        let output = site.build(&["--out", other.to_str().expect("UTF-8")]);
        assert_fails_with(&output, "(a link to");
        assert_fails_with(&output, "it holds keep.txt");
        assert_eq!(
            std::fs::read_to_string(theirs.join("keep.txt")).expect("kept"),
            "theirs"
        );
        assert_no_leftovers(&theirs);
    }
}

/// The site a build replaces is kept in `.helpbook/spare/` and the next
/// build starts from it, writing only what changed. Whatever happened to
/// that site in between (a post-processor's files in the live output, a
/// page changed in place, files added to or deleted from the spare), the
/// output is exactly what a build into a fresh folder gives.
#[cfg(unix)]
#[test]
fn a_build_that_starts_from_the_spare_site_gives_a_fresh_builds_output() {
    use std::os::unix::fs::MetadataExt;
    let site = Site::new();
    let out = site.out();
    let page = "en/faq/reset-password/index.html";
    let picture = |out: &Path| {
        walkdir::WalkDir::new(out)
            .into_iter()
            .flatten()
            .find(|e| e.file_name().to_string_lossy().starts_with("qr-code"))
            .map(|e| e.into_path())
            .expect("the copied picture")
    };
    site.set_version("first");
    site.build_into(&out);
    let first_picture = std::fs::metadata(picture(&out)).expect("picture").ino();
    // A post-processor adds files to the live output and changes a page
    // (same length, so only its time tells).
    std::fs::create_dir_all(out.join("pagefind/fragments")).expect("mkdir");
    std::fs::write(out.join("pagefind/fragments/x.js"), "x").expect("write");
    let original = std::fs::read(out.join(page)).expect("page");
    std::fs::write(out.join(page), vec![b'x'; original.len()]).expect("write");
    site.set_version("second");
    site.build_into(&out);
    assert!(site.root.join(".helpbook/spare/site").is_dir());

    site.set_version("third");
    site.build_into(&out);
    assert_eq!(snapshot(&out), Some(site.reference("fresh-third")));
    // The unchanged picture was not written again: it is the file the
    // first build wrote, kept through the spare.
    assert_eq!(
        std::fs::metadata(picture(&out)).expect("picture").ino(),
        first_picture,
        "the unchanged file was written again"
    );

    // Now the spare itself (the second build's site) is tampered with.
    let spare = site.root.join(".helpbook/spare/site");
    std::fs::write(spare.join("extra.html"), "<p>not from helpbook</p>").expect("write");
    std::fs::remove_file(spare.join("index.html")).expect("remove");
    let zh = std::fs::read(spare.join("zh-cn/index.html")).expect("zh home");
    std::fs::write(spare.join("zh-cn/index.html"), vec![b'y'; zh.len()]).expect("write");
    site.set_version("fourth");
    site.build_into(&out);
    assert_eq!(snapshot(&out), Some(site.reference("fresh-fourth")));
    assert_no_leftovers(&out);

    // A spare whose file list is gone is not used (and is deleted).
    std::fs::remove_dir_all(site.root.join(".helpbook/spare/trees")).expect("remove");
    site.set_version("fifth");
    site.build_into(&out);
    assert_eq!(snapshot(&out), Some(site.reference("fresh-fifth")));
}
