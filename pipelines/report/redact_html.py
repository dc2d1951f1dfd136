"""The web-page half of the redacted copy: mask values in the source, then remove what the page hides.

Masking replaces every occurrence in the page source, so a value is masked
in text and attributes alike.  Cleaning then removes, from the parsed page,
the elements the reader reports as hidden (``hidden`` attribute,
``display:none``, ``visibility:hidden``), every HTML comment except IE
conditional markup, and author meta tags.  "Hidden" is the reader's own
test (:func:`pipelines.readers.html.hidden_why`), so the rescan sees exactly
what was removed.
"""
from __future__ import annotations

import warnings
from html import escape

from scanner import Finding

AUTHOR_META = {"author", "creator", "publisher", "web_author", "contact"}


def _decode(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace"), "gb18030"


def mask(data: bytes, todo: list[tuple[Finding, str]]) -> tuple[bytes, list[tuple[Finding, str]], list[Finding]]:
    """Replace every occurrence in the page source; (bytes, masked, not found)."""
    text, enc = _decode(data)
    done: list[tuple[Finding, str]] = []
    missed: list[Finding] = []
    for f, rep in sorted(todo, key=lambda x: -len(x[0].text)):
        count = 0
        for needle, new in ((f.text, rep), (escape(f.text, quote=False), escape(rep, quote=False))):
            if needle and needle in text:
                count += text.count(needle)
                text = text.replace(needle, new)
        if count or any(f.text == g.text for g, _ in done):
            done.append((f, rep))
        else:
            missed.append(f)
    return text.encode(enc, errors="xmlcharrefreplace"), done, missed


def clean(data: bytes) -> tuple[bytes, list[str]]:
    """The page without hidden elements, comments or author meta tags; and what was removed, in Chinese."""
    from bs4 import BeautifulSoup, Comment, XMLParsedAsHTMLWarning

    from pipelines.readers.html import _hidden_why as hidden_why  # the reader's own test of "hidden"

    text, enc = _decode(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        soup = BeautifulSoup(text, "lxml")
    wechat = soup.find(id="js_content")
    hidden = 0
    for el in list(soup.find_all(True)):
        if el.decomposed or el is wechat or el.name in ("html", "body"):
            continue
        if hidden_why(el):
            el.decompose()
            hidden += 1
    comments = 0
    for c in list(soup.find_all(string=lambda s: isinstance(s, Comment))):
        body = str(c).strip()
        if body.startswith("[if") or body.startswith("<![endif]"):
            continue
        c.extract()
        comments += 1
    metas = 0
    for m in list(soup.find_all("meta")):
        name = m.get("name") or m.get("property") or ""
        if isinstance(name, str) and name.lower() in AUTHOR_META:
            m.decompose()
            metas += 1
    removed = []
    if hidden:
        removed.append(f"网页隐藏内容 {hidden} 处")
    if comments:
        removed.append(f"网页注释 {comments} 处")
    if metas:
        removed.append(f"作者等元信息 {metas} 处")
    if not removed:
        return data, removed  # nothing to take out: the page stays byte for byte as masked
    return soup.decode(eventual_encoding=None).encode(enc, errors="xmlcharrefreplace"), removed
