"""The lane's devices edited in a form (issue 13, item 6; decision 1114), without Qt.

The technician's form holds one ``[[devices]]`` entry of the lane file as text: the top
keys (name, kind, driver, simulated, enabled) and each table's keys
(:data:`workstation.config.DEVICE_TABLES`) with their values written as TOML literals
(``200``, ``1.5``, ``true``, ``"text"``, ``[1, 2]``; a bare word is taken as text, an empty
value as "not set": the default applies). :func:`check_form` validates it with the same
models the lane file is read with (:class:`workstation.config.DeviceConfig`, the driver's
and the simulator's strict models from the device registry, the alarm rules and the check
source), and names each unknown key and wrong type field by field.

:func:`open_and_identify` opens the device through the registry exactly as the lane would
(with ``simulated`` its simulator is started first) and reports its identity or the error
in words; it blocks for up to the open timeout, so callers run it off any UI thread.

:func:`edit_entry` writes the entry back into the file's text, keeping every comment: only
the lines of keys whose value changed are rewritten (their trailing comments kept), removed
keys' lines dropped and new keys added after their table's last key. The result is parsed
again and must equal the intended data; where a block is written in a form this line
editor does not handle (inline tables, values over several lines), the device's block is
written anew and its comments are lost, which :class:`Edited` says. :func:`write_atomic`
replaces the file atomically after the new text has been read back by
:func:`workstation.config.load`, the loader the lane starts with.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import tomllib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from workstation.config import DEVICE_TABLES, AlarmsSection, ConfigError, DeviceConfig, load

TOP_KEYS = ("name", "kind", "driver", "simulated", "enabled")
TOP_DEFAULTS: dict[str, Any] = {"simulated": False, "enabled": True}
KINDS = ("xray", "camera", "riid", "substance", "density", "barcode")


class DeviceConfigError(Exception):
    """The lane file cannot be edited (missing, changed meanwhile, unwritable, invalid)."""


@dataclass(frozen=True)
class FieldError:
    """One problem of the form: ``field`` is ``name``, ``driver``, ``settings.KEY``,
    ``simulator.KEY`` ... or ``""`` for the entry as a whole."""

    field: str
    message: str


@dataclass(frozen=True)
class KnownKey:
    """A key a table accepts, for the form's rows: its type, default and meaning."""

    table: str
    key: str
    type: str
    default: str
    description: str


@dataclass(frozen=True)
class DeviceForm:
    """One device as the form shows and sends it. ``tables``: table -> key -> value text;
    ``index``: the entry's position in the file's ``[[devices]]`` (None: a new device)."""

    name: str
    kind: str
    driver: str
    simulated: bool = False
    enabled: bool = True
    tables: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    index: int | None = None

    @classmethod
    def of(cls, entry: Mapping[str, Any], index: int | None) -> DeviceForm:
        tables = {name: {key: toml_literal(value) for key, value in
                         (entry.get(name) or {}).items()} for name in DEVICE_TABLES}
        return cls(str(entry.get("name", "")), str(entry.get("kind", "")),
                   str(entry.get("driver", "")), bool(entry.get("simulated", False)),
                   bool(entry.get("enabled", True)), tables, index)


@dataclass(frozen=True)
class Checked:
    """The entry the form stands for (None when a value could not be read) and every
    problem found; ``fingerprint`` identifies the values (a connection test is for them)."""

    entry: dict[str, Any] | None
    errors: tuple[FieldError, ...]

    @property
    def ok(self) -> bool:
        return self.entry is not None and not self.errors

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.entry or {})


@dataclass(frozen=True)
class ConnectionReport:
    """Outcome of a connection test: ``identity`` (vendor, model, serial, firmware,
    driver_version) when the device answered, else ``message`` says what went wrong."""

    device: str
    ok: bool
    identity: dict[str, str] | None
    message: str
    fingerprint: str = ""


@dataclass(frozen=True)
class Edited:
    """The file's new text; ``comments_kept`` False when the device's block was rewritten."""

    text: str
    comments_kept: bool


