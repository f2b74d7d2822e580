"""The names of the atomic save's temporary files, and telling one when it is left behind.

``editor.article.atomic`` writes a new version to ``.NAME.XXXXXXXX.tmp`` beside the article (NAME
the file's name, cut to fit the file system's name limit; XXXXXXXX eight hexadecimal digits) and
renames it over the article; only a process killed mid-save leaves one. ``.NAME.XXXXXXXX.backup``
files are not temporary in that sense: a failed in-place write keeps one on purpose, with the
previous text, and names it in its error.

atomic.py makes its names with ``sibling_name`` and the index, which cleans stale ones, tells
them with ``is_temp_name``: one rule for both.
"""
from __future__ import annotations

import re
import secrets

TEMP_KIND = "tmp"  # the suffix of a save's new version
BACKUP_KIND = "backup"  # the suffix of the copy a failed in-place write keeps
TOKEN_HEX_DIGITS = 8
TEMP_NAME = re.compile(rf"\..+\.[0-9a-f]{{{TOKEN_HEX_DIGITS}}}\.{TEMP_KIND}\Z", re.DOTALL)


def is_temp_name(name: str) -> bool:
    """Whether a file name (no folder) is one an atomic save gives its temporary file."""
    return TEMP_NAME.match(name) is not None


def sibling_name(stem: str, kind: str) -> str:
    """A fresh hidden name for a file beside the article ``stem``: ``.STEM.XXXXXXXX.KIND``."""
    return f".{stem}.{secrets.token_hex(TOKEN_HEX_DIGITS // 2)}.{kind}"
