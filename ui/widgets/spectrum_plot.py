"""A RIID's gamma spectrum in the supervisor's dossier: counts per channel over energy (keV)
with the instrument's identified nuclides named on the plot, interactive (zoom with the
wheel, pan by dragging, log scale for the counts from the context menu), drawn with
pyqtgraph. Colours follow the window's palette, so both themes read well."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from workstation.lane.review_events import NuclideId, SpectrumTrace

TRACE_COLOUR = "#2F80ED"  # blue: readable on the light and the dark background


def nuclide_text(nuclide: NuclideId) -> str:
    """``Cs-137 (93 %)``; the file's own word when it gives no number."""
    c = nuclide.confidence
    if isinstance(c, float | int):
        return f"{nuclide.name} ({c:.0%})"
    return f"{nuclide.name} ({c})" if c else nuclide.name


class SpectrumPlot(QWidget):
    """One spectrum: ``show_trace`` draws it; ``points`` says how many channels are drawn."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plot = pg.PlotWidget()
        self.plot.setMinimumHeight(220)
        self.plot.setMenuEnabled(True)
        self.plot.showGrid(x=True, y=True, alpha=0.25)
        self.plot.setAccessibleName(self.tr("Gamma spectrum"))
        self.curve = self.plot.plot([], [])
        self.nuclides = QLabel()
        self.nuclides.setWordWrap(True)
        self.nuclides.setObjectName("heading")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nuclides)
        layout.addWidget(self.plot, 1)
        self.points = 0
        self._labels: list[pg.TextItem] = []

    def _colours(self) -> tuple[str, str]:
        palette = self.palette()
        return (palette.color(QPalette.ColorRole.Base).name(),
                palette.color(QPalette.ColorRole.Text).name())

    def show_trace(self, trace: SpectrumTrace, nuclides: tuple[NuclideId, ...]) -> None:
        background, text = self._colours()
        self.plot.setBackground(background)
        for axis in ("left", "bottom"):
            self.plot.getAxis(axis).setTextPen(text)
            self.plot.getAxis(axis).setPen(text)
        counts = np.asarray(trace.counts, dtype=float)
        if trace.energies_kev is not None:
            x = np.asarray(trace.energies_kev, dtype=float)
            self.plot.setLabel("bottom", self.tr("Energy (keV)"))
        else:
            x = np.arange(len(counts), dtype=float)
            self.plot.setLabel("bottom", self.tr("Channel"))
        live = (self.tr("counts in %1 s live time").replace("%1", f"{trace.live_time_s:g}")
                if trace.live_time_s else self.tr("counts"))
        self.plot.setLabel("left", live)
        self.curve.setData(x, counts, pen=pg.mkPen(TRACE_COLOUR, width=1.5),
                           stepMode=None)
        self.points = len(counts)
        for label in self._labels:
            self.plot.removeItem(label)
        self._labels = []
        if nuclides:
            self.nuclides.setText(self.tr("Identified by the instrument: %1")
                                  .replace("%1", ", ".join(nuclide_text(n) for n in nuclides)))
            self.nuclides.setProperty("status", "alarm")
        else:
            self.nuclides.setText(self.tr("No nuclide identified by the instrument"))
            self.nuclides.setProperty("status", "ok")
        self.nuclides.style().unpolish(self.nuclides)
        self.nuclides.style().polish(self.nuclides)
        if nuclides and len(counts):
            # The names at the top left of the plot (where a spectrum has room to spare):
            # the instrument says which nuclides, not at which peak.
            label = pg.TextItem(", ".join(n.name for n in nuclides), color=text, anchor=(1, 0))
            label.setPos(float(x[-1]), float(counts.max()))
            self.plot.addItem(label)
            self._labels.append(label)
        self.plot.enableAutoRange()

    def clear(self) -> None:
        self.curve.setData([], [])
        self.points = 0
        self.nuclides.clear()
        for label in self._labels:
            self.plot.removeItem(label)
        self._labels = []
