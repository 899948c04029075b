"""The detection-vs-false-alarm chart of ``models evaluate --png`` (OpenCV, no GUI toolkit).

One curve per positive class: false-alarm rate on the negative images (x, 0..1) against
the class's detection rate (y, 0..1), one point per threshold. A filled disc marks where the
model's own thresholds put each class (the application's run); a square marks each solved
operating point. Written as PNG, 1000 x 720 pixels, light background (it goes into reports).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import cv2
import numpy as np

WIDTH, HEIGHT = 1000, 720
LEFT, RIGHT, TOP, BOTTOM = 90, 280, 60, 70
# Colour-blind safe palette (Okabe-Ito), BGR.
PALETTE = [(178, 114, 0), (0, 94, 213), (115, 158, 0), (167, 121, 204), (233, 180, 86),
           (66, 228, 240), (0, 159, 230), (0, 0, 0)]
FONT = cv2.FONT_HERSHEY_SIMPLEX


def _xy(fa: float, dr: float) -> tuple[int, int]:
    w, h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    return int(round(LEFT + fa * w)), int(round(TOP + (1.0 - dr) * h))


def render(figures: Mapping[str, Any]) -> np.ndarray:
    """The chart of one ``report`` (see :func:`workstation.inference.folder_evaluation.report`)
    as a BGR image."""
    img = np.full((HEIGHT, WIDTH, 3), 255, np.uint8)
    grey = (200, 200, 200)
    for i in range(11):
        v = i / 10
        cv2.line(img, _xy(v, 0), _xy(v, 1), grey, 1)
        cv2.line(img, _xy(0, v), _xy(1, v), grey, 1)
        x, y = _xy(v, 0)
        cv2.putText(img, f"{v:.1f}", (x - 14, y + 22), FONT, 0.5, (60, 60, 60), 1, cv2.LINE_AA)
        x, y = _xy(0, v)
        cv2.putText(img, f"{v:.1f}", (x - 40, y + 5), FONT, 0.5, (60, 60, 60), 1, cv2.LINE_AA)
    cv2.rectangle(img, _xy(0, 1), _xy(1, 0), (0, 0, 0), 1)
    negatives = ", ".join(figures.get("negatives", [])) or "none"
    cv2.putText(img, f"false-alarm rate on negatives ({negatives})", (LEFT + 120, HEIGHT - 20),
                FONT, 0.6, (0, 0, 0), 1, cv2.LINE_AA)
    _vertical_text(img, "detection rate", (22, TOP + 330))
    cv2.putText(img, f"{figures['model']} {figures.get('version', '')}: detection vs false alarm",
                (LEFT, 35), FONT, 0.75, (0, 0, 0), 2, cv2.LINE_AA)
    legend_y = TOP + 10
    solved = {row["class"]: row for row in figures.get("operating_points", [])}
    for index, (cls, points) in enumerate(sorted(figures.get("curve", {}).items())):
        colour = PALETTE[index % len(PALETTE)]
        pts = [_xy(p["false_alarm_rate"], p["detection_rate"]) for p in points
               if p["false_alarm_rate"] is not None and p["detection_rate"] is not None]
        if len(pts) > 1:
            cv2.polylines(img, [np.array(pts, np.int32)], False, colour, 2, cv2.LINE_AA)
        for pt in pts:
            cv2.circle(img, pt, 3, colour, -1, cv2.LINE_AA)
        row = figures["per_class"].get(cls, {})
        if row.get("false_alarm_rate") is not None and row.get("detection_rate") is not None:
            cv2.circle(img, _xy(row["false_alarm_rate"], row["detection_rate"]), 9, colour, -1,
                       cv2.LINE_AA)
        op = solved.get(cls)
        if op is not None and op["false_alarm_rate"] is not None and op["detection_rate"] is not None:
            x, y = _xy(op["false_alarm_rate"], op["detection_rate"])
            cv2.rectangle(img, (x - 8, y - 8), (x + 8, y + 8), colour, 3)
        lx = WIDTH - RIGHT + 20
        cv2.line(img, (lx, legend_y), (lx + 30, legend_y), colour, 3)
        cv2.putText(img, f"{cls} ({', '.join(row.get('labels', []))})", (lx + 38, legend_y + 5),
                    FONT, 0.5, (0, 0, 0), 1, cv2.LINE_AA)
        if row.get("detection_rate") is not None:
            cv2.putText(img, f"at model thresholds: DR {row['detection_rate']:.2f}",
                        (lx + 38, legend_y + 24), FONT, 0.45, (60, 60, 60), 1, cv2.LINE_AA)
            if row.get("false_alarm_rate") is not None:
                cv2.putText(img, f"FA {row['false_alarm_rate']:.2f}", (lx + 38, legend_y + 42),
                            FONT, 0.45, (60, 60, 60), 1, cv2.LINE_AA)
        legend_y += 70
    lx = WIDTH - RIGHT + 20
    cv2.circle(img, (lx + 15, legend_y), 8, (90, 90, 90), -1, cv2.LINE_AA)
    cv2.putText(img, "model's thresholds", (lx + 38, legend_y + 5), FONT, 0.5, (0, 0, 0), 1,
                cv2.LINE_AA)
    cv2.rectangle(img, (lx + 7, legend_y + 22), (lx + 23, legend_y + 38), (90, 90, 90), 3)
    cv2.putText(img, "operating point", (lx + 38, legend_y + 35), FONT, 0.5, (0, 0, 0), 1,
                cv2.LINE_AA)
    cv2.putText(img, "small dots: thresholds", (lx + 38, legend_y + 65), FONT, 0.45, (60, 60, 60),
                1, cv2.LINE_AA)
    cv2.putText(img, f"{figures.get('score_floor', 0.05):g} to 0.95", (lx + 38, legend_y + 83),
                FONT, 0.45, (60, 60, 60), 1, cv2.LINE_AA)
    return img


def _vertical_text(img: np.ndarray, text: str, origin: tuple[int, int]) -> None:
    (w, h), _ = cv2.getTextSize(text, FONT, 0.6, 1)
    patch = np.full((h + 8, w + 4, 3), 255, np.uint8)
    cv2.putText(patch, text, (2, h + 2), FONT, 0.6, (0, 0, 0), 1, cv2.LINE_AA)
    rotated = cv2.rotate(patch, cv2.ROTATE_90_COUNTERCLOCKWISE)
    x, y = origin
    rh, rw = rotated.shape[:2]
    y0 = max(0, y - rh)
    img[y0 : y0 + rh, x : x + rw] = rotated[: img.shape[0] - y0, : img.shape[1] - x]


def write_png(figures: Mapping[str, Any], path: Path) -> None:
    """Render and write the chart; OSError names the file when it cannot be written."""
    ok, data = cv2.imencode(".png", render(figures))
    if not ok:
        raise OSError(f"{path}: PNG encoding failed")
    path.write_bytes(data.tobytes())
