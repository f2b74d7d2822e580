"""Site pitfalls: places where the published site shows something the writer did not mean.

Two come from the site's pipeline (see FORMAT.md):

- ``latex-newline``: the site turns every backslash-n pair into a line break, so ``\\neq``,
  ``\\nabla``, ``\\nu``... inside math reach the renderer as a line break followed by ``eq``,
  ``abla``, ``u``. The fix writes the Unicode symbol, which KaTeX accepts.
- ``dollar-math``: remark-math reads any pair of single dollars as math, prices included
  ("$7.25 each = $26.83"). The fix escapes both dollars as ``\\$``.
- ``tex-delimiters``: remark-math knows only dollars, so ``\\( x^2 \\)`` and ``\\[ ... \\]`` reach
  the page as raw TeX (markdown eats the backslashes: "(x^2)"). The fix writes ``$x^2$``, and
  ``$$`` lines for a ``\\[ ... \\]`` that stands on lines of its own (a display block). Code
  spans, fences, indented code and existing dollar math are never touched.

``find_pitfalls`` works on the decoded answer (real line breaks) and reports offsets into it.
It scans math the way remark-math does closely enough for flagging: fenced code and code spans
are skipped, ``$$`` lines open display blocks, and dollar runs pair within a paragraph.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

# What follows the line break -> the Unicode character that replaces the whole command.
# Longer names first so "otin" wins over "ot", "eq" over "e".
_SYMBOLS: dict[str, str] = {
    "abla": "∇", "atural": "♮", "eq": "≠", "e": "≠", "eg": "¬", "exists": "∄", "earrow": "↗",
    "warrow": "↖", "i": "∋", "u": "ν", "otin": "∉", "ot": "¬", "geq": "≱", "leq": "≰",
    "less": "≮", "gtr": "≯", "mid": "∤", "parallel": "∦", "subseteq": "⊈", "supseteq": "⊉",
    "sim": "≁", "cong": "≇", "leftarrow": "↚", "rightarrow": "↛", "Rightarrow": "⇏",
    "Leftarrow": "⇍", "leftrightarrow": "↮", "vdash": "⊬", "prec": "⊀", "succ": "⊁",
    # Commands without a symbol: a TeX line break, or nothing (they only tune layout).
    "ewline": r"\\ ", "onumber": "", "otag": "", "olimits": "", "ormalsize": "", "obreak": "",
}
# Suffixes that are also plain variable names (u, e, i): flagged only mid-line, where a real
# line break inside a formula would be unusual.
_AMBIGUOUS = {"u", "e", "i"}
# "\not=" and "\not\in" are common spellings of ≠ and ∉.
_NOT_FORMS = (("=", "≠"), ("\\in", "∉"), ("\\subset", "⊄"), ("\\equiv", "≢"))

# Fences and $$ blocks may sit in list items (indented) or in block quotes ("> ").
_FENCE = re.compile(r"^(?:[ \t]*>)*[ \t]*(`{3,}|~{3,})")
_DISPLAY_OPEN = re.compile(r"^(?:[ \t]*>)*[ \t]*(\${2,})[^$]*$")
# A line that starts a new block, which ends the paragraph dollars could pair within.
_BLOCK_START = re.compile(
    r"^(?:[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)| {0,3}(?:#{1,6}\s|>|\||[-*_](?:\s*[-*_]){2,}\s*$))"
)
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-+*]|\d{1,9}[.)])(?:[ \t]|$)")
_DELIMITER_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_PRICE = re.compile(r"\d[\d,]*(?:\.\d+)?(?:[kKmMbB]|\s|$)")
_WORD = re.compile(r"(?<![\\a-zA-Z])[a-zA-Z]{3,}")


@dataclass(frozen=True)
class Pitfall:
    """One flagged span of the decoded answer and the text that fixes it."""

    code: str  # 'latex-newline' | 'dollar-math' | 'tex-delimiters'
    start: int  # offset into the decoded answer
    end: int
    line: int  # 1-based line within the answer
    message: str
    replacement: str


def find_pitfalls(text: str) -> list[Pitfall]:
    """All pitfalls in the decoded answer, in text order."""
    found: list[Pitfall] = []
    for start, end, display in math_spans(text):
        found.extend(_latex_newlines(text, start, end, display))
        if not display:
            pitfall = _dollar_math(text, start, end)
            if pitfall:
                found.append(pitfall)
    for kind, start, end in _blocks(text):
        if kind == "prose":
            found.extend(_tex_delimiters(text, start, end))
    found.sort(key=lambda p: (p.start, p.end))
    return found


def apply_fix(text: str, pitfall: Pitfall) -> str:
    """The text with one pitfall's one-click fix applied."""
    return text[: pitfall.start] + pitfall.replacement + text[pitfall.end:]


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _latex_newlines(text: str, start: int, end: int, display: bool) -> Iterator[Pitfall]:
    """Line breaks inside the math span text[start:end] that were a backslash-n command."""
    pos = text.find("\n", start, end)
    while pos != -1:
        pitfall = _latex_newline_at(text, pos, start, end, display)
        if pitfall:
            yield pitfall
        pos = text.find("\n", pos + 1, end)


