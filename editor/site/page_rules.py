"""The site's page rules: what a file's published page carries, per collection, from templates.

The rules live in ``resources/site/page-rules.yml`` (the defaults of this site family, whose
comments describe the format) and a project may change them in ``.article-editor/page-rules.yml``.
``page_meta`` applies them to one file's front matter: the composed ``<title>``, the meta
description, robots, the canonical link and the heading, which the Page and Search-result views
show and the SEO checks measure. It is pure; loading the rules is ``load_page_rules``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Mapping

from editor.resources import resource
from editor.site.config_file import ConfigError, ConfigFile, read_config
from editor.site.model import WARNING, Collection, SiteMessage

BUNDLED = resource("site", "page-rules.yml")
PROJECT_FILE = ".article-editor/page-rules.yml"
NOINDEX_CONDITIONS = frozenset({"no_index", "unlisted_subject"})
_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")
_TRUE = frozenset({"true", "yes"})


@dataclass(frozen=True)
class RuleSet:
    """One kind's rules; every text is a template (see the rules file)."""

    name: str
    collections: tuple[str, ...] = ()
    title: str = "{title}"
    description: str = "{description}"
    canonical: str = ""
    canonical_field: str = ""
    noindex: tuple[str, ...] = ()
    heading: str = "{title}"
    lead: str = ""
    image: str = ""
    image_alt: str = ""
    body_label: str = ""


_TEMPLATE_KEYS = tuple(f.name for f in fields(RuleSet) if f.name not in ("name", "collections", "noindex"))


@dataclass(frozen=True)
class PageRules:
    """All rule sets of a project, and the values their templates share."""

    rule_sets: dict[str, RuleSet] = field(default_factory=dict)
    site_url: str = ""
    subjects: dict[str, str] = field(default_factory=dict)
    outside_collections: str = "answer"
    default: str = "page"

    def for_collection(self, collection: Collection | None) -> RuleSet:
        """The rule set of a file of ``collection``: the one the collection names, else one that
        lists the collection, else the default; ``outside_collections`` for no collection."""
        if collection is None:
            return self._named(self.outside_collections)
        if collection.page_rules in self.rule_sets:
            return self.rule_sets[collection.page_rules]
        listing = next((r for r in self.rule_sets.values() if collection.name in r.collections), None)
        return listing or self._named(self.default)

    def _named(self, name: str) -> RuleSet:
        return self.rule_sets.get(name) or RuleSet(name)


@dataclass(frozen=True)
class PageMeta:
    """What a file's published page carries. ``robots`` is None when the page may be indexed;
    ``noindex_reasons`` says why not; ``canonical_elsewhere`` when the front matter points the
    canonical link at another page (search engines then show that page instead)."""

    title: str
    description: str
    robots: str | None
    canonical: str
    heading: str
    lead: str = ""
    image: str = ""
    image_alt: str = ""
    body_label: str = ""
    rule_set: str = ""
    noindex_reasons: tuple[str, ...] = ()
    canonical_elsewhere: bool = False

    @property
    def indexed(self) -> bool:
        """True when search engines list this page under its own address."""
        return self.robots is None and not self.canonical_elsewhere


def page_meta(article_data: Mapping[str, Any], relpath: str, collection: Collection | None, rules: PageRules) -> PageMeta:
    """The published page of the file at ``relpath`` (relative to the site root) whose front
    matter is ``article_data`` (values as stored), by the rules of its collection."""
    rule_set = rules.for_collection(collection)
    folder, _, name = relpath.replace("\\", "/").rpartition("/")
    subject_folder = folder.rpartition("/")[2]
    computed = {
        "stem": name[:-3] if name.endswith(".md") else name,
        "subject_folder": subject_folder,
        "subject_title": rules.subjects.get(subject_folder) or _text(article_data, "subject"),
        "site_url": rules.site_url.rstrip("/"),
    }

    def fill(template: str) -> str:
        return _PLACEHOLDER.sub(lambda m: _first(article_data, computed, m.group(1)), template).strip()

    canonical = fill(rule_set.canonical)
    own = _text(article_data, rule_set.canonical_field) if rule_set.canonical_field else ""
    elsewhere = bool(own) and own != canonical
    reasons = []
    if "no_index" in rule_set.noindex and _is_true(article_data.get("no_index")):
        reasons.append("no_index")
    if "unlisted_subject" in rule_set.noindex and rules.subjects and subject_folder not in rules.subjects:
        reasons.append("unlisted_subject")
    return PageMeta(
        title=fill(rule_set.title),
        description=fill(rule_set.description),
        robots="noindex" if reasons else None,
        canonical=own or canonical,
        heading=fill(rule_set.heading),
        lead=fill(rule_set.lead),
        image=fill(rule_set.image),
        image_alt=fill(rule_set.image_alt),
        body_label=fill(rule_set.body_label),
        rule_set=rule_set.name,
        noindex_reasons=tuple(reasons),
        canonical_elsewhere=elsewhere,
    )


