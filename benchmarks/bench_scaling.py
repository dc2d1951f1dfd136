"""Issue 15: does the cost of a scan grow with its input and no faster?

The same kind of content at three sizes per format, each size read and
scanned in a fresh process (``read_path`` + ``Scanner.scan`` + the report's
JSON), so peak memory (``ru_maxrss``) is that document's alone.  Start-up
(imports, lexicons, the model, jieba) is timed apart and taken off the rate;
the whole run is printed too.  The ratio is the rate at the largest size
over the rate at the smallest: 1.0 is linear, below 1.0 superlinear.

    python -m benchmarks.bench_scaling            # the recorded sizes
    python -m benchmarks.bench_scaling --quick    # a tenth of them (also BAOMI_BENCH_QUICK=1)
    python -m benchmarks.bench_scaling txt pdf    # some formats only

Every text here is generated from templates written for this benchmark.
Without NER except the ``txt+ner`` row: the other rows measure the readers
and the rule detectors.
"""
from __future__ import annotations

import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

# (format, unit, sizes); the generated file holds about that many units
SIZES = {
    "txt": ("characters", (100_000, 1_000_000, 10_000_000)),
    "txt+ner": ("characters", (30_000, 300_000, 3_000_000)),
    "docx": ("paragraphs", (1_000, 10_000, 100_000)),
    "xlsx": ("rows", (1_000, 10_000, 200_000)),
    "html": ("cells", (1_000, 10_000, 100_000)),
    "pdf": ("pages", (10, 100, 1_000)),
}

# -- generated content -------------------------------------------------------------
# A compilation of confidentiality rules: dense in level words (秘密, 机密, 密级) and in the
# harmless phrases that guard terms (商业秘密、个人隐私, 保护举报人).
RULES = (
    "机关、单位应当依法确定国家秘密的密级、保密期限和知悉范围",
    "国家秘密的密级分为绝密、机密、秘密三级，密级和保密期限应当标注在载体上",
    "涉及商业秘密、个人隐私的政府信息，行政机关不得公开，但权利人同意的除外",
    "各单位应当保护商业秘密，健全举报人保护制度，对举报人信息保密",
    "涉密载体的制作、收发、传递、使用、保存和销毁，应当符合国家保密规定",
    "标注密级的文件未经批准不得擅自扩大知悉范围，也不得擅自复制摘抄",
    "保密工作实行请示报告制度，重大事项请示应当及时报送上级保密部门",
    "开展未成年人保护宣传和艾滋病防治知识普及时，不得泄露任何个人信息",
    "出具无犯罪记录证明，须经本人书面同意，并严格限定使用范围",
    "会议纪要格式按照公文处理办法执行，会议纪要范本由办公室另行印发",
    "不属于国家秘密的事项，不得标注国家秘密标志，已标注的应当及时撤销",
    "密级、保密期限和知悉范围发生变更的，应当及时书面通知知悉范围内的人员",
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉鹏飞玉兰海燕志红德福春梅晓东宏宇晨阳慧琳"
PLACES = ("河口村{n}组", "幸福路{n}号", "东关街{n}号{k}单元{r}室", "青石镇红旗村{n}组", "滨江小区{k}栋{r}室")
UNITS = ("县财政局", "市发展和改革委员会", "区教育局", "镇人民政府", "县卫生健康局", "市自然资源局")
POSTS = ("局长", "副局长", "主任", "科长", "副镇长")
NOTICE = (
    "经研究决定，任命{name}同志为{unit}{post}。",
    "{name}，{sex}，{age}岁，住{place}，联系电话{phone}，申请临时救助，经审核符合条件。",
    "举报人{name}反映{unit}有关人员违规发放补助的问题，现将调查情况通报如下。",
    "{unit}{post}{name}带队检查了辖区安全生产工作，要求各单位压实责任。",
    "联系人：{name}，联系电话：{phone}，地址：{place}。",
    "为进一步做好基层治理工作，{unit}召开专题会议，研究部署下一阶段重点任务。",
    "{name}、{name2}、{name3}等同志在防汛抢险中表现突出，予以通报表扬。",
)


def _name(rnd: random.Random) -> str:
    return rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.randint(1, 2)))


def _place(rnd: random.Random) -> str:
    return rnd.choice(PLACES).format(n=rnd.randint(1, 300), k=rnd.randint(1, 9), r=rnd.randint(101, 902))


