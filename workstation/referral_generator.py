"""Deterministic synthetic referrals in ``referral/1`` form, for demonstrations, tests and
benchmarks. Identifiers are valid (MRN and ISO 6346 check characters computed)."""

from __future__ import annotations

import random
import string
from datetime import UTC, datetime, timedelta
from typing import Any

from standards.iso6346 import check_digit
from standards.mrn import with_check_character
from workstation.domain.vocab import CHANNELS

_PROFILES = (
    ("CRC-FIN-07", "undervaluation textiles", "financial"),
    ("CRC-FIN-12", "misdeclared origin (anti-dumping)", "financial"),
    ("CRC-SEC-03", "weapons concealment pattern", "safety-security"),
    ("CRC-IPR-21", "counterfeit brand goods", "ipr"),
    ("CRC-HLT-05", "unauthorised medicines", "health"),
    ("CRC-ENV-02", "waste shipment", "environment"),
    ("CRC-PRO-09", "cigarettes smuggling route", "prohibitions-restrictions"),
    ("CRC-PRO-14", "drug precursors", "prohibitions-restrictions"),
)
_GOODS = (
    ("cotton shirts", "620520", "CN"), ("LED televisions", "852872", "KR"),
    ("ceramic tiles", "690721", "TR"), ("car spare parts", "870899", "DE"),
    ("frozen fish", "030389", "NO"), ("plastic toys", "950300", "CN"),
    ("tobacco leaves", "240120", "BR"), ("olive oil", "150910", "ES"),
)
_OWNERS = ("CSQ", "MSK", "TGH", "HLX", "OOL", "CMA", "APZ", "SUD")
_COUNTRIES = ("NL", "DE", "BE", "FR", "PL", "SK", "IT", "ES")


def container_number(rng: random.Random) -> str:
    body = rng.choice(_OWNERS) + "U" + "".join(rng.choices(string.digits, k=6))
    return body + str(check_digit(body))


def plate(rng: random.Random) -> str:
    letters = string.ascii_uppercase
    return (rng.choice(("PP", "BA", "KE", "NR", "ZA")) + "".join(rng.choices(string.digits, k=3))
            + "".join(rng.choices(letters, k=2)))


def mrn(rng: random.Random, issued: datetime) -> str:
    body = (f"{issued.year % 100:02d}" + rng.choice(_COUNTRIES)
            + "".join(rng.choices(string.ascii_uppercase + string.digits, k=12))
            + rng.choice("ABCDEFGHJK"))
    return with_check_character(body)


def generate_referrals(count: int, *, seed: int = 0, lane: str | None = "L1",
                       start: datetime | None = None, prefix: str = "GEN") -> dict[str, Any]:
    """A ``referral/1`` document with ``count`` referrals (same seed → same document)."""
    rng = random.Random(seed)
    start = start or datetime(2026, 11, 26, 6, 0, tzinfo=UTC)
    items = []
    for i in range(count):
        issued = start + timedelta(minutes=7 * i + rng.randint(0, 6))
        channel = rng.choices(CHANNELS, weights=(5, 3, 1, 1))[0]  # red, yellow, green, blue
        profile = rng.choice(_PROFILES)
        description, hs, origin = rng.choice(_GOODS)
        kind = rng.random()
        transport: dict[str, list[str]] = {"plates": [plate(rng)], "containers": [], "parcel_ids": []}
        if kind < 0.6:
            transport["containers"] = [container_number(rng)]
        instructions = [{"type": "scan", "text": "scan whole trailer"}]
        if channel == "red":
            instructions.append({"type": "physical", "text": "open and inspect the load"})
        if profile[2] == "prohibitions-restrictions":
            instructions.append({"type": "radiation", "text": "check with the RIID"})
        items.append({
            "referral_id": f"{prefix}-{seed}-{i + 1:06d}",
            "source": rng.choice(("national-rms", "ics2")),
            "issued_at": issued.isoformat().replace("+00:00", "Z"),
            "mrn": mrn(rng, issued),
            "declaration_type": rng.choice(("IM", "EX", "CO")),
            "transport": transport,
            "channel": channel,
            "risk_profiles": [{"code": profile[0], "description": profile[1],
                               "risk_area": profile[2]}],
            "control_instructions": instructions,
            "priority": rng.randint(1, 5),
            "deadline": (issued + timedelta(hours=4)).isoformat().replace("+00:00", "Z"),
            **({"lane": lane} if lane else {}),
            "goods": [{"description": description, "hs_code": hs, "origin": origin,
                       "declared_value_eur": round(rng.uniform(500, 90000), 2),
                       "gross_mass_kg": round(rng.uniform(50, 20000), 1)}],
        })
    return {"format": "referral/1", "referrals": items}
