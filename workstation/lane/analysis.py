"""Model analysis of a stored scan, for the lane.

:class:`ScanAnalyser` owns the :class:`~workstation.inference.service.InferenceService`
(whose one worker thread owns every onnxruntime session). :meth:`ScanAnalyser.request`
is called on the lane's ``analysis`` job queue, never from a UI thread, and returns a
future the inference worker completes. The application starts
the service at start-up (:meth:`ScanAnalyser.start`: verifies hashes, loads and warms the
models, seconds): loading holds the GIL in C code (ONNX checker, session creation) for
tens to hundreds of milliseconds at a time, which would freeze the screen if it happened
during the first scan. Otherwise the first analysis starts it; later calls only queue an
image. When no shipped or post model covers the scan kind, the
answer says so — the lane shows "no model installed" and never invents findings.

Models fail closed: when a model that could analyse this kind of scan was refused at start
(unsigned or re-hashed manifest, a key the lane does not trust, a changed file), the answer
is an error (``AnalysisOutcome.error``) naming the model and why, with no analyses — not
an analysis by the remaining models that would look like "nothing found".
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from workstation.config import WorkstationConfig
from workstation.imaging.scan import DualEnergyScan

log = logging.getLogger(__name__)
ANALYSIS_TIMEOUT_S = 600.0  # a cargo scan is tiled; on a slow lane PC this takes minutes at worst


@dataclass(frozen=True)
class AnalysisOutcome:
    """The analyses of one scan (``workstation.inference.runner.Analysis`` objects), or
    ``message`` saying why there are none (no model installed for this kind). ``error`` is
    True when the message reports a failure the post must fix (a model refused by
    verification), not merely an absence."""

    scan_kind: str
    analyses: list[Any] = field(default_factory=list)
    message: str = ""
    error: bool = False

    @property
    def models(self) -> list[str]:
        return [f"{a.model} {a.model_version}" for a in self.analyses]


class ScanAnalyser:
    """Lazily started inference service; :meth:`close` stops it (idempotent)."""

    def __init__(self, config: WorkstationConfig) -> None:
        self.config = config
        self._service: Any = None
        self._loaded: dict[str, Any] = {}
        self._refused: list[str] = []
        self._refusals: list[Any] = []  # workstation.inference.registry.Refusal
        self.ready = threading.Event()  # set once the service is started (or failed to)

    def start(self) -> None:
        """Start the service now (on the analysis worker), if not started yet."""
        if self._service is None:
            try:
                self._start()
            finally:
                self.ready.set()

    def _start(self) -> Any:
        from workstation.inference.registry import ModelRegistry, Refusal, default_models_dir
        from workstation.inference.service import InferenceService
        from workstation.inference.settings import models_settings, trust_for
        from workstation.inference.signing import TrustError

        settings = models_settings(self.config)
        roots = [default_models_dir(), *settings.extra_dirs]
        try:
            trust = trust_for(settings)
        except TrustError as exc:
            # A configured key became unreadable after the configuration was checked: no
            # model can be trusted, so no service; every request answers with this error.
            where = self.config.source or roots[0]
            self._refusals = [Refusal("trusted keys", where, f"no model can be verified: {exc}")]
            self._refused = [r.reason for r in self._refusals]
            return None
        registry = ModelRegistry(roots, threads=settings.threads or None, trust=trust,
                                 thresholds=settings.thresholds)
        service = InferenceService(registry)
        report = service.start()
        self._loaded = dict(report.loaded)
        self._refusals = list(report.refused)
        self._refused = [r.reason for r in report.refused]
        for reason in self._refused:
            log.warning("model refused: %s", reason)
        self._service = service
        return service

    def models_for(self, scan_kind: str) -> list[str]:
        """Loaded models that analyse ``scan_kind`` scans (after the first analysis)."""
        return sorted(n for n, m in self._loaded.items() if scan_kind in m.manifest.scan_kinds)

    def request(self, scan: DualEnergyScan, scan_kind: str) -> Future[AnalysisOutcome]:
        """Queue every model for ``scan_kind`` (``parcel`` or ``cargo``) on ``scan``; returns
        at once (after starting the service if needed, on the caller's thread) with a future
        that the inference worker completes — the caller never waits on it."""
        from workstation.inference.intake import grey_from_scan

        outcome: Future[AnalysisOutcome] = Future()
        service = self._service or self._start()
        blocking = [r for r in self._refusals if r.affects(scan_kind)]
        if blocking or service is None:
            why = "; ".join(r.reason for r in blocking) or "; ".join(self._refused)
            outcome.set_result(AnalysisOutcome(
                scan_kind, [], f"not analysed: model verification failed: {why}", error=True))
            return outcome
        if not self.models_for(scan_kind):
            why = f"no model installed for {scan_kind} scans"
            if self._refused:
                why += f" ({len(self._refused)} refused: {self._refused[0]})"
            outcome.set_result(AnalysisOutcome(scan_kind, [], why))
            return outcome
        inner = service.submit(grey_from_scan(scan), scan_kind=scan_kind)

        def done(f: Future[list[Any]]) -> None:
            exc = f.exception()
            if exc is not None:
                outcome.set_exception(exc)
            else:
                outcome.set_result(AnalysisOutcome(scan_kind, list(f.result())))

        inner.add_done_callback(done)
        return outcome

    def analyse(self, scan: DualEnergyScan, scan_kind: str) -> AnalysisOutcome:
        """Blocking form of :meth:`request`, for callers that are not a lane worker (the
        command line)."""
        return self.request(scan, scan_kind).result(timeout=ANALYSIS_TIMEOUT_S)

    def close(self) -> None:
        if self._service is not None:
            self._service.stop()
            self._service = None
