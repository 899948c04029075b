"""ANSI N42.42 writer: the 2012 form (default) and the 2006 form, from a :class:`SpectrumDocument`.

What :mod:`n42_read` reads back from these documents equals what was written (tested).
Spectra are written ``CountedZeroes``-compressed unless ``compress=False``; dose rates are
written in µSv/h (2006: ``Units="uSv/h"``; 2012: ``DoseRateValue``, µGy/h ≈ µSv/h for photons).
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET  # noqa: S405 - building documents, never parsing

from standards.spectra.model import Measurement, SpectrumDocument
from standards.spectra.n42_read import NS_2006, NS_2012
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


def _build_2012(doc: SpectrumDocument, compress: bool) -> ET.Element:
    root = ET.Element("RadInstrumentData", {"xmlns": NS_2012, "n42DocUUID": str(uuid.uuid4())})
    info = _sub(root, "RadInstrumentInformation", id="RadInstrumentInformation-1")
    ins = doc.instrument
    _sub(info, "RadInstrumentManufacturerName", ins.manufacturer or "unknown")
    if ins.serial:
        _sub(info, "RadInstrumentIdentifier", ins.serial)
    _sub(info, "RadInstrumentModelName", ins.model or "unknown")
    if ins.description:
        _sub(info, "RadInstrumentDescription", ins.description)
    _sub(info, "RadInstrumentClassCode", ins.instrument_class or "Other")
    for component, version in ins.versions.items():
        v = _sub(info, "RadInstrumentVersion")
        _sub(v, "RadInstrumentComponentName", component)
        _sub(v, "RadInstrumentComponentVersion", version)
    detector_ids = [d.id for d in doc.detectors]
    for det in doc.detectors:
        d = _sub(root, "RadDetectorInformation", id=det.id)
        _sub(d, "RadDetectorCategoryCode", det.category or "Gamma")
        _sub(d, "RadDetectorKindCode", det.kind or "Other")
        if det.description:
            _sub(d, "RadDetectorDescription", det.description)
    # One EnergyCalibration element per distinct coefficient list.
    calibrations: dict[tuple[float, ...], str] = {}
    for spectrum in doc.spectra:
        key = tuple(spectrum.energy_calibration)
        if key and key not in calibrations:
            calibrations[key] = f"EnergyCalibration-{len(calibrations) + 1}"
            cal = _sub(root, "EnergyCalibration", id=calibrations[key])
            _sub(cal, "CoefficientValues", _numbers(list(key)))
    for i, m in enumerate(doc.measurements, start=1):
        _measurement_2012(root, m, i, calibrations, detector_ids, compress)
    if doc.nuclides or doc.alarms:
        results = _sub(root, "AnalysisResults")
        for alarm in doc.alarms:
            a = _sub(results, "RadAlarm")
            _sub(a, "RadAlarmCategoryCode", alarm.category or "Gamma")
            if alarm.description:
                _sub(a, "RadAlarmDescription", alarm.description)
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
                elif isinstance(n.confidence, str):
                    _sub(el, "NuclideIDConfidenceDescription", n.confidence)
                if n.category:
                    _sub(el, "NuclideCategoryDescription", n.category)
    return root


def _measurement_2012(root: ET.Element, m: Measurement, index: int, calibrations: dict[tuple[float, ...], str],
                      detector_ids: list[str], compress: bool) -> None:
    mid = m.id or f"RadMeasurement-{index}"
    el = _sub(root, "RadMeasurement", id=mid)
    _sub(el, "MeasurementClassCode", m.measurement_class or "Foreground")
    if m.start_time is not None:
        _sub(el, "StartDateTime", m.start_time.isoformat())
    if m.real_time_s is not None:
        _sub(el, "RealTimeDuration", _duration(m.real_time_s))
    for k, s in enumerate(m.spectra, start=1):
        spec = _sub(el, "Spectrum", id=s.id or f"{mid}-Spectrum-{k}",
                    radDetectorInformationReference=s.detector_id if s.detector_id in detector_ids else "",
                    energyCalibrationReference=calibrations.get(tuple(s.energy_calibration), ""))
        live = s.live_time_s if s.live_time_s is not None else m.live_time_s
        if live is not None:
            _sub(spec, "LiveTimeDuration", _duration(live))
        _channel_data(spec, s.counts, compress, "compressionCode")
    for k, g in enumerate(m.gross_counts, start=1):
        gross = _sub(el, "GrossCounts", id=f"{mid}-GrossCounts-{k}",
                     radDetectorInformationReference=g.detector_id if g.detector_id in detector_ids else "")
        if g.live_time_s is not None:
            _sub(gross, "LiveTimeDuration", _duration(g.live_time_s))
        _sub(gross, "CountData", _numbers(g.counts))
    if m.dose_rate_usv_h is not None:
        dose = _sub(el, "DoseRate", id=f"{mid}-DoseRate-1")
        _sub(dose, "DoseRateValue", format_number(m.dose_rate_usv_h))


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
