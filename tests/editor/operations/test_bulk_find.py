"""Specification of find across a project: modes, fields, the decoded answer, streaming, narrowing."""
from __future__ import annotations

import random
import re
import sqlite3
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.article.article import Article, ArticleError
from editor.operations import candidates
from editor.operations.fields import ANSWER, BODY, split_body
from editor.operations.find import find, find_in_bytes
from editor.operations.pattern import PatternError, Search, has_double_quoted_value
from editor.index.project import Project
from tests.perf.synth import make_folder


def hits(project: Project, search: Search, **kwargs: object) -> list[tuple[str, str, str]]:
    return [(f.relpath, m.field, m.text) for f in find(project, search, **kwargs) for m in f.matches]


def brute_force(root: Path, search: Search) -> list[tuple[str, str, int, str]]:
    """Every match, by loading every file with the full parser: what find must give exactly."""
    found = []
    for path in sorted(root.rglob("*.md")):
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        try:
            article = Article.load(path)
        except ArticleError:
            continue
        for key in search.fields:
            if key == BODY:
                text = split_body(article.dumps())[1]
            elif key == ANSWER:
                text = article.answer if isinstance(article.get(ANSWER, None), str) else None
            else:
                value = article.get(key, None)
                text = value if isinstance(value, str) else None
            if text is not None:
                found += [(path.relative_to(root).as_posix(), key, m.start(), m.group()) for m in search.finditer(text)]
    return found


def test_plain_find_ignores_case_and_looks_in_the_answer_and_the_body_by_default(project: Project) -> None:
    assert hits(project, Search("MOON")) == [
        ("physics/how-do-tides-work.md", "answer", "moon"),
        ("physics/how-do-tides-work.md", "answer", "moon"),
        ("physics/how-do-tides-work.md", "answer", "moon"),
        ("posts/notes-on-the-moon.md", "@body", "moon"),
    ]


def test_case_sensitive_find_matches_only_that_spelling(project: Project) -> None:
    assert hits(project, Search("Trust", case=True)) == [("psychology/why-does-trust-matter.md", "answer", "Trust")]
    assert len(hits(project, Search("Trust"))) == 2


def test_whole_word_find_skips_the_word_inside_longer_words(project: Project) -> None:
    assert hits(project, Search("sun")) == [("physics/how-do-tides-work.md", "answer", "sun"),
                                            ("physics/why-is-the-sky-blue.md", "answer", "Sun"),
                                            ("physics/why-is-the-sky-blue.md", "answer", "sun")]
    assert hits(project, Search("sun", word=True)) == [("physics/how-do-tides-work.md", "answer", "sun")]


def test_whole_word_counts_a_combining_accent_as_part_of_the_word() -> None:
    search = Search("cafe", word=True)
    assert [m.group() for m in search.finditer("cafe, cafe\u0301 and cafes")] == ["cafe"]
    assert [m.start() for m in Search("a a", word=True).finditer("xa a a")] == [3]  # a rejected start is retried


def test_regex_find_reports_groups_through_the_replacement(project: Project) -> None:
    found = list(find(project, Search(r"\*\*(\w+) tides\*\*", regex=True), replacement=r"**\1 tide**"))
    assert [(m.text, m.replacement) for f in found for m in f.matches] == [
        ("**Spring tides**", "**Spring tide**"), ("**Neap tides**", "**Neap tide**")]


def test_the_answer_is_searched_as_its_decoded_text_with_real_line_breaks(project: Project) -> None:
    found = list(find(project, Search(r"away\.\n\n1\.", regex=True)))
    assert [f.relpath for f in found] == ["physics/how-do-tides-work.md"]
    assert hits(project, Search("\\n")) == []  # the stored backslash-n pairs are line breaks, not text
    match = next(f for f in find(project, Search("Neap"))).matches[0]
    assert (match.line, match.column) == (6, 6)  # the answer's sixth line, after "2. **"
    assert match.before == "2. **" and match.after.startswith(" tides** come when")


def test_matches_name_the_file_line_of_their_field(project: Project, folder: Path) -> None:
    lines = (folder / "physics/how-do-tides-work.md").read_text().splitlines()
    match = next(iter(find(project, Search("moon")))).matches[0]
    assert lines[match.file_line - 1] == "answer: >-"
    body = next(f for f in find(project, Search("black"))).matches[0]
    assert (folder / "posts/notes-on-the-moon.md").read_text().splitlines()[body.file_line - 1].startswith("So its sky")


def test_title_and_dotted_keys_can_be_searched(project: Project) -> None:
    assert hits(project, Search("sky", ("title",))) == [("physics/why-is-the-sky-blue.md", "title", "sky")]
    assert hits(project, Search("QuickTakes | Psych", ("seo.title",))) == [
        ("psychology/why-does-trust-matter.md", "seo.title", "QuickTakes | Psych")]
    assert hits(project, Search("tides", ("related_article2.title",))) == [
        ("psychology/why-does-trust-matter.md", "related_article2.title", "tides")]


