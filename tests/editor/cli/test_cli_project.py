"""Specification of ``article-editor index|search|check FOLDER``."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from editor.cli import main
from tests.perf.synth import article_model, link_to, write_article


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    tides = article_model("physics/how-do-tides-work.md", "How do tides work?", id=101)
    sky = article_model("physics/why-is-the-sky-blue.md", "Why is the sky blue?", id=102,
                        links=[link_to(tides) | {"title": "How do the tides work?"}])
    write_article(root, tides)
    write_article(root, sky)
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_index_prints_counts_time_and_the_cache_file(folder: Path, cache_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "index", str(folder))
    assert code == 0
    assert "2 files: 2 articles, 0 that do not load" in out
    assert "2 new" in out and str(cache_home) in out
    code, out, _ = run(capsys, "index", str(folder), "--json")
    stats = json.loads(out)
    assert (stats["files"], stats["unchanged"], stats["added"]) == (2, 2, 0)
    assert stats["database"].startswith(str(cache_home)) and stats["seconds"] >= 0


def test_search_prints_matches_and_json(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", str(folder), "tid")
    assert code == 0 and out.splitlines() == ["physics/how-do-tides-work.md\tHow do tides work?\t(Physics)"]
    code, out, _ = run(capsys, "search", str(folder), "subject:physics", "--limit", "1", "--json")
    results = json.loads(out)["results"]
    assert len(results) == 1
    assert set(results[0]) >= {"path", "title", "subject", "url", "date"}


def test_check_groups_problems_by_file_and_exits_0_without_errors(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(folder))
    assert code == 0  # a stale link is a warning
    lines = out.splitlines()
    assert lines[0] == "physics/why-is-the-sky-blue.md"
    assert "warning" in lines[1] and "related-stale" in lines[1] and "related_article1" in lines[1]
    assert lines[-1].startswith("1 problem(s) in 1 file(s): 0 error(s)")


def test_check_exits_1_when_any_problem_is_an_error(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "physics" / "bad.md").write_bytes(b"---\nid: 3\n\ttitle: tabbed\n---\n")
    code, out, _ = run(capsys, "check", str(folder), "--json")
    assert code == 1
    problems = json.loads(out)["problems"]
    sky_lines = (folder / "physics" / "why-is-the-sky-blue.md").read_text().splitlines()
    assert [(p["path"], p["code"], p["severity"], p["line"]) for p in problems] == [
        ("physics/bad.md", "yaml-error", "error", 3),
        ("physics/why-is-the-sky-blue.md", "related-stale", "warning", sky_lines.index("related_article1:") + 1),
    ]
    stale = next(p for p in problems if p["code"] == "related-stale")
    assert stale["field"] == "related_article1"
    assert stale["fix"] == {"title": "Update related_article1 from physics/how-do-tides-work.md",
                            "edits": [{"field": "related_article1.title", "value": "How do tides work?"}]}


def test_check_fix_applies_certain_fixes_then_reports_what_is_left(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", str(folder), "--fix", "--json")
    assert code == 0 and "applied 1 fix" in err
    assert json.loads(out) == {"problems": []}
    assert b"How do tides work?" in (folder / "physics" / "why-is-the-sky-blue.md").read_bytes()


def test_a_missing_folder_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", str(tmp_path / "nope"))
    assert code == 1 and err.count("\n") == 1 and "not a folder" in err


def test_the_installed_command_runs_check_without_qt(folder: Path, cache_home: Path) -> None:
    script = ("import sys; from editor.cli import main; code = main(sys.argv[1:]); "
              "assert not any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules); sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", script, "check", str(folder)], capture_output=True, text=True,
                          env={"XDG_CACHE_HOME": str(cache_home), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert "related-stale" in done.stdout
