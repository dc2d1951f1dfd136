"""HTML pages: visible text block by block, and what the page source carries besides.

A web page publishes its whole source: comments left by the editor,
blocks hidden with ``display:none`` and attachments linked from the page
are all public.  Visible text is read one block (p, div, li, td, h1 ...) at
a time in document order so a finding points at a paragraph, not at a
500 KB string.  Script and style content is not text.

Parts: ``title``; ``meta`` (``name`` = description/keywords/author);
``body`` (location ``block`` 1-based, ``tag``, ``id`` when present; a
``td``/``th`` cell, or a block inside one, adds ``table`` (page-wide
number), ``row`` and ``col``, 1-based, so the scanner can read a table's
rows as a roster);
``alt_text`` (``tag``, ``attr`` = alt/title); ``html_comment`` (flag
``hidden.html_comment``); ``html_hidden`` (flag ``hidden.html_hidden``,
``tag``, ``why`` = hidden/display/visibility); ``link`` for links to
attachments (``href`` as written, ``ext``; text = the link text), which
the batch crawler follows.  On a WeChat article page only the article
(``#js_content``), its title and account name are read: the rest is the
same player chrome on every page, and ``#js_content`` is itself styled
``visibility:hidden`` until a script reveals it, so it is not flagged.
"""
from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, Comment, Doctype, NavigableString, Tag
from bs4 import XMLParsedAsHTMLWarning

from . import PartList, ReadResult
from .charset import Decoded, browser_codec, chinese, guess
from .limits import MB, Truncated, current
from .txt import decode as decode_text

BLOCK = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "ul", "option", "legend",
}
NOT_TEXT = {"script", "style", "template", "noscript", "svg", "math", "iframe", "object", "head", "select", "textarea"}
ATTACHMENT = ("doc", "docx", "pdf", "xls", "xlsx", "wps", "et", "zip", "rar", "7z", "ofd", "ppt", "pptx", "txt", "csv")
META_NAMES = ("description", "keywords", "author")
HIDDEN_STYLE = re.compile(r"(?:^|;)\s*(display\s*:\s*none|visibility\s*:\s*hidden)\b", re.I)
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
WS = re.compile(r"[ \t\r\n\f\u00a0\u3000]+")
# a source line break between two Chinese characters is not a space on screen
CJK_BREAK = re.compile(r"(?<=[\u3400-\u9fff\uff00-\uffef\u3000-\u303f])[ \t\r\f]*\n[ \t\r\n\f]*(?=[\u3400-\u9fff\uff00-\uffef\u3000-\u303f])")


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<title")):
        return True
    return head.startswith(b"<") and any(t in head for t in (b"<html", b"<body", b"<div", b"<p>", b"<p ", b"<head"))


def decode(data: bytes) -> str:
    return decode_ex(data).text


def decode_ex(data: bytes) -> Decoded:
    """BOM first; then the page's meta charset if a browser would honour it and the bytes decode in it; then sniff.

    See ``charset``: a label browsers ignore (cp037, EBCDIC) or a declaration the bytes contradict is not
    followed, and the reading is marked doubtful.
    """
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return Decoded(decode_text(data), "bom")
    doubt = None
    m = META_CHARSET.search(data[:4096])
    if m:
        label = m.group(1).decode("ascii", "ignore").lower()[:40]
        codec = browser_codec(label)
        if codec is not None and codec.startswith("utf-16"):
            codec = "utf-8"  # a meta inside the page cannot be UTF-16: browsers read it as UTF-8
        if codec is None:
            doubt = f"网页声明的编码“{label}”不是浏览器使用的编码，已忽略该声明"
        else:
            try:
                return Decoded(data.decode(codec), codec)
            except UnicodeDecodeError:
                doubt = f"网页声明的编码“{label}”与内容不符"
    found = chinese(data) or guess(data)
    if found is None:
        return Decoded(data.decode("utf-8", errors="replace"), "utf-8", (doubt or "") + "，无法识别文字编码")
    if doubt:
        return Decoded(found.text, found.encoding, f"{doubt}，已按 {found.encoding} 读取")
    return found


