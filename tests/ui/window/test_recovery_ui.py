"""The window side of never losing work: the journal writer, the disk watch bar, the recovery bar."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget
from tests.ui.recovery_fixtures import data_home, edited_bytes, folder, record_in_dead_process  # noqa: F401
from tests.ui.window_fixtures import article_path

from editor.session import recovery
from editor.article.article import Article
from editor.session.recovery import file_hash
from ui.tab import disk_watch
from ui.tab import journal
from ui.tab.controller import ArticleController
from ui.common.dialogs import DiffDialog
from ui.common.message_bar import MessageBar
from ui.window.recovery_bar import RecoveryBar, RestoreDiffDialog


@pytest.fixture
def controller(qtbot, folder: Path) -> ArticleController:
    return ArticleController(article_path(folder))


def entry_bytes(journal_writer: journal.ArticleJournal) -> bytes | None:
    entry_file = journal_writer.journal.entry_file(journal_writer.controller.path)
    if not entry_file.exists():
        return None
    [entry] = [e for e in journal_writer.journal.entries() if e.file == entry_file]
    return entry.data


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

    from ui.answer.pane import AnswerPane

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
