"""Specification: a file with CR-only line ends (classic Mac) is refused with what it is, on line 1,
by the editor and the index alike (issue 15, item 12).

Refused rather than read: the site's own reader, gray-matter 4, looks for ``"\\n---"`` and fails
on such a file (``../shared/tools/site-render/render --body`` reports "engine ... is not
registered"), so an editor that opened it would let a writer polish an article the site cannot
publish. LF and CRLF files, which the site reads, still open.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from editor.article.article import Article, ArticleError
from editor.index.project import Project
from tests.perf.synth import article_model, render

CR_ONLY = "CR-only line ends are not supported; convert the file to LF or CRLF"


def _article(line_end: bytes) -> bytes:
    return render(article_model("physics/tides.md", "How do tides work?", id=101)).replace(b"\n", line_end)


def test_a_cr_only_file_is_refused_with_what_it_is_on_line_1() -> None:
    with pytest.raises(ArticleError) as caught:
        Article.parse(_article(b"\r"), "physics/tides.md")
    assert (caught.value.line, caught.value.message) == (1, CR_ONLY)


def test_a_cr_only_file_with_a_bom_is_refused_the_same_way() -> None:
    with pytest.raises(ArticleError, match="CR-only line ends are not supported"):
        Article.parse(b"\xef\xbb\xbf" + _article(b"\r"))


@pytest.mark.parametrize("line_end", [b"\n", b"\r\n"])
def test_lf_and_crlf_files_still_open_and_round_trip(line_end: bytes) -> None:
    data = _article(line_end)
    article = Article.parse(data)
    assert article.get("title") == "How do tides work?" and article.dumps() == data


def test_the_index_gives_a_cr_only_file_the_same_error_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = tmp_path / "content"
    root.mkdir()
    (root / "mac.md").write_bytes(_article(b"\r"))
    (root / "unix.md").write_bytes(_article(b"\n"))
    project = Project.open(root)
    project.index()
    mac = project.article_at("mac.md")
    assert (mac.error, mac.error_line) == (CR_ONLY, 1)
    assert project.article_at("unix.md").title == "How do tides work?"
