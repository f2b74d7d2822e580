"""Search queries over the project index, as people type them.

Syntax: words (all must match, in title, question, keywords or subject), ``"a phrase"``, and
filters ``subject:psychology`` (the subject starts with these words, so ``subject:psych``,
``subject:education-studies`` and ``subject:"education studies"`` all work) and ``id:76283``.
The last word is matched as a prefix when it has at least three characters and the query does
not end with a space; shorter words match whole words only, which keeps every query fast.

More filters: ``has:problem`` (the file has a problem of its own, one the index stores: not the
folder-wide ones such as links or duplicate ids) or ``has:CODE`` (``has:date-invalid``), and
``KEY:VALUE`` for an indexed field (``title``, ``url``, ``date``, ``file_name``, ``question``,
``seo.page_keywords``): its text equals VALUE, ignoring surrounding spaces and the case of ASCII
letters; ``VALUE*`` is a prefix. ``KEY:VALUE`` for any other key (``no_index:true``) is parsed
into ``Query.unindexed``: the index does not hold it, so ``run_search`` and ``matching_paths``
leave it to the caller, which reads the files (``editor.operations.selection``).
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any


_FILTER = re.compile(r'\b(subject|id):(?:"([^"]*)"?|(\S*))', re.IGNORECASE)
# Any other key: a front-matter key, dotted for nested ones, with a value right after the colon.
_FIELD_FILTER = re.compile(r'(?<![\w.])([A-Za-z_][\w-]*(?:\.[\w-]+)*):(?:"([^"]*)"?|(\S+))')
# Front-matter keys the articles table holds as text, and their columns.
INDEXED_COLUMNS = {"title": "title", "url": "url", "date": "date", "file_name": "file_name",
                   "question": "question", "seo.page_keywords": "keywords"}
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
    has: list[str] = field(default_factory=list)  # "problem", or a problem code
    fields: list[tuple[str, str]] = field(default_factory=list)  # (column, value) of indexed keys
    unindexed: list[tuple[str, str]] = field(default_factory=list)  # (key, value) the index lacks

    @property
    def empty(self) -> bool:
        return self.match is None and not self.subjects and not self.ids and not self.has and not self.fields


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
    for match in _FIELD_FILTER.finditer(rest):
        key = match.group(1)
        value = (match.group(2) if match.group(2) is not None else match.group(3)).strip()
        if key.lower() == "has":
            query.has.append(value.lower())
        elif key in INDEXED_COLUMNS:
            query.fields.append((INDEXED_COLUMNS[key], value))
        else:
            query.unindexed.append((key, value))
    rest = _FIELD_FILTER.sub(" ", rest)
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


def _filters(query: Query) -> tuple[list[str], list[Any]]:
    """SQL conditions on ``articles a`` (and their parameters) for the filters other than subject."""
    where: list[str] = []
    params: list[Any] = []
    for value in query.ids:
        where.append("a.id = ?")
        params.append(_id_value(value))
    for code in query.has:
        if code == "problem":
            where.append("a.rid IN (SELECT article FROM problems)")
        else:
            where.append("a.rid IN (SELECT article FROM problems WHERE code = ?)")
            params.append(code)
    for column, value in query.fields:
        if value.endswith("*"):
            # LIKE folds ASCII case as the equality below does; its own wildcards are escaped.
            escaped = value[:-1].strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where.append(f"trim(a.{column}) LIKE ? ESCAPE '\\'")
            params.append(escaped + "%")
        else:
            where.append(f"trim(a.{column}) = ? COLLATE NOCASE")
            params.append(value.strip())
    return where, params


def _fts_match(query: Query) -> str | None:
    return " AND ".join(([query.match] if query.match else []) + query.subjects) or None


def matching_paths(conn: sqlite3.Connection, text: str) -> list[str]:
    """The path of every loaded article the query selects, in path order, unranked and without a
    limit: what a bulk operation's ``--where`` chooses. Every word is a whole word (nobody is
    still typing); an empty query selects every loaded article. ``Query.unindexed`` filters are
    not applied here (see the module docstring)."""
    query = parse(text.rstrip() + " ")
    where, params = _filters(query)
    match = _fts_match(query)
    if match:
        where.append("a.rid IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
        params.append(match)
    sql = "SELECT a.path FROM articles a WHERE a.error IS NULL" + "".join(" AND " + w for w in where)
    try:
        return [path for (path,) in conn.execute(sql + " ORDER BY a.path", params)]
    except sqlite3.OperationalError:
        return []  # a query FTS5 cannot read (should not happen: every term is quoted)


def run_search(conn: sqlite3.Connection, text: str, limit: int = 20) -> list[tuple[Any, ...]]:
    """Rows (path, id, title, subject, url, date, question), best first."""
    query = parse(text)
    if query.empty or limit <= 0:
        return []
    match = _fts_match(query)
    try:
        where_list, params = _filters(query)
        if where_list:
            where = " AND ".join(where_list)
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
