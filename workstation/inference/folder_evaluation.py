"""A model measured on a folder of labelled images, as the lane runs it (``models evaluate``).

The folder holds one sub-folder per class (``handgun/``, ``razor-blade/``, ``other/`` ...).
A :class:`ClassMap` says which model labels count for which folder; a folder mapped to no
label is a *negative* (no threat in its images). Labels are judged per *image*, not per box:
an image is flagged for a label when the model reports that label anywhere in it (real
test crops carry no boxes, and an officer looks at a whole image).

Every image is read with :func:`workstation.inference.intake.read_grey` (8- and 16-bit
plain images, TIFF, DICOS) and analysed with :func:`workstation.inference.runner.analyse`
on the loaded model, i.e. the same preprocessing, tiling, decoding, merging and thresholds
as the lane. A second run of the same path with every score threshold lowered to a floor
gives each image's best score per label, from which the detection / false-alarm curve and
the threshold meeting an operating point are computed. For box decoders (YOLO layouts with
NMS or WBF) the floor run flags at threshold ``t`` exactly the images the application
flags at ``t``: suppression only ever removes a box in favour of a higher-scoring one of
the same label. Heatmap models with ``min_area`` can differ slightly (regions merge below
the threshold).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from workstation.inference.intake import ImageReadError, read_grey
from workstation.inference.registry import LoadedModel
from workstation.inference.runner import analyse

SCORE_FLOOR = 0.05
"""Lowest score the curve looks at (0..1); the decoders drop boxes below it."""

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".pgm",
                            ".dcm", ".dcs", ".dicom", ".dicos"})
CURVE_STEP = 0.025

_POINT = re.compile(r"^(?P<cls>[^:]+):(?P<what>fa|dr)(?P<op><=|>=)(?P<value>[0-9.]+)$")


class EvaluationError(Exception):
    """The folder, the class map or an operating point cannot be used; the message says which."""


@dataclass(frozen=True)
class OperatingPoint:
    """A stated operating point for one positive class (folder).

    ``fa<=X``: the lowest threshold whose false-alarm rate on the negatives is at most X
    (the most detections that rate allows); ``dr>=X``: the highest threshold that still
    detects at least X of the class's images (the fewest false alarms). X is a share, 0..1.
    """

    cls: str
    kind: Literal["fa", "dr"]
    limit: float

    @classmethod
    def parse(cls, text: str) -> OperatingPoint:
        match = _POINT.match(text.replace(" ", ""))
        if match is None:
            raise EvaluationError(f"operating point {text!r}: expected CLASS:fa<=SHARE or "
                                  "CLASS:dr>=SHARE, e.g. handgun:fa<=0.05")
        what, op = match["what"], match["op"]
        if (what, op) not in (("fa", "<="), ("dr", ">=")):
            raise EvaluationError(f"operating point {text!r}: a false-alarm rate is bounded "
                                  "from above (fa<=), a detection rate from below (dr>=)")
        limit = float(match["value"])
        if not 0.0 <= limit <= 1.0:
            raise EvaluationError(f"operating point {text!r}: {limit} is not a share 0..1")
        return cls(match["cls"], "fa" if what == "fa" else "dr", limit)

    def __str__(self) -> str:
        return f"{self.cls}:{self.kind}{'<=' if self.kind == 'fa' else '>='}{self.limit:g}"


@dataclass(frozen=True)
class ClassMap:
    """Folder name -> the model labels that count as detecting that folder's class."""

    labels: Mapping[str, tuple[str, ...]]
    ignored: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def positives(self) -> list[str]:
        return sorted(f for f, labels in self.labels.items() if labels)

    def negatives(self) -> list[str]:
        return sorted(f for f, labels in self.labels.items() if not labels)


