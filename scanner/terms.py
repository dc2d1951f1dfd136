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
from collections.abc import Iterable

import ahocorasick

from .model import Hit
from .rules import TermEntry

WINDOW = 8  # characters of context on each side for the boundary check


def _b(s: str) -> str:
    return s.encode("utf-8").decode("latin-1")


class TermMatcher:
    def __init__(self, entries: Iterable[TermEntry], allow_phrases: Iterable[str] = ()) -> None:
        self.entries: dict[str, list[TermEntry]] = {}
        for e in entries:
            self.entries.setdefault(e.term, []).append(e)
        self._auto = ahocorasick.Automaton()
        for term in self.entries:
            self._auto.add_word(_b(term), term)
        # Exception phrases and allowlisted phrases are matched in the same
        # pass: a term match covered by one of them is dropped.
        self._guards: set[str] = set()
        for e in (x for xs in self.entries.values() for x in xs):
            for phrase in e.exceptions:
                self._guard(phrase)
        for phrase in allow_phrases:
            self._guard(phrase)
        if len(self._auto):
            self._auto.make_automaton()
        self._tok = None
        self._tok_lock = threading.Lock()

    def _guard(self, phrase: str) -> None:
        if not phrase:
            return
        key = _b(phrase)
        if key not in self._auto:
            self._auto.add_word(key, "\x00" + phrase)
        self._guards.add(phrase)

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
        spans: list[tuple[int, int, str]] = []
        last_b = 0
        last_c = 0
        for end_b, value in raw:
            end_b += 1
            last_c += len(encoded[last_b:end_b].decode("utf-8", "ignore"))
            last_b = end_b
            word = value[1:] if value.startswith("\x00") else value
            spans.append((last_c - len(word), last_c, value))
        guards = [(s, e) for s, e, v in spans if v.startswith("\x00")]
        hits: list[Hit] = []
        for s, e, term in spans:
            if term.startswith("\x00"):
                continue
            if any(gs <= s and e <= ge for gs, ge in guards):
                continue
            entries = self.entries[term]
            if any(x.boundary for x in entries) and not self._on_boundaries(text, s, e):
                continue
            for entry in entries:
                hits.append(
                    Hit(s, e, f"term.{entry.category}", entry.rule_id, entry.severity, entry.reason,
                        {"action": entry.action} if entry.action else {})
                )
        return hits

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
