"""Benchmark of bulk edits (issue 18) on a synthetic content folder; prints JSON.

    .venv/bin/python tests/perf/bench_bulk.py [--size 35000] [--runs 5] [--edits 1000] [--folder PATH]

In one process, on the folder that tests/perf/synth.py writes (or ``--folder``), indexed first:

- project-wide find of a word in the answers (one that about 1% of the answers hold): time to the
  first result and to the last, median and max over ``--runs`` (targets 200 ms and 2 s), against a
  naive loop that loads every file with ``frontmatter.load`` and searches its decoded answer; the
  matches must be the same;
- a regular expression over every answer (target 5 s), against the same naive loop;
- 1,000 one-field edits (``seo.title`` on files chosen at random): plan, then apply with the
  journal (target 5 s for both), against a naive loop of ``frontmatter.load``, set, ``dumps`` and
  write; every file's diff must touch only that field's lines, and undo must restore identical
  bytes.
"""
from __future__ import annotations

import argparse
import difflib
import json
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.perf.synth import make_folder  # noqa: E402

TARGETS = {"find_first_ms": 200.0, "find_all_s": 2.0, "regex_all_s": 5.0, "apply_1000_s": 5.0}
REGEX = r"\b(\w+)tan\b"
_WORDS = re.compile(r"\b[a-z]{6,}\b")


def naive_answers(paths: list[str]) -> tuple[float, dict[str, str]]:
    """Every file through python-frontmatter (libyaml's loader), its answer decoded."""
    import frontmatter

    started = time.perf_counter()
    answers: dict[str, str] = {}
    for path in paths:
        try:
            post = frontmatter.load(path)
        except Exception:  # malformed files fail in the naive loop too; that is part of its cost
            continue
        answer = post.metadata.get("answer")
        if isinstance(answer, str):
            answers[path] = answer.replace("\\n", "\n")
    return time.perf_counter() - started, answers


def naive_find(paths: list[str], search) -> tuple[float, list[tuple[str, int]], set[str]]:  # type: ignore[no-untyped-def]
    """The naive loop's matches, and the files it read an answer from: it misses some that the
    editor reads (a BOM hides python-frontmatter's front matter; PyYAML refuses an impossible date),
    so the two are compared on those files."""
    import frontmatter

    started = time.perf_counter()
    found = []
    read: set[str] = set()
    for path in paths:
        try:
            answer = frontmatter.load(path).metadata.get("answer")
        except Exception:
            continue
        if isinstance(answer, str):
            read.add(path)
            found += [(path, m.start()) for m in search.finditer(answer.replace("\\n", "\n"))]
    return time.perf_counter() - started, found, read


def pick_word(answers: dict[str, str], share: float = 0.01) -> str:
    """A word about ``share`` of the answers hold (as a whole word, in lower case)."""
    frequency: Counter[str] = Counter()
    for text in answers.values():
        frequency.update(set(_WORDS.findall(text.lower())))
    want = share * len(answers)
    return min(sorted(frequency), key=lambda word: abs(frequency[word] - want))


def timed_find(project, search, runs: int) -> dict[str, object]:
    from editor.operations.find import find

    firsts, totals, cpus, matches = [], [], [], []
    for _ in range(runs):
        cpu = _cpu()
        started = time.perf_counter()
        first = None
        found = []
        for result in find(project, search):
            if first is None:
                first = time.perf_counter() - started
            found += [(str(result.path), m.start) for m in result.matches]
        totals.append(time.perf_counter() - started)
        cpus.append(_cpu() - cpu)
        firsts.append(first if first is not None else totals[-1])
        matches = found
    return {"first_ms_median": round(statistics.median(firsts) * 1000, 1), "first_ms_max": round(max(firsts) * 1000, 1),
            "all_s_median": round(statistics.median(totals), 3), "all_s_max": round(max(totals), 3),
            "cpu_s_median": round(statistics.median(cpus), 3), "matches": len(matches), "_found": matches}


def _cpu() -> float:
    """CPU seconds of this process and its finished helpers: the machine is shared, so wall time
    alone says little when others are busy."""
    import resource

    own, helpers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + helpers.ru_utime + helpers.ru_stime


def field_lines(data: bytes, key: str) -> range:
    """The file lines (1-based) of one field: its key's line up to the line before the next key."""
    from editor.index.scan import scan_bytes

    lines = sorted(scan_bytes(data).lines.items(), key=lambda item: item[1])
    start = dict(lines)[key]
    after = [line for _, line in lines if line > start]
    closing = data.decode("utf-8").splitlines().index("---", 1) + 1
    return range(start, (after[0] if after else closing))


def changed_lines(old: bytes, new: bytes) -> set[int]:
    a, b = old.decode("utf-8").splitlines(), new.decode("utf-8").splitlines()
    out: set[int] = set()
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            out.update(range(i1 + 1, max(i2, i1 + 1) + 1))
    return out


