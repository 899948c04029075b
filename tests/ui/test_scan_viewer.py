"""Scan viewer tools: shortcuts in tooltips and help, changeable keys, measuring, views."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from tests.ui.scan_data import cargo_scene, render_lines
from ui.bridge import Worker
from ui.shortcuts import ShortcutRegistry
from ui.widgets.scan_viewer import ScanViewer
from workstation.lane.types import ModelFinding, ScanHeader


def _viewer(qtbot: QtBot) -> tuple[ScanViewer, Worker]:
    worker = Worker("test-render")
    viewer = ScanViewer(worker, ShortcutRegistry("tester"))
    qtbot.addWidget(viewer)
    viewer.resize(900, 500)
    viewer.show()
    return viewer, worker


def _stream(qtbot: QtBot, viewer: ScanViewer, rows: int = 700, columns: int = 200) -> None:
    viewer.start_scan(ScanHeader("k", "cargo", rows, columns, 2, 5.0))
    scene = cargo_scene(rows, columns)
    for first in range(0, rows, 100):
        viewer.add_lines(first, render_lines(scene, first, min(100, rows - first)))
    viewer.finish_scan(True)
    qtbot.waitUntil(lambda: viewer.rendered_to == rows, timeout=20000)


def test_every_tool_shows_its_shortcut_and_the_help_lists_them(qtbot: QtBot) -> None:
    viewer, worker = _viewer(qtbot)
    try:
        for key, action in viewer.registry.actions.items():
            shown = viewer.registry.sequence(key)
            assert shown, f"{key} has no shortcut"
            assert f"({shown})" in action.toolTip()
        viewer.help.toggle()
        texts = " ".join(label.text() for label in viewer.help.findChildren(QLabel))
        assert "Magnifier" in texts and "<b>M</b>" in texts
        viewer.help.toggle()
    finally:
        worker.stop()


def test_a_changed_shortcut_is_kept_for_the_user(qtbot: QtBot) -> None:
    viewer, worker = _viewer(qtbot)
    try:
        viewer.registry.set_sequence("magnifier", "Ctrl+G")
        assert "(Ctrl+G)" in viewer.registry.actions["magnifier"].toolTip()
        again = ShortcutRegistry("tester")
        other = ScanViewer(worker, again)
        qtbot.addWidget(other)
        assert again.sequence("magnifier") == "Ctrl+G"
    finally:
        worker.stop()


def test_scan_streams_renders_every_view_and_measures(qtbot: QtBot) -> None:
    viewer, worker = _viewer(qtbot)
    try:
        _stream(qtbot, viewer)
        assert viewer.tiles is not None and len(viewer.tiles.items) == 2  # 700 lines, 512 per tile
        grey = viewer.tiles.images[0].pixelColor(300, 100)
        for view in ("material", "invert", "edge", "high-pen", "low-pen", "organic-strip",
                     "inorganic-strip", "grey"):
            viewer.set_view(view)
            qtbot.waitUntil(lambda: viewer.rendered_to == 700, timeout=20000)
        viewer.set_view("invert")
        qtbot.waitUntil(lambda: viewer.rendered_to == 700, timeout=20000)
        assert viewer.tiles.images[0].pixelColor(300, 100) != grey
        view = viewer.view
        view.actual_size()
        viewer.registry.actions["measure"].setChecked(True)
        a = view.mapFromScene(QPointF(10, 10))
        b = view.mapFromScene(QPointF(10 + 30, 10 + 40))
        with qtbot.waitSignal(view.measured, timeout=5000) as measured:
            qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=a)
            qtbot.mouseMove(view.viewport(), b)
            qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=b)
        assert abs(measured.args[0] - 50 * 5.0) < 10  # 50 pixels at 5 mm
        viewer.registry.actions["measure"].setChecked(False)
        viewer.registry.actions["magnifier"].setChecked(True)
        qtbot.mouseMove(view.viewport(), QPoint(100, 100))
        qtbot.mouseMove(view.viewport(), QPoint(120, 110))
        assert view.magnifier.isVisible() and view.magnifier.pixmap() is not None
    finally:
        worker.stop()


def test_findings_are_decided_one_after_the_other(qtbot: QtBot) -> None:
    viewer, worker = _viewer(qtbot)
    try:
        _stream(qtbot, viewer)
        viewer.set_findings([ModelFinding("f1", "knife", 0.9, (10, 10, 40, 40)),
                             ModelFinding("f2", "gun", 0.6, (100, 50, 40, 40))])
        decided: list[tuple[str, str]] = []
        viewer.decision_changed.connect(lambda k, d: decided.append((k, d)))
        viewer.registry.actions["finding_accept"].trigger()
        viewer.registry.actions["finding_reject"].trigger()
        assert decided == [("f1", "accepted"), ("f2", "rejected")]
        assert "✔" in viewer.finding_list.item(0).text()
        assert "✖" in viewer.finding_list.item(1).text()
    finally:
        worker.stop()


def test_labels_of_overlapping_findings_stay_apart_and_on_the_image(qtbot: QtBot) -> None:
    viewer, worker = _viewer(qtbot)
    try:
        _stream(qtbot, viewer)
        # Three findings on one suitcase, boxes on top of each other, one at the top edge.
        viewer.set_findings([ModelFinding("a", "battery", 0.69, (20, 0, 60, 60)),
                             ModelFinding("b", "knife", 0.43, (25, 5, 50, 50)),
                             ModelFinding("c", "drug-package", 0.31, (22, 3, 55, 40))])
        for zoom in ("fit", "close up"):
            if zoom == "fit":
                viewer.view.fit()
            else:
                viewer.view.zoom_by(3.0)
            # Labels keep their screen size: their scene extent is the text's over the zoom.
            scale = viewer.view.scale_factor()
            boxes = [(text.pos().x(), text.pos().y(), text.boundingRect().width() / scale,
                      text.boundingRect().height() / scale)
                     for _rect, text in viewer._finding_items.values()]
            for i, (x, y, w, h) in enumerate(boxes):
                assert viewer.scene.sceneRect().contains(x, y)
                for x2, y2, w2, h2 in boxes[i + 1:]:
                    assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y, \
                        f"labels overlap at zoom {zoom}"
    finally:
        worker.stop()
