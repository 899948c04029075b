"""The technician's session: device health, guided calibration, the daily image-quality test,
equivalence across scanners, handheld and camera checks.

A :class:`TechnicianSession` is made when a technician logs in, like the supervisor's
:class:`~workstation.lane.review.ReviewSession`: its state is an immutable
:class:`TechnicianState` replaced on the persistence writer; commands may be called from
any thread and return futures; what happened is published as typed events
(:mod:`workstation.lane.technician_events`). Work on a device runs on that device's host
thread as a host command (the host owns the driver); its outcome is handed to the writer
by a done-callback, never waited for by another worker. The rules stay in the services:
:mod:`~workstation.services.device_health`, :mod:`~workstation.services.calibration_runs`,
:mod:`~workstation.services.iq_tests`, :mod:`~workstation.services.check_source`.

Image-quality scoring is :func:`workstation.imaging.iq.score_test_piece` on the scan as the
officer sees it (offset / gain / bad-pixel corrected with the maps in force); a session
may be given another scorer (tests).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, TypeVar

import numpy as np

from devices.xray.interface import LineBuffer
from workstation.hosts.host import CommandContext
from workstation.hosts.xray import CalibrateDetector, DetectorCalibration, ScanObject
from workstation.imaging.calibration import Calibration
from workstation.imaging.correction import correct_channel
from workstation.lane.base import SessionBase
from workstation.lane.events import LaneEvents, OperationFailed
from workstation.lane.gateway import GatewayError, LaneGateway
from workstation.lane.health_recorder import HealthRecorder
from workstation.lane.jobs import JobQueue
from workstation.lane.scanner import CALIBRATION_LINES, ScannerLink, detector_key
from workstation.lane.session import LaneServices
from workstation.lane.technician_events import (
    CalibrationDone,
    CalibrationOutcome,
    CalibrationStep,
    CameraCheckDone,
    CertificateWritten,
    CheckSourceDone,
    ConnectionTested,
    DeviceConfigChecked,
    DeviceConfigLoaded,
    DeviceConfigSaved,
    DeviceRow,
    DevicesChanged,
    EquivalenceChanged,
    IqTestDone,
    IqTrend,
    IqTrendChanged,
)
from workstation.lane.types import UserInfo
from workstation.services import calibration_runs, device_health, iq_tests, users
from workstation.services.iq_tests import DailyStatus, EquivalenceRow, IqResult

log = logging.getLogger(__name__)
T = TypeVar("T")
# Scanner class -> the simulator's test-piece scene (a real scanner scans what is placed).
TEST_PIECE_SCENES = {"parcel": "test-piece", "cargo": "cargo-test-piece"}
Scorer = Callable[..., Any]  # (*, low, high, kind, pixel_mm) -> report with .metrics


def default_scorer(*, low: np.ndarray, high: np.ndarray, kind: str, pixel_mm: float) -> Any:
    """The image-quality scorer: :func:`workstation.imaging.iq.score_test_piece`."""
    from workstation.imaging.iq import score_test_piece

    return score_test_piece(high=high, low=low, kind=kind, pixel_mm=pixel_mm)


# --- host commands (run on the device's host thread) ----------------------------------------


@dataclass(frozen=True)
class CalibrationFrames:
    """Dark and flat frames (lines, pixels) uint16 per energy, and whose they are."""

    detector: str
    dark_low: np.ndarray
    dark_high: np.ndarray
    flat_low: np.ndarray
    flat_high: np.ndarray


@dataclass
class GuidedCalibration:
    """Host command: dark (beam off) then flat (open beam) lines, reported step by step."""

    step: Callable[[str, str], None]
    lines: int = CALIBRATION_LINES
    label: str = "the calibration"

    def execute(self, device: Any, ctx: CommandContext) -> CalibrationFrames:
        device.arm(None)
        frames: dict[str, Any] = {}
        for name, acquire in (("dark", device.acquire_dark), ("flat", device.acquire_flat)):
            self.step(name, "running")
            ctx.beat()
            result = acquire(self.lines, LineBuffer())
            if not result.complete:
                raise GatewayError(f"{name} acquisition incomplete ({result.incomplete_reason}); "
                                   "calibrate again")
            frames[name] = result.detached()
            self.step(name, "done")
        dark, flat = frames["dark"], frames["flat"]
        return CalibrationFrames(detector_key(device), dark.low.copy(), dark.high.copy(),
                                 flat.low.copy(), flat.high.copy())


@dataclass(frozen=True)
class ScoredTest:
    detector: str
    scanner_class: str
    metrics: list[dict[str, Any]]


@dataclass
class TestPieceScan:
    """Host command: scan the test piece, correct it with the maps in force, score it."""

    link: ScannerLink
    scorer: Scorer
    simulated_scene: tuple[str, int] | None  # (test piece, seed) on a simulator
    restore_scene: tuple[str, int] | None
    label: str = "the image-quality test"

    def execute(self, device: Any, ctx: CommandContext) -> ScoredTest:
        key = detector_key(device)
        taken = self.link.calibration_for(key)
        if taken is None:
            raise GatewayError("no calibration in force for this detector: calibrate first")
        geometry = device.geometry
        try:
            result = ScanObject(LineBuffer(), None, self.simulated_scene).execute(device, ctx)
            cal = taken.calibration
            if self.simulated_scene is not None and result.low.shape[1] != cal.pixels:
                # The simulator's detector width follows its scene (a real detector's does
                # not): maps for the test piece's width, taken now, used for this test only.
                cal = CalibrateDetector(LineBuffer(), CALIBRATION_LINES).execute(
                    device, ctx).calibration
        finally:
            if self.restore_scene is not None and device.is_open:
                device.load_scene(*self.restore_scene)
        if not result.complete:
            raise GatewayError(f"test-piece scan incomplete ({result.incomplete_reason})")
        low = correct_channel(result.low, cal.dark_low, cal.flat_low, cal)
        high = correct_channel(result.high, cal.dark_high, cal.flat_high, cal)
        report = self.scorer(low=low, high=high, kind=geometry.scanner_class,
                             pixel_mm=geometry.pixel_mm)
        return ScoredTest(key, geometry.scanner_class,
                          iq_tests.metric_dicts(getattr(report, "metrics", ())))


@dataclass
class MeasureCheckSource:
    """Host command: one RIID measurement of the check source."""

    real_time_s: float
    label: str = "the check-source measurement"

    def execute(self, device: Any, ctx: CommandContext) -> Any:
        ctx.beat()
        return device.measure(self.real_time_s, timeout_s=self.real_time_s + 30.0)


@dataclass
class Reconnect:
    """Host command: drop the connection; the host reconnects at once (with its backoff)."""

    label: str = "reconnect"

    def execute(self, device: Any, ctx: CommandContext) -> None:
        device.mark_lost()


# --- blocking side (writer only) --------------------------------------------------------------


class TechnicianGateway:
    """Blocking technician operations on the record; run on the persistence writer only."""

    def __init__(self, lane: LaneGateway) -> None:
        self.lane = lane
        self.db = lane.db
        self.lane_id = lane.config.lane.lane_id

    def technician(self, s: Any, user: UserInfo) -> Any:
        try:
            return users.authorize(users.get_user(s, user.username), "devices.check")
        except users.UserError as exc:
            raise GatewayError(str(exc)) from None

    def device_rows(self, user: UserInfo, devices: list[tuple[Any, dict[str, str] | None]],
                    live: dict[str, Any], now: datetime | None = None) -> list[DeviceRow]:
        """``devices``: (DeviceConfig, identity or None); ``live``: name -> DeviceHealth."""
        with self.db.unit_of_work() as s:
            self.technician(s, user)
            out_now = device_health.out_of_service(s, self.lane_id)
            rows = []
            for config, identity in devices:
                problem = device_health.last_problem(s, self.lane_id, config.name)
                health = live.get(config.name)
                off = out_now.get(config.name)
                rows.append(DeviceRow(
                    config.name, config.kind, config.driver, config.simulated, config.enabled,
                    health.state if health is not None else (
                        "unknown" if config.enabled else "disabled"),
                    health.detail if health is not None else "", identity,
                    off.detail if off is not None else None,
                    (problem.occurred_at if problem.occurred_at.tzinfo else
                     problem.occurred_at.replace(tzinfo=UTC), problem.detail)
                    if problem is not None else None,
                    tuple(device_health.daily_history(s, self.lane_id, config.name, 7, now))))
            return rows

    def set_in_service(self, user: UserInfo, name: str, kind: str, in_service: bool,
                       reason: str) -> None:
        with self.db.unit_of_work() as s:
            technician = self.technician(s, user)
            try:
                device_health.set_in_service(s, self.lane_id, name, kind, in_service=in_service,
                                             technician=technician, reason=reason)
            except ValueError as exc:
                raise GatewayError(str(exc)) from None

    def record_calibration(self, user: UserInfo, device: str, frames: CalibrationFrames,
                           assessment: calibration_runs.CalibrationAssessment
                           ) -> CalibrationOutcome:
        with self.db.unit_of_work() as s:
            technician = self.technician(s, user)
            check = calibration_runs.record_run(s, device, frames.detector, assessment,
                                                technician, lane=self.lane_id)
            previous = check.measured.get("previous") or {}
            when = check.performed_at if check.performed_at.tzinfo else \
                check.performed_at.replace(tzinfo=UTC)
            return CalibrationOutcome(str(check.id), device, frames.detector,
                                      assessment.accepted, assessment.reasons,
                                      dict(assessment.values), dict(assessment.limits),
                                      dict(previous.get("changes", {})), when)

    def record_iq(self, user: UserInfo, device: str, scored: ScoredTest) -> IqResult:
        with self.db.unit_of_work() as s:
            technician = self.technician(s, user)
            try:
                check = iq_tests.record_test(s, lane=self.lane_id, device=device,
                                             detector=scored.detector,
                                             scanner_class=scored.scanner_class,
                                             metrics=scored.metrics, technician=technician)
            except ValueError as exc:
                raise GatewayError(str(exc)) from None
            return iq_tests.get(s, str(check.id))

    def trend(self, user: UserInfo, device: str) -> tuple[IqTrend, DailyStatus]:
        with self.db.unit_of_work() as s:
            self.technician(s, user)
            rows = iq_tests.history(s, lane=self.lane_id, device=device)
            return (IqTrend(device, tuple(rows)),
                    iq_tests.daily_status(s, self.lane_id, device))

    def equivalence(self, user: UserInfo) -> list[EquivalenceRow]:
        with self.db.unit_of_work() as s:
            self.technician(s, user)
            return iq_tests.equivalence(s)

    def iq_result(self, user: UserInfo, result_id: str) -> IqResult:
        with self.db.unit_of_work() as s:
            self.technician(s, user)
            try:
                return iq_tests.get(s, result_id)
            except LookupError as exc:
                raise GatewayError(str(exc)) from None


@dataclass(frozen=True)
class TechnicianState:
    """A consistent snapshot of the technician's work (immutable)."""

    user: UserInfo
    devices: tuple[DeviceRow, ...] = ()
    calibration: CalibrationOutcome | None = None
    iq: IqResult | None = None
    trend: IqTrend | None = None
    status: DailyStatus | None = None
    equivalence: tuple[EquivalenceRow, ...] = ()
    lane_file: Any = None  # device_config.LaneFile as last read, None before / without one
    tested: dict[str, Any] = field(default_factory=dict)  # device -> ConnectionReport


