"""Builders for hand-written OOXML packages, so tests know every w:p index by construction."""
from __future__ import annotations

import io
import zipfile

import pytest

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = (
    f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
ROOTS = {"header": "hdr", "footer": "ftr", "footnotes": "footnotes", "endnotes": "endnotes", "comments": "comments"}


def build_docx(body: str, *, parts: dict[str, tuple[str, str]] | None = None, media: dict[str, bytes] | None = None,
               files: dict[str, bytes] | None = None) -> bytes:
    """A minimal docx: ``body`` is the inside of w:body; ``parts`` maps rId -> (rel type, xml name + inner xml)."""
    rels = []
    members: dict[str, bytes] = {}
    for rid, (rtype, spec) in (parts or {}).items():
        name, inner = spec.split("|", 1)
        if rtype == "image":
            rels.append(f'<Relationship Id="{rid}" Type="{REL_TYPE}image" Target="{name}"/>')
            continue
        rels.append(f'<Relationship Id="{rid}" Type="{REL_TYPE}{rtype}" Target="{name}"/>')
        root = ROOTS[rtype]
        members[f"word/{name}"] = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:{root} {NS}>{inner}</w:{root}>'.encode()
    for name, data in (media or {}).items():
        members[f"word/{name}"] = data
    members["word/document.xml"] = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NS}><w:body>{body}</w:body></w:document>'.encode()
    members["word/_rels/document.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(rels) + "</Relationships>"
    ).encode()
    members["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL_TYPE}officeDocument" Target="word/document.xml"/></Relationships>'
    ).encode()
    members["[Content_Types].xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="xml" ContentType="application/xml"/></Types>'
    )
    members.update(files or {})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.fixture
def docx_builder():
    return build_docx


def p(*runs: str, ppr: str = "") -> str:
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def r(text: str, rpr: str = "") -> str:
    return f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


@pytest.fixture
def wml():
    """Tiny helpers to write WordprocessingML by hand: p(*runs), r(text, rPr)."""
    return p, r
