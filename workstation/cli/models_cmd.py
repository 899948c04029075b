"""``workstation models list|verify|sign|keygen``: the models, their integrity and signatures.

``verify`` checks every model the application loads — the threat models under ``models/``
and the post's folders, and the OCR models (``models/ocr``) — and exits 1 when any is
refused (unsigned manifest, manifest re-hashed or edited after signing, signed by a key
this lane does not trust, changed file, bad manifest, invalid ONNX, input not as described),
naming it with the reason; the other models are still listed.

``sign MANIFEST... --key PRIVATE_KEY_FILE`` signs manifests in place (Ed25519) after checking
that each model file has the manifest's sha256; ``keygen PATH`` makes a post's key pair
(``PATH.key``, owner-only, and ``PATH.pub``). Neither needs the database or a user: a key
file is the authority here (see models/keys/README.md).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from workstation.cli.context import CliContext, CommandError
from workstation.inference.registry import ModelRegistry, Refusal, default_models_dir
from workstation.inference.settings import models_settings, trust_for
from workstation.inference.signing import TrustError, TrustStore


def register(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="models_command", metavar="ACTION")
    for name, func, help_text in (
        ("list", _list, "list models with version, task, labels and measured figures"),
        ("verify", _verify, "check every model's hash, ONNX validity and that it loads"),
    ):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--json", action="store_true", help="print one JSON object")
        p.add_argument("--models-dir", action="append", type=Path, default=[], metavar="DIR",
                       help="an extra folder of models (repeatable), besides the configured ones")
        p.set_defaults(func=func)
    from workstation.cli.models_evaluate import register_evaluate

    register_evaluate(sub)
    from workstation.cli.models_agreement import register_agreement

    register_agreement(sub)
    p = sub.add_parser("sign", help="sign model manifests (Ed25519) with a private key file",
                       description="sign model manifests in place after checking each model's "
                                   "sha256; the lane must trust the key ([models] trusted_keys)")
    p.add_argument("manifests", nargs="+", type=Path, metavar="MANIFEST")
    p.add_argument("--key", required=True, type=Path, metavar="PRIVATE_KEY_FILE",
                   help="Ed25519 private key, unencrypted PEM PKCS#8")
    p.set_defaults(func=_sign)
    p = sub.add_parser("keygen", help="make a post's Ed25519 key pair PATH.key and PATH.pub",
                       description="make a post's Ed25519 key pair for signing model manifests")
    p.add_argument("path", type=Path, metavar="PATH")
    p.set_defaults(func=_keygen)


def registry_for(ctx: CliContext, extra: list[Path]) -> ModelRegistry:
    """Shipped models, the configured post folders and ``extra`` folders, checked against
    the keys the configuration trusts."""
    settings = models_settings(ctx.config)
    return ModelRegistry([default_models_dir(), *settings.extra_dirs, *extra],
                         threads=settings.threads or None, trust=trust_of(ctx),
                         thresholds=settings.thresholds)


def trust_of(ctx: CliContext) -> TrustStore:
    """The configured trusted keys; a key that cannot be read is a configuration error."""
    try:
        return trust_for(models_settings(ctx.config))
    except TrustError as exc:
        raise CommandError(str(exc)) from None


def _list(ctx: CliContext, args: argparse.Namespace) -> int:
    good, refused = registry_for(ctx, args.models_dir).verify()
    rows: list[dict[str, Any]] = [{  # JSON objects, printed below or as --json
        "name": v.manifest.name, "version": v.manifest.version, "task": v.manifest.task,
        "decoder": v.manifest.output.decoder, "labels": list(v.manifest.labels),
        "scan_kinds": list(v.manifest.scan_kinds), "file": str(v.model_path),
        "sha256": v.manifest.sha256,
        "metrics": {m.name: m.value for m in v.manifest.metrics},
    } for v in good]
    if args.json:
        print(json.dumps({"models": rows, "refused": [refusal_json(r) for r in refused]}))
        return 0
    if not rows and not refused:
        print(f"no models found under {', '.join(str(r) for r in registry_for(ctx, args.models_dir).roots)}")
    for row in rows:
        figures = ", ".join(f"{k} {v:.3f}" for k, v in row["metrics"].items()) or "no figures"
        print(f"{row['name']} {row['version']}  {row['task']} ({row['decoder']})  "
              f"{', '.join(row['labels'])}  [{figures}]")
    for refusal in refused:
        print(f"REFUSED {refusal.name}: {refusal.reason}")
    return 0


def _verify(ctx: CliContext, args: argparse.Namespace) -> int:
    registry = registry_for(ctx, args.models_dir)
    report = registry.load()
    loaded: list[dict[str, Any]] = [
        {"name": m.name, "kind": "threat", "version": m.manifest.version,
         "sha256": m.manifest.sha256, "file": str(m.model_path)}
        for m in report.loaded.values()]
    refused: list[dict[str, Any]] = [{**refusal_json(r), "kind": "threat"} for r in report.refused]
    ocr_loaded, ocr_refused = _verify_ocr(registry.trust)
    loaded += ocr_loaded
    refused += ocr_refused
    trust = registry.trust
    dev_trusted = trust is not None and trust.development_key_trusted
    if args.json:
        print(json.dumps({
            "ok": not refused, "loaded": loaded, "refused": refused,
            "trusted_keys": [{"key_id": k.key_id, "source": k.source, "development": k.development}
                             for k in (trust.keys if trust is not None else ())],
            "development_key_trusted": dev_trusted,
        }))
    else:
        for row in loaded:
            print(f"ok       {row['name']} {row['version']}  sha256 {row['sha256']}")
        for row in refused:
            print(f"REFUSED  {row['reason']}")
        if dev_trusted:
            print("note: the project's development key is trusted; anyone can sign models with "
                  "it (models/keys/README.md): a post adds its own key and sets "
                  "[models] trust_development_key = false", file=sys.stderr)
    return 1 if refused else 0


def _verify_ocr(trust: TrustStore | None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The OCR models (plate and container reading) checked and opened as the lane does."""
    from workstation.recognition.modelstore import ROLES, ModelError, load_model, models_dir

    loaded: list[dict[str, Any]] = []
    refused: list[dict[str, Any]] = []
    folder = models_dir()
    for role in ROLES:
        try:
            model = load_model(role, folder, threads=1, trust=trust)
        except ModelError as exc:
            refused.append({"name": f"ocr/{role}", "kind": "ocr",
                            "manifest": str(folder / "manifest.json"), "reason": str(exc)})
            continue
        loaded.append({"name": model.name, "kind": "ocr", "version": _ocr_version(folder),
                       "sha256": model.sha256, "file": str(folder / model.spec["file"])})
    return loaded, refused


