"""Narrowing a project-wide find with the index, before any file is read.

The index holds four text fields of every article: title, question, seo.page_keywords and
subject, both as the values YAML loads (the ``articles`` table) and in the full-text index
(``fts``). A find that only looks in those fields needs to read only the files whose stored
values match:

- whole words of ASCII letters and digits ask FTS5 for the phrase (``Search.fts_phrase``): it
  folds case and accents and splits words at least where the pattern's boundaries do, so it
  returns every file with a real match, and some more;
- any other pattern runs over the stored values themselves, which is exact.

The answer, the body and other keys are not in the index: every selected file is a candidate,
and ``Search.might_occur`` looks at its bytes before it is parsed. Either way each candidate is
then read and matched for real (``editor.operations.find``), so an index that lags behind the
files never adds a match that is not there; the caller refreshes the index first so that none is
missed.
"""
from __future__ import annotations

import sqlite3

from editor.operations.pattern import Search

# Indexed fields: their column in ``articles``, and the FTS5 columns that hold their words. The
# index leaves a question out of FTS when it repeats the title word for word (it is then found
# through the title).
STORED_COLUMNS = {"title": "title", "question": "question", "seo.page_keywords": "keywords", "subject": "subject"}
FTS_COLUMNS = {"title": ("title",), "question": ("title", "question"), "seo.page_keywords": ("keywords",),
               "subject": ("subject",)}


def indexed(search: Search) -> bool:
    """Whether every field the search reads is one the index holds."""
    return all(key in STORED_COLUMNS for key in search.fields)


def candidate_paths(conn: sqlite3.Connection, search: Search, within: list[str]) -> list[str]:
    """The paths of ``within`` (in their order) that may hold a match; all of them when the
    search reads a field the index does not hold."""
    if not indexed(search):
        return within
    phrase = search.fts_phrase()
    if phrase is not None:
        columns = sorted({column for key in search.fields for column in FTS_COLUMNS[key]})
        rows = conn.execute(
            "SELECT a.path FROM articles a WHERE a.error IS NULL AND a.rid IN "
            "(SELECT rowid FROM fts WHERE fts MATCH ?)", ("{" + " ".join(columns) + "} : " + phrase,))
        found = {path for (path,) in rows}
    else:
        stored = ", ".join(STORED_COLUMNS[key] for key in search.fields)
        compiled = search.compiled
        found = {
            row[0] for row in conn.execute(f"SELECT path, {stored} FROM articles WHERE error IS NULL")
            if any(type(value) is str and compiled.search(value) for value in row[1:])
        }
    return [path for path in within if path in found]
