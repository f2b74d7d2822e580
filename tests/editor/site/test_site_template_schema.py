"""Schemas from schema template files: keys, nesting and order, types as CloudCannon infers them."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from editor.article.schema import FIELD_TYPES
from editor.site import SiteSchemas, field_type, open_site, schema_from_template
from tests.fixtures.site_checkout import ANSWER, POST, SITE, copy_site, write


@pytest.fixture(scope="module")
def post_schema():
    return SiteSchemas(open_site(SITE)).for_file(POST, {"_schema": "default"})


def test_a_template_gives_every_key_in_order_and_nested(post_schema) -> None:
    assert post_schema.order() == [
        "_schema", "date", "title", "article_title", "description", "date_format", "post_on_text",
        "seo", "author", "featuredImg", "draft", "tags",
    ]
    assert post_schema.child_order("seo") == ["title", "page_description", "page_keywords"]
    assert post_schema.child_order("featuredImg") == ["image", "image_alt"]
    assert post_schema.field("featuredImg.image").key == "featuredImg.image"


def test_types_follow_key_names_values_and_inputs(post_schema) -> None:
    types = {spec.key: spec.type for spec in post_schema.walk()}
    assert types == {
        "_schema": "text",
        "date": "datetime",  # the name (and the collection's _inputs) say datetime
        "title": "text",
        "article_title": "text",
        "description": "multiline",
        "date_format": "select",  # top-level _inputs
        "post_on_text": "text",
        "seo": "group",
        "seo.title": "text",
        "seo.page_description": "multiline",
        "seo.page_keywords": "keywords",
        "author": "select",  # the collection's _inputs
        "featuredImg": "group",
        "featuredImg.image": "image",
        "featuredImg.image_alt": "text",
        "draft": "checkbox",
        "tags": "list",
    }
    assert set(types.values()) <= FIELD_TYPES


def test_inputs_give_labels_help_options_and_read_only(post_schema) -> None:
    assert post_schema.field("article_title").help == "The heading above the post."  # the schema's _inputs
    assert post_schema.field("author").options == ("Study Desk Team", "Guest writer")
    assert post_schema.field("date_format").options == ("MMM DD, YYYY", "DD MMM YYYY")
    assert post_schema.field("_schema").readonly
    assert post_schema.field("seo.page_description").label == "Page description"
    assert post_schema.field("featuredImg").label == "Featured img"


def test_no_template_field_is_required_so_posts_miss_nothing(post_schema) -> None:
    assert [spec.key for spec in post_schema.walk() if spec.required] == []


def test_the_template_values_are_what_new_posts_start_with(post_schema) -> None:
    assert post_schema.template == {"_schema": "default", "date_format": "MMM DD, YYYY", "post_on_text": "Posted on", "draft": False}


def test_a_folded_template_key_is_written_folded(post_schema) -> None:
    assert post_schema.field("description").style == "folded"
    assert post_schema.field("title").style == "plain"


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("date", None, "datetime"),
    ("published_at", None, "datetime"),
    ("sale_datetime", None, "datetime"),
    ("start_date", None, "date"),
    ("image", None, "image"),
    ("hero_image", None, "image"),
    ("featuredImg.image", None, "image"),
    ("background_image_path", None, "image"),
    ("description", None, "multiline"),
    ("seo.page_description", None, "multiline"),
    ("canonical_url", None, "url"),
    ("page_keywords", None, "keywords"),
    ("no_index", True, "checkbox"),
    ("score", -1.0, "number"),
    ("id", 7, "integer"),
    ("tags", ["a"], "list"),
    ("seo", {"title": None}, "group"),
    ("posted", dt.date(2024, 1, 2), "date"),
    ("posted", dt.datetime(2024, 1, 2, 3, 4), "datetime"),
    ("notes", "one\ntwo", "multiline"),
    ("title", None, "text"),
    ("imagery", None, "text"),  # a name that only starts like one
])
def test_inferred_types(key: str, value: object, expected: str) -> None:
    assert field_type(key, value) == expected


@pytest.mark.parametrize(("input_type", "expected"), [
    ("text", "text"), ("textarea", "multiline"), ("markdown", "markdown"), ("html", "markdown"),
    ("date", "date"), ("datetime", "datetime"), ("image", "image"), ("select", "select"),
    ("multiselect", "multiselect"), ("number", "number"), ("checkbox", "checkbox"), ("url", "url"),
    ("switch", "checkbox"), ("array", "list"),
])
def test_an_input_type_beats_the_name(input_type: str, expected: str) -> None:
    assert field_type("description", None, {"type": input_type}) == expected


def test_an_object_input_on_a_scalar_keeps_the_inferred_type() -> None:
    assert field_type("hero_image", None, {"type": "object"}) == "image"


def test_inputs_by_path_beat_inputs_by_name() -> None:
    inputs = {"image": {"type": "text", "label": "Any image"}, "featuredImg.image": {"type": "image"}, "$.title": {"options": {"required": True, "max_length": 60}}}
    schema = schema_from_template({"title": None, "featuredImg": {"image": None}, "image": None}, inputs)
    assert schema.field("featuredImg.image").type == "image"
    assert schema.field("featuredImg.image").label == "Any image"  # merged with the name's settings
    assert schema.field("image").type == "text"
    assert (schema.field("title").required, schema.field("title").max) == (True, 60)


def test_a_templates_own_inputs_are_settings_not_fields() -> None:
    schema = schema_from_template({"summary": None, "_inputs": {"summary": {"type": "markdown"}}}, {})
    assert schema.order() == ["summary"] and schema.field("summary").type == "markdown"


def test_a_collection_without_schemas_gets_a_form_from_the_files_own_values() -> None:
    site = open_site(SITE)
    data = {"title": "Study Desk", "content_blocks": [{"_bookshop_name": "hero"}], "hero_image": "/uploads/a.png"}
    schema = SiteSchemas(site).for_file("content/index.md", data)
    assert [(s.key, s.type) for s in schema.fields] == [("title", "text"), ("content_blocks", "list"), ("hero_image", "image")]
    assert schema.template == {}
    assert SiteSchemas(site).for_file("content/index.md") is None


def test_answers_keep_the_bundled_answer_schema() -> None:
    schema = SiteSchemas(open_site(SITE)).for_file(ANSWER, {"_schema": "default"})
    assert schema.name == "default" and schema.field("id").required and schema.field("seo.page_description").max == 160


def test_files_outside_collections_get_no_site_schema() -> None:
    assert SiteSchemas(open_site(SITE)).for_file("notes/readme.md", {}) is None


def test_a_changed_template_gives_a_new_schema(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    schemas = SiteSchemas(open_site(root))
    assert "subtitle" not in schemas.for_file(POST, {}).order()
    template = root / "schemas/post.md"
    template.write_text(template.read_text().replace("title:\n", "title:\nsubtitle:\n", 1))
    stat = template.stat()
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert "subtitle" in schemas.for_file(POST, {}).order()


def test_a_broken_template_falls_back_to_the_files_own_values(tmp_path: Path) -> None:
    root = copy_site(tmp_path)
    write(root, "schemas/post.md", "---\ntitle: [\n---\n")
    schema = SiteSchemas(open_site(root)).for_file(POST, {"title": "A", "draft": True})
    assert [(s.key, s.type) for s in schema.fields] == [("title", "text"), ("draft", "checkbox")]
