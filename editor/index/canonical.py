"""The fast lane of the index: a whole front matter in the site's canonical layout, in one match.

Almost every file of a content folder is written by the same exporter, key for key in the same
order: the header (``_schema`` to ``post_on_text``), the ``seo`` block at 2 spaces, ``author``
to ``score``, then ``related_articleN`` blocks at 4 spaces. Folded values (``>-``) hold exactly
one content line. ``canonical_load`` reads that shape with one precompiled regular expression,
several times cheaper than reading it line by line, and builds the values directly: folded text
is the content line itself, plain scalars go through ``plain_scalar.plain`` (with a cache for the many
values that repeat), which resolves them exactly as YAML 1.1 does or refuses.

Anything else returns None and the caller tries the general line scanner (``scan.fast_load``),
which in turn falls back to a full safe parse: a missing, extra or reordered key, a value on
more than one line, quotes with escapes, comments, flow collections, anchors, trailing white
space in folded text, a key given twice... The key lines are fixed by the shape, so they come
from a template. tests/editor/test_canonical.py checks values, types and lines against the
full parse, and that unusual files fall back.
"""
from __future__ import annotations

import re
from typing import Any

from editor.index.plain_scalar import CACHE_LIMIT, INDICATORS, RESOLVERS, UNCERTAIN, plain

# A folded scalar's single content line: no leading or trailing white space (those fold
# differently, so libyaml decides them). "." is "anything but a line feed"; sre runs it in a
# tighter loop than a class, and the atomic group saves backtracking into long answers.
_FOLDED = r"[^\ \t\n](?>.*)(?<![\ \t])"


def _link_block(group: str) -> str:
    """One related block, each value in a group opened by ``group``: "(" captures, "(?:" does not."""
    return rf"""
    related_article{group}[1-9][0-9]{{0,2}}):\n
    \ {{4}}id:\ {group}.*)\n
    \ {{4}}title:\ >-\n\ {{8}}{group}{_FOLDED})\n
    \ {{4}}subject:\ {group}.*)\n
    \ {{4}}url:\ {group}.*)\n
    """


