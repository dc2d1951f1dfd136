"""Issue 4 speeds: reading + scanning a 50-page docx and PDF against bare library extraction.

The bar is that ``pipelines.read_path`` + ``Scanner.scan`` (no NER) costs at
most 1.3x the bare extraction (python-docx paragraphs and tables;
pdfplumber ``extract_text`` per page).  Also times a 10,000-row roster xlsx,
which must take seconds, not minutes.
"""
from __future__ import annotations

from benchmarks.timing import best_of

import tempfile
from pathlib import Path

PARAS_PER_PAGE = 18
PAGES = 50
LINE = "根据区政府工作安排，现将第{n}项工作的进展情况报告如下，请各单位结合实际抓好落实，联系电话 010-6512{k:04d}。"


def make_docx(path: Path) -> None:
    import docx

    d = docx.Document()
    n = 0
    for page in range(PAGES):
        for _ in range(PARAS_PER_PAGE - 4):
            n += 1
            d.add_paragraph(LINE.format(n=n, k=n % 10000))
        t = d.add_table(rows=3, cols=3)
        for row in t.rows:
            for cell in row.cells:
                n += 1
                cell.text = f"表格内容{n}"
        d.add_page_break()
    d.save(path)


def make_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    n = 0
    for _ in range(PAGES):
        c.setFont("STSong-Light", 10)
        y = A4[1] - 60
        for _ in range(40):
            n += 1
            c.drawString(40, y, LINE.format(n=n, k=n % 10000)[:48])
            y -= 18
        c.showPage()
    c.save()


def id_number(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


def make_roster(path: Path, rows: int = 10_000) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("名单")
    ws.append(["序号", "姓名", "身份证号", "电话", "金额"])
    for i in range(rows):
        ws.append([i + 1, f"人员{i}", id_number(f"110105198001{i % 10000:04d}1"[:17]), f"1380000{i % 10000:04d}", 1200])
    wb.save(path)


def bare_docx(path: Path) -> int:
    import docx

    d = docx.Document(str(path))
    chars = sum(len(p.text) for p in d.paragraphs)
    for t in d.tables:
        for row in t.rows:
            for cell in row.cells:
                chars += len(cell.text)
    return chars


def bare_pdf(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return sum(len(page.extract_text() or "") for page in pdf.pages)


def main() -> None:
    import pipelines
    from scanner import ScanOptions, Scanner

    scanner = Scanner(ScanOptions(ner=False))
    with tempfile.TemporaryDirectory(prefix="baomi-bench-") as tmp:
        tmpdir = Path(tmp)
        docx_path, pdf_path, xlsx_path = tmpdir / "f50.docx", tmpdir / "f50.pdf", tmpdir / "roster.xlsx"
        make_docx(docx_path)
        make_pdf(pdf_path)
        # best of several runs: the docx figures are tens of milliseconds and noisy on a shared machine
        for label, path, bare, runs in (("docx 50 pages", docx_path, bare_docx, 7), ("pdf 50 pages", pdf_path, bare_pdf, 3)):
            t_bare = best_of(lambda: bare(path), runs)
            t_read = best_of(lambda: pipelines.read_path(path), runs)
            t_full = best_of(lambda: scanner.scan(pipelines.read_path(path)), runs)
            doc = pipelines.read_path(path)
            print(
                f"{label}: bare extraction {t_bare * 1000:.0f} ms · read_path {t_read * 1000:.0f} ms · "
                f"read_path+scan {t_full * 1000:.0f} ms · ratio {t_full / t_bare:.2f}x (bar ≤ 1.3x) · "
                f"{len(doc.parts)} parts, {path.stat().st_size // 1024} KB"
            )
        make_roster(xlsx_path)
        t_read = best_of(lambda: pipelines.read_path(xlsx_path), runs=2)
        t_full = best_of(lambda: scanner.scan(pipelines.read_path(xlsx_path)), runs=2)
        doc = pipelines.read_path(xlsx_path)
        print(f"xlsx roster 10,000 rows x 5 cols: read_path {t_read * 1000:.0f} ms · read_path+scan {t_full * 1000:.0f} ms · {len(doc.parts)} parts")


if __name__ == "__main__":
    main()