def _latex_newline_at(text: str, pos: int, start: int, end: int, display: bool) -> Pitfall | None:
    match = re.compile(r"[A-Za-z]+").match(text, pos + 1, end)
    if not match:
        return None
    word = match.group()
    if word not in _SYMBOLS:
        return None
    line_start = text.rfind("\n", start, pos)
    before = text[line_start + 1 if line_start != -1 else start:pos].rstrip(" \t")
    # In a display block a real line break often precedes a variable: "$$" + break + "e = mc^2".
    if word in _AMBIGUOUS and display and (not before.strip("$ \t") or before.endswith("\\\\")):
        return None
    replace_from = pos - 1 if before.endswith("\\") and not before.endswith("\\\\") else pos
    replace_to = match.end()
    symbol = _SYMBOLS[word]
    if word == "ot":
        for tail, negated in _NOT_FORMS:
            if text.startswith(tail, replace_to) and not text[replace_to + len(tail): replace_to + len(tail) + 1].isalpha():
                replace_to += len(tail)
                symbol = negated
                break
    command = "\\n" + text[pos + 1:replace_to]
    return Pitfall(
        code="latex-newline",
        start=replace_from,
        end=replace_to,
        line=_line_of(text, pos),
        message=f"The site turns the \\n of {command} into a line break; write {symbol.strip() or 'nothing'} instead.",
        replacement=symbol,
    )


def _dollar_math(text: str, start: int, end: int) -> Pitfall | None:
    """An inline math span that is really two prices: ``$7.25 each = $26.83``."""
    if text.startswith("$$", start):
        return None
    content = text[start + 1:end - 1]
    after = text[end:end + 1]
    looks_like_price = _PRICE.match(content) is not None
    if not looks_like_price and not after.isdigit():
        return None
    if not (after.isdigit() or content[-1:].isspace() or _WORD.search(content)):
        return None
    return Pitfall(
        code="dollar-math",
        start=start,
        end=end,
        line=_line_of(text, start),
        message="The site reads the text between these two dollar signs as math; escape the dollars as \\$.",
        replacement="\\$" + content + "\\$",
    )


def math_spans(text: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, is_display) of each math span, delimiters included, like remark-math."""
    for kind, start, end in _blocks(text):
        if kind == "display":
            yield start, end, True
        else:
            yield from _inline_math(text, start, end)


def _blocks(text: str) -> Iterator[tuple[str, int, int]]:
    """("prose", start, end) for each paragraph or table cell where inline syntax applies, and
    ("display", start, end) for each ``$$`` block; fences and indented code yield nothing."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    chunk_start: int | None = None
    in_list = in_table = False
    i = 0
    while i < len(lines):
        line = lines[i]
        indent = len(line) - len(line.lstrip(" \t"))
        # Four spaces start indented code, except inside a list item.
        code_like = indent >= 4 and not in_list
        fence = None if code_like else _FENCE.match(line)
        display = None if code_like else _DISPLAY_OPEN.match(line)
        # An unindented line after a list item's text is a lazy continuation, never a table.
        lazy = in_list and chunk_start is not None and indent == 0
        table_start = not in_table and not lazy and _is_table_start(lines, i)
        if fence or display or table_start or not line.strip() or _BLOCK_START.match(line):
            if chunk_start is not None:
                yield "prose", chunk_start, offsets[i] - 1
                chunk_start = None
        if not line.strip():
            in_table = False
        elif _LIST_ITEM.match(line) and not code_like:
            in_list = True
        elif indent == 0 and chunk_start is None and not in_table:
            in_list = False
        in_table = in_table or table_start
        if fence:
            i = _skip_block(lines, i, fence.group(1)[0], len(fence.group(1)))
            continue
        if display:
            close = _skip_block(lines, i, "$", len(display.group(1)))
            yield "display", offsets[i] + line.index("$"), min(offsets[close] - 1, len(text))
            i = close
            continue
        if in_table:
            # Table rows split into cells before any inline syntax, so dollars pair per cell.
            yield from _table_cells(text, offsets[i], offsets[i] + len(line))
        elif line.strip() and chunk_start is None and not (code_like and chunk_start is None):
            chunk_start = offsets[i] + (line.index(line.lstrip(" >")[:1]) if line.lstrip(" >") else 0)
        i += 1
    if chunk_start is not None:
        yield "prose", chunk_start, len(text)


