"""Generate the sample documents in corpus_samples/documents/ (committed; byte-for-byte deterministic).

Each sample shows one way a draft leaks: a 密级 in a header, an ID column
that is hidden rather than deleted, a tracked deletion still holding a name
and an ID number, a black box drawn over text in a PDF, a hidden block and
an editor's comment in a web page, and an old GBK-encoded text file.  All
names and numbers are made up; the ID numbers carry a valid GB 11643
check digit so the validator treats them as real.

    python scripts/make_samples.py [--out DIR]
"""
from __future__ import annotations

import argparse
import io
import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "corpus_samples" / "documents"
FIXED_TIME = (2024, 1, 1, 0, 0, 0)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def id_number(first17: str) -> str:
    """Append the GB 11643-1999 check character (ISO 7064 MOD 11-2) to 17 digits."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(first17, weights))
    return first17 + "10X98765432"[total % 11]


# made-up people: region code, birth date, sequence
ID_A = id_number("11010519800101123")
ID_B = id_number("31010419750615201")
ID_C = id_number("44030619920830345")
ID_D = id_number("51010719881212067")


def fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps: python-docx and openpyxl stamp members with the current time."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            clone = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            clone.compress_type = zipfile.ZIP_DEFLATED
            clone.external_attr = 0o644 << 16
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the time of saving
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z", body)
            dst.writestr(clone, body)
    return buf.getvalue()


def _new_docx():
    import docx

    d = docx.Document()
    cp = d.core_properties
    cp.author = ""
    cp.comments = ""
    cp.last_modified_by = ""
    cp.title = ""
    return d


def _save_docx(d) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return fixed_zip(buf.getvalue())


def clean_notice() -> bytes:
    d = _new_docx()
    d.add_paragraph("关于开展全民健身月活动的通知")
    d.add_paragraph("各街道办事处、各有关单位：")
    d.add_paragraph("为丰富群众文化生活，定于八月在全区开展全民健身月活动。现将有关事项通知如下。")
    d.add_paragraph("一、活动时间：8月1日至8月31日。")
    d.add_paragraph("二、活动地点：区体育中心及各街道文体活动室。")
    d.add_paragraph("三、报名方式：请各单位于7月20日前通过区政府网站报名。")
    d.add_paragraph("区文化和体育局")
    return _save_docx(d)


def header_marking() -> bytes:
    d = _new_docx()
    d.sections[0].header.paragraphs[0].text = "机密★5年"
    d.add_paragraph("关于某产业园区选址方案的请示（讨论稿）")
    d.add_paragraph("市政府：")
    d.add_paragraph("经研究，拟将产业园区选址于东郊片区。现将有关情况请示如下。")
    d.add_paragraph("妥否，请批示。")
    return _save_docx(d)


def tracked_deletion() -> bytes:
    """A paragraph whose deleted first version still names the applicant; python-docx cannot write w:del."""
    from lxml import etree

    d = _new_docx()
    d.add_paragraph("关于拨付困难群众临时救助资金的报告")
    p = d.add_paragraph()._p

    def w(tag: str) -> str:
        return f"{{{W}}}{tag}"

    def run(parent, text: str, tag: str = "t") -> None:
        r = etree.SubElement(parent, w("r"))
        t = etree.SubElement(r, w(tag))
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = text

    run(p, "经审核，")
    dele = etree.SubElement(p, w("del"), {w("id"): "1", w("author"): "审核科", w("date"): "2024-01-01T00:00:00Z"})
    run(dele, f"申请人李某某（身份证号{ID_A}）", "delText")
    ins = etree.SubElement(p, w("ins"), {w("id"): "2", w("author"): "审核科", w("date"): "2024-01-01T00:00:00Z"})
    run(ins, "申请人")
    run(p, "符合临时救助条件，拟拨付救助资金三千元。")
    d.add_paragraph("特此报告。")
    return _save_docx(d)


def hidden_id_column() -> bytes:
    import datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "补贴名单"
    ws.append(["序号", "姓名", "身份证号", "补贴金额（元）"])
    for i, (name, idn) in enumerate((("赵某", ID_B), ("钱某某", ID_C), ("孙某", ID_D)), 1):
        ws.append([i, name, idn, 1200])
    ws.column_dimensions["C"].hidden = True
    stamp = datetime.datetime(2024, 1, 1)
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.creator = None
    buf = io.BytesIO()
    wb.save(buf)
    return fixed_zip(buf.getvalue())


def fake_redaction() -> bytes:
    """Text drawn first, a black box drawn over part of it: the text is still in the file."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle("信访事项处理意见书")
    c.setAuthor("")
    c.setCreator("")
    c.setProducer("")
    c.setSubject("")
    width, height = A4
    c.setFont("STSong-Light", 16)
    c.drawString(72, height - 200, "信访事项处理意见书")
    c.setFont("STSong-Light", 12)
    lines = [
        "你反映的小区噪声问题，经调查核实，情况基本属实。",
        "我局已责令施工单位调整夜间作业时间。",
    ]
    y = height - 240
    for line in lines:
        c.drawString(72, y, line)
        y -= 24
    label = "信访人联系电话："
    phone = "13912345678"
    c.drawString(72, y, label + phone)
    x = 72 + pdfmetrics.stringWidth(label, "STSong-Light", 12)
    c.setFillColorRGB(0, 0, 0)
    c.rect(x - 1, y - 3, pdfmetrics.stringWidth(phone, "STSong-Light", 12) + 2, 15, stroke=0, fill=1)
    c.showPage()
    c.save()
    return buf.getvalue()


def hidden_block_html() -> bytes:
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>关于公布2024年度助学金评审结果的公示</title>
<meta name="description" content="助学金评审结果公示">
</head>
<body>
<h1>关于公布2024年度助学金评审结果的公示</h1>
<p>经个人申请、学校审核，现将2024年度助学金评审结果予以公示，公示期五个工作日。</p>
<!-- 内部资料：评审会议纪要另行存档，不对外公开 -->
<div style="display: none">
<p>落选人员：周某某，身份证号{ID_B}</p>
</div>
<p>附件：<a href="/files/2024/zhuxuejin-mingdan.xlsx">助学金获得者名单</a></p>
<p>联系单位：区教育局学生资助管理中心</p>
</body>
</html>
"""
    return page.encode("utf-8")


def gbk_txt() -> bytes:
    text = (
        "内部资料\r\n"
        "注意保存\r\n"
        "\r\n"
        "关于做好防汛工作的通知\r\n"
        "各乡镇人民政府：\r\n"
        "入汛以来，我县降雨偏多。请各乡镇落实防汛值班制度，加强隐患排查。\r\n"
        "县防汛抗旱指挥部办公室\r\n"
    )
    return text.encode("gbk")


SAMPLES = {
    "05_clean_notice.docx": clean_notice,
    "06_header_marking.docx": header_marking,
    "07_hidden_id_column.xlsx": hidden_id_column,
    "08_tracked_deletion.docx": tracked_deletion,
    "09_fake_redaction.pdf": fake_redaction,
    "10_hidden_block.html": hidden_block_html,
    "11_gbk_notice.txt": gbk_txt,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="生成示例文档")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, build in SAMPLES.items():
        (args.out / name).write_bytes(build())
        print(f"{args.out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
