"""The review as one self-contained HTML page that doubles as the written 保密审查记录.

The page is opened on machines without Internet access and printed for
signatures, so everything is inline (no fonts, scripts or images fetched)
and the layout is made for A4.  Drafts can contain markup of their own
(``<script>`` in a pasted web page), so every piece of document text goes
through :func:`html.escape` -- there is no other path from a document to
the page.
"""
from __future__ import annotations

import re
from datetime import datetime
from html import escape

from scanner import Finding, Report

from .labels import CHANNELS, FINDING_ACTIONS, KINDS, SEVERITIES, VERDICTS, effective_action, type_label, verdict_reason, where

CONTEXT = 40
LONG = 160  # hidden content covering a whole part: show the start only
ACTIONS = FINDING_ACTIONS
VERDICT_CLASS = {
    "publish": "ok",
    "publish_after_redaction": "warn",
    "on_request_only": "warn",
    "not_publishable": "stop",
    "escalate": "stop",
}
# 文号 as GB/T 9704 writes it: 机关代字〔年份〕序号号 (brackets vary in drafts).
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［(（]\s*(?:19|20)\d{2}\s*[〕\]］)）]\s*\d{1,5}\s*号")
INFO_NUMBER_KEYS = ("doc_number", "文号", "wenhao")

CSS = """
@page { size: A4; margin: 18mm 16mm 18mm 16mm; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "SimSun", sans-serif;
  color: #1a1a1a; margin: 0 auto; max-width: 190mm; padding: 12mm 8mm; font-size: 10.5pt; line-height: 1.6; }
h1 { font-size: 20pt; text-align: center; margin: 0 0 4mm; letter-spacing: 0.2em; }
h2 { font-size: 13pt; border-bottom: 2px solid #333; padding-bottom: 1mm; margin: 8mm 0 3mm; }
h3 { font-size: 11pt; margin: 5mm 0 2mm; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
th { background: #f0f0f0; font-weight: 600; white-space: nowrap; }
.meta th { width: 28mm; }
.verdict { border: 3px solid; border-radius: 3mm; padding: 4mm 6mm; margin: 5mm 0; }
.verdict .big { font-size: 30pt; font-weight: 700; line-height: 1.2; }
.verdict .reason { font-size: 12pt; margin-top: 2mm; }
.verdict.ok { border-color: #2e7d32; color: #1b5e20; background: #f1f8f1; }
.verdict.warn { border-color: #e65100; color: #8a3b00; background: #fff6ee; }
.verdict.stop { border-color: #b71c1c; color: #8e0000; background: #fff0f0; }
ol.chain { list-style: none; padding: 0; margin: 0; counter-reset: step; }
ol.chain li { border: 1px solid #bbb; border-radius: 2mm; padding: 2mm 3mm; margin-bottom: 2mm; page-break-inside: avoid; }
ol.chain .box { display: inline-block; width: 4.5mm; height: 4.5mm; border: 1.5px solid #333; margin-right: 2mm; vertical-align: -0.8mm; }
ol.chain .who { font-weight: 700; }
.basis { color: #555; font-size: 9pt; }
.sign { margin-top: 2mm; color: #333; }
.sign span { display: inline-block; min-width: 42mm; border-bottom: 1px solid #333; margin: 0 3mm 0 1mm; }
.finding { border-left: 4px solid #999; padding: 1.5mm 3mm; margin: 2mm 0; page-break-inside: avoid; }
.finding.block { border-color: #b71c1c; } .finding.high { border-color: #e65100; }
.finding.medium { border-color: #f9a825; } .finding.low, .finding.info { border-color: #90a4ae; }
.finding .head { font-weight: 600; }
.sev { display: inline-block; padding: 0 2mm; border-radius: 1mm; color: #fff; font-size: 9pt; margin-right: 1.5mm; }
.sev.block { background: #b71c1c; } .sev.high { background: #e65100; } .sev.medium { background: #b07d00; }
.sev.low, .sev.info { background: #607d8b; }
.ctx { font-family: inherit; background: #fafafa; border: 1px dashed #ccc; padding: 1mm 2mm; margin: 1mm 0; word-break: break-all; }
mark { background: #ffeb3b; color: #000; font-weight: 700; padding: 0 0.5mm; }
.where { color: #666; font-size: 9pt; font-weight: 400; }
.muted { color: #666; }
.warn-list li { color: #8a3b00; }
.num { text-align: right; }
@media print {
  body { padding: 0; max-width: none; }
  .verdict { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  mark, .sev, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { page-break-after: avoid; }
}
"""


