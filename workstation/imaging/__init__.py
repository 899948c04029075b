"""Qt-free x-ray image pipeline: calibration, correction, dual-energy material classes, views.

Flow: raw 16-bit detector lines + :class:`~workstation.imaging.calibration.Calibration`
→ :func:`~workstation.imaging.correction.correct_scan` (offset/gain, bad pixels; strips of lines,
bounded memory) → :class:`~workstation.imaging.scan.DualEnergyScan` holding 16-bit
transmission → :func:`~workstation.imaging.views.render_view` (uint8 RGB for the screen).
"""

from workstation.imaging.calibration import Calibration
from workstation.imaging.correction import correct_scan
from workstation.imaging.materials import MaterialCurve, classify
from workstation.imaging.scan import DualEnergyScan
from workstation.imaging.views import VIEWS, render_view

__all__ = ["VIEWS", "Calibration", "DualEnergyScan", "MaterialCurve", "classify", "correct_scan",
           "render_view"]
