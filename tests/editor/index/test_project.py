"""Specification of a content folder as a project: discovery, the SQLite index, refresh, search."""
from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path

import pytest

from editor.index import project as project_module
from editor.index import canonical as canonical_module
from editor.index import database as index_db
from editor.index import workers as index_workers
from editor.index import link_store
from editor.index import freshness
from editor.index import reading
from editor.index import scan as scan_module
from editor.operations.check import check_project
from editor.index.project import Project, discover
from tests.perf.synth import article_model, link_to, make_folder, write_article
from tests.locations import ROOT, FIXTURES


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    tides = article_model("physics/how-do-tides-work.md", "How do tides work?", id=101,
                          seo={"title": "QuickTakes | Physics", "page_description": "Moon and sun pull the oceans " * 3,
                               "page_keywords": "gravity, oceans, moon"})
    sky = article_model("physics/why-is-the-sky-blue.md", "Why is the sky blue?", id=102, links=[link_to(tides)])
    trust = article_model("psychology/why-does-trust-matter.md", "Why does trust matter?", id=205,
                          question="Why does trust matter between a coach and a client?",
                          links=[link_to(sky), link_to(tides)])
    for model in (tides, sky, trust):
        write_article(root, model)
    return root


def test_discovery_finds_markdown_files_and_skips_hidden_folders_node_modules_and_git(tmp_path: Path) -> None:
    for rel in ("a/one.md", "two.md", "a/b/three.md", ".hidden/x.md", "node_modules/y.md", ".git/z.md",
                "a/.draft.md", "a/notes.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("---\nid: 1\n---\n")
    assert sorted(discover(tmp_path)) == ["a/b/three.md", "a/one.md", "two.md"]


def test_index_records_fields_and_links_of_each_article(folder: Path) -> None:
    project = Project.open(folder)
    stats = project.index()
    assert (stats.files, stats.articles, stats.errors, stats.added) == (3, 3, 0, 3)
    info = project.article_at("psychology/why-does-trust-matter.md")
    assert info is not None
    assert info.id == 205 and type(info.id) is int
    assert info.title == "Why does trust matter?"
    assert info.subject == "Psychology" and info.url == "/learn/psychology/questions/why-does-trust-matter"
    assert info.date == "2024-12-02" and info.question.startswith("Why does trust matter between")
    assert [(link.slot, link.id, link.url) for link in info.links] == [
        (1, 102, "/learn/physics/questions/why-is-the-sky-blue"),
        (2, 101, "/learn/physics/questions/how-do-tides-work"),
    ]
    assert project.article_at(folder / "physics" / "how-do-tides-work.md").keywords == "gravity, oceans, moon"


def test_index_lives_under_the_xdg_cache_home_one_database_per_folder(folder: Path, tmp_path: Path, cache_home: Path) -> None:
    other = tmp_path / "other"
    write_article(other, article_model("law/what-is-a-tort.md", "What is a tort?"))
    first, second = Project.open(folder), Project.open(other)
    first.index()
    second.index()
    assert first.db_path.is_relative_to(cache_home) and first.db_path.exists()
    assert first.db_path != second.db_path
    assert [r.title for r in second.search("tort")] == ["What is a tort?"]
    assert second.search("tides") == []


def test_reopening_rereads_only_changed_added_and_removed_files(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Project.open(folder).index()
    read: list[str] = []
    original = reading._read
    monkeypatch.setattr(reading, "_read",
                        lambda folder, path, mtime, size: read.append(path) or original(folder, path, mtime, size))

    stats = Project.open(folder).index()
    assert (stats.unchanged, stats.added, stats.updated, stats.removed) == (3, 0, 0, 0) and read == []

    sky = folder / "physics" / "why-is-the-sky-blue.md"
    sky.write_bytes(sky.read_bytes().replace(b"Why is the sky blue?", b"Why is the sky so blue?"))
    (folder / "physics" / "how-do-tides-work.md").unlink()
    write_article(folder, article_model("law/what-is-a-tort.md", "What is a tort?", id=300))
    project = Project.open(folder)
    stats = project.index()
    assert (stats.unchanged, stats.added, stats.updated, stats.removed) == (1, 1, 1, 1)
    assert len(read) == 2
    assert project.article_at("physics/why-is-the-sky-blue.md").title == "Why is the sky so blue?"
    assert project.article_at("physics/how-do-tides-work.md") is None
    assert [r.relpath for r in project.search("tort")] == ["law/what-is-a-tort.md"]
    assert [r.relpath for r in project.search("tides")] == []


def test_a_file_that_does_not_load_is_indexed_with_its_error_and_the_rest_still_opens(folder: Path) -> None:
    (folder / "physics" / "broken.md").write_bytes(b"---\nid: 9\n\ttitle: tabbed\n---\n")
    project = Project.open(folder)
    stats = project.index()
    assert (stats.articles, stats.errors) == (3, 1)
    info = project.article_at("physics/broken.md")
    assert info.error and "invalid YAML" in info.error and info.error_line == 3
    assert len(project.search("tides")) == 1


def test_progress_reports_done_and_total_and_cancel_keeps_what_was_indexed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(project_module, "CHUNK_FILES", 10)
    make_folder(tmp_path / "c", 45, seed=4)
    calls: list[tuple[int, int]] = []
    project = Project.open(tmp_path / "c")
    stats = project.index(progress=lambda done, total: calls.append((done, total)), cancel=lambda: len(calls) >= 3)
    assert stats.cancelled
    assert calls[0] == (0, stats.files) and calls[-1][0] < stats.files
    calls.clear()
    resumed = project.index(progress=lambda done, total: calls.append((done, total)))
    assert not resumed.cancelled and resumed.unchanged > 0 and resumed.added == resumed.files - resumed.unchanged
    assert calls[-1] == (resumed.added, resumed.added)


def _rows(project: Project) -> list[tuple]:
    conn = project._conn()
    articles = conn.execute("SELECT path, error, error_line, id, id_line, title, subject, url, date, keywords, "
                            "question, file_name FROM articles ORDER BY path").fetchall()
    links = [(link.path, link.slot, link.id, link.title, link.subject, link.url, link.line)
             for link in project.link_graph()[1]]
    problems = conn.execute("SELECT a.path, p.line, p.field, p.code, p.message, p.fix FROM problems p "
                            "JOIN articles a ON a.rid = p.article ORDER BY 1, 2, 3, 4, 5").fetchall()
    return [articles, links, problems]


def test_the_index_is_the_same_through_workers_fast_scanner_or_full_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Indexing results equal a full safe parse of every file, on a generated folder."""
    make_folder(tmp_path / "c", 400, seed=9)
    serial = Project.open(tmp_path / "c", cache=tmp_path / "serial")
    assert serial.index(workers=1).fast > 300
    monkeypatch.setattr(project_module, "PARALLEL_MIN_FILES", 10)
    parallel = Project.open(tmp_path / "c", cache=tmp_path / "parallel")
    assert parallel.index(workers=2).workers == 2
    monkeypatch.setattr(scan_module, "fast_load", lambda text, offset=0: None)
    monkeypatch.setattr(canonical_module, "canonical_file", lambda raw: None)
    monkeypatch.setattr(canonical_module, "match_file", lambda raw: None)
    monkeypatch.setattr(canonical_module, "match_text", lambda text: None)
    full = Project.open(tmp_path / "c", cache=tmp_path / "full")
    assert full.index(workers=1).fast == 0
    assert _rows(serial) == _rows(full)
    assert _rows(parallel) == _rows(full)


def test_search_matches_the_last_word_as_a_prefix_from_two_characters(folder: Path) -> None:
    project = Project.open(folder)
    project.index()
    assert [r.title for r in project.search("tid")] == ["How do tides work?"]
    assert [r.title for r in project.search("why is the sk")] == ["Why is the sky blue?"]
    assert [r.title for r in project.search("why is the sky")] == ["Why is the sky blue?"]
    assert [r.title for r in project.search("ti")] == ["How do tides work?"]
    assert project.search("why is the s") == []  # a single letter matches whole words only
    assert project.search("") == [] and project.search("   ") == []


def test_search_covers_question_keywords_and_subject_and_ranks_titles_first(folder: Path) -> None:
    project = Project.open(folder)
    project.index()
    assert [r.title for r in project.search("client")] == ["Why does trust matter?"]  # question only
    assert [r.title for r in project.search("oceans")] == ["How do tides work?"]  # keywords
    assert {r.title for r in project.search("psychology")} == {"Why does trust matter?"}
    assert [r.title for r in project.search("why")][:2] != []
    hit = project.search("tides")[0]
    assert (hit.relpath, hit.subject, hit.url, hit.date, hit.id) == (
        "physics/how-do-tides-work.md", "Physics", "/learn/physics/questions/how-do-tides-work", "2024-12-02", 101)
    assert hit.path == folder.resolve() / "physics" / "how-do-tides-work.md"


def test_search_filters_by_subject_and_id(folder: Path) -> None:
    project = Project.open(folder)
    project.index()
    assert {r.title for r in project.search("subject:physics")} == {"How do tides work?", "Why is the sky blue?"}
    assert [r.title for r in project.search("subject:physics why")] == ["Why is the sky blue?"]
    assert [r.title for r in project.search('subject:"psych" trust')] == ["Why does trust matter?"]
    assert [r.title for r in project.search("subject:psych trust")] == ["Why does trust matter?"]
    assert project.search("subject:phy trust") == []
    assert [r.title for r in project.search("id:101")] == ["How do tides work?"]


def test_subjects_by_url_and_next_free_id(folder: Path) -> None:
    copy = article_model("zoology/how-do-tides-work.md", "How do tides work?", id="977", subject="physics",
                         url="/learn/physics/questions/how-do-tides-work")
    write_article(folder, copy)
    project = Project.open(folder)
    project.index()
    assert project.subjects() == ["Physics", "physics", "Psychology"]
    # Two articles share the url: the first in path order is the one links resolve to.
    assert project.by_url(" /learn/physics/questions/how-do-tides-work ").relpath == "physics/how-do-tides-work.md"
    assert project.by_url("/learn/physics/questions/nothing") is None
    assert project.next_free_id() == 978  # the quoted id "977" counts


def test_a_damaged_index_is_rebuilt(folder: Path) -> None:
    project = Project.open(folder)
    project.index()
    project.close()
    project.db_path.write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(str(project.db_path) + suffix).unlink(missing_ok=True)
    again = Project.open(folder)
    assert again.index().articles == 3


def test_an_index_from_another_schema_version_is_rebuilt(folder: Path) -> None:
    import sqlite3

    project = Project.open(folder)
    project.index()
    project.close()
    conn = sqlite3.connect(project.db_path)
    conn.execute("PRAGMA user_version=1")
    conn.execute("ALTER TABLE articles ADD COLUMN leftover TEXT")
    conn.commit()
    conn.close()
    again = Project.open(folder)
    stats = again.index()
    assert (stats.added, stats.articles) == (3, 3)
    columns = [row[1] for row in again._conn().execute("PRAGMA table_info(articles)")]
    assert "leftover" not in columns


def test_an_older_index_with_small_pages_gets_the_larger_ones_when_rebuilt(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    old.execute("PRAGMA page_size=4096")
    old.execute("PRAGMA journal_mode=WAL")
    old.execute("CREATE TABLE articles(rid INTEGER PRIMARY KEY, path TEXT)")
    old.execute("PRAGMA user_version=8")
    old.commit()
    old.close()
    conn = index_db.connect(path)
    assert conn.execute("PRAGMA page_size").fetchone()[0] == index_db.PAGE_SIZE
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == index_db.SCHEMA_VERSION
    busy = tmp_path / "busy.db"  # another connection holds it open: it keeps its pages, and works
    holder = sqlite3.connect(busy)
    holder.execute("PRAGMA page_size=4096")
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("PRAGMA user_version=8")
    holder.commit()
    other = index_db.connect(busy)
    assert other.execute("PRAGMA page_size").fetchone()[0] == 4096
    assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert other.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    holder.close()
    new = index_db.connect(tmp_path / "new.db")
    assert new.execute("PRAGMA page_size").fetchone()[0] == index_db.PAGE_SIZE


def test_open_refuses_something_that_is_not_a_folder(tmp_path: Path) -> None:
    with pytest.raises(NotADirectoryError):
        Project.open(tmp_path / "missing")


def test_records_and_count_expose_the_index_without_sql(tmp_path):
    from editor.index.project import Project

    folder = tmp_path / "content" / "economics"
    folder.mkdir(parents=True)
    source = (FIXTURES / "articles" / "lf.md").read_bytes()
    (folder / "a.md").write_bytes(source)
    (folder / "broken.md").write_bytes(b"---\nid: [\n---\n")
    project = Project.open(tmp_path / "content", cache=tmp_path / "cache")
    project.index()
    assert project.article_count() == 2
    (record,) = project.records()
    assert record[0] == "economics/a.md" and record[1] == 90417
    assert record[2] == "How does compound interest grow a savings balance?"


def test_indexing_from_a_thread_spawns_its_helpers_and_gives_the_same_index(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The window indexes from a thread, where forking is unsafe: helpers are spawned instead."""
    import threading

    make_folder(tmp_path / "c", 300, seed=4)
    monkeypatch.setattr(project_module, "PARALLEL_MIN_FILES", 10)
    monkeypatch.setattr(project_module, "CHUNK_FILES", 20)
    methods: list[str] = []
    real_context = index_workers.multiprocessing.get_context
    monkeypatch.setattr(index_workers.multiprocessing, "get_context",
                        lambda method: methods.append(method) or real_context(method))
    threaded = Project.open(tmp_path / "c", cache=tmp_path / "threaded")
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(threaded.index(workers=2)))
    worker.start()
    worker.join(120)
    assert methods == ["spawn"] and outcome and outcome[0].workers == 2
    serial = Project.open(tmp_path / "c", cache=tmp_path / "serial")
    serial.index(workers=1)
    threaded._local = type(threaded._local)()  # this thread's own connection
    assert _rows(threaded) == _rows(serial)


def test_a_failing_helper_process_is_reported_not_hidden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_folder(tmp_path / "c", 120, seed=5)
    monkeypatch.setattr(project_module, "PARALLEL_MIN_FILES", 10)
    monkeypatch.setattr(project_module, "CHUNK_FILES", 10)

    parent, real_scan = os.getpid(), index_db.scan_chunk

    def broken_in_helpers(task: tuple) -> index_db.Batch:
        if os.getpid() != parent:
            raise OSError("disk on fire")
        time.sleep(0.05)  # leave chunks for the helper
        return real_scan(task)

    monkeypatch.setattr(index_workers.index_db, "scan_chunk", broken_in_helpers)  # forked helpers inherit it
    project = Project.open(tmp_path / "c", cache=tmp_path / "x")
    with pytest.raises(RuntimeError, match="an indexing process failed:(.|\n)*disk on fire"):
        project.index(workers=2)
    assert project.index(workers=1).cancelled is False  # the next run carries on


def test_discovery_follows_file_links_but_not_folder_links_and_walks_folders_named_like_articles(tmp_path: Path) -> None:
    root = tmp_path / "content"
    (root / "physics").mkdir(parents=True)
    (root / "physics" / "a.md").write_text("---\nid: 1\n---\n")
    (root / "physics" / "link-to-a.md").symlink_to(root / "physics" / "a.md")
    (root / "odd.md" / "inner").mkdir(parents=True)  # a folder whose name ends in .md
    (root / "odd.md" / "inner" / "b.md").write_text("---\nid: 2\n---\n")
    (root / "mirror").symlink_to(root / "physics", target_is_directory=True)  # not followed: no loops
    (root / "dangling.md").symlink_to(root / "nowhere.md")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "c.md").write_text("---\nid: 3\n---\n")
    expected = {"physics/a.md", "physics/link-to-a.md", "odd.md/inner/b.md"}
    with_stat = discover(root)
    assert set(with_stat) == expected
    assert with_stat["physics/link-to-a.md"] == with_stat["physics/a.md"]  # the target's mtime and size
    assert set(project_module.discover_names(root)) == expected


