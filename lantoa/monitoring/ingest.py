"""Bulk ingest of a file (``lantoa ingest``): read → analyse in worker processes → store in batches.

The CPU stages run in a process pool, a bounded number of batches ahead of the storing, so memory stays flat
whatever the file size; storing happens in this process, one transaction per batch (see store.py). Records whose
key the source already has are skipped before any analysis: a second run over the same file costs little more
than reading it.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import multiprocessing
import os
import queue
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.context import ForkContext, SpawnContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from django.db import IntegrityError, transaction

from lantoa.monitoring.analysis import Analysis, Record, analyse
from lantoa.monitoring.models import Item, Quarantine, Source, SourceKind
from lantoa.monitoring.sources.base import Discovered
from lantoa.monitoring.store import BatchCounts, outlet_lookup, store_batch
from lantoa.vntext.places import Gazetteer, GazetteerEntry

BATCH_SIZE = 1000


def record_key(item: Discovered) -> str:
    if item.external_id:
        return f"id:{item.external_id}"[:300]
    if item.url:
        return f"url:{item.url}"[:300]
    digest = hashlib.blake2b(f"{item.title}\n{item.lead}\n{item.text}".encode(), digest_size=16).hexdigest()
    return f"text:{digest}"


def record_from(item: Discovered) -> Record:
    return Record(
        key=record_key(item),
        title=item.title,
        lead=item.lead,
        body=item.text,
        url=item.url or "",
        author=item.author,
        published=item.published,
        outlet_name=item.extra.get("source", ""),
        kind=item.kind if item.kind in {"article", "post", "comment"} else "article",
        external_id=item.external_id or "",
    )


# --- the worker processes ---------------------------------------------------------------------------------------
# Not multiprocessing.Pool: its terminate() (what leaving its ``with`` on an error does) can hang for ever. Its
# workers share one lock for writing results; the result thread stops reading first, so a worker busy sending a
# result larger than the pipe's buffer (a batch of articles often is) blocks holding that lock, is then killed with
# it held, and the pool's task thread waits on the lock in ``outqueue.put`` while terminate() joins that thread.
# `lantoa ingest` hung that way after a database error (doc/faults.md). Here each worker has its own two pipes and
# nothing is shared, so killing workers at any moment cannot block this process; a worker that dies is an error
# (EOF on its pipe), where Pool would wait for its result for ever.
_GAZETTEER: Gazetteer | None = None


def _init_worker(entries: list[GazetteerEntry], other_provinces: list[str]) -> None:
    global _GAZETTEER
    _GAZETTEER = Gazetteer(entries, other_provinces)


def _analyse_batch(records: list[Record]) -> list[Analysis]:
    assert _GAZETTEER is not None  # noqa: S101 - set by _init_worker
    return [analyse(record, _GAZETTEER) for record in records]


T = TypeVar("T")
R = TypeVar("R")
PIPE_BYTES = 1 << 20  # Linux's default limit for an unprivileged process (/proc/sys/fs/pipe-max-size)
_Reply = tuple[int, R | None, str | None]  # task number, result, or the worker's traceback


class WorkerError(RuntimeError):
    """A worker process failed: its task raised (the worker's traceback is in the message), or the process died."""


def _worker_main(
    tasks: Connection,
    results: Connection,
    inherited: list[Connection],
    function: Callable[[T], R],
    initializer: Callable[..., None] | None,
    initargs: tuple[Any, ...],
) -> None:
    # Ctrl-C reaches the whole process group: the parent decides what to do, and kills its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The parent's ends of the pipes (this worker's and the earlier workers'), copied by fork: closed, so that a
    # worker sees EOF when the parent goes away (it then exits instead of outliving it), and the parent sees EOF
    # when a worker does.
    for connection in inherited:
        connection.close()
    if initializer is not None:
        initializer(*initargs)
    # Two threads move the data, so that the analysis never waits on the parent nor the parent on the analysis: one
    # reads the tasks as they come (the parent's send does not wait for this worker to finish its batch), one sends
    # the results (this worker starts its next batch while the parent, busy storing, has not read the last result;
    # multiprocessing.Pool had threads in the parent for both).
    inbox: queue.SimpleQueue[tuple[int, T] | None] = queue.SimpleQueue()
    outbox: queue.SimpleQueue[_Reply[R] | None] = queue.SimpleQueue()

    # Either thread failing ends the process: the parent then sees EOF (a WorkerError), where a dead thread in a
    # live process would leave it waiting for ever.
    def receive() -> None:
        try:
            while (task := tasks.recv()) is not None:
                inbox.put(task)
        except (EOFError, OSError):  # the parent is gone: the analyses would go nowhere
            os._exit(1)
        except BaseException:  # noqa: BLE001 - a task that cannot be unpickled here
            traceback.print_exc()
            os._exit(1)
        inbox.put(None)

    def send() -> None:
        while (reply := outbox.get()) is not None:
            try:
                results.send(reply)
            except OSError:  # the parent is gone
                os._exit(1)
            except BaseException:  # noqa: BLE001 - a result that cannot be pickled
                traceback.print_exc()
                os._exit(1)

    threading.Thread(target=receive, name="tasks", daemon=True).start()
    sender = threading.Thread(target=send, name="results", daemon=True)
    sender.start()
    while (task := inbox.get()) is not None:
        number, argument = task
        try:
            outbox.put((number, function(argument), None))
        except Exception:  # noqa: BLE001 - any failure of a task goes back to the parent, which raises it
            outbox.put((number, None, traceback.format_exc()))
    outbox.put(None)
    sender.join()


def _widen(connection: Connection) -> None:
    """A 1 MiB pipe instead of 64 KiB (Linux): a batch crosses in fewer pieces, each one a wait for the GIL of a
    thread beside the analysis. Only an optimisation: where it is refused, the pipe stays as it is."""
    with contextlib.suppress(AttributeError, OSError):
        fcntl.fcntl(connection.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)


@dataclass
class _Worker:
    process: BaseProcess
    tasks: Connection  # this process's end: sends tasks
    results: Connection  # this process's end: receives results
    numbers: deque[int] = field(default_factory=deque)  # tasks sent and not received yet, in order


class WorkerPool(Generic[T, R]):
    """Processes applying ``function`` to tasks; ``submit`` returns a callable that gives the task's result.

    Results must be asked for in the order the tasks were submitted (each worker answers in order). Leaving the
    ``with`` normally lets the workers finish; leaving it on an exception kills them (SIGKILL) at once, which is safe
    at any moment because nothing is shared between the processes but their own pipes.
    """

    def __init__(
        self,
        context: ForkContext | SpawnContext,
        count: int,
        function: Callable[[T], R],
        initializer: Callable[..., None] | None = None,
        initargs: tuple[Any, ...] = (),
    ) -> None:
        self.workers: list[_Worker] = []
        self.submitted = 0
        forking = context.get_start_method() == "fork"
        try:
            for _ in range(count):
                task_reader, task_writer = context.Pipe(duplex=False)
                result_reader, result_writer = context.Pipe(duplex=False)
                _widen(task_writer)
                _widen(result_writer)
                parent_ends = [end for worker in self.workers for end in (worker.tasks, worker.results)]
                parent_ends += [task_writer, result_reader]
                process = context.Process(
                    target=_worker_main,
                    args=(task_reader, result_writer, parent_ends if forking else [], function, initializer, initargs),
                    name=f"lantoa-analysis-{len(self.workers) + 1}",
                    daemon=True,
                )
                process.start()
                # Only the worker holds its ends now: its death is EOF here, ours is EOF there.
                task_reader.close()
                result_writer.close()
                self.workers.append(_Worker(process, task_writer, result_reader))
        except BaseException:
            self.kill()
            raise

    def submit(self, argument: T) -> Callable[[], R]:
        # The worker with the fewest tasks outstanding; the earlier one on a tie.
        worker = min(self.workers, key=lambda candidate: len(candidate.numbers))
        number = self.submitted
        self.submitted += 1
        try:
            worker.tasks.send((number, argument))
        except OSError as exc:  # its end of the pipe is closed: the worker is gone
            raise self._died(worker) from exc
        worker.numbers.append(number)
        return lambda: self._receive(worker, number)

    def _receive(self, worker: _Worker, number: int) -> R:
        if not worker.numbers or worker.numbers[0] != number:
            raise RuntimeError(f"result of task {number} asked for out of order")
        try:
            answered, result, failure = worker.results.recv()
        except (EOFError, OSError) as exc:
            raise self._died(worker) from exc
        worker.numbers.popleft()
        if answered != number:
            raise RuntimeError(f"analysis process answered task {answered} for task {number}")
        if failure is not None:
            raise WorkerError(f"analysis failed in process {worker.process.pid}:\n{failure}")
        return cast(R, result)

    @staticmethod
    def _died(worker: _Worker) -> WorkerError:
        worker.process.join(1)
        return WorkerError(f"analysis process {worker.process.pid} died (exit code {worker.process.exitcode})")

    def close(self, timeout: float = 30.0) -> None:
        """Let the workers finish what they have (normally nothing) and exit; kill any still there after timeout."""
        for worker in self.workers:
            with contextlib.suppress(OSError):
                worker.tasks.send(None)
        deadline = time.monotonic() + timeout
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
        self.kill()

    def kill(self) -> None:
        """Kill every worker now and reap it; cannot block (SIGKILL, then join on a process that is gone)."""
        for worker in self.workers:
            if worker.process.exitcode is None:
                worker.process.kill()
        for worker in self.workers:
            worker.process.join()
            worker.tasks.close()
            worker.results.close()

    def __enter__(self) -> WorkerPool[T, R]:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.kill()


class _InProcess:
    """``workers=0``: analyse in this process, with the pool's interface. A huey worker ingesting a shard
    (tasks.ingest_file) is itself the unit of parallelism; a pool forked from its threads would not be."""

    def __init__(self, entries: list[GazetteerEntry], other_provinces: list[str]) -> None:
        _init_worker(entries, other_provinces)

    def submit(self, records: list[Record]) -> Callable[[], list[Analysis]]:
        analyses = _analyse_batch(records)
        return lambda: analyses

    def __enter__(self) -> _InProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


@dataclass
class IngestSummary(BatchCounts):
    """The summary line of `lantoa ingest`: the storing counts, plus lines read and quarantined, and the time."""

    read: int = 0
    quarantined: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "read": self.read,
            "new": self.new,
            "duplicates": self.duplicates,
            "stories": self.stories,
            "relevant": self.relevant,
            "quarantined": self.quarantined,
            "seconds": round(self.seconds, 2),
        }


