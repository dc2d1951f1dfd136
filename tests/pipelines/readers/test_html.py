"""html: visible blocks, hidden blocks, comments, attributes, attachment links, WeChat pages, charsets."""
from __future__ import annotations

import pytest

from pipelines.readers import html


def parts(page: str | bytes):
    data = page.encode("utf-8") if isinstance(page, str) else page
    return [(p.kind, p.text, p.flag) for p in html.read(data).parts]


def test_blocks_in_reading_order_and_no_script_or_style():
    page = """<html><head><title>标题</title><style>p{color:red}</style>
    <meta name="keywords" content="关键词一,关键词二"></head><body>
    <div>第一块<p>段落<b>加粗</b>文字</p>尾巴</div>
    <script>var secret = "不是正文";</script>
    <ul><li>条目一</li><li>条目二<br>换行</li></ul>
    <p>关于
       开展工作</p>
    </body></html>"""
    assert parts(page) == [
        ("title", "标题", None),
        ("meta", "关键词一,关键词二", None),
        ("body", "第一块", None),
        ("body", "段落加粗文字", None),
        ("body", "尾巴", None),
        ("body", "条目一", None),
        ("body", "条目二\n换行", None),
        ("body", "关于开展工作", None),  # a source line break between Chinese characters is not a space
    ]


@pytest.mark.parametrize(
    "attrs, why",
    [
        ('hidden', "hidden"),
        ('style="display:none"', "display"),
        ('style="color: red; DISPLAY : NONE;"', "display"),
        ('style="visibility: hidden"', "visibility"),
    ],
)
def test_hidden_elements(attrs, why):
    res = html.read(f"<body><p>可见</p><div {attrs}><p>隐藏一</p><p>隐藏二</p></div></body>".encode())
    got = [(p.kind, p.text, p.flag, p.location.get("why")) for p in res.parts]
    assert got == [("body", "可见", None, None), ("html_hidden", "隐藏一\n隐藏二", "hidden.html_hidden", why)]


@pytest.mark.parametrize("style", ["display: block", "visibility: visible", "font-display: none-ish"])
def test_not_hidden(style):
    assert parts(f'<body><div style="{style}">可见</div></body>') == [("body", "可见", None)]


def test_comments_alt_title_and_links():
    page = """<body><!-- 编辑备注：名单未脱敏 --><!--[if IE]><p>旧浏览器</p><![endif]-->
    <img src="a.png" alt="现场照片" title="图片标题">
    <a href="/files/附件1.docx">附件1</a>
    <a href="http://x.gov.cn/down.do?id=1">下载</a>
    <a href="list.XLSX?v=2#top">名单</a>
    <a href="news.html">新闻</a></body>"""
    res = html.read(page.encode())
    got = [(p.kind, p.text, p.flag) for p in res.parts]
    assert ("html_comment", "编辑备注：名单未脱敏", "hidden.html_comment") in got
    assert not any("旧浏览器" in t for k, t, _ in got if k == "html_comment")
    assert ("alt_text", "现场照片", None) in got and ("alt_text", "图片标题", None) in got
    links = [(p.text, p.location["href"], p.location["ext"]) for p in res.parts if p.kind == "link"]
    assert links == [("附件1", "/files/附件1.docx", "docx"), ("名单", "list.XLSX?v=2#top", "xlsx")]


def test_wechat_article():
    page = """<html><head><title>微信公众平台</title></head><body>
    <div id="page-chrome">微信扫一扫</div>
    <h1 id="activity-name"> 关于开展活动的通知 </h1>
    <a id="js_name">某某发布</a>
    <div id="js_content" style="visibility: hidden;"><p>正文第一段</p><p>正文第二段</p>
    <span style="display:none">隐藏的字</span></div>
    </body></html>"""
    res = html.read(page.encode())
    assert res.title == "关于开展活动的通知"
    assert [(p.kind, p.text, p.flag) for p in res.parts] == [
        ("title", "关于开展活动的通知", None),
        ("body", "某某发布", None),
        ("body", "正文第一段", None),
        ("body", "正文第二段", None),
        ("html_hidden", "隐藏的字", "hidden.html_hidden"),
    ]
    assert res.info["wechat"] is True


@pytest.mark.parametrize(
    "data",
    [
        '<html><head><meta charset="gb2312"></head><body><p>政务公开专栏</p></body></html>'.encode("gbk"),
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=GBK"></head><body><p>政务公开专栏</p></body></html>'.encode("gbk"),
        "<html><body><p>政务公开专栏</p></body></html>".encode("gb18030"),  # no declaration at all
        "\ufeff<html><body><p>政务公开专栏</p></body></html>".encode("utf-8"),
        '<html><head><meta charset="utf-8"></head><body><p>政务公开专栏</p></body></html>'.encode("utf-8"),
    ],
    ids=["meta-gb2312", "http-equiv-gbk", "undeclared-gb18030", "utf8-bom", "utf8"],
)
def test_charsets(data):
    assert [p.text for p in html.read(data).parts if p.kind == "body"] == ["政务公开专栏"]


@pytest.mark.parametrize(
    "head, is_html",
    [(b"<!DOCTYPE html><html>", True), (b"\xef\xbb\xbf  <html lang=zh>", True), (b"<div>x</div>", True),
     (b"a < b and <html> later", False), (b"plain text", False), (b"<?xml version='1.0'?><root/>", False)],
)
def test_sniffing(head, is_html):
    assert html.looks_like_html(head) is is_html


def test_table_cells_carry_table_row_and_column():
    page = """<html><body><p>公示</p>
    <table><tr><th>序号</th><th colspan="2">姓名</th><th>村组</th></tr>
    <tr><td>1</td><td colspan="2"><p>常青</p></td><td>河口村三组</td></tr></table>
    <table><tr><td>外框<table><tr><td>内表</td></tr></table></td></tr></table>
    <p>落款</p></body></html>"""
    got = [(p.text, {k: p.location[k] for k in ("table", "row", "col") if k in p.location}) for p in html.read(page.encode()).parts]
    assert got == [
        ("公示", {}),
        ("序号", {"table": 1, "row": 1, "col": 1}),
        ("姓名", {"table": 1, "row": 1, "col": 2}),
        ("村组", {"table": 1, "row": 1, "col": 4}),  # after a cell two columns wide
        ("1", {"table": 1, "row": 2, "col": 1}),
        ("常青", {"table": 1, "row": 2, "col": 2}),  # in a <p> of the cell: still the cell
        ("河口村三组", {"table": 1, "row": 2, "col": 4}),
        ("外框", {"table": 2, "row": 1, "col": 1}),
        ("内表", {"table": 3, "row": 1, "col": 1}),  # a nested table has its own number
        ("落款", {}),
    ]
