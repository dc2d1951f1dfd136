"""``baomi scan`` report outputs: --format html, --html-out, --annotate-out, --redact-out; exit codes kept."""
from __future__ import annotations

import hashlib
import io
import re

import docx
import pytest

from cli.main import main
from scanner.model import Hit

MOBILE = re.compile(r"1[3-9]\d{9}")


@pytest.fixture(autouse=True)
def fixed_pii(monkeypatch):
    """Mobile numbers only, so these tests do not depend on the full PII detector."""
    monkeypatch.setattr("scanner.scanner.find_pii", lambda text: [
        Hit(m.start(), m.end(), "pii.phone", "test.mobile") for m in MOBILE.finditer(text)
    ])


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["scan", "--no-ner", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_format_html_prints_one_page(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text("关于<script>x</script>的通知\n联系电话13812345678\n", encoding="utf-8")
    code, out, _ = run(capsys, str(src), "--format", "html")
    assert code == 1
    assert out.startswith("<!DOCTYPE html>") and out.count("<html") == 1
    assert '<div class="big">脱敏后公开</div>' in out
    assert "&lt;script&gt;" in out and "<script>" not in out


def test_html_out_keeps_terminal_text(tmp_path, capsys):
    src = tmp_path / "clean.txt"
    src.write_text("关于举办读书活动的通知\n", encoding="utf-8")
    target = tmp_path / "r.html"
    code, out, _ = run(capsys, str(src), "--html-out", str(target), "--channel", "weibo")
    assert code == 0
    assert "审查结论：可以公开" in out and f"审查记录已保存：{target}" in out
    page = target.read_text(encoding="utf-8")
    assert '<div class="big">可以公开</div>' in page and "在政务微博发布" in page


def test_many_inputs_write_into_a_directory(tmp_path, capsys):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("通知\n", encoding="utf-8")
    outdir = tmp_path / "out"
    code, _, _ = run(capsys, str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--html-out", str(outdir))
    assert code == 0
    assert sorted(p.name for p in outdir.iterdir()) == ["a.review.html", "b.review.html"]


def test_redact_txt_lists_what_is_left(tmp_path, capsys):
    src = tmp_path / "list.txt"
    src.write_text("机密★5年\n王某 13812345678\n", encoding="utf-8")
    target = tmp_path / "red.txt"
    code, out, _ = run(capsys, str(src), "--redact-out", str(target))
    assert code == 1
    assert target.read_text(encoding="utf-8") == "机密★5年\n王某 138****5678\n"
    assert "已遮盖 电话号码 1 处" in out
    assert "未处理（须人工处理，未自动删除）：1 处" in out and "[阻断] 密级标志" in out


def make_docx(path) -> bytes:
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("请联系138")
    p.add_run("12345678").italic = True
    p.add_run("。")
    d.save(path)
    return path.read_bytes()


def test_annotate_and_redact_docx_leave_the_original(tmp_path, capsys):
    src = tmp_path / "draft.docx"
    original = make_docx(src)
    ann, red = tmp_path / "ann.docx", tmp_path / "red.docx"
    code, out, err = run(capsys, str(src), "--annotate-out", str(ann), "--redact-out", str(red), "--format", "json")
    assert code == 1, err
    assert src.read_bytes() == original
    # the number, plus the two properties python-docx writes (creator, comments) -- the verdict comment is not counted
    assert f"批注副本已保存：{ann}（批注 3 条）" in err
    comments = [c.text for c in docx.Document(str(ann)).comments]
    assert any(c.startswith("【高】电话号码") for c in comments)
    assert docx.Document(str(red)).paragraphs[0].text == "请联系138****5678。"
    assert docx.Document(str(ann)).paragraphs[0].text == "请联系13812345678。"


def test_annotate_needs_a_word_file(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text("通知\n", encoding="utf-8")
    code, _, err = run(capsys, str(src), "--annotate-out", str(tmp_path / "x.docx"))
    assert code == 2
    assert "[unsupported_format]" in err and "批注副本仅支持 docx" in err


def test_never_writes_over_the_input(tmp_path, capsys):
    src = tmp_path / "draft.docx"
    original = make_docx(src)
    code, _, err = run(capsys, str(src), "--redact-out", str(src))
    assert code == 2 and "[usage]" in err
    assert hashlib.sha256(src.read_bytes()).digest() == hashlib.sha256(original).digest()


def test_stdin_redact(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO("电话13812345678".encode("utf-8"))))
    target = tmp_path / "out"
    target.mkdir()
    code, _, _ = run(capsys, "-", "--redact-out", str(target))
    assert code == 1
    assert (target / "stdin.redacted.txt").read_text(encoding="utf-8") == "电话138****5678"


def test_json_is_one_line_per_report_for_one_file_or_two(tmp_path, capsys):
    import json

    (tmp_path / "a.txt").write_text("通知\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("电话13812345678\n", encoding="utf-8")
    _, one, _ = run(capsys, str(tmp_path / "a.txt"), "--format", "json")
    _, two, _ = run(capsys, str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--format", "json")
    assert len(one.splitlines()) == 1 and len(two.splitlines()) == 2
    first = json.loads(one)
    assert (first["verdict"], first["publishable"]) == ("publish", True)
    assert [json.loads(line)["publishable"] for line in two.splitlines()] == [True, False]


def test_redact_out_says_the_copy_was_checked(tmp_path, capsys):
    src = tmp_path / "a.txt"
    src.write_text("联系人 13812345678\n", encoding="utf-8")
    code, out, _ = run(capsys, str(src), "--redact-out", str(tmp_path / "r.txt"))
    assert code == 1  # the original still needs redaction
    assert "复查：已重新审查脱敏副本，未发现需要处理的内容。" in out


def test_redact_out_refuses_pdf_with_the_reason(tmp_path, capsys, root):
    pdfs = sorted((root / "corpus_samples" / "documents").glob("*.pdf"))
    code, _, err = run(capsys, str(pdfs[0]), "--redact-out", str(tmp_path / "r.pdf"))
    assert code == 2 and "unsupported_format" in err and "源文件" in err
    assert not (tmp_path / "r.pdf").exists()