def _phone(rnd: random.Random) -> str:
    return f"1{rnd.choice('3589')}{rnd.randint(0, 999_999_999):09d}"


def rules_lines(rnd: random.Random):
    """Articles of a rules compilation, one per line, forever."""
    n = 0
    while True:
        n += 1
        yield f"第{n}条　" + "；".join(rnd.choice(RULES) for _ in range(rnd.randint(1, 3))) + "。"


def notice_lines(rnd: random.Random):
    """Notice sentences with names, addresses and phones; a roster block every few dozen lines."""
    n = 0
    while True:
        n += 1
        if n % 40 == 0:
            yield "序号\t姓名\t性别\t家庭住址\t联系电话"
            for i in range(1, 11):
                yield f"{i}\t{_name(rnd)}\t{'男女'[i % 2]}\t{_place(rnd)}\t{_phone(rnd)}"
            continue
        yield rnd.choice(NOTICE).format(
            name=_name(rnd), name2=_name(rnd), name3=_name(rnd), unit=rnd.choice(UNITS), post=rnd.choice(POSTS),
            sex=rnd.choice("男女"), age=rnd.randint(20, 80), place=_place(rnd), phone=_phone(rnd),
        )


def text_of(lines, chars: int) -> str:
    out, size = [], 0
    for line in lines:
        if size >= chars:
            break
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)[:chars]


def write_docx(path: Path, paragraphs: int, rnd: random.Random) -> None:
    """python-docx's empty document with a body written here: a small table every 100 paragraphs."""
    import docx
    from xml.sax.saxutils import escape

    buf = io.BytesIO()
    docx.Document().save(buf)
    lines = rules_lines(rnd)
    body = []
    for i in range(paragraphs):
        body.append(f"<w:p><w:r><w:t>{escape(next(lines))}</w:t></w:r></w:p>")
        if i % 100 == 99:
            rows = [("姓名", "单位", "联系电话")] + [(_name(rnd), rnd.choice(UNITS), _phone(rnd)) for _ in range(4)]
            body.append("<w:tbl>" + "".join(
                "<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{escape(c)}</w:t></w:r></w:p></w:tc>" for c in row) + "</w:tr>"
                for row in rows) + "</w:tbl>")
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {ns}><w:body>{"".join(body)}</w:body></w:document>'
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, xml.encode("utf-8") if item.filename == "word/document.xml" else src.read(item))


def write_xlsx(path: Path, rows: int, rnd: random.Random) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("名单")
    ws.append(["序号", "姓名", "家庭住址", "联系电话", "补助金额"])
    for i in range(1, rows):
        ws.append([i, _name(rnd), _place(rnd), _phone(rnd), rnd.randint(300, 3000)])
    wb.save(path)


