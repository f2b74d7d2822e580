"""The pipe that carries the helpers' rows to the writer (editor.index_workers)."""
from __future__ import annotations

import multiprocessing
import os
import time

import pytest

from editor.index import workers as index_workers

fcntl = pytest.importorskip("fcntl")


@pytest.mark.skipif(not hasattr(fcntl, "F_GETPIPE_SZ"), reason="pipes are not resizable here")
def test_the_rows_pipe_holds_several_chunks_so_a_chunk_goes_through_in_one_write() -> None:
    results = multiprocessing.get_context().Queue()
    try:
        before = fcntl.fcntl(results._writer.fileno(), fcntl.F_GETPIPE_SZ)
        index_workers._widen(results)
        after = fcntl.fcntl(results._reader.fileno(), fcntl.F_GETPIPE_SZ)  # one pipe, both ends
        assert before < index_workers.PIPE_BYTES <= after
    finally:
        results.close()


def test_rows_bigger_than_the_pipe_still_reach_the_writer(monkeypatch: pytest.MonkeyPatch) -> None:
    big = bytes(range(256)) * (3 * index_workers.PIPE_BYTES // 256)  # three pipes full
    monkeypatch.setattr(index_workers.index_db, "scan_chunk", lambda task: _Rows(big + bytes([task[1]])))
    got: list[bytes] = []
    index_workers.run([("folder", n, []) for n in range(4)], 2, lambda payload: got.append(payload) is None)
    assert sorted(payload[-1] for payload in got) == [0, 1, 2, 3]
    assert all(len(payload) == len(big) + 1 and payload[:-1] == big for payload in got)


class _Rows:
    def __init__(self, payload: bytes) -> None:
        self.payload = payload

    def rows(self) -> bytes:
        return self.payload

    def dumps(self) -> bytes:
        return self.payload


def test_chunks_are_written_in_task_order_when_a_helper_is_slower(monkeypatch: pytest.MonkeyPatch) -> None:
    """A chunk with lower rids than one already written would make the full-text index flush a
    segment early; the writer holds later chunks back until the helper's earlier one comes."""
    writer = os.getpid()

    def scan_chunk(task):
        # the helper is slower, so its chunk comes after the writer has read later ones
        time.sleep(0.05 if os.getpid() == writer else 0.3)
        return _Rows(bytes([task[1]]))

    monkeypatch.setattr(index_workers.index_db, "scan_chunk", scan_chunk)
    got: list[int] = []
    index_workers.run([("folder", n, []) for n in range(8)], 2, lambda payload: got.append(payload[0]) is None)
    assert got == list(range(8))


def test_a_cancel_stops_the_writes_even_with_chunks_held_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_workers.index_db, "scan_chunk", lambda task: _Rows(bytes([task[1]])))
    got: list[int] = []
    index_workers.run([("folder", n, []) for n in range(8)], 2, lambda payload: got.append(payload[0]) or len(got) < 3)
    assert got == [0, 1, 2]
