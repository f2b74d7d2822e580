"""The one action table. Menus, the toolbar and the command palette are all built from it.

Each row gives an id (the QAction's objectName is ``action:<id>``), its text, a qtawesome icon,
a shortcut (a ``QKeySequence.StandardKey`` where one exists, so platform conventions hold), the
handler (a window attribute path: ``save``, ``documents.save_all``, ``navigation.quick_open``)
and the menu it belongs to.
"""
from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import Any

import qtawesome as qta
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

SK = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    icon: str | None
    shortcut: "QKeySequence.StandardKey | str | None"
    handler: str
    menu: str
    toolbar: bool = False
    tip: str = ""
    separator_before: bool = False


ACTIONS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec("new", "&New Article…", "fa5s.file-medical", SK.New, "documents.new_in_current_folder", "File", True,
               "Create an article in a subject folder"),
    ActionSpec("openFolder", "&Open Folder…", "fa5s.folder-open", SK.Open, "documents.open_folder", "File", True),
    ActionSpec("quickOpen", "&Quick Open…", "fa5s.search", "Ctrl+P", "navigation.quick_open", "File", True,
               "Find an article by title or url"),
    ActionSpec("save", "&Save", "fa5s.save", SK.Save, "save", "File", True, separator_before=True),
    ActionSpec("saveAll", "Save A&ll", "fa5s.copy", "Ctrl+Alt+S", "documents.save_all", "File"),
    ActionSpec("revert", "Re&vert", "fa5s.history", None, "documents.revert_current", "File",
               tip="Throw away unsaved changes and reload the file"),
    ActionSpec("close", "&Close Tab", "fa5s.times", SK.Close, "close_current_tab", "File"),
    ActionSpec("quit", "&Quit", "fa5s.power-off", SK.Quit, "close", "File", separator_before=True),
    # Edit
    ActionSpec("undo", "&Undo", "fa5s.undo", SK.Undo, "navigation.undo", "Edit"),
    ActionSpec("redo", "&Redo", "fa5s.redo", SK.Redo, "navigation.redo", "Edit"),
    ActionSpec("find", "&Find in Answer…", "fa5s.search-plus", SK.Find, "navigation.find", "Edit", separator_before=True),
    ActionSpec("filterProject", "Filter &Articles", "fa5s.filter", "Ctrl+Shift+F", "navigation.focus_filter", "Edit"),
    # Article
    ActionSpec("addRelated", "Add &Related Article…", "fa5s.link", "Ctrl+Shift+R", "navigation.add_related", "Article", True),
    ActionSpec("rename", "Re&name Article…", "fa5s.i-cursor", "F2", "documents.rename_current", "Article",
               separator_before=True),
    ActionSpec("duplicate", "&Duplicate Article", "fa5s.clone", "Ctrl+Shift+D", "documents.duplicate_current", "Article"),
    ActionSpec("delete", "Move to &Trash…", "fa5s.trash-alt", None, "documents.delete_current", "Article"),
    ActionSpec("revealInBrowser", "Reveal in &Project", "fa5s.crosshairs", "Alt+F1", "navigation.reveal_current", "Article"),
    ActionSpec("checkProject", "&Check Project", "fa5s.tasks", "F8", "navigation.check_project", "Article", True,
               separator_before=True),
    # View
    ActionSpec("commandPalette", "&Command Palette…", "fa5s.terminal", "Ctrl+Shift+P", "navigation.command_palette", "View"),
    ActionSpec("nextTab", "&Next Tab", "fa5s.arrow-right", SK.NextChild, "navigation.next_tab", "View", separator_before=True),
    ActionSpec("previousTab", "&Previous Tab", "fa5s.arrow-left", SK.PreviousChild, "navigation.previous_tab", "View"),
    ActionSpec("toggleProjectBrowser", "Toggle Project &Browser", "fa5s.sitemap", "Ctrl+1", "navigation.toggle_project_browser",
               "View", separator_before=True),
    ActionSpec("toggleProblems", "Toggle P&roblems", "fa5s.exclamation-triangle", "Ctrl+2", "navigation.toggle_problems", "View"),
    ActionSpec("focusForm", "Focus &Form", "fa5s.edit", "Ctrl+3", "navigation.focus_form", "View"),
    ActionSpec("focusAnswer", "Focus &Answer", "fa5s.paragraph", "Ctrl+4", "navigation.focus_answer", "View"),
)

MENU_ORDER = ("File", "Edit", "Article", "View")


def action_spec(action_id: str) -> ActionSpec:
    return next(spec for spec in ACTIONS if spec.id == action_id)


def build_actions(window: QMainWindow) -> dict[str, QAction]:
    """One QAction per row, connected to the window's handler and added to the window."""
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = QAction(spec.text, window)
        action.setObjectName(f"action:{spec.id}")
        if spec.icon:
            action.setIcon(qta.icon(spec.icon))
        if spec.shortcut is not None:
            if isinstance(spec.shortcut, str):
                action.setShortcut(QKeySequence(spec.shortcut))
            else:
                action.setShortcuts(QKeySequence.keyBindings(spec.shortcut))
        tip = spec.tip or spec.text.replace("&", "").rstrip("…")
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({shortcut})" if shortcut else tip)
        action.setStatusTip(tip)
        handler = attrgetter(spec.handler)(window)  # "save" or "documents.save_all"
        action.triggered.connect(lambda _checked=False, h=handler: h())
        window.addAction(action)  # shortcuts work even while menus and toolbar are hidden
        actions[spec.id] = action
    return actions


def build_menus(window: QMainWindow, actions: dict[str, QAction]) -> dict[str, QMenu]:
    menus: dict[str, QMenu] = {}
    bar = window.menuBar()
    for name in MENU_ORDER:
        menus[name] = bar.addMenu("&" + name)
        menus[name].setObjectName(f"menu:{name.lower()}")
    for spec in ACTIONS:
        menu = menus[spec.menu]
        if spec.separator_before:
            menu.addSeparator()
        menu.addAction(actions[spec.id])
    return menus


def build_toolbar(window: QMainWindow, actions: dict[str, QAction]) -> QToolBar:
    toolbar = QToolBar("Main toolbar", window)
    toolbar.setObjectName("mainToolbar")
    toolbar.setMovable(False)
    for spec in ACTIONS:
        if spec.toolbar:
            if spec.separator_before:
                toolbar.addSeparator()
            toolbar.addAction(actions[spec.id])
    window.addToolBar(toolbar)
    return toolbar


def palette_entries(actions: dict[str, QAction]) -> list[tuple[str, str, str, QAction]]:
    """(id, menu, text, action) for the command palette, in table order."""
    entries: list[tuple[str, str, str, Any]] = []
    for spec in ACTIONS:
        entries.append((spec.id, spec.menu, spec.text.replace("&", "").rstrip("…"), actions[spec.id]))
    return entries
