"""Window start-up on a big content folder; prints JSON.

    .venv/bin/python tests/perf/bench_window.py                # 35,000 generated articles
    .venv/bin/python tests/perf/bench_window.py --size 2000 --runs 3
    .venv/bin/python tests/perf/bench_window.py --folder PATH     # an existing folder

Each run starts a fresh ``python`` process that opens the folder in the real window, offscreen.
Measured, from the moment the process is spawned:

- ``window_shown_ms``: until the window has been shown and painted once (budget: 1,500 ms);
- ``index_ready_ms``: until the background index is done and the project browser is filled;
- ``gui_lag_ms``: how late a 10 ms heartbeat timer fires on the GUI thread while indexing runs
  (the UI stays usable when this is small).

The first run indexes from scratch (cold cache), the others refresh an existing index (warm).
The naive baseline, measured the same way, indexes on the GUI thread before showing the window.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
BUDGET_MS = 1500


def child(folder: str, naive: bool) -> None:
    """Runs inside the spawned process: open the window and report timestamps on stdout."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui import app as ui_app

    application = ui_app._make_application(offscreen=True)
    report: dict[str, object] = {}
    if naive:
        from editor.index.project import Project

        Project.open(folder).index()  # the naive way: everything before the window exists
    window = ui_app.create_window(folder)
    window.show()
    application.processEvents()
    window.repaint()
    report["shown"] = time.time()
    lags: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        lags.append(max(0.0, (now - last[0]) * 1000 - 10))
        last[0] = now

    heartbeat = QTimer(interval=10)
    heartbeat.timeout.connect(beat)
    heartbeat.start()

    def poll() -> None:
        if window.index_ready or time.time() - float(report["shown"]) > 600:
            report["ready"] = time.time()
            report["entries"] = len(window.browser.entries)
            report["lag_p99"] = sorted(lags)[int(len(lags) * 0.99)] if lags else 0.0
            report["lag_max"] = max(lags) if lags else 0.0
            print(json.dumps(report), flush=True)
            os._exit(0)  # skip teardown: only start-up is measured
        QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    application.exec()


def run_once(folder: Path, env: dict[str, str], naive: bool) -> dict[str, float]:
    args = [sys.executable, __file__, "--child", str(folder)] + (["--naive"] if naive else [])
    spawned = time.time()
    out = subprocess.run(args, capture_output=True, text=True, env=env, cwd=ROOT, timeout=1200)
    line = next((l for l in out.stdout.splitlines() if l.startswith("{")), None)
    if line is None:
        raise SystemExit(f"child failed: {out.stderr[-2000:]}")
    data = json.loads(line)
    return {
        "window_shown_ms": (data["shown"] - spawned) * 1000,
        "index_ready_ms": (data["ready"] - spawned) * 1000,
        "gui_lag_p99_ms": data["lag_p99"],
        "gui_lag_max_ms": data["lag_max"],
        "entries": data["entries"],
    }


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=35000)
    parser.add_argument("--runs", type=int, default=6)
    parser.add_argument("--child")
    parser.add_argument("--naive", action="store_true")
    parser.add_argument("--folder", help="reuse a generated folder (made with this --size) instead of a new one")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.naive)
        return
    sys.path.insert(0, str(ROOT / "tests" / "perf"))
    from synth import make_folder

    work = Path(tempfile.mkdtemp(prefix="bench-window-"))
    folder = Path(args.folder) if args.folder else work / "content"
    if not args.folder:
        make_folder(folder, args.size)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CACHE_HOME=str(work / "cache"),
               XDG_DATA_HOME=str(work / "data"), ARTICLE_EDITOR_SETTINGS=str(work / "settings.ini"))
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        env.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    runs = [run_once(folder, env, naive=False) for _ in range(args.runs)]
    shown = [r["window_shown_ms"] for r in runs]
    # The naive baseline, cold and warm, on its own cache so it indexes from scratch too.
    naive_env = dict(env, XDG_CACHE_HOME=str(work / "cache-naive"))
    naive = [run_once(folder, naive_env, naive=True) for _ in range(2)]
    print(json.dumps({
        "articles": args.size,
        "runs": args.runs,
        "budget_ms": BUDGET_MS,
        "window_shown_ms": {"cold": round(shown[0]), "p50": round(statistics.median(shown)),
                            "p95": round(percentile(shown, 0.95)), "max": round(max(shown))},
        "within_budget": max(shown) <= BUDGET_MS,
        "index_ready_ms": {"cold": round(runs[0]["index_ready_ms"]),
                           "warm_p50": round(statistics.median(r["index_ready_ms"] for r in runs[1:])) if len(runs) > 1 else None},
        "gui_lag_during_index_ms": {"cold_p99": round(runs[0]["gui_lag_p99_ms"], 1),
                                    "cold_max": round(runs[0]["gui_lag_max_ms"], 1)},
        "browser_entries": runs[0]["entries"],
        "naive_window_shown_ms": {"cold": round(naive[0]["window_shown_ms"]), "warm": round(naive[1]["window_shown_ms"])},
        "naive_over_ours_cold": round(naive[0]["window_shown_ms"] / shown[0], 2),
    }, indent=2))


if __name__ == "__main__":
    main()
