"""The ingest's analysis processes (ingest.WorkerPool): leaving on an error never hangs, a dead worker is an error.

The hang these guard against (doc/faults.md): multiprocessing.Pool's terminate(), reached by leaving its ``with``
on an error, could wait for ever when a worker was killed while sending a result larger than the pipe's buffer.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from lantoa.monitoring.ingest import WorkerError, WorkerPool

BIG = 300_000  # bytes: several times a pipe's buffer (64 KiB), so that workers block sending their results
CONTEXT = multiprocessing.get_context("fork")


def big_result(size: int) -> bytes:
    time.sleep(0.001 * (size % 7))  # results come back at slightly different moments
    return b"x" * size


def echo(value: int) -> int:
    return value * 2


def fail(value: int) -> int:
    raise ValueError(f"no analysis for {value}")


def unpicklable(value: int) -> object:
    return lambda: value


def sleep_forever(value: int) -> int:
    time.sleep(3600)
    return value


def alive(pid: int) -> bool:
    """Running (a zombie waiting for a parent that does not reap it counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_results_come_back_in_submission_order_and_the_workers_exit() -> None:
    with WorkerPool(CONTEXT, 3, echo) as pool:
        results = [pool.submit(number) for number in range(20)]
        assert [result() for result in results] == [number * 2 for number in range(20)]
        pids = [worker.process.pid for worker in pool.workers]
    assert all(worker.process.exitcode == 0 for worker in pool.workers)
    assert not any(pid is not None and alive(pid) for pid in pids)


def test_an_error_while_workers_send_large_results_leaves_promptly_every_time() -> None:
    """The moment of the ingest's hang: the database fails while results bigger than a pipe are pending."""
    for attempt in range(30):
        started = time.monotonic()
        with pytest.raises(RuntimeError, match="database gone"), WorkerPool(CONTEXT, 2, big_result) as pool:
            results = [pool.submit(BIG + number) for number in range(6)]
            results[0]()
            time.sleep(0.001 * (attempt % 10))
            raise RuntimeError("database gone")
        assert time.monotonic() - started < 10, f"attempt {attempt} took {time.monotonic() - started:.1f} s"
        assert all(worker.process.exitcode is not None for worker in pool.workers)


def test_leaving_on_an_error_kills_a_busy_worker() -> None:
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt), WorkerPool(CONTEXT, 1, sleep_forever) as pool:
        pool.submit(1)
        raise KeyboardInterrupt
    assert pool.workers[0].process.exitcode == -signal.SIGKILL
    assert time.monotonic() - started < 10


def test_a_worker_that_dies_is_an_error_not_a_wait_for_ever() -> None:
    with WorkerPool(CONTEXT, 2, sleep_forever) as pool:
        result = pool.submit(1)
        victim = pool.workers[0].process
        assert victim.pid is not None
        threading.Timer(0.2, os.kill, (victim.pid, signal.SIGKILL)).start()
        with pytest.raises(WorkerError, match=rf"analysis process {victim.pid} died \(exit code -9\)"):
            result()
        pool.kill()


def test_a_task_for_a_worker_that_died_is_an_error() -> None:
    with WorkerPool(CONTEXT, 1, echo) as pool:
        victim = pool.workers[0].process
        assert victim.pid is not None
        os.kill(victim.pid, signal.SIGKILL)
        victim.join(10)
        with pytest.raises(WorkerError, match="died"):
            pool.submit(1)


def test_a_task_that_raises_raises_in_the_parent_with_the_workers_traceback() -> None:
    with WorkerPool(CONTEXT, 1, fail) as pool, pytest.raises(WorkerError, match="ValueError: no analysis for 3"):
        pool.submit(3)()


def test_a_result_that_cannot_be_sent_back_is_an_error_not_a_wait_for_ever() -> None:
    with WorkerPool(CONTEXT, 1, unpicklable) as pool, pytest.raises(WorkerError, match="died"):
        pool.submit(3)()


def test_results_asked_for_out_of_order_are_refused() -> None:
    with WorkerPool(CONTEXT, 1, echo) as pool:
        first, second = pool.submit(1), pool.submit(2)
        with pytest.raises(RuntimeError, match="out of order"):
            second()
        assert (first(), second()) == (2, 4)


ORPHAN_PARENT = """
import os, time
from multiprocessing import get_context
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings")
django.setup()
from lantoa.monitoring.ingest import WorkerPool
from lantoa.monitoring.tests.test_ingest_workers import echo
pool = WorkerPool(get_context("fork"), 2, echo)
assert pool.submit(1)() == 2
print(" ".join(str(worker.process.pid) for worker in pool.workers), flush=True)
time.sleep(3600)
"""


def test_workers_exit_when_their_parent_is_killed(tmp_path: Path) -> None:
    """A parent killed alone (not its process group) leaves no analysis process running."""
    # stderr to a file: the workers inherit it, and a pipe would keep this test waiting on them.
    with (tmp_path / "stderr").open("w") as stderr:
        parent = subprocess.Popen(  # noqa: S603
            [sys.executable, "-c", ORPHAN_PARENT], stdout=subprocess.PIPE, stderr=stderr, text=True,
            start_new_session=True,
        )  # fmt: skip
    assert parent.stdout is not None
    with parent.stdout:
        try:
            pids = [int(pid) for pid in parent.stdout.readline().split()]
        finally:
            parent.kill()
            parent.wait()
    assert len(pids) == 2, (tmp_path / "stderr").read_text()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in pids if alive(pid)]
    for pid in left:  # do not leave them behind even when failing
        os.kill(pid, signal.SIGKILL)
    assert not left, f"analysis processes {left} outlived their parent"
