"""Opening a checkout: membership, schema templates, absent folders, defaults and the project file."""
from __future__ import annotations

from pathlib import Path

from editor.site import CONFIG_FILE, open_site
from tests.fixtures.site_checkout import ANSWER, POST, SITE, copy_site, write


def test_a_file_belongs_to_the_most_specific_collection_holding_it() -> None:
    site = open_site(SITE)
    assert site.collection_for(POST).name == "posts"
    assert site.collection_for(ANSWER).name == "answers"  # content/learn inside pages' content
    assert site.collection_for("content/index.md").name == "pages"
    assert site.collection_for("content/posts/2024/deep/file.md").name == "posts"
    assert site.collection_for("README.md") is None
    assert site.collection_for("content-extra/x.md") is None  # a folder prefix is not a folder


def test_membership_accepts_windows_separators_and_dot_slashes() -> None:
    site = open_site(SITE)
    assert site.collection_for("content\\posts\\a.md").name == "posts"
    assert site.collection_for("./content/posts/a.md").name == "posts"


def test_schema_templates_are_not_content() -> None:
    site = open_site(SITE)
    assert site.is_schema_template("schemas/post.md")
    assert site.is_schema_template("schemas/another.md")  # the site family's folder
    assert not site.is_schema_template(POST)
    assert not site.is_schema_template("content/schemas/post.md")


def test_a_schema_path_a_config_names_elsewhere_is_a_template_too(tmp_path: Path) -> None:
    write(tmp_path, "cloudcannon.config.yml", "collections_config:\n  notes:\n    path: notes\n    schemas: {default: {path: forms/note.md}}\n")
    write(tmp_path, "forms/note.md", "---\ntitle:\n---\n")
    (tmp_path / "notes").mkdir()
    site = open_site(tmp_path)
    assert site.is_schema_template("forms/note.md") and site.messages == ()


def test_a_collection_naming_an_absent_folder_is_an_empty_collection_with_a_note() -> None:
    site = open_site(SITE)
    posts_fr = site.collection("posts_fr")
    assert posts_fr is not None and posts_fr.exists is False
    (message,) = site.messages
    assert (message.path, message.line, message.severity, message.code) == (
        "cloudcannon.config.yml", 40, "info", "config-folder-missing")
    assert str(message).startswith("cloudcannon.config.yml:40: info: collection 'posts_fr'")


