"""One article tab: the message bar on top, then the front-matter form beside the answer pane,
with the related-articles panel under the answer.

The tab only composes; the form, the answer pane and the related panel each bind themselves to
the tab's ``ArticleController``. A file that fails to parse gets a ``BrokenArticleTab`` instead:
its text, read-only, scrolled to the error line.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QShowEvent, QTextCursor
from PySide6.QtWidgets import (
    QPlainTextEdit,
    QHBoxLayout,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.tab.controller import ArticleController
from ui.common.message_bar import MessageBar
from ui.tab.form_strip import FormStrip


class ArticleTab(QWidget):
    """The editor for one article; ``controller`` owns the document.

    ``formCollapseRequested(collapsed)``: the writer collapsed or expanded the form from inside
    the tab (its strip, its heading's button, a jump to a field); the window remembers it.
    """

    formCollapseRequested = Signal(bool)

    def __init__(self, controller: ArticleController, project: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleTab")
        self.controller = controller
        self.project = project
        # The panels (and QtWebEngine behind the preview) load with the first article, not at
        # start-up: the window must appear fast even before anything is open.
        from ui.answer.pane import AnswerPane
        from ui.form import FrontMatterForm
        from ui.tab.related_panel import RelatedPanel

        self.message_bar = MessageBar(self)
        self.form = FrontMatterForm(controller, project, self)
        self.answer_pane = AnswerPane(controller, project, self)
        self.related_panel = RelatedPanel(controller, project, self)

        # The form scrolls on its own; the answer and related panel share the right-hand column.
        self.form_scroll = QScrollArea(objectName="formScroll")
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.form_scroll.setWidget(self.form)
        self.form_scroll.setMinimumWidth(300)

        # The related panel scrolls inside its share, so a short window still gives the answer room.
        self.related_scroll = QScrollArea(objectName="relatedScroll")
        self.related_scroll.setWidgetResizable(True)
        self.related_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.related_scroll.setWidget(self.related_panel)
        self.related_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.related_scroll.setMinimumHeight(90)
        right = QSplitter(Qt.Orientation.Vertical, objectName="answerColumn")
        right.addWidget(self.answer_pane)
        right.addWidget(self.related_scroll)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        right.setSizes([620, 220])
        right.setCollapsible(0, False)  # the related panel may be collapsed, never the answer

        # The form column: the form, or while collapsed a narrow strip that brings it back.
        self.form_strip = FormStrip()
        self.form_strip.button.clicked.connect(lambda: self._request_form_collapsed(False))
        self.form_strip.hide()
        collapse = QToolButton(objectName="collapseForm", autoRaise=True)
        collapse.setText("«")
        collapse.setToolTip("Collapse the form to a strip, giving the answer the room (Ctrl+Alt+F)")
        collapse.setAccessibleName("Collapse the form")
        collapse.clicked.connect(lambda: self._request_form_collapsed(True))
        self.form.add_header_widget(collapse)
        self.form_column = QWidget(objectName="formColumn")
        form_row = QHBoxLayout(self.form_column)
        form_row.setContentsMargins(0, 0, 0, 0)
        form_row.setSpacing(0)
        form_row.addWidget(self.form_strip)
        form_row.addWidget(self.form_scroll, 1)
        self.form_collapsed = False
        self._expanded_form_width: int | None = None

        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="tabSplitter")
        self.splitter.addWidget(self.form_column)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([380, 720])
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.splitter, 1)
        self._shown_once = False

    @property
    def path(self) -> Path | None:
        return self.controller.path

    @property
    def read_only(self) -> bool:
        return False

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            # Splitter sizes set before the first layout are lost; share the real width now.
            QTimer.singleShot(0, self._balance_splitters)

    def _form_width(self) -> int:
        """The form's share of the tab: what it needs, up to a third (or the writer's last width)."""
        if self._expanded_form_width:
            return self._expanded_form_width
        total = self.splitter.width()
        scrollbar = self.form_scroll.verticalScrollBar().sizeHint().width()
        return max(self.form.minimumSizeHint().width() + scrollbar + 2, min(400, int(total * 0.34)))

    def set_form_collapsed(self, collapsed: bool) -> None:
        """Collapse the form to a strip (the answer and related panel get the width) or expand it."""
        if collapsed == self.form_collapsed:
            return
        total = self.splitter.width()
        if collapsed:
            self._expanded_form_width = self.splitter.sizes()[0] if self._shown_once and total > 0 else None
        self.form_collapsed = collapsed
        self.form_scroll.setVisible(not collapsed)
        self.form_strip.setVisible(collapsed)
        if self._shown_once and total > 0:
            width = self.form_strip.width() if collapsed else min(self._form_width(), total // 2)
            self.splitter.setSizes([width, total - width])

    def _form_has(self, key: str) -> bool:
        """The form has an input for ``key`` or one of its parents (as ``form.focus_field`` finds it)."""
        parts = key.split(".")
        while parts:
            if self.form.field_widget(".".join(parts)) is not None:
                return True
            parts.pop()
        return False

    def _request_form_collapsed(self, collapsed: bool) -> None:
        self.set_form_collapsed(collapsed)
        self.formCollapseRequested.emit(collapsed)

    def _balance_splitters(self) -> None:
        total = self.splitter.width()
        form = self.form_strip.width() if self.form_collapsed else self._form_width()
        self.splitter.setSizes([form, total - form])
        column = self.answer_pane.parentWidget()
        if isinstance(column, QSplitter):
            # The related panel gets what it needs up to a third; the answer gets the rest.
            height = column.height()
            related = min(self.related_panel.sizeHint().height(), int(height * 0.34))
            column.setSizes([height - related, related])
        inner = getattr(self.answer_pane, "splitter", None)
        if isinstance(inner, QSplitter) and inner.count() == 2:
            half = inner.width() // 2
            inner.setSizes([half, inner.width() - half])

    def focus_field(self, key: str) -> bool:
        """Move the keyboard focus to a field's input (problems panel jumps); True if found."""
        if key == "answer" or key.startswith("answer."):
            editor = self.answer_pane.findChild(QWidget, "answerEditor")
            if editor is not None:
                editor.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        form_focus = getattr(self.form, "focus_field", None)
        if self.form_collapsed and self._form_has(key):
            self._request_form_collapsed(False)  # a jump to a field needs the form in view
        if callable(form_focus) and form_focus(key):
            return True
        # Related-article slots and anything else named by the field:<key> convention.
        parts = key.split(".")
        widget = None
        while parts and widget is None:
            widget = self.findChild(QWidget, "field:" + ".".join(parts))
            parts.pop()
        if widget is None:
            return False
        if self.form.isAncestorOf(widget):
            self.form_scroll.ensureWidgetVisible(widget, 20, 40)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def index_loaded(self) -> None:
        """The project's index is ready: panels that list subjects or articles refresh."""
        for panel in (self.form, self.related_panel):
            refresh = getattr(panel, "refresh_subjects", None) or getattr(panel, "index_loaded", None)
            if callable(refresh):
                refresh()


