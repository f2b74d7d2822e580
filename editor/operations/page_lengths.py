"""The SEO length checks on what the site publishes: the composed ``<title>`` and description.

Search engines show a page's ``<title>`` and meta description, which the site's page rules
compose (``editor.site.page_meta``): on an answer the title is ``Student Question : <title> |
<subject> | QuickTakes``, not the ``title`` field. So ``title-length`` and
``seo-description-length`` measure those texts, in pixels of Arial as engines cut them
(``editor.render.text_width``), with thresholds a project sets per rule and collection
(``rules:`` in ``.article-editor/config.yml``):

- ``title-length``: ``max_px`` (default 580) at ``font_px`` (20); ``max`` characters when set;
- ``seo-description-length``: ``max_px`` (920) at ``font_px`` (14); ``min`` characters (50);
  ``max`` characters when set.

A problem names the front-matter field the text comes from (the first non-empty one its
template names: ``seo.title`` or ``title``, ``seo.page_description`` or ``description``), on
that field's line.

Why here and not while indexing: the index stores neither the description nor ``seo.title``,
and it runs below the site's page rules, so ``check_site`` reads the front matter of the
indexed files again (with the index's own fast scanner) and replaces the index's bare-field
length problems with these. See ``editor.operations.check`` for the seam that would let the
index store the published texts instead.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable, Mapping

from editor.checks.problem import SEVERITY, Problem
from editor.index import canonical
from editor.index.scan import LINE_OFFSET, scan_bytes
from editor.render.text_width import (
    DESCRIPTION_FONT_PX,
    DESCRIPTION_MAX_PX,
    TITLE_FONT_PX,
    TITLE_MAX_PX,
    text_width,
)
from editor.site.locate import Publishing
from editor.site.page_rules import page_meta
from editor.site.rule_settings import RuleSettings

TITLE, DESCRIPTION = "title-length", "seo-description-length"
LENGTH_CODES = frozenset({TITLE, DESCRIPTION})
DEFAULT_THRESHOLDS: dict[str, dict[str, float]] = {
    TITLE: {"max_px": TITLE_MAX_PX, "font_px": TITLE_FONT_PX},
    DESCRIPTION: {"max_px": DESCRIPTION_MAX_PX, "font_px": DESCRIPTION_FONT_PX, "min": 50},
}
_FALLBACK_FIELD = {TITLE: "title", DESCRIPTION: "seo.page_description"}
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_COMPUTED = frozenset({"stem", "subject_folder", "subject_title", "site_url"})


def source_field(template: str, data: Mapping[str, Any]) -> str | None:
    """The front-matter key a composed text takes its words from: the first alternative of the
    template's placeholders that is a non-empty front-matter value."""
    for placeholder in _PLACEHOLDER.findall(template):
        for key in (part.strip() for part in placeholder.split("|")):
            if key not in _COMPUTED and _has_text(data, key):
                return key
    return None


def _has_text(data: Mapping[str, Any], key: str) -> bool:
    value: Any = data
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None  # front matter loads as dicts
    return value is not None and not isinstance(value, (dict, list)) and bool(str(value).strip())


class Limits:
    """The thresholds of both length checks per collection, looked up once per collection."""

    def __init__(self, settings: RuleSettings) -> None:
        self.settings = settings
        self._cache: dict[tuple[str, str | None], dict[str, float | None]] = {}

    def __call__(self, code: str, collection: str | None) -> dict[str, float | None]:
        key = (code, collection)
        limits = self._cache.get(key)
        if limits is None:
            defaults: dict[str, float | None] = {"max": None, "min": None, **DEFAULT_THRESHOLDS[code]}
            limits = {name: self.settings.threshold(code, name, collection, default) for name, default in defaults.items()}
            self._cache[key] = limits
        return limits


def published_length_problems(relpath: str, site_relpath: str, data: Mapping[str, Any], lines: Mapping[str, int],
                              publishing: Publishing, settings: RuleSettings | Limits) -> list[Problem]:
    """The length problems of one file: ``relpath`` names it in the problems (relative to the
    checked folder), ``site_relpath`` places it in the site (collection, subject folder)."""
    limits_of = settings if isinstance(settings, Limits) else Limits(settings)
    collection = publishing.site.collection_for(site_relpath)
    name = collection.name if collection is not None else None
    meta = page_meta(data, site_relpath, collection, publishing.rules)
    found = []
    for code, text, what in ((TITLE, meta.title, "title"), (DESCRIPTION, meta.description, "description")):
        text = " ".join(text.split())
        if not text:
            continue  # an empty text is the missing-field check's to report
        message = _message(what, text, limits_of(code, name))
        if message is None:
            continue
        rule_set = publishing.rules.for_collection(collection)
        field = source_field(rule_set.title if code == TITLE else rule_set.description, data) or _FALLBACK_FIELD[code]
        line = lines.get(field) or lines.get(field.split(".")[0]) or 1
        found.append(Problem(relpath, line, field, SEVERITY[code], code, message))
    return found


def _message(what: str, text: str, limits: Mapping[str, float | None]) -> str | None:
    font_px = limits.get("font_px") or 16
    width = text_width(text, font_px)
    max_px, max_chars, min_chars = limits.get("max_px"), limits.get("max"), limits.get("min")
    shown = f'"{text}"' if len(text) <= 90 else f'"{text[:87]}…"'
    if max_px is not None and width > max_px:
        return (f"the published {what} {shown} is {round(width)} px wide in {font_px:g} px Arial "
                f"({len(text)} characters); search results cut it after about {max_px:g} px")
    if max_chars is not None and len(text) > max_chars:
        return f"the published {what} {shown} is {len(text)} characters; the project's limit is {max_chars:g}"
    if min_chars is not None and len(text) < min_chars:
        return (f"the published {what} {shown} is {len(text)} characters; search engines may write "
                f"their own below {min_chars:g}")
    return None


def folder_length_problems(folder: Path, relpaths: Iterable[str], publishing: Publishing,
                           settings: RuleSettings) -> list[Problem]:
    """The length problems of the files at ``relpaths`` (relative to ``folder``, which is in the
    site of ``publishing``), reading each file's front matter with the index's scanner. Files
    that do not load, and schema templates, have none."""
    base = publishing.relpath(folder) or ""
    prefix = f"{base}/" if base else ""
    found: list[Problem] = []
    limits = Limits(settings)
    for relpath in relpaths:
        site_relpath = prefix + relpath
        if publishing.site.is_schema_template(site_relpath):
            continue
        try:
            raw = (folder / relpath).read_bytes()
        except OSError:
            continue  # gone since it was indexed; the next index drops it
        data, lines = _front_matter(raw, relpath)
        if data is not None:
            found += published_length_problems(relpath, site_relpath, data, lines, publishing, limits)
    return found


def _front_matter(raw: bytes, relpath: str) -> tuple[dict[str, Any] | None, dict[str, int]]:
    """A file's values and key lines, as the index reads them: the site's canonical layout in one
    match without its related links (the length checks do not read them), else the scanner."""
    groups = canonical.match_file(raw)
    data = canonical.header(groups) if groups is not None else None
    if data is not None:
        return data, canonical.line_template([], LINE_OFFSET)
    scan = scan_bytes(raw, relpath)
    return scan.data, scan.lines
