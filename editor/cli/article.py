"""``article-editor get FILE KEY`` and ``article-editor set FILE KEY VALUE``."""
from __future__ import annotations

import argparse
import datetime as _dt
import sys
from typing import Any


def register(subparsers: Any) -> None:
    get = subparsers.add_parser("get", help="print a front-matter value", description=(
        "Print a value: a scalar as plain text, a mapping as YAML, the answer as markdown with real line breaks."))
    get.add_argument("file")
    get.add_argument("key", help="dotted key, e.g. seo.page_keywords")
    get.set_defaults(func=run_get)

    put = subparsers.add_parser("set", help="write a front-matter value", description=(
        "Write a value, changing only that field's lines. Text fields take VALUE as text; other fields read it "
        "as a YAML scalar. VALUE '-' reads stdin (for the answer: markdown with real line breaks)."))
    put.add_argument("file")
    put.add_argument("key")
    put.add_argument("value")
    how = put.add_mutually_exclusive_group()
    how.add_argument("--yaml", action="store_true", help="read VALUE as YAML")
    how.add_argument("--string", action="store_true", help="read VALUE as text")
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
    if args.key == "answer":
        article.get("answer")  # a missing answer is an error, not an empty print
        text = article.answer
    else:
        text = format_value(article.get(args.key))
    sys.stdout.write(text + "\n")
    return 0


def parse_value(article: Any, key: str, raw: str, as_yaml: bool, as_string: bool) -> Any:
    """The value ``set`` writes: text for text fields, else a YAML scalar."""
    import yaml

    if as_string:
        return raw
    if not as_yaml:
        spec = article.schema.field(key)
        current = article.get(key, None)
        if (spec is not None and spec.is_text) or isinstance(current, str):
            return raw
    try:
        return yaml.safe_load(raw) if raw.strip() else raw
    except yaml.YAMLError as exc:
        raise ValueError(f"VALUE is not valid YAML: {str(exc).splitlines()[0]}") from None


def run_set(args: argparse.Namespace) -> int:
    from editor.article.article import Article

    article = Article.load(args.file)
    raw = args.value
    if raw == "-":
        raw = sys.stdin.read()
        if raw.endswith("\n"):
            raw = raw[:-1]
    if args.key == "answer" and not args.yaml:
        article.answer = raw
    else:
        article.set(args.key, parse_value(article, args.key, raw, args.yaml, args.string))
    article.save()
    return 0