BROKEN_TEXT_LIMIT = 512 * 1024


class BrokenArticleTab(QWidget):
    """A file that does not parse: its text, read-only, with the error in the message bar."""

    def __init__(self, path: Path, error: Exception, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("brokenArticleTab")
        self.path = Path(path)
        self.error = error
        self.controller = None
        self.message_bar = MessageBar(self)
        self.text = QPlainTextEdit(objectName="brokenArticleText")
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        try:
            # Only the start of a huge file: laying out 50 MB of text would freeze the window.
            with open(self.path, "rb") as handle:
                raw = handle.read(BROKEN_TEXT_LIMIT + 1)
        except OSError as exc:
            raw = b""
            error = exc
        shown = raw[:BROKEN_TEXT_LIMIT].decode("utf-8", errors="replace")
        if len(raw) > BROKEN_TEXT_LIMIT:
            shown += f"\n\n[… only the first {BROKEN_TEXT_LIMIT // 1024:,} KB of the file are shown]"
        self.text.setPlainText(shown)
        self.line: int | None = getattr(error, "line", None)
        message = getattr(error, "message", None) or str(error)
        where = f"{self.path.name}, line {self.line}" if self.line else self.path.name
        self.message_bar.show_message(
            "error",
            f"{where}: {message}. The file opened read-only; fix it in a text editor, then reopen it.",
            closable=False,
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.text, 1)
        if self.line:
            self.go_to_line(self.line)

    @property
    def read_only(self) -> bool:
        return True

    def go_to_line(self, line: int) -> None:
        """Select the error line and scroll it into view."""
        block = self.text.document().findBlockByLineNumber(max(0, line - 1))
        cursor = QTextCursor(block)
        cursor.select(QTextCursor.SelectionType.LineUnderCursor)
        self.text.setTextCursor(cursor)
        self.text.centerCursor()

    def focus_field(self, key: str) -> bool:
        self.text.setFocus()
        return True
