"""An article dumps to its exact bytes, and an edit changes only the edited field's lines."""
from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from editor.article.article import Article
from tests.locations import FIXTURES as ALL_FIXTURES

FIXTURES = ALL_FIXTURES / "articles"
EDITED = FIXTURES / "edited"
ALL = sorted(FIXTURES.glob("*.md"))

# (fixture, edit name, function) - each golden output lives in fixtures/articles/edited/.
EDITS = {
    "keywords": lambda a: a.set("seo.page_keywords", "interest, saving, growth"),
    "title": lambda a: a.set("title", "Why does compound interest beat simple interest?"),
    "answer": lambda a: setattr(a, "answer", a.answer + "\n\nA new closing line."),
    "related5": lambda a: a.set(
        "related_article5",
        {"id": 90455, "title": "What is an annuity?", "subject": "Economics",
         "url": "/learn/economics/questions/what-is-an-annuity"},
    ),
}


def changed_lines(before: bytes, after: bytes) -> tuple[list[str], list[str]]:
    old = before.decode("utf-8-sig").splitlines(keepends=True)
    new = after.decode("utf-8-sig").splitlines(keepends=True)
    removed, added = [], []
    for line in difflib.unified_diff(old, new, n=0):
        if line.startswith(("---", "+++", "@@")):
            continue
        (removed if line.startswith("-") else added).append(line[1:])
    return removed, added


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_unchanged_article_dumps_identical_bytes(path: Path) -> None:
    data = path.read_bytes()
    assert Article.parse(data, path).dumps() == data


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_answer_written_back_unchanged_gives_identical_bytes(path: Path) -> None:
    data = path.read_bytes()
    article = Article.parse(data, path)
    article.answer = article.answer
    assert not article.is_modified
    assert article.dumps() == data


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
@pytest.mark.parametrize("edit", sorted(EDITS))
def test_edit_matches_golden_file(path: Path, edit: str) -> None:
    article = Article.parse(path.read_bytes(), path)
    EDITS[edit](article)
    golden = EDITED / f"{path.stem}.{edit}.md"
    assert article.dumps() == golden.read_bytes()


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_keyword_edit_changes_only_the_keyword_line(path: Path) -> None:
    data = path.read_bytes()
    article = Article.parse(data, path)
    article.set("seo.page_keywords", "interest, saving, growth")
    removed, added = changed_lines(data, article.dumps())
    assert [line.strip() for line in removed] == [
        "compound interest, savings, interest rate, compounding period, exponential growth"
    ]
    assert [line.strip() for line in added] == ["interest, saving, growth"]
    assert Article.parse(article.dumps()).get("seo.page_keywords") == "interest, saving, growth"


@pytest.mark.parametrize("name,newline", [("lf.md", b"\n"), ("crlf.md", b"\r\n")])
def test_new_lines_take_the_files_line_ending(name: str, newline: bytes) -> None:
    article = Article.load(FIXTURES / name)
    article.set("draft", True)
    article.set("related_article3", {"id": 1, "title": "New link", "subject": "Economics", "url": "/learn/x"})
    out = article.dumps()
    if newline == b"\n":
        assert b"\r" not in out
    else:
        assert out.count(b"\n") == out.count(b"\r\n")
    assert b"related_article3:" + newline + b"    id: 1" + newline in out


def test_mixed_line_endings_insert_with_the_dominant_one() -> None:
    data = (FIXTURES / "mixed-endings.md").read_bytes()
    assert data.count(b"\r\n") == 5
    article = Article.parse(data)
    article.set("draft", False)
    assert b"draft: false\n" in article.dumps() and b"draft: false\r\n" not in article.dumps()


def test_bom_and_missing_final_newline_survive_an_edit() -> None:
    article = Article.load(FIXTURES / "bom.md")
    article.set("score", 0.75)
    out = article.dumps()
    assert out.startswith(b"\xef\xbb\xbf---\n") and out.endswith(b"&nbsp;")


def test_comments_unknown_keys_and_capitalised_booleans_are_kept() -> None:
    data = (FIXTURES / "comments-unknown.md").read_bytes()
    article = Article.parse(data)
    assert article.get("draft") is True and article.get("tags") == ["finance", "savings"]
    assert article.get("extras.reviewer") == {"name": "Ana", "round": 2}
    article.set("title", "A new title")
    out = article.dumps().decode()
    for kept in ("# Reviewed by the economics desk", "author: QuickTakes  # house byline", "no_index: True",
                 "    reviewer: {name: Ana, round: 2}", "  - savings"):
        assert kept in out
    article.set("no_index", False)
    assert "no_index: False\n" in article.dumps().decode()


def test_values_keep_their_yaml_types() -> None:
    import datetime

    article = Article.load(FIXTURES / "lf.md")
    assert article.get("id") == 90417 and isinstance(article.get("id"), int)
    assert article.get("date") == datetime.date(2025, 3, 14)
    assert article.get("score") == -1.0 and isinstance(article.get("score"), float)
    assert article.get("related_article2.id") == 90430
    assert article.get("seo.title") == "QuickTakes | Economics"


