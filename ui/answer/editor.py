"""The answer editor, ``answerEditor``: a QPlainTextEdit for markdown with formatting commands.

The text holds real line breaks (the file's backslash-n convention is the core's business).
Formatting commands wrap the selection or insert a placeholder and select it, so the writer can
type over it; each command is one undo step. The editor's own shortcuts win over the window's
while it has focus (it accepts the ShortcutOverride), so Ctrl+F and Ctrl+H reach the find bar
without fighting the window's actions.

Pitfalls (``editor.pitfalls``) are drawn by the highlighter; the editor adds their tooltips and
the quick fix in the context menu. Spelling suggestions come from ``ui.spell_menu``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QFontDatabase,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QResizeEvent,
    QTextCursor,
    QTextOption,
    QUndoStack,
)
from PySide6.QtWidgets import QMenu, QPlainTextEdit, QToolTip, QWidget

from editor.answer.pitfalls import Pitfall, apply_fix, find_pitfalls
from ui.answer.highlighter import MarkdownHighlighter, Squiggle

# The text column stays readable on wide windows: about this many characters.
LINE_WIDTH_CHARS = 88
_TABLE_TEMPLATE = "| Column | Column |\n| --- | --- |\n| Cell | Cell |\n"


@dataclass(frozen=True)
class FormatCommand:
    """One toolbar/shortcut command of the editor."""

    id: str
    text: str
    icon: str  # qtawesome name
    shortcut: str
    run: Callable[["AnswerEditor"], None]


class AnswerEditor(QPlainTextEdit):
    """Markdown source of the answer, soft-wrapped in a comfortable column."""

    findRequested = Signal()
    replaceRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("answerEditor")
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        font.setPointSizeF(max(font.pointSizeF(), 10.5) + 0.5)
        self.setFont(font)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 4)
        self.setCenterOnScroll(False)
        # The side margins that keep the column readable are painted like the text area.
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.Base))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.highlighter = MarkdownHighlighter(self.document(), self.palette())
        self.pitfalls: list[Pitfall] = []
        self.commands = {c.id: c for c in FORMAT_COMMANDS}
        self._keys = {QKeySequence(c.shortcut).toString(): c for c in FORMAT_COMMANDS}
        self._keys[QKeySequence(QKeySequence.StandardKey.Find).toString()] = None  # find bar
        self._keys[QKeySequence("Ctrl+H").toString()] = None
        self.spell_menu_builder: Callable[[QMenu, QTextCursor], None] | None = None
        # The article's undo stack once the pane binds one (``ui.answer.undo``); None: the
        # document's own undo, as for an editor on its own.
        self.undo_stack: QUndoStack | None = None

    # -- layout ----------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        column = self.fontMetrics().averageCharWidth() * LINE_WIDTH_CHARS
        side = max(8, (self.width() - column) // 2)
        self.setViewportMargins(side, 6, side, 6)

    def first_visible_line(self) -> float:
        """The source line at the top of the view, with the fraction scrolled into it."""
        block = self.firstVisibleBlock()
        geometry = self.blockBoundingGeometry(block).translated(self.contentOffset())
        fraction = (-geometry.top() / geometry.height()) if geometry.height() > 0 else 0.0
        return block.blockNumber() + max(0.0, min(1.0, fraction))

    def scroll_to_line(self, line: float) -> None:
        """Scroll so that source line ``line`` (0-based, may be fractional) is at the top."""
        # In a QPlainTextEdit the vertical scroll bar counts lines (wrapped lines of blocks).
        block = self.document().findBlockByNumber(int(line))
        if not block.isValid():
            return
        layout_lines = 0
        scan = self.document().firstBlock()
        # Sum the wrapped line counts up to the block; fast enough for a few thousand blocks.
        while scan.isValid() and scan.blockNumber() < block.blockNumber():
            layout_lines += max(1, scan.lineCount())
            scan = scan.next()
        layout_lines += int((line - int(line)) * max(1, block.lineCount()))
        self.verticalScrollBar().setValue(layout_lines)

    # -- keys ------------------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and self._command_for(event) is not False:
            event.accept()  # our keys win over the window's shortcuts while we have focus
            return True
        return super().event(event)

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # Tooltips arrive at the viewport, where the text is drawn.
        if event.type() == QEvent.Type.ToolTip:
            self._show_tooltip(event)
            return True
        return super().viewportEvent(event)

    def _command_for(self, event: QKeyEvent) -> FormatCommand | None | bool:
        """The command bound to the key event; None for find/replace; False when unbound."""
        combo = QKeySequence(event.keyCombination()).toString()
        return self._keys[combo] if combo in self._keys else False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        command = self._command_for(event)
        if command is None:
            combo = QKeySequence(event.keyCombination())
            (self.replaceRequested if combo == QKeySequence("Ctrl+H") else self.findRequested).emit()
            return
        if command is not False:
            command.run(self)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            if self._continue_list():
                return
        super().keyPressEvent(event)

    def _continue_list(self) -> bool:
        """Enter in a list item starts the next item; Enter on an empty item ends the list."""
        cursor = self.textCursor()
        if cursor.hasSelection():
            return False
        line = cursor.block().text()
        match = re.match(r"^(\s*)([-+*]|\d{1,9}[.)])(\s+)(\[[ xX]\]\s+)?", line)
        if not match or cursor.positionInBlock() < match.end():
            return False
        if not line[match.end():].strip():
            cursor.beginEditBlock()
            cursor.movePosition(QTextCursor.MoveOperation.StartOfBlock)
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
            cursor.removeSelectedText()
            cursor.endEditBlock()
            return True
        marker = match.group(2)
        if marker[0].isdigit():
            marker = f"{int(marker[:-1]) + 1}{marker[-1]}"
        box = "[ ] " if match.group(4) else ""
        cursor.insertText("\n" + match.group(1) + marker + match.group(3) + box)
        self.setTextCursor(cursor)
        return True

    # -- formatting --------------------------------------------------------------------------------
    def wrap_selection(self, before: str, after: str, placeholder: str) -> None:
        """Wrap the selection in ``before``/``after`` (or unwrap it); with no selection insert a placeholder."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        text = cursor.selectedText()
        start = cursor.selectionStart()
        if text and text.startswith(before) and text.endswith(after) and len(text) >= len(before) + len(after):
            inner = text[len(before):len(text) - len(after)]
            cursor.insertText(inner)
            self._select(cursor, start, start + len(inner))
        else:
            inner = text or placeholder
            cursor.insertText(before + inner + after)
            self._select(cursor, start + len(before), start + len(before) + len(inner))
        cursor.endEditBlock()

    def prefix_lines(self, prefix: Callable[[int], str], pattern: str) -> None:
        """Toggle a line prefix (list marker, heading) on every selected line."""
        cursor = self.textCursor()
        doc = self.document()
        first = doc.findBlock(cursor.selectionStart())
        last = doc.findBlock(max(cursor.selectionStart(), cursor.selectionEnd() - (1 if cursor.hasSelection() else 0)))
        blocks = []
        block = first
        while block.isValid():
            blocks.append(block)
            if block == last:
                break
            block = block.next()
        regex = re.compile(pattern)
        remove = all(regex.match(b.text()) for b in blocks if b.text().strip()) and any(b.text().strip() for b in blocks)
        edit = QTextCursor(doc)
        edit.beginEditBlock()
        for index, b in enumerate(blocks):
            line = b.text()
            match = regex.match(line)
            edit.setPosition(b.position())
            if remove and match:
                edit.setPosition(b.position() + match.end(), QTextCursor.MoveMode.KeepAnchor)
                edit.removeSelectedText()
            elif not remove:
                if match:  # another kind of marker: replace it
                    edit.setPosition(b.position() + match.end(), QTextCursor.MoveMode.KeepAnchor)
                else:
                    stripped = re.match(r"^ {0,3}(?:[-+*]|\d{1,9}[.)]|#{1,6})\s+", line)
                    if stripped:
                        edit.setPosition(b.position() + stripped.end(), QTextCursor.MoveMode.KeepAnchor)
                edit.insertText(prefix(index))
        edit.endEditBlock()

    def insert_block(self, opening: str, closing: str, placeholder: str) -> None:
        """Put the selection (or a placeholder) on its own lines between ``opening`` and ``closing``."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        inner = cursor.selectedText().replace("\u2029", "\n") or placeholder
        lead = "" if cursor.atBlockStart() and not cursor.hasSelection() else "\n"
        if cursor.hasSelection():
            start = cursor.selectionStart()
            lead = "" if self.document().findBlock(start).position() == start else "\n"
        start = cursor.selectionStart() + len(lead) + len(opening) + 1
        cursor.insertText(f"{lead}{opening}\n{inner}\n{closing}\n")
        self._select(cursor, start, start + len(inner))
        cursor.endEditBlock()

    def insert_link(self) -> None:
        cursor = self.textCursor()
        text = cursor.selectedText() or "link text"
        start = cursor.selectionStart()
        url = "https://"
        cursor.beginEditBlock()
        cursor.insertText(f"[{text}]({url})")
        self._select(cursor, start + len(text) + 3, start + len(text) + 3 + len(url))
        cursor.endEditBlock()

    def insert_table(self) -> None:
        cursor = self.textCursor()
        lead = "" if cursor.atBlockStart() else "\n\n"
        cursor.insertText(lead + _TABLE_TEMPLATE)
        self.setTextCursor(cursor)

    def _select(self, cursor: QTextCursor, start: int, end: int) -> None:
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    # -- pitfalls ----------------------------------------------------------------------------------
    def set_pitfalls(self, pitfalls: list[Pitfall]) -> None:
        """Show these pitfalls as squiggles (offsets into the current text)."""
        self.pitfalls = pitfalls
        self.highlighter.set_squiggles([Squiggle(p.start, p.end, p.message) for p in pitfalls])

    def pitfall_at(self, position: int) -> Pitfall | None:
        """The pitfall covering ``position``, checked against the text as it is now."""
        for pitfall in find_pitfalls(self.toPlainText()):
            if pitfall.start <= position <= pitfall.end:
                return pitfall
        return None

    def fix_pitfall(self, pitfall: Pitfall) -> None:
        """Apply a pitfall's one-click fix as one undoable edit."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(pitfall.start)
        cursor.setPosition(pitfall.end, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(pitfall.replacement)

    def fix_all_pitfalls(self) -> int:
        """Fix every pitfall in the answer as one undo step; returns how many were fixed."""
        text = self.toPlainText()
        found = find_pitfalls(text)
        if not found:
            return 0
        for pitfall in reversed(found):
            text = apply_fix(text, pitfall)
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        for pitfall in reversed(found):
            cursor.setPosition(pitfall.start)
            cursor.setPosition(pitfall.end, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(pitfall.replacement)
        cursor.endEditBlock()
        return len(found)

    def tooltip_at(self, position: int) -> str:
        """The tooltip for a document position: the pitfall's message, or ""."""
        squiggle = self.highlighter.squiggle_at(position)
        return f"{squiggle.message}\n(Right-click for the one-click fix.)" if squiggle else ""

    def _show_tooltip(self, event: QEvent) -> None:
        text = self.tooltip_at(self.cursorForPosition(event.pos()).position())
        if text:
            QToolTip.showText(event.globalPos(), text, self.viewport())
        else:
            QToolTip.hideText()
            event.ignore()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt's name
        menu = self.build_context_menu(self.cursorForPosition(event.pos()))
        menu.exec(event.globalPos())
        menu.deleteLater()

    def build_context_menu(self, cursor: QTextCursor) -> QMenu:
        """The right-click menu at ``cursor``: quick fix, spelling, then the standard edit actions."""
        standard = self.createStandardContextMenu()
        menu = QMenu(self)
        pitfall = self.pitfall_at(cursor.position())
        if pitfall is not None:
            shown = pitfall.replacement or "nothing"
            fix = QAction(f"Fix: replace with “{shown}”", menu, objectName="action:fixPitfall")
            fix.setToolTip(pitfall.message)
            fix.triggered.connect(lambda _=False, p=pitfall: self.fix_pitfall(p))
            menu.addAction(fix)
            fix_all = QAction("Fix all site pitfalls", menu, objectName="action:fixAllPitfalls")
            fix_all.triggered.connect(self.fix_all_pitfalls)
            menu.addAction(fix_all)
            menu.addSeparator()
        if self.spell_menu_builder is not None:
            self.spell_menu_builder(menu, cursor)
        for action in standard.actions():
            if self.undo_stack is not None and action.objectName() in ("edit-undo", "edit-redo"):
                action = self._stack_action(menu, action)  # the document's own undo is off
            action.setParent(menu)
            menu.addAction(action)
        return menu

    def _stack_action(self, menu: QMenu, standard: QAction) -> QAction:
        """The context menu's Undo or Redo, stepping the article's stack instead of the document."""
        stack = self.undo_stack
        assert stack is not None
        undo = standard.objectName() == "edit-undo"
        action = QAction(standard.text(), menu, objectName=standard.objectName())
        action.setShortcut(standard.shortcut())
        action.setEnabled(stack.canUndo() if undo else stack.canRedo())
        action.triggered.connect(stack.undo if undo else stack.redo)
        return action


def _heading_prefix(_index: int) -> str:
    return "## "


FORMAT_COMMANDS: tuple[FormatCommand, ...] = (
    FormatCommand("bold", "Bold", "fa5s.bold", "Ctrl+B", lambda e: e.wrap_selection("**", "**", "bold text")),
    FormatCommand("italic", "Italic", "fa5s.italic", "Ctrl+I", lambda e: e.wrap_selection("*", "*", "italic text")),
    FormatCommand("heading", "Heading", "fa5s.heading", "Ctrl+Shift+H",
                  lambda e: e.prefix_lines(_heading_prefix, r"^ {0,3}#{1,6}\s+")),
    FormatCommand("bulletList", "Bulleted list", "fa5s.list-ul", "Ctrl+Shift+U",
                  lambda e: e.prefix_lines(lambda _i: "- ", r"^ {0,3}[-+*]\s+")),
    FormatCommand("numberedList", "Numbered list", "fa5s.list-ol", "Ctrl+Shift+O",
                  lambda e: e.prefix_lines(lambda i: f"{i + 1}. ", r"^ {0,3}\d{1,9}[.)]\s+")),
    FormatCommand("link", "Link", "fa5s.link", "Ctrl+K", lambda e: e.insert_link()),
    FormatCommand("inlineCode", "Inline code", "fa5s.code", "Ctrl+`", lambda e: e.wrap_selection("`", "`", "code")),
    FormatCommand("codeBlock", "Code block", "fa5s.file-code", "Ctrl+Shift+K",
                  lambda e: e.insert_block("```", "```", "code")),
    FormatCommand("inlineMath", "Inline math", "fa5s.square-root-alt", "Ctrl+M",
                  lambda e: e.wrap_selection("$", "$", "x^2")),
    FormatCommand("displayMath", "Display math", "fa5s.superscript", "Ctrl+Shift+M",
                  lambda e: e.insert_block("$$", "$$", "x^2")),
    FormatCommand("table", "Table", "fa5s.table", "Ctrl+Alt+T", lambda e: e.insert_table()),
)
