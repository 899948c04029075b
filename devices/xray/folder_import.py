"""Folder import driver: scanners that drop their exports into a folder.

Configuration (keys: :class:`devices.xray.settings.FolderImportSettings`, strict)::

    [[devices]]
    name = "parcel-scanner"
    kind = "xray"
    driver = "xray-folder"
    [devices.settings]
    folder = "/srv/scanner-export"
    quarantine = "/var/lib/workstation/quarantine"   # default: beside the folder
    stable_polls = 2        # a file must keep its size and mtime this many polls
    max_scan_megapixels = 200   # larger images are quarantined, judged from the header
    pixel_mm = 0.7          # the scanner's geometry (:attr:`FolderImportDriver.geometry`):
    energy_pair = "kev"     #   a folder has no identity to report it, so it is configured
    scanner_class = "parcel"

There is no simulator: ``simulated = true`` is refused.

Accepted (by :func:`devices.xray.scan_files.read_scan_file`, which the scan store uses too,
so there is one DICOM reader in the project and the driver needs nothing from
``workstation``): DICOS DX with both energies, plain DICOM projection images, 16-bit TIFF
and PNG. Each imported file is handed over as a :class:`~devices.xray.scan_files.ScanImage`.

A file still being written is never read half-way: names ending in ``.part``, ``.tmp``,
``.lock`` or starting with ``.`` are ignored, a file with a ``NAME.lock`` beside it waits,
and a file must show the same size and modification time on ``stable_polls`` consecutive
polls. A file that cannot be read (damaged, truncated, an image bomb) is moved to the
quarantine folder with ``NAME.why.txt`` saying why, and the next file is read; a file
imported successfully is moved to ``done/`` inside the folder.
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from devices.base import DeviceInfo, DeviceUnavailable, Health
from devices.settings import parse_settings
from devices.xray.interface import ScannerGeometry, XrayDevice, resolve_geometry
from devices.xray.scan_files import read_scan_file
from devices.xray.settings import FolderImportSettings

IGNORED_SUFFIXES = (".part", ".tmp", ".lock", ".why.txt", ".crdownload")
Reader = Callable[[Path], Any]
default_reader: Reader = read_scan_file  # DICOS/DICOM/TIFF/PNG -> ScanImage


@dataclass
class Imported:
    """One file read: the image object from the reader, and where the file went."""

    source: Path
    moved_to: Path
    image: Any


@dataclass
class Quarantined:
    source: Path
    moved_to: Path
    reason: str


class FolderImportDriver(XrayDevice):
    """Watches ``folder``; :meth:`poll` returns the files that became complete since the
    last poll. It has no acquisition of its own (arm/scan raise), it only imports."""

    def __init__(self, name: str, folder: Path, quarantine: Path, *, stable_polls: int = 2,
                 reader: Reader = default_reader,
                 geometry: Mapping[str, Any] | None = None) -> None:
        super().__init__(name)
        if stable_polls < 1:
            raise ValueError(f"{name}: stable_polls must be >= 1, got {stable_polls}")
        # pixel_mm / energy_pair / scanner_class from the settings (None: not configured)
        self.configured_geometry: dict[str, Any] = dict(geometry or {})
        self.folder = Path(folder)
        self.quarantine = Path(quarantine)
        self.done = self.folder / "done"
        self.stable_polls = stable_polls
        self.reader = reader
        self._seen: dict[Path, tuple[int, int, int]] = {}  # size, mtime_ns, polls unchanged

    @classmethod
    def from_settings(cls, name: str, settings: Mapping[str, Any]) -> FolderImportDriver:
        """The driver of ``[devices.settings]`` (strict: unknown keys are errors naming the
        device and the key)."""
        s = parse_settings(FolderImportSettings, name, settings, owner="driver xray-folder")
        folder = s.folder.expanduser()
        quarantine = (s.quarantine or folder.parent / "quarantine").expanduser()
        geometry = {"pixel_mm": s.pixel_mm, "energy_pair": s.energy_pair,
                    "scanner_class": s.scanner_class}
        reader = functools.partial(read_scan_file, max_pixels=int(s.max_scan_megapixels * 1e6))
        return cls(name, folder, quarantine, stable_polls=s.stable_polls, geometry=geometry,
                   reader=reader)

    def _open(self, timeout_s: float) -> None:
        if not self.folder.is_dir():
            raise DeviceUnavailable(f"export folder {self.folder} of {self.name!r} does not exist",
                                    "check that the scanner's export share is mounted")
        self.quarantine.mkdir(parents=True, exist_ok=True)
        self.done.mkdir(exist_ok=True)

    def _close(self) -> None:
        self._seen.clear()

    def probe(self) -> Health:
        if not self.is_open:
            return Health.offline("not watching")
        if not self.folder.is_dir():
            raise DeviceUnavailable(f"export folder {self.folder} disappeared",
                                    "check that the scanner's export share is mounted")
        waiting = len(self._seen)
        return Health.ok(f"watching {self.folder}, {waiting} file(s) being written")

    @property
    def info(self) -> DeviceInfo:
        return DeviceInfo("(any)", "folder import", str(self.folder), "-", "xray-folder 1.0")

    @property
    def geometry(self) -> ScannerGeometry:
        """The exporting scanner's geometry, from the settings (a folder reports none);
        :class:`~devices.base.DeviceError` naming the missing keys when not configured."""
        return resolve_geometry(self.name, self.configured_geometry)

    # -- the scanner interface: nothing to acquire -------------------------------------
    def arm(self, params: Any) -> None:
        raise NotImplementedError("a folder import cannot be armed; scan on the scanner")

    def scan(self, buffer: Any, progress: Any = None) -> Any:
        raise NotImplementedError("a folder import cannot scan; use poll()")

    def acquire_dark(self, lines: int, buffer: Any) -> Any:
        raise NotImplementedError("calibration is done on the scanner itself")

    def acquire_flat(self, lines: int, buffer: Any) -> Any:
        raise NotImplementedError("calibration is done on the scanner itself")

    def abort(self) -> None:
        return None  # nothing runs

    # -- watching ------------------------------------------------------------------------
    def _candidates(self) -> list[Path]:
        names = sorted(p for p in self.folder.iterdir() if p.is_file())
        locks = {p.with_suffix("") for p in names if p.suffix == ".lock"}
        return [p for p in names
                if not p.name.startswith(".")
                and not p.name.lower().endswith(IGNORED_SUFFIXES)
                and p not in locks and Path(f"{p}.lock") not in names]

    def poll(self) -> tuple[list[Imported], list[Quarantined]]:
        """Read every file that stayed unchanged for ``stable_polls`` polls."""
        if not self.is_open:
            raise DeviceUnavailable(f"{self.name}: not open", "the host is reconnecting")
        imported: list[Imported] = []
        quarantined: list[Quarantined] = []
        present = self._candidates()
        for gone in set(self._seen) - set(present):
            del self._seen[gone]
        for path in present:
            try:
                st = path.stat()
            except FileNotFoundError:
                continue  # renamed away between listing and stat
            size, mtime = st.st_size, st.st_mtime_ns
            previous = self._seen.get(path)
            steady = previous[2] + 1 if previous and previous[:2] == (size, mtime) else 0
            self._seen[path] = (size, mtime, steady)
            if steady < self.stable_polls or size == 0:
                continue
            del self._seen[path]
            try:
                image = self.reader(path)
            except (ValueError, OSError) as exc:
                quarantined.append(self._quarantine(path, str(exc)))
                continue
            target = _free_name(self.done / path.name)
            shutil.move(path, target)
            imported.append(Imported(path, target, image))
        return imported, quarantined

    def _quarantine(self, path: Path, reason: str) -> Quarantined:
        target = _free_name(self.quarantine / path.name)
        shutil.move(path, target)
        when = datetime.now(UTC).isoformat(timespec="seconds")
        why = Path(f"{target}.why.txt")
        why.write_text(f"{path.name} could not be imported by {self.name} at {when}:\n"
                       f"{reason}\n", encoding="utf-8")
        return Quarantined(path, target, reason)


def _free_name(target: Path) -> Path:
    """``target`` or ``target`` with a counter, so nothing already there is overwritten."""
    if not target.exists():
        return target
    for n in range(1, 10_000):
        candidate = target.with_name(f"{target.stem}.{n}{target.suffix}")
        if not candidate.exists():
            return candidate
    raise OSError(f"no free name for {target}")
