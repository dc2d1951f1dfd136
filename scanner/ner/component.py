"""LAC as a spaCy pipeline component (factory ``baomi_lac``).

spaCy feeds components batches of docs through ``pipe``; this one hands the
whole batch to :class:`LacTagger` so the sentences of all parts share
encoder calls, then writes PERSON, LOC and ORG spans into ``doc.ents``.
The tagger is built once per process and shared by every pipeline.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from .lac import LABELS, LacTagger


@lru_cache(maxsize=1)
def shared_tagger() -> LacTagger:
    return LacTagger()


class LacEntities:
    def __init__(self, tagger: LacTagger) -> None:
        self.tagger = tagger

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._tag(batch)
                batch = []
        if batch:
            yield from self._tag(batch)

    def _tag(self, docs: list[Doc]) -> list[Doc]:
        for doc, tokens in zip(docs, self.tagger.tag([d.text for d in docs])):
            spans = []
            for t in tokens:
                label = LABELS.get(t.tag)
                if label:
                    span = doc.char_span(t.start, t.end, label=label, alignment_mode="expand")
                    if span is not None:
                        spans.append(span)
            doc.ents = filter_spans(spans)
        return docs


@Language.factory("baomi_lac")
def make_lac(nlp: Language, name: str) -> LacEntities:
    return LacEntities(shared_tagger())