def test_a_changed_schema_rebuilds_the_index_with_its_rules(folder: Path) -> None:
    project = Project.open(folder)
    project.index()
    long_title = "Why is the sky blue? " * 3
    sky = folder / "physics" / "why-is-the-sky-blue.md"
    sky.write_text(sky.read_text().replace("    Why is the sky blue?\n", f"    {long_title.strip()}\n", 1))
    project.index()
    assert "title-length" in {p.code for p in project.stored_problems()}
    schemas = folder / ".article-editor" / "schemas"
    schemas.mkdir(parents=True)
    default = ROOT / "resources" / "schemas" / "default.yml"
    (schemas / "default.yml").write_text(default.read_text().replace("max: 60", "max: 90"))
    stats = Project.open(folder).index()
    assert stats.rebuilt and stats.added == stats.files == 3
    assert "title-length" not in {p.code for p in project.stored_problems()}  # the new rule
    assert [r.title for r in project.search("tides")] == ["How do tides work?"]  # a fresh full-text index
    assert Project.open(folder).index().unchanged == 3


def test_cancelling_a_parallel_index_stops_its_helpers_and_the_next_run_completes_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    make_folder(tmp_path / "c", 300, seed=6)
    monkeypatch.setattr(project_module, "PARALLEL_MIN_FILES", 10)
    monkeypatch.setattr(project_module, "CHUNK_FILES", 10)
    calls: list[tuple[int, int]] = []
    project = Project.open(tmp_path / "c", cache=tmp_path / "parallel")
    stats = project.index(progress=lambda done, total: calls.append((done, total)),
                          cancel=lambda: len(calls) >= 4, workers=2)
    assert stats.cancelled and stats.workers == 2 and 0 < calls[-1][0] < stats.files
    assert multiprocessing.active_children() == []  # no helper left running
    resumed = project.index(workers=2)
    assert not resumed.cancelled and resumed.unchanged + resumed.added == resumed.files
    serial = Project.open(tmp_path / "c", cache=tmp_path / "serial")
    serial.index(workers=1)
    assert _rows(project) == _rows(serial)


