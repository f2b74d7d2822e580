"""Search queries over the project index, as people type them.

Syntax: words (all must match, in title, question, keywords or subject), ``"a phrase"``, and
filters ``subject:psychology`` (the subject starts with these words, so ``subject:psych``,
``subject:education-studies`` and ``subject:"education studies"`` all work) and ``id:76283``.

Words are split as the index's tokenizer splits them (``editor.index.words``): at hyphens
("peer-to-peer" is three words), with apostrophes inside words folded ("newtons" finds
"Newton's"). A quote that is not closed is ignored: ``"How the Other Ha`` is four words. The
last word is matched as a prefix while it is being typed (the query does not end with a space
or a closing quote) and has at least two characters; a single letter matches whole words only,
which keeps every query fast.

Results come in tiers: titles that start with the words, then titles that hold every word, then
any other match; each tier ranked by ``bm25`` with title matches weighted most. With ``fuzzy``,
a query that finds nothing tries once more with each word widened to the index's words that
``loose_match`` it (a letter or two missing).

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
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from editor.index.words import WORD as _WORD
from editor.index.words import fold_apostrophes, loose_match

_FILTER = re.compile(r'\b(subject|id):(?:"([^"]*)"?|(\S*))', re.IGNORECASE)
# Any other key: a front-matter key, dotted for nested ones, with a value right after the colon.
_FIELD_FILTER = re.compile(r'(?<![\w.])([A-Za-z_][\w-]*(?:\.[\w-]+)*):(?:"([^"]*)"?|(\S+))')
# Front-matter keys the articles table holds as text, and their columns.
INDEXED_COLUMNS = {"title": "title", "url": "url", "date": "date", "file_name": "file_name",
                   "question": "question", "seo.page_keywords": "keywords"}
_PHRASE = re.compile(r'"([^"]*)"')
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"'})  # “ ” „ as typed on some keyboards
PREFIX_MIN = 2
MANY = 1500  # above this many matches, ranking them all costs more than it tells
# Title matches count most: people search for an article they know by its title.
_RANK = "bm25(fts, 10.0, 4.0, 2.0, 1.0)"
FUZZY_TERMS = 12  # index words a fuzzy word may stand for, closest in length first


@dataclass
class Query:
    """A parsed query: an FTS5 MATCH expression for the words (or None), subject filters (as FTS5
    expressions on the subject column) and id filters. ``words`` are the words outside phrases,
    folded, in order, and ``typing`` says whether the last of them is still being typed: the
    tiers and the fuzzy retry are built from them."""

    match: str | None = None
    subjects: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    typing: bool = False
    has: list[str] = field(default_factory=list)  # "problem", or a problem code
    fields: list[tuple[str, str]] = field(default_factory=list)  # (column, value) of indexed keys
    unindexed: list[tuple[str, str]] = field(default_factory=list)  # (key, value) the index lacks

    @property
    def empty(self) -> bool:
        return self.match is None and not self.subjects and not self.ids and not self.has and not self.fields

    def title_start(self) -> str | None:
        """An FTS5 expression for titles that start with the words, in order (None with phrases,
        whose place among the words is not kept)."""
        if not self.words or self.phrases:
            return None
        return "title : ^ " + _prefix(self.words, complete=not self.typing)


def _quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _prefix(words: list[str], complete: bool) -> str:
    """A phrase, its last word a prefix when it is long enough and still being typed."""
    star = "*" if not complete and len(words[-1]) >= PREFIX_MIN else ""
    return _quoted(" ".join(words)) + star


def _unclosed_quote_dropped(text: str) -> str:
    """``text`` without its last double quote when the quotes do not pair up (a phrase still
    being typed, or a stray quote): its words are then matched one by one."""
    if text.count('"') % 2 == 0:
        return text
    at = text.rindex('"')
    return text[:at] + " " + text[at + 1:]


def parse(text: str) -> Query:
    query = Query()
    text = text.translate(_QUOTES)
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
    rest = _unclosed_quote_dropped(_FILTER.sub(" ", text))
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
        # A phrase is split as the index split the text, apostrophes too ("newton's" -> newton s).
        words = _WORD.findall(phrase.lower())
        if words:
            query.phrases.append(_quoted(" ".join(words)))
    terms.extend(query.phrases)
    query.words = _WORD.findall(fold_apostrophes(_PHRASE.sub(" ", rest)).lower())
    query.typing = bool(query.words) and not text[-1:].isspace() and not text.endswith('"')
    for position, word in enumerate(query.words):
        last = position == len(query.words) - 1
        terms.append(_prefix([word], complete=not (last and query.typing)))
    query.match = " AND ".join(terms) if terms else None
    return query


def _id_value(text: str) -> Any:
    # Past 18 digits no id is stored as an SQLite integer (and Python refuses to convert 4,300).
    return int(text) if text.isdigit() and len(text) <= 18 else text


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


def run_search(conn: sqlite3.Connection, text: str, limit: int = 20, fuzzy: bool = False) -> list[tuple[Any, ...]]:
    """Rows (path, id, title, subject, url, date, question), best first. With ``fuzzy``, a word
    query that finds nothing is tried again with its words loosely matched (see the module)."""
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
        ranked = _ranked(conn, query, limit)
        if not ranked and fuzzy:
            loose = _loosened(conn, query)
            ranked = _ranked(conn, loose, limit) if loose is not None else []
    except sqlite3.OperationalError:
        return []  # a query FTS5 cannot read (should not happen: every term is quoted)
    if not ranked:
        return []
    rows = {row[0]: row[1:] for row in conn.execute(
        f"SELECT a.rid, {_COLUMNS} FROM articles a WHERE a.rid IN ({','.join('?' * len(ranked))})", ranked)}
    return [rows[rid] for rid in ranked if rid in rows]


def _ranked(conn: sqlite3.Connection, query: Query, limit: int) -> list[int]:
    """Article rids for a word query, best first: titles that start with the words, then titles
    that hold them all, then the other matches (see ``_tier``)."""
    assert query.match is not None
    tiers = [query.title_start(), f"title : ({query.match})", query.match]
    found: list[int] = []
    seen: set[int] = set()
    for tier in tiers:
        if tier is None:
            continue
        for rid in _tier(conn, " AND ".join([tier] + query.subjects), limit + len(found)):
            if rid not in seen:
                seen.add(rid)
                found.append(rid)
                if len(found) == limit:
                    return found
    return found


def _tier(conn: sqlite3.Connection, match: str, limit: int) -> list[int]:
    """The best ``limit`` rids for one FTS5 expression.

    Ranking happens inside FTS5 alone, and the few winners are fetched afterwards: joining every
    match to the articles table first would cost a lookup per match before the sort. When the
    expression matches a large part of the folder ("how", "wha" as people start typing), ranking
    them all would blow the latency budget while saying little: they come in index order then.
    """
    many = conn.execute("SELECT count(*) FROM (SELECT 1 FROM fts WHERE fts MATCH ? LIMIT ?)", (match, MANY)).fetchone()[0]
    if not many:
        return []
    order = f" ORDER BY {_RANK}" if many < MANY else ""
    return [rid for (rid,) in conn.execute(f"SELECT rowid FROM fts WHERE fts MATCH ?{order} LIMIT ?", (match, limit))]


def _loosened(conn: sqlite3.Connection, query: Query) -> Query | None:
    """``query`` with each word that the index does not hold widened to the index's words that
    ``loose_match`` it; None when one of them has no such word, or nothing was widened."""
    terms = list(query.phrases)
    widened = False
    for position, word in enumerate(query.words):
        typing = query.typing and position == len(query.words) - 1
        exact = _prefix([word], complete=not typing)
        if len(word) < 3 or _holds(conn, exact):
            terms.append(exact)
            continue
        near = _near_terms(conn, _plain(word), typing)
        if not near:
            return None
        widened = True
        terms.append("(" + " OR ".join([exact] + [_quoted(term) for term in near]) + ")")
    if not widened:
        return None
    return Query(" AND ".join(terms), query.subjects, query.ids, query.words, query.phrases, query.typing)


def _holds(conn: sqlite3.Connection, match: str) -> bool:
    return conn.execute("SELECT 1 FROM fts WHERE fts MATCH ? LIMIT 1", (match,)).fetchone() is not None


def _plain(word: str) -> str:
    """A word as the tokenizer stores it: lower case, accents removed ("Thévenin" -> thevenin)."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _near_terms(conn: sqlite3.Connection, word: str, typing: bool) -> list[str]:
    """The index's words that ``word`` loosely matches, closest in length first. The vocabulary is
    read through an ``fts5vocab`` table, only the words with the same first letter."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms USING fts5vocab(main, fts, row)")
    first = word[0]
    rows = conn.execute("SELECT term FROM temp.fts_terms WHERE term >= ? AND term < ?", (first, chr(ord(first) + 1)))
    near = [term for (term,) in rows if loose_match(word, term, prefix=typing)]
    near.sort(key=lambda term: (abs(len(term) - len(word)), term))
    return near[:FUZZY_TERMS]
