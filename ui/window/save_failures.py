"""What the window does when a save cannot simply go ahead.

- ``resolve_conflict(window, tab, save)``: the save found the file changed or gone. A deleted
  file is offered back (Recreate / Save As); a disk version the writer already chose to
  overwrite ("Keep mine" in the disk-watch bar) is overwritten; anything else is left to the
  window's Compare / Overwrite dialog (returns None).
- ``save_failed(window, tab, error, save)``: the tab's message bar says what happened (disk
  full, permission, read-only file system, ...) and offers Save As and Retry; the buffer stays
  modified and its journal entry is refreshed at once.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtWidgets import QFileDialog, QWidget

from editor.article.article import ArticleError
from editor.article.atomic import SaveError
from ui.tab import disk_watch
from ui.tab import journal

if TYPE_CHECKING:
    from ui.tab.article_tab import ArticleTab


class SaveAsDialog:
    @classmethod
    def ask(cls, parent: QWidget | None, suggested: Path) -> Path | None:
        """Where to save a copy when the article's own file cannot be written."""
        name, _filter = QFileDialog.getSaveFileName(parent, "Save article as", str(suggested), "Articles (*.md)")
        return Path(name) if name else None


# -- saving ----------------------------------------------------------------------------------------

def resolve_conflict(window: Any, tab: "ArticleTab", save: Callable[..., bool]) -> bool | None:
    """Handle the conflicts that need no dialog; None leaves the rest to the caller."""
    path = tab.controller.path
    watch = tab.findChild(disk_watch.DiskWatch, "diskWatch")
    if path is not None and not Path(path).exists():
        tab.message_bar.warning(
            f"“{Path(path).name}” was deleted or renamed on disk. Your text is kept: recreate the file, "
            "or save it under another name.",
            [("Recreate", lambda: save(tab, force=True)), ("Save As…", lambda: save_as(window, tab))],
        )
        return False
    if watch is not None and watch.overwrite_allowed():
        return save(tab, force=True)
    return None


def save_failed(window: Any, tab: "ArticleTab", error: Exception, save: Callable[..., bool]) -> None:
    """Say what went wrong, keep the buffer, and offer a way out."""
    name = Path(tab.controller.path).name if tab.controller.path else "the article"
    if isinstance(error, SaveError):
        reason = f"{error.reason}. The file on disk is unchanged" if error.intact else error.reason
    else:
        reason = getattr(error, "message", None) or str(error)
    tab.message_bar.error(
        f"Could not save “{name}”: {reason}. Your changes are kept (and backed up); "
        "save them under another name, or fix the problem and retry.",
        [("Save As…", lambda: save_as(window, tab)), ("Retry", lambda: save(tab))],
    )
    journal.attach(tab.controller).write_now()  # a failing disk makes the backup matter more


def save_as(window: Any, tab: "ArticleTab") -> bool:
    controller = tab.controller
    target = SaveAsDialog.ask(window, Path(controller.path) if controller.path else Path.home() / "article.md")
    if target is None:
        return False
    try:
        controller.save(path=target)
    except (ArticleError, OSError) as error:
        save_failed(window, tab, error, lambda t, **_k: save_as(window, t))
        return False
    tab.message_bar.info(f"Saved as {target}.")
    if hasattr(window, "update_tab"):
        window.update_tab(tab)
    return True
