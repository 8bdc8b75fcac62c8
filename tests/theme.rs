//! A site overrides the built-in theme one file at a time, and gets clear
//! errors from a broken template.

use std::path::Path;

use helpbook::BuildOptions;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("has a parent")).expect("create folder");
    std::fs::write(path, text).expect("write file");
}

fn site(dir: &Path, theme: Option<&str>) {
    let theme_line = theme
        .map(|t| format!("theme = \"{t}\"\n"))
        .unwrap_or_default();
    write(
        &dir.join("book.toml"),
        &format!(
            "title = \"Help\"\nbase_url = \"https://help.example.com/docs/\"\ndefault_language = \"en\"\nlanguages = [\"en\", \"zh-CN\"]\n{theme_line}"
        ),
    );
    write(
        &dir.join("content/en/faq/reset-password.md"),
        "---\ntitle: Reset your password\nsummary: How to reset it.\n---\n\n## Steps\n\nOpen the app.\n",
    );
    write(
        &dir.join("content/zh-CN/faq/reset-password.md"),
        "---\ntitle: 重置密码\n---\n\n## 步骤\n\n打开 App。\n",
    );
}

fn build(root: &Path) -> Result<helpbook::BuildReport, helpbook::Diagnostics> {
    helpbook::build(&BuildOptions {
        root: root.to_path_buf(),
        out: root.join("public"),
        base_url: None,
        drafts: false,
        strict: false,
        force: false,
        index_out: None,
    })
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn one_template_overrides_the_builtin_and_the_rest_stays() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    site(root, Some("mine"));
    write(
        &root.join("themes/mine/templates/article.html"),
        "{% extends \"base.html\" %}{% block content %}<h1 class=\"custom\">{{ article.title }}</h1>{{ article.content | safe }}{% endblock content %}",
    );
    write(
        &root.join("themes/mine/i18n/en.toml"),
        "search_button = \"Find\"\n",
    );
    write(
        &root.join("themes/mine/static/style.css"),
        "body{color:red}\n",
    );
    build(root).unwrap_or_else(|e| panic!("build: {e}"));

    let article = read(&root.join("public/en/faq/reset-password/index.html"));
    assert!(
        article.contains("<h1 class=\"custom\">Reset your password</h1>"),
        "{article}"
    );
    // base.html still comes from the built-in theme, with the overridden string.
    assert!(article.contains("id=\"hb-search-input\""), "{article}");
    assert!(article.contains("<span>Find</span>"), "{article}");
    // The Chinese strings are untouched.
    let zh = read(&root.join("public/zh-cn/faq/reset-password/index.html"));
    assert!(zh.contains("<h1 class=\"custom\">重置密码</h1>"));
    assert!(!zh.contains("<span>Find</span>"));
    // The stylesheet is the site's, under a hashed name below the base path.
    let css: Vec<_> = std::fs::read_dir(root.join("public/static"))
        .expect("static folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("style."))
        .collect();
    assert_eq!(css.len(), 1, "{css:?}");
    assert_eq!(
        read(&root.join("public/static").join(&css[0])),
        "body{color:red}\n"
    );
    assert!(
        article.contains(&format!("href=\"/docs/static/{}\"", css[0])),
        "{article}"
    );
    // The home page keeps the built-in template.
    let home = read(&root.join("public/en/index.html"));
    assert!(
        home.contains("href=\"/docs/en/faq/reset-password/\""),
        "{home}"
    );
}

#[test]
fn a_broken_template_names_its_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    site(root, Some("mine"));
    write(
        &root.join("themes/mine/templates/kind.html"),
        "{% extends \"base.html\" %}\n{% block content %}\n{{ kind.name \n{% endblock content %}",
    );
    // A previous output of helpbook's (it carries the marker; any other
    // non-empty folder would be refused before the theme is read).
    std::fs::create_dir_all(root.join("public")).expect("previous output");
    write(&root.join("public/.helpbook-output"), "");
    write(&root.join("public/keep.txt"), "previous site");
    let errors = build(root).expect_err("a syntax error fails the build");
    let text = errors.to_string();
    assert!(text.contains("themes/mine/templates/kind.html"), "{text}");
    assert_eq!(
        read(&root.join("public/keep.txt")),
        "previous site",
        "the previous output stays"
    );
}

#[test]
fn a_missing_theme_folder_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    site(dir.path(), Some("nowhere"));
    let errors = build(dir.path()).expect_err("missing theme");
    assert!(errors.to_string().contains("themes/nowhere/"), "{errors}");
}

#[test]
fn undefined_variables_in_templates_are_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    site(root, Some("mine"));
    write(
        &root.join("themes/mine/templates/404.html"),
        "{% extends \"base.html\" %}{% block content %}{{ nonexistent.value }}{% endblock content %}",
    );
    let errors = build(root).expect_err("undefined variable");
    let text = errors.to_string();
    assert!(text.contains("404.html"), "{text}");
}

#[test]
fn base_url_override_changes_every_url() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    site(root, None);
    helpbook::build(&BuildOptions {
        root: root.to_path_buf(),
        out: root.join("public"),
        base_url: Some("https://preview.example.org/pr-7".into()),
        drafts: false,
        strict: false,
        force: false,
        index_out: None,
    })
    .unwrap_or_else(|e| panic!("build: {e}"));
    let article = read(&root.join("public/en/faq/reset-password/index.html"));
    assert!(article.contains("<link rel=\"canonical\" href=\"https://preview.example.org/pr-7/en/faq/reset-password/\">"), "{article}");
    assert!(article.contains("href=\"/pr-7/en/\""), "{article}");
    let sitemap = read(&root.join("public/sitemap.xml"));
    assert!(
        sitemap.contains("<loc>https://preview.example.org/pr-7/en/faq/reset-password/</loc>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("help.example.com"));

    let bad = helpbook::build(&BuildOptions {
        root: root.to_path_buf(),
        out: root.join("public"),
        base_url: Some("not a url".into()),
        drafts: false,
        strict: false,
        force: false,
        index_out: None,
    })
    .expect_err("invalid --base-url");
    assert!(bad.to_string().contains("--base-url"), "{bad}");
}
