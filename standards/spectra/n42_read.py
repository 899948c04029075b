"""ANSI N42.42 reader, 2012 form (``RadInstrumentData``) and 2006 form (``N42InstrumentData``).

Only elements in an N42 namespace (or none) are interpreted; vendor extensions in other
namespaces are skipped, so ``<DHS:InterSpec>`` and friends do no harm. Counts may be
``CountedZeroes``-compressed. Dose rates are converted to µSv/h (2012 ``DoseRateValue``
is µGy/h by the standard; 2006 gives ``Units``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - element type only; parsing is in xmlsafe
from collections.abc import Iterator

from standards.spectra.model import (
    Alarm,
    Detector,
    GrossCounts,
    Instrument,
    Measurement,
    Nuclide,
    Spectrum,
    SpectrumDocument,
    SpectrumFormatError,
)
from standards.spectra.values import (
    dose_rate_to_usv_h,
    expand_counted_zeroes,
    parse_datetime,
    parse_duration_s,
    parse_floats,
)
from standards.spectra.xmlsafe import local, namespace, parse_xml

NS_2012 = "http://physics.nist.gov/N42/2011/N42"
NS_2006 = "http://physics.nist.gov/N42/2006/N42"
# The namespace of the ANSI N42.42-2006 drafts, still written by deployed portal monitors.
NS_2006_DRAFT = "http://physics.nist.gov/Divisions/Div846/Gp4/ANSIN4242/2005/ANSIN4242"
_OURS = {NS_2012, NS_2006, NS_2006_DRAFT, ""}
# A RadMeasurement Remark our writer adds when the schema requires an element the source did
# not have (a CSV has no start time): the names after it are placeholders, read back as unknown.
PLACEHOLDER_REMARK = "Not in the source, written only because the schema requires it: "


def read_n42(data: bytes, where: str = "N42 document") -> SpectrumDocument:
    """Read an N42.42 document (either form) from bytes.

    A document that parses but carries no spectrum, no gross count and no dose rate is
    refused: an instrument file that reads as empty would look like a clean reading.
    """
    root, warnings = parse_xml(data, where)
    name = local(root.tag)
    if name == "RadInstrumentData" and namespace(root.tag) != NS_2006:
        doc = _read_2012(root, where)
        expected = "RadMeasurement or DerivedData with Spectrum, GrossCounts or DoseRate"
    elif name in ("N42InstrumentData", "Measurement") or namespace(root.tag) == NS_2006:
        doc = _read_2006(root, where)
        expected = ("Measurement with Spectrum (directly or in DetectorData / DetectorMeasurement / "
                    "SpectrumMeasurement), GrossCounts or DoseRate")
    else:
        raise SpectrumFormatError(
            f"{where}: root element <{name}> is not an N42.42 document "
            "(expected RadInstrumentData or N42InstrumentData)"
        )
    if not any(m.spectra or m.gross_counts or m.dose_rate_usv_h is not None for m in doc.measurements):
        raise SpectrumFormatError(
            f"{where}: no spectrum, gross count or dose rate found "
            f"(expected {expected} in the {namespace(root.tag) or 'no'} namespace; "
            f"{len(doc.measurements)} measurement element(s) held none)"
        )
    doc.warnings = warnings + doc.warnings
    return doc


# --- element helpers ------------------------------------------------------------------------


def _kids(el: ET.Element, name: str) -> Iterator[ET.Element]:
    for child in el:
        if local(child.tag) == name and namespace(child.tag) in _OURS:
            yield child


def _kid(el: ET.Element, name: str) -> ET.Element | None:
    return next(_kids(el, name), None)


def _text(el: ET.Element | None, name: str | None = None) -> str:
    if el is not None and name is not None:
        el = _kid(el, name)
    return (el.text or "").strip() if el is not None else ""


def _descendants(el: ET.Element, name: str) -> Iterator[ET.Element]:
    """N42 elements called ``name`` below ``el``, never looking inside vendor extensions."""
    for child in el:
        if not isinstance(child.tag, str) or namespace(child.tag) not in _OURS:
            continue  # a vendor element (or comment): its whole subtree is theirs
        if local(child.tag) == name:
            yield child
        yield from _descendants(child, name)


def _channel_data(el: ET.Element, where: str) -> list[float]:
    values = parse_floats(el.text or "", where)
    compression = el.get("compressionCode") or el.get("Compression") or "None"
    if compression.strip().lower() == "countedzeroes":
        values = expand_counted_zeroes(values, where)
    elif compression.strip().lower() not in ("none", ""):
        raise SpectrumFormatError(f"{where}: compression {compression!r} not supported (None, CountedZeroes)")
    if any(v < 0 for v in values):
        raise SpectrumFormatError(f"{where}: negative counts")
    return values


def _confidence(nuclide: ET.Element, where: str) -> float | str | None:
    for name in ("NuclideIDConfidenceValue", "NuclideIDConfidence"):
        text = _text(nuclide, name)
        if text:
            value = parse_floats(text, f"{where}/{name}")
            if len(value) != 1:
                raise SpectrumFormatError(f"{where}/{name}: expected one number, got {text!r}")
            # The 2012 form states 0..100 per cent; some writers give 0..1. Normalise to 0..1.
            return round(value[0] / 100.0, 6) if value[0] > 1 else value[0]
    for name in ("NuclideIDConfidenceDescription", "NuclideIDConfidenceIndication"):
        text = _text(nuclide, name)
        if text:
            return text
    return None


def _nuclides(root: ET.Element, where: str) -> list[Nuclide]:
    found: list[Nuclide] = []
    for i, el in enumerate(_descendants(root, "Nuclide")):
        name = _text(el, "NuclideName")
        if not name:
            continue
        indicator = _text(el, "NuclideIdentifiedIndicator").lower()
        found.append(Nuclide(
            name=name,
            confidence=_confidence(el, f"{where}: Nuclide {i + 1}"),
            category=_text(el, "NuclideCategoryDescription") or _text(el, "NuclideType"),
            identified=indicator not in ("false", "0"),
        ))
    return found


# --- 2012 ----------------------------------------------------------------------------------


def _read_2012(root: ET.Element, where: str) -> SpectrumDocument:
    doc = SpectrumDocument(format="n42-2012")
    info = _kid(root, "RadInstrumentInformation")
    if info is not None:
        doc.instrument = Instrument(
            manufacturer=_text(info, "RadInstrumentManufacturerName"),
            model=_text(info, "RadInstrumentModelName"),
            serial=_text(info, "RadInstrumentIdentifier"),
            instrument_class=_text(info, "RadInstrumentClassCode"),
            description=_text(info, "RadInstrumentDescription"),
            versions={
                _text(v, "RadInstrumentComponentName"): _text(v, "RadInstrumentComponentVersion")
                for v in _kids(info, "RadInstrumentVersion")
                # Our writer's placeholder for the version the schema requires (n42_write).
                if (_text(v, "RadInstrumentComponentName"), _text(v, "RadInstrumentComponentVersion"))
                != ("unknown", "unknown")
            },
        )
    for det in _kids(root, "RadDetectorInformation"):
        doc.detectors.append(Detector(
            id=det.get("id", ""), category=_text(det, "RadDetectorCategoryCode"),
            kind=_text(det, "RadDetectorKindCode"), description=_text(det, "RadDetectorDescription"),
        ))
    calibrations: dict[str, list[float]] = {}
    for cal in _kids(root, "EnergyCalibration"):
        coefficients = _kid(cal, "CoefficientValues")
        if coefficients is not None:
            values = parse_floats(coefficients.text or "", f"{where}: EnergyCalibration {cal.get('id', '')!r}")
            # All zeros is how a writer says "no calibration" where the schema demands one.
            calibrations[cal.get("id", "")] = values if any(values) else []
        else:
            calibrations[cal.get("id", "")] = []
    index = {"RadMeasurement": 0, "DerivedData": 0}
    for meas in root:
        kind = local(meas.tag) if isinstance(meas.tag, str) and namespace(meas.tag) in _OURS else ""
        if kind in index:
            # Document order keeps time slices in order; DerivedData (sums the instrument
            # made) are kept, flagged, as the reference reader keeps them.
            index[kind] += 1
            m = _measurement_2012(meas, calibrations, f"{where}: {kind} {index[kind]}")
            m.derived = kind == "DerivedData"
            last = doc.measurements[-1] if doc.measurements else None
            if (last is not None and m.start_time is not None and not m.derived and not last.derived
                    and (last.start_time, last.measurement_class) == (m.start_time, m.measurement_class)):
                # Consecutive RadMeasurements of the same start and class are one time slice
                # whose detectors had different real times (one real time per RadMeasurement).
                _join(last, m)
                continue
            doc.measurements.append(m)
    for alarm in _descendants(root, "RadAlarm"):
        doc.alarms.append(Alarm(
            category=_text(alarm, "RadAlarmCategoryCode"),
            description=_text(alarm, "RadAlarmDescription"),
            light_color=_text(alarm, "RadAlarmLightColor"),
            detector_ids=(alarm.get("radDetectorInformationReferences") or "").split(),
        ))
    doc.nuclides = _nuclides(root, where)
    return doc


def _join(into: Measurement, part: Measurement) -> None:
    into.spectra += part.spectra
    into.gross_counts += part.gross_counts
    if part.dose_rate_usv_h is not None:
        into.dose_rate_usv_h = max(into.dose_rate_usv_h or 0.0, part.dose_rate_usv_h)
    if part.real_time_s is not None:
        into.real_time_s = max(into.real_time_s or 0.0, part.real_time_s)
    if into.occupied is None:
        into.occupied = part.occupied
    if into.live_time_s != part.live_time_s:
        into.live_time_s = None  # the detectors disagree: no one live time for the slice


def _measurement_2012(meas: ET.Element, calibrations: dict[str, list[float]], where: str) -> Measurement:
    m = Measurement(id=meas.get("id", ""), measurement_class=_text(meas, "MeasurementClassCode"))
    # What our writer had to fill in for the schema but the source did not know (see n42_write).
    unknown = set()
    for remark in _kids(meas, "Remark"):
        text = _text(remark)
        if text.startswith(PLACEHOLDER_REMARK):
            unknown.update(text[len(PLACEHOLDER_REMARK):].replace(",", " ").split())
    if (start := _text(meas, "StartDateTime")) and "StartDateTime" not in unknown:
        m.start_time = parse_datetime(start, f"{where}/StartDateTime")
    if (real := _text(meas, "RealTimeDuration")) and "RealTimeDuration" not in unknown:
        m.real_time_s = parse_duration_s(real, f"{where}/RealTimeDuration")
    if occupied := _text(meas, "OccupancyIndicator"):
        m.occupied = occupied.lower() in ("true", "1")
    for k, spec in enumerate(_kids(meas, "Spectrum")):
        swhere = f"{where}/Spectrum {k + 1}"
        data = _kid(spec, "ChannelData")
        if data is None:
            raise SpectrumFormatError(f"{swhere}: no ChannelData")
        cal_ref = spec.get("energyCalibrationReference", "")
        if cal_ref and cal_ref not in calibrations:
            raise SpectrumFormatError(f"{swhere}: energyCalibrationReference {cal_ref!r} names no EnergyCalibration")
        live = "" if "LiveTimeDuration" in unknown else _text(spec, "LiveTimeDuration")
        m.spectra.append(Spectrum(
            counts=_channel_data(data, f"{swhere}/ChannelData"),
            energy_calibration=list(calibrations.get(cal_ref, [])),
            live_time_s=parse_duration_s(live, f"{swhere}/LiveTimeDuration") if live else None,
            real_time_s=m.real_time_s,
            detector_id=spec.get("radDetectorInformationReference", ""),
            id=spec.get("id", ""),
        ))
    for k, gross in enumerate(_kids(meas, "GrossCounts")):
        gwhere = f"{where}/GrossCounts {k + 1}"
        live = "" if "LiveTimeDuration" in unknown else _text(gross, "LiveTimeDuration")
        m.gross_counts.append(GrossCounts(
            counts=parse_floats(_text(gross, "CountData"), f"{gwhere}/CountData"),
            live_time_s=parse_duration_s(live, f"{gwhere}/LiveTimeDuration") if live else None,
            detector_id=gross.get("radDetectorInformationReference", ""),
            windowed=bool(gross.get("energyWindowsReference")),
        ))
    for k, dose in enumerate(_kids(meas, "DoseRate")):
        value = _text(dose, "DoseRateValue")
        if value:
            numbers = parse_floats(value, f"{where}/DoseRate {k + 1}/DoseRateValue")
            if len(numbers) != 1:
                raise SpectrumFormatError(f"{where}/DoseRate {k + 1}: expected one number, got {value!r}")
            # N42.42-2012 defines DoseRateValue in µGy/h; for photons 1 µGy/h ≈ 1 µSv/h.
            m.dose_rate_usv_h = max(m.dose_rate_usv_h or 0.0, numbers[0])
    lives = {s.live_time_s for s in m.spectra}
    if m.live_time_s is None and len(lives) == 1:
        # The 2012 form has live times per spectrum only; the measurement's is theirs when they
        # agree (a RIID's one spectrum), else unknown rather than one detector's.
        m.live_time_s = lives.pop()
    return m


# --- 2006 ----------------------------------------------------------------------------------


def _read_2006(root: ET.Element, where: str) -> SpectrumDocument:
    """The 2006 form and its drafts. A ``Measurement`` holds its spectra directly, or — as
    portal monitors write it (DNDO form) — one ``DetectorData`` per time slice, each with
    ``DetectorMeasurement`` / ``SpectrumMeasurement`` / ``Spectrum`` per detector: every
    ``DetectorData`` becomes one measurement (time slice), in document order."""
    doc = SpectrumDocument(format="n42-2006")
    measurements = [root] if local(root.tag) == "Measurement" else list(_descendants(root, "Measurement"))
    info = next(_descendants(root, "InstrumentInformation"), None)
    if info is not None:
        doc.instrument = Instrument(
            manufacturer=_text(info, "Manufacturer"),
            model=_text(info, "InstrumentModel"),
            serial=_text(info, "InstrumentID"),
            instrument_class=_text(info, "InstrumentType"),
            description=_text(info, "InstrumentDescription"),
            versions={"Firmware": v} if (v := _text(info, "InstrumentVersion")) else {},
        )
    detectors: dict[str, Detector] = {}
    for index, meas in enumerate(measurements):
        mwhere = f"{where}: Measurement {index + 1}"
        slices = list(_descendants(meas, "DetectorData"))
        if not slices:
            doc.measurements.append(_slice_2006(meas, meas.get("UUID", ""), mwhere, detectors))
        for k, data in enumerate(slices, start=1):
            doc.measurements.append(_slice_2006(data, "", f"{mwhere}/DetectorData {k}", detectors))
    doc.detectors = list(detectors.values())
    for alarm in _descendants(root, "Alarm"):
        doc.alarms.append(Alarm(category=alarm.get("Type", "") or _text(alarm, "AlarmType"),
                                description=_text(alarm, "AlarmDescription") or (alarm.text or "").strip()))
    doc.nuclides = _nuclides(root, where)
    return doc


def _slice_2006(el: ET.Element, mid: str, where: str, detectors: dict[str, Detector]) -> Measurement:
    """One measurement (a 2006 ``Measurement`` or one ``DetectorData`` time slice)."""
    m = Measurement(id=mid)
    if start := _text(el, "StartTime"):
        m.start_time = parse_datetime(start, f"{where}/StartTime")
    if sample := _text(el, "SampleRealTime"):
        m.real_time_s = parse_duration_s(sample, f"{where}/SampleRealTime")
    if occupied := _text(el, "Occupied"):
        m.occupied = occupied.lower() in ("true", "1")
    for k, spec in enumerate(_descendants(el, "Spectrum")):
        swhere = f"{where}/Spectrum {k + 1}"
        data = _kid(spec, "ChannelData")
        if data is None:
            raise SpectrumFormatError(f"{swhere}: no ChannelData")
        calibration: list[float] = []
        for cal in _kids(spec, "Calibration"):
            if (cal.get("Type") or "Energy").lower() == "energy":
                coefficients = next(_descendants(cal, "Coefficients"), None)
                if coefficients is not None:
                    calibration = parse_floats(coefficients.text or "", f"{swhere}/Calibration")
        live, real, start = _text(spec, "LiveTime"), _text(spec, "RealTime"), _text(spec, "StartTime")
        spectrum = Spectrum(
            counts=_channel_data(data, f"{swhere}/ChannelData"),
            energy_calibration=calibration,
            live_time_s=parse_duration_s(live, f"{swhere}/LiveTime") if live else None,
            real_time_s=parse_duration_s(real, f"{swhere}/RealTime") if real else m.real_time_s,
            detector_id=spec.get("Detector", ""),
            id=spec.get("ID", ""),
        )
        m.spectra.append(spectrum)
        if spectrum.detector_id and spectrum.detector_id not in detectors:
            detectors[spectrum.detector_id] = Detector(
                id=spectrum.detector_id, category="Gamma", kind=_text(spec, "DetectorType"))
        source = spec.get("Type", "") or _text(spec, "SourceType")
        m.measurement_class = m.measurement_class or _class_2006(source)
        if start and m.start_time is None:
            m.start_time = parse_datetime(start, f"{swhere}/StartTime")
        m.real_time_s = m.real_time_s if m.real_time_s is not None else spectrum.real_time_s
        m.live_time_s = m.live_time_s if m.live_time_s is not None else spectrum.live_time_s
    for k, dose in enumerate(_descendants(el, "DoseRate")):
        dwhere = f"{where}/DoseRate {k + 1}"
        numbers = parse_floats(dose.text or "", dwhere)
        if len(numbers) != 1:
            raise SpectrumFormatError(f"{dwhere}: expected one number, got {(dose.text or '')[:40]!r}")
        usv_h = dose_rate_to_usv_h(numbers[0], dose.get("Units", "uSv/h"), dwhere)
        m.dose_rate_usv_h = max(m.dose_rate_usv_h or 0.0, usv_h)
    for k, gross in enumerate(_descendants(el, "CountRate")):
        m.gross_counts.append(GrossCounts(counts=parse_floats(gross.text or "", f"{where}/CountRate {k + 1}")))
    # DNDO / 2006 gross counters: DetectorMeasurement (DetectorType Neutron, Gamma ...) /
    # GrossCountMeasurement / GrossCounts, with the live time beside the counts.
    for d, dm in enumerate(_descendants(el, "DetectorMeasurement"), start=1):
        for g, gcm in enumerate(_descendants(dm, "GrossCountMeasurement"), start=1):
            gwhere = f"{where}/DetectorMeasurement {d}/GrossCountMeasurement {g}"
            detector = gcm.get("Detector") or dm.get("Detector") or ""
            live = _text(gcm, "LiveTime") or _text(gcm, "RealTime")
            for gross in _kids(gcm, "GrossCounts"):
                det_id = gross.get("Detector") or detector
                m.gross_counts.append(GrossCounts(
                    counts=parse_floats(gross.text or "", f"{gwhere}/GrossCounts"),
                    live_time_s=parse_duration_s(live, f"{gwhere}/LiveTime") if live else None,
                    detector_id=det_id,
                ))
                if det_id and det_id not in detectors:
                    detectors[det_id] = Detector(id=det_id, category=dm.get("DetectorType", ""))
    return m


def _class_2006(spectrum_type: str) -> str:
    # 2006 marks background spectra with Type="Background"; everything else is a foreground.
    return "Background" if spectrum_type.strip().lower() == "background" else "Foreground"
