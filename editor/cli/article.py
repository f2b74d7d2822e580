"""``article-editor get FILE KEY`` and ``article-editor set FILE KEY VALUE``.

``get FILE body`` prints the markdown body after the front matter and ``set FILE body -`` writes
it from stdin (the bytes as they are, so a ``get``/``set`` pipe gives the file back byte for
byte); only the body's lines change. ``body`` always names the body, never a front-matter key.

``set`` lets the schema decide what VALUE is: text for text fields, a whole number for
``integer``, a number for ``number``, a date for ``date`` (YAML's own reading would turn ``yes``
into true and ``# x`` into null). Keys the schema does not know stay text unless ``--yaml``.
A value of the wrong type, or a key that is neither in the schema nor in the file (a typo such as
``seo.page_keyword``), exits 2 with a message naming the key, unless ``--new`` (add a key) or
``--force``.

``set`` holds the file's save lock from before its read until after its rename, so concurrent
``set`` runs (and the window's saves, which take the same lock) queue rather than race. A
conflict can still come from a program that ignores the lock (another editor writing the file in
between); it is retried: ``set`` is a fresh read-modify-write, so reading the new version and
applying the edit again is safe. It tries ``SET_ATTEMPTS`` times, then exits 1 saying so, with
nothing written.

``--template`` fills VALUE in from the file's other fields (``{title} | {subject}``) and
``--dry-run`` prints the diff instead of saving. Given a folder, ``set`` is the bulk command
(``editor.cli.bulk.run_set_folder``): the same value on every article ``--where`` selects.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import random
import sys
import time
from typing import Any

SET_ATTEMPTS = 8
EXIT_INVALID = 2
BODY = "body"  # the markdown body after the front matter


def register(subparsers: Any) -> None:
    get = subparsers.add_parser("get", help="print a front-matter value", description=(
        "Print a value: a scalar as plain text, a mapping as YAML, the answer as markdown with real line breaks, "
        "'body' the markdown body after the front matter."))
    get.add_argument("file")
    get.add_argument("key", help="dotted key, e.g. seo.page_keywords; 'body' for the markdown body")
    get.set_defaults(func=run_get)

    put = subparsers.add_parser("set", help="write a front-matter value", description=(
        "Write a value, changing only that field's lines. The schema's type of the field decides what VALUE "
        "is (text, whole number, number, date YYYY-MM-DD); fields the schema does not know take VALUE as "
        "text unless --yaml. VALUE '-' reads stdin (for the answer: markdown with real line breaks; for 'body', "
        "the markdown body after the front matter, its bytes as they are). A value "
        "of the wrong type, or a key neither the schema nor the file has, exits 2 unless --new or --force. "
        "If another program saves the file at the same moment, set reads it again and retries."))
    put.add_argument("file", help="an article file, or a content folder with --where")
    put.add_argument("key")
    put.add_argument("value")
    how = put.add_mutually_exclusive_group()
    how.add_argument("--yaml", action="store_true", help="read VALUE as YAML")
    how.add_argument("--string", action="store_true", help="read VALUE as text")
    how.add_argument("--template", action="store_true", help="VALUE is a template over other fields: "
                     "'{title} | {subject}', dotted keys allowed")
    put.add_argument("--new", action="store_true", help="add a key the schema does not know")
    put.add_argument("--force", action="store_true",
                     help="write even when the schema says the key or the value is wrong, and overwrite a "
                          "read-only file")
    put.add_argument("--where", metavar="QUERY", help="with a FOLDER: set the field on every article this "
                     "search selects (subject:psychology, has:problem, no_index:true...; '' for all)")
    put.add_argument("--dry-run", action="store_true", help="print the diff of the change; write nothing")
    put.add_argument("--json", action="store_true", help="with a FOLDER: list the files and changes as JSON")
    put.set_defaults(func=run_set)


def format_value(value: Any) -> str:
    """How ``get`` prints a value."""
    import yaml

    if isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):
        return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=float("inf")).rstrip("\n")
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return str(value)


def run_get(args: argparse.Namespace) -> int:
    from editor.article.article import Article

    article = Article.load(args.file)
    if args.key == BODY:
        _write_exact(article.body + "\n")
        return 0
    if args.key == "answer":
        article.get("answer")  # a missing answer is an error, not an empty print
        text = article.answer
    else:
        text = format_value(article.get(args.key))
    sys.stdout.write(text + "\n")
    return 0


def _write_exact(text: str) -> None:
    """``text`` on stdout as UTF-8 bytes, ``\\r\\n`` kept (a test's text-only stdout gets the text)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _read_stdin(as_bytes: bool) -> str:
    """stdin as text; ``as_bytes`` decodes its bytes, so ``\\r\\n`` is not read as ``\\n``."""
    buffer = getattr(sys.stdin, "buffer", None)
    return buffer.read().decode("utf-8") if as_bytes and buffer is not None else sys.stdin.read()


class InvalidValue(ValueError):
    """The schema refuses the key or the value (exit 2)."""


def parse_value(article: Any, key: str, raw: str, as_yaml: bool = False, as_string: bool = False,
                new: bool = False, force: bool = False) -> Any:
    """The value ``set`` writes, checked against the schema; InvalidValue when it refuses."""
    import yaml

    spec = article.schema.field(key)
    if spec is None and not article.has(key) and not (new or force):
        hint = article.schema.suggest(key, _file_keys(article))
        raise InvalidValue(f"'{key}' is not a field the schema knows" + (f" (did you mean '{hint}'?)" if hint else "")
                           + "; --new adds it")
    if as_string:
        value: Any = raw
    elif as_yaml:
        try:
            value = yaml.safe_load(raw) if raw.strip() else raw
        except yaml.YAMLError as exc:
            raise ValueError(f"VALUE is not valid YAML: {str(exc).splitlines()[0]}") from None
    elif spec is None:
        value = raw
    else:
        try:
            value = spec.from_text(raw)
        except ValueError as exc:
            if not force:
                raise InvalidValue(f"{exc} (--force writes it as text)") from None
            value = raw
    problem = spec.type_problem(value) if spec is not None else None
    if problem and not force:
        raise InvalidValue(problem + " (--force writes it anyway)")
    return value


def _file_keys(article: Any) -> list[str]:
    keys = []
    for top in article.keys():
        keys.append(top)
        keys += [f"{top}.{child}" for child in article.keys(top)]
    return keys


def run_set(args: argparse.Namespace) -> int:
    from pathlib import Path

    from editor.article.article import Article, ConflictError
    from editor.article.atomic import ReadOnlyFileError
    from editor.article.disk import edit_lock

    if Path(args.file).is_dir():
        from editor.cli.bulk import run_set_folder

        return run_set_folder(args)
    if args.where is not None or args.json:
        print("article-editor: --where and --json take a content FOLDER, not a file", file=sys.stderr)
        return EXIT_INVALID
    raw = args.value
    if raw == "-":
        try:
            raw = _read_stdin(as_bytes=args.key == BODY)
        except UnicodeDecodeError as exc:
            print(f"article-editor: stdin is not UTF-8 text (byte {exc.start + 1}); nothing was written", file=sys.stderr)
            return EXIT_INVALID
        if raw.endswith("\n"):  # the one ``get`` adds
            raw = raw[:-1]
    for attempt in range(SET_ATTEMPTS):
        with edit_lock(args.file) as held:
            article = Article.load(args.file)
            try:
                value = _template_value(article, args.key, raw) if args.template else raw
                if args.key == BODY:
                    article.body = value
                elif args.key == "answer" and not args.yaml:
                    article.answer = value
                else:
                    article.set(args.key, parse_value(article, args.key, value, args.yaml, args.string, args.new,
                                                      args.force))
            except InvalidValue as exc:
                print(f"article-editor: {args.file}: {exc}", file=sys.stderr)
                return EXIT_INVALID
            if args.dry_run:
                from editor.operations.plan import unified_diff

                sys.stdout.write(unified_diff(article.original_bytes, article.dumps(), str(args.file)))
                return 0
            try:
                article.save(overwrite_read_only=args.force, held=held)
                return 0
            except ReadOnlyFileError as exc:
                print(f"article-editor: {exc} --force overwrites it anyway.", file=sys.stderr)
                return 1
            except ConflictError:
                pass
        # Another save landed between our read and our write: read again, after a pause that
        # grows and is random, so two retrying writers do not keep meeting.
        time.sleep(random.uniform(0.002, 0.02) * (attempt + 1))
    print(f"article-editor: {args.file}: the file kept changing on disk while saving ({SET_ATTEMPTS} tries); "
          "nothing was written", file=sys.stderr)
    return 1


def _template_value(article: Any, key: str, template: str) -> str:
    """A template filled in from the article's own fields, as ``set FOLDER --template`` does;
    InvalidValue when it names a field the article does not have."""
    from editor.operations.field_edit import EditRefused, Loaded, Template
    from editor.operations.pattern import PatternError

    try:
        return Template(key, template).render(Loaded(str(article.path), article.data, {}, article.schema))
    except (EditRefused, PatternError) as exc:
        raise InvalidValue(str(exc)) from None
