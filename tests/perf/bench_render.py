"""Benchmark render_answer against the issue's budgets; prints JSON.

    .venv/bin/python tests/perf/bench_render.py [--runs N] [--small]

Budgets (issue 5): median <= 10 ms for a 4.5 KB answer, <= 150 ms for a 100 KB answer. Each size
is timed while typing (one letter inserted at a random place before every render, as the live
preview sees it: unchanged paragraphs and formulas come from the caches) and cold (every cache
cleared before every render, e.g. the first render of a newly opened article). Throughput is also given as a ratio against a
naive baseline in the same process: a fresh plain CommonMark MarkdownIt built for every call.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from markdown_it import MarkdownIt  # noqa: E402

from editor.render.answer import clear_caches, render_answer  # noqa: E402

_LEADS = ["Clarity", "Cost", "Scale", "Risk", "Trust", "Feedback", "Quality", "Time", "Compliance", "Reach"]


def make_answer(size: int, seed: int = 1, math: bool = True) -> str:
    """An article-style answer of about `size` characters: numbered bold leads, sub-bullets,
    inline and display math (each formula different), prices, a table now and then. Without
    `math` the formulas are left out, like most real answers."""
    rng = random.Random(seed)
    parts = ["Several factors explain this, and each one matters for a different reason."]
    n = 0
    while sum(len(p) + 2 for p in parts) < size:
        n += 1
        item = (f"{n}. **{rng.choice(_LEADS)} {n}**: The effect grows with $x_{{{n}}}^2 + {n}y$ and "
                f"costs about $ {n}0 per unit in practice, which keeps *most* teams on `plan-{n}`.")
        if n % 3 == 0:
            item += f"\n   - Sub point with $\\frac{{a_{n}}}{{b_{n}}}$ and a [link](https://example.com/{n}).\n   - Another detail."
        if n % 5 == 0:
            item += f"\n\n   $$\n   S_{{{n}}} = \\sum_{{i=1}}^{{{n}}} i^2 = \\frac{{{n}({n}+1)(2 \\cdot {n}+1)}}{{6}}\n   $$"
        if n % 11 == 0:
            item += f"\n\n| Factor | Value |\n|---|---|\n| A{n} | {n} |\n| B{n} | {n * 2} |"
        if not math:
            item = item.replace("$", "")
        parts.append(item)
    parts.append("In summary, these factors work together.")
    return "\n\n".join(parts)[:size]


def _time(fn, text: str, runs: int, before=None, edit: bool = False) -> list[float]:
    """Milliseconds per call; with `edit`, each call sees the text with one more typed letter
    somewhere, as the live preview does while the writer types."""
    rng = random.Random(runs)
    samples = []
    for _ in range(runs):
        if before:
            before()
        if edit:
            at = rng.randrange(len(text))
            text = text[:at] + "e" + text[at:]
        start = time.perf_counter()
        fn(text)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]

    return {"median_ms": round(statistics.median(ordered), 3), "p95_ms": round(pct(0.95), 3),
            "p99_ms": round(pct(0.99), 3), "runs": len(ordered)}


def naive_render(text: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(text)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--small", action="store_true", help="quick run while developing")
    args = parser.parse_args()
    runs = 10 if args.small else args.runs
    budgets = {4500: 10.0, 100_000: 150.0}
    results = {}
    render_answer("warm up $x$")
    for size, budget in budgets.items():
        text = make_answer(size)
        render_answer(text)
        typing = _stats(_time(render_answer, text, runs, edit=True))
        cold = _stats(_time(render_answer, text, max(5, runs // 4), before=clear_caches))
        naive = _stats(_time(naive_render, text, max(5, runs // 4)))
        prose = make_answer(size, math=False)
        cold_prose = _stats(_time(render_answer, prose, max(5, runs // 4), before=clear_caches))
        results[f"{size // 1000}KB" if size >= 10_000 else f"{size / 1000:.1f}KB"] = {
            "chars": len(text),
            "budget_median_ms": budget,
            "typing": typing,
            "cold_caches": cold,
            "typing_within_budget": typing["median_ms"] <= budget,
            "cold_within_budget": cold["median_ms"] <= budget,
            "cold_caches_no_math": cold_prose,
            "cold_no_math_within_budget": cold_prose["median_ms"] <= budget,
            "naive_baseline": naive,
            "throughput_vs_naive_typing": round(naive["median_ms"] / typing["median_ms"], 3),
            "throughput_vs_naive_cold": round(naive["median_ms"] / cold["median_ms"], 3),
        }
    print(json.dumps({"benchmark": "render_answer", "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
