"""The fast path of the index: read an article's front matter without a full YAML parse.

Content folders are very regular: top-level ``key: value`` lines, ``>-`` folded scalars whose
content sits on lines of one indentation, and nested mappings (``seo``, ``related_articleN``)
built the same way. ``fast_load`` reads exactly that subset with a line scanner (quoted scalars
without escapes, blank lines and whole-line comments between top-level keys included; the
standard ``seo`` and ``related_articleN`` blocks in one regular-expression match each; trailing
comments after plain scalars; flow sequences of plain words) and returns ``None`` the moment a
line is anything else (escapes, other flow collections, anchors, tags, odd indentation,
multi-line plain scalars, non-printable characters...).
Such files go through ``full_load``, a safe libyaml parse. Both give the same values, and the same 1-based
key lines, for every file the fast path accepts (tests/editor/test_scan.py proves it on generated
folders).

Dates that YAML would reject (``2024-13-45``) load as strings in both paths, so one bad date
makes a ``date-invalid`` problem rather than hiding the whole article from the index.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from yaml.nodes import MappingNode, ScalarNode

from editor.index import canonical
from editor.article import frontmatter
from editor.article.edit_check import DuplicateKey, Structure
from editor.article.frontmatter import ArticleError
from editor.index.plain_scalar import CACHE_LIMIT as _CACHE_LIMIT
from editor.index.plain_scalar import UNCERTAIN as _UNCERTAIN
from editor.index.plain_scalar import Uncertain as _Uncertain
from editor.index.plain_scalar import plain as _plain

# Keys starting with these letters may resolve to booleans or null (yes, on, null...).
_KEYWORD_STARTS = frozenset("yYnNoOtTfF")
_LINES_DEPTH = 2  # key lines are kept for top-level keys and their children


@dataclass
class Scan:
    """One file read for the index: its values, or the error that stops it loading.

    ``lines`` maps dotted keys (two levels deep) to 1-based line numbers in the file.
    """

    data: dict[str, Any] | None
    lines: dict[str, int] = field(default_factory=dict)
    error: ArticleError | None = None
    fast: bool = False
    duplicates: tuple[DuplicateKey, ...] = ()  # keys written twice (only full_load meets them)


def split_fast(raw: bytes) -> str | None:
    """The front matter text of the plainest files (``---`` lines, no NUL, UTF-8), LF line ends.

    None means "not certain": frontmatter.split then decides, with its error messages.
    """
    if b"\x00" in raw:
        return None
    begin = 3 if raw.startswith(b"\xef\xbb\xbf") else 0
    if raw.startswith(b"---\n", begin):
        begin += 4
    elif raw.startswith(b"---\r\n", begin):
        begin += 5
    else:
        return None
    end = raw.find(b"\n---", begin - 1)
    if end < 0 or raw.find(b"\n...", begin - 1, end) >= 0:
        return None
    after = raw[end + 4:end + 6]
    if after and after[:1] != b"\n" and after != b"\r\n":
        return None
    yaml_bytes = raw[begin:end + 1]
    if b"\r" in yaml_bytes:
        if yaml_bytes.count(b"\r") != yaml_bytes.count(b"\r\n"):
            return None
        yaml_bytes = yaml_bytes.replace(b"\r\n", b"\n")
    try:
        text = yaml_bytes.decode("utf-8")
        raw[end:].decode("utf-8")  # a broken body makes the whole file unreadable for Article too
    except UnicodeDecodeError:
        return None
    # Only non-ASCII characters and ASCII controls survive; almost always nothing does.
    odd = yaml_bytes.translate(None, canonical.PRINTABLE_ASCII)
    if odd and canonical.uncertain(odd):
        return None
    return text


def fast_load(yaml_text: str, offset: int = 0) -> tuple[dict[str, Any], dict[str, int]] | None:
    """Values and key lines (0-based, plus ``offset``) of the regular subset of YAML, or None
    when not certain.

    ``yaml_text`` is what ``split_fast`` returns: LF line ends, printable characters only. Files
    in the site's canonical layout are read in one match (``editor.canonical``); the others by
    the line scanner, whose subset is a top-level mapping whose values are plain scalars, ``>-``
    folded scalars, or mappings (one level, any uniform indentation) of the same scalars.
    """
    found = canonical.canonical_load(yaml_text)
    if found is not None:
        return found[0], canonical.key_lines(found[1], offset)
    lines = yaml_text.split("\n")
    if lines[-1] == "":
        lines.pop()
    if not lines:
        return None
    root: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    try:
        _read_mapping(lines, 0, 0, root, "", key_lines)
    except _UNCERTAIN:
        return None
    if not root:
        return None  # blank lines and comments only: the full parse says the front matter is empty
    if offset:
        key_lines = {key: line + offset for key, line in key_lines.items()}
    return root, key_lines


# Keys and plain values repeat across the files of a folder; remembering the ones already
# checked saves most of the work. Both caches are bounded so odd folders cannot grow them.
_GOOD_KEYS: set[str] = set()
_PLAIN_CACHE: dict[str, Any] = {}


def _check_key(key: str) -> None:
    if key in _GOOD_KEYS:
        return
    if (
        not key.isascii()
        or not key.replace("-", "_").isidentifier()
        or key[0] == "-"
        or (key[0] in _KEYWORD_STARTS and not isinstance(_plain(key), str))
    ):
        raise _Uncertain
    if len(_GOOD_KEYS) < _CACHE_LIMIT:
        _GOOD_KEYS.add(key)


_MISSING = object()


def _read_mapping(
    lines: list[str], i: int, indent: int, mapping: dict[str, Any], prefix: str, key_lines: dict[str, int]
) -> int:
    """Read the mapping whose keys sit at ``indent`` from line ``i``; returns the line after it.

    The common shapes (a known key, a one-line plain value, a one-line folded value) are handled
    inline: this loop runs for every line of every file of the folder.
    """
    count = len(lines)
    pad = " " * indent
    deeper = pad + " "
    good_keys = _GOOD_KEYS
    cache = _PLAIN_CACHE
    if i == 0 and not indent and lines[0].startswith("_schema: "):
        i = _read_canonical_block(lines, 0, mapping, "", key_lines, "header")
    while i < count:
        line = lines[i]
        if indent:
            if not line.startswith(pad):
                break  # the mapping ends; the caller checks what comes next
            if len(line) == indent or line[indent] == " ":
                raise _Uncertain
            line = line[indent:]
        elif not line or line[0] == "#":
            i += 1  # blank lines and whole-line comments between top-level keys mean nothing
            continue

        key, colon, rest = line.partition(":")
        if key not in good_keys:
            _check_key(key)
        if not colon or key in mapping:
            raise _Uncertain
        key_lines[prefix + key] = i
        i += 1
        if rest == " >-":
            following = lines[i] if i < count else ""
            body = following.lstrip(" ")
            block = len(following) - len(body)
            # Blank lines and leading or trailing white space fold differently: left to libyaml.
            if block <= indent or not body or body[-1] in " \t" or body[0] == "\t":
                raise _Uncertain
            i += 1
            if i < count and lines[i].startswith(deeper):
                i, body = _fold_more(lines, i, block, deeper, body)
            mapping[key] = body
        elif rest:
            if rest[0] != " ":
                raise _Uncertain
            rest = rest.strip(" ")
            if not rest:
                mapping[key] = None
                continue
            value = cache.get(rest, _MISSING)
            if value is _MISSING:
                value = _line_value(rest)
                if len(rest) < 40 and len(cache) < _CACHE_LIMIT and type(value) is not list:
                    cache[rest] = value
            mapping[key] = value
        elif i < count and lines[i].startswith(deeper):
            if indent:
                raise _Uncertain  # deeper nesting: left to libyaml
            child: dict[str, Any] = {}
            mapping[key] = child
            shape = "seo" if key == "seo" else "related" if key.startswith("related_article") else ""
            end = _read_canonical_block(lines, i, child, key, key_lines, shape) if shape else i
            if end != i:
                i = end
                continue
            first = lines[i]
            i = _read_mapping(lines, i, len(first) - len(first.lstrip(" ")), child, key + ".", key_lines)
            if i < count and lines[i][:1] == " ":
                raise _Uncertain  # a line indented less than its siblings but not at the top
        else:
            mapping[key] = None
    return i


# Characters that make a flow sequence item more than a plain word (nesting, quotes, comments,
# mapping indicators...): such lists are left to libyaml.
_FLOW_ITEM_UNCERTAIN = re.compile(r"[\[\]{}\"'#:?&*!|>%@`]")


def _line_value(rest: str) -> Any:
    """The value of a one-line value (stripped, not empty): a plain or quoted scalar, with an
    optional trailing comment, or a flow sequence of plain words (``[review, imported]``)."""
    if " #" in rest and rest[0] != '"' and rest[0] != "'":
        # " #" starts a comment after a plain scalar; the scalar is what comes before it.
        rest = rest[:rest.index(" #")].rstrip(" ")
        if not rest:
            raise _Uncertain
    if rest[0] == "[":
        inner = rest[1:-1]
        if rest[-1] != "]" or _FLOW_ITEM_UNCERTAIN.search(inner):
            raise _Uncertain
        if not inner.strip(" "):
            return []
        items = [item.strip(" ") for item in inner.split(",")]
        if not all(items):
            raise _Uncertain  # "[a, ]" and "[,]": left to libyaml
        return [_plain(item) for item in items]
    return _plain(rest)


# The two nested mappings every article has, exactly as the format writes them. Matching one in a
# single regular expression is several times cheaper than reading its lines one by one.
_RELATED_BLOCK = re.compile(
    r"    id: ([^\n]*)\n    title: >-\n        ([^ \t\n][^\n]*)\n    subject: ([^\n]*)\n    url: ([^\n]*)\Z"
)
_SEO_BLOCK = re.compile(
    r"  title: ([^\n]*)\n  page_description: >-\n    ([^ \t\n][^\n]*)\n"
    r"  page_keywords: >-\n    ([^ \t\n][^\n]*)\Z"
)
# The first lines of every article, from _schema to post_on_text.
_HEADER_BLOCK = re.compile(
    r"_schema: ([^\n]*)\nid: ([^\n]*)\ndate: ([^\n]*)\ntitle: >-\n    ([^ \t\n][^\n]*)\n"
    r"article_title: >-\n    ([^ \t\n][^\n]*)\ndate_format: ([^\n]*)\npost_on_text: ([^\n]*)\Z"
)
# block shape -> (line count, pattern, [(key, line offset, group, folded)])
_CANONICAL = {
    "header": (9, _HEADER_BLOCK, (("_schema", 0, 1, False), ("id", 1, 2, False), ("date", 2, 3, False),
                                  ("title", 3, 4, True), ("article_title", 5, 5, True), ("date_format", 7, 6, False),
                                  ("post_on_text", 8, 7, False))),
    "related": (5, _RELATED_BLOCK, (("id", 0, 1, False), ("title", 1, 2, True), ("subject", 3, 3, False), ("url", 4, 4, False))),
    "seo": (5, _SEO_BLOCK, (("title", 0, 1, False), ("page_description", 1, 2, True), ("page_keywords", 3, 3, True))),
}


def _read_canonical_block(
    lines: list[str], i: int, target: dict[str, Any], key: str, key_lines: dict[str, int], shape: str
) -> int:
    """Read lines ``i``... into ``target`` when they are the standard block ``shape``; returns the
    line after the block, or ``i`` when they are not. ``key`` is the block's dotted prefix."""
    count, pattern, fields = _CANONICAL[shape]
    end = i + count
    if end > len(lines) or (end < len(lines) and lines[end][:1] == " "):
        return i
    match = pattern.match("\n".join(lines[i:end]))
    if match is None:
        return i
    values = {}
    for name, offset, group, folded in fields:
        text = match.group(group)
        if folded:
            if text[-1] == " " or text[-1] == "\t":
                return i
            values[name] = text
        else:
            try:
                values[name] = canonical.plain_value(text)  # cached: these values repeat
            except _UNCERTAIN:
                return i
    if not values.keys().isdisjoint(target):
        raise _Uncertain  # a key given twice: libyaml decides which one wins
    target.update(values)
    prefix = key + "." if key else ""
    for name, offset, _, _ in fields:
        key_lines[prefix + name] = i + offset
    return end


