"""The related-articles panel of an article tab (``relatedPanel``): slots 1-5 and "Linked from".

Each slot row shows the link's title and subject, a status badge (ok, stale, broken, self,
duplicate) and actions: open the target, replace, remove, move up and down, and a fix for
stale or broken links. Every change goes through the controller, so it is undoable and saved
with the article:

- moving swaps two slots' values with ``set`` (each block keeps its lines and scalar styles, and
  the keys stay in ascending order in the file);
- removing deletes the block and renames the later keys down (``Article.rename``), so the
  numbering stays contiguous without rewriting the other blocks.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoCommand
import qtawesome as qta
from PySide6.QtWidgets import (
    QSizePolicy,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.operations import relink
from editor.operations import rename
from ui.tab.related_picker import MAX_SLOTS, RelatedPicker, free_slot

BADGE_COLOURS = {
    "ok": "#2e7d32",
    "stale": "#b26a00",
    "broken": "#c62828",
    "self": "#6a1b9a",
    "duplicate": "#6a1b9a",
    "unknown": "#757575",
}


class RenameKeyCommand(QUndoCommand):
    """Renames a related key in place; the controller's undo stack owns it like any edit."""

    def __init__(self, controller: Any, old: str, new: str) -> None:
        super().__init__(f"Renumber {old}")
        self.controller, self.old, self.new = controller, old, new

    def redo(self) -> None:
        self.controller.article.rename(self.old, self.new)
        self.controller.changed.emit(self.new)

    def undo(self) -> None:
        self.controller.article.rename(self.new, self.old)
        self.controller.changed.emit(self.old)


class RelinkDialog:
    @classmethod
    def ask(cls, parent: QWidget | None, title: str, lines: list[str], count: int) -> bool:
        """Show the files a project-wide fix will change and ask once."""
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(title)
        box.setText(f"{count} file(s) will change.")
        box.setInformativeText("Each file is saved on its own; only the listed lines change.")
        box.setDetailedText("\n".join(lines))
        box.setStandardButtons(QMessageBox.StandardButton.Apply | QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Apply


class SlotRow(QWidget):
    """One related slot: badge, title and subject, and its actions."""

    def __init__(self, panel: "RelatedPanel", slot: int) -> None:
        super().__init__(panel)
        self.setObjectName(f"relatedSlot{slot}")
        self.slot = slot
        self.badge = QLabel(objectName=f"relatedBadge{slot}")
        self.badge.setMinimumWidth(70)
        self.badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A pill, not a block: its height stays one text line however the title wraps.
        self.badge.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.title = QLabel(objectName=f"relatedTitle{slot}")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.fix = QToolButton(objectName=f"relatedFix{slot}")
        self.fix.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 1, 2, 1)
        layout.addWidget(QLabel(f"{slot}."))
        layout.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.title, 1)
        layout.addWidget(self.fix)
        self.buttons: dict[str, QToolButton] = {}
        for name, text, icon, tip, handler in (
            ("Open", "Open", "fa5s.external-link-alt", "Open the target article", panel.open_target),
            ("Replace", "Replace…", "fa5s.exchange-alt", "Pick another article for this slot", panel.replace),
            ("Up", "↑", "fa5s.arrow-up", "Move up", lambda n: panel.move(n, -1)),
            ("Down", "↓", "fa5s.arrow-down", "Move down", lambda n: panel.move(n, +1)),
            ("Remove", "✕", "fa5s.times", "Remove this link", panel.remove),
        ):
            # Icon-only: five text buttons per row crowd the titles out at 1024 px wide.
            button = QToolButton(objectName=f"related{name}{slot}", text=text, toolTip=tip, icon=qta.icon(icon))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
            button.setAutoRaise(True)
            button.clicked.connect(lambda _checked=False, h=handler: h(self.slot))
            layout.addWidget(button)
            self.buttons[name] = button


