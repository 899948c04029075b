"""A portal pass for the officer: the detectors, the gross-count time profile (a QPainter
line plot of counts per time slice, one line per detector) and the alarm in words.

``open_portal_profile(doc, parent)`` shows it as a dialog for a document read by
``standards.spectra`` (a portal-monitor N42 file, imported or attached to a control).
The alarm is text with an icon-like symbol, never colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from standards.spectra import SpectrumDocument
from standards.spectra.profile import DETECTOR_COLOURS, TimeProfile, nice_ticks, time_profile


class PortalProfilePlot(QWidget):
    """Counts per time slice (y) over seconds from the first slice (x), one line per detector."""

    def __init__(self, profile: TimeProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self.setMinimumSize(560, 300)
        self.setAccessibleName(self.tr("Gross counts per time slice"))

    def colours(self) -> list[QColor]:
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        colours = [QColor(c) for c in DETECTOR_COLOURS]
        if dark:
            colours[-1] = QColor("#DDDDDD")
        return colours

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        p = self.profile
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        metrics = painter.fontMetrics()
        legend_w = max((metrics.horizontalAdvance(d or "?") for d in p.detectors), default=0) + 48
        area = QRectF(70, 24, self.width() - 70 - legend_w - 10, self.height() - 24 - 44)
        t_end = (p.times_s[-1] + (p.real_times_s[-1] or 0.0)) if p.slices else 1.0
        t_end = max(t_end, 1e-9)
        peak = max((c for d in p.detectors for c in p.counts[d] if c is not None), default=0.0)
        y_top = max(peak * 1.1, 1.0)

        def at(t: float, c: float) -> QPointF:
            return QPointF(area.left() + area.width() * t / t_end, area.bottom() - area.height() * c / y_top)

        shade = QColor(text)
        shade.setAlpha(28)
        for i, occupied in enumerate(p.occupied):
            if occupied:
                left = at(p.times_s[i], 0).x()
                right = at(p.times_s[i] + (p.real_times_s[i] or 0.0), 0).x()
                painter.fillRect(QRectF(left, area.top(), max(right - left, 1.0), area.height()), shade)
        painter.setPen(QPen(text, 1))
        painter.drawRect(area)
        for value in nice_ticks(y_top):
            y = at(0, value).y()
            painter.drawLine(QPointF(area.left() - 4, y), QPointF(area.left(), y))
            painter.drawText(QRectF(0, y - 8, area.left() - 8, 16),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{value:g}")
        for value in nice_ticks(t_end):
            x = at(value, 0).x()
            painter.drawLine(QPointF(x, area.bottom()), QPointF(x, area.bottom() + 4))
            painter.drawText(QRectF(x - 30, area.bottom() + 6, 60, 16), Qt.AlignmentFlag.AlignHCenter, f"{value:g}")
        painter.drawText(QRectF(area.left(), self.height() - 20, area.width(), 18), Qt.AlignmentFlag.AlignHCenter,
                         self.tr("time from the first slice (s)"))
        painter.drawText(QRectF(area.left(), 2, area.width(), 20), Qt.AlignmentFlag.AlignLeft,
                         self.tr("counts per slice"))
        colours = self.colours()
        for k, detector in enumerate(p.detectors):
            pen = QPen(colours[k % len(colours)], 2)
            painter.setPen(pen)
            previous: QPointF | None = None
            for i, value in enumerate(p.counts[detector]):
                if value is None:
                    previous = None  # no data in this slice: the line breaks
                    continue
                point = at(p.times_s[i] + (p.real_times_s[i] or 0.0) / 2, value)
                if previous is not None:
                    painter.drawLine(previous, point)
                elif len(p.counts[detector]) == 1:
                    painter.drawEllipse(point, 3, 3)
                previous = point
            y = area.top() + 18 * k + 8
            painter.drawLine(QPointF(area.right() + 10, y), QPointF(area.right() + 34, y))
            painter.setPen(QPen(text, 1))
            label = detector or self.tr("(unnamed)")
            if p.categories.get(detector) == "Neutron":
                label += " (n)"
            painter.drawText(QPointF(area.right() + 40, y + 5), label)
        painter.end()


class PortalProfileView(QWidget):
    """Alarm, instrument and pass figures above the plot."""

    def __init__(self, doc: SpectrumDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = time_profile(doc)
        totals = doc.totals()
        layout = QVBoxLayout(self)
        self.alarm = QLabel()
        self.alarm.setWordWrap(True)
        if doc.alarms:
            words = "; ".join(f"{a.category} {a.description}".strip() for a in doc.alarms)
            self.alarm.setText(self.tr("⚠ ALARM: {0}").format(words))
            self.alarm.setProperty("status", "alarm")
        else:
            self.alarm.setText(self.tr("No alarm in the file"))
            self.alarm.setProperty("status", "ok")
        self.alarm.setObjectName("heading")
        layout.addWidget(self.alarm)
        ins = doc.instrument
        name = " ".join(part for part in (ins.manufacturer, ins.model) if part) or self.tr("unknown instrument")
        self.figures = QLabel(self.tr(
            "{0}: {1} time slices of {2} detectors ({3} spectra), {4} gamma counts, {5} neutron counts"
        ).format(name, self.profile.slices, len(self.profile.detectors), f"{totals['spectra']:,}",
                 f"{totals['gamma_counts']:,}", f"{totals['neutron_counts']:,}"))
        self.figures.setWordWrap(True)
        layout.addWidget(self.figures)
        per_detector = self.profile.totals()
        self.detectors = QLabel(", ".join(f"{d or '?'} {per_detector[d]:,.0f}" for d in self.profile.detectors))
        self.detectors.setWordWrap(True)
        layout.addWidget(self.detectors)
        self.plot = PortalProfilePlot(self.profile)
        layout.addWidget(self.plot, 1)


def open_portal_profile(doc: SpectrumDocument, parent: QWidget | None = None, title: str = "") -> QDialog:
    """Show the pass of ``doc`` in a non-modal dialog (closed with Close or Escape); returns it."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title or dialog.tr("Portal pass"))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    layout = QVBoxLayout(dialog)
    view = PortalProfileView(doc, dialog)
    layout.addWidget(view, 1)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    dialog.setProperty("portal_view", view)
    dialog.resize(900, 560)
    dialog.show()
    return dialog