def _is_table_start(lines: list[str], i: int) -> bool:
    return "|" in lines[i] and i + 1 < len(lines) and _DELIMITER_ROW.match(lines[i + 1]) is not None


def _table_cells(text: str, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    cell = start
    pos = start
    while pos <= end:
        if pos == end or (text[pos] == "|" and text[pos - 1:pos] != "\\"):
            yield "prose", cell, pos
            cell = pos + 1
        pos += 1


def _skip_block(lines: list[str], i: int, char: str, length: int) -> int:
    """Index of the line after the block opened at line i (closed by `length`+ of `char`)."""
    closing = re.compile(r"^(?:[ \t]*>)*[ \t]*" + re.escape(char) + "{" + str(length) + r",}\s*$")
    for j in range(i + 1, len(lines)):
        if closing.match(lines[j]):
            return j + 1
    return len(lines)


def _inline_math(text: str, start: int, end: int) -> Iterator[tuple[int, int, bool]]:
    """Inline math spans in one paragraph: dollar runs pair with a run of the same length."""
    i = start
    while i < end:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch in "`$":
            run = i
            while run < end and text[run] == ch:
                run += 1
            size = run - i
            close = _closing_run(text, run, end, ch, size)
            if close is None:
                i = run
                continue
            if ch == "$":
                yield i, close + size, False
            i = close + size
            continue
        i += 1


def _closing_run(text: str, pos: int, end: int, ch: str, size: int) -> int | None:
    while pos < end:
        found = text.find(ch, pos, end)
        if found == -1:
            return None
        run = found
        while run < end and text[run] == ch:
            run += 1
        if run - found == size:
            return found
        pos = run
    return None


_LINE_PREFIX = re.compile(r"[ \t>]*")  # what may stand before a block on its line: indent, quotes


def _tex_delimiters(text: str, start: int, end: int) -> Iterator[Pitfall]:
    """``\\(``...``\\)`` and ``\\[``...``\\]`` pairs in one paragraph, outside code and dollar math."""
    opened: tuple[int, str] | None = None
    for position, mark in _tex_marks(text, start, end):
        if mark in "([":
            opened = (position, mark)
        elif opened is not None and mark == {"(": ")", "[": "]"}[opened[1]]:
            pitfall = _tex_pitfall(text, opened[0], position + 2, opened[1] == "[")
            if pitfall is not None:
                yield pitfall
            opened = None


def _tex_marks(text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    """Offsets of unescaped ``\\(``, ``\\)``, ``\\[``, ``\\]`` in text[start:end], skipping code
    spans and dollar math the way ``_inline_math`` pairs them."""
    i = start
    while i < end:
        ch = text[i]
        if ch == "\\":
            if i + 1 < end and text[i + 1] in "()[]":
                yield i, text[i + 1]
            i += 2  # an escaped backslash ("\\(") is a literal one: skipped with its partner
            continue
        if ch in "`$":
            run = i
            while run < end and text[run] == ch:
                run += 1
            close = _closing_run(text, run, end, ch, run - i)
            i = run if close is None else close + (run - i)
            continue
        i += 1


def _tex_pitfall(text: str, start: int, end: int, display: bool) -> Pitfall | None:
    inner = text[start + 2:end - 2]
    if not inner.strip() or "$" in inner:
        return None
    # Spaces go, line breaks stay: a break may be a broken "\n" command that latex-newline flags.
    body = inner.strip(" \t")
    if display:
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end == -1 else line_end
        prefix = text[line_start:start]
        own_lines = _LINE_PREFIX.fullmatch(prefix) is not None and not text[end:line_end].strip()
        if own_lines:
            replacement = _display_block(inner, prefix)
        else:
            replacement = "$$" + body + "$$"  # mid-sentence: inline math, as "$$x$$" is on the site
        written = "\\[ … \\]"
    else:
        replacement = "$" + body + "$"
        written = "\\( … \\)"
    shown = "$$ … $$" if display else "$ … $"
    return Pitfall(
        code="tex-delimiters",
        start=start,
        end=end,
        line=_line_of(text, start),
        message=f"The site reads only dollar math: {written} shows as raw TeX; write {shown} instead.",
        replacement=replacement,
    )


def _display_block(inner: str, prefix: str) -> str:
    """``$$`` lines around ``inner``: delimiters already alone on their lines are swapped in
    place; otherwise the content moves to a line of its own, after the list or quote prefix."""
    core, lead, tail = inner, "", ""
    if not core.startswith("\n"):
        core, lead = core.lstrip(" \t"), "\n" + prefix
    last_line = core[core.rfind("\n") + 1:]
    if "\n" not in core or _LINE_PREFIX.fullmatch(last_line) is None:
        core, tail = core.rstrip(" \t"), "\n" + prefix
    return "$$" + lead + core + tail + "$$"
