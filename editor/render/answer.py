"""Render an answer to an HTML fragment that matches the published site.

The site runs react-markdown 9 with remark-gfm, remark-math and rehype-katex. Here the same
syntax is parsed by markdown-it-py (CommonMark + GFM tables, strikethrough with one or two
tildes, task lists, GFM autolink literals, footnotes) plus ``editor.mathsyntax`` for remark-math's
rules, and rendered with react-markdown's habits:

- raw HTML is shown as text (react-markdown escapes it unless rehype-raw is used);
- link and image URLs with a protocol other than http(s), mailto, irc(s) or xmpp become empty,
  as react-markdown's ``defaultUrlTransform`` does, so no ``javascript:`` link survives;
- math becomes MathML with its TeX kept in an annotation (``editor.mathrender``).

``render_answer`` takes the decoded answer (real line breaks). The ``python-markdown`` flavour is
for projects whose site builds with Python-Markdown (MkDocs, Pelican).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from editor.render.autolinks import protocol_rule
from editor.render.footnotes import RENDER_RULES as FOOTNOTE_RULES
from editor.render.inline_cache import inline_cache_plugin
from editor.render.mathml import clear_math_cache, tex_to_html
from editor.render.math_syntax import math_plugin
from editor.render.python_markdown import render_python_markdown
from editor.render.html_policy import safe_url
from editor.render.views import FLAVOURS



def render_answer(markdown_text: str, flavour: str = "site") -> str:
    """The HTML fragment the site shows for this decoded answer."""
    if flavour == "python-markdown":
        return render_python_markdown(markdown_text)
    if flavour != "site":
        raise ValueError(f"unknown render flavour {flavour!r}; expected one of {', '.join(FLAVOURS)}")
    parser = site_parser()
    return parser.renderer.render(parser.parse(markdown_text, {}), parser.options, {})


def parse_answer(markdown_text: str) -> list[Token]:
    """The site flavour's block tokens; their ``map`` gives source lines for scroll sync."""
    return site_parser().parse(markdown_text, {})


_cache_clearers: list[Callable[[], None]] = []


def clear_caches() -> None:
    """Forget cached inline parses and formulas, for cold-render measurements."""
    for clear in _cache_clearers:
        clear()
    clear_math_cache()


# Compiling the parser costs far more than a small render: build it once per process.
@lru_cache(maxsize=1)
def site_parser() -> MarkdownIt:
    """The markdown-it parser configured like the site's remark pipeline."""
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": True, "typographer": False, "linkify": False})
    md.enable(["table", "strikethrough"])
    md.options["strikethrough_single_tilde"] = True
    # Task items are found after parsing, as micromark does: "- [ ] > x" is a box and text.
    md.options["tasklists"] = False
    md.options["alerts"] = False
    # Every URL becomes a link, as in remark; dangerous ones are emptied when rendered.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    md.use(footnote_plugin, inline=False)
    md.use(math_plugin)
    md.inline.ruler.before("autolink", "protocol_autolink", protocol_rule)
    # Inline parsing (with autolink literals) is cached per paragraph for the live preview.
    _cache_clearers.append(inline_cache_plugin(md))
    md.core.ruler.after("inline", "task_items", _task_items)
    # remark lets a footnote definition end a lazy blockquote or list line too.
    footnote_def = next(rule for rule in md.block.ruler.__rules__ if rule.name == "footnote_def").fn
    md.block.ruler.at("footnote_def", footnote_def, {"alt": ["paragraph", "reference", "blockquote", "list"]})
    _guard_list_after_code(md)
    _guard_escape(md)
    _guard_pipe_less_table(md)
    for name, rule in {**_RULES, **FOOTNOTE_RULES}.items():
        md.add_render_rule(name, rule)
    return md


def _guard_escape(md: MarkdownIt) -> None:
    """A backslash before anything but punctuation or a line break is a plain character.
    markdown-it-py swallows the following space with it, which hides "two trailing spaces"."""
    original = next(rule for rule in md.inline.ruler.__rules__ if rule.name == "escape").fn

    def escape_rule(state: Any, silent: bool) -> bool:
        following = state.src[state.pos + 1:state.pos + 2]
        if following and following != "\n" and not (following.isascii() and not following.isalnum() and not following.isspace()):
            return False
        return bool(original(state, silent))

    md.inline.ruler.at("escape", escape_rule)


def _guard_pipe_less_table(md: MarkdownIt) -> None:
    """A delimiter row without any pipe ("| a" then "---") makes a setext heading in micromark."""
    original = next(rule for rule in md.block.ruler.__rules__ if rule.name == "table").fn

    def table_rule(state: Any, start_line: int, end_line: int, silent: bool) -> bool:
        if start_line + 1 < end_line:
            delimiter = state.src[state.bMarks[start_line + 1]:state.eMarks[start_line + 1]]
            if "|" not in delimiter:
                return False
        return bool(original(state, start_line, end_line, silent))

    md.block.ruler.at("table", table_rule, {"alt": ["paragraph", "reference"]})


