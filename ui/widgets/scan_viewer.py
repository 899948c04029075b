"""The scan viewer: the image growing line by line while the scan arrives, the pipeline's
views with gamma and window/level, magnifier, measuring, and the model's findings drawn
over the image with accept / reject for each. Every tool is a registered shortcut.

Rendering runs on the render worker, one strip of lines per job, at most one job in flight
per viewer; the main thread only copies finished strips into tiles. When the scanner link
shares its line buffer (``ScanHeader.lines``) the main thread copies no scan lines at all:
rows already announced are final, so jobs read them in place.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSlider,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ui.bridge import Worker
from ui.shortcuts import HelpOverlay, ShortcutRegistry, ToolSpec
from ui.widgets.finding_words import finding_label_text
from ui.widgets.scan_view import TILE, ScanView, TiledImage, tile_from_strip, to_qimage
from workstation.imaging.display import VIEWS, DisplayParams, render_strip
from workstation.lane.types import ModelFinding, ScanHeader

STRIP = TILE  # lines rendered per job when re-rendering a whole scan
FLUSH_MS = 60  # how often streamed lines are sent for rendering


@dataclass(frozen=True)
class RenderedStrip:
    """A render job's answer: display pixels of lines ``start``... as RGB32, and the whole
    tile (made on the worker) when the strip is the first one of its tile."""

    generation: int
    start: int
    strip: QImage
    tile: QImage | None


def _render_job(raw: np.ndarray, params: DisplayParams, generation: int, start: int,
                tile_width: int) -> RenderedStrip:
    """Runs on the render worker: pipeline view, RGB32 conversion, and a new tile if due."""
    strip = to_qimage(render_strip(raw, params))
    tile = tile_from_strip(strip, 0, tile_width) if start % TILE == 0 else None
    return RenderedStrip(generation, start, strip, tile)


class LabelPlate(QGraphicsRectItem):
    """A finding's label on a dark plate, so it reads on the light air of a scan as well
    as on dense goods; keeps its screen size at any zoom (its position is in scan pixels)."""

    PADDING = 3.0  # screen pixels around the text

    def __init__(self) -> None:
        super().__init__()
        self.setFlag(QGraphicsRectItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setBrush(QColor(0, 0, 0, 190))
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.setZValue(6)
        self.text = QGraphicsSimpleTextItem(self)
        self.text.setPos(self.PADDING, self.PADDING / 2)

    def show_label(self, words: str, colour: QColor) -> None:
        self.text.setText(words)
        self.text.setBrush(colour)
        size = self.text.boundingRect()
        self.setRect(QRectF(0.0, 0.0, size.width() + 2 * self.PADDING,
                            size.height() + self.PADDING))


def _covers(label: QRectF, placed: list[QRectF]) -> bool:
    """Whether ``label`` overlaps any of the ``placed`` label rectangles (scene pixels)."""
    return any(label.intersects(other) for other in placed)


class ScanViewer(QWidget):
    decision_changed = Signal(str, str)  # finding key, accepted | rejected
    render_idle = Signal()  # every line received so far is on screen

    def __init__(self, render_worker: Worker, registry: ShortcutRegistry,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worker = render_worker
        self.registry = registry
        self.header: ScanHeader | None = None
        self.raw: np.ndarray | None = None
        self.received = 0  # lines received
        self.rendered_to = 0  # lines whose display pixels are in the tiles
        self._generation = 0  # bumps on every view change; older jobs are dropped
        self._in_flight = False
        self._rerender_from: int | None = None
        self.tiles: TiledImage | None = None
        self.params = DisplayParams()
        self.findings: dict[str, ModelFinding] = {}
        self._finding_items: dict[str, tuple[QGraphicsRectItem, LabelPlate]] = {}

        self.scene = QGraphicsScene(self)
        self.view = ScanView(self.scene)
        self.view.measured.connect(self._measured)
        self.view.zoom_changed.connect(self._zoom_changed)
        # Over the whole viewer, not only the image: a narrow image must not cut the list.
        self.help = HelpOverlay(registry, self)

        self.view_box = QComboBox()
        names = {"grey": self.tr("Grey"), "material": self.tr("Material colour"),
                 "organic-strip": self.tr("Organic stripping"),
                 "inorganic-strip": self.tr("Inorganic stripping"),
                 "edge": self.tr("Edge enhancement"), "invert": self.tr("Invert"),
                 "high-pen": self.tr("High penetration"), "low-pen": self.tr("Low penetration")}
        for v in VIEWS:
            self.view_box.addItem(names[v], v)
        self.view_box.setAccessibleName(self.tr("Image view"))
        self.view_box.currentIndexChanged.connect(self._view_chosen)
        self.gamma = self._slider(20, 300, 100, self.tr("Gamma"))
        self.level = self._slider(0, 100, 50, self.tr("Window level"))
        self.width_slider = self._slider(5, 100, 100, self.tr("Window width"))
        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("%p % of lines"))
        self.progress.setAccessibleName(self.tr("Scan progress"))
        self.progress.setMaximumWidth(260)
        self.status = QLabel(self.tr("No scan"))
        # Zoom and measurements get their own label: they must not hide the scan's state
        # ("INCOMPLETE", "no model installed") that the officer has to see.
        self.tool_status = QLabel()
        self.tool_status.setAccessibleName(self.tr("Zoom and measurement"))

        self.toolbar = QToolBar()
        self._add_tools()
        adjust = QHBoxLayout()
        adjust.addWidget(QLabel(self.tr("View")))
        adjust.addWidget(self.view_box)
        for label, slider in ((self.tr("γ"), self.gamma), (self.tr("Level"), self.level),
                              (self.tr("Width"), self.width_slider)):
            adjust.addWidget(QLabel(label))
            adjust.addWidget(slider)
        adjust.addStretch(1)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress)
        progress_row.addWidget(self.status, 1)
        progress_row.addWidget(self.tool_status)

        self.finding_list = QListWidget()
        self.finding_list.setObjectName("findings")  # larger rows: what the officer decides
        self.finding_list.setAccessibleName(self.tr("Findings to decide"))
        self.finding_list.setWordWrap(True)  # long rule findings wrap instead of being cut
        self.finding_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.finding_list.currentItemChanged.connect(lambda *_: self._focus_selected())
        self.accept_button = QPushButton(self.tr("Accept"))
        self.accept_button.setToolTip(self.registry.actions["finding_accept"].toolTip())
        self.accept_button.clicked.connect(lambda: self.decide("accepted"))
        self.reject_button = QPushButton(self.tr("Reject"))
        self.reject_button.setToolTip(self.registry.actions["finding_reject"].toolTip())
        self.reject_button.clicked.connect(lambda: self.decide("rejected"))
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        heading = self.findings_heading = QLabel(self.tr("Findings to decide"))
        heading.setObjectName("heading")
        heading.setWordWrap(True)  # longer in other languages than in English
        side_layout.addWidget(heading)
        side_layout.addWidget(self.finding_list, 1)
        decide = QHBoxLayout()
        decide.addWidget(self.accept_button)
        decide.addWidget(self.reject_button)
        side_layout.addLayout(decide)
        splitter = QSplitter()
        splitter.addWidget(self.view)
        splitter.addWidget(side)
        side.setMinimumWidth(220)
        side.setMaximumWidth(340)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([1000, 280])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.toolbar)
        layout.addLayout(adjust)
        layout.addWidget(splitter, 1)
        layout.addLayout(progress_row)

        self._flush = QTimer(self)
        self._flush.setInterval(FLUSH_MS)
        self._flush.timeout.connect(self._render_pending)
        self.worker.done.connect(lambda *_: None)  # keeps the worker's signals alive

    # --- tools --------------------------------------------------------------------------

    def _slider(self, lo: int, hi: int, value: int, name: str) -> QSlider:
        s = QSlider(Qt.Orientation.Horizontal)
        s.setRange(lo, hi)
        s.setValue(value)
        s.setMinimumWidth(80)
        s.setMaximumWidth(140)
        s.setAccessibleName(name)
        s.setToolTip(name)
        s.valueChanged.connect(self._params_changed)
        return s

    def _add_tools(self) -> None:
        r = self.registry
        tools: list[tuple[ToolSpec, object, bool]] = [
            (ToolSpec("zoom_in", self.tr("Zoom in"), "+"), self.view.zoom_in, False),
            (ToolSpec("zoom_out", self.tr("Zoom out"), "-"), self.view.zoom_out, False),
            (ToolSpec("fit", self.tr("Fit scan to window"), "F"), self.view.fit, False),
            (ToolSpec("actual", self.tr("Actual size (1:1)"), "1"), self.view.actual_size, False),
            (ToolSpec("magnifier", self.tr("Magnifier"), "M"), self.view.set_magnifying, True),
            (ToolSpec("measure", self.tr("Measure distance"), "D"), self.view.set_measuring, True),
            (ToolSpec("next_view", self.tr("Next image view"), "V"), self.next_view, False),
            (ToolSpec("view_grey", self.tr("Grey view"), "G"), lambda: self.set_view("grey"), False),
            (ToolSpec("view_material", self.tr("Material colour view"), "C"),
             lambda: self.set_view("material"), False),
            (ToolSpec("view_organic", self.tr("Organic stripping"), "O"),
             lambda: self.set_view("organic-strip"), False),
            (ToolSpec("view_inorganic", self.tr("Inorganic stripping"), "I"),
             lambda: self.set_view("inorganic-strip"), False),
            (ToolSpec("view_edge", self.tr("Edge enhancement"), "E"), lambda: self.set_view("edge"),
             False),
            (ToolSpec("view_invert", self.tr("Invert"), "N"), lambda: self.set_view("invert"), False),
            (ToolSpec("view_high", self.tr("High penetration"), "H"),
             lambda: self.set_view("high-pen"), False),
            (ToolSpec("view_low", self.tr("Low penetration"), "L"), lambda: self.set_view("low-pen"),
             False),
            (ToolSpec("gamma_up", self.tr("Gamma up"), "]"), lambda: self._nudge(self.gamma, 10), False),
            (ToolSpec("gamma_down", self.tr("Gamma down"), "["), lambda: self._nudge(self.gamma, -10),
             False),
            (ToolSpec("level_up", self.tr("Window level up"), "."), lambda: self._nudge(self.level, 5),
             False),
            (ToolSpec("level_down", self.tr("Window level down"), ","),
             lambda: self._nudge(self.level, -5), False),
            (ToolSpec("reset_display", self.tr("Reset view and window"), "0"), self.reset_display,
             False),
            (ToolSpec("finding_next", self.tr("Next finding"), "J"), self.next_finding, False),
            (ToolSpec("finding_accept", self.tr("Accept finding"), "A"),
             lambda: self.decide("accepted"), False),
            (ToolSpec("finding_reject", self.tr("Reject finding"), "R"),
             lambda: self.decide("rejected"), False),
            (ToolSpec("help", self.tr("Show keyboard shortcuts"), "F1"), self.help.toggle, False),
        ]
        for spec, slot, checkable in tools:
            action = r.add(self, spec, slot, checkable=checkable)  # type: ignore[arg-type]
            if spec.key in ("zoom_in", "zoom_out", "fit", "actual", "magnifier", "measure",
                            "help"):
                self.toolbar.addAction(action)

    def _nudge(self, slider: QSlider, step: int) -> None:
        slider.setValue(slider.value() + step)

    def next_view(self) -> None:
        self.view_box.setCurrentIndex((self.view_box.currentIndex() + 1) % self.view_box.count())

    def set_view(self, view: str) -> None:
        self.view_box.setCurrentIndex(self.view_box.findData(view))

    def reset_display(self) -> None:
        for slider, value in ((self.gamma, 100), (self.level, 50), (self.width_slider, 100)):
            slider.blockSignals(True)
            slider.setValue(value)
            slider.blockSignals(False)
        self.set_view("grey")
        self._params_changed()

    def _view_chosen(self) -> None:
        self._params_changed()

    def _params_changed(self) -> None:
        self.params = DisplayParams(view=self.view_box.currentData() or "grey",
                                    gamma=self.gamma.value() / 100.0,
                                    level=self.level.value() / 100.0,
                                    width=self.width_slider.value() / 100.0,
                                    energy_pair=self._energy_pair())
        self._generation += 1
        self._rerender_from = 0
        self.rendered_to = 0
        self._render_pending()

    def _energy_pair(self) -> str:
        """Cargo scanners are MeV linacs, parcel scanners keV tubes (pipeline calibration)."""
        return "mev" if self.header is not None and self.header.kind == "cargo" else "kev"

    def _measured(self, mm: float) -> None:
        self.tool_status.setText(self.tr("Measured: %1 mm").replace("%1", f"{mm:.0f}"))

    def _zoom_changed(self, scale: float) -> None:
        self.tool_status.setText(self.tr("Zoom %1 %").replace("%1", f"{scale * 100:.0f}"))
        self._place_labels()

    def _place_labels(self) -> None:
        """Keep each finding's label inside the image and clear of the others: above its
        box where there is room, else inside its top, else below it; a label that would
        cover one placed before moves down a line at a time. Shifted left at the right edge.
        Labels keep their screen size, so their extent in scan pixels depends on the zoom;
        the highest-scoring finding is placed first and keeps the best spot."""
        scale = self.view.transform().m11() or 1.0
        bounds = self.scene.sceneRect()
        placed: list[QRectF] = []
        order = sorted(self._finding_items, key=lambda k: -self.findings[k].score)
        for key in order:
            rect, plate = self._finding_items[key]
            box = rect.rect()
            size = plate.rect()
            w, h = size.width() / scale, size.height() / scale
            x = max(bounds.left(), min(box.x(), bounds.right() - w))
            spots = [box.y() - h, box.y(), box.bottom()]
            spots = [min(max(y, bounds.top()), bounds.bottom() - h) for y in spots]
            spot = next((y for y in spots if not _covers(QRectF(x, y, w, h), placed)), None)
            if spot is None:  # every spot taken: the first free line below the box's top
                spot = spots[1]
                while _covers(QRectF(x, spot, w, h), placed) and spot + h < bounds.bottom():
                    spot += h
            placed.append(QRectF(x, spot, w, h))
            plate.setPos(x, spot)

    # --- streaming ----------------------------------------------------------------------

    def start_scan(self, header: ScanHeader) -> None:
        """A new scan begins: empty image of its full size, lines fill it as they come."""
        self.clear()
        self.header = header
        shape = (header.rows, header.columns, header.energies)
        shared = header.lines
        if isinstance(shared, np.ndarray) and shared.shape == shape and shared.dtype == np.uint16:
            self.raw = shared  # the producer's buffer: announced rows are final
        else:
            self.raw = np.zeros(shape, np.uint16)
        self.tiles = TiledImage(self.scene, header.rows, header.columns)
        self.scene.setSceneRect(QRectF(0, 0, header.rows, header.columns))
        self.view.pixel_mm = header.pixel_mm
        self.params = DisplayParams(self.params.view, self.params.gamma, self.params.level,
                                    self.params.width, self._energy_pair())
        self.progress.setRange(0, header.rows)
        self.progress.setValue(0)
        self.status.setText(self.tr("Scanning…"))
        self.view.fit()
        self._flush.start()

    def add_lines(self, first_line: int, block: np.ndarray) -> None:
        """Store a block of lines (lines x pixels [x energies], uint16) from the scanner."""
        if self.raw is None:
            return
        if block.ndim == 2:
            block = block[..., None]
        end = min(first_line + block.shape[0], self.raw.shape[0])
        if not np.may_share_memory(block, self.raw):  # a view of the shared buffer is in place
            self.raw[first_line:end] = block[: end - first_line, : self.raw.shape[1],
                                             : self.raw.shape[2]]
        self.received = max(self.received, end)
        self.progress.setValue(self.received)

    def finish_scan(self, complete: bool, reason: str = "") -> None:
        self.status.setText(self.tr("Scan complete") if complete
                            else self.tr("Scan INCOMPLETE: %1").replace("%1", reason))
        self._render_pending()

    def _render_pending(self) -> None:
        if self.raw is None or self._in_flight:
            return
        start = self.rendered_to if self._rerender_from is None else self._rerender_from
        # One tile per job at most: the main-thread share of a job stays a few milliseconds.
        stop = min(self.received, (start // TILE + 1) * TILE)
        if stop <= start:
            if self.received >= (self.header.rows if self.header else 0):
                self._flush.stop()
            self.render_idle.emit()
            return
        self._rerender_from = None
        # A view, not a copy: rows below ``received`` are never written again (a new scan
        # gets a new array), so the worker reads them safely while more lines arrive.
        strip = self.raw[start:stop]
        params, generation = self.params, self._generation
        self._in_flight = True
        tile_width = min(TILE, self.raw.shape[0] - start // TILE * TILE)
        self.worker.submit(
            "render-strip", lambda: _render_job(strip, params, generation, start, tile_width),
            on_done=self._strip_rendered, on_failed=self._render_failed, owner=self)

    def _strip_rendered(self, result: RenderedStrip) -> None:
        self._in_flight = False
        if result.generation == self._generation and self.tiles is not None:
            if result.tile is not None:
                self.tiles.set_tile(result.start // TILE, result.tile, result.strip.width())
            else:
                self.tiles.paint_strip(result.start, result.strip)
            self.rendered_to = result.start + result.strip.width()
        if not self._flush.isActive():
            self._flush.start()
        self._render_pending()

    def _render_failed(self, message: str) -> None:
        self._in_flight = False
        self.status.setText(self.tr("Cannot render this view: %1").replace("%1", message))

    def clear(self) -> None:
        self._flush.stop()
        if self.tiles is not None:
            self.tiles.remove()
        self.tiles = None
        self.view.clear_measurement()
        self.set_findings([])
        self.raw = None
        self.header = None
        self.received = 0
        self.rendered_to = 0
        self._generation += 1
        self.progress.setValue(0)
        self.status.setText(self.tr("No scan"))

    # --- findings -----------------------------------------------------------------------

    def set_findings(self, findings: list[ModelFinding]) -> None:
        """Show ``findings`` (copies: the viewer never changes the session's values); the
        finding selected before stays selected when it is still there."""
        selected = self.selected_key()
        for rect, plate in self._finding_items.values():
            self.scene.removeItem(rect)
            self.scene.removeItem(plate)
        self._finding_items.clear()
        self.finding_list.blockSignals(True)  # the old items' keys are gone from the new list
        self.finding_list.clear()
        self.findings = {f.key: dataclasses.replace(f) for f in findings}
        for f in findings:
            if f.on_image:  # rule findings (from a handheld reading) are listed only
                x, y, w, h = f.region
                rect = self.scene.addRect(QRectF(x, y, w, h))
                rect.setZValue(5)
                plate = LabelPlate()
                self.scene.addItem(plate)
                plate.setPos(x, y)
                self._finding_items[f.key] = (rect, plate)
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, f.key)
            self.finding_list.addItem(item)
            self._restyle(f.key)
        if findings:
            # Selected without zooming to it: new findings leave the officer's view alone
            # (the whole scan, fitted); choosing a finding (click, N) shows it close up.
            keys = [f.key for f in findings]
            self.finding_list.setCurrentRow(keys.index(selected) if selected in keys else 0)
        self.finding_list.blockSignals(False)
        self._place_labels()

    def _restyle(self, key: str) -> None:
        f = self.findings[key]
        colour, mark = {"accepted": (QColor(255, 80, 80), "✔"),
                        "rejected": (QColor(140, 140, 140), "✖")}.get(
            f.decision, (QColor(255, 200, 0), "?"))
        state = {"accepted": self.tr("accepted"), "rejected": self.tr("rejected")}.get(
            f.decision, self.tr("to decide"))
        # Rule labels and analyst categories are keys in the record: worded here.
        words = finding_label_text(f.label, f.source)
        if f.source == "analyst":  # a person marked it: no score
            analyst = self.tr("analyst")
            label = f"{mark} {words} ({analyst}): {state}"
        elif f.on_image:
            label = f"{mark} {words} {f.score * 100:.0f} %: {state}"
        else:  # a rule finding: what the rule says, from which reading
            handheld = self.tr("handheld")
            label = f"{mark} {words} ({handheld}): {state}"
        items = self._finding_items.get(key)
        if items is not None:
            rect, plate = items
            pen = QPen(colour, 2)
            pen.setCosmetic(True)
            if f.decision == "rejected":
                pen.setStyle(Qt.PenStyle.DashLine)  # shape differs too, not only colour
            rect.setPen(pen)
            plate.show_label(label, colour)
        for i in range(self.finding_list.count()):
            item = self.finding_list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                item.setText(label)
                # The list is narrow: the whole text (and a rule's reason) in the tooltip.
                item.setToolTip(f"{label}\n{f.description}".strip())

    def selected_key(self) -> str | None:
        item = self.finding_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def next_finding(self) -> None:
        if self.finding_list.count():
            row = (self.finding_list.currentRow() + 1) % self.finding_list.count()
            self.finding_list.setCurrentRow(row)

    def _focus_selected(self) -> None:
        key = self.selected_key()
        if key is not None and self.findings[key].on_image:
            x, y, w, h = self.findings[key].region
            self.view.show_region(QRectF(x, y, w, h))

    def set_read_only(self, read_only: bool) -> None:
        """A reviewer's viewer: findings shown with the officer's decisions, which cannot
        be changed here (the Accept / Reject buttons go, their shortcuts do nothing)."""
        self.read_only = read_only
        self.findings_heading.setText(self.tr("Findings and the officer's decisions")
                                      if read_only else self.tr("Findings to decide"))
        self.accept_button.setVisible(not read_only)
        self.reject_button.setVisible(not read_only)

    def decide(self, decision: str, key: str | None = None) -> None:
        """Accept or reject the selected finding (or ``key``), then move to the next one."""
        if getattr(self, "read_only", False):
            return
        key = key or self.selected_key()
        if key is None or key not in self.findings:
            return
        self.findings[key].decision = decision
        self._restyle(key)
        self.decision_changed.emit(key, decision)
        pending = [k for k, f in self.findings.items() if f.decision == "pending"]
        if pending:
            for i in range(self.finding_list.count()):
                if self.finding_list.item(i).data(Qt.ItemDataRole.UserRole) == pending[0]:
                    self.finding_list.setCurrentRow(i)
