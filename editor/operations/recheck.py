"""Checking again only the files one change can affect, as the editor sees the folder.

``check_project`` checks every file from the index: seconds on 35,000 files. After one article is
edited, fixed, saved, reloaded or closed, only a few files can have new problems:

- the article itself (all its problems);
- the articles whose related links point at it, by its url before and after the change
  (their ``related-*`` problems: a new title makes their copies stale, a new url breaks them);
- the articles sharing its id before or after (their ``id-duplicate``).

``recheck`` checks those by the same rules as ``check_project`` (``editor.checks``), against the
folder's facts from the index (``FolderFacts``, built once per full check) with the files it has
re-read on top (``Facts``, which the caller keeps and passes back), and with the open editors'
texts standing in for their files. So the problems it gives a file are the ones a full check
would give it if every open article were saved.

One simplification: a file's ``subject-variant`` follows its own subject, but when a change
makes another spelling the most common one, the other files of that group keep their old
verdict until the next full check.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from editor.checks.file_rules import RulesCache
from editor.checks.folder_rules import id_duplicates, subject_variants
from editor.checks.links import ArticleRef, Link, link_problems, url_key
from editor.checks.problem import Problem
from editor.index.project import Project
from editor.operations.image_check import file_missing_images
from editor.operations.project_site import project_site
from editor.review.fields import related_links
from editor.review.problems import version_problems
from editor.review.version import Version, load_version
from editor.site import SiteSchemas

LINK_CODES = frozenset({"related-broken", "related-stale", "related-self", "related-duplicate"})
ID_CODES = frozenset({"id-duplicate"})
Key = tuple[type, Any]


def id_key(value: Any) -> Key | None:
    """Ids compare as loaded, strings stripped (the rule of ``id_duplicates`` and the links)."""
    if value is None:
        return None
    value = value.strip() if isinstance(value, str) else value
    return (type(value), value)


def title_key(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def spelling_key(value: Any) -> str | None:
    return " ".join(value.split()).casefold() if isinstance(value, str) and value.strip() else None


@dataclass(frozen=True)
class Facts:
    """One file as the checks across files see it; ``ref`` None: missing or unreadable."""

    path: str
    ref: ArticleRef | None
    links: tuple[Link, ...] = ()
    id_line: int | None = None
    subject_line: int | None = None


def facts_of(path: str, version: Version) -> Facts:
    if not version.readable:
        return Facts(path, None)
    values, lines = version.values, version.lines
    url = values.get("url")
    ref = ArticleRef(path, values.get("id"), values.get("title"), values.get("subject"), url, url_key(url))
    return Facts(path, ref, tuple(related_links(values, path, lines)), lines.get("id"), lines.get("subject"))


@dataclass
class FolderFacts:
    """Every loaded article of the index, looked up by url key, id, title and subject spelling."""

    articles: dict[str, Facts]
    by_url: dict[str, list[str]] = field(default_factory=dict)
    by_id: dict[Key, list[str]] = field(default_factory=dict)
    by_title: dict[str, list[str]] = field(default_factory=dict)
    by_spelling: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for table, key in ((self.by_url, lambda r: r.url_key), (self.by_id, lambda r: id_key(r.id)),
                           (self.by_title, lambda r: title_key(r.title)),
                           (self.by_spelling, lambda r: spelling_key(r.subject))):
            grouped: dict[Any, list[str]] = defaultdict(list)
            for path in sorted(self.articles):
                ref = self.articles[path].ref
                value = key(ref) if ref is not None else None
                if value is not None:
                    grouped[value].append(path)
            table.update(grouped)

    def titles(self) -> dict[str, str]:
        return {path: " ".join(str(f.ref.title).split()) for path, f in self.articles.items()
                if f.ref is not None and isinstance(f.ref.title, str)}


def folder_facts(project: Project) -> FolderFacts:
    """The index's articles (about half a second at 35,000 files: run it off the GUI thread).
    Their links are not kept: a linker's links are read from the index when it is rechecked."""
    subjects = {path: (subject, line) for path, subject, line in project.field_rows("subject")}
    articles = {}
    listing = {path: (title, url) for path, title, url in project.listing()}
    for path, id_, id_line in project.field_rows("id"):
        title, url = listing.get(path, (None, None))
        subject, subject_line = subjects.get(path, (None, None))
        articles[path] = Facts(path, ArticleRef(path, id_, title, subject, url, url_key(url)), (), id_line, subject_line)
    return FolderFacts(articles)


@dataclass(frozen=True)
class Update:
    """The problems a file has now: all of them (``codes`` None), or those of ``codes`` only."""

    path: str
    problems: list[Problem]
    codes: frozenset[str] | None = None


@dataclass
class Recheck:
    updates: list[Update]
    facts: dict[str, Facts]  # the re-read files: the caller keeps them for the next recheck
    titles: dict[str, str]  # path -> title of every file an update names (for lists)
    folder: FolderFacts | None = None  # set when recheck had to build it (no full check yet)


class _View:
    """The folder as the index says, with the re-read files on top."""

    def __init__(self, folder: FolderFacts, overrides: Mapping[str, Facts]) -> None:
        self.folder, self.overrides = folder, overrides

    def facts(self, path: str) -> Facts | None:
        return self.overrides.get(path) or self.folder.articles.get(path)

    def holders(self, table: str, key: Any, key_of: Callable[[ArticleRef], Any]) -> list[str]:
        """Paths of the articles whose key (url, id, title, spelling) is ``key``, in path order."""
        if key is None:
            return []
        found = [p for p in getattr(self.folder, table).get(key, ()) if p not in self.overrides]
        found += [p for p, f in self.overrides.items() if f.ref is not None and key_of(f.ref) == key]
        return sorted(set(found))

    def ref(self, path: str) -> ArticleRef | None:
        facts = self.facts(path)
        return facts.ref if facts is not None else None


