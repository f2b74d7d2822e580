"""Rename or move an article, and repoint every related link at it, as a previewable plan.

The article gets its new ``file_name`` and ``url`` (and ``subject`` when moved to another
subject); its file is renamed, or moved to the sibling subject folder in folders laid out per
subject. Every related link across the project that points at the old url gets the new url and
the target's current id, title and subject. ``plan_rename`` writes nothing; ``editor.relink.apply``
performs the plan, saving the article under its new name before removing the old file.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from editor.operations.relink import (
    COPIED_FIELDS,
    MISSING,
    Edit,
    FileChange,
    LinkTarget,
    Plan,
    absolute,
    backlink_records,
    differs,
    line_of,
    load,
    norm,
    related_slots,
)
from editor.article.slug import slugify, subject_slug, url_for


def _url_folder(url: str) -> str | None:
    parts = url.strip().split("/")
    # /learn/<subject folder>/questions/<stem>
    if len(parts) == 5 and parts[0] == "" and parts[1] == "learn" and parts[3] == "questions":
        return parts[2]
    return None


def plan_rename(
    project: Any,
    path: Path | str,
    new_stem: str | None = None,
    new_subject: str | None = None,
    backlinks: Iterable[Path | str] | None = None,
) -> Plan:
    """Rename (new file stem, by default the slug of the current title) and/or move (new subject).

    The article gets its new ``file_name``, ``url`` (and ``subject`` when moved) and, when moved,
    lands in the subject's folder next to the old one. Every related link across the project that
    points at the old url gets the new url and the target's current title and subject.
    """
    path = absolute(project, path)
    article = load(path)
    old_url = str(article.get("url", "")).strip()
    stem = new_stem if new_stem is not None else slugify(str(article.get("title", "")))
    if not stem:
        raise ValueError(f"{path}: cannot derive a file name from an empty title")
    old_folder = _url_folder(old_url)
    folder_name = old_folder or path.parent.name
    new_dir = path.parent
    if new_subject is not None:
        folder_name = subject_slug(new_subject)
        # In folders laid out per subject the file moves to the sibling subject folder.
        if old_folder is not None and path.parent.name == old_folder:
            new_dir = path.parent.parent / folder_name
    new_url = url_for(folder_name, stem)
    new_path = new_dir / f"{stem}.md"
    if new_path != path and new_path.exists():
        raise ValueError(f"{new_path}: a file with that name already exists")

    own = FileChange(path, new_path=new_path if new_path != path else None, article=article)
    wanted: dict[str, Any] = {"file_name": f"{stem}.md", "url": new_url}
    if new_subject is not None:
        wanted["subject"] = new_subject
    for key, value in wanted.items():
        have = article.get(key, MISSING)
        if have is MISSING or differs(have, value):
            own.edits.append(Edit(key, have, value, line_of(article, key)))
    plan = Plan(f"Rename {path.name}", [own] if (own.edits or own.new_path) else [])

    target = LinkTarget(
        url=new_url,
        id=article.get("id", None),
        title=norm(article.get("title", None)),
        subject=new_subject if new_subject is not None else norm(article.get("subject", None)),
        path=new_path,
    )
    if backlinks is None:
        backlinks = [record.path for record in backlink_records(project, old_url)]
    for linker in sorted({absolute(project, p) for p in backlinks}):
        if linker == path:
            continue
        try:
            doc = load(linker)
        except Exception:
            continue
        change = FileChange(linker, _retarget_edits(doc, old_url, target), article=doc)
        if change.edits:
            plan.changes.append(change)
    return plan


def _retarget_edits(article: Any, old_url: str, target: LinkTarget) -> list[Edit]:
    edits: list[Edit] = []
    for _slot, key in related_slots(article):
        link = article.get(key, None)
        if not isinstance(link, dict) or str(link.get("url", "")).strip() != old_url:
            continue
        for name in ("url", *COPIED_FIELDS):
            want = getattr(target, name)
            have = link.get(name, MISSING)
            if want is not None and (have is MISSING or differs(have, want)):
                edits.append(Edit(f"{key}.{name}", have, want, line_of(article, f"{key}.{name}")))
    return edits
