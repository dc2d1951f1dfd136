"""docx: one part per w:p with the agreed location, hidden content in parts of its own."""
from __future__ import annotations

import pytest
from lxml import etree

from pipelines.readers import docx
from pipelines.readers.safety import open_zip
from scanner import BaomiError

DEL = '<w:del w:id="1" w:author="审稿人甲"><w:r><w:delText>删除的</w:delText></w:r><w:r><w:delText>文字</w:delText></w:r></w:del>'
INS = '<w:ins w:id="2" w:author="审稿人甲"><w:r><w:t>插入</w:t></w:r></w:ins>'
TABS = "<w:r><w:t>A</w:t><w:tab/><w:t>B</w:t><w:br/><w:t>C</w:t></w:r>"
FIELD = '<w:r><w:instrText xml:space="preserve"> HYPERLINK "http://x" </w:instrText></w:r>'
TEXTBOX = (
    "<w:p><w:r><w:t>框前</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor>"
    "<a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>框内文字</w:t></w:r></w:p>"
    "</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>框内文字</w:t></w:r></w:p>"
    "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
)


def body_xml(p, r) -> str:
    table = (
        "<w:tbl>"
        '<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>' + p(r("合并格")) + "</w:tc>"
        "<w:tc>" + p(r("右格")) + "</w:tc></w:tr>"
        "<w:tr><w:tc>" + p(r("内表外")) + "<w:tbl><w:tr><w:tc>" + p(r("内表格")) + "</w:tc></w:tr></w:tbl>" + p() + "</w:tc>"
        '<w:tc><w:tcPr><w:vMerge/></w:tcPr>' + p() + "</w:tc>"
        "<w:tc>" + p(r("第三格")) + "</w:tc></w:tr>"
        "</w:tbl>"
    )
    return (
        p(r("第一段"))  # 0
        + p(r("甲"), DEL, r("乙"), r("隐藏字", "<w:vanish/>"), INS, TABS, FIELD, r("显", '<w:vanish w:val="false"/>'))  # 1
        + table  # 2..8
        + TEXTBOX  # 9 (10 in the box, 11 in the fallback copy)
        + p(r("第一节末"), ppr="<w:pPr><w:sectPr/></w:pPr>")  # 12
        + p(r("第二节"))  # 13
        + "<w:sectPr/>"
    )


# (kind, text, location) worked out by hand from body_xml, in reading order
EXPECTED_BODY = [
    ("body", "第一段", {"p": 0, "section": 1}),
    ("body", "甲乙插入A\tB\nC显", {"p": 1, "section": 1}),
    ("deleted_text", "删除的文字", {"p": 1, "deleted": True, "seq": 0}),
    ("hidden_text", "隐藏字", {"p": 1, "vanish": True, "seq": 1}),
    ("table_cell", "合并格", {"p": 2, "table": 1, "row": 1, "cell": 1, "col": 1, "span": 2}),
    ("table_cell", "右格", {"p": 3, "table": 1, "row": 1, "cell": 2, "col": 3}),
    ("table_cell", "内表外", {"p": 4, "table": 1, "row": 2, "cell": 1, "col": 1}),
    ("table_cell", "内表格", {"p": 5, "table": 1, "row": 2, "cell": 1, "col": 1, "tables": [[1, 2, 1], [1, 1, 1]]}),
    ("table_cell", "第三格", {"p": 8, "table": 1, "row": 2, "cell": 3, "col": 3}),
    ("body", "框前", {"p": 9}),
    ("textbox", "框内文字", {"p": 10, "textbox": True}),
    ("body", "第一节末", {"p": 12, "section": 1}),
    ("body", "第二节", {"p": 13, "section": 2}),
]


def test_body_paragraphs_tables_textboxes(docx_builder, wml):
    p, r = wml
    res = docx.read(docx_builder(body_xml(p, r)))
    got = [(x.kind, x.text, x.location) for x in res.parts if x.kind != "metadata"]
    assert len(got) == len(EXPECTED_BODY)
    for (kind, text, loc), (ekind, etext, eloc) in zip(got, EXPECTED_BODY):
        assert (kind, text) == (ekind, etext)
        assert loc["xml"] == "word/document.xml"
        for key, value in eloc.items():
            assert loc[key] == value, (etext, key)
    assert "vmerge" not in got[8][2]  # 第三格 is not the merged one


