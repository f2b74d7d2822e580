"""The review window (``reviewWindow``): step through every changed article of a range and see
what the change does, field by field and rendered.

- The range is the work tree against HEAD by default; "Staged" and "Unstaged" compare the index;
  any revision or range can be typed (``main...feature``, ``HEAD~3``).
- The list on the left holds the changed articles by title, with their status and a tick once
  reviewed. Alt+Down / Alt+Up (or J / K in the list) step through them; Space marks one
  reviewed. A mark belongs to that version of the article: when the file changes again, it is
  no longer reviewed.
- The view on the right is the article's section of the review report: changed fields with
  word highlights, related links before and after, the problems the change adds and removes,
  the search-result view of both versions, and the rendered and source diffs of the text.
  It is the app's locked-down preview: no script, nothing fetched.
- One field can be staged or unstaged on its own, leaving the file's other edits as they are.
- "Export report…" writes the self-contained HTML report of the whole range.

Loading the change set, reviewing an article and rendering its diff run off the GUI thread.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from editor.article.atomic import write_atomic
from editor.checks.file_rules import RulesCache
from editor.git.repository import Repository
from editor.git.revisions import RevRange
from editor.review.article_review import ArticleReview, review_article, review_changeset
from editor.review.changeset import ArticleChange, ChangeSet, load_changeset
from editor.review.report import article_document, report_html
from editor.review.staging import stage_field, unstage_field
from ui.answer.preview import AnswerPreview
from ui.common.background import BackgroundOp
from ui.common.message_bar import MessageBar
from ui.common.settings import Settings
from ui.review.changes_model import LETTERS

# (label, range text) offered in the range box; anything else typed there is parsed as a range.
RANGES = (("Work tree ↔ last commit", ""), ("Staged ↔ last commit", "--staged"), ("Work tree ↔ staged", "--unstaged"))
_SIDES_WITH_INDEX = ("", "--staged", "--unstaged")
_TITLE_ROLE = Qt.ItemDataRole.UserRole + 1


def parse_range(text: str) -> RevRange:
    if text == "--staged":
        return RevRange.staged()
    if text == "--unstaged":
        return RevRange.unstaged()
    return RevRange.parse(text)


def version_key(change: ArticleChange) -> str:
    """What a reviewed mark is tied to: the path and both versions' bytes."""
    digest = hashlib.sha1()
    for data in (change.old.data, change.new.data):
        digest.update(b"-" if data is None else hashlib.sha1(data).digest())
    return f"{change.path}@{digest.hexdigest()[:16]}"


class ExportReportDialog:
    @classmethod
    def ask(cls, parent: QWidget | None, suggested: Path) -> Path | None:
        name, _ = QFileDialog.getSaveFileName(parent, "Export review report", str(suggested), "HTML files (*.html)")
        return Path(name) if name else None


