"""Text rules identical on SQLite and PostgreSQL: what PostgreSQL would refuse (NUL, values
longer than a ``String(n)`` column) is refused by our validation first, with a message naming
the field, on both backends (issue 17, item 2)."""

from __future__ import annotations

import pytest

from tests.db.helpers import import_generated, make_users
from workstation.db.engine import Database
from workstation.db.models import Control
from workstation.db.text import column_rule
from workstation.domain.result_codes import ResultCodes
from workstation.domain.text_rules import TextRuleError, check_text, text_problem
from workstation.formats.referrals import ReferralFileError, validate_referrals
from workstation.referral_generator import generate_referrals
from workstation.services import controls, users
from workstation.services.controls import ControlError, ResultIn, SeizureIn


def test_text_rule_names_nul_control_characters_line_breaks_and_length() -> None:
    assert text_problem("Zollamt Köln\nline two\ttab") is None
    assert "NUL character (at character 3)" in (text_problem("ab\x00c") or "")
    assert "U+001B" in (text_problem("ab\x1bc") or "")
    assert "line break" in (text_problem("one\ntwo", 64, multiline=False) or "")
    assert "65 characters long; at most 64" in (text_problem("x" * 65, 64) or "")
    with pytest.raises(TextRuleError, match="^subject contains a NUL"):
        check_text("subject", "\x00")


def test_the_limit_is_the_column_itself() -> None:
    assert column_rule(Control.subject) == (64, False)
    assert column_rule(Control.review_comment) == (None, True)


def test_referral_file_with_nul_or_over_long_parcel_id_is_refused_naming_each_field() -> None:
    raw = generate_referrals(2, seed=5)["referrals"]
    raw[0]["risk_profiles"][0]["description"] = "cigarettes\x00hidden"
    raw[1]["transport"]["parcel_ids"] = ["P" * 65]
    with pytest.raises(ReferralFileError) as caught:
        validate_referrals(raw, "amend.json")
    text = str(caught.value)
    assert "referral 1" in text and "risk_profiles[0].description: contains a NUL" in text
    assert "referral 2" in text and "transport.parcel_ids" in text and "at most 64" in text


def test_service_inputs_that_postgresql_would_refuse_are_refused_first_on_both(
        db: Database) -> None:
    import_generated(db, 1, seed=9)
    officer, _supervisor, _other = make_users(db)
    with db.unit_of_work() as s, pytest.raises(ControlError, match="subject is 65 characters"):
        controls.open_control(s, s.merge(officer), post="P", lane="L1", subject="S" * 65)
    with db.unit_of_work() as s:
        control = controls.open_control(s, s.merge(officer), post="P", lane="L1", subject="ABC")
        control_id = control.id
    codes = ResultCodes.load(None)
    bad_results = {
        "remarks contains a NUL": ResultIn("A2", ["documentary"], remarks="ok\x00"),
        "finding 1 contains a NUL": ResultIn("A2", ["documentary"], findings=["x\x00"]),
        "seizure unit is 17 characters": ResultIn(
            "B1", ["physical"], seizures=[SeizureIn("cigarettes", 1, "u" * 17)]),
        "seizure description contains a NUL": ResultIn(
            "B1", ["physical"], seizures=[SeizureIn("ciga\x00rettes", 1, "kg")]),
    }
    for message, result in bad_results.items():
        with db.unit_of_work() as s, pytest.raises(ControlError, match=message):
            controls.record_result(s, control_id, s.merge(officer), result, codes)
    with db.unit_of_work() as s:
        with pytest.raises(users.UserError, match="username"):
            users.add_user(s, "olga2\n", "officer", "correct-horse-9")
        with pytest.raises(users.UserError, match="full name contains a NUL"):
            users.add_user(s, "olga3", "officer", "correct-horse-9", full_name="Olga\x00")
