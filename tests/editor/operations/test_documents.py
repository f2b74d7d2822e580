"""File operations on articles: new from the template, rename, duplicate, trash."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from tests.ui.window_fixtures import article_path, write_project

from editor.article.article import Article
from editor.operations import documents


class FakeIndex:
    """Stands in for the project's index where only the next free id matters."""

    def next_free_id(self) -> int:
        return 500


def test_new_article_fills_the_template_with_next_id_today_slug_and_url(tmp_path: Path):
    write_project(tmp_path)
    path = documents.new_article(tmp_path, "physics", "What is torque, really?", FakeIndex(), datetime.date(2025, 1, 7))
    assert path == tmp_path / "physics" / "what-is-torque-really.md"
    article = Article.load(path)
    assert article.get("id") == 500
    assert article.get("date") == datetime.date(2025, 1, 7)
    assert article.get("subject") == "Physics"  # copied from the folder's other articles
    assert article.get("file_name") == "what-is-torque-really.md"
    assert article.get("url") == "/learn/physics/questions/what-is-torque-really"
    assert article.get("article_title") == article.get("question") == "What is torque, really?"
    assert article.get("date_format") == "MMM DD, YYYY"  # from the schema template
    assert article.keys()[:4] == ["_schema", "id", "date", "title"]


def test_new_article_without_an_index_takes_one_more_than_the_largest_id(tmp_path: Path):
    write_project(tmp_path)
    path = documents.new_article(tmp_path, "economics", "IPO & FPO")
    assert path.name == "ipo--fpo.md"
    assert Article.load(path).get("id") == 104


def test_new_article_refuses_an_existing_file_and_an_empty_slug(tmp_path: Path):
    write_project(tmp_path)
    with pytest.raises(FileExistsError):
        documents.new_article(tmp_path, "physics", "What is a lever?", FakeIndex())
    with pytest.raises(ValueError):
        documents.new_article(tmp_path, "physics", "???", FakeIndex())


def test_rename_moves_the_file_and_updates_file_name_and_url_only(tmp_path: Path):
    write_project(tmp_path)
    old = article_path(tmp_path)
    before = old.read_text(encoding="utf-8")
    new = documents.rename_article(old, "what-is-a-simple-lever")
    assert not old.exists() and new.name == "what-is-a-simple-lever.md"
    after = new.read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert changed == [
        ("file_name: what-is-a-lever.md", "file_name: what-is-a-simple-lever.md"),
        ("url: /learn/physics/questions/what-is-a-lever", "url: /learn/physics/questions/what-is-a-simple-lever"),
    ]


def test_rename_refuses_to_overwrite_another_article(tmp_path: Path):
    write_project(tmp_path)
    with pytest.raises(FileExistsError):
        documents.rename_article(article_path(tmp_path, 0), "how-do-pulleys-work")
    assert article_path(tmp_path, 0).exists()


def test_duplicate_gets_a_new_id_title_and_file_next_to_the_original(tmp_path: Path):
    write_project(tmp_path)
    copy = documents.duplicate_article(article_path(tmp_path), FakeIndex(), tmp_path)
    assert copy == tmp_path / "physics" / "what-is-a-lever-copy.md"
    article = Article.load(copy)
    assert (article.get("id"), article.get("title")) == (500, "What is a lever? (copy)")
    assert article.get("url") == "/learn/physics/questions/what-is-a-lever-copy"
    assert article.answer == Article.load(article_path(tmp_path)).answer
    assert documents.duplicate_article(article_path(tmp_path), FakeIndex(), tmp_path).name == "what-is-a-lever-copy-2.md"


def test_trash_moves_the_file_away(tmp_path: Path, monkeypatch):
    write_project(tmp_path)
    trashed = []
    monkeypatch.setattr("send2trash.send2trash", lambda path: trashed.append(path))
    documents.trash_article(article_path(tmp_path))
    assert trashed == [str(article_path(tmp_path))]
