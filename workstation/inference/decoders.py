"""Decoders: raw output tensors of one input -> detections in model-input pixels.

Each decoder takes the output for *one* batch element (batch axis removed) and returns
detections plus an image-level score per label. Layouts are those of the common exports
(see :class:`workstation.inference.manifest.OutputSpec`), so a post's own YOLO export
decodes without code changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np
from numpy.typing import NDArray

from workstation.inference.boxes import Detection
from workstation.inference.manifest import ModelManifest


class DecodeError(Exception):
    """The output tensor's shape does not fit the decoder named in the manifest."""


@dataclass
class Decoded:
    detections: list[Detection] = field(default_factory=list)
    image_scores: dict[str, float] = field(default_factory=dict)


def _activate(values: NDArray[np.float32], activation: str, axis: int) -> NDArray[np.float32]:
    if activation == "sigmoid":
        return (1.0 / (1.0 + np.exp(-values))).astype(np.float32)
    if activation == "softmax":
        shifted = np.exp(values - values.max(axis=axis, keepdims=True))
        return (shifted / shifted.sum(axis=axis, keepdims=True)).astype(np.float32)
    return values


def decode(output: NDArray[np.float32], manifest: ModelManifest,
           input_size: tuple[int, int]) -> Decoded:
    """Decode one input's output with the decoder named by ``manifest.output.decoder``."""
    kind = manifest.output.decoder
    output = np.asarray(output, dtype=np.float32)
    if kind == "classification":
        return _classification(output, manifest, input_size)
    if kind == "yolo-v5":
        return _yolo_rows(output, manifest, objectness=True)
    if kind == "yolo-v8":
        if output.ndim != 2:
            raise DecodeError(f"{manifest.name}: yolo-v8 output must be (4 + C, boxes) per image, "
                              f"got shape {output.shape}")
        return _yolo_rows(output.T, manifest, objectness=False)
    if kind == "heatmap":
        return _heatmap(output, manifest, input_size)
    raise DecodeError(f"{manifest.name}: unknown decoder {kind!r}")


def _classification(output: NDArray[np.float32], manifest: ModelManifest,
                    input_size: tuple[int, int]) -> Decoded:
    scores = output.reshape(-1)
    if scores.size != len(manifest.labels):
        raise DecodeError(f"{manifest.name}: classification output has {scores.size} scores "
                          f"but the manifest lists {len(manifest.labels)} labels")
    scores = _activate(scores, manifest.output.activation, axis=0)
    h, w = input_size
    result = Decoded(image_scores={lab: float(s) for lab, s in zip(manifest.labels, scores, strict=True)})
    for label, score in result.image_scores.items():
        if score >= manifest.score_threshold(label):
            result.detections.append(Detection(label, score, (0.0, 0.0, float(w), float(h))))
    return result


def _yolo_rows(rows: NDArray[np.float32], manifest: ModelManifest, *, objectness: bool) -> Decoded:
    n_labels = len(manifest.labels)
    expected = 4 + int(objectness) + n_labels
    if rows.ndim != 2 or rows.shape[1] != expected:
        layout = "(boxes, 5 + C)" if objectness else "(4 + C, boxes)"
        raise DecodeError(f"{manifest.name}: {manifest.output.decoder} output must be {layout} "
                          f"per image with C = {n_labels} labels, got shape "
                          f"{rows.shape if objectness else rows.T.shape}")
    cls = _activate(rows[:, expected - n_labels :], manifest.output.activation, axis=1)
    if objectness:
        obj = rows[:, 4:5]
        if manifest.output.activation == "sigmoid":
            obj = _activate(obj, "sigmoid", axis=1)
        cls = cls * obj
    best = np.argmax(cls, axis=1)
    score = cls[np.arange(len(cls)), best]
    thresholds = np.array([manifest.score_threshold(lab) for lab in manifest.labels], dtype=np.float32)
    keep = score >= thresholds[best]
    result = Decoded(image_scores={
        lab: float(cls[:, i].max()) if len(cls) else 0.0 for i, lab in enumerate(manifest.labels)
    })
    for (cx, cy, w, h), label_index, s in zip(rows[keep, :4], best[keep], score[keep], strict=True):
        result.detections.append(Detection(manifest.labels[int(label_index)], float(s),
                                           (float(cx - w / 2), float(cy - h / 2), float(w), float(h))))
    return result


def _heatmap(output: NDArray[np.float32], manifest: ModelManifest,
             input_size: tuple[int, int]) -> Decoded:
    n_labels = len(manifest.labels)
    if output.ndim != 3 or output.shape[0] != n_labels:
        raise DecodeError(f"{manifest.name}: heatmap output must be (C, h, w) per image with "
                          f"C = {n_labels} labels, got shape {output.shape}")
    maps = _activate(output, manifest.output.activation, axis=0)
    in_h, in_w = input_size
    sy, sx = in_h / maps.shape[1], in_w / maps.shape[2]
    result = Decoded()
    for index, label in enumerate(manifest.labels):
        heat = maps[index]
        result.image_scores[label] = float(heat.max())
        mask = (heat >= manifest.score_threshold(label)).astype(np.uint8)
        count, regions, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for region in range(1, count):
            x, y, w, h, area = (int(v) for v in stats[region])
            if area < manifest.thresholds.min_area:
                continue
            score = float(heat[regions == region].max())
            result.detections.append(Detection(label, score, (x * sx, y * sy, w * sx, h * sy)))
    return result
