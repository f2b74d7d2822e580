"""The main window. It only composes: the project browser dock, the article tabs, the problems
dock, the status bar, and the actions from ``ui.actions``. File operations live in
``ui.document_commands``; the window forwards to them.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QShowEvent, QUndoGroup
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMenu, QProgressBar, QTabWidget, QVBoxLayout, QWidget

from editor.article.article import Article, ArticleError
from editor.session.lock import lock_folder
from ui.window import actions as action_table
from ui.tab import disk_watch
from ui.tab import journal
from ui.window import link_recheck, recovery_bar, screen_fit
from ui.tab.article_tab import ArticleTab, BrokenArticleTab
from ui.common.background import BackgroundOp, cancel_all
from ui.tab.controller import ArticleController
from ui.window.document_commands import DocumentCommands
from ui.window.host import Tab
from ui.common.message_bar import MessageBar
from ui.window.navigation import Navigation
from ui.window.problems_panel import ProblemsPanel
from ui.window.preview_tab import PreviewTab
from ui.window.project_browser import ProjectBrowser
from ui.review.features import ReviewFeatures
from ui.common.settings import Settings

APP_NAME = "Article Editor"


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings = settings or Settings()
        self.project: Any = None
        self.index_op: BackgroundOp[Any] | None = None
        self.index_ready = False
        self.index_error: str | None = None
        self.undo_group = QUndoGroup(self)
        self.documents = DocumentCommands(self)
        self.navigation = Navigation(self)

        self.tabs = QTabWidget(objectName="articleTabs")
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.tabBar().setElideMode(Qt.TextElideMode.ElideRight)
        self.tabs.tabCloseRequested.connect(lambda index: self.close_tab(self.tabs.widget(index)))
        self.tabs.currentChanged.connect(self._current_tab_changed)
        self.empty_hint = QLabel(objectName="emptyHint")
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setEnabled(False)
        self.empty_hint.setText(
            "Open an article from the project browser\n\nCtrl+P  Quick open   ·   Ctrl+N  New article   ·   "
            "Ctrl+Shift+P  Commands"
        )
        self.window_bar = MessageBar(self)
        self.window_bar.setObjectName("windowMessageBar")
        central = QWidget(objectName="centralArea")
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.window_bar)
        column.addWidget(self.empty_hint, 1)
        column.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.tabs.hide()
        self.folder_lock: Any = None

        self.browser = ProjectBrowser(self)
        self.browser.articleActivated.connect(self.open_article)
        self.browser.articlePreviewed.connect(lambda path: self.open_article(path, preview=True))
        self.preview = PreviewTab(self.tabs, self.remove_tab)
        self.browser.indexRefreshed.connect(self._index_refreshed)
        self.browser_dock = self._dock("projectBrowserDock", "Project", self.browser, Qt.DockWidgetArea.LeftDockWidgetArea)
        self.problems = ProblemsPanel(self)
        self.problems.jumpRequested.connect(self.jump_to_problem)
        self.problems_dock = self._dock("problemsDock", "Problems", self.problems, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.review = ReviewFeatures.install(self, self.problems_dock, lambda: self.project, self.settings)
        self.review.openRequested.connect(self.open_article)
        self.review.git_state.found.connect(self._update_actions)
        self.review.git_state.unavailable.connect(self._update_actions)
        self.browser.set_git_state(self.review.git_state)

        self.progress = QProgressBar(objectName="indexProgress")
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.status_label = QLabel(objectName="statusLabel")
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.progress)

        self.actions = action_table.build_actions(self)
        self.menus = action_table.build_menus(self, self.actions)
        self.toolbar = action_table.build_toolbar(self, self.actions)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.recent_menu = QMenu("Open &Recent", self, objectName="menu:recent")
        self.menus["File"].insertMenu(self.actions["quickOpen"], self.recent_menu)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.undo_group.canUndoChanged.connect(self._update_actions)
        self.undo_group.canRedoChanged.connect(self._update_actions)
        screen_fit.open_within_screen(self)
        self._needs_first_layout = not self.settings.restore_window(self)
        if not self._needs_first_layout:
            screen_fit.keep_within_screen(self)
        self._update_actions()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._needs_first_layout:
            # First run: dock sizes follow the window's size (a saved layout replaces them).
            self._needs_first_layout = False
            width, height = self.width(), self.height()
            self.resizeDocks([self.browser_dock], [max(200, min(280, width // 5))], Qt.Orientation.Horizontal)
            # Problems get a fifth of the height, 150-230 px: four rows at 1280x720 (the answer
            # keeps its room), six or more on a tall screen; the user's own size is remembered.
            self.resizeDocks([self.problems_dock], [max(150, min(230, height // 5))], Qt.Orientation.Vertical)

    def _dock(self, name: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self, objectName=name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable | QDockWidget.DockWidgetFeature.DockWidgetClosable)
        self.addDockWidget(area, dock)
        return dock

    # -- project -------------------------------------------------------------------------------
    def open_project(self, folder: str | Path) -> None:
        """Make ``folder`` the project and index it in the background."""
        from editor.index.project import Project

        folder = Path(folder).resolve()
        if self.index_op is not None:
            self.index_op.cancel()
        self.project = Project.open(folder)
        self.index_ready, self.index_error = False, None
        self.settings.add_recent_project(folder)
        self._lock(folder)
        recovery_bar.install(self, folder, self.open_restored)
        self.browser.set_project(self.project)
        self.problems.set_project(self.project)
        self.review.open(folder)
        self.setWindowTitle(f"{folder.name} — {APP_NAME}")
        # Index once the event loop runs, so the window paints first and the worker thread does
        # not compete with start-up for the interpreter.
        QTimer.singleShot(0, self.reindex)

    def _lock(self, folder: Path) -> None:
        """One window per folder: a second one still opens, but says so at the top."""
        if self.folder_lock is not None:
            self.folder_lock.release()
        self.folder_lock = lock_folder(folder)
        if self.folder_lock.notice:
            self.window_bar.warning(self.folder_lock.notice)
        elif self.window_bar.level:
            self.window_bar.dismiss()

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for folder in self.settings.recent_projects():
            action = self.recent_menu.addAction(folder)
            action.setEnabled(Path(folder).is_dir())
            action.triggered.connect(lambda _c=False, f=folder: self.documents.close_all() and self.open_project(f))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("No recent folders").setEnabled(False)

    def reindex(self) -> None:
        """(Re)build the index off the GUI thread; the browser fills in when it is done."""
        if self.project is None:
            return
        self.progress.setRange(0, 0)
        self.progress.setFormat("Indexing…")
        self.progress.show()
        self.status_label.setText(f"Indexing {self.project.folder}…")
        self.index_op = (
            BackgroundOp(self.project.index)
            .with_progress(self._index_progress)
            .success(self._index_done)
            .failure(self._index_failed)
            .run(key=f"index:{id(self)}", owner=self)
        )

    def _index_progress(self, done: int, total: int, *_rest: Any) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"Indexing %v / %m")

    def _index_done(self, stats: Any) -> None:
        self.progress.setRange(0, 0)
        self.progress.setFormat("Loading the article list…")
        self.browser.refresh(lambda: self._browser_loaded(stats))

    def _browser_loaded(self, stats: Any) -> None:
        """The index is built and the browser lists it: the project is ready."""
        self.index_ready = True
        self.progress.hide()
        seconds = getattr(stats, "seconds", None)
        took = f" in {seconds:.1f} s" if isinstance(seconds, (int, float)) else ""
        self.status_label.setText(f"{self.project.folder} — indexed{took}")
        notice = getattr(stats, "notice", "") or getattr(self.project, "notice", "")
        if notice:  # the index was damaged and has been rebuilt: say so once
            self.window_bar.show_message("warning", notice[:1].upper() + notice[1:])
        current = self.current_tab()
        if current is not None:
            self.browser.select_path(current.path)
        for tab in self.tab_widgets():
            if isinstance(tab, ArticleTab):
                tab.index_loaded()
        self.problems.refresh_project()

    def _index_refreshed(self, path: Path) -> None:
        """A saved article is in the index: the open tabs related to it check their links again."""
        saved = self.find_tab(path)
        if isinstance(saved, ArticleTab):
            link_recheck.recheck_related(saved, self.tab_widgets())

    def _index_failed(self, error: BaseException) -> None:
        self.index_error = str(error)
        self.progress.hide()
        self.browser.count_label.setText("The index could not be built")
        self.status_label.setText(f"Could not index {self.project.folder}: {error}")

    # -- tabs ----------------------------------------------------------------------------------
    def tab_widgets(self) -> list[Tab]:
        return [self.tabs.widget(i) for i in range(self.tabs.count())]

    def current_tab(self) -> Tab | None:
        return self.tabs.currentWidget()

    def current_controller(self) -> ArticleController | None:
        tab = self.current_tab()
        return tab.controller if isinstance(tab, ArticleTab) else None

    def find_tab(self, path: str | Path) -> Tab | None:
        target = Path(path).resolve()
        return next((t for t in self.tab_widgets() if t.path and Path(t.path).resolve() == target), None)

    def resolve_path(self, path: str | Path) -> Path:
        path = Path(path).expanduser()
        if not path.is_absolute() and self.project is not None:
            path = Path(self.project.folder) / path
        return path.resolve()

    def open_article(self, path: str | Path, new: bool = False, preview: bool = False) -> Tab:
        """Open (or switch to) the article at ``path``, absolute or relative to the project.
        ``new`` marks a just-created article (its form starts with titles linked, url unlocked);
        ``preview`` opens it in the preview tab (``ui.window.preview_tab``), else to stay."""
        path = self.resolve_path(path)
        tab = self.find_tab(path)
        if tab is not None and not preview:
            self.preview.keep(tab)
        if tab is None:
            try:
                controller = ArticleController(path, self.project)
            except ArticleError as error:
                tab = BrokenArticleTab(path, error)
                self.tabs.addTab(tab, "")
                self.update_tab(tab)
            else:
                controller.is_new = new
                tab = self._add_article_tab(controller)
            self.preview.opened(tab, preview)
        self.tabs.setCurrentWidget(tab)
        return tab

    def open_restored(self, path: Path, article: Article) -> ArticleTab:
        """Open a buffer recovered from a crashed session (unsaved, over the file at ``path``)."""
        existing = self.find_tab(path)
        if existing is not None:
            self.remove_tab(existing)
        tab = self._add_article_tab(ArticleController(article, self.project))
        self.tabs.setCurrentWidget(tab)
        return tab

    def _add_article_tab(self, controller: ArticleController) -> ArticleTab:
        controller.setParent(self)
        tab = ArticleTab(controller, self.project)
        controller.modifiedChanged.connect(lambda _m, t=tab: self.update_tab(t))
        controller.changed.connect(lambda key, t=tab: key in ("", "title") and self.update_tab(t))
        controller.saved.connect(lambda t=tab: self._article_saved(t))
        opener = getattr(tab.related_panel, "openRequested", None)
        if opener is not None:
            opener.connect(self.open_article)
        self.undo_group.addStack(controller.undo_stack)
        self.navigation.adopt_tab(tab)
        journal.attach(controller)
        watch = disk_watch.attach(tab)
        watch.missingChanged.connect(lambda _m, t=tab: self.update_tab(t))
        self.tabs.addTab(tab, "")
        self.update_tab(tab)
        return tab

    def update_tab(self, tab: Tab) -> None:
        index = self.tabs.indexOf(tab)
        if index < 0:
            return
        if isinstance(tab, ArticleTab):
            title, modified = tab.controller.title, tab.controller.is_modified
            icon = action_table.qta.icon("fa5s.circle", color="#d89b2f") if modified else action_table.qta.icon("mdi6.file-document-outline")
        else:
            title, modified = tab.path.name, False
            icon = action_table.qta.icon("fa5s.exclamation-circle", color="#d8452f")
        short = title if len(title) <= 40 else title[:38] + "…"
        self.tabs.setTabText(index, short)  # the orange dot icon alone marks a modified tab
        self.tabs.setTabIcon(index, icon)
        self.tabs.setTabToolTip(index, f"{title}\n{tab.path}" + ("\n(modified)" if modified else ""))
        if tab is self.current_tab():
            self._update_title()

    def _update_title(self) -> None:
        tab = self.current_tab()
        project = Path(self.project.folder).name if self.project else ""
        if tab is None:
            self.setWindowTitle(f"{project} — {APP_NAME}" if project else APP_NAME)
            self.setWindowModified(False)
            return
        name = tab.controller.title if isinstance(tab, ArticleTab) else tab.path.name
        self.setWindowTitle(f"{name}[*] — {project} — {APP_NAME}")
        self.setWindowModified(bool(isinstance(tab, ArticleTab) and tab.controller.is_modified))

    def _current_tab_changed(self, _index: int) -> None:
        self.empty_hint.setVisible(self.tabs.count() == 0)
        self.tabs.setVisible(self.tabs.count() > 0)
        controller = self.current_controller()
        self.undo_group.setActiveStack(controller.undo_stack if controller else None)
        self._update_title()
        self._update_actions()
        tab = self.current_tab()
        self.problems.set_article(tab.path if tab else None, controller)
        if tab is not None and tab.path:
            self.browser.select_path(tab.path)

    def _update_actions(self, *_changed: object) -> None:
        action_table.update_enablement(self, self.actions)

    def _article_saved(self, tab: ArticleTab) -> None:
        self.update_tab(tab)
        self.review.article_saved()
        self.statusBar().showMessage(f"Saved {tab.path.name}", 4000)
        if tab is self.current_tab():
            self.problems.set_article(tab.path, tab.controller)

    def remove_tab(self, tab: Tab) -> None:
        """Drop a tab without asking (the caller has dealt with unsaved changes)."""
        if isinstance(tab, ArticleTab):
            self.undo_group.removeStack(tab.controller.undo_stack)
            shutdown = getattr(tab.answer_pane, "shutdown", None)
            if callable(shutdown):
                shutdown()
            # Closing means its changes were saved or discarded: the recovery entry is done.
            writer = tab.controller.findChild(journal.ArticleJournal)
            if writer is not None:
                writer.close()
        self.tabs.removeTab(self.tabs.indexOf(tab))
        tab.deleteLater()
        if isinstance(tab, ArticleTab):
            tab.controller.deleteLater()
        self._update_actions()

    def close_tab(self, tab: Tab | None) -> bool:
        """Close one tab, asking about unsaved changes; False if the writer cancelled."""
        if tab is None:
            return True
        if not self.documents.resolve_unsaved([tab]):
            return False
        self.remove_tab(tab)
        return True

    # -- the handlers the action table names directly ------------------------------------------
    def save(self) -> bool:
        tab = self.current_tab()
        return self.documents.save(tab) if isinstance(tab, ArticleTab) else False

    def close_current_tab(self) -> None:
        self.close_tab(self.current_tab())

    def jump_to_problem(self, path: str, field: str, line: int) -> None:
        tab = self.open_article(path)
        if isinstance(tab, BrokenArticleTab):
            tab.go_to_line(line or 1)
        elif field:
            tab.focus_field(field)

    # -- closing -------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if not self.documents.resolve_unsaved(self.tab_widgets()):
            event.ignore()
            return
        self.settings.save_window(self)
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Close every tab without asking, stop background work and free the folder."""
        for tab in self.tab_widgets():
            self.remove_tab(tab)
        self.review.close()
        cancel_all()
        if self.folder_lock is not None:
            self.folder_lock.release()
            self.folder_lock = None
