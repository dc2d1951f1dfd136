"""The one place that knows which OCR library baomi uses (RapidOCR, PP-OCR models in its wheel).

Everything else sees :func:`recognise`: a Pillow image in, :class:`Line`
objects out.  Swapping the engine means rewriting this module only.  The
models ship inside the ``rapidocr`` wheel from PyPI (PP-OCRv6 small
detection and recognition, a PP-OCR direction classifier); nothing is
downloaded at run time, and ``model_root_dir`` is pinned to the wheel's own
folder so a changed default cannot send it looking elsewhere.

The engine is loaded once per process, on first use, so CLI pool workers,
the service's worker processes and Dask workers each pay the load once.
Threads default to 1: those workers already run one process per core.
"""
from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from importlib import metadata
from typing import Any

log = logging.getLogger("baomi.ocr")

# The engine reports every line down to this score (its own default drops lines under 0.5, which
# would hide a smudged marking); pipelines.ocr.layout decides what is text and what is doubt.
FLOOR = 0.1


@dataclass(frozen=True)
class Line:
    """One line of text as the engine read it; ``box`` = (x0, y0, x1, y1) in pixels of the image given."""

    text: str
    box: tuple[int, int, int, int]
    confidence: float


_ENGINE: Any = None
_LOCK = threading.Lock()

# The model files inside the rapidocr 3.10 wheel; given by path so the library never looks them up
# (its lookup downloads a file that is missing).
MODELS = {"Det": "PP-OCRv6_det_small.onnx", "Rec": "PP-OCRv6_rec_small.onnx", "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx"}


def model_dir():
    from pathlib import Path

    import rapidocr

    return Path(rapidocr.__file__).parent / "models"


def threads() -> int:
    try:
        return max(1, int(os.environ.get("BAOMI_OCR_THREADS", "1")))
    except ValueError:
        return 1


def _load() -> Any:
    global _ENGINE
    if _ENGINE is None:
        with _LOCK:
            if _ENGINE is None:
                from rapidocr import RapidOCR

                from scanner import BaomiError

                root = model_dir()
                missing = [name for name in MODELS.values() if not (root / name).is_file()]
                if missing:  # never let the library fetch them
                    raise BaomiError("model", f"文字识别模型文件缺失（{'、'.join(missing)}），请重新安装 rapidocr==3.10.0")
                n = threads()
                _ENGINE = RapidOCR(params={
                    "Global.log_level": "warning",
                    "Global.text_score": FLOOR,
                    "Global.model_root_dir": str(root),
                    **{f"{k}.model_path": str(root / name) for k, name in MODELS.items()},
                    "EngineConfig.onnxruntime.intra_op_num_threads": n,
                    "EngineConfig.onnxruntime.inter_op_num_threads": 1,
                })
                logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    return _ENGINE


def recognise(img) -> list[Line]:
    """Lines of a Pillow RGB image, top to bottom as the engine orders them."""
    import numpy as np

    engine = _load()
    arr = np.asarray(img.convert("RGB"))[:, :, ::-1]  # the engine wants BGR, as OpenCV reads files
    res = engine(np.ascontiguousarray(arr))
    boxes, txts, scores = getattr(res, "boxes", None), getattr(res, "txts", None), getattr(res, "scores", None)
    if boxes is None or not txts:
        return []
    out = []
    for quad, text, score in zip(boxes, txts, scores):
        xs = [float(p[0]) for p in quad]
        ys = [float(p[1]) for p in quad]
        text = str(text).strip()
        if text:
            out.append(Line(text, (int(min(xs)), int(min(ys)), int(max(xs) + 0.5), int(max(ys) + 0.5)), float(score)))
    return out


HEAD_BAND = (0.6, 0.15)  # the top-left of page 1 that GB/T 9704 keeps for the marking: width, height fractions


def recognise_head(img) -> list[Line]:
    """Lines of page 1's top-left band read again after its local contrast is stretched.

    A marking printed faint or pale (light grey on grey paper, a weak stamp)
    is the classic leak of a scanned attachment, and the engine misses it on
    the whole page; subtracting the blurred background from the band and
    stretching what is left brings it out.  Boxes are in page coordinates.
    """
    from PIL import ImageChops, ImageFilter, ImageOps

    gray = img.convert("L")
    w, h = gray.size
    band = gray.crop((0, 0, max(1, int(w * HEAD_BAND[0])), max(1, int(h * HEAD_BAND[1]))))
    background = band.filter(ImageFilter.GaussianBlur(25))
    ink = ImageChops.subtract(background, band)  # darker than its surroundings
    stretched = ImageOps.autocontrast(ImageOps.invert(ink), cutoff=1)
    return recognise(stretched.convert("RGB"))


def info() -> dict[str, str]:
    """What the report's engine block records: the library, its version and the models."""
    try:
        version = metadata.version("rapidocr")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return {"ocr_engine": f"rapidocr {version}", "ocr_model": "+".join(n.removesuffix(".onnx") for n in MODELS.values())}


def available() -> bool:
    try:
        import rapidocr  # noqa: F401
    except ImportError:
        return False
    return True
