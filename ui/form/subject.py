"""The subject field: an editable combo filled with the folder's subjects, which warns when the
typed subject is a variant spelling of one already in use ("psychology ", "Psycology").

A variant splits a category on the site, so the warning offers the established spelling in one
click. ``subject_variant`` is plain logic and tested on its own.
"""
from __future__ import annotations

import difflib
import html
import re
from typing import Any, Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter

from editor.article.schema import FieldSpec
from ui.form.fields import FieldEditor, OnEdit

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_SMALL_WORDS = {"and", "of", "the", "in", "for", "&"}
SIMILARITY = 0.85  # difflib ratio from which two subjects are taken for the same one misspelt


def _fold(subject: str) -> str:
    return _NOT_WORD.sub("", subject.casefold().replace("&", "and"))


def _tidiness(spelling: str) -> tuple[bool, bool]:
    """Sort key that puts the likeliest established spelling first: single-spaced, capitalised."""
    single_spaced = spelling == " ".join(spelling.split())
    capitalised = all(word[:1].isupper() or word in _SMALL_WORDS for word in spelling.split())
    return (not single_spaced, not capitalised)


def subject_variant(subject: str, known: Iterable[str]) -> str | None:
    """The established spelling ``subject`` is a variant of, or None when it is one itself or new.

    ``known`` may itself hold variants (the index lists every spelling in use); then the tidiest
    spelling, single-spaced and capitalised, is taken for the established one.
    """
    subject = subject or ""
    known = [k for k in known if k]
    if not subject.strip():
        return None
    folded = _fold(subject)
    same = sorted((k for k in known if k != subject and _fold(k) == folded), key=_tidiness)
    if same:
        best = same[0]
        return best if _tidiness(best) <= _tidiness(subject) else None
    if subject in known:
        return None
    folded_known = {_fold(k): k for k in known}
    close = difflib.get_close_matches(folded, list(folded_known), n=1, cutoff=SIMILARITY)
    return folded_known[close[0]] if close else None


def subject_names(project: Any) -> list[str]:
    """The subjects in use in the project, sorted; tolerant of the index not being ready."""
    if project is None or not hasattr(project, "subjects"):
        return []
    try:
        found = project.subjects()
    except Exception:  # an index still loading or failing must not stop the form from opening
        return []
    names = []
    for item in found or ():
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, (tuple, list)) and item:
            names.append(str(item[0]))
        elif hasattr(item, "name"):
            names.append(str(item.name))
    return sorted(set(names), key=str.casefold)


class SubjectEditor(FieldEditor):
    """The subject combo; ``set_known`` refreshes the list when the index has (re)loaded."""

    def __init__(self, spec: FieldSpec, on_edit: OnEdit, known: list[str]) -> None:
        self.known: list[str] = []
        self._variant = ""
        super().__init__(spec, on_edit)
        self.hint.setTextFormat(Qt.TextFormat.RichText)
        self.hint.linkActivated.connect(self._use_spelling)
        self.hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.set_known(known)

    def _make_input(self) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        combo.lineEdit().setPlaceholderText("Pick or type a subject")
        combo.lineEdit().textEdited.connect(self._edited)
        combo.textActivated.connect(self._edited)
        return combo

    def set_known(self, known: list[str]) -> None:
        self.known = list(known)
        current = self.value()
        combo: QComboBox = self.input
        combo.blockSignals(True)
        combo.clear()
        combo.addItems(self.known)
        combo.setEditText(current)
        combo.blockSignals(False)
        completer = QCompleter(self.known, combo)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        combo.setCompleter(completer)
        self._check()

    def _show(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if self.input.currentText() != text:
            self.input.setEditText(text)
        self._check()

    def value(self) -> str:
        return self.input.currentText()

    def set_read_only(self, read_only: bool) -> None:
        self.input.setEnabled(not read_only)

    def _edited(self, value: Any) -> None:
        super()._edited(value)
        self._check()

    def _check(self) -> None:
        subject = self.value()
        variant = subject_variant(subject, self.known)
        if variant is not None:
            self._variant = variant
            shown, known = html.escape(subject), html.escape(variant)
            self.show_hint(
                f"“{shown}” looks like a variant of “{known}”, which other articles use. "
                f"<a href='use'>Use “{known}”</a>",
                "warn",
            )
        elif subject.strip() and self.known and subject not in self.known:
            self.show_hint("New subject: no other article in this folder uses it yet.", "info")
        else:
            self.show_hint("")

    def _use_spelling(self, _link: str = "") -> None:
        spelling = self._variant
        self.input.setEditText(spelling)
        self._edited(spelling)
