"""Problems in a content folder: what is wrong, where, how bad, and how to fix it.

Each ``Problem`` names the file (relative to the folder), the 1-based line of the field's key,
the dotted field, a severity, a stable code and, when one is known, a fix: edits that set fields
to new values. Fixes for stale copies and file-name mismatches are certain and can be applied
without asking; the others are suggestions.

Checks that need only one file run while the file is indexed (``file_problems``), so that
``check_project`` reads them back from the index instead of parsing 35,000 files again. Checks
that compare files (duplicate ids, subject spellings, links) run over the index's tables.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from editor.answer.codec import decode
from editor.article.schema import Schema, load_schema
from editor.article.slug import slugify, url_for

if TYPE_CHECKING:
    from editor.index.project import Project

ERROR, WARNING, INFO = "error", "warning", "info"
SEVERITY: dict[str, str] = {
    "yaml-error": ERROR,
    "missing-field": ERROR,
    "date-invalid": ERROR,
    "url-mismatch": ERROR,
    "related-broken": ERROR,
    "related-stale": WARNING,
    "related-self": WARNING,
    "related-duplicate": WARNING,
    "id-duplicate": WARNING,
    "file-name-mismatch": WARNING,
    "seo-description-length": WARNING,
    "title-length": WARNING,
    "subject-variant": WARNING,
    "latex-newline": WARNING,
    "dollar-math": WARNING,
}
# Fixes of these codes follow from the folder itself, so they can be applied without asking.
CERTAIN_FIXES = frozenset({"related-stale", "file-name-mismatch"})
_SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class Problem:
    """One problem: ``fix`` is None or ``{"title": ..., "edits": [{"field": ..., "value": ...}]}``."""

    path: str
    line: int | None
    field: str
    severity: str
    code: str
    message: str
    fix: dict[str, Any] | None = None

    @property
    def fix_is_certain(self) -> bool:
        return self.fix is not None and self.code in CERTAIN_FIXES

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "field": self.field,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "fix": self.fix,
        }

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line or 0, _SEVERITY_ORDER.get(self.severity, 3), self.code, self.field)


def problem(path: str, line: int | None, field: str, code: str, message: str, fix: dict[str, Any] | None = None) -> Problem:
    """A Problem whose severity comes from its code."""
    return Problem(path, line, field, SEVERITY[code], code, message, fix)


def make_fix(title: str, edits: dict[str, Any]) -> dict[str, Any]:
    return {"title": title, "edits": [{"field": key, "value": value} for key, value in edits.items()]}


# --- checks of one file (run while indexing) ---------------------------------------------------

def pitfall_finder() -> Callable[[str], list[Any]] | None:
    """``editor.pitfalls.find_pitfalls`` when that module is there; None otherwise."""
    try:
        from editor.answer.pitfalls import find_pitfalls
    except ModuleNotFoundError:
        return None
    return find_pitfalls


def _dotted(data: dict[str, Any], key: str) -> tuple[bool, Any]:
    value: Any = data
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return False, None
        value = value[part]
    return True, value


_ABSENT = object()


def _text_len(value: Any) -> int | None:
    return len(value.strip()) if isinstance(value, str) else None


@dataclass(frozen=True)
class FileRules:
    """What the checks of one file need from its schema, worked out once per schema."""

    required: tuple[str, ...]
    title_max: int | None
    description_min: int | None
    description_max: int | None
    links_required: bool = False  # a required key is a related link (or inside one)
    # ``required`` split: keys without a dot are looked up directly (most of them)
    required_top: tuple[str, ...] = dataclasses.field(init=False, repr=False)
    required_dotted: tuple[str, ...] = dataclasses.field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "required_top", tuple(key for key in self.required if "." not in key))
        object.__setattr__(self, "required_dotted", tuple(key for key in self.required if "." in key))

    @classmethod
    def of(cls, schema: Schema) -> "FileRules":
        title = schema.field("title")
        description = schema.field("seo.page_description")
        required = tuple(spec.key for spec in schema.walk() if spec.required)
        return cls(
            required=required,
            links_required=any(key.startswith("related_article") for key in required),
            title_max=title.max if title else None,
            description_min=description.min if description else None,
            description_max=description.max if description else None,
        )


class RulesCache:
    """FileRules per schema name for one content folder (schemas may be overridden per folder)."""

    def __init__(self, folder: str | Path | None) -> None:
        self.folder = folder
        self._rules: dict[str, FileRules] = {}

    def __call__(self, name: Any) -> FileRules:
        key = str(name) if name else "default"
        rules = self._rules.get(key)
        if rules is None:
            rules = self._rules[key] = FileRules.of(load_schema(key, self.folder))
        return rules


def file_problems(relpath: str, data: dict[str, Any], lines: dict[str, int], rules: FileRules) -> list[Problem]:
    """The problems one loaded file has on its own, but for the answer's pitfalls (see
    ``answer_problems``, which runs at check time only on answers that hold a dollar sign)."""
    return [problem(relpath, *row) for row in file_problem_rows(relpath, data, lines, rules)]


ProblemRow = tuple[int, str, str, str, "dict[str, Any] | None"]  # line, field, code, message, fix


def file_problem_rows(relpath: str, data: dict[str, Any], lines: dict[str, int], rules: FileRules) -> list[ProblemRow]:
    """``file_problems`` as (line, field, code, message, fix) rows: what the index stores, without
    making a Problem for each (indexing runs this for every file of a folder)."""
    found: list[ProblemRow] = []

    def add(key: str, code: str, message: str, fix: dict[str, Any] | None = None) -> None:
        line = lines.get(key) or lines.get(key.split(".")[0]) or 1
        found.append((line, key, code, message, fix))

    get = data.get
    for key in rules.required_top:
        value = get(key, _ABSENT)
        # isspace, not strip: an answer is kilobytes long, and strip would copy it to say no.
        if value is _ABSENT or value is None or (isinstance(value, str) and (not value or value.isspace())):
            _missing(key, value is not _ABSENT, add)
    for key in rules.required_dotted:
        present, value = _dotted(data, key)
        if not present or value is None or (isinstance(value, str) and (not value or value.isspace())):
            _missing(key, present, add)
    _check_date(data, add)
    _check_lengths(data, rules, add)
    _check_names(relpath, data, add)
    return found


def _missing(key: str, present: bool, add: Callable[..., None]) -> None:
    add(key, "missing-field", f"the required field '{key}' is {'empty' if present else 'missing'}")


def _check_date(data: dict[str, Any], add: Callable[..., None]) -> None:
    value = data.get("date")
    if value is None or isinstance(value, dt.date):
        return
    add("date", "date-invalid", f"the date {str(value)!r} is not a valid date; write it as YYYY-MM-DD")


def _check_lengths(data: dict[str, Any], rules: FileRules, add: Callable[..., None]) -> None:
    low, high = rules.description_min, rules.description_max
    seo = data.get("seo")
    length = _text_len(seo.get("page_description")) if isinstance(seo, dict) else None
    if length is not None and ((low is not None and length < low) or (high is not None and length > high)):
        add(
            "seo.page_description",
            "seo-description-length",
            f"the page description is {length} characters; search engines show {low or 0}-{high or 'any'}",
        )
    high = rules.title_max
    length = _text_len(data.get("title"))
    if length is not None and high is not None and length > high:
        add("title", "title-length", f"the title is {length} characters; search results cut it after {high}")


def _check_names(relpath: str, data: dict[str, Any], add: Callable[..., None]) -> None:
    folder, _, name = relpath.rpartition("/")
    file_name = data.get("file_name")
    if file_name is not None and str(file_name).strip() != name:
        add(
            "file_name",
            "file-name-mismatch",
            f"file_name is {str(file_name).strip()!r} but the file is called {name!r}",
            make_fix(f"Set file_name to {name}", {"file_name": name}),
        )
    title = data.get("title")
    if isinstance(title, str) and title and not title.isspace() and slugify(title) + ".md" != name:
        add(
            "title",
            "file-name-mismatch",
            f"by the site's rule the title gives the file name {slugify(title) + '.md'!r}, not {name!r}",
        )
    url = data.get("url")
    # Only folders laid out as <folder>/<subject folder>/<file> say what the url must be.
    if url is not None and folder:
        subject_folder = folder.rpartition("/")[2]
        expected = url_for(subject_folder, name[:-3] if name.endswith(".md") else name)
        if str(url).strip() != expected:
            add(
                "url",
                "url-mismatch",
                f"the url is {str(url).strip()!r}; in folder '{subject_folder}' it must be {expected!r}",
                make_fix(f"Set url to {expected}", {"url": expected}),
            )


def may_have_pitfalls(answer: Any) -> bool:
    """Both pitfalls live in math, which the site only sees between dollar signs: most answers
    have none, so only these are kept for ``answer_problems``."""
    return isinstance(answer, str) and "$" in answer


def answer_problems(
    relpath: str, answer: str, line: int | None, find_pitfalls: Callable[[str], list[Any]]
) -> list[Problem]:
    """``latex-newline`` and ``dollar-math`` in a stored answer, reported on the answer's line."""
    return [
        problem(relpath, line, "answer", pitfall.code, f"{pitfall.message} (answer line {pitfall.line})")
        for pitfall in find_pitfalls(decode(answer))
        if pitfall.code in SEVERITY
    ]