# Most articles have up to five related links: the expression captures their slot number, id,
# title, subject and url itself, so reading them takes no second pass. Any further blocks are one
# group, read by ``_RELATED``. Possessive (``?+``): a block that matched is never given back, so a
# failed match cannot backtrack through the combinations of blocks.
LINK_BLOCKS = 5
_CANONICAL = re.compile(
    rf"""
    _schema:\ (.*)\n
    id:\ (.*)\n
    date:\ (.*)\n
    title:\ >-\n\ {{4}}({_FOLDED})\n
    article_title:\ >-\n\ {{4}}({_FOLDED})\n
    date_format:\ (.*)\n
    post_on_text:\ (.*)\n
    seo:\n
    \ \ title:\ (.*)\n
    \ \ page_description:\ >-\n\ {{4}}({_FOLDED})\n
    \ \ page_keywords:\ >-\n\ {{4}}({_FOLDED})\n
    author:\ (.*)\n
    question:\ >-\n\ {{4}}({_FOLDED})\n
    answer:\ >-\n\ {{4}}({_FOLDED})\n
    subject:\ (.*)\n
    file_name:\ (.*)\n
    url:\ (.*)\n
    score:\ (.*)\n
    {"".join(f"(?:{_link_block('(')})?+" for _ in range(LINK_BLOCKS))}
    ((?:{_link_block('(?:')})*)
    """,
    re.VERBOSE,
)
# The related blocks after the first five, one tuple each (the last group of the match).
_RELATED = re.compile(_link_block("("), re.VERBOSE)
# A whole file whose front matter is canonical: the closing "---" line ends it (no line of the
# canonical shape can start with "---" or "..."), whatever body follows.
_CANONICAL_FILE = re.compile(r"---\n(?:" + _CANONICAL.pattern + r")---(?:\n|\Z)", re.VERBOSE)
PRINTABLE_ASCII = bytes([0x09, 0x0A, *range(0x20, 0x7F)])
_HIGH_BYTES = bytes(range(0x80, 0x100))
# Anything YAML does not print, plus line breaks that str.split("\n") would not see (NEL, LS,
# PS) and a BOM after the start: the fast lanes are only certain about text without them.
_UNCERTAIN_CHARS = re.compile(
    "[^\x09\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)


def uncertain(odd: bytes) -> bool:
    """Whether the bytes of valid UTF-8 text that are not printable ASCII (``translate(None,
    PRINTABLE_ASCII)``, in order) hold a character the fast lanes cannot be sure of: an ASCII
    control, or a character YAML reads differently from Python."""
    return bool(odd.translate(None, _HIGH_BYTES)) or _UNCERTAIN_CHARS.search(odd.decode("utf-8")) is not None
# 0-based line of each key of the header, in file order; related blocks follow, 6 lines each.
_HEADER_LINES = (
    ("_schema", 0), ("id", 1), ("date", 2), ("title", 3), ("article_title", 5), ("date_format", 7),
    ("post_on_text", 8), ("seo", 9), ("seo.title", 10), ("seo.page_description", 11),
    ("seo.page_keywords", 13), ("author", 15), ("question", 16), ("answer", 18), ("subject", 20),
    ("file_name", 21), ("url", 22), ("score", 23),
)
FIRST_RELATED_LINE = 24
RELATED_LINES = 6

# Plain values repeat across a folder (schema name, author, subjects, dates, score...).
VALUES: dict[str, Any] = {}
_MISSING = object()
# A plain scalar starting with one of these may be an indicator or resolve to a non-string.
_RISKY_START = frozenset(INDICATORS) | frozenset(RESOLVERS) | {"-"}


def plain_value(text: str) -> Any:
    """A plain scalar's value (surrounding spaces allowed, none for an empty one) as libyaml
    loads it; Uncertain when YAML might differ."""
    value = VALUES.get(text, _MISSING)
    if value is not _MISSING:
        return value
    if text.isdigit() and text.isascii() and (text[0] != "0" or len(text) == 1):
        return int(text)  # ids: decimal ints (a leading 0 would be octal, left to ``plain``)
    if text and " " not in text and "\t" not in text and text[-1] != ":" and text[0] not in _RISKY_START:
        # One word (urls, file names): no comment, no mapping, nothing YAML resolves: a string.
        return text
    stripped = text.strip(" ")
    value = plain(stripped) if stripped else None
    if len(text) < 40 and len(VALUES) < CACHE_LIMIT:
        VALUES[text] = value
    return value


# The values of header fields that are the same in most files of a folder, by their text.
_CONSTANTS: dict[tuple[str, ...], tuple[Any, ...]] = {}


def match_text(yaml_text: str) -> tuple[str, ...] | None:
    """The match groups of a canonical front matter as ``scan.split_fast`` returns it (a BOM or
    CRLF line ends already taken away), for ``build``; the same groups as ``match_file``'s."""
    match = _CANONICAL.match(yaml_text)
    return None if match is None or match.end() != len(yaml_text) else match.groups()


def canonical_load(yaml_text: str) -> tuple[dict[str, Any], list[str]] | None:
    """Values and the related keys (in file order) of a canonical front matter, or None.

    ``yaml_text`` is what ``scan.split_fast`` returns (LF line ends, printable characters, the
    closing ``---`` line excluded). Key lines come from ``key_lines(related_keys)``.
    """
    groups = match_text(yaml_text)
    return None if groups is None else build(groups)


def canonical_file(raw: bytes) -> tuple[dict[str, Any], list[str]] | None:
    """``canonical_load`` of a whole file's bytes, for the plainest files only: UTF-8 with LF line
    ends, ``---`` lines around the front matter (see ``match_file``). Saves splitting the file
    first; anything else (a BOM, CRLF, control characters) returns None and goes the general way."""
    groups = match_file(raw)
    return None if groups is None else build(groups)


def match_file(raw: bytes) -> tuple[str, ...] | None:
    """The match groups of a whole canonical file (see ``canonical_file``), for ``build``.

    Other characters than printable ASCII are allowed when the file is UTF-8 and none of them is
    one YAML reads differently from Python: a control character, a line break Python's ``.``
    would match (NEL, LS, PS) or a BOM after the start ("Thévenin" and "≠" are fine).
    """
    odd = raw.translate(None, PRINTABLE_ASCII)
    if not odd:
        text = raw.decode("ascii")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if uncertain(odd):
            return None
    match = _CANONICAL_FILE.match(text)
    return None if match is None else match.groups()


RELATED = 17  # the first group of the first related block (see ``links``)
_MORE_RELATED = RELATED + 5 * LINK_BLOCKS  # the group that holds the blocks after those


def header(g: tuple[str, ...]) -> dict[str, Any] | None:
    """The values of a match's keys from ``_schema`` to ``score``; None when one is uncertain."""
    value = plain_value
    try:
        texts = (g[0], g[5], g[6], g[7], g[10], g[16])
        constants = _CONSTANTS.get(texts)
        if constants is None:
            constants = tuple(value(text) for text in texts)
            if len(_CONSTANTS) < CACHE_LIMIT:
                _CONSTANTS[texts] = constants
        schema, date_format, post_on_text, seo_title, author, score = constants
        return {
            "_schema": schema, "id": value(g[1]), "date": value(g[2]), "title": g[3], "article_title": g[4],
            "date_format": date_format, "post_on_text": post_on_text,
            "seo": {"title": seo_title, "page_description": g[8], "page_keywords": g[9]},
            "author": author, "question": g[11], "answer": g[12], "subject": value(g[13]),
            "file_name": value(g[14]), "url": value(g[15]), "score": score,
        }
    except UNCERTAIN:
        return None


Link = tuple[str, int, Any, str, Any, Any]  # key, slot, id, title, subject, url


def links(g: tuple[str, ...]) -> list[Link] | None:
    """(key, slot, id, title, subject, url) of each related block of a match, in file order; None
    when a value is uncertain or a key is given twice (libyaml decides which wins). The slot is
    the key's number (the expression allows no leading zero)."""
    found = []
    try:
        for number, id_text, title, subject_text, url_text in link_blocks(g):
            link_id, subject, url = link_values(id_text, subject_text, url_text)
            found.append(("related_article" + number, int(number), link_id, title, subject, url))
    except UNCERTAIN:
        return None
    if len({link[1] for link in found}) != len(found):
        return None
    return found


def link_values(id_text: str, subject_text: str, url_text: str) -> tuple[Any, Any, Any]:
    """The id, subject and url of a related block, from their texts in the match; Uncertain when
    libyaml might load one differently. This runs for every link of a folder, so the common shapes
    are decided inline, exactly as ``plain_value`` decides them: a decimal id, a subject seen
    before, a path for a url (no space, no trailing colon)."""
    return (
        int(id_text) if id_text.isdigit() and id_text[0] != "0" and id_text.isascii() else plain_value(id_text),
        VALUES[subject_text] if subject_text in VALUES else remembered(subject_text),
        url_text if url_text[:1] == "/" and " " not in url_text and "\t" not in url_text and url_text[-1] != ":"
        else plain_value(url_text),
    )


def link_blocks(g: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The (number, id, title, subject, url) texts of each related block of a match, in file order."""
    blocks = [g[i:i + 5] for i in range(RELATED, _MORE_RELATED, 5) if g[i] is not None]
    if g[_MORE_RELATED]:
        blocks += _RELATED.findall(g[_MORE_RELATED])
    return blocks


def remembered(text: str) -> Any:
    """``plain_value``, kept for next time whatever its shape (subjects repeat across a folder)."""
    value = plain_value(text)
    if len(text) < 40 and len(VALUES) < CACHE_LIMIT:
        VALUES[text] = value
    return value


def build(g: tuple[str, ...]) -> tuple[dict[str, Any], list[str]] | None:
    """The values and related keys (in file order) of a match; None when a value is uncertain."""
    data = header(g)
    found = None if data is None else links(g)
    if data is None or found is None:
        return None
    add_links(data, found)
    return data, [link[0] for link in found]


def add_links(data: dict[str, Any], found: list[Link]) -> None:
    """Put the ``links`` of a match into its ``header`` mapping, as the loaded file has them."""
    for key, _, link_id, title, subject, url in found:
        data[key] = {"id": link_id, "title": title, "subject": subject, "url": url}


_LINE_TEMPLATES: dict[tuple[tuple[str, ...], int], dict[str, int]] = {}


def key_lines(related: list[str], offset: int) -> dict[str, int]:
    """The key lines (0-based in the front matter, plus ``offset``) of a canonical front matter."""
    return dict(line_template(related, offset))


def line_template(related: list[str], offset: int) -> dict[str, int]:
    """``key_lines``, shared between files of the same shape: the caller must not change it."""
    shape = (tuple(related), offset)
    template = _LINE_TEMPLATES.get(shape)
    if template is None:
        template = {key: line + offset for key, line in _HEADER_LINES}
        start = FIRST_RELATED_LINE + offset
        for key in related:
            template[key] = start
            for child, line in (("id", 1), ("title", 2), ("subject", 4), ("url", 5)):
                template[f"{key}.{child}"] = start + line
            start += RELATED_LINES
        if len(_LINE_TEMPLATES) < 64:  # one per number of links, in practice
            _LINE_TEMPLATES[shape] = template
    return template
