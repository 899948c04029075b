"""DICOS Threat Detection Reports (NEMA IIC 1, SOP class 1.2.840.10008.5.1.4.1.1.501.3).

Two kinds are written, both with pydicom:

* **machine** TDR (``TDRType = MACHINE``): what a model proposed. One item of the Threat
  Sequence (4010,1011) per potential threat object (PTO) with its id, region and an ATD
  Assessment (category, description = our label, flag ``THREAT``, probability = score);
  the algorithm name and version in Threat Detection Algorithm and Version (4010,1029);
  the overall Alarm Decision (4010,1031) ``ALARM`` when any PTO is reported, else ``CLEAR``.
* **operator** TDR (``TDRType = OPERATOR``): the officer's confirm / reject of each PTO
  (flag ``THREAT`` = confirmed, ``NO_THREAT`` = rejected), referencing the machine TDR
  through Referenced TDR Instance Sequence (4010,1077) and naming the operator.

Regions are 2-D ``(x, y, w, h)`` in scan pixels; DICOS describes PTOs in 3-D, so they are
written as Threat ROI Base (x, y, 0) and Extents (w, h, 0) and a four-corner Bounding
Polygon with z = 0, the convention DICOS uses for projection (DX) images.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydicom import dcmread
from pydicom.dataset import Dataset, FileDataset, FileMetaDataset
from pydicom.sequence import Sequence as DicomSequence
from pydicom.uid import PYDICOM_IMPLEMENTATION_UID, UID, ExplicitVRLittleEndian, generate_uid

from workstation import __version__

TDR_SOP_CLASS = UID("1.2.840.10008.5.1.4.1.1.501.3")
"""DICOS Threat Detection Report Storage."""

# Our labels -> DICOS Threat Category (4010,1012) defined terms.
CATEGORIES: dict[str, str] = {
    "handgun": "PROHIBITED_ITEM",
    "knife": "PROHIBITED_ITEM",
    "blade": "PROHIBITED_ITEM",  # razor blades, throwing stars
    "cigarettes": "CONTRABAND",
    "drug-package": "CONTRABAND",
    "cash": "CONTRABAND",
    "battery": "OTHER",
    "hidden-compartment": "ANOMALY",
    "undeclared-dense-block": "ANOMALY",
    "goods-in-empty": "ANOMALY",
}


class TdrError(Exception):
    """A TDR cannot be written or read; the message names the file and the problem."""


@dataclass(frozen=True)
class Threat:
    """One potential threat object: id (1..65535), label, score 0..1, box (x, y, w, h) pixels."""

    pto_id: int
    label: str
    score: float
    box: tuple[float, float, float, float]


@dataclass(frozen=True)
class TdrSummary:
    """A TDR read back: its type, decision, algorithm, and per PTO (label, flag, probability)."""

    sop_class: str
    tdr_type: str
    alarm_decision: str
    algorithm: tuple[str, ...]
    threats: tuple[tuple[int, str, str, float], ...]
    operator: str


def _now() -> datetime:
    return datetime.now(UTC)


def _base(tdr_type: str, inspection_id: str, study_uid: str | None) -> FileDataset:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = TDR_SOP_CLASS
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
    ds = FileDataset("", Dataset(), file_meta=meta, preamble=b"\0" * 128)
    now = _now()
    ds.SOPClassUID = TDR_SOP_CLASS
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.Modality = "TDR"
    ds.TDRType = tdr_type
    ds.DICOSVersion = "V02A"
    ds.StudyInstanceUID = study_uid or generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.InstanceNumber = 1
    # DICOS "Object of Inspection" reuses the patient module: the control id identifies it.
    ds.PatientID = inspection_id[:64]
    ds.PatientName = ""
    ds.OOIType = "BAGGAGE"
    ds.ContentDate = now.strftime("%Y%m%d")
    ds.ContentTime = now.strftime("%H%M%S.%f")
    ds.InstanceCreationDate = ds.ContentDate
    ds.InstanceCreationTime = ds.ContentTime
    ds.Manufacturer = "Inspection Workstation"
    ds.SoftwareVersions = __version__
    return ds


def _pto_item(threat: Threat, flag: str, probability: float, scan_id: str | None) -> Dataset:
    x, y, w, h = (float(v) for v in threat.box)
    assessment = Dataset()
    assessment.ThreatCategory = CATEGORIES.get(threat.label, "OTHER")
    assessment.ThreatCategoryDescription = threat.label
    assessment.ATDAbilityAssessment = "NO_INTERFERENCE"
    assessment.ATDAssessmentFlag = flag
    assessment.ATDAssessmentProbability = float(probability)
    representation = Dataset()
    representation.ThreatROIBase = [x, y, 0.0]
    representation.ThreatROIExtents = [w, h, 0.0]
    representation.BoundingPolygon = [x, y, 0.0, x + w, y, 0.0, x + w, y + h, 0.0, x, y + h, 0.0]
    if scan_id:
        ref = Dataset()
        ref.ReferencedSOPInstanceUID = scan_id if _is_uid(scan_id) else generate_uid(
            entropy_srcs=[scan_id])
        representation.ReferencedInstanceSequence = DicomSequence([ref])
    item = Dataset()
    item.PotentialThreatObjectID = int(threat.pto_id)
    item.PTORepresentationSequence = DicomSequence([representation])
    item.ATDAssessmentSequence = DicomSequence([assessment])
    return item


def _is_uid(value: str) -> bool:
    return all(part.isdigit() for part in value.split(".")) and len(value) <= 64


def machine_tdr(threats: Sequence[Threat], *, algorithm: str, version: str, inspection_id: str,
                scan_id: str | None = None, study_uid: str | None = None) -> FileDataset:
    """The machine TDR for one model's findings on one scan."""
    for t in threats:
        if not 1 <= t.pto_id <= 65535:
            raise TdrError(f"PTO id {t.pto_id} outside 1..65535 (DICOS US value)")
    ds = _base("MACHINE", inspection_id, study_uid)
    ds.ThreatDetectionAlgorithmAndVersion = [algorithm, version]
    ds.AlarmDecision = "ALARM" if threats else "CLEAR"
    ds.AlarmDecisionTime = _now().strftime("%Y%m%d%H%M%S.%f")
    ds.NumberOfTotalObjects = len(threats)
    ds.NumberOfAlarmObjects = len(threats)
    ds.ThreatSequence = DicomSequence([_pto_item(t, "THREAT", t.score, scan_id) for t in threats])
    return ds