def test_p_index_matches_lxml_iteration(docx_builder, wml):
    """The annotated-copy writer finds the paragraph by list(root.iter(w:p))[p]."""
    p, r = wml
    data = docx_builder(body_xml(p, r))
    res = docx.read(data)
    root = etree.fromstring(open_zip(data).read("word/document.xml"))
    all_p = list(root.iter(docx.P))
    assert len(all_p) == 14
    for part in res.parts:
        if part.kind in ("body", "table_cell", "textbox"):
            target = all_p[part.location["p"]]
            own = [t.text for t in target.iter(docx.T) if _owner(t) is target and not _deleted_or_hidden(t)]
            assert "".join(own).replace("\t", "").replace("\n", "") == part.text.replace("\t", "").replace("\n", "")


def _owner(t):
    el = t.getparent()
    while el.tag != docx.P:
        el = el.getparent()
    return el


def _deleted_or_hidden(t):
    vanish = t.getparent().find(f"{docx.RPR}/{docx.VANISH}")
    return vanish is not None and vanish.get(docx.w("val")) != "false"


def test_deleted_run_is_flagged_and_scanned(docx_builder, wml, scanner):
    p, r = wml
    body = p(r("经审核，"), '<w:del w:id="1" w:author="x"><w:r><w:delText>身份证号110105198001011238</w:delText></w:r></w:del>', r("同意。"))
    report = scanner.scan(_doc(docx_builder(body)))
    types = {(f.type, report.document.parts[int(f.part[1:]) - 1].kind) for f in report.findings}
    assert ("hidden.tracked_deletion", "deleted_text") in types
    assert ("pii.id_number", "deleted_text") in types
    body_part = next(x for x in report.document.parts if x.kind == "body")
    assert body_part.text == "经审核，同意。"


def _doc(data: bytes):
    from pipelines import read_bytes

    return read_bytes(data, "t.docx")


HEADERS = {
    "rId10": ("header", "header1.xml|<w:p><w:r><w:t>秘密★1年</w:t></w:r></w:p>"),
    "rId11": ("header", "header2.xml|<w:p><w:r><w:t>默认页眉</w:t></w:r></w:p>"),
    "rId12": ("header", "header3.xml|<w:p/><w:p><w:r><w:t>偶数页眉</w:t></w:r></w:p>"),
    "rId13": ("footer", "footer1.xml|<w:p><w:r><w:t>第1页</w:t></w:r></w:p>"),
    "rId14": ("footnotes", 'footnotes.xml|<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
              '<w:footnote w:id="1"><w:p><w:r><w:t>脚注文字</w:t></w:r></w:p></w:footnote>'),
    "rId15": ("endnotes", 'endnotes.xml|<w:endnote w:id="2"><w:p><w:r><w:t>尾注文字</w:t></w:r></w:p></w:endnote>'),
    "rId16": ("comments", 'comments.xml|<w:comment w:id="0" w:author="批注人乙"><w:p><w:r><w:t>请核实</w:t></w:r></w:p>'
              '<w:p><w:r><w:t>第二段批注</w:t></w:r></w:p></w:comment>'),
    "rId20": ("image", "media/image1.png|"),
}
SECT = ('<w:sectPr><w:headerReference w:type="first" r:id="rId10"/><w:headerReference w:type="default" r:id="rId11"/>'
        '<w:headerReference w:type="even" r:id="rId12"/><w:footerReference w:type="default" r:id="rId13"/></w:sectPr>')
IMAGE = ('<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="图片 1" descr="照片说明"/><a:graphic><a:graphicData>'
         '<pic:pic><pic:blipFill><a:blip r:embed="rId20"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')
CORE = ('<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>张三</dc:creator><cp:lastModifiedBy>李四</cp:lastModifiedBy>'
        '<dc:title>内部讨论稿</dc:title><dc:description></dc:description></cp:coreProperties>').encode()
APP = ('<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
       "<Company>某某局办公室</Company><Manager/></Properties>").encode()


@pytest.fixture
def full_docx(docx_builder, wml):
    p, r = wml
    body = p(r("正文")) + IMAGE + SECT
    return docx_builder(body, parts=HEADERS, media={"media/image1.png": b"\x89PNG fake"},
                        files={"docProps/core.xml": CORE, "docProps/app.xml": APP})


