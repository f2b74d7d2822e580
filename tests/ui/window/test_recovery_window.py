"""Never losing work, seen from the whole window: save failures, conflicts, crashed buffers at
start, a second window on the same folder, and bad files."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton
from tests.ui.recovery_fixtures import data_home, edited_bytes, folder, record_in_dead_process  # noqa: F401
from tests.ui.window_fixtures import article_path

from editor.session import recovery
from editor.article.article import Article
from ui.common.message_bar import MessageBar
from ui.window.recovery_bar import RecoveryBar


@pytest.fixture
def make_window(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from ui import app
    from ui.common.dialogs import SaveChangesDialog
    from ui.common.settings import Settings

    # pytest-qt closes the windows before fixtures tear down; unsaved test edits are thrown away.
    monkeypatch.setattr(SaveChangesDialog, "ask", classmethod(lambda cls, *a: "discard"))

    made = []

    def make(folder: Path):
        win = app.create_window(folder, Settings.at(tmp_path / "settings.ini"))
        made.append(win)
        return win

    yield make
    for win in made:  # as the window tests do: stop background work and free the folder first
        win.shutdown()
        win.hide()
        win.deleteLater()
    qtbot.wait(100)


def open_modified(window, folder: Path, answer: str = "Edited in the window."):
    tab = window.open_article(article_path(folder))
    tab.controller.set_answer(answer)
    return tab


def test_failed_save_in_the_window_says_why_and_offers_save_as(make_window, folder, tmp_path, monkeypatch) -> None:
    import errno

    from editor.article import atomic
    from ui.window.save_failures import SaveAsDialog

    window = make_window(folder)
    tab = open_modified(window, folder)
    original = article_path(folder).read_bytes()
    monkeypatch.setattr(atomic.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full")))
    assert window.save() is False
    assert "the disk is full" in tab.message_bar.text and "kept" in tab.message_bar.text
    assert tab.message_bar.button("Save As…") is not None and tab.message_bar.button("Retry") is not None
    assert tab.controller.is_modified and article_path(folder).read_bytes() == original
    assert not [p for p in article_path(folder).parent.iterdir() if p.name.startswith(".")]
    monkeypatch.undo()
    elsewhere = tmp_path / "rescued.md"
    monkeypatch.setattr(SaveAsDialog, "ask", classmethod(lambda cls, parent, suggested: elsewhere))
    tab.message_bar.button("Save As…").click()
    assert Article.load(elsewhere).answer == "Edited in the window."
    assert tab.controller.path == elsewhere and not tab.controller.is_modified
    assert article_path(folder).read_bytes() == original


def test_saving_a_file_deleted_on_disk_offers_to_recreate_it(make_window, folder, qtbot) -> None:
    window = make_window(folder)
    tab = open_modified(window, folder, "Deleted underneath me.")
    article_path(folder).unlink()
    assert window.save() is False
    assert "deleted" in tab.message_bar.text
    tab.message_bar.button("Recreate").click()
    assert Article.load(article_path(folder)).answer == "Deleted underneath me."


def test_keep_mine_in_the_window_then_save_overwrites_without_a_dialog(make_window, folder, qtbot, monkeypatch) -> None:
    from ui.common.dialogs import ConflictDialog

    window = make_window(folder)
    tab = open_modified(window, folder, "Mine, kept.")
    path = article_path(folder)
    path.write_bytes(path.read_bytes().replace(b"author: QuickTakes", b"author: Someone Else"))
    bar = tab.findChild(MessageBar, "diskBar")
    qtbot.waitUntil(lambda: not bar.isHidden(), timeout=3000)
    bar.button("Keep mine").click()
    monkeypatch.setattr(ConflictDialog, "ask", classmethod(lambda *a: pytest.fail("no dialog after Keep mine")))
    assert window.save() is True
    assert Article.load(path).answer == "Mine, kept."


def test_a_changed_file_without_keep_mine_still_raises_the_conflict_dialog(make_window, folder, monkeypatch) -> None:
    from ui.common.dialogs import ConflictDialog

    window = make_window(folder)
    open_modified(window, folder, "Mine.")
    path = article_path(folder)
    theirs = path.read_bytes().replace(b"author: QuickTakes", b"author: Someone Else")
    path.write_bytes(theirs)
    asked = []
    monkeypatch.setattr(ConflictDialog, "ask", classmethod(lambda cls, parent, name: asked.append(name) or "cancel"))
    assert window.save() is False
    assert asked == [path.name] and path.read_bytes() == theirs


def test_window_offers_crashed_buffers_at_start_and_restores_them(make_window, folder, qtbot) -> None:
    path = article_path(folder)
    data, disk_hash = edited_bytes(path, "Recovered into the window.")
    record_in_dead_process(path, data, disk_hash)
    window = make_window(folder)
    bar = window.findChild(RecoveryBar, "recoveryBar")
    assert bar is not None and bar.isVisibleTo(window)
    bar.findChild(QPushButton, "recoveryRestore").click()
    controller = window.current_controller()
    assert controller is not None and controller.path == path.resolve()
    assert controller.is_modified and controller.article.answer == "Recovered into the window."
    assert recovery.pending(folder) == []
    assert window.save() is True
    assert Article.load(path).answer == "Recovered into the window."


def test_second_window_on_the_same_folder_gets_a_notice(make_window, folder) -> None:
    first = make_window(folder)
    second = make_window(folder)
    texts = [bar.text for bar in second.findChildren(MessageBar) if bar.isVisibleTo(second)]
    assert any("already open" in text for text in texts), texts
    assert not any("already open" in bar.text for bar in first.findChildren(MessageBar) if bar.isVisibleTo(first))


BAD_FILES = {
    "malformed.md": b"---\nid: 1\ntitle: [unclosed\n---\n",
    "no-front-matter.md": b"Plain markdown.\n",
    "binary.md": b"---\nid: \x00\xff\xfe\n---\n",
    "latin1.md": "---\ntitle: Caf\u00e9\n---\n".encode("latin-1"),
    "python-tag.md": b"---\nid: !!python/object/apply:os.system ['true']\n---\n",
    "alias-bomb.md": b"---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    b"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n---\n",
    "deep.md": b"---\nx: " + b"[" * 50_000 + b"]" * 50_000 + b"\n---\n",
}


def test_bad_files_open_as_clear_messages_and_unsaved_work_elsewhere_survives(make_window, folder, tmp_path) -> None:
    from ui.tab.article_tab import BrokenArticleTab

    bad_folder = folder / "physics"
    for name, data in BAD_FILES.items():
        (bad_folder / name).write_bytes(data)
    huge = bad_folder / "huge.md"
    with open(huge, "wb") as handle:
        handle.write(b"---\nid: 1\nanswer: >-\n    ")
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(b"Waves and tides.\\n\\n" * 4096)
        handle.write(b"\n---\n")
    before = {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in bad_folder.iterdir()}
    window = make_window(folder)
    good = open_modified(window, folder, "Unsaved and precious.")
    for name in [*BAD_FILES, "huge.md"]:
        started = time.monotonic()
        tab = window.open_article(bad_folder / name)
        assert isinstance(tab, BrokenArticleTab), name
        assert name in tab.message_bar.text, tab.message_bar.text
        assert time.monotonic() - started < 10, f"{name} took too long to show"
    assert good.controller.is_modified and good.controller.article.answer == "Unsaved and precious."
    after = {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in bad_folder.iterdir()}
    assert after == before  # nothing written, no temp files
