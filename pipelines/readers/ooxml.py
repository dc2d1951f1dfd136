"""What docx and xlsx share: the package relationships and the document properties.

Both are Open Packaging Convention zips: parts point at each other through
``_rels/*.rels`` files, and the author, company and title sit in
``docProps/``.  Those properties travel with the published file, so they
are read as parts of their own (``hidden.metadata``).
"""
from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass

from . import PartList
from .safety import has_member, read_xml

NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOC = "/officeDocument"


@dataclass(frozen=True)
class Rel:
    type: str  # last path segment of the relationship type, e.g. "header", "image"
    target: str  # package part name without a leading slash, or a URL when external
    external: bool


def rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def relationships(zf: zipfile.ZipFile, part: str) -> dict[str, Rel]:
    """rId -> relationship of one part ('' for the package itself)."""
    name = rels_name(part) if part else "_rels/.rels"
    if not has_member(zf, name):
        return {}
    out: dict[str, Rel] = {}
    folder = posixpath.dirname(part)
    for el in read_xml(zf, name).iter(f"{{{NS_REL}}}Relationship"):
        target = el.get("Target") or ""
        external = el.get("TargetMode") == "External"
        if not external:
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        out[el.get("Id") or ""] = Rel(type=(el.get("Type") or "").rsplit("/", 1)[-1], target=target, external=external)
    return out


def main_part(zf: zipfile.ZipFile, default: str) -> str:
    for rel in relationships(zf, "").values():
        if rel.type == OFFICE_DOC.lstrip("/") and not rel.external and has_member(zf, rel.target):
            return rel.target
    return default


# element local name -> property key in part locations
CORE = {
    "creator": "creator",
    "lastModifiedBy": "last_modified_by",
    "title": "title",
    "subject": "subject",
    "description": "comments",
    "keywords": "keywords",
    "category": "category",
    "contentStatus": "status",
}
APP = {"Company": "company", "Manager": "manager"}


def read_properties(zf: zipfile.ZipFile, out: PartList) -> str | None:
    """Add one ``hidden.metadata`` part per non-empty property; return the title."""
    title = None
    for xml, names in (("docProps/core.xml", CORE), ("docProps/app.xml", APP)):
        if not has_member(zf, xml):
            continue
        for el in read_xml(zf, xml):
            key = names.get(etree_local(el.tag))
            value = (el.text or "").strip()
            if key and value:
                out.add("metadata", value, flag="hidden.metadata", xml=xml, property=key)
                if key == "title" and names is CORE:
                    title = value
    if has_member(zf, "docProps/custom.xml"):
        for el in read_xml(zf, "docProps/custom.xml"):
            name = el.get("name") or ""
            value = "".join(el.itertext()).strip()
            if value:
                out.add("metadata", value, flag="hidden.metadata", xml="docProps/custom.xml", property=f"custom:{name}")
    return title


def etree_local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""  # comments and processing instructions
    return tag.rsplit("}", 1)[-1]
