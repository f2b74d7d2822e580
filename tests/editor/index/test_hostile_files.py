"""Specification: one hostile file in a content folder is an entry of its own in the index, never
the end of the index (issue 15, items 1, 2, 4 and the symlink question).

Every hostile file here is made by the test itself. Where the file could exhaust the machine
before the fix (a nine-level alias bomb, a 3 GB file), the index runs in a child process with
bounded memory and CPU time (tests/editor/index/bounded.py).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from editor.article.article import MAX_FILE_BYTES, Article, ArticleError
from editor.index import reading
from editor.index.project import Project
from editor.operations.check import check_project
from tests.editor.index import bounded
from tests.perf.synth import article_model, link_to, render, write_article


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with one good article, which must stay indexed whatever its neighbours hold."""
    root = tmp_path / "content"
    write_article(root, article_model("physics/how-do-tides-work.md", "How do tides work?", id=101))
    return root


GOOD = "physics/how-do-tides-work.md"


def alias_bomb(levels: int, width: int = 9) -> bytes:
    """A small file whose title expands to ``width ** levels`` strings: each anchored list holds
    ``width`` aliases of the one before."""
    lines = ["---", "_schema: default", "id: 7", "a0: &a0 [" + ", ".join(["x"] * width) + "]"]
    for level in range(1, levels):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * width) + "]")
    lines += [f"title: *a{levels - 1}", "---", "", "&nbsp;"]
    return "\n".join(lines).encode()


def refusal(path: Path) -> ArticleError:
    with pytest.raises(ArticleError) as caught:
        Article.load(path)
    return caught.value


def assert_refused_like_article(project: Project, path: Path) -> None:
    """The index's entry for ``path`` is the error Article.load gives, on the same line."""
    expected = refusal(path)
    info = project.article_at(path)
    assert info is not None and info.title is None
    assert (info.error, info.error_line) == (expected.message, expected.line)
    assert project.article_at(GOOD).title == "How do tides work?"
    assert [r.relpath for r in project.search("tides")] == [GOOD]


def test_an_alias_bomb_in_the_title_is_an_error_entry_on_the_line_article_load_names(folder: Path) -> None:
    bomb = folder / "physics" / "bomb.md"
    bomb.write_bytes(alias_bomb(levels=6))  # 531,441 strings: past the limit, yet quick to expand
    project = Project.open(folder)
    stats = project.index()
    assert (stats.articles, stats.errors) == (1, 1)
    assert "alias bomb" in refusal(bomb).message
    assert_refused_like_article(project, bomb)


def test_a_nine_level_alias_bomb_is_refused_in_bounded_time_and_memory(folder: Path, tmp_path: Path) -> None:
    (folder / "bomb.md").write_bytes(alias_bomb(levels=9))  # 387 million strings once expanded
    child = bounded.run("index", folder, tmp_path / "cache", memory=1 << 30, cpu=20)
    assert child.returncode == 0 and "Traceback" not in child.stderr, child.stderr[-2000:]
    error, line, title = child.result["entries"]["bomb.md"]
    assert "alias bomb" in error and line is not None and title is None
    assert child.result["entries"][GOOD][2] == "How do tides work?"
    assert child.result["seconds"] < 5 and child.result["maxrss_mb"] < 200


def test_block_nesting_deeper_than_the_editor_allows_is_refused_by_the_index_too(folder: Path) -> None:
    deep = folder / "deep.md"
    deep.write_bytes(b"---\nid: 3\ntitle:\n" + b"- " * 150 + b"x\n---\n")  # no brackets, no deep indent
    project = Project.open(folder)
    project.index()
    assert "deeper than" in refusal(deep).message
    assert_refused_like_article(project, deep)


HUGE = "1" * 5000  # past Python's int-to-str limit (4,300 digits)


def _with_id(model: dict, text: str) -> bytes:
    return render(model).replace(b"\nid: 1\n", f"\nid: {text}\n".encode(), 1)


@pytest.mark.parametrize("layout, text", [
    ("canonical", HUGE),  # the one-match fast lane
    ("line scanner", HUGE),  # unknown keys: the line-by-line fast path
    ("full parse", "0x" + "f" * 5000),  # built by YAML, then str() fails on it
    ("full parse", "1:" * 2500 + "1"),  # a base-60 int: the same
])
def test_a_number_python_will_not_convert_is_an_error_entry_on_its_line(folder: Path, layout: str, text: str) -> None:
    odd = ("unknown-keys",) if layout == "line scanner" else ()
    huge = folder / "physics" / "huge-id.md"
    huge.write_bytes(_with_id(article_model("physics/huge-id.md", "A huge id", id=1, odd=odd), text))
    project = Project.open(folder)
    stats = project.index()
    assert (stats.articles, stats.errors) == (1, 1)
    info = project.article_at(huge)
    assert info.error_line == 3 and "too long to read as a number" in info.error  # id is on line 3
    assert_refused_like_article(project, huge)
    assert [path for path, _, _ in project.listing()] == [GOOD, "physics/huge-id.md"]  # what the browser lists
    problems = check_project(project)
    assert [(p.path, p.line, p.code) for p in problems if p.severity == "error"] == [("physics/huge-id.md", 3, "yaml-error")]


def test_a_huge_number_in_a_related_link_is_an_error_entry_on_the_links_line(folder: Path) -> None:
    target = article_model("physics/how-do-tides-work.md", "How do tides work?", id=101)
    model = article_model("physics/linked.md", "Linked", id=5, links=[link_to(target)])
    linked = folder / "physics" / "linked.md"
    linked.write_bytes(render(model).replace(b"    id: 101\n", f"    id: {HUGE}\n".encode(), 1))
    project = Project.open(folder)
    project.index()
    info = project.article_at(linked)
    id_line = linked.read_bytes().split(b"\n").index(f"    id: {HUGE}".encode()) + 1
    assert info.error_line == id_line and "too long" in info.error  # related_article1.id
    assert_refused_like_article(project, linked)