class RelatedPanel(QWidget):
    """Related-article slots 1-5 and backlinks for one article."""

    openRequested = Signal(str)  # path of an article to open in a tab

    def __init__(self, controller: Any, project: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("relatedPanel")
        self.controller = controller
        self.project = project
        self.picker: RelatedPicker | None = None
        self.statuses: dict[int, list[str]] = {}
        self._targets: dict[int, relink.LinkTarget | None] = {}

        header = QHBoxLayout()
        header.addWidget(QLabel("<b>Related articles</b>"), 1)
        self.add_button = QPushButton("Add…", objectName="relatedAddButton")
        self.add_button.clicked.connect(self.open_picker)
        header.addWidget(self.add_button)
        self.rows = [SlotRow(self, slot) for slot in range(1, MAX_SLOTS + 1)]
        self.message = QLabel(objectName="relatedMessage")
        self.message.setWordWrap(True)
        self.backlinks = QListWidget(objectName="relatedBacklinks")
        self.backlinks.setMaximumHeight(120)
        self.backlinks.itemActivated.connect(self._open_backlink)
        self.backlinks.itemDoubleClicked.connect(self._open_backlink)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(header)
        for row in self.rows:
            layout.addWidget(row)
        layout.addWidget(self.message)
        layout.addWidget(QLabel("Linked from"))
        layout.addWidget(self.backlinks)
        layout.addStretch(1)

        controller.changed.connect(self._changed)
        self.refresh()
        self.refresh_backlinks()

    # -- model -------------------------------------------------------------------------------------
    @property
    def article(self) -> Any:
        return self.controller.article

    def link(self, slot: int) -> dict | None:
        value = self.article.get(f"related_article{slot}", None)
        return value if isinstance(value, dict) else None

    def status(self, slot: int) -> str:
        """The badge text of a slot: ``ok``, ``stale``, ``broken``, ``self``, ``duplicate`` (joined)."""
        return ", ".join(self.statuses.get(slot, []))

    def index_loaded(self) -> None:
        """The project's index is (re)built: statuses, backlinks and suggestions may have changed."""
        from editor.index import suggest

        if self.project is not None:
            suggest.forget(self.project)
        self.refresh()
        self.refresh_backlinks()

    def _changed(self, key: str) -> None:
        if key in ("", "url", "id", "title", "subject") or key.startswith("related_article"):
            self.refresh()
        if key in ("", "url"):
            self.refresh_backlinks()

    def refresh(self) -> None:
        """Recompute every slot's status from the (possibly edited) article and the project."""
        lookup = relink.project_lookup(self.project) if self.project is not None else None
        try:
            self.statuses = relink.link_statuses(self.article, lookup)
        except Exception:  # noqa: BLE001 - the index may still be building; say "unknown", not "broken"
            lookup = None
            self.statuses = relink.link_statuses(self.article, None)
        self._targets = {}
        for row in self.rows:
            link = self.link(row.slot)
            row.setVisible(link is not None)
            if link is None:
                continue
            url = str(link.get("url", "")).strip()
            self._targets[row.slot] = lookup(url) if lookup is not None and url else None
            codes = self.statuses.get(row.slot) or ["unknown"]
            colour = BADGE_COLOURS.get(codes[0], BADGE_COLOURS["unknown"])
            row.badge.setText(", ".join(codes))
            row.badge.setStyleSheet(f"color: white; background: {colour}; border-radius: 3px; padding: 1px 4px;")
            title = " ".join(str(link.get("title", "")).split()) or url
            row.title.setText(f"{title}\n{link.get('subject', '')}")
            row.title.setToolTip(url)
            row.buttons["Open"].setEnabled(self._targets[row.slot] is not None)
            row.buttons["Up"].setEnabled(row.slot > 1)
            row.buttons["Down"].setEnabled(self.link(row.slot + 1) is not None)
            self._set_fix(row, codes)
        self.add_button.setEnabled(free_slot(self.article) is not None)
        self.add_button.setToolTip("" if self.add_button.isEnabled() else "All five related slots are full.")

    def _set_fix(self, row: SlotRow, codes: list[str]) -> None:
        menu = QMenu(row.fix)
        if "stale" in codes:
            row.fix.setText("Update from target")
            menu.addAction("This link", lambda: self.update_stale(row.slot, "link"))
            menu.addAction("All stale links in this article", lambda: self.update_stale(row.slot, "article"))
            menu.addAction("Across the project…", lambda: self.update_stale(row.slot, "project"))
        elif "broken" in codes:
            row.fix.setText("Find replacement")
            menu.addAction("Find replacement…", lambda: self.find_replacement(row.slot))
            menu.addAction("Remove", lambda: self.remove(row.slot))
        row.fix.setMenu(menu)
        row.fix.setVisible(not menu.isEmpty())

    # -- slot actions ----------------------------------------------------------------------------
    def open_target(self, slot: int) -> None:
        target = self._targets.get(slot)
        if target is not None and target.path is not None:
            self.openRequested.emit(str(target.path))

    def move(self, slot: int, delta: int) -> None:
        """Swap a slot with its neighbour; both blocks keep their formatting."""
        other = slot + delta
        first, second = self.link(slot), self.link(other)
        if first is None or second is None:
            return
        with self.controller.macro(f"Move related article {slot}"):
            self.controller.set(f"related_article{slot}", second)
            self.controller.set(f"related_article{other}", first)

    def remove(self, slot: int) -> None:
        """Delete a slot and renumber the later ones down, so numbering stays contiguous."""
        key = f"related_article{slot}"
        if not self.article.has(key):
            return
        later = [n for n, _key in relink.related_slots(self.article) if n > slot]
        with self.controller.macro(f"Remove related article {slot}"):
            self.controller.delete(key)
            previous = slot
            for n in later:
                if n != previous:
                    self.controller.undo_stack.push(
                        RenameKeyCommand(self.controller, f"related_article{n}", f"related_article{previous}")
                    )
                previous += 1

    def replace(self, slot: int) -> None:
        self._show_picker(RelatedPicker(self.controller, self.project, self, replace_slot=slot))

    def find_replacement(self, slot: int) -> None:
        """The picker for a broken slot, searching its old title; its id/title match comes first."""
        link = self.link(slot) or {}
        title = " ".join(str(link.get("title", "")).split())
        picker = RelatedPicker(self.controller, self.project, self, replace_slot=slot, query=title, hint=link)
        self._show_picker(picker)

    def open_picker(self) -> None:
        """Open the related-article picker (action:addRelated)."""
        self._show_picker(RelatedPicker(self.controller, self.project, self))

    def _show_picker(self, picker: RelatedPicker) -> None:
        if self.picker is not None:
            self.picker.close()
            self.picker.deleteLater()
        self.picker = picker
        picker.setModal(True)
        picker.show()
        picker.raise_()
        picker.activateWindow()

    # -- link health -------------------------------------------------------------------------------
    def update_stale(self, slot: int, scope: str = "link") -> relink.Summary | None:
        """"Update from target" for this link, this article, or every file of the project."""
        if self.project is None:
            return None
        lookup = relink.project_lookup(self.project)
        own = relink.stale_edits(self.article, lookup, [slot] if scope == "link" else None)
        if scope != "project":
            self._apply_own(own, "Update stale link" if scope == "link" else "Update stale links")
            self.message.setText(f"Updated {len(own)} field(s) from the target.")
            return None
        plan = relink.plan_stale(self.project, lookup=lookup)
        here = Path(self.controller.path) if self.controller.path else None
        # The open article's edits go through the controller (undoable, saved with the tab).
        plan.changes = [c for c in plan.changes if c.path != here]
        lines = [f"{self.controller.path.name if here else 'this article'} (open, saved with it)"] if own else []
        lines += plan.lines(Path(self.project.folder))
        count = len(plan.changes) + (1 if own else 0)
        if count == 0:
            self.message.setText("No stale links in the project.")
            return None
        if not RelinkDialog.ask(self, "Update stale links across the project", lines, count):
            return None
        self._apply_own(own, "Update stale links")
        summary = relink.apply(plan)
        summary.edits += len(own)
        if own and here is not None and here not in summary.files_changed:
            summary.files_changed.insert(0, here)
        self.message.setText(summary.text())
        # Other files changed on disk: the window re-indexes so every panel sees the new state.
        reindex = getattr(self.window(), "reindex", None)
        if callable(reindex) and plan.changes:
            reindex()
        self.refresh_backlinks()
        return summary

    def _apply_own(self, edits: list[relink.Edit], text: str) -> None:
        if not edits:
            return
        with self.controller.macro(text):
            for edit in edits:
                self.controller.set(edit.field, edit.new)

    # -- backlinks ------------------------------------------------------------------------------------
    def refresh_backlinks(self) -> None:
        """Fill "Linked from" with the articles whose related links point at this one."""
        self.backlinks.clear()
        url = str(self.article.get("url", "")).strip()
        if self.project is None or not url:
            return
        try:
            records = relink.backlink_records(self.project, url)
        except Exception:  # noqa: BLE001 - no index yet; index_loaded() fills the list later
            return
        for record in records:
            item = QListWidgetItem(record.title)
            item.setData(Qt.ItemDataRole.UserRole, str(record.path))
            item.setToolTip(str(record.path))
            self.backlinks.addItem(item)

    def _open_backlink(self, item: QListWidgetItem) -> None:
        self.openRequested.emit(item.data(Qt.ItemDataRole.UserRole))


def rename_with_backlinks(
    parent: QWidget | None,
    project: Any,
    path: Path,
    new_stem: str | None = None,
    new_subject: str | None = None,
) -> tuple[Path, relink.Summary] | None:
    """Rename or move an article and repoint every related link at it, after one preview.

    Returns the article's new path and the summary, or None when cancelled. The window calls this
    from its rename action (the article's tab should be saved first and reopened after).
    """
    plan = rename.plan_rename(project, path, new_stem=new_stem, new_subject=new_subject)
    if not plan:
        return None
    lines = plan.lines(Path(project.folder))
    if not RelinkDialog.ask(parent, f"Rename {Path(path).name}", lines, len(plan.changes)):
        return None
    own = next((c for c in plan.changes if c.path == Path(path)), None)
    summary = relink.apply(plan)
    new_path = own.new_path if own is not None and own.new_path is not None else Path(path)
    return new_path, summary
