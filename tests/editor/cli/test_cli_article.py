"""``article-editor get`` and ``set``: scripting access that shares the core with the GUI."""
from __future__ import annotations

import datetime as dt
import io
import time
import os
import stat
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


def test_set_number_field_takes_a_number_and_text_only_with_force(
        path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "set", str(path), "score", "0.5")[0] == 0
    assert Article.load(path).get("score") == 0.5
    assert run(capsys, "set", str(path), "score", "2")[0] == 0
    assert Article.load(path).get("score") == 2.0 and type(Article.load(path).get("score")) is float
    code, _, err = run(capsys, "set", str(path), "score", "--string", "0.5")
    assert code == 2 and "'score' takes a number" in err
    assert run(capsys, "set", str(path), "score", "--string", "--force", "0.5")[0] == 0
    assert Article.load(path).get("score") == "0.5"


def test_set_reads_value_by_the_schemas_type_not_as_yaml(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "set", str(path), "id", "90418")[0] == 0
    assert Article.load(path).get("id") == 90418
    assert run(capsys, "set", str(path), "date", "2025-04-01")[0] == 0
    assert Article.load(path).get("date") == dt.date(2025, 4, 1)
    assert run(capsys, "set", str(path), "seo.title", "# x")[0] == 0
    assert Article.load(path).get("seo.title") == "# x"
    code, _, err = run(capsys, "set", str(path), "score", "# x")
    assert code == 2 and "'score'" in err  # not null, as YAML would read it


