"""Verdict and approval routing, read from a policy file (``lexicons/policy.yaml``).

No rule lives here: which findings lead to which verdict, who signs in which
order and on what basis, how personal data is masked -- all of it is in the
file, so an organisation changes its procedure by editing data, and the
report's ``lexicon_version`` records which procedure was applied.  This
module only checks the file (naming the line of any mistake, because the
people editing it are secrecy officers, not programmers) and evaluates it.
"""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import BaomiError
from .model import SEVERITIES, SEVERITY_RANK, Finding
from .reading import Reading
from .rules import Versioned, default_dir, load_yaml

# Most severe first: when several rules match, the first of these wins.
ORDER = ("not_publishable", "escalate", "on_request_only", "publish_after_redaction", "publish")
RULE_SLOT = "$rules"

TOP_KEYS = {"version", "publish_reason", "publish_noted_reason", "channels", "roles", "actions", "steps", "rules", "routing",
            "masking", "ocr"}
OCR_KEYS = {"enabled", "max_pages", "max_seconds"}
STEP_KEYS = {"role", "action", "reason", "basis"}
RULE_KEYS = {"id", "when", "verdict", "reason", "steps", "disposition", "defers_to_classification", "classification_first"}
WHEN_KEYS = {"type", "category", "rule", "severity", "channel", "min_count", "genre", "not_genre", "context", "where",
             "condition", "reading", "document_has"}
# What a finding asks of the reviewer, most severe first.  A rule's verdict implies
# its disposition unless the rule names one; the verdict is the strictest verdict,
# so a block or escalate disposition can never stand beside a publish verdict.
DISPOSITIONS = ("block", "escalate", "redact", "confirm", "note")
VERDICT_DISPOSITION = {
    "not_publishable": "block",
    "on_request_only": "block",
    "escalate": "escalate",
    "publish_after_redaction": "redact",
    "publish": "note",
}
# the document-wide signals a rule may name under ``reading:`` (an override is the user's, not the document's)
READING_KEYS = set(Reading.SIGNALS) - {"overridden"}
CHANNEL_KEYS = {"label", "max_chars"}
MASK_KEYS = {"keep_start", "keep_end", "keep_from", "char"}
# Part kinds that are not what the reader of a post sees (for the length check).
UNSEEN_KINDS = {"metadata", "comment", "deleted_text", "hidden_text", "html_comment", "html_hidden"}


@dataclass
class Decision:
    verdict: str
    reason: str
    steps: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # ids of the rules that matched, for the audit trail


@dataclass(frozen=True)
class MaskStyle:
    """How one kind of personal data is masked; one style per kind, everywhere.

    Mixing styles (one page hides the middle of an ID number, another the end)
    lets a reader piece the number back together, so the style is policy.
    Only letters, digits and Han characters are masked; separators stay so
    the value still reads as a phone number or an address.
    """

    keep_start: int = 0
    keep_end: int = 0
    keep_from: str = ""
    char: str = "*"

    def apply(self, text: str) -> str:
        limit = len(text)
        if self.keep_from and self.keep_from in text:
            limit = text.index(self.keep_from)
        slots = [i for i, ch in enumerate(text[:limit]) if ch.isalnum()]
        n = len(slots)
        start = min(self.keep_start, max(0, n - 1))
        end = max(0, min(self.keep_end, n - 1 - start))
        hide = set(slots[start : n - end])
        return "".join(self.char if i in hide else ch for i, ch in enumerate(text))


