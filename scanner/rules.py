"""Loading rule data: lexicons (YAML or TSV), the allowlist, and detector rule tables.

Everything a reviewer might want to change is data under ``lexicons/``; this
module reads it, checks it, and says exactly which file and line is wrong.
The ``lexicon_version`` in a report is a hash over the bytes of every file
read here, so an audit can tell which rules produced a review.
"""
from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import BaomiError
from .model import SEVERITIES

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicons"


def default_dir() -> Path:
    return LEXICON_DIR


@dataclass(frozen=True)
class TermEntry:
    term: str
    category: str
    severity: str
    reason: str
    exceptions: tuple[str, ...] = ()
    # Check jieba word boundaries: on by default for short terms, which are
    # the ones that turn up inside unrelated words (拟任 in 草拟任务).
    boundary: bool = True
    action: str = ""
    source: str = ""  # file:line, for the rule id and error messages
    positive: tuple[str, ...] = ()
    negative: tuple[str, ...] = ()
    # Phrases that mark the whole document as the public form of this matter
    # (拟任 in a 任前公示 is published on purpose): the term is then a hint.
    public_when: tuple[str, ...] = ()
    # The words of the term that are the finding: 密电要求 is matched for its severity (the telegram's
    # requirements restated), but what the document carries, and what a reviewer selects, is 密电.
    mark: str = ""

    @property
    def rule_id(self) -> str:
        return f"term.{self.category}:{self.term}"


@dataclass
class Versioned:
    """Collects the bytes of every data file read, for ``lexicon_version``."""

    digests: list[str] = field(default_factory=list)

    def read(self, path: Path) -> str:
        data = path.read_bytes()
        self.digests.append(f"{path.name}:{hashlib.sha256(data).hexdigest()}")
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BaomiError("lexicon", f"{path} 不是 UTF-8 编码") from exc

    @property
    def version(self) -> str:
        return hashlib.sha256("\n".join(sorted(self.digests)).encode()).hexdigest()[:16]


def load_yaml(path: Path, reg: Versioned, code: str = "lexicon") -> Any:
    text = reg.read(path)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else ""
        raise BaomiError(code, f"{path} {where} YAML 格式错误") from exc


def _check_entry(raw: dict[str, Any], where: str, default_category: str | None) -> TermEntry:
    if not isinstance(raw, dict) or not raw.get("term"):
        raise BaomiError("lexicon", f"{where} 缺少 term")
    category = str(raw.get("category") or default_category or "")
    severity = str(raw.get("severity", "medium"))
    reason = str(raw.get("reason", "")).strip()
    if not category or not category.replace("_", "").isalnum() or not category.isascii():
        raise BaomiError("lexicon", f"{where} category 须为英文小写标识（如 personnel）")
    if severity not in SEVERITIES:
        raise BaomiError("lexicon", f"{where} severity 须为 {'/'.join(SEVERITIES)} 之一")
    if not reason:
        raise BaomiError("lexicon", f"{where} 缺少 reason（说明依据）")
    samples = raw.get("samples") or {}
    term = str(raw["term"]).strip()
    mark = str(raw.get("mark", "")).strip()
    if mark and mark not in term:
        raise BaomiError("lexicon", f"{where} mark“{mark}”须是词条“{term}”中的一段")
    return TermEntry(
        term=term,
        category=category.lower(),
        severity=severity,
        reason=reason,
        exceptions=tuple(str(x) for x in raw.get("exceptions") or ()),
        boundary=bool(raw.get("boundary", len(term) <= 3)),
        action=str(raw.get("action", "")),
        source=where,
        positive=tuple(samples.get("positive") or ()),
        negative=tuple(samples.get("negative") or ()),
        public_when=tuple(str(x) for x in raw.get("public_when") or ()),
        mark=mark,
    )


def load_lexicon(path: Path, reg: Versioned) -> list[TermEntry]:
    """A lexicon file: YAML (``category`` + ``entries``) or TSV (term, category, severity, reason[, exceptions])."""
    if not path.exists():
        raise BaomiError("lexicon", f"{path} 不存在")
    if path.suffix.lower() in (".tsv", ".txt"):
        text = reg.read(path)
        out = []
        for lineno, row in enumerate(csv.reader(io.StringIO(text), delimiter="\t"), 1):
            if not row or not row[0].strip() or row[0].startswith("#"):
                continue
            if len(row) < 4:
                raise BaomiError("lexicon", f"{path} 第 {lineno} 行应有 4 列：词条、类别、级别、理由")
            raw = {"term": row[0], "category": row[1], "severity": row[2], "reason": row[3]}
            if len(row) > 4 and row[4].strip():
                raw["exceptions"] = [x for x in row[4].split("|") if x]
            out.append(_check_entry(raw, f"{path.name}:{lineno}", None))
        return out
    data = load_yaml(path, reg)
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise BaomiError("lexicon", f"{path} 应包含 entries 列表")
    category = data.get("category")
    lines = _entry_lines(reg, path)
    return [
        _check_entry(raw, f"{path.name}:{lines.get(i, '?')}", category)
        for i, raw in enumerate(data["entries"])
    ]


def _entry_lines(reg: Versioned, path: Path) -> dict[int, int]:
    """Line number of each list item under ``entries`` (for error messages and rule ids)."""
    lines: dict[int, int] = {}
    inside = False
    idx = 0
    for lineno, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if line.startswith("entries:"):
            inside = True
            continue
        if inside and line.lstrip().startswith("- ") and (len(line) - len(line.lstrip())) <= 2:
            lines[idx] = lineno
            idx += 1
    return lines


def load_allowlist(path: Path, reg: Versioned) -> list[dict[str, Any]]:
    """Allowlist: plain phrases (one per line, .txt) or YAML entries with fingerprint/text, by and why."""
    if not path.exists():
        raise BaomiError("lexicon", f"{path} 不存在")
    if path.suffix.lower() in (".yaml", ".yml", ".json"):
        data = load_yaml(path, reg)
        items = data.get("entries", []) if isinstance(data, dict) else data
        if not isinstance(items, list):
            raise BaomiError("lexicon", f"{path} 应为条目列表")
        out = []
        for i, item in enumerate(items):
            if isinstance(item, str):
                out.append({"text": item})
            elif isinstance(item, dict) and (item.get("text") or item.get("fingerprint")):
                out.append(dict(item))
            else:
                raise BaomiError("lexicon", f"{path} 第 {i + 1} 条缺少 text 或 fingerprint")
        return out
    text = reg.read(path)
    return [
        {"text": line.strip()}
        for line in text.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