_ORDERED_NOT_ONE = re.compile(r" {0,3}0*(?:[2-9]|1\d)\d*[.)]")


def _guard_list_after_code(md: MarkdownIt) -> None:
    """micromark does not start an ordered list at a number other than 1 right after indented
    code (it treats the line as interrupting), so the line joins a paragraph instead."""
    rules = md.block.ruler.__rules__
    original = next(rule for rule in rules if rule.name == "list").fn

    def list_rule(state: Any, start_line: int, end_line: int, silent: bool) -> bool:
        tokens = state.tokens
        if tokens and tokens[-1].type == "code_block" and tokens[-1].map and tokens[-1].map[1] == start_line:
            line = state.src[state.bMarks[start_line]:state.eMarks[start_line]]
            if _ORDERED_NOT_ONE.match(line):
                return False
        return bool(original(state, start_line, end_line, silent))

    md.block.ruler.at("list", list_rule, {"alt": ["paragraph", "reference", "blockquote"]})


def _html_block(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return escapeHtml(tokens[idx].content.rstrip("\n")) + "\n"


def _html_inline(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return escapeHtml(tokens[idx].content)


def _math_inline(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return tex_to_html(tokens[idx].content, display=False)


def _math_block(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    # The leading break matters in tight list items, where the text before has no closing tag.
    return "\n" + tex_to_html(tokens[idx].content.rstrip("\n"), display=True) + "\n"


def _link_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    token.attrSet("href", safe_url(str(token.attrGet("href") or "")))
    return self.renderToken(tokens, idx, options, env)


def _image(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    token.attrSet("src", safe_url(str(token.attrGet("src") or "")))
    token.attrSet("alt", self.renderInlineAsText(token.children or [], options, env))
    return self.renderToken(tokens, idx, options, env)


_TASK = re.compile(r"\[([ xX])\](?=[ \t\n])")


def _task_items(state: Any) -> None:
    """Mark list items whose first paragraph starts with "[ ]" or "[x]" and more text."""
    tokens = state.tokens
    for i in range(len(tokens) - 2):
        item, para, inline = tokens[i], tokens[i + 1], tokens[i + 2]
        if item.type != "list_item_open" or para.type != "paragraph_open" or inline.type != "inline":
            continue
        match = _TASK.match(inline.content)
        first = inline.children[0] if inline.children else None
        if not match or not inline.content[3:].strip() or not first or first.type != "text":
            continue
        if not first.content.startswith(match.group()):
            continue
        # The first token may be shared with the inline cache: replace it, never edit it.
        rest = Token("text", "", 0)
        rest.content = first.content[3:].lstrip(" \t")
        inline.children = [rest, *inline.children[1:]]
        item.meta = {**(item.meta or {}), "checked": match.group(1) != " "}


_CHECKBOX = '<input type="checkbox" disabled=""{}> '


def _list_item_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    if token.meta and "checked" in token.meta:
        token.attrSet("class", "task-list-item")
    html = self.renderToken(tokens, idx, options, env)
    if token.meta and "checked" in token.meta:
        following = tokens[idx + 1] if idx + 1 < len(tokens) else None
        # remark puts the box inside the item's first paragraph when the list is loose.
        if not (following and following.type == "paragraph_open" and not following.hidden):
            html += _CHECKBOX.format(' checked=""' if token.meta["checked"] else "")
    return html


def _paragraph_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    html = self.renderToken(tokens, idx, options, env)
    previous = tokens[idx - 1] if idx else None
    if not tokens[idx].hidden and previous and previous.type == "list_item_open" and previous.meta and "checked" in previous.meta:
        html += _CHECKBOX.format(' checked=""' if previous.meta["checked"] else "")
    return html


def _strike_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return "<del>"


def _strike_close(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return "</del>"


def _with_final_newline(token: Token) -> None:
    # remark drops the code's last line ending and react-markdown adds one back, so an
    # unclosed fence at the end of the answer still ends with a line break.
    if token.content and not token.content.endswith("\n"):
        token.content += "\n"


def _fence(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    _with_final_newline(tokens[idx])
    return self.__class__.fence(self, tokens, idx, options, env)


def _code_block(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    _with_final_newline(tokens[idx])
    return self.__class__.code_block(self, tokens, idx, options, env)


_RULES = {
    "s_open": _strike_open,
    "s_close": _strike_close,
    "fence": _fence,
    "code_block": _code_block,
    "html_block": _html_block,
    "html_inline": _html_inline,
    "math_inline": _math_inline,
    "math_block": _math_block,
    "link_open": _link_open,
    "image": _image,
    "list_item_open": _list_item_open,
    "paragraph_open": _paragraph_open,
}
