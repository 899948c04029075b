"""Detections and the box arithmetic that merges them (IoU, NMS, weighted box fusion).

Boxes are ``(x, y, w, h)`` in image pixels, top-left corner plus size, as stored in the
``findings.region`` column and written in DICOS TDRs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True)
class Detection:
    """One thing a model found: ``label``, ``score`` (0..1), ``box`` (x, y, w, h) in pixels."""

    label: str
    score: float
    box: tuple[float, float, float, float]

    def shifted(self, dx: float, dy: float, factor: float = 1.0) -> Detection:
        """The same detection with its box scaled by ``factor`` and then moved by (dx, dy)."""
        x, y, w, h = self.box
        return replace(self, box=(x * factor + dx, y * factor + dy, w * factor, h * factor))


def iou_matrix(a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
    """Intersection over union of every box in ``a`` (n, 4) with every box in ``b`` (m, 4), xywh."""
    ax1, ay1 = a[:, 0:1], a[:, 1:2]
    ax2, ay2 = ax1 + a[:, 2:3], ay1 + a[:, 3:4]
    bx1, by1 = b[:, 0], b[:, 1]
    bx2, by2 = bx1 + b[:, 2], by1 + b[:, 3]
    iw = np.clip(np.minimum(ax2, bx2) - np.maximum(ax1, bx1), 0, None)
    ih = np.clip(np.minimum(ay2, by2) - np.maximum(ay1, by1), 0, None)
    inter = iw * ih
    union = (a[:, 2:3] * a[:, 3:4]) + (b[:, 2] * b[:, 3]) - inter
    return np.where(union > 0, inter / np.maximum(union, 1e-12), 0.0)


def nms(detections: list[Detection], iou: float) -> list[Detection]:
    """Greedy non-maximum suppression per label: keep the best, drop those overlapping it more than ``iou``."""
    kept: list[Detection] = []
    for label in sorted({d.label for d in detections}):
        group = sorted((d for d in detections if d.label == label), key=lambda d: -d.score)
        boxes = np.array([d.box for d in group], dtype=np.float64).reshape(-1, 4)
        alive = np.ones(len(group), dtype=bool)
        for i in range(len(group)):
            if not alive[i]:
                continue
            kept.append(group[i])
            overlaps = iou_matrix(boxes[i : i + 1], boxes)[0]
            alive &= overlaps <= iou
            alive[i] = False
    return sorted(kept, key=lambda d: -d.score)


def weighted_box_fusion(detections: list[Detection], iou: float) -> list[Detection]:
    """Weighted box fusion per label: overlapping boxes become one box, the score-weighted mean.

    Better than NMS across tile borders, where two tiles each see part of an object: the
    fused box covers both parts instead of keeping only the larger fragment. The fused score
    is the maximum of the cluster (a second view is not extra evidence of a threat).
    """
    fused: list[Detection] = []
    for label in sorted({d.label for d in detections}):
        group = sorted((d for d in detections if d.label == label), key=lambda d: -d.score)
        clusters: list[list[Detection]] = []
        centres: list[NDArray[np.float64]] = []
        for det in group:
            box = np.array([det.box], dtype=np.float64)
            if centres:
                overlaps = iou_matrix(box, np.array(centres))[0]
                best = int(np.argmax(overlaps))
                if overlaps[best] > iou:
                    clusters[best].append(det)
                    centres[best] = _fuse_boxes(clusters[best])
                    continue
            clusters.append([det])
            centres.append(box[0])
        for cluster, centre in zip(clusters, centres, strict=True):
            fused.append(Detection(label, max(d.score for d in cluster),
                                   tuple(float(v) for v in centre)))  # type: ignore[arg-type]
    return sorted(fused, key=lambda d: -d.score)


def _fuse_boxes(cluster: list[Detection]) -> NDArray[np.float64]:
    weights = np.array([d.score for d in cluster], dtype=np.float64)
    corners = np.array([(x, y, x + w, y + h) for x, y, w, h in (d.box for d in cluster)])
    x1, y1, x2, y2 = (weights[:, None] * corners).sum(axis=0) / weights.sum()
    return np.array([x1, y1, x2 - x1, y2 - y1], dtype=np.float64)


def merge(detections: list[Detection], iou: float, method: str = "nms") -> list[Detection]:
    """Merge duplicate detections with ``nms`` or ``wbf``."""
    if method == "wbf":
        return weighted_box_fusion(detections, iou)
    if method == "nms":
        return nms(detections, iou)
    raise ValueError(f"unknown merge method {method!r} (nms or wbf)")