def operator_tdr(machine: Dataset, decisions: Mapping[int, str], *, operator: str) -> FileDataset:
    """The operator TDR: for each PTO of ``machine`` decided ``accepted`` or ``rejected``.

    Accepted becomes ``THREAT`` (probability 1), rejected ``NO_THREAT`` (probability 0);
    undecided PTOs are left out. The machine TDR is referenced by its SOP instance UID.
    """
    bad = {k: v for k, v in decisions.items() if v not in ("accepted", "rejected")}
    if bad:
        raise TdrError(f"decisions must be accepted or rejected, got {bad}")
    ds = _base("OPERATOR", str(machine.PatientID), str(machine.StudyInstanceUID))
    ds.OperatorsName = operator
    ds.ThreatDetectionAlgorithmAndVersion = list(machine.ThreatDetectionAlgorithmAndVersion)
    ref = Dataset()
    ref.ReferencedSOPClassUID = machine.SOPClassUID
    ref.ReferencedSOPInstanceUID = machine.SOPInstanceUID
    ds.ReferencedTDRInstanceSequence = DicomSequence([ref])
    items: list[Dataset] = []
    for pto in machine.ThreatSequence:
        pto_id = int(pto.PotentialThreatObjectID)
        if pto_id not in decisions:
            continue
        confirmed = decisions[pto_id] == "accepted"
        rep = pto.PTORepresentationSequence[0]
        base, ext = rep.ThreatROIBase, rep.ThreatROIExtents
        threat = Threat(pto_id, str(pto.ATDAssessmentSequence[0].ThreatCategoryDescription),
                        1.0 if confirmed else 0.0,
                        (float(base[0]), float(base[1]), float(ext[0]), float(ext[1])))
        scan = rep.get("ReferencedInstanceSequence")
        items.append(_pto_item(threat, "THREAT" if confirmed else "NO_THREAT", threat.score,
                               str(scan[0].ReferencedSOPInstanceUID) if scan else None))
    confirmed_count = sum(1 for v in decisions.values() if v == "accepted")
    ds.AlarmDecision = "ALARM" if confirmed_count else "CLEAR"
    ds.AlarmDecisionTime = _now().strftime("%Y%m%d%H%M%S.%f")
    ds.NumberOfTotalObjects = len(items)
    ds.NumberOfAlarmObjects = confirmed_count
    ds.ThreatSequence = DicomSequence(items)
    return ds


def write(ds: FileDataset, path: Path) -> Path:
    """Write atomically (temp file, fsync, rename) so a crash never leaves half a report."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    try:
        ds.save_as(tmp, enforce_file_format=True)
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise TdrError(f"{path}: cannot write threat detection report: {exc.strerror}") from None
    return path


def read(path: Path) -> TdrSummary:
    """Read a TDR back and check it is one (SOP class and TDR type)."""
    try:
        ds = dcmread(path)
    except (OSError, ValueError) as exc:
        raise TdrError(f"{path}: not a readable DICOM file: {exc}") from None
    if ds.get("SOPClassUID") != TDR_SOP_CLASS:
        raise TdrError(f"{path}: SOP class {ds.get('SOPClassUID')} is not DICOS Threat Detection "
                       f"Report Storage ({TDR_SOP_CLASS})")
    threats = tuple(
        (int(item.PotentialThreatObjectID),
         str(item.ATDAssessmentSequence[0].ThreatCategoryDescription),
         str(item.ATDAssessmentSequence[0].ATDAssessmentFlag),
         float(item.ATDAssessmentSequence[0].ATDAssessmentProbability))
        for item in ds.get("ThreatSequence", [])
    )
    return TdrSummary(str(ds.SOPClassUID), str(ds.TDRType), str(ds.AlarmDecision),
                      tuple(str(v) for v in ds.ThreatDetectionAlgorithmAndVersion), threats,
                      str(ds.get("OperatorsName", "")))
