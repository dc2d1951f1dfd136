"""``baomi baseline create`` and ``scan --baseline``: accepted findings stay accepted through edits, new ones show."""
from __future__ import annotations

import json
import re

import pytest
import yaml

from cli.main import main
from scanner.model import Hit, fingerprint

MOBILE = re.compile(r"1[3-9]\d{9}")
DRAFT = "关于值班安排的通知\n值班电话：13812345678\n请各科室按时到岗。\n"


@pytest.fixture(autouse=True)
def fixed_pii(monkeypatch):
    monkeypatch.setattr("scanner.scanner.find_pii", lambda text: [
        Hit(m.start(), m.end(), "pii.phone", "test.mobile") for m in MOBILE.finditer(text)
    ])


def create(capsys, tmp_path, *paths, by="王科长", why="单位值班电话，可以公开", choose=("--all",)):
    out = tmp_path / "baseline.yaml"
    code = main(["baseline", "create", *map(str, paths), "--out", str(out), "--by", by, "--why", why, "--no-ner", *choose])
    capsys.readouterr()
    return code, out


def scan_json(capsys, path, *extra) -> tuple[int, dict]:
    code = main(["scan", "--no-ner", "--format", "json", str(path), *extra])
    out, _ = capsys.readouterr()
    return code, json.loads(out)


def test_baseline_file_holds_fingerprints_not_text(tmp_path, capsys):
    src = tmp_path / "d.txt"
    src.write_text(DRAFT, encoding="utf-8")
    code, base = create(capsys, tmp_path, src)
    assert code == 0
    raw = base.read_text(encoding="utf-8")
    assert "13812345678" not in raw
    data = yaml.safe_load(raw)
    [entry] = data["entries"]
    assert entry["fingerprint"] == fingerprint("pii.phone", "13812345678")
    assert entry["type"] == "pii.phone"
    assert entry["preview"] == "138****5678"
    assert (entry["by"], entry["why"], entry["count"]) == ("王科长", "单位值班电话，可以公开", 1)
    assert isinstance(entry["at"], str) and entry["at"][:2] == "20"


def test_suppressed_after_edits_and_new_findings_still_show(tmp_path, capsys):
    src = tmp_path / "d.txt"
    src.write_text(DRAFT, encoding="utf-8")
    _, base = create(capsys, tmp_path, src)
    edited = tmp_path / "d2.txt"
    # lines added above, the number moved to another sentence, and a new number added
    edited.write_text("补充如下。\n\n请各科室按时到岗。如有变动请拨打 13812345678 告知。\n新增联系人：13900001111\n", encoding="utf-8")
    code, report = scan_json(capsys, edited, "--baseline", str(base))
    by_text = {f["text"]: f for f in report["findings"]}
    assert by_text["13812345678"]["suppressed"] == {
        "by": "王科长", "why": "单位值班电话，可以公开", "at": by_text["13812345678"]["suppressed"]["at"]}
    assert "suppressed" not in by_text["13900001111"]
    assert report["summary"]["suppressed"] == 1
    assert report["summary"]["by_type"]["pii.phone"] == 1
    assert report["verdict"] == "publish_after_redaction" and code == 1


def test_fully_baselined_draft_publishes(tmp_path, capsys):
    src = tmp_path / "d.txt"
    src.write_text(DRAFT, encoding="utf-8")
    _, base = create(capsys, tmp_path, src)
    code, report = scan_json(capsys, src, "--baseline", str(base))
    assert (code, report["verdict"]) == (0, "publish")
    assert len(report["findings"]) == 1  # kept visible in the report


