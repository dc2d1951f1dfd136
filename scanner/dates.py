"""Dates a document states, read against the day of the review.

A marking declassified on a date (机密★2023年6月9日) or by an event (绝密★启用前 on
an exam paper whose 考试时间 is given) may already be free by the time someone
uploads it; whether it is, only the office that classified it can say, but the
reviewer must be told to ask rather than be told to block or to publish.
Pure: text and the review day in, dates and answers out.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# the day an exam or event the document is for takes place: 考试时间：2024年8月17日 9:00
EVENT_DATE = re.compile(r"(?:考试时间|考试日期|开考时间|笔试时间|考试于|会议时间|活动时间)\s*[:：]?\s*" + _DATE.pattern)


def stated_date(text: str) -> date | None:
    """The first full date written in ``text`` (2023年6月9日), or None when there is none or it is no date."""
    m = _DATE.search(text)
    return _as_date(*m.groups()) if m else None


def event_passed(text: str, today: date) -> bool:
    """Whether the exam or event the document states a date for took place before ``today``."""
    for m in EVENT_DATE.finditer(text):
        d = _as_date(*m.groups())
        if d is not None and d < today:
            return True
    return False


def _as_date(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:  # 2月30日: a typing error, not a date
        return None


# two years: a plan of last year may still be the one being carried out; one whose every date is two
# years old is an archive
STALE = timedelta(days=730)


def long_past(text: str, today: date) -> bool:
    """Every full date the text states lies more than two years before ``today``: the meeting or plan a
    condition (★会议结束后) waits for is long over.  A text with no date, or with one still to come, is not."""
    dates = [d for d in (_as_date(*m.groups()) for m in _DATE.finditer(text)) if d is not None]
    return bool(dates) and max(dates) < today - STALE