def test_set_of_a_field_the_schema_does_not_know_is_text_unless_yaml(
        path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path.write_text(path.read_text().replace("author: QuickTakes\n", "author: QuickTakes\ndraft: false\n"))
    assert run(capsys, "set", str(path), "draft", "yes")[0] == 0
    assert Article.load(path).get("draft") == "yes"
    assert run(capsys, "set", str(path), "draft", "--yaml", "true")[0] == 0
    assert Article.load(path).get("draft") is True


def test_set_of_a_wrong_type_exits_2_naming_the_key_and_writes_nothing(
        path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = path.read_bytes()
    code, out, err = run(capsys, "set", str(path), "date", "not a date")
    assert (code, out) == (2, "")
    assert str(path) in err and "'date'" in err and "YYYY-MM-DD" in err and err.endswith("\n")
    assert run(capsys, "set", str(path), "id", "12ab")[0] == 2
    assert run(capsys, "set", str(path), "date_format", "DD/MM/YY")[0] == 2
    assert run(capsys, "set", str(path), "related_article1", "x")[0] == 2
    assert path.read_bytes() == before
    assert run(capsys, "set", str(path), "date", "--force", "not a date")[0] == 0
    assert Article.load(path).get("date") == "not a date"


def test_set_of_a_mistyped_key_exits_2_and_suggests_the_close_match(
        path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = path.read_bytes()
    code, _, err = run(capsys, "set", str(path), "seo.page_keyword", "x")
    assert code == 2
    assert "'seo.page_keyword' is not a field the schema knows" in err and "did you mean 'seo.page_keywords'" in err
    assert "--new" in err and len(err.splitlines()) == 1
    assert path.read_bytes() == before


def test_set_new_adds_a_key_the_schema_does_not_know(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "set", str(path), "draft", "--yaml", "true")[0] == 2
    assert run(capsys, "set", str(path), "draft", "--new", "--yaml", "true")[0] == 0
    assert Article.load(path).get("draft") is True
    assert run(capsys, "set", str(path), "seo.canonical_note", "--new", "kept as text: yes")[0] == 0
    assert Article.load(path).get("seo.canonical_note") == "kept as text: yes"


def test_set_of_a_schema_key_missing_from_the_file_needs_no_flag(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "set", str(path), "related_article3.title", "What is APR?")[0] == 0
    assert Article.load(path).get("related_article3.title") == "What is APR?"


def test_set_refuses_a_read_only_file_unless_forced(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path.chmod(0o444)
    before = path.read_bytes()
    code, _, err = run(capsys, "set", str(path), "author", "Someone")
    assert code == 1 and str(path) in err and "read-only" in err and "0444" in err and "--force" in err
    assert path.read_bytes() == before
    assert run(capsys, "set", str(path), "author", "--force", "Someone")[0] == 0
    assert Article.load(path).get("author") == "Someone"
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_every_text_output_ends_with_a_newline(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outputs = [run(capsys, "get", str(path), key) for key in ("id", "seo", "answer", "no.such")]
    outputs += [run(capsys, "set", str(path), *args) for args in (("date", "x"), ("titel", "x"), ("title", "New"))]
    for code, out, err in outputs:
        for text in (out, err):
            assert text == "" or text.endswith("\n"), (code, text)


def test_set_retries_when_a_writer_ignoring_the_lock_lands_between_its_read_and_its_write(
        path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    real_parse = Article.parse
    calls = {"n": 0}

    def parse_then_someone_saves(data: bytes, where: object = None) -> Article:
        loaded = real_parse(data, where)
        calls["n"] += 1
        if calls["n"] == 1:  # the first read: another editor (no lock) writes right after it
            path.write_bytes(data.replace(b"post_on_text: Posted on", b"post_on_text: Published"))
        return loaded

    monkeypatch.setattr(Article, "parse", staticmethod(parse_then_someone_saves))
    assert run(capsys, "set", str(path), "author", "Someone")[0] == 0
    monkeypatch.undo()
    final = Article.load(path)
    assert (final.get("author"), final.get("post_on_text")) == ("Someone", "Published")


def test_concurrent_sets_queue_on_the_lock_instead_of_conflicting(
        path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from editor.article import disk

    held = threading.Event()
    real_edit_lock = disk.edit_lock
    conflicts: list[Exception] = []
    real_save = Article.save

    def counting_save(self: Article, *args: object, **kwargs: object) -> object:
        try:
            return real_save(self, *args, **kwargs)
        except Exception as exc:
            conflicts.append(exc)
            raise

    def other_program() -> None:
        with real_edit_lock(path) as lock:  # another set: holds the lock across its read and write
            held.set()
            time.sleep(0.3)
            other = Article.load(path)
            other.set("post_on_text", "Published")
            other.save(held=lock)

    monkeypatch.setattr(Article, "save", counting_save)
    thread = threading.Thread(target=other_program)
    thread.start()
    held.wait(5)
    assert run(capsys, "set", str(path), "author", "Someone")[0] == 0  # waited, then read the new file
    thread.join()
    final = Article.load(path)
    assert (final.get("author"), final.get("post_on_text")) == ("Someone", "Published")
    assert conflicts == []


def test_set_gives_up_after_its_attempts_with_a_message(
        path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from editor.article.article import ConflictError

    def always_conflict(self: Article, *args: object, **kwargs: object) -> None:
        raise ConflictError(self.path, None, "the file changed on disk since it was opened")

    monkeypatch.setattr(Article, "save", always_conflict)
    code, _, err = run(capsys, "set", str(path), "author", "Someone")
    assert code == 1 and "kept changing on disk" in err and "nothing was written" in err


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


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
@pytest.mark.parametrize("command", [["get", "id"], ["set", "author", "x"], ["render"]])
def test_get_set_and_render_refuse_a_fifo_or_device_at_once(tmp_path: Path, kind: str, command: list[str]) -> None:
    target = tmp_path / "odd.md"
    if kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to("/dev/zero")
    limit = "import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
    result = subprocess.run([sys.executable, "-c", limit + "from editor.cli import main; sys.exit(main(sys.argv[1:]))",
                             command[0], str(target), *command[1:]], capture_output=True, text=True, timeout=30)
    assert result.returncode == 1, result.stderr
    assert str(target) in result.stderr and ("named pipe" in result.stderr or "character device" in result.stderr)
