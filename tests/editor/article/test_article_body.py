"""``Article.body``: the markdown body after the front matter, read and written without touching
a byte of the front matter; an unchanged body gives the file back byte for byte."""
from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from editor.article.article import Article
from tests.fixtures.site_checkout import POST, SITE
from tests.locations import FIXTURES

ARTICLES = sorted((FIXTURES / "articles").glob("*.md"))
SITE_FILES = sorted(p for p in (SITE / "content").rglob("*.md"))


def front_matter_bytes(data: bytes) -> bytes:
    """Everything up to and including the closing ``---`` line."""
    text = data.decode("utf-8")
    end = text.index("\n---", 3) + len("\n---")
    end = text.index("\n", end) + 1 if "\n" in text[end:] else len(text)
    return text[:end].encode("utf-8")


@pytest.mark.parametrize("path", ARTICLES + SITE_FILES, ids=lambda p: p.name)
def test_setting_the_same_body_gives_the_file_back_byte_for_byte(path: Path) -> None:
    article = Article.load(path)
    article.body = article.body
    assert not article.is_modified
    assert article.dumps() == path.read_bytes()


def test_an_answer_body_is_its_nbsp_without_a_final_newline() -> None:
    article = Article.load(FIXTURES / "articles" / "lf.md")
    assert article.body == "\n&nbsp;"
    assert Article.load(FIXTURES / "articles" / "final-newline.md").body == "\n&nbsp;\n"


def test_a_post_body_is_the_markdown_after_the_closing_line() -> None:
    article = Article.load(SITE / POST)
    text = (SITE / POST).read_text()
    assert text.endswith(article.body) and article.body.strip()
    assert not article.body.startswith("---")
    assert "title:" not in article.body


def test_editing_the_body_changes_only_body_lines_and_keeps_the_front_matter_bytes(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_bytes((SITE / POST).read_bytes())
    article = Article.load(path)
    lines = article.body.split("\n")
    headings = [line for line in lines if line.startswith("## ")]
    assert len(headings) == 3
    edited = [line + " (edited)" if line in headings else line for line in lines]
    article.body = "\n".join(edited)
    article.save()
    before, after = (SITE / POST).read_bytes(), path.read_bytes()
    assert front_matter_bytes(after) == front_matter_bytes(before)
    diff = list(difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), n=0, lineterm=""))
    assert [line[1:] for line in diff if line.startswith("-") and not line.startswith("---")] == headings
    assert [line[1:] for line in diff if line.startswith("+") and not line.startswith("+++")] == [
        h + " (edited)" for h in headings]
    assert Article.load(path).body == "\n".join(edited)
    assert Article.load(path).data == Article.load(SITE / POST).data


def test_a_body_with_plain_line_feeds_takes_the_crlf_of_a_crlf_file(tmp_path: Path) -> None:
    path = tmp_path / "crlf.md"
    path.write_bytes((FIXTURES / "articles" / "crlf.md").read_bytes())
    article = Article.load(path)
    article.body = "\nFirst line.\nSecond line.\n"
    data = article.dumps()
    assert data.endswith(b"---\r\n\r\nFirst line.\r\nSecond line.\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")  # no bare line feed anywhere
    assert front_matter_bytes(data.replace(b"\r\n", b"\n")) == front_matter_bytes(path.read_bytes().replace(b"\r\n", b"\n"))


def test_a_body_given_to_a_file_that_ends_at_its_closing_line_starts_on_a_line_of_its_own(tmp_path: Path) -> None:
    path = tmp_path / "bare.md"
    path.write_bytes(b"---\ntitle: Bare\n---")
    article = Article.load(path)
    assert article.body == ""
    article.body = "Hello."
    assert article.dumps() == b"---\ntitle: Bare\n---\nHello."
    reread = Article.parse(article.dumps(), path)
    assert reread.body == "Hello." and reread.get("title") == "Bare"


def test_front_matter_edits_and_a_body_edit_keep_each_other(tmp_path: Path) -> None:
    path = tmp_path / "post.md"
    path.write_bytes((SITE / POST).read_bytes())
    article = Article.load(path)
    article.body = "\nNew text.\n"
    article.set("title", "A new title")
    assert article.body == "\nNew text.\n"
    article.set("author", "Guest writer")
    article.save()
    reread = Article.load(path)
    assert (reread.body, reread.get("title"), reread.get("author")) == ("\nNew text.\n", "A new title", "Guest writer")
