"""Sensitive-term matching: Aho-Corasick over UTF-8 bytes, then word boundaries.

pyahocorasick over Unicode strings fans every node out over the whole CJK
alphabet and crawls (about 0.3 M chars/s at 10,000 terms).  Over a byte
alphabet it is some fifty times faster, so terms and text are both fed as
UTF-8 bytes spelled as latin-1 strings.  UTF-8 is self-synchronising, so a
match of a whole encoded term always starts and ends on character
boundaries; byte offsets are turned back into character offsets only for
the (rare) matches.

A term that matched may still sit inside an unrelated word (拟任 in
草拟任务).  For those terms a small window around the match is segmented
with jieba, whose dictionary knows every lexicon term, and the match is kept
only if it starts and ends on word boundaries.
"""
from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

import ahocorasick

from .model import SEVERITY_RANK, Hit
from .normalize import normalize
from .rules import TermEntry

WINDOW = 8  # characters of context on each side for the boundary check


def _b(s: str) -> str:
    return s.encode("utf-8").decode("latin-1")


class TermMatcher:
    def __init__(self, entries: Iterable[TermEntry], allow_phrases: Iterable[str] = ()) -> None:
        # Keys are normalised like the text they are matched against, so a
        # user lexicon may spell a term in traditional or full-width forms.
        self.entries: dict[str, list[TermEntry]] = {}
        for e in entries:
            self.entries.setdefault(normalize(e.term).text, []).append(e)
        # Exception phrases and allowlisted phrases are matched in the same
        # pass.  An allowlisted phrase covers every term inside it; an
        # exception covers only the term that lists it, because a phrase may
        # be one term's exception and a term of its own (此件不予公开).
        self._allow: set[str] = {normalize(p).text for p in allow_phrases if p}
        self._except: dict[str, frozenset[str]] = {
            term: frozenset(normalize(p).text for e in es for p in e.exceptions if p) for term, es in self.entries.items()
        }
        guards = self._allow.union(*self._except.values())
        self._longest_guard = max(map(len, guards), default=0)
        self._auto = ahocorasick.Automaton()
        for word in set(self.entries) | guards:
            self._auto.add_word(_b(word), (word, word in self.entries, word in guards))
        if len(self._auto):
            self._auto.make_automaton()
        self._tok = None
        self._tok_lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.entries)

    def find(self, text: str) -> list[Hit]:
        if not self.entries:
            return []
        raw = []
        for end_b, value in self._auto.iter(_b(text)):
            raw.append((end_b, value))
        if not raw:
            return []
        # byte end offsets -> character offsets, one decode per gap
        encoded = text.encode("utf-8")
        raw.sort(key=lambda x: x[0])
        spans: list[tuple[int, int, str, bool, bool]] = []
        last_b = 0
        last_c = 0
        for end_b, value in raw:
            end_b += 1
            last_c += len(encoded[last_b:end_b].decode("utf-8", "ignore"))
            last_b = end_b
            word, is_term, is_guard = value
            spans.append((last_c - len(word), last_c, word, is_term, is_guard))
        # Guards by start: a guard holding [s, e) starts at most the longest guard's length
        # before e, so each hit looks at the few guards in that window, not at all of them.
        guards = sorted((s, e, w) for s, e, w, _, g in spans if g)
        guard_starts = [g[0] for g in guards]
        present: dict[str, bool] = {}  # each public_when phrase is looked for in the text once, not once per hit

        def in_text(phrase: str) -> bool:
            if phrase not in present:
                present[phrase] = phrase in text
            return present[phrase]

        hits: list[Hit] = []
        for s, e, term, is_term, _ in spans:
            if not is_term:
                continue
            own = self._except[term]
            if guards and self._guarded(guards, guard_starts, s, e, own):
                continue
            entries = self.entries[term]
            if any(x.boundary for x in entries) and not self._on_boundaries(text, s, e):
                continue
            for entry in entries:
                public = next((p for p in entry.public_when if in_text(p)), None)
                if public:
                    hits.append(Hit(s, e, f"term.{entry.category}", entry.rule_id, "info",
                                    f"{entry.reason}本文是“{public}”，属于依规公开的信息，可以保留。",
                                    {"action": "confirm", "public_when": public}))
                    continue
                ms, me = s, e
                if entry.mark and (at := term.find(entry.mark)) >= 0:
                    ms, me = s + at, s + at + len(entry.mark)
                hits.append(
                    Hit(ms, me, f"term.{entry.category}", entry.rule_id, entry.severity, entry.reason,
                        {"action": entry.action} if entry.action else {})
                )
        return _drop_nested(_strongest_per_span(hits))

    def _guarded(self, guards: list[tuple[int, int, str]], starts: list[int], s: int, e: int, own: frozenset[str]) -> bool:
        """Whether an allowlisted phrase or one of the term's own exceptions holds ``[s, e)``."""
        for k in range(bisect_left(starts, e - self._longest_guard), bisect_right(starts, s)):
            gs, ge, w = guards[k]
            if e <= ge and (w in self._allow or w in own):
                return True
        return False

    # -- word boundaries -------------------------------------------------
    def _tokenizer(self):
        with self._tok_lock:
            if self._tok is None:
                import logging

                import jieba

                jieba.setLogLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                tok.initialize()
                for term in self.entries:
                    tok.add_word(term, freq=max(tok.suggest_freq(term, tune=False), 1000))
                self._tok = tok
            return self._tok

    def _on_boundaries(self, text: str, s: int, e: int) -> bool:
        lo = max(0, s - WINDOW)
        hi = min(len(text), e + WINDOW)
        window = text[lo:hi]
        cuts = {0}
        pos = 0
        for word in self._tokenizer().cut(window, HMM=False):
            pos += len(word)
            cuts.add(pos)
        return (s - lo) in cuts and (e - lo) in cuts


def _strongest_per_span(hits: list[Hit]) -> list[Hit]:
    """One hit per category and span: a marked term (密电 of 密电要求) and the plain term 密电 select
    the same words, and the stronger reading of them stands."""
    best: dict[tuple[str, int, int], Hit] = {}
    for h in hits:
        key = (h.type, h.start, h.end)
        o = best.get(key)
        if o is None or SEVERITY_RANK.get(h.severity or "medium", 2) < SEVERITY_RANK.get(o.severity or "medium", 2):
            best[key] = h
    return list(best.values()) if len(best) < len(hits) else hits


def _drop_nested(hits: list[Hit]) -> list[Hit]:
    """A term inside a longer term of the same category says nothing new (会议纪要 in 党组会议纪要).

    One sweep per category over hits sorted by start (longest first), so a
    long document with many hits stays linear after the sort.
    """
    if len(hits) < 2:
        return hits
    by_type: dict[str, list[Hit]] = {}
    for h in hits:
        by_type.setdefault(h.type, []).append(h)
    keep: list[Hit] = []
    for group in by_type.values():
        group.sort(key=lambda h: (h.start, -h.end))
        reach = -1  # furthest end of the kept hits seen so far
        span, before = None, -1
        for h in group:
            if (h.start, h.end) != span:
                span, before = (h.start, h.end), reach  # identical spans do not cover each other
            if before >= h.end:
                continue
            keep.append(h)
            reach = max(reach, h.end)
    keep.sort(key=lambda h: (h.start, h.end))
    return keep
