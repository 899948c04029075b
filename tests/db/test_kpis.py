"""Performance figures (issue 12, items 3 and 4): ``workstation report kpis --json`` equals
the figures this test computes itself from the controls it made, on SQLite and PostgreSQL.

The controls are made through the services (open, result, close, review, return, close
again) on a clock the test sets, so durations are known: each control's specification
below is the independent truth the report is compared with.
"""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
import subprocess
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import select, text

from tests.cli_helper import PASSWORDS, Cli
from tests.conftest import pg_url
from workstation.db.engine import Database
from workstation.db.models import Scan, User
from workstation.domain.result_codes import ResultCodes
from workstation.formats.referrals import validate_referrals
from workstation.inference.boxes import Detection
from workstation.inference.runner import Analysis
from workstation.referral_generator import generate_referrals
from workstation.services import controls, findings, referrals, users

CODES = ResultCodes.load()
T0 = datetime(2026, 10, 5, 8, 0, tzinfo=UTC)  # the day the controls are made
SINCE, UNTIL = "2026-10-05", "2026-10-05"  # that whole day (UTC)


class Clock:
    """The services' clock, set by the test (``utcnow`` of the control and audit modules)."""

    def __init__(self) -> None:
        self.now = T0

    def at(self, minutes: float) -> None:
        self.now = T0 + timedelta(minutes=minutes)

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Spec:
    """One control: who, where, which referral (index into the generated ones; None:
    random), when opened and first closed (minutes after T0), the result, what happens
    at review."""

    lane: str
    officer: str
    referral: int | None
    opened: float
    closed: float
    code: str
    types: tuple[str, ...] = ("scan",)
    seizures: tuple[tuple[str, float], ...] = ()  # (HS code, value in euro)
    scan: bool = False
    model: tuple[str, str] | None = None  # (label, decision)
    review: str | None = None  # approve | return (then closed again 40 min later) | None
    outside: bool = False  # closed the next day: outside the period


SPECS = [
    Spec("L1", "olga", 0, 30, 42, "A1", ("scan", "physical"), scan=True,
         model=("cigarettes", "rejected"), review="approve"),
    Spec("L1", "olga", 1, 50, 75, "B1", ("scan", "physical"), (("240220", 3600.0),),
         scan=True, model=("cigarettes", "accepted"), review="return"),
    Spec("L1", "otto", 2, 60, 69, "A2", ("documentary",)),
    Spec("L1", "otto", 3, 80, 110, "A5", ("scan", "documentary"),
         (("620520", 150.5), ("851712", 80.0)), scan=True),
    Spec("L2", "otto", None, 90, 96, "A3", ("documentary",), review="approve"),
    Spec("L2", "olga", 4, 100, 160, "B1", ("physical",), ((("300490", 20000.0),)),
         model=("drug-package", "accepted")),
    Spec("L1", "olga", 5, 130, 138, "A2", ("scan",), scan=True),
    Spec("L1", "otto", 6, 24 * 60 + 10, 24 * 60 + 20, "B1", ("physical",), outside=True),
]


def _referral_document() -> list[dict[str, Any]]:
    """Seven referrals issued in the hours before the controls (deadline: 4 h after issue),
    lane L1 except the one the L2 control takes."""
    raw: list[dict[str, Any]] = generate_referrals(
        7, seed=12, start=T0 - timedelta(hours=4, minutes=20))["referrals"]
    raw[4]["lane"] = "L2"
    return raw


@dataclass
class Made:
    specs: list[Spec]
    raw: list[dict[str, Any]]
    first_closed: dict[int, datetime] = field(default_factory=dict)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    for module in ("workstation.services.controls", "workstation.services.audit",
                   "workstation.services.findings"):
        monkeypatch.setattr(f"{module}.utcnow", clock)
    return clock


def _analysis(label: str) -> Analysis:
    return Analysis(model="cargo-anomaly", model_version="1.0", model_sha256="0" * 64,
                    detections=[Detection(label=label, score=0.9, box=(1.0, 2.0, 30.0, 40.0))],
                    image_scores={}, shape=(100, 100), views=1, ms_total=1.0)