def doc_number(report: Report) -> str | None:
    """文号 from what the reader found, else from the first lines of the body."""
    info = report.document.info or {}
    for key in INFO_NUMBER_KEYS:
        if info.get(key):
            return str(info[key])
    head = "\n".join(p.text[:400] for p in report.document.parts[:8] if not p.flag)
    m = DOC_NUMBER.search(head)
    return m.group(0) if m else None


def _e(s: object) -> str:
    return escape(str(s), quote=True)


def _context(f: Finding, source: str | None) -> str:
    """The matched characters highlighted inside their sentence, escaped piece by piece."""
    if source is None or source[f.start : f.end] != f.text:
        return f"<mark>{_e(f.text[:LONG])}</mark>" + ("…" if len(f.text) > LONG else "")
    if f.end - f.start > LONG:
        return f"<mark>{_e(source[f.start : f.start + LONG])}</mark>…"
    s, e = max(0, f.start - CONTEXT), min(len(source), f.end + CONTEXT)
    pre, hit, post = source[s : f.start], source[f.start : f.end], source[f.end : e]

    def flat(t: str) -> str:
        return _e(t).replace("\n", " ⏎ ").replace("\t", " ")

    return ("…" if s else "") + flat(pre) + f"<mark>{flat(hit)}</mark>" + flat(post) + ("…" if e < len(source) else "")


def _finding(f: Finding, source: str | None, place: str, crop: str | None = None) -> str:
    head = f'<span class="sev {_e(f.severity)}">{_e(SEVERITIES.get(f.severity, f.severity))}</span>{_e(type_label(f.type))}'
    if f.level:
        head += f" {_e(f.level)}" + (f"★{_e(f.period)}" if f.period else "")
    if f.action:
        act = effective_action(f)
        head += f"　<span class=\"muted\">处理：{_e(ACTIONS.get(act, act))}</span>"
    out = [f'<div class="finding {_e(f.severity)}"><div class="head">{head} <span class="where">{_e(place)}</span></div>']
    out.append(f'<div class="ctx">{_context(f, source)}</div>')
    if crop:  # where the finding stands in a picture (pipelines/report/crops.py)
        out.append(f'<div class="crop"><img alt="图片中的位置" style="max-width:100%;border:1px solid #ccc" src="{_e(crop)}"></div>')
    out.append(f"<div>{_e(f.reason)}</div>")
    if f.suppressed:
        s = f.suppressed
        note = f"已确认可接受：{_e(s.get('by', ''))}"
        if s.get("why"):
            note += f"，理由：{_e(s['why'])}"
        if s.get("at"):
            note += f"（{_e(s['at'])}）"
        out.append(f'<div class="muted">{note}</div>')
    out.append("</div>")
    return "".join(out)


def _grouped(report: Report, findings: list[Finding], crops: dict | None = None) -> str:
    parts = {p.id: p for p in report.document.parts}
    groups: dict[str, list[str]] = {}
    for f in findings:
        part = parts.get(f.part)
        kind = part.kind if part else "body"
        place = f"位置：{where(part, f.start) or KINDS.get(kind, kind)}"
        box = f.extra.get("box")
        if isinstance(box, list) and len(box) == 4:  # read from a picture: where on it
            place += f"，图片中位置（像素）左上 {box[0]},{box[1]} 右下 {box[2]},{box[3]}"
        crop = (crops or {}).get((f.part, f.start, f.end, f.type))
        groups.setdefault(kind, []).append(_finding(f, part.text if part else None, place, crop))
    return "".join(
        f"<h3>{_e(KINDS.get(kind, kind))}（{len(items)} 处）</h3>" + "".join(items) for kind, items in groups.items()
    )


