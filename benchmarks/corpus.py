"""Generated text for benchmarks: government-notice-like Chinese with sprinkled findings.

Deterministic (seeded), so two runs measure the same work.
"""
from __future__ import annotations

import random

PHRASES = (
    "为进一步加强机关作风建设", "根据市委市政府工作部署", "现将有关事项通知如下", "各科室要高度重视",
    "切实做好信息公开工作", "认真落实保密审查制度", "确保各项任务按期完成", "结合本单位工作实际",
    "加强统筹协调", "严格执行有关规定", "推动高质量发展", "优化营商环境", "提升政务服务水平",
    "开展专项检查", "建立健全长效机制", "全体干部职工", "保守国家秘密", "做好宣传报道工作",
    "联系人", "办公室", "审批服务管理局", "年度工作要点", "社会救助", "城乡居民", "公示期",
)
SPRINKLES = (
    "秘密★1年", "拟任", "局长办公会纪要", "110101199003071233", "13812345678", "0951-5012345",
    "zhangsan@example.gov.cn", "宁A12345", "91310115MA1K3BTP2B", "6222020200112233445",
)


def generate(n_chars: int, seed: int = 7, sprinkle_every: int = 400) -> str:
    rnd = random.Random(seed)
    out: list[str] = []
    size = 0
    since = 0
    while size < n_chars:
        p = rnd.choice(PHRASES)
        sep = "，" if rnd.random() < 0.7 else "。\n"
        out.append(p + sep)
        size += len(p) + len(sep)
        since += len(p) + len(sep)
        if since >= sprinkle_every:
            s = rnd.choice(SPRINKLES)
            out.append(s + "。")
            size += len(s) + 1
            since = 0
    return "".join(out)[:n_chars]


def cjk_terms(n: int, seed: int = 11) -> list[str]:
    rnd = random.Random(seed)
    terms: set[str] = set()
    while len(terms) < n:
        k = rnd.randint(2, 6)
        terms.add("".join(chr(rnd.randint(0x4E00, 0x9FA5)) for _ in range(k)))
    return sorted(terms)