@dataclass(frozen=True)
class LaneFile:
    """The lane file as read: its path, text and parsed data."""

    path: Path
    text: str
    data: dict[str, Any]

    @classmethod
    def read(cls, path: Path) -> LaneFile:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise DeviceConfigError(f"{path}: cannot read the lane file: "
                                    f"{exc.strerror or exc}") from None
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise DeviceConfigError(f"{path}: not valid TOML: {exc}") from None
        return cls(path, text, data)

    @property
    def entries(self) -> list[dict[str, Any]]:
        devices = self.data.get("devices", [])
        return [dict(d) for d in devices] if isinstance(devices, list) else []

    def forms(self) -> tuple[DeviceForm, ...]:
        return tuple(DeviceForm.of(entry, i) for i, entry in enumerate(self.entries))


# --- values --------------------------------------------------------------------------------


def toml_literal(value: Any) -> str:
    """``value`` written as a TOML literal (the form's text of a value)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {toml_literal(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a TOML basic string


def parse_literal(text: str) -> Any:
    """The value of a form's text: a TOML literal, else (a bare word or path) the text."""
    stripped = text.strip()
    try:
        return tomllib.loads(f"v = {stripped}")["v"]
    except tomllib.TOMLDecodeError:
        if stripped[:1] in ('"', "'", "[", "{"):
            raise ValueError(f"not a TOML value: {stripped}") from None
        return stripped


def fingerprint(entry: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(entry, sort_keys=True, default=str).encode()).hexdigest()


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key)


# --- what the form offers ------------------------------------------------------------------


def drivers() -> list[tuple[str, str, str]]:
    """(driver, kind, description) of every registered driver."""
    from devices.registry import DRIVERS

    return [(name, e.kind, e.description) for name, e in sorted(DRIVERS.items())]


def known_keys(driver: str) -> list[KnownKey]:
    """Every key ``driver``'s tables accept (empty for an unknown driver)."""
    from devices.registry import RegistryError, settings_models
    from workstation.services.check_source import CheckSource

    try:
        driver_model, simulator_model = settings_models(driver)
    except RegistryError:
        return []
    out: list[KnownKey] = []
    for table, model in (("settings", driver_model), ("simulator", simulator_model),
                         ("alarm_rules", AlarmsSection)):
        if model is None:
            continue
        for key, info in model.model_fields.items():
            default = "" if info.is_required() or info.default_factory is not None \
                else toml_literal(info.default) if info.default is not None else ""
            kind = getattr(info.annotation, "__name__", str(info.annotation))
            out.append(KnownKey(table, key, kind, default, info.description or ""))
    defaults = CheckSource()
    for f in fields(CheckSource):
        out.append(KnownKey("check_source", f.name, str(f.type),
                            toml_literal(getattr(defaults, f.name)), ""))
    return out


# --- checking ------------------------------------------------------------------------------


def check_form(form: DeviceForm, lane: LaneFile) -> Checked:
    """Validate ``form`` as the lane file's loader would, naming every problem by field."""
    errors: list[FieldError] = []
    entry: dict[str, Any] = {"name": form.name.strip(), "kind": form.kind.strip(),
                             "driver": form.driver.strip()}
    old = lane.entries[form.index] if form.index is not None and form.index < len(
        lane.entries) else {}
    for key in ("simulated", "enabled"):
        value = getattr(form, key)
        if key in old or value != TOP_DEFAULTS[key]:
            entry[key] = value
    for table, values in form.tables.items():
        parsed: dict[str, Any] = {}
        for key, text in values.items():
            key = key.strip()
            if not key:
                errors.append(FieldError(table, "a key without a name"))
                continue
            if not text.strip():
                continue  # not set: the default applies
            try:
                parsed[key] = parse_literal(text)
            except ValueError as exc:
                errors.append(FieldError(f"{table}.{key}", str(exc)))
        if parsed or table in old:
            entry[table] = parsed
    if errors:
        return Checked(None, tuple(errors))
    others = [e.get("name") for i, e in enumerate(lane.entries) if i != form.index]
    if entry["name"] and entry["name"] in others:
        errors.append(FieldError("name", f"another device of this lane is called "
                                         f"{entry['name']!r}"))
    try:
        DeviceConfig.model_validate(entry)
    except ValidationError as exc:
        for e in exc.errors():
            where = ".".join(str(p) for p in e["loc"])
            errors.append(FieldError(where, _pydantic_words(e)))
        return Checked(entry, tuple(errors))
    errors += _check_tables(entry)
    return Checked(entry, tuple(errors))


