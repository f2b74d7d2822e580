"""The command line's list of subcommand names is exactly what its parser offers."""
from __future__ import annotations

import argparse

from editor.cli import COMMANDS, build_parser


def test_the_command_names_the_window_routes_are_the_parsers_subcommands() -> None:
    parser = build_parser()
    choices = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert tuple(choices) == COMMANDS


def test_review_is_a_subcommand_and_refuses_a_folder_outside_git(tmp_path, capsys) -> None:
    from editor.cli import main

    assert main(["review", str(tmp_path)]) != 0
    assert "not a repository" in capsys.readouterr().err
