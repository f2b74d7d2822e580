"""Reading CloudCannon's config: collections, inputs, groups and paths; bad configs still open."""
from __future__ import annotations

from pathlib import Path

import pytest

from editor.site import open_site
from editor.site import cloudcannon
from tests.fixtures.site_checkout import SITE, copy_site, write


def test_collections_come_from_collections_config_with_their_folders_urls_and_icons() -> None:
    config = cloudcannon.read(SITE, "cloudcannon.config.yml")
    by_name = {s["name"]: s for s in config.collections}
    assert list(by_name) == ["pages", "posts", "posts_fr"]
    assert by_name["posts"]["path"] == "content/posts"
    assert by_name["posts"]["url"] == "/blog/[slug]"
    assert by_name["posts"]["label"] == "Blog posts"
    assert by_name["posts"]["icon"] == "edit_note"
    assert by_name["pages"]["path"] == "content"
    assert config.messages == []


def test_static_and_uploads_folders_come_from_paths() -> None:
    config = cloudcannon.read(SITE, "cloudcannon.config.yml")
    assert (config.static, config.uploads) == ("public", "public/uploads")


def test_enabled_editors_decide_whether_the_body_is_edited() -> None:
    by_name = {s["name"]: s for s in cloudcannon.read(SITE, "cloudcannon.config.yml").collections}
    assert by_name["posts"]["enabled_editors"] == ("content", "visual")
    assert by_name["posts"]["has_body"] is True
    assert "has_body" not in by_name["posts_fr"]  # not said: the collection's default applies


def test_a_data_only_collection_has_no_body(tmp_path: Path) -> None:
    write(tmp_path, "cloudcannon.config.yml", "collections_config:\n  people:\n    path: data/people\n    _enabled_editors: [data]\n")
    (settings,) = cloudcannon.read(tmp_path, "cloudcannon.config.yml").collections
    assert settings["has_body"] is False


def test_schemas_name_template_files_with_their_own_inputs() -> None:
    by_name = {s["name"]: s for s in cloudcannon.read(SITE, "cloudcannon.config.yml").collections}
    (ref,) = by_name["posts"]["schemas"]
    assert (ref.name, ref.path, ref.label) == ("default", "schemas/post.md", "Blog post")
    assert ref.inputs == {"article_title": {"comment": "The heading above the post."}}


def test_top_level_inputs_cascade_under_each_collections_own() -> None:
    by_name = {s["name"]: s for s in cloudcannon.read(SITE, "cloudcannon.config.yml").collections}
    posts = by_name["posts"]["inputs"]
    assert posts["question"] == {"type": "textarea"}  # from the top level
    assert posts["date"] == {"type": "datetime"}  # the collection's own
    assert by_name["posts_fr"]["inputs"]["answer"] == {"type": "html"}
    assert "date" not in by_name["posts_fr"]["inputs"]


def test_collection_groups_become_sidebar_headings() -> None:
    groups = cloudcannon.read(SITE, "cloudcannon.config.yml").groups
    assert [(g.heading, g.collections) for g in groups] == [("Blog", ("posts", "posts_fr")), ("Site", ("pages",))]


def test_the_json_config_is_read_like_the_yaml_one(tmp_path: Path) -> None:
    site = open_site(copy_site(tmp_path, cms="cloudcannon.json"))
    assert site.config == "cloudcannon.config.json"
    posts = site.collection("posts")
    assert posts is not None and posts.schemas[0].path == "schemas/post.md"
    assert posts.inputs == {"description": {"type": "textarea"}}
    assert [g.heading for g in site.groups] == ["Blog"]


@pytest.mark.parametrize("name", ["cloudcannon.config.yaml", "cloudcannon.config.json", "cloudcannon.config.yml"])
def test_each_config_file_name_is_found(tmp_path: Path, name: str) -> None:
    text = '{"collections_config": {"posts": {"path": "posts"}}}'
    write(tmp_path, name, text)
    assert cloudcannon.find(tmp_path) == name
    assert open_site(tmp_path).collection("posts") is not None


def test_source_prefixes_every_path(tmp_path: Path) -> None:
    write(tmp_path, "cloudcannon.config.yml", (
        "source: site\npaths: {static: public}\n"
        "collections_config:\n  posts:\n    path: content/posts\n    schemas: {default: {path: /schemas/post.md}}\n"
    ))
    config = cloudcannon.read(tmp_path, "cloudcannon.config.yml")
    assert config.static == "site/public"
    assert config.collections[0]["path"] == "site/content/posts"
    assert config.collections[0]["schemas"][0].path == "site/schemas/post.md"


def test_a_malformed_config_gives_its_file_and_line_and_the_site_still_opens(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    (root / "cloudcannon.config.yml").write_text("collections_config:\n  posts:\n    path: [content/posts\n", encoding="utf-8")
    site = open_site(root)
    (message,) = [m for m in site.messages if m.code == "config-invalid"]
    assert message.path == "cloudcannon.config.yml"
    assert message.line == 4
    assert "invalid YAML" in message.message
    assert site.collection("posts") is None
    # The editor's defaults still give the answers their collection.
    assert site.collection_for("content/learn/biology/a.md").name == "answers"


def test_wrong_shapes_are_reported_at_their_line_and_the_rest_is_read(tmp_path: Path) -> None:
    write(tmp_path, "cloudcannon.config.yml", (
        "collections_config:\n"
        "  notes: just text\n"
        "  drafts:\n"
        "    url: /drafts/[slug]\n"
        "  posts:\n"
        "    path: posts\n"
        "    _enabled_editors: content\n"
        "    _inputs: [title]\n"
        "collection_groups: {Blog: [posts]}\n"
    ))
    config = cloudcannon.read(tmp_path, "cloudcannon.config.yml")
    assert [s["name"] for s in config.collections] == ["posts"]
    lines = {m.line: m.message for m in config.messages}
    assert "'notes' must be a mapping" in lines[2]
    assert "has no 'path'" in lines[3]
    assert "_inputs" in lines[8]
    assert "collection_groups" in lines[9]
    assert config.collections[0]["enabled_editors"] == ("content",)  # a lone name is a list of one


def test_a_javascript_config_is_reported_not_run(tmp_path: Path) -> None:
    write(tmp_path, "cloudcannon.config.cjs", "module.exports = {collections_config: {}}\n")
    site = open_site(tmp_path)
    assert site.config == "cloudcannon.config.cjs"
    assert site.collections == ()
    assert "JavaScript" in site.messages[0].message


def test_an_alias_bomb_is_refused_with_a_message(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 9):
        lines.append(f"{chr(97 + n)}: &{chr(97 + n)} [" + ", ".join([f"*{chr(96 + n)}"] * 10) + "]")
    write(tmp_path, "cloudcannon.config.yml", "\n".join(lines) + "\n")
    (message,) = open_site(tmp_path).messages
    assert "alias bomb" in message.message
