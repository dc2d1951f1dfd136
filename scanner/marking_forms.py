"""The grammar of a marking's period and condition (GB/T 9704-2012, 保密法第十五条): numbers written in
digits or Chinese numerals, dates, lengths (10年, 6个月), conditions (★考试结束前, ★项目验收后) and the
numbering a paragraph puts before its own bracketed mark.  Patterns only; ``scanner.markings`` decides where
a level word is a marking."""
from __future__ import annotations

import re

NUM = r"[0-9一二三四五六七八九十百两〇零壹贰叁肆伍陆柒捌玖拾]+"
_CN_D = "〇零一二三四五六七八九"
DATE = (
    r"(?:\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日(?:\s*\d{1,2}\s*[时点](?:\s*\d{1,2}\s*分)?)?)?"
    rf"|[{_CN_D}]{{4}}\s*年\s*[一二三四五六七八九十]{{1,3}}\s*月(?:\s*[一二三四五六七八九十]{{1,3}}\s*日)?"
    r"|\d{4}\s*[-./]\s*\d{1,2}\s*[-./]\s*\d{1,2})"
)
PERIOD = (
    rf"(?:{DATE}\s*(?:以前|之前|前)?\s*(?:解密)?"
    rf"|{NUM}\s*(?:个\s*)?月|{NUM}\s*年(?!\s*\d)|长期|永久|启用前|公布前|发布前"
    rf"|[^\s，。；、,;“”\"()（）]{{1,20}}?(?:后|前)?解密)"
)
# After a star, a condition of any wording that ends in 前 (★考试结束前, ★方案公布前, ★会议开始前).
# ... or in an event's end followed by 后 (★会议结束后, ★项目验收后, ★春节后), and a period that runs from
# it (★巡察工作结束后五年)
CONDITION = (
    r"(?:[\u4e00-\u9fffA-Za-z0-9]{1,12}?(?:前|(?:结束|公布|发布|验收|完成|召开|实施|启用|印发|宣布|揭晓|公开|公告|公示"
    r"|通过|批准|审定|审议|下发|签约|签订|开工|竣工|投产|上市|春节|国庆|元旦|节)后)"
    # an event named by one word, the race or the meeting itself (★赛后一年, ★会后三个月)
    r"|[\u4e00-\u9fff]{0,8}?[赛会考展]后)"
    rf"(?:{NUM}\s*(?:个\s*)?[年月](?!\s*\d))?"
)
# A paragraph's own numbering before a bracketed mark: 二、（机密）, 3. (秘密), （一）（机密）
ENUM_PREFIX = r"\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|\d{1,3}\s*[、.．)]|[(（][一二三四五六七八九十\d]{1,3}[)）])?\s*"
CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {
    "〇": 0, "两": 2, "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9
}


def years_of(period: str) -> float | None:
    """Length of a period in years, or None when it is not a length (长期, 启用前, a date)."""
    m = re.fullmatch(rf"({NUM})\s*(个\s*)?(年|月)", period.strip())
    if not m:
        return None
    n = _number(m.group(1))
    if n is None:
        return None
    return n / 12 if m.group(3) == "月" else float(n)


def _number(s: str) -> int | None:
    if s.isdigit() and s.isascii():
        return int(s)
    s = s.replace("拾", "十")
    if "百" in s:
        hundreds, _, rest = s.partition("百")
        h = CN_DIGITS.get(hundreds) if hundreds else 1
        r = _number(rest.lstrip("零〇")) if rest.strip("零〇") else 0
        return None if h is None or r is None else h * 100 + r
    if "十" in s:
        tens, _, ones = s.partition("十")
        t = CN_DIGITS.get(tens, None) if tens else 1
        o = CN_DIGITS.get(ones, None) if ones else 0
        return None if t is None or o is None else t * 10 + o
    if len(s) == 1 and s in CN_DIGITS:
        return CN_DIGITS[s]
    return None
