"""Figures that model cards state: detection AP / recall / precision, image-level ROC AUC.

Torch-free, so the training recipes (which measure the card figures) and the tests (which
re-measure them on fresh data) use the very same arithmetic.

Conventions:
- A ground-truth box counts as *found* when a detection of the same label with score at or
  above the threshold overlaps it with IoU >= 0.5 (PASCAL VOC / COCO "AP50" matching).
- AP is all-point interpolated (VOC 2010+), computed from every detection the model gave,
  so the caller should run the model with a low score floor.
- ROC AUC is the Mann-Whitney probability that a positive image scores above a negative
  one (ties count one half); 0.5 is chance, 1.0 perfect.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from workstation.inference.boxes import iou_matrix

Box = tuple[float, float, float, float]
IOU_MATCH = 0.5


@dataclass
class _LabelTally:
    scores: list[float] = field(default_factory=list)
    hits: list[bool] = field(default_factory=list)
    truths: int = 0
    found: int = 0
    kept: int = 0
    kept_hits: int = 0


@dataclass
class DetectionTally:
    """Accumulates detections against ground truth, image by image (labels fixed up front).

    ``threshold`` is the score a detection needs to count as *kept* (reported to the
    officer); ``label_thresholds`` overrides it per label, as a manifest's ``per_label``.
    """

    labels: Sequence[str]
    threshold: float
    label_thresholds: Mapping[str, float] = field(default_factory=dict)
    per_label: dict[str, _LabelTally] = field(default_factory=dict)
    kept: int = 0
    kept_hits: int = 0

    def __post_init__(self) -> None:
        self.per_label = {label: _LabelTally() for label in self.labels}

    def add(self, detections: Sequence[tuple[str, float, Box]], truths: Sequence[tuple[str, Box]]) -> None:
        """One image: its detections ``(label, score, box)`` and ground truth ``(label, box)``."""
        for label, tally in self.per_label.items():
            threshold = self.label_thresholds.get(label, self.threshold)
            gt = np.array([b for lab, b in truths if lab == label], float).reshape(-1, 4)
            preds = sorted(((s, b) for lab, s, b in detections if lab == label), key=lambda p: -p[0])
            used = np.zeros(len(gt), bool)
            for score, box in preds:
                hit = False
                if len(gt):
                    ious = iou_matrix(np.array([box], float), gt)[0]
                    ious[used] = 0.0
                    j = int(np.argmax(ious))
                    if ious[j] >= IOU_MATCH:
                        used[j] = hit = True
                tally.scores.append(float(score))
                tally.hits.append(hit)
                if score >= threshold:
                    self.kept += 1
                    self.kept_hits += hit
                    tally.kept += 1
                    tally.kept_hits += hit
            tally.truths += len(gt)
            kept_boxes = np.array([b for s, b in preds if s >= threshold], float).reshape(-1, 4)
            if len(gt) and len(kept_boxes):
                tally.found += int((iou_matrix(gt, kept_boxes).max(axis=1) >= IOU_MATCH).sum())

    @property
    def truths(self) -> int:
        return sum(t.truths for t in self.per_label.values())

    def recall(self) -> float:
        """Share of ground-truth objects found at the threshold (0..1)."""
        return sum(t.found for t in self.per_label.values()) / max(self.truths, 1)

    def figures(self) -> dict[str, float]:
        """``map50``, ``ap50_<label>``, ``recall_<label>``, ``precision_<label>``, ``recall``, ``precision``."""
        result: dict[str, float] = {}
        aps = []
        for label, tally in self.per_label.items():
            ap = average_precision(tally.scores, tally.hits, tally.truths)
            result[f"ap50_{label}"] = ap
            result[f"recall_{label}"] = tally.found / tally.truths if tally.truths else float("nan")
            result[f"precision_{label}"] = tally.kept_hits / max(tally.kept, 1)
            aps.append(ap)
        result["map50"] = float(np.nanmean(aps)) if not np.isnan(aps).all() else float("nan")
        result["recall"] = self.recall()
        result["precision"] = self.kept_hits / max(self.kept, 1)
        return result


def average_precision(scores: Sequence[float], hits: Sequence[bool], n_truth: int) -> float:
    """All-point interpolated AP of ranked detections; NaN when there is no ground truth."""
    if n_truth == 0:
        return float("nan")
    if not scores:
        return 0.0
    order = np.argsort(-np.asarray(scores, float), kind="stable")
    hit = np.asarray(hits, float)[order]
    tp, fp = np.cumsum(hit), np.cumsum(1.0 - hit)
    recall = tp / n_truth
    precision = tp / np.maximum(tp + fp, 1e-12)
    mrec = np.concatenate([[0.0], recall, [1.0]])
    mpre = np.concatenate([[1.0], precision, [0.0]])
    mpre = np.maximum.accumulate(mpre[::-1])[::-1]
    idx = np.flatnonzero(mrec[1:] != mrec[:-1])
    return float(np.sum((mrec[idx + 1] - mrec[idx]) * mpre[idx + 1]))


def roc_auc(scores: Sequence[float], positive: Sequence[bool]) -> float:
    """Image-level ROC AUC (Mann-Whitney); NaN unless both classes are present."""
    s = np.asarray(scores, float)
    y = np.asarray(positive, bool)
    pos, neg = s[y], s[~y]
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).sum()
    ties = (pos[:, None] == neg[None, :]).sum()
    return float((greater + 0.5 * ties) / (len(pos) * len(neg)))
