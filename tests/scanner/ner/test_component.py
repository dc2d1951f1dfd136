"""The LAC pipeline's tokenizer and entity reader must agree with spaCy's own views of a doc."""
from __future__ import annotations

import pytest

spacy = pytest.importorskip("spacy")

from spacy.tokens import Doc, Span as SpacySpan  # noqa: E402

from scanner.ner import _entities  # noqa: E402
from scanner.ner.component import CharTokenizer  # noqa: E402


@pytest.mark.parametrize("text", ["举报人 夏雨\n住址：人民路1号", "  前后空格  ", "\t", "", "𠀋字與繁體"])
def test_char_tokenizer_keeps_text_and_offsets(text: str) -> None:
    doc = CharTokenizer(spacy.blank("zh").vocab)(text)
    assert doc.text == text
    assert [t.idx for t in doc] == list(range(len(text)))


@pytest.mark.parametrize(
    "words,ents",
    [
        (list("举报人夏雨住人民路一号"), [(3, 5, "PERSON"), (6, 11, "LOC")]),
        (list("夏雨王海燕"), [(0, 2, "PERSON"), (2, 5, "PERSON")]),  # two entities side by side
        (list("住在中山路"), [(2, 5, "LOC")]),  # an entity that ends the doc
        (["经", "研究", "任命", "欧阳明辉", "同志"], [(3, 4, "PERSON")]),  # multi-character tokens (a trained model)
        (list("没有实体"), []),
    ],
)
def test_entities_read_from_arrays_equal_doc_ents(words: list[str], ents: list[tuple[int, int, str]]) -> None:
    doc = Doc(spacy.blank("zh").vocab, words=words, spaces=[False] * len(words))
    doc.ents = [SpacySpan(doc, s, e, label=label) for s, e, label in ents]
    want = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    assert [(x.start, x.end, x.label) for x in _entities(doc)] == want
    assert len(want) == len(ents)
