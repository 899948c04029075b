"""Exponential reconnection backoff, capped, with seeded jitter (reproducible in tests)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class Backoff:
    """Delays in seconds: ``initial_s * factor**n`` capped at ``max_s``, each multiplied by
    a random factor in ``[1 - jitter, 1 + jitter]`` so that lanes restarted together do not
    hammer a shared device server in step.

    ``initial_s`` > 0, ``factor`` >= 1, ``max_s`` >= ``initial_s``, ``jitter`` in [0, 1).
    """

    initial_s: float = 0.5
    factor: float = 2.0
    max_s: float = 30.0
    jitter: float = 0.2
    seed: int | None = None
    _attempt: int = field(default=0, init=False)
    _rng: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.initial_s <= 0 or self.factor < 1 or self.max_s < self.initial_s:
            raise ValueError(
                f"backoff: need initial_s > 0, factor >= 1, max_s >= initial_s "
                f"(got {self.initial_s}, {self.factor}, {self.max_s})"
            )
        if not 0 <= self.jitter < 1:
            raise ValueError(f"backoff: jitter must be in [0, 1), got {self.jitter}")
        self._rng = random.Random(self.seed)

    def next_delay(self) -> float:
        """The delay before the next attempt, in seconds; grows until :meth:`reset`."""
        base = min(self.max_s, self.initial_s * self.factor ** self._attempt)
        self._attempt += 1
        spread = 1.0 + self._rng.uniform(-self.jitter, self.jitter)
        return min(self.max_s, base * spread)

    def reset(self) -> None:
        """After a successful connection the next failure starts from ``initial_s`` again."""
        self._attempt = 0

    @property
    def attempts(self) -> int:
        return self._attempt
