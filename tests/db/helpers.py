"""Small builders for storage tests."""

from __future__ import annotations

from workstation.db.engine import Database
from workstation.db.models import User
from workstation.formats.referrals import validate_referrals
from workstation.referral_generator import generate_referrals
from workstation.services import referrals, users
from workstation.services.referrals import ImportSummary


def import_generated(db: Database, count: int, seed: int = 1) -> ImportSummary:
    parsed = validate_referrals(generate_referrals(count, seed=seed)["referrals"], "generated")
    with db.unit_of_work() as session:
        return referrals.import_referrals(session, parsed, file="generated")


def make_users(db: Database) -> tuple[User, User, User]:
    with db.unit_of_work() as session:
        officer = users.add_user(session, "olga", "officer", "correct-horse-1")
        supervisor = users.add_user(session, "sven", "supervisor", "correct-horse-2")
        other = users.add_user(session, "otto", "officer", "correct-horse-3")
    return officer, supervisor, other
