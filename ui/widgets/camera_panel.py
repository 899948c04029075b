"""Camera panel: latest lane-camera frame, the plate / container code read with its
confidence (correctable by hand), and the referral it matches, to confirm."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.referral_queue import channel_text
from workstation.lane.types import PlateReading, ReferralRow


def frame_to_qimage(frame: np.ndarray) -> QImage:
    """A grey (H x W) or RGB (H x W x 3) uint8 frame as a QImage that owns its pixels."""
    data = np.ascontiguousarray(frame)
    if data.ndim == 2:
        h, w = data.shape
        return QImage(data.data, w, h, w, QImage.Format.Format_Grayscale8).copy()
    h, w, _ = data.shape
    # RGB32 (a copy that owns its pixels) is the format the raster engine scales fastest.
    return QImage(data.data, w, h, 3 * w, QImage.Format.Format_RGB888).convertToFormat(
        QImage.Format.Format_RGB32)


class CameraPanel(QWidget):
    """Emits ``confirm_requested(text, referral_or_None)`` when the officer confirms."""

    confirm_requested = Signal(str, object)
    text_corrected = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reading: PlateReading | None = None
        self.match: ReferralRow | None = None
        self.typed = False  # the officer typed the text: the camera no longer replaces it
        self.latest: QImage | None = None  # the latest frame, shown or kept while hidden
        self.frame = QLabel(self.tr("No camera frame yet"))
        self.frame.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.frame.setMinimumSize(QSize(240, 135))
        self.frame.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.frame.setAccessibleName(self.tr("Latest camera frame"))
        self.read_text = QLineEdit()
        self.read_text.setPlaceholderText(self.tr("Type the plate or container code"))
        self.read_text.setAccessibleName(self.tr("Plate or container code"))
        self.read_text.setToolTip(self.tr("Correct the reading by hand (Ctrl+L)"))
        self.read_text.textEdited.connect(self._edited)
        self.confidence = QLabel("—")
        # The frame the reading was made on, small: the live picture moves on to the next
        # vehicle before the next reading arrives, and the officer must see which is which.
        self.read_on = QLabel()
        self.read_on.setFixedHeight(90)
        self.read_on.setAccessibleName(self.tr("Frame the reading was made on"))
        self.read_on.setToolTip(self.tr("The camera frame this reading was made on"))
        self.containers = QLabel("—")  # container codes read on the same frame as the plate
        self.containers.setAccessibleName(self.tr("Container codes read on the frame"))
        self.match_label = QLabel(self.tr("No referral matched"))
        self.match_label.setWordWrap(True)
        self.confirm = QPushButton(self.tr("Confirm and open control"))
        self.confirm.setToolTip(self.tr("Open the control for this vehicle (Ctrl+Shift+M)"))
        self.confirm.setShortcut("Ctrl+Shift+M")
        self.confirm.clicked.connect(self._confirm)
        self.confirm.setEnabled(False)

        heading = QLabel(self.tr("Arriving vehicle"))
        heading.setObjectName("heading")
        form = QFormLayout()
        form.addRow(self.tr("Reading"), self.read_text)
        form.addRow(self.tr("Confidence"), self.confidence)
        form.addRow(self.tr("Container"), self.containers)
        form.addRow(self.tr("Read on"), self.read_on)
        form.addRow(self.tr("Referral"), self.match_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.confirm)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.frame, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)

    def show_frame(self, frame: QImage | np.ndarray) -> None:
        """Show the latest frame: a QImage made on the camera host thread (the lane's
        path), or a uint8 array (converted here: tests, a frame typed in by hand)."""
        self.latest = frame if isinstance(frame, QImage) else frame_to_qimage(frame)
        if self.frame.isVisible():
            # Hidden (a control open, image-only mode) frames are only kept: scaling 10
            # frames a second on the main thread for nobody was its largest steady load.
            self._show_latest()

    def _show_latest(self) -> None:
        if self.latest is None:
            return
        # Scaled as a QImage, then made a pixmap: only the small image is copied into it.
        scaled = self.latest.scaled(self.frame.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                    Qt.TransformationMode.SmoothTransformation)
        self.frame.setPixmap(QPixmap.fromImage(scaled))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        # The latest frame at once, scaled once the layout has given the label its size.
        QTimer.singleShot(0, self, self._show_latest)

    def _edited(self, text: str) -> None:
        self.typed = bool(text.strip())
        self.text_corrected.emit(text)

    def show_reading(self, reading: PlateReading) -> None:
        """A camera read: shown, unless the officer has typed a correction (kept)."""
        self.reading = reading
        if self.typed:
            self.confidence.setText(self.tr("camera reads %1; your typed text is kept")
                                    .replace("%1", reading.text))
            self.confirm.setEnabled(True)
            return
        self.read_text.setText(reading.text)
        self._show_read_on(reading)
        percent = round(reading.confidence * 100)
        low = reading.confidence < 0.8
        check = ""
        if reading.valid is False:
            check = " — " + self.tr("check digit FAILS")
        others = reading.containers if reading.kind == "plate" else ()
        self.containers.setText(", ".join(others) or "—")
        self.confidence.setText(
            f"{percent} %" + (" — " + self.tr("LOW, check by eye") if low else "") + check)
        self.confidence.setProperty("status", "warn" if low or reading.valid is False else "ok")
        self.confidence.style().unpolish(self.confidence)
        self.confidence.style().polish(self.confidence)
        self.confirm.setEnabled(True)

    def _show_read_on(self, reading: PlateReading) -> None:
        pixmap = QPixmap()
        if reading.snapshot and pixmap.loadFromData(reading.snapshot, "JPG"):
            self.read_on.setPixmap(pixmap.scaledToHeight(
                self.read_on.height(), Qt.TransformationMode.SmoothTransformation))
        else:
            self.read_on.setText(self.tr("(no frame kept)"))

    def show_match(self, match: ReferralRow | None) -> None:
        self.match = match
        if match is None:
            self.match_label.setText(self.tr("No referral matched: confirm opens a random control"))
        else:
            self.match_label.setText(
                f"{match.referral_id} — {channel_text(match.channel)} — P{match.priority}\n"
                + "; ".join(match.instructions))
        self.confirm.setEnabled(bool(self.read_text.text().strip()))

    def clear(self) -> None:
        self.containers.setText("—")
        self.read_on.clear()
        self.typed = False
        self.reading = None
        self.match = None
        self.read_text.clear()
        self.confidence.setText("—")
        self.match_label.setText(self.tr("No referral matched"))
        self.confirm.setEnabled(False)

    def _confirm(self) -> None:
        text = self.read_text.text().strip()
        if text:
            self.confirm_requested.emit(text, self.match)
