"""The inference worker: one thread that owns every onnxruntime session.

Requests go in through a queue; each answer comes back as a resolved
:class:`concurrent.futures.Future` and as a call to every subscriber (the UI bridge turns
those calls into queued Qt signals). Models are loaded and warmed up *on the worker* at
start, so no session is ever touched by two threads.

    service = InferenceService(ModelRegistry())
    report = service.start()               # waits until models are loaded
    future = service.submit(grey_image, scan_kind="parcel")
    analyses = future.result(timeout=30)   # list[Analysis], one per model run
    service.stop()
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from workstation.inference.preprocess import GreyImage
from workstation.inference.registry import ModelRegistry, RegistryReport
from workstation.inference.runner import Analysis, analyse


class InferenceError(Exception):
    """The service cannot take a request (not started, stopped, unknown model)."""


@dataclass
class InferenceRequest:
    image: GreyImage
    models: Sequence[str] | None = None
    scan_kind: str | None = None
    tag: Any = None
    declared_empty: bool | None = None
    future: Future[list[Analysis]] = field(default_factory=Future)


@dataclass(frozen=True)
class InferenceResult:
    """Event sent to subscribers: the request's tag and its analyses, or the error."""

    tag: Any
    analyses: list[Analysis]
    error: str | None = None


Subscriber = Callable[[InferenceResult], None]
_STOP = object()


class InferenceService:
    """One worker thread, a request queue in, futures and subscriber events out."""

    def __init__(self, registry: ModelRegistry, *, max_queue: int = 16) -> None:
        self._registry = registry
        self._queue: queue.Queue[InferenceRequest | object] = queue.Queue(maxsize=max_queue)
        self._subscribers: list[Subscriber] = []
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._report = RegistryReport()
        self._start_error: BaseException | None = None

    @property
    def report(self) -> RegistryReport:
        """Models loaded and refused at start (valid after :meth:`start`)."""
        return self._report

    def subscribe(self, callback: Subscriber) -> None:
        """Call ``callback`` on the worker thread with every result; it must not block."""
        self._subscribers.append(callback)

    def start(self, timeout: float = 120.0) -> RegistryReport:
        """Start the worker, load and warm every model there, and wait until that is done."""
        if self._thread is not None:
            raise InferenceError("inference service already started")
        self._thread = threading.Thread(target=self._run, name="inference-worker")
        self._thread.start()
        if not self._ready.wait(timeout):
            raise InferenceError(f"models not loaded within {timeout:.0f} s")
        if self._start_error is not None:
            raise InferenceError(f"loading models failed: {self._start_error}")
        return self._report

    def submit(self, image: GreyImage, *, models: Sequence[str] | None = None,
               scan_kind: str | None = None, tag: Any = None,
               declared_empty: bool | None = None) -> Future[list[Analysis]]:
        """Queue an image; ``models`` names the models to run (default: all for ``scan_kind``).

        ``declared_empty``: the declaration says the load space is empty (True), loaded
        (False) or is not known (None); cargo models judge goods against it.
        """
        if self._thread is None or not self._thread.is_alive():
            raise InferenceError("inference service is not running; call start() first")
        request = InferenceRequest(image, models, scan_kind, tag, declared_empty)
        self._queue.put(request)
        return request.future

    def stop(self, timeout: float = 30.0) -> None:
        """Finish the request in progress, cancel queued ones, and join the worker (idempotent)."""
        thread = self._thread
        if thread is None or not thread.is_alive():
            return
        self._queue.put(_STOP)
        thread.join(timeout)
        if thread.is_alive():
            raise InferenceError(f"inference worker did not stop within {timeout:.0f} s")

    def __enter__(self) -> InferenceService:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- worker thread ---------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._report = self._registry.load()
        except BaseException as exc:  # noqa: BLE001 - handed to start(), which raises it
            self._start_error = exc
            self._ready.set()
            return
        self._ready.set()
        while True:
            item = self._queue.get()
            if item is _STOP:
                self._cancel_pending()
                return
            assert isinstance(item, InferenceRequest)
            self._serve(item)

    def _serve(self, request: InferenceRequest) -> None:
        if not request.future.set_running_or_notify_cancel():
            return
        try:
            chosen = self._choose(request)
            analyses = [analyse(self._report.loaded[name], request.image,
                                declared_empty=request.declared_empty) for name in chosen]
        except (InferenceError, ValueError, RuntimeError) as exc:
            request.future.set_exception(exc)
            self._publish(InferenceResult(request.tag, [], str(exc)))
            return
        request.future.set_result(analyses)
        self._publish(InferenceResult(request.tag, analyses))

    def _choose(self, request: InferenceRequest) -> list[str]:
        loaded = self._report.loaded
        if request.models is not None:
            missing = [m for m in request.models if m not in loaded]
            if missing:
                refused = {r.name: r.reason for r in self._report.refused}
                why = "; ".join(refused.get(m, f"model {m}: not found") for m in missing)
                raise InferenceError(why)
            return list(request.models)
        if request.scan_kind is None:
            return sorted(loaded)
        return sorted(n for n, m in loaded.items() if request.scan_kind in m.manifest.scan_kinds)

    def _publish(self, result: InferenceResult) -> None:
        for callback in list(self._subscribers):
            callback(result)

    def _cancel_pending(self) -> None:
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if isinstance(item, InferenceRequest):
                item.future.cancel()
