"""The problems list's models: ``ProblemsModel`` holds the rows, ``ProblemsFilter`` chooses them.

``ProblemsModel`` is a table of ``editor.checks.Problem`` rows, sorted by file and line. A
project-wide list holds tens of thousands of rows, and every row a view or a proxy looks at costs
a call into Python, so the model never takes them all at once: a new list is added in chunks, one
chunk per turn of the event loop, and a file's rows are replaced in place (removed and inserted)
when that file is checked again. No call blocks the GUI thread for long, whatever the list's size.

``ProblemsFilter`` is the one filter over it: severities shown, and codes selected or ignored by
the rule ``check --select/--ignore`` uses (``editor.site.rule_settings.code_matches``: a code, a
prefix ending in ``-`` or a glob). The panel's buttons drive it, and a project's rule settings
can drive the same calls.
"""
from __future__ import annotations

import bisect
from collections import Counter
from pathlib import PurePosixPath
from typing import Any, Iterable, Sequence

import qtawesome as qta
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, QTimer

from editor.checks.problem import Problem
from editor.site.rule_settings import code_matches

COLUMNS = ("Problem", "Code", "File", "Field", "Line", "Fix")
PROBLEM, CODE, FILE, FIELD, LINE, FIX = range(len(COLUMNS))
SEVERITIES = ("error", "warning", "info")
SEVERITY_ICONS = {
    "error": ("fa5s.times-circle", "#d8452f"),
    "warning": ("fa5s.exclamation-triangle", "#d89b2f"),
    "info": ("fa5s.info-circle", "#2f7ed8"),
}
FIX_ROLE = Qt.ItemDataRole.UserRole + 1  # the fix's title, "" without one (the Fix delegate paints it)
CHUNK = 2000  # rows added per turn of the event loop (a few milliseconds through the filter)
Index = QModelIndex | QPersistentModelIndex


def severity_icon(severity: str, cache: dict[str, Any] = {}) -> Any:  # noqa: B006 - a deliberate cache
    if severity not in cache:  # one icon per severity, not per row
        name, colour = SEVERITY_ICONS.get(severity, SEVERITY_ICONS["info"])
        cache[severity] = qta.icon(name, color=colour)
    return cache[severity]


def short_path(path: str) -> str:
    """The last folder and the file name, without ``.md``: what tells files apart at a glance."""
    parts = PurePosixPath(path).parts
    name = PurePosixPath(path).name
    stem = name[:-3] if name.endswith(".md") else name
    return "/".join([*parts[-2:-1], stem])


