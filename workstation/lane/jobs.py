"""One thread, one FIFO queue of jobs, futures for their outcomes: the core's workers.

The lane's persistence writer (the only thread that touches the database while a lane
runs), its analysis worker (all onnxruntime sessions) and its draft writer are each a
:class:`JobQueue`. :meth:`JobQueue.submit` returns a :class:`~concurrent.futures.Future`
at once; callers attach ``add_done_callback`` and never wait on a future from another
worker's thread (a worker waiting on another worker is how two queues deadlock).
:meth:`JobQueue.run_now` waits, and is only for start-up and shut-down paths where the
caller has nothing else to do (login, the final draft flush).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


class JobQueueStopped(RuntimeError):
    """The queue was stopped; nothing more is accepted."""


@dataclass
class _Job:
    name: str
    fn: Callable[[], Any]
    future: Future[Any]


class JobQueue:
    """A worker thread running jobs one at a time, in the order submitted."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._pending = 0
        self._lock = threading.Lock()
        self._stopped = False
        self._idle_callbacks: list[Callable[[], None]] = []
        self._thread = threading.Thread(target=self._loop, name=f"lane-{name}", daemon=False)
        self._thread.start()

    @property
    def pending(self) -> int:
        """Jobs submitted and not yet finished."""
        with self._lock:
            return self._pending

    def on_thread(self) -> bool:
        """True when called from this queue's own thread."""
        return threading.current_thread() is self._thread

    def on_idle(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` (on the worker thread) each time the queue becomes empty."""
        self._idle_callbacks.append(callback)

    def submit(self, name: str, fn: Callable[[], T]) -> Future[T]:
        """Queue ``fn``; returns its future at once. Raises :class:`JobQueueStopped`."""
        future: Future[T] = Future()
        with self._lock:
            if self._stopped:
                raise JobQueueStopped(f"{self.name} is stopped; cannot run {name}")
            self._pending += 1
            self._queue.put(_Job(name, fn, future))
        return future

    def run_now(self, fn: Callable[[], T], timeout_s: float = 30.0) -> T:
        """Run ``fn`` on the worker and wait for it (start-up and shut-down only)."""
        if self.on_thread():
            return fn()
        return self.submit("run-now", fn).result(timeout=timeout_s)

    def stop(self, timeout_s: float = 10.0) -> None:
        """Finish the queued jobs, then end the thread (idempotent)."""
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
            self._queue.put(None)
        if not self.on_thread():
            self._thread.join(timeout_s)
            if self._thread.is_alive():
                log.error("job queue %s did not stop within %s s", self.name, timeout_s)

    def _loop(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            if job.future.set_running_or_notify_cancel():
                try:
                    result = job.fn()
                except BaseException as exc:  # noqa: BLE001 - handed to the future's owner
                    if not isinstance(exc, Exception):
                        log.error("job %s of %s ended with %r", job.name, self.name, exc)
                    job.future.set_exception(exc)
                else:
                    job.future.set_result(result)
            with self._lock:
                self._pending -= 1
                empty = self._pending == 0
            if empty:
                for callback in list(self._idle_callbacks):
                    callback()
