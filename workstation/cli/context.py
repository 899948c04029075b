"""What every command gets: the effective configuration and, on demand, the database."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, NoReturn

from workstation import config as config_module

if TYPE_CHECKING:
    from workstation.db.engine import Database


class CommandError(Exception):
    """A user-facing failure: printed without a traceback; ``exit_code`` is returned."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@dataclass
class CliContext:
    config_path: str | None = None
    _db: Database | None = field(default=None, init=False, repr=False)

    @cached_property
    def config(self) -> config_module.WorkstationConfig:
        try:
            return config_module.load(self.config_path)
        except config_module.ConfigError as exc:
            raise CommandError(str(exc)) from None

    def database(self, *, upgrade: bool = True) -> Database:
        """Open the configured database, bringing its schema up to date by default."""
        if self._db is None:
            from workstation.db.engine import Database, DatabaseError

            try:
                self._db = Database.from_config(self.config)
                if upgrade:
                    # SQLite migrated after a copy; a post database at another revision
                    # refuses (an administrator's `db upgrade`).
                    self._db.upgrade_at_start()
                    # Said at start; recording is refused later while it holds.
                    skew = self._db.clock_problem()
                    if skew is not None:
                        print_err(f"warning: {skew}")
            except DatabaseError as exc:
                raise CommandError(str(exc)) from None
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.dispose()
            self._db = None


def fail(message: str, exit_code: int = 2) -> NoReturn:
    raise CommandError(message, exit_code)


def print_err(message: str) -> None:
    print(message, file=sys.stderr)
