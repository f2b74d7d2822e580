"""Benchmark of related-article suggestions on a synthetic corpus; prints JSON.

    .venv/bin/python tests/perf/bench_suggest.py [--articles 35000] [--queries 200]

Reports the one-off corpus build time, the latency (p50/p95/p99) of one suggestion query against
the built corpus, and the ratio of that query to a naive ranking that scores every article's
terms directly (no inverted index), run in the same process on the same data.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from editor.index.suggest import Candidate, Corpus, keyword_list, terms  # noqa: E402


def synthetic(count: int, seed: int = 7) -> list[Candidate]:
    rng = random.Random(seed)
    vocabulary = [f"term{i}" for i in range(max(2000, count // 2))]
    weights = [1.0 / (rank + 1) for rank in range(len(vocabulary))]  # Zipf-like, as real text
    out = []
    for n in range(count):
        title = " ".join(rng.choices(vocabulary, weights, k=8))
        question = title if rng.random() < 0.8 else " ".join(rng.choices(vocabulary, weights, k=12))
        keywords = keyword_list(", ".join(rng.choices(vocabulary, weights, k=8)))
        links = frozenset(f"/learn/s/questions/a{rng.randrange(count)}" for _ in range(4))
        out.append(Candidate(f"/learn/s/questions/a{n}", title, question, keywords, links_to=links))
    return out


def naive_rank(query: Candidate, candidates: list[Candidate], limit: int = 10) -> list[Candidate]:
    """Scores every article by shared query terms weighted by idf, without an inverted index."""
    docs = [Counter(terms(f"{c.title} {c.question} {' '.join(c.keywords)}")) for c in candidates]
    df: Counter[str] = Counter()
    for doc in docs:
        df.update(doc.keys())
    wanted = set(terms(f"{query.title} {query.question} {' '.join(query.keywords)}"))
    scored = []
    for candidate, doc in zip(candidates, docs):
        score = sum(doc[t] * math.log(1 + len(docs) / (1 + df[t])) for t in wanted if t in doc)
        if score:
            scored.append((score, candidate.title, candidate))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [c for _s, _t, c in scored[:limit]]


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=35000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    candidates = synthetic(args.articles)

    started = time.perf_counter()
    corpus = Corpus(candidates)
    build = time.perf_counter() - started

    latencies = []
    for query in candidates[: args.queries]:
        started = time.perf_counter()
        corpus.suggest(query, limit=10)
        latencies.append((time.perf_counter() - started) * 1000)

    naive_runs = max(3, args.queries // 50)
    started = time.perf_counter()
    for query in candidates[:naive_runs]:
        naive_rank(query, candidates)
    naive_ms = (time.perf_counter() - started) * 1000 / naive_runs

    print(json.dumps({
        "articles": args.articles,
        "corpus_build_s": round(build, 3),
        "query_ms": {
            "p50": round(statistics.median(latencies), 2),
            "p95": round(percentile(latencies, 95), 2),
            "p99": round(percentile(latencies, 99), 2),
        },
        "naive_query_ms": round(naive_ms, 1),
        "query_ratio_to_naive": round(statistics.mean(latencies) / naive_ms, 4),
    }, indent=2))


if __name__ == "__main__":
    main()
