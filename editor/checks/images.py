"""``image-missing``: an image field naming a file the checkout does not have.

An image field is one whose schema type is ``image`` (a site's ``featuredImg.image``). Whether
``/uploads/x.png`` is there depends on the site's static folder, which ``editor.site`` knows
and this package may not import: the caller passes the resolver in (``Site.static_file``) and
the root to name the file from. Remote urls (``https://``) are not checked: the app makes no
network requests.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

from editor.article.schema import Schema
from editor.checks.problem import Problem, problem

StaticFile = Callable[[str], "Path | None"]


def image_keys(schema: Schema | None) -> tuple[str, ...]:
    """The dotted keys of a schema's image fields."""
    return () if schema is None else tuple(spec.key for spec in schema.walk() if spec.type == "image")


def _value(data: Mapping[str, Any], key: str) -> Any:
    value: Any = data
    for part in key.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def image_problems(relpath: str, data: Mapping[str, Any], line_of: Callable[[str], int | None],
                   keys: Sequence[str], static_file: StaticFile, root: Path) -> list[Problem]:
    """A problem for each of ``keys`` whose image is not a file: on the key's line, naming the
    file looked for relative to ``root`` (the site's root)."""
    found = []
    for key in keys:
        value = _value(data, key)
        if not isinstance(value, str) or not value.strip():
            continue
        target = static_file(value.strip())
        if target is None or target.is_file():
            continue  # a remote url, or there
        shown = Path(os.path.relpath(target, root)).as_posix()
        found.append(problem(relpath, line_of(key) or line_of(key.split(".")[0]), key, "image-missing",
                             f"the image {value.strip()!r} is not in the checkout: there is no {shown}"))
    return found
