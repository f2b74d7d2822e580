"""Running the index, the folder check and ``Article.load`` in a child process with bounded memory
and CPU time, and what the child saw, as JSON.

``run(mode, *args)`` starts ``python tests/editor/index/bounded.py MODE ARGS`` under
``resource.setrlimit`` (address space, CPU seconds) and returns a ``Bounded``: its exit status,
stderr, wall time and the JSON the child printed. A child that blows its limits dies (MemoryError,
SIGXCPU) instead of taking the machine with it, and the test sees that as a failure.

Modes (the child's side, ``main``):
- ``index FOLDER CACHE``: ``Project.open(FOLDER, cache=CACHE).index()``; every entry of the index
  (path -> error, error line, title) and the browser's listing;
- ``check FOLDER CACHE``: ``check_project``; every problem as [path, line, code, severity];
- ``load FILE...``: ``Article.load`` of each file; its title (and whether it is text), or its error
  and line.
Each also reports its peak resident memory (``maxrss_mb``) and its own time (``seconds``).
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
MEMORY_BYTES = 1 << 30  # address space: far above what indexing a small folder needs
CPU_SECONDS = 30


@dataclass
class Bounded:
    returncode: int
    stderr: str
    seconds: float
    result: dict[str, Any]


def run(mode: str, *args: str | os.PathLike[str], memory: int = MEMORY_BYTES, cpu: int = CPU_SECONDS,
        env: dict[str, str] | None = None) -> Bounded:
    """Run ``mode`` in a child process under the limits; never raises for what the child does."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))

    started = time.perf_counter()
    child = subprocess.run(
        [sys.executable, __file__, mode, *map(str, args)], capture_output=True, text=True, cwd=ROOT,
        preexec_fn=limit, timeout=cpu * 3, env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
    )
    seconds = time.perf_counter() - started
    lines = child.stdout.strip().splitlines()
    result = json.loads(lines[-1]) if child.returncode == 0 and lines else {}
    return Bounded(child.returncode, child.stderr, seconds, result)


def _index(folder: str, cache: str) -> dict[str, Any]:
    from editor.index.project import Project

    project = Project.open(folder, cache=cache)
    stats = project.index()
    listing = [row[0] for row in project.listing()]
    entries = {}
    for path in listing:
        info = project.article_at(path)
        entries[path] = [info.error, info.error_line, info.title]
    return {"stats": stats.to_json(), "entries": _plain(entries), "listing": listing}


def _check(folder: str, cache: str) -> dict[str, Any]:
    from editor.index.project import Project
    from editor.operations.check import check_project

    problems = check_project(Project.open(folder, cache=cache))
    return {"problems": [[p.path, p.line, p.code, p.severity] for p in problems]}


def _load(*files: str) -> dict[str, Any]:
    from editor.article.article import Article, ArticleError

    loaded: dict[str, Any] = {}
    for file in files:
        try:
            title = Article.load(file).get("title", None)
            loaded[file] = {"title": _plain(title), "is_text": isinstance(title, str)}
        except ArticleError as exc:
            loaded[file] = {"error": exc.message, "line": exc.line}
    return {"loaded": loaded}


def _plain(value: Any) -> Any:
    """JSON-safe: text stays text, anything else becomes a short description of its type."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value if value is None or isinstance(value, (str, int, float)) and not isinstance(value, bool) \
        else f"<{type(value).__name__}>"


def _peak_resident_mb() -> float:
    """This process's own peak resident memory: VmHWM of its address space, made fresh by exec.

    Not ``ru_maxrss``: Linux carries that across ``execve``, so a child forked from a big pytest
    process reports the parent's size, not its own."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str]) -> None:
    started = time.perf_counter()
    mode, args = argv[0], argv[1:]
    result = {"index": _index, "check": _check, "load": _load}[mode](*args)
    result["seconds"] = time.perf_counter() - started
    result["maxrss_mb"] = _peak_resident_mb()
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
