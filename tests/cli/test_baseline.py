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


def create(capsys, tmp_path, *paths, by="王科长", why="单位值班电话，可以公开"):
    out = tmp_path / "baseline.yaml"
    code = main(["baseline", "create", *map(str, paths), "--out", str(out), "--by", by, "--why", why, "--no-ner"])
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
