"""Run one loaded model over one grey image: views, batches, decoding, merging.

Pure function of (model, image), called only from the inference worker thread (which owns
the sessions), from benchmarks and from tests.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from workstation.inference.boxes import Detection, merge
from workstation.inference.decoders import decode
from workstation.inference.manifest import ModelManifest
from workstation.inference.preprocess import GreyImage, plan_views, to_tensor, view_pixels
from workstation.inference.registry import LoadedModel

MAX_BATCH = 8


@dataclass
class Analysis:
    """What one model said about one image; boxes in source pixels, times in milliseconds."""

    model: str
    model_version: str
    model_sha256: str
    detections: list[Detection]
    image_scores: dict[str, float]
    shape: tuple[int, int]
    views: int
    ms_total: float
    ms_model: float = field(default=0.0)

    @property
    def ms_outside_model(self) -> float:
        return max(0.0, self.ms_total - self.ms_model)


def _batch_limit(model: LoadedModel) -> int:
    dim = model.session.get_inputs()[0].shape[0]
    return dim if isinstance(dim, int) and dim > 0 else MAX_BATCH


def analyse(model: LoadedModel, image: GreyImage, *, declared_empty: bool | None = None) -> Analysis:
    """Run ``model`` over ``image`` (2-D float32 0..1), tiling when its manifest says so.

    ``declared_empty`` is what the declaration says about the load space (True: declared
    empty, False: declared loaded, None: not known); it matters only to models whose
    manifest has a ``declaration`` rule (see :func:`judge_against_declaration`).
    """
    if image.ndim != 2:
        raise ValueError(f"expected a 2-D grey image, got shape {image.shape}")
    start = time.perf_counter()
    manifest = model.manifest
    spec = manifest.input
    views = plan_views(image.shape, spec, manifest.tiling)
    limit = _batch_limit(model)
    found: list[Detection] = []
    scores: dict[str, float] = dict.fromkeys(manifest.labels, 0.0)
    model_s = 0.0
    rows, cols = image.shape
    for first in range(0, len(views), limit):
        chunk = views[first : first + limit]
        tensor = to_tensor([view_pixels(image, v, spec) for v in chunk], spec)
        t0 = time.perf_counter()
        (outputs,) = model.session.run([model.output_name], {model.input_name: tensor})
        model_s += time.perf_counter() - t0
        for view, output in zip(chunk, outputs, strict=True):
            decoded = decode(output, manifest, spec.size)
            for label, score in decoded.image_scores.items():
                scores[label] = max(scores.get(label, 0.0), score)
            for det in decoded.detections:
                x, y, w, h = det.box
                # Model pixels -> source pixels; drop what lies in the padding.
                x0, y0 = view.x0 + x / view.fx, view.y0 + y / view.fy
                x1, y1 = x0 + w / view.fx, y0 + h / view.fy
                x0, y0 = max(x0, view.x0), max(y0, view.y0)
                x1, y1 = min(x1, view.x0 + view.w, cols), min(y1, view.y0 + view.h, rows)
                if x1 - x0 < 1 or y1 - y0 < 1:
                    continue
                found.append(Detection(det.label, det.score, (x0, y0, x1 - x0, y1 - y0)))
    if manifest.output.decoder == "heatmap":
        found = union_touching(found)
    elif len(views) > 1 or manifest.output.decoder != "classification":
        method = manifest.tiling.merge if manifest.tiling else "nms"
        found = merge(found, manifest.thresholds.iou, method)
    found = judge_against_declaration(found, manifest, declared_empty)
    total = (time.perf_counter() - start) * 1000
    return Analysis(manifest.name, manifest.version, manifest.sha256, found, scores,
                    (rows, cols), len(views), total, model_s * 1000)


def judge_against_declaration(found: list[Detection], manifest: ModelManifest,
                              declared_empty: bool | None) -> list[Detection]:
    """Apply the manifest's declaration rule: load regions are findings only against "empty".

    Goods in the load space are normal unless the container was declared empty, so the
    load label's regions are relabelled ``if_declared_empty`` when ``declared_empty`` is
    True and dropped otherwise (declared loaded, or no declaration known: no claim to test).
    """
    rule = manifest.declaration
    if rule is None:
        return found
    judged: list[Detection] = []
    for det in found:
        if det.label != rule.load_label:
            judged.append(det)
        elif declared_empty:
            judged.append(Detection(rule.if_declared_empty, det.score, det.box))
    return judged


def union_touching(detections: list[Detection]) -> list[Detection]:
    """Heatmap regions of one label that touch or overlap (e.g. across tiles) become one box."""
    out: list[Detection] = []
    for label in sorted({d.label for d in detections}):
        boxes = [[*d.box, d.score] for d in detections if d.label == label]
        changed = True
        while changed:
            changed = False
            for i in range(len(boxes)):
                for j in range(i + 1, len(boxes)):
                    a, b = boxes[i], boxes[j]
                    if (a[0] <= b[0] + b[2] and b[0] <= a[0] + a[2]
                            and a[1] <= b[1] + b[3] and b[1] <= a[1] + a[3]):
                        x0, y0 = min(a[0], b[0]), min(a[1], b[1])
                        x1 = max(a[0] + a[2], b[0] + b[2])
                        y1 = max(a[1] + a[3], b[1] + b[3])
                        boxes[i] = [x0, y0, x1 - x0, y1 - y0, max(a[4], b[4])]
                        del boxes[j]
                        changed = True
                        break
                if changed:
                    break
        out.extend(Detection(label, float(s), (float(x), float(y), float(w), float(h)))
                   for x, y, w, h, s in boxes)
    return sorted(out, key=lambda d: -d.score)


def as_grey(image: np.ndarray) -> GreyImage:
    """Any 2-D numeric array -> float32 0..1 (integers by their type's full range)."""
    if np.issubdtype(image.dtype, np.integer):
        return (image.astype(np.float32) / float(np.iinfo(image.dtype).max)).astype(np.float32)
    return np.clip(image.astype(np.float32), 0.0, 1.0)
