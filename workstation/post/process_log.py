"""Logging of the post's headless processes (lanes, analysts): to stderr, which the local
post keeps in its ``logs/`` folder.

``WORKSTATION_LOG`` (``debug``, ``info``, ``warning``, ``error``; default ``warning``) sets
the level; ``debug`` shows the per-step timings of the analyst's desk and the lane (where a
decision's time goes, decision 1311).
"""

from __future__ import annotations

import logging
import os
import sys

LEVELS = ("debug", "info", "warning", "error")


def configure(environ: dict[str, str] | None = None) -> None:
    """Set up the root logger from ``WORKSTATION_LOG`` (an unknown word: a warning, and the
    default level)."""
    word = (environ if environ is not None else dict(os.environ)).get(
        "WORKSTATION_LOG", "warning").strip().lower()
    unknown = word not in LEVELS
    logging.basicConfig(level=logging.WARNING if unknown else getattr(logging, word.upper()),
                        stream=sys.stderr,
                        format="%(asctime)s.%(msecs)03d %(process)d %(name)s: %(message)s",
                        datefmt="%H:%M:%S")
    if unknown:
        logging.getLogger(__name__).warning("WORKSTATION_LOG=%r is not one of %s: warnings "
                                            "only", word, ", ".join(LEVELS))
