"""Fuzz the readers and the scanner with mutants of the sample documents.

    python scripts/fuzz.py --seconds 120                 # a short run, all formats
    python scripts/fuzz.py --cases 2000 --seconds 0      # at least 2,000 mutants per format, no time bound
    python scripts/fuzz.py --formats pdf docx --seed 7 --keep /tmp/fuzz-crashes

The contract under test is the one every input has: it ends in a report
or a coded ``BaomiError`` -- never another exception (a "traceback"),
never a hang, never a dead process, and within a memory cap.  Mutants are
made per format from ``corpus_samples/documents``: bit flips, truncation,
chunk duplication and, for the zip formats, mutations of one member's
bytes or of its XML structure (elements duplicated, deleted, nested deep,
tags unclosed).

Cases run in a worker process under ``RLIMIT_AS`` (1.5 GB by default),
one Scanner per worker; the parent enforces a per-case time limit by
killing the worker and starting another.  Crashing inputs are written to
``--keep`` (default: a temporary folder), never into the repository.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import multiprocessing
import os
import random
import re
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpus_samples" / "documents"
FORMATS = ("txt", "html", "docx", "xlsx", "pdf")


# -- mutators ------------------------------------------------------------------------

def bit_flips(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.choice((1, 2, 4, 8, 32))):
        i = rng.randrange(len(buf))
        buf[i] ^= 1 << rng.randrange(8)
    return bytes(buf)


def truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(1, len(data))]


def duplicate_chunk(rng: random.Random, data: bytes) -> bytes:
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.choice((1, 16, 256, 4096, 65536)))
    at = rng.randrange(len(data) + 1)
    times = rng.choice((1, 2, 16, 256))
    return data[:at] + data[a:b] * times + data[at:]


def byte_noise(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randrange(1, 16)):
        i = rng.randrange(len(buf))
        buf[i] = rng.choice((0x00, 0xFF, 0x7F, 0x80, 0x3C, 0x3E, 0x22, 0x26, rng.randrange(256)))
    return bytes(buf)


TAG = re.compile(rb"<([A-Za-z][\w:.-]*)\b[^<>]*>")


def xml_structure(rng: random.Random, data: bytes) -> bytes:
    """Change the tree, not the bytes: duplicate, drop, unclose or deeply nest an element."""
    tags = list(TAG.finditer(data[:2_000_000]))
    if not tags:
        return byte_noise(rng, data)
    m = rng.choice(tags)
    name = m.group(1)
    kind = rng.randrange(5)
    if kind == 0:  # duplicate an element with its content
        end = data.find(b"</" + name + b">", m.end())
        if end < 0:
            return data[: m.end()] + m.group(0) + data[m.end():]
        end += len(name) + 3
        return data[:end] + data[m.start():end] * rng.choice((2, 50)) + data[end:]
    if kind == 1:  # drop the closing tag
        end = data.find(b"</" + name + b">", m.end())
        return data if end < 0 else data[:end] + data[end + len(name) + 3:]
    if kind == 2:  # nest deeply
        depth = rng.choice((100, 1000, 5000))
        return data[: m.start()] + m.group(0) * depth + data[m.start():]
    if kind == 3:  # a huge attribute value or text
        return data[: m.end()] + b"x" * rng.choice((10_000, 1_000_000)) + data[m.end():]
    # change a number inside the tag (ids, sizes, ranges, spans)
    nums = list(re.finditer(rb"\d+", m.group(0)))
    if not nums:
        return data
    n = rng.choice(nums)
    new = rng.choice((b"0", b"-1", b"99999999999", b"2000000000", b"16384"))
    s = m.start() + n.start()
    return data[:s] + new + data[m.start() + n.end():]


def zip_member(rng: random.Random, data: bytes) -> bytes:
    """Rewrite one member of an OOXML zip with its bytes or its XML structure mutated."""
    try:
        zin = zipfile.ZipFile(io.BytesIO(data))
        infos = zin.infolist()
        members = [(i, zin.read(i)) for i in infos]
    except Exception:  # noqa: BLE001 - the seed itself is a mutant
        return bit_flips(rng, data)
    k = rng.randrange(len(members))
    info, body = members[k]
    op = rng.choice((xml_structure, xml_structure, byte_noise, truncate, duplicate_chunk))
    if body:
        members[k] = (info, op(rng, body))
    if rng.random() < 0.1:  # drop a member altogether
        members.pop(rng.randrange(len(members)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for inf, b in members:
            zout.writestr(inf.filename, b)
    return out.getvalue()


def mutators(fmt: str):
    base = [bit_flips, truncate, duplicate_chunk, byte_noise]
    if fmt in ("docx", "xlsx"):
        return base + [zip_member] * 4
    if fmt == "html":
        return base + [xml_structure] * 2
    return base


def mutate(rng: random.Random, fmt: str, data: bytes) -> bytes:
    out = data
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        if len(out) < 2:  # every mutator needs a byte to work on and somewhere to cut
            break
        out = rng.choice(mutators(fmt))(rng, out)
    return out or b"x"


# -- the worker --------------------------------------------------------------------

def _worker(conn, mem_mb: int, ner: bool) -> None:  # noqa: ANN001 - a Connection
    import resource

    if mem_mb:
        resource.setrlimit(resource.RLIMIT_AS, (mem_mb * 1024 * 1024, mem_mb * 1024 * 1024))
    sys.path.insert(0, str(ROOT))
    import logging

    logging.getLogger("baomi").setLevel(logging.ERROR)  # "reader failed on a pdf input" is an outcome here
    import pipelines
    from scanner import BaomiError, ScanOptions, Scanner

    scanner = Scanner(ScanOptions(ner=ner))
    conn.send(("ready",))
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        name, data = job
        try:
            doc = pipelines.read_bytes(data, name)
            report = scanner.scan(doc)
            result = ("report", report.verdict)
        except BaomiError as exc:
            result = ("error", exc.code)
        except BaseException as exc:  # noqa: BLE001 - what the fuzzer looks for
            frames = traceback.extract_tb(exc.__traceback__)[-4:]
            where = " < ".join(f"{Path(f.filename).name}:{f.lineno}" for f in reversed(frames))
            result = ("crash", f"{type(exc).__name__} at {where}")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        conn.send((*result, rss))


class Runner:
    def __init__(self, mem_mb: int, ner: bool) -> None:
        self.ctx = multiprocessing.get_context("spawn")
        self.mem_mb, self.ner = mem_mb, ner
        self.proc = None
        self.conn = None
        self.peak_mb = 0

    def start(self) -> None:
        parent, child = self.ctx.Pipe()
        self.proc = self.ctx.Process(target=_worker, args=(child, self.mem_mb, self.ner), daemon=True)
        self.proc.start()
        child.close()
        self.conn = parent
        if not parent.poll(300):
            raise SystemExit("fuzz worker did not start")
        parent.recv()

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.join(10)
            self.conn.close()
            self.proc = None

    def run(self, name: str, data: bytes, timeout: float) -> tuple[str, str]:
        if self.proc is None:
            self.start()
        try:
            self.conn.send((name, data))
            if not self.conn.poll(timeout):
                self.stop()
                return "hang", f"over {timeout:g}s"
            kind, detail, rss = self.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            code = self.proc.exitcode if self.proc else None
            self.stop()
            return "crash", f"worker died (exit {code})"
        self.peak_mb = max(self.peak_mb, rss)
        return kind, detail


# -- the run -------------------------------------------------------------------------

@dataclass
class Tally:
    cases: int = 0
    outcomes: Counter = field(default_factory=Counter)
    crashes: list[str] = field(default_factory=list)
    hangs: int = 0
    seconds: float = 0.0
    peak_mb: int = 0


def seeds() -> dict[str, list[tuple[str, bytes]]]:
    out: dict[str, list[tuple[str, bytes]]] = {f: [] for f in FORMATS}
    for p in sorted(SAMPLES.iterdir()):
        fmt = p.suffix.lstrip(".").lower()
        if fmt in out:
            out[fmt].append((p.name, p.read_bytes()))
    return out


def fuzz(formats: list[str], *, cases: int, seconds: float, seed: int, timeout: float, mem_mb: int, ner: bool,
         keep: Path, say=print) -> dict[str, Tally]:
    rng = random.Random(seed)
    pool = seeds()
    tallies = {f: Tally() for f in formats}
    runner = Runner(mem_mb, ner)
    runner.start()
    start = time.monotonic()
    deadline = start + seconds if seconds else None
    try:
        while True:
            if deadline is not None and time.monotonic() >= deadline:
                break
            if cases and all(t.cases >= cases for t in tallies.values()):
                break
            fmt = min(formats, key=lambda f: tallies[f].cases)  # keep the formats level
            name, data = rng.choice(pool[fmt])
            mutant = mutate(rng, fmt, data)
            t0 = time.monotonic()
            kind, detail = runner.run(name, mutant, timeout)
            t = tallies[fmt]
            t.seconds += time.monotonic() - t0
            t.cases += 1
            t.outcomes[kind if kind != "error" else f"error:{detail}"] += 1
            if kind in ("crash", "hang"):
                keep.mkdir(parents=True, exist_ok=True)
                path = keep / f"{fmt}-{kind}-{hashlib.sha256(mutant).hexdigest()[:12]}{Path(name).suffix}"
                path.write_bytes(mutant)
                if kind == "crash":
                    t.crashes.append(f"{detail} ({path})")
                else:
                    t.hangs += 1
                say(f"{kind}: {fmt} {detail} -> {path}")
            t.peak_mb = max(t.peak_mb, runner.peak_mb)
    finally:
        runner.stop()
    return tallies


def summary(tallies: dict[str, Tally]) -> list[str]:
    lines = ["| format | mutants | reports | coded errors | tracebacks | hangs | peak RSS (MB) | cases/s |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for fmt, t in tallies.items():
        errors = sum(n for k, n in t.outcomes.items() if k.startswith("error:"))
        rate = t.cases / t.seconds if t.seconds else 0.0
        lines.append(f"| {fmt} | {t.cases} | {t.outcomes['report']} | {errors} | {len(t.crashes)} | {t.hangs} | "
                     f"{t.peak_mb} | {rate:.1f} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--formats", nargs="+", choices=FORMATS, default=list(FORMATS))
    ap.add_argument("--cases", type=int, default=0, help="mutants per format (0: as many as time allows)")
    ap.add_argument("--seconds", type=float, default=120.0, help="time bound for the whole run (0: none)")
    ap.add_argument("--seed", type=int, default=int(time.time()))
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds per case before it counts as a hang")
    ap.add_argument("--mem-mb", type=int, default=1536, help="address-space cap of the worker (RLIMIT_AS)")
    ap.add_argument("--ner", action="store_true", help="run the NER model too (slower)")
    ap.add_argument("--keep", type=Path, default=Path(tempfile.gettempdir()) / "baomi-fuzz")
    ap.add_argument("--json", type=Path, help="write the tallies here as JSON")
    args = ap.parse_args(argv)
    if not args.cases and not args.seconds:
        ap.error("give --cases, --seconds or both")
    print(f"seed {args.seed}; crashes and hangs kept in {args.keep}", flush=True)
    tallies = fuzz(args.formats, cases=args.cases, seconds=args.seconds, seed=args.seed, timeout=args.timeout,
                   mem_mb=args.mem_mb, ner=args.ner, keep=args.keep, say=lambda s: print(s, flush=True))
    for line in summary(tallies):
        print(line)
    if args.json:
        args.json.write_text(json.dumps({f: {"cases": t.cases, "outcomes": dict(t.outcomes), "crashes": t.crashes,
                                             "hangs": t.hangs, "peak_mb": t.peak_mb, "seconds": round(t.seconds, 1)}
                                         for f, t in tallies.items()}, ensure_ascii=False, indent=1))
    bad = sum(len(t.crashes) + t.hangs for t in tallies.values())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
