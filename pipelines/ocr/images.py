"""Bytes of a picture in, upright RGB frames out -- or a coded error, never a crash.

Pictures come from strangers (a site's uploads, an attachment), so each
one is opened defensively: Pillow's decompression-bomb limit is a hard
error here, not a warning; a truncated or corrupt file is ``corrupt``;
every mode Pillow knows (CMYK, 16-bit grey, palette, alpha) is turned into
RGB on white; EXIF orientation is applied, as a viewer shows it.  A TIFF
gives every page, an animated GIF or WebP its first frame.
"""
from __future__ import annotations

import io
import warnings
from collections.abc import Iterator

from scanner import BaomiError

MAX_PIXELS = 120_000_000  # one frame: a 108-megapixel phone photo passes, an A4 page at 600 dpi is 35 million
MAX_FRAMES = 200  # TIFF pages read from one file, before the page cap applies
IMAGE_FORMATS = {"PNG", "JPEG", "TIFF", "BMP", "WEBP", "GIF", "MPO"}


def _guard(exc: BaseException) -> BaomiError:
    from PIL import Image

    if isinstance(exc, (Image.DecompressionBombError, Image.DecompressionBombWarning)):
        return BaomiError("too_large", "图片像素数过多（可能是解压炸弹），已拒绝读取")
    if isinstance(exc, BaomiError):
        return exc
    if isinstance(exc, MemoryError):
        return BaomiError("too_large", "图片过大，内存不足")
    return BaomiError("corrupt", "图片文件损坏或不完整")


def open_image(data: bytes):
    """The opened (lazy) image; raises BaomiError for bombs, unknown formats and broken headers."""
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
    except UnidentifiedImageError:
        raise BaomiError("corrupt", "图片文件损坏或格式无法识别") from None
    except Exception as exc:  # noqa: BLE001 - Pillow raises many types for broken headers
        raise _guard(exc) from None
    if img.format not in IMAGE_FORMATS:
        raise BaomiError("unsupported_format", f"不支持的图片格式 {img.format}")
    w, h = img.size
    if w * h > MAX_PIXELS:
        raise BaomiError("too_large", "图片像素数过多（可能是解压炸弹），已拒绝读取")
    return img


def to_rgb(img):
    """An upright RGB copy: EXIF rotation applied, alpha flattened on white, 16-bit and CMYK converted."""
    from PIL import Image, ImageOps

    img = ImageOps.exif_transpose(img)
    mode = img.mode
    if mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        import numpy as np

        arr = np.asarray(img, dtype=np.float64)
        hi = float(arr.max()) or 1.0
        img = Image.fromarray((arr * (255.0 / hi)).clip(0, 255).astype("uint8"), "L")
    elif mode == "F":
        img = img.convert("L")
    if img.mode == "P":
        img = img.convert("RGBA")
    if img.mode in ("RGBA", "LA", "PA"):
        rgba = img.convert("RGBA")
        bg = Image.new("RGB", rgba.size, "white")
        bg.paste(rgba, mask=rgba.getchannel("A"))
        return bg
    return img.convert("RGB")


def frames(data: bytes, *, all_pages: bool = True) -> Iterator[object]:
    """Upright RGB frames: every page of a TIFF, the first frame of anything animated."""
    from PIL import Image

    img = open_image(data)
    try:
        n = getattr(img, "n_frames", 1) if img.format == "TIFF" and all_pages else 1
        for i in range(min(n, MAX_FRAMES)):
            try:
                img.seek(i)
                with warnings.catch_warnings():
                    warnings.simplefilter("error", Image.DecompressionBombWarning)
                    img.load()
                if img.size[0] * img.size[1] > MAX_PIXELS:
                    raise BaomiError("too_large", "图片像素数过多（可能是解压炸弹），已拒绝读取")
                frame = to_rgb(img)
            except BaomiError:
                raise
            except Exception as exc:  # noqa: BLE001 - truncated data, bad tiles, unknown compression
                raise _guard(exc) from None
            yield frame
    finally:
        img.close()


def frame_count(data: bytes) -> int:
    img = open_image(data)
    try:
        return min(getattr(img, "n_frames", 1), MAX_FRAMES) if img.format == "TIFF" else 1
    finally:
        img.close()
