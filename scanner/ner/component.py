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
from spacy.util import filter_spans, registry
from spacy.vocab import Vocab

from .lac import LABELS, LacTagger


@lru_cache(maxsize=1)
def shared_tagger() -> LacTagger:
    return LacTagger()


_WANTED = frozenset(LABELS)


class CharTokenizer:
    """One token per character, like spaCy's ``char`` segmenter, and the text kept.

    spaCy's ``Doc.text`` joins every token again, and the Chinese tokenizer
    realigns every character with the text; with one token per character
    both cost more than tagging does.  Whitespace characters stay tokens of
    their own, so token ``i`` is character ``i`` and every offset is the same.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        doc = Doc(self.vocab, words=list(text), spaces=[False] * len(text))
        doc.user_data["baomi_text"] = text
        return doc


@registry.tokenizers("baomi.char_tokenizer.v1")
def make_char_tokenizer():
    return lambda nlp: CharTokenizer(nlp.vocab)


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
        for doc, tokens in zip(docs, self.tagger.tag([d.user_data.get("baomi_text") or d.text for d in docs], _WANTED)):
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