def _first(data: Mapping[str, Any], computed: Mapping[str, str], alternatives: str) -> str:
    for key in alternatives.split("|"):
        key = key.strip()
        value = computed[key] if key in computed else _text(data, key)
        if value:
            return value
    return ""


def _text(data: Mapping[str, Any], key: str) -> str:
    value: Any = data
    for part in key.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    if value is None or isinstance(value, (Mapping, list)):
        return ""
    return str(value).strip()


def _is_true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() in _TRUE)


def load_page_rules(root: str | Path | None = None) -> tuple[PageRules, list[SiteMessage]]:
    """The bundled rules with the project's ``.article-editor/page-rules.yml`` over them, and
    messages about either file (a broken project file leaves the bundled rules in force)."""
    messages: list[SiteMessage] = []
    raw: dict[str, Any] = {"rule_sets": {}}
    sources = [(BUNDLED.parent, BUNDLED.name, "resources/site/page-rules.yml")]
    if root is not None and (Path(root) / PROJECT_FILE).is_file():
        sources.append((Path(root), PROJECT_FILE, PROJECT_FILE))
    for base, relpath, label in sources:
        try:
            config = read_config(base, relpath)
        except ConfigError as exc:
            messages.append(SiteMessage(label, exc.line, WARNING, "config-invalid", exc.message))
            continue
        _overlay(raw, ConfigFile(label, config.data, config.node), messages)
    return _rules(raw), messages


def _overlay(raw: dict[str, Any], config: ConfigFile, messages: list[SiteMessage]) -> None:
    def warn(keys: tuple[str, ...], message: str) -> None:
        messages.append(SiteMessage(config.path, config.line(*keys), WARNING, "config-invalid", message))

    for key, value in config.data.items():
        if key in ("site_url", "outside_collections", "default") and isinstance(value, str):
            raw[key] = value
        elif key == "subjects" and isinstance(value, dict):
            raw[key] = {str(k): str(v) for k, v in value.items()}
        elif key == "rule_sets" and isinstance(value, dict):
            for name, rule_set in value.items():
                if isinstance(rule_set, dict):
                    raw["rule_sets"].setdefault(str(name), {}).update(_rule_set(str(name), rule_set, warn))
                else:
                    warn((key, str(name)), f"rule set '{name}' must be a mapping of templates")
        else:
            warn((str(key),), f"'{key}' is not a page-rules setting, or has the wrong shape")


def _rule_set(name: str, raw: dict[str, Any], warn: Any) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    for key, value in raw.items():
        where = ("rule_sets", name, str(key))
        if key in _TEMPLATE_KEYS and isinstance(value, str):
            kept[key] = value
        elif key in ("collections", "noindex") and isinstance(value, list) and all(isinstance(v, str) for v in value):
            unknown = set(value) - NOINDEX_CONDITIONS if key == "noindex" else set()
            if unknown:
                warn(where, f"unknown noindex condition(s) {', '.join(sorted(unknown))} (known: {', '.join(sorted(NOINDEX_CONDITIONS))})")
            kept[key] = tuple(v for v in value if key != "noindex" or v in NOINDEX_CONDITIONS)
        else:
            warn(where, f"'{key}' of rule set '{name}' is not a rule, or has the wrong shape (templates are text)")
    return kept


def _rules(raw: dict[str, Any]) -> PageRules:
    return PageRules(
        rule_sets={name: RuleSet(name, **values) for name, values in raw["rule_sets"].items()},
        site_url=raw.get("site_url", ""),
        subjects=raw.get("subjects", {}),
        outside_collections=raw.get("outside_collections", "answer"),
        default=raw.get("default", "page"),
    )
