"""``article-editor replace``, ``set FOLDER --where``, ``undo`` and ``redo``, on a git copy of a
folder: the dry run changes nothing, applying changes exactly the matched lines, undo restores
identical bytes."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from editor.article.article import Article
from editor.cli import main
from tests.editor.operations.bulk_fixtures import snapshot, write_folder


@pytest.fixture(autouse=True)
def own_cache_and_journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = write_folder(tmp_path / "site")
    for args in (["init", "-q"], ["add", "-A"], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"]):
        subprocess.run(["git", *args], cwd=root, check=True)
    return root


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_replace_dry_run_prints_the_diff_and_changes_nothing(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "replace", str(repo), "moon", "Moon", "--dry-run")
    assert code == 0
    assert out.count("--- a/") == 2 and "+    The Moon pulls the sea toward it." in out
    assert "4 change(s) in 2 file(s); dry run" in err
    assert git(repo, "status", "--porcelain") == ""


def test_replace_changes_exactly_the_occurrences_a_plain_search_of_the_answers_finds(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = {}
    for path in sorted(repo.rglob("*.md")):
        try:
            answer = Article.load(path).answer
        except Exception:
            continue
        if "the" in answer:
            expected[path.relative_to(repo).as_posix()] = answer.count("the")
    code, out, _ = run(capsys, "replace", str(repo), "the", "THE", "--case", "--field", "answer")
    assert code == 0
    listed = dict(re.findall(r"^(\S+): (\d+) change\(s\)$", out, re.M))
    assert {path: int(n) for path, n in listed.items()} == expected
    stat = git(repo, "diff", "--numstat").split("\n")
    assert {line.split("\t")[2]: (line.split("\t")[0], line.split("\t")[1]) for line in stat if line} == {
        path: ("1", "1") for path in expected}
    for path in expected:
        old_lines = git(repo, "show", f"HEAD:{path}").splitlines()
        answer_line = old_lines.index("answer: >-") + 2  # the folded answer's one content line, 1-based
        hunks = re.findall(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@", git(repo, "diff", "-U0", path), re.M)
        assert hunks == [(str(answer_line), "", str(answer_line), "")]  # one line out, one in: the answer's
    code, _, _ = run(capsys, "undo", str(repo))
    assert code == 0 and git(repo, "status", "--porcelain") == ""


def test_set_on_a_folder_changes_one_line_per_article_whose_value_differed(
        repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "set", str(repo), "--where", "subject:physics", "seo.title", "QuickTakes | Physics")
    assert code == 0 and git(repo, "status", "--porcelain") == ""  # already so: nothing to write
    code, out, _ = run(capsys, "set", str(repo), "--where", "subject:psychology", "seo.title", "QuickTakes | Mind")
    assert code == 0 and out == "psychology/why-does-trust-matter.md: 1 change(s)\n"
    assert git(repo, "diff", "-U0").count("\n+  title: QuickTakes | Mind") == 1
    assert git(repo, "diff", "--shortstat").strip() == "1 file changed, 1 insertion(+), 1 deletion(-)"


def test_set_with_a_template_and_json(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "set", str(repo), "--where", "subject:physics", "seo.title", "{title} | {subject}",
                       "--template", "--dry-run", "--json")
    report = json.loads(out)
    assert code == 0 and report["dry_run"] is True and report["file_count"] == 2
    assert report["files"][0]["changes"][0]["new"] == "How do tides work? | Physics"
    assert report["files"][0]["diff"].startswith("--- a/physics/how-do-tides-work.md")
    assert git(repo, "status", "--porcelain") == ""


def test_a_value_the_schema_refuses_exits_2_naming_the_files(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "set", str(repo), "--where", "subject:physics", "date", "soon")
    assert code == 2
    assert "physics/how-do-tides-work.md:" in err and "physics/why-is-the-sky-blue.md:" in err
    assert "nothing was written" in err and git(repo, "status", "--porcelain") == ""


def test_exit_codes_nothing_matched_and_bad_input(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "replace", str(repo), "no such words", "x")[0] == 1
    assert run(capsys, "set", str(repo), "--where", "subject:nothing", "author", "x")[0] == 1
    assert run(capsys, "replace", str(repo), "(unclosed", "x", "--regex")[0] == 2
    assert run(capsys, "replace", str(repo), "(moon)", r"\2", "--regex")[0] == 2
    assert run(capsys, "replace", str(repo / "nowhere"), "a", "b")[0] == 2
    code, _, err = run(capsys, "set", str(repo), "author", "x")
    assert code == 2 and "--where" in err
    code, _, err = run(capsys, "set", str(repo / "physics/how-do-tides-work.md"), "author", "x", "--where", "a")
    assert code == 2 and "FOLDER" in err
    assert run(capsys, "undo", str(repo))[0] == 1  # nothing to undo yet
    code, _, err = run(capsys, "set", str(repo), "--where", "subject:physics", "reviewd", "yes")
    assert code == 2 and "--new" in err  # a typo adds no key to every file
    assert run(capsys, "set", str(repo), "--where", "subject:physics", "author", "x", "--force")[0] == 2
    assert git(repo, "status", "--porcelain") == ""
    assert run(capsys, "set", str(repo), "--where", "subject:physics", "reviewed", "yes", "--new")[0] == 0
    assert git(repo, "diff", "-U0").count("\n+reviewed: 'yes'") == 2


def test_set_on_a_file_keeps_working_and_can_preview(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / "physics/how-do-tides-work.md"
    code, out, _ = run(capsys, "set", str(path), "author", "The team", "--dry-run")
    assert code == 0 and "-author: QuickTakes\n+author: The team\n" in out and git(repo, "status", "--porcelain") == ""
    assert run(capsys, "set", str(path), "author", "The team")[0] == 0
    assert Article.load(path).get("author") == "The team"
    assert run(capsys, "set", str(path), "seo.title", "{title}!", "--template")[0] == 0
    assert Article.load(path).get("seo.title") == "How do tides work?!"


def test_replace_json_lists_files_changes_and_the_outcome(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "replace", str(repo), "black", "dark", "--field", "@body", "--json")
    report = json.loads(out)
    assert code == 0 and report["command"] == "replace" and report["outcome"]["complete"] is True
    assert [f["path"] for f in report["files"]] == ["posts/notes-on-the-moon.md"]
    assert report["outcome"]["written"] == ["posts/notes-on-the-moon.md"]


def test_where_with_an_unindexed_key(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "replace", str(repo), "trust", "faith", "--where", "no_index:true", "--word")
    assert code == 0 and out.startswith("psychology/why-does-trust-matter.md: 2 change(s)")


def test_undo_redo_list_and_dry_run(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(repo / "physics")
    assert run(capsys, "replace", str(repo), "sea", "ocean")[0] == 0
    after = snapshot(repo / "physics")
    code, out, _ = run(capsys, "undo", str(repo), "--list")
    assert code == 0 and re.match(r"^\S+  applied +1 file\(s\)  Replace 'sea' with 'ocean'", out)
    operation = out.split()[0]
    code, out, _ = run(capsys, "undo", str(repo), "--dry-run")
    assert code == 0 and "would write 1 file(s)" in out and snapshot(repo / "physics") == after
    assert run(capsys, "undo", str(repo), "--operation", operation)[0] == 0
    assert snapshot(repo / "physics") == before
    code, out, _ = run(capsys, "redo", str(repo), "--json")
    assert code == 0 and json.loads(out)["written"] == ["physics/how-do-tides-work.md"]
    assert snapshot(repo / "physics") == after
    assert run(capsys, "redo", str(repo))[0] == 1
    assert run(capsys, "undo", str(repo), "--operation", "nope")[0] == 1
