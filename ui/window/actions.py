"""The one action table. Menus, the toolbar and the command palette are all built from it.

Each row gives an id (the QAction's objectName is ``action:<id>``), its text, a qtawesome icon,
a shortcut (a ``QKeySequence.StandardKey`` where one exists, so platform conventions hold), the
handler (a callable given the window), the menu it belongs to, and its enablement: a predicate
of the window's state, as napari's ``Action(enablement=...)``. ``update_enablement`` applies
every row's predicate; nothing keeps a separate list of which action is enabled when.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Protocol, cast

import qtawesome as qta
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from ui.review.features import ReviewFeatures
from ui.tab.controller import ArticleController
from ui.window.document_commands import DocumentCommands
from ui.window.host import WindowHost
from ui.window.navigation import Navigation

SK = QKeySequence.StandardKey


class ActionHost(WindowHost, Protocol):
    """The window as its actions see it."""

    documents: DocumentCommands
    navigation: Navigation
    review: ReviewFeatures

    def save(self) -> object: ...

    def close_current_tab(self) -> object: ...

    def close(self) -> bool: ...

    def current_controller(self) -> ArticleController | None: ...


Handler = Callable[[ActionHost], object]
Enablement = Callable[[ActionHost], bool]


def HAS_ARTICLE(window: ActionHost) -> bool:  # noqa: N802 - a named condition, used as data
    """An article tab (not a broken file's tab) is current."""
    return window.current_controller() is not None


def HAS_TAB(window: ActionHost) -> bool:  # noqa: N802
    return window.current_tab() is not None


def IN_GIT(window: ActionHost) -> bool:  # noqa: N802
    """The project is inside a git work tree."""
    return window.review.available


def CAN_UNDO(window: ActionHost) -> bool:  # noqa: N802
    return window.undo_group.canUndo()


def CAN_REDO(window: ActionHost) -> bool:  # noqa: N802
    return window.undo_group.canRedo()


def FORM_COLLAPSED(window: ActionHost) -> bool:  # noqa: N802 - a checked state, used as data
    return window.navigation.form_collapsed()


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    icon: str | None
    shortcut: "QKeySequence.StandardKey | str | None"
    handler: Handler
    menu: str
    toolbar: bool = False
    tip: str = ""
    separator_before: bool = False
    enablement: Enablement | None = None  # None: always enabled
    checked: Enablement | None = None  # a checkable action's state; None: not checkable


ACTIONS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec("new", "&New Article…", "fa5s.file-medical", SK.New,
               lambda w: w.documents.new_in_current_folder(), "File", True,
               "Create an article in a subject folder"),
    ActionSpec("openFolder", "&Open Folder…", "fa5s.folder-open", SK.Open,
               lambda w: w.documents.open_folder(), "File", True),
    ActionSpec("quickOpen", "&Quick Open…", "fa5s.search", "Ctrl+P",
               lambda w: w.navigation.quick_open(), "File", True,
               "Find an article by title or url"),
    ActionSpec("save", "&Save", "fa5s.save", SK.Save, lambda w: w.save(), "File", True,
               separator_before=True, enablement=HAS_ARTICLE),
    ActionSpec("saveAll", "Save A&ll", "fa5s.copy", "Ctrl+Alt+S", lambda w: w.documents.save_all(), "File"),
    ActionSpec("revert", "Re&vert", "fa5s.history", None, lambda w: w.documents.revert_current(), "File",
               tip="Throw away unsaved changes and reload the file", enablement=HAS_ARTICLE),
    ActionSpec("close", "&Close Tab", "fa5s.times", SK.Close, lambda w: w.close_current_tab(), "File",
               enablement=HAS_TAB),
    ActionSpec("quit", "&Quit", "fa5s.power-off", SK.Quit, lambda w: w.close(), "File", separator_before=True),
    # Edit
    ActionSpec("undo", "&Undo", "fa5s.undo", SK.Undo, lambda w: w.navigation.undo(), "Edit", enablement=CAN_UNDO),
    ActionSpec("redo", "&Redo", "fa5s.redo", SK.Redo, lambda w: w.navigation.redo(), "Edit", enablement=CAN_REDO),
    ActionSpec("find", "&Find in Answer…", "fa5s.search-plus", SK.Find,
               lambda w: w.navigation.find(), "Edit", separator_before=True, enablement=HAS_ARTICLE),
    # Ctrl+H as on Windows and Linux desktops (StandardKey.Replace is unbound on some platforms).
    ActionSpec("replace", "R&eplace in Answer…", "fa5s.exchange-alt", "Ctrl+H",
               lambda w: w.navigation.replace(), "Edit", enablement=HAS_ARTICLE),
    ActionSpec("filterProject", "Filter &Articles", "fa5s.filter", "Ctrl+Shift+F",
               lambda w: w.navigation.focus_filter(), "Edit"),
    # Article
    ActionSpec("addRelated", "Add &Related Article…", "fa5s.link", "Ctrl+Shift+R",
               lambda w: w.navigation.add_related(), "Article", True, enablement=HAS_ARTICLE),
    ActionSpec("rename", "Re&name Article…", "fa5s.i-cursor", "F2",
               lambda w: w.documents.rename_current(), "Article",
               separator_before=True, enablement=HAS_ARTICLE),
    ActionSpec("duplicate", "&Duplicate Article", "fa5s.clone", "Ctrl+Shift+D",
               lambda w: w.documents.duplicate_current(), "Article", enablement=HAS_ARTICLE),
    ActionSpec("delete", "Move to &Trash…", "fa5s.trash-alt", None,
               lambda w: w.documents.delete_current(), "Article", enablement=HAS_ARTICLE),
    ActionSpec("revealInBrowser", "Reveal in &Project", "fa5s.crosshairs", "Alt+F1",
               lambda w: w.navigation.reveal_current(), "Article", enablement=HAS_ARTICLE),
    ActionSpec("checkProject", "&Check Project", "fa5s.tasks", "F8",
               lambda w: w.navigation.check_project(), "Article", True,
               separator_before=True),
    ActionSpec("reviewChanges", "Re&view Changes…", "fa5s.code-branch", "Ctrl+Alt+R",
               lambda w: w.review.show_review(), "Article", True,
               "Review what changed in git, field by field and rendered", enablement=IN_GIT),
    # View
    ActionSpec("commandPalette", "&Command Palette…", "fa5s.terminal", "Ctrl+Shift+P",
               lambda w: w.navigation.command_palette(), "View"),
    ActionSpec("nextTab", "&Next Tab", "fa5s.arrow-right", SK.NextChild,
               lambda w: w.navigation.next_tab(), "View", separator_before=True),
    ActionSpec("previousTab", "&Previous Tab", "fa5s.arrow-left", SK.PreviousChild,
               lambda w: w.navigation.previous_tab(), "View"),
    ActionSpec("toggleProjectBrowser", "Toggle Project &Browser", "fa5s.sitemap", "Ctrl+1",
               lambda w: w.navigation.toggle_project_browser(),
               "View", separator_before=True),
    ActionSpec("toggleProblems", "Toggle P&roblems", "fa5s.exclamation-triangle", "Ctrl+2",
               lambda w: w.navigation.toggle_problems(), "View"),
    ActionSpec("toggleForm", "Collapse the F&orm", "fa5s.columns", "Ctrl+Alt+F",
               lambda w: w.navigation.toggle_form(), "View", separator_before=True,
               tip="Collapse the front-matter form to a strip, giving the answer the room",
               checked=FORM_COLLAPSED),
    ActionSpec("focusForm", "Focus &Form", "fa5s.edit", "Ctrl+3",
               lambda w: w.navigation.focus_form(), "View", enablement=HAS_ARTICLE),
    ActionSpec("focusAnswer", "Focus &Answer", "fa5s.paragraph", "Ctrl+4",
               lambda w: w.navigation.focus_answer(), "View", enablement=HAS_ARTICLE),
)

MENU_ORDER = ("File", "Edit", "Article", "View")


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
        host = cast(ActionHost, window)
        action.triggered.connect(lambda _checked=False, h=spec.handler: h(host))
        action.setProperty("tableMenu", spec.menu)
        action.setCheckable(spec.checked is not None)
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


def update_enablement(window: QMainWindow, actions: dict[str, QAction]) -> None:
    """Enable each action whose enablement holds for the window now; check the checked ones."""
    host = cast(ActionHost, window)
    for spec in ACTIONS:
        if spec.enablement is not None:
            actions[spec.id].setEnabled(spec.enablement(host))
        if spec.checked is not None:
            actions[spec.id].setChecked(spec.checked(host))
