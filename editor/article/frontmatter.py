"""Splitting an article file into its parts and parsing its front matter safely.

A file is: an optional UTF-8 BOM, a ``---`` line, the YAML front matter, a closing ``---`` line,
and the markdown body. Parsing is safe-only (libyaml's CSafeLoader when present), and guarded
against the inputs that hurt naive parsers: binary or non-UTF-8 bytes, alias bombs, very deep
nesting and huge front matter. Every problem raises ``ArticleError`` naming the file and line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node

try:  # libyaml's parser is many times faster; the pure-Python one gives identical nodes
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader  # type: ignore[assignment]

BOM = "\ufeff"
MAX_FRONT_MATTER_CHARS = 2_000_000
MAX_DEPTH = 100
MAX_EXPANDED_NODES = 200_000
CR_ONLY = "CR-only line ends are not supported; convert the file to LF or CRLF"
_OPENING = re.compile(r"---[ \t]*(\r\n|\n|\r)")
_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r\n|\n|\r|$)", re.MULTILINE)


class ArticleError(Exception):
    """A file that cannot be read as an article, or an edit that cannot be made.

    ``line`` is 1-based, or None when no line applies.
    """

    def __init__(self, path: str | Path | None, line: int | None, message: str) -> None:
        self.path = Path(path) if path is not None else None
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = str(self.path) if self.path is not None else "<article>"
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.message}"

    def __reduce__(self):  # keep pickling (worker processes) working with our signature
        return (type(self), (self.path, self.line, self.message))


class ConflictError(ArticleError):
    """``save()`` found that the file changed on disk since it was loaded."""


@dataclass(frozen=True)
class Parts:
    """Where the front matter sits in a decoded file. Offsets index ``text`` (BOM removed)."""

    bom: bool
    text: str
    yaml_start: int  # first character after the opening ``---`` line
    yaml_end: int  # first character of the closing ``---`` line
    yaml_line: int  # 0-based line number of ``yaml_start`` in the file

    @property
    def newline(self) -> str:
        return dominant_newline(self.text)

    @property
    def body_start(self) -> int:
        """First character of the markdown body: just after the closing ``---`` line."""
        closing = _CLOSING.match(self.text, self.yaml_end)
        return closing.end() if closing else len(self.text)

    def with_body(self, body: str, newline: str) -> str:
        """The whole text with ``body`` after the front matter, whose characters do not change.
        Text with plain ``\n`` line ends (an editor widget's) takes ``newline`` when that is
        ``\r\n``; a body after a closing ``---`` that ends the file starts on a line below it."""
        if newline == "\r\n" and "\r" not in body:
            body = body.replace("\n", "\r\n")
        start = self.body_start
        if body and start == len(self.text) and not self.text.endswith(("\n", "\r")):
            body = newline + body
        return self.text[:start] + body


def dominant_newline(text: str) -> str:
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    cr = text.count("\r") - crlf
    if crlf > lf and crlf >= cr:
        return "\r\n"
    if cr > lf and cr > crlf:
        return "\r"
    return "\n"


def decode(data: bytes, path: str | Path | None) -> tuple[bool, str]:
    """Bytes to text, or ArticleError for binary or non-UTF-8 input."""
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise ArticleError(path, line, "this is a binary file (it holds a NUL byte), not an article")
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        raise ArticleError(
            path, line, f"the file is not UTF-8 text (byte 0x{byte:02x}); save it as UTF-8 and reopen it"
        ) from None
    return bom, text[1:] if bom else text


def split(data: bytes, path: str | Path | None = None) -> Parts:
    """Find the front matter; ArticleError when there is none."""
    bom, text = decode(data, path)
    opening = _OPENING.match(text)
    if opening is None:
        raise ArticleError(path, 1, "no front matter: an article must start with a '---' line")
    if opening.group(1) == "\r":
        # Classic Mac line ends. The site's reader (gray-matter) looks for "\n---" and fails on
        # such a file, and so would every line number here: refused with what it is, not read.
        raise ArticleError(path, 1, CR_ONLY)
    start = opening.end()
    closing = _CLOSING.search(text, start)
    if closing is None:
        raise ArticleError(
            path, text.count("\n") + 1, "the front matter is not closed: no '---' line after the opening one"
        )
    end = closing.start()
    if end - start > MAX_FRONT_MATTER_CHARS:
        raise ArticleError(
            path, 2, f"the front matter is {end - start:,} characters long; the limit is {MAX_FRONT_MATTER_CHARS:,}"
        )
    return Parts(bom=bom, text=text, yaml_start=start, yaml_end=end, yaml_line=1)


def _line(mark: Any, line_offset: int) -> int | None:
    return None if mark is None else mark.line + line_offset + 1


def _guard(yaml_text: str, path: str | Path | None, line_offset: int) -> None:
    """Reject deep nesting and alias bombs before anything recursive sees the document."""
    depth = 0
    sizes: dict[str, int] = {}
    stack: list[list[Any]] = [[0, None]]  # [expanded node count, anchor] per open collection
    for event in yaml.parse(yaml_text, Loader=SafeLoader):
        kind = type(event)
        if kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise ArticleError(
                    path, _line(event.start_mark, line_offset), f"the front matter nests deeper than {MAX_DEPTH} levels"
                )
            stack.append([1, getattr(event, "anchor", None)])
        elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
            depth -= 1
            count, anchor = stack.pop()
            if anchor:
                sizes[anchor] = count
            stack[-1][0] += count
        elif kind is yaml.ScalarEvent:
            stack[-1][0] += 1
            anchor = getattr(event, "anchor", None)
            if anchor:
                sizes[anchor] = 1
        elif kind is yaml.AliasEvent:
            stack[-1][0] += sizes.get(getattr(event, "anchor", None) or "", 1)
        if stack[-1][0] > MAX_EXPANDED_NODES:
            raise ArticleError(
                path,
                _line(event.start_mark, line_offset),
                "the front matter expands to too many values (an alias bomb?); refusing to load it",
            )


def compose(yaml_text: str, path: str | Path | None, line_offset: int, check: bool = True) -> MappingNode:
    """The front matter's node tree (with positions), checked to construct safely."""
    try:
        if check:
            _guard(yaml_text, path, line_offset)
        node = yaml.compose(yaml_text, Loader=SafeLoader)
    except ArticleError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise ArticleError(path, _line(mark, line_offset), "invalid YAML: " + _problem(exc)) from None
    except yaml.YAMLError as exc:
        raise ArticleError(path, line_offset + 1, f"invalid YAML: {exc}") from None
    except (RecursionError, MemoryError):
        raise ArticleError(path, line_offset + 1, "the front matter is too complex to load") from None
    if node is None:
        raise ArticleError(path, line_offset + 1, "the front matter is empty")
    if not isinstance(node, MappingNode):
        raise ArticleError(
            path, _line(node.start_mark, line_offset), "the front matter must be a mapping of 'key: value' lines"
        )
    return node


class LenientConstructor(SafeConstructor):
    """SafeConstructor, except that an impossible date (``2024-13-45``) stays the string it was
    written as: the file still opens, and the checks report the date instead; and that a number
    Python cannot turn into text (more digits than ``sys.get_int_max_str_digits()``) is an
    error naming its line, not a value every later ``str()`` fails on."""

    def construct_yaml_int(self, node: Any) -> Any:  # type: ignore[override]
        try:
            value = super().construct_yaml_int(node)
            if value.bit_length() > _SHORT_INT_BITS:
                str(value)  # hexadecimal, binary and base-60 ints are built past the limit
        except ValueError:
            raise yaml.constructor.ConstructorError(
                None, None, f"the number is {len(node.value):,} characters long, too long to read as a number; "
                "put it in quotes to keep it as text", node.start_mark) from None
        return value

    def construct_yaml_timestamp(self, node: Any) -> Any:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


LenientConstructor.add_constructor(  # type: ignore[type-var]
    "tag:yaml.org,2002:timestamp", LenientConstructor.construct_yaml_timestamp
)
LenientConstructor.add_constructor("tag:yaml.org,2002:int", LenientConstructor.construct_yaml_int)  # type: ignore[type-var]
# Ints of fewer bits have at most 602 decimal digits, below the smallest int-to-str limit Python
# accepts (640): always printable, so only longer ones pay for the check.
_SHORT_INT_BITS = 2_000


def construct(node: Node, path: str | Path | None, line_offset: int) -> dict[str, Any]:
    """Plain Python values of a node tree; only YAML's safe types are ever built."""
    constructor = LenientConstructor()
    try:
        data = constructor.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = _problem(exc)
        if "python/" in message or "could not determine a constructor" in message:
            message = "unsupported YAML tag (only plain YAML values are allowed): " + message
        raise ArticleError(path, _line(mark, line_offset), message) from None
    except (TypeError, ValueError, OverflowError, RecursionError) as exc:
        raise ArticleError(path, _line(node.start_mark, line_offset), f"invalid value: {exc}") from None
    if not isinstance(data, dict):  # pragma: no cover - compose already checked
        raise ArticleError(path, line_offset + 1, "the front matter must be a mapping")
    return data


def _problem(exc: yaml.MarkedYAMLError) -> str:
    parts = [p for p in (exc.context, exc.problem) if p]
    return "; ".join(parts) or str(exc).splitlines()[0]
