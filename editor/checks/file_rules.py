"""The checks of one file, run while the file is indexed.

``check_project`` (editor.operations.check) reads their results back from the index instead of
parsing 35,000 files again; the answer's pitfalls are the exception (``answer_problems``), run at
check time on the answers that hold a dollar sign.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from editor.answer.codec import decode
from editor.answer.pitfalls import find_pitfalls
from editor.article.article import Article, ArticleError
from editor.article.edit_check import DuplicateKey
from editor.article.schema import Schema, load_schema
from editor.article.slug import slugify, url_for
from editor.checks.problem import SEVERITY, Problem, ProblemRow, make_fix, problem, text_edit


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


def file_problems(relpath: str, data: dict[str, Any], lines: dict[str, int], rules: FileRules,
                  duplicates: Sequence[DuplicateKey] = ()) -> list[Problem]:
    """The problems one loaded file has on its own, but for the answer's pitfalls (see
    ``answer_problems``, which runs at check time only on answers that hold a dollar sign)."""
    return [problem(relpath, *row) for row in file_problem_rows(relpath, data, lines, rules, duplicates)]


def file_problem_rows(relpath: str, data: dict[str, Any], lines: dict[str, int], rules: FileRules,
                      duplicates: Sequence[DuplicateKey] = ()) -> list[ProblemRow]:
    """``file_problems`` as (line, field, code, message, fix) rows: what the index stores, without
    making a Problem for each (indexing runs this for every file of a folder).

    ``duplicates``: the keys written twice, which the values alone cannot show (only a full
    parse finds them: the index's fast paths give up on a repeated key)."""
    # A key written twice is reported on its first line: the one an edit would silently miss.
    found: list[ProblemRow] = [(d.lines[0], d.key, "duplicate-key", d.message, None) for d in duplicates]

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
    """The pitfalls live in math: between dollar signs, or in ``\\(`` / ``\\[`` delimiters the
    site does not read. Most answers have neither, so only these are kept for ``answer_problems``."""
    return isinstance(answer, str) and ("$" in answer or "\\(" in answer or "\\[" in answer)


def answer_problems(relpath: str, answer: str, line: int | None) -> list[Problem]:
    """The site pitfalls (``latex-newline``, ``dollar-math``, ``tex-delimiters``) in a stored
    answer, reported on the answer's line, each with the pitfall's one-click fix as a
    ``text_edit`` of the decoded answer."""
    text = decode(answer)
    return [
        problem(relpath, line, "answer", pitfall.code, f"{pitfall.message} (answer line {pitfall.line})",
                {"title": _pitfall_fix_title(pitfall.code, pitfall.replacement),
                 "edits": [text_edit("answer", pitfall.start, text[pitfall.start:pitfall.end], pitfall.replacement)]})
        for pitfall in find_pitfalls(text)
        if pitfall.code in SEVERITY
    ]


def _pitfall_fix_title(code: str, replacement: str) -> str:
    if code == "dollar-math":
        return "Escape the dollars"
    if code == "tex-delimiters":
        return "Write it with dollars"
    shown = replacement.strip()
    return f"Write {shown}" if shown else "Remove the command"


def snapshot_problems(data: bytes, path: Path, relpath: str, folder: str | Path | None) -> list[Problem]:
    """The one-file checks of an article's bytes (an open tab's buffer), pitfalls included."""
    try:
        article = Article.parse(data, path)
    except ArticleError as error:
        return [problem(relpath, error.line, "", "yaml-error", error.message)]
    lines = {key: article.line_of(key) or 1 for key in article.keys()}
    for parent in ("seo",):
        if article.has(parent) and isinstance(article.get(parent), dict):
            lines.update({f"{parent}.{k}": article.line_of(f"{parent}.{k}") or 1 for k in article.keys(parent)})
    values = article.data
    found = file_problems(relpath, values, lines, RulesCache(folder)(values.get("_schema")), article.duplicate_keys())
    answer = values.get("answer")
    if isinstance(answer, str):
        found += answer_problems(relpath, answer, lines.get("answer"))
    return found
