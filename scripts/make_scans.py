"""Scanned-looking fixtures for the OCR tests and benchmark, made at test time (no big binaries in git).

Every text here is invented for baomi: the units, names, numbers and
addresses do not exist.  ID numbers carry a valid GB 11643 check character
(worked out once with ``scanner.pii.id_number.check_char`` and written in
as literals), mobiles have a valid prefix.  The pages are drawn with the
Noto CJK fonts that scripts/sysdeps.sh installs (Debian fonts-noto-cjk),
then made to look scanned or photographed: a small rotation, sensor
noise, blur and JPEG artefacts, each seeded so the bytes are the same on
every run.

    python scripts/make_scans.py OUT_DIR     # writes every fixture and its source text
"""
from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIR = Path("/usr/share/fonts/opentype/noto")
SANS = FONT_DIR / "NotoSansCJK-Regular.ttc"
SERIF = FONT_DIR / "NotoSerifCJK-Regular.ttc"
SANS_BOLD = FONT_DIR / "NotoSansCJK-Bold.ttc"
SC = 2  # face index of Simplified Chinese in the Noto CJK collections

A4_MM = (210, 297)

# -- the texts (invented) --------------------------------------------------
CLASSIFIED_MARK = "机密★5年"
CLASSIFIED_HEADER = "江南市应急管理局文件"
CLASSIFIED_BODY = [
    "江应急〔2026〕17号",
    "关于开展汛期重点部位隐患排查的通知",
    "各区县应急管理局、局属各单位：",
    "为做好今年汛期安全防范工作，经研究决定，",
    "自六月一日起在全市开展重点部位隐患排查。",
    "一、排查范围为全市中型以上水库和堤防险段。",
    "二、各单位于六月十日前报送排查情况。",
    "三、排查中发现的重大隐患须当日报告。",
    "江南市应急管理局",
    "2026年5月20日",
]

ROSTER_TITLE = "青石镇临时救助对象花名册"
ROSTER_HEAD = ["序号", "姓名", "身份证号码", "联系电话"]
ROSTER_ROWS = [
    ["1", "柳明远", "430102198503120413", "13907315521"],
    ["2", "桑晓荷", "430524199207173523", "15873168842"],
    ["3", "季文澜", "431121197809031865", "18684720319"],
]
ROSTER_IDS = [r[2] for r in ROSTER_ROWS]
ROSTER_MOBILES = [r[3] for r in ROSTER_ROWS]

SCREENSHOT_LINES = [
    "内部资料 注意保存",
    "关于调整值班安排的内部通知",
    "经办人：程雨桐",
    "身份证号：430681196611250075",
    "请各科室按新排班表执行。",
]
SCREENSHOT_ID = "430681196611250075"

PUBLIC_TITLE = "江南市图书馆关于春节期间开放时间的公告"
PUBLIC_BODY = [
    "各位读者：",
    "春节期间本馆开放时间调整如下：",
    "除夕至初二闭馆，初三起正常开放。",
    "少儿阅览室每日九时至十七时开放。",
    "自助还书机全天可用，欢迎广大读者监督。",
    "特此公告。",
    "江南市图书馆",
    "2026年1月25日",
]


@dataclass(frozen=True)
class Fixture:
    name: str  # file name, with the extension the format calls for
    data: bytes
    text: str  # the source text, one drawn line per line, as the reader should see it
    pages: int = 1


def font(size: int, path: Path = SANS) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size, index=SC)


def a4(dpi: int) -> Image.Image:
    w, h = (round(mm / 25.4 * dpi) for mm in A4_MM)
    return Image.new("RGB", (w, h), "white")


def degrade(img: Image.Image, *, seed: int, angle: float = 0.6, noise: int = 14, blur: float = 0.7,
            quality: int = 60, shade: bool = False) -> Image.Image:
    """What a flatbed scanner or a phone camera does to a clean page, reproducibly."""
    import numpy as np

    rng = np.random.default_rng(seed)
    img = img.rotate(angle, resample=Image.BICUBIC, expand=False, fillcolor="white")
    if blur:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    arr = np.asarray(img, dtype=np.int16)
    if shade:  # uneven light of a photographed sheet: darker towards one corner
        h, w = arr.shape[:2]
        yy, xx = np.mgrid[0:h, 0:w]
        arr = arr - ((xx / w + yy / h) * 22).astype(np.int16)[..., None]
    arr = arr + rng.normal(0, noise, arr.shape).astype(np.int16)
    img = Image.fromarray(arr.clip(0, 255).astype("uint8"), "RGB")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def _pdf(pages: list[Image.Image], dpi: int) -> bytes:
    """An image-only PDF, as a scanner writes it: no text layer at all."""
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=float(dpi), save_all=True, append_images=pages[1:])
    return buf.getvalue()


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue()


