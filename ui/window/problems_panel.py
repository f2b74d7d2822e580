"""The ``problemsPanel`` dock: the open article's problems, or the whole project's.

The problems come from ``ProblemChecks``, which keeps them true as articles are edited, fixed,
saved, reloaded and closed. The list (``ProblemsModel`` behind ``ProblemsFilter``) can be
narrowed by severity and by code, each button and menu entry saying how many problems it holds;
the choice, the column widths and the panel's height are remembered (``ui.common.settings``).
Files are named by their article's title (the path is in the tooltip) and long texts are elided
in the middle. Double-click or Enter jumps to a problem's field or line; a problem with a fix has
a Fix button in its row (``FixDelegate``), including the answer's site pitfalls.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import qtawesome as qta
from PySide6.QtCore import QByteArray, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.checks.problem import Problem, apply_text_edit
from ui.window.problem_checks import SOON_MS, ProblemChecks
from ui.window.problems_delegate import ElidingDelegate, FixDelegate
from ui.window.problems_model import (
    CODE, FIELD, FILE, FIX, LINE, PROBLEM, SEVERITIES, ProblemsFilter, ProblemsModel, counts, severity_icon,
)

ARTICLE, PROJECT = "article", "project"
SEVERITY_LABELS = {"error": "Errors", "warning": "Warnings", "info": "Info"}
_SETTINGS = "problems"  # window values: problems/header, scope, severities, hiddenCodes


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
        self.checks = ProblemChecks(self)
        self.checks.checked.connect(self._project_checked)
        self.checks.updated.connect(self._files_updated)
        self.checks.progressed.connect(self._project_progress)
        self.checks.failed.connect(lambda message: self.summary.setText(f"Checks failed: {message}"))
        self._badges: dict[Path, tuple[int, int]] = {}

        bar = QHBoxLayout()
        bar.setContentsMargins(6, 4, 6, 0)
        bar.setSpacing(2)
        self.scope_buttons = QButtonGroup(self)
        for scope, text, icon in ((ARTICLE, "This article", "mdi6.file-document-outline"), (PROJECT, "Whole project", "fa5s.folder")):
            button = self._tool_button(f"problemsScope:{scope}", text, icon, checkable=True)
            button.setChecked(scope == ARTICLE)
            button.clicked.connect(lambda _c=False, s=scope: self.set_scope(s))
            self.scope_buttons.addButton(button)
            bar.addWidget(button)
        bar.addSpacing(12)
        self.severity_buttons: dict[str, QToolButton] = {}
        for severity in SEVERITIES:
            button = self._tool_button(f"problemsSeverity:{severity}", SEVERITY_LABELS[severity], "", checkable=True)
            button.setIcon(severity_icon(severity))
            button.setChecked(True)
            button.setToolTip(f"Show or hide {SEVERITY_LABELS[severity].lower()}")
            button.toggled.connect(lambda _on=False: self._filter_changed())
            self.severity_buttons[severity] = button
            bar.addWidget(button)
        self.codes_button = self._tool_button("problemsCodes", "All codes", "fa5s.filter")
        self.codes_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.codes_menu = QMenu(self.codes_button, objectName="problemsCodesMenu")
        self.codes_menu.aboutToShow.connect(self._fill_codes_menu)
        self.codes_button.setMenu(self.codes_menu)
        bar.addWidget(self.codes_button)
        self.summary = QLabel(objectName="problemsSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        bar.addWidget(self.summary, 1)
        self.fix_button = self._tool_button("problemsFix", "Apply Fix", "fa5s.magic")
        self.fix_button.setEnabled(False)
        self.fix_button.clicked.connect(lambda: self.apply_fix(self.selected_problem()))
        bar.addWidget(self.fix_button)

        self.model = ProblemsModel(self)
        self.model.titles = self.checks.titles
        self.filter = ProblemsFilter(self)
        self.filter.setSourceModel(self.model)
        self.tree = QTableView(objectName="problemsTree")  # a flat table: a tree view measures every row
        self.tree.setModel(self.filter)
        self.tree.setShowGrid(False)
        self.tree.setWordWrap(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setMouseTracking(True)
        self.tree.verticalHeader().hide()
        rows = self.tree.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.fix_delegate = FixDelegate(self.tree)
        self.fix_delegate.fixClicked.connect(lambda index: self.apply_fix(self._problem_at(index)))
        self.tree.setItemDelegateForColumn(FIX, self.fix_delegate)
        self.message_delegate = ElidingDelegate(Qt.TextElideMode.ElideRight, self.tree)
        self.tree.setItemDelegateForColumn(PROBLEM, self.message_delegate)
        header = self.tree.horizontalHeader()
        header.setHighlightSections(False)
        header.setMinimumSectionSize(40)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(PROBLEM, QHeaderView.ResizeMode.Stretch)
        for column, width in ((CODE, 150), (FILE, 240), (FIELD, 150), (LINE, 50), (FIX, 170)):
            header.resizeSection(column, width)
        header.sectionResized.connect(lambda *_: self._save_later.start())
        self.tree.activated.connect(lambda index: self.jump(self._problem_at(index)))
        self.tree.selectionModel().currentChanged.connect(lambda *_: self._selection_changed())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)

        self._save_later = QTimer(self, singleShot=True, interval=500)
        self._save_later.timeout.connect(self.save_state)
        self._restore_state()
        self._show()

    def _tool_button(self, name: str, text: str, icon: str, checkable: bool = False) -> QToolButton:
        button = QToolButton(objectName=name)
        button.setText(text)
        if icon:
            button.setIcon(qta.icon(icon))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setCheckable(checkable)
        button.setAutoRaise(True)
        return button

    # -- remembered state ----------------------------------------------------------------------
    def _settings(self) -> Any:
        return getattr(self.window_, "settings", None)

    def _restore_state(self) -> None:
        settings = self._settings()
        if settings is None:
            return
        header = settings.window_value(f"{_SETTINGS}/header")
        if isinstance(header, QByteArray) and not header.isEmpty():
            self.tree.horizontalHeader().restoreState(header)
        severities = settings.window_value(f"{_SETTINGS}/severities")
        if severities is not None:
            shown = [severities] if isinstance(severities, str) else list(severities)
            for severity, button in self.severity_buttons.items():
                button.setChecked(severity in shown)
        if settings.window_value(f"{_SETTINGS}/scope") == PROJECT:
            self.scope = PROJECT
            for button in self.scope_buttons.buttons():
                button.setChecked(button.objectName() == f"problemsScope:{PROJECT}")
        hidden = settings.window_value(f"{_SETTINGS}/hiddenCodes")
        if hidden:
            self.filter.set_codes(ignore=[hidden] if isinstance(hidden, str) else list(hidden))
        self._filter_changed(save=False)

    def save_state(self) -> None:
        settings = self._settings()
        if settings is None:
            return
        settings.set_window_value(f"{_SETTINGS}/header", self.tree.horizontalHeader().saveState())
        settings.set_window_value(f"{_SETTINGS}/scope", self.scope)
        settings.set_window_value(f"{_SETTINGS}/severities", [s for s, b in self.severity_buttons.items() if b.isChecked()] or "")
        settings.set_window_value(f"{_SETTINGS}/hiddenCodes", list(self.filter.ignore) or "")

    # -- inputs --------------------------------------------------------------------------------
    def set_project(self, project: Any) -> None:
        self.project = project
        self.checks.set_project(project)
        self._badges = {}
        self._show()

    def set_article(self, path: Path | None, controller: Any) -> None:
        """The current tab changed: show its problems, checked again from its text."""
        self.path, self.controller = (Path(path) if path else None), controller
        if controller is not None:
            self.checks.watch(controller)
        if self.path is not None and self.project is not None:
            self.checks.schedule([self._relpath()], SOON_MS)
        if self.scope == ARTICLE:
            self._show()

    def set_scope(self, scope: str) -> None:
        self.scope = scope
        for button in self.scope_buttons.buttons():
            button.setChecked(button.objectName() == f"problemsScope:{scope}")
        if scope == PROJECT and not self.checks.project_checked:
            self.refresh_project()
        self._show()
        self.save_state()

    def refresh_project(self) -> None:
        if self.project is None:
            return
        self.summary.setText("Checking the project…")
        self.checks.check_project()

    @property
    def results(self) -> dict[str, list[Problem]]:
        """The problems of this article and of the whole project, as the panel knows them now."""
        return {ARTICLE: self._article_problems(), PROJECT: self.checks.problems() if self.checks.project_checked else []}

    def _relpath(self) -> str:
        return self.checks.relpath(self.path) if self.path is not None else ""

    def _article_problems(self) -> list[Problem]:
        return self.checks.problems(self._relpath()) if self.path is not None else []

    # -- following the checks ------------------------------------------------------------------
    def _project_checked(self) -> None:
        self.model.titles = self.checks.titles
        root = Path(self.project.folder)
        self._badges = {root / path: c for path, c in self.checks.badges.items()}
        self._update_badges()
        self._show()

    def _files_updated(self, updates: list[tuple[str, list[Problem], frozenset[str] | None]]) -> None:
        if self.scope == PROJECT and self.checks.project_checked:
            for path, problems, codes in updates:
                self.model.replace_file(path, problems, codes)
            self._show_counts()
        elif self.scope == ARTICLE and any(path == self._relpath() for path, _p, _c in updates):
            self.model.set_problems(self._article_problems(), presorted=True)
            self._show_counts()
        if self.checks.project_checked and self.project is not None:
            root = Path(self.project.folder)
            for path, _problems, _codes in updates:
                self._badges[root / path] = self.checks.badges.get(path, (0, 0))
            self._update_badges()
        self._selection_changed()

    def _update_badges(self) -> None:
        browser = getattr(self.window_, "browser", None)
        if browser is not None:
            browser.set_problem_counts(self._badges)

    def _project_progress(self, done: int, total: int) -> None:
        if self.scope == PROJECT:
            self.summary.setText(f"Checking the project… {done:,} / {total:,}")

    # -- presenting ----------------------------------------------------------------------------
    def scope_problems(self) -> list[Problem]:
        return self.results[self.scope]

    def shown_problems(self) -> list[Problem]:
        """The problems the list shows (once filled), in order."""
        return self.filter.shown(self.model.problems)

    def _show(self) -> None:
        self.model.set_problems(self.scope_problems(), presorted=True)
        self.tree.setColumnHidden(FILE, self.scope == ARTICLE)  # one file: its name is the tab's
        self._show_counts()
        self._selection_changed()

    def _show_counts(self) -> None:
        problems = self.model.problems
        severities, codes = counts(self.model.pairs)
        self._code_counts = codes
        for button in self.scope_buttons.buttons():
            scope = button.objectName().split(":", 1)[1]
            label = "This article" if scope == ARTICLE else "Whole project"
            count = len(self._article_problems()) if scope == ARTICLE else (
                len(problems) if self.scope == PROJECT else sum(len(v) for v in self.checks.by_file.values()))
            known = scope == ARTICLE or self.checks.project_checked
            button.setText(f"{label} ({count:,})" if count and known else label)
        for severity, button in self.severity_buttons.items():
            button.setText(f"{SEVERITY_LABELS[severity]} {severities[severity]:,}")
        hidden = [code for code in codes if not self.filter.code_shown(code)]
        self.codes_button.setText(f"Codes: {len(codes) - len(hidden)} of {len(codes)}" if hidden else "All codes")
        shown = self.filter.shown_count(self.model.pairs)
        where = "this article" if self.scope == ARTICLE else "the project"
        if self.scope == ARTICLE and self.path is None:
            text = "No article open"
        elif self.scope == PROJECT and not self.checks.project_checked:
            text = "The project has not been checked yet (F8)"
        elif not problems:
            text = f"No problems in {where}"
        elif shown < len(problems):
            text = f"Showing {shown:,} of {len(problems):,} in {where}"
        else:
            text = f"{len(problems):,} problem{'s' * (len(problems) != 1)} in {where}"
        self.summary.setText(text)

    def _fill_codes_menu(self) -> None:
        """One checkable entry per code of the list, with its count; unchecked codes are hidden."""
        self.codes_menu.clear()
        show_all = self.codes_menu.addAction("Show all codes")
        show_all.setObjectName("problemsCode:*")
        show_all.triggered.connect(lambda: self.set_hidden_codes(()))
        self.codes_menu.addSeparator()
        codes = getattr(self, "_code_counts", {})
        for code in sorted(set(codes) | set(self.filter.ignore)):
            action = QAction(f"{code}  ({codes.get(code, 0):,})", self.codes_menu, objectName=f"problemsCode:{code}")
            action.setCheckable(True)
            action.setChecked(self.filter.code_shown(code))
            action.toggled.connect(lambda on, c=code: self.show_code(c, on))
            self.codes_menu.addAction(action)

    def show_code(self, code: str, shown: bool) -> None:
        ignored = [c for c in self.filter.ignore if c != code] + ([] if shown else [code])
        self.set_hidden_codes(ignored)

    def set_hidden_codes(self, codes: Any) -> None:
        """Hide the problems of these codes (codes, prefixes such as ``related-``, or globs)."""
        self.filter.set_codes(select=self.filter.select, ignore=codes)
        self._filter_changed()

    def _filter_changed(self, save: bool = True) -> None:
        shown = [s for s, b in self.severity_buttons.items() if b.isChecked()]
        if frozenset(shown) != self.filter.severities:
            self.filter.set_severities(shown)
        self._show_counts()
        if save:
            self.save_state()

    def _problem_at(self, index: QModelIndex) -> Problem | None:
        return self.model.problem(self.filter.mapToSource(index)) if index.isValid() else None

    def selected_problem(self) -> Problem | None:
        return self._problem_at(self.tree.currentIndex())

    def _selection_changed(self) -> None:
        problem = self.selected_problem()
        self.fix_button.setEnabled(bool(problem is not None and problem.fix))

    # -- acting --------------------------------------------------------------------------------
    def jump(self, problem: Problem | None) -> None:
        if problem is not None:
            self.jumpRequested.emit(str(self._absolute(problem)), problem.field or "", int(problem.line or 0))

    def _absolute(self, problem: Problem) -> Path:
        return Path(self.project.folder) / problem.path if self.project is not None else Path(problem.path)

    def apply_fix(self, problem: Problem | None) -> bool:
        """Apply a fix in the article's tab (opening it if needed), as one undo step: field edits
        on the form's undo stack, an answer edit (a pitfall) on the answer editor's."""
        if problem is None or not problem.fix or self.window_ is None:
            return False
        tab = self.window_.open_article(self._absolute(problem))
        controller = getattr(tab, "controller", None)
        if controller is None:
            return False
        edits = problem.fix.get("edits", [])
        spans = [edit for edit in edits if "old" in edit]
        if spans:
            flush = getattr(getattr(tab, "answer_pane", None), "flush", None)
            if callable(flush):
                flush()  # typing the editor has not handed to the article yet must not be lost
            text = controller.article.answer
            for edit in spans:
                fixed = apply_text_edit(text, edit)
                if fixed is None:
                    self.summary.setText("The answer changed since it was checked: this fix no longer applies")
                    self.checks.schedule([problem.path])
                    return False
                text = fixed
            controller.set_answer(text)
        fields = [edit for edit in edits if "old" not in edit]
        if fields:
            with controller.macro(problem.fix.get("title", "Fix")):
                for edit in fields:
                    if edit.get("delete"):
                        controller.delete(edit["field"])
                    else:
                        controller.set(edit["field"], edit["value"])
        self.checks.watch(controller)
        self.checks.schedule([problem.path])
        return True
