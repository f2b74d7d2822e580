"""One version of an article file, read for review: its values, key lines and body, or why it
cannot be read.

A version comes as bytes (from a commit, the index or the disk) or as None when the file does
not exist on that side. It is read the way the index reads files (``editor.scan.scan_bytes``:
the fast scanner where it is certain, a safe full parse otherwise), so its values are exactly
what the project and its checks see, and what ``git show REV:path`` gives when parsed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from editor.article import frontmatter
from editor.answer.codec import decode
from editor.article.frontmatter import ArticleError
from editor.index.scan import scan_bytes

# The line that closes the front matter, as ``editor.frontmatter`` finds it: the body follows it.
_CLOSING_LINE = re.compile(r"(?:---|\.\.\.)[ \t]*(?:\r\n|\n|\r|$)")


@dataclass(frozen=True)
class Version:
    """A side of a change. ``exists`` False: no file on that side. ``error`` set: a file that is
    not a readable article (then ``values`` is empty and ``text`` holds what could be decoded)."""

    data: bytes | None
    values: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    error: ArticleError | None = None
    text: str = ""  # the whole file as text (BOM removed), for a source diff of a broken file

    @property
    def exists(self) -> bool:
        return self.data is not None

    @property
    def readable(self) -> bool:
        return self.data is not None and self.error is None

    @property
    def answer(self) -> str:
        """The answer with real line breaks (the site's backslash-n replacement applied)."""
        stored = self.values.get("answer")
        return decode(stored) if isinstance(stored, str) else ""


MISSING = Version(None)


def load_version(data: bytes | None, path: str | None = None) -> Version:
    """Read one version; never raises for bad bytes (the error is kept in the version)."""
    if data is None:
        return MISSING
    scan = scan_bytes(data, path)
    try:
        parts = frontmatter.split(data, path)
    except ArticleError as exc:
        return Version(data, error=scan.error or exc, text=_text(data))
    body = parts.text[body_start(parts):]
    if scan.data is None:
        return Version(data, body=body, error=scan.error, text=parts.text)
    return Version(data, scan.data, scan.lines, body, None, parts.text)


def body_start(parts: frontmatter.Parts) -> int:
    """Where the body starts in ``parts.text``: after the line that closes the front matter."""
    closing = _CLOSING_LINE.match(parts.text, parts.yaml_end)
    return closing.end() if closing else len(parts.text)


def _text(data: bytes) -> str:
    text = data.decode("utf-8", errors="replace")
    return text[1:] if text.startswith("\ufeff") else text