def test_a_missing_schema_template_is_a_warning(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    (root / "schemas/post.md").unlink()
    site = open_site(root)
    missing = [m for m in site.messages if m.code == "config-file-missing"]
    assert len(missing) == 2 and all("schemas/post.md" in m.message for m in missing)
    assert site.collection("posts") is not None


def test_a_broken_schema_template_is_reported_at_its_own_line(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    write(root, "schemas/post.md", "---\ntitle:\nseo: [\n---\n")
    site = open_site(root)
    broken = [m for m in site.messages if m.path == "schemas/post.md"]
    assert broken and broken[0].line == 4 and "invalid YAML" in broken[0].message


def test_without_any_config_the_defaults_still_find_the_answers(tmp_path: Path) -> None:
    root = copy_site(tmp_path, cms=None)
    site = open_site(root)
    assert site.config is None and site.messages == ()
    assert [c.name for c in site.collections] == ["answers"]
    answers = site.collection("answers")
    assert (answers.has_body, answers.text_field, answers.page_rules) == (False, "answer", "answer")
    assert answers.schemas[0].bundled == "default"


def test_a_plain_content_folder_has_no_collections(tmp_path: Path) -> None:
    write(tmp_path, "psychology/a.md", "---\ntitle: A\n---\n")
    site = open_site(tmp_path)
    assert site.collections == () and site.collection_for("psychology/a.md") is None


def test_the_defaults_do_not_replace_a_site_collection_of_the_same_folder(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    write(root, "cloudcannon.config.yml", "collections_config:\n  learn:\n    path: content/learn\n    name: Questions\n")
    site = open_site(root)
    assert [c.name for c in site.collections] == ["learn"]
    assert site.collection_for(ANSWER).label == "Questions"


def test_the_project_file_adds_and_changes_collections(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    (root / "content/drafts").mkdir()
    write(root, CONFIG_FILE, (
        "collections:\n"
        "  answers:\n"
        "    label: Student questions\n"
        "  posts:\n"
        "    page_rules: post\n"
        "    _inputs:\n"
        "      title: {comment: Keep it short.}\n"
        "  drafts:\n"
        "    path: content/drafts\n"
        "    schema: schemas/post.md\n"
        "    has_body: true\n"
    ))
    site = open_site(root)
    assert site.project_config == CONFIG_FILE
    assert site.collection("answers").label == "Student questions"
    assert site.collection("answers").schemas[0].bundled == "default"  # the rest of the default stays
    posts = site.collection("posts")
    assert posts.page_rules == "post" and posts.label == "Blog posts"
    assert posts.inputs["title"] == {"comment": "Keep it short."} and posts.inputs["date"] == {"type": "datetime"}
    drafts = site.collection("drafts")
    assert drafts.folder == "content/drafts" and drafts.schemas[0].path == "schemas/post.md"
    assert site.collection_for("content/drafts/idea.md").name == "drafts"
    assert [m.code for m in site.messages] == ["config-folder-missing"]  # only posts_fr's note


def test_the_project_file_applies_the_answer_schema_to_a_folder_the_site_config_names(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    write(root, "cloudcannon.config.yml", "collections_config:\n  learn:\n    path: content/learn\n")
    write(root, CONFIG_FILE, "collections:\n  answers:\n    path: content/learn\n    schema: default\n    text_field: answer\n")
    learn = open_site(root).collection_for(ANSWER)
    assert learn.name == "learn"  # matched by folder: the site's name stays, for its groups
    assert (learn.schemas[0].bundled, learn.text_field, learn.has_body) == ("default", "answer", False)


def test_the_project_file_can_drop_a_collection(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    write(root, CONFIG_FILE, "collections:\n  answers: {disabled: true}\n  posts_fr: {disabled: true}\n")
    site = open_site(root)
    assert site.collection("answers") is None and site.collection("posts_fr") is None
    assert [g.collections for g in site.groups] == [("posts",), ("pages",)]
    assert site.messages == ()


def test_the_project_file_replaces_the_sidebar_groups(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    write(root, CONFIG_FILE, "groups:\n  - heading: Questions\n    collections: [answers]\n  - heading: Blog\n    collections: [posts, nothing]\n")
    site = open_site(root)
    assert [(g.heading, g.collections) for g in site.groups] == [("Questions", ("answers",)), ("Blog", ("posts",))]
    (unknown,) = [m for m in site.messages if m.code == "config-unknown"]
    assert "'nothing'" in unknown.message and unknown.path == CONFIG_FILE


def test_project_file_mistakes_are_reported_at_their_lines_and_the_rest_applies(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    write(root, CONFIG_FILE, (
        "collections:\n"
        "  posts:\n"
        "    has_body: sometimes\n"
        "    colour: blue\n"
        "    label: Stories\n"
        "  orphans:\n"
        "    label: Without a folder\n"
        "  lost:\n"
        "    path: content/lost\n"
        "    schema: nosuchschema\n"
        "cms: wordpress\n"
        "theme: dark\n"
    ))
    site = open_site(root)
    assert site.collection("posts").label == "Stories" and site.collection("posts").has_body is True
    found = {(m.line, m.code) for m in site.messages if m.path == CONFIG_FILE}
    assert found == {
        (3, "config-invalid"),  # has_body must be true or false
        (4, "config-unknown"),  # colour
        (6, "config-invalid"),  # orphans has no path and changes nothing
        (8, "config-folder-missing"),
        (8, "config-unknown"),  # no bundled schema 'nosuchschema'
        (11, "config-invalid"),  # cms
        (12, "config-unknown"),  # theme
    }


def test_a_malformed_project_file_leaves_the_site_as_its_config_says(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    write(root, CONFIG_FILE, "collections:\n  posts: {label: Stories\n")
    site = open_site(root)
    assert site.collection("posts").label == "Blog posts"
    assert any(m.path == CONFIG_FILE and m.line == 3 for m in site.messages)


def test_static_urls_map_to_files_of_the_static_folder() -> None:
    site = open_site(SITE)
    assert site.static_file("/uploads/study-desk.png") == SITE / "public/uploads/study-desk.png"
    assert site.static_file("/uploads/study-desk.png?v=2") == SITE / "public/uploads/study-desk.png"
    assert site.static_file("https://example.org/x.png") is None
    assert site.static_file("/../secrets.png") is None
    assert site.static_file("") is None


def test_site_messages_are_problems_of_the_config_file() -> None:
    (found,) = open_site(SITE).problems()
    assert (found.path, found.line, found.severity, found.code) == ("cloudcannon.config.yml", 40, "info", "config-folder-missing")
