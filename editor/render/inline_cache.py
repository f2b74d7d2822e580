"""Inline parsing with a cache, so the live preview re-parses only the paragraphs that changed.

Inline parsing is about half of markdown-it's work. While a writer types, every other paragraph,
list item and table cell of the answer is unchanged, so its inline tokens (after text joining
and autolink literals) are reused from an LRU cache keyed by the inline source. The result only
depends on that source unless the answer defines link references or footnotes (markdown-it keeps
those in ``env``); such answers are parsed without the cache.

Cached tokens are shared between renders, so later rules must not change them in place: each
render gets its own children list, and rules that edit a token replace it instead.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from editor.render.autolinks import link_literals

CACHE_SIZE = 20_000


def _join_text(tokens: list[Token]) -> list[Token]:
    """markdown-it's text_join for one token list: escapes become text, adjacent text merges."""
    joined: list[Token] = []
    for token in tokens:
        if token.type == "text_special":
            token.type = "text"
        if token.children:
            token.children = _join_text(token.children)
        if token.type == "text" and joined and joined[-1].type == "text":
            joined[-1].content += token.content
        else:
            joined.append(token)
    return joined


def _parse(md: MarkdownIt, content: str, env: Any) -> list[Token]:
    children: list[Token] = []
    md.inline.parse(content, md, env, children)
    return link_literals(md, _join_text(children))


def inline_cache_plugin(md: MarkdownIt, size: int = CACHE_SIZE) -> Callable[[], None]:
    """Replace the core ``inline`` rule by a cached one; returns the cache's clear function."""

    @lru_cache(maxsize=size)
    def cached(content: str) -> tuple[Token, ...]:
        return tuple(_parse(md, content, {}))

    def inline(state: StateCore) -> None:
        use_cache = not state.env
        for token in state.tokens:
            if token.type != "inline":
                continue
            if use_cache:
                token.children = list(cached(token.content))
            else:
                token.children = _parse(md, token.content, state.env)

    md.core.ruler.at("inline", inline)
    return cached.cache_clear
