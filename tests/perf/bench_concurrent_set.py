"""Stress: N concurrent ``article-editor set`` processes on one file; prints JSON.

    python tests/perf/bench_concurrent_set.py                    # 4 workers, 60 s
    python tests/perf/bench_concurrent_set.py --workers 8 --seconds 20
    python tests/perf/bench_concurrent_set.py --mode fork        # set run in forked workers (many more per second)

Each worker owns one field of the file (``stress_<n>``) and sets it to 1, 2, 3, ... one ``set``
after another. Only worker n writes ``stress_<n>``, so the value on disk may never go below the
last value worker n's ``set`` reported written: if it does, some other save overwrote the file
from a stale read and an edit was lost. Every worker checks its field before each set and at the
end. ``lost_edits`` must be 0. ``gave_up`` counts sets that exited 1 after their retries; in fork
mode ``conflicts_retried`` counts the ConflictErrors that ``set`` retried.

Throughput is sets per second over all workers, with a ratio to a naive baseline run first in
the same process: one worker alone, no contention. Latency of one set is reported as p95/max.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from editor.article.article import Article, ConflictError  # noqa: E402

ARTICLE = (
    "---\n_schema: default\nid: 61001\ndate: 2025-06-02\ntitle: >-\n    How do bees find their way home?\n"
    "author: Staff\nsubject: Biology\nanswer: >-\n    Bees use the sun as a compass.\\n\\nThey also learn landmarks.\n"
    "score: -1.0\n{fields}---\n\n&nbsp;"
)
FORK = multiprocessing.get_context("fork")


def _run_set_subprocess(path: Path, key: str, value: int) -> tuple[int, int]:
    exe = Path(sys.executable).parent / "article-editor"  # the installed command, as a user runs it
    result = subprocess.run([str(exe), "set", str(path), key, "--yaml", str(value)], capture_output=True, text=True)
    return result.returncode, 0


def _run_set_fork(path: Path, key: str, value: int) -> tuple[int, int]:
    from editor.cli import main

    conflicts = 0
    real_save = Article.save

    def counting_save(self: Article, *args: Any, **kwargs: Any) -> Any:
        nonlocal conflicts
        try:
            return real_save(self, *args, **kwargs)
        except ConflictError:
            conflicts += 1
            raise

    Article.save = counting_save  # type: ignore[method-assign]
    try:
        return main(["set", str(path), key, "--yaml", str(value)]), conflicts
    finally:
        Article.save = real_save  # type: ignore[method-assign]


def _on_disk(path: Path, key: str) -> int:
    return int(Article.load(path).get(key))  # saves rename whole files in: a read never sees half of one


def worker(n: int, path: str, mode: str, seconds: float, start: Any, out: Any) -> None:
    where = Path(path)
    key = f"stress_{n}"
    run = _run_set_fork if mode == "fork" else _run_set_subprocess
    stats = {"ok": 0, "gave_up": 0, "errors": 0, "lost": 0, "conflicts": 0, "latencies": []}
    written = 0
    start.wait()
    deadline = time.monotonic() + seconds
    value = 0
    while time.monotonic() < deadline:
        seen = _on_disk(where, key)
        if seen < written:
            stats["lost"] += 1
            written = seen  # counted once; the next set writes past it
        value += 1
        began = time.perf_counter()
        code, conflicts = run(where, key, value)
        stats["latencies"].append(time.perf_counter() - began)
        stats["conflicts"] += conflicts
        if code == 0:
            stats["ok"] += 1
            written = value
        elif code == 1:
            stats["gave_up"] += 1
        else:
            stats["errors"] += 1
    out.put((n, stats, written))


def run_phase(workers: int, seconds: float, mode: str) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="bench-concurrent-set-"))
    path = folder / "how-do-bees-find-their-way-home.md"
    path.write_text(ARTICLE.format(fields="".join(f"stress_{n}: 0\n" for n in range(workers))))
    start, out = FORK.Event(), FORK.Queue()
    procs = [FORK.Process(target=worker, args=(n, str(path), mode, seconds, start, out)) for n in range(workers)]
    for proc in procs:
        proc.start()
    began = time.perf_counter()
    start.set()
    results = [out.get(timeout=seconds + 120) for _ in procs]
    elapsed = time.perf_counter() - began
    for proc in procs:
        proc.join(timeout=30)
    final = Article.load(path)
    totals = {"ok": 0, "gave_up": 0, "errors": 0, "lost": 0, "conflicts": 0}
    latencies: list[float] = []
    for n, stats, written in results:
        for name in totals:
            totals[name] += stats[name]
        latencies += stats["latencies"]
        if int(final.get(f"stress_{n}")) != written:
            totals["lost"] += 1
    latencies.sort()
    for leftover in folder.iterdir():
        leftover.unlink()
    folder.rmdir()
    return {
        **totals,
        "sets_per_second": round(totals["ok"] / elapsed, 2),
        "set_p95_ms": round(1000 * latencies[int(0.95 * (len(latencies) - 1))], 1) if latencies else None,
        "set_max_ms": round(1000 * latencies[-1], 1) if latencies else None,
        "set_median_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="duration of the concurrent run (default 60)")
    parser.add_argument("--workers", type=int, default=4, help="concurrent set processes (default 4)")
    parser.add_argument("--mode", choices=("subprocess", "fork"), default="subprocess",
                        help="subprocess: each set is a new article-editor process; fork: set runs in the workers")
    args = parser.parse_args()
    if args.mode == "fork":
        from editor.cli import build_parser

        build_parser()  # import the subcommands once, before the workers fork
    baseline = run_phase(1, max(2.0, min(10.0, args.seconds / 6)), args.mode)
    concurrent = run_phase(args.workers, args.seconds, args.mode)
    print(json.dumps({
        "workers": args.workers,
        "seconds": args.seconds,
        "mode": args.mode,
        "cpus": os.cpu_count(),
        "lost_edits": concurrent["lost"],
        "gave_up": concurrent["gave_up"],
        "conflicts_retried": concurrent["conflicts"] if args.mode == "fork" else None,
        "errors": concurrent["errors"],
        "sets": concurrent["ok"],
        "sets_per_second": concurrent["sets_per_second"],
        "baseline_sets_per_second": baseline["sets_per_second"],
        "ratio_to_baseline": round(concurrent["sets_per_second"] / baseline["sets_per_second"], 3)
        if baseline["sets_per_second"] else None,
        "set_p95_ms": concurrent["set_p95_ms"],
        "set_max_ms": concurrent["set_max_ms"],
        "baseline_set_p95_ms": baseline["set_p95_ms"],
    }, indent=2))
    sys.exit(1 if concurrent["lost"] else 0)


if __name__ == "__main__":
    main()