def _fold_more(lines: list[str], i: int, block: int, deeper: str, first: str) -> tuple[int, str]:
    """The further content lines of a folded scalar: same indentation, folded with single spaces."""
    parts = [first]
    count = len(lines)
    pad = " " * block
    while i < count and lines[i].startswith(deeper):
        line = lines[i]
        if not line.startswith(pad) or len(line) == block or line[block] in " \t" or line[-1] in " \t":
            raise _Uncertain
        parts.append(line[block:])
        i += 1
    return i, " ".join(parts)


def full_load(yaml_text: str, path: str | Path | None, line_offset: int,
              duplicates: list[DuplicateKey] | None = None) -> tuple[dict[str, Any], dict[str, int]]:
    """Values and 0-based key lines through a safe libyaml parse; ArticleError when it fails.
    Keys written twice are appended to ``duplicates`` when it is given.

    Whether the text is safe to load (nesting, alias bombs, numbers too long to print) is decided
    by ``frontmatter.compose`` and ``frontmatter.construct``, exactly as for ``Article.load``: a
    file the editor refuses is an error entry here too. Only files off the fast paths get here.
    """
    node = frontmatter.compose(yaml_text, path, line_offset)
    data = frontmatter.construct(node, path, line_offset)
    key_lines: dict[str, int] = {}
    _node_lines(node, "", 1, key_lines)
    if duplicates is not None:
        duplicates += Structure(node, line_offset).duplicates()
    return data, key_lines


