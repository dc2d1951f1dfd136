"""Where the context rules ask "is there a span here?": sorted starts and bisect, not a scan of every span.

The rules ask, for each name or place, whether another span overlaps it,
holds it, lies inside it or stands within a few characters of it, and which
sentence it stands in.  Asked of a list, each question costs the length of
the list, so a long part with many names cost the square of its length
(900 k characters took 94 s).  Asked of these indexes, each costs a bisect
plus the few spans near the point asked about.  The answers are the same:
the indexes hold exactly the spans the lists held.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate
from typing import Any


class Intervals:
    """Half-open ``(start, end)`` spans sorted by start, with the running maximum of their ends.

    ``reach[k]`` is the furthest end among the first ``k + 1`` spans, so
    "does any span that starts before ``e`` end after ``s``" is one bisect.
    Spans may be added later; added in start order they cost nothing more.
    """

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        pairs = sorted(spans)
        self.starts = [a for a, _ in pairs]
        self.ends = [b for _, b in pairs]
        self.reach = list(accumulate(self.ends, max))

    @classmethod
    def of(cls, spans: Iterable[Any]) -> "Intervals":
        """From objects with ``.start`` and ``.end`` (spans, hits)."""
        return cls((x.start, x.end) for x in spans)

    def __len__(self) -> int:
        return len(self.starts)

    def add(self, s: int, e: int) -> None:
        if not self.starts or s >= self.starts[-1]:
            self.starts.append(s)
            self.ends.append(e)
            self.reach.append(max(self.reach[-1], e) if self.reach else e)
            return
        k = bisect_right(self.starts, s)  # out of order: insert and redo the running maximum after it
        self.starts.insert(k, s)
        self.ends.insert(k, e)
        self.reach.insert(k, 0)
        for j in range(k, len(self.starts)):
            self.reach[j] = max(self.reach[j - 1], self.ends[j]) if j else self.ends[j]

    def overlaps(self, s: int, e: int) -> bool:
        """Some span ``x`` with ``x.start < e and s < x.end``."""
        k = bisect_left(self.starts, e)
        return k > 0 and self.reach[k - 1] > s

    def covers(self, s: int, e: int) -> bool:
        """Some span ``x`` with ``x.start <= s and e <= x.end``."""
        k = bisect_right(self.starts, s)
        return k > 0 and self.reach[k - 1] >= e

    def strictly_covers(self, s: int, e: int) -> bool:
        """Some span that covers ``[s, e)`` and is not ``[s, e)`` itself."""
        lo = bisect_left(self.starts, s)
        if lo > 0 and self.reach[lo - 1] >= e:  # starts before s
            return True
        hi = bisect_right(self.starts, s, lo)
        return any(self.ends[k] > e for k in range(lo, hi))  # starts at s, ends after e

    def inside(self, s: int, e: int) -> bool:
        """Some span ``x`` with ``s <= x.start and x.end <= e``."""
        for k in range(bisect_left(self.starts, s), len(self.starts)):
            if self.starts[k] > e:
                return False
            if self.ends[k] <= e:
                return True
        return False


class Points:
    """Sorted positions: is there one in ``[lo, hi]``?"""

    def __init__(self, points: Iterable[int]) -> None:
        self.points = sorted(points)

    def any_between(self, lo: int, hi: int) -> bool:
        k = bisect_left(self.points, lo)
        return k < len(self.points) and self.points[k] <= hi


class HitIndex:
    """Other detectors' hits by start and by end, each with its place in the list it came from.

    A rule takes the first hit in list order that stands within its reach of
    a name; the index finds the hits within reach and keeps the first.
    """

    def __init__(self, hits: Sequence[Any]) -> None:
        self.hits = hits
        by_start = sorted((h.start, i) for i, h in enumerate(hits))
        by_end = sorted((h.end, i) for i, h in enumerate(hits))
        self._starts = [p for p, _ in by_start]
        self._start_ix = [i for _, i in by_start]
        self._ends = [p for p, _ in by_end]
        self._end_ix = [i for _, i in by_end]

    def near(self, s: int, e: int, before: int, after: int) -> list[int]:
        """List indices, in list order, of hits starting in ``[e, e + after]`` or ending in ``[s - before, s]``."""
        out = set(self._start_ix[bisect_left(self._starts, e) : bisect_right(self._starts, e + after)])
        out.update(self._end_ix[bisect_left(self._ends, s - before) : bisect_right(self._ends, s)])
        return sorted(out)


class Sentences:
    """Sentence bounds of one text from one pass over it, instead of a scan from the start per name."""

    def __init__(self, text: str, end: re.Pattern[str]) -> None:
        self.length = len(text)
        self.ends = [m.start() for m in end.finditer(text)]  # the pattern matches one character

    def around(self, s: int, e: int) -> tuple[int, int]:
        """``(lo, hi)``: after the last sentence end before ``s``, up to the first at or after ``e``."""
        k = bisect_left(self.ends, s)
        lo = self.ends[k - 1] + 1 if k else 0
        j = bisect_left(self.ends, e)
        return lo, (self.ends[j] if j < len(self.ends) else self.length)


__all__ = ["Intervals", "Points", "HitIndex", "Sentences"]
