"""Text detection with the DB (differentiable binarisation) network.

Input: a BGR frame of any size. The frame is scaled so that its shorter side is at least
``min_side`` and its longer side at most ``max_side`` pixels, rounded to multiples of 32 (the
network's stride), normalised to -1..1. Output: a text-probability map (0..1) of the same
size, turned into rotated rectangles by thresholding, contour extraction and "unclipping"
(DB shrinks text regions by a margin during training, so each region is grown back by
``area * unclip_ratio / perimeter``).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from workstation.recognition.modelstore import LoadedModel


@dataclass(frozen=True)
class TextBox:
    """A detected text region: 4 corners (x, y) in frame pixels, clockwise from top-left."""

    corners: np.ndarray  # float32 (4, 2)
    score: float  # mean text probability inside the region, 0..1

    @property
    def xywh(self) -> tuple[int, int, int, int]:
        x0, y0 = self.corners.min(axis=0)
        x1, y1 = self.corners.max(axis=0)
        return int(round(x0)), int(round(y0)), int(round(x1 - x0)), int(round(y1 - y0))


@dataclass(frozen=True)
class DetectorSettings:
    min_side: int = 736  # px: small frames are enlarged so small text stays detectable
    max_side: int = 2016  # px: bounds the cost on big frames
    binarise: float = 0.3  # probability threshold of a text pixel
    box_score: float = 0.5  # minimum mean probability of a kept region
    unclip_ratio: float = 1.6
    min_size: float = 3.0  # px: regions thinner than this (in the map) are noise


def preprocess(image: np.ndarray, settings: DetectorSettings) -> tuple[np.ndarray, float, float]:
    """Scaled, normalised NCHW tensor and the (x, y) scale factors back to frame pixels."""
    h, w = image.shape[:2]
    scale = 1.0
    if min(h, w) < settings.min_side:
        scale = settings.min_side / min(h, w)
    if max(h, w) * scale > settings.max_side:
        scale = settings.max_side / max(h, w)
    new_h = max(32, int(round(h * scale / 32)) * 32)
    new_w = max(32, int(round(w * scale / 32)) * 32)
    resized = cv2.resize(image, (new_w, new_h))
    tensor = (resized.astype(np.float32) / 127.5 - 1.0).transpose(2, 0, 1)[None]
    return np.ascontiguousarray(tensor), w / new_w, h / new_h


def _unclip(rect: tuple, ratio: float) -> tuple:
    (cx, cy), (rw, rh), angle = rect
    area = rw * rh
    perimeter = 2 * (rw + rh)
    d = area * ratio / perimeter if perimeter > 0 else 0.0
    return (cx, cy), (rw + 2 * d, rh + 2 * d), angle


def _ordered(corners: np.ndarray) -> np.ndarray:
    """Clockwise from top-left: the corner with the smallest x+y first."""
    s = corners.sum(axis=1)
    diff = np.diff(corners, axis=1).ravel()
    return np.array([corners[np.argmin(s)], corners[np.argmin(diff)],
                     corners[np.argmax(s)], corners[np.argmax(diff)]], dtype=np.float32)


def postprocess(prob: np.ndarray, sx: float, sy: float, frame_w: int, frame_h: int,
                settings: DetectorSettings) -> list[TextBox]:
    """Rotated text rectangles in frame pixels from the probability map ``prob`` (H, W)."""
    mask: np.ndarray = (prob > settings.binarise).astype(np.uint8)
    # Dilation joins characters of one word that the threshold split apart.
    mask = cv2.dilate(mask, np.ones((2, 2), np.uint8))
    contours, _ = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    boxes: list[TextBox] = []
    for contour in contours[:1000]:
        rect = cv2.minAreaRect(contour)
        if min(rect[1]) < settings.min_size:
            continue
        # Mean probability inside the contour, computed on its bounding rectangle only
        # (a full-frame mask per contour would cost frame size x contours).
        x, y, w, h = cv2.boundingRect(contour)
        region = np.zeros((h, w), np.uint8)
        cv2.fillPoly(region, [contour.reshape(-1, 2) - (x, y)], 1)
        score = float(prob[y:y + h, x:x + w][region > 0].mean())
        if score < settings.box_score:
            continue
        grown = _unclip(rect, settings.unclip_ratio)
        if min(grown[1]) < settings.min_size + 2:
            continue
        corners = cv2.boxPoints(grown).astype(np.float32)
        corners[:, 0] = np.clip(corners[:, 0] * sx, 0, frame_w - 1)
        corners[:, 1] = np.clip(corners[:, 1] * sy, 0, frame_h - 1)
        boxes.append(TextBox(_ordered(corners), score))
    boxes.sort(key=lambda b: (b.corners[0, 1], b.corners[0, 0]))
    return boxes


class TextDetector:
    """Runs the DB network on whole frames; thread-safe (one onnxruntime session)."""

    def __init__(self, model: LoadedModel, settings: DetectorSettings | None = None) -> None:
        self.model = model
        self.settings = settings or DetectorSettings()
        self._input = model.session.get_inputs()[0].name

    def probability_map(self, tensor: np.ndarray) -> np.ndarray:
        """Bare network call: (1, 3, H, W) tensor → (H, W) text probability."""
        return self.model.session.run(None, {self._input: tensor})[0][0, 0]

    def detect(self, image: np.ndarray, settings: DetectorSettings | None = None) -> list[TextBox]:
        settings = settings or self.settings
        tensor, sx, sy = preprocess(image, settings)
        prob = self.probability_map(tensor)
        return postprocess(prob, sx, sy, image.shape[1], image.shape[0], settings)
