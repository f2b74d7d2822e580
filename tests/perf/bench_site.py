"""Benchmark of opening a site checkout and sorting its files into collections; prints JSON.

    .venv/bin/python tests/perf/bench_site.py [--files 36000] [--runs 20]

Reports the latency (p95/max over runs) of ``open_site`` on the fixture checkout (configs read,
folders and templates checked), and the throughput of ``Site.collection_for`` over a synthetic
36k-file listing, as a ratio against a naive membership (every collection tried, the longest
folder kept) run in the same process on the same paths.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from editor.site import Site, open_site  # noqa: E402
from tests.fixtures.site_checkout import SITE  # noqa: E402


def naive_collection_for(site: Site, relpath: str):
    holding = [c for c in site.collections if not c.folder or relpath.startswith(c.folder + "/")]
    return max(holding, key=lambda c: len(c.folder), default=None)


def listing(count: int) -> list[str]:
    subjects = [f"subject-{n}" for n in range(40)]
    paths = [f"content/learn/{subjects[n % 40]}/answer-{n}.md" for n in range(count - 40)]
    return paths + [f"content/posts/post-{n}.md" for n in range(35)] + ["content/index.md"] * 5


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=36_000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    opens = []
    for _ in range(args.runs):
        start = time.perf_counter()
        site = open_site(SITE)
        opens.append(time.perf_counter() - start)
    paths = listing(args.files)
    start = time.perf_counter()
    ours = [site.collection_for(p) for p in paths]
    ours_s = time.perf_counter() - start
    start = time.perf_counter()
    naive = [naive_collection_for(site, p) for p in paths]
    naive_s = time.perf_counter() - start
    assert [c and c.name for c in ours] == [c and c.name for c in naive]
    opens.sort()
    print(json.dumps({
        "open_site_ms": {"p95": round(opens[int(0.95 * (len(opens) - 1))] * 1000, 2), "max": round(opens[-1] * 1000, 2),
                         "median": round(statistics.median(opens) * 1000, 2)},
        "collection_for": {"files": len(paths), "seconds": round(ours_s, 4), "files_per_s": round(len(paths) / ours_s),
                           "ratio_to_naive": round(naive_s / ours_s, 2)},
    }, indent=1))


if __name__ == "__main__":
    main()
