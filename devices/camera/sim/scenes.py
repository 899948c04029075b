"""Rendered lane scenes for the camera simulator, with the ground truth of every frame.

A scene is one vehicle in the lane: a car with a number plate, or a truck with a plate and
an ISO 6346 container code painted on its box. Plates follow real national layouts of
several EU countries (white or yellow plate, blue EU band with the country code). Each
vehicle is rendered with its own light level, small rotation (camera angle), blur (motion,
focus) and dirt (dark spots), drawn from a seeded random generator, so a frame is
reproducible from (seed, vehicle index).
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

import cv2
import numpy as np

from standards.iso6346 import check_digit

# country -> (layout with L letter / D digit / space separator, plate colour BGR)
PLATE_FORMATS: dict[str, tuple[str, tuple[int, int, int]]] = {
    "SK": ("LL DDDLL", (255, 255, 255)),
    "PL": ("LL DDDDD", (255, 255, 255)),
    "CZ": ("DLD DDDD", (255, 255, 255)),
    "FR": ("LL DDD LL", (255, 255, 255)),
    "NL": ("LL DDD L", (0, 200, 255)),
    "ES": ("DDDD LLL", (255, 255, 255)),
    "IT": ("LL DDD LL", (255, 255, 255)),
}
# Letters that plate authorities avoid because they are confused with digits.
PLATE_LETTERS = "".join(c for c in string.ascii_uppercase if c not in "IOQ")
OWNER_CODES = ("MSCU", "MAEU", "CSQU", "TGHU", "HLXU", "CMAU", "OOLU", "TCLU", "SEGU", "BEAU")


@dataclass(frozen=True)
class Vehicle:
    """Ground truth of one vehicle: what a perfect reader would report."""

    index: int
    kind: str  # car | truck
    country: str
    plate: str  # normalised, no separators
    plate_display: str  # as painted, with separators
    container: str | None  # ISO 6346, 11 characters, valid check digit
    light: float  # brightness factor, 0.55..1.25
    angle_deg: float  # camera roll, -6..6
    blur_px: int  # Gaussian kernel, 0 (sharp) .. 5
    dirt: int  # number of dirt spots, 0..25

    def as_json(self) -> dict[str, object]:
        return {"index": self.index, "kind": self.kind, "country": self.country,
                "plate": self.plate, "container": self.container}


def make_plate(rng: random.Random, country: str) -> tuple[str, str]:
    layout, _ = PLATE_FORMATS[country]
    shown = "".join(rng.choice(PLATE_LETTERS) if c == "L" else rng.choice(string.digits) if c == "D" else " "
                    for c in layout)
    return shown.replace(" ", ""), shown


def make_container(rng: random.Random) -> str:
    body = rng.choice(OWNER_CODES) + "".join(rng.choice(string.digits) for _ in range(6))
    return body + str(check_digit(body))


def make_vehicle(seed: int, index: int) -> Vehicle:
    """The ``index``-th vehicle of the lane with random ``seed`` (deterministic)."""
    rng = random.Random(seed * 1_000_003 + index)
    country = rng.choice(sorted(PLATE_FORMATS))
    plate, shown = make_plate(rng, country)
    kind = "truck" if rng.random() < 0.5 else "car"
    return Vehicle(
        index=index, kind=kind, country=country, plate=plate, plate_display=shown,
        container=make_container(rng) if kind == "truck" else None,
        light=rng.uniform(0.55, 1.25), angle_deg=rng.uniform(-6, 6),
        blur_px=rng.choice([0, 0, 1, 3, 5]), dirt=rng.randint(0, 25),
    )


def _text(img: np.ndarray, text: str, org: tuple[int, int], scale: float, colour: tuple[int, int, int],
          thickness: int) -> None:
    cv2.putText(img, text, org, cv2.FONT_HERSHEY_DUPLEX, scale, colour, thickness, cv2.LINE_AA)


def _draw_plate(img: np.ndarray, vehicle: Vehicle, centre_x: int, top: int, width: int) -> None:
    _, colour = PLATE_FORMATS[vehicle.country]
    height = int(width * 0.22)
    x0 = centre_x - width // 2
    cv2.rectangle(img, (x0 - 3, top - 3), (x0 + width + 3, top + height + 3), (20, 20, 20), -1)
    cv2.rectangle(img, (x0, top), (x0 + width, top + height), colour, -1)
    band = int(height * 0.45)
    cv2.rectangle(img, (x0, top), (x0 + band, top + height), (160, 50, 0), -1)
    _text(img, vehicle.country, (x0 + 3, top + height - 6), height / 90, (255, 255, 255), 1)
    # As large as the plate allows: long layouts (9 characters) are set narrower.
    unit, _ = cv2.getTextSize(vehicle.plate_display, cv2.FONT_HERSHEY_DUPLEX, 1.0, 2)
    scale = min(height / 34, (width - band - 10) / unit[0])
    size, _ = cv2.getTextSize(vehicle.plate_display, cv2.FONT_HERSHEY_DUPLEX, scale, 2)
    text_x = x0 + band + max(2, (width - band - size[0]) // 2)
    _text(img, vehicle.plate_display, (text_x, top + (height + size[1]) // 2), scale, (15, 15, 15), 2)


def render(vehicle: Vehicle, width: int = 960, height: int = 540, frame_seed: int = 0) -> np.ndarray:
    """One BGR frame of ``vehicle`` in the lane, ``width`` x ``height`` pixels."""
    rng = np.random.default_rng(vehicle.index * 7919 + frame_seed)
    img: np.ndarray = np.zeros((height, width, 3), np.uint8)  # cv2 calls return MatLike
    # Road and background: a vertical grey gradient with sensor noise.
    img[:] = np.linspace(90, 140, height, dtype=np.uint8)[:, None, None]
    cx = width // 2
    if vehicle.kind == "truck":
        box_w, box_h = int(width * 0.62), int(height * 0.58)
        x0, y0 = cx - box_w // 2, int(height * 0.05)
        cv2.rectangle(img, (x0, y0), (x0 + box_w, y0 + box_h), (120, 60, 20), -1)
        for x in range(x0, x0 + box_w, max(8, box_w // 30)):  # corrugation
            cv2.line(img, (x, y0), (x, y0 + box_h), (100, 50, 15), 2)
        code = vehicle.container or ""
        shown = f"{code[:4]} {code[4:10]} {code[10:]}"
        _text(img, shown, (x0 + box_w // 10, y0 + box_h // 4), box_w / 520, (240, 240, 240), 3)
        _text(img, "22G1", (x0 + box_w // 10 + box_w // 3, y0 + box_h // 4 + box_h // 6), box_w / 900,
              (240, 240, 240), 2)
        plate_top = int(height * 0.74)
        cv2.rectangle(img, (cx - box_w // 3, y0 + box_h), (cx + box_w // 3, int(height * 0.9)), (40, 40, 40), -1)
    else:
        body_w, body_h = int(width * 0.5), int(height * 0.45)
        x0, y0 = cx - body_w // 2, int(height * 0.35)
        colour = tuple(int(c) for c in rng.integers(30, 220, 3))
        cv2.rectangle(img, (x0, y0), (x0 + body_w, y0 + body_h), colour, -1)
        cv2.rectangle(img, (x0 + body_w // 8, y0 - body_h // 3), (x0 + 7 * body_w // 8, y0), (60, 60, 60), -1)
        plate_top = y0 + body_h // 2
    _draw_plate(img, vehicle, cx, plate_top, int(width * 0.26))
    # Dirt: dark blotches anywhere, some on the plate and code.
    for _ in range(vehicle.dirt):
        centre = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        cv2.circle(img, centre, int(rng.integers(1, 4)), (40, 45, 50), -1)
    matrix = cv2.getRotationMatrix2D((cx, height / 2), vehicle.angle_deg, 1.0)
    img = cv2.warpAffine(img, matrix, (width, height), borderMode=cv2.BORDER_REPLICATE)
    if vehicle.blur_px:
        k = 2 * vehicle.blur_px + 1
        img = cv2.GaussianBlur(img, (k, k), vehicle.blur_px / 2)
    noisy = img.astype(np.float32) * vehicle.light + rng.normal(0, 4, img.shape)
    return np.clip(noisy, 0, 255).astype(np.uint8)
