"""Benchmark of ``check_site`` (the CLI's check: published length checks, rule settings); prints JSON.

    .venv/bin/python tests/perf/bench_check_site.py [--size 35000] [--rounds 3]

On a synthetic content folder (tests/perf/synth.py) with a warm index, it measures in one
process, median of ``--rounds``:

- ``check_project`` (the index's problems) and ``check_site`` (those, with the title and
  description length checks redone on the published texts by reading the files again, and the
  rule settings applied); their difference is the cost of the re-read;
- a naive loop doing the same length checks: ``frontmatter.load`` (python-frontmatter with
  libyaml) of each file, ``page_meta`` and both widths; ``lengths_ratio`` is our re-read over it.

Wall and CPU seconds are both given: the machine is shared, CPU time is the steadier figure.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from editor.index.project import Project  # noqa: E402
from editor.operations.check import check_project, check_site  # noqa: E402
from editor.operations.page_lengths import folder_length_problems  # noqa: E402
from editor.render.text_width import text_width  # noqa: E402
from editor.site.locate import open_publishing  # noqa: E402
from editor.site.rule_settings import RuleSettings  # noqa: E402
from tests.perf.synth import make_folder  # noqa: E402


def timed(run) -> tuple[float, float, object]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = run()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def naive_lengths(folder: Path, relpaths: list[str], publishing) -> int:
    import frontmatter

    over = 0
    for relpath in relpaths:
        try:
            data = frontmatter.load(folder / relpath).metadata
        except Exception:  # noqa: BLE001 - the naive loop skips what does not load
            continue
        meta = publishing.meta(relpath, data)
        over += text_width(meta.title, 20) > 580
        over += text_width(meta.description, 14) > 920
    return over


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=35_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "content"
        make_folder(folder, args.size)
        project = Project.open(folder, cache=Path(tmp) / "cache")
        project.index()
        publishing = open_publishing(folder)
        relpaths = [row[0] for row in project.records()]
        rounds: dict[str, list[tuple[float, float]]] = {"check_project": [], "check_site": [], "lengths": [], "naive": []}
        counts = {}
        for _ in range(args.rounds):
            for name, run in (
                ("check_project", lambda: check_project(project)),
                ("check_site", lambda: check_site(project)),
                ("lengths", lambda: folder_length_problems(folder, relpaths, publishing, RuleSettings())),
                ("naive", lambda: naive_lengths(folder, relpaths, publishing)),
            ):
                wall, cpu, result = timed(run)
                rounds[name].append((wall, cpu))
                counts[name] = result if isinstance(result, int) else len(result)  # type: ignore[arg-type]
        median = {name: {"wall_s": round(statistics.median(w for w, _ in r), 3),
                         "cpu_s": round(statistics.median(c for _, c in r), 3)} for name, r in rounds.items()}
        print(json.dumps({
            "size": args.size,
            "files_checked": len(relpaths),
            "median": median,
            "rounds": {name: [[round(w, 3), round(c, 3)] for w, c in r] for name, r in rounds.items()},
            "check_site_over_check_project_cpu": round(median["check_site"]["cpu_s"] / median["check_project"]["cpu_s"], 2),
            "lengths_ratio_cpu": round(median["lengths"]["cpu_s"] / median["naive"]["cpu_s"], 3),
            "problems": counts,
        }, indent=1))


if __name__ == "__main__":
    main()