def make_controls(db: Database, clock: Clock) -> Made:
    raw = _referral_document()
    with db.unit_of_work() as s:
        referrals.import_referrals(s, validate_referrals(raw, "test"), file="test")
        people = {name: users.add_user(s, name, role, PASSWORDS[name])
                  for name, role in (("olga", "officer"), ("otto", "officer"),
                                     ("sven", "supervisor"), ("ada", "admin"))}
    made = Made(SPECS, raw)
    for spec in SPECS:
        officer = people[spec.officer]
        clock.at(spec.opened)
        with db.unit_of_work() as s:
            control = controls.open_control(
                s, officer, post="NL-ROT-01", lane=spec.lane,
                referral_id=None if spec.referral is None else raw[spec.referral]["referral_id"])
            cid = control.id
            if spec.scan:
                scan = Scan(id=uuid.uuid4(), sha256="1" * 64, path="x.dcs", kind="cargo",
                            rows=10, columns=10, energies=2)
                s.add(scan)
                s.flush()
                controls.attach_evidence(s, cid, officer, kind="scan", scan_id=scan.id)
            if spec.model is not None:
                [finding] = findings.add_model_findings(s, cid, [_analysis(spec.model[0])])
                findings.decide(s, finding.id, spec.model[1], officer)
        clock.at(spec.closed)
        result = controls.ResultIn(
            code=spec.code, control_types=list(spec.types), minutes_spent=5,
            seizures=[controls.SeizureIn("goods", 1, "pcs", hs, value)
                      for hs, value in spec.seizures])
        with db.unit_of_work() as s:
            controls.record_result(s, cid, officer, result, CODES)
            controls.close_control(s, cid, officer)
        made.first_closed[SPECS.index(spec)] = clock()
        if spec.review == "approve":
            clock.at(spec.closed + 15)
            with db.unit_of_work() as s:
                controls.review_control(s, cid, people["sven"], approve=True)
        elif spec.review == "return":
            clock.at(spec.closed + 20)
            with db.unit_of_work() as s:
                controls.review_control(s, cid, people["sven"], approve=False,
                                        comment="name the seized goods")
            clock.at(spec.closed + 40)
            with db.unit_of_work() as s:
                controls.record_result(s, cid, officer, result, CODES)
                controls.close_control(s, cid, officer)
    # Still open: not finished, never counted.
    clock.at(170)
    with db.unit_of_work() as s:
        controls.open_control(s, people["otto"], post="NL-ROT-01", lane="L1")
    return made


def _pct(values: list[float], p: int) -> float | None:
    """The linear percentile (numpy's default, PostgreSQL's percentile_cont)."""
    return float(np.percentile(values, p)) if values else None


def expected(made: Made, lane: str | None = None) -> dict[str, Any]:
    """The figures computed from the specifications alone."""
    chosen = [(i, s) for i, s in enumerate(made.specs)
              if not s.outside and (lane is None or s.lane == lane)]
    irregular = [CODES.get(s.code).irregularity for _, s in chosen]
    minutes = [(made.first_closed[i] - (T0 + timedelta(minutes=s.opened))).total_seconds() / 60
               for i, s in chosen]
    issued = {k: datetime.fromisoformat(r["issued_at"].replace("Z", "+00:00"))
              for k, r in enumerate(made.raw)}
    deadline = {k: datetime.fromisoformat(r["deadline"].replace("Z", "+00:00"))
                for k, r in enumerate(made.raw)}
    referred = [s for _, s in chosen if s.referral is not None]
    waiting = [((T0 + timedelta(minutes=s.opened)) - issued[s.referral]).total_seconds() / 60
               for s in referred if s.referral is not None]
    met = sum(T0 + timedelta(minutes=s.opened) <= deadline[s.referral]
              for s in referred if s.referral is not None)
    profiles: dict[str, list[bool]] = {}
    for (_, s), irr in zip(chosen, irregular, strict=True):
        if s.referral is not None:
            code = made.raw[s.referral]["risk_profiles"][0]["code"]
            profiles.setdefault(code, []).append(irr)
    models = Counter((s.model[0], s.model[1]) for _, s in chosen if s.model)
    received = [r for r in made.raw if lane is None or r.get("lane") == lane]
    return {
        "controls_closed": len(chosen),
        "controls_with_irregularity": sum(irregular),
        "hit_rate": sum(irregular) / len(chosen) if chosen else None,
        "random_controls": sum(s.referral is None for _, s in chosen),
        "by_result_code": dict(Counter(s.code for _, s in chosen)),
        "by_risk_profile": {code: (len(v), sum(v), sum(v) / len(v))
                            for code, v in profiles.items()},
        "control_minutes": (_pct(minutes, 50), _pct(minutes, 90)),
        "waiting_minutes": (_pct(waiting, 50), _pct(waiting, 90)),
        "deadline": (len(referred), met),
        "with_scan": sum(s.scan for _, s in chosen),
        "seizures": (sum(len(s.seizures) for _, s in chosen),
                     sum(v for _, s in chosen for _, v in s.seizures)),
        "chapters": dict(Counter(hs[:2] for _, s in chosen for hs, _ in s.seizures)),
        "models": models,
        "approved": sum(s.review == "approve" for _, s in chosen),
        "awaiting": sum(s.review in (None, "return") for _, s in chosen),
        "returned": sum(s.review == "return" for _, s in chosen),
        "officers": dict(Counter(s.officer for _, s in chosen)),
        "control_types": dict(Counter(t for _, s in chosen for t in s.types)),
        "referrals_received": len(received),
        "awaiting_closed": [T0 + timedelta(minutes=s.closed + (40 if s.review else 0))
                            for _, s in chosen if s.review in (None, "return")],
    }


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-4)


