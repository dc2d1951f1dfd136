"""Issue 13 speeds and accuracy: OCR of A4 scans and pictures, against the bare OCR library in the same run.

* pages/s of ``pipelines.read_bytes`` + ``Scanner.scan`` (no NER) on
  image-only A4 PDFs at 150 and 200 dpi (scripts/make_scans.py pages:
  rotated, noisy, blurred, JPEG-compressed), against the bare RapidOCR
  call on the same page pixels; target at most 2 s a page on one core,
  so the engine runs with one thread (``BAOMI_OCR_THREADS=1``);
* images/s on the photographed roster and the screenshot;
* character accuracy of the OCR stage: 1 - edit distance / length of the
  fixture's source text, whitespace removed, lines in reading order;
* with ``tesseract`` and its chi_sim data installed (Debian
  tesseract-ocr, tesseract-ocr-chi-sim), the same accuracy and speed for
  Tesseract, for the engine comparison.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("BAOMI_OCR_THREADS", "1")

ROOT = Path(__file__).resolve().parent.parent


def _scans():
    spec = importlib.util.spec_from_file_location("baomi_make_scans", ROOT / "scripts" / "make_scans.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def accuracy(got: str, source: str) -> tuple[int, int]:
    """(errors, length): character edits from the OCR text to the source, whitespace removed."""
    a, b = "".join(got.split()), "".join(source.split())
    return edit_distance(a, b), len(b)


def _reading_order(lines) -> str:
    from pipelines.ocr.layout import visual_rows

    return "\n".join(" ".join(ln.text for ln in row) for row in visual_rows(lines))


def _tesseract(img) -> str | None:
    exe = shutil.which("tesseract")
    if exe is None:
        return None
    import io

    buf = io.BytesIO()
    img.save(buf, "PNG")
    out = subprocess.run([exe, "stdin", "stdout", "-l", "chi_sim", "--psm", "3"], input=buf.getvalue(),
                         capture_output=True, env={**os.environ, "OMP_THREAD_LIMIT": "1"}, timeout=120)
    return out.stdout.decode("utf-8", "replace") if out.returncode == 0 else None


def main() -> None:
    import pipelines
    from pipelines.ocr import engine
    from scanner import ScanOptions, Scanner

    ms = _scans()
    sc = Scanner(ScanOptions(ner=False))
    engine.recognise(ms.screenshot_image()[0])  # load the models outside the timings
    print(f"engine: {engine.info()['ocr_engine']} · {engine.info()['ocr_model']} · threads {engine.threads()}")

    pages = []
    for dpi in (150, 200):
        for make, seed in ((ms.classified_page, 1), (ms.public_page, 2)):
            clean, text = make(dpi)
            img = ms.degrade(clean, seed=seed)
            pages.append((dpi, img, text, ms._pdf([img], dpi)))
    print("\n| A4 scan | bare RapidOCR s/page | baomi read+scan s/page | ratio |")
    print("|---|---|---|---|")
    bare_engine = engine._load()
    for dpi in (150, 200):
        group = [p for p in pages if p[0] == dpi]
        # the bare library on the very pixels baomi reads: the PDF page rendered at baomi's dpi, as BGR
        arrays = [_rendered_bgr(pdf) for _, _, _, pdf in group]
        bare = sum(min(_timed(lambda: bare_engine(arr)) for _ in range(2)) for arr in arrays) / len(group)
        full = sum(min(_timed(lambda: sc.scan(pipelines.read_bytes(pdf, "p.pdf"))) for _ in range(2))
                   for _, _, _, pdf in group) / len(group)
        print(f"| {dpi} dpi ({len(group)} pages) | {bare:.2f} | {full:.2f} ({1 / full:.2f} pages/s) | {full / bare:.2f} |")

    pics = [("roster_photo.png", ms.roster().data), ("screenshot_note.docx", ms.screenshot_docx().data)]
    t = sum(min(_timed(lambda: sc.scan(pipelines.read_bytes(d, n))) for _ in range(2)) for n, d in pics)
    print(f"\npictures (roster photo png, screenshot inside a docx): {len(pics) / t:.2f} images/s")

    print("\n| fixture | characters | RapidOCR (baomi) accuracy | Tesseract chi_sim accuracy |")
    print("|---|---|---|---|")
    cases = [
        ("classified notice A4 150 dpi", pages[0][1], pages[0][2]),
        ("public notice A4 150 dpi", pages[1][1], pages[1][2]),
        ("roster photo", *ms.roster_image()),
        ("screenshot", *ms.screenshot_image()),
    ]
    tot = {"r": [0, 0], "t": [0, 0]}
    tess_seconds = 0.0
    for label, img, text in cases:
        e, n = accuracy(_reading_order(engine.recognise(img)), text)
        tot["r"][0] += e
        tot["r"][1] += n
        t0 = time.perf_counter()
        tess = _tesseract(img)
        tess_seconds += time.perf_counter() - t0
        cell = "n/a"
        if tess is not None:
            te, tn = accuracy(tess, text)
            tot["t"][0] += te
            tot["t"][1] += tn
            cell = f"{1 - te / tn:.3f}"
        print(f"| {label} | {n} | {1 - e / n:.3f} | {cell} |")
    r = tot["r"]
    t_acc = f"{1 - tot['t'][0] / tot['t'][1]:.3f} ({tess_seconds:.1f} s for all)" if tot["t"][1] else "n/a"
    print(f"| all | {r[1]} | {1 - r[0] / r[1]:.3f} | {t_acc} |")


def _rendered_bgr(pdf: bytes):
    import numpy as np
    import pypdfium2

    from pipelines.readers.pdf import OCR_DPI

    doc = pypdfium2.PdfDocument(pdf)
    try:
        img = doc[0].render(scale=OCR_DPI / 72).to_pil().convert("RGB")
    finally:
        doc.close()
    return np.ascontiguousarray(np.asarray(img)[:, :, ::-1])


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


if __name__ == "__main__":
    main()
