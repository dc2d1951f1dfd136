"""The review as a person reads it in a terminal: verdict, findings in context, routing."""
from __future__ import annotations

from scanner import Report
from scanner.errors import printable

from .labels import (DISPOSITIONS, FINDING_ACTIONS, SEVERITIES, VERDICTS, effective_action, reading_line, type_label,
                     verdict_reason, where)

RED, YEL, DIM, BOLD, OFF = "\033[31m", "\033[33m", "\033[2m", "\033[1m", "\033[0m"


def render_text(report: Report, color: bool = False) -> str:
    def c(code: str, s: str) -> str:
        return f"{code}{s}{OFF}" if color else s

    doc = report.document
    parts = {p.id: p for p in doc.parts}
    active = report.active
    lines = [c(BOLD, f"== {printable(doc.name)}  [{doc.format}]"), f"审查结论：{c(BOLD, VERDICTS[report.verdict])}"]
    if report.verdict_reason:
        lines.append(f"理由：{verdict_reason(report.verdict_reason, len(active))}")
    if report.reading is not None:
        lines.append(c(DIM, reading_line(report.reading)))
    if active:
        lines.append(f"发现 {len(active)} 处：")
    for i, f in enumerate(active, 1):
        part = parts.get(f.part)
        place = where(part, f.start) or f.part
        if isinstance(f.extra.get("box"), list):  # read from a picture (OCR): where on it
            place += "，图中位置（像素）" + ",".join(str(v) for v in f.extra["box"])
        src = part.text if part else f.context
        pre = src[max(0, f.start - 15) : f.start].replace("\n", " ")
        post = src[f.end : f.end + 15].replace("\n", " ")
        mark = c(RED if f.severity in ("block", "high") else YEL, f"【{f.text}】")
        head = f"  {i}. [{SEVERITIES[f.severity]}] {type_label(f.type)}"
        if f.level:
            head += f" {f.level}" + (f"★{f.period}" if f.period else "")
        action = FINDING_ACTIONS.get(effective_action(f), "")
        judged = DISPOSITIONS.get(f.disposition, "")
        lines.append(f"{head}  （{place}）" + (f"  判定：{judged}" if judged else "") + (f"  处理：{action}" if action else ""))
        if f.type.startswith(("hidden.", "media.")) and len(f.text) > 40:
            lines.append(f"     {c(DIM, f.text[:40].replace(chr(10), ' '))}…")
        else:
            lines.append(f"     …{pre}{mark}{post}…")
        lines.append(f"     {c(DIM, f.reason)}")
    suppressed = len(report.findings) - len(active)
    if suppressed:
        lines.append(c(DIM, f"已确认可接受（不计入结论）：{suppressed} 处"))
    summary = report.summary()
    if summary["by_type"]:
        lines.append("汇总：" + "，".join(f"{type_label(t)} {n}" for t, n in sorted(summary["by_type"].items())))
    lines.append("审批流程：")
    for j, step in enumerate(report.routing, 1):
        who = f"{step.get('role_label') or step['role']} · {step.get('action_label') or step['action']}"
        lines.append(f"  {j}. [ ] {who}：{step.get('reason', '')}")
        if step.get("basis"):
            lines.append(f"     {c(DIM, '依据：' + step['basis'])}")
    for w in report.to_dict().get("warnings", []):
        lines.append(c(YEL, f"注意：{w}"))
    return "\n".join(lines)
