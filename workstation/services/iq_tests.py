"""The daily image-quality test of each scanner: stored results, trends, the lane's daily
status and the equivalence of a post's scanners.

A result is a ``device_checks`` row of kind :data:`CHECK_KIND`; ``measured`` holds
``{"lane", "detector", "scanner_class", "source", "metrics": [{"name", "value", "unit",
"limit", "passed", "higher_is_better"}]}`` as scored by :mod:`workstation.imaging.iq`.

Rules (decision 1112, 1113):

* daily status: ``missing`` when the scanner's newest test is older than
  :data:`DAILY_PERIOD` (or there is none), else ``passed`` / ``failed`` as scored;
* equivalence: among the scanners of one class on the record, a scanner *falls behind*
  on a metric it fails, or whose margin over its limit (``value / limit``, inverted where
  lower is better) is below :data:`BEHIND_RATIO` of the median margin of the others.
"""

from __future__ import annotations

import math
import statistics
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from workstation.db.models import DeviceCheck, User
from workstation.services import audit, users

CHECK_KIND = "image-quality"
DAILY_PERIOD = timedelta(hours=24)
BEHIND_RATIO = 0.8


def metric_dicts(metrics: Iterable[Any]) -> list[dict[str, Any]]:
    """Scored metrics (``IqMetric`` objects or dicts) as JSON-ready dicts, with the direction
    of each (``higher_is_better``: given by the scorer, else read off its pass/fail)."""
    out = []
    for metric in metrics:
        get = metric.get if isinstance(metric, Mapping) else (
            lambda key, default=None, _m=metric: getattr(_m, key, default))
        raw, limit, passed = get("value"), get("limit"), bool(get("passed"))
        # math.inf: nothing of the feature was seen; kept as None (JSON has no infinity)
        value = float(raw) if raw is not None and math.isfinite(float(raw)) else None
        higher = get("higher_is_better")
        if higher is None and limit is not None and value is not None:
            higher = (value >= float(limit)) == passed if value != float(limit) else True
        out.append({"name": str(get("name")), "value": value, "unit": str(get("unit", "")),
                    "limit": None if limit is None else float(limit), "passed": passed,
                    "higher_is_better": bool(True if higher is None else higher)})
    return out


def record_test(session: Session, *, lane: str, device: str, detector: str,
                scanner_class: str, metrics: Sequence[Mapping[str, Any]], technician: User,
                source: str = "live") -> DeviceCheck:
    """Store one scored test (passed when every metric passed), audited. Technicians only."""
    users.authorize(technician, "devices.check")
    if not metrics:
        raise ValueError(f"image-quality test of {device!r}: the scorer returned no metrics")
    passed = all(bool(m["passed"]) for m in metrics)
    failed = [str(m["name"]) for m in metrics if not m["passed"]]
    check = DeviceCheck(id=uuid.uuid4(), device_name=device, check_kind=CHECK_KIND,
                        passed=passed,
                        measured={"lane": lane, "detector": detector,
                                  "scanner_class": scanner_class, "source": source,
                                  "metrics": [dict(m) for m in metrics]},
                        expected={"reason": ("every metric within its limit" if passed else
                                             "failed: " + ", ".join(failed))},
                        performed_by=technician.id)
    session.add(check)
    session.flush()
    audit.record(session, technician.username, "device.iq_test", "device_check", check.id,
                 {"lane": lane, "device": device, "passed": passed, "failed": failed},
                 state=check)
    return check


@dataclass(frozen=True)
class IqResult:
    """One stored test; ``performed_at`` in UTC; ``metrics`` as :func:`metric_dicts`."""

    id: str
    lane: str
    device: str
    detector: str
    scanner_class: str
    performed_at: datetime
    passed: bool
    technician: str
    metrics: tuple[dict[str, Any], ...]

    def metric(self, name: str) -> dict[str, Any] | None:
        return next((m for m in self.metrics if m["name"] == name), None)


def _result(check: DeviceCheck, names: Mapping[uuid.UUID, str]) -> IqResult:
    when = check.performed_at if check.performed_at.tzinfo else \
        check.performed_at.replace(tzinfo=UTC)
    m = check.measured
    return IqResult(str(check.id), str(m.get("lane", "")), check.device_name,
                    str(m.get("detector", "")), str(m.get("scanner_class", "")), when,
                    check.passed,
                    names.get(check.performed_by, "") if check.performed_by else "",
                    tuple(m.get("metrics", ())))


