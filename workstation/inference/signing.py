"""Ed25519 signatures on model manifests, and the keys a lane trusts.

A manifest (``model-manifest/1`` or the OCR manifest) carries ``"signature": {"algorithm":
"ed25519", "key_id": ..., "value": ...}``. The signature covers the whole manifest except
that one field, so it covers the model file's ``sha256``: the model's bytes are bound to a
key through the hash, and a manifest whose hash was re-computed after signing no longer
verifies. See ``docs/formats/model-manifest.md`` (section "Signature") and
``docs/decisions/0802-signed-models-fail-closed.md``.

The signed bytes are :data:`SIGNING_CONTEXT` followed by the manifest without
``signature`` as canonical JSON: keys sorted, no whitespace, UTF-8, non-ASCII characters
written as themselves, numbers as Python's ``json`` writes them. The context string keeps a
signature on a manifest from being valid for anything else signed with the same key.

Keys: ``key_id`` is the first 16 hex digits of the SHA-256 of the raw 32-byte public key.
Public key files are PEM (``SubjectPublicKeyInfo``, what ``openssl pkey -pubout`` writes);
private key files are unencrypted PEM PKCS#8 (``openssl genpkey -algorithm ed25519``).
Inline keys in the configuration are ``ed25519:BASE64`` (or the bare base64) of the raw
public key. The project's own key in ``models/keys/`` is a *development* key whose private
half is public: trusting it protects against accidents (a changed file, a re-hashed
manifest), not against anyone who wants to sign a model (``models/keys/README.md``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

SIGNATURE_FIELD: Final = "signature"
ALGORITHM: Final = "ed25519"
SIGNING_CONTEXT: Final = b"inspection-workstation model-manifest signature v1\n"
KEY_ID_HEX: Final = 16
DEV_KEY_NAME: Final = "development"
_INLINE = re.compile(r"^(?:ed25519:)?([A-Za-z0-9+/]{43}=?)$")


class SignatureError(Exception):
    """A manifest is not signed, badly signed, or signed by a key that is not trusted."""


class TrustError(Exception):
    """A configured trusted key or a private key cannot be read; the message names it."""


def keys_dir() -> Path:
    """``models/keys`` beside the package: the project's development key pair."""
    return Path(__file__).resolve().parents[2] / "models" / "keys"


def dev_public_key_path() -> Path:
    return keys_dir() / f"{DEV_KEY_NAME}.pub"


def dev_private_key_path() -> Path:
    return keys_dir() / f"{DEV_KEY_NAME}.key"


def key_id(raw_public: bytes) -> str:
    """Short identifier of a raw 32-byte Ed25519 public key (16 hex digits)."""
    return hashlib.sha256(raw_public).hexdigest()[:KEY_ID_HEX]


@dataclass(frozen=True)
class TrustedKey:
    """One public key a lane trusts: its id, raw 32 bytes and where it was configured."""

    key_id: str
    raw: bytes
    source: str

    @property
    def development(self) -> bool:
        """True for the project's development key (whose private half is public)."""
        return self.key_id == _dev_key_id()


@dataclass(frozen=True)
class TrustStore:
    """The keys whose manifest signatures a lane accepts (hashable: caches key on it)."""

    keys: tuple[TrustedKey, ...]

    def find(self, wanted: str) -> TrustedKey | None:
        return next((k for k in self.keys if k.key_id == wanted), None)

    @property
    def development_key_trusted(self) -> bool:
        return any(k.development for k in self.keys)

    def describe(self) -> str:
        if not self.keys:
            return "no key is trusted"
        return ", ".join(f"{k.key_id} ({k.source})" for k in self.keys)


