"""Recipe: the cargo anomaly model ``cargo-anomalies`` (heatmaps, judged against the declaration).

    .venv/bin/pip install -e '.[training]'
    .venv/bin/python models/training/cargo_anomaly.py [--train 560] [--test 210] [--epochs 24]

Renders seeded truck scans with the x-ray simulator's cargo scenes at 640 lines x 200 pixels
(one tenth of a 6,400 x 2,000 portal scan in each direction; the scene keeps the physical field
of view, so this is the whole truck at 2.8 cm per pixel) and trains a small fully convolutional
net whose output is three sigmoid heatmaps at stride 8:

- ``hidden-compartment``: a false wall with packages behind it;
- ``undeclared-dense-block``: a block of steel or lead among the goods;
- ``cargo-load``: goods in the container's load space. Not an anomaly by itself: the manifest's
  ``declaration`` rule turns it into a ``goods-in-empty`` finding only when the declaration
  says the container is empty (decision 0503).

The card's figures are image-level ROC AUCs (image score = the heatmap's maximum), measured on
held-out scenes (seeds 1,000,000..) rendered through the application's own acquisition path
and run through onnxruntime and the workstation's runner.
"""

from __future__ import annotations

import argparse
import time

import common
import cv2
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from workstation.inference.evaluation import roc_auc
from workstation.inference.registry import open_session, verify_manifest
from workstation.inference.runner import analyse

NAME = "cargo-anomalies"
VERSION = "1.0.0"
LABELS = ("hidden-compartment", "undeclared-dense-block", "cargo-load")
SCENE_SIZE = (640, 200)          # (lines, pixels) rendered: displayed 200 rows x 640 columns
INPUT = (208, 640)               # model input (height, width); 8 rows of air padding
STRIDE = 8
TEST_SEED0 = 1_000_000
SCORE_THRESHOLD = 0.5
# Scene kinds in a repeating schedule: anomalies twice as often as each normal load.
SCHEDULE = ("cargo-uniform", "cargo-hidden-compartment", "cargo-mixed", "cargo-undeclared-block",
            "cargo-empty", "cargo-hidden-compartment", "cargo-undeclared-block")
KINDS = ("cargo-uniform", "cargo-mixed", "cargo-hidden-compartment", "cargo-undeclared-block",
         "cargo-empty")


def kind_for(index: int) -> str:
    return SCHEDULE[index % len(SCHEDULE)]


def label_of(object_label: str) -> str | None:
    """Ground-truth object label -> model label (None: not a target)."""
    if object_label in ("hidden-compartment", "undeclared-dense-block"):
        return object_label
    if object_label.startswith("pallet-"):
        return "cargo-load"
    return None


def render_set(first_seed: int, count: int, app_path: bool) -> dict[str, np.ndarray]:
    """Grey scans padded to the input size, target boxes (image, label, x, y, w, h), kinds."""
    images = np.ones((count, *INPUT), np.float16)
    boxes: list[list[float]] = []
    kinds = np.zeros(count, np.int8)
    render = common.render_app if app_path else common.render_grey
    for i in range(count):
        kind = kind_for(i)
        grey, objects = render(kind, first_seed + i, SCENE_SIZE)
        images[i, : grey.shape[0], : grey.shape[1]] = grey
        kinds[i] = KINDS.index(kind)
        for obj in objects:
            label = label_of(obj.label)
            if label is not None:
                boxes.append([i, LABELS.index(label), *obj.box])
        if i % 100 == 0:
            print(f"  rendered {i}/{count}", flush=True)
    return {"images": images, "boxes": np.array(boxes, np.float32).reshape(-1, 6), "kinds": kinds}


def conv(cin: int, cout: int, stride: int = 1) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout),
                         nn.ReLU(inplace=True))


