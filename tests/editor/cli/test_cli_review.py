"""Specification of ``article-editor review FOLDER [REV_RANGE]`` and ``check FOLDER --changed``."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from editor.cli import main
from tests.fixtures.git_repo import GitRepo, isolated_git
from tests.perf.synth import article_model, render

TIDES = "physics/how-do-tides-work.md"
SKY = "physics/why-is-the-sky-blue.md"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> GitRepo:
    isolated_git(monkeypatch, tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    work = GitRepo(tmp_path / "site")
    work.write(f"content/{TIDES}", render(article_model(TIDES, "How do tides work?", id=101)))
    work.write(f"content/{SKY}", render(article_model(SKY, "Why is the sky blue?", id=102)))
    work.commit_all()
    tides = article_model(TIDES, "How do tides work?", id=101, answer="Costs $7.25 each = $26.83 in all.")
    work.write(f"content/{TIDES}", render(tides))
    return work


def test_review_json_lists_the_changed_fields_with_decoded_values(site: GitRepo, capsys) -> None:
    code, out, _ = run(capsys, "review", str(site.root / "content"), "--json")
    report = json.loads(out)
    assert code == 0
    assert [(a["path"], a["status"], [(f["key"], f["old"], f["new"]) for f in a["fields"]]) for a in report["articles"]] == [
        (TIDES, "modified", [("answer", "First paragraph.\n\nSecond paragraph.", "Costs $7.25 each = $26.83 in all.")])]
    assert [p["code"] for p in report["articles"][0]["problems"]["added"]] == ["dollar-math"]


def test_review_text_output_and_the_html_report(site: GitRepo, capsys, tmp_path: Path) -> None:
    target = tmp_path / "review report.html"
    code, out, _ = run(capsys, "review", str(site.root / "content"), "-o", str(target))
    assert code == 0
    assert out.splitlines()[:2] == [f"{TIDES}  modified",
                                    '  answer: "First paragraph.\\n\\nSecond paragraph." -> "Costs $7.25 each = $26.83 in all."']
    assert out.splitlines()[-1] == "1 changed article(s), 1 field(s) changed; problems: 1 added, 0 removed"
    assert "review-changed" in target.read_text(encoding="utf-8")


def test_review_of_the_staged_range_only(site: GitRepo, capsys) -> None:
    code, out, _ = run(capsys, "review", str(site.root / "content"), "--staged", "--json")
    assert code == 0 and json.loads(out)["articles"] == []


def test_a_folder_that_is_not_a_repository_says_so(tmp_path: Path, capsys, monkeypatch) -> None:
    isolated_git(monkeypatch, tmp_path)
    (tmp_path / "plain").mkdir()
    code, _, err = run(capsys, "review", str(tmp_path / "plain"))
    assert code == 1 and "not a repository" in err and "Traceback" not in err


def test_check_changed_reports_only_the_changed_articles(site: GitRepo, capsys) -> None:
    sky = article_model(SKY, "Why is the sky blue?", id=102, answer="Here $a \\\\neq b$.")
    site.write(f"content/{SKY}", render(sky))
    site.git("add", f"content/{SKY}")
    site.git("commit", "-q", "-m", "sky gets a pitfall")
    code, out, _ = run(capsys, "check", str(site.root / "content"), "--changed", "--json")
    report = json.loads(out)
    assert report["changed"] == [TIDES]
    assert {p["path"] for p in report["problems"]} == {TIDES}
    assert code == 0  # dollar-math is a warning
    code, out, _ = run(capsys, "check", str(site.root / "content"), "--changed", "HEAD~1", "--json")
    assert {p["path"] for p in json.loads(out)["problems"]} == {TIDES, SKY}
