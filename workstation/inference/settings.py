"""The ``[models]`` section of a lane configuration (for ``workstation.config``).

    [models]
    extra_dirs = ["/srv/post-models"]   # a post's own models, each with a manifest
    threads = 2                         # onnxruntime intra-op threads (0 = automatic)
    trusted_keys = ["/etc/workstation/post-models.pub", "ed25519:BASE64..."]
    trust_development_key = false       # default true: the project's development key

    [models.thresholds.parcel-threats]  # this lane's score thresholds (0..1) per label,
    handgun = 0.55                      # over the manifest's (`models evaluate` prints them)

A manifest is loaded only when signed by one of the trusted keys: the configured ones
(PEM public key files, relative to the configuration file, or inline ``ed25519:BASE64`` of
the raw 32-byte key) plus, unless ``trust_development_key = false``, the project's
development key in ``models/keys/`` (whose private half is public: models/keys/README.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from workstation.inference.signing import TrustStore, build_trust


class ModelsSection(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    extra_dirs: list[Path] = Field(default_factory=list,
                                   description="folders with a post's own models and manifests")
    threads: int = Field(0, ge=0, le=64, description="intra-op threads per session; 0 = automatic")
    trusted_keys: list[str] = Field(
        default_factory=list,
        description="public keys trusted to sign model manifests: PEM files or ed25519:BASE64")
    trust_development_key: bool = Field(
        True, description="also trust the project's development key (anyone can sign with it)")
    thresholds: dict[str, dict[str, float]] = Field(
        default_factory=dict,
        description="per model, per label score thresholds (0..1) overriding the manifest's; "
                    "a label the model does not have refuses the model, naming it")

    @field_validator("thresholds")
    @classmethod
    def _shares(cls, value: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
        for model, labels in value.items():
            for label, threshold in labels.items():
                if not 0.0 <= threshold <= 1.0:
                    raise ValueError(f"thresholds.{model}.{label} = {threshold}: a score "
                                     "threshold is 0..1")
        return value


def models_settings(config: Any) -> ModelsSection:
    """The configuration's ``models`` section, or the defaults when it has none yet."""
    section = getattr(config, "models", None)
    if isinstance(section, ModelsSection):
        return section
    if section is not None:
        return ModelsSection.model_validate(section, from_attributes=True)
    return ModelsSection()


def trust_for(settings: ModelsSection) -> TrustStore:
    """The keys a lane with these settings trusts; :class:`~workstation.inference.signing.TrustError`
    names an entry that cannot be read (relative files were made absolute by ``config.load``)."""
    return build_trust(settings.trusted_keys, development_key=settings.trust_development_key)
