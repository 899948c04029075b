"""The operator TDR of a remote image analyst's decision on one scan (decision 0502's writer).

A cleared scan gives a TDR with Alarm Decision ``CLEAR`` and no threat objects; a suspect
one, one PTO per marked region (flag ``THREAT``, probability 1, the category as the threat
category description, the region as in :mod:`workstation.scans.tdr`). The TDR type is
``OPERATOR`` and the analyst is named in Operators' Name; the algorithm field says
``remote-analysis``: no model proposed these objects, a person did.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydicom.dataset import FileDataset

from workstation.scans import tdr

ALGORITHM = ("remote-analysis", "1")


def analyst_tdr(*, control_id: str, scan_id: str, analyst: str, outcome: str,
                regions: Sequence[tuple[str, tuple[int, int, int, int]]]) -> FileDataset:
    """The operator TDR for ``regions`` (category, (x, y, w, h) pixels) of scan ``scan_id``
    (its record id: the PTOs reference the scan's SOP Instance UID derived from it)."""
    threats = [tdr.Threat(i + 1, category, 1.0, tuple(float(v) for v in box))  # type: ignore[arg-type]
               for i, (category, box) in enumerate(regions)]
    ds = tdr.machine_tdr(threats, algorithm=ALGORITHM[0], version=ALGORITHM[1],
                         inspection_id=control_id, scan_id=scan_id)
    ds.TDRType = "OPERATOR"
    ds.OperatorsName = analyst
    ds.AlarmDecision = "ALARM" if outcome == "suspect" and threats else "CLEAR"
    return ds
