"""Specification of the index's fast front-matter scanner (editor/scan.py).

The fast path reads the regular subset of the format line by line and must give exactly what a
full safe YAML parse gives, values with their types and key lines alike; anything it cannot read
with certainty goes to the full parse.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.article import frontmatter
from editor.index.scan import fast_load, full_load, scan_bytes, split_fast
from tests.perf.synth import article_model, make_model, render


def same(a: Any, b: Any) -> bool:
    """Equal values of equal types, all the way down (76278 is not "76278", 1 is not 1.0 or True)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return bool(a == b)


def full(raw: bytes) -> tuple[dict[str, Any], dict[str, int]]:
    parts = frontmatter.split(raw)
    return full_load(parts.text[parts.yaml_start:parts.yaml_end], None, parts.yaml_line)


def fast(raw: bytes) -> tuple[dict[str, Any], dict[str, int]] | None:
    text = split_fast(raw)
    return None if text is None else fast_load(text)


ARTICLE = b"""---
_schema: default
id: 76001
date: 2024-05-06
title: >-
    How do tides work?
seo:
  title: QuickTakes | Physics
  page_description: >-
    Tides explained: the moon, the sun and the shape of the coast.
author: QuickTakes
answer: >-
    The moon pulls the ocean.\\n\\n1. **Gravity**: it pulls # not a comment
subject: Physics
score: -1.0
related_article1:
    id: 76002
    title: >-
        Why is the sky blue?
    subject: Physics
    url: /learn/physics/questions/why-is-the-sky-blue
---

&nbsp;"""


def test_fast_path_reads_a_regular_article_with_yaml_types_and_key_lines() -> None:
    scan = scan_bytes(ARTICLE)
    assert scan.fast and scan.error is None
    data = scan.data
    assert data["id"] == 76001 and type(data["id"]) is int
    assert data["date"] == dt.date(2024, 5, 6)
    assert data["title"] == "How do tides work?"
    assert data["seo"]["page_description"].startswith("Tides explained: the moon")
    assert data["answer"].endswith("**Gravity**: it pulls # not a comment")
    assert "\\n\\n" in data["answer"]  # backslash-n stays two characters, as YAML loads it
    assert data["score"] == -1.0 and type(data["score"]) is float
    assert data["related_article1"] == {
        "id": 76002, "title": "Why is the sky blue?", "subject": "Physics",
        "url": "/learn/physics/questions/why-is-the-sky-blue",
    }
    assert scan.lines["id"] == 3 and scan.lines["seo.page_description"] == 9
    assert scan.lines["related_article1"] == 16 and scan.lines["related_article1.url"] == 21


def test_fast_path_equals_the_full_parse_on_the_regular_article() -> None:
    got = fast(ARTICLE)
    assert got is not None
    expected = full(ARTICLE)
    assert same(got[0], expected[0]) and got[1] == expected[1]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_fast_path_equals_the_full_parse_on_generated_folders(seed: int) -> None:
    """Every file the fast path accepts loads identically through libyaml; the rest fall back."""
    accepted = fallen_back = 0
    for article in make_model(600, seed=seed):
        raw = render(article)
        got = fast(raw)
        if got is None:
            fallen_back += 1
            continue
        accepted += 1
        expected = full(raw)  # raises if the fast path accepted a file libyaml rejects
        assert same(got[0], expected[0]), article["path"]
        assert got[1] == expected[1], article["path"]
    assert accepted > 0.85 * (accepted + fallen_back)  # the odd files are a minority
    assert fallen_back > 0  # ... but they exist, and take the other road


@pytest.mark.parametrize("kind", ["crlf", "bom", "plain-title", "wrapped", "two-space-links", "final-newline",
                                  "blank-lines", "quoted-id", "single-quoted-title"])
def test_odd_but_regular_shapes_stay_on_the_fast_path(kind: str) -> None:
    article = article_model("physics/how-do-tides-work.md", "How do tides work?", odd=(kind,),
                            links=[{"id": 1, "title": "Why is the sky blue?", "subject": "Physics", "url": "/u"}])
    raw = render(article)
    got = fast(raw)
    assert got is not None
    expected = full(raw)
    assert same(got[0], expected[0]) and got[1] == expected[1]


@pytest.mark.parametrize("yaml_line", [
    'title: "escaped \\" quote"',       # double quotes with escapes
    "title: &anchor value",             # anchors
    "title: !!str 5",                   # tags
    "title: {a: b}",                    # flow mappings
    "title: [a, [b]]",                  # nested flow sequences
    "title: [a, 'b']",                  # quoted flow items
    "title: [a: b]",                    # a mapping inside a flow sequence
    "title: [a, b",                     # an unclosed flow sequence
    "title: [a, ]",                     # a trailing comma
    'title: "quoted" # comment',        # a comment after a quoted scalar
    "title: # only a comment",          # a comment and no value
    "title: a: b # comment",            # a mapping indicator before a comment
    "title: |-\n    literal",           # literal block scalar
    "title: >\n    clipped",            # folded with clip chomping
    "title: plain\n    continued",      # multi-line plain scalar
    "title: >-\n    one\n      more indented",  # more-indented folded line
    "title: >-\n    one\n\n    two",    # blank line inside a folded scalar
    "title: 0017",                      # an octal int in YAML 1.1
    "title: 1_000",                     # underscored int
    "title: 2024-01-05 10:30:00",       # a timestamp with a time
    "title: 12:30",                     # sexagesimal
    "yes: no",                          # a key that is a boolean
    "title: - item",                    # a sequence marker
    "seo:\n  title: x\n\n  more: y",      # a blank line inside a nested mapping
    "seo:\n  title: x\n# note\n  more: y",  # a comment inside a nested mapping
    "title: >-\n# note\n    text",        # a comment where folded text should start
])
def test_uncertain_shapes_fall_back_to_the_full_parse_with_the_same_result(yaml_line: str) -> None:
    raw = f"---\nid: 5\n{yaml_line}\nsubject: Physics\n---\nbody".encode()
    assert fast(raw) is None
    scan = scan_bytes(raw)
    assert not scan.fast
    if scan.data is not None:
        assert same(scan.data, full(raw)[0])


