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
- **Elements** of raw HTML (blog post bodies keep it, as the site does) come from an allow-list
  in the preview, ``PREVIEW_ELEMENTS``; the export keeps the site's elements (``EXPORT_ELEMENTS``:
  also ``style`` and ``iframe``, whose loads the export's Content-Security-Policy stops) but never
  ``ACTIVE_ELEMENTS``, which run code, submit, or change where the document goes or loads from.
  ``editor.render.sanitise`` applies these lists with nh3.
"""
from __future__ import annotations

import re
from html import unescape
from typing import Iterable

SAFE_PROTOCOLS = frozenset({"http", "https", "irc", "ircs", "mailto", "xmpp"})
_SAFE_PROTOCOLS = re.compile(rf"^(?:{'|'.join(sorted(SAFE_PROTOCOLS))})$", re.IGNORECASE)
URL_ATTRIBUTES = frozenset({"href", "src"})
# What the markdown of an answer can legitimately produce: ids and classes (footnotes, code
# languages), titles, alt texts, table alignment, list starts, table spans.
ALLOWED_ATTRIBUTES = frozenset({"id", "class", "title", "alt", "align", "start", "colspan", "rowspan",
                                "href", "src", "checked", "disabled", "type", "data-footnote-ref",
                                "data-footnote-backref", "aria-describedby", "aria-label", "dir", "lang",
                                "width", "height"})
# Raw HTML elements the preview shows: text structure, tables, media that are images. Nothing that
# runs, submits, embeds another document or loads anything but an image.
PREVIEW_ELEMENTS = frozenset("""
    a abbr address article aside b bdi bdo blockquote br caption center cite code col colgroup dd del
    details dfn div dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6 header hgroup hr i img ins kbd
    li main mark nav ol p pre q rp rt ruby s samp section small span strike strong sub summary sup
    table tbody td tfoot th thead time tr tt u ul var wbr
""".split())
# What the export keeps besides: the site shows them, and the export's policy blocks their loads.
EXPORT_ELEMENTS = PREVIEW_ELEMENTS | {"style", "iframe"}
# Never kept, in any output; their content goes with them where it is code or a document.
ACTIVE_ELEMENTS = frozenset("""
    script style iframe frame frameset object embed applet form input button select textarea option
    meta link base noscript template svg math portal
""".split())
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
                                  "noscript", "template", "svg", "math"})
# Attributes of the elements only the export keeps.
EXPORT_ELEMENT_ATTRIBUTES = {"iframe": frozenset({"src", "title", "width", "height"})}
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


def safe_attribute(name: str, value: str) -> str | None:
    """The value an attribute may keep, or None when it must go: a url with a protocol that is not
    allowed becomes "", a ``style`` stays only as a text alignment, ``on*`` and others go."""
    lowered = name.lower()
    if lowered == "style":
        return value if _TEXT_ALIGN.match(value) else None
    if lowered not in ALLOWED_ATTRIBUTES:
        return None
    return safe_url(value) if lowered in URL_ATTRIBUTES else value


def safe_attributes(attributes: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The attributes an element may keep, urls made safe, in their order."""
    return [(name, kept) for name, value in attributes if (kept := safe_attribute(name, value)) is not None]
