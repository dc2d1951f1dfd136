"""The span indexes answer exactly what a scan of the whole list answers."""
from __future__ import annotations

import random
import re

from scanner.model import Hit
from scanner.ner.intervals import HitIndex, Intervals, Points, Sentences


def test_hand_cases() -> None:
    ix = Intervals([(10, 20), (0, 3), (15, 16)])
    assert ix.overlaps(19, 25) and not ix.overlaps(20, 25)  # half-open: [10, 20) ends before 20
    assert ix.overlaps(2, 4) and not ix.overlaps(3, 10)
    assert ix.covers(12, 20) and not ix.covers(12, 21)
    assert ix.strictly_covers(15, 16)  # [10, 20) holds it
    assert not ix.strictly_covers(10, 20)  # only itself
    assert ix.inside(9, 16) and not ix.inside(11, 15)  # [15, 16) lies in [9, 16); nothing lies in [11, 15)
    ix.add(5, 8)  # out of order
    assert ix.covers(6, 7) and ix.starts == [0, 5, 10, 15]
    ix.add(30, 31)
    assert ix.overlaps(30, 40) and not ix.overlaps(21, 30)


def test_same_answers_as_a_scan() -> None:
    rnd = random.Random(5)
    for _ in range(200):
        spans = [(a, a + rnd.randint(0, 8)) for a in (rnd.randint(0, 60) for _ in range(rnd.randint(0, 12)))]
        ix = Intervals(spans[: len(spans) // 2])
        for s, e in spans[len(spans) // 2 :]:
            ix.add(s, e)
        for _ in range(20):
            s = rnd.randint(0, 70)
            e = s + rnd.randint(0, 10)
            assert ix.overlaps(s, e) == any(a < e and s < b for a, b in spans)
            assert ix.covers(s, e) == any(a <= s and e <= b for a, b in spans)
            assert ix.strictly_covers(s, e) == any(a <= s and e <= b and (a, b) != (s, e) for a, b in spans)
            assert ix.inside(s, e) == any(s <= a and b <= e for a, b in spans)


def test_points_and_nearby_hits_in_list_order() -> None:
    p = Points([7, 3, 12])
    assert p.any_between(4, 7) and not p.any_between(8, 11) and p.any_between(12, 12)
    hits = [Hit(30, 32, "b", "x"), Hit(20, 22, "a", "y"), Hit(5, 9, "c", "z"), Hit(9, 10, "d", "w")]
    # a name at [10, 12): starts in [12, 12 + 20] or ends in [10 - 5, 10]
    assert HitIndex(hits).near(10, 12, before=5, after=20) == [0, 1, 2, 3]
    # ends in [10, 10] only: [5, 9) is out, [9, 10) is in; starts in [12, 22]: [20, 22) is in, [30, 32) out
    assert HitIndex(hits).near(10, 12, before=0, after=10) == [1, 3]


def test_sentence_bounds() -> None:
    text = "甲说。乙说；丙\n丁"
    s = Sentences(text, re.compile(r"[。；\n]"))
    assert s.around(3, 4) == (3, 5)  # 乙 stands between 。 (2) and ； (5)
    assert s.around(0, 1) == (0, 2)
    assert s.around(8, 9) == (8, 9)  # the last sentence runs to the end
