"""``workstation demo --vehicles N [--faults] [--seed S]``: the headless lane demonstration."""

from __future__ import annotations

import argparse

from workstation.cli.context import CliContext, CommandError


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--vehicles", type=int, default=3, metavar="N",
                        help="vehicles to process (default 3)")
    parser.add_argument("--faults", action="store_true",
                        help="inject every simulator fault kind and show recovery")
    parser.add_argument("--seed", type=int, default=1, help="simulator and referral seed")
    parser.add_argument("--scene", default="parcel",
                        help="scene in the tunnel (parcel, test-piece, cargo-mixed, ...); "
                             "cargo scenes take seconds per scan to render")
    parser.set_defaults(func=run)


def run(ctx: CliContext, args: argparse.Namespace) -> int:
    from devices.registry import check_device
    from devices.settings import SettingsError
    from workstation.lane_demo import run_demo, scanner_config

    if args.vehicles < 1:
        raise CommandError(f"--vehicles must be at least 1 (got {args.vehicles})")
    try:  # the scene is a simulator setting: checked by the simulator's model, as a lane file
        check_device(scanner_config(args.seed, args.scene))
    except SettingsError as exc:
        raise CommandError(f"--scene {args.scene!r}: " + "; ".join(exc.problems)) from None
    summary = run_demo(ctx.config, ctx.database(), vehicles=args.vehicles, faults=args.faults,
                       seed=args.seed, scene=args.scene, echo=print)
    print(summary.render())
    missed = [kind for kind, ok in summary.faults_noticed().items() if not ok]
    if missed:
        raise CommandError(f"injected fault(s) not noticed by the driver: {', '.join(missed)}", 1)
    return 0
