"""Reading images from files for recognition, with errors that name the file."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np


class ImageError(Exception):
    """An image file is missing or cannot be decoded; the message names it."""


def load_bgr(path: str | Path) -> np.ndarray:
    """Decode ``path`` (JPEG, PNG, BMP, TIFF ...) into an 8-bit BGR array of shape (H, W, 3)."""
    file = Path(path)
    try:
        data = np.fromfile(file, dtype=np.uint8)
    except FileNotFoundError:
        raise ImageError(f"{file}: image file not found") from None
    except IsADirectoryError:
        raise ImageError(f"{file}: is a folder, not an image file") from None
    except OSError as exc:
        raise ImageError(f"{file}: cannot read image: {exc.strerror}") from None
    image = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    if image is None:
        raise ImageError(f"{file}: not a readable image (unknown format or corrupt data)")
    return image