def _pydantic_words(error: Any) -> str:
    if error["type"] == "extra_forbidden":
        return "unknown key"
    if error["type"] == "missing":
        return "required"
    return f"{error['msg']} (got {error.get('input')!r})"


def _check_tables(entry: dict[str, Any]) -> list[FieldError]:
    """The driver, both settings tables (every key, not only the first bad table), the
    alarm rules and the check source: the models the lane file is checked with."""
    from devices.registry import (
        DeviceSpec,
        RegistryError,
        check_device,
        entry_for,
        settings_models,
    )
    from devices.settings import SettingsError, parse_settings
    from workstation.services.alarm_rules import AlarmThresholds
    from workstation.services.check_source import CheckSource

    name = entry["name"]
    errors: list[FieldError] = []
    try:
        entry_for(DeviceSpec.of(entry))
    except RegistryError as exc:
        return [FieldError("driver", _without_device(str(exc), name))]
    driver_model, simulator_model = settings_models(entry["driver"])
    for table, model, owner in (("settings", driver_model, f"driver {entry['driver']}"),
                                ("simulator", simulator_model,
                                 f"the {entry['driver']} simulator")):
        if model is None:
            continue
        try:
            parse_settings(model, name, entry.get(table) or {}, table=table, owner=owner)
        except SettingsError as exc:
            for problem in exc.problems:
                where, _, words = problem.partition(": ")
                errors.append(FieldError(where, words))
    if errors:
        return errors
    try:
        check_device(entry)  # what is left: simulated / [devices.simulator] without simulator
    except RegistryError as exc:
        errors.append(FieldError("simulated" if entry.get("simulated") else "simulator",
                                 _without_device(str(exc), name)))
    except SettingsError as exc:
        errors += [FieldError(*p.partition(": ")[::2]) for p in exc.problems]
    for table, check in (
            ("alarm_rules", lambda: AlarmThresholds.for_device(name, entry)),
            ("check_source", lambda: CheckSource.from_settings(entry["check_source"],
                                                               where="check_source"))):
        if table == "check_source" and not entry.get("check_source"):
            continue
        try:
            check()
        except ValueError as exc:
            errors.append(_table_error(table, str(exc)))
    return errors


def _without_device(message: str, name: str) -> str:
    return message.removeprefix(f"device {name!r}: ")


def _table_error(table: str, message: str) -> FieldError:
    """``"...alarm_rules.KEY: words"`` -> the field KEY of ``table``; else the table."""
    match = re.search(rf"{table}\.([A-Za-z0-9_-]+): (.*)$", message)
    if match:
        return FieldError(f"{table}.{match.group(1)}", match.group(2))
    match = re.search(r"unknown key\(s\) ([^(]+)", message)
    if match:
        first = match.group(1).split(",")[0].strip()
        return FieldError(f"{table}.{first}", message.split(": ", 1)[-1])
    return FieldError(table, message.split(": ", 1)[-1])


# --- connection test -----------------------------------------------------------------------


def open_and_identify(entry: Mapping[str, Any], timeout_s: float = 10.0) -> ConnectionReport:
    """Open the device of ``entry`` through the registry (its simulator first when
    ``simulated``), read its identity, close it. Blocks up to ``timeout_s`` seconds."""
    from devices.base import DeviceError
    from devices.registry import RegistryError, create_with_simulator

    name = str(entry.get("name", ""))
    print_ = fingerprint(entry)
    try:
        device, _handle = create_with_simulator(dict(entry))
    except (RegistryError, ValueError, OSError, RuntimeError) as exc:
        return ConnectionReport(name, False, None, f"cannot start the driver: {exc}", print_)
    try:
        device.open(timeout_s)
        identity = device.info.as_dict()
        return ConnectionReport(name, True, identity,
                                f"{identity['vendor']} {identity['model']}, serial "
                                f"{identity['serial']}, firmware {identity['firmware']}", print_)
    except (DeviceError, OSError, TimeoutError, ValueError) as exc:
        return ConnectionReport(name, False, None, str(exc) or type(exc).__name__, print_)
    finally:
        device.close()
        device.dispose()


