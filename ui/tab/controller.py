"""The article controller: one QObject per open article, owning its ``editor.article.Article``.

Every widget of an article tab reads and writes the article through this object, so there is one
place that knows about undo, the modified state and saving. Form edits become QUndoCommands;
consecutive edits of the same field merge into one step, the way a text editor merges typing.
The answer editor records its edits on the same stack (``ui.answer.undo``) and writes the text
through ``set_answer``, so one history holds every edit of the article in the order made.
"""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, Iterator

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from editor.article.article import Article

# Marks "the key was absent", so undoing the first set of a new key deletes it again.
_MISSING: Any = object()
# QUndoCommand.id() must be an int; each dotted key gets its own stable number in this process.
_MERGE_IDS: dict[str, int] = {}


def _merge_id(key: str) -> int:
    return _MERGE_IDS.setdefault(key, len(_MERGE_IDS) + 1)


class SetFieldCommand(QUndoCommand):
    """Sets one dotted key (or deletes it when the new value is ``_MISSING``)."""

    def __init__(self, controller: "ArticleController", key: str, old: Any, new: Any) -> None:
        label = controller.label_of(key)
        super().__init__(f"Delete {label}" if new is _MISSING else f"Edit {label}")
        self.controller = controller
        self.key = key
        self.old = old
        self.new = new

    def id(self) -> int:  # noqa: A003 - Qt's name
        return _merge_id(self.key)

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        # Typing into one field is one undo step; deletions stay separate steps.
        if not isinstance(other, SetFieldCommand) or other.key != self.key:
            return False
        if other.new is _MISSING or self.new is _MISSING:
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self.controller._apply(self.key, self.new)

    def undo(self) -> None:
        self.controller._apply(self.key, self.old)


class SetFieldsCommand(QUndoCommand):
    """Several keys set as one step (a linked title edit with its derived url and file name).
    Consecutive edits of the same keys merge, so typing into linked fields is one undo step."""

    def __init__(self, controller: "ArticleController", changes: list[tuple[str, Any, Any]]) -> None:
        super().__init__("Edit " + controller.label_of(changes[0][0]))
        self.controller = controller
        self.changes = changes

    def id(self) -> int:  # noqa: A003 - Qt's name
        return _merge_id("|".join(key for key, _old, _new in self.changes))

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        keys = [key for key, _old, _new in self.changes]
        if not isinstance(other, SetFieldsCommand) or [k for k, _o, _n in other.changes] != keys:
            return False
        self.changes = [(k, old, new) for (k, old, _), (_, _, new) in zip(self.changes, other.changes)]
        return True

    def redo(self) -> None:
        self.controller._apply_many([(key, new) for key, _old, new in self.changes])

    def undo(self) -> None:
        self.controller._apply_many([(key, old) for key, old, _new in reversed(self.changes)])


class ReplaceBufferCommand(QUndoCommand):
    """The whole buffer replaced by another article text (a revert, a restore), as one undo step.

    The incoming article takes over the outgoing one's baseline (the bytes on disk it was loaded
    from or last saved as), so undoing a revert gives back the unsaved buffer, still unsaved and
    still guarded against a newer disk version, and redoing it gives back the file's text.
    """

    def __init__(self, controller: "ArticleController", incoming: Article, text: str) -> None:
        super().__init__(text)
        self.controller = controller
        self.incoming = incoming
        self.outgoing = controller.article
        self.discarded = self.outgoing.dumps()  # what this step throws away, for the journal
        self._pushed = False

    def redo(self) -> None:
        # The first time, a reverted article was just read from disk: its baseline is the truth.
        self._swap(self.incoming, self.outgoing, rebase=self._pushed)
        self._pushed = True
        self.controller.bufferDiscarded.emit(self.discarded)

    def undo(self) -> None:
        self._swap(self.outgoing, self.incoming, rebase=True)

    def _swap(self, article: Article, current: Article, rebase: bool) -> None:
        if rebase and (article.original_bytes, article.disk_hash) != (current.original_bytes, current.disk_hash):
            article.rebase(current.original_bytes if current.disk_hash else None, current.disk_hash)
        self.controller.article = article
        with self.controller._step():
            self.controller.changed.emit("")
        self.controller._update_modified()


