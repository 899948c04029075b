"""``workstation models agreement`` (issue 15, item 5): per model and label, the findings
shown in a period and the officers' decisions, on SQLite and PostgreSQL.

The test stores model findings through the services (two models, two versions of one,
two lanes, days inside and outside the period, officer findings that must not count) on a
clock it sets, decides them as the officers would, and compares the command's JSON with
counts it makes itself from the same specification.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.cli_helper import PASSWORDS, Cli
from tests.conftest import pg_url
from workstation.db.engine import Database
from workstation.db.models import Finding
from workstation.domain.vocab import FindingSource
from workstation.inference.boxes import Detection
from workstation.inference.runner import Analysis
from workstation.services import controls, findings, users

DAY0 = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)  # 2026-10-05 09:00 UTC, day offset 0
MODELS = (("parcel-threats", "1.0.0"), ("parcel-threats", "2.0.0"), ("cargo-anomaly", "1.0"))
LABELS = ("handgun", "knife", "battery")
LANES = {"L1": "olga", "L2": "otto"}


@dataclass(frozen=True)
class Shown:
    """One model finding: where, which model and label, on which day (offset from DAY0),
    and what the officer decided (``pending`` = not yet)."""

    lane: str
    model: tuple[str, str]
    label: str
    day: int
    decision: str


def _specification() -> list[Shown]:
    rng = random.Random(15)
    return [Shown(rng.choice(list(LANES)), rng.choice(MODELS), rng.choice(LABELS),
                  rng.choice((-1, 0, 0, 1, 1, 2, 3)),
                  rng.choice(("accepted", "rejected", "rejected", "pending")))
            for _ in range(60)]


SPEC = _specification()


def expected(since_day: int, until_day: int | None, lane: str | None = None) -> list[dict[str, Any]]:
    """The rows the command must print, counted here from SPEC (days since_day..until_day
    included; None: no end)."""
    counts: Counter[tuple[str, str, str, str]] = Counter()
    for s in SPEC:
        if s.day < since_day or (until_day is not None and s.day > until_day):
            continue
        if lane is not None and s.lane != lane:
            continue
        counts[(*s.model, s.label, s.decision)] += 1
    keys = sorted({k[:3] for k in counts})
    rows = []
    for model, version, label in keys:
        accepted = counts[(model, version, label, "accepted")]
        rejected = counts[(model, version, label, "rejected")]
        pending = counts[(model, version, label, "pending")]
        rows.append({"model": model, "version": version, "label": label,
                     "shown": accepted + rejected + pending, "accepted": accepted,
                     "rejected": rejected, "undecided": pending,
                     "agreement_rate": accepted / (accepted + rejected)
                     if accepted + rejected else None})
    return rows


def _analysis(model: tuple[str, str], label: str) -> Analysis:
    return Analysis(model=model[0], model_version=model[1], model_sha256="0" * 64,
                    detections=[Detection(label=label, score=0.8, box=(1.0, 2.0, 30.0, 40.0))],
                    image_scores={}, shape=(100, 100), views=1, ms_total=1.0)


def store(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """SPEC's findings, each in the lane's open control on its day, plus one officer finding
    per lane (not a model's: never counted)."""
    now = {"t": DAY0}
    for module in ("workstation.services.controls", "workstation.services.audit",
                   "workstation.services.findings"):
        monkeypatch.setattr(f"{module}.utcnow", lambda: now["t"])
    with db.unit_of_work() as s:
        people = {name: users.add_user(s, name, role, PASSWORDS[name])
                  for name, role in (("olga", "officer"), ("otto", "officer"),
                                     ("sven", "supervisor"), ("ada", "admin"))}
        open_controls = {lane: controls.open_control(s, people[officer], post="NL-ROT-01",
                                                     lane=lane).id
                         for lane, officer in LANES.items()}
    for i, shown in enumerate(SPEC):
        now["t"] = DAY0 + timedelta(days=shown.day, minutes=i)
        with db.unit_of_work() as s:
            [finding] = findings.add_model_findings(s, open_controls[shown.lane],
                                                    [_analysis(shown.model, shown.label)])
            if shown.decision != "pending":
                findings.decide(s, finding.id, shown.decision, s.merge(people[LANES[shown.lane]]))
    with db.unit_of_work() as s:
        for lane, cid in open_controls.items():
            s.add(Finding(control_id=cid, source=FindingSource.OFFICER.value, label="handgun",
                          decision="accepted", created_at=DAY0, description=f"seen on {lane}"))


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
def cli(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> Iterator[Cli]:
    store(db, monkeypatch)
    yield Cli(capsys, monkeypatch, config=_config(db, tmp_path))


def _agreement(cli: Cli, *args: str, user: str = "sven") -> dict[str, Any]:
    code, out, err = cli.as_user(user, "models", "agreement", *args, "--json")
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def _same(got: list[dict[str, Any]], want: list[dict[str, Any]]) -> None:
    assert [{k: v for k, v in r.items() if k != "agreement_rate"} for r in got] == \
        [{k: v for k, v in r.items() if k != "agreement_rate"} for r in want]
    for g, w in zip(got, want, strict=True):
        assert g["agreement_rate"] == pytest.approx(w["agreement_rate"])


def test_agreement_json_equals_the_counts_of_the_findings_stored(cli: Cli) -> None:
    data = _agreement(cli, "--since", "2026-10-05", "--until", "2026-10-07")
    want = expected(0, 2)
    assert data["since"] == "2026-10-05T00:00:00+00:00"
    assert data["until"] == "2026-10-08T00:00:00+00:00"  # the last day is included
    _same(data["rows"], want)
    # The specification exercises what matters: every decision, and days left out.
    assert sum(r["undecided"] for r in want) > 0 and sum(r["accepted"] for r in want) > 0
    assert len(SPEC) > sum(r["shown"] for r in want)


def test_without_until_the_period_runs_up_to_now_and_one_lane_can_be_asked(cli: Cli) -> None:
    data = _agreement(cli, "--since", "2026-10-06")
    assert data["until"] is None
    _same(data["rows"], expected(1, None))
    _same(_agreement(cli, "--since", "2026-10-04", "--lane", "L2")["rows"], expected(-1, None, "L2"))


def test_a_label_with_no_decision_yet_has_no_rate(cli: Cli) -> None:
    rows = _agreement(cli, "--since", "2026-10-04")["rows"]
    for row in rows:
        decided = row["accepted"] + row["rejected"]
        assert (row["agreement_rate"] is None) == (decided == 0)


def test_the_table_and_who_may_see_it(cli: Cli) -> None:
    code, out, err = cli.as_user("ada", "models", "agreement", "--since", "2026-10-05")
    assert code == 0, err
    want = expected(0, None)
    assert out.splitlines()[0].split()[:3] == ["model", "version", "label"]
    assert len(out.splitlines()) == 1 + len(want)
    first = want[0]
    assert out.splitlines()[1].split()[:4] == [first["model"], first["version"], first["label"],
                                               str(first["shown"])]
    code, _out, err = cli.as_user("olga", "models", "agreement", "--since", "2026-10-05")
    assert code == 2 and "needs the role supervisor or admin" in err
    code, _out, err = cli("models", "agreement", "--since", "2026-10-05")
    assert code == 2 and "--user" in err


@pytest.mark.parametrize(("since", "until", "message"), [
    ("2026-13-01", None, "--since '2026-13-01': give a date"),
    ("2026-10-05T08:00:00", None, "give the time zone"),
    ("2026-10-06", "2026-10-01", "ends"),
])
def test_bad_periods_are_refused_with_the_option_named(cli: Cli, since: str, until: str | None,
                                                        message: str) -> None:
    extra = ("--until", until) if until else ()
    code, _out, err = cli.as_user("sven", "models", "agreement", "--since", since, *extra)
    assert code == 2 and message in err and "Traceback" not in err


def test_an_empty_period_says_so(cli: Cli) -> None:
    code, out, err = cli.as_user("sven", "models", "agreement", "--since", "2027-01-01", "--json")
    assert code == 0 and json.loads(out)["rows"] == [] and "no model findings" in err