@dataclass
class Policy:
    data: dict[str, Any]
    masking: dict[str, MaskStyle] = field(default_factory=dict)
    name: str = "policy.yaml"

    @staticmethod
    def load(path: Path | None, reg: Versioned) -> "Policy":
        path = Path(path) if path else default_dir() / "policy.yaml"
        if not path.exists():
            raise BaomiError("policy", f"{path} 不存在")
        data = load_yaml(path, reg, code="policy")
        lines = _line_map(path.read_text(encoding="utf-8-sig"))
        _validate(data, lines, path.name)
        masking = {t: MaskStyle(**spec) for t, spec in (data.get("masking") or {}).items()}
        return Policy(data, masking, path.name)

    @staticmethod
    def from_text(text: str, name: str = "policy.yaml") -> "Policy":
        """A policy from a string (tests, the API's per-request policy)."""
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"第 {mark.line + 1} 行 " if mark is not None else ""
            raise BaomiError("policy", f"{name} {where}YAML 格式错误") from exc
        _validate(data, _line_map(text), name)
        masking = {t: MaskStyle(**spec) for t, spec in (data.get("masking") or {}).items()}
        return Policy(data, masking, name)

    # -- evaluation --------------------------------------------------------
    @property
    def ocr(self) -> bool | dict[str, Any]:
        """The ``ocr`` key: false turns picture reading off; a mapping sets its caps (pipelines.ocr reads it)."""
        spec = self.data.get("ocr", True)
        return spec if isinstance(spec, (bool, dict)) else True

    def channel_label(self, channel: str) -> str:
        return str((self.data.get("channels") or {}).get(channel, {}).get("label", channel))

    def role_label(self, role: str) -> str:
        return str((self.data.get("roles") or {}).get(role, role))

    def action_label(self, action: str) -> str:
        return str((self.data.get("actions") or {}).get(action, action))

    def decide(self, findings: list[Finding], *, channel: str, document: Any = None, reading: Any = None) -> Decision:
        active = [f for f in findings if not f.suppressed]
        matched = _defer_to_classification(_match_rules(self.data["rules"], active, channel, reading), active)
        verdict = min((r["verdict"] for r in matched), key=ORDER.index, default="publish")
        winners = [r for r in matched if r["verdict"] == verdict]
        reasons: list[str] = []
        for r in winners:
            if r["reason"] not in reasons:
                reasons.append(r["reason"])
        if verdict != "publish":
            reason = "".join(reasons) + _deciding(active, {r.get("id", "") for r in winners})
        elif not active:
            reason = str(self.data.get("publish_reason", ""))
        else:  # never "nothing found" above a list of findings
            noted = str(self.data.get("publish_noted_reason", "")).replace("{n}", str(len(active)))
            reason = "".join(reasons) + noted if reasons else noted or str(self.data.get("publish_reason", ""))
        extra: list[str] = []
        for r in winners:
            extra.extend(s for s in r.get("steps") or () if s not in extra)
        names: list[str] = []
        template = list(self.data["routing"][verdict])
        if RULE_SLOT not in template:
            template.append(RULE_SLOT)
        for name in template:
            for n in extra if name == RULE_SLOT else [name]:
                if n not in names:
                    names.append(n)
        steps = [self._step(n, channel) for n in names]
        return Decision(verdict, reason, steps, self._warnings(channel, document), [r.get("id", "") for r in matched])

    def _step(self, name: str, channel: str) -> dict[str, Any]:
        spec = self.data["steps"][name]
        out = {
            "id": name,
            "role": spec["role"],
            "action": spec["action"],
            "reason": str(spec["reason"]).replace("{channel}", self.channel_label(channel)),
            "role_label": self.role_label(spec["role"]),
            "action_label": self.action_label(spec["action"]),
        }
        if spec.get("basis"):
            out["basis"] = str(spec["basis"])
        return out

    def _warnings(self, channel: str, document: Any) -> list[str]:
        """Channel limits: a post over the length limit is cut or refused by the platform."""
        limit = (self.data.get("channels") or {}).get(channel, {}).get("max_chars")
        if not limit or document is None:
            return []
        chars = sum(
            len(p.text.strip()) for p in document.parts if not p.flag and p.kind not in UNSEEN_KINDS
        )
        if chars <= limit:
            return []
        label = self.channel_label(channel)
        return [f"正文共 {chars} 字，超过{label} {limit} 字的篇幅上限，请删减或改用链接发布。"]


def _defer_to_classification(matched: list[dict[str, Any]], active: list[Finding]) -> list[dict[str, Any]]:
    """A block that only says the document is internal gives way when a rule asks whether it holds a state
    secret (a 纪要 relaying a 密电): the classifying office answers that first, and the document stays
    unpublished either way.  Its findings are escalated with it, so the verdict remains the strictest
    disposition."""
    if not any(r["verdict"] == "escalate" and r.get("classification_first") for r in matched):
        return matched
    deferring = {r.get("id", "") for r in matched if r.get("defers_to_classification") and r["verdict"] == "not_publishable"}
    if not deferring:
        return matched
    for f in active:
        if f.decided_by in deferring:
            f.disposition = "escalate"
    return [dict(r, verdict="escalate") if r.get("id", "") in deferring else r for r in matched]