EXPECTED_FULL = [
    ("header", "秘密★1年", None, {"xml": "word/header1.xml", "p": 0, "section": 1, "type": "first"}),
    ("header", "默认页眉", None, {"xml": "word/header2.xml", "p": 0, "type": "default"}),
    ("header", "偶数页眉", None, {"xml": "word/header3.xml", "p": 1, "type": "even"}),
    ("body", "正文", None, {"xml": "word/document.xml", "p": 0}),
    ("alt_text", "照片说明", None, {"xml": "word/document.xml", "p": 1, "attr": "descr"}),
    # the picture's bytes are not an image: it stays unread, and says so (pipelines.ocr.embedded)
    ("image_unread", "图片 image1.png 未经文字识别：图片文件损坏或格式无法识别", "media.unread",
     {"xml": "word/document.xml", "p": 1, "image": "word/media/image1.png"}),
    ("footer", "第1页", None, {"xml": "word/footer1.xml", "p": 0, "type": "default"}),
    ("footnote", "脚注文字", None, {"xml": "word/footnotes.xml", "p": 1, "note": "1"}),
    ("endnote", "尾注文字", None, {"xml": "word/endnotes.xml", "p": 0, "note": "2"}),
    ("comment", "请核实", "hidden.comment", {"xml": "word/comments.xml", "p": 0, "comment": "0"}),
    ("comment", "第二段批注", "hidden.comment", {"xml": "word/comments.xml", "p": 1, "comment": "0"}),
    ("metadata", "批注人乙", "hidden.metadata", {"xml": "word/comments.xml"}),
    ("metadata", "张三", "hidden.metadata", {"property": "creator"}),
    ("metadata", "李四", "hidden.metadata", {"property": "last_modified_by"}),
    ("metadata", "内部讨论稿", "hidden.metadata", {"property": "title"}),
    ("metadata", "某某局办公室", "hidden.metadata", {"property": "company"}),
]


def test_headers_footers_notes_comments_properties_images(full_docx):
    res = docx.read(full_docx)
    assert len(res.parts) == len(EXPECTED_FULL)
    for part, (kind, text, flag, loc) in zip(res.parts, EXPECTED_FULL):
        assert (part.kind, part.text, part.flag) == (kind, text, flag)
        for key, value in loc.items():
            assert part.location[key] == value, (text, key)
    assert res.title == "内部讨论稿"
    assert [p.id for p in res.parts] == [f"p{i}" for i in range(1, len(res.parts) + 1)]
    assert res.warnings and "图片" in res.warnings[0]


def test_header_marking_found_as_header(full_docx, scanner):
    report = scanner.scan(_doc(full_docx))
    marks = [f for f in report.findings if f.type == "marking.classified"]
    assert [(f.text, report.document.parts[int(f.part[1:]) - 1].location["xml"]) for f in marks] == [("秘密★1年", "word/header1.xml")]
    assert {f.type for f in report.findings} >= {"hidden.comment", "hidden.metadata", "media.unread"}


@pytest.mark.parametrize(
    "rpr, hidden",
    [("<w:vanish/>", True), ('<w:vanish w:val="true"/>', True), ('<w:vanish w:val="1"/>', True),
     ('<w:vanish w:val="false"/>', False), ('<w:vanish w:val="0"/>', False), ("<w:b/>", False)],
)
def test_vanish_values(docx_builder, wml, rpr, hidden):
    p, r = wml
    res = docx.read(docx_builder(p(r("可见"), r("密文", rpr))))
    kinds = [(x.kind, x.text) for x in res.parts]
    if hidden:
        assert kinds == [("body", "可见"), ("hidden_text", "密文")]
        assert res.parts[1].flag == "hidden.hidden_text"
    else:
        assert kinds == [("body", "可见密文")]


def test_deleted_stretches_split_by_visible_text(docx_builder, wml):
    p, r = wml
    d = '<w:del w:id="{0}" w:author="x"><w:r><w:delText>{1}</w:delText></w:r></w:del>'
    res = docx.read(docx_builder(p(d.format(1, "一"), d.format(2, "二"), r("中"), d.format(3, "三"))))
    assert [(x.kind, x.text, x.location.get("seq")) for x in res.parts if x.kind != "metadata"] == [
        ("body", "中", None), ("deleted_text", "一二", 0), ("deleted_text", "三", 1)]


def test_missing_document_part_is_corrupt(docx_builder):
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/styles.xml", "<x/>")
    with pytest.raises(BaomiError) as ei:
        docx.read(buf.getvalue())
    assert ei.value.code == "corrupt"
