"""A project's settings for the checks: per rule code and per collection, a severity and thresholds.

Written under ``rules:`` in ``.article-editor/config.yml`` (see docs/project-config.md), as
ruff and markdownlint let a project tune its rules::

    rules:
      seo-description-length: off          # a severity alone: error, warning, info or off
      title-length:
        severity: info
        max: 70                            # thresholds: any number a rule reads
        collections:
          posts: off                       # per collection: a severity, or the same mapping
          answers: {severity: warning, max: 65}

The most specific setting wins: the collection's, then the rule's, then the rule's own default.
Everything here is pure: ``parse_rule_settings`` takes the loaded ``rules`` value,
``apply_rule_settings`` a list of problems; ``select_problems`` is ``check --select/--ignore/--severity``.
"""
from __future__ import annotations

import dataclasses
import fnmatch
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from editor.checks.problem import Problem

SEVERITIES = ("error", "warning", "info", "off")
_RANK = {"error": 0, "warning": 1, "info": 2}
Complaint = tuple[tuple[str, ...], str]  # (keys under ``rules``, message)


@dataclass(frozen=True)
class RuleSetting:
    """One rule's setting: ``severity`` None keeps the rule's own."""

    severity: str | None = None
    thresholds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleSettings:
    """All rule settings of a project; empty settings change nothing."""

    rules: dict[str, RuleSetting] = field(default_factory=dict)
    collections: dict[str, dict[str, RuleSetting]] = field(default_factory=dict)  # code -> collection -> setting

    def _chain(self, code: str, collection: str | None) -> Iterable[RuleSetting]:
        if collection is not None and collection in self.collections.get(code, {}):
            yield self.collections[code][collection]
        if code in self.rules:
            yield self.rules[code]

    def severity(self, code: str, collection: str | None, default: str) -> str:
        """The severity of ``code`` for a file of ``collection`` (None: no collection); ``off``
        means the problem is not reported."""
        return next((s.severity for s in self._chain(code, collection) if s.severity), default)

    def threshold(self, code: str, name: str, collection: str | None = None, default: float | None = None) -> float | None:
        """The threshold ``name`` (``max``, ``min``...) of ``code`` for ``collection``, else ``default``."""
        return next((s.thresholds[name] for s in self._chain(code, collection) if name in s.thresholds), default)


def parse_rule_settings(raw: Any, known_codes: Iterable[str] = ()) -> tuple[RuleSettings, list[Complaint]]:
    """Rule settings from the ``rules`` value of a project file, and what is wrong with it.

    A value of the wrong shape is skipped with a complaint, so one typo does not undo the rest.
    Codes not in ``known_codes`` (when given) are kept, with a complaint: a newer editor may know them.
    """
    complaints: list[Complaint] = []
    if raw is None:
        return RuleSettings(), complaints
    if not isinstance(raw, dict):
        return RuleSettings(), [((), "'rules' must map rule codes to settings")]
    known = frozenset(known_codes)
    rules: dict[str, RuleSetting] = {}
    per_collection: dict[str, dict[str, RuleSetting]] = {}
    for code, value in raw.items():
        code = str(code)
        if known and code not in known:
            complaints.append(((code,), f"unknown rule code '{code}' (known: {', '.join(sorted(known))})"))
        setting = _setting(value, (code,), complaints, allow_collections=True)
        if setting is not None:
            rules[code] = setting
        if isinstance(value, dict) and "collections" in value:
            per_collection[code] = _collections(value["collections"], code, complaints)
    return RuleSettings(rules, per_collection), complaints


def _collections(raw: Any, code: str, complaints: list[Complaint]) -> dict[str, RuleSetting]:
    if not isinstance(raw, dict):
        complaints.append(((code, "collections"), f"'{code}.collections' must map collection names to settings"))
        return {}
    found = {}
    for name, value in raw.items():
        setting = _setting(value, (code, "collections", str(name)), complaints, allow_collections=False)
        if setting is not None:
            found[str(name)] = setting
    return found


def _setting(value: Any, where: tuple[str, ...], complaints: list[Complaint], allow_collections: bool) -> RuleSetting | None:
    label = ".".join(where)
    if value is False:  # YAML reads a bare ``off`` as false
        value = "off"
    if isinstance(value, str):
        if value.strip().lower() not in SEVERITIES:
            complaints.append((where, f"'{label}': severity must be one of {', '.join(SEVERITIES)}, not {value!r}"))
            return None
        return RuleSetting(severity=value.strip().lower())
    if not isinstance(value, dict):
        complaints.append((where, f"'{label}' must be a severity or a mapping such as {{severity: info, max: 70}}"))
        return None
    severity = None
    thresholds: dict[str, float] = {}
    for key, item in value.items():
        key = str(key)
        if key == "severity":
            item = "off" if item is False else item
            if isinstance(item, str) and item.strip().lower() in SEVERITIES:
                severity = item.strip().lower()
            else:
                complaints.append((where + (key,), f"'{label}.severity' must be one of {', '.join(SEVERITIES)}"))
        elif key == "collections" and allow_collections:
            continue
        elif isinstance(item, (int, float)) and not isinstance(item, bool):
            thresholds[key] = item
        else:
            complaints.append((where + (key,), f"'{label}.{key}' must be a number (a threshold) or 'severity'"))
    return RuleSetting(severity, thresholds)


def apply_rule_settings(
    problems: Iterable[Problem], settings: RuleSettings, collection_of: Callable[[str], str | None]
) -> list[Problem]:
    """``problems`` with each one's severity as the settings say, leaving out those set ``off``.

    ``collection_of`` gives the collection name of a problem's file (``Site.collection_for``).
    """
    kept = []
    for found in problems:
        severity = settings.severity(found.code, collection_of(found.path), found.severity)
        if severity == "off":
            continue
        kept.append(found if severity == found.severity else dataclasses.replace(found, severity=severity))
    return kept


def code_matches(code: str, patterns: Iterable[str]) -> bool:
    """True when ``code`` is one of ``patterns``: a code, a prefix ending in ``-`` (``related-``)
    or a glob (``*-length``)."""
    return any(code == p or (p.endswith("-") and code.startswith(p)) or fnmatch.fnmatchcase(code, p) for p in patterns)


def select_problems(
    problems: Iterable[Problem], select: Iterable[str] = (), ignore: Iterable[str] = (), severity: str | None = None
) -> list[Problem]:
    """The problems ``check --select CODES --ignore CODES --severity LEVEL`` prints: codes in
    ``select`` (all when empty), not in ``ignore``, and at least as severe as ``severity``."""
    select, ignore = tuple(select), tuple(ignore)
    if severity is not None and severity not in _RANK:
        raise ValueError(f"severity must be one of {', '.join(_RANK)}, not {severity!r}")
    worst = _RANK[severity] if severity else len(_RANK)
    return [
        p for p in problems
        if (not select or code_matches(p.code, select))
        and not code_matches(p.code, ignore)
        and _RANK.get(p.severity, len(_RANK)) <= worst
    ]
