"""Specification of ``article-editor links FOLDER [--fix-stale] [--dry-run]``."""
from __future__ import annotations

import difflib
import subprocess
import sys
from pathlib import Path

import pytest

from editor.cli import main
from tests.fixtures.link_folder import Spec, write_all

TARGET = Spec(301, "What is cognitive load?", keywords="memory, load")
OTHER = Spec(302, "How do flashcards work?", keywords="memory, recall")


@pytest.fixture()
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    content = tmp_path / "content"
    write_all(content, [
        TARGET,
        OTHER,
        Spec(303, "Why do students cram?", related=[TARGET.link(title="What was cognitive load?"), OTHER.link()]),
        Spec(304, "Is rereading effective?", related=[OTHER.link(), TARGET.link()]),
        Spec(305, "Can sleep replace study?", related=[Spec(399, "A page that was deleted").link()]),
    ])
    return content


def _changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def _snapshot(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(folder.rglob("*.md"))}


def test_fix_stale_changes_exactly_the_stale_lines_and_exits_zero(folder: Path, capsys) -> None:
    before = _snapshot(folder)
    assert main(["links", str(folder), "--fix-stale"]) == 0
    after = _snapshot(folder)
    changed = {p.name: _changed_lines(before[p], after[p]) for p in before if before[p] != after[p]}
    assert changed == {
        "why-do-students-cram.md": ["-        What was cognitive load?", f"+        {TARGET.title}"],
    }
    out = capsys.readouterr().out
    assert "why-do-students-cram.md" in out and "related_article1.title" in out
    assert "What was cognitive load? -> What is cognitive load?" in out
    assert "Changed 1 field(s) in 1 file." in out


def test_dry_run_prints_the_changes_and_writes_nothing(folder: Path, capsys) -> None:
    before = _snapshot(folder)
    assert main(["links", str(folder), "--fix-stale", "--dry-run"]) == 0
    assert _snapshot(folder) == before
    out = capsys.readouterr().out
    assert "related_article1.title" in out and "dry run" in out


def test_a_second_run_finds_nothing_left_to_fix(folder: Path, capsys) -> None:
    main(["links", str(folder), "--fix-stale"])
    capsys.readouterr()
    before = _snapshot(folder)
    assert main(["links", str(folder), "--fix-stale"]) == 0
    assert _snapshot(folder) == before
    assert "Changed 0 field(s) in 0 files." in capsys.readouterr().out


def test_without_fix_stale_it_reports_link_problems(folder: Path, capsys) -> None:
    before = _snapshot(folder)
    assert main(["links", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "related-stale" in out and "related-broken" in out
    assert _snapshot(folder) == before


def test_a_missing_folder_is_a_one_line_error(tmp_path: Path, capsys) -> None:
    assert main(["links", str(tmp_path / "nope"), "--fix-stale"]) == 1
    assert "not a folder" in capsys.readouterr().err


def test_the_installed_command_runs_without_importing_qt(folder: Path) -> None:
    code = (
        "import sys; from editor.cli import main; rc = main(sys.argv[1:]);"
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'; sys.exit(rc)"
    )
    done = subprocess.run([sys.executable, "-c", code, "links", str(folder), "--fix-stale", "--dry-run"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "related_article1.title" in done.stdout
