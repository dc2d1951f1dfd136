"""The HTML summary and the takedown CSV: counts, order, charts, and no finding text."""
from __future__ import annotations

import csv
import io

from pipelines.batch.diff import compare
from pipelines.batch.model import Outcome
from pipelines.batch.summary import Summary, bar_chart, needing_action, render_csv, render_html


def rep(verdict, *findings):
    fs = [{"type": t, "severity": s, "text": "机密内容", "fingerprint": fp} for t, s, fp in findings]
    by_sev = {}
    for f in fs:
        by_sev[f["severity"]] = by_sev.get(f["severity"], 0) + 1
    return {"verdict": verdict, "verdict_reason": "理由", "findings": fs, "summary": {"total": len(fs), "by_severity": by_sev}}


OUTS = [
    Outcome("http://x.gov.cn/news/1.html", "page", "new", report=rep("publish_after_redaction", ("pii.phone", "high", "p1"))),
    Outcome("http://x.gov.cn/news/2.html", "page", "new", report=rep("not_publishable", ("marking.classified", "block", "m1"), ("pii.phone", "high", "p2"))),
    Outcome("http://x.gov.cn/zwgk/f.txt", "attachment", "changed", linked_from="http://x.gov.cn/news/1.html",
            report=rep("publish_after_redaction", ("pii.phone", "high", "p3"), ("pii.phone", "high", "p4"))),
    Outcome("http://x.gov.cn/index.html", "page", "unchanged", report=rep("publish")),
    Outcome("http://x.gov.cn/gone.html", "page", "error", error={"code": "fetch", "message": "无法获取网页：HTTP 500"}),
]


def test_worst_first():
    assert [o.name.rsplit("/", 1)[1] for o in needing_action(OUTS)] == ["2.html", "f.txt", "1.html"]


def test_html_is_self_contained_and_counts():
    html = render_html(Summary("保密审查汇总", OUTS, compare(OUTS, {})))
    assert html.startswith("<!doctype html>") and "<script" not in html and "http-equiv" not in html
    assert "<svg" in html and 'src="' not in html and "stylesheet" not in html
    assert "机密内容" not in html  # finding text never goes into the summary
    assert html.index("news/2.html") < html.index("zwgk/f.txt") < html.index("news/1.html")
    assert '<a href="http://x.gov.cn/news/2.html">' in html
    assert "/news" in html and "/zwgk" in html  # the section chart
    assert "<th>需要处理</th><td class=\"n\">3</td>" in html
    assert "<th>新发现</th><td class=\"n\">5</td>" in html  # p1, m1, p2, p3, p4: nothing from a previous run


def test_bar_chart_scales_to_the_largest():
    svg = bar_chart("按类别", [("个人信息", 4), ("敏感词", 2)], width=460)
    # bars share width - 200 (labels) - 60 (numbers) = 200 px
    assert 'width="200"' in svg and 'width="100"' in svg


def test_takedown_csv():
    text = render_csv(OUTS)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0][0] == "网址或路径"
    assert [r[0] for r in rows[1:]] == ["http://x.gov.cn/news/2.html", "http://x.gov.cn/zwgk/f.txt", "http://x.gov.cn/news/1.html"]
    assert rows[1][1] == "不予公开" and rows[1][4] == "2"
    assert rows[2][6] == "http://x.gov.cn/news/1.html"


def test_markings_first_then_personal_data_and_copies_grouped():
    notice = [Outcome(f"http://x.gov.cn/tz/{i}.html", "page", "new",
                      report=rep("not_publishable", ("marking.restricted", "block", "r1"))) for i in range(200)]
    secret = {"type": "marking.classified", "severity": "block", "text": "机密★5年", "fingerprint": "c1",
              "level": "机密", "period": "5年"}
    top = {"type": "marking.classified", "severity": "block", "text": "绝密", "fingerprint": "c2", "level": "绝密"}
    classified = [Outcome(f"http://x.gov.cn/jm/{i}.html", "page", "new",
                          report={**rep("not_publishable"), "findings": [dict(secret, fingerprint=f"c{i}x")]})
                  for i in range(3)]
    topsecret = Outcome("http://x.gov.cn/jm/top.html", "page", "new", report={**rep("not_publishable"), "findings": [top]})
    process = Outcome("http://x.gov.cn/gc/1.html", "page", "new",
                      report=rep("not_publishable", ("term.process_document", "high", "t1"), ("term.process_document", "high", "t2"),
                                 ("marking.restricted", "block", "r9")))
    phone = OUTS[0]
    outs = [phone, *notice, process, *classified, topsecret]
    order = [o.name.rsplit("/", 2)[1] + "/" + o.name.rsplit("/", 1)[1] for o in needing_action(outs)]
    assert order[:4] == ["jm/top.html", "jm/0.html", "jm/1.html", "jm/2.html"]  # 绝密 before 机密
    assert order[-1] == "news/1.html"  # personal data after every marking
    html = render_html(Summary("汇总", outs))
    rows = html.split("<h2>需要处理的页面")[1].split("</table>")[0].split("<tr>")[2:]
    # 200 copies of one notice are one row saying 200; the classified pages come first, naming the marking
    assert len(rows) == 7
    assert "绝密" in rows[0] and "机密★5年" in rows[1]
    notice_row = next(r for r in rows if "tz/0.html" in r)
    assert '<td class="n">200</td>' in notice_row and "tz/5.html" not in notice_row
    # in the main issues the marking is named before the more numerous process-draft terms
    gc = next(r for r in rows if "gc/1.html" in r)
    assert gc.index("内部控制标记") < gc.index("过程稿")
    assert "<p>密级标志 4 个页面，控制标记 201 个页面，个人信息 1 个页面。</p>" in html


def test_run_time_in_local_time():
    html = render_html(Summary("汇总", OUTS, started="2024-05-06T01:30:00+00:00", timezone="Asia/Shanghai"))
    assert "运行时间：2024-05-06 09:30（北京时间）" in html