def public_key_from_inline(text: str, source: str = "inline") -> TrustedKey | None:
    """``ed25519:BASE64`` or bare base64 of a raw public key; None when ``text`` is not one."""
    match = _INLINE.match(text.strip())
    if match is None:
        return None
    try:
        raw = base64.b64decode(match.group(1) + "=" * (-len(match.group(1)) % 4), validate=True)
    except binascii.Error:
        return None
    if len(raw) != 32:
        return None
    return TrustedKey(key_id(raw), raw, source)


def load_public_key(path: Path) -> TrustedKey:
    """A PEM public key file (or a file holding one inline key). Raises :class:`TrustError`."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TrustError(f"{path}: cannot read public key: {exc.strerror}") from None
    inline = public_key_from_inline(data.decode("ascii", "replace"), str(path))
    if inline is not None:
        return inline
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError) as exc:
        raise TrustError(f"{path}: not a PEM public key: {exc}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise TrustError(f"{path}: not an Ed25519 key ({type(key).__name__})")
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return TrustedKey(key_id(raw), raw, str(path))


def load_private_key(path: Path) -> Any:
    """An unencrypted PEM PKCS#8 Ed25519 private key. Raises :class:`TrustError`."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TrustError(f"{path}: cannot read private key: {exc.strerror}") from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise TrustError(f"{path}: not an unencrypted PEM private key: {exc}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise TrustError(f"{path}: not an Ed25519 private key ({type(key).__name__})")
    return key


def trusted_key(entry: str, base: Path | None = None) -> TrustedKey:
    """One ``[models] trusted_keys`` entry: inline base64, else a public key file (relative
    paths against ``base``)."""
    inline = public_key_from_inline(entry, "inline key")
    if inline is not None:
        return inline
    path = Path(entry).expanduser()
    if base is not None and not path.is_absolute():
        path = base / path
    return load_public_key(path)


def build_trust(entries: Iterable[str], *, development_key: bool = True,
                base: Path | None = None) -> TrustStore:
    """The trust store of a lane: the configured keys, plus the development key unless
    distrusted. Raises :class:`TrustError` naming the entry that cannot be read."""
    keys: list[TrustedKey] = []
    if development_key:
        keys.append(load_public_key(dev_public_key_path()))
    for index, entry in enumerate(entries):
        try:
            key = trusted_key(entry, base)
        except TrustError as exc:
            raise TrustError(f"models.trusted_keys[{index}]: {exc}") from None
        if all(k.key_id != key.key_id for k in keys):
            keys.append(key)
    return TrustStore(tuple(keys))


_DEV_ID: list[str] = []


def _dev_key_id() -> str:
    if not _DEV_ID:
        try:
            _DEV_ID.append(load_public_key(dev_public_key_path()).key_id)
        except TrustError:
            _DEV_ID.append("")
    return _DEV_ID[0]


def default_trust() -> TrustStore:
    """The development key only (what a lane trusts without a ``[models]`` section)."""
    return build_trust(())


def signed_payload(document: Mapping[str, Any]) -> bytes:
    """The bytes a signature covers: context + canonical JSON without ``signature``."""
    body = {k: v for k, v in document.items() if k != SIGNATURE_FIELD}
    try:
        text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                          allow_nan=False)
    except ValueError as exc:  # NaN or infinity: not JSON, so not signable
        raise SignatureError(f"manifest cannot be written as canonical JSON: {exc}") from None
    return SIGNING_CONTEXT + text.encode("utf-8")


def sign_document(document: Mapping[str, Any], private_key: Any) -> dict[str, Any]:
    """A copy of ``document`` with its ``signature`` (replacing any earlier one) last."""
    from cryptography.hazmat.primitives import serialization

    raw = private_key.public_key().public_bytes(serialization.Encoding.Raw,
                                                serialization.PublicFormat.Raw)
    body = {k: v for k, v in document.items() if k != SIGNATURE_FIELD}
    value = private_key.sign(signed_payload(body))
    body[SIGNATURE_FIELD] = {"algorithm": ALGORITHM, "key_id": key_id(raw),
                             "value": base64.b64encode(value).decode("ascii")}
    return body


