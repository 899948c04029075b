"""Lane configuration: one TOML file per lane, validated strictly at start.

Unknown keys and wrong types are errors that name the file, the key and what was
expected (pydantic with ``extra="forbid"``). Without a file every default applies:
SQLite and data folders under :func:`workstation.paths.home`.

Example ``lane.toml``::

    [lane]
    post = "NL-ROT-01"
    lane_id = "L1"

    [database]
    url = "postgresql+psycopg://postgres@127.0.0.1:5432/test"

    [retention]
    plate_reads_days = 30

    [imports]
    max_scan_megapixels = 200   # larger scan images are refused from their header

    [[devices]]
    name = "scanner"
    kind = "xray"
    driver = "xray-tcp"
    simulated = true
    [devices.settings]        # the driver's keys (docs in each driver's module)
    integration_us = 1000
    [devices.simulator]       # the simulator's keys, only used with simulated = true
    seed = 7
    scene = "parcel"

    [[devices]]
    name = "riid"
    kind = "riid"
    driver = "riid-serial"
    [devices.settings]
    url = "/dev/ttyUSB0"
    [devices.alarm_rules]     # overrides [alarms] for this device
    dose_rate_usv_h = 0.3
    [devices.check_source]    # workstation devices check-source
    nuclide = "Cs-137"
    expected = 2.5

Each device's ``settings`` and ``simulator`` tables are checked against the driver's and
the simulator's strict models (``devices.registry.check_device``) when the file is read,
so an unknown or misplaced key is an error naming the file, the device and the key.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails

from workstation import paths
from workstation.domain import alarms as alarm_defaults
from workstation.domain.vocab import RemoteAnalysis
from workstation.inference.settings import ModelsSection

CONFIG_ENV = "WORKSTATION_CONFIG"


class ConfigError(Exception):
    """The configuration file is missing, unreadable or invalid; the message says where."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class LaneSection(_Strict):
    post: str = Field("POST-01", description="border post code, e.g. NL-ROT-01")
    lane_id: str = Field("L1", description="lane identifier at the post")
    language: str = Field("en", description="user interface language (en, de, ...)")
    idle_lock_minutes: float = Field(10.0, ge=0, description="lock the lane window after this "
                                     "many minutes without keyboard or mouse input (the open "
                                     "control and its draft are kept); 0 never locks")


class DatabaseSection(_Strict):
    url: str = Field(default_factory=paths.default_database_url)
    busy_timeout_ms: int = Field(5000, ge=0, description="SQLite busy timeout in milliseconds")
    max_clock_skew_s: float = Field(5.0, gt=0, description="largest difference in seconds "
                                    "between this lane's clock and the post database's "
                                    "(PostgreSQL) before the lane refuses to record")
    echo: bool = False


class StorageSection(_Strict):
    image_store: Path = Field(default_factory=paths.default_image_store)
    quarantine: Path = Field(default_factory=paths.default_quarantine_dir)
    log_dir: Path = Field(default_factory=paths.default_log_dir)
    snapshots: Path = Field(default_factory=paths.default_snapshot_dir,
                            description="camera frames kept per vehicle event (personal data)")


class RetentionSection(_Strict):
    plate_reads_days: int = Field(30, ge=0, description="days a plate read is kept (0 = purge at once)")
    unlinked_frames_hours: int = Field(24, ge=0, description="hours a camera frame not linked to a control is kept")
    scans_days: int = Field(3650, ge=0, description="days a scan image is kept")


class ImportsSection(_Strict):
    """Limits on files from outside (scan import and analysis)."""

    max_scan_megapixels: float = Field(
        200.0, gt=0, le=4000,
        description="most pixels one scan image may have, in megapixels (width x height); "
                    "checked from the file's header before anything is decoded")


class ReferenceSection(_Strict):
    result_codes: Path | None = Field(
        None, description="TOML file of additional or overriding control result codes"
    )


