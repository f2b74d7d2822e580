"""The window side of never losing work: the journal writer, the disk watch bar, the recovery bar."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget
from window_fixtures import article_path, write_project

from editor import recovery
from editor.article import Article
from editor.recovery import Journal, file_hash
from ui import disk_watch, journal
from ui.controller import ArticleController
from ui.dialogs import DiffDialog
from ui.message_bar import MessageBar
from ui.recovery_bar import RecoveryBar, RestoreDiffDialog


@pytest.fixture(autouse=True)
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    monkeypatch.setenv("ARTICLE_EDITOR_SETTINGS", str(tmp_path / "settings.ini"))
    monkeypatch.setattr(recovery, "_current", None)
    return home


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_project(tmp_path / "content")


@pytest.fixture
def controller(qtbot, folder: Path) -> ArticleController:
    return ArticleController(article_path(folder))


def entry_bytes(journal_writer: journal.ArticleJournal) -> bytes | None:
    entry_file = journal_writer.journal.entry_file(journal_writer.controller.path)
    if not entry_file.exists():
        return None
    [entry] = [e for e in journal_writer.journal.entries() if e.file == entry_file]
    return entry.data


def record_in_dead_process(path: Path, data: bytes, disk_hash: str | None) -> None:
    """Another process journals a buffer and exits without cleaning up, as a crash would.

    A spawned interpreter, not a fork: forking a process that runs Qt's (and WebEngine's)
    threads can deadlock the child on a lock some thread held."""
    script = (
        "import sys; from pathlib import Path; from editor.recovery import Journal;"
        "Journal().record(Path(sys.argv[1]), sys.stdin.buffer.read(), sys.argv[2] or None)"
    )
    subprocess.run([sys.executable, "-c", script, str(path), disk_hash or ""], input=data, check=True,
                   env=dict(os.environ), timeout=60)


# -- journal writer ----------------------------------------------------------------------------

def test_journal_is_written_about_a_second_after_the_last_keystroke(controller, qtbot) -> None:
    writer = journal.attach(controller)
    controller.set_answer(controller.article.answer + "\n\nTyped a moment ago.")
    started = time.monotonic()
    assert entry_bytes(writer) is None  # not on every keystroke
    qtbot.waitUntil(lambda: entry_bytes(writer) is not None, timeout=2500)
    assert time.monotonic() - started < 1.5
    assert entry_bytes(writer) == controller.article.dumps()


def test_continuous_typing_is_journalled_at_least_every_five_seconds(controller, qtbot) -> None:
    writer = journal.attach(controller)
    writes: list[float] = []
    writer.written.connect(lambda: writes.append(time.monotonic()))
    started = time.monotonic()
    text = controller.article.answer
    while time.monotonic() - started < 5.2:  # a keystroke every 150 ms never lets the idle timer fire
        text += "x"
        controller.set_answer(text)
        qtbot.wait(150)
    assert writes, "nothing was journalled during five seconds of typing"
    assert writes[0] - started <= 5.0
    assert b"xxxxxxxxxx" in entry_bytes(writer)


def test_continuous_typing_in_the_answer_editor_reaches_the_journal_without_a_pause(controller, qtbot) -> None:
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest

    from ui.answer_pane import AnswerPane

    pane = AnswerPane(controller)
    writer = journal.attach(controller)
    editor = pane.findChild(QWidget, "answerEditor")
    editor.moveCursor(QTextCursor.MoveOperation.End)
    typed = 0
    started = time.monotonic()
    while time.monotonic() - started < 5.5:  # faster than the pane's pause: it never flushes by itself
        QTest.keyClicks(editor, "k")
        typed += 1
        qtbot.wait(120)
    during = entry_bytes(writer) or b""
    assert during.count(b"k" * 20) >= 1, "keystrokes held back by the editor were never journalled"
    try:
        qtbot.waitUntil(lambda: (entry_bytes(writer) or b"").count(b"k" * typed) == 1, timeout=2000)
    finally:
        # Its web preview must be gone before Qt's web profile is released at exit.
        shutdown = getattr(pane, "shutdown", None)
        if callable(shutdown):
            shutdown()
        pane.deleteLater()
        qtbot.wait(100)


def test_saving_deletes_the_journal_entry(controller, qtbot) -> None:
    writer = journal.attach(controller)
    controller.set_answer("Saved soon.")
    writer.write_now()
    assert entry_bytes(writer) is not None
    controller.save()
    assert entry_bytes(writer) is None
    assert not writer.pending_write


def test_undoing_back_to_the_file_deletes_the_journal_entry(controller, qtbot) -> None:
    writer = journal.attach(controller)
    controller.set("author", "Someone Else")
    writer.write_now()
    assert entry_bytes(writer) is not None
    controller.undo_stack.undo()
    assert not controller.is_modified
    assert entry_bytes(writer) is None


def test_reloading_discards_the_journal_entry(controller, qtbot) -> None:
    writer = journal.attach(controller)
    controller.set_answer("Thrown away.")
    writer.write_now()
    controller.reload()
    assert entry_bytes(writer) is None


def test_a_failing_journal_reports_once_and_editing_goes_on(controller, qtbot, monkeypatch) -> None:
    writer = journal.attach(controller)
    monkeypatch.setattr(writer.journal, "record", lambda *a: (_ for _ in ()).throw(OSError(28, "No space left")))
    messages: list[str] = []
    writer.failed.connect(messages.append)
    controller.set_answer("One.")
    writer.write_now()
    controller.set_answer("Two.")
    writer.write_now()
    assert len(messages) == 1 and "No space left" in messages[0]
    assert controller.article.answer == "Two."


# -- disk watch --------------------------------------------------------------------------------

@pytest.fixture
def tab(qtbot, controller) -> QWidget:
    """A minimal tab: a message bar over nothing, as ArticleTab lays it out."""
    widget = QWidget()
    widget.controller = controller  # type: ignore[attr-defined]
    layout = QVBoxLayout(widget)
    layout.addWidget(MessageBar(widget))
    layout.addWidget(QWidget())
    qtbot.addWidget(widget)
    widget.show()
    return widget


def buttons_of(bar: MessageBar) -> list[str]:
    return [b.text() for b in bar.findChildren(QPushButton) if b.objectName().startswith("messageAction:") and b.isVisible()]


def test_clean_buffer_reloads_silently_when_the_file_changes(tab, controller, qtbot) -> None:
    watch = disk_watch.attach(tab)
    path = controller.path
    path.write_bytes(path.read_bytes().replace(b"author: QuickTakes", b"author: Changed Outside"))
    qtbot.waitUntil(lambda: controller.get("author") == "Changed Outside", timeout=3000)
    assert not watch.bar.isVisible()
    assert not controller.is_modified


def test_modified_buffer_gets_the_changed_on_disk_bar(tab, controller, qtbot) -> None:
    watch = disk_watch.attach(tab)
    controller.set_answer("Mine, unsaved.")
    path = controller.path
    path.write_bytes(path.read_bytes().replace(b"author: QuickTakes", b"author: Git Checkout"))
    qtbot.waitUntil(watch.bar.isVisible, timeout=3000)
    assert "changed on disk" in watch.bar.text
    assert buttons_of(watch.bar) == ["Compare", "Reload", "Keep mine"]
    assert controller.article.answer == "Mine, unsaved."  # nothing reloaded behind the writer's back


def test_compare_shows_disk_and_editor_versions(tab, controller, qtbot, monkeypatch) -> None:
    watch = disk_watch.attach(tab)
    controller.set_answer("Mine, unsaved.")
    path = controller.path
    path.write_bytes(path.read_bytes().replace(b"author: QuickTakes", b"author: Git Checkout"))
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(DiffDialog, "show_diff", classmethod(lambda cls, parent, title, disk, mine: shown.append((disk, mine))))
    qtbot.waitUntil(watch.bar.isVisible, timeout=3000)
    watch.bar.button("Compare").click()
    [(disk, mine)] = shown
    assert "Git Checkout" in disk and "Git Checkout" not in mine
    assert "Mine, unsaved." in mine


def test_reload_button_takes_the_disk_version(tab, controller, qtbot) -> None:
    watch = disk_watch.attach(tab)
    controller.set_answer("Mine, unsaved.")
    path = controller.path
    path.write_bytes(path.read_bytes().replace(b"author: QuickTakes", b"author: Git Checkout"))
    qtbot.waitUntil(watch.bar.isVisible, timeout=3000)
    watch.bar.button("Reload").click()
    assert controller.get("author") == "Git Checkout"
    assert not controller.is_modified and not watch.bar.isVisible()


def test_keep_mine_lets_the_next_save_overwrite_that_disk_version(tab, controller, qtbot) -> None:
    watch = disk_watch.attach(tab)
    controller.set_answer("Mine wins.")
    path = controller.path
    path.write_bytes(path.read_bytes().replace(b"author: QuickTakes", b"author: Git Checkout"))
    qtbot.waitUntil(watch.bar.isVisible, timeout=3000)
    watch.bar.button("Keep mine").click()
    assert watch.overwrite_allowed()
    path.write_bytes(path.read_bytes() + b" ")  # yet another version: no longer the one accepted
    assert not watch.overwrite_allowed()


def test_own_save_raises_no_bar(tab, controller, qtbot) -> None:
    watch = disk_watch.attach(tab)
    controller.set_answer("Saved by us.")
    controller.save()
    qtbot.wait(disk_watch.SETTLE_MS + 300)
    assert not watch.bar.isVisible()


def test_deleted_file_keeps_the_buffer_marks_it_and_offers_to_recreate(tab, controller, qtbot) -> None:
    watch = disk_watch.attach(tab)
    controller.set_answer("Still here.")
    path = controller.path
    path.unlink()
    qtbot.waitUntil(lambda: watch.missing, timeout=3000)
    assert controller.property("missingOnDisk") is True
    assert "deleted" in watch.bar.text and buttons_of(watch.bar) == ["Recreate"]
    assert controller.article.answer == "Still here."
    watch.bar.button("Recreate").click()
    assert Article.load(path).answer == "Still here."
    assert not controller.is_modified
    qtbot.waitUntil(lambda: not watch.missing, timeout=3000)


def test_renamed_file_is_found_and_can_be_followed(tab, controller, qtbot) -> None:
    watch = disk_watch.attach(tab)
    controller.set_answer("Edited before the rename.")
    path = controller.path
    new = path.with_name("renamed-elsewhere.md")
    os.rename(path, new)
    qtbot.waitUntil(lambda: watch.missing, timeout=3000)
    assert "renamed-elsewhere.md" in watch.bar.text
    watch.bar.button("Follow rename").click()
    assert controller.path == new
    controller.save()
    assert Article.load(new).answer == "Edited before the rename."
    assert not path.exists()


def test_a_file_that_becomes_unreadable_keeps_the_clean_buffer(tab, controller, qtbot) -> None:
    watch = disk_watch.attach(tab)
    title = controller.get("title")
    controller.path.write_bytes(b"---\ntitle: [broken\n---\n")
    qtbot.waitUntil(watch.bar.isVisible, timeout=3000)
    assert "cannot be read" in watch.bar.text
    assert controller.get("title") == title


# -- recovery bar ------------------------------------------------------------------------------

def edited_bytes(path: Path, answer: str) -> tuple[bytes, str]:
    article = Article.load(path)
    article.answer = answer
    return article.dumps(), article.disk_hash


def test_recovery_bar_restores_a_crashed_buffer_as_an_unsaved_article(qtbot, folder) -> None:
    path = article_path(folder)
    data, disk_hash = edited_bytes(path, "Typed before the crash.")
    record_in_dead_process(path, data, disk_hash)
    opened: list[tuple[Path, Article]] = []
    bar = RecoveryBar(recovery.pending(folder), lambda p, a: opened.append((p, a)))
    qtbot.addWidget(bar)
    bar.show()
    assert bar.isVisible()
    assert "Compare…" not in [b.text() for b in bar.findChildren(QPushButton)]
    bar.findChild(QPushButton, "recoveryRestore").click()
    [(opened_path, article)] = opened
    assert opened_path == path.resolve()
    assert article.is_modified and article.answer == "Typed before the crash."
    assert recovery.pending(folder) == []
    assert bar.isHidden()


def test_restoring_over_a_changed_file_shows_the_diff_first(qtbot, folder, monkeypatch) -> None:
    path = article_path(folder)
    data, disk_hash = edited_bytes(path, "Typed before the crash.")
    record_in_dead_process(path, data, disk_hash)
    path.write_bytes(path.read_bytes().replace(b"author: QuickTakes", b"author: Pulled From Git"))
    asked: list[tuple[str, str]] = []
    answers = iter(["cancel", "restore"])
    monkeypatch.setattr(RestoreDiffDialog, "ask",
                        classmethod(lambda cls, parent, name, disk, mine: asked.append((disk, mine)) or next(answers)))
    opened: list[Article] = []
    bar = RecoveryBar(recovery.pending(folder), lambda p, a: opened.append(a))
    qtbot.addWidget(bar)
    assert bar.findChild(QPushButton, "recoveryCompare") is not None
    bar.findChild(QPushButton, "recoveryRestore").click()
    assert opened == [] and len(recovery.pending(folder)) == 1  # cancelled: nothing restored, entry kept
    bar.findChild(QPushButton, "recoveryRestore").click()
    assert len(asked) == 2
    disk, mine = asked[0]
    assert "Pulled From Git" in disk and "Typed before the crash." in mine
    [article] = opened
    assert article.answer == "Typed before the crash."


def test_discarding_in_the_diff_drops_the_entry(qtbot, folder, monkeypatch) -> None:
    path = article_path(folder)
    data, disk_hash = edited_bytes(path, "Not wanted.")
    record_in_dead_process(path, data, disk_hash)
    path.write_bytes(path.read_bytes() + b"\n")
    monkeypatch.setattr(RestoreDiffDialog, "ask", classmethod(lambda cls, *a: "discard"))
    bar = RecoveryBar(recovery.pending(folder), lambda p, a: pytest.fail("must not open"))
    qtbot.addWidget(bar)
    bar.findChild(QPushButton, "recoveryCompare").click()
    assert recovery.pending(folder) == []


def test_discard_button_forgets_the_entry_and_hides_the_bar(qtbot, folder) -> None:
    path = article_path(folder)
    data, disk_hash = edited_bytes(path, "Not wanted.")
    record_in_dead_process(path, data, disk_hash)
    bar = RecoveryBar(recovery.pending(folder), lambda p, a: pytest.fail("must not open"))
    qtbot.addWidget(bar)
    bar.findChild(QPushButton, "recoveryDiscard").click()
    assert recovery.pending(folder) == [] and bar.isHidden()


def test_unreadable_recovered_bytes_are_saved_as_a_copy_not_lost(qtbot, folder) -> None:
    path = article_path(folder)
    record_in_dead_process(path, b"---\ntitle: [half written\n---\n", file_hash(path))
    bar = RecoveryBar(recovery.pending(folder), lambda p, a: pytest.fail("must not open"))
    qtbot.addWidget(bar)
    bar.findChild(QPushButton, "recoveryRestore").click()
    [copy] = path.parent.glob(path.name + ".recovered-*")
    assert copy.read_bytes() == b"---\ntitle: [half written\n---\n"
    assert str(copy) in bar.findChild(QWidget, f"recoveryRow:{path.name}").findChild(QWidget, "recoveryText").text()


# -- in the real window ------------------------------------------------------------------------

@pytest.fixture
def make_window(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from ui import app
    from ui.dialogs import SaveChangesDialog
    from ui.settings import Settings

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

    from editor import atomic
    from ui.save_failures import SaveAsDialog

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
    from ui.dialogs import ConflictDialog

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
    from ui.dialogs import ConflictDialog

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
    from ui.article_tab import BrokenArticleTab

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
