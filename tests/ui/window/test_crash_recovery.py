"""Crashes lose nothing that was saved or journalled.

1. The real window, in a subprocess, gets typing in ``answerEditor`` and is killed with SIGKILL;
   a new process finds the typed text through ``editor.recovery.pending(folder)``.
2. A hypothesis state machine mixes edit, journal, save, external change, discard, crash and
   restore on the core objects, checking after every step that text reported as saved or
   journalled can still be had.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from tests.ui.window_fixtures import article_path, write_project

from editor.article.article import Article, ConflictError
from editor.session.recovery import Journal, restore_article

TYPED = "Typed just before the power went out"

# The child process: the real window (ui.app.create_window), offscreen, typing with QTest.
WINDOW_DRIVER = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QWidget
    from ui.app import _make_application, create_window
    from ui.common.settings import Settings

    folder, relative, settings_file, typed = sys.argv[1:5]
    app = _make_application(offscreen=True)
    window = create_window(folder, Settings.at(settings_file))
    window.show()
    tab = window.open_article(relative)
    editor = tab.findChild(QWidget, "answerEditor")
    editor.setFocus()
    cursor = editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    editor.setTextCursor(cursor)

    def type_it():
        QTest.keyClicks(editor, " " + typed)
        print("TYPED", flush=True)

    QTimer.singleShot(300, type_it)
    sys.exit(app.exec())
    """
)


def journal_files_containing(root: Path, text: str) -> list[Path]:
    import base64

    found = []
    for file in root.glob("**/*.journal"):
        try:
            doc = json.loads(file.read_text())
            if text.encode() in base64.b64decode(doc["data_b64"]):
                found.append(file)
        except (OSError, ValueError, KeyError):
            continue
    return found


def test_text_typed_into_the_real_window_survives_sigkill(tmp_path: Path) -> None:
    folder = write_project(tmp_path / "content")
    data_home = tmp_path / "xdg-data"
    env = dict(os.environ, XDG_DATA_HOME=str(data_home), XDG_CACHE_HOME=str(tmp_path / "xdg-cache"),
               QT_QPA_PLATFORM="offscreen")
    relative = article_path(folder).relative_to(folder)
    child = subprocess.Popen(
        [sys.executable, "-c", WINDOW_DRIVER, str(folder), str(relative), str(tmp_path / "settings.ini"), TYPED],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip() == "TYPED", child.stderr.read() if child.poll() is not None else line
        deadline = time.monotonic() + 15
        while not journal_files_containing(data_home, TYPED) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert journal_files_containing(data_home, TYPED), "the typing was never journalled"
        typed_at = time.monotonic()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    assert time.monotonic() - typed_at < 15

    # A new process, as the next start of the editor would be.
    finder = subprocess.run(
        [sys.executable, "-c",
         "import json, sys; from editor.session.recovery import pending;"
         "print(json.dumps([[str(e.path), e.data.decode()] for e in pending(sys.argv[1])]))", str(folder)],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert finder.returncode == 0, finder.stderr
    [[path, data]] = json.loads(finder.stdout)
    assert Path(path) == article_path(folder).resolve()
    assert Article.parse(data.encode(), path).answer.endswith(" " + TYPED)
    assert TYPED.encode() not in article_path(folder).read_bytes()  # it was never saved


# -- the state machine ---------------------------------------------------------------------------

ARTICLE = (
    "---\n_schema: default\nid: 900\ntitle: >-\n    What survives a crash?\nsubject: Physics\n"
    "answer: >-\n    Nothing typed yet.\n---\n\n&nbsp;"
).encode()

texts = st.text(alphabet="abc xyz\n*", min_size=1, max_size=30)


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def crash(journal: Journal) -> None:
    """What kill -9 leaves: the kernel drops the session's lock; every file stays as it was."""
    if journal._lock_fd is not None:
        os.close(journal._lock_fd)
        journal._lock_fd = None


class EditorLife(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="editor-life-"))
        self.folder = self.tmp / "content"
        (self.folder / "physics").mkdir(parents=True)
        self.path = self.folder / "physics" / "what-survives-a-crash.md"
        self.path.write_bytes(ARTICLE)
        self.root = self.tmp / "journal"
        self.session = Journal(self.root)
        self.buffer = Article.load(self.path)
        self.saved: bytes | None = None  # what our last successful save wrote
        self.journalled: bytes | None = None  # the last journal write not yet saved or discarded

    def disk(self) -> bytes:
        return self.path.read_bytes()

    @rule(text=texts)
    def edit(self, text: str) -> None:
        self.buffer.answer = text

    @rule()
    def journal_timer_fires(self) -> None:
        if self.buffer.is_modified:
            data = self.buffer.dumps()
            self.session.record(self.path, data, self.buffer.disk_hash)
            self.journalled = data

    @rule(force=st.booleans())
    def save(self, force: bool) -> None:
        if not self.buffer.is_modified:
            return
        changed_underneath = sha(self.disk()) != self.buffer.disk_hash
        before = self.disk()
        try:
            self.buffer.save(force=force)
        except ConflictError:
            assert changed_underneath and not force
            assert self.disk() == before  # never silently overwritten
            return
        assert force or not changed_underneath
        self.session.forget(self.path)
        self.saved = self.buffer.dumps()
        self.journalled = None
        assert self.disk() == self.saved

    @rule(text=texts)
    def someone_else_changes_the_file(self, text: str) -> None:
        other = Article.parse(self.disk(), self.path)
        other.answer = "theirs: " + text
        self.path.write_bytes(other.dumps())

    @rule()
    def discard(self) -> None:
        self.session.forget(self.path)
        self.journalled = None
        self.buffer = Article.load(self.path)

    @rule()
    def crash_and_restart(self) -> None:
        crash(self.session)
        self.session = Journal(self.root)
        entries = self.session.pending(self.folder)
        if self.journalled is None or self.journalled == self.disk():
            assert entries == []
            self.buffer = Article.load(self.path)
            self.journalled = None
            return
        assert [e.data for e in entries] == [self.journalled]
        [entry] = entries
        assert entry.disk_changed == (sha(self.disk()) != self.buffer.disk_hash)
        self.buffer = restore_article(entry)
        entry.discard()
        # The reopened buffer is journalled again by the new session (the journal writer does this).
        self.session.record(self.path, self.buffer.dumps(), self.buffer.disk_hash)
        assert self.buffer.dumps() == self.journalled

    @invariant()
    def journalled_text_is_on_record(self) -> None:
        if self.journalled is not None:
            file = self.session.entry_file(self.path)
            [entry] = [e for e in self.session.entries() if e.file == file]
            assert entry.data == self.journalled

    @invariant()
    def no_temp_files_in_the_folder(self) -> None:
        assert sorted(p.name for p in self.path.parent.iterdir()) == [self.path.name]

    def teardown(self) -> None:
        crash(self.session)
        shutil.rmtree(self.tmp, ignore_errors=True)


EditorLife.TestCase.settings = settings(
    max_examples=40, stateful_step_count=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
test_saved_or_journalled_text_is_never_lost = EditorLife.TestCase
