"""remark-math's syntax as markdown-it rules (micromark-extension-math, as the site uses it).

The rules differ from mdit-py-plugins' dollarmath, which follows Pandoc:

- inline math works like a code span: a run of dollars opens, a run of the *same* length closes,
  and nothing else matters: "$7.25 each = $26.83" is math. No backslash escapes inside;
- one space (or line break) of padding on both sides is stripped, as in code spans;
- a line holding ``$$`` (two or more dollars, optional meta without dollars) opens a display
  block like a code fence, even right after a paragraph line; a dollar run at least as long on its
  own line closes it, otherwise the block runs to the end of its container.
"""
from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_block.fence import make_fence_rule
from markdown_it.rules_inline import StateInline

_fence = make_fence_rule(
    markers=("$",), token_type="math_block", min_markers=2, disallow_marker_in_info=("$",)
)


def math_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A ``$$`` fence; not on a lazy line indented like code (that line continues a paragraph)."""
    if state.sCount[start_line] < state.blkIndent and state.sCount[start_line] >= 4:
        return False
    return _fence(state, start_line, end_line, silent)


def math_inline(state: StateInline, silent: bool) -> bool:
    """A dollar run and the next run of the same length around TeX; else literal dollars."""
    src = state.src
    start = state.pos
    if src[start] != "$":
        return False
    maximum = state.posMax
    pos = start + 1
    while pos < maximum and src[pos] == "$":
        pos += 1
    size = pos - start
    close = _closing_run(src, pos, maximum, size)
    if close is None:
        if not silent:
            state.pending += src[start:pos]
        state.pos = pos
        return True
    if not silent:
        token = state.push("math_inline", "math", 0)
        token.markup = src[start:pos]
        token.content = _strip_padding(src[pos:close])
    state.pos = close + size
    return True


def _closing_run(src: str, pos: int, maximum: int, size: int) -> int | None:
    while True:
        found = src.find("$", pos, maximum)
        if found == -1:
            return None
        end = found + 1
        while end < maximum and src[end] == "$":
            end += 1
        if end - found == size:
            return found
        pos = end


def _strip_padding(content: str) -> str:
    # As in micromark's code text: one pad of space/line ending each side, unless all padding.
    if len(content) >= 2 and content[0] in " \n" and content[-1] in " \n" and content.strip(" \n"):
        return content[1:-1]
    return content


def math_plugin(md: MarkdownIt) -> None:
    """Add remark-math's inline and display math to a parser."""
    md.inline.ruler.before("escape", "math_inline", math_inline)
    md.block.ruler.before(
        "fence", "math_block", math_block, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