def test_values_that_are_not_text_are_never_matched(project: Project) -> None:
    assert hits(project, Search("101", ("id",))) == []
    assert hits(project, Search("true", ("no_index",))) == []


def test_where_narrows_the_files_searched(project: Project) -> None:
    assert {f.relpath for f in find(project, Search("the"), where="subject:psychology")} == set()
    assert {f.relpath for f in find(project, Search("trust"), where="subject:psychology")} == {
        "psychology/why-does-trust-matter.md"}
    assert [f.relpath for f in find(project, Search("sky"), where="no_index:true")] == []
    assert [f.relpath for f in find(project, Search("trust"), where="no_index:true")] == [
        "psychology/why-does-trust-matter.md"]


def test_results_stream_by_file_in_path_order_with_progress(project: Project) -> None:
    calls: list[tuple[int, int]] = []
    stream = find(project, Search("the"), progress=lambda done, total: calls.append((done, total)))
    first = next(stream)
    assert first.relpath == "physics/how-do-tides-work.md"
    rest = [f.relpath for f in stream]
    assert rest == sorted(rest) and "posts/notes-on-the-moon.md" in rest
    assert calls[0] == (0, calls[-1][1]) and calls[-1][0] == calls[-1][1]


def test_cancel_stops_the_stream_between_chunks(tmp_path: Path) -> None:
    make_folder(tmp_path / "many", 600, seed=5)
    project = Project.open(tmp_path / "many")
    project.index()
    everything = list(find(project, Search("summary")))
    asked: list[int] = []
    stopped = list(find(project, Search("summary"), cancel=lambda: asked.append(1) or True))
    assert len(asked) == 1 and 0 < len(stopped) < len(everything)


def test_a_bad_regular_expression_or_replacement_is_refused_with_a_clear_message(project: Project) -> None:
    with pytest.raises(PatternError, match="invalid"):
        Search("(unclosed", regex=True)
    with pytest.raises(PatternError, match="empty"):
        Search("")
    with pytest.raises(PatternError, match="replacement"):
        list(find(project, Search("(moon)", regex=True), replacement=r"\2"))


def test_broken_files_are_skipped_not_fatal(project: Project) -> None:
    assert "physics/broken.md" not in {f.relpath for f in find(project, Search("moon"))}


@pytest.mark.parametrize("search", [
    Search("the"), Search("THE", case=True), Search("sky", word=True), Search("thévenin"), Search("a ≠ b"),
    Search(r"\b(\w+)ti\b", regex=True), Search(r"\*\*\w+\*\*", regex=True, case=True),
    Search("what", ("title", "question"), word=True), Search("wha", ("title", "question")),
    Search("alpha", ("seo.page_keywords", "subject")), Search("gone", ("related_article1.url",)),
    Search("questions", ("url", "title"), word=True),
])
def test_find_over_a_generated_folder_is_exactly_what_the_full_parser_finds(tmp_path: Path, search: Search) -> None:
    root = tmp_path / "gen"
    make_folder(root, 400, seed=11)  # odd files too: CRLF, BOM, quoted and wrapped values, comments
    project = Project.open(root)
    project.index()
    found = [(f.relpath, m.field, m.start, m.text) for f in find(project, search, processes=1) for m in f.matches]
    assert found == brute_force(root, search)


def test_finding_on_two_processes_gives_the_same_stream_as_on_one(tmp_path: Path) -> None:
    root = tmp_path / "gen"
    make_folder(root, 700, seed=2)
    project = Project.open(root)
    project.index()
    search = Search(r"(\w+)lum\b", regex=True)
    one = [(f.relpath, [(m.start, m.replacement) for m in f.matches]) for f in find(project, search, replacement="X",
                                                                                       processes=1)]
    two = [(f.relpath, [(m.start, m.replacement) for m in f.matches]) for f in find(project, search, replacement="X",
                                                                                       processes=2)]
    assert one == two and len(one) > 100
    # From a thread, as the window searches, helpers are spawned rather than forked.
    spawned: list[object] = []
    worker = threading.Thread(target=lambda: spawned.extend(
        (f.relpath, [(m.start, m.replacement) for m in f.matches])
        for f in find(project, search, replacement="X", processes=2)))
    worker.start()
    worker.join(timeout=120)
    assert spawned == one


# -- narrowing ---------------------------------------------------------------------------------

