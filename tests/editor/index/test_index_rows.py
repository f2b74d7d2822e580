"""What one file puts in the index is the same whichever way it was read: the canonical lane
(straight from its match to rows), the line scanner, or a full libyaml parse."""
from __future__ import annotations

import dataclasses
import re
import struct
import sys
from pathlib import Path

import pytest

from editor.index import canonical
from editor.index import database as index_db
from editor.index import link_store
from editor.index import scan as scan_module
from tests.perf.synth import article_model, link_to, make_folder, render

FAST_COLUMN = 4  # articles.fast: the one column that says how the file was read


def _rows(batch: index_db.Batch) -> tuple[list, ...]:
    articles = [row[:FAST_COLUMN] + row[FAST_COLUMN + 1:] for row in batch.articles]
    links = [(rid, link_store.link_rows(data)) for rid, data in batch.links]  # equal values, not equal bytes
    hashes = [(rid, sorted(struct.unpack(f"<{len(data) // 4}I", data))) for rid, data in batch.link_hashes]
    return articles, batch.fts, links, hashes, batch.problems, batch.answers


def _index(folder: Path, relpaths: list[str], context: index_db.FileContext) -> index_db.Batch:
    batch = index_db.Batch(1)
    for relpath in relpaths:
        batch.add_file(context, relpath, 1, (folder / relpath).stat().st_size)
    return batch


def _full_parse(folder: Path, relpaths: list[str], context: index_db.FileContext,
                monkeypatch: pytest.MonkeyPatch) -> index_db.Batch:
    with monkeypatch.context() as patch:
        patch.setattr(canonical, "match_file", lambda raw: None)
        patch.setattr(canonical, "match_text", lambda text: None)
        patch.setattr(canonical, "canonical_file", lambda raw: None)
        patch.setattr(scan_module, "fast_load", lambda text, offset=0: None)
        batch = _index(folder, relpaths, context)
    assert batch.fast == 0
    return batch


def _relpaths(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md"))


def test_a_generated_folder_gives_the_same_rows_as_a_full_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "c"
    make_folder(folder, 300, seed=21)
    relpaths = _relpaths(folder)
    context = index_db.FileContext(str(folder))
    fast = _index(folder, relpaths, context)
    assert fast.fast > 250  # most files took a fast lane
    assert _rows(fast) == _rows(_full_parse(folder, relpaths, context, monkeypatch))


# (id, subject, url) texts of a related link, as written in the file.
TRICKY_LINKS = [
    ("007", "Physics", "/learn/physics/questions/a"),  # a leading zero: YAML 1.1 reads octal
    ("08", "Physics", "/learn/physics/questions/a"),  # not octal, not decimal: a string
    ("12", "Physics", "https://example.org/questions/b"),  # not a path
    ("13", "Yes", "/learn/physics/questions/c"),  # a subject YAML reads as true
    ("14", "", "/learn/physics/questions/d"),  # empty: null
    ("15", "Computer Science", "/learn/physics/questions/e"),
    ("1_000", "Physics", "/learn/physics/questions/f"),  # an int with underscores
    ("17", "Physics", "~"),  # null
    ("'18'", "Physics", "/learn/physics/questions/g"),  # a quoted id: a string
    ("19", "Physics", "/learn/physics/questions/h:"),  # a trailing colon: not a plain scalar here
    ("99999999999999999999", "Physics", "/learn/physics/questions/i"),  # beyond SQLite's integers
    ("20", "Physics", "/learn/physics/questions/j\u3000"),  # YAML keeps this space; the url key does not
    ("21", "Physics", "/learn/physics/questions/k #l"),  # a comment after the url
]


@pytest.mark.parametrize("link", TRICKY_LINKS, ids=lambda link: "|".join(link))
def test_tricky_link_values_give_the_same_rows_as_a_full_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                               link: tuple[str, str, str]) -> None:
    folder = tmp_path / "c"
    (folder / "physics").mkdir(parents=True)
    model = article_model("physics/why-is-the-sky-blue.md", "Why is the sky blue?", id=6, subject="Physics")
    link_id, subject, url = link
    block = (f"related_article1:\n    id: {link_id}\n    title: >-\n        What is light?\n"
             f"    subject: {subject}\n    url: {url}\n")  # "subject: " with nothing after: null
    head, _, body = render(model).decode().partition("\n---\n")
    raw = f"{head}\n{block}---\n{body}"
    assert canonical.match_file(raw.encode()) is not None  # the lane under test reads it
    (folder / model["path"]).write_text(raw, encoding="utf-8")
    relpaths = [model["path"]]
    context = index_db.FileContext(str(folder))
    assert _rows(_index(folder, relpaths, context)) == _rows(_full_parse(folder, relpaths, context, monkeypatch))


