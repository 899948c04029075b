"""Image-quality test pieces scored automatically (Qt-free; numpy and OpenCV only).

API (stable; the technician's session and the CLI call these)::

    @dataclass(frozen=True) class IqMetric:
        name: str; value: float; unit: str; limit: float; passed: bool
        higher_is_better: bool; standard: str; detail: dict[str, float] | None
        # value is math.inf (JSON null) when nothing of the feature was seen
    @dataclass(frozen=True) class IqReport:
        kind: str                     # "parcel" | "cargo": the piece found
        metrics: tuple[IqMetric, ...]; passed: bool
        pixel_mm: float               # pixel pitch measured from the piece's markers
        notes: tuple[str, ...]        # keys: "single_energy" (no material discrimination)
        def metric(name) -> IqMetric; def to_json() -> dict
            # {"passed", "kind", "pixel_mm", "notes",
            #  "metrics": [{name, value, unit, limit, passed, higher_is_better, standard}]}

    score_test_piece(*, high, low=None, kind=None, pixel_mm=None, limits=None) -> IqReport
        # keyword-only. high, low: corrected uint16 transmission (lines, pixels), low None
        # for a single-energy image; kind: "parcel" | "cargo" | None (whichever piece is
        # found); pixel_mm: the scanner's stated pitch, checked against the markers (note
        # "pixel_pitch_mismatch"); limits: {metric name: limit} over the kind's defaults
    score_scan(scan: DualEnergyScan, *, kind=None, limits=None) -> IqReport
    score_file(path, *, kind=None, limits=None) -> IqReport   # DICOS/DICOM, 16-bit TIFF/PNG
    TestPieceNotFound(ValueError)   # no piece in the image / piece cut off
    UnsupportedScanFile(ValueError) # from score_file: missing, corrupt or wrong-kind file

Metric names: ``wire_resolution`` (mm, thinnest wire seen), ``spatial_resolution`` (mm,
finest bar group resolved both ways), ``penetration`` (cm steel), ``noise`` (%),
``uniformity`` (%), ``material_discrimination`` (% of patches in their class). Default
limits and the standard test each follows: :mod:`workstation.imaging.iq.limits`.

The scan must be the image as the officer sees it: offset/gain corrected with the
calibration in force (:mod:`workstation.imaging.correction`).
"""

from __future__ import annotations

from workstation.imaging.iq.files import score_file
from workstation.imaging.iq.locate import TestPieceNotFound
from workstation.imaging.iq.report import IqMetric, IqReport
from workstation.imaging.iq.score import METRIC_NAMES, score_scan, score_test_piece

__all__ = ["METRIC_NAMES", "IqMetric", "IqReport", "TestPieceNotFound", "score_file",
           "score_scan", "score_test_piece"]
