"""Every edit is read back before it counts, and edits that a text patch cannot make safely are
refused with a message: values inside flow collections, keys written twice, values shared
through anchors and aliases or pulled in by merge keys."""
from __future__ import annotations

from pathlib import Path

import pytest

from editor.article import yamlpatch
from editor.article.article import Article, ArticleError

HEAD = "---\n_schema: default\nid: 4410\ndate: 2025-05-06\n"
TAIL = "---\n\n&nbsp;"


def article(body: str) -> Article:
    return Article.parse((HEAD + body + TAIL).encode(), Path("content/physics/a.md"))


def changed_lines(before: Article, after: Article) -> list[int]:
    old, new = before.text.splitlines(), after.text.splitlines()
    assert len(old) == len(new)
    return [i + 1 for i, (x, y) in enumerate(zip(old, new)) if x != y]


# --- flow collections ---------------------------------------------------------------------------

def test_a_value_with_a_comma_inside_a_flow_mapping_does_not_add_a_key() -> None:
    doc = article("seo: {title: A, page_keywords: b}\nauthor: Staff\n")
    before = article("seo: {title: A, page_keywords: b}\nauthor: Staff\n")
    doc.set("seo.page_keywords", "k1, k2")
    assert doc.get("seo") == {"title": "A", "page_keywords": "k1, k2"}
    assert changed_lines(before, doc) == [5]
    assert "seo: {title: A, page_keywords: 'k1, k2'}\n" in doc.text


@pytest.mark.parametrize("value", ["k1, k2", "a}", "b]", "x: y", "# not a comment", "{z}", "[q]", "yes", "null",
                                   "", " padded ", "it's", 'say "hi"', "line\nbreak", "tab\there", "1.5"])
def test_any_text_inside_a_flow_mapping_reads_back_exactly(value: str) -> None:
    doc = article("seo: {title: A, page_keywords: b, page_description: c}\n")
    doc.set("seo.page_keywords", value)
    reread = Article.parse(doc.dumps())
    assert reread.get("seo") == {"title": "A", "page_keywords": value, "page_description": "c"}


def test_a_list_set_inside_a_flow_mapping_is_written_as_a_flow_list() -> None:
    doc = article("extra: {tags: [a], note: n}\n")
    doc.set("extra.tags", ["x, y", "z"])
    assert Article.parse(doc.dumps()).get("extra") == {"tags": ["x, y", "z"], "note": "n"}
    assert doc.text.count("\n") == article("extra: {tags: [a], note: n}\n").text.count("\n")


def test_an_empty_value_inside_a_flow_mapping_can_be_filled() -> None:
    doc = article("seo: {title: A, page_keywords: , page_description: c}\n")
    doc.set("seo.page_keywords", "k1, k2")
    assert Article.parse(doc.dumps()).get("seo") == {"title": "A", "page_keywords": "k1, k2", "page_description": "c"}


def test_a_flow_sequence_field_is_replaced_whole() -> None:
    doc = article("tags: [a, b]\nauthor: Staff\n")
    doc.set("tags", ["c, d", "e"])
    assert Article.parse(doc.dumps()).get("tags") == ["c, d", "e"]
    assert Article.parse(doc.dumps()).get("author") == "Staff"


# --- every edit is read back --------------------------------------------------------------------

