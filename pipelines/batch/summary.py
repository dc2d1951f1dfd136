"""The run summary a 保密 officer opens: one self-contained Chinese HTML page, and a CSV of pages to take down.

Self-contained (inline CSS and SVG, no script, no external file) so it can be
mailed or archived with the run.  It names pages and counts findings but
never quotes a finding's text: the summary travels further than the reports.
The one exception is the marking itself (机密★5年, 内部资料): it is what
the officer must act on, and it says nothing the page does not announce.

Order is what must come down first: pages with a classification marking
(绝密 before 机密 before 秘密), then control markings and disclosure
controls, then personal data, then the rest.  Pages with the same findings
(one notice copied to 200 pages) are one row with the number of copies.
"""
from __future__ import annotations

import csv
import io
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from typing import Any

from pipelines.report.labels import VERDICTS, type_label
from scanner.policy import ORDER

from .crawl import section_of
from .diff import Changes
from .masking import MaskGroup
from .model import Outcome

FAMILIES = {"marking": "密级标志与控制标记", "term": "敏感词", "pii": "个人信息", "hidden": "隐藏内容", "media": "未检查的图片"}
SKIPPED = {"robots": "robots.txt 禁止", "offsite": "站外链接", "not_document": "非文档链接（图片、脚本等）", "max_pages": "超出页数上限"}
CHANGE = {"new": "新增", "changed": "有变化", "unchanged": "未变化", "error": "出错"}
BAR = "#b22222"


@dataclass
class Summary:
    title: str
    outcomes: list[Outcome]
    changes: Changes | None = None
    masking: list[MaskGroup] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    started: str = ""
    timezone: str = field(default_factory=lambda: os.environ.get("BAOMI_TIMEZONE", "Asia/Shanghai"))


LEVELS = ("绝密", "机密", "秘密")
# what must come down first, by urgency class
URGENCY = ("密级标志", "控制标记", "个人信息", "其他")


def _active(o: Outcome) -> list[dict[str, Any]]:
    return [f for f in (o.report or {}).get("findings", []) if not f.get("suppressed")]


def marking_name(f: dict[str, Any]) -> str:
    """The marking (机密★5年, 内部资料): the thing to act on, from its level or the vocabulary word of its rule.

    Never the page's own text: the rule's word comes from baomi's lexicon.
    """
    level = f.get("level")
    if level:
        return level + (f"★{f['period']}" if f.get("period") else "")
    rule = str(f.get("rule", ""))
    return rule.split(":", 1)[1][:12] if ":" in rule else type_label(str(f.get("type", "")))


def urgency(o: Outcome) -> tuple[int, int, str]:
    """(class in URGENCY, marking level rank, marking name) of a page."""
    fs = _active(o)
    classified = [f for f in fs if f.get("type") == "marking.classified"]
    if classified:
        best = min(classified, key=lambda f: LEVELS.index(f["level"]) if f.get("level") in LEVELS else len(LEVELS))
        rank = LEVELS.index(best["level"]) if best.get("level") in LEVELS else len(LEVELS)
        return 0, rank, marking_name(best)
    controls = [f for f in fs if f.get("type") in ("marking.restricted", "marking.withheld")
                or (f.get("type", "").startswith("term.disclosure_control") and f.get("severity") == "block")]
    if controls:
        return 1, 0, marking_name(controls[0])
    if any(f.get("type", "").startswith("pii.") and f.get("severity") in ("block", "high") for f in fs):
        return 2, 0, ""
    return 3, 0, ""


def _rank(o: Outcome) -> tuple:
    rep = o.report or {}
    sev = rep.get("summary", {}).get("by_severity", {})
    cls, level, _name = urgency(o)
    return (cls, level, ORDER.index(o.verdict) if o.verdict in ORDER else len(ORDER), -sev.get("block", 0),
            -sev.get("high", 0), -rep.get("summary", {}).get("total", 0), o.name)


def needing_action(outcomes: list[Outcome]) -> list[Outcome]:
    """Pages whose verdict is anything but publish, what must come down first at the top."""
    return sorted((o for o in outcomes if o.verdict and o.verdict != "publish"), key=_rank)


@dataclass
class PageGroup:
    """Pages with the same verdict and the same findings: one notice copied to many pages."""

    first: Outcome
    pages: list[Outcome]


def grouped(outcomes: list[Outcome]) -> list[PageGroup]:
    groups: dict[tuple, PageGroup] = {}
    for o in needing_action(outcomes):
        prints = tuple(sorted(f.get("fingerprint") or f"{f.get('type')}:{f.get('text')}" for f in _active(o)))
        key = (o.verdict, prints) if prints else (o.verdict, o.sha256 or o.name)
        if key in groups:
            groups[key].pages.append(o)
        else:
            groups[key] = PageGroup(o, [o])
    return list(groups.values())


