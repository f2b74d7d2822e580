"""The table model behind the problems list: one row per ``editor.checks.Problem``.

A model (not a QTreeWidget of items) keeps a project-wide list of tens of thousands of problems
cheap to show: rows are produced on demand as they scroll into view.
"""
from __future__ import annotations

from typing import Any, Sequence

import qtawesome as qta
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

COLUMNS = ("Problem", "Field", "File", "Line", "Fix")
SEVERITY_ICONS = {
    "error": ("fa5s.times-circle", "#d8452f"),
    "warning": ("fa5s.exclamation-triangle", "#d89b2f"),
    "info": ("fa5s.info-circle", "#2f7ed8"),
}
Index = QModelIndex | QPersistentModelIndex


class ProblemsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.problems: list[Any] = []
        self._icons: dict[str, Any] = {}

    def set_problems(self, problems: Sequence[Any]) -> None:
        self.beginResetModel()
        self.problems = list(problems)
        self.endResetModel()

    def problem(self, index: Index) -> Any:
        return self.problems[index.row()] if index.isValid() and index.row() < len(self.problems) else None

    def _icon(self, severity: str) -> Any:
        if severity not in self._icons:  # one icon per severity, not per row
            name, colour = SEVERITY_ICONS.get(severity, SEVERITY_ICONS["info"])
            self._icons[severity] = qta.icon(name, color=colour)
        return self._icons[severity]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.problems)

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
            fix = problem.fix.get("title", "Fix") if problem.fix else ""
            return (problem.message, problem.field or "", str(problem.path), str(problem.line or ""), fix)[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return self._icon(problem.severity)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{problem.severity}: {problem.code}\n{problem.message}"
        return None
