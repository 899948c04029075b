"""The Qt binding keeps Python's reference counts: a leak on True or False aborts the app.

PySide6 6.12.0 returned ``True`` from ``SignalInstance.emit`` without a reference; every emit
from Python (the bridge emits one per camera frame) took one from ``True`` until the
interpreter aborted ("bool_dealloc: deallocating True or False") or crashed. pyproject.toml
keeps that release out; this test fails on any binding that does it again.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    flag = Signal(bool)
    value = Signal(object)


def _bool_refcounts() -> tuple[int, int]:
    gc.collect()
    return sys.getrefcount(True), sys.getrefcount(False)


def test_emitting_signals_from_python_keeps_true_and_false_referenced(qapp: object) -> None:
    emitter = _Emitter()
    received: list[object] = []
    emitter.flag.connect(received.append)
    emitter.value.connect(received.append)
    emits = 500
    before = _bool_refcounts()
    for index in range(emits):
        emitter.flag.emit(index % 2 == 0)
        emitter.value.emit(index)
    assert len(received) == 2 * emits
    received.clear()  # the list held half of the Trues and Falses
    after = _bool_refcounts()
    # Other threads may hold or drop a few references meanwhile; a leak is one per emit.
    assert abs(after[0] - before[0]) < emits // 10, (before, after)
    assert abs(after[1] - before[1]) < emits // 10, (before, after)
