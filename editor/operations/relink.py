"""Project-wide link fixes: update stale related links, and rename or move an article.

Renaming and moving an article lives in ``editor.rename`` and uses the same plan and apply.

Every operation comes in two steps, so the UI and the CLI can show what will happen and ask
once before anything is written:

1. ``plan_*`` reads the files and returns a :class:`Plan`: the files that will change and, per
   file, each field edit with its old and new value and line.
2. :func:`apply` performs the plan. Each file is re-loaded, edited through
   ``Article.set`` and written through ``Article.save`` (atomic, minimal diff), so only the
   edited lines change. It returns a :class:`Summary`; one failing file does not stop the rest.

A related link is a copy of its target's ``id``, ``title``, ``subject`` and ``url``. It is stale
when it resolves (its url equals a target's url, compared after stripping white space) but one
of the other three values differs from the target's loaded YAML value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable


RELATED_KEY = re.compile(r"^related_article(\d+)$")
COPIED_FIELDS = ("id", "title", "subject")
MISSING: Any = object()  # a link without the field at all


@dataclass(frozen=True)
class LinkTarget:
    """The values a related link copies from the article it points at."""

    url: str
    id: Any
    title: Any
    subject: Any
    path: Path | None = None


Lookup = Callable[[str], "LinkTarget | None"]


@dataclass(frozen=True)
class Edit:
    """One field change: ``field`` is a dotted key such as ``related_article2.title``."""

    field: str
    old: Any
    new: Any
    line: int | None = None

    def describe(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}{self.field}: {show_value(self.old)} -> {show_value(self.new)}"


@dataclass
class FileChange:
    """The edits to one file; ``new_path`` is set when the file itself is renamed or moved."""

    path: Path
    edits: list[Edit] = field(default_factory=list)
    new_path: Path | None = None
    # The Article the plan was made from, reused by apply() so each file is parsed once; its save
    # still refuses to write if the file changed on disk after planning.
    article: Any = field(default=None, repr=False, compare=False)


@dataclass
class Plan:
    """What an operation will change, before anything is written."""

    title: str
    changes: list[FileChange] = field(default_factory=list)

    @property
    def files(self) -> list[Path]:
        return [change.path for change in self.changes]

    @property
    def edit_count(self) -> int:
        return sum(len(change.edits) for change in self.changes)

    def __bool__(self) -> bool:
        return any(change.edits or change.new_path for change in self.changes)

    def lines(self, root: Path | None = None) -> list[str]:
        """A readable listing: each file, then its edits indented."""
        out: list[str] = []
        for change in self.changes:
            head = relative(change.path, root)
            if change.new_path is not None:
                head += f" -> {relative(change.new_path, root)}"
            out.append(head)
            out.extend("  " + edit.describe() for edit in change.edits)
        return out


@dataclass
class Summary:
    """What :func:`apply` did."""

    files_changed: list[Path] = field(default_factory=list)
    edits: int = 0
    failures: list[tuple[Path, str]] = field(default_factory=list)

    def text(self) -> str:
        noun = "file" if len(self.files_changed) == 1 else "files"
        message = f"Changed {self.edits} field(s) in {len(self.files_changed)} {noun}."
        if self.failures:
            message += f" {len(self.failures)} file(s) failed: " + "; ".join(
                f"{path.name}: {reason}" for path, reason in self.failures
            )
        return message


def show_value(value: Any) -> str:
    """A value on one short line, for previews and the CLI."""
    if value is MISSING:
        return "(missing)"
    text = " ".join(str(value).split()) if isinstance(value, str) else repr(value)
    return text if len(text) <= 70 else text[:67] + "..."


def relative(path: Path, root: Path | None) -> str:
    """``path`` relative to ``root`` when it is inside it, for listings."""
    if root is not None:
        try:
            return str(Path(path).relative_to(root))
        except ValueError:
            pass
    return str(path)


def norm(value: Any) -> Any:
    """Strings stripped, other values as they are (how link values are compared and copied)."""
    return value.strip() if isinstance(value, str) else value


def differs(have: Any, want: Any) -> bool:
    """The link rule: loaded YAML values compared with types kept, strings stripped."""
    have, want = norm(have), norm(want)
    return type(have) is not type(want) or have != want


def related_slots(article: Any) -> list[tuple[int, str]]:
    """``(slot number, key)`` of every related_articleN key, in slot order."""
    found = []
    for key in article.keys():
        match = RELATED_KEY.match(key)
        if match:
            found.append((int(match.group(1)), key))
    return sorted(found)


def line_of(article: Any, key: str) -> int | None:
    """The 1-based line of a dotted key, or None when the article cannot say."""
    try:
        return article.line_of(key)
    except (KeyError, AttributeError, ValueError):
        return None


def stale_edits(article: Any, lookup: Lookup, slots: Iterable[int] | None = None) -> list[Edit]:
    """The edits that bring ``article``'s stale related links up to date with their targets.

    Broken links (no target) and values the target does not have are left alone.
    """
    wanted = set(slots) if slots is not None else None
    edits: list[Edit] = []
    for slot, key in related_slots(article):
        if wanted is not None and slot not in wanted:
            continue
        link = article.get(key, None)
        if not isinstance(link, dict):
            continue
        target = lookup(str(link.get("url", "")).strip())
        if target is None:
            continue
        for name in COPIED_FIELDS:
            want = getattr(target, name)
            if want is None:
                continue
            have = link.get(name, MISSING)
            if have is MISSING or differs(have, want):
                edits.append(Edit(f"{key}.{name}", have, norm(want), line_of(article, f"{key}.{name}")))
    return edits


def link_statuses(article: Any, lookup: Lookup | None) -> dict[int, list[str]]:
    """Per slot, its problems (``broken``, ``self``, ``duplicate``, ``stale``) or ``["ok"]``.

    Without a lookup (no project) only ``self`` and ``duplicate`` can be known, and a slot without
    them gets an empty list. The codes are independent, as in the project checks.
    """
    own = str(article.get("url", "") or "").strip()
    seen: set[str] = set()
    statuses: dict[int, list[str]] = {}
    for slot, key in related_slots(article):
        link = article.get(key, None)
        link = link if isinstance(link, dict) else {}
        url = str(link.get("url", "") or "").strip()
        codes: list[str] = []
        target = lookup(url) if lookup is not None and url else None
        if lookup is not None and target is None:
            codes.append("broken")
        if url and url == own:
            codes.append("self")
        if url and url in seen:
            codes.append("duplicate")
        if target is not None and any(
            getattr(target, name) is not None and (name not in link or differs(link[name], getattr(target, name)))
            for name in COPIED_FIELDS
        ):
            codes.append("stale")
        seen.add(url)
        statuses[slot] = codes or (["ok"] if lookup is not None else [])
    return statuses


# -- lookups over a project ------------------------------------------------------------------------


def target_from_article(article: Any) -> LinkTarget:
    return LinkTarget(
        url=str(article.get("url", "")).strip(),
        id=article.get("id", None),
        title=norm(article.get("title", None)),
        subject=norm(article.get("subject", None)),
        path=article.path,
    )


def project_lookup(project: Any) -> Lookup:
    """Resolve urls through the project's index (``project.by_url``), caching each answer.

    The index holds the target's id, title and subject exactly as YAML loads them (the project's
    fast scan is checked against a full parse), so no target file needs to be opened.
    """
    cache: dict[str, LinkTarget | None] = {}

    def lookup(url: str) -> LinkTarget | None:
        url = url.strip()
        if url not in cache:
            info = project.by_url(url) if url else None
            cache[url] = None if info is None or getattr(info, "error", None) else LinkTarget(
                url=str(info.url).strip(),
                id=info.id,
                title=norm(info.title),
                subject=norm(info.subject),
                path=absolute(project, info.path),
            )
        return cache[url]

    return lookup


def absolute(project: Any, path: Path | str) -> Path:
    """A project-relative path made absolute (absolute paths pass through)."""
    path = Path(path)
    return path if path.is_absolute() else Path(project.folder) / path


def load(path: Path) -> Any:
    from editor.article.article import Article

    return Article.load(path)


@dataclass(frozen=True)
class Backlink:
    """An article whose related links point at a given one."""

    path: Path
    title: str


def backlink_records(project: Any, url: str) -> list[Backlink]:
    """The articles linking to ``url`` (one entry per article, in path order), with their titles."""
    found: dict[Path, Backlink] = {}
    for link in project.backlinks(url.strip()):
        path = absolute(project, link.path)
        if path not in found:
            info = project.article_at(link.path)
            title = " ".join(str(getattr(info, "title", "") or "").split()) if info is not None else ""
            found[path] = Backlink(path, title or path.name)
    return [found[p] for p in sorted(found)]


def project_link_problems(project: Any) -> list[Any]:
    """The project's related-link problems (broken, stale, self, duplicate) from its index."""
    from editor.checks.links import link_problems

    articles, links = project.link_graph()
    return link_problems(articles, links)


