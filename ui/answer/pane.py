"""The answer pane: formatting toolbar, markdown editor with find bar, and the live preview.

It binds the editor to the article controller both ways. Typing stays cheap on a 100 KB answer:
the model (``controller.set_answer``, which re-encodes the whole answer) is updated after a pause,
and at once on ``aboutToSave``; the very first edit goes through immediately so the modified
marker appears with the first keystroke. Rendering, pitfall flagging and word counting happen in
the render process (``ui.render_worker``); the pane shows whatever fresh result comes back.
"""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QTextCursor
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QMenu, QSplitter, QToolBar, QVBoxLayout, QWidget

from editor.answer.pitfalls import Pitfall
from editor.answer.spelling import DEFAULT_LANGUAGE, Speller
from editor.render.views import VIEW_LABELS
from editor.site.project_config import read_project_config
from ui.answer.editor import AnswerEditor
from ui.answer.find_bar import FindReplaceBar
from ui.answer.preview import AnswerPreview
from ui.answer.render_worker import RenderResult, RenderWorker
from ui.answer.spell_menu import add_spelling_actions
from ui.answer.undo import AnswerUndo
from ui.common.undo_keys import UndoKeys

MODEL_DEBOUNCE_MS = 400
SCROLL_SYNC_MS = 30
WORDS_PER_MINUTE = 200
def _icon(name: str):
    try:
        import qtawesome

        return qtawesome.icon(name)
    except Exception:  # icons are decoration; a missing font must not break the pane
        return None


