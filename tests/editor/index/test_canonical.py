"""Specification of the canonical lane of the index scanner (editor/canonical.py).

A front matter in the site's exact layout is read in one regular-expression match. Whatever it
accepts must load exactly as a full safe YAML parse loads it (values, types and key lines), and
anything unusual must be refused, so that the general scanner or the full parse decides.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.article import frontmatter
from editor.index.canonical import canonical_file, canonical_load, key_lines
from editor.index.scan import full_load, scan_bytes, split_fast
from tests.perf.synth import article_model, make_model, render

LINK = {"id": 76002, "title": "Why is the sky blue?", "subject": "Physics",
        "url": "/learn/physics/questions/why-is-the-sky-blue"}


def same(a: Any, b: Any) -> bool:
    """Equal values of equal types, all the way down (76278 is not "76278", 1 is not 1.0 or True)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return bool(a == b)


def full(raw: bytes) -> tuple[dict[str, Any], dict[str, int]]:
    """Values and 1-based key lines through libyaml."""
    parts = frontmatter.split(raw)
    data, lines = full_load(parts.text[parts.yaml_start:parts.yaml_end], None, parts.yaml_line)
    return data, {key: line + parts.yaml_line + 1 for key, line in lines.items()}


def canonical(raw: bytes) -> tuple[dict[str, Any], dict[str, int]] | None:
    """What the canonical lane makes of a file, with 1-based key lines as scan_bytes reports them."""
    text = split_fast(raw)
    found = None if text is None else canonical_load(text)
    return None if found is None else (found[0], key_lines(found[1], 2))


def article(links: int = 2, **fields: Any) -> bytes:
    model = article_model("physics/how-do-tides-work.md", "How do tides work?", id=76001,
                          links=[dict(LINK, id=LINK["id"] + n) for n in range(links)], **fields)
    return render(model)


@pytest.mark.parametrize("links", [0, 1, 4, 5, 6, 9])  # the first five blocks are groups; more, one group
def test_a_canonical_article_is_read_in_one_match_exactly_like_libyaml(links: int) -> None:
    raw = article(links)
    got = canonical(raw)
    assert got is not None
    expected = full(raw)
    assert same(got[0], expected[0]) and got[1] == expected[1]
    assert type(got[0]["id"]) is int and type(got[0]["score"]) is float
    assert got[1]["id"] == 3 and got[1]["seo.page_keywords"] == 15
    assert scan_bytes(raw).fast


def test_the_canonical_lane_equals_libyaml_on_generated_folders() -> None:
    accepted = 0
    for model in make_model(500, seed=11):
        raw = render(model)
        got = canonical(raw)
        if got is None:
            continue
        accepted += 1
        expected = full(raw)
        assert same(got[0], expected[0]) and got[1] == expected[1], model["path"]
        whole = canonical_file(raw)  # the same, straight from the bytes, for plain ASCII files
        assert whole is None or (same(whole[0], got[0]) and key_lines(whole[1], 2) == got[1]), model["path"]
    assert accepted > 400  # most files of a real folder are canonical


@pytest.mark.parametrize("change, straight", [
    (lambda raw: b"\xef\xbb\xbf" + raw, False),                       # a BOM
    (lambda raw: raw.replace(b"\n", b"\r\n"), False),                  # CRLF line ends
    (lambda raw: raw.replace(b"How do tides", "Comment les marées".encode(), 1), True),  # UTF-8 text
    (lambda raw: raw.replace(b"How do tides", "Comment\u2028les".encode(), 1), False),  # a YAML line break
])
def test_files_other_than_utf8_with_lf_take_the_split_route_to_the_same_values(change: Any, straight: bool) -> None:
    raw = change(article())
    whole = canonical_file(raw)
    assert (whole is not None) == straight
    got = canonical(raw)
    if whole is not None:
        assert got is not None and same(whole[0], got[0]) and key_lines(whole[1], 2) == got[1]
    if "\u2028".encode() in raw:
        assert got is None  # not certain by either canonical route: the line scanner or libyaml decides
        return
    assert got is not None
    scan = scan_bytes(raw)
    assert scan.fast and same(scan.data, got[0]) and scan.lines == got[1]
    assert same(scan.data, full(raw)[0])