# --- writing -------------------------------------------------------------------------------

_DEVICES_HEADER = re.compile(r"^\s*\[\[\s*devices\s*\]\]\s*(#.*)?$")
_TABLE_HEADER = re.compile(r"^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]\s*(#.*)?$")
_ARRAY_HEADER = re.compile(r"^\s*\[\[")
_KEY_LINE = re.compile(r"^(\s*)([A-Za-z0-9_-]+)\s*=\s*(.*)$")


def edit_entry(lane: LaneFile, index: int | None, entry: dict[str, Any]) -> Edited:
    """The file's text with device ``index`` replaced by ``entry`` (appended when None)."""
    expected = dict(lane.data)
    devices = list(lane.entries)
    if index is None:
        devices.append(entry)
    else:
        devices[index] = entry
    expected["devices"] = devices
    attempts: list[tuple[str, bool]] = []
    if index is None:
        attempts.append((_append_block(lane.text, entry), True))
    else:
        edited = _edit_block(lane.text, index, entry)
        if edited is not None:
            attempts.append((edited, True))
        attempts.append((_replace_block(lane.text, index, entry), False))
    for text, kept in attempts:
        try:
            if tomllib.loads(text) == expected:
                return Edited(text, kept)
        except tomllib.TOMLDecodeError:
            continue
    raise DeviceConfigError(f"{lane.path}: the device could not be written into this file "
                            "without changing something else; edit it by hand")


def _blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) line ranges of each ``[[devices]]`` block with its sub-tables."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    for i, line in enumerate(lines):
        table = _TABLE_HEADER.match(line)
        if _DEVICES_HEADER.match(line):
            if start is not None:
                out.append((start, i))
            start = i
        elif start is not None and (_ARRAY_HEADER.match(line) or (
                table is not None and not table.group(1).startswith("devices."))):
            out.append((start, i))
            start = None
    if start is not None:
        out.append((start, len(lines)))
    return out


def _split_value(rest: str) -> tuple[Any, str] | None:
    """(value, trailing comment with its spacing) of a key line's right side; None when
    the value does not end on this line."""
    candidates = [m.start() for m in re.finditer("#", rest)] + [len(rest)]
    for pos in candidates:
        text = rest[:pos].rstrip()
        try:
            value = tomllib.loads(f"v = {text}")["v"]
        except tomllib.TOMLDecodeError:
            continue
        return value, rest[len(text):]
    return None


def _edit_block(text: str, index: int, entry: dict[str, Any]) -> str | None:
    lines = text.splitlines(keepends=True)
    blocks = _blocks(lines)
    if index >= len(blocks):
        return None
    first, end = blocks[index]
    # parts: "" (top keys) and each [devices.TABLE], as (header line, key lines)
    parts: dict[str, list[int]] = {"": []}
    headers: dict[str, int] = {"": first}
    current = ""
    for i in range(first + 1, end):
        table = _TABLE_HEADER.match(lines[i])
        if table is not None:
            current = table.group(1).removeprefix("devices.")
            if current not in DEVICE_TABLES or current in parts:
                return None
            parts[current], headers[current] = [], i
            continue
        if _KEY_LINE.match(lines[i]):
            parts[current].append(i)
        elif lines[i].strip() and not lines[i].lstrip().startswith("#"):
            return None  # a value continued over several lines
    new = list(lines)
    inserts: dict[int, list[str]] = {}
    appended: list[str] = []
    for part in ("", *DEVICE_TABLES):
        desired = {k: entry[k] for k in TOP_KEYS if k in entry} if part == "" else \
            entry.get(part)
        if part != "" and desired is None:
            if part in parts:
                return None  # a table the entry no longer has: written anew
            continue
        assert desired is not None
        seen: set[str] = set()
        for i in parts.get(part, []):
            match = _KEY_LINE.match(lines[i])
            assert match is not None
            indent, key, rest = match.groups()
            split = _split_value(rest.rstrip("\r\n"))
            if split is None or (part == "" and key in DEVICE_TABLES):
                return None  # inline tables or multi-line values: written anew
            value, comment = split
            seen.add(key)
            if key not in desired:
                new[i] = ""
            elif desired[key] != value:
                ending = "\n" if lines[i].endswith("\n") else ""
                new[i] = f"{indent}{key} = {toml_literal(desired[key])}{comment}{ending}"
        added = [f"{_key(k)} = {toml_literal(v)}\n" for k, v in desired.items() if k not in seen]
        if not added:
            continue
        if part in parts:
            after = parts[part][-1] if parts[part] else headers[part]
            inserts.setdefault(after, []).extend(added)
        else:
            appended += [f"[devices.{part}]\n", *added]
    # new tables go after the block's last non-blank line, before the blank lines and
    # comments that lead to the next block
    last = max(i for i in range(first, end) if lines[i].strip()
               and not lines[i].lstrip().startswith("#") or i == first)
    out: list[str] = []
    for i, line in enumerate(new):
        out.append(line)
        extra = inserts.get(i, []) + (appended if i == last else [])
        if extra:
            if out[-1] and not out[-1].endswith("\n"):
                out[-1] += "\n"
            out.extend(extra)
    return "".join(out)


