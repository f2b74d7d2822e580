"""What a change does to an article's fields: old and new value, field by field.

Keys are dotted (``seo.page_keywords``, ``related_article2.title``): nested mappings are
compared leaf by leaf, lists and empty mappings as whole values. Values are as YAML loads
them, except ``answer``, which is decoded (real line breaks, as the writer edits it), and
``body``, everything after the line that closes the front matter (the blank line the site's
files start it with included, as gray-matter gives it to the site). Two values are the same only when their types
are too: the int 76278 and the string "76278" differ, as the link checks say.

The related links are also given as two lists (``related_links``) so that a reviewer sees the
old and the new set of links side by side, whatever slots they moved between.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from editor.answer.codec import decode
from editor.checks.links import Link, url_key
from editor.review.version import Version

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


class _Absent:
    """The value of a key on the side that does not have it (None is a value YAML can hold)."""

    def __repr__(self) -> str:
        return "ABSENT"

    def __bool__(self) -> bool:
        return False


ABSENT: Any = _Absent()
BODY = "body"
_RELATED_KEY = re.compile(r"^related_article(\d+)$")


@dataclass(frozen=True)
class FieldChange:
    """One dotted key whose value differs; ``old`` or ``new`` is ABSENT when the key is not
    on that side."""

    key: str
    old: Any
    new: Any

    @property
    def change(self) -> str:
        if self.old is ABSENT:
            return ADDED
        return REMOVED if self.new is ABSENT else CHANGED

    @property
    def is_text(self) -> bool:
        """Both sides are strings (or one is absent): a word diff can show the change."""
        return all(isinstance(v, str) or v is ABSENT for v in (self.old, self.new))

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "old": json_value(self.old), "new": json_value(self.new), "change": self.change}


def json_value(value: Any) -> Any:
    """A loaded YAML value as JSON can hold it: dates in ISO form, ABSENT as null."""
    if value is ABSENT:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [json_value(v) for v in value]
    if isinstance(value, float) and value != value:
        return "nan"
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")  # !!binary values: shown, never executed
    return value


def flat_fields(values: Mapping[str, Any], body: str | None = None) -> dict[str, Any]:
    """Dotted key -> value, in file order, the answer decoded and the body last."""
    found: dict[str, Any] = {}
    for key, value in values.items():
        for dotted, leaf in _leaves(str(key), value):
            found[dotted] = decode(leaf) if dotted == "answer" and isinstance(leaf, str) else leaf
    if body is not None:
        found[BODY] = body
    return found


def _leaves(prefix: str, value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, Mapping) and value:
        for key, child in value.items():
            yield from _leaves(f"{prefix}.{key}", child)
    else:
        yield prefix, value


def same_value(a: Any, b: Any) -> bool:
    """Equal and of the same type, all the way down (1, 1.0 and True are three values)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, Mapping):
        return list(a) == list(b) and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    return bool(a == b) or (a != a and b != b)  # NaN is unchanged when it stays NaN


def field_changes(old: Version, new: Version) -> list[FieldChange]:
    """Every dotted key whose value differs, in the new file's order, then removed keys in the
    old file's order. A side that does not exist has no fields (all added, or all removed)."""
    before = flat_fields(old.values, old.body if old.exists else None)
    after = flat_fields(new.values, new.body if new.exists else None)
    found = [FieldChange(key, before.get(key, ABSENT), value) for key, value in after.items()
             if key not in before or not same_value(before[key], value)]
    found += [FieldChange(key, value, ABSENT) for key, value in before.items() if key not in after]
    return found


def related_links(values: Mapping[str, Any], path: str = "", lines: Mapping[str, int] | None = None) -> list[Link]:
    """The related links of one version, in slot order, as the link checks take them."""
    found = []
    for key, value in values.items():
        match = _RELATED_KEY.match(str(key))
        if match and isinstance(value, Mapping):
            url = value.get("url")
            found.append(Link(path, int(match.group(1)), str(key), value.get("id"), value.get("title"),
                              value.get("subject"), url, url_key(url), (lines or {}).get(str(key))))
    return sorted(found, key=lambda link: link.slot)


@dataclass(frozen=True)
class RelatedLists:
    """The old and new related links, and which urls came and went."""

    old: list[Link]
    new: list[Link]

    @property
    def changed(self) -> bool:
        return [_link_tuple(l) for l in self.old] != [_link_tuple(l) for l in self.new]

    @property
    def added_urls(self) -> list[Any]:
        before = {_url(l) for l in self.old}
        return [l.url for l in self.new if _url(l) not in before]

    @property
    def removed_urls(self) -> list[Any]:
        after = {_url(l) for l in self.new}
        return [l.url for l in self.old if _url(l) not in after]


def _url(link: Link) -> Any:
    return link.url_key if link.url_key is not None else link.url


def _link_tuple(link: Link) -> tuple[Any, ...]:
    return (link.slot, type(link.id), link.id, link.title, link.subject, link.url)


def related_lists(old: Version, new: Version) -> RelatedLists:
    return RelatedLists(related_links(old.values), related_links(new.values))
