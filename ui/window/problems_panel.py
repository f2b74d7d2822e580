"""The ``problemsPanel`` dock: checks for the open article and for the whole project.

Checks run off the GUI thread (``ui.background``); the open article's checks re-run a moment
after each edit, on a snapshot of its text, and a stale result is dropped. Double-clicking a
problem jumps to its field or line; a problem with a fix gets a one-click Fix button.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import qtawesome as qta
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from editor.checks.file_rules import snapshot_problems
from editor.operations.check import check_project
from ui.common.background import BackgroundOp
from ui.window.problems_model import ProblemsModel

_MAX_FIX_BUTTONS = 200  # per-row buttons are widgets; a project-wide list keeps the toolbar button
ARTICLE, PROJECT = "article", "project"


def _check_article_snapshot(data: bytes, path: Path, folder: Path | None) -> list[Any]:
    """The one-file checks of an article's current text (a snapshot taken on the GUI thread)."""
    return snapshot_problems(data, path, _relative(path, folder), folder)


def _check_project(project: Any, progress: Any = None, cancel: Any = None) -> tuple[list[Any], dict[Path, tuple[int, int]]]:
    """Every problem of the project, and (errors, warnings) per file for the browser's badges."""
    problems = list(check_project(project, progress=progress, cancel=cancel))
    counts: dict[str, Counter[str]] = {}
    for problem in problems:
        counts.setdefault(problem.path, Counter())[problem.severity] += 1
    root = Path(project.folder)
    return problems, {root / path: (c["error"], c["warning"]) for path, c in counts.items()}


def _relative(path: Path, folder: Path | None) -> str:
    if folder is not None:
        try:
            return Path(path).resolve().relative_to(Path(folder).resolve()).as_posix()
        except ValueError:
            pass
    return Path(path).name


