"""Related-article suggestions: their quality against the links writers chose, and their speed;
prints JSON.

    .venv/bin/python tests/perf/bench_suggest.py                      # synthetic folders with topics
    .venv/bin/python tests/perf/bench_suggest.py --folder PATH        # any content folder, indexed
    .venv/bin/python tests/perf/bench_suggest.py --articles 5000 --quality-size 2000

Quality is ``recall@5`` of the existing related links: for each article with links, its own
links are hidden (the query has none), suggestions are asked for, and each hidden link that comes
back in the top 5 counts. Micro recall (found links / all links) and the share of articles with
at least one link back are reported, over every linked article (``--quality-queries`` caps it).
On a synthetic folder the topics come from ``tests/perf/topic_synth.py``; a real folder's links
are what its writers chose.

Speed: the one-off corpus build, and one suggestion query's latency (p50/p95/max) at
``--articles`` (35,000), against a naive ranking that scores every article's terms directly
(no inverted index), run in the same process on the same data.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import math
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from editor.index.suggest import Candidate, Corpus, keyword_list, project_candidates, terms  # noqa: E402
from tests.perf.topic_synth import topic_model  # noqa: E402

K = 5


def synthetic(count: int, seed: int = 7) -> list[Candidate]:
    """Candidates straight from the topic model (no files: the latency corpus is 35,000 of them)."""
    out = []
    for article in topic_model(count, seed):
        f = article["fields"]
        out.append(Candidate(
            url=f["url"], title=f["title"], question=f["question"], keywords=keyword_list(f["seo"]["page_keywords"]),
            subject=f["subject"], path=article["path"], id=f["id"],
            links_to=frozenset(link["url"] for link in article["links"]),
        ))
    return out


def recall(candidates: list[Candidate], queries: int, seed: int = 11) -> dict[str, object]:
    """recall@K of each article's own links, hidden from its query (module docstring)."""
    corpus = Corpus(candidates)
    urls = {c.url for c in candidates}
    linked = [c for c in candidates if any(u in urls and u != c.url for u in c.links_to)]
    if queries and len(linked) > queries:
        linked = random.Random(seed).sample(linked, queries)
    found = total = hit_articles = 0
    for article in linked:
        truth = {u for u in article.links_to if u in urls and u != article.url}
        query = dataclasses.replace(article, links_to=frozenset())
        top = {s.candidate.url for s in corpus.suggest(query, limit=K)}
        found += len(truth & top)
        total += len(truth)
        hit_articles += bool(truth & top)
    return {
        "articles": len(candidates),
        "queries": len(linked),
        "links": total,
        f"recall_at_{K}": round(found / total, 3) if total else None,
        f"articles_with_a_link_in_top_{K}": round(hit_articles / len(linked), 3) if linked else None,
    }


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


def speed(candidates: list[Candidate], queries: int) -> dict[str, object]:
    started = time.perf_counter()
    corpus = Corpus(candidates)
    build = time.perf_counter() - started
    latencies = []
    for query in random.Random(3).sample(candidates, min(queries, len(candidates))):
        started = time.perf_counter()
        corpus.suggest(query, limit=10, exclude_urls=query.links_to)
        latencies.append((time.perf_counter() - started) * 1000)
    naive_runs = max(3, queries // 50)
    started = time.perf_counter()
    for query in candidates[:naive_runs]:
        naive_rank(query, candidates)
    naive_ms = (time.perf_counter() - started) * 1000 / naive_runs
    return {
        "articles": len(candidates),
        "corpus_build_s": round(build, 3),
        "query_ms": {"p50": round(statistics.median(latencies), 2), "p95": round(percentile(latencies, 95), 2),
                     "max": round(max(latencies), 2)},
        "naive_query_ms": round(naive_ms, 1),
        "query_ratio_to_naive": round(statistics.mean(latencies) / naive_ms, 4),
    }


def folder_candidates(folder: Path) -> list[Candidate]:
    from editor.index.project import Project

    project = Project.open(folder, cache=Path(tempfile.mkdtemp()))
    project.index()
    return project_candidates(project)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=35000, help="size of the latency corpus")
    parser.add_argument("--queries", type=int, default=200, help="latency queries")
    parser.add_argument("--quality-size", type=int, default=5000, help="size of the synthetic quality folder")
    parser.add_argument("--quality-queries", type=int, default=2000, help="articles whose links are hidden (0: all)")
    parser.add_argument("--folder", type=Path, help="measure on this content folder instead")
    args = parser.parse_args()
    if args.folder is not None:
        candidates = folder_candidates(args.folder)
        report = {"folder": str(args.folder), "quality": recall(candidates, args.quality_queries),
                  "speed": speed(candidates, args.queries)}
    else:
        report = {"quality": recall(synthetic(args.quality_size), args.quality_queries),
                  "speed": speed(synthetic(args.articles), args.queries)}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