def test_a_slot_given_twice_leaves_the_canonical_lane_and_gives_a_full_parses_rows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "c"
    (folder / "physics").mkdir(parents=True)
    model = article_model("physics/why-is-the-sky-blue.md", "Why is the sky blue?", id=6, subject="Physics")
    blocks = "".join(f"related_article{slot}:\n    id: {slot}\n    title: >-\n        Link {slot}\n"
                     f"    subject: Physics\n    url: /learn/physics/questions/l{slot}\n" for slot in (1, 2, 2))
    head, _, body = render(model).decode().partition("\n---\n")
    raw = f"{head}\n{blocks}---\n{body}"
    groups = canonical.match_file(raw.encode())
    assert groups is not None and link_store.canonical_links(groups, 0) is None  # libyaml decides the winner
    (folder / model["path"]).write_text(raw)
    relpaths = [model["path"]]
    context = index_db.FileContext(str(folder))
    batch = _index(folder, relpaths, context)
    assert _rows(batch) == _rows(_full_parse(folder, relpaths, context, monkeypatch))


def test_odd_header_values_give_the_same_rows_as_a_full_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "c"
    (folder / "physics").mkdir(parents=True)
    edits = {
        "a.md": ("date", "2024-13-45"),  # an impossible date: text
        "b.md": ("id", "0x1F"),  # hexadecimal
        "c.md": ("subject", "null"),
        "d.md": ("url", "3.5"),
        "e.md": ("id", ""),
        "f.md": ("file_name", "yes"),
    }
    relpaths = []
    for name, (key, text) in edits.items():
        model = article_model(f"physics/{name}", "What is light?", id=5, subject="Physics")
        raw = re.sub(f"(?m)^{key}: .*$", f"{key}: {text}", render(model).decode(), count=1)
        assert canonical.match_file(raw.encode()) is not None, name  # the lane under test reads it
        (folder / model["path"]).write_text(raw)
        relpaths.append(model["path"])
    context = index_db.FileContext(str(folder))
    assert _rows(_index(folder, relpaths, context)) == _rows(_full_parse(folder, relpaths, context, monkeypatch))


def test_a_schema_that_requires_a_link_is_checked_on_the_canonical_lane(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    (folder / "physics").mkdir(parents=True)
    lonely = article_model("physics/what-is-light.md", "What is light?", id=5, subject="Physics")
    linked = article_model("physics/why-is-the-sky-blue.md", "Why is the sky blue?", id=6, subject="Physics",
                           links=[link_to(lonely)])
    for model in (lonely, linked):
        (folder / model["path"]).write_bytes(render(model))
    context = index_db.FileContext(str(folder))
    rules = context.rules("default")
    strict = dataclasses.replace(rules, required=rules.required + ("related_article1",), links_required=True)
    context.rules = lambda name: strict  # type: ignore[method-assign]
    batch = _index(folder, [lonely["path"], linked["path"]], context)
    assert batch.fast == 2 and len(batch.links) == 1
    assert [(rid, code, field) for rid, _, field, code, _, _ in batch.problems] == [(1, "missing-field", "related_article1")]


@pytest.mark.parametrize("text, canonical_lane", [
    ("Thévenin’s theorem — why “≠” matters", True),
    ("Économie et société", True),
    ("a line\u2028separator", False),  # YAML reads LS as a line break; Python's "." does not
    ("a next\u0085line", False),
    ("a stray \ufeff mark", False),
])
def test_non_ascii_text_gives_the_same_rows_as_a_full_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            text: str, canonical_lane: bool) -> None:
    folder = tmp_path / "c"
    (folder / "physics").mkdir(parents=True)
    model = article_model("physics/what-is-light.md", "What is light?", id=5, subject="Physics")
    raw = render(model).decode()
    raw = re.sub("(?m)^(answer: >-\n    )", lambda m: m.group(1) + text + " ", raw, count=1)
    raw = re.sub("(?m)^subject: .*$", f"subject: {text.split()[0]}", raw, count=1)
    (folder / model["path"]).write_bytes(raw.encode())
    assert (canonical.match_file(raw.encode()) is not None) == canonical_lane
    relpaths = [model["path"]]
    context = index_db.FileContext(str(folder))
    assert _rows(_index(folder, relpaths, context)) == _rows(_full_parse(folder, relpaths, context, monkeypatch))


