"""What the HTML we output may carry: one url and attribute policy for every render path.

Every view (answer, page, search result), every flavour (site, Python-Markdown), the math and
the exports go through these rules, so a link or attribute allowed in one is allowed in all:

- **Urls** (``href``, ``src``) keep a protocol only from an allow-list: http, https, mailto, and
  irc, ircs and xmpp, which react-markdown's ``defaultUrlTransform`` also keeps (none of them runs
  anything); relative urls and fragments (``#x``) stay. Anything else (``javascript:``,
  ``data:text/html``, ``file:``, ``vbscript:``, a protocol spelled with spaces or control
  characters) becomes "".
- **Attributes** come from an allow-list; event handlers (``on*``) and ``style`` with anything
  but a text alignment are dropped.
"""
from __future__ import annotations

import re
from html import unescape
from typing import Iterable

_SAFE_PROTOCOLS = re.compile(r"^(?:https?|ircs?|mailto|xmpp)$", re.IGNORECASE)
URL_ATTRIBUTES = frozenset({"href", "src"})
# What the markdown of an answer can legitimately produce: ids and classes (footnotes, code
# languages), titles, alt texts, table alignment, list starts, table spans.
ALLOWED_ATTRIBUTES = frozenset({"id", "class", "title", "alt", "align", "start", "colspan", "rowspan",
                                "href", "src", "checked", "disabled", "type", "data-footnote-ref",
                                "data-footnote-backref", "aria-describedby", "aria-label", "dir", "lang"})
_IGNORED_BY_BROWSERS = re.compile(r"[\t\n\r]")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_TEXT_ALIGN = re.compile(r"^\s*text-align\s*:\s*(?:left|right|center)\s*;?\s*$", re.IGNORECASE)


def safe_url(url: str) -> str:
    """The URL, or "" when its protocol is not on the allow-list.

    The protocol is judged as a browser will read the attribute: character references decoded
    (Python-Markdown keeps ``&#x61;`` as written), tabs and newlines removed and the ends stripped
    of control characters and spaces (the WHATWG url parser does both)."""
    seen = _IGNORED_BY_BROWSERS.sub("", unescape(url)).strip(_C0_AND_SPACE)
    colon = seen.find(":")
    if colon == -1:
        return url
    # A colon after a slash, ? or # is part of a path, query or fragment, not a protocol.
    for mark in "/?#":
        index = seen.find(mark)
        if index != -1 and index < colon:
            return url
    return url if _SAFE_PROTOCOLS.match(seen[:colon]) else ""


def safe_attributes(attributes: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The attributes an element may keep, urls made safe, in their order."""
    kept = []
    for name, value in attributes:
        lowered = name.lower()
        if lowered == "style":
            if _TEXT_ALIGN.match(value):
                kept.append((name, value))
        elif lowered in ALLOWED_ATTRIBUTES:
            kept.append((name, safe_url(value) if lowered in URL_ATTRIBUTES else value))
    return kept