# --- checks across the folder ------------------------------------------------------------------

def id_duplicates(rows: Iterable[tuple[str, Any, int | None]]) -> list[Problem]:
    """``id-duplicate`` for every article whose id another article also has. Rows: (path, id, line)."""
    by_id: dict[tuple[type, Any], list[tuple[str, int | None]]] = defaultdict(list)
    for path, value, line in rows:
        if value is not None:
            key = value.strip() if isinstance(value, str) else value
            by_id[(type(key), key)].append((path, line))
    found = []
    for (_, value), owners in by_id.items():
        if len(owners) < 2:
            continue
        for path, line in owners:
            others = [p for p, _ in owners if p != path]
            more = f" and {len(others) - 3} more" if len(others) > 3 else ""
            found.append(
                problem(path, line, "id", "id-duplicate", f"id {value!r} is also used by {', '.join(others[:3])}{more}")
            )
    return found


def _spelling_key(subject: str) -> str:
    return " ".join(subject.split()).casefold()


def subject_variants(rows: Iterable[tuple[str, Any, int | None]]) -> list[Problem]:
    """``subject-variant`` where a subject is spelled differently elsewhere (case or spaces).

    The most common spelling is taken as the right one. Rows: (path, subject, line).
    """
    rows = [(path, subject, line) for path, subject, line in rows if isinstance(subject, str) and subject.strip()]
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for _, subject, _ in rows:
        spellings[_spelling_key(subject)][subject] += 1
    preferred = {
        key: min(counter.items(), key=lambda item: (-item[1], item[0]))[0]
        for key, counter in spellings.items()
        if len(counter) > 1
    }
    found = []
    for path, subject, line in rows:
        best = preferred.get(_spelling_key(subject))
        if best is not None and subject != best:
            count = spellings[_spelling_key(subject)][best]
            found.append(
                problem(
                    path,
                    line,
                    "subject",
                    "subject-variant",
                    f"subject {subject!r} is spelled {best!r} in {count} other article(s)",
                    make_fix(f"Use {best!r}", {"subject": best}),
                )
            )
    return found


def check_project(
    project: "Project",
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> list[Problem]:
    """Every problem in the folder, sorted by file and line. Refreshes the index first."""
    from editor.checks.links import link_problems

    project.index(progress=progress, cancel=cancel)
    found = project.stored_problems()
    find_pitfalls = pitfall_finder()
    if find_pitfalls is not None:
        for path, line, answer in project.math_answers():
            found += answer_problems(path, answer, line, find_pitfalls)
    found += id_duplicates(project.field_rows("id"))
    found += subject_variants(project.field_rows("subject"))
    articles, links = project.link_graph()
    found += link_problems(articles, links)
    found.sort(key=Problem.sort_key)
    return found


def apply_fix(folder: str | Path, found: Problem) -> Path:
    """Apply a problem's fix to its file through ``editor.article.Article``; returns the path."""
    from editor.article.article import Article

    if found.fix is None:
        raise ValueError(f"{found.path}: {found.code} has no fix")
    path = Path(folder) / found.path
    article = Article.load(path)
    for edit in found.fix["edits"]:
        article.set(edit["field"], edit["value"])
    article.save()
    return path
