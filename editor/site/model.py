"""The site checkout as the editor sees it: a root, its collections, and what was said about them.

A ``Site`` is plain, frozen data built once when a checkout is opened (``editor.site.open_site``).
Every path in it is relative to the site root, in POSIX form, without leading or trailing
slashes; ``""`` is the root itself. Nothing here reads files.
"""
from __future__ import annotations

import fnmatch
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editor.article.schema import Schema
from editor.checks.problem import Problem

# Schema template files live here by the site family's convention, besides any path a config names.
SCHEMA_TEMPLATE_GLOBS = ("schemas/*.md",)
INFO, WARNING, ERROR = "info", "warning", "error"


@dataclass(frozen=True)
class SiteMessage:
    """Something worth telling about a config: ``path`` is the config file, ``line`` 1-based or None.

    The codes: ``config-invalid`` (the file cannot be read, or a value has the wrong shape),
    ``config-folder-missing`` (a collection names a folder that is not there; normal for sites
    that plan a translation), ``config-file-missing`` (a schema template that is not there),
    ``config-unknown`` (a name the editor does not know), ``config-ignored`` (a second CMS config).
    """

    path: str
    line: int | None
    severity: str
    code: str
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.severity}: {self.message}"

    def as_problem(self) -> Problem:
        """The message as a ``Problem`` of the config file, for the Problems panel and ``check``."""
        return Problem(self.path, self.line, "", self.severity, self.code, self.message)


@dataclass(frozen=True)
class SchemaRef:
    """One schema a collection offers, chosen by the files' ``schema_key`` value (``_schema: default``).

    Exactly one source is set: ``path``, a schema template file of the site (front matter with
    every key and empty values); ``bundled``, the name of a schema shipped with the editor or
    overridden in ``.article-editor/schemas/`` (``default`` is the answer schema); or ``schema``,
    a schema a config spelled out field by field (Decap CMS, Front Matter CMS).
    """

    name: str
    label: str = ""
    path: str | None = None
    bundled: str | None = None
    schema: Schema | None = field(default=None, compare=False)
    inputs: dict[str, Any] = field(default_factory=dict, compare=False)  # this schema's own _inputs


@dataclass(frozen=True)
class Collection:
    """A folder of files that share a form, a url pattern and page rules.

    ``has_body`` says whether the writer edits the markdown body after the front matter (posts
    do); ``text_field`` names the front-matter field that holds the text instead (answers keep it
    in ``answer``). ``inputs`` are the CloudCannon-style input settings that apply to the
    collection (the config's top-level ``_inputs`` merged under the collection's own).
    ``page_rules`` names a rule set of ``editor.site.page_rules``; None lets the rules choose.
    """

    name: str
    label: str
    folder: str
    url: str = ""
    schemas: tuple[SchemaRef, ...] = ()
    schema_key: str = "_schema"
    inputs: dict[str, Any] = field(default_factory=dict, compare=False)
    enabled_editors: tuple[str, ...] = ()
    icon: str = ""
    has_body: bool = True
    text_field: str | None = None
    page_rules: str | None = None
    exists: bool = True  # False when the folder is not in the checkout (an empty collection)
    source: str = ""  # the config file that defined it

    def holds(self, relpath: str) -> bool:
        """True when the file at ``relpath`` is inside this collection's folder (at any depth)."""
        return not self.folder or relpath.startswith(self.folder + "/")

    def schema_ref(self, data: dict[str, Any] | None = None) -> SchemaRef | None:
        """The schema a file with these front-matter values uses: the one its ``schema_key``
        names, else the collection's first; None when the collection names no schema."""
        if not self.schemas:
            return None
        wanted = (data or {}).get(self.schema_key)
        for ref in self.schemas:
            if ref.name == wanted:
                return ref
        return self.schemas[0]


@dataclass(frozen=True)
class Group:
    """A sidebar heading over some collections, in order (CloudCannon's ``collection_groups``)."""

    heading: str
    collections: tuple[str, ...]


@dataclass(frozen=True)
class Site:
    """A site checkout: its root, the CMS config read, static folders, collections and messages.

    ``static`` is the folder the site serves at ``/`` (``public``); ``uploads`` the folder new
    images go to (``public/uploads``). ``config`` is the CMS config file used, relative to the
    root, and ``cms`` its kind (``cloudcannon``, ``decap``, ``frontmatter``); both None when the
    checkout has none. ``project_config`` is ``.article-editor/config.yml`` when it exists.
    """

    root: Path
    config: str | None = None
    cms: str | None = None
    static: str | None = None
    uploads: str | None = None
    collections: tuple[Collection, ...] = ()
    groups: tuple[Group, ...] = ()
    messages: tuple[SiteMessage, ...] = ()
    project_config: str | None = None
    _by_depth: tuple[Collection, ...] = field(init=False, repr=False, compare=False)
    _templates: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Deepest folders first, so the first collection that holds a file is the most specific.
        deepest = sorted(self.collections, key=lambda c: (-len(c.folder.split("/")) if c.folder else 0, c.folder))
        object.__setattr__(self, "_by_depth", tuple(deepest))
        paths = {ref.path for c in self.collections for ref in c.schemas if ref.path}
        object.__setattr__(self, "_templates", frozenset(paths))

    def collection(self, name: str) -> Collection | None:
        """The collection called ``name``."""
        return next((c for c in self.collections if c.name == name), None)

    def collection_for(self, relpath: str) -> Collection | None:
        """The most specific collection whose folder holds the file at ``relpath`` (relative to
        the root, ``/``-separated); None when no collection does."""
        relpath = normalise(relpath)
        for collection in self._by_depth:
            if collection.holds(relpath):
                return collection
        return None

    def is_schema_template(self, relpath: str) -> bool:
        """True for schema template files (``schemas/*.md`` and every schema path a collection
        names): they describe a form, they are not content, and the index skips them."""
        relpath = normalise(relpath)
        return relpath in self._templates or any(fnmatch.fnmatchcase(relpath, g) for g in SCHEMA_TEMPLATE_GLOBS)

    def static_file(self, url: str) -> Path | None:
        """The file an image url of the site names: ``/uploads/x.png`` is ``public/uploads/x.png``
        when the static folder is ``public``. None for remote urls, and for paths that would
        leave the checkout."""
        if not url or "://" in url or url.startswith("//") or url.startswith("data:"):
            return None
        path = url.split("?", 1)[0].split("#", 1)[0]
        relative = normalise(path)
        if relative.startswith("..") or relative == "":
            return None
        base = self.static if path.startswith("/") and self.static else ""
        return self.root / posixpath.join(base, relative) if base else self.root / relative

    def problems(self) -> list[Problem]:
        """The messages as problems of the config files."""
        return [message.as_problem() for message in self.messages]


def normalise(path: str) -> str:
    """A config's folder or file path in the Site's form: POSIX, relative, no ``./`` or slashes
    at the ends; ``""`` for the root."""
    path = str(path).replace("\\", "/").strip().strip("/")
    if not path:
        return ""
    path = posixpath.normpath(path)
    return "" if path == "." else path