def _document_has(active: list[Finding], types: list[str]) -> bool:
    """A finding of one of ``types`` (patterns) stands at high or above in the document."""
    return any(f.severity in ("block", "high") and any(fnmatch.fnmatchcase(f.type, p) for p in types) for f in active)


def _match_rules(
    rules: list[dict[str, Any]], active: list[Finding], channel: str, reading: Any = None
) -> list[dict[str, Any]]:
    """Rules in file order; each finding is decided by the first rule that takes it.

    First-match keeps the file readable as a list of cases (a marking is
    handled by the marking rule, not again by a general "block" rule), and
    lets a narrower rule with a count (many ID numbers) sit above a broader one.
    """
    # Findings that agree on type, rule and severity are decided alike, so the
    # rules are tried once per distinct kind, not once per finding: a roster
    # with ten thousand ID numbers costs as much as one with ten.
    left: dict[tuple[Any, ...], list[Finding]] = {}
    for f in active:
        f.disposition, f.decided_by = "note", ""
        key = (f.type, f.rule, f.severity, f.extra.get("context"), f.extra.get("condition"), f.extra.get("where"))
        left.setdefault(key, []).append(f)
    matched = []
    for rule in rules:
        when = rule.get("when") or {}
        if "channel" in when and channel not in _as_list(when["channel"]):
            continue
        if not _reading_matches(reading, when):
            continue
        if "document_has" in when and not _document_has(active, _as_list(when["document_has"])):
            continue  # the rule asks for another kind of finding at high or above in the same document
        taken = [k for k, fs in left.items() if _finding_matches(fs[0], when)]
        if taken and sum(len(left[k]) for k in taken) >= int(when.get("min_count", 1)):
            matched.append(rule)
            disposition = rule.get("disposition") or VERDICT_DISPOSITION[rule["verdict"]]
            if disposition == "note" and rule.get("steps"):
                disposition = "confirm"
            for k in taken:
                for f in left.pop(k):
                    f.disposition, f.decided_by = disposition, str(rule.get("id", ""))
                    _settle(f, disposition)
    # taken by no rule: nothing to do on this channel and nothing the copy must mask. No rule
    # judged it, so it is listed ``low`` (shown, not flagged) rather than ``info`` (judged harmless):
    # a name at medium on the website is a name to mask on Weibo, where a rule does take it.
    for fs in left.values():
        for f in fs:
            _settle(f, "confirm")
    return matched


def _settle(f: Finding, disposition: str) -> None:
    """A finding's severity says how much it matters in this document, so it follows the disposition.

    拟任 is ``high`` in the lexicon because in a draft it blocks; in a 任前公示
    it asks only for a confirmation, and a report that printed it ``high``
    above a publish verdict would contradict itself.
    """
    # the action the reports print and the redacted copy follows agrees with the disposition:
    # a contact number judged public is not masked, one judged private is
    if disposition == "redact" and f.type.startswith("pii."):
        f.action = "redact"
    elif disposition in ("note", "confirm") and f.action == "redact":
        f.action = "confirm"
    rank = SEVERITY_RANK.get(f.severity, 2)
    want = {"block": "high", "escalate": "high", "redact": "medium"}.get(disposition)
    if want is not None and rank > SEVERITY_RANK[want]:
        f.extra.setdefault("detected_severity", f.severity)
        f.severity = want
    elif disposition in ("note", "confirm"):
        cap = "info" if disposition == "note" else "low"
        if rank < SEVERITY_RANK[cap]:
            f.extra.setdefault("detected_severity", f.severity)
            f.severity = cap


def _reading_matches(reading: Any, when: dict[str, Any]) -> bool:
    """Document conditions: the genre or family the reading decided, and its document-wide signals."""
    if "genre" in when and (reading is None or not reading.matches(_as_list(when["genre"]))):
        return False
    if "not_genre" in when and reading is not None and reading.matches(_as_list(when["not_genre"])):
        return False
    for key, want in (when.get("reading") or {}).items():
        if reading is None or bool(getattr(reading, key, False)) != bool(want):
            return False
    return True


KIND_LABELS = {"marking": "密级或控制标志", "term": "用语", "pii": "个人信息", "hidden": "隐藏内容", "media": "未读取的内容",
               "ocr": "识别不确定的图片文字"}


