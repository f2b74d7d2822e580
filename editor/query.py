"""Search queries over the project index, as people type them.

Syntax: words (all must match, in title, question, keywords or subject), ``"a phrase"``, and
filters ``subject:psychology`` (or ``subject:"education studies"``; letters and digits compared,
so ``education-studies`` works too, and a partial value matches as a prefix) and ``id:76283``.
The last word is matched as a prefix when it has at least three characters and the query does
not end with a space; shorter words match whole words only, which keeps every query fast.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from editor.index_db import subject_key

_FILTER = re.compile(r'\b(subject|id):(?:"([^"]*)"?|(\S*))', re.IGNORECASE)
_PHRASE = re.compile(r'"([^"]*)"?')
_WORD = re.compile(r"[^\W_]+")
PREFIX_MIN = 3
# Title matches count most: people search for an article they know by its title.
_RANK = "bm25(fts, 10.0, 4.0, 2.0, 1.0)"


@dataclass
class Query:
    """A parsed query: an FTS5 MATCH expression (or None) and the filters."""

    match: str | None = None
    subjects: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.match is None and not self.subjects and not self.ids


def _quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def parse(text: str) -> Query:
    query = Query()
    for match in _FILTER.finditer(text):
        value = match.group(2) if match.group(2) is not None else match.group(3)
        if match.group(1).lower() == "subject":
            key = subject_key(value)
            if key:
                query.subjects.append(key)
        elif value.strip():
            query.ids.append(value.strip())
    rest = _FILTER.sub(" ", text)
    terms: list[str] = []
    for phrase in _PHRASE.findall(rest):
        words = _WORD.findall(phrase)
        if words:
            terms.append(_quoted(" ".join(words)))
    words = _WORD.findall(_PHRASE.sub(" ", rest))
    for position, word in enumerate(words):
        last = position == len(words) - 1
        as_prefix = last and len(word) >= PREFIX_MIN and not text[-1:].isspace() and not text.endswith('"')
        terms.append(_quoted(word) + ("*" if as_prefix else ""))
    query.match = " AND ".join(terms) if terms else None
    return query


def _id_value(text: str) -> Any:
    return int(text) if text.isdigit() else text


def run_search(conn: sqlite3.Connection, text: str, limit: int = 20) -> list[tuple[Any, ...]]:
    """Rows (path, id, title, subject, url, date, question), best first."""
    query = parse(text)
    if query.empty or limit <= 0:
        return []
    where, params = ["a.error IS NULL"], []
    for key in query.subjects:
        where.append("substr(a.subject_key, 1, ?) = ?")
        params += [len(key), key]
    for value in query.ids:
        where.append("a.id = ?")
        params.append(_id_value(value))
    columns = "a.path, a.id, a.title, a.subject, a.url, a.date, a.question"
    if query.match is None:
        sql = f"SELECT {columns} FROM articles a WHERE {' AND '.join(where)} ORDER BY a.title, a.path LIMIT ?"
        return list(conn.execute(sql, (*params, limit)))
    sql = (
        f"SELECT {columns} FROM fts JOIN articles a ON a.rid = fts.rowid "
        f"WHERE fts MATCH ? AND {' AND '.join(where)} ORDER BY {_RANK}, a.path LIMIT ?"
    )
    try:
        return list(conn.execute(sql, (query.match, *params, limit)))
    except sqlite3.OperationalError:
        return []  # a query FTS5 cannot read (should not happen: every term is quoted)