def parse_mapping(entries: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """``["razor-blade=knife,blade", "umbrella="]`` -> {folder: labels}; ``folder=`` = negative."""
    mapping: dict[str, tuple[str, ...]] = {}
    for entry in entries:
        folder, sep, labels = entry.partition("=")
        folder = folder.strip()
        if not sep or not folder:
            raise EvaluationError(f"--map {entry!r}: expected FOLDER=LABEL[,LABEL...] "
                                  "(FOLDER= makes the folder a negative)")
        mapping[folder] = tuple(dict.fromkeys(s.strip() for s in labels.split(",") if s.strip()))
    return mapping


def class_map(folders: Iterable[str], model_labels: Sequence[str],
              mapping: Mapping[str, tuple[str, ...]]) -> ClassMap:
    """Which labels count for each folder: the ``mapping`` given, else the folder's own name
    when the model has that label, else none (a negative folder).

    A mapped label the model does not know is ignored (reported in ``ignored``), so one map
    serves models with and without a ``blade`` label; a folder whose mapped labels are
    all unknown, or a mapping for a folder that does not exist, is an error naming them.
    """
    known = set(model_labels)
    folders = sorted(folders)
    missing = sorted(set(mapping) - set(folders))
    if missing:
        raise EvaluationError(f"--map names folders that are not in the folder: {missing} "
                              f"(folders: {folders})")
    labels: dict[str, tuple[str, ...]] = {}
    ignored: dict[str, tuple[str, ...]] = {}
    for folder in folders:
        wanted = mapping.get(folder, (folder,) if folder in known else ())
        usable = tuple(lab for lab in wanted if lab in known)
        unknown = tuple(lab for lab in wanted if lab not in known)
        if wanted and not usable:
            raise EvaluationError(f"--map {folder}={','.join(wanted)}: the model has none of "
                                  f"these labels (its labels: {', '.join(model_labels)})")
        labels[folder] = usable
        if unknown:
            ignored[folder] = unknown
    return ClassMap(labels, ignored)


def list_images(root: Path) -> dict[str, list[Path]]:
    """Class folder name -> its image files (by suffix, sorted); other files are left out."""
    if not root.is_dir():
        raise EvaluationError(f"{root}: not a folder (expected one sub-folder per class)")
    found: dict[str, list[Path]] = {}
    for sub in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        found[sub.name] = sorted(p for p in sub.iterdir()
                                 if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
    if not any(found.values()):
        raise EvaluationError(f"{root}: no images in class sub-folders (e.g. {root}/handgun/*.png)")
    return found


@dataclass
class ImageScores:
    """One image: its class folder, the labels reported at the model's thresholds (the
    application's own run), and its best score per label at the floor."""

    path: Path
    folder: str
    flagged: frozenset[str]
    best: dict[str, float]


def score_images(model: LoadedModel, images: Mapping[str, Sequence[Path]], *, max_pixels: int,
                 floor: float = SCORE_FLOOR,
                 progress: Callable[[int, int], None] | None = None,
                 ) -> tuple[list[ImageScores], list[tuple[Path, str]]]:
    """Run ``model`` over every image twice (at its thresholds, and at ``floor``).

    Returns the scored images and the unreadable ones as (path, message); a bad file never
    stops the others.
    """
    low = at_floor(model, floor)
    scored: list[ImageScores] = []
    unreadable: list[tuple[Path, str]] = []
    total = sum(len(v) for v in images.values())
    done = 0
    for folder, paths in images.items():
        for path in paths:
            done += 1
            try:
                grey = read_grey(path, max_pixels=max_pixels)
            except ImageReadError as exc:
                unreadable.append((path, str(exc)))
                continue
            shipped = analyse(model, grey)
            floored = analyse(low, grey)
            best = dict.fromkeys(model.manifest.labels, 0.0)
            for det in floored.detections:
                best[det.label] = max(best[det.label], det.score)
            scored.append(ImageScores(path, folder, frozenset(d.label for d in shipped.detections),
                                      best))
            if progress is not None:
                progress(done, total)
    return scored, unreadable


def at_floor(model: LoadedModel, floor: float) -> LoadedModel:
    """The same loaded model (same session) with every score threshold at ``floor``."""
    manifest = model.manifest
    thresholds = manifest.thresholds.model_copy(
        update={"score": floor, "per_label": dict.fromkeys(manifest.labels, floor)})
    return LoadedModel(manifest.model_copy(update={"thresholds": thresholds}), model.model_path,
                       model.session, model.input_name, model.output_name)


def thresholds_of(model: LoadedModel) -> dict[str, float]:
    """The score threshold the application applies to each label (0..1)."""
    return {lab: model.manifest.score_threshold(lab) for lab in model.manifest.labels}


def _rate(hits: int, count: int) -> float | None:
    return round(hits / count, 4) if count else None


def _flagged_at(image: ImageScores, labels: Sequence[str], threshold: float | Mapping[str, float]) -> bool:
    if isinstance(threshold, Mapping):
        return any(image.best[lab] >= threshold[lab] for lab in labels)
    return any(image.best[lab] >= threshold for lab in labels)


def curve(scored: Sequence[ImageScores], cmap: ClassMap, cls: str, *, floor: float = SCORE_FLOOR,
          step: float = CURVE_STEP) -> list[dict[str, float | None]]:
    """Detection rate of ``cls`` and false-alarm rate on the negatives, at thresholds from
    ``floor`` to 0.95 in ``step`` (one threshold for all of the class's labels)."""
    labels = cmap.labels[cls]
    positives = [s for s in scored if s.folder == cls]
    negatives = [s for s in scored if not cmap.labels[s.folder]]
    points: list[dict[str, float | None]] = []
    for i in range(math.floor((0.95 - floor) / step + 1e-9) + 1):
        t = round(floor + i * step, 4)
        points.append({
            "threshold": t,
            "detection_rate": _rate(sum(_flagged_at(s, labels, t) for s in positives), len(positives)),
            "false_alarm_rate": _rate(sum(_flagged_at(s, labels, t) for s in negatives), len(negatives)),
        })
    return points


def solve(scored: Sequence[ImageScores], cmap: ClassMap, point: OperatingPoint, *,
          floor: float = SCORE_FLOOR) -> dict[str, Any]:
    """The threshold (0..1, three decimals) that meets ``point``, with the rates it gives.

    ``met`` is False when no threshold at or above the floor meets it (then ``threshold``
    is the best one can do: the floor for ``dr``, above every negative for ``fa``).
    """
    labels = check_point(cmap, point)
    positives = [max(s.best[lab] for lab in labels) for s in scored if s.folder == point.cls]
    negatives = [max(s.best[lab] for lab in labels) for s in scored if not cmap.labels[s.folder]]
    if point.kind == "fa":
        if not negatives:
            raise EvaluationError(f"operating point {point}: no negative images (a folder such "
                                  "as other/ mapped to no label) to count false alarms on")
        allowed = math.floor(point.limit * len(negatives) + 1e-9)
        ranked = sorted(negatives, reverse=True)
        # Just above the best-scoring negative that must not be flagged (a score >= t flags).
        must_clear = ranked[allowed] if allowed < len(ranked) else 0.0
        threshold = max(floor, math.floor(must_clear * 1000 + 1e-6) / 1000 + 0.001)
        met = threshold <= 1.0
        threshold = min(threshold, 1.0)
    else:
        if not positives:
            raise EvaluationError(f"operating point {point}: the folder {point.cls!r} has no images")
        needed = max(1, math.ceil(point.limit * len(positives) - 1e-9))
        ranked = sorted(positives, reverse=True)
        reach = ranked[needed - 1] if needed <= len(ranked) else 0.0
        threshold = math.floor(reach * 1000 + 1e-6) / 1000
        met = threshold >= floor
        threshold = max(threshold, floor)
    threshold = round(threshold, 3)
    detected = sum(p >= threshold for p in positives)
    alarms = sum(n >= threshold for n in negatives)
    return {"class": point.cls, "operating_point": str(point), "labels": list(labels),
            "threshold": threshold, "met": met,
            "detection_rate": _rate(detected, len(positives)),
            "false_alarm_rate": _rate(alarms, len(negatives))}


def check_point(cmap: ClassMap, point: OperatingPoint) -> tuple[str, ...]:
    """The labels of the class ``point`` names; EvaluationError when it names no positive class."""
    if point.cls not in cmap.labels:
        raise EvaluationError(f"operating point {point}: no class folder {point.cls!r} "
                              f"(folders: {sorted(cmap.labels)})")
    labels = cmap.labels[point.cls]
    if not labels:
        raise EvaluationError(f"operating point {point}: {point.cls!r} is a negative folder "
                              "(mapped to no label); name a class with labels")
    return labels


def config_lines(model_name: str, solved: Sequence[Mapping[str, Any]]) -> list[str]:
    """The lane-configuration lines that set the solved thresholds (TOML).

    A label reached by several operating points gets the highest of their thresholds: it
    keeps every stated false-alarm bound (a higher threshold only removes alarms).
    """
    per_label: dict[str, float] = {}
    for row in solved:
        for label in row["labels"]:
            per_label[label] = max(per_label.get(label, 0.0), float(row["threshold"]))
    if not per_label:
        return []
    return [f"[models.thresholds.{model_name}]",
            *(f"{label} = {value:.3f}" for label, value in sorted(per_label.items()))]


def report(model: LoadedModel, scored: Sequence[ImageScores], cmap: ClassMap,
           points: Sequence[OperatingPoint] = (), *, floor: float = SCORE_FLOOR) -> dict[str, Any]:
    """The figures of ``models evaluate --json`` (rates are shares 0..1, None without images)."""
    thresholds = thresholds_of(model)
    negatives = [s for s in scored if not cmap.labels[s.folder]]
    per_class: dict[str, dict[str, Any]] = {}
    for folder, labels in sorted(cmap.labels.items()):
        mine = [s for s in scored if s.folder == folder]
        if labels:
            detected = sum(bool(s.flagged & set(labels)) for s in mine)
            alarms = sum(bool(s.flagged & set(labels)) for s in negatives)
            per_class[folder] = {"images": len(mine), "labels": list(labels), "detected": detected,
                                 "detection_rate": _rate(detected, len(mine)),
                                 "false_alarm_rate": _rate(alarms, len(negatives))}
        else:
            flagged = {lab: sum(lab in s.flagged for s in mine) for lab in thresholds}
            with_any = sum(bool(s.flagged) for s in mine)
            per_class[folder] = {"images": len(mine), "negative": True, "with_any_finding": with_any,
                                 "any_finding_rate": _rate(with_any, len(mine)),
                                 "flagged_by_label": {k: v for k, v in flagged.items() if v}}
    solved = [solve(scored, cmap, p, floor=floor) for p in points]
    return {
        "model": model.manifest.name,
        "version": model.manifest.version,
        "thresholds": thresholds,
        "classes": {f: list(labels) for f, labels in sorted(cmap.labels.items())},
        "negatives": cmap.negatives(),
        "ignored_labels": {f: list(v) for f, v in cmap.ignored.items()},
        "per_class": per_class,
        "negatives_with_any_finding": _rate(sum(bool(s.flagged) for s in negatives), len(negatives)),
        "score_floor": floor,
        "curve": {cls: curve(scored, cmap, cls, floor=floor) for cls in cmap.positives()},
        "operating_points": solved,
        "config": "\n".join(config_lines(model.manifest.name, solved)),
    }