class TechnicianSession(SessionBase[TechnicianState]):
    """One technician's work at the lane (module docstring). Thread-safe: commands enqueue."""

    def __init__(self, services: LaneServices, user: UserInfo, front: LaneEvents, *,
                 scorer: Scorer = default_scorer) -> None:
        super().__init__(services.writer, front, TechnicianState(user=user))
        self.services = services
        self.gateway = TechnicianGateway(services.gateway)
        self.user = user
        self.scorer = scorer
        self._tests: JobQueue | None = None  # connection tests, made on the first

    def close(self) -> None:
        """Logout: every step was recorded when it was made; nothing to flush. A connection
        test still running finishes on its own thread first."""
        with self._lock:
            tests, self._tests = self._tests, None
        if tests is not None:
            tests.stop()

    # --- devices ----------------------------------------------------------------------------

    @property
    def recorder(self) -> HealthRecorder | None:
        found = self.services.extra.get("health")
        return found if isinstance(found, HealthRecorder) else None

    def _configs(self) -> list[Any]:
        devices = self.services.devices
        return list(devices.configs) if devices is not None else []

    def _host(self, name: str) -> Any:
        devices = self.services.devices
        host = devices.hosts.get(name) if devices is not None else None
        if host is None:
            raise GatewayError(f"device {name!r} is not running on this lane")
        return host

    def refresh(self) -> Future[tuple[DeviceRow, ...]]:
        """Every configured device with identity, health now and history."""

        def work() -> tuple[DeviceRow, ...]:
            devices = self.services.devices
            pairs = []
            for config in self._configs():
                host = devices.hosts.get(config.name) if devices is not None else None
                identity = None
                if host is not None and host.connected:
                    try:
                        identity = host.device.info.as_dict()
                    except Exception:  # noqa: BLE001 - not identified yet: shown without
                        identity = None
                pairs.append((config, identity))
            recorder = self.recorder
            live = dict(recorder.latest) if recorder is not None else {}
            rows = tuple(self.gateway.device_rows(self.user, pairs, live))
            self._set(devices=rows)
            self._emit(DevicesChanged(rows))
            return rows

        return self._on_writer("devices", work)

    def set_in_service(self, name: str, in_service: bool, reason: str = "") -> Future[None]:
        """Take a device out of service (``reason`` required) or put it back; recorded,
        audited, and shown on the officer's lane."""

        def work() -> None:
            kind = next((c.kind for c in self._configs() if c.name == name), "")
            if not kind:
                raise GatewayError(f"no device {name!r} on this lane")
            self.gateway.set_in_service(self.user, name, kind, in_service, reason)
            recorder = self.recorder
            if recorder is not None:
                recorder.set_out_of_service(name, kind, None if in_service else reason.strip())
            self.refresh()

        return self._on_writer("device-service", work)

    def reconnect(self, name: str) -> Future[None]:
        """Drop and re-open ``name``'s connection (its host reconnects at once)."""
        try:
            return self._host(name).submit(Reconnect())
        except GatewayError as exc:
            failed: Future[None] = Future()
            failed.set_exception(exc)
            return failed

    # --- chaining a host command to the writer --------------------------------------------

    def _then(self, operation: str, started: Future[Any],
              record: Callable[[Any], T]) -> Future[T]:
        """When the host's ``started`` is done, run ``record(result)`` on the writer."""
        outcome: Future[T] = Future()

        def landed(done: Future[Any]) -> None:
            exc = done.exception()

            def work() -> T:
                if exc is not None:
                    raise exc
                return record(done.result())

            inner = self._on_writer(operation, work)
            inner.add_done_callback(lambda f: _copy(f, outcome))

        started.add_done_callback(landed)
        return outcome

    def _link(self, device: str) -> ScannerLink:
        devices = self.services.devices
        link = devices.scanner if devices is not None else None
        if link is None or link.name != device:
            raise GatewayError(f"{device!r} is not this lane's x-ray scanner")
        return link

    # --- calibration ------------------------------------------------------------------------

    def calibrate(self, device: str) -> Future[CalibrationOutcome]:
        """Guided calibration: dark, flat, bad-pixel map; judged, stored, compared with the
        previous run; put in force only when accepted."""
        try:
            link = self._link(device)
        except GatewayError as exc:
            return _failed(exc)

        def step(name: str, state: str) -> None:
            self._emit(CalibrationStep(device, name, state))

        started = link.host.submit(GuidedCalibration(step))

        def record(frames: CalibrationFrames) -> CalibrationOutcome:
            step("bad-pixels", "running")
            assessment = calibration_runs.assess(frames.dark_low, frames.dark_high,
                                                 frames.flat_low, frames.flat_high)
            step("bad-pixels", "done")
            outcome = self.gateway.record_calibration(self.user, device, frames, assessment)
            if outcome.accepted:
                maps = Calibration.from_frames(frames.dark_low, frames.dark_high,
                                               frames.flat_low, frames.flat_high)
                if assessment.bad.shape == maps.bad.shape:  # the judge's map counts too
                    maps = replace(maps, bad=maps.bad | assessment.bad)
                link.calibrated(frames.detector, DetectorCalibration(
                    maps, datetime.now(UTC), frames.dark_low.shape[0],
                    frames.flat_low.shape[0]))
            self._set(calibration=outcome)
            self._emit(CalibrationDone(outcome))
            return outcome

        return self._then("calibrate", started, record)

    # --- image quality ----------------------------------------------------------------------

    def iq_test(self, device: str) -> Future[IqResult]:
        """Scan the test piece (a simulator is told to present it), score, store."""
        try:
            link = self._link(device)
        except GatewayError as exc:
            return _failed(exc)
        scene = restore = None
        if link.simulated:
            config = next((c for c in self._configs() if c.name == device), None)
            sim = dict(config.simulator) if config is not None else {}
            seed = int(sim.get("scene_seed") or sim.get("seed") or 0)
            configured = str(sim.get("scene", "parcel"))
            klass = "cargo" if configured.startswith("cargo") else "parcel"
            scene, restore = (TEST_PIECE_SCENES[klass], seed), (configured, seed)
        started = link.host.submit(TestPieceScan(link, self.scorer, scene, restore))

        def record(scored: ScoredTest) -> IqResult:
            result = self.gateway.record_iq(self.user, device, scored)
            self._set(iq=result)
            self._emit(IqTestDone(result))
            self._trend(device)
            return result

        return self._then("iq-test", started, record)

    def _trend(self, device: str) -> IqTrend:
        trend, status = self.gateway.trend(self.user, device)
        self._set(trend=trend, status=status)
        self._emit(IqTrendChanged(trend, status))
        return trend

    def trend(self, device: str) -> Future[IqTrend]:
        return self._on_writer("iq-trend", lambda: self._trend(device))

    def equivalence(self) -> Future[tuple[EquivalenceRow, ...]]:
        def work() -> tuple[EquivalenceRow, ...]:
            rows = tuple(self.gateway.equivalence(self.user))
            self._set(equivalence=rows)
            self._emit(EquivalenceChanged(rows))
            return rows

        return self._on_writer("equivalence", work)

    def certificate(self, result_id: str, path: str) -> Future[str]:
        """Write the certificate PDF of stored test ``result_id`` to ``path``."""

        def work() -> str:
            from workstation.reports.iq_certificate import write_certificate

            result = self.gateway.iq_result(self.user, result_id)
            config = self.services.gateway.config
            write_certificate(result, path, post=config.lane.post)
            self._emit(CertificateWritten(result_id, path))
            return path

        return self._on_writer("iq-certificate", work)

    # --- handheld and camera ----------------------------------------------------------------

    def check_source(self, device: str) -> Future[CheckSourceDone]:
        """The RIID check-source procedure of the device's ``[devices.check_source]``."""
        from workstation.services import check_source

        config = next((c for c in self._configs() if c.name == device), None)
        try:
            if config is None or config.kind != "riid":
                raise GatewayError(f"{device!r} is not a RIID of this lane")
            source = check_source.CheckSource.from_settings(
                config.check_source, where=f"device {device!r}: check_source")
            started = self._host(device).submit(MeasureCheckSource(source.real_time_s))
        except (GatewayError, ValueError) as exc:
            return _failed(exc)

        def record(reading: Any) -> CheckSourceDone:
            outcome = check_source.evaluate(reading, source)
            with self.gateway.db.unit_of_work() as s:
                technician = self.gateway.technician(s, self.user)
                check_source.record_check(s, device, outcome, technician)
            spectra = [sp for m in reading.document.measurements for sp in m.spectra]
            counts: tuple[int, ...] = ()
            energies: tuple[float, ...] = ()
            if spectra:
                counts = tuple(int(c) for c in spectra[0].counts)
                cal = list(spectra[0].energy_calibration)
                if cal:
                    ch = np.arange(len(counts), dtype=float)
                    energies = tuple(float(e) for e in
                                     sum(c * ch ** i for i, c in enumerate(cal)))
            done = CheckSourceDone(device, outcome.passed, outcome.reason, source.nuclide,
                                   tuple(outcome.measured.get("nuclides", ())), counts,
                                   energies)
            self._emit(done)
            return done

        return self._then("check-source", started, record)

    def camera_check(self, device: str) -> Future[CameraCheckDone]:
        """Focus and exposure of the latest frame, plate-read success over the last
        vehicles; stored as a device check."""
        from workstation.services import camera_checks

        try:
            host = self._host(device)
        except GatewayError as exc:
            return _failed(exc)

        def work() -> CameraCheckDone:
            frame = host.device.latest()
            if frame is None:
                raise GatewayError(f"{device!r} has no frame yet")
            with self.gateway.db.unit_of_work() as s:
                technician = self.gateway.technician(s, self.user)
                verdict = camera_checks.run_check(s, device, frame.image, technician)
            done = CameraCheckDone(device, verdict.passed, verdict.values, verdict.limits,
                                   verdict.reasons)
            self._emit(done)
            return done

        return self._on_writer("camera-check", work)


    # --- configuration of the lane's devices (decision 1114) --------------------------------

    def load_device_config(self) -> Future[Any]:
        """Read the lane file's devices into forms (:class:`DeviceConfigLoaded`)."""
        from workstation.lane import device_config

        def work() -> Any:
            source = self.services.gateway.config.source
            if source is None:
                self._emit(DeviceConfigLoaded(None, (), "no-file"))
                return None
            lane = device_config.LaneFile.read(source)
            self._set(lane_file=lane)
            self._emit(DeviceConfigLoaded(str(lane.path), lane.forms()))
            return lane

        return self._on_writer("device-config", work)

    def check_device(self, form: Any) -> Any:
        """``form`` checked against the lane file as last read (any thread; no I/O)."""
        from workstation.lane import device_config

        lane = self.state().lane_file
        if lane is None:
            raise GatewayError("the lane file has not been read")
        checked = device_config.check_form(form, lane)
        self._emit(DeviceConfigChecked(form.name, checked.errors))
        return checked

    def test_connection(self, form: Any) -> Future[Any]:
        """Open the device as ``form`` configures it, off the writer and any UI thread
        (:class:`ConnectionTested`); a passing test of these exact values allows saving."""
        from workstation.lane import device_config

        try:
            checked = self.check_device(form)
            if not checked.ok:
                raise GatewayError("the form has errors; correct the fields named first")
            with self._lock:
                if self._tests is None:
                    self._tests = JobQueue("connection-test")
                tests = self._tests
        except GatewayError as exc:
            self._emit(OperationFailed("device-test", str(exc)))
            return _failed(exc)

        def work() -> Any:
            report = device_config.open_and_identify(checked.entry)
            with self._lock:
                tested = {**self._state.tested, form.name: report}
            self._set(tested=tested)
            self._emit(ConnectionTested(report))
            return report

        return tests.submit("connection-test", work)

    def save_device(self, form: Any) -> Future[Any]:
        """Write ``form`` into the lane file (comments kept where the file allows) and audit
        every change. An enabled device needs a passing connection test of these values;
        the running lane takes the change at its next start."""
        from workstation.lane import device_config
        from workstation.services import device_settings

        def work() -> DeviceConfigSaved:
            lane = self.state().lane_file
            if lane is None:
                raise GatewayError("the lane file has not been read")
            checked = device_config.check_form(form, lane)
            if not checked.ok or checked.entry is None:
                self._emit(DeviceConfigChecked(form.name, checked.errors))
                raise GatewayError("the form has errors; correct the fields named first")
            report = self.state().tested.get(form.name)
            passed = report is not None and report.ok and \
                report.fingerprint == checked.fingerprint
            if checked.entry.get("enabled", True) and not passed:
                raise GatewayError(f"test the connection of {form.name!r} with these values "
                                   "before saving")
            old = lane.entries[form.index] if form.index is not None else {}
            changed = device_config.changes(old, checked.entry)
            edited = device_config.edit_entry(lane, form.index, checked.entry)
            try:
                with self.gateway.db.unit_of_work() as s:
                    technician = users.get_user(s, self.user.username)
                    device_settings.record_change(
                        s, technician, lane=self.gateway.lane_id, device=form.name,
                        file=str(lane.path), changes=changed, added=form.index is None,
                        identity=report.identity if report is not None else None)
                    # inside the transaction: a refused write records nothing
                    device_config.write_atomic(lane.path, edited.text, was=lane.text)
            except (users.UserError, ValueError, device_config.DeviceConfigError) as exc:
                raise GatewayError(str(exc)) from None
            saved = DeviceConfigSaved(form.name, str(lane.path), tuple(changed),
                                      edited.comments_kept)
            self._emit(saved)
            self.load_device_config()
            return saved

        return self._on_writer("device-save", work)


def _copy(source: Future[T], target: Future[T]) -> None:
    exc = source.exception()
    if exc is not None:
        target.set_exception(exc)
    else:
        target.set_result(source.result())


def _failed(exc: BaseException) -> Future[Any]:
    future: Future[Any] = Future()
    future.set_exception(exc)
    return future
