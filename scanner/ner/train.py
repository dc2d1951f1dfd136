"""Train or fine-tune a spaCy ``ner`` on an organisation's own labelled paragraphs.

LAC is a general model; an organisation whose documents use names, place
names or layouts it does not know can label a few hundred of its own
paragraphs (the evaluation-set format, person and address labels) and train
a pipeline that ``--ner-model`` loads instead.  The result goes through the
same context rules as LAC, so it only has to find spans, not judge them.

The pipeline is ``spacy.blank("zh")`` with the character segmenter (nothing
to download) and a ``ner`` with labels PERSON and ADDRESS.
"""
from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import BaomiError
from ..labelled import read_labelled

LABELS = {"pii.person": "PERSON", "pii.address": "ADDRESS"}


@dataclass(frozen=True)
class Record:
    """One labelled paragraph: text and character spans with spaCy labels."""

    text: str
    spans: tuple[tuple[int, int, str], ...]


def spans_of(text: str, labels: Iterable[tuple[str, str]]) -> tuple[tuple[int, int, str], ...]:
    """Character spans of labels given as text, in order of occurrence.

    The evaluation set names a label by its characters; a label listed twice
    means two occurrences.  Occurrences overlapping an earlier span are
    skipped so a name inside an address is not labelled twice.
    """
    taken: list[tuple[int, int, str]] = []
    need: dict[tuple[str, str], int] = {}
    for type_, s in labels:
        if type_ in LABELS and s:
            need[(type_, s)] = need.get((type_, s), 0) + 1
    # longer labels first: an address claims its characters before a name inside it
    for (type_, s), count in sorted(need.items(), key=lambda kv: -len(kv[0][1])):
        pos = 0
        while count and (i := text.find(s, pos)) >= 0:
            pos = i + 1
            if any(a < i + len(s) and i < b for a, b, _ in taken):
                continue
            taken.append((i, i + len(s), LABELS[type_]))
            count -= 1
    return tuple(sorted(taken))


def load_records(paths: list[Path]) -> list[Record]:
    def build(raw: dict[str, Any], f: Path, lineno: int) -> Record | None:
        types = raw.get("types") or []
        if types and not any(t in LABELS or t in ("pii.*", "*") for t in types):
            return None  # a case about markings or terms says nothing about names
        labels = [(lab["type"], lab["text"]) for lab in raw.get("labels", [])]
        return Record(raw["text"], spans_of(raw["text"], labels))

    out = list(read_labelled(paths, build, "训练数据"))
    if not out:
        raise BaomiError("empty", "训练数据中没有人名或地址标注的样本")
    return out


def blank_pipeline(base: str | None = None) -> Any:
    import spacy

    if base:
        from . import trained_pipeline

        return trained_pipeline(base)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    ner = nlp.add_pipe("ner")
    for label in LABELS.values():
        ner.add_label(label)
    return nlp


def examples(nlp: Any, records: list[Record]) -> list[Any]:
    from spacy.training import Example

    out = []
    for r in records:
        doc = nlp.make_doc(r.text)
        ents = []
        for s, e, label in r.spans:
            span = doc.char_span(s, e, label=label, alignment_mode="contract")
            if span is not None:
                ents.append((span.start_char, span.end_char, label))
        out.append(Example.from_dict(doc, {"entities": ents}))
    return out


def to_docbin(nlp: Any, records: list[Record], path: Path) -> int:
    """Write the records as a spaCy DocBin (for ``spacy train`` with a config of one's own)."""
    from spacy.tokens import DocBin

    db = DocBin()
    for ex in examples(nlp, records):
        db.add(ex.reference)
    db.to_disk(path)
    return len(db)


def train(
    records: list[Record],
    out: Path,
    *,
    iterations: int = 20,
    base: str | None = None,
    seed: int = 0,
    dropout: float = 0.2,
) -> dict[str, Any]:
    """Train, save to ``out`` and return figures (counts and losses, never text)."""
    from spacy.util import fix_random_seed, minibatch

    fix_random_seed(seed)
    rng = random.Random(seed)
    nlp = blank_pipeline(base)
    exs = examples(nlp, records)
    if base:
        optimizer = nlp.resume_training()
    else:
        optimizer = nlp.initialize(lambda: exs)
    losses_by_iter: list[float] = []
    other = [p for p in nlp.pipe_names if p != "ner"]
    with nlp.select_pipes(disable=other):
        for _ in range(iterations):
            rng.shuffle(exs)
            losses: dict[str, float] = {}
            for batch in minibatch(exs, size=16):
                nlp.update(batch, sgd=optimizer, drop=dropout, losses=losses)
            losses_by_iter.append(round(float(losses.get("ner", 0.0)), 3))
    nlp.meta["name"] = "baomi_ner"
    nlp.meta["version"] = "0.1.0"
    nlp.meta["description"] = "baomi train-ner: PERSON/ADDRESS spans for the context rules"
    out.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    return {
        "records": len(records),
        "spans": sum(len(r.spans) for r in records),
        "iterations": iterations,
        "losses": losses_by_iter,
    }
