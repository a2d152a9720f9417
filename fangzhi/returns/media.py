"""Pictures of the returns (图片资料): thumbnails and sizes, safely.

Units upload photographs from phones and scans from archives; the office's pages show
them as thumbnails. An image file can claim a size that needs gigabytes once decoded (a
decompression bomb), and Pillow can open formats that run outside programs (EPS runs
Ghostscript), so only the picture formats the returns take are opened and the pixel
count is checked before any pixel is decoded. Pure Python, no Django.
"""

from __future__ import annotations

import io
import warnings
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

# 80 million pixels: a 48-megapixel phone photo or an A3 page scanned at 600 dpi
# (70 MP) passes; decoded as RGBA it is at most 320 MB. Pillow's own, process-wide
# Image.MAX_IMAGE_PIXELS is left as it is (other parts of the project open images too);
# its bomb warning is turned into a refusal here.
MAX_PIXELS = 80_000_000
# The picture formats of fangzhi.core.sniff's "image" kind. (The JPEG opener also
# opens the multi-picture JPEGs many cameras write, as format "MPO".)
FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "TIFF", "BMP")
JPEG_QUALITY = 85
_ORIENTATION = 0x0112
_SWAPS_SIDES = {5, 6, 7, 8}  # EXIF orientations that turn the picture by 90°


class MediaError(ValueError):
    """A picture that is refused. ``code`` is ``not_image`` (not a JPEG, PNG, GIF, WebP,
    TIFF or BMP, or damaged) or ``too_large`` (more than ``MAX_PIXELS`` pixels); the
    message is short English for logs, the caller shows its own translation."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


# What Pillow raises for damaged or unsupported files varies by format and version.
_DAMAGED = (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError, IndexError)


def _open(data: bytes) -> Image.Image:
    """Open (read the header only) and check the size before anything is decoded."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise MediaError("too_large", "The picture has too many pixels.") from exc
    except _DAMAGED as exc:
        raise MediaError("not_image", "This is not a picture that can be read.") from exc
    width, height = image.size
    if width * height > MAX_PIXELS:
        image.close()
        raise MediaError("too_large", f"The picture has {width}×{height} pixels.")
    if width < 1 or height < 1:
        image.close()
        raise MediaError("not_image", "The picture has no pixels.")
    return image


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(_ORIENTATION, 1))
    except _DAMAGED:
        return 1


def image_info(data: bytes) -> dict[str, Any]:
    """``{"width", "height", "format"}`` of a picture as it is shown: width and height
    are swapped when the EXIF orientation turns it by 90°; the format is Pillow's name
    (``JPEG`` also for multi-picture JPEGs). Reads the header only. Raises
    ``MediaError`` (``not_image``, ``too_large``)."""
    with _open(data) as image:
        width, height = image.size
        if _orientation(image) in _SWAPS_SIDES:
            width, height = height, width
        fmt = "JPEG" if image.format == "MPO" else image.format
        return {"width": width, "height": height, "format": fmt}


def thumbnail(data: bytes, *, max_side: int = 320) -> bytes:
    """A thumbnail no wider or taller than ``max_side`` (never enlarged), turned upright
    by its EXIF orientation, of the first frame: JPEG, or PNG when the picture has
    transparency. Carries no metadata (no EXIF: a phone photo's GPS position stays out).
    Raises ``MediaError`` (``not_image``, ``too_large``); ``ValueError`` if
    ``max_side`` < 1.
    """
    if max_side < 1:
        raise ValueError("max_side must be at least 1.")
    with _open(data) as opened:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                if opened.format in ("JPEG", "MPO"):
                    # Decode a JPEG at 1/2 to 1/8 of its size: far less memory and time.
                    opened.draft("RGB", (max_side * 2, max_side * 2))
                opened.load()
                image = ImageOps.exif_transpose(opened) or opened
                image = _displayable(image)
                image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
                out = io.BytesIO()
                if image.mode == "RGBA":
                    image.save(out, "PNG", optimize=True)
                else:
                    image.save(out, "JPEG", quality=JPEG_QUALITY)
                return out.getvalue()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise MediaError("too_large", "The picture has too many pixels.") from exc
        except _DAMAGED as exc:
            raise MediaError("not_image", "The picture is damaged.") from exc


def _displayable(image: Image.Image) -> Image.Image:
    """RGBA if the picture has transparency, RGB otherwise."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I;16N"):
        image = image.convert("I")
    if image.mode == "I":
        # 16-bit scans: plain conversion clips everything above 255 to white.
        image = image.point(lambda value: value * (1 / 256)).convert("L")
    transparent = image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or ("transparency" in image.info)
    return image.convert("RGBA" if transparent else "RGB")
