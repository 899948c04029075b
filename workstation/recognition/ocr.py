"""Detector + recogniser: text lines with their boxes in a frame."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from workstation.inference.signing import TrustStore
from workstation.recognition.modelstore import cached_model
from workstation.recognition.textdet import DetectorSettings, TextBox, TextDetector
from workstation.recognition.textrec import LineRead, TextRecogniser


@dataclass(frozen=True)
class TextLine:
    box: TextBox
    read: LineRead

    @property
    def text(self) -> str:
        return self.read.text


def crop_box(image: np.ndarray, corners: np.ndarray) -> np.ndarray:
    """The quadrilateral ``corners`` (clockwise from top-left) warped to an upright rectangle."""
    tl, tr, br, bl = corners.astype(np.float32)
    width = int(max(float(np.linalg.norm(tr - tl)), float(np.linalg.norm(br - bl)), 1))
    height = int(max(float(np.linalg.norm(bl - tl)), float(np.linalg.norm(br - tr)), 1))
    target = np.array([[0, 0], [width, 0], [width, height], [0, height]], np.float32)
    matrix = cv2.getPerspectiveTransform(np.stack([tl, tr, br, bl]), target)
    return cv2.warpPerspective(image, matrix, (width, height), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)


class OcrEngine:
    """Both networks, loaded once (hash-checked) and warmed up; thread-safe for reads."""

    def __init__(self, models_folder: Path | None = None, trust: TrustStore | None = None) -> None:
        """``trust``: the keys the OCR manifest may be signed by (default: the development
        key; a lane passes its ``[models]`` trust, ``workstation.inference.settings.trust_for``)."""
        folder = str(models_folder) if models_folder else None
        self.detector = TextDetector(cached_model("detector", folder, trust))
        self.recogniser = TextRecogniser(cached_model("recogniser", folder, trust))

    def warm_up(self) -> None:
        """One small run of each network so the first real frame is not slowed by allocation."""
        blank = np.full((64, 256, 3), 255, np.uint8)
        self.detector.detect(blank, DetectorSettings(min_side=64))
        self.recogniser.read([blank])

    def read_lines(self, image: np.ndarray, settings: DetectorSettings | None = None) -> list[TextLine]:
        boxes = self.detector.detect(image, settings)
        crops = [crop_box(image, b.corners) for b in boxes]
        reads = self.recogniser.read(crops) if crops else []
        return [TextLine(b, r) for b, r in zip(boxes, reads, strict=True)]
