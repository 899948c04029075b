"""Find a test piece in a corrected scan from its three fiducial markers.

The markers are square steel blocks at the corners of a right triangle with legs 4 : 3
(:mod:`standards.test_pieces`). They are found as compact, square, dense blobs
(high-energy attenuation above :data:`FIDUCIAL_MIN_ATTENUATION`, far above anything thin on
the pieces); the triple whose distances, right angle and blob size fit a layout gives an
affine map from the piece's cm to image pixels. So the piece may lie anywhere in the
image, at any pixel pitch (a TIFF says none), scanned either way round or turned by a
quarter; it must lie square to the belt (within :data:`MAX_SKEW`).

Thresholding the uint16 transmission directly (T below exp(-A)) is the same test as A above
the threshold, without a logarithm per pixel. A uniform gain change of the scanner moves A by
-ln(gain) everywhere, well inside the margin between the threshold and the markers'
attenuation (1.5 to 2 and more).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import cv2
import numpy as np

from standards.test_pieces import LAYOUTS, Rect, TestPieceLayout
from workstation.imaging.scan import FULL_SCALE

FIDUCIAL_MIN_ATTENUATION = 1.0  # high-energy A = -ln T a marker pixel exceeds
MAX_SKEW = 0.06  # tolerated cross term of the layout axes in the image (about 3.5 degrees)
_MIN_BLOB_PX = 12  # smaller dense specks are noise or bad-pixel streaks
_MAX_CANDIDATES = 40  # most marker candidates tried (the most square first)


class TestPieceNotFound(ValueError):
    """No test piece in the image: the message says what was looked for."""

    __test__ = False  # a name pytest would otherwise take for a test class


@dataclass(frozen=True)
class Placement:
    """Where a layout lies in an image, as a canonical view plus a scale.

    The canonical view of an image (:meth:`view`) is a transposed and/or flipped view (no
    copy) in which layout x runs down axis 0 and layout y along axis 1; there layout point
    (x, y) cm sits at row ``row0 + x * rows_per_cm``, column ``col0 + y * cols_per_cm``.
    """

    layout: TestPieceLayout
    transpose: bool
    flip_rows: bool
    flip_cols: bool
    row0: float
    col0: float
    rows_per_cm: float
    cols_per_cm: float
    shape: tuple[int, int]  # canonical view shape

    @property
    def pixel_mm(self) -> float:
        """Pixel pitch measured from the markers (mean of both axes), mm."""
        return 20.0 / (self.rows_per_cm + self.cols_per_cm)

    def view(self, image: np.ndarray) -> np.ndarray:
        """``image`` (lines, pixels) in canonical orientation, as a view."""
        v = image.T if self.transpose else image
        return v[::-1 if self.flip_rows else 1, ::-1 if self.flip_cols else 1]

    def roi(self, rect: Rect, margin: float = 0.0) -> tuple[slice, slice]:
        """Canonical-view slices of ``rect`` less ``margin`` cm each side; ValueError when
        the rectangle falls outside the image (the piece is cut off)."""
        r = rect.shrunk(margin)
        r0 = int(math.ceil(self.row0 + r.x * self.rows_per_cm))
        r1 = int(math.floor(self.row0 + (r.x + r.w) * self.rows_per_cm))
        c0 = int(math.ceil(self.col0 + r.y * self.cols_per_cm))
        c1 = int(math.floor(self.col0 + (r.y + r.h) * self.cols_per_cm))
        if r0 < 0 or c0 < 0 or r1 > self.shape[0] or c1 > self.shape[1] or r1 <= r0 or c1 <= c0:
            raise TestPieceNotFound(f"the {self.layout.kind} test piece is cut off at the image "
                                    f"edge (a region at {rect.x:g}, {rect.y:g} cm lies outside)")
        return slice(r0, r1), slice(c0, c1)

    def row(self, x_cm: float) -> float:
        return self.row0 + x_cm * self.rows_per_cm

    def col(self, y_cm: float) -> float:
        return self.col0 + y_cm * self.cols_per_cm


@dataclass(frozen=True)
class _Blob:
    row: float
    col: float
    side: float  # sqrt(area), px


def dense_mask(high: np.ndarray) -> np.ndarray:
    """uint8 mask (255) of pixels attenuating more than a marker's threshold."""
    limit = int(FULL_SCALE * math.exp(-FIDUCIAL_MIN_ATTENUATION))
    # One pass over uint16, no logarithm: T below exp(-A_min) is A above A_min.
    return np.asarray(cv2.threshold(high, limit - 1, 255, cv2.THRESH_BINARY_INV)[1]).astype(np.uint8)