def _names(session: Session) -> dict[uuid.UUID, str]:
    return {u.id: u.username for u in session.scalars(select(User))}


def history(session: Session, *, lane: str | None = None, device: str | None = None,
            since: datetime | None = None) -> list[IqResult]:
    """Stored tests, oldest first, of ``device`` on ``lane`` (None: every one)."""
    query = select(DeviceCheck).where(DeviceCheck.check_kind == CHECK_KIND)
    if device is not None:
        query = query.where(DeviceCheck.device_name == device)
    if since is not None:
        query = query.where(DeviceCheck.performed_at >= since)
    names = _names(session)
    rows = [_result(c, names) for c in session.scalars(query.order_by(DeviceCheck.performed_at))]
    return [r for r in rows if lane is None or r.lane == lane]


def get(session: Session, result_id: str) -> IqResult:
    """One stored test by id; LookupError naming the id when there is none."""
    try:
        key = uuid.UUID(result_id)
    except ValueError:
        raise LookupError(f"{result_id!r} is not an image-quality test id") from None
    check = session.get(DeviceCheck, key)
    if check is None or check.check_kind != CHECK_KIND:
        raise LookupError(f"no image-quality test {result_id}")
    return _result(check, _names(session))


@dataclass(frozen=True)
class DailyStatus:
    """``state``: ``passed``, ``failed`` or ``missing``; ``latest`` the newest test, if any."""

    device: str
    state: str
    latest: IqResult | None = None

    @property
    def failed_metrics(self) -> tuple[str, ...]:
        if self.latest is None:
            return ()
        return tuple(m["name"] for m in self.latest.metrics if not m["passed"])


def daily_status(session: Session, lane: str, device: str,
                 now: datetime | None = None) -> DailyStatus:
    """Whether ``device`` on ``lane`` passed its daily test within :data:`DAILY_PERIOD`."""
    now = now or datetime.now(UTC)
    rows = history(session, lane=lane, device=device, since=now - DAILY_PERIOD)
    if not rows:
        older = history(session, lane=lane, device=device)
        return DailyStatus(device, "missing", older[-1] if older else None)
    latest = rows[-1]
    return DailyStatus(device, "passed" if latest.passed else "failed", latest)


@dataclass(frozen=True)
class EquivalenceRow:
    """The newest test of one scanner, and the metrics where it falls behind the others
    of its class (``behind``: metric name -> reason key ``failed`` or ``below-peers``)."""

    latest: IqResult
    behind: dict[str, str]
    stale: bool

    @property
    def flagged(self) -> bool:
        return bool(self.behind) or self.stale


def margin(metric: Mapping[str, Any]) -> float | None:
    """How far ``metric`` is from its limit, > 1 better than the limit (None: no limit)."""
    limit, value = metric.get("limit"), metric.get("value")
    if limit is None or value is None or float(limit) == 0 or float(value) == 0:
        return None
    ratio = float(value) / float(limit)
    return ratio if metric.get("higher_is_better", True) else 1.0 / ratio


def equivalence(session: Session, now: datetime | None = None) -> list[EquivalenceRow]:
    """The newest test of every scanner on the record (every lane), compared (module rules)."""
    now = now or datetime.now(UTC)
    latest: dict[tuple[str, str], IqResult] = {}
    for row in history(session):
        latest[(row.lane, row.device)] = row
    return compare_scanners(list(latest.values()), now)


def compare_scanners(latest: Sequence[IqResult], now: datetime) -> list[EquivalenceRow]:
    """Pure part of :func:`equivalence` (rules in the module docstring)."""
    out = []
    for row in sorted(latest, key=lambda r: (r.scanner_class, r.lane, r.device)):
        peers = [p for p in latest if p.scanner_class == row.scanner_class and p is not row]
        behind: dict[str, str] = {}
        for metric in row.metrics:
            if not metric["passed"]:
                behind[metric["name"]] = "failed"
                continue
            own = margin(metric)
            others = [margin(m) for p in peers if (m := p.metric(metric["name"])) is not None]
            values = [o for o in others if o is not None]
            if own is not None and values and own < BEHIND_RATIO * statistics.median(values):
                behind[metric["name"]] = "below-peers"
        out.append(EquivalenceRow(row, behind, now - row.performed_at > DAILY_PERIOD))
    return out