class ProblemsModel(QAbstractTableModel):
    """``titles`` (path -> the article's title) names files in the File column."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[Problem] = []
        self._paths: list[str] = []  # _all's paths, for bisect
        self._shown = 0  # rows the model exposes so far (the rest are still being added)
        # (severity, code) -> how many: counts for the buttons without a pass over every row
        self.pairs: Counter[tuple[str, str]] = Counter()
        self.titles: dict[str, str] = {}
        self._filling = QTimer(self, singleShot=True, interval=0)
        self._filling.timeout.connect(self._add_chunk)

    # -- contents ------------------------------------------------------------------------------
    @property
    def problems(self) -> list[Problem]:
        """Every problem of the list, including those not added to the view yet."""
        return self._all

    @property
    def filled(self) -> bool:
        return self._shown == len(self._all)

    def set_problems(self, problems: Sequence[Problem], presorted: bool = False) -> None:
        """Show a new list (``presorted``: already by file, then line); large ones are added
        chunk by chunk."""
        self.beginResetModel()
        self._all = list(problems) if presorted else sorted(problems, key=Problem.sort_key)
        self._paths = [p.path for p in self._all]
        self.pairs = Counter((p.severity, p.code) for p in self._all)
        self._shown = min(len(self._all), CHUNK)
        self.endResetModel()
        if not self.filled:
            self._filling.start()

    def refill(self) -> None:
        """Add every row again, chunk by chunk (the filter changed: rows are judged as they come)."""
        self.beginResetModel()
        self._shown = min(len(self._all), CHUNK)
        self.endResetModel()
        if not self.filled:
            self._filling.start()

    def _add_chunk(self) -> None:
        if self.filled:
            return
        end = min(len(self._all), self._shown + CHUNK)
        self.beginInsertRows(QModelIndex(), self._shown, end - 1)
        self._shown = end
        self.endInsertRows()
        if not self.filled:
            self._filling.start()

    def replace_file(self, path: str, problems: Iterable[Problem], codes: frozenset[str] | None = None) -> None:
        """The file's problems are now ``problems`` (of ``codes`` only, when given: its others stay)."""
        start = bisect.bisect_left(self._paths, path)
        end = bisect.bisect_right(self._paths, path)
        old = self._all[start:end]
        kept = [p for p in old if codes is not None and p.code not in codes]
        new = sorted([*kept, *problems], key=Problem.sort_key)
        if new == old:
            return
        self.pairs.subtract((p.severity, p.code) for p in old)
        self.pairs.update((p.severity, p.code) for p in new)
        self.pairs = +self.pairs  # drop the codes that are gone
        visible_end = min(end, self._shown)
        if start < visible_end:
            self.beginRemoveRows(QModelIndex(), start, visible_end - 1)
            del self._all[start:end]
            del self._paths[start:end]
            self._shown -= visible_end - start
            self.endRemoveRows()
        else:
            del self._all[start:end]
            del self._paths[start:end]
        if start <= self._shown and new:
            self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
            self._insert(start, new)
            self._shown += len(new)
            self.endInsertRows()
        else:
            self._insert(start, new)

    def _insert(self, at: int, problems: list[Problem]) -> None:
        self._all[at:at] = problems
        self._paths[at:at] = [p.path for p in problems]

    def problem(self, index: Index) -> Problem | None:
        return self._all[index.row()] if index.isValid() and index.row() < self._shown else None

    # -- Qt's model interface ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        problem = self.problem(index)
        if problem is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == PROBLEM:
                return problem.message
            if column == CODE:
                return problem.code
            if column == FILE:
                return self.titles.get(problem.path) or short_path(problem.path)
            if column == FIELD:
                return problem.field
            if column == LINE:
                return str(problem.line or "")
            return None  # the Fix column is painted by its delegate, from FIX_ROLE
        if role == FIX_ROLE:
            return problem.fix.get("title", "Fix") if problem.fix else ""
        if role == Qt.ItemDataRole.DecorationRole and column == PROBLEM:
            return severity_icon(problem.severity)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == FILE:
                title = self.titles.get(problem.path)
                return f"{title}\n{problem.path}" if title else problem.path
            if column == FIX:
                return problem.fix.get("title", "Fix") if problem.fix else None
            return f"{problem.severity}: {problem.code}\n{problem.message}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == LINE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ProblemsFilter(QSortFilterProxyModel):
    """Which problems the list shows: by severity, and by code (selected / ignored patterns)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setDynamicSortFilter(False)  # the source is sorted; a row's data never changes in place
        self.severities: frozenset[str] = frozenset(SEVERITIES)
        self.select: tuple[str, ...] = ()
        self.ignore: tuple[str, ...] = ()
        self._codes: dict[str, bool] = {}  # code -> shown, worked out once per code and filter

    def set_severities(self, shown: Iterable[str]) -> None:
        self.severities = frozenset(shown)
        self._changed()

    def set_codes(self, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> None:
        """Show the codes matching ``select`` (all when empty) and not ``ignore``."""
        self.select, self.ignore = tuple(select), tuple(ignore)
        self._changed()

    def code_shown(self, code: str) -> bool:
        shown = self._codes.get(code)
        if shown is None:
            shown = self._codes[code] = (not self.select or code_matches(code, self.select)) and not code_matches(
                code, self.ignore
            )
        return shown

    def accepts(self, problem: Problem) -> bool:
        return problem.severity in self.severities and self.code_shown(problem.code)

    def shown(self, problems: Iterable[Problem]) -> list[Problem]:
        return [p for p in problems if self.accepts(p)]

    def shown_count(self, pairs: Counter[tuple[str, str]]) -> int:
        """How many rows pass, from ``ProblemsModel.pairs`` (no pass over the rows)."""
        return sum(n for (severity, code), n in pairs.items() if severity in self.severities and self.code_shown(code))

    def _changed(self) -> None:
        self._codes = {}
        source = self.sourceModel()
        if isinstance(source, ProblemsModel):
            source.refill()  # rows come back in chunks and are judged as they come
        else:
            self.invalidate()

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802 - Qt's name
        source = self.sourceModel()
        problems = source.problems if isinstance(source, ProblemsModel) else None
        if problems is None or row >= len(problems):
            return True
        return self.accepts(problems[row])


def counts(pairs: Counter[tuple[str, str]]) -> tuple[Counter[str], Counter[str]]:
    """(problems per severity, problems per code) from ``ProblemsModel.pairs``."""
    severities: Counter[str] = Counter()
    codes: Counter[str] = Counter()
    for (severity, code), n in pairs.items():
        severities[severity] += n
        codes[code] += n
    return severities, codes
