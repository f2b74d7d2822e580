"""Whether an edit may be made, and whether it did what it meant: the checks around every edit.

Before an edit: a key written twice in its mapping (every reader takes the last, a text patch
would hit one of them), a value shared through an anchor and alias (``related_article2: *r``)
or pulled in by a merge key (``<<: *base``) cannot be edited by patching text: the patch would
change the other keys that share it. Such edits are refused with a message naming the lines
(writing the shared value out in full is the writer's call, not a side effect of an edit).

After an edit: the new text has been parsed again; the value at the key must be exactly the one
asked for (same type, same value) and every other value must be what it was. An edit that does
not verify is undone by the caller and refused, so a wrong patch never reaches the disk.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

DELETED: Any = object()  # the value a deleted key must have after the edit: none


@dataclass(frozen=True)
class DuplicateKey:
    """A key written more than once in one mapping; ``lines`` are 1-based, in file order."""

    key: str
    lines: tuple[int, ...]

    @property
    def summary(self) -> str:
        where = ", ".join(str(line) for line in self.lines)
        return f"the key '{self.key}' is written {len(self.lines)} times (lines {where})"

    @property
    def message(self) -> str:
        return f"{self.summary}; readers take the last one and ignore the others: keep one"


class Structure:
    """Which nodes of a front matter tree are reached by more than one key (anchors and aliases,
    merge keys), and which keys are written twice. Worked out once per parsed tree."""

    def __init__(self, root: MappingNode, line_offset: int) -> None:
        self.root = root
        self._offset = line_offset
        self.owners: dict[int, list[str]] = {}  # id(node) -> the dotted keys that reach it
        self._repeats = False  # some mapping lists a key name twice (written twice, or merged over)
        self._duplicates: list[DuplicateKey] | None = None
        self._walk(root, "")

    def _walk(self, node: Node, prefix: str) -> None:
        # Iterative, and each node's children are visited once: alias-heavy trees stay linear.
        stack: list[tuple[Node, str]] = [(node, prefix)]
        seen: set[int] = set()
        while stack:
            current, where = stack.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            if isinstance(current, MappingNode):
                names = {k.value for k, _ in current.value if isinstance(k, ScalarNode)}
                self._repeats = self._repeats or len(names) < len(current.value)
                for knode, vnode in current.value:
                    name = knode.value if isinstance(knode, ScalarNode) else "?"
                    path = f"{where}.{name}" if where else str(name)
                    self.owners.setdefault(id(knode), []).append(path)
                    self.owners.setdefault(id(vnode), []).append(path)
                    stack.append((vnode, path))
            elif isinstance(current, SequenceNode):
                for i, item in enumerate(current.value):
                    path = f"{where}[{i}]"
                    self.owners.setdefault(id(item), []).append(path)
                    stack.append((item, path))

    def line(self, node: Node) -> int:
        return node.start_mark.line + self._offset + 1

    def shared(self, node: Node) -> list[str]:
        """The other keys that reach ``node``, besides the first."""
        owners = self.owners.get(id(node), [])
        return owners if len(owners) > 1 else []

    def duplicates(self) -> list[DuplicateKey]:
        """Keys written twice in the same mapping, anywhere in the tree (merged keys excepted:
        a key of one's own overriding a merged one is what merge keys are for)."""
        if self._duplicates is None:
            self._duplicates = self._find_duplicates() if self._repeats else []
        return list(self._duplicates)

    def _find_duplicates(self) -> list[DuplicateKey]:
        found: list[DuplicateKey] = []
        stack: list[tuple[Node, str]] = [(self.root, "")]
        seen: set[int] = set()
        while stack:
            node, where = stack.pop()
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, MappingNode):
                lines: dict[str, list[int]] = {}
                for knode, vnode in node.value:
                    if isinstance(knode, ScalarNode) and not self.shared(knode):
                        lines.setdefault(knode.value, []).append(self.line(knode))
                    name = knode.value if isinstance(knode, ScalarNode) else "?"
                    stack.append((vnode, f"{where}.{name}" if where else str(name)))
                found += [DuplicateKey(f"{where}.{k}" if where else k, tuple(v)) for k, v in lines.items() if len(v) > 1]
            elif isinstance(node, SequenceNode):
                stack += [(item, f"{where}[{i}]") for i, item in enumerate(node.value)]
        return sorted(found, key=lambda d: d.lines)

    def refusal(self, key: str) -> str | None:
        """Why ``key`` cannot be edited by a text patch, or None when it can."""
        node: Node = self.root
        parts = key.split(".")
        done: list[str] = []
        for part in parts:
            if not isinstance(node, MappingNode):
                return None  # the edit replaces a scalar by a mapping: the value's own lines
            pairs = [(k, v) for k, v in node.value if isinstance(k, ScalarNode) and k.value == part]
            own = [(k, v) for k, v in pairs if not self.shared(k)]
            done.append(part)
            here = ".".join(done)
            if len(own) > 1:
                lines = " and ".join(str(self.line(k)) for k, _ in own)
                return (f"'{here}' is written {len(own)} times (lines {lines}); readers take the last one, so an "
                        "edit cannot choose: remove the extra one first")
            if not pairs:
                return self._merge_refusal(node, ".".join(done[:-1]))
            knode, vnode = pairs[-1]
            if self.shared(knode):
                others = [p for p in self.owners[id(knode)] if p != here]
                return (f"'{here}' is shared through a merge key (<<) with {_names(others)} (line {self.line(knode)}): "
                        "editing it would change those too; write the key out in full first")
            if self.shared(vnode):
                others = [p for p in self.owners[id(vnode)] if p != here]
                return (f"the value of '{here}' is shared through an anchor and alias with {_names(others)} "
                        f"(line {self.line(vnode)}): editing it would change those too; write the value out in "
                        "full first")
            node = vnode
        return None

    def _merge_refusal(self, mapping: MappingNode, where: str) -> str | None:
        """A new key in a mapping that holds merged keys would be placed among the merged lines."""
        if not any(self.shared(k) for k, _ in mapping.value):
            return None
        return (f"'{where}' holds keys from a merge key (<<): adding a key to it is not supported; write the "
                "mapping out in full first")