def test_whole_word_finds_in_indexed_fields_ask_the_full_text_index(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    real = candidates.candidate_paths

    def spy(conn: sqlite3.Connection, search: Search, within: list[str]) -> list[str]:
        asked.append(str(search.fts_phrase()))
        return real(conn, search, within)

    monkeypatch.setattr("editor.operations.find.candidate_paths", spy)
    assert hits(project, Search("Sky", ("title",), word=True)) == [("physics/why-is-the-sky-blue.md", "title", "sky")]
    assert asked == ['"Sky"']
    assert candidates.candidate_paths(project.connection(), Search("Sky", ("title",), word=True),
                                      ["physics/how-do-tides-work.md", "physics/why-is-the-sky-blue.md"]) == [
        "physics/why-is-the-sky-blue.md"]


_TRICKY = "ab_AB ſK\u212a\u0301\ue000-é' "  # underscore, long s, Kelvin sign, a combining accent, private use


@settings(max_examples=120, deadline=None)
@given(title=st.text(alphabet=_TRICKY, max_size=24), word=st.text(alphabet="abAB", min_size=1, max_size=3),
       case=st.booleans())
def test_the_index_narrowing_never_drops_a_real_match(title: str, word: str, case: bool) -> None:
    """The full-text index and the stored values are asked for candidates; every file with a real
    whole-word or plain match must be among them."""
    conn = sqlite3.connect(":memory:")
    conn.executescript("CREATE TABLE articles(rid INTEGER PRIMARY KEY, path, error, title, question, keywords, subject);"
                       "CREATE VIRTUAL TABLE fts USING fts5(title, question, keywords, subject, "
                       "tokenize='unicode61 remove_diacritics 2', prefix='3');")
    conn.execute("INSERT INTO articles VALUES (1, 'a.md', NULL, ?, '', '', '')", (title,))
    conn.execute("INSERT INTO fts(rowid, title, question, keywords, subject) VALUES (1, ?, '', '', '')", (title,))
    for search in (Search(word, ("title",), word=True, case=case), Search(word, ("title",), case=case)):
        real = next(search.finditer(title), None) is not None
        if real:
            assert candidates.candidate_paths(conn, search, ["a.md"]) == ["a.md"], (title, word, search)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet="aAsSkK ſ\u212aß'\"\\n\u00e9\u0301x", max_size=30),
       pattern=st.text(alphabet="aAsSkKß'\"\\x \u00e9", min_size=1, max_size=4), case=st.booleans())
def test_the_raw_byte_test_never_drops_a_file_with_a_match(text: str, pattern: str, case: bool) -> None:
    """Whatever the answer holds and however YAML quotes it, a file whose decoded answer matches
    passes ``might_occur``."""
    import json

    search = Search(pattern, (ANSWER,), case=case)
    for written in (json.dumps(text, ensure_ascii=False), json.dumps(text), "'" + text.replace("'", "''") + "'"):
        raw = f"---\ntitle: x\nanswer: {written}\n---\n".encode()
        try:
            data = Article.parse(raw)
        except ArticleError:
            continue
        if next(search.finditer(data.answer), None) is not None:
            assert search.might_occur(raw), (raw, pattern)


def test_a_prose_quote_is_not_taken_for_a_double_quoted_value() -> None:
    assert not has_double_quoted_value(b'answer: >-\n    He said "hi" twice.\n')
    assert has_double_quoted_value(b'title: "Caf\\u00e9"\n')
    assert has_double_quoted_value(b'title:\n  "Caf\\u00e9"\n')


def test_find_in_bytes_needs_no_index() -> None:
    raw = b"---\ntitle: A\nanswer: >-\n    One.\\nTwo moons.\n---\n"
    found = find_in_bytes(raw, Path("/x"), "a.md", Search("moons"))
    assert found is not None and [(m.line, m.file_line) for m in found.matches] == [(2, 3)]
    assert find_in_bytes(raw, Path("/x"), "a.md", Search("stars")) is None


def test_a_random_sample_of_words_finds_what_the_full_parser_finds(tmp_path: Path) -> None:
    root = tmp_path / "gen"
    make_folder(root, 300, seed=8)
    project = Project.open(root)
    project.index()
    words = re.findall(r"\w{5,}", " ".join(Article.load(p).answer for p in sorted(root.glob("physics/*.md"))[:5]))
    for word in random.Random(4).sample(sorted(set(words)), 8):
        for search in (Search(word, word=True), Search(word[1:-1], case=True)):
            found = [(f.relpath, m.field, m.start, m.text) for f in find(project, search) for m in f.matches]
            assert found == brute_force(root, search)


def test_a_file_that_stopped_loading_since_it_was_indexed_gives_no_match(project: Project, folder: Path) -> None:
    path = folder / "physics/why-is-the-sky-blue.md"
    text = path.read_text()
    path.write_text(text.replace("    id: 101", "    id: [101"))  # the related block no longer parses
    assert "physics/why-is-the-sky-blue.md" not in {f.relpath for f in find(project, Search("sky"))}
    path.write_text(text.replace("Sunlight", "Bright sunlight"))  # changed, still an article
    assert "physics/why-is-the-sky-blue.md" in {f.relpath for f in find(project, Search("bright"))}