def verify_document(document: Mapping[str, Any], trust: TrustStore) -> TrustedKey:
    """The trusted key that signed ``document``; :class:`SignatureError` saying why not."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    signature = document.get(SIGNATURE_FIELD)
    if signature is None:
        raise SignatureError(
            "the manifest is not signed (no \"signature\"): only manifests signed by a trusted "
            "key are loaded; sign it with `workstation models sign MANIFEST --key KEY`")
    if not isinstance(signature, dict) or set(signature) != {"algorithm", "key_id", "value"}:
        raise SignatureError("the manifest's \"signature\" is malformed: it needs exactly "
                             "algorithm, key_id and value")
    if signature["algorithm"] != ALGORITHM:
        raise SignatureError(f"the manifest is signed with {signature['algorithm']!r}; only "
                             f"{ALGORITHM!r} is accepted")
    wanted = signature["key_id"]
    key = trust.find(wanted) if isinstance(wanted, str) else None
    if key is None:
        raise SignatureError(
            f"the manifest is signed by key {wanted!r}, which this lane does not trust "
            f"(trusted: {trust.describe()}); a post's own key goes in [models] trusted_keys")
    try:
        value = base64.b64decode(str(signature["value"]), validate=True)
    except binascii.Error:
        raise SignatureError("the manifest's signature value is not base64") from None
    try:
        Ed25519PublicKey.from_public_bytes(key.raw).verify(value, signed_payload(document))
    except InvalidSignature:
        raise SignatureError(
            f"the manifest's signature by key {key.key_id} ({key.source}) does not match its "
            "content: the manifest was changed after it was signed (a re-computed sha256, an "
            "edited field), so it is not loaded; re-sign it only if the change is yours") from None
    return key


def write_signed(path: Path, document: Mapping[str, Any]) -> None:
    """Write a signed manifest (indented JSON, UTF-8) atomically over ``path``."""
    text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    temp = path.with_name(path.name + ".signing")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def files_described(document: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(file, sha256) pairs a manifest vouches for: top-level ``file``/``sha256``
    (``model-manifest/1``) and each ``models.<role>`` entry (the OCR manifest)."""
    pairs: list[tuple[str, str]] = []
    entries: list[Any] = [document]
    models = document.get("models")
    if isinstance(models, dict):
        entries.extend(models.values())
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("file"), str):
            pairs.append((entry["file"], str(entry.get("sha256", ""))))
    return pairs


def sign_manifest_file(path: Path, private_key: Any) -> dict[str, Any]:
    """Check that every file the manifest at ``path`` describes has the manifest's sha256,
    then sign the manifest in place; returns the signed document. Raises
    :class:`SignatureError` naming what does not match (nothing is written then): a
    signature vouches for the model bytes, so a stale hash is never signed."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SignatureError(f"{path}: cannot read manifest: {exc.strerror}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SignatureError(f"{path}: not valid JSON: {exc}") from None
    if not isinstance(document, dict):
        raise SignatureError(f"{path}: a manifest is a JSON object")
    pairs = files_described(document)
    if not pairs:
        raise SignatureError(f"{path}: names no model file (neither \"file\" nor \"models\")")
    for file, expected in pairs:
        target = path.parent / file
        if Path(file).is_absolute() or ".." in Path(file).parts:
            raise SignatureError(f"{path}: file {file!r} must be inside the manifest's folder")
        try:
            actual = hashlib.sha256(target.read_bytes()).hexdigest()
        except OSError as exc:
            raise SignatureError(f"{path}: cannot read {target}: {exc.strerror}") from None
        if actual != expected:
            raise SignatureError(f"{path}: {file} has sha256 {actual}, the manifest says "
                                 f"{expected or 'nothing'}; fix the manifest first (not signed)")
    signed = sign_document(document, private_key)
    write_signed(path, signed)
    return signed
