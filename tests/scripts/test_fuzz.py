"""A minute of fuzzing in the suite: mutants of every sample format end in a report or a coded error."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_a_minute_of_fuzzing_finds_no_traceback_and_no_hang(tmp_path):
    out = tmp_path / "tally.json"
    r = subprocess.run([sys.executable, "scripts/fuzz.py", "--seconds", "60", "--seed", "15", "--timeout", "60",
                        "--keep", str(tmp_path / "kept"), "--json", str(out)], cwd=ROOT, capture_output=True,
                       timeout=600)
    tally = json.loads(out.read_text())
    assert set(tally) == {"txt", "html", "docx", "xlsx", "pdf"}
    for fmt, t in tally.items():
        assert t["cases"] > 0, fmt
        assert t["crashes"] == [] and t["hangs"] == 0, (fmt, t)
    assert r.returncode == 0, r.stdout.decode(errors="replace")[-2000:]


def test_mutators_change_the_bytes_and_keep_zip_members_readable():
    import importlib.util
    import io
    import random
    import zipfile

    spec = importlib.util.spec_from_file_location("baomi_fuzz", ROOT / "scripts" / "fuzz.py")
    fuzz = importlib.util.module_from_spec(spec)
    sys.modules["baomi_fuzz"] = fuzz  # dataclasses look their module up
    spec.loader.exec_module(fuzz)
    rng = random.Random(3)
    docx = (ROOT / "corpus_samples" / "documents" / "05_clean_notice.docx").read_bytes()
    names = set(zipfile.ZipFile(io.BytesIO(docx)).namelist())
    changed = 0
    for _ in range(20):
        m = fuzz.zip_member(rng, docx)
        z = zipfile.ZipFile(io.BytesIO(m))  # still a zip: the mutation is inside a member
        assert set(z.namelist()) <= names
        changed += m != docx
    assert changed == 20
    assert fuzz.truncate(rng, b"abcdef") in (b"a", b"ab", b"abc", b"abcd", b"abcde")
    flipped = fuzz.bit_flips(random.Random(1), bytes(64))
    assert flipped != bytes(64) and len(flipped) == 64