class AlarmsSection(_Strict):
    """Lane-wide alarm-rule thresholds; a device's ``[devices.alarm_rules]`` overrides them.

    Read by ``AlarmThresholds.from_settings(config.alarms.model_dump())``.
    """

    dose_rate_usv_h: float = Field(alarm_defaults.DOSE_RATE_USV_H, ge=0, description="dose rate above which a "
                                   "dose-rate-alarm finding is suggested, µSv/h")
    nuclide_min_confidence: float = Field(alarm_defaults.NUCLIDE_MIN_CONFIDENCE, ge=0, le=1, description="lowest nuclide "
                                          "confidence (0..1) that suggests a finding")
    substance_min_confidence: float = Field(alarm_defaults.SUBSTANCE_MIN_CONFIDENCE, ge=0, le=1, description="lowest substance-"
                                            "match confidence (0..1) that suggests a finding")
    controlled_substances: list[str] = Field(default_factory=lambda: sorted(alarm_defaults.CONTROLLED_SUBSTANCES),
                                             description="controlled substance names, "
                                             "case-insensitive")


class SecuritySection(_Strict):
    """Login throttling and lockout (``workstation.services.users.login``), counted in the
    database so every lane sharing it sees the same failures.

    After ``delay_after_failures`` failed logins of a user name, each further try waits
    ``delay_s`` seconds after the last failure, doubling with every failure; after
    ``lockout_after_failures`` the name is locked for ``lockout_minutes``. A machine (host)
    is locked the same way after ``host_lockout_after_failures`` failures of any names.
    Failures older than ``failure_window_minutes`` no longer count; a successful login
    clears its user name's count.
    """

    delay_after_failures: int = Field(3, ge=1, description="failures of one user name before "
                                      "each try must wait")
    delay_s: float = Field(2.0, ge=0, description="first wait, in seconds (doubles each failure)")
    lockout_after_failures: int = Field(5, ge=1, description="failures of one user name that "
                                        "lock it")
    host_lockout_after_failures: int = Field(20, ge=1, description="failures from one machine, "
                                             "any user names, that lock the machine")
    lockout_minutes: float = Field(15.0, gt=0, description="how long a lockout lasts, minutes")
    failure_window_minutes: float = Field(60.0, gt=0, description="failures older than this "
                                          "(minutes) are forgotten")


class ReviewSection(_Strict):
    """The post's review policy (``workstation.services.review_policy``), applied by the
    service when a control is closed. Every control with an irregularity, with a rejected
    alarm (a model's or an alarm rule's finding the officer rejected) or returned before goes
    to a supervisor; of the others a share ``random_share`` (0..1) is drawn for review, the
    rest are approved by the policy. The draw is reproducible: a hash of ``seed`` and the
    control's id, so anyone holding the seed can re-check it; keep the seed to the post (an
    officer who knew it could tell which of their controls escape review). Every lane of a
    post must have the same section."""

    random_share: float = Field(1.0, ge=0, le=1, description="share (0..1) of the controls "
                                "without irregularity or rejected alarm that still go to a "
                                "supervisor; 1 reviews every control, 0 none of them")
    seed: str = Field("", max_length=200, description="the post's secret for the random "
                      "draw; empty: the post code")


class ArchiveSection(_Strict):
    """The post's image archive (``workstation.post``): an Orthanc server spoken to over its
    REST API. Without ``url`` the lane has no archive and keeps its scans to itself, as
    before. With it, every stored scan and TDR is written to the lane's outbox in its own
    transaction and pushed after commit, retried with backoff (``retry_initial_s`` doubling
    up to ``retry_max_s``) while the archive cannot be reached.

    Credentials: ``username`` with ``password`` or, better, ``password_file`` (first line;
    relative to the lane file), HTTP basic authentication. TLS: an ``https`` URL, checked
    against the system's certificate authorities or ``ca_file``.
    """

    url: str | None = Field(None, description="the archive's REST base URL, e.g. "
                            "https://archive.post.example:8042; empty: no archive")
    username: str = Field("", max_length=200, description="HTTP basic user name; empty: none")
    password: str = Field("", max_length=500, description="HTTP basic password (prefer "
                          "password_file)")
    password_file: Path | None = Field(None, description="file whose first line is the password")
    ca_file: Path | None = Field(None, description="PEM file of the certificate authorities "
                                 "an https archive's certificate is checked against")
    timeout_s: float = Field(30.0, gt=0, le=600, description="seconds one request to the "
                             "archive may take before it counts as unreachable")
    retry_initial_s: float = Field(1.0, gt=0, le=3600, description="first wait, in seconds, "
                                   "before a failed push is tried again (doubles per failure)")
    retry_max_s: float = Field(60.0, gt=0, le=86400, description="longest wait between tries "
                               "of one push, seconds")

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")) or "://" == value[-3:]:
            raise ValueError("must be an http:// or https:// URL of the archive's REST API")
        return value

    @model_validator(mode="after")
    def _one_password(self) -> ArchiveSection:
        if self.password and self.password_file is not None:
            raise ValueError("give password or password_file, not both")
        if (self.password or self.password_file is not None) and not self.username:
            raise ValueError("a password needs its username")
        if self.retry_max_s < self.retry_initial_s:
            raise ValueError(f"retry_max_s ({self.retry_max_s}) is below retry_initial_s "
                             f"({self.retry_initial_s})")
        return self