@pytest.mark.parametrize("change", [
    lambda raw: raw.replace(b"\n", b"\r\n"),  # CRLF line ends, as a Windows checkout has them
    lambda raw: b"\xef\xbb\xbf" + raw,  # a BOM
    lambda raw: b"\xef\xbb\xbf" + raw.replace(b"\n", b"\r\n"),
], ids=["crlf", "bom", "bom-crlf"])
def test_a_canonical_file_with_a_bom_or_crlf_takes_the_canonical_lane_to_the_same_rows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change) -> None:
    folder = tmp_path / "c"
    (folder / "physics").mkdir(parents=True)
    target = article_model("physics/what-is-light.md", "What is light?", id=5, subject="Physics")
    model = article_model("physics/why-is-the-sky-blue.md", "Why is the sky blue?", id=6, subject="Physics",
                          links=[link_to(target)])
    raw = change(render(model))
    (folder / model["path"]).write_bytes(raw)
    assert canonical.match_file(raw) is None and canonical.match_text(scan_module.split_fast(raw)) is not None
    relpaths = [model["path"]]
    context = index_db.FileContext(str(folder))
    with monkeypatch.context() as patch:  # prove the lane: the line scanner and libyaml are not asked
        patch.setattr(index_db, "scan_split", lambda *args: pytest.fail("left the canonical lane"))
        fast = _index(folder, relpaths, context)
    assert _rows(fast) == _rows(_full_parse(folder, relpaths, context, monkeypatch))
    assert link_store.link_rows(fast.links[0][1])[0][-1] == 26  # related_article1 is on line 26, as the full parse says


def test_a_file_gone_before_it_is_read_is_an_error_row_and_its_chunk_is_read_on(tmp_path: Path) -> None:
    """A chunk's files are read first, then scanned: one that cannot be read keeps its place."""
    folder = tmp_path / "c"
    models = [article_model(f"physics/{name}.md", title, id=n, subject="Physics")
              for n, (name, title) in enumerate([("what-is-light", "What is light?"), ("why-is-the-sky-blue", "Why is the sky blue?")])]
    for model in models:
        (folder / model["path"]).parent.mkdir(parents=True, exist_ok=True)
        (folder / model["path"]).write_bytes(render(model))
    (folder / "physics" / "a-folder.md").mkdir()
    files = [(models[0]["path"], None, None), ("physics/gone.md", None, None), ("physics/a-folder.md", None, None),
             (models[1]["path"], None, None)]
    batch = index_db.scan_chunk((str(folder), 7, files))
    rids, paths, errors = zip(*[(row[0], row[1], row[5]) for row in batch.articles])
    assert rids == (7, 8, 9, 10) and list(paths) == [path for path, _, _ in files]
    assert errors[0] is None and errors[3] is None and batch.fast == 2
    assert errors[1] == "cannot read the file: No such file or directory"
    assert batch.articles[1][2:4] == (-1, -1)  # gone: the next index notices it
    assert errors[2] == "this is a folder, not a file; an article is a regular file" and batch.articles[2][2] > 0
    assert [(rid, code) for rid, _, _, code, _, _ in batch.problems if code == "yaml-error"] == [(8, "yaml-error"), (9, "yaml-error")]
