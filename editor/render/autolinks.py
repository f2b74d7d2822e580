"""GFM autolink literals (bare URLs, ``www.`` and e-mail addresses) as remark-gfm finds them.

remark-gfm links bare URLs twice over: micromark's tokenizer, then a find-and-replace over the
finished text nodes (mdast-util-gfm-autolink-literal). A link appears when either accepts it, so
the rules here are the union: ``protocol_rule`` ports the tokenizer for http(s) URLs (it sees
the raw source, so emphasis marks or entities inside a URL stay part of it), and
``link_literals`` is the text pass, applied to markdown-it's text tokens after
inline parsing and text joining (the same runs of text as mdast's text nodes):

- ``http://`` / ``https://``: not right after an ASCII letter; a domain with no whitespace or
  punctuation other than ``-._``; underscores not allowed in its last two labels;
- ``www.``: at the start of a text run or after whitespace or punctuation; the domain needs a dot;
- the path runs to whitespace; trailing ``!"&'),.:;<?]*_~`` is cut off, except closing
  parentheses that balance opening ones inside the URL;
- e-mail: ``[-.\\w+]+@label(.label)+`` not preceded by ``-.+`` or a word character, and the
  last label must not end in a digit, ``-`` or ``_``.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

_START = re.compile(r"https?://|www\.", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![A-Za-z0-9_+\-.])([A-Za-z0-9_+\-.]+)@([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+)")
# micromark's path trail characters (its tokenizer wins over the text pass where both match).
_TRAIL = frozenset("!\"&'),.:;<?]*_~")


def _is_punctuation(char: str) -> bool:
    """micromark's unicodePunctuation: Unicode punctuation or symbol."""
    return unicodedata.category(char)[0] in "PS"


def _domain_end(text: str, start: int) -> int:
    end = start
    while end < len(text):
        char = text[end]
        if char.isspace() or (char not in "-._" and _is_punctuation(char)):
            break
        end += 1
    return end


def _valid_domain(domain: str) -> bool:
    labels = domain.split(".")
    for label in labels[-2:]:
        if label and ("_" in label or not re.search(r"[A-Za-z0-9]", label)):
            return False
    return bool(domain) and not _is_punctuation(domain[0])


def _split_trail(url: str) -> tuple[str, str]:
    """The URL without its trailing punctuation, and that punctuation (balanced ')' stay)."""
    index = len(url)
    while index > 0 and url[index - 1] in _TRAIL:
        index -= 1
    body, trail = url[:index], url[index:]
    opening, closing = body.count("("), body.count(")")
    close_at = trail.find(")")
    while close_at != -1 and opening > closing:
        body += trail[: close_at + 1]
        trail = trail[close_at + 1:]
        close_at = trail.find(")")
        closing += 1
    return body, trail


def _url_at(text: str, start: int) -> tuple[int, str, str] | None:
    """(end, href, label) of a URL literal starting at `start`, or None."""
    previous = text[start - 1] if start else ""
    is_www = text[start] in "wW"
    if is_www:
        if previous and not (previous.isspace() or _is_punctuation(previous)):
            return None
        domain_start = start
    else:
        if previous.isascii() and previous.isalpha():
            return None
        domain_start = text.index("//", start) + 2
    domain_end = _domain_end(text, domain_start)
    domain = text[domain_start:domain_end]
    if not _valid_domain(domain) or (is_www and "." not in domain[4:]):
        return None
    path_end = domain_end
    while path_end < len(text) and text[path_end] not in " \t\r\n":
        path_end += 1
    label, _trail = _split_trail(text[start:path_end])
    if len(label) <= domain_start - start:
        return None
    href = ("http://" + label) if is_www else label
    return start + len(label), href, label


def _email_ok(match: re.Match[str]) -> bool:
    return not re.search(r"[\d\-_]$", match.group(2))


