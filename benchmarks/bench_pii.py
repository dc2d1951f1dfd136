"""Issue 2 speed of the structured personal-data validators, and JioNLP on the same text for scale.

find_pii runs on every part of every document, so it has to stay far above
the 2 M chars/s the whole plain-text scan must reach.  The corpus mixes
notice-like filler with every value shape the validators know, masked forms
and look-alikes that must be rejected (bad checksums, order numbers,
amounts), so the figure includes the work of rejecting as well as finding.
"""
from __future__ import annotations

import importlib.util
import io
import random
from collections import Counter
from contextlib import redirect_stdout

from benchmarks.timing import best_of
from benchmarks.corpus import PHRASES
from scanner.pii import find_pii

SAMPLES = (
    # values
    "身份证号320102198507150016", "公民身份号码11010519491231002X", "手机13812345678",
    "电话 138 1234 5678", "+86 139-1234-5678", "0951-5012345", "(010)62345678", "010-62345678-801",
    "卡号6222021234567894", "账号 6217 0012 3456 7890 122", "邮箱zhang.san@example.gov.cn",
    "宁A12345", "京AD12345", "护照号码E12345678", "护照号码EA1234567", "代码91320102MA1W2B3C4C",
    # masked
    "110101********1234", "138****1234", "6222 **** **** 1234", "京A·***12",
    # look-alikes
    "身份证号320102198507150017", "订单号202403151234567890", "金额13812345678元", "〔2024〕12号",
    "2024年3月15日", "2024-03-15", "1,250,000.00元", "型号EA1234567", "流水号A1381234567801",
)


def corpus(n_chars: int, seed: int = 5, every: int = 300) -> str:
    rnd = random.Random(seed)
    out: list[str] = []
    size = since = 0
    while size < n_chars:
        piece = rnd.choice(PHRASES) + ("，" if rnd.random() < 0.7 else "。\n")
        if since >= every:
            piece = rnd.choice(SAMPLES) + "，" + piece
            since = 0
        out.append(piece)
        size += len(piece)
        since += len(piece)
    return "".join(out)[:n_chars]


def main(size: int = 10_000_000) -> None:
    text = corpus(size)
    n = len(text)
    t_ours = best_of(lambda: find_pii(text))
    hits = find_pii(text)
    print(f"find_pii, {n / 1e6:.1f} M chars generated notice text      : {n / t_ours / 1e6:6.1f} M chars/s")
    counts = Counter(h.type + (" (masked)" if h.extra.get("masked") else "") for h in hits)
    print("  hits: " + ", ".join(f"{t} {c}" for t, c in sorted(counts.items())))

    if importlib.util.find_spec("jionlp") is None:
        print("JioNLP comparison skipped: jionlp not installed (pip install -e '.[bench]')")
        return
    with redirect_stdout(io.StringIO()):  # jionlp prints a banner on import
        import jionlp

    sample = text[:1_000_000]  # JioNLP is slower; time a 1 M sample and scale
    scale = n / len(sample)

    def ours3() -> None:
        find_pii(sample)

    def jio3() -> None:
        jionlp.extract_id_card(sample)
        jionlp.extract_phone_number(sample)
        jionlp.extract_email(sample)

    t_ours_s = best_of(ours3)
    for name, fn in (("extract_id_card", jionlp.extract_id_card),
                     ("extract_phone_number", jionlp.extract_phone_number),
                     ("extract_email", jionlp.extract_email)):
        t = best_of(lambda: fn(sample), runs=1) * scale
        print(f"JioNLP {name:21}, same text                 : {n / t / 1e6:6.2f} M chars/s")
    t_jio = best_of(jio3, runs=1)
    print(f"JioNLP id+phone+email together vs find_pii (all 7 types): "
          f"{len(sample) / t_jio / 1e6:.2f} vs {len(sample) / t_ours_s / 1e6:.1f} M chars/s "
          f"(find_pii is {t_jio / t_ours_s:.1f}x faster)")
    ids = set(jionlp.extract_id_card(sample))
    ours = {sample[h.start:h.end] for h in find_pii(sample) if h.type == "pii.id_number" and not h.extra}
    print(f"  ID numbers on the 1 M sample: JioNLP {len(ids)} distinct, find_pii {len(ours)} distinct "
          f"(JioNLP only: {sorted(ids - ours)[:3]})")


if __name__ == "__main__":
    main()
