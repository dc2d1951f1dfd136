"""baomi train-ner: a small labelled set trains a pipeline that --ner-model then loads."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.main import main
from scanner import Document, ScanOptions, Scanner
from scanner.ner import trained_pipeline
from scanner.ner.train import spans_of

pytestmark = pytest.mark.slow

ROWS = [
    ("信访人张德福反映噪声问题。", [("pii.person", "张德福")]),
    ("投诉人赵海燕家住成都市锦江区春熙路12号。", [("pii.person", "赵海燕"), ("pii.address", "成都市锦江区春熙路12号")]),
    ("当事人李建国住郑州市金水区花园路58号。", [("pii.person", "李建国"), ("pii.address", "郑州市金水区花园路58号")]),
    ("举报人王秀云反映土地问题。", [("pii.person", "王秀云")]),
    ("本办法自发布之日起施行。", []),
    ("来信人孙建设住南京市鼓楼区中山北路101号。", [("pii.person", "孙建设"), ("pii.address", "南京市鼓楼区中山北路101号")]),
]


@pytest.mark.parametrize(
    "text,labels,expected",
    [
        ("张三和张三", [("pii.person", "张三"), ("pii.person", "张三")], ((0, 2, "PERSON"), (3, 5, "PERSON"))),
        ("张三和张三", [("pii.person", "张三")], ((0, 2, "PERSON"),)),
        # the address claims its characters first; the name inside it is not labelled twice
        ("住中山路1号", [("pii.person", "中山"), ("pii.address", "中山路1号")], ((1, 6, "ADDRESS"),)),
        ("无标注", [("marking.classified", "无")], ()),
    ],
)
def test_spans_of(text, labels, expected) -> None:
    assert spans_of(text, labels) == expected


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("train")
    data = d / "mine.jsonl"
    data.write_text(
        "".join(
            json.dumps({"id": f"t{i}", "text": t, "labels": [{"type": a, "text": b} for a, b in labs],
                        "types": ["pii.person", "pii.address"]}, ensure_ascii=False) + "\n"
            for i, (t, labs) in enumerate(ROWS)
        ),
        encoding="utf-8",
    )
    out = d / "model"
    assert main(["train-ner", str(data), "--out", str(out), "--iterations", "30", "--docbin", str(d / "x.spacy")]) == 0
    assert (d / "x.spacy").is_file()
    return out


def test_trained_model_produces_person_and_address_spans(trained: Path) -> None:
    nlp = trained_pipeline(str(trained))
    labels = {e.label_ for text, _ in ROWS for e in nlp(text).ents}
    assert labels and labels <= {"PERSON", "ADDRESS"}


def test_scanner_uses_the_trained_model(trained: Path) -> None:
    s = Scanner(ScanOptions(ner_model=str(trained)))
    report = s.scan(Document.from_text(ROWS[0][0]))
    assert report.engine["ner_model"].startswith("spacy:baomi_ner-0.1.0")
    assert all(f.type.startswith(("pii.", "term.", "marking.")) for f in report.findings)


def test_train_refuses_data_without_labels(tmp_path: Path, capsys) -> None:
    f = tmp_path / "other.jsonl"
    f.write_text(json.dumps({"id": "x", "text": "秘密", "labels": [], "types": ["marking.*"]}) + "\n", encoding="utf-8")
    assert main(["train-ner", str(f), "--out", str(tmp_path / "m")]) == 2
    err = capsys.readouterr().err
    assert "[empty]" in err and "秘密" not in err
