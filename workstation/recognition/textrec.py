"""Text-line recognition: the SVTR/CTC network on crops 48 pixels high.

Each crop is scaled to height 48 keeping its aspect ratio, normalised to -1..1 and padded
on the right with zeros to the widest crop of its batch. The network gives, per time step
(8 px of input width), a softmax over the CTC blank and the alphabet. Greedy decoding keeps
the best class per step, collapses repeats and drops blanks; every kept character carries
its probability and the runner-up characters of the same step, which the container reader
uses to rank check-digit corrections.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from workstation.recognition.modelstore import LoadedModel

HEIGHT = 48  # px, fixed by the network
MAX_WIDTH = 1600  # px: a longer crop is squeezed (no line of ours is longer than ~30 chars)


@dataclass(frozen=True)
class CharRead:
    char: str
    prob: float  # 0..1
    alternatives: tuple[tuple[str, float], ...] = ()  # runner-ups (char, prob), best first


@dataclass(frozen=True)
class LineRead:
    chars: tuple[CharRead, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        return "".join(c.char for c in self.chars)

    @property
    def confidence(self) -> float:
        """Mean character probability (0..1); 0 for an empty read."""
        return float(np.mean([c.prob for c in self.chars])) if self.chars else 0.0


def prepare(crop: np.ndarray, width: int) -> np.ndarray:
    """(3, 48, width) float32: ``crop`` scaled to height 48, normalised, zero-padded right."""
    h, w = crop.shape[:2]
    target_w = min(width, max(8, int(np.ceil(HEIGHT * w / max(h, 1)))))
    resized = cv2.resize(crop, (target_w, HEIGHT)).astype(np.float32) / 127.5 - 1.0
    out = np.zeros((3, HEIGHT, width), np.float32)
    out[:, :, :target_w] = resized.transpose(2, 0, 1)
    return out


def ctc_decode(probs: np.ndarray, alphabet: str, top: int = 3) -> LineRead:
    """Greedy CTC decoding of one (T, C) softmax; class 0 is blank, class i is alphabet[i-1].

    Vectorised: the time steps that emit a character (not blank, not a repeat of the step
    before) are found with numpy, so the Python loop runs once per character read, not per
    time step; the plate reader's thread then holds the GIL far less per frame.
    """
    best = probs.argmax(axis=1)
    previous = np.concatenate(([0], best[:-1]))
    emit = np.flatnonzero((best != 0) & (best != previous))
    rows = probs[emit]
    orders = np.argsort(rows, axis=1)[:, ::-1][:, 1:top + 1]  # runner-up classes, best first
    chars: list[CharRead] = []
    for row, cls, order in zip(rows, best[emit], orders, strict=True):
        alternatives = tuple((alphabet[i - 1], float(row[i])) for i in order if i != 0)
        chars.append(CharRead(alphabet[cls - 1], float(row[cls]), alternatives))
    return LineRead(tuple(chars))


class TextRecogniser:
    """Runs the CTC network on batches of crops; thread-safe."""

    def __init__(self, model: LoadedModel, batch: int = 8) -> None:
        self.model = model
        self.alphabet: str = model.spec["alphabet"]
        self.batch = batch
        self._input = model.session.get_inputs()[0].name

    def run(self, tensor: np.ndarray) -> np.ndarray:
        """Bare network call: (N, 3, 48, W) → (N, W/8, classes) softmax."""
        return self.model.session.run(None, {self._input: tensor})[0]

    def read(self, crops: list[np.ndarray]) -> list[LineRead]:
        """Read each crop (BGR, text horizontal); results in input order."""
        results: list[LineRead | None] = [None] * len(crops)
        # Similar widths in one batch waste less padding.
        order = sorted(range(len(crops)), key=lambda i: crops[i].shape[1] / max(crops[i].shape[0], 1))
        for start in range(0, len(order), self.batch):
            idx = order[start:start + self.batch]
            width = max(int(np.ceil(HEIGHT * crops[i].shape[1] / max(crops[i].shape[0], 1))) for i in idx)
            width = min(MAX_WIDTH, max(width, 32))
            tensor = np.stack([prepare(crops[i], width) for i in idx])
            out = self.run(tensor)
            for k, i in enumerate(idx):
                results[i] = ctc_decode(out[k], self.alphabet)
        return [r if r is not None else LineRead() for r in results]
