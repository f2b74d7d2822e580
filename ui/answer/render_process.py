"""The preview's render process: reads render jobs on stdin, writes results on stdout.

Run as ``python -m ui.render_process``. It imports no Qt, so it starts fast and its work never
holds the GUI process's GIL (a thread pool would: a 100 KB answer keeps the interpreter busy for
about a hundred milliseconds). Like ReText's converterprocess, only the newest job matters: a
reader thread keeps the latest request of each client (one open article) and the render loop
skips any that were overtaken.

Frames are an 8-byte big-endian length followed by a pickle; both ends are this program, so
pickle is safe here and keeps ``datetime.date`` values of the front matter intact.
"""
from __future__ import annotations

import os
import pickle
import struct
import sys
import threading
import time
from collections import OrderedDict
from typing import Any, BinaryIO

HEADER = struct.Struct(">Q")


def encode_frame(message: Any) -> bytes:
    """One message as a length-prefixed pickle."""
    body = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(body)) + body


def split_frames(buffer: bytearray) -> list[Any]:
    """Take every complete frame off the front of ``buffer``; a partial frame stays in it."""
    messages = []
    while len(buffer) >= HEADER.size:
        (size,) = HEADER.unpack_from(buffer)
        if len(buffer) < HEADER.size + size:
            break
        messages.append(pickle.loads(bytes(buffer[HEADER.size:HEADER.size + size])))
        del buffer[:HEADER.size + size]
    return messages


def compute(job: dict[str, Any]) -> dict[str, Any]:
    """Render one job: the view's HTML, the answer's pitfalls and its word count.

    Job keys: ``version``, ``view`` ("answer", "page" or "search"), ``text`` (the answer with real
    line breaks), ``flavour``, ``article`` (the front matter, for the page and search views).
    """
    started = time.perf_counter()
    text: str = job["text"]
    view = job.get("view", "answer")
    flavour = job.get("flavour", "site")
    result: dict[str, Any] = {"version": job["version"], "client": job.get("client", 0), "view": view, "error": None}
    try:
        result["html"] = render_view(view, text, flavour, job.get("article") or {})
    except Exception as error:  # a renderer bug must show in the preview, never kill the process
        from html import escape

        result["html"] = f'<pre class="render-error">{escape(type(error).__name__)}: {escape(str(error))}</pre>'
        result["error"] = f"{type(error).__name__}: {error}"
    try:
        from editor.answer.pitfalls import find_pitfalls

        result["pitfalls"] = [
            (p.code, p.start, p.end, p.line, p.message, p.replacement) for p in find_pitfalls(text)
        ]
    except Exception:  # pitfall flagging is advisory; never let it block the preview
        result["pitfalls"] = []
    result["words"] = count_words(text)
    result["seconds"] = time.perf_counter() - started
    return result


def render_view(view: str, text: str, flavour: str, article: dict[str, Any]) -> str:
    """The whole HTML document the preview shows for one of the three views (no script allowed)."""
    from editor.render import page
    from editor.answer.codec import encode

    # editor.page takes front matter as stored: the answer with its backslash-n pairs.
    data = dict(article, answer=encode(text))
    if view == "answer":
        title = str(article.get("title") or "")
        return page.document(render_answer_with_lines(text, flavour), title, "answer", page.PREVIEW_CSP)
    return page.preview_document(data, view, flavour)


def render_answer_with_lines(text: str, flavour: str = "site") -> str:
    """``render_answer``, with each block element tagged ``data-source-line`` for scroll sync.

    markdown-it tokens carry the source lines they came from (``token.map``); the attribute does
    not change the structure the site shows, and the preview needs it to map lines both ways.
    """
    from editor.render.answer import parse_answer, render_answer, site_parser

    if flavour != "site":
        return render_answer(text, flavour=flavour)
    tokens = parse_answer(text)
    for token in tokens:
        if token.map and token.nesting == 1:
            token.attrSet("data-source-line", str(token.map[0]))
    parser = site_parser()
    return parser.renderer.render(tokens, parser.options, {})


def count_words(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits, markdown symbols aside."""
    import re

    return len(re.findall(r"[^\W_]+(?:['’][^\W_]+)*", text))


def serve(inp: BinaryIO, out: BinaryIO) -> None:
    """Answer jobs until stdin closes: per client (one open article) only its newest job counts,
    and clients take turns, so one huge answer cannot starve the others."""
    waiting: OrderedDict[int, dict[str, Any]] = OrderedDict()
    ready = threading.Condition()
    closed = threading.Event()

    def read() -> None:
        buffer = bytearray()
        while True:
            chunk = inp.read1(1 << 16) if hasattr(inp, "read1") else inp.read(1 << 16)
            if not chunk:
                break
            buffer.extend(chunk)
            jobs = split_frames(buffer)
            if jobs:
                with ready:
                    for job in jobs:  # a newer job of the same client overtakes the waiting one
                        client = int(job.get("client", 0))
                        waiting.pop(client, None)
                        waiting[client] = job
                    ready.notify()
        closed.set()
        with ready:
            ready.notify()

    threading.Thread(target=read, daemon=True).start()
    while True:
        with ready:
            while not waiting and not closed.is_set():
                ready.wait()
            if not waiting:
                return
            _client, job = waiting.popitem(last=False)
        out.write(encode_frame(compute(job)))
        out.flush()


def main() -> None:
    if hasattr(os, "nice"):
        try:
            os.nice(5)  # typing in the editor matters more than a preview that is a few ms later
        except OSError:
            pass
    # Warm the imports while the editor is still opening, so the first preview is quick.
    try:
        import editor.answer.pitfalls  # noqa: F401
        import editor.render.answer  # noqa: F401
    except ImportError:
        pass
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print() must not corrupt the result frames
    serve(sys.stdin.buffer, out)


if __name__ == "__main__":
    main()
