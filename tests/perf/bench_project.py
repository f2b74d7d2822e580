"""Benchmark of the project index (issue 3); prints JSON.

For each size it writes a synthetic content folder (tests/perf/synth.py), then measures, in one
process, against a naive ``frontmatter.load`` loop over the same files (python-frontmatter with
libyaml's CSafeLoader):

- cold index (empty cache), warm reopen (nothing changed) and a whole-folder ``check``, as
  ratios to the naive loop (targets: 0.15x, 0.03x, 0.5x). The naive loop and the cold index run
  in turns for ``--rounds`` rounds (3), and the median round is reported with all of them;
- ``search`` latency over as-you-type queries (p50/p95/p99 ms; target p95 <= 15 ms at 35,000
  for queries whose last word has at least 3 characters);
- peak RSS while indexing cold, in a fresh child process, with its worker processes (sampled
  from /proc; target <= 300 MB at 35,000);
- that ``check`` finds exactly the link problems the generator planted.

Usage: .venv/bin/python tests/perf/bench_project.py [--sizes 10000 35000] [--queries 600] [--rounds 3]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

TARGETS = {"cold_ratio": 0.15, "warm_ratio": 0.03, "check_ratio": 0.5, "search_p95_ms": 15.0, "peak_rss_mb": 300.0}


def naive_loop(paths: list[str]) -> float:
    import frontmatter

    started = time.perf_counter()
    for path in paths:
        try:
            frontmatter.load(path)
        except Exception:  # malformed files fail in the naive loop too; that is part of its cost
            pass
    return time.perf_counter() - started


def as_you_type(titles: list[str], count: int, subjects: list[str], rng: random.Random) -> list[str]:
    """Queries as people type them: growing prefixes of real titles, some with a subject filter."""
    queries: list[str] = []
    while len(queries) < count:
        words = rng.choice(titles).rstrip("?").lower().split()
        prefix = "subject:" + subjects[rng.randrange(len(subjects))].split()[0].lower() + " " if rng.random() < 0.15 else ""
        typed = ""
        for word in words[: rng.randint(1, len(words))]:
            for cut in sorted({min(3, len(word)), (len(word) + 3) // 2, len(word)}):
                queries.append(prefix + (typed + " " + word[:cut]).strip())
            typed = (typed + " " + word).strip()
    return queries[:count]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _rss_mb(pid: int | str) -> float:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, IndexError, ValueError):
        return 0.0


def _children(pid: int) -> list[str]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    if int(handle.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(entry)
            except (OSError, IndexError, ValueError):
                continue
    return found


def rss_child(folder: str, cache: str) -> None:
    """Index cold in this fresh process and print its peak RSS, sampled with its workers'.

    Sampling /proc (every 20 ms) rather than trusting ru_maxrss: on some kernels a child's
    ru_maxrss still counts the parent it was forked from.
    """
    import threading

    from editor.index.project import Project

    peak = {"main": 0.0, "workers": 0.0, "total": 0.0}
    done = threading.Event()

    def sample() -> None:
        me = os.getpid()
        while not done.is_set():
            main = _rss_mb(me)
            workers = sum(_rss_mb(child) for child in _children(me))
            peak["main"] = max(peak["main"], main)
            peak["workers"] = max(peak["workers"], workers)
            peak["total"] = max(peak["total"], main + workers)
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    Project.open(folder, cache=cache).index(workers=os.cpu_count())
    done.set()
    sampler.join()
    print(json.dumps({
        "main_mb": round(peak["main"], 1), "workers_mb": round(peak["workers"], 1), "total_mb": round(peak["total"], 1),
        "ru_maxrss_main_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


def bench(size: int, queries: int, root: Path, seed: int, rounds_count: int = 3) -> dict[str, object]:
    from synth import make_folder

    from editor.operations.check import check_project
    from editor.index.project import Project, discover

    folder = root / f"content-{size}"
    started = time.perf_counter()
    counts = make_folder(folder, size, seed=seed)
    generate_s = time.perf_counter() - started
    os.sync()  # a real folder is not being written back to disk while it is indexed
    paths = [str(folder / rel) for rel in sorted(discover(folder))]
    for path in paths:  # both sides start with the files in the OS cache
        Path(path).read_bytes()
    # Rounds of (naive loop, cold index) in turns: the machine's speed drifts by tens of percent
    # over a minute, so each cold index is compared with the naive loop run just before it, and
    # the median round is reported.
    rounds = []
    for round_ in range(rounds_count):
        naive_s = naive_loop(paths)
        cache = root / f"cache-{size}-{round_}"
        started = time.perf_counter()
        stats = Project.open(folder, cache=cache).index()
        cold_s = time.perf_counter() - started
        rounds.append((cold_s / naive_s, naive_s, cold_s, cache, stats))
        if round_ < rounds_count - 1:
            shutil.rmtree(cache, ignore_errors=True)
    cold_ratios = [r[0] for r in rounds]
    _, naive_s, cold_s, _, stats = sorted(rounds, key=lambda r: r[0])[len(rounds) // 2]
    cache = rounds[-1][3]  # the last round's index, for the warm reopen and the check

    started = time.perf_counter()
    project = Project.open(folder, cache=cache)
    warm_stats = project.index()
    warm_s = time.perf_counter() - started

    started = time.perf_counter()
    problems = check_project(Project.open(folder, cache=cache))
    check_s = time.perf_counter() - started
    found = Counter(p.code for p in problems)
    planted = {code: counts[key] for code, key in (("related-broken", "broken"), ("related-stale", "stale"),
                                                   ("related-self", "self"), ("related-duplicate", "duplicate"))}

    rng = random.Random(seed)
    titles = [r.title for r in project.search("what", limit=400)] + [r.title for r in project.search("how", limit=400)]
    typed = as_you_type(titles, queries, project.subjects(), rng)
    for query in typed[:20]:
        project.search(query)  # warm the page cache of the database
    timings, budgeted = [], []
    for query in typed:
        started = time.perf_counter()
        project.search(query)
        elapsed = (time.perf_counter() - started) * 1000
        timings.append(elapsed)
        if len(query.split()[-1]) >= 3:
            budgeted.append(elapsed)

    child = subprocess.run(
        [sys.executable, __file__, "--rss-child", str(folder), str(root / f"rss-cache-{size}")],
        capture_output=True, text=True, check=True,
    )
    rss = json.loads(child.stdout.strip().splitlines()[-1])
    return {
        "articles": size,
        "files": stats.files,
        "generate_s": round(generate_s, 2),
        "naive_s": round(naive_s, 3),
        "naive_us_per_file": round(naive_s / len(paths) * 1e6, 1),
        "cold_s": round(cold_s, 3),
        "cold_ratio": round(cold_s / naive_s, 4),
        "cold_ratio_rounds": [round(ratio, 4) for ratio in cold_ratios],
        "cold_s_rounds": [round(r[2], 3) for r in rounds],
        "naive_s_rounds": [round(r[1], 3) for r in rounds],
        "cold_fast_path_files": stats.fast,
        "cold_fallback_files": stats.fallback,
        "cold_workers": stats.workers,
        "warm_s": round(warm_s, 3),
        "warm_ratio": round(warm_s / naive_s, 4),
        "warm_unchanged": warm_stats.unchanged,
        "check_s": round(check_s, 3),
        "check_ratio": round(check_s / naive_s, 4),
        "check_problems": len(problems),
        "link_problems_found": {code: found.get(code, 0) for code in planted},
        "link_problems_planted": planted,
        "link_problems_exact": all(found.get(code, 0) == n for code, n in planted.items()),
        "search_queries": len(timings),
        "search_budgeted_queries": len(budgeted),
        "search_p50_ms": round(statistics.median(budgeted), 2),
        "search_p95_ms": round(percentile(budgeted, 0.95), 2),
        "search_p99_ms": round(percentile(budgeted, 0.99), 2),
        "search_all_p95_ms": round(percentile(timings, 0.95), 2),
        "index_db_mb": round(stats.database_bytes / 2**20, 1),
        "peak_rss_total_mb": rss["total_mb"],
        "peak_rss_main_mb": rss["main_mb"],
        "peak_rss_workers_mb": rss["workers_mb"],
        "ru_maxrss_main_mb": rss["ru_maxrss_main_mb"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 35000])
    parser.add_argument("--queries", type=int, default=600)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=3, help="naive loop and cold index in turns; the median is reported")
    parser.add_argument("--rss-child", nargs=2, metavar=("FOLDER", "CACHE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_child:
        rss_child(*args.rss_child)
        return
    root = Path(tempfile.mkdtemp(prefix="bench-project-"))
    try:
        results = [bench(size, args.queries, root, args.seed, args.rounds) for size in args.sizes]
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(json.dumps({"benchmark": "project", "cpus": os.cpu_count(), "targets": TARGETS, "results": results}, indent=2))


if __name__ == "__main__":
    main()
