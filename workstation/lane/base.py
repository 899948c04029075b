"""What every role's session shares: a state snapshot replaced under a lock, events to one
front end, and commands run on the persistence writer with failures published as events."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import replace
from typing import Any, Generic, TypeVar

from workstation.lane.events import LaneEvent, LaneEvents, OperationFailed
from workstation.lane.jobs import JobQueue, JobQueueStopped

log = logging.getLogger(__name__)
T = TypeVar("T")
S = TypeVar("S")


def expected_refusal(exc: BaseException) -> bool:
    """Refusals the user is told about need no traceback in the log."""
    from workstation.lane.gateway import GatewayError

    return isinstance(exc, GatewayError | LookupError | ValueError)


class SessionBase(Generic[S]):
    """State snapshots (an immutable dataclass ``S``), the front end, the writer queue."""

    def __init__(self, writer: JobQueue, front: LaneEvents, state: S) -> None:
        self._writer = writer
        self.front = front
        self._state = state
        self._lock = threading.Lock()

    def state(self) -> S:
        """The latest snapshot (any thread)."""
        with self._lock:
            return self._state

    def _set(self, **changes: Any) -> S:
        with self._lock:
            self._state = replace(self._state, **changes)  # type: ignore[type-var]
            return self._state

    def _emit(self, event: LaneEvent) -> None:
        self.front.publish(event)

    def _on_writer(self, operation: str, fn: Callable[[], T]) -> Future[T]:
        """Run ``fn`` on the writer; a failure is published as :class:`OperationFailed`
        (and stays in the future for a caller that waits)."""

        def job() -> T:
            try:
                return fn()
            except Exception as exc:
                log.warning("%s failed: %s", operation, exc, exc_info=not expected_refusal(exc))
                self._emit(OperationFailed(operation, str(exc) or type(exc).__name__))
                raise

        try:
            return self._writer.submit(operation, job)
        except JobQueueStopped as exc:
            failed: Future[T] = Future()
            failed.set_exception(exc)
            return failed
