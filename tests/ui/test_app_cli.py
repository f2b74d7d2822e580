"""The entry point: CLI subcommands without Qt, the window's options, and --screenshot."""
from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from tests.ui.window_fixtures import article_path, write_project

from ui import app

PYTHON = sys.executable
from tests.locations import ROOT


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        ARTICLE_EDITOR_SETTINGS=str(tmp_path / "settings.ini"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    return env


def test_main_routes_subcommands_to_the_cli_without_importing_qt(tmp_path: Path):
    write_project(tmp_path)
    code = (
        "import sys; from ui.app import main; rc = main(['get', sys.argv[1], 'title']);"
        "print('qt-loaded' if any(m.startswith(('PySide6', 'shiboken6', 'qtawesome')) for m in sys.modules) else 'no-qt');"
        "sys.exit(rc)"
    )
    result = subprocess.run(
        [PYTHON, "-c", code, str(article_path(tmp_path))], capture_output=True, text=True, cwd=ROOT,
        env=_env(tmp_path), timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["What is a lever?", "no-qt"]


def test_window_options_are_parsed():
    options = app._parse(["content", "--open", "physics/a.md", "--screenshot", "out.png", "--size", "1024x700"])
    assert (options.path, options.open_path, options.screenshot, options.size) == (
        "content", "physics/a.md", "out.png", (1024, 700)
    )


def test_a_bad_size_is_a_usage_error():
    with pytest.raises(SystemExit) as exit_info:
        app._parse(["--size", "big"])
    assert exit_info.value.code == 2


def test_a_missing_path_fails_with_a_one_line_message(tmp_path: Path, capsys):
    assert app.main([str(tmp_path / "nowhere")]) == 1
    assert "no such file or folder" in capsys.readouterr().err


def test_a_file_belongs_to_the_folder_above_its_subject_folder(tmp_path: Path):
    write_project(tmp_path)
    assert app.project_root_for(article_path(tmp_path)) == tmp_path.resolve()
    (tmp_path / ".article-editor").mkdir()
    nested = tmp_path / "physics" / "deeper" / "x.md"
    nested.parent.mkdir()
    nested.write_text("---\nid: 1\n---\n")
    assert app.project_root_for(nested) == tmp_path.resolve()


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


def test_screenshot_renders_the_loaded_window_to_a_png_and_exits(tmp_path: Path):
    content = write_project(tmp_path / "content")
    out = tmp_path / "shot.png"
    result = subprocess.run(
        [PYTHON, "-m", "ui.app", str(content), "--open", "physics/what-is-a-lever.md",
         "--screenshot", str(out), "--size", "1024x700"],
        capture_output=True, text=True, cwd=ROOT, env=_env(tmp_path), timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "timeout" not in result.stderr
    assert _png_size(out) == (1024, 700)


def test_screenshot_with_review_is_of_the_review_window_at_the_asked_size(tmp_path: Path, monkeypatch):
    from tests.fixtures.git_repo import GitRepo, isolated_git

    isolated_git(monkeypatch, tmp_path)
    repo = GitRepo(tmp_path / "site")
    content = write_project(repo.root / "content")
    repo.commit_all("first")
    lever = content / "physics" / "what-is-a-lever.md"
    lever.write_bytes(lever.read_bytes().replace(b"    What is a lever?", b"    What is a simple lever?", 1))
    out = tmp_path / "review.png"
    result = subprocess.run(
        [PYTHON, "-m", "ui.app", str(content), "--review", "physics/what-is-a-lever.md",
         "--screenshot", str(out), "--size", "900x600"],
        capture_output=True, text=True, cwd=ROOT, env=_env(tmp_path), timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "timeout" not in result.stderr  # the picture waited for the review of the lever
    assert _png_size(out) == (900, 600)


@pytest.fixture
def private_dirs(tmp_path: Path, monkeypatch):
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))


def _window_for(qtbot, path, settings):
    window = app.create_window(path, settings)
    folder = window.project.folder
    window.shutdown()
    window.deleteLater()
    return folder


def test_without_a_path_the_last_project_reopens_else_the_bundled_samples(qtbot, tmp_path: Path, private_dirs):
    from editor.resources import SAMPLE_CONTENT
    from ui.common.settings import Settings

    settings = Settings.at(tmp_path / "settings.ini")
    assert _window_for(qtbot, None, settings) == SAMPLE_CONTENT.resolve()
    content = write_project(tmp_path / "content")
    settings.add_recent_project(content)
    assert _window_for(qtbot, None, settings) == content.resolve()


def test_a_file_path_opens_its_folder_as_the_project_and_the_file_in_a_tab(qtbot, tmp_path: Path, private_dirs):
    from ui.common.settings import Settings

    content = write_project(tmp_path / "content")
    window = app.create_window(article_path(content), Settings.at(tmp_path / "settings.ini"))
    try:
        assert window.project.folder == content.resolve()
        assert window.current_tab().path == article_path(content).resolve()
    finally:
        window.shutdown()
        window.deleteLater()