def _node_lines(node: MappingNode, prefix: str, depth: int, out: dict[str, int]) -> None:
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            continue
        key = prefix + str(key_node.value)
        out[key] = key_node.start_mark.line
        if depth < _LINES_DEPTH and isinstance(value_node, MappingNode):
            _node_lines(value_node, key + ".", depth + 1, out)


def scan_bytes(raw: bytes, path: str | Path | None = None) -> Scan:
    """Read one file's front matter: the fast path when it is certain, else a full safe parse."""
    found = canonical.canonical_file(raw)
    if found is not None:
        return Scan(data=found[0], lines=canonical.key_lines(found[1], LINE_OFFSET), fast=True)
    return scan_split(raw, path, split_fast(raw))


# Lines of the front matter are counted from the file's second line; keys report 1-based lines.
LINE_OFFSET = 2


def scan_split(raw: bytes, path: str | Path | None, yaml_text: str | None) -> Scan:
    """``scan_bytes`` past the whole-file canonical match, for a caller that has already tried it
    and has ``split_fast(raw)`` in hand."""
    offset = LINE_OFFSET
    loaded = None if yaml_text is None else fast_load(yaml_text, offset)
    if loaded is not None:
        return Scan(data=loaded[0], lines=loaded[1], fast=True)
    try:
        if yaml_text is None:  # not even the plain file shape: let the editor's splitter explain
            parts = frontmatter.split(raw, path)
            offset = parts.yaml_line + 1
            yaml_text = parts.text[parts.yaml_start:parts.yaml_end]
        duplicates: list[DuplicateKey] = []
        data, key_lines = full_load(yaml_text, path, offset - 1, duplicates)
    except ArticleError as exc:
        return Scan(data=None, error=exc)
    if not isinstance(data, dict):
        return Scan(data=None, error=ArticleError(path, offset, "the front matter must be a mapping"))
    return Scan(data=data, lines={k: v + offset for k, v in key_lines.items()}, duplicates=tuple(duplicates))


def scan_file(path: str | Path) -> Scan:
    """``scan_bytes`` of a file on disk; unreadable files become an error, never an exception."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return Scan(data=None, error=ArticleError(path, None, f"cannot read the file: {exc.strerror or exc}"))
    return scan_bytes(raw, path)
