"""The headless command line: ``article-editor get|set|index|search|check|links|replace|undo|redo|render|review``.

Each subcommand family lives in its own module here and exposes ``register(subparsers)``, which
adds its parsers and sets ``func`` to a handler ``(args) -> int``. Errors print one line on
stderr and exit 1.

May import: everything in ``editor`` (it is the top layer); never Qt or ``ui``.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

# The modules that provide subcommands, in the order their help is listed.
COMMAND_MODULES = ("editor.cli.article", "editor.cli.project", "editor.cli.links", "editor.cli.bulk",
                   "editor.cli.render", "editor.cli.review")
# Their names, so ``ui.app`` can route a subcommand without building the parser (a test checks
# that this is exactly the parser's list).
COMMANDS = ("get", "set", "index", "search", "check", "links", "replace", "undo", "redo", "render", "review")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="article-editor", description="Edit and check article files.")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; returns the process exit code."""
    from editor.article.article import ArticleError

    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        return int(args.func(args) or 0)
    except ArticleError as exc:
        print(f"article-editor: {exc}", file=sys.stderr)
        return 1
    except (OSError, KeyError, ValueError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"article-editor: {message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