def file_source(path: Path) -> Source:
    source, _created = Source.objects.get_or_create(
        kind=SourceKind.FILE, url="", name=path.name, defaults={"poll_minutes": 0, "is_active": False}
    )
    return source


def quarantine_errors(source: Source, errors: Sequence[tuple[int, str, str]]) -> int:
    """Store unreadable lines (line number, reason, raw text); the same line again is not stored twice."""
    rows = [
        Quarantine(source=source, key=f"line:{line}", stage="read", reason=reason, payload=raw[:2000])
        for line, reason, raw in errors
    ]
    with transaction.atomic():
        Quarantine.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def ingest(
    items: Iterable[tuple[int, Discovered | None, str | None, str]],
    source: Source,
    gazetteer_data: tuple[list[GazetteerEntry], list[str]],
    *,
    workers: int | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Ingest ``items``: (line number, discovered item or None, error or None, raw line) for one source."""
    started = time.monotonic()
    summary = IngestSummary()
    known = set(Item.objects.filter(source=source).values_list("key", flat=True))
    outlets = outlet_lookup()
    workers = max(1, (os.cpu_count() or 2)) if workers is None else workers
    context = multiprocessing.get_context("fork") if hasattr(os, "fork") else multiprocessing.get_context("spawn")
    pending: deque[tuple[list[Record], Callable[[], list[Analysis]]]] = deque()

    def drain(limit: int) -> None:
        while len(pending) > limit:
            records, result = pending.popleft()
            analyses = result()
            try:
                counts = store_batch(source, list(zip(records, analyses, strict=True)), outlets)
            except IntegrityError:
                # Another process stored some of these meanwhile: store one by one, skipping the known.
                counts = BatchCounts()
                for pair in zip(records, analyses, strict=True):
                    counts.add(store_batch(source, [pair], outlets))
            summary.add(counts)
            if progress:
                summary.seconds = time.monotonic() - started
                progress(summary)

    # On an error (the database gone, Ctrl-C) the workers are killed at once and the error goes up: the batches
    # stored so far are kept, the one being stored is rolled back whole, and a run again resumes (store.py).
    pool: WorkerPool[list[Record], list[Analysis]] | _InProcess = (
        WorkerPool(context, workers, _analyse_batch, _init_worker, gazetteer_data)
        if workers
        else _InProcess(*gazetteer_data)
    )
    with pool:
        batch: list[Record] = []
        errors: list[tuple[int, str, str]] = []
        for line, item, error, raw in items:
            summary.read += 1
            if item is None:
                errors.append((line, error or "unreadable", raw))
                continue
            record = record_from(item)
            if record.key in known:
                continue
            known.add(record.key)
            batch.append(record)
            if len(batch) >= batch_size:
                pending.append((batch, pool.submit(batch)))
                batch = []
                drain(workers * 2)
        if batch:
            pending.append((batch, pool.submit(batch)))
        drain(0)
        if errors:
            summary.quarantined += quarantine_errors(source, errors)
    summary.seconds = time.monotonic() - started
    return summary