def _hidden_why(el: Tag) -> str | None:
    if el.has_attr("hidden"):
        return "hidden"
    style = el.get("style")
    if isinstance(style, str):
        m = HIDDEN_STYLE.search(style)
        if m:
            return "display" if m.group(1).lower().startswith("display") else "visibility"
    return None


def _loc(el: Tag) -> dict:
    loc = {"tag": el.name}
    if isinstance(el.get("id"), str) and el.get("id"):
        loc["id"] = el["id"]
    return loc


class _Blocks:
    """Accumulates inline text and cuts it into one part per block element (``<br>`` arrives as U+2028)."""

    def __init__(self, out: PartList) -> None:
        self.out = out
        self.buf: list[str] = []
        self.owner: Tag | None = None
        self.count = 0
        self.tables = 0
        self.grid: list[list[int]] = []  # per open table: [table no, row, next col]
        self.cell: dict | None = None  # table/row/col of the cell being read

    def flush(self) -> None:
        text = CJK_BREAK.sub("", "".join(self.buf))
        self.buf = []
        lines = (WS.sub(" ", line).strip() for line in text.split("\u2028"))
        text = "\n".join(line for line in lines if line)
        if text:
            self.count += 1
            loc = _loc(self.owner) if self.owner is not None else {"tag": "body"}
            if self.cell is not None:  # text of a table cell, in a <p> of its own or not
                loc.update(self.cell)
            self.out.add("body", text, block=self.count, **loc)

    def walk(self, el: Tag, hidden_out: list[tuple[Tag, str]], pre: bool = False) -> None:
        for child in el.children:
            if isinstance(child, Comment) or isinstance(child, Doctype):
                continue
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:
                    s = str(child)
                    self.buf.append(s.replace("\n", "\u2028") if pre else s)
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name in NOT_TEXT:
                continue
            why = _hidden_why(child)
            if why:
                hidden_out.append((child, why))
                continue
            if name == "br":
                self.buf.append("\u2028")
                continue
            if name in BLOCK:
                self.flush()
                saved, saved_cell = self.owner, self.cell
                self.owner = child
                self._enter(name, child)
                self.walk(child, hidden_out, pre or name == "pre")
                self.flush()
                if name == "table":
                    self.grid.pop()
                self.owner, self.cell = saved, saved_cell
            else:
                self.walk(child, hidden_out, pre)

    def _enter(self, name: str, el: Tag) -> None:
        """Keep count of tables, rows and columns (colspan included) for the cells' locations."""
        if name == "table":
            self.tables += 1
            self.grid.append([self.tables, 0, 1])
            self.cell = None
        elif name == "tr" and self.grid:
            self.grid[-1][1] += 1
            self.grid[-1][2] = 1
        elif name in ("td", "th") and self.grid:
            t = self.grid[-1]
            self.cell = {"table": t[0], "row": max(t[1], 1), "col": t[2]}
            span = el.get("colspan")
            t[2] += int(span) if isinstance(span, str) and span.strip().isdigit() and 0 < int(span) < 1000 else 1


