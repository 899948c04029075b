"""Container-number reading (ISO 6346) from text lines, with check-digit validation.

A container number is owner code (3 letters) + category (U, J or Z) + 6-digit serial +
check digit. On containers it is painted on one line (``BEAU 265693 [1]``, often as three
separate detections), on two rows (``HALU`` above ``2089976``) or stacked vertically one
character under the other. Candidates are assembled from all three layouts, fitted to the
11-character pattern (look-alike letters and digits coerced where the pattern demands, as
for plates) and validated. A code whose check digit fails is reported ``valid: false`` as
read, with the single-character corrections that do validate ranked by how plausible the
network found each substitute character; it is never replaced silently.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from standards.iso6346 import check_digit, is_valid
from workstation.recognition.ocr import OcrEngine, TextLine, crop_box
from workstation.recognition.plates import TO_DIGIT, TO_LETTER
from workstation.recognition.textrec import CharRead
from workstation.recognition.vertical import (
    column_image,
    is_vertical_column,
    line_from_column,
    merge_columns,
    split_characters,
)

PATTERN = "LLLLDDDDDDD"  # owner(3) + category + serial(6) + check digit
LOOKALIKE_PROB = 0.05  # probability granted to a look-alike substitute the network did not rank
OTHER_PROB = 0.002  # ... and to any other substitute character
MAX_ALTERNATIVES = 5
MIN_CONFIDENCE = 0.3  # candidates below this (after coercion costs) are noise, not codes
CATEGORY_LOOKALIKES = {"V": "U", "0": "U", "O": "U", "2": "Z", "I": "J", "1": "J"}


@dataclass(frozen=True)
class ContainerRead:
    code: str
    valid: bool
    confidence: float  # 0..1, geometric mean of the character probabilities
    box: tuple[int, int, int, int]
    alternatives: tuple[tuple[str, float], ...] = field(default_factory=tuple)  # (code, score)
    layout: str = "line"  # line | rows | vertical

    def as_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "valid": self.valid,
            "confidence": round(self.confidence, 3),
            "box": list(self.box),
            "alternatives": [{"code": c, "score": round(s, 3)} for c, s in self.alternatives],
        }


def _kind(char: str) -> str:
    return "D" if char.isdigit() else "L"


def _char_prob(c: CharRead, char: str) -> float:
    if char == c.char:
        return c.prob
    ranked = dict(c.alternatives)
    if char in ranked:
        return max(ranked[char], OTHER_PROB)
    if TO_LETTER.get(c.char) == char or TO_DIGIT.get(c.char) == char:
        return LOOKALIKE_PROB
    return OTHER_PROB


def fit_code(chars: list[CharRead]) -> tuple[list[CharRead], float] | None:
    """``chars`` (11 of them) coerced to the container pattern; None when impossible."""
    if len(chars) != len(PATTERN):
        return None
    out: list[CharRead] = []
    score = 0.0
    for i, (c, want) in enumerate(zip(chars, PATTERN, strict=True)):
        if i == 3 and c.char not in "UJZ":
            # The category letter: U, J or Z only; a look-alike (V, 0, 2 ...) or a
            # runner-up the network ranked may stand in, anything else rules the read out.
            best = max("UJZ", key=lambda k: _char_prob(c, k))
            prob = _char_prob(c, best)
            if prob < LOOKALIKE_PROB and c.char not in CATEGORY_LOOKALIKES:
                return None
            prob = max(prob, LOOKALIKE_PROB)
            out.append(CharRead(best, prob, c.alternatives))
        elif _kind(c.char) == want:
            out.append(c)
            prob = c.prob
        else:
            mapped = (TO_LETTER if want == "L" else TO_DIGIT).get(c.char)
            runner = next((a for a, p in c.alternatives
                           if a.isalnum() and _kind(a) == want and p >= LOOKALIKE_PROB), None)
            choice = mapped or runner
            if choice is None:
                return None
            prob = max(_char_prob(c, choice), LOOKALIKE_PROB)
            out.append(CharRead(choice, prob, c.alternatives))
        score += math.log(max(prob, 1e-4))
    return out, score


def corrections(chars: list[CharRead], limit: int = MAX_ALTERNATIVES) -> list[tuple[str, float]]:
    """Single-character substitutions that make the code validate, most plausible first.

    The score of each is the network's probability of the substitute character divided by
    that of the character it replaces (look-alikes it did not rank get ``LOOKALIKE_PROB``).
    """
    text = "".join(c.char for c in chars)
    found: list[tuple[str, float]] = []
    for i, c in enumerate(chars):
        want = PATTERN[i]
        pool = "UJZ" if i == 3 else ("0123456789" if want == "D" else "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        for sub in pool:
            if sub == c.char:
                continue
            candidate = text[:i] + sub + text[i + 1:]
            if is_valid(candidate):
                found.append((candidate, _char_prob(c, sub) / max(c.prob, 1e-4)))
    found.sort(key=lambda item: item[1], reverse=True)
    return found[:limit]


def _box_union(boxes: list[tuple[int, int, int, int]]) -> tuple[int, int, int, int]:
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[0] + b[2] for b in boxes)
    y1 = max(b[1] + b[3] for b in boxes)
    return x0, y0, x1 - x0, y1 - y0


def _alnum(chars: tuple[CharRead, ...] | list[CharRead]) -> list[CharRead]:
    return [c for c in chars if c.char.isalnum()]


def _horizontal_groups(lines: list[TextLine]) -> list[tuple[list[CharRead], list[tuple[int, int, int, int]], str]]:
    """Concatenations of lines on one row (left to right) and of two stacked rows."""
    # Weights and volumes ("30.480 KGS", "33.2 CU.M.") are never part of a code.
    items = [(line, line.box.xywh) for line in lines
             if _alnum(line.read.chars) and not any(ch in ".:/," for ch in line.text)]
    items = [(line, b) for line, b in items if b[2] >= b[3] * 0.5]  # horizontal-ish lines only
    groups: list[tuple[list[CharRead], list[tuple[int, int, int, int]], str]] = []
    for line, box in items:
        chars = _alnum(line.read.chars)
        boxes = [box]
        groups.append((list(chars), list(boxes), "line"))
        # Extend rightwards with lines of similar height on the same row.
        current = box
        for _ in range(3):
            nxt = None
            for other, ob in items:
                if other is line or ob in boxes:
                    continue
                same_row = abs((ob[1] + ob[3] / 2) - (current[1] + current[3] / 2)) < 0.5 * current[3]
                similar = 0.6 < ob[3] / max(current[3], 1) < 1.6
                gap = ob[0] - (current[0] + current[2])
                if same_row and similar and -0.3 * current[3] < gap < 3.0 * current[3]:
                    if nxt is None or ob[0] < nxt[1][0]:
                        nxt = (other, ob)
            if nxt is None:
                break
            chars = chars + _alnum(nxt[0].read.chars)
            boxes.append(nxt[1])
            current = nxt[1]
            groups.append((list(chars), list(boxes), "line"))
        # Two rows: owner code + category on top, serial + check digit below, left-aligned.
        if len(_alnum(line.read.chars)) == 4:
            for other, ob in items:
                below = 0 < ob[1] - (box[1] + box[3] * 0.5) < 1.6 * box[3]
                aligned = abs(ob[0] - box[0]) < 0.8 * box[3]
                if other is not line and below and aligned:
                    groups.append((_alnum(line.read.chars) + _alnum(other.read.chars),
                                   [box, ob], "rows"))
    return groups


def _windows(chars: list[CharRead]) -> list[list[CharRead]]:
    """Every 11-character window of a longer read (a code inside other text)."""
    n = len(PATTERN)
    return [chars[i:i + n] for i in range(0, max(0, len(chars) - n) + 1)]


def _check_digit_to_the_right(engine: OcrEngine, image: np.ndarray, chars: list[CharRead],
                              box: tuple[int, int, int, int]) -> list[CharRead]:
    """Read a boxed check digit just right of a 10-character code the detector missed."""
    x, y, w, h = box
    x0 = x + w
    x1 = min(image.shape[1], x0 + int(1.6 * h))
    y0 = max(0, y - h // 6)
    y1 = min(image.shape[0], y + h + h // 6)
    if x1 - x0 < h // 3:
        return chars
    crop = image[y0:y1, x0:x1]
    # Trim the painted frame around the digit: it would otherwise read as 'I' or '1'.
    inset = max(1, (y1 - y0) // 8)
    read = engine.recogniser.read([crop[inset:-inset, inset:-inset]])[0]
    digits = [c for c in read.chars if c.char.isdigit()]
    return chars + digits[-1:] if digits else chars


def _vertical_candidates(engine: OcrEngine, image: np.ndarray,
                         lines: list[TextLine]) -> list[tuple[list[CharRead], list[tuple[int, int, int, int]], str]]:
    strips = [line.box for line in lines if is_vertical_column(line.box)]
    out = []
    for top, bottom, short in merge_columns(strips):
        column = column_image(image, top, bottom, short)
        rows = split_characters(column)
        if not 8 <= len(rows) <= 16:
            continue
        read = engine.recogniser.read([line_from_column(column, rows)])[0]
        x0 = int(min(top[0], bottom[0]) - 1.2 * short)
        box = (max(0, x0), int(top[1]), int(2.4 * short + abs(bottom[0] - top[0])),
               int(bottom[1] - top[1]))
        out.append((_alnum(read.chars), [box], "vertical"))
    return out


def codes_from_lines(engine: OcrEngine, image: np.ndarray, lines: list[TextLine]) -> list[ContainerRead]:
    """Container codes among the text lines of one frame, best first, one per code."""
    candidates = _horizontal_groups(lines) + _vertical_candidates(engine, image, lines)
    best: dict[str, ContainerRead] = {}
    for chars, boxes, layout in candidates:
        box = _box_union(boxes)
        if len(chars) == len(PATTERN) - 1 and layout == "line":
            chars = _check_digit_to_the_right(engine, image, chars, box)
        for window in _windows(chars):
            fitted = fit_code(window)
            if fitted is None:
                continue
            code_chars, score = fitted
            code = "".join(c.char for c in code_chars)
            valid = is_valid(code)
            confidence = math.exp(score / len(code))
            alternatives = () if valid else tuple(corrections(code_chars))
            if not valid:
                confidence *= 0.5  # an invalid read is worth less than any valid one
            if confidence < MIN_CONFIDENCE:
                continue
            read = ContainerRead(code, valid, confidence, box, alternatives, layout)
            if code not in best or best[code].confidence < confidence:
                best[code] = read
    return sorted(best.values(), key=lambda r: (r.valid, r.confidence), reverse=True)


def read_containers(engine: OcrEngine, image: np.ndarray, limit: int = 4) -> list[ContainerRead]:
    """Container codes in a BGR frame, valid ones first, then by confidence."""
    return codes_from_lines(engine, image, engine.read_lines(image))[:limit]


def assess(code: str, limit: int = MAX_ALTERNATIVES) -> ContainerRead:
    """Validate a typed or imported code: valid flag and single-character corrections."""
    chars = [CharRead(ch, 1.0) for ch in code]
    valid = is_valid(code)
    alternatives = () if valid or len(code) != len(PATTERN) else tuple(corrections(chars, limit))
    return ContainerRead(code, valid, 1.0, (0, 0, 0, 0), alternatives, "typed")


__all__ = ["ContainerRead", "assess", "check_digit", "codes_from_lines", "corrections",
           "crop_box", "read_containers"]
