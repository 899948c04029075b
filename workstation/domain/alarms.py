"""Default alarm-rule thresholds for handheld readings (one source for the rules and the
lane configuration's ``[alarms]`` section)."""

from __future__ import annotations

DOSE_RATE_USV_H = 0.5  # µSv/h above which a dose-rate alarm finding is suggested
NUCLIDE_MIN_CONFIDENCE = 0.5  # 0..1
SUBSTANCE_MIN_CONFIDENCE = 0.7  # 0..1
CONTROLLED_SUBSTANCES = frozenset({
    "cocaine hcl", "heroin", "methamphetamine hcl", "mdma", "fentanyl citrate", "tatp",
    "ammonium nitrate",
})