@pytest.mark.parametrize("yaml_line", [
    "title: value # comment",
    "title: value   #comment # more",
    "title: 76001 # an int",
    "title: C# and F#",                 # '#' without a space before it is text
    "title: [review, imported]",
    "title: [ review , 2024-01-05, 5, yes, null ]",
    "title: []",
    "title: [a,b] # words",
])
def test_trailing_comments_and_flow_lists_of_words_stay_on_the_fast_path(yaml_line: str) -> None:
    raw = f"---\nid: 5\n{yaml_line}\nsubject: Physics\n---\nbody".encode()
    got = fast(raw)
    assert got is not None
    expected = full(raw)
    assert same(got[0], expected[0]) and got[1] == expected[1]


@settings(max_examples=150, deadline=None)
@given(
    items=st.lists(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x7E), max_size=8), max_size=4),
    comment=st.sampled_from(["", " # note", "  #", " #[x]: y"]),
)
def test_any_flow_list_or_comment_either_falls_back_or_loads_exactly_like_libyaml(items: list[str], comment: str) -> None:
    raw = f"---\nid: 1\ntags: [{', '.join(items)}]{comment}\nurl: /x\n---\n".encode()
    got = fast(raw)
    try:
        expected = full(raw)
    except frontmatter.ArticleError:
        assert got is None
        return
    if got is not None:
        assert same(got[0], expected[0]) and got[1] == expected[1]


@settings(max_examples=150, deadline=None)
@given(
    value=st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), min_codepoint=32, max_codepoint=0x2FF), min_size=1, max_size=40
    ),
    style=st.sampled_from(["plain", "folded", "double", "single"]),
)
def test_any_scalar_either_falls_back_or_loads_exactly_like_libyaml(value: str, style: str) -> None:
    if style == "plain":
        written = f"title: {value}"
    elif style == "folded":
        written = f"title: >-\n    {value}"
    elif style == "double":
        written = f'title: "{value}"'
    else:
        written = f"title: '{value}'"
    raw = f"---\nid: 1\n{written}\nurl: /x\n---\n".encode()
    got = fast(raw)
    try:
        expected = full(raw)
    except frontmatter.ArticleError:
        assert got is None  # libyaml rejects it, so the fast path must not accept it
        return
    if got is not None:
        assert same(got[0], expected[0]) and got[1] == expected[1]


@pytest.mark.parametrize("text", [
    "# imported\nid: 1\n\ntitle: >-\n    Tides\n\n# links\nseo:\n  title: x\n\nurl: /u\n",
    "seo:\n  title: x\n\nid: 5\n",
])
def test_blank_lines_and_comments_between_top_level_keys_stay_on_the_fast_path(text: str) -> None:
    raw = f"---\n{text}---\n".encode()
    got = fast(raw)
    assert got is not None
    expected = full(raw)
    assert same(got[0], expected[0]) and got[1] == expected[1]


@pytest.mark.parametrize("date_text", ["2024-13-45", "2023-02-30"])
def test_an_impossible_date_loads_as_its_text_on_both_paths(date_text: str) -> None:
    raw = f"---\nid: 1\ndate: {date_text}\n---\n".encode()
    assert fast(raw)[0]["date"] == date_text
    assert full(raw)[0]["date"] == date_text


@pytest.mark.parametrize("raw, line, words", [
    (b"no front matter here", 1, "no front matter"),
    (b"---\nid: 1\ntitle: x\n", 4, "not closed"),
    (b"---\nid: 1\nauthor: \"open\ntitle: x\n---\n", None, "invalid YAML"),
    (b"---\nid: 1\n\ttitle: x\n---\n", 3, "invalid YAML"),
    (b"---\nid: 1\ntitle: caf\xe9\n---\n", 3, "not UTF-8"),
    (b"---\n- a\n- b\n---\n", 2, "mapping"),
    (b"---\nid: 1\nbad: !!python/object:os.system x\n---\n", 3, "tag"),
])
def test_broken_files_give_an_error_with_file_line_and_reason(raw: bytes, line: int | None, words: str) -> None:
    scan = scan_bytes(raw, "subject/file.md")
    assert scan.data is None and scan.error is not None
    assert words in scan.error.message
    if line is not None:
        assert scan.error.line == line
    assert "subject/file.md" in str(scan.error)


def test_a_nul_byte_anywhere_makes_the_file_an_error_as_for_the_editor() -> None:
    scan = scan_bytes(b"---\nid: 1\n---\nbody \x00 bytes")
    assert scan.data is None and "binary" in scan.error.message
