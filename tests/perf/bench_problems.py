"""The Problems panel on a big folder: how long it holds the GUI thread, and how soon it follows
an edit; prints JSON.

    .venv/bin/python tests/perf/bench_problems.py                 # 35,000 generated articles
    .venv/bin/python tests/perf/bench_problems.py --size 3000 --edits 10
    .venv/bin/python tests/perf/bench_problems.py --folder PATH    # an existing folder

In the real window, offscreen, once the project is indexed and checked:

- ``gui_block_ms``: the longest gaps of a 5 ms heartbeat on the GUI thread (p95 and max), while
  the full check's result is shown, the list switches to the whole project, a severity filter is
  toggled, and titles are edited (each edit rechecks the article and the files linking to it);
- ``recheck_ms``: from a title edit in an open tab to a linking file's stale copy being in the
  list (the first edit of a tab is checked at once, later ones after the typing debounce), over
  ``--edits`` edits;
- ``full_check_s``: the background full check, for comparison (the naive way to follow an edit).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] if ordered else 0.0


def run(folder: Path, edits: int) -> dict[str, object]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui import app as ui_app
    from ui.common.settings import Settings

    application = ui_app._make_application(offscreen=True)
    window = ui_app.create_window(folder, Settings.at(Path(tempfile.mkdtemp()) / "settings.ini"))
    window.resize(1280, 720)
    window.show()
    panel = window.problems
    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000)
        last[0] = now

    def wait(condition, timeout: float = 600.0) -> float:
        started = time.perf_counter()
        while not condition():
            application.processEvents()
            time.sleep(0.001)
            if time.perf_counter() - started > timeout:
                raise TimeoutError
        return time.perf_counter() - started

    wait(lambda: window.index_ready)
    started = time.perf_counter()
    wait(lambda: panel.checks.project_checked)
    full_check = time.perf_counter() - started
    project = window.project
    # The tabs to edit are opened first: opening a tab (its form, its preview) is not the panel's work.
    targets = []
    for link in project.link_graph()[1]:
        info = project.by_url(link.url_key) if link.url_key else None
        if info is not None and info.relpath != link.path and info.relpath not in {t[0] for t in targets}:
            targets.append((info.relpath, link.path))
        if len(targets) == edits:
            break
    tabs = [(window.open_article(path), linker) for path, linker in targets]
    wait(lambda: panel.checks.idle)
    heartbeat = QTimer(interval=5)
    heartbeat.timeout.connect(beat)
    last[0] = time.perf_counter()
    heartbeat.start()
    panel.set_scope("project")
    wait(lambda: panel.model.filled)
    panel.severity_buttons["warning"].setChecked(False)
    wait(lambda: panel.model.filled)
    panel.severity_buttons["warning"].setChecked(True)
    wait(lambda: panel.model.filled)

    recheck_ms = []
    for number, (tab, linker) in enumerate(tabs):
        title = f"{tab.controller.title} (edited {number})"
        tab.controller.set("title", title)
        typed = time.perf_counter()
        wait(lambda: any(p.code == "related-stale" and title in str(p.fix) for p in panel.checks.by_file.get(linker, [])), 60)
        recheck_ms.append((time.perf_counter() - typed) * 1000)
    heartbeat.stop()
    window.shutdown()
    application.processEvents()
    blocks = [max(0.0, gap - 5) for gap in gaps]
    return {
        "folder_articles": project.article_count(),
        "problems": len(panel.checks.problems()),
        "full_check_s": round(full_check, 2),
        "gui_block_ms": {"p95": round(percentile(blocks, 95), 1), "max": round(max(blocks, default=0.0), 1),
                         "samples": len(blocks)},
        "recheck_ms": {"p50": round(statistics.median(recheck_ms), 1) if recheck_ms else None,
                       "p95": round(percentile(recheck_ms, 95), 1), "max": round(max(recheck_ms, default=0.0), 1),
                       "edits": len(recheck_ms)},
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=35000)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    os.environ.setdefault("XDG_CACHE_HOME", tempfile.mkdtemp())
    folder = args.folder
    if folder is None:
        from tests.perf.synth import make_folder

        folder = Path(tempfile.mkdtemp()) / "content"
        make_folder(folder, args.size, seed=1)
    print(json.dumps(run(folder.resolve(), args.edits), indent=2))


if __name__ == "__main__":
    main()
