"""GFM footnotes rendered the way remark-gfm and react-markdown write them.

mdit-py-plugins parses ``[^label]`` references and definitions; only the markup differs from the
site's: a ``<sup>`` holding the footnote's number, then a ``<section class="footnotes">`` with a
"Footnotes" heading, an ordered list, and one back-reference arrow per reference (the second
and later ones numbered in a ``<sup>``).
"""
from __future__ import annotations

from typing import Any, Sequence

from markdown_it.token import Token


def _number(token: Token) -> int:
    return int(token.meta["id"]) + 1


def _ref(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    n = _number(token)
    sub = int(token.meta.get("subId", 0))
    ref_id = f"user-content-fnref-{n}" + (f"-{sub + 1}" if sub else "")
    return (
        f'<sup><a href="#user-content-fn-{n}" id="{ref_id}" data-footnote-ref="true" '
        f'aria-describedby="footnote-label">{n}</a></sup>'
    )


def _block_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return (
        '<section data-footnotes="true" class="footnotes">'
        '<h2 class="sr-only" id="footnote-label">Footnotes</h2>\n<ol>\n'
    )


def _block_close(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return "</ol>\n</section>\n"


def _open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return f'<li id="user-content-fn-{_number(tokens[idx])}">\n'


def _close(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return "</li>\n"


def _anchor(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    n = _number(token)
    sub = int(token.meta.get("subId", 0))
    target = f"user-content-fnref-{n}" + (f"-{sub + 1}" if sub else "")
    label = "↩" + (f"<sup>{sub + 1}</sup>" if sub else "")
    return f' <a href="#{target}" data-footnote-backref="" class="data-footnote-backref">{label}</a>'


RENDER_RULES = {
    "footnote_ref": _ref,
    "footnote_block_open": _block_open,
    "footnote_block_close": _block_close,
    "footnote_open": _open,
    "footnote_close": _close,
    "footnote_anchor": _anchor,
}