def _deciding(active: list[Finding], rule_ids: set[str]) -> str:
    """Name the findings that decide the verdict: markings and terms by their words, personal data by kind only."""
    deciding = [f for f in active if f.decided_by in rule_ids]
    if not deciding:
        return ""
    named: list[str] = []
    counts: dict[str, int] = {}
    for f in deciding:
        head = f.type.split(".")[0]
        if head in ("marking", "term"):
            label = f"“{''.join(f.text.split())[:20]}”"
            if label not in named:
                named.append(label)
        else:
            counts[f.type] = counts.get(f.type, 0) + 1
    parts = named[:4] + [f"{TYPE_LABELS.get(t, KIND_LABELS.get(t.split('.')[0], t))} {n} 处" for t, n in counts.items()]
    more = len(named) - 4 if len(named) > 4 else 0
    return f"（判定依据：{'、'.join(parts)}{f' 等另 {more} 处' if more else ''}）"


TYPE_LABELS = {"pii.person": "姓名", "pii.id_number": "身份证号", "pii.phone": "电话号码", "pii.email": "电子邮箱",
               "pii.bank_card": "银行卡号", "pii.address": "地址", "pii.plate": "车牌号", "pii.passport": "护照号",
               "pii.credit_code": "统一社会信用代码"}


def _finding_matches(f: Finding, when: dict[str, Any]) -> bool:
    if "context" in when and f.extra.get("context") not in _as_list(when["context"]):
        return False
    if "where" in when and (f.extra.get("where") or "body") not in _as_list(when["where"]):
        return False
    if "condition" in when and bool(f.extra.get("condition")) != bool(when["condition"]):
        return False
    if "type" in when and not any(fnmatch.fnmatchcase(f.type, p) for p in _as_list(when["type"])):
        return False
    if "category" in when and f.type not in {f"term.{c}" for c in _as_list(when["category"])}:
        return False
    if "rule" in when and not any(fnmatch.fnmatchcase(f.rule, p) for p in _as_list(when["rule"])):
        return False
    if "severity" in when and f.severity not in _as_list(when["severity"]):
        return False
    return True


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else [value]


# -- checking the file ------------------------------------------------------
def _line_map(text: str) -> dict[tuple[Any, ...], int]:
    """1-based line of every mapping key and list item, by its path from the root."""
    lines: dict[tuple[Any, ...], int] = {}
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return lines

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = path + (key.value,)
                lines[sub] = key.start_mark.line + 1
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, path + (i,))

    if root is not None:
        walk(root, ())
    return lines


