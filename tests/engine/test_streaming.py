"""The driver holds summaries, not draws: the merge streams in chunk order, and the task count is capped."""

from __future__ import annotations

from typing import Any

import engine_tasks as tasks

from coalitionist.engine import Chunk, ProcessBackend, run_chunks
from coalitionist.engine.run import MAX_CHUNKS


class Box(list[Any]):
    """A chunk's result that counts how many of its kind are alive in this process."""

    alive = 0
    most = 0

    def __init__(self, items: list[Any]) -> None:
        super().__init__(items)
        Box.alive += 1
        Box.most = max(Box.most, Box.alive)

    def __del__(self) -> None:
        Box.alive -= 1


def boxed(payload: Any, chunk: Chunk) -> Box:
    return Box([chunk.start])


def merge_boxes(a: Box, b: Box) -> Box:
    a.extend(b)
    return a


def starts(payload: Any, chunk: Chunk) -> list[int]:
    return [chunk.start]


def concat_ints(a: list[int], b: list[int]) -> list[int]:
    return a + b


def test_the_serial_merge_streams() -> None:
    # 60 chunks, folded as they finish: alive at once are the running result, the newest chunk's and the
    # one the last finished future still holds (all 60 if the driver kept every chunk's result)
    Box.alive = Box.most = 0
    out = run_chunks(boxed, None, 60, seed=1, chunk_size=1, merge=merge_boxes)
    assert list(out) == list(range(60))
    assert Box.most <= 3


def test_the_process_merge_folds_in_chunk_order() -> None:
    with ProcessBackend(2) as backend:
        out = run_chunks(
            starts, None, 200, seed=1, chunk_size=3, merge=concat_ints, backend=backend
        )
    assert out == list(range(0, 200, 3))


def test_the_task_count_is_capped_and_the_numbers_do_not_change() -> None:
    n = 3 * MAX_CHUNKS + 7
    chunks = run_chunks(starts, None, n, seed=1, chunk_size=1, merge=concat_ints)
    assert len(chunks) <= MAX_CHUNKS  # chunks of 1 asked for; they grew instead
    assert chunks == list(range(0, n, chunks[1]))
    # the draws are the sample streams', whatever the chunking
    a = run_chunks(tasks.raw_draws, None, n, seed=4, chunk_size=1, merge=tasks.concat)
    b = run_chunks(tasks.raw_draws, None, n, seed=4, chunk_size=n, merge=tasks.concat)
    assert a == b
    assert len(a) == n
