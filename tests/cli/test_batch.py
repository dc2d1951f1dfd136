"""``baomi crawl`` and ``baomi batch`` end to end on a loopback site and a temporary mirror."""
from __future__ import annotations

import json

import pytest

from cli.main import main

def lines(out: str) -> list[dict]:
    return [json.loads(x) for x in out.splitlines() if x.strip()]


def crawl_args(site, tmp_path, *extra):
    return ["crawl", site.url("/"), "--format", "json", "--workers", "0", "--timeout", "0.5", "--delay", "0",
            "--max-bytes", "100000", "--data-dir", str(tmp_path / "data"), "--dev", "--no-ner", "--out", str(tmp_path / "out"), *extra]


def test_crawl_json_lines_and_summary(site, tmp_path, capsys):
    rc = main(crawl_args(site, tmp_path))
    out = lines(capsys.readouterr().out)
    assert rc == 2  # some pages could not be fetched
    by = {d["document"]["name"][len(site.base):]: d for d in out}
    assert len(by) == len(out) == 11
    assert by["/missing.html"]["error"]["code"] == "fetch"
    assert by["/slow.html"]["error"]["code"] == "timeout"
    assert by["/files/list.txt"]["linked_from"] == site.url("/")
    assert by["/news/a.html"]["schema_version"] == "1" and by["/news/a.html"]["verdict"] == "not_publishable"
    html = (tmp_path / "out" / "summary.html").read_text(encoding="utf-8")
    assert "/news/a.html" in html and "<svg" in html
    csv_rows = (tmp_path / "out" / "takedown.csv").read_text(encoding="utf-8").splitlines()
    assert len(csv_rows) == 3  # header, the marked page, the attachment with control marks
    assert {r.split(",", 1)[0] for r in csv_rows[1:]} == {site.url("/news/a.html"), site.url("/files/list.txt")}


def test_crawl_resume_via_cli(site, tmp_path, capsys):
    assert main(crawl_args(site, tmp_path, "--stop-after", "4")) == 130
    first = lines(capsys.readouterr().out)
    assert len(first) == 4
    main(crawl_args(site, tmp_path, "--resume"))
    rest = lines(capsys.readouterr().out)
    names = [d["document"]["name"] for d in first + rest]
    assert len(names) == len(set(names)) == 11


@pytest.mark.parametrize("files, code", [
    ({"a.txt": "区政府召开常务会议。", "b/c.txt": "研究部署防汛工作。"}, 0),
    ({"a.txt": "区政府召开常务会议。", "b/c.txt": "秘密★1年\n纪要"}, 1),
    ({"a.txt": "区政府召开常务会议。", "b/c.txt": ""}, 2),
])
def test_batch_directory_exit_codes(tmp_path, capsys, files, code):
    root = tmp_path / "mirror"
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    rc = main(["batch", str(root), "--format", "json", "--workers", "0", "--no-ner", "--no-store", "--out", str(tmp_path / "o")])
    assert rc == code
    assert sorted(d["document"]["name"] for d in lines(capsys.readouterr().out)) == [str(root / "a.txt"), str(root / "b/c.txt")]


def test_batch_url_list(site, tmp_path, capsys):
    lst = tmp_path / "urls.txt"
    lst.write_text(f"# 待查\n{site.url('/news/a.html')}\n\n{site.url('/news/b.html')}\n", encoding="utf-8")
    rc = main(["batch", str(lst), "--format", "json", "--workers", "0", "--no-ner", "--no-store", "--delay", "0"])
    out = lines(capsys.readouterr().out)
    assert rc == 1
    assert {d["document"]["name"]: d["verdict"] for d in out} == {site.url("/news/a.html"): "not_publishable", site.url("/news/b.html"): "publish"}
    assert site.hits["/"] == 0  # a list is not crawled


@pytest.mark.parametrize("argv", [
    ["batch", "/nonexistent/dir/xyz", "--no-store"],
    ["crawl", "ftp://example.org/", "--no-store"],
    ["crawl", "http://127.0.0.1:9/", "--engine", "dask", "--no-store"],
])
def test_usage_errors_exit_2(argv):
    assert main(argv) == 2
