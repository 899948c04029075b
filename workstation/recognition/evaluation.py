"""Accuracy of the readers on labelled photo sets (formats of shared/data/README.md).

* plates: one ``NAME.txt`` per image, a tab-separated line ``file x y w h PLATE``; a read is
  exact when the best plate equals the truth with the letter O and the digit 0 taken as equal
  (the truths write O for 0 in places).
* containers: one folder per truck visit, one ``.txt`` per view with lines
  ``class TEXT x1 y1 x2 y2``; class 0 is the container number. A number counts as read when
  some view of its visit gives it. A label that fails its own ISO 6346 check digit cannot be
  trusted: it is reported invalid, and counted as read only when what the views gave is one
  of its single-character corrections (the painted marking and the label disagree).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from standards.iso6346 import is_valid
from workstation.recognition.containers import assess, read_containers
from workstation.recognition.images import load_bgr
from workstation.recognition.ocr import OcrEngine
from workstation.recognition.plates import read_plates

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp")


class TruthError(Exception):
    """A truth file is missing or malformed; the message names the file and line."""


@dataclass
class EvalReport:
    kind: str
    total: int = 0
    correct: int = 0
    mean_ms: float = 0.0
    details: list[dict[str, object]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def as_json(self) -> dict[str, object]:
        return {"kind": self.kind, "total": self.total, "correct": self.correct,
                "accuracy": round(self.accuracy, 4), "mean_ms": round(self.mean_ms, 1),
                "details": self.details}


def same_plate(a: str, b: str) -> bool:
    return a.replace("0", "O") == b.replace("0", "O")


def plate_truth(txt: Path) -> str:
    fields = txt.read_text(encoding="utf-8").strip().split()
    if len(fields) < 6:
        raise TruthError(f"{txt}: expected 'file x y w h PLATE', got {' '.join(fields)!r}")
    return fields[-1].upper()


def evaluate_plates(folder: Path, engine: OcrEngine,
                    progress: Callable[[str], None] | None = None) -> EvalReport:
    report = EvalReport("plates")
    images = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    if not images:
        raise TruthError(f"{folder}: no images found")
    spent = 0.0
    for image_path in images:
        txt = image_path.with_suffix(".txt")
        if not txt.exists():
            raise TruthError(f"{txt}: truth file missing for {image_path.name}")
        truth = plate_truth(txt)
        image = load_bgr(image_path)
        start = time.perf_counter()
        plates = read_plates(engine, image)
        spent += time.perf_counter() - start
        best = plates[0].text if plates else ""
        ok = same_plate(best, truth)
        report.total += 1
        report.correct += ok
        report.details.append({"image": image_path.name, "truth": truth, "read": best, "ok": ok})
        if progress:
            progress(f"{image_path.name}: {truth} read {best or '-'} {'ok' if ok else 'WRONG'}")
    report.mean_ms = 1000 * spent / report.total
    return report


def container_truths(txt: Path) -> list[str]:
    codes = []
    for number, line in enumerate(txt.read_text(encoding="utf-8").splitlines(), 1):
        fields = line.split()
        if not fields:
            continue
        if len(fields) != 6:
            raise TruthError(f"{txt}:{number}: expected 'class TEXT x1 y1 x2 y2', got {line!r}")
        if fields[0] == "0":
            codes.append(fields[1].upper())
    return codes


def evaluate_containers(folder: Path, engine: OcrEngine,
                        progress: Callable[[str], None] | None = None) -> EvalReport:
    report = EvalReport("containers")
    visits = sorted(p for p in folder.iterdir() if p.is_dir())
    if not visits:
        raise TruthError(f"{folder}: no visit folders found")
    spent = 0.0
    views = 0
    for visit in visits:
        truths: set[str] = set()
        read: set[str] = set()
        for image_path in sorted(p for p in visit.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES):
            txt = image_path.with_suffix(".txt")
            if txt.exists():
                truths.update(container_truths(txt))
            image = load_bgr(image_path)
            start = time.perf_counter()
            codes = read_containers(engine, image)
            spent += time.perf_counter() - start
            views += 1
            read.update(c.code for c in codes if c.valid)
        for truth in sorted(truths):
            label_valid = is_valid(truth)
            if label_valid:
                ok = truth in read
                via = truth if ok else None
            else:
                fixes = {code for code, _ in assess(truth, limit=100).alternatives}
                via = next(iter(sorted(read & fixes)), None)
                ok = via is not None
            report.total += 1
            report.correct += ok
            report.details.append({"visit": visit.name, "truth": truth, "label_valid": label_valid,
                                   "read_as": via, "ok": ok})
            if progress:
                note = "" if label_valid else " (label fails its check digit: reported invalid)"
                progress(f"{visit.name}: {truth}{note} -> {via or 'not read'}")
    report.mean_ms = 1000 * spent / max(views, 1)
    return report
