"""How related links are stored in the index (``editor.link_store``): url hashes that may collide,
backlinks found in packed hashes, and link rows that leave out what they can rebuild."""
from __future__ import annotations

import marshal
import struct
import sys
from pathlib import Path

import pytest
import yaml

from editor.index import link_store
from editor.index import stored_value
from editor.index.project import Project
from tests.perf.synth import article_model, write_article, write_linked_folder


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return write_linked_folder(tmp_path / "content")


def test_url_lookups_use_the_hash_indexes_and_never_mix_urls_that_share_a_hash(folder: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(link_store, "url_hash", lambda key: 7)  # every url collides
    project = Project.open(folder, cache=folder.parent / "cache")
    project.index(workers=1)
    assert project.by_url("/learn/physics/questions/why-is-the-sky-blue").relpath == "physics/why-is-the-sky-blue.md"
    assert project.by_url("/learn/physics/questions/how-do-tides-work").relpath == "physics/how-do-tides-work.md"
    assert project.by_url("/learn/physics/questions/nothing") is None
    assert [(l.path, l.key) for l in project.links_to("/learn/physics/questions/why-is-the-sky-blue")] == [
        ("psychology/why-does-trust-matter.md", "related_article1")]
    conn = project._conn()
    plan = " ".join(str(row[-1]) for row in conn.execute(
        "EXPLAIN QUERY PLAN SELECT rid FROM articles WHERE url_hash = 7 AND url_key = 'x'"))
    assert "INDEX articles_url" in plan and "SCAN" not in plan, plan


def test_backlinks_drop_a_hash_found_across_two_packed_hashes(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``link_hashes`` is searched byte-wise, so 4 bytes that straddle two of an article's hashes
    are a hit too; the url comparison after it must drop that article."""
    sky, tides = "/learn/physics/questions/why-is-the-sky-blue", "/learn/physics/questions/how-do-tides-work"
    nowhere = "/learn/physics/questions/nothing-links-here"
    hashes = {sky: 0x01020304, tides: 0x05060708}
    straddling = struct.unpack("<I", link_store.pack_hashes(set(hashes.values()))[1:5])[0]
    hashes[nowhere] = straddling
    monkeypatch.setattr(link_store, "url_hash", lambda key: hashes.get(key, 0))
    project = Project.open(folder, cache=folder.parent / "cache")
    project.index(workers=1)
    hits = project._conn().execute("SELECT count(*) FROM link_hashes WHERE instr(hashes, ?)",
                                   (link_store.pack_hashes([straddling]),)).fetchone()[0]
    assert hits == 1  # the trust article's two hashes, read across their boundary
    assert project.links_to(nowhere) == []
    assert [(l.path, l.key) for l in project.links_to(tides)] == [
        ("physics/why-is-the-sky-blue.md", "related_article1"), ("psychology/why-does-trust-matter.md", "related_article2")]


def test_link_rows_give_back_the_key_and_url_they_leave_out(tmp_path: Path) -> None:
    """A stored link keeps ``key`` and ``url`` only when they are not ``related_article<slot>`` and the
    stripped url; every link still reads back exactly as a full parse loads it."""
    root = tmp_path / "content"
    target = article_model("physics/what-is-light.md", "What is light?", id=5)
    write_article(root, target)
    path = write_article(root, article_model("physics/why-is-the-sky-blue.md", "Why is the sky blue?", id=6))
    head, _, body = path.read_text().partition("\n---\n")
    blocks = [("related_article1", "/learn/physics/questions/what-is-light"),
              ("related_article02", "' /learn/physics/questions/what-is-light  '"),
              ("related_article3", "42"), ("related_article4", "~"), ("related_article5", "2024-01-02")]
    path.write_text(head + "\n" + "".join(
        f"{key}:\n    id: 5\n    title: >-\n        What is light?\n    subject: Physics\n    url: {url}\n"
        for key, url in blocks) + "---\n" + body)
    project = Project.open(root, cache=tmp_path / "cache")
    project.index(workers=1)
    loaded = yaml.safe_load(path.read_text().split("---\n")[1])
    links = [link for link in project.link_graph()[1] if link.path == "physics/why-is-the-sky-blue.md"]
    assert [link.key for link in links] == [key for key, _ in blocks]
    assert [link.url for link in links[:4]] == [loaded[key]["url"] for key, _ in blocks[:4]]
    assert links[4].url == stored_value.db_value(loaded["related_article5"]["url"])  # a date: tagged text
    assert [link.url_key for link in links] == [
        "/learn/physics/questions/what-is-light", "/learn/physics/questions/what-is-light", "42", None, "2024-01-02"]
    assert [(l.key, l.url) for l in project.article_at(path).links] == [(l.key, l.url) for l in links]
    assert {l.key for l in project.links_to("/learn/physics/questions/what-is-light")} == {
        "related_article1", "related_article02"}
    rid = project._conn().execute("SELECT rid FROM articles WHERE path = 'physics/why-is-the-sky-blue.md'").fetchone()[0]
    stored = marshal.loads(project._conn().execute("SELECT data FROM links WHERE article = ?", (rid,)).fetchone()[0])
    assert stored[0][1] is None and stored[0][5] is None  # key and url rebuilt on reading: the common case costs no bytes
    assert stored[1][1] == "related_article02" and stored[1][5] == " /learn/physics/questions/what-is-light  "
