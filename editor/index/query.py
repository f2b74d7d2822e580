"""Search queries over the project index, as people type them.

Syntax: words (all must match, in title, question, keywords or subject), ``"a phrase"``, and
filters ``subject:psychology`` (the subject starts with these words, so ``subject:psych``,
``subject:education-studies`` and ``subject:"education studies"`` all work) and ``id:76283``.
The last word is matched as a prefix when it has at least three characters and the query does
not end with a space; shorter words match whole words only, which keeps every query fast.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any


_FILTER = re.compile(r'\b(subject|id):(?:"([^"]*)"?|(\S*))', re.IGNORECASE)
_PHRASE = re.compile(r'"([^"]*)"?')
_WORD = re.compile(r"[^\W_]+")
PREFIX_MIN = 3
MANY = 1500  # above this many matches, ranking them all costs more than it tells
# Title matches count most: people search for an article they know by its title.
_RANK = "bm25(fts, 10.0, 4.0, 2.0, 1.0)"


@dataclass
class Query:
    """A parsed query: an FTS5 MATCH expression for the words (or None), subject filters (as FTS5
    expressions on the subject column) and id filters."""

    match: str | None = None
    subjects: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.match is None and not self.subjects and not self.ids


def _quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _prefix(words: list[str], complete: bool) -> str:
    """A phrase, its last word a prefix when it is long enough and still being typed."""
    star = "*" if not complete and len(words[-1]) >= PREFIX_MIN else ""
    return _quoted(" ".join(words)) + star


def parse(text: str) -> Query:
    query = Query()
    for match in _FILTER.finditer(text):
        value = match.group(2) if match.group(2) is not None else match.group(3)
        if match.group(1).lower() == "subject":
            words = _WORD.findall(value)
            if words:
                # The subject starts with these words, wherever the filter stands in the query:
                # subject:psych, subject:"education stud", subject:psych bias.
                query.subjects.append("subject : ^ " + _prefix(words, complete=False))
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
        typing = last and not text[-1:].isspace() and not text.endswith('"')
        terms.append(_prefix([word], complete=not typing))
    query.match = " AND ".join(terms) if terms else None
    return query


def _id_value(text: str) -> Any:
    return int(text) if text.isdigit() else text


_COLUMNS = "a.path, a.id, a.title, a.subject, a.url, a.date, a.question"


def run_search(conn: sqlite3.Connection, text: str, limit: int = 20) -> list[tuple[Any, ...]]:
    """Rows (path, id, title, subject, url, date, question), best first."""
    query = parse(text)
    if query.empty or limit <= 0:
        return []
    match = " AND ".join(([query.match] if query.match else []) + query.subjects) or None
    try:
        if query.ids:
            where = " AND ".join(["a.id = ?"] * len(query.ids))
            params: list[Any] = [_id_value(v) for v in query.ids]
            if match:
                where += " AND a.rid IN (SELECT rowid FROM fts WHERE fts MATCH ?)"
                params.append(match)
            sql = f"SELECT {_COLUMNS} FROM articles a WHERE a.error IS NULL AND {where} ORDER BY a.path LIMIT ?"
            return list(conn.execute(sql, (*params, limit)))
        if query.match is None:  # subject filters only: alphabetical
            sql = (f"SELECT {_COLUMNS} FROM articles a WHERE a.rid IN (SELECT rowid FROM fts WHERE fts MATCH ?) "
                   "ORDER BY a.title, a.path LIMIT ?")
            return list(conn.execute(sql, (match, limit)))
        ranked = _ranked(conn, query, match, limit)
    except sqlite3.OperationalError:
        return []  # a query FTS5 cannot read (should not happen: every term is quoted)
    if not ranked:
        return []
    rows = {row[0]: row[1:] for row in conn.execute(
        f"SELECT a.rid, {_COLUMNS} FROM articles a WHERE a.rid IN ({','.join('?' * len(ranked))})", ranked)}
    return [rows[rid] for rid in ranked if rid in rows]


def _ranked(conn: sqlite3.Connection, query: Query, match: str | None, limit: int) -> list[int]:
    """Article rids for a word query, best first.

    Ranking happens inside FTS5 alone, and the few winners are fetched afterwards: joining every
    match to the articles table first would cost a lookup per match before the sort. When the
    words match a large part of the folder ("how", "wha" as people start typing), ranking them
    all would blow the latency budget while saying little; titles that match come first then.
    """
    many = conn.execute("SELECT count(*) FROM (SELECT 1 FROM fts WHERE fts MATCH ? LIMIT ?)", (match, MANY)).fetchone()[0]
    if many < MANY:
        return [rid for (rid,) in conn.execute(
            f"SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY {_RANK} LIMIT ?", (match, limit))]
    in_titles = " AND ".join([f"title : ({query.match})"] + query.subjects)
    found = [rid for (rid,) in conn.execute("SELECT rowid FROM fts WHERE fts MATCH ? LIMIT ?", (in_titles, limit))]
    if len(found) < limit:
        seen = set(found)
        for (rid,) in conn.execute("SELECT rowid FROM fts WHERE fts MATCH ? LIMIT ?", (match, limit + len(found))):
            if rid not in seen and len(found) < limit:
                found.append(rid)
    return found