def _config(db: Database, tmp_path: Path) -> str:
    """A configuration naming ``db`` (the scratch PostgreSQL schema via search_path)."""
    if db.backend == "postgresql":
        with db.engine.connect() as conn:
            schema = conn.execute(text("select current_schema()")).scalar_one()
        url = f"{pg_url()}?options=-csearch_path%3D{schema}"
    else:
        url = db.engine.url.render_as_string(hide_password=False)
    path = tmp_path / "lane.toml"
    path.write_text(f'[lane]\npost = "NL-ROT-01"\n\n[database]\nurl = "{url}"\n',
                    encoding="utf-8")
    return str(path)


@pytest.fixture
def made(db: Database, clock: Clock) -> Made:
    return make_controls(db, clock)


@pytest.fixture
def cli(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Iterator[Cli]:
    yield Cli(capsys, monkeypatch, config=_config(db, tmp_path))


def _kpis(cli: Cli, *extra: str, user: str = "sven") -> dict[str, Any]:
    code, out, err = cli.as_user(user, "report", "kpis", "--since", SINCE, "--until", UNTIL,
                                 "--json", *extra)
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def _check(data: dict[str, Any], want: dict[str, Any]) -> None:
    for key in ("controls_closed", "controls_with_irregularity", "random_controls",
                "by_result_code", "with_scan", "referrals_received"):
        assert data[key] == want[key], key
    assert _close(data["hit_rate"], want["hit_rate"])
    got_profiles = {p["code"]: (p["controls"], p["with_irregularity"], p["hit_rate"])
                    for p in data["by_risk_profile"] if p["controls"]}
    assert got_profiles.keys() == want["by_risk_profile"].keys()
    for code, (n, irr, rate) in want["by_risk_profile"].items():
        assert got_profiles[code][:2] == (n, irr), code
        assert _close(got_profiles[code][2], rate), code
    assert _close(data["control_minutes"]["p50"], want["control_minutes"][0])
    assert _close(data["control_minutes"]["p90"], want["control_minutes"][1])
    assert _close(data["waiting_minutes"]["p50"], want["waiting_minutes"][0])
    assert _close(data["waiting_minutes"]["p90"], want["waiting_minutes"][1])
    assert (data["deadline"]["with_deadline"], data["deadline"]["met"]) == want["deadline"]
    assert data["seizures"]["count"] == want["seizures"][0]
    assert _close(data["seizures"]["value_eur"], want["seizures"][1])
    assert {c["chapter"]: c["count"] for c in data["seizures"]["by_hs_chapter"]} == \
        want["chapters"]
    got_models = Counter()
    for m in data["model_assistance"]:
        got_models[(m["label"], "accepted")] += m["accepted"]
        got_models[(m["label"], "rejected")] += m["rejected"]
    assert +got_models == want["models"]
    reviews = data["reviews"]
    assert reviews["approved_by_supervisor"] == want["approved"]
    assert reviews["awaiting"] == want["awaiting"]
    assert reviews["returned"] == want["returned"]
    now = datetime.fromisoformat(data["generated_at"])
    oldest = max(((now - c).total_seconds() / 3600 for c in want["awaiting_closed"]),
                 default=None)
    assert _close(reviews["backlog_oldest_hours"], oldest)
    assert {o["code"]: o["controls"] for o in data.get("by_officer", [])} == want["officers"]
    assert {t["code"]: t["controls"] for t in data["by_control_type"]} == want["control_types"]


def test_report_kpis_json_equals_the_figures_computed_from_the_controls_made(
        made: Made, cli: Cli) -> None:
    data = _kpis(cli)
    _check(data, expected(made))
    # The returned control counts opened → first closed (25 min), not the 65 min to its
    # second closing: the maximum duration is the L2 control's hour.
    assert max(b["from_minutes"] for b in data["duration_histogram"]) == 60
    assert data["per_officer_shown"] is True


def test_one_lane_only(made: Made, cli: Cli) -> None:
    data = _kpis(cli, "--lane", "L2")
    _check(data, expected(made, "L2"))
    assert {g["code"] for g in data["by_lane"]} == {"L2"}


def test_an_empty_period_gives_zeros_and_no_rates(made: Made, cli: Cli) -> None:
    code, out, err = cli.as_user("ada", "report", "kpis", "--since", "2025-01-01", "--until",
                                 "2025-01-31")
    assert code == 0, err
    data = json.loads(out)
    assert (data["controls_closed"], data["hit_rate"], data["control_minutes"]["p50"]) == \
        (0, None, None)
    assert "no controls closed" in err


def test_csv_holds_the_same_figures(made: Made, cli: Cli) -> None:
    data = _kpis(cli)
    code, out, err = cli.as_user("sven", "report", "kpis", "--since", SINCE, "--until", UNTIL,
                                 "--csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    value = {(r["section"], r["key"], r["measure"]): r["value"] for r in rows}
    assert int(value[("total", "", "controls_closed")]) == data["controls_closed"]
    assert float(value[("total", "", "hit_rate")]) == pytest.approx(data["hit_rate"])
    assert float(value[("control_minutes", "", "p90")]) == \
        pytest.approx(data["control_minutes"]["p90"])
    for profile in data["by_risk_profile"]:
        assert int(value[("by_risk_profile", profile["code"], "controls")]) == \
            profile["controls"]
    assert {r["section"] for r in rows} >= {"by_lane", "by_officer", "per_day", "reviews"}


def test_who_may_see_the_figures(made: Made, cli: Cli, db: Database) -> None:
    code, _out, err = cli.as_user("olga", "report", "kpis", "--since", SINCE, "--until", UNTIL)
    assert code != 0 and "needs the role supervisor or admin" in err
    with db.unit_of_work() as s:
        viewer = s.scalar(select(User).where(User.username == "olga"))
        assert viewer is not None
        from workstation.reports.kpis import may_see_officers
        assert not may_see_officers(viewer)
        assert users.PERMISSIONS["reports.per_officer"] == ("supervisor", "admin")


@pytest.mark.parametrize(("since", "until", "message"), [
    ("2026-13-01", "2026-12-31", "--since '2026-13-01': give a date"),
    ("2026-10-05T08:00:00", "2026-10-06", "give the time zone"),
    ("2026-10-06", "2026-10-01", "ends"),
])
def test_bad_periods_are_refused_with_the_option_named(made: Made, cli: Cli, since: str,
                                                        until: str, message: str) -> None:
    code, out, err = cli.as_user("sven", "report", "kpis", "--since", since, "--until", until)
    assert code == 2 and not out
    assert message in err and "Traceback" not in err


def test_report_pdf_has_a_title_page_charts_and_tables_and_renders(
        made: Made, cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "reports" / "kpis.pdf"
    code, _out, err = cli.as_user("sven", "report", "pdf", "--since", SINCE, "--until", UNTIL,
                                  "--out", str(out))
    assert code == 0, err
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-64:]
    pages = data.count(b"/Type /Page\n") + data.count(b"/Type /Page ")
    assert pages >= 3, pages
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("pdftoppm (poppler-utils) not installed: pages not rendered")
    done = subprocess.run([pdftoppm, "-png", "-r", "40", str(out), str(tmp_path / "page")],
                          capture_output=True, check=False)
    assert done.returncode == 0, done.stderr
    assert len(list(tmp_path.glob("page-*.png"))) == pages


def test_report_pdf_refuses_an_unwritable_place_in_words(made: Made, cli: Cli,
                                                          tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    code, _out, err = cli.as_user("sven", "report", "pdf", "--since", SINCE, "--until", UNTIL,
                                  "--out", str(blocked / "kpis.pdf"))
    assert code == 2 and "--out" in err and "cannot write the report" in err
    assert "Traceback" not in err
    code, _out, err = cli.as_user("sven", "report", "pdf", "--since", SINCE, "--until", UNTIL,
                                  "--out", str(tmp_path))
    assert code == 2 and "is a folder" in err