def _summary(report: Report) -> str:
    counts: dict[str, dict[str, int]] = {}
    for f in report.active:
        counts.setdefault(f.type, {}).setdefault(f.severity, 0)
        counts[f.type][f.severity] += 1
    sevs = [s for s in SEVERITIES if any(s in row for row in counts.values())]
    if not counts:
        return '<p class="muted">未发现需要处理的内容。</p>'
    head = "<tr><th>类型</th>" + "".join(f"<th>{_e(SEVERITIES[s])}</th>" for s in sevs) + "<th>合计</th></tr>"
    rows = []
    for t in sorted(counts):
        row = counts[t]
        cells = "".join(f'<td class="num">{row.get(s, "")}</td>' for s in sevs)
        rows.append(f"<tr><td>{_e(type_label(t))}</td>{cells}<td class=\"num\">{sum(row.values())}</td></tr>")
    total = "".join(f'<td class="num">{sum(r.get(s, 0) for r in counts.values())}</td>' for s in sevs)
    rows.append(f"<tr><th>合计</th>{total}<th class=\"num\">{len(report.active)}</th></tr>")
    return f"<table>{head}{''.join(rows)}</table>"


def _chain(report: Report) -> str:
    items = []
    for i, step in enumerate(report.routing, 1):
        who = step.get("role_label") or step.get("role", "")
        what = step.get("action_label") or step.get("action", "")
        basis = f'<div class="basis">依据：{_e(step["basis"])}</div>' if step.get("basis") else ""
        items.append(
            f'<li><span class="box"></span><span class="who">{i}. {_e(who)}</span> · {_e(what)}'
            f"<div>{_e(step.get('reason', ''))}</div>{basis}"
            '<div class="sign">签字：<span></span>日期：<span></span></div></li>'
        )
    return f'<ol class="chain">{"".join(items)}</ol>'


def render_html(report: Report, *, now: datetime | None = None, channel_label: str | None = None,
                crops: dict | None = None) -> str:
    """``crops``: pictures of where OCR findings stand, from :func:`pipelines.report.crops.crops`."""
    doc = report.document
    when = (now or datetime.now()).strftime("%Y-%m-%d %H:%M")
    number = doc_number(report)
    verdict = VERDICTS.get(report.verdict, report.verdict)
    active = report.active
    suppressed = [f for f in report.findings if f.suppressed]
    meta = [
        ("文件名称", doc.name),
        ("文件标题", doc.title or "（未识别）"),
        ("文号", number or "（无）"),
        ("文件格式", doc.format),
        ("发布渠道", channel_label or CHANNELS.get(report.channel, report.channel)),
        ("审查时间", when),
        ("文件指纹", f"SHA-256 {doc.sha256[:16]}…"),
        ("规则版本", f"baomi {report.engine.get('version', '')}，词库与策略 {report.engine.get('lexicon_version', '')}"),
    ]
    if report.engine.get("ocr_engine"):
        meta.append(("图片文字识别", f"{report.engine['ocr_engine']}，模型 {report.engine.get('ocr_model', '')}"))
    meta_rows = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in meta)
    warnings = list(doc.warnings) + list(report.warnings)
    warn_html = (
        "<h2>注意事项</h2><ul class=\"warn-list\">" + "".join(f"<li>{_e(w)}</li>" for w in warnings) + "</ul>"
        if warnings
        else ""
    )
    found = _grouped(report, active, crops) if active else '<p class="muted">未发现需要处理的内容。</p>'
    kept = (
        f"<h2>已确认可接受的发现（{len(suppressed)} 处，不计入结论）</h2>" + _grouped(report, suppressed)
        if suppressed
        else ""
    )
    body = f"""
<h1>保密审查记录</h1>
<table class="meta">{meta_rows}</table>
<div class="verdict {VERDICT_CLASS.get(report.verdict, 'warn')}">
  <div>审查结论</div>
  <div class="big">{_e(verdict)}</div>
  <div class="reason">{_e(verdict_reason(report.verdict_reason, len(active)))}</div>
</div>
<h2>审批流程（逐项签字）</h2>
{_chain(report)}
{warn_html}
<h2>发现汇总（{len(active)} 处）</h2>
{_summary(report)}
<h2>发现明细</h2>
{found}
{kept}
<h2>审查意见</h2>
<table class="meta">
<tr><th>审查结论</th><td>{_e(verdict)}：{_e(verdict_reason(report.verdict_reason, len(active)))}</td></tr>
<tr><th>审查人</th><td class="sign">签字：<span></span>日期：<span></span></td></tr>
<tr><th>审批人</th><td class="sign">签字：<span></span>日期：<span></span></td></tr>
</table>
<p class="muted">本记录由 baomi 自动生成，自动审查不能代替人工审查；结论以审批人签署意见为准。</p>
"""
    title = f"保密审查记录 - {doc.title or doc.name}"
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body>{body}</body></html>\n"
    )
