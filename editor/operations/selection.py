"""Which articles a bulk operation works on: a list of files, or every file a query selects.

A query (``--where``, the table's filter box) has the search syntax of ``editor.index.query``. What the
index holds it answers itself (words, ``subject:``, ``id:``, ``has:problem``, indexed fields);
``KEY:VALUE`` for a key the index does not hold (``no_index:true``) is checked here, on each
file's loaded values, as the operation reads the file anyway. VALUE reads as a YAML scalar, so
``no_index:true`` matches ``no_index: True`` and ``date:2024-12-02`` a date; strings compare
without surrounding spaces and ignoring case, and ``VALUE*`` is a prefix of a string.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from editor.article.frontmatter import LenientConstructor, SafeLoader
from editor.index.project import Project
from editor.index.query import matching_paths, parse
from editor.operations.fields import ABSENT, lookup


def scalar(text: str) -> Any:
    """A YAML scalar as safely loaded (an impossible date stays text); text that is not one
    stays the text it is."""
    try:
        node = yaml.compose(text, Loader=SafeLoader)
        if node is None or not isinstance(node, yaml.ScalarNode):
            return text
        return LenientConstructor().construct_object(node)
    except (yaml.YAMLError, ValueError, TypeError):
        return text


@dataclass(frozen=True)
class ValueFilter:
    """``KEY:VALUE`` for a key the index does not hold."""

    key: str
    text: str

    def admits(self, data: dict[str, Any]) -> bool:
        have = lookup(data, self.key)
        if have is ABSENT:
            return False
        if self.text.endswith("*") and isinstance(have, str):
            return have.strip().casefold().startswith(self.text[:-1].strip().casefold())
        want = scalar(self.text)
        if isinstance(have, str) or isinstance(want, str):
            return str(have).strip().casefold() == str(want).strip().casefold()
        if isinstance(have, bool) or isinstance(want, bool):
            return have is want  # True is not 1
        return bool(have == want)


@dataclass(frozen=True)
class Selection:
    """The files the index selects (project-relative, in path order) and the filters left to
    check on each file's values."""

    paths: list[str]
    filters: tuple[ValueFilter, ...] = field(default=())

    def admits(self, data: dict[str, Any]) -> bool:
        return all(f.admits(data) for f in self.filters)


def relative_paths(project: Project, paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Files given by the caller, as the index names them, in path order without repeats."""
    return sorted({project.relpath(Path(p)) for p in paths})


def select(project: Project, where: str | None = None,
           paths: Iterable[str | os.PathLike[str]] | None = None) -> Selection:
    """The articles a query selects (every loaded one for None or an empty query), narrowed to
    ``paths`` when given."""
    if where is None or not where.strip():
        chosen = matching_paths(project.connection(), "")
        filters: tuple[ValueFilter, ...] = ()
    else:
        chosen = matching_paths(project.connection(), where)
        filters = tuple(ValueFilter(key, value) for key, value in parse(where).unindexed)
    if paths is not None:
        wanted = set(relative_paths(project, paths))
        chosen = [path for path in chosen if path in wanted]
    return Selection(chosen, filters)
