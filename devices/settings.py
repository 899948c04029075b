"""Strict settings of drivers and simulators: one pydantic model per table.

A lane file gives each device two tables (docs/decisions/0202-standards-package-and-simulator-table.md)::

    [[devices]]
    name = "scanner"
    kind = "xray"
    driver = "xray-tcp"
    simulated = true
    [devices.settings]       # the driver's, validated by the driver's model
    integration_us = 1000
    [devices.simulator]      # the simulator's, validated by the simulator's model
    scene = "parcel"

Each model forbids unknown keys and types every field (units in the field descriptions),
so a misspelt key or a simulator key in the driver's table is an error that names the
device, the table and the key, never silently ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError


class StrictSettings(BaseModel):
    """Base of every driver's and simulator's settings model: unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class SettingsError(ValueError):
    """A device's ``settings`` or ``simulator`` table is invalid.

    ``problems`` are one line each, ``TABLE.KEY: what is wrong``; the message prefixes each
    with the device's name.
    """

    def __init__(self, device: str, problems: list[str]) -> None:
        self.device = device
        self.problems = problems
        super().__init__("\n".join(f"device {device!r}: {p}" for p in problems))


M = TypeVar("M", bound=StrictSettings)


def parse_settings(model: type[M], device: str, values: Mapping[str, Any], *,
                   table: str = "settings", owner: str = "") -> M:
    """``values`` validated by ``model``; :class:`SettingsError` naming ``device``,
    ``table`` and each offending key otherwise. ``owner`` (e.g. ``"driver xray-tcp"``)
    says whose keys they are in the message about unknown keys."""
    try:
        return model.model_validate(dict(values))
    except ValidationError as exc:
        known = ", ".join(sorted(model.model_fields))
        problems = [_describe(error, table, owner, known) for error in exc.errors()]
        raise SettingsError(device, problems) from None


def _describe(error: Any, table: str, owner: str, known: str) -> str:
    key = ".".join(str(p) for p in (table, *error["loc"]))
    if error["type"] == "extra_forbidden":
        whose = f" for {owner}" if owner else ""
        return f"{key}: unknown key{whose} (known: {known or 'none'})"
    if error["type"] == "missing":
        return f"{key}: required key is missing"
    message = error["msg"]
    if error["type"] == "value_error" and "error" in error.get("ctx", {}):
        message = str(error["ctx"]["error"])  # a validator's own words, without "Value error, "
    return f"{key}: {message} (got {error.get('input')!r})"