class ReviewWindow(QMainWindow):
    """Review of every changed article of a range."""

    openRequested = Signal(str)  # an article to open in the editor (path relative to the folder)
    stagingChanged = Signal()

    def __init__(self, repository: Repository, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("reviewWindow")
        self.setWindowTitle(f"Review changes — {repository.folder.name}")
        self.repository = repository
        self.settings = settings
        self.rules = RulesCache(repository.folder)
        self.changeset: ChangeSet | None = None
        self.review: ArticleReview | None = None
        self.document = ""  # the HTML of the review shown
        self._reviews: dict[str, tuple[ArticleReview, str]] = {}  # path -> review and its document

        self.range_box = QComboBox(objectName="reviewRange")
        self.range_box.setEditable(True)
        self.range_box.setMinimumContentsLength(24)
        for label, text in RANGES:
            self.range_box.addItem(label, text)
        self.range_box.lineEdit().setPlaceholderText("or a revision or range: main...feature")
        self.range_box.activated.connect(lambda _i: self.load())
        self.range_box.lineEdit().returnPressed.connect(self.load)
        self.previous_button = QPushButton("Previous", objectName="reviewPrevious")
        self.next_button = QPushButton("Next", objectName="reviewNext")
        self.position = QLabel(objectName="reviewPosition")
        self.reviewed_box = QCheckBox("Reviewed", objectName="reviewedBox")
        self.open_button = QPushButton("Open article", objectName="reviewOpen")
        self.export_button = QPushButton("Export report…", objectName="reviewExport")
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.reviewed_box.toggled.connect(self._mark_current)
        self.open_button.clicked.connect(self._open_current)
        self.export_button.clicked.connect(self.export_report)
        top = QHBoxLayout()
        top.addWidget(QLabel("Compare"))
        top.addWidget(self.range_box, 1)
        for widget in (self.previous_button, self.position, self.next_button, self.reviewed_box, self.open_button,
                       self.export_button):
            top.addWidget(widget)

        self.summary = QLabel(objectName="reviewSummary")
        self.list = QListWidget(objectName="reviewList")
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setUniformItemSizes(True)
        self.list.currentRowChanged.connect(self._show_row)
        self.field_box = QComboBox(objectName="reviewFieldKey")
        self.stage_field_button = QPushButton("Stage field", objectName="stageFieldButton")
        self.unstage_field_button = QPushButton("Unstage field", objectName="unstageFieldButton")
        self.stage_field_button.setToolTip("Stage this field's change alone; the article's other edits stay unstaged")
        self.stage_field_button.clicked.connect(lambda: self._field_staging(stage_field, "Staged"))
        self.unstage_field_button.clicked.connect(lambda: self._field_staging(unstage_field, "Unstaged"))
        fields_row = QHBoxLayout()
        fields_row.addWidget(QLabel("Field"))
        fields_row.addWidget(self.field_box, 1)
        fields_row.addWidget(self.stage_field_button)
        fields_row.addWidget(self.unstage_field_button)
        self.preview = AnswerPreview(None, None, self)
        self.preview.setObjectName("reviewPreview")
        self.message = MessageBar(self)
        right = QWidget()
        right_column = QVBoxLayout(right)
        right_column.setContentsMargins(0, 0, 0, 0)
        right_column.addLayout(fields_row)
        right_column.addWidget(self.preview, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, objectName="reviewSplitter")
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 900])
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(8, 8, 8, 8)
        column.addLayout(top)
        column.addWidget(self.summary)
        column.addWidget(self.message)
        column.addWidget(splitter, 1)
        self.setCentralWidget(central)
        for keys, step in (("Alt+Down", 1), ("Alt+Up", -1), ("J", 1), ("K", -1)):
            shortcut = QShortcut(QKeySequence(keys), self if keys.startswith("Alt") else self.list)
            shortcut.activated.connect(lambda s=step: self.step(s))
        QShortcut(QKeySequence(Qt.Key.Key_Space), self.list, activated=self.reviewed_box.toggle)
        self._fit_to_screen()
        self._update_controls()

    def _fit_to_screen(self) -> None:
        screen = self.screen() or QGuiApplication.primaryScreen()
        area = screen.availableGeometry() if screen is not None else None
        width, height = 1300, 850
        if area is not None:
            width, height = min(width, area.width() - 40), min(height, area.height() - 60)
        self.resize(max(640, width), max(420, height))

    # -- loading ---------------------------------------------------------------------------------
    def range_text(self) -> str:
        index = self.range_box.currentIndex()
        typed = self.range_box.currentText().strip()
        if index >= 0 and typed == self.range_box.itemText(index):
            return str(self.range_box.itemData(index) or "")
        return typed

    def load(self, select: str | None = None) -> None:
        """Read the change set of the range in the box (in the background)."""
        try:
            rev_range = parse_range(self.range_text())
        except ValueError as error:
            self.message.show_message("error", str(error))
            return
        current = select or (self.review.path if self.review is not None else None)
        self.summary.setText("Reading the changes…")
        BackgroundOp(load_changeset, self.repository, rev_range).success(
            lambda changeset: self._loaded(changeset, current)).failure(self._failed).run(
            key=f"review:load:{id(self)}", owner=self)

    def _loaded(self, changeset: ChangeSet, select: str | None) -> None:
        self.changeset = changeset
        self._reviews.clear()
        marks = self.settings.review_marks(str(self.repository.root))
        self.list.blockSignals(True)
        self.list.clear()
        for change in changeset.articles:
            title = " ".join(str(change.new.values.get("title") or change.old.values.get("title") or "").split())
            item = QListWidgetItem(self._item_text(change, title or change.path, version_key(change) in marks))
            item.setData(Qt.ItemDataRole.UserRole, change.path)
            item.setData(_TITLE_ROLE, title or change.path)
            item.setToolTip(f"{change.status}: {change.path}")
            self.list.addItem(item)
        self.list.blockSignals(False)
        count = len(changeset.articles)
        self.summary.setText(f"{changeset.label or 'HEAD..(work tree)'}: {count} changed article{'s' if count != 1 else ''}"
                             if count else f"{changeset.label or 'HEAD..(work tree)'}: no changed articles")
        paths = [change.path for change in changeset.articles]
        row = paths.index(select) if select in paths else (0 if paths else -1)
        if row >= 0:
            self.list.setCurrentRow(row)
            self._show_row(row)
        else:
            self.review = None
            self.preview.show_document("<!DOCTYPE html><html><body></body></html>")
        self._update_controls()

    @staticmethod
    def _item_text(change: ArticleChange, title: str, reviewed: bool) -> str:
        return f"{'✓' if reviewed else '  '} {LETTERS.get(change.status, '?')}  {title}"

    def _failed(self, error: BaseException) -> None:
        self.summary.setText("")
        self.message.show_message("error", str(error))

    def select(self, path: str) -> None:
        """Show the review of one article (loading the change set first when needed)."""
        paths = [c.path for c in self.changeset.articles] if self.changeset is not None else []
        if path in paths:
            self.list.setCurrentRow(paths.index(path))
        else:
            self.load(select=path)

    # -- one article -----------------------------------------------------------------------------
    def _show_row(self, row: int) -> None:
        if self.changeset is None or not 0 <= row < len(self.changeset.articles):
            return
        change = self.changeset.articles[row]
        cached = self._reviews.get(change.path)
        if cached is not None:
            self._show_review(*cached)
            return
        BackgroundOp(_review_with_document, change, self.rules).success(self._reviewed).failure(self._failed).run(
            key=f"review:article:{id(self)}", owner=self)

    def _reviewed(self, result: tuple[ArticleReview, str]) -> None:
        self._reviews[result[0].path] = result
        self._show_review(*result)

    def _show_review(self, review: ArticleReview, document: str) -> None:
        self.review = review
        self.document = document
        self.preview.show_document(document)
        self.field_box.clear()
        for change in review.fields:
            self.field_box.addItem(change.key)
        self.reviewed_box.blockSignals(True)
        self.reviewed_box.setChecked(version_key(review.change) in self.settings.review_marks(str(self.repository.root)))
        self.reviewed_box.blockSignals(False)
        self._update_controls()

    def step(self, delta: int) -> None:
        """Show the next (1) or previous (-1) changed article."""
        row = self.list.currentRow() + delta
        if 0 <= row < self.list.count():
            self.list.setCurrentRow(row)

    def _update_controls(self) -> None:
        count, row = self.list.count(), self.list.currentRow()
        self.position.setText(f"{row + 1} of {count}" if count and row >= 0 else "")
        self.previous_button.setEnabled(row > 0)
        self.next_button.setEnabled(0 <= row < count - 1)
        has_review = self.review is not None
        self.reviewed_box.setEnabled(has_review)
        self.open_button.setEnabled(has_review and self.review is not None and self.review.change.new.exists)
        self.export_button.setEnabled(self.changeset is not None and bool(self.changeset.articles))
        with_index = self.range_text() in _SIDES_WITH_INDEX
        has_field = has_review and self.field_box.count() > 0
        self.stage_field_button.setEnabled(with_index and has_field and self.range_text() != "--staged")
        self.unstage_field_button.setEnabled(with_index and has_field and self.range_text() != "--unstaged")

    def _mark_current(self, reviewed: bool) -> None:
        if self.review is None:
            return
        key = version_key(self.review.change)
        marks = self.settings.review_marks(str(self.repository.root))
        marks = marks | {key} if reviewed else marks - {key}
        self.settings.set_review_marks(str(self.repository.root), marks)
        item = self.list.currentItem()
        if item is not None:
            item.setText(self._item_text(self.review.change, str(item.data(_TITLE_ROLE)), reviewed))

    def _open_current(self) -> None:
        if self.review is not None:
            self.openRequested.emit(self.review.path)

    # -- staging one field -----------------------------------------------------------------------
    def _field_staging(self, work: Callable[[Repository, str, str], str], done: str) -> None:
        key = self.field_box.currentText()
        if self.review is None or not key:
            return
        path = self.review.change.repo_path or self.repository.prefix + self.review.path
        relpath = self.review.path
        BackgroundOp(work, self.repository, path, key).success(lambda _oid: self._field_staged(done, key, relpath)).failure(
            self._failed).run(owner=self)

    def _field_staged(self, done: str, key: str, relpath: str) -> None:
        self.message.show_message("info", f"{done} {key} of {relpath}")
        self.stagingChanged.emit()
        self.load(select=relpath)

    # -- the report ------------------------------------------------------------------------------
    def export_report(self) -> None:
        if self.changeset is None:
            return
        target = ExportReportDialog.ask(self, self.repository.folder / "review-report.html")
        if target is None:
            return
        BackgroundOp(_write_report, self.changeset, self.rules, target).success(
            lambda path: self.message.show_message("info", f"Wrote the review report to {path}")).failure(
            self._failed).run(owner=self)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.changeset is None:
            QTimer.singleShot(0, self.load)


def _review_with_document(change: ArticleChange, rules: RulesCache) -> tuple[ArticleReview, str]:
    review = review_article(change, rules)
    return review, article_document(review)


def _write_report(changeset: ChangeSet, rules: RulesCache, target: Path) -> Path:
    reviews = review_changeset(changeset, rules)
    write_atomic(target, report_html(changeset, reviews).encode("utf-8"))
    return target