def stale_link_paths(project: Any) -> list[Path]:
    """Files whose related links the project's link checks report stale, in path order."""
    problems = project_link_problems(project)
    return sorted({absolute(project, p.path) for p in problems if p.code == "related-stale"})


def plan_stale(
    project: Any,
    path: Path | str | None = None,
    slot: int | None = None,
    lookup: Lookup | None = None,
    article: Any = None,
) -> Plan:
    """Update stale links: one link (``path`` and ``slot``), one article (``path``) or the project.

    ``article`` may pass an already-loaded (possibly edited) Article for ``path``.
    """
    lookup = lookup or project_lookup(project)
    if path is None:
        paths = stale_link_paths(project)
        title = "Update stale links across the project"
    else:
        paths = [absolute(project, path)]
        title = "Update stale link" if slot is not None else "Update stale links in this article"
    plan = Plan(title)
    for file_path in paths:
        given = article is not None and path is not None
        try:
            doc = article if given else load(file_path)
        except Exception:  # a file that no longer parses is reported by the checks, not fixed here
            continue
        edits = stale_edits(doc, lookup, None if slot is None else [slot])
        if edits:
            plan.changes.append(FileChange(file_path, edits, article=None if given else doc))
    return plan


# -- applying --------------------------------------------------------------------------------------


def apply(plan: Plan, skip: Iterable[Path] = ()) -> Summary:
    """Write every change of ``plan``; files in ``skip`` (e.g. open in an editor) are left out.

    A renamed file is saved under its new name first and the old file removed only after that
    save succeeded, so a failure never loses the article.
    """
    skipped = {Path(p) for p in skip}
    summary = Summary()
    for change in plan.changes:
        if change.path in skipped:
            continue
        try:
            article = change.article if change.article is not None else load(change.path)
            change.article = None  # applied once; a second apply() re-reads the file
            for edit in change.edits:
                article.set(edit.field, edit.new)
            if change.new_path is not None:
                if article.disk_changed():
                    # Saving elsewhere skips the in-place conflict check; removing the old file
                    # would then lose whatever changed in it since the plan was made.
                    raise ValueError("the file changed on disk since the preview; rename it again")
                change.new_path.parent.mkdir(parents=True, exist_ok=True)
                article.save(change.new_path)
                change.path.unlink()
                summary.files_changed.append(change.new_path)
            else:
                article.save()
                summary.files_changed.append(change.path)
            summary.edits += len(change.edits)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop a project-wide fix
            summary.failures.append((change.path, str(exc)))
    return summary
