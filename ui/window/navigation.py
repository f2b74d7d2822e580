"""The window's navigation commands: quick open, the palette, panels, tabs, focus and undo.

Named in the action table as ``navigation.<method>``; they only move the writer around the
window, never change a document (that is ``ui.document_commands``).
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QWidget

from ui.tab.article_tab import ArticleTab
from ui.window.host import WindowHost



FORM_COLLAPSED = "formCollapsed"  # window state (layout), kept apart from the preferences


class Navigation:
    def __init__(self, window: WindowHost) -> None:
        self.window = window

    def _article_tab(self) -> ArticleTab | None:
        tab = self.window.current_tab()
        return tab if isinstance(tab, ArticleTab) else None

    def quick_open(self) -> None:
        from ui.window.quick_open import QuickOpen

        if self.window.project is not None:
            QuickOpen.pick_article(self.window, self.window.open_article)

    def command_palette(self) -> None:
        from ui.window.command_palette import CommandPalette, palette_entries

        CommandPalette.show_for(self.window, palette_entries(self.window.actions))

    def add_related(self) -> None:
        tab = self._article_tab()
        if tab is not None:
            tab.related_panel.open_picker()

    def undo(self) -> None:
        self.window.undo_group.undo()

    def redo(self) -> None:
        self.window.undo_group.redo()

    def find(self) -> None:
        tab = self._article_tab()
        if tab is not None:
            finder = getattr(tab.answer_pane, "find", None)
            finder() if callable(finder) else tab.focus_field("answer")

    def replace(self) -> None:
        """Open the answer's find bar with its replace row, from wherever the focus is (Ctrl+H)."""
        tab = self._article_tab()
        if tab is not None:
            replacer = getattr(tab.answer_pane, "replace", None)
            replacer() if callable(replacer) else tab.focus_field("answer")

    def focus_filter(self) -> None:
        self.window.browser_dock.show()
        self.window.browser.focus_filter()

    def reveal_current(self) -> None:
        tab = self.window.current_tab()
        if tab is not None:
            self.window.browser_dock.show()
            self.window.browser.select_path(tab.path)
            self.window.browser.tree.setFocus()

    def check_project(self) -> None:
        self.window.problems_dock.show()
        self.window.problems.set_scope("project")
        self.window.problems.refresh_project()

    def next_tab(self) -> None:
        self._step_tab(1)

    def previous_tab(self) -> None:
        self._step_tab(-1)

    def _step_tab(self, step: int) -> None:
        tabs = self.window.tabs
        if tabs.count():
            tabs.setCurrentIndex((tabs.currentIndex() + step) % tabs.count())

    def toggle_project_browser(self) -> None:
        self._toggle(self.window.browser_dock, self.window.browser.tree)

    def toggle_problems(self) -> None:
        self._toggle(self.window.problems_dock, self.window.problems.tree)

    @staticmethod
    def _toggle(dock: QDockWidget, focus: QWidget) -> None:
        """Show a dock and move the keyboard into it, or hide it again."""
        showing = dock.isHidden()  # isHidden: the explicit state, also before the window shows
        dock.setVisible(showing)
        if showing:
            focus.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def form_collapsed(self) -> bool:
        return bool(self.window.settings.window_value(FORM_COLLAPSED, False))

    def toggle_form(self) -> None:
        """Collapse the form to a strip in every tab, or expand it (remembered across runs)."""
        self.set_form_collapsed(not self.form_collapsed())

    def set_form_collapsed(self, collapsed: bool) -> None:
        self.window.settings.set_window_value(FORM_COLLAPSED, collapsed)
        for tab in self.window.tab_widgets():
            if isinstance(tab, ArticleTab):
                tab.set_form_collapsed(collapsed)
        action = self.window.actions.get("toggleForm")
        if action is not None:
            action.setChecked(collapsed)

    def adopt_tab(self, tab: ArticleTab) -> None:
        """A new tab starts with the remembered form state and reports the writer's changes to it."""
        tab.set_form_collapsed(self.form_collapsed())
        tab.formCollapseRequested.connect(self.set_form_collapsed)

    def focus_form(self) -> None:
        tab = self._article_tab()
        if tab is not None:
            tab.focus_field("title")

    def focus_answer(self) -> None:
        tab = self._article_tab()
        if tab is not None:
            tab.focus_field("answer")