def _plain(el: Tag) -> str:
    """Text of a hidden element, block breaks kept as newlines."""
    parts: list[str] = []
    for node in el.descendants:
        if isinstance(node, NavigableString) and type(node) is NavigableString:
            if node.parent is not None and node.parent.name in NOT_TEXT:
                continue
            parts.append(str(node))
        elif isinstance(node, Tag) and (node.name in BLOCK or node.name == "br"):
            parts.append("\n")
    lines = (WS.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def read(data: bytes, ocr=None) -> ReadResult:
    """``ocr``: settings for reading pictures given inline as data: URIs (pipelines.ocr)."""
    from pipelines.ocr.embedded import expand

    cap = current().limits.html_bytes
    cut = False
    if len(data) > cap:
        # cut before a tag: '<' is never inside a UTF-8 or GB18030 multi-byte character
        end = data.rfind(b"<", 0, cap)
        data, cut = data[: end if end > 0 else cap], True
    result, pictures = _read(data)
    if cut:
        raise Truncated(result.parts, f"网页超过 {cap // MB} MB，其后的内容未读取")
    return expand(result, pictures.get, ocr)


def _data_uri(src: str) -> bytes | None:
    """The bytes of a base64 ``data:image/...`` URI; None for anything else."""
    import base64
    import binascii

    head, _, body = src.partition(",")
    if not head.lower().startswith("data:image/") or ";base64" not in head.lower():
        return None
    try:
        return base64.b64decode(body.strip(), validate=False)
    except (binascii.Error, ValueError):
        return None


def _read(data: bytes) -> tuple[ReadResult, dict[str, bytes]]:
    found = decode_ex(data)
    text = found.text
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(text, "lxml")
    out = PartList()
    title = None
    wechat = soup.find(id="js_content")

    t = soup.find("title")
    if wechat is not None:
        h = soup.find(id="activity-name")
        title = _plain(h) if h is not None else None
    if not title and t is not None:
        title = WS.sub(" ", t.get_text()).strip() or None
    if title:
        out.add("title", title, tag="title")
    for meta in soup.find_all("meta"):
        name = (meta.get("name") or meta.get("property") or "")
        name = name.lower() if isinstance(name, str) else ""
        content = meta.get("content")
        if name in META_NAMES and isinstance(content, str) and content.strip():
            out.add("meta", content.strip(), name=name)

    if wechat is not None:
        roots = [el for el in (soup.find(id="js_name"), wechat) if el is not None]
    else:
        roots = [soup.body or soup]
    blocks = _Blocks(out)
    hidden: list[tuple[Tag, str]] = []
    for root in roots:
        blocks.owner = root
        if root is wechat:
            # the article is revealed by script; its own visibility:hidden is not hiding anything
            blocks.walk(root, hidden)
        else:
            why = _hidden_why(root) if root.name != "body" else None
            if why:
                hidden.append((root, why))
            else:
                blocks.walk(root, hidden)
        blocks.flush()

    for el, why in hidden:
        text = _plain(el)
        if text:
            out.add("html_hidden", text, flag="hidden.html_hidden", why=why, **_loc(el))

    scope = roots if wechat is not None else [soup]
    for root in scope:
        for c in root.find_all(string=lambda s: isinstance(s, Comment)):
            body = str(c).strip()
            if body.startswith("[if") or body.startswith("<![endif]") or not body:
                continue  # IE conditional comments are markup, not notes
            body = re.sub(r"<[^>]+>", " ", body)
            body = "\n".join(WS.sub(" ", line).strip() for line in body.split("\n") if line.strip())
            if body:
                out.add("html_comment", body, flag="hidden.html_comment")
        for el in root.find_all(True):
            for attr in ("alt", "title"):
                val = el.get(attr)
                if isinstance(val, str) and val.strip() and el.name != "title":
                    out.add("alt_text", val.strip(), tag=el.name, attr=attr)
        for a in root.find_all("a", href=True):
            href = a["href"].strip() if isinstance(a["href"], str) else ""
            ext = _attachment_ext(href)
            if ext:
                label = WS.sub(" ", a.get_text()).strip()
                out.add("link", label or href, href=href, ext=ext)
    if found.doubt:
        out.add("encoding", f"文字编码存疑：{found.doubt}", flag="media.uncertain_encoding")
    pictures: dict[str, bytes] = {}
    for root in scope:
        for img in root.find_all("img", src=True):
            src = img["src"] if isinstance(img["src"], str) else ""
            raw = _data_uri(src) if src.startswith("data:") else None
            if raw:
                ref = f"data:{len(pictures)}"
                pictures[ref] = raw
                out.add("image", ref, flag="media.image", image=ref, **_loc(img))
    base = soup.find("base", href=True)
    info = {"wechat": True} if wechat is not None else {}
    if base is not None and isinstance(base.get("href"), str):
        info["base"] = base["href"]
    return ReadResult(parts=out.parts, title=title, info=info), pictures


def _attachment_ext(href: str) -> str | None:
    if not href or href.startswith(("javascript:", "mailto:", "#")):
        return None
    path = href.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    ext = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
    return ext if ext in ATTACHMENT else None
