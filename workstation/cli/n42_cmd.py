"""``workstation n42 read FILE [--json] [--png PLOT]`` and ``workstation n42 convert FILE OUT [--form 2012|2006]``.

``read`` prints the summary documented in docs/formats/n42-summary.md for any spectrum
format the project reads (N42 2006/2012, CHN, SPE, SPC, PCF, CSV, TXT). An unreadable
file exits 2 with a message naming the file and the problem.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from standards.spectra import SpectrumDocument, SpectrumFormatError, read_file, read_n42, write_n42
from standards.spectra.profile import is_pass, time_profile
from workstation.cli.context import CliContext, CommandError
from workstation.cli.n42_plot import render_profile_png


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="n42_command", metavar="ACTION")
    read = sub.add_parser("read", help="summarise a spectrum file (N42, CHN, SPE, SPC, PCF, CSV, TXT)")
    read.add_argument("file", metavar="FILE")
    read.add_argument("--json", action="store_true", help="print the documented JSON summary")
    read.add_argument("--png", metavar="FILE", help="also draw the gross-count time profile as a PNG")
    read.set_defaults(func=_read)
    convert = sub.add_parser("convert", help="write any readable spectrum file as N42.42 XML")
    convert.add_argument("file", metavar="FILE")
    convert.add_argument("out", metavar="OUT")
    convert.add_argument("--form", choices=("2012", "2006"), default="2012", help="N42.42 edition (default 2012)")
    convert.set_defaults(func=_convert)


def _read(ctx: CliContext, args: argparse.Namespace) -> int:
    try:
        doc = read_file(args.file)
    except SpectrumFormatError as exc:
        raise CommandError(f"cannot read {exc}", exit_code=2) from None
    summary = doc.summary()
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(render_pass(doc) if is_pass(doc) else render_text(summary))
    if args.png:
        out = Path(args.png)
        try:
            render_profile_png(time_profile(doc), out, f"{Path(args.file).name}: gross counts per time slice")
        except OSError as exc:
            raise CommandError(f"cannot write {out}: {exc.strerror}", exit_code=2) from None
        print(f"wrote {out} (gross-count time profile, {len(time_profile(doc).detectors)} detectors)")
    return 0


def _convert(ctx: CliContext, args: argparse.Namespace) -> int:
    try:
        doc = read_file(args.file)
    except SpectrumFormatError as exc:
        raise CommandError(f"cannot read {exc}", exit_code=2) from None
    out = Path(args.out)
    data = write_n42(doc, form=args.form)
    # Never write a document without the data that was read: read what we wrote and compare
    # the figures before anything reaches the disk.
    problem = _lost_in_writing(doc, data, f"{out} (as written)")
    if problem:
        raise CommandError(f"not written: {out} would not hold the data read from {args.file} ({problem})",
                           exit_code=2)
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise CommandError(f"cannot write {out}: {exc.strerror}", exit_code=2) from None
    totals = doc.totals()
    print(f"wrote {out} (N42.42-{args.form}, {totals['spectra']} spectra in {totals['time_slices']} "
          f"measurements, {totals['gamma_counts']:,} gamma counts)")
    return 0


def _lost_in_writing(doc: SpectrumDocument, data: bytes, where: str) -> str:
    """What of ``doc`` the written ``data`` does not hold, in words; "" when nothing."""
    try:
        back = read_n42(data, where)
    except SpectrumFormatError as exc:
        return str(exc)
    read, written = doc.totals(), back.totals()
    for key in ("spectra", "gamma_counts", "neutron_counts"):
        if read[key] != written[key]:
            return f"{key.replace('_', ' ')}: read {read[key]}, written {written[key]}"
    for key in ("real_time_s", "live_time_s"):
        # Durations are written to the microsecond: allow that rounding on every spectrum.
        if abs(read[key] - written[key]) > 1e-6 * (read["spectra"] + 1):
            return f"{key.replace('_', ' ')}: read {read[key]}, written {written[key]}"
    return ""


def render_pass(doc: SpectrumDocument) -> str:
    """A pass of many time slices (portal monitor) in a screenful: detectors, slices, totals,
    the gross-count time profile and the alarms, instead of one line per spectrum."""
    summary = doc.summary()
    totals = summary["totals"]
    profile = time_profile(doc)
    lines = render_text({**summary, "measurements": [], "nuclides": [], "alarms": [], "warnings": []}).splitlines()
    per_detector = profile.totals()
    lines.append(f"detectors: {len(profile.detectors)}")
    for det in profile.detectors:
        kind = next((d.kind for d in doc.detectors if d.id == det), "")
        lines.append(f"  {det or '(unnamed)'}: {profile.categories.get(det) or 'unknown'}"
                     + (f", {kind}" if kind else "") + f", {per_detector[det]:,.0f} counts")
    slices = [m for m in doc.measurements if not m.derived
              and not (profile.background_left_out and m.measurement_class.lower() == "background")]
    reals = sorted({m.real_time_s for m in slices if m.real_time_s is not None})
    span = (f", {reals[0]:g} s each" if len(reals) == 1 else
            f", {reals[0]:g} to {reals[-1]:g} s each" if reals else "")
    start = next((m.start_time for m in slices if m.start_time), None)
    lines.append(f"time slices: {profile.slices} of {len(profile.detectors)} detectors "
                 f"({sum(len(m.spectra) for m in slices):,} spectra){span}" + (f", from {start.isoformat()}" if start else ""))
    occupied = sum(1 for o in profile.occupied if o)
    if any(o is not None for o in profile.occupied):
        lines.append(f"occupied: {occupied} of {profile.slices} slices")
    if profile.background_left_out:
        lines.append(f"background: {profile.background_left_out} measurement(s), not in the time profile")
    derived = sum(1 for m in doc.measurements if m.derived)
    if derived:
        lines.append(f"derived data: {derived} (sums made by the instrument)")
    lines.append(f"totals: {totals['gamma_counts']:,} gamma counts, {totals['neutron_counts']:,} neutron counts, "
                 f"real {totals['real_time_s']:g} s, live {totals['live_time_s']:g} s (summed over spectra)")
    summed = profile.summed()
    peak = profile.peak_slice()
    if peak is not None:
        lines.append(f"gross-count time profile (gamma counts per slice, all detectors; peak {summed[peak]:,.0f} "
                     f"in slice {peak + 1} at {profile.times_s[peak]:g} s):")
        lines.append("  " + _sparkline(summed))
        for i in range(0, len(summed), 10):
            lines.append(f"  {profile.times_s[i]:7.2f} s  " + " ".join(f"{v:6.0f}" for v in summed[i:i + 10]))
    for n in summary["nuclides"]:
        lines.append(f"nuclide: {n['name']}")
    for a in summary["alarms"]:
        lines.append(f"alarm: {a['category']} {a['description']}".rstrip()
                     + (f" [{a['light_color']}]" if a["light_color"] else ""))
    if not summary["alarms"]:
        lines.append("alarm: none in the file")
    lines += [f"note: {w}" for w in summary["warnings"]]
    return "\n".join(lines)


def _sparkline(values: list[float]) -> str:
    bars = " ▁▂▃▄▅▆▇█"
    top = max(values, default=0.0)
    return "".join(bars[round(v / top * (len(bars) - 1))] if top > 0 else bars[0] for v in values)


def render_text(summary: dict[str, Any]) -> str:
    """The human-readable form of the summary."""
    ins = summary["instrument"]
    lines = [f"format: {summary['format']}"]
    name = " ".join(p for p in (ins["manufacturer"], ins["model"]) if p) or "unknown"
    lines.append(f"instrument: {name}" + (f" (serial {ins['serial']})" if ins["serial"] else "")
                 + (f", {ins['class']}" if ins["class"] else ""))
    for i, m in enumerate(summary["measurements"], start=1):
        times = []
        if m["real_time_s"] is not None:
            times.append(f"real {m['real_time_s']:g} s")
        if m["live_time_s"] is not None:
            times.append(f"live {m['live_time_s']:g} s")
        lines.append(f"measurement {i}: {m['class'] or 'unclassified'}" + (f", {', '.join(times)}" if times else "")
                     + (f", started {m['start_time']}" if m["start_time"] else ""))
        for k, s in enumerate(m["spectra"], start=1):
            cal = " ".join(f"{c:.6g}" for c in s["energy_calibration"]) or "none"
            lines.append(f"  spectrum {k}: {s['channels']:,} channels, {s['total_counts']:,} counts, "
                         f"energy calibration [{cal}] keV")
        if m["gross_counts"]:
            lines.append(f"  gross counts: {', '.join(f'{g:g}' for g in m['gross_counts'])}")
        if m["dose_rate_usv_h"] is not None:
            lines.append(f"  dose rate: {m['dose_rate_usv_h']:g} µSv/h")
    for n in summary["nuclides"]:
        confidence = n["confidence"]
        text = f"{confidence:.0%}" if isinstance(confidence, float | int) else (confidence or "not given")
        lines.append(f"nuclide: {n['name']} (confidence {text})" + (f", {n['category']}" if n["category"] else ""))
    for a in summary["alarms"]:
        lines.append(f"alarm: {a['category']} {a['description']}".rstrip()
                     + (f" [{a['light_color']}]" if a["light_color"] else ""))
    lines += [f"note: {w}" for w in summary["warnings"]]
    return "\n".join(lines)
