"""Reading Decap CMS's and Front Matter CMS's configs into the same collections."""
from __future__ import annotations

from pathlib import Path

from editor.site import SiteSchemas, open_site
from tests.fixtures.site_checkout import ANSWER, POST, copy_site, write


# --- Decap CMS ----------------------------------------------------------------------------------

def test_decap_folder_collections_become_collections(tmp_path: Path) -> None:
    site = open_site(copy_site(tmp_path, cms="decap"))
    assert (site.cms, site.config) == ("decap", "admin/config.yml")
    assert [(c.name, c.label, c.folder) for c in site.collections] == [
        ("posts", "Blog posts", "content/posts"),
        ("answers", "Answers", "content/learn"),
        ("posts_fr", "Articles", "content/posts_fr"),
    ]  # the file collection 'settings' is not a folder of articles


def test_decap_a_body_field_means_the_markdown_body_is_edited(tmp_path: Path) -> None:
    site = open_site(copy_site(tmp_path, cms="decap"))
    assert site.collection("posts").has_body is True
    assert site.collection("answers").has_body is False
    schema = SiteSchemas(site).for_file(POST, {})
    assert "body" not in schema.order()


def test_decap_widgets_become_field_types_and_fields_are_required_unless_said(tmp_path: Path) -> None:
    site = open_site(copy_site(tmp_path, cms="decap"))
    schema = SiteSchemas(site).for_file(POST, {})
    types = {spec.key: spec.type for spec in schema.walk()}
    assert types == {
        "_schema": "text", "date": "datetime", "title": "text", "article_title": "text",
        "description": "multiline", "date_format": "select", "seo": "group", "seo.title": "text",
        "seo.page_description": "multiline", "featuredImg": "group", "featuredImg.image": "image",
        "featuredImg.image_alt": "text", "tags": "multiselect",
    }
    assert schema.field("title").required and not schema.field("seo.title").required
    assert schema.field("_schema").readonly and not schema.field("_schema").required  # hidden
    assert schema.field("description").help == "One or two sentences."
    assert schema.field("date_format").options == ("MMM DD, YYYY", "DD MMM YYYY")
    assert schema.template == {"_schema": "default", "date_format": "MMM DD, YYYY"}
    answer = SiteSchemas(site).for_file(ANSWER, {})
    assert answer.field("id").type == "integer" and answer.field("no_index").type == "checkbox"


def test_decap_media_folders_give_static_and_uploads(tmp_path: Path) -> None:
    site = open_site(copy_site(tmp_path, cms="decap"))
    assert (site.static, site.uploads) == ("public", "public/uploads")
    assert site.static_file("/uploads/study-desk.png").is_file()


def test_decap_a_missing_folder_is_told_at_its_collections_line(tmp_path: Path) -> None:
    root = copy_site(tmp_path, cms="decap")
    site = open_site(root)
    (message,) = [m for m in site.messages if m.code == "config-folder-missing"]
    line = (root / "admin/config.yml").read_text().splitlines().index("  - name: posts_fr") + 1
    assert (message.path, message.line, message.severity) == ("admin/config.yml", line, "info")
    assert "content/posts_fr" in message.message


def test_decap_a_malformed_config_still_opens(tmp_path: Path) -> None:
    write(tmp_path, "static/admin/config.yml", "collections:\n  - name: posts\n    folder: posts\n   fields: []\n")
    site = open_site(tmp_path)
    assert site.config == "static/admin/config.yml"
    assert site.collections == ()
    assert site.messages[0].line == 4 and site.messages[0].path == "static/admin/config.yml"


def test_decap_nameless_fields_are_reported(tmp_path: Path) -> None:
    write(tmp_path, "admin/config.yml", "collections:\n  - name: posts\n    folder: posts\n    fields:\n      - {widget: string}\n")
    (tmp_path / "posts").mkdir()
    site = open_site(tmp_path)
    assert [m.line for m in site.messages] == [4]
    assert "has no 'name'" in site.messages[0].message


# --- Front Matter CMS ---------------------------------------------------------------------------

def test_frontmatter_page_folders_become_collections(tmp_path: Path) -> None:
    site = open_site(copy_site(tmp_path, cms="frontmatter"))
    assert (site.cms, site.config, site.static) == ("frontmatter", "frontmatter.json", "public")
    assert [(c.name, c.folder, c.exists) for c in site.collections] == [
        ("Blog posts", "content/posts", True),
        ("Answers", "content/learn", True),
        ("Drafts", "content/drafts", False),
    ]
    assert all(c.has_body for c in site.collections)


def test_frontmatter_content_types_are_the_forms_picked_by_type(tmp_path: Path) -> None:
    site = open_site(copy_site(tmp_path, cms="frontmatter"))
    drafts = site.collection("Drafts")
    assert [ref.name for ref in drafts.schemas] == ["post", "answer"]  # a folder listing none offers all
    schemas = SiteSchemas(site)
    assert schemas.for_collection(drafts, {"type": "answer"}).name == "answer"
    assert schemas.for_collection(drafts, {}).name == "post"
    post = schemas.for_file(POST, {})
    assert [spec.key for spec in post.fields] == ["title", "description", "date", "featuredImg", "tags", "date_format", "draft"]
    types = {spec.key: spec.type for spec in post.walk()}
    assert types["description"] == "multiline" and types["featuredImg.image"] == "image"
    assert types["tags"] == "list" and types["draft"] == "checkbox" and types["date_format"] == "select"
    assert post.field("title").required and not post.field("description").required
    assert post.template == {"date_format": "MMM DD, YYYY"}  # {{now}} is filled by the CMS, not a value
    assert schemas.for_file(ANSWER, {}).field("id").type == "integer"


def test_frontmatter_a_malformed_config_gives_its_line(tmp_path: Path) -> None:
    write(tmp_path, "frontmatter.json", '{\n  "frontMatter.content.pageFolders": [\n    {"title": "Posts",}\n  ]\n}\n')
    site = open_site(tmp_path)
    assert site.collections == ()
    assert (site.messages[0].path, site.messages[0].line) == ("frontmatter.json", 3)
    assert "invalid JSON" in site.messages[0].message


def test_only_the_first_cms_config_is_read_and_the_others_are_noted(tmp_path: Path) -> None:
    root = copy_site(tmp_path, cms="frontmatter")
    write(root, "admin/config.yml", "collections:\n  - {name: notes, folder: content/notes, fields: []}\n")
    site = open_site(root)
    assert site.cms == "decap" and site.collection("notes") is not None
    (ignored,) = [m for m in site.messages if m.code == "config-ignored"]
    assert ignored.path == "frontmatter.json"


def test_the_project_file_chooses_which_cms_config_is_read(tmp_path: Path) -> None:
    root = copy_site(tmp_path, cms="frontmatter")
    write(root, "admin/config.yml", "collections:\n  - {name: notes, folder: content/notes, fields: []}\n")
    write(root, ".article-editor/config.yml", "cms: frontmatter\n")
    site = open_site(root)
    assert site.cms == "frontmatter" and site.collection("Blog posts") is not None
    write(root, ".article-editor/config.yml", "cms: none\n")
    assert open_site(root).cms is None
