"""The window's document commands: save (with conflict handling), revert, close prompts, new,
rename, duplicate and delete. They ask through ``ui.dialogs`` and report problems in the tab's
message bar, naming the file and the fix, never as a traceback.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from editor.article.article import ArticleError, ConflictError
from editor.article.slug import slugify
from editor.operations import documents
from ui.window import save_failures
from ui.tab.article_tab import ArticleTab, BrokenArticleTab
from ui.tab.disk_watch import DiskWatch
from ui.common.dialogs import (
    ConfirmDeleteDialog,
    ConflictDialog,
    DiffDialog,
    DiscardChangesDialog,
    NewArticleDialog,
    RenameDialog,
    SaveChangesDialog,
)
from ui.window.host import WindowHost



class DocumentCommands:
    def __init__(self, window: WindowHost) -> None:
        self.window = window

    # -- the handlers the action table names (documents.<method>) ------------------------------
    def _article_tab(self) -> ArticleTab | None:
        tab = self.window.current_tab()
        return tab if isinstance(tab, ArticleTab) else None

    def save_all(self) -> bool:
        return all(self.save(t) for t in self.window.tab_widgets() if isinstance(t, ArticleTab) and t.controller.is_modified)

    def revert_current(self) -> None:
        tab = self._article_tab()
        if tab is not None:
            self.revert(tab)

    def new_in_current_folder(self) -> None:
        self.new_article(self.window.browser.current_subject_folder())

    def rename_current(self) -> None:
        tab = self._article_tab()
        if tab is not None:
            self.rename(tab)

    def duplicate_current(self) -> None:
        tab = self._article_tab()
        if tab is not None:
            self.duplicate(tab)

    def delete_current(self) -> None:
        tab = self.window.current_tab()
        if tab is not None:
            self.delete(tab)

    def open_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        start = str(self.window.project.folder) if self.window.project else str(Path.home())
        folder = QFileDialog.getExistingDirectory(self.window, "Open content folder", start)
        if folder and self.close_all():
            self.window.open_project(folder)

    def close_all(self) -> bool:
        if not self.resolve_unsaved(self.window.tab_widgets()):
            return False
        for tab in self.window.tab_widgets():
            self.window.remove_tab(tab)
        return True

    # -- save ----------------------------------------------------------------------------------
    def save(self, tab: ArticleTab, force: bool = False) -> bool:
        """Save one article; on a conflict offer Compare / Overwrite / Reload. True if saved."""
        controller = tab.controller
        try:
            controller.save(force=force)
        except ConflictError:
            handled = save_failures.resolve_conflict(self.window, tab, self.save)
            if handled is not None:
                return handled
            choice = ConflictDialog.ask(self.window, tab.path.name)
            if choice == "overwrite":
                return self.save(tab, force=True)
            if choice == "reload":
                return self._reload(tab)
            if choice == "compare":
                self._compare(tab)
            tab.message_bar.warning(
                f"{tab.path.name} changed on disk since you opened it; not saved. "
                "Compare, then overwrite or reload.",
                [("Compare", lambda: self._compare(tab)), ("Overwrite", lambda: self.save(tab, force=True)),
                 ("Reload", lambda: self._reload(tab))],
            )
            return False
        except (ArticleError, OSError) as error:
            save_failures.save_failed(self.window, tab, error, self.save)
            return False
        if tab.message_bar.level:
            tab.message_bar.dismiss()
        self.window.browser.article_saved(tab.path, tab.controller.title)
        return True

    def _compare(self, tab: ArticleTab) -> None:
        try:
            disk = tab.path.read_bytes().decode("utf-8", errors="replace")
        except OSError:
            disk = ""
        mine = tab.controller.article.dumps().decode("utf-8", errors="replace")
        DiffDialog.show_diff(self.window, f"{tab.path.name}: disk and editor", disk, mine)

    def _reload(self, tab: ArticleTab) -> bool:
        try:
            tab.controller.reload()
        except ArticleError as error:
            tab.message_bar.error(f"Could not reload {tab.path.name}: {error.message}.")
            return False
        if tab.message_bar.level:
            tab.message_bar.dismiss()
        self.window.update_tab(tab)
        return True

    def revert(self, tab: ArticleTab) -> None:
        """Discard the unsaved changes for the file's text. It asks only "Discard changes /
        Cancel" (Revert means discarding; saving is Save), and the revert is one undo step: Undo,
        or the message bar's "Restore discarded changes", brings the text back."""
        controller = tab.controller
        if not controller.is_modified:
            self._reload(tab)  # nothing to lose: just pick up the file as it is now
            return
        if not DiscardChangesDialog.ask(self.window, controller.title):
            return
        try:
            discarded = controller.revert()
        except ArticleError as error:
            tab.message_bar.error(f"Could not revert {tab.path.name}: {error.message}. Your changes are kept.")
            return
        tab.message_bar.info(
            f"Reverted {tab.path.name} to the file on disk. Undo brings your changes back.",
            [("Restore discarded changes", lambda: self._restore(tab, discarded))],
        )
        self.window.update_tab(tab)

    def _restore(self, tab: ArticleTab, discarded: bytes) -> None:
        try:
            tab.controller.restore_discarded(discarded)
        except ArticleError as error:  # the journalled bytes were an article, so unlikely
            tab.message_bar.error(f"Could not restore the changes to {tab.path.name}: {error.message}.")
            return
        tab.message_bar.dismiss()
        self.window.update_tab(tab)

    # -- unsaved work --------------------------------------------------------------------------
    def resolve_unsaved(self, tabs: Iterable[object]) -> bool:
        """Ask Save / Discard / Cancel for the modified ones; True when it is fine to close them."""
        modified = [t for t in tabs if isinstance(t, ArticleTab) and t.controller.is_modified]
        if not modified:
            return True
        answer = SaveChangesDialog.ask(self.window, [t.controller.title for t in modified])
        if answer == "cancel":
            return False
        if answer == "save":
            return all(self.save(t) for t in modified)
        return True

    # -- new, rename, duplicate, delete --------------------------------------------------------
    def _root(self) -> Path | None:
        return Path(self.window.project.folder) if self.window.project is not None else None

    def new_article(self, subject_folder: str | None) -> None:
        root = self._root()
        if root is None:
            return
        folders = sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
        answer = NewArticleDialog.ask(self.window, folders, subject_folder)
        if answer is None:
            return
        folder, title = answer
        try:
            path = documents.new_article(root, folder, title, self.window.project)
        except (OSError, ValueError, ArticleError) as error:
            self.window.status_label.setText(f"Could not create the article: {error}")
            return
        self.window.reindex()
        tab = self.window.open_article(path, new=True)
        if isinstance(tab, ArticleTab):
            tab.focus_field("title")

    def rename(self, tab: ArticleTab) -> None:
        if tab.controller.is_modified and not self.save(tab):
            return
        old = tab.path
        new_stem = RenameDialog.ask(self.window, old.stem, slugify(tab.controller.title))
        if not new_stem:
            return
        project = self.window.project
        linked = ""
        try:
            if project is not None:
                # With an index, every related link to the old url is repointed too, after a preview.
                from ui.tab.related_panel import rename_with_backlinks

                result = rename_with_backlinks(self.window, project, old, new_stem)
                if result is None:
                    return
                new_path, summary = result
                linked = " " + summary.text()
            else:
                new_path = documents.rename_article(old, new_stem)
        except (OSError, ValueError, ArticleError) as error:
            tab.message_bar.error(f"Could not rename {old.name}: {getattr(error, 'message', None) or error}")
            return
        index = self.window.tabs.indexOf(tab)
        self.window.remove_tab(tab)
        new_tab = self.window.open_article(new_path)
        self.window.tabs.tabBar().moveTab(self.window.tabs.indexOf(new_tab), index)
        new_tab.message_bar.info(f"Renamed to {new_path.name}; its file_name and url changed with it.{linked}")
        self.window.reindex()

    def duplicate(self, tab: ArticleTab) -> None:
        try:
            path = documents.duplicate_article(tab.path, self.window.project, self._root())
        except (OSError, ArticleError) as error:
            tab.message_bar.error(f"Could not duplicate {tab.path.name}: {error}")
            return
        self.window.reindex()
        self.window.open_article(path)

    def delete(self, tab: ArticleTab | BrokenArticleTab) -> None:
        name = tab.controller.title if isinstance(tab, ArticleTab) else tab.path.name
        if not ConfirmDeleteDialog.ask(self.window, name, self._linked_from(tab)):
            return
        try:
            documents.trash_article(tab.path)
        except OSError as error:
            tab.message_bar.error(f"Could not move {tab.path.name} to the trash: {error}")
            return
        self.window.remove_tab(tab)
        self.window.reindex()

    def _linked_from(self, tab: ArticleTab | BrokenArticleTab) -> list[str]:
        """Titles of the articles whose related links point at this one (from the index)."""
        project = self.window.project
        if project is None or not isinstance(tab, ArticleTab):
            return []
        try:
            found = project.backlinks(tab.controller.get("url", ""))
        except Exception:  # noqa: BLE001 - the index may still be loading; the dialog still asks
            return []
        own = str(tab.path)
        return sorted({str(link.path) for link in found if not own.endswith(str(link.path))})