def test_an_edit_that_does_not_read_back_as_written_is_refused_and_undone(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = article("title: Old\nauthor: Staff\n")
    original = doc.text
    monkeypatch.setattr(yamlpatch, "scalar_text", lambda *args, **kwargs: "Something else")
    with pytest.raises(ArticleError) as caught:
        doc.set("title", "New")
    assert "the edit of 'title' was not made" in caught.value.message
    assert "'Something else' instead of 'New'" in caught.value.message
    assert doc.text == original and not doc.is_modified and doc.get("title") == "Old"


def test_an_edit_that_would_change_another_key_is_refused_and_undone(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = article("author: Staff\ntitle: Old\n")
    original = doc.text
    monkeypatch.setattr(yamlpatch, "scalar_text", lambda *args, **kwargs: "New\nauthor: Someone")
    with pytest.raises(ArticleError, match="also change 'author'"):
        doc.set("title", "New")
    assert doc.text == original and doc.get("author") == "Staff"


def test_an_edit_that_would_write_a_key_twice_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = article("title: Old\nauthor: Staff\n")
    original = doc.text
    # the new line comes before the old author, so every value still reads the same
    monkeypatch.setattr(yamlpatch, "scalar_text", lambda *args, **kwargs: "New\nauthor: Someone")
    with pytest.raises(ArticleError, match="would write the key 'author' twice"):
        doc.set("title", "New")
    assert doc.text == original


def test_set_many_is_all_or_nothing() -> None:
    doc = article("title: Old\nauthor: Staff\nr: &r {id: 1}\nr2: *r\n")
    original = doc.text
    with pytest.raises(ArticleError, match="alias"):
        doc.set_many({"title": "New", "r2.id": 2})
    assert doc.text == original


def test_the_type_is_part_of_what_must_read_back() -> None:
    doc = article("score: 1.0\n")
    doc.set("score", 1)
    assert type(doc.get("score")) is int
    doc.set("score", True)
    assert doc.get("score") is True


# --- duplicate keys -----------------------------------------------------------------------------

def test_an_edit_of_a_key_written_twice_is_refused_naming_both_lines() -> None:
    doc = article("title: First\nauthor: Staff\ntitle: Second\n")
    with pytest.raises(ArticleError) as caught:
        doc.set("title", "New")
    assert "lines 5 and 7" in caught.value.message and "'title'" in caught.value.message
    assert not doc.is_modified and doc.get("title") == "Second"
    with pytest.raises(ArticleError, match="lines 5 and 7"):
        doc.delete("title")


def test_a_key_written_twice_inside_a_mapping_is_found_and_refused() -> None:
    doc = article("seo:\n  title: A\n  title: B\nauthor: Staff\n")
    assert [(d.key, d.lines) for d in doc.duplicate_keys()] == [("seo.title", (6, 7))]
    with pytest.raises(ArticleError, match="lines 6 and 7"):
        doc.set("seo.title", "C")
    with pytest.raises(ArticleError, match="lines 6 and 7"):
        doc.set("seo", {"title": "C"})


def test_other_keys_of_a_file_with_a_duplicate_can_still_be_edited() -> None:
    doc = article("title: First\nauthor: Staff\ntitle: Second\n")
    doc.set("author", "Someone")
    assert Article.parse(doc.dumps()).get("author") == "Someone"


# --- anchors, aliases and merge keys ------------------------------------------------------------

RELATED = (
    "related_article1: &r\n    id: 11\n    title: >-\n        How do prisms split light?\n"
    "    subject: Physics\n    url: /learn/physics/questions/how-do-prisms-split-light\n"
    "related_article2: *r\n"
)


def test_an_edit_through_an_alias_is_refused_and_changes_nothing() -> None:
    doc = article(RELATED)
    with pytest.raises(ArticleError) as caught:
        doc.set("related_article2.title", "Something else")
    assert "alias" in caught.value.message and "'related_article1'" in caught.value.message
    assert not doc.is_modified


def test_an_edit_of_the_anchored_value_is_refused_too() -> None:
    doc = article(RELATED)
    with pytest.raises(ArticleError, match="'related_article2'"):
        doc.set("related_article1.title", "Something else")
    with pytest.raises(ArticleError, match="alias"):
        doc.set("related_article2", {"id": 12})
    with pytest.raises(ArticleError, match="alias"):
        doc.delete("related_article2.url")


def test_an_aliased_scalar_is_refused_on_both_keys() -> None:
    doc = article("title: &t Why is the sky blue?\narticle_title: *t\nauthor: Staff\n")
    for key in ("title", "article_title"):
        with pytest.raises(ArticleError, match="alias"):
            doc.set(key, "Changed")
    doc.set("author", "Someone")
    assert Article.parse(doc.dumps()).get("article_title") == "Why is the sky blue?"


MERGED = "base: &b\n  subject: Physics\n  url: /x\nrelated_article1:\n  <<: *b\n  id: 11\n"


def test_an_edit_of_a_merged_key_is_refused() -> None:
    doc = article(MERGED)
    assert doc.get("related_article1") == {"subject": "Physics", "url": "/x", "id": 11}
    with pytest.raises(ArticleError, match="merge key"):
        doc.set("related_article1.subject", "Chemistry")
    with pytest.raises(ArticleError, match="merge key"):
        doc.set("base.subject", "Chemistry")
    with pytest.raises(ArticleError, match="merge key"):
        doc.set("related_article1.title", "New key in a merged mapping")
    assert not doc.is_modified


def test_a_mappings_own_key_beside_a_merge_can_be_edited() -> None:
    doc = article(MERGED + "other:\n  <<: *b\n  subject: Chemistry\n")
    doc.set("related_article1.id", 12)
    doc.set("other.subject", "Biology")
    reread = Article.parse(doc.dumps())
    assert reread.get("related_article1.id") == 12 and reread.get("other.subject") == "Biology"
    assert reread.get("base") == {"subject": "Physics", "url": "/x"}
