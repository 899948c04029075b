"""The graphics view of a scan: tiled image, smooth zoom and pan, magnifier, measuring.

Scene coordinates are scan pixels: x = scan line (the direction of travel), y = detector
pixel. The image is held as tiles (``TILE`` lines wide, full height) so only the tiles in
view are painted and a streaming scan updates one tile at a time.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPen,
    QPixmap,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsLineItem,
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QLabel,
    QWidget,
)

TILE = 512  # lines per tile
ZOOM_STEP = 1.25
MIN_SCALE, MAX_SCALE = 0.02, 40.0


def to_qimage(pixels: np.ndarray) -> QImage:
    """uint8 (H, W) grey or (H, W, 3) RGB as an RGB32 QImage owning its pixels.

    Called on the render worker: the conversion to the tiles' format happens there, so
    the main thread only blits.
    """
    data = np.ascontiguousarray(pixels)
    h, w = data.shape[:2]
    if data.ndim == 2:
        image = QImage(data.data, w, h, w, QImage.Format.Format_Grayscale8)
    else:
        image = QImage(data.data, w, h, 3 * w, QImage.Format.Format_RGB888)
    return image.convertToFormat(QImage.Format.Format_RGB32)  # a copy: numpy may go


class TiledImage:
    """The scan picture as a row of tiles in ``scene``; strips are painted in place.

    Tiles are made when the first line reaches them, so starting a 6,000-line scan costs
    nothing up front; each paint converts nothing (strips arrive as RGB32 from the render
    worker) and re-uploads only the tile it touched.
    """

    def __init__(self, scene: QGraphicsScene, lines: int, pixels: int) -> None:
        self.scene = scene
        self.lines = lines
        self.pixels = pixels
        self.images: dict[int, QImage] = {}
        self.items: dict[int, QGraphicsPixmapItem] = {}

    def _tile(self, index: int) -> tuple[QImage, QGraphicsPixmapItem]:
        if index not in self.images:
            width = min(TILE, self.lines - index * TILE)
            image = QImage(width, self.pixels, QImage.Format.Format_RGB32)
            image.fill(QColor(0, 0, 0))
            item = QGraphicsPixmapItem()
            item.setPos(index * TILE, 0)
            item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
            item.setZValue(0)
            self.scene.addItem(item)
            self.images[index] = image
            self.items[index] = item
        return self.images[index], self.items[index]

    def paint_strip(self, first_line: int, strip: QImage) -> None:
        """Copy ``strip`` (display pixels of lines ``first_line``...) into its tiles."""
        last = first_line + strip.width()
        for index in range(first_line // TILE, math.ceil(last / TILE)):
            image, item = self._tile(index)
            painter = QPainter(image)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            painter.drawImage(QPoint(first_line - index * TILE, 0), strip)
            painter.end()
            item.setPixmap(QPixmap.fromImage(image))

    def remove(self) -> None:
        for item in self.items.values():
            self.scene.removeItem(item)
        self.items.clear()
        self.images.clear()


class ScanView(QGraphicsView):
    """Zoom with the wheel or keys, pan by dragging; magnifier and measuring modes."""

    measured = Signal(float)  # length of the last measurement in mm
    zoom_changed = Signal(float)  # screen pixels per scan pixel

    def __init__(self, scene: QGraphicsScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setRenderHints(QPainter.RenderHint.SmoothPixmapTransform)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        # Only the changed region is repainted: cheap while lines stream in.
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setBackgroundBrush(QColor(0x10, 0x10, 0x10))
        self.setAccessibleName(self.tr("Scan image"))
        self.pixel_mm = 5.0
        self.auto_fit = True  # follow the window size until the officer zooms by hand
        self.measuring = False
        self.magnifying = False
        self._measure_start: QPointF | None = None
        self._measure_line: QGraphicsLineItem | None = None
        self._measure_text: QGraphicsSimpleTextItem | None = None
        self.magnifier = QLabel(self.viewport())
        self.magnifier.setFixedSize(240, 240)
        self.magnifier.setFrameShape(QLabel.Shape.Box)
        self.magnifier.setAccessibleName(self.tr("Magnifier"))
        self.magnifier.hide()
        self.setMouseTracking(True)

    # --- zoom -------------------------------------------------------------------------

    def scale_factor(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        target = min(MAX_SCALE, max(MIN_SCALE, self.scale_factor() * factor))
        applied = target / self.scale_factor()
        self.auto_fit = False
        self.scale(applied, applied)
        self.zoom_changed.emit(self.scale_factor())

    def zoom_in(self) -> None:
        self.zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom_by(1 / ZOOM_STEP)

    def fit(self) -> None:
        rect = self.sceneRect()
        self.auto_fit = True
        if rect.width() > 0 and rect.height() > 0:
            self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
            self.zoom_changed.emit(self.scale_factor())

    def actual_size(self) -> None:
        self.auto_fit = False
        self.resetTransform()
        self.zoom_changed.emit(1.0)

    def show_region(self, rect: QRectF) -> None:
        margin = max(rect.width(), rect.height()) * 0.6
        self.auto_fit = False
        self.fitInView(rect.adjusted(-margin, -margin, margin, margin),
                       Qt.AspectRatioMode.KeepAspectRatio)
        self.zoom_changed.emit(self.scale_factor())

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        if self.auto_fit:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(ZOOM_STEP ** steps)
        event.accept()

    # --- modes ------------------------------------------------------------------------

    def set_measuring(self, on: bool) -> None:
        self.measuring = on
        self.setDragMode(QGraphicsView.DragMode.NoDrag if on
                         else QGraphicsView.DragMode.ScrollHandDrag)
        self.viewport().setCursor(Qt.CursorShape.CrossCursor if on else Qt.CursorShape.OpenHandCursor)

    def set_magnifying(self, on: bool) -> None:
        self.magnifying = on
        if not on:
            self.magnifier.hide()

    def clear_measurement(self) -> None:
        for item in (self._measure_line, self._measure_text):
            if item is not None and item.scene() is not None:
                self.scene().removeItem(item)
        self._measure_line = None
        self._measure_text = None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.measuring and event.button() == Qt.MouseButton.LeftButton:
            self.clear_measurement()
            self._measure_start = self.mapToScene(event.position().toPoint())
            pen = QPen(QColor(255, 220, 0), 0)
            pen.setCosmetic(True)
            pen.setWidth(2)
            self._measure_line = self.scene().addLine(
                self._measure_start.x(), self._measure_start.y(),
                self._measure_start.x(), self._measure_start.y(), pen)
            self._measure_line.setZValue(10)
            self._measure_text = self.scene().addSimpleText("")
            self._measure_text.setBrush(QColor(255, 220, 0))
            self._measure_text.setFlag(
                QGraphicsSimpleTextItem.GraphicsItemFlag.ItemIgnoresTransformations)
            self._measure_text.setZValue(11)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.magnifying:
            self._update_magnifier(event.position().toPoint())
        if self.measuring and self._measure_start is not None and self._measure_line is not None:
            end = self.mapToScene(event.position().toPoint())
            self._measure_line.setLine(self._measure_start.x(), self._measure_start.y(),
                                       end.x(), end.y())
            length = self.length_mm(self._measure_start, end)
            if self._measure_text is not None:
                self._measure_text.setText(f"{length:.0f} mm")
                self._measure_text.setPos(end)
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.measuring and self._measure_start is not None:
            end = self.mapToScene(event.position().toPoint())
            self.measured.emit(self.length_mm(self._measure_start, end))
            self._measure_start = None
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def length_mm(self, a: QPointF, b: QPointF) -> float:
        """Distance between two scene points in millimetres (square pixels of ``pixel_mm``)."""
        return math.hypot(b.x() - a.x(), b.y() - a.y()) * self.pixel_mm

    def _update_magnifier(self, at: QPoint) -> None:
        size = self.magnifier.width()
        zoom = 3.0
        half = size / (2 * zoom)
        source = QRectF(self.mapToScene(at) - QPointF(half, half) / self.scale_factor(),
                        self.mapToScene(at) + QPointF(half, half) / self.scale_factor())
        pixmap = QPixmap(size, size)
        pixmap.fill(QColor(0, 0, 0))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.scene().render(painter, QRectF(0, 0, size, size), source)
        painter.setPen(QPen(QColor(255, 220, 0), 1))
        painter.drawLine(size // 2 - 8, size // 2, size // 2 + 8, size // 2)
        painter.drawLine(size // 2, size // 2 - 8, size // 2, size // 2 + 8)
        painter.end()
        self.magnifier.setPixmap(pixmap)
        # Keep the lens beside the cursor, inside the viewport.
        x = at.x() + 40 if at.x() + 40 + size < self.viewport().width() else at.x() - 40 - size
        y = min(max(0, at.y() - size // 2), max(0, self.viewport().height() - size))
        self.magnifier.setGeometry(QRect(x, y, size, size))
        self.magnifier.show()
