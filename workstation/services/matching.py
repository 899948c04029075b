"""Matching a read plate or container code to the queued referrals of the lane.

Exact first: the read, normalised, equals a referral's transport identity. Then tolerant of
the usual OCR and typing confusions (0/O, 1/I, 8/B, 5/S, 2/Z): both sides are mapped to a
canonical form and compared, with a score that drops per confused character. Last, one
other character wrong (a dirty plate) is offered with a low score. Nothing is decided
here: the officer confirms a proposed match (or types the identity); a vehicle that
matches nothing may still be drawn for a random control (:func:`draw_random_control`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from standards.iso6346 import normalise_container
from workstation.db.models import Referral, TransportIdentity
from workstation.domain.plates import normalise_plate
from workstation.domain.vocab import ReferralStatus

# Each pair maps to one canonical character: a read on either side of a pair compares equal.
CONFUSIONS = {"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "B": "8", "S": "5", "Z": "2", "G": "6"}
EXACT = 1.0
PER_CONFUSION = 0.08  # score lost per character that matched only through a confusion
ONE_EDIT = 0.5  # one other character different (substitution): a weak candidate
MIN_SCORE = 0.5


@dataclass(frozen=True)
class Match:
    referral_pk: object  # uuid.UUID of the referral row
    referral_id: str
    kind: str  # plate | container
    value: str  # the identity as the referral names it
    score: float  # 0..1; 1.0 exact
    exact: bool


def normalise(kind: str, text: str) -> str:
    return normalise_container(text) if kind == "container" else normalise_plate(text)


def canonical(text: str) -> str:
    return "".join(CONFUSIONS.get(c, c) for c in text)


def score(read: str, value: str) -> float:
    """Similarity of a normalised read and a normalised identity, 0..1 (see module doc)."""
    if read == value:
        return EXACT
    if len(read) != len(value):
        return 0.0
    if canonical(read) == canonical(value):
        confused = sum(a != b for a, b in zip(read, value, strict=True))
        return max(MIN_SCORE + 0.1, EXACT - PER_CONFUSION * confused)
    differing = sum(a != b for a, b in zip(canonical(read), canonical(value), strict=True))
    return ONE_EDIT if differing == 1 and len(read) >= 5 else 0.0


def rank(read: str, kind: str, identities: list[tuple[object, str, str]]) -> list[tuple[object, str, float]]:
    """``identities`` as (key, kind, value); matches (key, value, score) best first."""
    text = normalise(kind, read)
    found = [(key, value, score(text, value)) for key, k, value in identities if k == kind]
    found = [f for f in found if f[2] >= MIN_SCORE]
    found.sort(key=lambda f: f[2], reverse=True)
    return found


def find_matches(session: Session, kind: str, read: str, lane: str | None = None) -> list[Match]:
    """Queued referrals (of ``lane`` or of no lane) naming ``read``, best first."""
    query = (select(TransportIdentity.referral_pk, TransportIdentity.kind, TransportIdentity.value,
                    Referral.referral_id)
             .join(Referral, Referral.id == TransportIdentity.referral_pk)
             .where(Referral.status == ReferralStatus.QUEUED, TransportIdentity.kind == kind))
    if lane is not None:
        query = query.where((Referral.lane == lane) | (Referral.lane.is_(None)))
    rows = session.execute(query).all()
    ids = {row.referral_pk: row.referral_id for row in rows}
    ranked = rank(read, kind, [(row.referral_pk, row.kind, row.value) for row in rows])
    best: dict[object, Match] = {}
    for key, value, s in ranked:
        if key not in best:
            best[key] = Match(key, ids[key], kind, value, s, s == EXACT)
    return sorted(best.values(), key=lambda m: m.score, reverse=True)


def match_vehicle(session: Session, plates: list[str], containers: list[str],
                  lane: str | None = None) -> list[Match]:
    """All reads of one vehicle (plates and container codes) → referral candidates, best first.

    A referral found through several reads keeps its best score.
    """
    best: dict[object, Match] = {}
    for kind, reads in (("plate", plates), ("container", containers)):
        for read in reads:
            for m in find_matches(session, kind, read, lane):
                if m.referral_pk not in best or best[m.referral_pk].score < m.score:
                    best[m.referral_pk] = m
    return sorted(best.values(), key=lambda m: m.score, reverse=True)


def draw_random_control(rate: float, rng: random.Random | None = None) -> bool:
    """True when an unmatched vehicle is drawn for a random control (``rate`` in 0..1)."""
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"random control rate must be within 0..1, got {rate}")
    return (rng or random.SystemRandom()).random() < rate
