"""``workstation bench anpr``: reading a 1080p frame, ours vs the bare networks.

*ours*: :func:`read_plates` + :func:`codes_from_lines` on a rendered 1920x1080 lane frame
(truck with plate and container code): detection pre/post-processing, cropping, line
recognition, layout fitting, ISO 6346 validation.
*baseline*: the bare ``InferenceSession.run`` calls of the same two models on the same
inputs in the same run (the detector on the frame's tensor and the recogniser on the same
crops), so the ratio is the overhead of our own code (target <= 1.3x).
"""

from __future__ import annotations

import argparse

from workstation.bench import BenchResult, median_time
from workstation.cli.context import CliContext


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per case (median)")


def run(ctx: CliContext, args: argparse.Namespace) -> list[BenchResult]:
    import numpy as np

    from devices.registry import simulation
    from workstation.recognition.containers import codes_from_lines
    from workstation.recognition.ocr import OcrEngine, crop_box
    from workstation.recognition.plates import plate_candidates
    from workstation.recognition.textdet import preprocess
    from workstation.recognition.textrec import HEIGHT, MAX_WIDTH, prepare

    scenes = simulation("camera-opencv")  # the lane camera simulator's rendered vehicles
    vehicle = next(v for v in (scenes.make_vehicle(5, i) for i in range(50)) if v.kind == "truck")
    frame = scenes.render(vehicle, 1920, 1080)
    engine = OcrEngine()
    engine.warm_up()
    det = engine.detector
    rec = engine.recogniser

    def ours() -> None:
        lines = engine.read_lines(frame)
        plate_candidates(lines)
        codes_from_lines(engine, frame, lines)

    # The exact network inputs ours produces, built once outside the timing.
    tensor, _, _ = preprocess(frame, det.settings)
    boxes = det.detect(frame)
    crops = [crop_box(frame, b.corners) for b in boxes]
    order = sorted(range(len(crops)), key=lambda i: crops[i].shape[1] / max(crops[i].shape[0], 1))
    batches = []
    for start in range(0, len(order), rec.batch):
        idx = order[start:start + rec.batch]
        width = max(int(np.ceil(HEIGHT * crops[i].shape[1] / max(crops[i].shape[0], 1))) for i in idx)
        width = min(MAX_WIDTH, max(width, 32))
        batches.append(np.stack([prepare(crops[i], width) for i in idx]))

    def bare() -> None:
        det.probability_map(tensor)
        for batch in batches:
            rec.run(batch)

    repeats = max(1, args.repeats)
    ours_s = median_time(ours, repeats)
    bare_s = median_time(bare, repeats)
    lines = engine.read_lines(frame)
    read = [p.text for p in plate_candidates(lines)[:1]] + [c.code for c in codes_from_lines(engine, frame, lines)[:1]]
    return [BenchResult(
        name="read 1080p frame (plate + container)",
        ours_s=ours_s,
        baseline="bare onnxruntime run() of the same detector + recogniser on the same inputs",
        baseline_s=bare_s,
        extra={"frame": "1920x1080", "text_lines": len(boxes), "read": read,
               "truth": [vehicle.plate, vehicle.container]},
    )]