class AnalysisSection(_Strict):
    """Remote image analysis at the post (``workstation.services.remote_analysis``, issue 16).

    ``remote`` says which scans of an open control this lane sends to the post's analysts:
    ``off`` none, ``all`` every complete scan, ``red`` scans of red-channel referrals only,
    ``alarm`` scans a model raised a finding on. An analyst's claim on a scan lasts
    ``claim_lease_s`` seconds and is renewed while their window holds it; a claim not
    renewed (the analyst's program ended) returns the scan to the queue when it runs out.
    Analysts' decisions reach the lane through PostgreSQL LISTEN/NOTIFY: the post database.
    """

    remote: RemoteAnalysis = Field("off", description="scans sent to remote analysis: off, "
                                   "all, red (red-channel referrals), alarm (model findings)")
    claim_lease_s: float = Field(120.0, ge=1, le=3600, description="seconds an analyst's claim "
                                 "on a scan lasts without renewal before it returns to the queue")


class DeviceConfig(_Strict):
    name: str
    kind: str = Field(description="device kind: xray, camera, riid, substance, density, barcode")
    driver: str = Field(description="driver name in the device registry")
    simulated: bool = Field(False, description="start the matching simulator at the far end")
    enabled: bool = True
    settings: dict[str, Any] = Field(default_factory=dict,
                                     description="[devices.settings]: the driver's settings, "
                                     "validated by the driver's strict model")
    simulator: dict[str, Any] = Field(default_factory=dict,
                                      description="[devices.simulator]: the simulator's "
                                      "settings, used only with simulated = true")
    alarm_rules: dict[str, Any] = Field(default_factory=dict,
                                        description="[devices.alarm_rules]: this device's "
                                        "alarm-rule thresholds over [alarms]")
    check_source: dict[str, Any] = Field(default_factory=dict,
                                         description="[devices.check_source]: the check "
                                         "source of 'workstation devices check-source'")


class WorkstationConfig(_Strict):
    lane: LaneSection = Field(default_factory=LaneSection)
    database: DatabaseSection = Field(default_factory=DatabaseSection)
    storage: StorageSection = Field(default_factory=StorageSection)
    retention: RetentionSection = Field(default_factory=RetentionSection)
    reference: ReferenceSection = Field(default_factory=ReferenceSection)
    imports: ImportsSection = Field(default_factory=ImportsSection)
    models: ModelsSection = Field(default_factory=ModelsSection)
    alarms: AlarmsSection = Field(default_factory=AlarmsSection)
    security: SecuritySection = Field(default_factory=SecuritySection)
    review: ReviewSection = Field(default_factory=ReviewSection)
    archive: ArchiveSection = Field(default_factory=ArchiveSection)
    analysis: AnalysisSection = Field(default_factory=AnalysisSection)
    devices: list[DeviceConfig] = Field(default_factory=list)
    source: Path | None = Field(None, exclude=True, description="file this was read from")


def _describe(error: ErrorDetails) -> str:
    key = ".".join(str(p) for p in error["loc"]) or "(top level)"
    kind = error["type"]
    if kind == "extra_forbidden":
        return f"{key}: unknown key"
    if kind == "missing":
        return f"{key}: required key is missing"
    given = error.get("input")
    return f"{key}: {error['msg']} (got {given!r})"


