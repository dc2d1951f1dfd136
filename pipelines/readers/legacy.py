"""Legacy Office and WPS files (OLE2 compound files): .doc, .xls, .wps, and encrypted OOXML.

Older government drafts are still .doc, .xls and Kingsoft .wps.  Parsing
the binary formats by hand is a project of its own; LibreOffice already
does it well, so when ``soffice`` is installed the file is converted to
docx/xlsx in a private temporary folder -- with its own profile directory,
so conversions never share state with each other or with a desktop
LibreOffice -- under a time limit, and the result goes through the normal
docx/xlsx reader (tracked changes and comments survive the conversion).

A password-protected docx/xlsx is also an OLE file (EncryptionInfo +
EncryptedPackage streams); it is refused as ``encrypted`` without trying
to convert it.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from scanner import BaomiError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TIMEOUT = float(os.environ.get("BAOMI_CONVERT_TIMEOUT", "120"))


def _name(stream: str) -> bytes:
    # OLE directory entries store stream names in UTF-16LE
    return stream.encode("utf-16-le")


@dataclass(frozen=True)
class Legacy:
    format: str  # doc | xls | wps
    target: str  # docx | xlsx


def classify(data: bytes, name: str = "") -> Legacy:
    """What an OLE file holds, from its stream names; raise for encrypted or unsupported ones."""
    if _name("EncryptedPackage") in data or _name("EncryptionInfo") in data:
        raise BaomiError("encrypted", "受密码保护的 Office 文件")
    lower = name.lower()
    if _name("WordDocument") in data:
        return Legacy("wps" if lower.endswith(".wps") else "doc", "docx")
    if _name("Workbook") in data or _name("Book") in data:
        return Legacy("xls", "xlsx")
    if lower.endswith(".wps"):  # Kingsoft WPS text files that lack a Word-compatible stream
        return Legacy("wps", "docx")
    raise BaomiError("unsupported_format", "不是 Word、Excel 或 WPS 文件")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, legacy: Legacy, *, timeout: float = TIMEOUT) -> bytes:
    exe = soffice()
    if exe is None:
        raise BaomiError("needs_libreoffice")
    with tempfile.TemporaryDirectory(prefix="baomi-lo-") as tmp:
        work = Path(tmp)
        src = work / f"input.{legacy.format}"
        src.write_bytes(data)
        outdir = work / "out"
        cmd = [
            exe,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            "--convert-to", legacy.target, "--outdir", str(outdir), str(src),
        ]
        env = dict(os.environ, HOME=str(work))
        try:
            proc = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True, env=env, cwd=tmp,
            )
        except OSError:
            raise BaomiError("needs_libreoffice", "无法启动 soffice") from None
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise BaomiError("conversion_failed", f"超过 {int(timeout)} 秒") from None
        result = outdir / f"input.{legacy.target}"
        if proc.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            raise BaomiError("conversion_failed")
        return result.read_bytes()


def _kill(proc: subprocess.Popen) -> None:
    """Stop soffice and the helpers it started (its own session, so only those)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()