def _names(paths: list[str]) -> str:
    return ", ".join(f"'{p}'" for p in paths[:3]) + (" and more" if len(paths) > 3 else "")


# --- after the edit -----------------------------------------------------------------------------

def plain(value: Any) -> Any:
    """A value as it reads back from YAML: tuples become lists, mappings and lists recursively."""
    if isinstance(value, tuple):
        return [plain(item) for item in value]
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def same(a: Any, b: Any) -> bool:
    """Equal and of the same types all the way down (so 1 is not True, and 1 is not 1.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return bool(a == b)


_ABSENT: Any = object()


def _at(values: Any, key: str) -> Any:
    for part in key.split("."):
        if not isinstance(values, dict) or part not in values:
            return _ABSENT
        values = values[part]
    return values


def _without(values: dict[str, Any], keys: list[str]) -> dict[str, Any]:
    """A copy of ``values`` without the dotted keys; mappings left empty by that go too (so a
    parent created for a new key compares equal to its absence)."""
    out = dict(values)
    for key in keys:
        parts = key.split(".")
        chain = [out]
        for part in parts[:-1]:
            child = chain[-1].get(part)
            if not isinstance(child, dict):
                break
            child = dict(child)
            chain[-1][part] = child
            chain.append(child)
        else:
            chain[-1].pop(parts[-1], None)
        for depth in range(len(chain) - 1, 0, -1):
            if chain[depth]:
                break
            chain[depth - 1].pop(parts[depth - 1], None)
    return out


def mismatch(before: dict[str, Any], after: dict[str, Any], changes: dict[str, Any]) -> str | None:
    """Why the re-read values ``after`` are not ``before`` with ``changes`` applied (a value, or
    DELETED), or None when they are exactly that."""
    for key, wanted in changes.items():
        got = _at(after, key)
        if wanted is DELETED:
            if got is not _ABSENT:
                return f"'{key}' is still there after it was removed"
        elif got is _ABSENT:
            return f"'{key}' cannot be found where it was written"
        elif not same(got, wanted):
            return f"'{key}' reads back as {_short(got)} instead of {_short(wanted)}"
    rest_before, rest_after = _without(before, list(changes)), _without(after, list(changes))
    if not same(rest_before, rest_after):
        changed = sorted(_changed_keys(rest_before, rest_after, ""))
        return f"it would also change {_names(changed)}" if changed else "it would change other values"
    return None


def _changed_keys(a: Any, b: Any, where: str) -> list[str]:
    if not (isinstance(a, dict) and isinstance(b, dict)):
        return [] if same(a, b) else [where or "the front matter"]
    out: list[str] = []
    for key in list(a) + [k for k in b if k not in a]:
        path = f"{where}.{key}" if where else str(key)
        out += _changed_keys(a.get(key, _ABSENT), b.get(key, _ABSENT), path)
    return out


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
