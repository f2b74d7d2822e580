"""A side-by-side diff of two markdown texts, with real line breaks, for the source view.

The answer is compared decoded (every backslash-n pair a line break), so a reviewer reads the
markdown as the writer wrote it instead of one 4,000-character line of YAML. Lines are matched
with ``difflib.SequenceMatcher``; a changed line standing opposite its new version gets word
highlights. Long unchanged stretches fold into one ``skip`` row, keeping ``context`` lines
around each change.
"""
from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from html import escape

from editor.review.words import DELETE, EQUAL, INSERT, WordOp, side_html, word_diff

REPLACE, SKIP = "replace", "skip"


@dataclass(frozen=True)
class SourceRow:
    """One row of the side-by-side view. Line numbers are 1-based; None on the side that has
    no line. A ``skip`` row stands for ``skipped`` unchanged lines."""

    kind: str
    old_line: int | None = None
    old: str | None = None
    new_line: int | None = None
    new: str | None = None
    words: tuple[WordOp, ...] = ()
    skipped: int = 0


def side_by_side(old: str, new: str, context: int | None = 3) -> list[SourceRow]:
    """The rows of a side-by-side diff; ``context`` None keeps every unchanged line."""
    a, b = (old.split("\n") if old else []), (new.split("\n") if new else [])
    rows: list[SourceRow] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [SourceRow(EQUAL, i + 1, a[i], j + 1, b[j]) for i, j in zip(range(i1, i2), range(j1, j2))]
            continue
        paired = min(i2 - i1, j2 - j1)
        for k in range(paired):
            rows.append(SourceRow(REPLACE, i1 + k + 1, a[i1 + k], j1 + k + 1, b[j1 + k],
                                  tuple(word_diff(a[i1 + k], b[j1 + k]))))
        rows += [SourceRow(DELETE, i + 1, a[i]) for i in range(i1 + paired, i2)]
        rows += [SourceRow(INSERT, new_line=j + 1, new=b[j]) for j in range(j1 + paired, j2)]
    return rows if context is None else _fold(rows, context)


def _fold(rows: list[SourceRow], context: int) -> list[SourceRow]:
    changed = [i for i, row in enumerate(rows) if row.kind != EQUAL]
    keep: set[int] = set()
    for i in changed:
        keep.update(range(max(0, i - context), min(len(rows), i + context + 1)))
    out: list[SourceRow] = []
    run = 0
    for i, row in enumerate(rows):
        if i in keep:
            if run:
                out.append(SourceRow(SKIP, skipped=run))
                run = 0
            out.append(row)
        else:
            run += 1
    if run:
        out.append(SourceRow(SKIP, skipped=run))
    return out


def _side_html(row: SourceRow, old_side: bool) -> str:
    text = row.old if old_side else row.new
    if text is None:
        return ""
    return side_html(row.words, old_side) if row.kind == REPLACE else escape(text, quote=False)


def source_html(rows: list[SourceRow]) -> str:
    """The rows as an HTML table (every text escaped): old line, old text, new line, new text."""
    out = ['<table class="source-diff">']
    for row in rows:
        if row.kind == SKIP:
            out.append(f'<tr class="skip"><td colspan="4">{row.skipped} unchanged line(s)</td></tr>')
            continue
        old_no = "" if row.old_line is None else str(row.old_line)
        new_no = "" if row.new_line is None else str(row.new_line)
        out.append(
            f'<tr class="{row.kind}"><td class="line-no">{old_no}</td><td class="old">{_side_html(row, True)}</td>'
            f'<td class="line-no">{new_no}</td><td class="new">{_side_html(row, False)}</td></tr>'
        )
    out.append("</table>")
    return "\n".join(out)