FAMILY_ORDER = ("marking", "pii", "hidden", "term", "media")


def main_issues(o: Outcome, n: int = 3) -> str:
    """The page's main issues, markings first, then personal data, then the rest."""
    types = Counter(f["type"] for f in _active(o))

    def key(item: tuple[str, int]) -> tuple:
        t, count = item
        fam = t.split(".", 1)[0]
        return (FAMILY_ORDER.index(fam) if fam in FAMILY_ORDER else len(FAMILY_ORDER), -count, t)

    return "、".join(f"{type_label(t)}×{c}" for t, c in sorted(types.items(), key=key)[:n])


def local_time(value: str, tz: str) -> str:
    """An ISO time as 'YYYY-MM-DD HH:MM' in the unit's zone; anything else as given."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        when = datetime.fromisoformat(value)
        zone = ZoneInfo(tz)
    except (ValueError, ZoneInfoNotFoundError):
        return value
    if when.tzinfo is None:
        return when.strftime("%Y-%m-%d %H:%M")
    label = "北京时间" if tz == "Asia/Shanghai" else tz
    return when.astimezone(zone).strftime("%Y-%m-%d %H:%M") + f"（{label}）"


def family(type_: str) -> str:
    return FAMILIES.get(type_.split(".", 1)[0], type_)


def counts(outcomes: list[Outcome]) -> dict[str, Counter]:
    by_family: Counter = Counter()
    by_type: Counter = Counter()
    by_section: Counter = Counter()
    verdicts: Counter = Counter()
    for o in outcomes:
        if o.verdict:
            verdicts[o.verdict] += 1
        for f in _active(o):
            by_family[family(f["type"])] += 1
            by_type[f["type"]] += 1
            by_section[section_of(o.name) or "（本地文件）"] += 1
    return {"family": by_family, "type": by_type, "section": by_section, "verdict": verdicts}


def bar_chart(title: str, data: list[tuple[str, int]], width: int = 560) -> str:
    """A horizontal bar chart as inline SVG; labels are escaped page-section or category names."""
    if not data:
        return f"<p>{escape(title)}：无</p>"
    row, label_w = 24, 200
    top = max(n for _, n in data) or 1
    h = row * len(data) + 30
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{h}" role="img" aria-label="{escape(title)}">',
           f'<text x="0" y="16" font-size="14" font-weight="bold">{escape(title)}</text>']
    for i, (label, n) in enumerate(data):
        y = 28 + i * row
        w = max(1, int((width - label_w - 60) * n / top))
        out.append(f'<text x="{label_w - 6}" y="{y + 15}" font-size="12" text-anchor="end">{escape(label[:28])}</text>')
        out.append(f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row - 8}" fill="{BAR}"/>')
        out.append(f'<text x="{label_w + w + 4}" y="{y + 15}" font-size="12">{n}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _link(name: str) -> str:
    href = name if "://" in name else "file://" + name
    return f'<a href="{escape(href, quote=True)}">{escape(name)}</a>'


CSS = """body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;font-size:14px}
th{background:#f3f3f3}.n{text-align:right}h1{font-size:22px}h2{font-size:18px;margin-top:1.6em}.warn{color:#b22222}"""


def render_html(s: Summary, limit: int = 200) -> str:
    c = counts(s.outcomes)
    scanned = [o for o in s.outcomes if o.report]
    errors = [o for o in s.outcomes if o.error]
    act = needing_action(s.outcomes)
    h: list[str] = [f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{escape(s.title)}</title><style>{CSS}</style></head><body>']
    h.append(f"<h1>{escape(s.title)}</h1>")
    if s.started:
        h.append(f"<p>运行时间：{escape(local_time(s.started, s.timezone))}</p>")
    h.append("<table>")
    for label, n in (("页面和附件", len(s.outcomes)), ("已审查", len(scanned)), ("需要处理", len(act)), ("无法获取或读取", len(errors))):
        h.append(f'<tr><th>{label}</th><td class="n">{n}</td></tr>')
    h.append("</table>")
    h.append("<h2>审查结论</h2><table><tr><th>结论</th><th>页面数</th></tr>")
    for v in ORDER:
        if c["verdict"].get(v):
            h.append(f'<tr><td>{VERDICTS[v]}</td><td class="n">{c["verdict"][v]}</td></tr>')
    h.append("</table>")
    if s.changes is not None:
        ch = s.changes
        h.append("<h2>与上次运行相比</h2><table>")
        for k, label in CHANGE.items():
            h.append(f'<tr><th>{label}页面</th><td class="n">{ch.pages.get(k, 0)}</td></tr>')
        for label, n in (("新发现", len(ch.new)), ("已整改", len(ch.fixed)), ("仍未整改", len(ch.still_open)), ("已确认可接受", len(ch.suppressed))):
            h.append(f'<tr><th>{label}</th><td class="n">{n}</td></tr>')
        h.append("</table>")
    h.append("<h2>发现分布</h2>")
    h.append(bar_chart("按类别", c["family"].most_common()))
    h.append(bar_chart("按栏目", c["section"].most_common(15)))
    if c["type"]:
        h.append("<table><tr><th>类型</th><th>数量</th></tr>")
        h.extend(f'<tr><td>{escape(type_label(t))}</td><td class="n">{n}</td></tr>' for t, n in c["type"].most_common())
        h.append("</table>")
    groups = grouped(s.outcomes)
    h.append(f"<h2>需要处理的页面（先下线带密级标志和控制标记的，再处理个人信息；相同内容合并，前 {limit} 组）</h2>")
    if act:
        by_class = Counter(URGENCY[urgency(g.first)[0]] for g in groups for _ in g.pages)
        h.append("<p>" + "，".join(f"{k} {by_class[k]} 个页面" for k in URGENCY if by_class.get(k)) + "。</p>")
        h.append("<table><tr><th>类别</th><th>标志</th><th>页面</th><th>相同内容页面数</th><th>结论</th><th>发现</th>"
                 "<th>主要问题</th><th>来源页面</th></tr>")
        for g in groups[:limit]:
            o = g.first
            cls, _level, mark = urgency(o)
            pages = "<br>".join(_link(p.name) for p in g.pages[:5]) + ("<br>……" if len(g.pages) > 5 else "")
            src = _link(o.linked_from) if o.linked_from else ""
            h.append(f'<tr><td>{URGENCY[cls]}</td><td class="warn">{escape(mark)}</td><td>{pages}</td>'
                     f'<td class="n">{len(g.pages)}</td><td class="warn">{VERDICTS.get(o.verdict or "", "")}</td>'
                     f'<td class="n">{len(_active(o))}</td><td>{escape(main_issues(o))}</td><td>{src}</td></tr>')
        h.append("</table>")
    else:
        h.append("<p>没有需要处理的页面。</p>")
    if s.masking:
        h.append("<h2>脱敏方式不一致（可拼合还原）</h2><p>同一号码在不同页面遮盖的位置不同，合起来可以还原更多位数。请统一脱敏方式。</p>")
        h.append("<table><tr><th>类型</th><th>各处显示</th><th>合计可见位数</th><th>页面</th></tr>")
        for g in s.masking:
            pages = "<br>".join(_link(p) for p in g.pages[:10])
            mark = "（已可完整还原）" if g.complete else ""
            h.append(f'<tr><td>{escape(type_label(g.type))}</td><td>{"<br>".join(escape(f) for f in g.forms)}</td><td class="warn">{g.revealed}/{g.length}{mark}</td><td>{pages}</td></tr>')
        h.append("</table>")
    if errors:
        h.append("<h2>无法获取或读取的页面</h2><table><tr><th>页面</th><th>错误</th><th>说明</th></tr>")
        for o in errors[:limit]:
            err = o.error or {}
            h.append(f'<tr><td>{_link(o.name)}</td><td>{escape(str(err.get("code", "")))}</td><td>{escape(str(err.get("message", "")))}</td></tr>')
        h.append("</table>")
    if any(s.skipped.values()):
        h.append("<h2>未抓取的链接</h2><table>")
        h.extend(f'<tr><th>{escape(SKIPPED.get(k, k))}</th><td class="n">{n}</td></tr>' for k, n in sorted(s.skipped.items()) if n)
        h.append("</table>")
    h.append("</body></html>")
    return "\n".join(h)


CSV_HEAD = ["网址或路径", "审查结论", "结论代码", "理由", "发现数", "主要问题", "来源页面", "与上次相比", "类别", "标志"]


def render_csv(outcomes: list[Outcome]) -> str:
    """Pages to take down (any verdict but publish), worst first; UTF-8 with BOM so Excel opens it."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(CSV_HEAD)
    for o in needing_action(outcomes):
        rep = o.report or {}
        cls, _level, mark = urgency(o)
        w.writerow([o.name, VERDICTS.get(o.verdict or "", ""), o.verdict, rep.get("verdict_reason", ""), len(_active(o)),
                    main_issues(o), o.linked_from or "", CHANGE.get(o.status, o.status), URGENCY[cls], mark])
    return "\ufeff" + buf.getvalue()
