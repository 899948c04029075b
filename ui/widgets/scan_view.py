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
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QLabel,
    QStyleOptionGraphicsItem,
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


def blank_tile(width: int, height: int) -> QImage:
    """A black RGB32 tile (4 MB for a full cargo tile: made on the render worker)."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor(0, 0, 0))
    return image


def tile_from_strip(strip: QImage, offset: int, width: int) -> QImage:
    """A whole tile ``width`` lines wide with ``strip`` at line ``offset``.

    Made on the render worker for the first strip of a tile, so the main thread never
    allocates a tile (QPainter on a QImage is allowed off the GUI thread). A strip at
    ``offset`` 0 leaves the rest of the tile uninitialised, not cleared: :class:`TileItem`
    paints only the lines rendered so far.
    """
    if offset == 0 and strip.width() == width:
        return strip
    if offset == 0:
        tile = QImage(width, strip.height(), QImage.Format.Format_RGB32)
    else:
        tile = blank_tile(width, strip.height())
    painter = QPainter(tile)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
    painter.drawImage(QPoint(offset, 0), strip)
    painter.end()
    return tile


class TileItem(QGraphicsItem):
    """One tile, painted straight from its QImage, up to the lines rendered so far.

    A ``QGraphicsPixmapItem`` would need ``QPixmap.fromImage`` (a full 4 MB copy on the main
    thread) after every strip; drawing the QImage costs the same as drawing a raster pixmap
    and only the exposed, rendered part is drawn.
    """

    def __init__(self, image: QImage, valid: int) -> None:
        super().__init__()
        self.image = image
        self.valid = valid  # lines 0..valid of the tile hold rendered pixels
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.image.width(), self.image.height())

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        rendered = QRectF(0, 0, self.valid, self.image.height())
        exposed = option.exposedRect.intersected(rendered)  # type: ignore[attr-defined]
        if not exposed.isEmpty():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(exposed, self.image, exposed)


class TiledImage:
    """The scan picture as a row of tiles in ``scene``; strips are painted in place.

    Tiles appear when the first strip reaches them, made on the render worker
    (:func:`tile_from_strip`), so starting a 6,000-line scan costs nothing up front; later
    strips of a tile are copied into it (strip-sized, already RGB32) and only that part of
    the tile is repainted.
    """

    def __init__(self, scene: QGraphicsScene, lines: int, pixels: int) -> None:
        self.scene = scene
        self.lines = lines
        self.pixels = pixels
        self.images: dict[int, QImage] = {}
        self.items: dict[int, TileItem] = {}

    def tile_width(self, index: int) -> int:
        """Lines in tile ``index`` (the last one may be narrower than ``TILE``)."""
        return min(TILE, self.lines - index * TILE)

    def set_tile(self, index: int, image: QImage, valid: int) -> None:
        """Show ``image`` (a whole tile, from :func:`tile_from_strip`) as tile ``index``,
        its first ``valid`` lines rendered."""
        item = self.items.get(index)
        if item is None:
            item = TileItem(image, valid)
            item.setPos(index * TILE, 0)
            item.setZValue(0)
            self.scene.addItem(item)
            self.items[index] = item
        else:
            item.prepareGeometryChange()
            item.image = image
            item.valid = valid
            item.update()
        self.images[index] = image

    def paint_strip(self, first_line: int, strip: QImage) -> None:
        """Copy ``strip`` (display pixels of lines ``first_line``...) into its tiles."""
        last = first_line + strip.width()
        for index in range(first_line // TILE, math.ceil(last / TILE)):
            offset = first_line - index * TILE
            valid = min(self.tile_width(index), last - index * TILE)
            if index not in self.images:  # normally made by the worker (set_tile) already
                self.set_tile(index, tile_from_strip(strip, offset, self.tile_width(index)),
                              valid)
                continue
            painter = QPainter(self.images[index])
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            painter.drawImage(QPoint(offset, 0), strip)
            painter.end()
            item = self.items[index]
            item.valid = max(item.valid, valid)
            item.update(QRectF(max(0, offset), 0, strip.width(), self.pixels))

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