def _render_block(entry: Mapping[str, Any]) -> list[str]:
    lines = ["[[devices]]\n"]
    lines += [f"{k} = {toml_literal(entry[k])}\n" for k in TOP_KEYS if k in entry]
    for table in DEVICE_TABLES:
        if table in entry:
            lines.append(f"[devices.{table}]\n")
            lines += [f"{_key(k)} = {toml_literal(v)}\n" for k, v in entry[table].items()]
    return lines


def _replace_block(text: str, index: int, entry: dict[str, Any]) -> str:
    lines = text.splitlines(keepends=True)
    first, end = _blocks(lines)[index]
    while end > first + 1 and not lines[end - 1].strip():
        end -= 1  # keep the blank lines before the next block
    return "".join(lines[:first] + _render_block(entry) + lines[end:])


def _append_block(text: str, entry: dict[str, Any]) -> str:
    head = text if text.endswith("\n") or not text else text + "\n"
    return head + ("\n" if head.strip() else "") + "".join(_render_block(entry))


def write_atomic(path: Path, text: str, *, was: str) -> None:
    """Replace ``path`` by ``text`` atomically (temporary file, fsync, rename), after the
    new text has been read back by the lane's loader; refused when the file is no longer
    ``was`` (changed by hand or by another technician since it was read)."""
    try:
        now = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DeviceConfigError(f"{path}: cannot read the lane file: {exc.strerror or exc}") \
            from None
    if now != was:
        raise DeviceConfigError(f"{path}: the lane file was changed since it was read; "
                                "load it again and repeat the change")
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, stat.S_IMODE(os.stat(path).st_mode))
        try:
            load(temporary)  # relative paths resolve alike: same folder as the lane file
        except ConfigError as exc:
            raise DeviceConfigError(str(exc).replace(str(temporary), str(path))) from None
        os.replace(temporary, path)
    except OSError as exc:
        raise DeviceConfigError(f"{path}: cannot write the lane file: {exc.strerror or exc}") \
            from None
    finally:
        temporary.unlink(missing_ok=True)
    try:  # the rename itself made durable
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    except OSError:
        pass  # not every file system lets a folder be synced; the file itself is


def changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    """(key, old, new) of every value that differs; nested tables as ``table.key``; None
    stands for "not set"."""
    out: list[tuple[str, Any, Any]] = []
    for key in TOP_KEYS:
        if old.get(key, TOP_DEFAULTS.get(key)) != new.get(key, TOP_DEFAULTS.get(key)):
            out.append((key, old.get(key, TOP_DEFAULTS.get(key)),
                        new.get(key, TOP_DEFAULTS.get(key))))
    for table in DEVICE_TABLES:
        before, after = old.get(table) or {}, new.get(table) or {}
        for key in sorted(set(before) | set(after)):
            if before.get(key) != after.get(key):
                out.append((f"{table}.{key}", before.get(key), after.get(key)))
    return out