def naive_edits(paths: list[str], value: str) -> float:
    import frontmatter

    started = time.perf_counter()
    for path in paths:
        post = frontmatter.load(path)
        post.metadata.setdefault("seo", {})["title"] = value
        Path(path).write_text(frontmatter.dumps(post), encoding="utf-8")
    return time.perf_counter() - started


def bench_edits(project, root: Path, count: int, rng: random.Random) -> dict[str, object]:
    from editor.operations.apply import apply, undo
    from editor.operations.bulk_journal import Journal
    from editor.operations.field_edit import SetValue, plan_set

    loaded = [path for (path,) in project.connection().execute(
        "SELECT path FROM articles WHERE error IS NULL AND fast = 1 ORDER BY path")]
    chosen = sorted(rng.sample(loaded, min(count, len(loaded))))
    before = {rel: (project.folder / rel).read_bytes() for rel in chosen}
    started = time.perf_counter()
    plan = plan_set(project, SetValue("seo.title", "QuickTakes | Bulk bench"), paths=chosen)
    plan_s = time.perf_counter() - started
    journal = Journal(project.folder, root / "journal")
    cpu = _cpu()
    started = time.perf_counter()
    outcome = apply(plan, journal=journal)
    apply_s = time.perf_counter() - started
    apply_cpu_s = _cpu() - cpu
    stray = []
    for rel in chosen:
        after = (project.folder / rel).read_bytes()
        if not changed_lines(before[rel], after) <= set(field_lines(before[rel], "seo.title")):
            stray.append(rel)
    started = time.perf_counter()
    reverse = undo(journal.latest())
    undo_s = time.perf_counter() - started
    identical = all((project.folder / rel).read_bytes() == before[rel] for rel in chosen)
    copy = root / "naive-copy"
    for rel in chosen:
        (copy / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(project.folder / rel, copy / rel)
    naive_s = naive_edits([str(copy / rel) for rel in chosen], "QuickTakes | Bulk bench")
    return {"files": len(chosen), "changed": len(outcome.written), "plan_s": round(plan_s, 3),
            "apply_s": round(apply_s, 3), "apply_cpu_s": round(apply_cpu_s, 3), "plan_and_apply_s": round(plan_s + apply_s, 3),
            "naive_s": round(naive_s, 3), "ratio": round((plan_s + apply_s) / naive_s, 3),
            "files_with_lines_outside_the_field": len(stray), "undo_s": round(undo_s, 3),
            "undo_written": len(reverse.written), "undo_identical_bytes": identical}


def bench(folder: Path, root: Path, runs: int, edits: int, seed: int) -> dict[str, object]:
    from editor.operations.fields import ANSWER
    from editor.operations.pattern import Search
    from editor.index.project import Project, discover

    project = Project.open(folder, cache=root / "cache")
    started = time.perf_counter()
    stats = project.index()
    index_s = time.perf_counter() - started
    paths = [str(folder / rel) for rel in sorted(discover(folder))]
    for path in paths:  # both sides start with the files in the OS cache
        Path(path).read_bytes()
    naive_load_s, answers = naive_answers(paths)
    word = pick_word(answers)
    search = Search(word, (ANSWER,), word=True)
    naive_word_s, naive_word, read = naive_find(paths, search)
    ours_word = timed_find(project, search, runs)
    regex = Search(REGEX, (ANSWER,), regex=True)
    naive_regex_s, naive_regex, _ = naive_find(paths, regex)
    ours_regex = timed_find(project, regex, max(1, runs // 2))
    same_word = sorted(m for m in ours_word.pop("_found") if m[0] in read) == sorted(naive_word)
    same_regex = sorted(m for m in ours_regex.pop("_found") if m[0] in read) == sorted(naive_regex)
    return {
        "files": stats.files, "index_s": round(index_s, 2), "naive_load_s": round(naive_load_s, 3),
        "naive_missed_files": len(paths) - len(read),
        "word": word, "word_answers": sum(1 for text in answers.values() if next(search.finditer(text), None)),
        "find_word": {**ours_word, "naive_s": round(naive_word_s, 3),
                      "ratio": round(float(ours_word["all_s_median"]) / naive_word_s, 4),
                      "same_matches_as_naive": same_word},
        "find_regex": {"pattern": REGEX, **ours_regex, "naive_s": round(naive_regex_s, 3),
                       "ratio": round(float(ours_regex["all_s_median"]) / naive_regex_s, 4),
                       "same_matches_as_naive": same_regex},
        "edits": bench_edits(project, root, edits, random.Random(seed)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=35000)
    parser.add_argument("--folder", type=Path, help="an existing folder to work on a copy of")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-bulk-"))
    os.environ["XDG_DATA_HOME"] = str(root / "data")  # journals of this run stay in it
    try:
        folder = root / "content"
        if args.folder:
            shutil.copytree(args.folder, folder)
        else:
            make_folder(folder, args.size, seed=args.seed)
        os.sync()
        result = bench(folder, root, args.runs, args.edits, args.seed)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(json.dumps({"benchmark": "bulk", "cpus": os.cpu_count(), "load_average": os.getloadavg(), "targets": TARGETS,
                      "result": result}, indent=2))


if __name__ == "__main__":
    main()
