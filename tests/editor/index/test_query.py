"""Specification of search as people type it: apostrophes, hyphens, open quotes, prefixes, the
order of results, loose matching of a word with a letter missing, and refreshing saved files."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from editor.cli import main
from editor.index.project import Project
from editor.index.query import parse
from tests.perf.synth import article_model, write_article

ARTICLES = [
    ("physics/what-does-newtons-second-law-state.md", "What does Newton's second law state?", {}),
    ("physics/why-is-keplers-third-law-exact.md", "Why is Kepler\u2019s third law exact?", {}),
    ("finance/how-does-peertopeer-lending-work.md", "How does peer-to-peer lending work?", {}),
    ("history/what-did-how-the-other-half-lives-show.md", "What did How the Other Half Lives show?", {}),
    ("physics/how-do-springs-store-energy.md", "How do springs store energy?",
     {"question": "How do springs store energy under Hooke's law?",
      "seo": {"title": "QuickTakes | Physics", "page_description": "Springs and energy.",
              "page_keywords": "elasticity, Ohm\u2019s analogy, stiffness"}}),
    ("physics/how-do-pulleys-work.md", "How do pulleys work?", {}),
    ("chemistry/define-homogeneous-mixtures.md", "Define homogeneous mixtures", {}),
    ("biology/what-do-mitochondria-do.md", "What do mitochondria do?", {}),
    ("biology/photosynthesis-in-c4-plants.md", "Photosynthesis in C4 plants", {}),
    ("biology/why-is-photosynthesis-slow-at-night.md", "Why is photosynthesis slow at night?", {}),
    ("biology/what-do-leaves-do.md", "What do leaves do?",
     {"question": "What do leaves do, and where does photosynthesis happen?"}),
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    for number, (relpath, title, fields) in enumerate(ARTICLES):
        write_article(root, article_model(relpath, title, id=300 + number, **fields))
    return root


@pytest.fixture
def project(folder: Path) -> Project:
    opened = Project.open(folder)
    opened.index()
    return opened


def titles(project: Project, text: str, fuzzy: bool = False) -> list[str]:
    return [result.title for result in project.search(text, limit=20, fuzzy=fuzzy)]


def test_a_query_without_the_apostrophe_finds_a_title_written_with_one(project: Project) -> None:
    newton = ["What does Newton's second law state?"]
    assert titles(project, "newtons second law") == newton
    assert titles(project, "Newton's second law") == newton
    assert titles(project, "newton\u2019s second law") == newton
    assert titles(project, "newton second law") == newton  # the word before the apostrophe still counts
    assert titles(project, "keplers third") == ["Why is Kepler\u2019s third law exact?"]
    assert titles(project, "kepler's third law") == ["Why is Kepler\u2019s third law exact?"]


def test_questions_and_keywords_fold_apostrophes_too(project: Project) -> None:
    assert titles(project, "hookes law") == ["How do springs store energy?"]
    assert titles(project, "ohms analogy") == ["How do springs store energy?"]


def test_the_cli_search_finds_what_the_user_types(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", str(folder), "newtons second law"]) == 0
    assert "What does Newton's second law state?" in capsys.readouterr().out


def test_a_hyphenated_word_being_typed_is_split_as_the_index_splits_it(project: Project) -> None:
    lending = ["How does peer-to-peer lending work?"]
    assert titles(project, "peer-to-pe") == lending
    assert titles(project, "peer-to-peer") == lending
    assert titles(project, "peer-to-peer lend") == lending


def test_an_unclosed_quote_is_ignored_and_a_closed_one_makes_a_phrase(project: Project) -> None:
    riis = ["What did How the Other Half Lives show?"]
    assert titles(project, '"How the Other Ha') == riis
    assert titles(project, "\u201cHow the Other Ha") == riis  # typographic quotes are quotes too
    assert titles(project, '"the other half" lives') == riis
    assert titles(project, '"half other"') == []  # a phrase keeps its order


def test_the_last_word_is_a_prefix_from_two_letters_and_one_letter_matches_whole_words(project: Project) -> None:
    assert titles(project, "why is kepler's third law ex") == ["Why is Kepler\u2019s third law exact?"]
    assert titles(project, "pulleys w") == []  # "w" is a whole word, which no title holds
    assert titles(project, "pulleys work") == ["How do pulleys work?"]
    assert titles(project, "pulleys wo ") == []  # a space ends the word: "wo" is then whole
    assert parse("mitochondria d").match == '"mitochondria" AND "d"'
    assert parse("mitochondria do").match == '"mitochondria" AND "do"*'


def test_titles_that_start_with_the_words_come_first_then_titles_holding_them_then_the_rest(project: Project) -> None:
    assert titles(project, "photosynth") == [
        "Photosynthesis in C4 plants",  # the title starts with it
        "Why is photosynthesis slow at night?",  # the title holds it
        "What do leaves do?",  # only the question does
    ]


def test_fuzzy_search_finds_a_word_missing_a_letter_but_never_matches_across_words(project: Project) -> None:
    assert titles(project, "pully") == []  # not without fuzzy
    assert titles(project, "pully", fuzzy=True) == ["How do pulleys work?"]
    assert titles(project, "photsynthesis slow", fuzzy=True) == ["Why is photosynthesis slow at night?"]
    assert titles(project, "mitochondriX", fuzzy=True) == []  # not "Define homogeneous mixtures"
    assert titles(project, "mitochondri", fuzzy=True) == ["What do mitochondria do?"]


def test_refreshing_saved_files_updates_search_without_listing_the_folder(project: Project, folder: Path) -> None:
    assert "Mechanics" not in project.subjects()
    path = folder / "physics/how-do-pulleys-work.md"
    path.write_bytes(path.read_bytes().replace(b"How do pulleys work?", b"How do block and tackle pulleys work?")
                     .replace(b"subject: Physics", b"subject: Mechanics"))
    gone = folder / "biology/what-do-leaves-do.md"
    os.remove(gone)
    assert project.refresh_files([path, gone]) == 1
    assert titles(project, "tackle") == ["How do block and tackle pulleys work?"]
    assert project.article_at(gone) is None
    assert project.article_at(path).title == "How do block and tackle pulleys work?"
    assert "Mechanics" in project.subjects()  # kept subjects are read again with the files
    stats = project.index()  # the next full index finds nothing more to read
    assert (stats.added, stats.updated, stats.removed) == (0, 0, 0)
    assert titles(project, "tackle") == ["How do block and tackle pulleys work?"]