class ArticleController(QObject):
    """The model side of one article tab.

    ``changed(key)`` names the dotted key that changed ("" after a reload, when everything did).
    ``aboutToSave()`` is emitted before saving, so widgets with pending edits flush them first.
    ``bufferDiscarded(bytes)`` carries the buffer a revert threw away (the journal keeps it).
    """

    changed = Signal(str)
    modifiedChanged = Signal(bool)
    saved = Signal()
    aboutToSave = Signal()
    bufferDiscarded = Signal(bytes)

    def __init__(self, article: Article | str | Path, project: Any = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.article: Article = article if isinstance(article, Article) else Article.load(Path(article))
        self.project = project
        self.undo_stack = QUndoStack(self)
        # True for an article just created by New Article: its form starts linked and unlocked.
        # None leaves the decision to the form's own guess.
        self.is_new: bool | None = None
        self._modified = bool(self.article.is_modified)
        self._stepping = 0  # > 0 while an undo step applies its values
        # After undo/redo the article may be back at its saved bytes, or away from them.
        self.undo_stack.indexChanged.connect(lambda _index: self._update_modified())

    # -- reading -------------------------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        return self.article.path

    @property
    def is_modified(self) -> bool:
        return self._modified

    def get(self, key: str, default: Any = None) -> Any:
        return self.article.get(key, default)

    def label_of(self, key: str) -> str:
        """The schema's label for a key (used in undo texts and messages)."""
        try:
            spec = self.article.schema.field(key)
        except Exception:  # a schema problem must never stop an edit
            spec = None
        return spec.label if spec is not None else key

    @property
    def title(self) -> str:
        """The article's title for tabs and lists; falls back to the file name."""
        title = self.article.get("title", None)
        if isinstance(title, str) and title.strip():
            return " ".join(title.split())
        return self.path.name if self.path else "Untitled"

    # -- editing -------------------------------------------------------------------------------
    def set(self, key: str, value: Any) -> None:
        """An undoable form edit. Setting the current value again does nothing (no echo loops)."""
        self._flush_answer_for([key])
        old = self.article.get(key, _MISSING) if self.article.has(key) else _MISSING
        if old is not _MISSING and old == value and type(old) is type(value):
            return
        self.undo_stack.push(SetFieldCommand(self, key, old, value))

    def set_many(self, values: dict[str, Any]) -> None:
        """Several form edits as one undo step, in the given order (the first names the step)."""
        self._flush_answer_for(list(values))
        changes = []
        for key, value in values.items():
            old = self.article.get(key) if self.article.has(key) else _MISSING
            changes.append((key, old, value))
        if all(old is not _MISSING and old == new and type(old) is type(new) for _k, old, new in changes):
            return
        self.undo_stack.push(SetFieldsCommand(self, changes))

    def delete(self, key: str) -> None:
        """An undoable removal of a key (e.g. clearing a related-article slot)."""
        self._flush_answer_for([key])
        if not self.article.has(key):
            return
        self.undo_stack.push(SetFieldCommand(self, key, self.article.get(key), _MISSING))

    def _flush_answer_for(self, keys: list[str]) -> None:
        """Before the answer is set from outside the editor (a fix), the editor's last keystrokes
        reach the model, so the step records the text the writer sees and undoes to it."""
        if "answer" in keys:
            self.aboutToSave.emit()

    @contextlib.contextmanager
    def macro(self, text: str) -> Iterator[None]:
        """Group several edits into one undo step (e.g. renumbering related articles)."""
        self.undo_stack.beginMacro(text)
        try:
            yield
        finally:
            self.undo_stack.endMacro()

    def set_answer(self, text: str) -> None:
        """The answer editor's text (real line breaks). Not a step itself: the editor's own edits are
        on the stack already, as ``AnswerEditCommand`` steps."""
        if self.article.answer == text:
            return
        self.article.answer = text
        self.changed.emit("answer")
        self._update_modified()

    @property
    def applying_step(self) -> bool:
        """True while an undo step sets values (its ``changed`` signals come from the stack)."""
        return self._stepping > 0

    @contextlib.contextmanager
    def _step(self) -> Iterator[None]:
        self._stepping += 1
        try:
            yield
        finally:
            self._stepping -= 1

    def _apply(self, key: str, value: Any) -> None:
        with self._step():
            if value is _MISSING:
                if self.article.has(key):
                    self.article.delete(key)
            else:
                self.article.set(key, value)
            self.changed.emit(key)
        self._update_modified()

    def _apply_many(self, pairs: list[tuple[str, Any]]) -> None:
        """Several keys at once: values are patched in one pass of the article (one re-read)."""
        for key, value in pairs:
            if value is _MISSING and self.article.has(key):
                self.article.delete(key)
        self.article.set_many({key: value for key, value in pairs if value is not _MISSING})
        with self._step():
            for key, _value in pairs:
                self.changed.emit(key)
        self._update_modified()

    # -- saving and reloading ------------------------------------------------------------------
    def save(self, force: bool = False, path: Path | None = None) -> None:
        """Write the article (atomic, minimal diff), or to ``path`` (Save As). ConflictError/ArticleError/OSError propagate."""
        self.aboutToSave.emit()
        self.article.save(path, force=force)
        self.undo_stack.setClean()
        self._update_modified()
        self.saved.emit()

    def revert(self) -> bytes:
        """Throw away unsaved edits for the file's text, as an undoable step (Undo brings them back);
        returns the discarded bytes. ArticleError when the file on disk no longer reads as an
        article; nothing changes then."""
        if self.path is None:
            raise ValueError("this article has no file to revert to")
        self.aboutToSave.emit()  # the answer's last keystrokes belong to what is discarded
        reverted = Article.load(self.path)
        command = ReplaceBufferCommand(self, reverted, "Revert")
        self.undo_stack.push(command)
        return command.discarded

    def restore_discarded(self, data: bytes) -> None:
        """Put a discarded buffer back (the message bar's "Restore discarded changes"), undoably.
        Right after the revert this is the revert's undo; after later edits it is a step of its own."""
        top = self.undo_stack.command(self.undo_stack.index() - 1)
        if isinstance(top, ReplaceBufferCommand) and top.discarded == data:
            self.undo_stack.undo()
            return
        self.aboutToSave.emit()
        self.undo_stack.push(ReplaceBufferCommand(self, Article.parse(data, self.path), "Restore discarded changes"))

    def reload(self) -> None:
        """Throw away unsaved edits and read the file again (the file changed on disk: not undoable)."""
        if self.path is None:
            raise ValueError("this article has no file to reload from")
        self.article = Article.load(self.path)
        self.undo_stack.clear()
        self.changed.emit("")
        self._update_modified()

    def _update_modified(self) -> None:
        modified = bool(self.article.is_modified)
        if modified != self._modified:
            self._modified = modified
            self.modifiedChanged.emit(modified)
