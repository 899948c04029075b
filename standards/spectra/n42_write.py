"""ANSI N42.42 writer: the 2012 form (default) and the 2006 form, from a :class:`SpectrumDocument`.

What :mod:`n42_read` reads back from these documents equals what was written (tested).
Spectra are written ``CountedZeroes``-compressed unless ``compress=False``; dose rates are
written in µSv/h (2006: ``Units="uSv/h"``; 2012: ``DoseRateValue``, µGy/h ≈ µSv/h for photons).
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET  # noqa: S405 - building documents, never parsing

from standards.spectra.model import Detector, GrossCounts, Measurement, Spectrum, SpectrumDocument
from standards.spectra.n42_read import NS_2006, NS_2012, PLACEHOLDER_REMARK
from standards.spectra.values import compress_counted_zeroes, format_number


def _duration(seconds: float) -> str:
    return f"PT{format_number(round(seconds, 6))}S"


def _numbers(values: list[float]) -> str:
    return " ".join(format_number(v) for v in values)


def _sub(parent: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, name, {k: v for k, v in attrs.items() if v})
    if text is not None:
        el.text = text
    return el


def write_n42(doc: SpectrumDocument, *, form: str = "2012", compress: bool = True) -> bytes:
    """Serialise ``doc`` as N42.42 XML (UTF-8 bytes); ``form`` is ``"2012"`` or ``"2006"``."""
    if form == "2012":
        root = _build_2012(doc, compress)
    elif form == "2006":
        root = _build_2006(doc, compress)
    else:
        raise ValueError(f"N42 form {form!r} unknown: use '2012' or '2006'")
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def _channel_data(parent: ET.Element, counts: list[float], compress: bool, attr: str) -> None:
    values = compress_counted_zeroes(counts) if compress else counts
    _sub(parent, "ChannelData", _numbers(values), **{attr: "CountedZeroes" if compress else "None"})


# Closed code lists of the N42.42-2012 schema; a value outside them is written as "Other"
# (or NotSpecified) and the file's own word is kept in a description where the schema has one.
_KIND_CODES = ("HPGe", "HPXe", "NaI", "LaBr3", "LaCl3", "BGO", "CZT", "CdTe", "CsI", "GMT", "GMTW",
               "LiFiber", "PVT", "PS", "He3", "He4", "LiGlass", "LiI", "SrI2", "CLYC", "CdWO4", "BF3",
               "HgI2", "CeBr4", "LiCAF", "LiZnS")
_CATEGORY_CODES = ("Gamma", "Neutron", "Alpha", "Beta", "X-ray", "Other")
_CLASS_CODES = ("Foreground", "Background", "Calibration", "IntrinsicActivity", "NotSpecified")
_ALARM_CODES = ("Neutron", "Gamma", "Alpha", "Beta", "Isotope", "Other")
_INSTRUMENT_CODES = (
    "Backpack", "Dosimeter", "Electronic Personal Emergency Radiation Detector", "Mobile System",
    "Network Area Monitor", "Neutron Handheld", "Personal Radiation Detector", "Radionuclide Identifier",
    "Portal Monitor", "Spectroscopic Portal Monitor", "Spectroscopic Personal Radiation Detector",
    "Gamma Handheld", "Transportable System", "Other")
# 2006-form instrument types seen in real files, in 2012 words.
_INSTRUMENT_2006 = {"specportal": "Spectroscopic Portal Monitor", "portalmonitor": "Portal Monitor",
                    "portal": "Portal Monitor", "riid": "Radionuclide Identifier",
                    "radionuclideidentifier": "Radionuclide Identifier", "spectrometer": "Other"}


def _code(value: str, codes: tuple[str, ...], default: str) -> str:
    """The schema code ``value`` names (case-insensitive, or as the first word: "HPGe 50%")."""
    folded = value.strip().lower()
    for code in codes:
        if folded == code.lower() or folded.split(" ")[:1] == [code.lower()]:
            return code
    return default


class _Ids:
    """xsd:ID values: NCNames, unique in the document. Ids read from other files ("ORTEC
    Portal", a UUID starting with a digit) are made valid, the same way every time."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.mapped: dict[str, str] = {}

    def valid(self, raw: str, fallback: str) -> str:
        name = re.sub(r"[^A-Za-z0-9._-]", "_", raw.strip()) or fallback
        return name if re.match(r"[A-Za-z_]", name) else f"id-{name}"

    def new(self, raw: str, fallback: str) -> str:
        base = self.valid(raw, fallback)
        name, n = base, 1
        while name in self.used:
            n += 1
            name = f"{base}-{n}"
        self.used.add(name)
        return name


def _calibration_3(coefficients: list[float]) -> list[float] | None:
    """The schema's exactly-three coefficients, or None when the polynomial has more terms
    that are not zero (then written as EnergyBoundaryValues, the energy of every channel edge)."""
    values = list(coefficients) + [0.0] * max(0, 3 - len(coefficients))
    if any(values[3:]):
        return None
    return values[:3]


def _build_2012(doc: SpectrumDocument, compress: bool) -> ET.Element:
    """A document valid against the N42.42-2012 schema (n42.xsd 0.0.54): what the schema
    requires and the source lacks is filled in and named in a Remark (see PLACEHOLDER_REMARK)."""
    ids = _Ids()
    root = ET.Element("RadInstrumentData", {"xmlns": NS_2012, "n42DocUUID": str(uuid.uuid4())})
    info = _sub(root, "RadInstrumentInformation", id=ids.new("RadInstrumentInformation-1", "ri"))
    ins = doc.instrument
    _sub(info, "RadInstrumentManufacturerName", ins.manufacturer or "unknown")
    if ins.serial:
        _sub(info, "RadInstrumentIdentifier", ins.serial)
    _sub(info, "RadInstrumentModelName", ins.model or "unknown")
    instrument_class = _code(ins.instrument_class, _INSTRUMENT_CODES, "") or _INSTRUMENT_2006.get(
        ins.instrument_class.strip().lower().replace(" ", ""), "Other")
    description = ins.description
    if instrument_class == "Other" and ins.instrument_class and ins.instrument_class != "Other":
        description = "; ".join(p for p in (description, f"instrument type: {ins.instrument_class}") if p)
    if description:
        _sub(info, "RadInstrumentDescription", description)
    _sub(info, "RadInstrumentClassCode", instrument_class)
    versions = {c.strip(): v.strip() for c, v in ins.versions.items() if c.strip() and v.strip()}
    # The schema requires one version; "unknown unknown" is read back as none (n42_read).
    for component, version in (versions or {"unknown": "unknown"}).items():
        v = _sub(info, "RadInstrumentVersion")
        _sub(v, "RadInstrumentComponentName", component)
        _sub(v, "RadInstrumentComponentVersion", version)
    # Every spectrum, gross count and dose rate must name a declared detector: detectors only
    # referred to are declared, and one is made when the source names none (a CHN, a CSV).
    detectors = {d.id: d for d in doc.detectors}
    for m in doc.measurements:
        for s in m.spectra:
            detectors.setdefault(s.detector_id, Detector(id=s.detector_id, category="Gamma"))
        for g in m.gross_counts:
            detectors.setdefault(g.detector_id, Detector(id=g.detector_id))
    if not detectors:
        detectors[""] = Detector(id="", category="Gamma")
    det_ids = {raw: ids.new(raw, "Detector-1") for raw in detectors}
    for raw, det in detectors.items():
        d = _sub(root, "RadDetectorInformation", id=det_ids[raw])
        if det.id and det_ids[raw] != det.id:
            _sub(d, "RadDetectorName", det.id)
        _sub(d, "RadDetectorCategoryCode", _code(det.category, _CATEGORY_CODES, "Other") if det.category else "Gamma")
        kind = _code(det.kind, _KIND_CODES, "Other")
        _sub(d, "RadDetectorKindCode", kind)
        detail = det.description or (det.kind if kind == "Other" or kind != det.kind else "")
        if detail:
            _sub(d, "RadDetectorDescription", detail)
    gamma_ids = [det_ids[raw] for raw, d in detectors.items() if (d.category or "Gamma") == "Gamma"]
    first_detector = (gamma_ids or list(det_ids.values()))[0]
    # One EnergyCalibration element per distinct calibration (an all-zero one: none known).
    calibrations: dict[tuple[tuple[float, ...], int], str] = {}
    for spectrum in doc.spectra:
        coefficients = _calibration_3(spectrum.energy_calibration)
        key = (tuple(spectrum.energy_calibration), 0 if coefficients is not None else spectrum.channels)
        if key in calibrations:
            continue
        calibrations[key] = ids.new(f"EnergyCalibration-{len(calibrations) + 1}", "ec")
        cal = _sub(root, "EnergyCalibration", id=calibrations[key])
        if coefficients is not None:
            _sub(cal, "CoefficientValues", _numbers(coefficients))
        else:
            edges = [sum(c * ch ** p for p, c in enumerate(spectrum.energy_calibration))
                     for ch in range(spectrum.channels + 1)]
            _sub(cal, "EnergyBoundaryValues", _numbers([round(e, 6) for e in edges]))
    for i, m in enumerate(doc.measurements, start=1):
        _measurement_2012(root, m, i, calibrations, det_ids, first_detector, ids, compress)
    if doc.nuclides or doc.alarms:
        results = _sub(root, "AnalysisResults", id=ids.new("AnalysisResults-1", "ar"))
        for alarm in doc.alarms:
            refs = [det_ids[r] for r in alarm.detector_ids if r in det_ids] or sorted(set(det_ids.values()))
            a = _sub(results, "RadAlarm", radDetectorInformationReferences=" ".join(refs))
            category = _code(alarm.category, _ALARM_CODES, "Other") if alarm.category else "Gamma"
            _sub(a, "RadAlarmCategoryCode", category)
            text = alarm.description if category == alarm.category or not alarm.category else \
                f"{alarm.category}: {alarm.description}".rstrip(": ")
            if text:
                _sub(a, "RadAlarmDescription", text)
            if alarm.light_color:
                _sub(a, "RadAlarmLightColor", alarm.light_color)
        if doc.nuclides:
            nuclides = _sub(results, "NuclideAnalysisResults")
            for n in doc.nuclides:
                el = _sub(nuclides, "Nuclide")
                _sub(el, "NuclideIdentifiedIndicator", "true" if n.identified else "false")
                _sub(el, "NuclideName", n.name)
                if isinstance(n.confidence, float | int):
                    _sub(el, "NuclideIDConfidenceValue", format_number(round(float(n.confidence) * 100, 6)))
                else:
                    # The schema requires a confidence; an empty description reads back as none.
                    _sub(el, "NuclideIDConfidenceDescription", n.confidence or "")
                if n.category:
                    _sub(el, "NuclideCategoryDescription", n.category)
    return root


def _measurement_2012(root: ET.Element, m: Measurement, index: int,
                      calibrations: dict[tuple[tuple[float, ...], int], str], det_ids: dict[str, str],
                      first_detector: str, ids: _Ids, compress: bool) -> None:
    """One measurement; split in several RadMeasurements of the same start time when its
    spectra have different real times (a portal's detectors in one 0.25 s slice: 0.22 to
    0.26 s), because the 2012 form has one real time per RadMeasurement. n42_read joins
    them again into one time slice."""
    # Keyed by (real time, live time unknown): a placeholder Remark then names exactly the
    # elements that are placeholders, never a known live time beside them.
    parts: dict[tuple[float | None, bool], tuple[list[Spectrum], list[GrossCounts]]] = {}
    for s in m.spectra:
        live = s.live_time_s if s.live_time_s is not None else m.live_time_s
        key = (s.real_time_s if s.real_time_s is not None else m.real_time_s, live is None)
        parts.setdefault(key, ([], []))[0].append(s)
    for g in m.gross_counts:
        known = next((k for k in parts if not k[1]), (m.real_time_s, False))
        parts.setdefault(known if g.live_time_s is not None else (m.real_time_s, True), ([], []))[1].append(g)
    if not parts:
        parts[(m.real_time_s, False)] = ([], [])
    for n, ((real_time_s, _), (spectra, gross_counts)) in enumerate(parts.items()):
        _part_2012(root, m, index, n, real_time_s, spectra, gross_counts, calibrations, det_ids, first_detector,
                   ids, compress)


def _part_2012(root: ET.Element, m: Measurement, index: int, part: int, real_time_s: float | None,
               spectra: list[Spectrum], gross_counts: list[GrossCounts],
               calibrations: dict[tuple[tuple[float, ...], int], str],
               det_ids: dict[str, str], first_detector: str, ids: _Ids, compress: bool) -> None:
    kind = "DerivedData" if m.derived else "RadMeasurement"
    mid = ids.new(m.id, f"{kind}-{index}")
    el = _sub(root, kind, id=mid)
    placeholders = []
    if m.start_time is None:
        placeholders.append("StartDateTime")
    if real_time_s is None:
        placeholders.append("RealTimeDuration")
    if any((s.live_time_s if s.live_time_s is not None else m.live_time_s) is None for s in spectra) \
            or any(g.live_time_s is None for g in gross_counts):
        placeholders.append("LiveTimeDuration")
    if placeholders:
        _sub(el, "Remark", PLACEHOLDER_REMARK + ", ".join(placeholders))
    _sub(el, "MeasurementClassCode", _code(m.measurement_class, _CLASS_CODES, "NotSpecified")
         if m.measurement_class else "Foreground")
    # Placeholders: the epoch and 1 ms (the schema wants a real time above zero), never a
    # plausible invented value; the Remark above names them and n42_read reads them as unknown.
    _sub(el, "StartDateTime", m.start_time.isoformat() if m.start_time is not None else "1970-01-01T00:00:00Z")
    _sub(el, "RealTimeDuration", _duration(real_time_s if real_time_s is not None else 0.001))
    for k, s in enumerate(spectra, start=1):
        key = (tuple(s.energy_calibration), 0 if _calibration_3(s.energy_calibration) is not None else s.channels)
        spec = _sub(el, "Spectrum", id=ids.new(s.id, f"{mid}-Spectrum-{k}"),
                    radDetectorInformationReference=det_ids.get(s.detector_id, first_detector),
                    energyCalibrationReference=calibrations[key])
        live = s.live_time_s if s.live_time_s is not None else m.live_time_s
        _sub(spec, "LiveTimeDuration", _duration(live if live is not None else 0.0))
        _channel_data(spec, s.counts, compress, "compressionCode")
    for k, g in enumerate(gross_counts, start=1):
        gross = _sub(el, "GrossCounts", id=ids.new("", f"{mid}-GrossCounts-{k}"),
                     radDetectorInformationReference=det_ids.get(g.detector_id, first_detector))
        _sub(gross, "LiveTimeDuration", _duration(g.live_time_s if g.live_time_s is not None else 0.0))
        _sub(gross, "CountData", _numbers(g.counts))
    if m.dose_rate_usv_h is not None and part == 0:
        dose = _sub(el, "DoseRate", id=ids.new("", f"{mid}-DoseRate-1"),
                    radDetectorInformationReference=first_detector)
        _sub(dose, "DoseRateValue", format_number(m.dose_rate_usv_h))
    if m.occupied is not None and not m.derived:
        _sub(el, "OccupancyIndicator", "true" if m.occupied else "false")


def _build_2006(doc: SpectrumDocument, compress: bool) -> ET.Element:
    root = ET.Element("N42InstrumentData", {"xmlns": NS_2006})
    ins = doc.instrument
    for i, m in enumerate(doc.measurements or [Measurement()], start=1):
        meas = _sub(root, "Measurement", UUID=m.id or str(uuid.uuid4()))
        if i == 1:
            info = _sub(meas, "InstrumentInformation")
            _sub(info, "InstrumentType", ins.instrument_class or "Other")
            _sub(info, "Manufacturer", ins.manufacturer or "unknown")
            _sub(info, "InstrumentModel", ins.model or "unknown")
            if ins.serial:
                _sub(info, "InstrumentID", ins.serial)
            if ins.versions:
                _sub(info, "InstrumentVersion", next(iter(ins.versions.values())))
        for k, s in enumerate(m.spectra, start=1):
            spec = _sub(meas, "Spectrum", ID=s.id or f"M{i}-S{k}", Detector=s.detector_id,
                        Type="Background" if m.measurement_class.lower() == "background" else "PHA")
            if m.start_time is not None:
                _sub(spec, "StartTime", m.start_time.isoformat())
            real = s.real_time_s if s.real_time_s is not None else m.real_time_s
            live = s.live_time_s if s.live_time_s is not None else m.live_time_s
            if real is not None:
                _sub(spec, "RealTime", _duration(real))
            if live is not None:
                _sub(spec, "LiveTime", _duration(live))
            if s.energy_calibration:
                cal = _sub(spec, "Calibration", Type="Energy", EnergyUnits="keV")
                eq = _sub(cal, "Equation", Model="Polynomial")
                _sub(eq, "Coefficients", _numbers(s.energy_calibration))
            _channel_data(spec, s.counts, compress, "Compression")
        categories = {d.id: d.category for d in doc.detectors}
        for g in m.gross_counts:
            # The DNDO portal form n42_read reads: one counter per DetectorMeasurement.
            dm = _sub(meas, "DetectorMeasurement", Detector=g.detector_id,
                      DetectorType=categories.get(g.detector_id, "") or "Gamma")
            gcm = _sub(dm, "GrossCountMeasurement", Detector=g.detector_id)
            if g.live_time_s is not None:
                _sub(gcm, "LiveTime", _duration(g.live_time_s))
            _sub(gcm, "GrossCounts", _numbers(g.counts))
        if m.dose_rate_usv_h is not None:
            count_dose = _sub(meas, "CountDoseData", DetectorType="Gamma")
            _sub(count_dose, "DoseRate", format_number(m.dose_rate_usv_h), Units="uSv/h")
        if i == 1 and (doc.nuclides or doc.alarms):
            results = _sub(meas, "AnalysisResults")
            for alarm in doc.alarms:
                a = _sub(results, "Alarm", Type=alarm.category)
                _sub(a, "AlarmDescription", alarm.description)
            if doc.nuclides:
                analysis = _sub(results, "NuclideAnalysis")
                for n in doc.nuclides:
                    el = _sub(analysis, "Nuclide")
                    _sub(el, "NuclideName", n.name)
                    if n.category:
                        _sub(el, "NuclideType", n.category)
                    if isinstance(n.confidence, float | int):
                        _sub(el, "NuclideIDConfidence", format_number(round(float(n.confidence) * 100, 6)))
                    elif isinstance(n.confidence, str):
                        _sub(el, "NuclideIDConfidenceIndication", n.confidence)
    return root
