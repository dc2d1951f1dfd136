"""Load on ``baomi serve`` over loopback: latency at a steady rate, saturation, hostile uploads, kill and restart.

Run: ``python -m benchmarks.bench_api [--duration 60] [--rate 10] [--clients 20] [--workers 2] [--no-ner]``.
Prints figures for BENCHMARKS.md.  Traffic goes only to 127.0.0.1.
"""
from __future__ import annotations

import argparse
import asyncio
import io
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SENTENCES = [
    "为进一步做好本年度的政务公开工作，经研究决定开展专项检查。",
    "请各科室对照工作要点逐项落实，确保各项任务按期完成。",
    "联系人张明，联系电话 13812345678，邮箱 zhangming@example.gov.cn。",
    "会议地点设在办公楼三楼会议室，请参会人员提前十分钟到场。",
    "对检查中发现的问题要建立台账，明确责任人和整改时限。",
    "申请人身份证号码 11010519491231002X，补贴金额已按月发放。",
]


def draft(chars: int = 3000, seed: int = 0) -> str:
    rnd = random.Random(seed)
    out = ["关于开展政务公开专项检查的通知\n"]
    while sum(map(len, out)) < chars:
        out.append(rnd.choice(SENTENCES))
    return "".join(out)[:chars]


def zip_bomb() -> bytes:
    """A docx-shaped zip whose document.xml inflates to ~1 GB of zeros."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        with z.open("word/document.xml", "w") as f:
            block = b"0" * (1024 * 1024)
            for _ in range(1024):
                f.write(block)
    return buf.getvalue()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir: str, port: int, workers: int, ner: bool, env: dict) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "cli.main", "serve", "--host", "127.0.0.1", "--port", str(port), "--data-dir", data_dir,
           "--workers", str(workers), "--max-upload-mb", "20"]
    if not ner:
        cmd.append("--no-ner")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise SystemExit("server exited during start")
        time.sleep(0.2)
    raise SystemExit("server did not start")


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


async def load(base: str, token: str, rate: float, duration: float, clients: int, texts: list[str], hostile: bool = False):
    """Open-loop load: requests start on schedule whatever the latency, at most ``clients`` in flight."""
    lat, errors, ids, hostile_results = [], [], [], []
    sem = asyncio.Semaphore(clients)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60, limits=httpx.Limits(max_connections=clients + 4)) as c:
        async def one(i: int) -> None:
            async with sem:
                t0 = time.perf_counter()
                try:
                    r = await c.post("/v1/scans", json={"text": texts[i % len(texts)], "channel": "website"})
                    lat.append(time.perf_counter() - t0)
                    if r.status_code == 200:
                        ids.append(r.json()["id"])
                    else:
                        errors.append(r.status_code)
                except httpx.HTTPError as exc:
                    errors.append(type(exc).__name__)

        big, bomb = (b"a" * (50 * 1024 * 1024), zip_bomb()) if hostile else (b"", b"")  # built before the clock starts

        async def bad() -> None:
            await asyncio.sleep(duration / 3)
            for name, data in (("big.txt", big), ("bomb.docx", bomb)):
                t0 = time.perf_counter()
                try:
                    r = await c.post("/v1/scans", files={"file": (name, data)})
                    code = r.json().get("error", {}).get("code")
                    hostile_results.append((name, r.status_code, code, time.perf_counter() - t0))
                except httpx.HTTPError as exc:  # the server may close the connection after a 413
                    hostile_results.append((name, "closed", type(exc).__name__, time.perf_counter() - t0))

        tasks = [asyncio.create_task(bad())] if hostile else []
        start = time.perf_counter()
        n = int(rate * duration)
        for i in range(n):
            delay = start + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(i)))
        await asyncio.gather(*tasks)
    return lat, errors, ids, hostile_results


def report_line(label: str, lat: list[float], errors: list, rate: float) -> str:
    ms = [x * 1000 for x in lat]
    return (f"{label}: rate {rate:g}/s, n={len(lat)}, errors={len(errors)}, "
            f"p50 {pct(ms, 50):.0f} ms, p95 {pct(ms, 95):.0f} ms, p99 {pct(ms, 99):.0f} ms")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--duration", type=float, default=60)
    ap.add_argument("--rate", type=float, default=10)
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-ner", action="store_true")
    ap.add_argument("--max-rate", type=float, default=60, help="stop the saturation search here")
    args = ap.parse_args(argv if argv is not None else [])

    from cryptography.fernet import Fernet

    sys.path.insert(0, str(ROOT))
    from pipelines.store import Store

    data_dir = tempfile.mkdtemp(prefix="baomi-bench-")
    env = {**os.environ, "BAOMI_SECRET_KEY": Fernet.generate_key().decode()}
    env.pop("BAOMI_DATABASE_URL", None)
    store = Store.open(data_dir, secret_key=env["BAOMI_SECRET_KEY"])
    store.add_user("bench", "section_chief", "办公室")
    token = store.create_token("bench")[1]
    texts = [draft(3000, seed) for seed in range(20)]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    print(f"bench_api: workers={args.workers}, ner={'off' if args.no_ner else 'on'}, clients={args.clients}, "
          f"duration={args.duration:g}s, draft 3000 chars")
    proc = start_server(data_dir, port, args.workers, not args.no_ner, env)
    all_ids: list[str] = []
    try:
        asyncio.run(load(base, token, 2, 3, 4, texts))  # warm-up, not counted
        lat, errors, ids, hostile = asyncio.run(load(base, token, args.rate, args.duration, args.clients, texts, hostile=True))
        all_ids += ids
        print(report_line("steady", lat, errors, args.rate))
        for name, status, code, secs in hostile:
            print(f"hostile upload {name}: {status} {code} in {secs:.2f} s")

        sat = None
        rate = args.rate
        step = max(args.duration / 6, 5)
        while rate <= args.max_rate:
            lat, errors, ids, _ = asyncio.run(load(base, token, rate, step, args.clients, texts))
            all_ids += ids
            print(report_line("  ramp", lat, errors, rate))
            if pct(lat, 95) > 1.0 or errors:
                sat = rate
                break
            rate = rate * 1.5
        print(f"saturation (p95 > 1 s or errors): {'%g req/s' % sat if sat else f'not reached up to {args.max_rate:g} req/s'}")

        # kill mid-run: stop the server while requests are in flight, restart, look every acknowledged scan up
        async def kill_mid_run():
            task = asyncio.create_task(load(base, token, args.rate, 4, args.clients, texts))
            await asyncio.sleep(2)
            proc.send_signal(signal.SIGKILL)
            return await task

        lat, errors, ids, _ = asyncio.run(kill_mid_run())
        all_ids += ids
        proc.wait()
        proc = start_server(data_dir, port, args.workers, not args.no_ner, env)
        missing = 0
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=30) as c:
            for sid in all_ids:
                if c.get(f"/v1/scans/{sid}").status_code != 200:
                    missing += 1
        print(f"kill -9 and restart: {len(all_ids)} scans answered 200, {missing} missing after restart "
              f"({len(errors)} requests failed while the server was down)")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        store.close()


if __name__ == "__main__":
    main(sys.argv[1:])