def test_the_next_free_id_skips_a_quoted_id_too_long_to_be_a_number(folder: Path) -> None:
    write_article(folder, article_model("physics/quoted.md", "Quoted", id=HUGE))  # written "111..." in quotes
    project = Project.open(folder)
    project.index()
    assert project.article_at("physics/quoted.md").id == HUGE
    assert project.next_free_id() == 102


def test_a_3_gb_sparse_file_is_an_error_entry_after_its_stat_not_read(folder: Path, tmp_path: Path) -> None:
    big = folder / "physics" / "big.md"
    big.write_bytes(render(article_model("physics/big.md", "Big", id=9)))
    os.truncate(big, 3 << 30)  # sparse: costs no disk
    child = bounded.run("index", folder, tmp_path / "cache", memory=1 << 30, cpu=20)
    assert child.returncode == 0 and "Traceback" not in child.stderr, child.stderr[-2000:]
    error, line, title = child.result["entries"]["physics/big.md"]
    assert error == f"the file is {3 << 30:,} bytes; the limit is {MAX_FILE_BYTES:,}" and title is None
    assert child.result["entries"][GOOD][2] == "How do tides work?"
    assert child.result["seconds"] < 5 and child.result["maxrss_mb"] < 200


def test_the_index_applies_the_editors_size_limit_to_the_byte(folder: Path) -> None:
    def padded(name: str, size: int) -> Path:
        data = render(article_model(f"physics/{name}", name, id=len(name)))
        path = folder / "physics" / name
        path.write_bytes(data + b"x" * (size - len(data)))
        return path

    at_limit, over = padded("at-limit.md", MAX_FILE_BYTES), padded("over.md", MAX_FILE_BYTES + 1)
    project = Project.open(folder)
    project.index()
    assert project.article_at(at_limit).error is None and Article.load(at_limit).get("title") == "at-limit.md"
    assert project.article_at(over).error == f"the file is {MAX_FILE_BYTES + 1:,} bytes; the limit is {MAX_FILE_BYTES:,}"
    with pytest.raises(ArticleError, match="the limit is"):
        Article.load(over)


def test_a_file_that_grew_since_it_was_listed_is_read_no_further_than_the_limit(
        folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    grown = folder / "grown.md"
    grown.write_bytes(b"---\nid: 1\n---\n")
    listed = grown.stat()
    os.truncate(grown, 3 << 30)
    asked: list[int] = []
    real_read = os.read
    monkeypatch.setattr(reading.os, "read", lambda fd, n: asked.append(n) or real_read(fd, n))
    raw, _, _, unread = reading.read_file(str(folder), "grown.md", listed.st_mtime_ns, listed.st_size)
    assert raw is None and unread == ("yaml-error", f"the file is larger than the limit of {MAX_FILE_BYTES:,} bytes")
    assert sum(asked) == MAX_FILE_BYTES + 1


@pytest.mark.timeout(20)
def test_a_pipe_named_like_an_article_is_neither_listed_nor_waited_for(folder: Path) -> None:
    os.mkfifo(folder / "pipe.md")
    project = Project.open(folder)
    assert project.index().files == 1  # not listed
    # Made a pipe after it was listed as a file: opened without blocking, reported, not hung on.
    raw, _, _, unread = reading.read_file(str(folder), "pipe.md", None, None)
    assert raw is None and unread == ("yaml-error", "this is a named pipe (FIFO), not a file; an article is a regular file")
    assert reading.read_file(str(folder), "pipe.md", 1, 100)[0] in (None, b"")


def test_a_link_to_a_file_outside_the_folder_is_an_info_entry_not_an_article(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "private.md"
    outside.parent.mkdir()
    outside.write_bytes(render(article_model("x/private.md", "Private diary secrets", id=66)))
    (folder / "physics" / "private.md").symlink_to(outside)
    (folder / "physics" / "tides-again.md").symlink_to(folder / "physics" / "how-do-tides-work.md")  # inside: fine
    project = Project.open(folder)
    stats = project.index()
    assert stats.articles == 2
    info = project.article_at("physics/private.md")
    assert info.title is None and info.error == (
        f"this is a link to a file outside the project folder ({outside}); it is not indexed")
    assert project.search("diary") == []
    assert project.article_at("physics/tides-again.md").title == "How do tides work?"
    found = [(p.path, p.severity, p.code) for p in check_project(project) if p.path == "physics/private.md"]
    assert found == [("physics/private.md", "info", "link-outside-folder")]


def test_a_link_out_of_the_folder_stays_out_after_its_target_changes(folder: Path, tmp_path: Path) -> None:
    outside = tmp_path / "passwd.md"
    outside.write_bytes(b"---\nid: 1\ntitle: root\n---\n")
    (folder / "passwd.md").symlink_to(outside)
    project = Project.open(folder)
    project.index()
    outside.write_bytes(b"---\nid: 1\ntitle: root:x:0:0\n---\n")
    assert project.index().updated == 1
    assert project.article_at("passwd.md").title is None and project.search("root") == []


@pytest.mark.skipif(sys.platform != "linux", reason="/dev/zero as a link target")
def test_a_link_to_a_device_is_not_read(folder: Path) -> None:
    (folder / "zero.md").symlink_to("/dev/zero")
    project = Project.open(folder)
    assert project.index().files == 1  # discovery does not list it: not a regular file
    assert "outside the project folder" in reading.read_file(str(folder), "zero.md", 1, 10)[3][1]