def test_numbers_too_big_for_sqlite_are_kept_as_tagged_text_not_a_crash(tmp_path: Path) -> None:
    root = tmp_path / "content"
    target = article_model("physics/what-is-light.md", "What is light?", id=99999999999999999999)
    source = article_model("physics/why-is-the-sky-blue.md", "Why is the sky blue?", id=6, links=[link_to(target)])
    write_article(root, target)
    path = write_article(root, source)
    path.write_text(path.read_text().replace("related_article1:", "related_article123456789012345678901:\n    id: 1\n"
                                             "related_article1:", 1))
    project = Project.open(root)
    stats = project.index()
    assert stats.errors == 0 and stats.articles == 2
    info = project.article_at("physics/what-is-light.md")
    assert info is not None and str(info.id).endswith("int:99999999999999999999")
    linking = project.article_at("physics/why-is-the-sky-blue.md")
    assert linking is not None and [link.key for link in linking.links] == ["related_article1"]  # no slot that big
    codes = {p.code for p in check_project(project)}
    assert "related-stale" not in codes and "related-broken" not in codes  # the big ids compare equal


def test_a_file_name_that_is_not_utf8_is_an_error_entry_not_a_crash(tmp_path: Path) -> None:
    root = tmp_path / "content"
    good = write_article(root, article_model("physics/what-is-light.md", "What is light?", id=5))
    try:
        (root / "physics").joinpath(os.fsdecode(b"odd-\xff-name.md")).write_bytes(good.read_bytes())
    except (OSError, UnicodeError):
        pytest.skip("this file system keeps only UTF-8 names")
    project = Project.open(root)
    stats = project.index()
    assert (stats.files, stats.articles, stats.errors) == (2, 1, 1)
    [odd] = [p for p in project.stored_problems() if p.code == "yaml-error"]
    assert odd.path == "physics/odd-\\xff-name.md" and "not UTF-8" in odd.message
    assert Project.open(root).index().unchanged == 2  # the listing digest sees the same names
    good.write_text(good.read_text().replace("What is light?", "What is light, really?"))
    again = Project.open(root).index()
    assert (again.updated, again.added, again.removed, again.unchanged) == (1, 0, 0, 1)