def load(path: str | os.PathLike[str] | None = None) -> WorkstationConfig:
    """Load and validate a lane configuration.

    ``path`` wins over ``$WORKSTATION_CONFIG``; with neither, defaults apply.
    Raises :class:`ConfigError` naming the file and each offending key.
    """
    chosen = path if path is not None else os.environ.get(CONFIG_ENV) or None
    if chosen is None:
        return WorkstationConfig()
    file = Path(chosen).expanduser()
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{file}: configuration file not found") from None
    except OSError as exc:
        raise ConfigError(f"{file}: cannot read configuration: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file}: not valid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{file}: not UTF-8 text (byte {exc.start}): TOML files are UTF-8") from None
    except RecursionError:  # tomllib parses nested inline tables and arrays recursively
        raise ConfigError(f"{file}: not valid TOML: nested too deeply") from None
    if "source" in data:
        raise ConfigError(f"{file}: source: unknown key")
    try:
        config = WorkstationConfig.model_validate(data)
    except ValidationError as exc:
        problems = "\n".join(f"{file}: {_describe(e)}" for e in exc.errors())
        raise ConfigError(problems) from None
    config.source = file.resolve()
    base = file.resolve().parent
    # Relative folders in a lane file are relative to that file, not to the shell's cwd.
    for name in ("image_store", "quarantine", "log_dir", "snapshots"):
        value: Path = getattr(config.storage, name)
        if not value.is_absolute():
            setattr(config.storage, name, base / value)
    if config.reference.result_codes and not config.reference.result_codes.is_absolute():
        config.reference.result_codes = base / config.reference.result_codes
    config.models.extra_dirs = [d if d.is_absolute() else base / d for d in config.models.extra_dirs]
    for name in ("password_file", "ca_file"):  # [archive] files, relative to the lane file
        chosen_file: Path | None = getattr(config.archive, name)
        if chosen_file is not None and not chosen_file.expanduser().is_absolute():
            setattr(config.archive, name, base / chosen_file.expanduser())
    _resolve_trusted_keys(file, base, config)
    _check_devices(file, config.devices)
    return config


def _resolve_trusted_keys(file: Path, base: Path, config: WorkstationConfig) -> None:
    """Key files relative to the lane file; every key read now, so a wrong path or a key
    that is not Ed25519 fails at start naming the entry, not at the first scan."""
    from workstation.inference.signing import TrustError, public_key_from_inline, trusted_key

    resolved: list[str] = []
    for index, entry in enumerate(config.models.trusted_keys):
        if public_key_from_inline(entry) is None and not Path(entry).expanduser().is_absolute():
            entry = str(base / Path(entry).expanduser())
        try:
            trusted_key(entry)
        except TrustError as exc:
            raise ConfigError(f"{file}: models.trusted_keys.{index}: {exc}") from None
        resolved.append(entry)
    config.models.trusted_keys = resolved


def _check_devices(file: Path, devices: list[DeviceConfig]) -> None:
    """Each device's driver, kind and both settings tables, by the device registry's strict
    models; one :class:`ConfigError` listing every problem with file, device and key."""
    from devices.registry import RegistryError, check_device
    from devices.settings import SettingsError

    problems: list[str] = []
    for index, device in enumerate(devices):
        try:
            check_device(device)
        except SettingsError as exc:
            problems += [f"{file}: devices.{index} ({device.name!r}): {p}" for p in exc.problems]
        except RegistryError as exc:
            problems.append(f"{file}: devices.{index}: {exc}")
    if problems:
        raise ConfigError("\n".join(problems))


def to_toml(config: WorkstationConfig) -> str:
    """Render the effective configuration as TOML (for ``workstation config show``)."""
    data = config.model_dump(mode="json", exclude_none=True)
    lines: list[str] = []
    if config.source:
        lines.append(f"# effective configuration, from {config.source}")
    else:
        lines.append("# effective configuration (defaults, no file given)")
    for section in ("lane", "database", "storage", "retention", "reference", "imports", "models",
                    "alarms", "security", "review", "archive", "analysis"):
        lines.append(f"\n[{section}]")
        for key, value in data.get(section, {}).items():
            if (section, key) in SECRET_KEYS and value:
                value = "(set, not shown)"  # config show needs no sign-in
            lines.append(f"{key} = {_toml_value(value)}")
    for device in data.get("devices", []):
        lines.append("\n[[devices]]")
        tables = {name: device.pop(name, {}) for name in DEVICE_TABLES}
        for key, value in device.items():
            lines.append(f"{key} = {_toml_value(value)}")
        for name, table in tables.items():
            if table:
                lines.append(f"[devices.{name}]")
                for key, value in table.items():
                    lines.append(f"{key} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


DEVICE_TABLES = ("settings", "simulator", "alarm_rules", "check_source")
# Settings `config show` does not print: the review draw's seed (an officer who knew it could
# tell which of their controls escape review).
SECRET_KEYS = frozenset({("review", "seed"), ("archive", "password")})


def _toml_value(value: Any) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(str(value))
