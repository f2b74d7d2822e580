"""``article-editor check FOLDER --select --ignore --severity --baseline`` on a site checkout, and
``article-editor render FILE`` of a site's post and answer."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from editor.cli import main
from tests.fixtures.site_checkout import ANSWER, NO_INDEX_ANSWER, POST, copy_site, write


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    return copy_site(tmp_path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def check_json(capsys, *argv: str) -> tuple[int, list[dict]]:
    code, out, _ = run(capsys, "check", *argv, "--json")
    return code, json.loads(out)["problems"]


def test_severity_error_prints_only_errors(root, capsys):
    code, problems = check_json(capsys, str(root), "--severity", "error")
    assert problems and {p["severity"] for p in problems} == {"error"} and code == 1
    code, out, _ = run(capsys, "check", str(root), "--severity", "error")
    *listing, summary = out.splitlines()
    assert not any(" warning " in line or " info " in line for line in listing) and "title-length" not in out
    assert summary.endswith("0 warning(s), 0 info")


def test_severity_warning_prints_warnings_and_errors(root, capsys):
    _, problems = check_json(capsys, str(root), "--severity", "warning")
    assert {p["severity"] for p in problems} == {"error", "warning"}


def test_a_project_file_that_turns_the_description_rule_off_leaves_none(root, capsys):
    _, before = check_json(capsys, str(root))
    assert Counter(p["code"] for p in before)["seo-description-length"] == 2
    write(root, ".article-editor/config.yml", "rules:\n  seo-description-length: off\n")
    _, after = check_json(capsys, str(root))
    assert Counter(p["code"] for p in after)["seo-description-length"] == 0
    assert len(after) == len(before) - 2


def test_select_and_ignore_take_codes_prefixes_and_globs(root, capsys):
    _, problems = check_json(capsys, str(root), "--select", "*-length")
    assert {p["code"] for p in problems} == {"title-length", "seo-description-length"}
    _, problems = check_json(capsys, str(root), "--select", "*-length,config-", "--ignore", "title-length")
    assert {p["code"] for p in problems} == {"seo-description-length", "config-folder-missing"}
    # The fixture's "notes" post names a photo the site does not have (image-missing, an error).
    code, problems = check_json(capsys, str(root), "--ignore", "missing-field", "--ignore", "file-name-mismatch",
                                "--ignore", "image-missing")
    assert not {p["code"] for p in problems} & {"missing-field", "file-name-mismatch", "image-missing"}
    assert code == 0  # what is left has no error, and the exit status follows what is printed


def test_a_baseline_reports_only_new_problems(root, capsys, tmp_path):
    baseline = tmp_path / "baseline.json"
    _, out, _ = run(capsys, "check", str(root), "--json")
    baseline.write_text(out, encoding="utf-8")
    code, out, _ = run(capsys, "check", str(root), "--baseline", str(baseline))
    assert code == 0 and out.splitlines()[-1].startswith("0 problem(s)")
    write(root, NO_INDEX_ANSWER, (root / NO_INDEX_ANSWER).read_text(encoding="utf-8").replace("id: 102\n", ""))
    code, problems = check_json(capsys, str(root), "--baseline", str(baseline))
    assert code == 1
    assert [(p["path"], p["code"], p["field"]) for p in problems] == [(NO_INDEX_ANSWER, "missing-field", "id")]


def test_a_baseline_that_is_not_one_is_a_one_line_error_naming_the_file(root, capsys, tmp_path):
    baseline = tmp_path / "baseline.json"
    baseline.write_text('{"problems": [', encoding="utf-8")
    code, _, err = run(capsys, "check", str(root), "--baseline", str(baseline))
    assert code == 1 and err.startswith(f"article-editor: {baseline}:1:") and "Traceback" not in err


def test_the_summary_counts_problems_per_code(root, capsys):
    _, out, _ = run(capsys, "check", str(root), "--select", "*-length")
    assert "by code: title-length 3, seo-description-length 2" in out


def test_render_page_of_a_post_gives_its_body(root, capsys):
    code, out, _ = run(capsys, "render", str(root / POST), "--view", "page")
    assert code == 0
    assert "<title>Three habits for focused study | Study Desk</title>" in out
    assert "<h2>1. Plan on paper</h2>" in out and "Posted on Jul 29, 2024" in out
    assert '<img src="data:image/png;base64,' in out  # the featured image, inlined from public/uploads


def test_render_page_of_an_answer_gives_the_composed_head(root, capsys):
    code, out, _ = run(capsys, "render", str(root / NO_INDEX_ANSWER), "--view", "page")
    head = out.split("</head>")[0]
    assert code == 0
    assert "<title>Student Question : Why do leaves change colour in autumn? | Biology | QuickTakes</title>" in head
    assert '<meta name="description" content="Get the full answer from QuickTakes - Chlorophyll' in head
    assert '<meta name="robots" content="noindex">' in head
    assert '<link rel="canonical" href="/learn/biology/questions/why-do-leaves-change-colour-in-autumn">' in head


def test_render_search_fragment_of_an_answer_shows_the_pixel_cut(root, capsys):
    code, out, _ = run(capsys, "render", str(root / ANSWER), "--view", "search", "--fragment")
    assert code == 0 and "Student Question : How do mitochondria make energy?…" in out and "/580 px" in out


def test_render_of_a_post_answer_view_is_its_cleaned_body(root, capsys):
    write(root, POST, (root / POST).read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n")
    code, out, _ = run(capsys, "render", str(root / POST), "--fragment")
    assert code == 0 and out.startswith("<p>Most of us sit down") and "<script" not in out