def test_markings_are_never_baselined(tmp_path, capsys):
    src = tmp_path / "m.txt"
    src.write_text("机密★5年\n" + DRAFT, encoding="utf-8")
    _, base = create(capsys, tmp_path, src)
    types = [e["type"] for e in yaml.safe_load(base.read_text(encoding="utf-8"))["entries"]]
    assert types == ["pii.phone"]
    # even a hand-written entry with the marking's fingerprint does not suppress it
    forged = tmp_path / "forged.yaml"
    forged.write_text(yaml.safe_dump({"entries": [
        {"fingerprint": fingerprint("marking.classified", "机密★5年"), "by": "x", "why": "y"}]}), encoding="utf-8")
    code, report = scan_json(capsys, src, "--baseline", str(forged))
    marking = next(f for f in report["findings"] if f["type"] == "marking.classified")
    assert "suppressed" not in marking
    assert (code, report["verdict"]) == (1, "not_publishable")


@pytest.mark.parametrize("by, why", [("", "理由"), ("王科长", "  ")])
def test_who_and_why_are_required(tmp_path, capsys, by, why):
    src = tmp_path / "d.txt"
    src.write_text(DRAFT, encoding="utf-8")
    code, base = create(capsys, tmp_path, src, by=by, why=why)
    assert code == 2 and not base.exists()


def test_repeated_finding_counted_once(tmp_path, capsys):
    src = tmp_path / "d.txt"
    src.write_text(DRAFT + "再次：13812345678\n", encoding="utf-8")
    _, base = create(capsys, tmp_path, src)
    [entry] = yaml.safe_load(base.read_text(encoding="utf-8"))["entries"]
    assert entry["count"] == 2


TERMS = "关于拟任干部的通知（讨论稿）\n值班电话：13812345678\n"


def test_nothing_is_written_until_findings_are_chosen(tmp_path, capsys):
    src = tmp_path / "d.txt"
    src.write_text(TERMS, encoding="utf-8")
    out = tmp_path / "b.yaml"
    code = main(["baseline", "create", str(src), "--out", str(out), "--by", "王科长", "--why", "理由", "--no-ner"])
    listed, err = capsys.readouterr()
    assert code == 2 and not out.exists() and "--accept" in err
    lines = listed.splitlines()
    assert any("电话号码" in line and "138****5678" in line for line in lines)
    assert any("敏感词" in line and "须逐条选择" in line for line in lines)
    assert "13812345678" not in listed


def test_bulk_accepts_personal_data_but_never_terms(tmp_path, capsys):
    src = tmp_path / "d.txt"
    src.write_text(TERMS, encoding="utf-8")
    _, base = create(capsys, tmp_path, src)
    assert [e["type"] for e in yaml.safe_load(base.read_text(encoding="utf-8"))["entries"]] == ["pii.phone"]


def test_terms_are_accepted_only_when_named(tmp_path, capsys):
    src = tmp_path / "d.txt"
    src.write_text(TERMS, encoding="utf-8")
    out = tmp_path / "list.yaml"
    main(["baseline", "create", str(src), "--out", str(out), "--by", "王", "--why", "理由", "--no-ner"])
    listed = capsys.readouterr().out.splitlines()
    term_no = next(line for line in listed if "敏感词" in line).split(".")[0].strip()
    fp = next(line for line in listed if "电话号码" in line).rsplit("指纹 ", 1)[1].split("（")[0]
    _, base = create(capsys, tmp_path, src, choose=("--accept", term_no))
    types = [e["type"] for e in yaml.safe_load(base.read_text(encoding="utf-8"))["entries"]]
    assert len(types) == 1 and types[0].startswith("term.")
    _, base = create(capsys, tmp_path, src, choose=("--accept", fp))
    assert [e["type"] for e in yaml.safe_load(base.read_text(encoding="utf-8"))["entries"]] == ["pii.phone"]


def test_a_marking_cannot_be_chosen(tmp_path, capsys):
    src = tmp_path / "m.txt"
    src.write_text("机密★5年\n" + DRAFT, encoding="utf-8")
    code, base = create(capsys, tmp_path, src, choose=("--accept", "1"))
    assert code == 2 and not base.exists()
