"""Stated dates against the day of the review: a marking or an exam whose day is over is asked about."""
from datetime import date

import pytest

from scanner import Scanner, ScanOptions
from scanner.dates import event_passed, stated_date

REVIEW_DAY = date(2026, 11, 29)


def test_a_stated_date_is_read_and_an_impossible_one_is_none():
    assert stated_date("2023年6月9日") == date(2023, 6, 9)
    assert stated_date("2023 年 6 月 9 日前") == date(2023, 6, 9)
    assert stated_date("2023年2月30日") is None
    assert stated_date("考试结束前") is None


def test_a_text_is_long_past_when_every_date_it_states_is_over_a_year_old():
    from scanner.dates import long_past
    assert long_past("2017年2月22日至2月28日", REVIEW_DAY)
    assert not long_past("2017年2月22日印发，2026年12月1日起施行", REVIEW_DAY)
    assert not long_past("会议结束后解密", REVIEW_DAY)
    assert not long_past("2025年3月10日印发", REVIEW_DAY)  # last year's plan may still be running


def test_an_exam_date_passes_only_before_the_review_day():
    assert event_passed("考试时间:2024年8月17日9:00", REVIEW_DAY)
    assert not event_passed("考试时间:2027年8月17日9:00", REVIEW_DAY)
    assert not event_passed("报名时间:2024年8月17日", REVIEW_DAY)  # not the day the paper is for


@pytest.fixture(scope="module")
def sc():
    return Scanner(ScanOptions(ner=False, today=REVIEW_DAY))


@pytest.mark.parametrize("text,verdict,by", [
    ("机密★2023年6月9日\n关于某事项的通知\n各单位：", "escalate", "passed_date_marking"),
    ("机密★2027年6月9日\n关于某事项的通知\n各单位：", "not_publishable", "classified_marking"),
    # a condition waiting for an event of 2017: every date the plan states is long over
    ("秘密★会议结束后\n“两会”期间保供电工作方案\n一、保供电时间\n2017年2月22日8时至2月28日18时。",
     "escalate", "stale_condition_marking"),
    ("秘密★会议结束后\n“两会”期间保供电工作方案\n一、保供电时间\n2026年12月22日8时至12月28日18时。",
     "not_publishable", "classified_marking"),
    ("绝密★启用前\n2024年公开招聘笔试试卷\n考试时间：2024年8月17日 9:00—11:00\n一、单项选择题",
     "escalate", "stale_condition_marking"),
    ("绝密★启用前\n2027年公开招聘笔试试卷\n考试时间：2027年8月17日 9:00—11:00\n一、单项选择题",
     "not_publishable", "classified_marking"),
])
def test_a_marking_whose_day_is_over_goes_to_the_classifying_office(sc, text, verdict, by):
    r = sc.scan_text(text)
    assert r.verdict == verdict
    assert [f.decided_by for f in r.findings if f.type == "marking.classified"] == [by]
