"""The project browser over a 35,000-answer site checkout in git: how long the GUI thread is held
when the listing is shown, when git marks arrive, when a deleted article adds a row and while the
filter is typed into; prints JSON.

    .venv/bin/python tests/perf/bench_browser.py                 # 35,000 generated answers
    .venv/bin/python tests/perf/bench_browser.py --size 3000 --quick
    .venv/bin/python tests/perf/bench_browser.py --folder PATH    # a site made by an earlier run

The site is our fixture site's config, posts and pages around ``content/learn`` holding the
generated answers (tests/perf/synth.py), committed to a fresh git repository. One process opens
it in the real window (offscreen), waits for the index, opens the answers collection and its
biggest subject folder, and measures with bench_gui's 2 ms probe (each figure the largest gap from
the action until the window is idle; p95 and max over the runs; budget 50 ms):

- ``listing_ms``: a rebuild of the whole listing (``browser.refresh``), open rows kept;
- ``marks_ms``: a status of N modified answers delivered (N = 1, 500, 35,000 in turn);
- ``deleted_row_ms``: a status naming a deleted answer, which the listing adds as a row;
- ``filter_ms``: typing a word into the filter, key by key, and clearing it.

The naive baseline, timed in the same process on the same data, works the marks out on the GUI
thread (``git_marks`` plus a model reset with the rows reopened), as a first version would;
``ratio_naive_over_ours_marks_max`` compares the worst GUI block of both for the 35,000-file status.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT)]

from tests.perf.bench_gui import (BUDGETS, WORK, LagProbe, QTest, figures, percentile, timed_step,  # noqa: E402
                                  wait, wait_until)
from editor.git.status import FileStatus, Status  # noqa: E402

SITE = ROOT / "tests" / "fixtures" / "site"
KEY_INTERVAL_MS = 60


def make_site(root: Path, size: int) -> None:
    from tests.perf.synth import make_folder

    shutil.copytree(SITE, root)
    shutil.rmtree(root / "content" / "learn")
    make_folder(root / "content" / "learn", size)
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(WORK), "GIT_AUTHOR_NAME": "Bench",
           "GIT_AUTHOR_EMAIL": "bench@example.org", "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "site"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, timeout=600)


def status_of(relpaths: list[str], kind: tuple[str, str] = (".", "M")) -> Status:
    return Status(files={p: FileStatus(p, *kind) for p in relpaths})


def deliver(browser: Any, status: Status) -> None:
    """What GitState does when it has read a status: emit it (here, straight to the browser)."""
    browser.show_status(status)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=35000)
    parser.add_argument("--folder", help="a site made by an earlier run")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    from ui import app as ui_app
    from ui.common.settings import Settings
    from ui.window.git_marks import git_marks

    folder = Path(args.folder) if args.folder else WORK / "site"
    if not args.folder:
        make_site(folder, args.size)
    ui_app._make_application(offscreen=True)
    window = ui_app.create_window(folder, Settings.at(WORK / "settings.ini"))
    window.resize(1400, 900)
    window.show()
    browser = window.browser
    if not wait_until(lambda: window.index_ready and window.review.git_state.status is not None, 900):
        raise SystemExit("the index or the git status was not ready within 15 minutes")
    wait_until(lambda: not window.problems.summary.text().startswith("Checking"), 300)
    wait(500)
    answers = [e for e in browser.entries if e.relpath.startswith("content/learn/")]
    biggest = max({e.folder for e in answers}, key=lambda f: sum(1 for e in answers if e.folder == f))
    browser.tree.expand(browser.model.folder_index("content/learn"))
    browser.tree.expand(browser.model.folder_index(biggest))
    wait(300)
    probe = LagProbe()
    runs = 3 if args.quick else 10
    result: dict[str, Any] = {"articles": len(browser.entries), "answers": len(answers), "biggest_folder": biggest}

    def shown(signal_name: str) -> Any:
        seen = []
        getattr(browser, signal_name).connect(lambda: seen.append(1))
        return lambda: bool(seen)

    blocks = []
    for _ in range(runs):
        done = shown("listingShown")
        blocks.append(timed_step(probe, browser.refresh, 300, done, name="listing")[1])
    result["listing_ms"] = figures(blocks, BUDGETS["gui"])
    assert browser.tree.isExpanded(browser.model.folder_index(biggest)), "a rebuild closed the open folder"

    relpaths = [e.relpath for e in answers]
    result["marks_ms"] = {}
    for count in (1, 500, len(relpaths)):
        blocks = []
        for run in range(runs):
            status = status_of(relpaths[run:run + count] if count < len(relpaths) else relpaths[: len(relpaths) - run])
            done = shown("marksShown")
            blocks.append(timed_step(probe, lambda s=status: deliver(browser, s), 300, done, name=f"marks_{count}")[1])
        result["marks_ms"][str(count)] = figures(blocks, BUDGETS["gui"])

    blocks = []
    for run in range(runs):
        gone = f"{biggest}/deleted-{run}.md"  # a file HEAD would have: its row is added
        status = Status(files={gone: FileStatus(gone, "D", ".")})
        done = shown("listingShown")
        blocks.append(timed_step(probe, lambda s=status: deliver(browser, s), 300, done, name="deleted_row")[1])
    result["deleted_row_ms"] = figures(blocks, BUDGETS["gui"])

    blocks = []
    words = [answers[i * 997 % len(answers)].title.split()[1][:6] for i in range(3 if args.quick else 8)]
    for word in words:
        presses = []
        for char in word:
            presses.append(time.perf_counter())
            QTest.keyClick(browser.filter, char)
            wait(KEY_INTERVAL_MS - (time.perf_counter() - presses[-1]) * 1000)
        wait_until(lambda: " of " in browser.count_label.text() and not browser._filter_timer.isActive())
        wait(400)
        presses.append(time.perf_counter())
        blocks += [probe.worst(a, b) for a, b in zip(presses, presses[1:])]
        blocks.append(timed_step(probe, browser.filter.clear, 500, name="filter_clear")[1])
    result["filter_ms"] = figures(blocks, BUDGETS["gui"])

    # The naive baseline: the same 35,000-file status worked out and shown on the GUI thread.
    naive = []
    status = status_of(relpaths)
    for _ in range(max(2, runs // 3)):
        start = time.perf_counter()
        opened = browser._open_keys()
        marks = git_marks(status, browser.by_relpath, browser.layout_, Path(browser.project.folder))
        browser.model.set_marks(marks)
        browser.model.set_listing(browser.model.listing)  # a reset, as a first version rebuilt the tree
        for key in opened:
            browser.tree.expand(browser.model.folder_index(key))
        wait(300)
        naive.append(max((time.perf_counter() - start - 0.3) * 1000, probe.worst(start, time.perf_counter())))
    result["naive_marks_on_gui_thread_ms"] = figures(naive, BUDGETS["gui"])
    ours = result["marks_ms"][str(len(relpaths))]["max"]
    result["ratio_naive_over_ours_marks_max"] = round(max(naive) / max(ours, 0.1), 1)
    result["machine"] = {"cores": os.cpu_count(), "load_average_1min": round(os.getloadavg()[0], 2)}
    print(json.dumps(result, indent=2))
    window.shutdown()
    os._exit(0)


if __name__ == "__main__":
    main()