class ProblemsPanel(QWidget):
    """``jumpRequested(path, field, line)`` asks the window to show a problem's place."""

    jumpRequested = Signal(str, str, int)

    def __init__(self, window: Any = None) -> None:
        super().__init__()
        self.setObjectName("problemsPanel")
        self.window_ = window
        self.project: Any = None
        self.controller: Any = None
        self.path: Path | None = None
        self.scope = ARTICLE
        self.results: dict[str, list[Any]] = {ARTICLE: [], PROJECT: []}

        self.scope_buttons = QButtonGroup(self)
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 0)
        for scope, text, icon in ((ARTICLE, "This article", "mdi6.file-document-outline"), (PROJECT, "Whole project", "fa5s.folder")):
            button = QToolButton(objectName=f"problemsScope:{scope}")
            button.setText(text)
            button.setIcon(qta.icon(icon))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setChecked(scope == ARTICLE)
            button.clicked.connect(lambda _c=False, s=scope: self.set_scope(s))
            self.scope_buttons.addButton(button)
            bar.addWidget(button)
        self.summary = QLabel(objectName="problemsSummary")
        bar.addWidget(self.summary, 1)
        self.fix_button = QToolButton(objectName="problemsFix")
        self.fix_button.setText("Apply Fix")
        self.fix_button.setIcon(qta.icon("fa5s.magic"))
        self.fix_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.fix_button.setEnabled(False)
        self.fix_button.clicked.connect(lambda: self.apply_fix(self.selected_problem()))
        bar.addWidget(self.fix_button)

        self.model = ProblemsModel(self)
        self.tree = QTreeView(objectName="problemsTree")
        self.tree.setModel(self.model)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in ((1, 150), (2, 300), (3, 50), (4, 160)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.tree.activated.connect(lambda index: self.jump(self.model.problem(index)))
        self.tree.selectionModel().currentChanged.connect(lambda *_: self._selection_changed())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)

        self._debounce = QTimer(self, singleShot=True, interval=400)
        self._debounce.timeout.connect(self.refresh_article)

    # -- inputs --------------------------------------------------------------------------------
    def set_project(self, project: Any) -> None:
        self.project = project
        self.results[PROJECT] = []
        self._show()

    def set_article(self, path: Path | None, controller: Any) -> None:
        """The current tab changed: follow its controller's edits."""
        if self.controller is not None:
            try:
                self.controller.changed.disconnect(self._edited)
            except (RuntimeError, TypeError):
                pass
        self.path, self.controller = (Path(path) if path else None), controller
        if controller is not None:
            controller.changed.connect(self._edited)
        self.refresh_article()

    def set_scope(self, scope: str) -> None:
        self.scope = scope
        for button in self.scope_buttons.buttons():
            button.setChecked(button.objectName() == f"problemsScope:{scope}")
        if scope == PROJECT and not self.results[PROJECT]:
            self.refresh_project()
        self._show()

    def _edited(self, _key: str) -> None:
        self._debounce.start()

    # -- running checks ------------------------------------------------------------------------
    def refresh_article(self) -> None:
        if self.controller is None or self.path is None:
            self.results[ARTICLE] = []
            self._show()
            return
        data = self.controller.article.dumps()  # a snapshot: edits during the check do not race it
        BackgroundOp(_check_article_snapshot, data, self.path, self._folder()).success(
            lambda problems: self._got(ARTICLE, problems)
        ).failure(lambda error: self._failed(error)).run(key=f"checks:article:{id(self)}", owner=self)

    def refresh_project(self) -> None:
        if self.project is None:
            return
        self.summary.setText("Checking the project…")
        BackgroundOp(_check_project, self.project).with_progress(self._project_progress).success(self._got_project).failure(
            lambda error: self._failed(error)
        ).run(key=f"checks:project:{id(self)}", owner=self)

    def _folder(self) -> Path | None:
        return Path(self.project.folder) if self.project is not None else None

    def _got_project(self, result: tuple[list[Any], dict[Path, tuple[int, int]]]) -> None:
        problems, counts = result
        if self.window_ is not None:
            self.window_.browser.set_problem_counts(counts)
        self._got(PROJECT, problems)

    def _got(self, scope: str, problems: list[Any]) -> None:
        if scope == ARTICLE and self.path is not None:
            # Checks that compare files (links, duplicate ids) come from the last project run.
            own = {(p.code, p.field) for p in problems}
            relpath = _relative(self.path, self._folder())
            problems = problems + [
                p for p in self.results[PROJECT] if p.path == relpath and (p.code, p.field) not in own
            ]
        self.results[scope] = problems
        if scope == PROJECT and self.path is not None:
            self.refresh_article()  # merge the new cross-file problems into the article's list
        self._show()

    def _project_progress(self, done: int, total: int, *_rest: Any) -> None:
        if self.scope == PROJECT:
            self.summary.setText(f"Checking the project… {done:,} / {total:,}")

    def _failed(self, error: BaseException) -> None:
        self.summary.setText(f"Checks failed: {error}")

    # -- presenting ----------------------------------------------------------------------------
    def _show(self) -> None:
        problems = self.results[self.scope]
        self.model.set_problems(problems)
        if len(problems) <= _MAX_FIX_BUTTONS:
            # Short lists fit their columns to the text; long ones keep fixed widths (measuring
            # tens of thousands of rows would stall the GUI).
            for column in (1, 2, 3, 4):
                self.tree.resizeColumnToContents(column)
        if len(problems) <= _MAX_FIX_BUTTONS:
            for row, problem in enumerate(problems):
                if problem.fix:
                    button = QToolButton(objectName="problemFix")
                    button.setText(problem.fix.get("title", "Fix"))
                    button.setToolTip(problem.fix.get("title", "Fix"))
                    button.setIcon(qta.icon("fa5s.magic"))
                    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
                    button.setAutoRaise(True)
                    button.clicked.connect(lambda _c=False, p=problem: self.apply_fix(p))
                    self.tree.setIndexWidget(self.model.index(row, 4), button)
        for button in self.scope_buttons.buttons():
            scope = button.objectName().split(":", 1)[1]
            label = "This article" if scope == ARTICLE else "Whole project"
            count = len(self.results[scope])
            button.setText(f"{label} ({count:,})" if count else label)
        severities = Counter(p.severity for p in problems)
        where = "this article" if self.scope == ARTICLE else "the project"
        if problems:
            errors, warnings = severities["error"], severities["warning"]
            self.summary.setText(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} in {where}")
        elif self.scope == ARTICLE and self.path is None:
            self.summary.setText("No article open")
        else:
            self.summary.setText(f"No problems in {where}")
        self._selection_changed()

    def selected_problem(self) -> Any:
        return self.model.problem(self.tree.currentIndex())

    def _selection_changed(self) -> None:
        problem = self.selected_problem()
        self.fix_button.setEnabled(bool(problem is not None and problem.fix))

    def jump(self, problem: Any) -> None:
        if problem is not None:
            path = (self._folder() or Path()) / problem.path
            self.jumpRequested.emit(str(path), problem.field or "", int(problem.line or 0))

    def apply_fix(self, problem: Any) -> None:
        """Apply a fix's edits as one undo step in the article's tab (opening it if needed)."""
        if problem is None or not problem.fix or self.window_ is None:
            return
        tab = self.window_.open_article((self._folder() or Path()) / problem.path)
        controller = getattr(tab, "controller", None)
        if controller is None:
            return
        with controller.macro(problem.fix.get("title", "Fix")):
            for edit in problem.fix.get("edits", []):
                if edit.get("delete"):
                    controller.delete(edit["field"])
                else:
                    controller.set(edit["field"], edit["value"])
        self.refresh_article()