def _ocr_version(folder: Path) -> str:
    try:
        return str(json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return "?"


def _sign(ctx: CliContext, args: argparse.Namespace) -> int:
    from workstation.inference.manifest import MANIFEST_FORMAT, ManifestError, manifest_from_data
    from workstation.inference.signing import SignatureError, load_private_key, sign_manifest_file

    try:
        key = load_private_key(args.key)
    except TrustError as exc:
        raise CommandError(str(exc)) from None
    failed = False
    for path in args.manifests:
        try:
            signed = sign_manifest_file(path, key)
            if signed.get("format") == MANIFEST_FORMAT:
                # A threat model's manifest must also be valid, or signing it helps nobody.
                manifest_from_data(signed, str(path))
        except (SignatureError, ManifestError) as exc:
            print(f"NOT SIGNED  {exc}", file=sys.stderr)
            failed = True
            continue
        print(f"signed   {path}  key {signed['signature']['key_id']}")
    return 2 if failed else 0


def _keygen(ctx: CliContext, args: argparse.Namespace) -> int:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from workstation.inference.signing import key_id

    private_path = args.path.with_name(args.path.name + ".key")
    public_path = args.path.with_name(args.path.name + ".pub")
    for existing in (private_path, public_path):
        if existing.exists():
            raise CommandError(f"{existing}: already exists; not overwritten")
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    public = key.public_key()
    try:
        # Owner-only from the first byte: the private key never exists with wider permissions.
        fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(private_pem)
        public_path.write_bytes(public.public_bytes(serialization.Encoding.PEM,
                                                    serialization.PublicFormat.SubjectPublicKeyInfo))
    except OSError as exc:
        raise CommandError(f"{args.path}: cannot write the key pair: {exc.strerror}") from None
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    print(f"private key {private_path} (keep it off the lanes)\npublic key  {public_path} "
          f"(key id {key_id(raw)}): add it to [models] trusted_keys")
    return 0


def refusal_json(refusal: Refusal) -> dict[str, str]:
    """A refused model as JSON: name, manifest path and the reason."""
    return {"name": refusal.name, "manifest": str(refusal.manifest_path), "reason": refusal.reason}