@pytest.mark.parametrize("value,expected_text", [
    ("yes", "'yes'"), ("1.0", "'1.0'"), ("a: b", "'a: b'"), ("# not a comment", "'# not a comment'"),
    ("plain words", "plain words"), ("null", "'null'"), ("", "''"),
])
def test_plain_values_that_yaml_would_misread_get_quoted(value: str, expected_text: str) -> None:
    article = Article.load(FIXTURES / "lf.md")
    article.set("author", value)
    assert f"\nauthor: {expected_text}\n" in article.dumps().decode()
    assert Article.parse(article.dumps()).get("author") == value


@pytest.mark.parametrize("value", ["yes", "12", "a: b # c", "Ünïcödé — dash", "ends with colon:"])
def test_folded_fields_stay_folded(value: str) -> None:
    article = Article.load(FIXTURES / "lf.md")
    article.set("title", value)
    assert f"title: >-\n    {value}\n" in article.dumps().decode()
    assert Article.parse(article.dumps()).get("title") == value


@pytest.mark.parametrize("value", [" leading space", "two\nlines", "tab\tinside", "trailing "])
def test_values_folded_style_cannot_hold_fall_back_to_a_quoted_scalar(value: str) -> None:
    article = Article.load(FIXTURES / "lf.md")
    article.set("title", value)
    assert Article.parse(article.dumps()).get("title") == value


def test_quoted_styles_are_kept_when_the_value_changes() -> None:
    article = Article.load(FIXTURES / "quoted-styles.md")
    article.set("title", "It's new")
    article.set("article_title", 'Say "hi"')
    article.set("question", "Plain again?")
    out = article.dumps().decode()
    assert "title: 'It''s new'\n" in out
    assert 'article_title: "Say \\"hi\\""\n' in out
    assert "question: Plain again?\n" in out


def test_new_key_goes_where_the_schema_orders_it() -> None:
    article = Article.load(FIXTURES / "lf.md")
    article.delete("author")
    article.set("author", "Desk")
    keys = article.keys()
    assert keys.index("author") == keys.index("seo") + 1
    article.set("unknown_extra", 3)
    assert article.keys()[-1] == "unknown_extra"


def test_new_related_block_copies_the_indentation_and_title_style_of_its_siblings() -> None:
    article = Article.load(FIXTURES / "lf.md")
    article.set("related_article3", {"id": 5, "title": "Why save early?", "subject": "Economics",
                                     "url": "/learn/economics/questions/why-save-early"})
    text = article.dumps().decode()
    assert ("related_article3:\n    id: 5\n    title: >-\n        Why save early?\n    subject: Economics\n"
            "    url: /learn/economics/questions/why-save-early\n---") in text


def test_delete_and_rename_renumber_related_slots_cleanly() -> None:
    article = Article.load(FIXTURES / "lf.md")
    first = article.get("related_article2")
    article.delete("related_article1")
    article.rename("related_article2", "related_article1")
    assert article.get("related_article1") == first
    assert not article.has("related_article2")
    text = article.dumps().decode()
    assert text.count("related_article") == 1 and text.endswith("\n---\n\n&nbsp;")


def test_setting_the_same_value_changes_nothing() -> None:
    article = Article.load(FIXTURES / "comments-unknown.md")
    article.set("score", -1.0)
    article.set("id", 90417)
    article.set("no_index", True)
    assert not article.is_modified


def test_setting_a_value_back_clears_the_modified_state() -> None:
    article = Article.load(FIXTURES / "lf.md")
    title = article.get("title")
    article.set("title", "Changed")
    assert article.is_modified
    article.set("title", title)
    assert not article.is_modified


def test_missing_key_raises_key_error_unless_a_default_is_given() -> None:
    article = Article.load(FIXTURES / "lf.md")
    with pytest.raises(KeyError):
        article.get("seo.nothing")
    assert article.get("seo.nothing", "fallback") == "fallback"
    assert article.line_of("seo.page_keywords") == 15
    assert article.line_of("nothing") is None


def test_a_value_that_needed_quotes_returns_to_the_fields_own_style() -> None:
    article = Article.load(FIXTURES / "lf.md")
    article.set("title", "How ")  # mid-typing: a trailing space cannot be folded
    assert Article.parse(article.dumps()).get("title") == "How "
    article.set("title", "How money grows")
    assert "title: >-\n    How money grows\n" in article.dumps().decode()


def test_set_many_patches_several_fields_in_one_pass() -> None:
    article = Article.load(FIXTURES / "lf.md")
    article.set_many({"title": "Linked: a", "article_title": "Linked: a", "question": "Linked: a?",
                      "score": 2.5, "draft": True, "seo.title": "QuickTakes | Money"})
    reread = Article.parse(article.dumps())
    assert [reread.get(k) for k in ("title", "article_title", "question", "score", "draft", "seo.title")] == [
        "Linked: a", "Linked: a", "Linked: a?", 2.5, True, "QuickTakes | Money"]
    removed, added = changed_lines((FIXTURES / "lf.md").read_bytes(), article.dumps())
    assert len(removed) == 5 and len(added) == 6  # five values changed, one key added