def _read(project: Project, path: str, buffers: Mapping[str, bytes]) -> Version:
    if path in buffers:
        return load_version(buffers[path], path)
    try:
        return load_version((Path(project.folder) / path).read_bytes(), path)
    except FileNotFoundError:
        return load_version(None)
    except OSError:
        return load_version(b"", path)


def recheck(
    project: Project,
    folder: FolderFacts | None,
    overrides: Mapping[str, Facts],
    changed: Iterable[str],
    buffers: Mapping[str, bytes] | None = None,
    rules: RulesCache | None = None,
) -> Recheck:
    """The problems of the ``changed`` files and of the files they affect (module docstring).

    ``buffers``: path -> text of each open, modified article (it stands in for the file);
    ``overrides``: the ``Recheck.facts`` kept from earlier rechecks since ``folder`` was built.
    """
    buffers = buffers or {}
    built = None
    if folder is None:
        folder = built = folder_facts(project)
    rules = rules or RulesCache(project.folder)
    changed = sorted(set(changed))
    before = _View(folder, overrides)
    versions = {path: _read(project, path, buffers) for path in changed}
    # Every open, edited article stands for its file (they are few, and cheap to read).
    new_facts = {path: facts_of(path, load_version(data, path)) for path, data in buffers.items()}
    new_facts.update((path, facts_of(path, version)) for path, version in versions.items())
    view = _View(folder, {**overrides, **new_facts})
    linkers = _linkers(project, before, view, changed, buffers)
    links = {path: _links(project, view, path) for path in [*changed, *linkers]}
    link_found = _group(link_problems(_link_articles(view, links), [l for ls in links.values() for l in ls]))

    id_holders = sorted({p for path in changed for v in (before, view)
                         for p in v.holders("by_id", id_key(getattr(v.ref(path), "id", None)), lambda r: id_key(r.id))})
    id_rows = [(p, ref.id, view.facts(p).id_line) for p in id_holders if (ref := view.ref(p)) is not None]  # type: ignore[union-attr]
    id_found = _group(id_duplicates(id_rows))
    spellings = {spelling_key(getattr(view.ref(path), "subject", None)) for path in changed}
    subject_rows = [(p, ref.subject, view.facts(p).subject_line)  # type: ignore[union-attr]
                    for key in spellings for p in view.holders("by_spelling", key, lambda r: spelling_key(r.subject))
                    if (ref := view.ref(p)) is not None]
    subject_found = _group(subject_variants(subject_rows))

    updates = []
    site = project_site(project)
    schemas = SiteSchemas(site)
    for path in changed:
        version = versions[path]
        own = version_problems(path, version, rules) if version.exists else []
        if version.readable:  # images come and go without the file changing: not in the index
            own += file_missing_images(site, schemas, path, version.values, version.lines.get)
        found = own + link_found.get(path, []) + id_found.get(path, []) + subject_found.get(path, [])
        updates.append(Update(path, sorted(found, key=Problem.sort_key)))
    updates += [Update(path, link_found.get(path, []), LINK_CODES) for path in linkers]
    updates += [Update(path, id_found.get(path, []), ID_CODES) for path in id_holders if path not in changed]
    titles = {u.path: " ".join(str(ref.title).split()) for u in updates
              if (ref := view.ref(u.path)) is not None and isinstance(ref.title, str)}
    return Recheck(updates, new_facts, titles, built)


def _linkers(project: Project, before: _View, view: _View, changed: list[str], buffers: Mapping[str, bytes]) -> list[str]:
    """Files other than ``changed`` with a related link to a changed file's old or new url."""
    keys = {ref.url_key for path in changed for v in (before, view) if (ref := v.ref(path)) is not None and ref.url_key}
    found = {link.path for key in keys for link in project.links_to(key)}
    # An open, edited article may link to a changed one although the index does not say so yet.
    for path in buffers:
        facts = view.facts(path)
        if facts is not None and any(link.url_key in keys for link in facts.links):
            found.add(path)
    return sorted(found - set(changed))


def _links(project: Project, view: _View, path: str) -> list[Link]:
    """A file's related links: as re-read when it was, else as the index holds them."""
    if path in view.overrides:
        return list(view.overrides[path].links)
    info = project.article_at(path)
    return list(info.links) if info is not None and not info.error else []


def _link_articles(view: _View, links: dict[str, list[Link]]) -> list[ArticleRef]:
    """What ``link_problems`` needs to judge these links as it would over the whole folder: the
    linking files, every article holding a link's url, and for a link that resolves nowhere,
    every article with its id or title (the candidates of its "did you mean" fix)."""
    paths = set(links)
    for link in (l for ls in links.values() for l in ls):
        holders = view.holders("by_url", link.url_key, lambda r: r.url_key)
        paths.update(holders)
        if not holders:
            paths.update(view.holders("by_id", id_key(link.id), lambda r: id_key(r.id)))
            paths.update(view.holders("by_title", title_key(link.title), lambda r: title_key(r.title)))
    return [ref for path in sorted(paths) if (ref := view.ref(path)) is not None]


def _group(problems: list[Problem]) -> dict[str, list[Problem]]:
    grouped: dict[str, list[Problem]] = defaultdict(list)
    for found in problems:
        grouped[found.path].append(found)
    return grouped
