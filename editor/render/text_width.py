"""How wide a line of text is in Arial, as search engines measure titles and descriptions.

Engines cut a result's title and description by their width on screen, not by a count of
characters: about 580 px for a title set in 20 px Arial and 920 px for a description in 14 px
Arial (desktop results; the figures SEO tools use). The widths come from
``resources/fonts/arial-widths.json``: the advance of every character of Liberation Sans, which is
metric-compatible with Arial (tests/fixtures/render/make_text_widths.py made it with fontTools).
A character the font does not have (CJK, emoji) counts one em, as the fallback fonts that draw
them roughly are; combining marks count nothing.
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from editor.resources import resource

TITLE_FONT_PX = 20
DESCRIPTION_FONT_PX = 14
TITLE_MAX_PX = 580
DESCRIPTION_MAX_PX = 920
ELLIPSIS = "…"
_CUT_PUNCTUATION = " ,;:-–—|"


@dataclass(frozen=True)
class _Metrics:
    units_per_em: int
    advances: dict[str, int]


@lru_cache(maxsize=1)
def _metrics() -> _Metrics:
    table = json.loads(resource("fonts", "arial-widths.json").read_text(encoding="utf-8"))
    advances = {chr(first + offset): width for first, widths in table["runs"] for offset, width in enumerate(widths)}
    return _Metrics(int(table["units_per_em"]), advances)


def _advance(char: str, metrics: _Metrics) -> int:
    width = metrics.advances.get(char)
    if width is not None:
        return width
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return metrics.units_per_em


def text_width(text: str, font_px: float) -> float:
    """The width in pixels of ``text`` on one line in Arial at ``font_px`` (no kerning, as
    engines' own measure has none)."""
    metrics = _metrics()
    try:
        units = sum(map(metrics.advances.__getitem__, text))  # the common case: every character known
    except KeyError:
        units = sum(_advance(char, metrics) for char in text)
    return units * font_px / metrics.units_per_em


@dataclass(frozen=True)
class Cut:
    """A text as a search result shows it: ``shown`` (with "…" when ``cut``), and the widths in px."""

    shown: str
    cut: bool
    width_px: float
    full_width_px: float


def cut_to_width(text: str, max_px: float, font_px: float) -> Cut:
    """``text`` (white space collapsed) whole when it fits in ``max_px``, else cut after the last
    whole word that fits together with "…" (or mid-word when even the first word does not)."""
    text = " ".join(text.split())
    full = text_width(text, font_px)
    if full <= max_px:
        return Cut(text, False, full, full)
    room = max_px - text_width(ELLIPSIS, font_px)
    metrics = _metrics()
    scale = font_px / metrics.units_per_em
    width = 0.0
    fits = 0  # characters of text that fit in the room
    for index, char in enumerate(text):
        width += _advance(char, metrics) * scale
        if width > room:
            break
        fits = index + 1
    head = text[:fits]
    if fits < len(text) and text[fits] != " " and " " in head:
        head = head[: head.rfind(" ")]  # engines cut at a word
    head = head.rstrip(_CUT_PUNCTUATION)
    shown = head + ELLIPSIS
    return Cut(shown, True, text_width(shown, font_px), full)
