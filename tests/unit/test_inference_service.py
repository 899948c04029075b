"""The inference worker: one thread, futures and subscriber events, clean stop."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from tests.unit.onnx_fixtures import darkness_heatmap_model, install, manifest_for
from workstation.inference.registry import ModelRegistry
from workstation.inference.service import InferenceError, InferenceResult, InferenceService


@pytest.fixture
def registry(tmp_path: Path) -> ModelRegistry:
    data = darkness_heatmap_model()
    install(tmp_path, manifest_for("dark", data, decoder="heatmap", labels=["dense"],
                                   task="anomaly", thresholds={"score": 0.5}), data)
    return ModelRegistry([tmp_path], threads=1)


def test_requests_are_answered_on_the_worker(registry: ModelRegistry) -> None:
    events: list[InferenceResult] = []
    threads: list[str] = []
    got = threading.Event()

    def on_result(result: InferenceResult) -> None:
        threads.append(threading.current_thread().name)
        events.append(result)
        got.set()

    service = InferenceService(registry)
    service.subscribe(on_result)
    with service:
        image = np.ones((32, 32), dtype=np.float32)
        image[4:12, 4:12] = 0.0
        analyses = service.submit(image, tag="scan-1").result(timeout=30)
        assert got.wait(30)
    assert [a.model for a in analyses] == ["dark"]
    assert analyses[0].detections[0].box == pytest.approx((4, 4, 8, 8))
    assert events[0].tag == "scan-1" and threads == ["inference-worker"]


def test_unknown_model_is_an_error_not_a_hang(registry: ModelRegistry) -> None:
    with InferenceService(registry) as service:
        future = service.submit(np.ones((8, 8), dtype=np.float32), models=["nope"])
        with pytest.raises(InferenceError, match="model nope: not found"):
            future.result(timeout=30)


def test_submit_before_start_is_refused(registry: ModelRegistry) -> None:
    service = InferenceService(registry)
    with pytest.raises(InferenceError, match="not running"):
        service.submit(np.ones((8, 8), dtype=np.float32))
    service.stop()