def test_a_reader_that_connects_during_a_cold_index_finds_what_is_committed_by_url(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The url index is kept up to date while a cold index fills the tables, so a window that looks
    an article up by url meanwhile uses it and finds every article committed so far."""
    make_folder(tmp_path / "c", 60, seed=7)
    monkeypatch.setattr(project_module, "CHUNK_FILES", 10)
    monkeypatch.setattr(project_module, "COMMIT_FILES", 10)
    project = Project.open(tmp_path / "c", cache=tmp_path / "x")
    seen: list[tuple[set[str], int, int]] = []
    real_write = index_db.Batch.write

    def reader_then_write(conn, payload):
        reader = index_db.connect(project.db_path)  # a search opening its connection mid-index
        indexes = {name for (name,) in reader.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        urls = [url for (url,) in reader.execute("SELECT url_key FROM articles WHERE url_key IS NOT NULL")]
        plan = " ".join(row[-1] for row in reader.execute(
            "EXPLAIN QUERY PLAN SELECT rid FROM articles WHERE url_hash = ? AND url_key = ?", (1, "/x")))
        found = sum(1 for url in urls if reader.execute(
            "SELECT rid FROM articles WHERE url_hash = ? AND url_key = ?", (link_store.url_hash(url), url)).fetchone())
        reader.close()
        seen.append((indexes, len(urls), found))
        assert "articles_url" in plan
        return real_write(conn, payload)

    monkeypatch.setattr(index_db.Batch, "write", staticmethod(reader_then_write))
    project.index(workers=1)
    files = project.index().files
    assert len(seen) == -(-files // 10) > 2
    assert all({"articles_url", "articles_path", "problems_article"} <= names for names, _, _ in seen)
    counts = [count for _, count, _ in seen]
    assert counts[0] == 0 < counts[1] < counts[-1] and counts == sorted(counts)
    assert all(found == count for _, count, found in seen)


def test_a_cold_index_stores_the_listing_digest_a_reopen_computes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The readers hash their chunks' part of the listing; put together in path order, whatever
    order two processes wrote them in, the parts give the digest of the whole listing."""
    root = tmp_path / "c"
    make_folder(root, 60, seed=5)
    with contextlib.suppress(OSError, UnicodeError):  # a name that is not UTF-8, where the file system allows
        (root / "physics").mkdir(exist_ok=True)
        (root / "physics").joinpath(os.fsdecode(b"odd-\xff-name.md")).write_bytes(b"---\nid: 1\n---\n")
    monkeypatch.setattr(project_module, "CHUNK_FILES", 7)
    monkeypatch.setattr(project_module, "PARALLEL_MIN_FILES", 0)
    project = Project.open(root, cache=tmp_path / "x")
    stats = project.index(workers=2)
    assert stats.workers == 2 and stats.files > 60
    stored = project._meta(project._conn(), "listing")
    assert stored == freshness.listing_digest(discover(root))
    (root / "physics" / "what-is-new.md").write_bytes(b"---\nid: 2\n---\n")
    assert stored != freshness.listing_digest(discover(root))


def test_a_change_to_the_code_that_shapes_index_rows_changes_the_index_fingerprint(tmp_path: Path) -> None:
    import os

    from editor.checks import file_rules
    from editor.index import project as project_module

    before = freshness.fingerprint(tmp_path)
    module = Path(file_rules.__file__)
    stat = module.stat()
    try:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        assert freshness.fingerprint(tmp_path) != before
    finally:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert freshness.fingerprint(tmp_path) == before


def test_a_cold_index_fills_unsynced_and_a_built_index_is_updated_synced(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """synchronous=OFF only while an empty database is filled (nothing to lose), NORMAL otherwise
    (a power cut can lose a built index's last commits, not corrupt it)."""
    seen: list[int] = []
    write = index_db.Batch.write

    def spy(conn, payload):  # type: ignore[no-untyped-def]
        seen.append(conn.execute("PRAGMA synchronous").fetchone()[0])
        return write(conn, payload)

    monkeypatch.setattr(index_db.Batch, "write", staticmethod(spy))
    project = Project.open(folder)
    project.index()
    assert seen == [0] and project._conn().execute("PRAGMA synchronous").fetchone()[0] == 1
    write_article(folder, article_model("law/what-is-a-tort.md", "What is a tort?", id=300))
    project.index()
    assert seen == [0, 1]
