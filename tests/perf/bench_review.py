"""Benchmark of git status and reviews (issue 19) on a generated repository; prints JSON.

It writes a synthetic content folder (tests/perf/synth.py, the real format) of ``--size``
articles (35,000), commits it in a fresh git repository, then measures:

- ``status``: ``read_status`` of the whole work tree, clean and with ``--edits`` edited files,
  and after one save (one file rewritten); p50/p95/max over ``--runs`` runs (targets: 1 s after
  open, 300 ms after a save); the first run is reported apart (the page cache is warm: the
  files were just written);
- ``fingerprint``: the watch seam's cost per call;
- ``review_one``: one article with a 4.5 KB answer, one paragraph and the title edited: both
  versions read, fields compared, the answer's rendered diff made; render caches cleared
  before every run (a review view opened for the first time), p95/max (target 150 ms);
- ``changeset``: ``--edits`` (500) edited articles (answers, titles, related links, through
  ``Article.set`` as the app saves): list, read both versions, review, render every answer diff
  and write the HTML report (target 10 s in all), with its throughput against a naive loop in
  the same process (one ``git show`` per file, both versions parsed with ``Article``, their
  ``data`` compared, no rendering).

Usage: .venv/bin/python tests/perf/bench_review.py [--size 35000] [--edits 500] [--runs 20]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT)]

from editor.article.article import Article, ArticleError  # noqa: E402
from editor.git import fingerprint, open_repository, read_status  # noqa: E402
from editor.render.answer import clear_caches  # noqa: E402
from editor.review import field_changes, load_changeset, load_version, rendered_diff, review_changeset  # noqa: E402
from editor.review.report import report_html  # noqa: E402
from tests.perf.bench_render import make_answer  # noqa: E402
from tests.perf.synth import make_folder  # noqa: E402

TARGETS = {"status_s": 1.0, "status_after_save_s": 0.3, "review_one_p95_ms": 150.0, "changeset_s": 10.0}
ENV = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
       "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org", "LC_ALL": "C"}


def git(root: Path, *args: str, input: bytes | None = None) -> bytes:
    return subprocess.run(["git", *args], cwd=root, env=ENV, input=input, check=True, capture_output=True).stdout


def stats(samples: list[float], unit: str = "ms") -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {f"p50_{unit}": round(statistics.median(ordered), 3), f"p95_{unit}": round(p95, 3),
            f"max_{unit}": round(ordered[-1], 3), "runs": len(ordered)}


def timed(fn, runs: int, before=None) -> list[float]:
    samples = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def make_repository(root: Path, size: int) -> dict:
    started = time.perf_counter()
    counts = make_folder(root, size, seed=19)
    written = time.perf_counter() - started
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "synthetic content")
    return {"files": counts["files"], "write_s": round(written, 2), "git_commit_s": round(time.perf_counter() - started - written, 2)}


def edit_articles(root: Path, count: int, rng: random.Random) -> list[str]:
    """Edit ``count`` readable articles through Article.set: answers, titles, related links."""
    paths = sorted(str(p.relative_to(root)) for p in root.glob("*/*.md"))
    rng.shuffle(paths)
    edited: list[str] = []
    for relpath in paths:
        if len(edited) == count:
            break
        try:
            article = Article.load(root / relpath)
        except ArticleError:
            continue
        kind = len(edited) % 4
        if kind in (0, 1):
            paragraphs = article.answer.split("\n\n")
            paragraphs[len(paragraphs) // 2] += " An added sentence for the review."
            article.answer = "\n\n".join(paragraphs)
        elif kind == 2:
            article.set("title", str(article.get("title")).rstrip("?") + " today?")
        elif article.has("related_article1"):
            article.set("related_article1.title", "A retitled related question?")
        else:
            article.set("seo.page_keywords", "edited, keywords")
        article.save()
        edited.append(relpath)
    return edited


def naive_changeset(root: Path, paths: list[str]) -> float:
    """One ``git show`` per file, both versions parsed fully, their values compared."""
    started = time.perf_counter()
    changed = 0
    for relpath in paths:
        old = subprocess.run(["git", "show", f"HEAD:{relpath}"], cwd=root, capture_output=True, env=ENV).stdout
        try:
            before, after = Article.parse(old).data, Article.load(root / relpath).data
        except ArticleError:
            continue
        changed += sum(1 for key in after if before.get(key) != after[key])
    return time.perf_counter() - started


def bench_review_one(runs: int) -> dict:
    answer = make_answer(4500)
    paragraphs = answer.split("\n\n")
    edited = paragraphs[:]
    edited[len(edited) // 2] = edited[len(edited) // 2].replace("The effect", "The measured effect")
    old_data = _article_bytes("How do tides work?", answer)
    new_data = _article_bytes("How do ocean tides work?", "\n\n".join(edited))

    def review() -> None:
        old, new = load_version(old_data), load_version(new_data)
        changes = field_changes(old, new)
        diff = rendered_diff(old.answer, new.answer)
        assert {c.key for c in changes} == {"title", "answer"} and diff.count("changed") == 1

    review()
    cold = stats(timed(review, runs, before=clear_caches))
    warm = stats(timed(review, runs))
    return {"answer_chars": len(answer), "cold_caches": cold, "warm_caches": warm,
            "within_target": cold["p95_ms"] <= TARGETS["review_one_p95_ms"]}


def _article_bytes(title: str, answer: str) -> bytes:
    from tests.perf.synth import article_model, render

    model = article_model("physics/how-do-tides-work.md", "How do tides work?", answer=answer.replace("\n", "\\n"))
    model["fields"]["title"] = title
    return render(model)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=35000)
    parser.add_argument("--edits", type=int, default=500)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="build the repository here and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-review-"))
    try:
        results: dict = {"targets": TARGETS, "git": git(work.parent, "--version").decode().strip()}
        root = work / "site"
        root.mkdir(parents=True, exist_ok=True)
        results["repository"] = make_repository(root, args.size)
        repo = open_repository(root)

        first = timed(lambda: read_status(repo), 1)[0]
        clean = stats(timed(lambda: read_status(repo), args.runs))
        results["fingerprint_us"] = round(min(timed(lambda: fingerprint(repo), 200)) * 1000, 1)

        edited = edit_articles(root, args.edits, random.Random(19))
        files = len(read_status(repo).files)
        dirty = stats(timed(lambda: read_status(repo), args.runs))
        target = root / edited[0]
        data = target.read_bytes()

        def save_then_status() -> None:
            target.write_bytes(data + b" ")
            read_status(repo)
            target.write_bytes(data)

        after_save = stats(timed(save_then_status, args.runs))
        results["status"] = {
            "first_ms": round(first, 1), "clean": clean, f"with_{files}_changed": dirty, "after_one_save": after_save,
            "within_target": max(first, clean["p95_ms"], dirty["p95_ms"]) <= TARGETS["status_s"] * 1000
                             and after_save["p95_ms"] <= TARGETS["status_after_save_s"] * 1000,
        }

        results["review_one"] = bench_review_one(max(args.runs * 5, 50))

        clear_caches()
        stages: dict[str, float] = {}
        started = time.perf_counter()
        changeset = load_changeset(repo)
        stages["list_and_read_s"] = time.perf_counter() - started
        reviews = review_changeset(changeset)
        stages["fields_and_problems_s"] = time.perf_counter() - started - sum(stages.values())
        rendered = sum(1 for r in reviews if r.text_changed("answer") and r.rendered().changed)
        stages["rendered_diffs_s"] = time.perf_counter() - started - sum(stages.values())
        html = report_html(changeset, reviews)
        stages["report_s"] = time.perf_counter() - started - sum(stages.values())
        total = time.perf_counter() - started
        naive = naive_changeset(root, edited)
        results["changeset"] = {
            "articles": len(changeset.articles), "answer_diffs": rendered, "report_mb": round(len(html) / 2**20, 2),
            **{k: round(v, 3) for k, v in stages.items()}, "total_s": round(total, 3),
            "naive_fields_only_s": round(naive, 3), "throughput_vs_naive": round(naive / total, 3),
            "within_target": total <= TARGETS["changeset_s"],
        }
        print(json.dumps({"benchmark": "review", "size": args.size, "edits": args.edits, "results": results}, indent=2))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
