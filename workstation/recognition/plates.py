"""Number-plate reading: text lines → plate candidates, checked against EU plate layouts.

The text detector finds every text line in the frame (plates, signs, stickers, the EU band's
country code). Each line's read is normalised (separators dropped), then fitted to the
national layouts below: where a layout wants a letter and the network read a look-alike
digit (1→I, 0→O, 8→B, 5→S, 2→Z ...), or the reverse, the character is coerced, at a cost,
preferring the network's own runner-up when it is the wanted kind. A leading or trailing
extra character (a bolt, the band's country code read into the line) may be dropped, at a
cost. Reads that fit no layout are kept when plausible (UK and German personalised plates
have free layouts) but rank lower. Candidates are ranked by a score combining read
confidence, layout fit and character height (a plate is usually the biggest text in a
vehicle photo).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from workstation.domain.plates import normalise_plate
from workstation.recognition.ocr import OcrEngine, TextLine
from workstation.recognition.textrec import CharRead

# Layouts as classes per position: L letter, D digit. Country codes as in the EU band.
LAYOUTS: dict[str, tuple[str, ...]] = {
    "SK": ("LLDDDLL",),
    "CZ": ("DLDDDDD", "DLLDDDD"),
    "PL": ("LLDDDDD", "LLLDDDD", "LLDDDLL", "LLLDDLL", "LLDDLLL", "LLLDLLL", "LLLDDDL", "LLDDDDL"),
    "FR": ("LLDDDLL",),
    "IT": ("LLDDDLL",),
    "ES": ("DDDDLLL",),
    "BE": ("DLLLDDD",),
    "NL": ("LLDDDL", "DLLLDD", "LLDDDL", "DDLLLD", "LDDDLL", "LLLDDL", "DLLDDD"),
    "HU": ("LLLDDD", "LLLLDDD"),
    "RO": ("LLDDLLL", "LDDLLL", "LDDDLLL"),
    "BG": ("LLDDDDLL", "LDDDDLL"),
    "HR": ("LLDDDLL", "LLDDDDLL"),
    "SI": ("LLLLDDD",),
    "BA": ("LDDLDDD",),
    "GB": ("LLDDLLL",),
    "LT": ("LLLDDD",),
    "PT": ("DDLLDD", "LLDDLL"),
    "SE": ("LLLDDD", "LLLDDL"),
    "AT": ("LDDDDLL", "LLDDDLL"),
}
_ALL_LAYOUTS = sorted({layout for layouts in LAYOUTS.values() for layout in layouts})

TO_LETTER = {"0": "O", "1": "I", "2": "Z", "4": "A", "5": "S", "6": "G", "7": "T", "8": "B"}
TO_DIGIT = {"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "Z": "2", "A": "4", "S": "5",
            "G": "6", "T": "7", "B": "8"}
# Scores are log-probabilities; the costs below are in the same unit.
COERCE_FLOOR = 0.1  # probability granted to a look-alike the network did not rank (cost 2.3)
DROP_BASE = 1.5  # cost of dropping an edge character, plus DROP_PER_PROB x its probability
DROP_PER_PROB = 2.0
FREE_LAYOUT_COST = 2.5  # a read that fits no national layout (personalised plates)
_ALNUM = re.compile(r"[A-Z0-9]")


@dataclass(frozen=True)
class PlateRead:
    text: str  # normalised: upper case, no separators
    confidence: float  # 0..1
    box: tuple[int, int, int, int]  # x, y, w, h in frame pixels
    layout: str | None  # e.g. "SK LLDDDLL", None for a free layout
    raw: str  # what the network read, separators included

    def as_json(self) -> dict[str, object]:
        return {"text": self.text, "confidence": round(self.confidence, 3), "box": list(self.box)}


def _kind(char: str) -> str:
    return "D" if char.isdigit() else "L"


def _fit(chars: list[CharRead], layout: str) -> tuple[str, float] | None:
    """Coerce ``chars`` into ``layout``; (text, log-score) or None when impossible.

    A character of the wrong kind becomes the network's runner-up of the wanted kind, or
    its look-alike (``TO_LETTER`` / ``TO_DIGIT``), scored with the runner-up's probability
    but at least ``COERCE_FLOOR`` for a look-alike.
    """
    out: list[str] = []
    score = 0.0
    for c, want in zip(chars, layout, strict=True):
        if _kind(c.char) == want:
            out.append(c.char)
            score += math.log(max(c.prob, 1e-4))
            continue
        alternatives = dict(c.alternatives)
        mapped = (TO_LETTER if want == "L" else TO_DIGIT).get(c.char)
        runner = next((a for a, _ in c.alternatives if a.isalnum() and _kind(a) == want), None)
        if mapped is not None:
            out.append(mapped)
            score += math.log(max(alternatives.get(mapped, 0.0), COERCE_FLOOR))
        elif runner is not None and alternatives[runner] >= COERCE_FLOOR:
            out.append(runner)
            score += math.log(alternatives[runner])
        else:
            return None
    return "".join(out), score


def fit_layouts(chars: list[CharRead]) -> tuple[str, float, str | None]:
    """Best (text, log-score, layout name) for a read, trying layouts and edge drops."""
    chars = [c for c in chars if _ALNUM.fullmatch(c.char)]
    raw = "".join(c.char for c in chars)
    raw_score = sum(math.log(max(c.prob, 1e-4)) for c in chars)
    best: tuple[str, float, str | None] = (raw, raw_score - FREE_LAYOUT_COST, None)
    for drop_front in range(0, 3):
        for drop_back in range(0, 2):
            part = chars[drop_front:len(chars) - drop_back]
            dropped = chars[:drop_front] + chars[len(chars) - drop_back:]
            cost = sum(DROP_BASE + DROP_PER_PROB * c.prob for c in dropped)
            for layout in _ALL_LAYOUTS:
                if len(layout) != len(part):
                    continue
                fitted = _fit(part, layout)
                if fitted is None:
                    continue
                text, score = fitted
                score -= cost
                if score > best[1]:
                    country = next(k for k, v in LAYOUTS.items() if layout in v)
                    best = (text, score, f"{country} {layout}")
    return best


def _plausible(text: str) -> bool:
    """2..10 letters and digits, not only digits of a year or a phone number."""
    return 2 <= len(text) <= 10 and not (text.isdigit() and len(text) != 5)


def plate_candidates(lines: list[TextLine]) -> list[PlateRead]:
    """Plate reads among ``lines``, best first."""
    heights = [min(np.linalg.norm(line.box.corners[3] - line.box.corners[0]),
                   np.linalg.norm(line.box.corners[2] - line.box.corners[1])) for line in lines]
    tallest = max(heights, default=1.0)
    plates: list[PlateRead] = []
    for line, height in zip(lines, heights, strict=True):
        text, log_score, layout = fit_layouts(list(line.read.chars))
        if not _plausible(text):
            continue
        n = max(len(text), 1)
        # Geometric-mean probability per character, 0..1 (layout costs spread over the read).
        per_char = math.exp(max(log_score, -50.0) / n)
        # Plate characters are the biggest in most vehicle photos: favour tall lines gently.
        size_factor = 0.6 + 0.4 * float(height / tallest)
        length_factor = 1.0 if 5 <= n <= 8 else 0.7
        mixed = 1.0 if any(ch.isdigit() for ch in text) and any(ch.isalpha() for ch in text) else 0.85
        confidence = per_char * size_factor * length_factor * mixed
        plates.append(PlateRead(normalise_plate(text), confidence, line.box.xywh, layout,
                                line.text))
    plates.sort(key=lambda p: p.confidence, reverse=True)
    return plates


def read_plates(engine: OcrEngine, image: np.ndarray, limit: int = 3) -> list[PlateRead]:
    """Up to ``limit`` plate reads in a BGR frame, best first (empty when none is seen)."""
    return plate_candidates(engine.read_lines(image))[:limit]
