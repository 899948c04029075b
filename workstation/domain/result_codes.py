"""Control result codes as reference data: defaults shipped in a TOML file, extended per post."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError


class ResultCodeError(Exception):
    """A result-code file is unreadable or invalid, or a code is unknown."""


class _CodeEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str
    irregularity: bool
    requires_physical: bool = False
    active: bool = True


class _CodeFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    codes: dict[str, _CodeEntry]


@dataclass(frozen=True)
class ResultCode:
    code: str
    label: str
    irregularity: bool
    requires_physical: bool
    origin: str  # "default" or the file that defined it


def _read(text: str, origin: str) -> dict[str, ResultCode]:
    try:
        parsed = _CodeFile.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise ResultCodeError(f"{origin}: not valid TOML: {exc}") from None
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        raise ResultCodeError(f"{origin}: {problems}") from None
    return {
        code.upper(): ResultCode(code.upper(), e.label, e.irregularity, e.requires_physical, origin)
        for code, e in parsed.codes.items()
        if e.active
    }


class ResultCodes:
    """The codes in force at this post: the defaults plus the post's file, which wins."""

    def __init__(self, codes: dict[str, ResultCode]) -> None:
        self._codes = dict(sorted(codes.items()))

    @classmethod
    def load(cls, extra_file: Path | None = None) -> ResultCodes:
        text = resources.files("workstation.reference").joinpath("result_codes.toml").read_text(
            encoding="utf-8"
        )
        codes = _read(text, "default")
        if extra_file is not None:
            try:
                extra_text = Path(extra_file).read_text(encoding="utf-8")
            except OSError as exc:
                raise ResultCodeError(f"{extra_file}: cannot read result codes: {exc.strerror}") from None
            codes.update(_read(extra_text, str(extra_file)))
        return cls(codes)

    def get(self, code: str) -> ResultCode:
        try:
            return self._codes[code.upper()]
        except KeyError:
            known = ", ".join(self._codes)
            raise ResultCodeError(f"unknown result code {code!r} (known: {known})") from None

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._codes.values())

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code.upper() in self._codes
