"""Property: whatever a content folder holds, the index, the folder check and ``Article.load`` end
normally, in bounded time and memory, with one error entry per bad file and every good file
indexed (issue 15).

Hypothesis fills a folder with good articles and hostile files: random bytes, random YAML nesting
(anchors and aliases, flow and block collections, deep nesting, huge scalars and numbers), random
sizes (up to a sparse 3 GB) and good articles with random bytes changed. Each entry point runs in
its own child process under ``resource.setrlimit`` (tests/editor/index/bounded.py). ``Article.load``
is the judge of which files are bad: the index must refuse exactly those, and keep the others
with the title the editor reads.

A few examples run in the default suite (each costs three child processes, about a second);
``HOSTILE_EXAMPLES=200`` runs more.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from editor.article.article import MAX_FILE_BYTES
from tests.editor.index import bounded
from tests.perf.synth import article_model, render

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "4"))
MEMORY = 1 << 30
CPU_SECONDS = 30
MAX_SECONDS = 20.0  # per child, wall time: far above what a dozen files need
MAX_RSS_MB = 300.0

WORDS = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10)
TITLES = st.lists(WORDS, min_size=1, max_size=6).map(lambda words: " ".join(words).capitalize() + "?")


@st.composite
def good_articles(draw: Any) -> bytes:
    odd = draw(st.sets(st.sampled_from(["crlf", "bom", "unknown-keys", "comments", "final-newline", "wrapped"])))
    model = article_model("x/a.md", draw(TITLES), id=draw(st.integers(1, 10**9)), odd=tuple(odd))
    return render(model)


SCALARS = st.one_of(
    WORDS, st.integers(-10**30, 10**30).map(str), st.just("1" * 5000), st.just("0x" + "f" * 4000),
    st.integers(1, 200_000).map(lambda n: "y" * n),  # huge scalars
    WORDS.map(lambda w: f'"{w}\\n\\t"'), WORDS.map(lambda w: f"'{w}'"), st.just("~"), st.just("2024-13-45"),
    st.just("!!python/object:os.system x"), st.just("!!binary aGk="),
)


@st.composite
def yaml_nesting(draw: Any) -> bytes:
    """A front matter of anchored collections aliasing each other, nested flow and block values,
    and huge scalars; the title is one of them."""
    lines = ["_schema: default", f"id: {draw(st.integers(1, 99))}"]
    anchors: list[str] = []
    chain = draw(st.booleans())  # each list aliases the one before, width times: width ** levels values
    for level in range(draw(st.integers(0, 10))):
        width = draw(st.integers(1, 12))
        if chain and anchors:
            items = [anchors[-1]] * width
        else:
            items = [draw(st.sampled_from(anchors)) if anchors and draw(st.booleans()) else draw(SCALARS)
                     for _ in range(width)]
        items = [f"*{item}" if item in anchors else item for item in items]
        if draw(st.booleans()):
            lines.append(f"a{level}: &a{level} [" + ", ".join(items) + "]")
        else:
            lines.append(f"a{level}: &a{level}")
            lines += [f"  - {item}" for item in items]
        anchors.append(f"a{level}")
    depth = draw(st.integers(0, 160))
    title = draw(st.one_of(
        st.just(f"*{anchors[-1]}") if anchors else SCALARS,
        st.just("[" * depth + "x" + "]" * depth),
        st.just("{a: " * depth + "x" + "}" * depth),
        st.just("\n" + "".join(" " * (2 * i) + "k:\n" for i in range(depth)) + " " * (2 * depth) + "v"),
        st.just("\n" + "- " * depth + "x"),
        SCALARS,
    ))
    lines.append(f"title: {title}")
    if anchors and draw(st.booleans()):
        lines.append(f"merged:\n  <<: *{draw(st.sampled_from(anchors))}")
    return ("---\n" + "\n".join(lines) + "\n---\n\n&nbsp;").encode()


@st.composite
def mutated(draw: Any) -> bytes:
    data = bytearray(draw(good_articles()))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        data[at:at + draw(st.integers(0, 3))] = draw(st.binary(max_size=4))
    return bytes(data)


RANDOM_BYTES = st.one_of(st.binary(max_size=3000), st.binary(max_size=3000).map(lambda b: b"---\n" + b + b"\n---\n"))
SIZES = st.sampled_from([MAX_FILE_BYTES - 10, MAX_FILE_BYTES, MAX_FILE_BYTES + 1, 3 << 30])
FILES = st.lists(st.one_of(
    good_articles().map(lambda data: (data, None)),
    RANDOM_BYTES.map(lambda data: (data, None)),
    yaml_nesting().map(lambda data: (data, None)),
    mutated().map(lambda data: (data, None)),
    st.tuples(good_articles(), SIZES),
), min_size=1, max_size=8)


def _write(root: Path, files: list[tuple[bytes, int | None]]) -> list[str]:
    names = []
    for i, (data, size) in enumerate(files):
        relpath = f"{'ab'[i % 2]}/f{i}.md"
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if size is not None and size > len(data):
            os.truncate(path, size)  # sparse past the data: costs no disk
        names.append(relpath)
    return names


def _bounded(mode: str, *args: Any) -> dict[str, Any]:
    child = bounded.run(mode, *args, memory=MEMORY, cpu=CPU_SECONDS)
    assert child.returncode == 0 and "Traceback" not in child.stderr, f"{mode}: {child.stderr[-3000:]}"
    assert child.seconds < MAX_SECONDS and child.result["maxrss_mb"] < MAX_RSS_MB, (mode, child.result["seconds"])
    return child.result


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(FILES)
def test_a_hostile_folder_is_indexed_checked_and_loaded_file_by_file(files: list[tuple[bytes, int | None]]) -> None:
    work = Path(tempfile.mkdtemp(prefix="hostile-"))
    try:
        root = work / "content"
        names = _write(root, files)
        loaded = _bounded("load", *(root / name for name in names))["loaded"]
        judged = {name: loaded[str(root / name)] for name in names}
        bad = {name for name, verdict in judged.items() if "error" in verdict}
        for verdict in judged.values():  # what the examples exercised (--hypothesis-show-statistics)
            event("refused: " + " ".join(verdict["error"].split()[:4]) if "error" in verdict else "loaded")

        index = _bounded("index", root, work / "cache")
        assert index["listing"] == sorted(names)  # every file is listed, good or bad
        entries = index["entries"]
        assert {name for name, (error, _, _) in entries.items() if error} == bad
        for name in names:
            error, line, title = entries[name]
            if name in bad:
                assert line is not None and title is None, (name, error)
            elif judged[name]["is_text"]:
                assert title == judged[name]["title"], name
        assert index["stats"]["errors"] == len(bad) and index["stats"]["articles"] == len(names) - len(bad)

        problems = _bounded("check", root, work / "cache")["problems"]
        errors = sorted(path for path, _, code, _ in problems if code == "yaml-error")
        assert errors == sorted(bad)  # one error entry per bad file, none for a good one
    finally:
        shutil.rmtree(work, ignore_errors=True)
