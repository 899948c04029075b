"""The ``[models]`` section of a lane configuration (for ``workstation.config``).

    [models]
    extra_dirs = ["/srv/post-models"]   # a post's own models, each with a manifest
    threads = 2                         # onnxruntime intra-op threads (0 = automatic)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ModelsSection(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    extra_dirs: list[Path] = Field(default_factory=list,
                                   description="folders with a post's own models and manifests")
    threads: int = Field(0, ge=0, le=64, description="intra-op threads per session; 0 = automatic")


def models_settings(config: Any) -> ModelsSection:
    """The configuration's ``models`` section, or the defaults when it has none yet."""
    section = getattr(config, "models", None)
    if isinstance(section, ModelsSection):
        return section
    if section is not None:
        return ModelsSection.model_validate(section, from_attributes=True)
    return ModelsSection()
