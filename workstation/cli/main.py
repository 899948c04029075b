"""Entry point of the ``workstation`` console script (also ``python -m workstation``)."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from workstation import __version__

# (command, module, one-line help). Each module defines
# ``register(parser: argparse.ArgumentParser) -> None`` which adds its arguments and
# sub-commands and sets ``func(ctx, args) -> int`` as the parser default.
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("config", "workstation.cli.config_cmd", "show the effective lane configuration"),
    ("db", "workstation.cli.db_cmd", "create or upgrade the database schema"),
    ("bench", "workstation.cli.bench_cmd", "run performance benchmarks against baselines"),
    ("anpr", "workstation.cli.anpr_cmd", "read number plates in images"),
    ("container", "workstation.cli.anpr_cmd", "read ISO 6346 container codes in images"),
    ("eval", "workstation.cli.anpr_cmd", "measure plate / container reading accuracy on labelled photos"),
    ("scan", "workstation.cli.scan_cmd", "import, show, export and simulate x-ray scans"),
    ("iq", "workstation.cli.iq_cmd", "score image-quality test-piece scans"),
    ("run", "workstation.cli.run_cmd", "open the lane application (the default with no command)"),
    ("n42", "workstation.cli.n42_cmd", "read radiation spectra (N42.42, CHN, SPE, SPC, PCF, CSV)"),
    ("devices", "workstation.cli.devices_cmd", "list devices with their health; check-source tests and their history"),
    ("users", "workstation.cli.users_cmd", "add, list users and change passwords"),
    ("referrals", "workstation.cli.referrals_cmd", "import risk referrals and list the queue"),
    ("controls", "workstation.cli.controls_cmd", "open, record, close, review and list controls"),
    ("results", "workstation.cli.results_cmd", "export control results for risk analysis"),
    ("report", "workstation.cli.report_cmd", "performance figures of a period (JSON, CSV, "
     "PDF; supervisor or admin)"),
    ("audit", "workstation.cli.audit_cmd", "verify the hash-chained audit trail"),
    ("privacy", "workstation.cli.privacy_cmd", "apply retention periods to plate reads and frames"),
    ("codes", "workstation.cli.codes_cmd", "list the control result codes in force"),
    ("models", "workstation.cli.models_cmd", "list and verify the ONNX models and their manifests"),
    ("demo", "workstation.cli.demo_cmd", "headless lane demonstration with the x-ray simulator"),
    ("backup", "workstation.cli.backup_cmd", "back up the embedded database, the stores and "
     "the audit keys (admin)"),
    ("restore", "workstation.cli.backup_cmd", "restore a backup, then verify it (admin)"),
    ("post", "workstation.cli.post_cmd", "a whole border post on this machine: image archive "
     "(Orthanc), lanes, officer window"),
)


def _chosen_command(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` (the first word that is not an option), if any."""
    names = {name for name, _module, _help in COMMANDS}
    rest = list(argv)
    while rest:
        head = rest.pop(0)
        if head == "--config":
            rest = rest[1:]
        elif not head.startswith("-"):
            return head if head in names else None
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The command's parser. With ``argv``, only the command it names is imported and given
    its arguments (the others are listed by name and help): ``--help`` and the light verbs
    must not pay for loading every command's dependencies (numpy, SQLAlchemy, OpenCV, ...)."""
    parser = argparse.ArgumentParser(
        prog="workstation",
        description="Inspection Workstation: customs inspection lane application.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--config",
        metavar="FILE",
        help="lane configuration TOML file (default: $WORKSTATION_CONFIG, else built-in defaults)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    chosen = _chosen_command(argv) if argv is not None else None
    for name, module_name, help_text in COMMANDS:
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        if argv is None or name == chosen:
            importlib.import_module(module_name).register(command_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    given = list(argv if argv is not None else sys.argv[1:])
    parser = build_parser(given)
    args = parser.parse_args(given)
    if args.command is None:
        # No command: open the lane application (``workstation run``).
        given = [*given, "run"]
        parser = build_parser(given)
        args = parser.parse_args(given)
    func = getattr(args, "func", None)
    if func is None:
        # A command group called without its sub-command: show that group's help.
        parser.parse_args([*given, "--help"])
        return 2
    # Imported only now: the configuration's pydantic models are not needed for --help.
    from workstation.cli.context import CliContext, CommandError

    ctx = CliContext(config_path=args.config)
    try:
        return int(func(ctx, args) or 0)
    except CommandError as exc:
        print(f"workstation {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``workstation referrals list | head``): stop quietly, and keep
        # Python from complaining again when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except Exception as exc:
        # The database's own failures (busy, unreachable, clock off, audit key) are messages
        # for the user. Looked up, not imported: a command that never opened the database
        # cannot raise them, and `--help` need not load SQLAlchemy.
        engine = sys.modules.get("workstation.db.engine")
        if engine is None or not isinstance(exc, engine.DatabaseError):
            raise
        print(f"workstation {args.command}: {exc}", file=sys.stderr)
        return 2
    finally:
        ctx.close()


if __name__ == "__main__":
    raise SystemExit(main())
