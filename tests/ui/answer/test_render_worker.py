"""The render process and its workers: newest job per article, routing, fallback, stale results."""
from __future__ import annotations

import io

from ui.answer.render_process import encode_frame, serve, split_frames
from ui.answer.render_worker import RenderResult, RenderService, RenderWorker


def test_the_process_renders_only_the_newest_job_of_each_client():
    jobs = [
        {"version": 1, "client": 1, "text": "first draft"},
        {"version": 2, "client": 1, "text": "second *draft*"},
        {"version": 1, "client": 2, "text": "other article"},
    ]
    out = io.BytesIO()
    serve(io.BytesIO(b"".join(encode_frame(j) for j in jobs)), out)
    results = split_frames(bytearray(out.getvalue()))
    assert [(r["client"], r["version"]) for r in results] == [(1, 2), (2, 1)]
    assert "<em>draft</em>" in results[0]["html"]
    assert results[0]["words"] == 2


def test_a_result_frame_split_across_reads_waits_for_its_rest():
    frame = encode_frame({"version": 3})
    buffer = bytearray(frame[:5])
    assert split_frames(buffer) == []
    buffer.extend(frame[5:])
    assert split_frames(buffer) == [{"version": 3}]
    assert buffer == bytearray()


def test_two_articles_share_one_render_process_and_get_their_own_results(qapp, qtbot):
    service = RenderService()
    first, second = RenderWorker(service=service), RenderWorker(service=service)
    got: dict[str, list[str]] = {"first": [], "second": []}
    first.rendered.connect(lambda r: got["first"].append(r.html))
    second.rendered.connect(lambda r: got["second"].append(r.html))
    try:
        first.request({"text": "# First"}, immediate=True)
        second.request({"text": "# Second"}, immediate=True)
        qtbot.waitUntil(lambda: bool(got["first"] and got["second"]), timeout=20000)
        assert service.process is not None
        assert "First" in got["first"][0] and "Second" not in got["first"][0]
        assert "Second" in got["second"][0] and "First" not in got["second"][0]
    finally:
        first.stop()
        assert service.process is not None, "still serving the other article"
        second.stop()
        assert service.process is None, "the last article closed: the process goes"


def test_without_a_render_process_jobs_render_in_this_process(qapp, qtbot):
    service = RenderService()
    service.failed = True
    worker = RenderWorker(service=service)
    with qtbot.waitSignal(worker.rendered, timeout=5000) as blocker:
        worker.request({"text": "It costs $5 and $6."}, immediate=True)
    result: RenderResult = blocker.args[0]
    assert result.version == 1 and "<math" in result.html
    assert [p[0] for p in result.pitfalls] == ["dollar-math"]
    worker.stop()


def test_results_older_than_the_newest_sent_job_are_dropped(qapp, qtbot):
    service = RenderService()
    service.failed = True
    worker = RenderWorker(service=service)
    with qtbot.waitSignal(worker.rendered, timeout=5000):
        worker.request({"text": "one"}, immediate=True)
    with qtbot.waitSignal(worker.rendered, timeout=5000):
        worker.request({"text": "two"}, immediate=True)
    assert worker.shown_version == 2
    assert not worker.deliver(RenderResult(1, "answer", "<p>one</p>"))
    assert worker.dropped == 1
    worker.stop()