def _links_in(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, href, label) of every literal in one text run, in order."""
    found: list[tuple[int, int, str, str]] = []
    pos = 0
    while (match := _START.search(text, pos)) is not None:
        url = _url_at(text, match.start())
        if url:
            found.append((match.start(), url[0], url[1], url[2]))
            pos = url[0]
        else:
            pos = match.start() + 1
    covered = [(s, e) for s, e, _h, _l in found]
    for gap_start, gap_end in _gaps(covered, len(text)):
        for match in _EMAIL.finditer(text, gap_start, gap_end):
            if _email_ok(match):
                label = match.group()
                found.append((match.start(), match.end(), "mailto:" + label, label))
    return sorted(found)


def _gaps(covered: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    gaps, pos = [], 0
    for start, end in covered:
        gaps.append((pos, start))
        pos = end
    gaps.append((pos, length))
    return gaps


def _may_hold_link(text: str) -> bool:
    return "@" in text or "://" in text or "ww." in text or "WW." in text


_PATH_PUNCTUATION = frozenset("!\"&')*,.:;<?]_~")
_TRAIL_RUN = frozenset("!\"')*,.:;?_~")


def _char(src: str, pos: int, end: int) -> str | None:
    return src[pos] if pos < end else None


def _trail_ends_url(src: str, pos: int, end: int) -> bool:
    """micromark's trail check: from `pos`, only trailing punctuation until the URL's end."""
    while True:
        char = _char(src, pos, end)
        if char is None or char == "<" or char.isspace():
            return True
        if char in _TRAIL_RUN:
            pos += 1
        elif char == "&":
            pos += 1
            start = pos
            while (c := _char(src, pos, end)) is not None and c.isascii() and c.isalpha():
                pos += 1
            if pos == start or _char(src, pos, end) != ";":
                return False
            pos += 1
        elif char == "]":
            pos += 1
            after = _char(src, pos, end)
            if after is None or after in "([" or after.isspace():
                return True
        else:
            return False


def _scan_domain(src: str, pos: int, end: int) -> int | None:
    underscore_last = underscore_before = seen = False
    while True:
        char = _char(src, pos, end)
        if char in (".", "_"):
            if _trail_ends_url(src, pos, end):
                break
            if char == "_":
                underscore_last = True
            else:
                underscore_before, underscore_last = underscore_last, False
            pos += 1
            continue
        if char is None or char.isspace() or (char != "-" and _is_punctuation(char)):
            break
        seen = True
        pos += 1
    return None if underscore_before or underscore_last or not seen else pos


def _scan_path(src: str, pos: int, end: int) -> int:
    opened = closed = 0
    while True:
        char = _char(src, pos, end)
        if char is None or char.isspace():
            return pos
        if char == "(":
            opened += 1
        elif char == ")" and closed < opened:
            closed += 1
        elif char in _PATH_PUNCTUATION:
            if _trail_ends_url(src, pos, end):
                return pos
            closed += char == ")"
        pos += 1


def protocol_rule(state: Any, silent: bool) -> bool:
    """Inline rule at ':' after "http"/"https": micromark's tokenizer, on the raw source, so
    the URL wins over emphasis or entities inside it ("https://a.io/x**b**" is one link)."""
    src, pos, end = state.src, state.pos, state.posMax
    if silent or state.linkLevel > 0 or src[pos] != ":" or not src.startswith("//", pos + 1):
        return False
    pending = state.pending
    scheme = "https" if pending[-5:].lower() == "https" else "http" if pending[-4:].lower() == "http" else ""
    if not scheme:
        return False
    start = pos - len(scheme)
    if start > 0 and src[start - 1].isascii() and src[start - 1].isalpha():
        return False
    first = _char(src, pos + 3, end)
    if first is None or first.isspace() or _is_punctuation(first) or ord(first) < 32:
        return False
    domain_end = _scan_domain(src, pos + 3, end)
    if domain_end is None:
        return False
    url_end = _scan_path(src, domain_end, end)
    raw = src[start:url_end]
    state.pending = pending[: -len(scheme)]
    token = state.push("link_open", "a", 1)
    token.attrs = {"href": state.md.normalizeLink(raw)}
    token.markup, token.info = "autolink", "auto"
    token = state.push("text", "", 0)
    token.content = raw
    token = state.push("link_close", "a", -1)
    token.markup, token.info = "autolink", "auto"
    state.pos = url_end
    return True


def link_literals(md: MarkdownIt, children: list[Token]) -> list[Token]:
    """One inline token list with text outside links split around URL and e-mail literals."""
    out: list[Token] = []
    depth = 0
    for token in children:
        if token.type == "link_open":
            depth += 1
        elif token.type == "link_close":
            depth -= 1
        if token.type != "text" or depth or not _may_hold_link(token.content):
            out.append(token)
        else:
            out.extend(_split(md, token))
    return out


def _split(md: MarkdownIt, token: Token) -> list[Token]:
    text = token.content
    links = _links_in(text)
    if not links:
        return [token]
    out: list[Token] = []
    pos = 0
    for start, end, href, label in links:
        if start > pos:
            out.append(_text(text[pos:start]))
        link_open = Token("link_open", "a", 1)
        link_open.attrs = {"href": md.normalizeLink(href)}
        link_open.markup, link_open.info = "autolink", "auto"
        out.append(link_open)
        out.append(_text(label))
        link_close = Token("link_close", "a", -1)
        link_close.markup, link_close.info = "autolink", "auto"
        out.append(link_close)
        pos = end
    if pos < len(text):
        out.append(_text(text[pos:]))
    return out


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token