def _candidates(mask: np.ndarray) -> list[_Blob]:
    n, _labels, stats, centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
    found: list[tuple[float, _Blob]] = []
    for i in range(1, n):
        x, y, w, h, area = (int(v) for v in stats[i])
        if area < _MIN_BLOB_PX:
            continue
        aspect = max(w, h) / max(1, min(w, h))
        fill = area / float(w * h)
        if aspect > 1.5 or fill < 0.65:
            continue
        # cv2 gives x = column, y = row.
        found.append((aspect - fill, _Blob(float(centroids[i][1]), float(centroids[i][0]),
                                           math.sqrt(area))))
    found.sort(key=lambda item: item[0])
    return [b for _, b in found[:_MAX_CANDIDATES]]


def _fit(layout: TestPieceLayout, a: _Blob, b: _Blob, c: _Blob) -> float | None:
    """Misfit of blobs (a, b, c) as the layout's markers (0 = perfect); None if they cannot be."""
    ab = math.hypot(a.row - b.row, a.col - b.col)
    bc = math.hypot(c.row - b.row, c.col - b.col)
    if bc < 4 * layout.fiducial_side or ab < bc:
        return None
    cos = ((a.row - b.row) * (c.row - b.row) + (a.col - b.col) * (c.col - b.col)) / (ab * bc)
    ratio = (ab / bc) / (layout.long_leg / layout.short_leg)
    sides = (a.side, b.side, c.side)
    spread = (max(sides) - min(sides)) / max(sides)
    # Marker side relative to the long leg tells the pieces apart whatever the pixel pitch.
    size = (sum(sides) / 3 / ab) / (layout.fiducial_side / layout.long_leg)
    if abs(cos) > 0.1 or abs(ratio - 1) > 0.1 or spread > 0.35 or not 0.7 < size < 1.4:
        return None
    return abs(cos) + abs(ratio - 1) + spread + abs(size - 1)


def _placement(layout: TestPieceLayout, a: _Blob, b: _Blob, c: _Blob,
               shape: tuple[int, int]) -> Placement | None:
    (x0, y0), (x1, y1), (x2, y2) = layout.fiducials
    src = np.array([[x0, y0], [x1, y1], [x2, y2]], np.float64)
    dst = np.array([[a.row, a.col], [b.row, b.col], [c.row, c.col]], np.float64)
    # image = M @ [x, y, 1]: solve the 3 x 3 system exactly (three points, six unknowns).
    m = np.linalg.solve(np.c_[src, np.ones(3)], dst).T  # (2, 3)
    dx, dy = m[:, 0], m[:, 1]  # image change per cm along layout x and y
    transpose = abs(dx[1]) > abs(dx[0])
    if transpose:  # layout x runs along the image's pixel axis
        dx, dy = dx[::-1], dy[::-1]
        offset = m[::-1, 2]
        shape = (shape[1], shape[0])
    else:
        offset = m[:, 2]
    if abs(dx[1]) > MAX_SKEW * abs(dx[0]) or abs(dy[0]) > MAX_SKEW * abs(dy[1]):
        return None
    flip_rows, flip_cols = bool(dx[0] < 0), bool(dy[1] < 0)
    row0 = (shape[0] - 1 - offset[0]) if flip_rows else offset[0]
    col0 = (shape[1] - 1 - offset[1]) if flip_cols else offset[1]
    # Marker centroids are pixel centres: pixel k covers [k - 0.5, k + 0.5).
    return Placement(layout, transpose, flip_rows, flip_cols, float(row0) + 0.5, float(col0) + 0.5,
                     float(abs(dx[0])), float(abs(dy[1])), shape)


def locate(high: np.ndarray, kind: str | None = None, *, mask: np.ndarray | None = None) -> Placement:
    """The placement of test piece ``kind`` (or whichever fits best) in ``high``.

    ``high``: corrected uint16 transmission (lines, pixels). Raises :class:`TestPieceNotFound`
    when no three blobs fit a piece's markers.
    """
    layouts = [LAYOUTS[kind]] if kind is not None else list(LAYOUTS.values())
    blobs = _candidates(dense_mask(high) if mask is None else mask)
    best: tuple[float, Placement] | None = None
    for layout in layouts:
        for a, b, c in itertools.permutations(blobs, 3):
            misfit = _fit(layout, a, b, c)
            if misfit is None or (best is not None and misfit >= best[0]):
                continue
            placed = _placement(layout, a, b, c, (int(high.shape[0]), int(high.shape[1])))
            if placed is not None:
                best = (misfit, placed)
    if best is None:
        what = f"{kind} test piece" if kind else "test piece (parcel or cargo)"
        raise TestPieceNotFound(f"no {what} found: its three square steel markers were not "
                                f"seen ({len(blobs)} compact dense blobs in the image)")
    return best[1]
