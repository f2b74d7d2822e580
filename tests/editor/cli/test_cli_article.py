"""``article-editor get`` and ``set``: scripting access that shares the core with the GUI."""
from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from editor.article.article import Article
from editor.cli import main
from tests.locations import FIXTURES

SOURCE = FIXTURES / "articles" / "lf.md"


@pytest.fixture
def path(tmp_path: Path) -> Path:
    target = tmp_path / "article.md"
    shutil.copy(SOURCE, target)
    return target


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_get_prints_a_scalar_as_plain_text(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "get", str(path), "seo.title") == (0, "QuickTakes | Economics\n", "")
    assert run(capsys, "get", str(path), "id")[1] == "90417\n"
    assert run(capsys, "get", str(path), "date")[1] == "2025-03-14\n"


def test_get_prints_a_mapping_as_yaml(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "get", str(path), "related_article1")
    assert code == 0
    assert out.splitlines()[0] == "id: 90412"
    assert "subject: Economics" in out


def test_get_prints_the_answer_with_real_line_breaks(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "get", str(path), "answer")
    assert code == 0 and "\\n" not in out
    assert out.splitlines()[2] == "1. **Principal**: the starting deposit, $P$."


def test_get_of_a_missing_key_exits_1_with_one_line(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "get", str(path), "no.such.key")
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1 and "no.such.key" in err


def test_set_text_field_writes_a_string_even_if_yaml_would_read_it_otherwise(
        path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "set", str(path), "author", "yes")[0] == 0
    assert Article.load(path).get("author") == "yes"
    assert "author: 'yes'\n" in path.read_text()


def test_set_non_text_field_reads_a_yaml_scalar(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "set", str(path), "score", "0.5")[0] == 0
    assert Article.load(path).get("score") == 0.5
    assert run(capsys, "set", str(path), "score", "--string", "0.5")[0] == 0
    assert Article.load(path).get("score") == "0.5"
    assert run(capsys, "set", str(path), "draft", "--yaml", "true")[0] == 0
    assert Article.load(path).get("draft") is True


def test_set_answer_from_stdin(path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("Line one.\n\nLine two with $x$.\n"))
    assert run(capsys, "set", str(path), "answer", "-")[0] == 0
    assert Article.load(path).answer == "Line one.\n\nLine two with $x$."
    assert "answer: >-\n    Line one.\\n\\nLine two with $x$.\n" in path.read_text()


def test_set_changes_only_that_fields_lines(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = path.read_text().splitlines()
    run(capsys, "set", str(path), "seo.page_keywords", "a, b")
    after = path.read_text().splitlines()
    assert [i for i, (x, y) in enumerate(zip(before, after)) if x != y] == [15]  # the line below "  page_keywords: >-"
    assert len(before) == len(after)


def test_errors_on_a_broken_file_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"---\nid: [\n---\n")
    code, _, err = run(capsys, "get", str(bad), "id")
    assert code == 1 and err.count("\n") == 1 and f"{bad}:" in err


def test_the_installed_command_runs_get_and_set(path: Path) -> None:
    exe = Path(sys.executable).parent / "article-editor"
    result = subprocess.run([str(exe), "set", str(path), "title", "yes"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    result = subprocess.run([str(exe), "get", str(path), "title"], capture_output=True, text=True, timeout=60)
    assert result.stdout == "yes\n"
