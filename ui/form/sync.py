"""What one form edit implies for the other fields: linked titles and the derived url and file name.

Pure logic, no Qt, so the rules are tested on their own. The form asks ``follow_edit`` for every
edit the writer makes and sends the result to the controller as one undo step. Model changes that
come back (undo, reload) are never fed through here, so undoing a title does not re-derive the url.
"""
from __future__ import annotations

import re
from typing import Any, Callable

from editor.article.slug import file_name_for, slugify, subject_slug, url_for

# Title, article title and question usually say the same thing; new articles keep them in step.
LINKED_KEYS = ("title", "article_title", "question")
# Derived from the title and subject by the site's slug rule while the lock is open.
DERIVED_KEYS = ("file_name", "url")
_LINE_BREAK = re.compile(r"\s*\n\s*")


def derived_values(title: str, subject: str) -> dict[str, str]:
    """The file name and url a title and subject give; empty when the title has no slug yet."""
    stem = slugify(title or "")
    if not stem:
        return {}
    values = {"file_name": file_name_for(title)}
    if subject and subject_slug(subject):
        values["url"] = url_for(subject_slug(subject), stem)
    return values


def follow_edit(
    key: str, value: Any, *, linked: bool, locked: bool, get: Callable[[str], Any]
) -> dict[str, Any]:
    """Every field one edit of ``key`` sets, the edit itself first.

    ``linked`` copies an edit of one linked title field to the others (line breaks become spaces,
    because the title is one line); ``locked`` False re-derives file name and url from the title
    and subject after an edit of either.
    """
    edits: dict[str, Any] = {key: value}
    if linked and key in LINKED_KEYS and isinstance(value, str):
        one_line = _LINE_BREAK.sub(" ", value)
        for other in LINKED_KEYS:
            edits.setdefault(other, one_line)
    if not locked and ("title" in edits or key == "subject"):
        title = edits.get("title", get("title"))
        subject = edits.get("subject", get("subject"))
        derived = derived_values(str(title or ""), str(subject or ""))
        for derived_key, derived_value in derived.items():
            edits.setdefault(derived_key, derived_value)
    return edits