class AnswerPane(QWidget):
    """Toolbar, editor and preview for one article's answer."""

    def __init__(self, controller: Any, project: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("answerPane")
        self.controller = controller
        self.project = project
        self.view = "answer"
        self.flavour = str(getattr(project, "render_flavour", None) or "site")
        self._pushing = False  # True while our own set_answer runs, so its echo is ignored
        self.last_result: RenderResult | None = None

        self.editor = AnswerEditor(self)
        self.find_bar = FindReplaceBar(self.editor, self)
        self.preview = AnswerPreview(self._project_folder(), self._article_folder(), self)
        self.worker = RenderWorker(self)
        self.toolbar = self._build_toolbar()
        self.view_bar = self._build_view_bar()
        self.bars = QWidget(self, objectName="answerBars")
        self.bars_layout = QGridLayout(self.bars)
        self.bars_layout.setContentsMargins(0, 0, 0, 0)
        self.bars_layout.setSpacing(0)
        self.bars_layout.setColumnStretch(0, 1)
        self.bars_stacked: bool | None = None
        self._place_bars(stacked=False)
        self.word_count_label = QLabel(objectName="answerWordCount")
        self.reading_time_label = QLabel(objectName="answerReadingTime")
        self.pitfall_label = QLabel(objectName="answerPitfalls")

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self, objectName="answerSplitter")
        self.splitter.addWidget(self.editor)
        self.splitter.addWidget(self.preview)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self._split_evenly = True  # on the first real layout: editor and preview half each
        footer = QHBoxLayout()
        footer.setContentsMargins(6, 2, 6, 2)
        footer.addWidget(self.pitfall_label)
        footer.addStretch(1)
        footer.addWidget(self.word_count_label)
        footer.addSpacing(12)
        footer.addWidget(self.reading_time_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.bars)
        layout.addWidget(self.splitter, 1)
        # Under both editor and preview, across the pane: the bar never resizes the splitter.
        layout.addWidget(self.find_bar)
        layout.addLayout(footer)

        self._model_timer = QTimer(self, singleShot=True, interval=MODEL_DEBOUNCE_MS, timeout=self.flush)
        self._scroll_timer = QTimer(self, singleShot=True, interval=SCROLL_SYNC_MS, timeout=self._sync_preview_scroll)
        self._editor_scroll_echo = False
        self.speller: Speller | None = None

        self._load_text()
        # One undo history per article: the answer's edits are steps of the controller's stack.
        stack = getattr(controller, "undo_stack", None)
        self.answer_undo = AnswerUndo(self.editor, stack, self.flush) if stack is not None else None
        if stack is not None:
            UndoKeys(stack, self).watch(self.editor)
            self.editor.undo_stack = stack
        self.editor.textChanged.connect(self._on_text_changed)
        self.editor.findRequested.connect(self.find)
        self.editor.replaceRequested.connect(self.replace)
        self.editor.spell_menu_builder = self._add_spelling_actions
        self.editor.verticalScrollBar().valueChanged.connect(self._on_editor_scrolled)
        self.preview.scrolledToLine.connect(self._on_preview_scrolled)
        self.worker.rendered.connect(self._on_rendered)
        controller.changed.connect(self._on_model_changed)
        controller.aboutToSave.connect(self.flush)
        self._start_spelling()
        self.request_render(immediate=True)

    # -- construction helpers ----------------------------------------------------------------------
    def _project_folder(self) -> Path | None:
        folder = getattr(self.project, "folder", None)
        return Path(folder) if folder else self._article_folder()

    def _article_folder(self) -> Path | None:
        path = getattr(self.controller, "path", None)
        return Path(path).parent if path else None

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar("Answer", self, objectName="answerToolbar")
        bar.setIconSize(bar.iconSize() * 0.8)
        for command in self.editor.commands.values():
            action = QAction(command.text, self, objectName=f"action:answer.{command.id}")
            icon = _icon(command.icon)
            if icon is not None:
                action.setIcon(icon)
            # The editor handles the keys itself (so they win while it has focus); shown as a hint.
            action.setToolTip(f"{command.text} ({command.shortcut})")
            action.triggered.connect(lambda _=False, c=command: (c.run(self.editor), self.editor.setFocus()))
            bar.addAction(action)
            if command.id in ("italic", "numberedList", "codeBlock", "displayMath"):
                bar.addSeparator()
        bar.addSeparator()
        fix_all = QAction("Fix pitfalls", self, objectName="action:answer.fixPitfalls")
        fix_all.setToolTip("Fix every site pitfall in the answer (one undo step)")
        icon = _icon("fa5s.magic")
        if icon is not None:
            fix_all.setIcon(icon)
        fix_all.triggered.connect(self.editor.fix_all_pitfalls)
        bar.addAction(fix_all)
        return bar

    def _build_view_bar(self) -> QToolBar:
        """The view switch (Answer, Page, Search result) and the preview toggle: beside the format
        bar when the pane is wide enough, under it when not (see ``_place_bars``), so no button
        ever folds into an overflow menu."""
        bar = QToolBar("Preview view", self, objectName="answerViewBar")
        self.view_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        group.setExclusive(True)
        for name, text in VIEW_LABELS.items():
            action = QAction(text, self, objectName=f"previewView:{name}", checkable=True)
            action.setChecked(name == self.view)
            action.triggered.connect(lambda _=False, n=name: self.set_view(n))
            group.addAction(action)
            bar.addAction(action)
            self.view_actions[name] = action
        toggle = QAction("Preview", self, objectName="action:answer.togglePreview", checkable=True, checked=True)
        toggle.toggled.connect(self.preview.setVisible)
        bar.addSeparator()
        bar.addAction(toggle)
        return bar

    def _place_bars(self, stacked: bool) -> None:
        if stacked == self.bars_stacked:
            return
        self.bars_stacked = stacked
        self.bars_layout.removeWidget(self.toolbar)
        self.bars_layout.removeWidget(self.view_bar)
        self.bars_layout.addWidget(self.toolbar, 0, 0)
        right = Qt.AlignmentFlag.AlignRight
        self.bars_layout.addWidget(self.view_bar, 1 if stacked else 0, 0 if stacked else 1, right)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        needed = self.toolbar.sizeHint().width() + self.view_bar.sizeHint().width()
        self._place_bars(stacked=self.width() < needed)
        if self._split_evenly and self.splitter.width() > 100:
            self._split_evenly = False
            half = self.splitter.width() // 2
            self.splitter.setSizes([half, self.splitter.width() - half])

    # -- model binding -----------------------------------------------------------------------------
    def _load_text(self, undoable: bool = False) -> None:
        """Put the model's answer in the editor, keeping the cursor where it was.

        ``undoable``: a change made elsewhere (a quick fix from the problems panel) replaces the
        text in place as one undo step rather than resetting the editor; a reload from disk
        starts afresh.
        """
        text = self.controller.article.answer or ""
        position = self.editor.textCursor().position()
        recorder = getattr(self, "answer_undo", None)
        # A change made by a step of the stack (a field fix, its undo, a revert) is that step
        # already; one made outside any step (``set_answer`` from the problems panel) is recorded
        # as a step of its own, so the history stays one, in order, and undoes it.
        in_step = bool(getattr(self.controller, "applying_step", True))
        paused = recorder.paused() if recorder is not None and (in_step or not undoable) else contextlib.nullcontext()
        with QSignalBlocker(self.editor), paused:
            if undoable:
                cursor = QTextCursor(self.editor.document())
                cursor.beginEditBlock()
                cursor.select(QTextCursor.SelectionType.Document)
                cursor.insertText(text)
                cursor.endEditBlock()
            else:
                self.editor.setPlainText(text)
        cursor = self.editor.textCursor()
        cursor.setPosition(min(position, len(text)))
        self.editor.setTextCursor(cursor)

    def _on_text_changed(self) -> None:
        if self.editor.highlighter.restyling:
            return  # new squiggles or underlines, not new text
        if not getattr(self.controller, "is_modified", True):
            self.flush()  # the first edit shows the modified marker at once
        else:
            self._model_timer.start()
        self.request_render()

    def flush(self) -> None:
        """Write the editor's text to the model now (called before saving)."""
        self._model_timer.stop()
        text = self.editor.toPlainText()
        if text == (self.controller.article.answer or ""):
            return
        self._pushing = True
        try:
            self.controller.set_answer(text)
        finally:
            self._pushing = False

    def _on_model_changed(self, key: str) -> None:
        if key in ("", "answer") and not self._pushing:
            if (self.controller.article.answer or "") != self.editor.toPlainText():
                self._model_timer.stop()
                self._load_text(undoable=bool(key))
                self.request_render(immediate=True)
                return
        if self.view != "answer" and key != "answer" and not self._pushing:
            self.request_render()  # title, date or related links show in the page views

    # -- rendering ---------------------------------------------------------------------------------
    def _job(self) -> dict[str, Any]:
        job: dict[str, Any] = {"text": self.editor.toPlainText(), "view": self.view, "flavour": self.flavour}
        if self.view != "answer":
            job["article"] = self.controller.article.data
        else:  # the answer view needs only the title (a 100 KB answer is not copied twice)
            job["article"] = {"title": self.controller.get("title", "")}
        return job

    def request_render(self, immediate: bool = False) -> int:
        """Queue a render of the current text in the current view; returns its version."""
        return self.worker.request(self._job, immediate=immediate)

    def _on_rendered(self, result: RenderResult) -> None:
        self.last_result = result
        self.preview.show_document(result.html, result.version)
        self.editor.set_pitfalls([Pitfall(*p) for p in result.pitfalls])
        self._show_counts(result.words, len(result.pitfalls))

    def _show_counts(self, words: int, pitfalls: int) -> None:
        minutes = max(1, round(words / WORDS_PER_MINUTE)) if words else 0
        self.word_count_label.setText(f"{words:,} word{'s' if words != 1 else ''}")
        self.reading_time_label.setText(f"{minutes} min read")
        self.pitfall_label.setText(f"{pitfalls} site pitfall{'s' if pitfalls != 1 else ''}" if pitfalls else "")

    def set_view(self, view: str) -> None:
        """Show the Answer, Page or Search result view ("answer", "page", "search")."""
        if view not in VIEW_LABELS:
            raise ValueError(f"unknown preview view {view!r}")
        self.view = view
        self.view_actions[view].setChecked(True)
        self.request_render(immediate=True)

    def export_html(self, path: str | Path) -> Path:
        """Write the Page view to a standalone HTML file (CSS inline); returns the path."""
        from editor.answer.codec import encode
        from editor.render import page
        from editor.render.images import ImageRoots

        self.flush()
        data = dict(self.controller.article.data, answer=encode(self.editor.toPlainText()))
        folder = getattr(self.project, "folder", None)
        path = self.controller.path
        roots = ImageRoots.for_article(path, Path(folder) if folder else None) if path is not None else None
        html = page.standalone_html(data, "page", self.flavour, roots)
        target = Path(path)
        target.write_text(html, encoding="utf-8")
        return target

    def shutdown(self) -> None:
        """Flush pending edits and end the render process (the tab is closing)."""
        self.flush()
        self.worker.stop()
        self.preview.teardown()

    # -- find and replace ----------------------------------------------------------------------------
    def find(self) -> None:
        """Open the find bar (Ctrl+F)."""
        self.find_bar.open_find(replace=False)

    def replace(self) -> None:
        """Open the find bar with the replace row (Ctrl+H)."""
        self.find_bar.open_find(replace=True)

    # -- spelling ------------------------------------------------------------------------------------
    def _start_spelling(self) -> None:
        try:
            from ui.common.settings import Settings

            settings = Settings()
            enabled = settings.preference("spellCheck", True)
            language = settings.preference("spellLanguage", DEFAULT_LANGUAGE) or DEFAULT_LANGUAGE
        except Exception:  # settings are a nicety; spell checking still works with defaults
            enabled, language = True, DEFAULT_LANGUAGE
        if not enabled:
            return
        folder = self._project_folder()

        def load() -> Speller:
            # The project's choice (config.yml, shared through git) wins over the writer's default.
            chosen = read_project_config(folder).spelling_language if folder is not None else None
            speller = Speller(chosen or str(language), folder)
            speller.is_correct("the")  # loads the word list (about 0.4 s) off the GUI thread
            return speller

        # ui.background delivers on the GUI thread and drops the result if this pane is gone
        # (a raw thread emitting into a deleted pane crashed the process).
        from ui.common.background import BackgroundOp

        BackgroundOp(load).success(self.set_speller).run(owner=self)

    def set_speller(self, speller: Speller | None) -> None:
        """Turn spell checking on with ``speller`` (or off with None)."""
        self.speller = speller
        self.editor.highlighter.set_speller(speller, gradual=True)

    def _add_spelling_actions(self, menu: QMenu, cursor: QTextCursor) -> None:
        add_spelling_actions(menu, self.editor, self.speller, cursor,
                             self.editor.highlighter.restyle_lines_with)

    # -- scroll sync ---------------------------------------------------------------------------------
    def _on_editor_scrolled(self, _value: int) -> None:
        if self._editor_scroll_echo:
            return
        self._scroll_timer.start()

    def _sync_preview_scroll(self) -> None:
        if self.view == "answer":
            self.preview.scroll_to_line(self.editor.first_visible_line())

    def _on_preview_scrolled(self, line: float) -> None:
        if self.view != "answer":
            return
        self._editor_scroll_echo = True
        try:
            self.editor.scroll_to_line(line)
        finally:
            self._editor_scroll_echo = False
