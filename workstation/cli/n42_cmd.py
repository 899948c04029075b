"""``workstation n42 read FILE [--json]`` and ``workstation n42 convert FILE OUT [--form 2012|2006]``.

``read`` prints the summary documented in docs/formats/n42-summary.md for any spectrum
format the project reads (N42 2006/2012, CHN, SPE, SPC, PCF, CSV, TXT). An unreadable
file exits 2 with a message naming the file and the problem.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from standards.spectra import SpectrumFormatError, read_file, write_n42
from workstation.cli.context import CliContext, CommandError


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="n42_command", metavar="ACTION")
    read = sub.add_parser("read", help="summarise a spectrum file (N42, CHN, SPE, SPC, PCF, CSV, TXT)")
    read.add_argument("file", metavar="FILE")
    read.add_argument("--json", action="store_true", help="print the documented JSON summary")
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
    print(json.dumps(summary, indent=2) if args.json else render_text(summary))
    return 0


def _convert(ctx: CliContext, args: argparse.Namespace) -> int:
    try:
        doc = read_file(args.file)
    except SpectrumFormatError as exc:
        raise CommandError(f"cannot read {exc}", exit_code=2) from None
    out = Path(args.out)
    try:
        out.write_bytes(write_n42(doc, form=args.form))
    except OSError as exc:
        raise CommandError(f"cannot write {out}: {exc.strerror}", exit_code=2) from None
    print(f"wrote {out} (N42.42-{args.form}, {len(doc.spectra)} spectra)")
    return 0


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