def write_html(path: Path, cells: int, rnd: random.Random) -> None:
    """One page: a few paragraphs of rules, then a roster table of five columns."""
    lines = rules_lines(rnd)
    rows = ["<tr><th>序号</th><th>姓名</th><th>单位</th><th>住址</th><th>联系电话</th></tr>"]
    for i in range(1, cells // 5):
        rows.append(f"<tr><td>{i}</td><td>{_name(rnd)}</td><td>{rnd.choice(UNITS)}</td><td>{_place(rnd)}</td><td>{_phone(rnd)}</td></tr>")
    paras = "".join(f"<p>{next(lines)}</p>" for _ in range(5))
    path.write_text(f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>名单公示</title></head>"
                    f"<body>{paras}<table>{''.join(rows)}</table></body></html>", encoding="utf-8")


def write_pdf(path: Path, pages: int, rnd: random.Random) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    lines = rules_lines(rnd)
    for _ in range(pages):
        c.setFont("STSong-Light", 10)
        y = A4[1] - 60
        for _ in range(40):
            c.drawString(40, y, next(lines)[:48])
            y -= 18
        c.showPage()
    c.save()


def make(fmt: str, size: int, folder: Path) -> Path:
    rnd = random.Random(f"{fmt}-{size}")
    path = folder / f"{fmt.replace('+', '_')}-{size}.{fmt.split('+')[0]}"
    if fmt == "txt":
        path.write_text(text_of(rules_lines(rnd), size), encoding="utf-8")
    elif fmt == "txt+ner":
        path.write_text(text_of(notice_lines(rnd), size), encoding="utf-8")
    elif fmt == "docx":
        write_docx(path, size, rnd)
    elif fmt == "xlsx":
        write_xlsx(path, size, rnd)
    elif fmt == "html":
        write_html(path, size, rnd)
    elif fmt == "pdf":
        write_pdf(path, size, rnd)
    return path


# -- one measurement, in its own process --------------------------------------------
def child(path: str, warm: str, ner: bool, runs: int) -> dict:
    """Start-up, then a small file of the same format (the reader's imports, jieba, the model's
    first call), then ``path`` read and scanned ``runs`` times; the fastest run counts."""
    t0 = time.perf_counter()
    from pipelines import read_path
    from scanner import ScanOptions, Scanner

    scanner = Scanner(ScanOptions(ner=ner))
    scanner.scan_text("预热：联系人王立新，拟任科长。")  # jieba's dictionary loads on the first boundary check
    json.dumps(scanner.scan(read_path(warm)).to_dict(), ensure_ascii=False)
    t1 = time.perf_counter()
    best = None
    for _ in range(runs):
        ta, ca = time.perf_counter(), time.process_time()
        doc = read_path(path)
        tb, cb = time.perf_counter(), time.process_time()
        report = scanner.scan(doc)
        json.dumps(report.to_dict(), ensure_ascii=False)
        tc, cc = time.perf_counter(), time.process_time()
        if best is None or cc - ca < best[2]:
            best = (tb - ta, tc - tb, cc - ca, tc - t0)
        chars, parts = sum(len(p.text) for p in doc.parts), len(doc.parts)
        del doc, report
    return {
        "chars": chars, "parts": parts, "startup": t1 - t0, "read": best[0], "scan": best[1], "cpu": best[2],
        "whole": best[3], "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def measure(path: Path, warm: Path, ner: bool, runs: int) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.bench_scaling", "--child", str(path), str(warm), str(runs)]
    cmd += ["--ner"] if ner else []
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=root, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    """``make bench`` calls this with no arguments: every format at the recorded sizes."""
    argv = list(argv or [])
    quick = "--quick" in argv or os.environ.get("BAOMI_BENCH_QUICK") == "1"
    formats = [a for a in argv if not a.startswith("-")] or list(SIZES)
    print("read + scan + report JSON in a fresh process per size, start-up taken off; 'whole' counts it (wall).")
    print("chars/s is per second of the process's CPU time, which other work on a shared machine")
    print("disturbs far less than wall time; best of 3 / 2 / 1 runs at the small / middle / large size.")
    print(f"{'format':8} {'size':>18} {'chars':>11} {'parts':>7} {'read s':>7} {'scan s':>7} "
          f"{'chars/cpu-s':>11} {'whole s':>8} {'peak RSS':>9}")
    ratios = []
    with tempfile.TemporaryDirectory(prefix="baomi-scaling-") as tmp:
        for fmt in formats:
            unit, sizes = SIZES[fmt]
            rates, peak = [], 0.0
            (Path(tmp) / "warm").mkdir(exist_ok=True)  # apart: a quick run's smallest size may equal it
            warm = make(fmt, max(1, sizes[0] // 100), Path(tmp) / "warm")
            for size, runs in zip(sizes, (3, 2, 1)):  # the small sizes are the noisy ones: best of more runs
                size = max(1, size // 10) if quick else size
                path = make(fmt, size, Path(tmp))
                r = measure(path, warm, fmt.endswith("+ner"), runs)
                path.unlink()
                rate = r["chars"] / r["cpu"]
                rates.append(rate)
                peak = r["rss_mb"]
                print(f"{fmt:8} {size:>7,} {unit:>10} {r['chars']:>11,} {r['parts']:>7,} {r['read']:>7.2f} {r['scan']:>7.2f} "
                      f"{rate / 1e3:>9.1f} k {r['whole']:>8.2f} {r['rss_mb']:>6.0f} MB", flush=True)
            ratios.append((fmt, rates[-1] / rates[0], peak))
    print("\nratio of chars/s, largest size over smallest (≥ 0.8 is the bar), and peak RSS at the largest:")
    for fmt, ratio, peak in ratios:
        print(f"  {fmt:8} {ratio:5.2f}   {peak:6.0f} MB")


if __name__ == "__main__":
    if "--child" in sys.argv:
        k = sys.argv.index("--child")
        print(json.dumps(child(sys.argv[k + 1], sys.argv[k + 2], "--ner" in sys.argv, int(sys.argv[k + 3]))))
    else:
        main(sys.argv[1:])