class _Checker:
    def __init__(self, lines: dict[tuple[Any, ...], int], name: str) -> None:
        self.lines = lines
        self.name = name

    def fail(self, path: tuple[Any, ...], what: str) -> None:
        p = path
        while p and p not in self.lines:
            p = p[:-1]
        line = self.lines.get(p)
        where = f"第 {line} 行" if line else "开头"
        raise BaomiError("policy", f"{self.name} {where}：{what}")

    def mapping(self, value: Any, path: tuple[Any, ...], what: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(path, f"{what} 应为“键: 值”的映射")
        return value

    def keys(self, value: dict[str, Any], path: tuple[Any, ...], allowed: set[str], required: tuple[str, ...] = ()) -> None:
        for key in value:
            if key not in allowed:
                self.fail(path + (key,), f"未知的键 {key}（可用：{'、'.join(sorted(allowed))}）")
        for key in required:
            if key not in value or value[key] in (None, ""):
                self.fail(path, f"缺少 {key}")

    def text(self, value: Any, path: tuple[Any, ...], what: str) -> None:
        if not isinstance(value, str) or not value.strip():
            self.fail(path, f"{what} 应为非空文字")


def _validate(data: Any, lines: dict[tuple[Any, ...], int], name: str) -> None:
    c = _Checker(lines, name)
    c.mapping(data, (), "策略文件")
    c.keys(data, (), TOP_KEYS, ("steps", "rules", "routing"))
    ocr = data.get("ocr", True)
    if isinstance(ocr, dict):
        c.keys(ocr, ("ocr",), OCR_KEYS, ())
        for key in ("max_pages", "max_seconds"):
            v = ocr.get(key)
            if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float)) or v <= 0):
                c.fail(("ocr", key), f"{key} 应为正数")
    elif not isinstance(ocr, bool):
        c.fail(("ocr",), "ocr 应为 true、false 或含 enabled/max_pages/max_seconds 的映射")
    for ch, spec in (c.mapping(data.get("channels") or {}, ("channels",), "channels")).items():
        c.mapping(spec, ("channels", ch), f"渠道 {ch}")
        c.keys(spec, ("channels", ch), CHANNEL_KEYS, ("label",))
        limit = spec.get("max_chars")
        if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit <= 0):
            c.fail(("channels", ch, "max_chars"), "max_chars 应为正整数")
    roles = c.mapping(data.get("roles") or {}, ("roles",), "roles")
    actions = c.mapping(data.get("actions") or {}, ("actions",), "actions")
    steps = c.mapping(data["steps"], ("steps",), "steps")
    for sname, spec in steps.items():
        path = ("steps", sname)
        c.mapping(spec, path, f"步骤 {sname}")
        c.keys(spec, path, STEP_KEYS, ("role", "action", "reason", "basis"))
        if roles and spec["role"] not in roles:
            c.fail(path + ("role",), f"未知的角色 {spec['role']}（先在 roles 中定义）")
        if actions and spec["action"] not in actions:
            c.fail(path + ("action",), f"未知的动作 {spec['action']}（先在 actions 中定义）")
    rules = data["rules"]
    if not isinstance(rules, list):
        c.fail(("rules",), "rules 应为列表")
    for i, rule in enumerate(rules):
        path = ("rules", i)
        c.mapping(rule, path, "规则")
        c.keys(rule, path, RULE_KEYS, ("when", "verdict", "reason"))
        if rule["verdict"] not in ORDER:
            c.fail(path + ("verdict",), f"未知的结论 {rule['verdict']}（可用：{'、'.join(ORDER)}）")
        c.text(rule["reason"], path + ("reason",), "reason")
        when = c.mapping(rule["when"], path + ("when",), "when")
        c.keys(when, path + ("when",), WHEN_KEYS)
        disp = rule.get("disposition")
        if disp is not None and disp not in DISPOSITIONS:
            c.fail(path + ("disposition",), f"未知的处理方式 {disp}（可用：{'、'.join(DISPOSITIONS)}）")
        for key in (when.get("reading") or {}):
            if key not in READING_KEYS:
                c.fail(path + ("when", "reading", key), f"未知的文稿条件 {key}（可用：{'、'.join(sorted(READING_KEYS))}）")
        for sev in _as_list(when.get("severity", [])):
            if sev not in SEVERITIES:
                c.fail(path + ("when", "severity"), f"未知的级别 {sev}（可用：{'、'.join(SEVERITIES)}）")
        mc = when.get("min_count", 1)
        if not isinstance(mc, int) or isinstance(mc, bool) or mc < 1:
            c.fail(path + ("when", "min_count"), "min_count 应为正整数")
        for j, s in enumerate(_as_list(rule.get("steps") or [])):
            if s not in steps:
                c.fail(path + ("steps", j), f"未定义的步骤 {s}")
    routing = c.mapping(data["routing"], ("routing",), "routing")
    for verdict, names in routing.items():
        if verdict not in ORDER:
            c.fail(("routing", verdict), f"未知的结论 {verdict}（可用：{'、'.join(ORDER)}）")
        if not isinstance(names, list):
            c.fail(("routing", verdict), "流程应为步骤名列表")
        for j, s in enumerate(names):
            if s != RULE_SLOT and s not in steps:
                c.fail(("routing", verdict, j), f"未定义的步骤 {s}")
    for verdict in ORDER:
        if verdict not in routing:
            c.fail(("routing",), f"缺少结论 {verdict} 的流程")
    for t, spec in c.mapping(data.get("masking") or {}, ("masking",), "masking").items():
        c.mapping(spec, ("masking", t), f"脱敏方式 {t}")
        c.keys(spec, ("masking", t), MASK_KEYS)
        for key in ("keep_start", "keep_end"):
            v = spec.get(key, 0)
            if not isinstance(v, int) or isinstance(v, bool) or v < 0:
                c.fail(("masking", t, key), f"{key} 应为非负整数")
        if len(str(spec.get("char", "*"))) != 1:
            c.fail(("masking", t, "char"), "char 应为一个字符")