def classified_page(dpi: int = 150) -> tuple[Image.Image, str]:
    """A 红头文件 laid out as GB/T 9704 puts it: marking top left, red header, red rule, 文号, title, body."""
    img = a4(dpi)
    d = ImageDraw.Draw(img)
    u = dpi / 150  # sizes below are at 150 dpi
    left = int(170 * u)
    d.text((left, int(150 * u)), CLASSIFIED_MARK, fill="black", font=font(int(34 * u), SANS_BOLD))
    hf = font(int(76 * u), SANS_BOLD)
    hw = d.textlength(CLASSIFIED_HEADER, font=hf)
    d.text(((img.width - hw) / 2, int(300 * u)), CLASSIFIED_HEADER, fill=(200, 20, 20), font=hf)
    d.line([(left, int(470 * u)), (img.width - left, int(470 * u))], fill=(200, 20, 20), width=int(4 * u))
    body = font(int(32 * u), SERIF)
    y = int(410 * u)
    lines = [CLASSIFIED_MARK, CLASSIFIED_HEADER]
    for i, line in enumerate(CLASSIFIED_BODY):
        if i == 0:
            w = d.textlength(line, font=body)
            d.text(((img.width - w) / 2, y), line, fill="black", font=body)
            y = int(520 * u)
        elif i == 1:
            tf = font(int(40 * u), SANS_BOLD)
            w = d.textlength(line, font=tf)
            d.text(((img.width - w) / 2, y), line, fill="black", font=tf)
            y += int(100 * u)
        else:
            x = left + (int(64 * u) if 2 < i < 8 else 0)
            if i >= 8:
                x = img.width - left - d.textlength(line, font=body)
            d.text((x, y), line, fill="black", font=body)
            y += int(62 * u)
        lines.append(line)
    return img, "\n".join(lines)


def classified_notice(dpi: int = 150, seed: int = 1) -> Fixture:
    page, text = classified_page(dpi)
    return Fixture("classified_notice.pdf", _pdf([degrade(page, seed=seed, angle=0.7)], dpi), text)


def public_page(dpi: int = 150) -> tuple[Image.Image, str]:
    img = a4(dpi)
    d = ImageDraw.Draw(img)
    u = dpi / 150
    left = int(170 * u)
    tf = font(int(40 * u), SANS_BOLD)
    w = d.textlength(PUBLIC_TITLE, font=tf)
    d.text(((img.width - w) / 2, int(220 * u)), PUBLIC_TITLE, fill="black", font=tf)
    body = font(int(32 * u), SERIF)
    y = int(360 * u)
    for i, line in enumerate(PUBLIC_BODY):
        x = left + (int(64 * u) if 0 < i < 6 else 0)
        if i >= 6:
            x = img.width - left - d.textlength(line, font=body)
        d.text((x, y), line, fill="black", font=body)
        y += int(62 * u)
    return img, "\n".join([PUBLIC_TITLE, *PUBLIC_BODY])


def public_notice(dpi: int = 150, seed: int = 2) -> Fixture:
    page, text = public_page(dpi)
    return Fixture("public_notice.pdf", _pdf([degrade(page, seed=seed, angle=-0.5)], dpi), text)


def roster_image(seed: int = 3) -> tuple[Image.Image, str]:
    """A printed table on a desk, photographed: grid lines, a title, uneven light."""
    cols = [110, 200, 420, 300]
    row_h, top, left = 64, 130, 40
    img = Image.new("RGB", (left * 2 + sum(cols), top + row_h * (len(ROSTER_ROWS) + 1) + 50), "white")
    d = ImageDraw.Draw(img)
    tf = font(40, SANS_BOLD)
    d.text(((img.width - d.textlength(ROSTER_TITLE, font=tf)) / 2, 40), ROSTER_TITLE, fill="black", font=tf)
    f = font(30)
    lines = [ROSTER_TITLE]
    for r, row in enumerate([ROSTER_HEAD, *ROSTER_ROWS]):
        y = top + r * row_h
        x = left
        for c, cell in enumerate(row):
            d.rectangle([x, y, x + cols[c], y + row_h], outline=(60, 60, 60), width=2)
            d.text((x + 14, y + 14), cell, fill="black", font=f)
            x += cols[c]
        lines.append("\t".join(row))
    return degrade(img, seed=seed, angle=1.2, noise=12, blur=0.6, quality=70, shade=True), "\n".join(lines)


def roster(seed: int = 3) -> Fixture:
    img, text = roster_image(seed)
    return Fixture("roster_photo.png", _png(img), text)


def screenshot_image() -> tuple[Image.Image, str]:
    """A screen capture: sharp text on a light window with a title bar, no scan defects."""
    img = Image.new("RGB", (900, 420), (250, 250, 250))
    d = ImageDraw.Draw(img)
    d.rectangle([0, 0, 900, 44], fill=(60, 110, 180))
    d.text((20, 8), "办公系统", fill="white", font=font(24))
    y = 80
    for i, line in enumerate(SCREENSHOT_LINES):
        f = font(34, SANS_BOLD) if i < 2 else font(28)
        d.text((40, y), line, fill=(200, 20, 20) if i == 0 else "black", font=f)
        y += 62 if i < 2 else 56
    return img, "\n".join(["办公系统", *SCREENSHOT_LINES])


def screenshot_docx() -> Fixture:
    """A harmless Word note with a screenshot of an internal notice pasted in."""
    import docx
    from docx.shared import Cm

    img, text = screenshot_image()
    doc = docx.Document()
    doc.add_paragraph("值班安排调整情况说明如下，截图见下。")
    doc.add_picture(io.BytesIO(_png(img)), width=Cm(15))
    buf = io.BytesIO()
    doc.save(buf)
    return Fixture("screenshot_note.docx", buf.getvalue(), text)


def all_fixtures() -> list[Fixture]:
    return [classified_notice(), roster(), screenshot_docx(), public_notice()]


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else "scans")
    out.mkdir(parents=True, exist_ok=True)
    for fx in all_fixtures():
        (out / fx.name).write_bytes(fx.data)
        (out / (fx.name + ".txt")).write_text(fx.text + "\n", encoding="utf-8")
        print(f"{fx.name}\t{len(fx.data)} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
