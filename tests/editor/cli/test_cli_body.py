"""``get FILE body`` and ``set FILE body -``: the markdown body through the command line, a pipe
of one into the other giving the file back byte for byte."""
from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from editor.article.article import Article
from editor.cli import main
from tests.fixtures.site_checkout import POST, SITE
from tests.locations import FIXTURES

EXE = Path(sys.executable).parent / "article-editor"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def copy(tmp_path: Path, source: Path) -> Path:
    target = tmp_path / source.name
    shutil.copy(source, target)
    return target


def test_get_body_prints_the_markdown_after_the_front_matter(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    post = copy(tmp_path, SITE / POST)
    code, out, err = run(capsys, "get", str(post), "body")
    assert (code, err) == (0, "")
    assert out == Article.load(post).body + "\n"
    assert "## 2. Use a timer" in out and "title:" not in out


@pytest.mark.parametrize("source", [FIXTURES / "articles" / "lf.md", FIXTURES / "articles" / "crlf.md",
                                    FIXTURES / "articles" / "final-newline.md", SITE / POST],
                         ids=lambda p: p.name)
def test_piping_get_body_into_set_body_gives_the_file_back_byte_for_byte(tmp_path: Path, source: Path) -> None:
    path = copy(tmp_path, source)
    shell = f"'{EXE}' get '{path}' body | '{EXE}' set '{path}' body -"
    result = subprocess.run(shell, shell=True, capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert path.read_bytes() == source.read_bytes()


def test_set_body_from_stdin_changes_only_the_body(tmp_path: Path) -> None:
    post = copy(tmp_path, SITE / POST)
    before = post.read_bytes()
    result = subprocess.run([str(EXE), "set", str(post), "body", "-"], input=b"\nA short body.\n<br>Two lines.\n",
                            capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr
    after = post.read_bytes()
    closing = before.index(b"\n---\n") + len(b"\n---\n")
    assert after[:closing] == before[:closing]
    assert after[closing:] == b"\nA short body.\n<br>Two lines."  # the newline ``get`` adds is not part of it


def test_set_body_keeps_an_answers_front_matter_and_writes_no_final_newline(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    answer = copy(tmp_path, FIXTURES / "articles" / "lf.md")
    before = Article.load(answer)
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n&nbsp;\n\nA note.\n"))
    assert run(capsys, "set", str(answer), "body", "-")[0] == 0
    after = Article.load(answer)
    assert after.body == "\n&nbsp;\n\nA note."
    assert after.data == before.data and after.answer == before.answer


def test_set_body_refuses_stdin_that_is_not_utf8_and_writes_nothing(tmp_path: Path) -> None:
    post = copy(tmp_path, SITE / POST)
    result = subprocess.run([str(EXE), "set", str(post), "body", "-"], input=b"caf\xe9\n", capture_output=True, timeout=60)
    assert result.returncode == 2
    assert b"not UTF-8" in result.stderr and result.stderr.count(b"\n") == 1
    assert post.read_bytes() == (SITE / POST).read_bytes()