@pytest.mark.parametrize("old, new", [
    (b"\n---\n", b"\n---x\n"),        # not a closing line
    (b"\n---\n", b"\n--- \n"),
    (b"\n---\n", b"\n...\n---\n"),   # the document ends earlier
    (b"---\n_schema", b"--- \n_schema"),
    (b"\n---\n", b"\n\x00\n---\n"),   # a NUL byte: an error for the editor
])
def test_a_file_whose_front_matter_lines_are_unusual_is_not_read_from_its_bytes(old: bytes, new: bytes) -> None:
    raw = article().replace(old, new, 1)
    assert raw != article()
    assert canonical_file(raw) is None


@pytest.mark.parametrize("old, new", [
    (b"id: 76001", b'id: "76001"'),                       # a quoted id is the string
    (b"date: 2024-12-02", b"date: 2024-13-45"),            # an impossible date stays text
    (b"subject: Physics", b"subject: yes"),                # YAML 1.1 booleans
    (b"subject: Physics", b"subject: null"),
    (b"subject: Physics", b"subject:  Physics  "),         # surrounding spaces
    (b"url: /learn", b"url: https://example.com/learn"),   # a colon without a space is text
    (b"    id: 76002", b"    id: 0"),
])
def test_unusual_values_in_the_canonical_layout_load_as_libyaml_loads_them(old: bytes, new: bytes) -> None:
    raw = article().replace(old, new, 1)
    assert raw != article()
    got = canonical(raw)
    assert got is not None
    expected = full(raw)
    assert same(got[0], expected[0]) and got[1] == expected[1]


@pytest.mark.parametrize("old, new", [
    (b"subject: Physics", b"subject: Physics # a comment"),
    (b"subject: Physics", b"subject: Phy\tsics"),
    (b"subject: Physics", b"subject: Physics: more"),
    (b"subject: Physics", b"subject: &anchor Physics"),
    (b"subject: Physics", b"subject: 'it''s'"),
    (b"subject: Physics", b"subject: [Physics]"),
    (b"id: 76001", b"id: 0017"),                           # octal in YAML 1.1
    (b"score: -1.0", b"score: .inf"),
    (b"    How do tides work?\narticle", b"    How do tides work?  \narticle"),  # trailing spaces fold away
    (b"    How do tides work?\narticle", b"    How do tides\n    work?\narticle"),  # two content lines
    (b"author: QuickTakes\n", b"author: QuickTakes\nextra: value\n"),               # an unknown key
    (b"author: QuickTakes\nquestion", b"question"),                                  # a missing key
    (b"related_article2:", b"related_article1:"),          # a key given twice
    (b"date_format: MMM DD, YYYY\npost_on_text: Posted on",
     b"post_on_text: Posted on\ndate_format: MMM DD, YYYY"),  # keys in another order
    (b"\nseo:\n  title:", b"\nseo:\n   title:"),            # another indentation
])
def test_anything_unusual_is_refused_and_still_loads_exactly_like_libyaml(old: bytes, new: bytes) -> None:
    raw = article().replace(old, new, 1)
    assert raw != article()
    assert canonical(raw) is None
    scan = scan_bytes(raw)
    try:
        expected = full(raw)
    except frontmatter.ArticleError:
        assert scan.data is None and scan.error is not None
        return
    assert same(scan.data, expected[0]) and scan.lines == expected[1]


@pytest.mark.parametrize("old, new", [
    (b"related_article7:", b"related_article3:"),  # given again after the first five
    (b"related_article7:", b"related_article6:"),  # given twice after them
])
def test_a_key_given_twice_anywhere_among_many_links_is_refused(old: bytes, new: bytes) -> None:
    raw = article(8).replace(old, new, 1)
    assert canonical(raw) is None and canonical_file(raw) is None
    assert same(scan_bytes(raw).data, full(raw)[0])


@settings(max_examples=200, deadline=None)
@given(
    value=st.text(alphabet=st.characters(blacklist_categories=("Cs",), min_codepoint=32, max_codepoint=0x2FF),
                  min_size=1, max_size=30),
    field=st.sampled_from([b"subject: Physics", b"id: 76001", b"    url: /learn/physics/questions/why-is-the-sky-blue",
                           b"date: 2024-12-02", b"  title: QuickTakes | Physics"]),
)
def test_any_plain_value_is_either_refused_or_loaded_exactly_like_libyaml(value: str, field: bytes) -> None:
    key = field.split(b":")[0]
    raw = article().replace(field, key + b": " + value.encode(), 1)
    got = canonical(raw)
    try:
        expected = full(raw)
    except frontmatter.ArticleError:
        assert got is None
        return
    if got is not None:
        assert same(got[0], expected[0]) and got[1] == expected[1]
