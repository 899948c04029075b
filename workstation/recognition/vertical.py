"""Vertical container codes: characters stacked one above the other, each upright.

The text detector marks such a column as one long thin strip, but the line recogniser
reads only horizontal lines. So the column is cut out around the strip, split into
characters at the blank rows between them (a row profile of the binarised column), and the
characters are laid side by side into a horizontal line that the recogniser can read.
"""

from __future__ import annotations

import cv2
import numpy as np

from workstation.recognition.textdet import TextBox

MIN_ELONGATION = 4.0  # long side / short side of a strip taken for a vertical column
MAX_TILT_DEG = 25.0  # a column leans at most this much from the vertical


def _axis(box: TextBox) -> tuple[np.ndarray, np.ndarray, float]:
    """Top and bottom centre points of the strip and its short side (px)."""
    c = box.corners
    sides = [np.linalg.norm(c[(i + 1) % 4] - c[i]) for i in range(4)]
    if sides[0] > sides[1]:  # corners 0-1 is a long side: ends are 1-2 and 3-0
        ends = ((c[1] + c[2]) / 2, (c[3] + c[0]) / 2)
        short = sides[1]
    else:
        ends = ((c[0] + c[1]) / 2, (c[2] + c[3]) / 2)
        short = sides[0]
    top, bottom = sorted(ends, key=lambda p: p[1])
    return top, bottom, float(short)


def is_vertical_column(box: TextBox) -> bool:
    top, bottom, short = _axis(box)
    length = float(np.linalg.norm(bottom - top))
    if length < MIN_ELONGATION * max(short, 1.0):
        return False
    tilt = np.degrees(np.arctan2(abs(bottom[0] - top[0]), bottom[1] - top[1]))
    return tilt <= MAX_TILT_DEG


def merge_columns(boxes: list[TextBox]) -> list[tuple[np.ndarray, np.ndarray, float]]:
    """Collinear strips of one column joined: list of (top, bottom, short side)."""
    axes = sorted((_axis(b) for b in boxes), key=lambda a: a[0][1])
    merged: list[list] = []
    for top, bottom, short in axes:
        for m in merged:
            m_top, m_bottom, m_short = m
            # Same column: the new strip continues the old one's line, below it, close by.
            direction = (m_bottom - m_top) / max(np.linalg.norm(m_bottom - m_top), 1.0)
            expected_x = m_bottom[0] + direction[0] * (top[1] - m_bottom[1]) / max(direction[1], 0.1)
            gap = top[1] - m_bottom[1]
            if abs(top[0] - expected_x) < 1.5 * max(short, m_short) and -short < gap < 8 * max(short, m_short):
                m[1] = bottom
                m[2] = max(short, m_short)
                break
        else:
            merged.append([top, bottom, short])
    return [(m[0], m[1], m[2]) for m in merged]


def column_image(image: np.ndarray, top: np.ndarray, bottom: np.ndarray, short: float) -> np.ndarray:
    """The column straightened to vertical, ``2.4 x short`` wide, with a margin at both ends."""
    length = float(np.linalg.norm(bottom - top))
    width = max(16, int(2.4 * short))
    margin = short * 0.6
    direction = (bottom - top) / max(length, 1.0)
    normal = np.array([direction[1], -direction[0]])
    start = top - direction * margin
    end = bottom + direction * margin
    src = np.array([start - normal * width / 2, start + normal * width / 2,
                    end + normal * width / 2], np.float32)
    height = int(length + 2 * margin)
    dst = np.array([[0, 0], [width, 0], [width, height]], np.float32)
    matrix = cv2.getAffineTransform(src, dst)
    return cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_CUBIC,
                          borderMode=cv2.BORDER_REPLICATE)


def split_characters(column: np.ndarray) -> list[tuple[int, int]]:
    """Row ranges (start, end) of the characters in a straightened column."""
    gray = cv2.cvtColor(column, cv2.COLOR_BGR2GRAY)
    _, binary = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    w = gray.shape[1]
    centre = binary[:, w // 5: w - w // 5] > 0
    # Text is the minority class in the column's centre band (light paint on dark or reverse).
    if centre.mean() > 0.5:
        centre = ~centre
    profile = centre.mean(axis=1)
    rows = profile > 0.06
    runs: list[list[int]] = []
    start = None
    for y, on in enumerate(rows):
        if on and start is None:
            start = y
        elif not on and start is not None:
            runs.append([start, y])
            start = None
    if start is not None:
        runs.append([start, len(rows)])
    if not runs:
        return []
    heights = sorted(e - s for s, e in runs)
    typical = heights[len(heights) * 3 // 4]
    # Join fragments of one character (a thin stroke may leave a blank row inside it).
    joined: list[list[int]] = []
    for s, e in runs:
        if joined and s - joined[-1][1] < 0.12 * typical and (e - joined[-1][0]) < 1.3 * typical:
            joined[-1][1] = e
        else:
            joined.append([s, e])
    return [(s, e) for s, e in joined if e - s >= 0.35 * typical]


def line_from_column(column: np.ndarray, rows: list[tuple[int, int]], height: int = 48) -> np.ndarray:
    """The characters of ``rows`` laid left to right on one line ``height`` px high."""
    background = np.median(column.reshape(-1, 3), axis=0).astype(np.uint8)
    pieces: list[np.ndarray] = []
    gap = np.empty((height, height // 4, 3), np.uint8)
    gap[:] = background
    pad = max(2, (max(e - s for s, e in rows) // 8))
    for s, e in rows:
        char = column[max(0, s - pad): min(column.shape[0], e + pad)]
        scale = (height - 8) / char.shape[0]
        resized = cv2.resize(char, (max(4, int(char.shape[1] * scale)), height - 8))
        padded = cv2.copyMakeBorder(resized, 4, 4, 0, 0, cv2.BORDER_CONSTANT,
                                    value=[int(v) for v in background])
        pieces.extend([gap, padded])
    pieces.append(gap)
    return np.hstack(pieces)
