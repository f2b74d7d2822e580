"""A rendered diff: the page as the site shows it, with the blocks a change touched marked.

Both versions are rendered with ``editor.render.render_answer`` and cut into units (see
``blocks``). The unit sequences are compared with ``difflib.SequenceMatcher``; then one page is
put together from the new version's units in order, with:

- an unchanged unit as it is;
- an inserted unit with the class ``review-inserted`` (text between blocks in ``<ins>``);
- a deleted unit from the old version, put back inside the same container as its neighbours
  (a deleted list item stays in its list), with the class ``review-deleted`` and no ``id``; a
  container only the old version had (a deleted loose list item, a whole deleted table) gets
  that class too;
- a changed unit (the same kind of block, at the same place, with other content) with the class
  ``review-changed`` and its words marked inside it: deleted text in ``<del>``, inserted text in
  ``<ins>``. The new version's tags are kept and the old one's dropped, so the page stays well
  formed; a formula, image or line break counts as one word.

So a reviewer sees the changed paragraph only, with what changed in it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Iterable

from editor.render.answer import render_answer
from editor.review.blocks import Element, Unit, split_units

UNCHANGED, INSERTED, DELETED, CHANGED = "unchanged", "inserted", "deleted", "changed"
_CLASS = {INSERTED: "review-inserted", DELETED: "review-deleted", CHANGED: "review-changed"}
# Words of a block's HTML: a whole formula, an image or break, a tag, an entity, a number such as
# 1,250.75, a word, a space run, or one other character.
_HTML_TOKEN = re.compile(
    r'<span class="katex">.*?</math></span>|<(?:img|input|br|wbr)\b[^>]*>|<[^>]*>|&#?\w+;|\d+(?:[.,]\d+)+|\w+|\s+|[^\w\s<&]|[<&]',
    re.S,
)
_ATOMIC = re.compile(r'<span class="katex">|<(?:img|input|br|wbr)\b')
_ID = re.compile(r'\s(?:id|aria-describedby)="[^"]*"')
_CLASS_ATTR = re.compile(r'\sclass="([^"]*)"')


@dataclass(frozen=True)
class BlockChange:
    """One unit of the merged page: ``old`` and ``new`` are None on the side that lacks it."""

    op: str
    old: Unit | None
    new: Unit | None

    @property
    def kind(self) -> str:
        unit = self.new or self.old
        return unit.kind if unit is not None else ""


@dataclass(frozen=True)
class RenderedDiff:
    """The merged page (an HTML fragment) and the block changes it shows, in page order."""

    html: str
    changes: tuple[BlockChange, ...]

    def count(self, op: str) -> int:
        return sum(1 for change in self.changes if change.op == op)

    @property
    def changed(self) -> bool:
        return any(change.op != UNCHANGED for change in self.changes)


def rendered_diff(old_markdown: str, new_markdown: str, flavour: str = "site") -> RenderedDiff:
    """Render both decoded answers (or bodies) and mark what differs between the pages."""
    return diff_html(render_answer(old_markdown, flavour), render_answer(new_markdown, flavour))


def diff_html(old_html: str, new_html: str) -> RenderedDiff:
    """The rendered diff of two HTML fragments."""
    changes = diff_units(split_units(old_html), split_units(new_html))
    return RenderedDiff(_assemble(changes), tuple(changes))


def diff_units(old: list[Unit], new: list[Unit]) -> list[BlockChange]:
    """Block changes in the order of the merged page; a replaced run pairs blocks of the same
    kind in order (changed) and leaves the rest deleted or inserted."""
    found: list[BlockChange] = []
    matcher = SequenceMatcher(None, [u.key for u in old], [u.key for u in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            found += [BlockChange(UNCHANGED, old[i], new[j]) for i, j in zip(range(i1, i2), range(j1, j2))]
            continue
        found += _pair(old[i1:i2], new[j1:j2])
    return found


def _pair(old: list[Unit], new: list[Unit]) -> list[BlockChange]:
    places = SequenceMatcher(None, [(u.kind, _tags(u)) for u in old], [(u.kind, _tags(u)) for u in new],
                             autojunk=False)
    found: list[BlockChange] = []
    for tag, i1, i2, j1, j2 in places.get_opcodes():
        if tag == "equal":
            found += [BlockChange(CHANGED, old[i], new[j]) for i, j in zip(range(i1, i2), range(j1, j2))]
        else:
            found += [BlockChange(DELETED, unit, None) for unit in old[i1:i2]]
            found += [BlockChange(INSERTED, None, unit) for unit in new[j1:j2]]
    return found


def _tags(unit: Unit) -> tuple[str, ...]:
    return tuple(c.tag for c in unit.chain)


# --- putting the page together ---------------------------------------------------------------

def _container_map(changes: Iterable[BlockChange]) -> dict[Element, Element]:
    """Old containers -> the new containers they became, learnt from blocks on both sides."""
    mapping: dict[Element, Element] = {}
    for change in changes:
        if change.old is None or change.new is None:
            continue
        for before, after in zip(change.old.chain, change.new.chain):
            if before.tag != after.tag:
                break
            mapping.setdefault(before, after)
    return mapping


def _assemble(changes: list[BlockChange]) -> str:
    mapping = _container_map(changes)
    current = {container for change in changes if change.new is not None for container in change.new.chain}
    out: list[str] = []
    stack: list[Element] = []
    for change in changes:
        if change.new is not None:
            chain = list(change.new.chain)
        else:
            assert change.old is not None
            chain = []
            for container in change.old.chain:
                mapped = mapping.get(container)
                if mapped is None or (chain and mapped.parent is not chain[-1]):
                    chain.extend(change.old.chain[len(chain):])
                    break
                chain.append(mapped)
        shared = 0
        while shared < min(len(stack), len(chain)) and stack[shared] is chain[shared]:
            shared += 1
        out += [c.end_tag for c in reversed(stack[shared:])]
        # A container only the old page had holds deleted blocks only: it is marked deleted too
        # (a deleted list item stops counting), and its ids would clash.
        out += [c.start_tag if c in current else with_class(_ID.sub("", c.start_tag), _CLASS[DELETED])
                for c in chain[shared:]]
        stack = chain
        out.append(_piece(change))
    out += [c.end_tag for c in reversed(stack)]
    return "\n".join(out) + "\n"


def _piece(change: BlockChange) -> str:
    if change.op == UNCHANGED:
        assert change.new is not None
        return change.new.html
    if change.op == DELETED:
        assert change.old is not None
        return _marked(change.old, DELETED, _ID.sub("", change.old.inner))
    assert change.new is not None
    if change.op == INSERTED:
        return _marked(change.new, INSERTED, change.new.inner)
    assert change.old is not None
    return _marked(change.new, CHANGED, inline_diff(change.old.inner, change.new.inner))


def _marked(unit: Unit, op: str, inner: str) -> str:
    css = _CLASS[op]
    if unit.element is None:
        tag = {INSERTED: "ins", DELETED: "del"}.get(op, "span")
        return f'<{tag} class="{css}">{inner}</{tag}>'
    start_tag = with_class(unit.element.start_tag, css)
    if op == DELETED:
        start_tag = _ID.sub("", start_tag)
    return start_tag + inner + unit.element.end_tag


def with_class(start_tag: str, css: str) -> str:
    """A start tag with one more class."""
    found = _CLASS_ATTR.search(start_tag)
    if found:
        return start_tag[: found.start(1)] + css + " " + start_tag[found.start(1):]
    cut = len(start_tag) - (2 if start_tag.endswith("/>") else 1)
    head = start_tag[:cut].rstrip()
    return head + f' class="{css}"' + start_tag[len(head):]


def inline_diff(old_inner: str, new_inner: str) -> str:
    """The new block's content with deleted words in ``<del>`` and inserted ones in ``<ins>``."""
    a, b = _HTML_TOKEN.findall(old_inner), _HTML_TOKEN.findall(new_inner)
    out: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            out += b[j1:j2]
            continue
        gone = "".join(token for token in a[i1:i2] if not _is_tag(token))
        if gone.strip():
            out.append(f"<del>{gone}</del>")
        run: list[str] = []
        for token in b[j1:j2]:
            if _is_tag(token):
                out.append(_wrap(run, "ins"))
                run = []
                out.append(token)
            else:
                run.append(token)
        out.append(_wrap(run, "ins"))
    return "".join(out)


def _is_tag(token: str) -> bool:
    return token.startswith("<") and len(token) > 1 and not _ATOMIC.match(token)


def _wrap(run: list[str], tag: str) -> str:
    text = "".join(run)
    return f"<{tag}>{text}</{tag}>" if text.strip() else text