class AnomalyNet(nn.Module):
    """Four stride-2 stages, one fusion back to stride 8, one heatmap per label (logits)."""

    def __init__(self, classes: int) -> None:
        super().__init__()
        self.s2 = conv(1, 8, 2)
        self.s4 = conv(8, 16, 2)
        self.s8 = nn.Sequential(conv(16, 32, 2), conv(32, 32))
        self.s16 = nn.Sequential(conv(32, 48, 2), conv(48, 48))
        # A wide context at stride 32: a compartment is told by where it sits in the container.
        self.s32 = nn.Sequential(conv(48, 48, 2), conv(48, 48))
        self.up16 = conv(48 + 48, 48)
        self.up8 = conv(48 + 32, 32)
        self.heat = nn.Conv2d(32, classes, 1)
        self.heat.bias.data.fill_(-2.2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        f8 = self.s8(self.s4(self.s2(x)))
        f16 = self.s16(f8)
        f32 = self.s32(f16)
        u16 = self.up16(torch.cat([F.interpolate(f32, size=f16.shape[2:], mode="nearest"), f16], 1))
        u8 = self.up8(torch.cat([F.interpolate(u16, size=f8.shape[2:], mode="nearest"), f8], 1))
        return self.heat(u8)


class Exported(nn.Module):
    """The trained net with the sigmoid inside the graph: (N, C, h, w) maps in 0..1."""

    def __init__(self, net: AnomalyNet) -> None:
        super().__init__()
        self.net = net

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.sigmoid(self.net(x))


def targets(boxes: np.ndarray) -> np.ndarray:
    """Box masks at stride 8: a cell is positive when its centre lies inside a target box."""
    h, w = INPUT[0] // STRIDE, INPUT[1] // STRIDE
    heat = np.zeros((len(LABELS), h, w), np.float32)
    for cls, x, y, bw, bh in boxes:
        x0, y0 = int(np.floor(x / STRIDE + 0.5)), int(np.floor(y / STRIDE + 0.5))
        x1, y1 = int(np.ceil((x + bw) / STRIDE - 0.5)), int(np.ceil((y + bh) / STRIDE - 0.5))
        # Small blocks still mark at least their centre cell.
        cx, cy = int((x + bw / 2) / STRIDE), int((y + bh / 2) / STRIDE)
        x0, x1 = min(x0, cx), max(x1, cx + 1)
        y0, y1 = min(y0, cy), max(y1, cy + 1)
        heat[int(cls), max(y0, 0):min(y1, h), max(x0, 0):min(x1, w)] = 1.0
    return heat


def focal(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Focal loss on box masks, normalised per label by that label's positive cells.

    A dense block covers ~3 of 2,080 cells while the load covers hundreds: normalising per
    label (not over all labels, as CenterNet does) keeps the small label's cells from
    drowning, and the focal factors stop the easy background from dominating.
    """
    p = torch.sigmoid(logits).clamp(1e-4, 1 - 1e-4)
    pos = target
    pos_loss = (-torch.log(p) * (1 - p) ** 2 * pos).sum(dim=(0, 2, 3))
    neg_loss = (-torch.log(1 - p) * p**2 * (1 - pos)).sum(dim=(0, 2, 3))
    count = pos.sum(dim=(0, 2, 3)).clamp(min=1)
    return ((pos_loss + neg_loss) / count).sum()


def augment(image: np.ndarray, boxes: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Mirror, rescale and shift the scanned truck, and vary the display curve.

    The simulator always draws the same truck at the same place; real trucks differ in
    length and stand anywhere in the frame, and a 6,000-line scan letterboxes at a slightly
    different pitch than a 6,400-line one. Without the scale and shift the net learns
    *where* things are instead of what they look like.
    """
    boxes = boxes.copy()
    width, height = SCENE_SIZE
    scene = image[:height, :width]
    if rng.random() < 0.5:  # cab first or rear first
        scene = scene[:, ::-1]
        boxes[:, 1] = width - boxes[:, 1] - boxes[:, 3]
    s = rng.uniform(0.85, 1.12)
    new_w, new_h = round(width * s), round(height * s)
    scene = cv2.resize(np.ascontiguousarray(scene, np.float32), (new_w, new_h),
                       interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_LINEAR)
    dx = int(rng.integers(min(0, INPUT[1] - new_w), max(0, INPUT[1] - new_w) + 1))
    dy = int(rng.integers(min(0, INPUT[0] - new_h), max(0, INPUT[0] - new_h) + 1))
    canvas = np.ones(INPUT, np.float32)
    x0, y0 = max(dx, 0), max(dy, 0)
    x1, y1 = min(dx + new_w, INPUT[1]), min(dy + new_h, INPUT[0])
    canvas[y0:y1, x0:x1] = scene[y0 - dy : y1 - dy, x0 - dx : x1 - dx]
    boxes[:, 1:] *= s
    boxes[:, 1] += dx
    boxes[:, 2] += dy
    # Keep boxes mostly inside the canvas (clipped); drop those pushed out of view.
    bx0, by0 = np.clip(boxes[:, 1], 0, INPUT[1]), np.clip(boxes[:, 2], 0, INPUT[0])
    bx1 = np.clip(boxes[:, 1] + boxes[:, 3], 0, INPUT[1])
    by1 = np.clip(boxes[:, 2] + boxes[:, 4], 0, INPUT[0])
    inside = (bx1 - bx0) * (by1 - by0) >= 0.4 * boxes[:, 3] * boxes[:, 4]
    boxes[:, 1], boxes[:, 2], boxes[:, 3], boxes[:, 4] = bx0, by0, bx1 - bx0, by1 - by0
    canvas = np.clip(canvas, 0, 1) ** rng.uniform(0.7, 1.4)
    canvas = np.clip(canvas * rng.uniform(0.9, 1.05) + rng.uniform(-0.03, 0.03), 0, 1)
    return np.ascontiguousarray(canvas, np.float32), boxes[inside]


def train(data: dict[str, np.ndarray], epochs: int, seed: int) -> AnomalyNet:
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    images, boxes = data["images"], data["boxes"]
    per_image = [boxes[boxes[:, 0] == i, 1:] for i in range(len(images))]
    net = AnomalyNet(len(LABELS))
    batch = 16
    steps = epochs * (len(images) // batch)
    opt = torch.optim.AdamW(net.parameters(), lr=2e-3, weight_decay=1e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=4e-3, total_steps=steps, pct_start=0.2)
    net.train()
    for epoch in range(epochs):
        order = rng.permutation(len(images))
        started, total = time.perf_counter(), 0.0
        for first in range(0, len(order) - batch + 1, batch):
            xb, tb = [], []
            for i in order[first : first + batch]:
                img, bx = augment(images[i].astype(np.float32), per_image[i], rng)
                xb.append(img[None])
                tb.append(targets(bx))
            x, t = torch.from_numpy(np.stack(xb)), torch.from_numpy(np.stack(tb))
            logits = net(x)
            pixel = focal(logits, t)
            # Image level: the map's maximum must say whether the label is in the image at all.
            peak = logits.flatten(2).max(dim=2).values
            image = F.binary_cross_entropy_with_logits(peak, t.flatten(2).max(dim=2).values)
            loss = pixel + 0.5 * image
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            total += float(loss.detach())
        print(f"epoch {epoch + 1}/{epochs} loss {total / (len(order) // batch):.4f} "
              f"({time.perf_counter() - started:.0f} s)", flush=True)
    net.eval()
    return net


def measure(model: object, test: dict[str, np.ndarray]) -> dict[str, float]:
    """Image-level ROC AUC per label and for "any anomaly", through the workstation's runner."""
    images, boxes, kinds = test["images"], test["boxes"], test["kinds"]
    scores: dict[str, list[float]] = {lab: [] for lab in LABELS}
    for i in range(len(images)):
        grey = images[i, : SCENE_SIZE[1], : SCENE_SIZE[0]].astype(np.float32)
        result = analyse(model, grey)  # type: ignore[arg-type]
        for lab in LABELS:
            scores[lab].append(result.image_scores[lab])
    kind_names = [KINDS[k] for k in kinds]
    present = {lab: [bool(((boxes[:, 0] == i) & (boxes[:, 1] == j)).any()) for i in range(len(images))]
               for j, lab in enumerate(LABELS)}
    figures = {f"auc_{lab}": roc_auc(scores[lab], present[lab]) for lab in LABELS[:2]}
    # Goods in a container declared empty: the load score must tell empty from loaded.
    figures["auc_goods-in-empty"] = roc_auc(scores["cargo-load"], present["cargo-load"])
    anomaly = [max(a, b) for a, b in zip(scores[LABELS[0]], scores[LABELS[1]], strict=True)]
    is_anomalous = [k in ("cargo-hidden-compartment", "cargo-undeclared-block") for k in kind_names]
    figures["auc_any_anomaly"] = roc_auc(anomaly, is_anomalous)
    for j, lab in enumerate(LABELS[:2]):
        hits = [s >= SCORE_THRESHOLD for s in scores[lab]]
        pos = [h for h, p in zip(hits, present[lab], strict=True) if p]
        neg = [h for h, p in zip(hits, present[lab], strict=True) if not p]
        figures[f"tpr_{lab}"] = sum(pos) / max(len(pos), 1)
        figures[f"fpr_{lab}"] = sum(neg) / max(len(neg), 1)
        del j
    empty = [s >= SCORE_THRESHOLD for s, k in zip(scores["cargo-load"], kind_names, strict=True)
             if k == "cargo-empty"]
    loaded = [s >= SCORE_THRESHOLD for s, k in zip(scores["cargo-load"], kind_names, strict=True)
              if k != "cargo-empty"]
    figures["tpr_goods-in-empty"] = sum(loaded) / max(len(loaded), 1)
    figures["fpr_goods-in-empty"] = sum(empty) / max(len(empty), 1)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--train", type=int, default=560)
    parser.add_argument("--test", type=int, default=210)
    parser.add_argument("--epochs", type=int, default=24)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    started = time.perf_counter()
    train_set = common.cached(f"cargo-train-{args.train}", lambda: render_set(0, args.train, False))
    test_set = common.cached(f"cargo-test-app-{args.test}",
                             lambda: render_set(TEST_SEED0, args.test, True))
    render_s = time.perf_counter() - started
    net = train(train_set, args.epochs, args.seed)
    train_s = time.perf_counter() - started - render_s

    out_dir = common.MODELS / NAME
    out_dir.mkdir(parents=True, exist_ok=True)
    onnx_path = out_dir / f"{NAME}.onnx"
    torch.onnx.export(Exported(net), torch.zeros(1, 1, *INPUT), str(onnx_path),
                      input_names=["images"], output_names=["heatmaps"],
                      dynamic_axes={"images": {0: "batch"}, "heatmaps": {0: "batch"}},
                      opset_version=17, dynamo=False)
    torch.save(net.state_dict(), out_dir / f"{NAME}.pt")
    manifest_path = common.write_manifest(manifest_fields(args, metrics=[]), onnx_path)
    model = open_session(verify_manifest(manifest_path), threads=args.threads)
    figures = measure(model, test_set)
    dataset = (f"{args.test} held-out simulated truck scans (seeds {TEST_SEED0}..; "
               f"{', '.join(KINDS)}), 640 x 200")
    metrics = [{"name": k, "value": round(v, 4), "dataset": dataset, "samples": args.test}
               for k, v in figures.items()]
    common.write_manifest(manifest_fields(args, metrics), onnx_path)
    report = {"figures": figures, "render_s": round(render_s), "train_s": round(train_s),
              "total_s": round(time.perf_counter() - started), "args": vars(args),
              "onnx_bytes": onnx_path.stat().st_size}
    common.write_report(NAME, report)
    print(report, flush=True)


def manifest_fields(args: argparse.Namespace, metrics: list[dict[str, object]]) -> dict[str, object]:
    return {
        "name": NAME, "version": VERSION, "task": "anomaly", "scan_kinds": ["cargo"],
        "input": {"name": "images", "layout": "NCHW", "size": list(INPUT), "channels": 1,
                  "dtype": "float32", "resize": "letterbox", "pad_value": 1.0},
        "output": {"decoder": "heatmap", "name": "heatmaps", "activation": "none"},
        "labels": list(LABELS),
        "thresholds": {"score": SCORE_THRESHOLD, "iou": 0.3, "per_label": {}, "min_area": 2},
        "declaration": {"load_label": "cargo-load", "if_declared_empty": "goods-in-empty"},
        "training": {
            "description": "Simulated side-view MeV portal scans of an articulated truck with a "
                           "40 ft container from the workstation's x-ray simulator: uniform or "
                           "mixed palletised loads (cartons, textiles, drinks, tiles, machine "
                           "parts), a false front wall with drugs or tobacco behind it, a steel "
                           "or lead block among the goods, or an empty container.",
            "source": "devices.xray.sim.scenes.make_scene('cargo-*', seed), 640 lines x 200 pixels",
            "samples": args.train,
            "not_covered": "No real cargo scans. Never seen: other vehicle types (vans, tankers, "
                           "rigid trucks, rail wagons), two containers or 20 ft containers, "
                           "bulk loads, refrigerated units, compartments in the floor, roof or "
                           "tractor, small concealments (< 30 cm), top-view scanners.",
            "recipe": f"python models/training/cargo_anomaly.py --train {args.train} "
                      f"--test {args.test} --epochs {args.epochs} --seed {args.seed}",
        },
        "metrics": metrics,
        "notes": "See docs/models/cargo-anomalies.md. A 6,400 x 2,000 portal scan is letterboxed "
                 "to 640 x 200 (2.8 cm per model pixel).",
    }


if __name__ == "__main__":
    main()
