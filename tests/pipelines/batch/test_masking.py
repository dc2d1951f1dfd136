"""Masked numbers that combine across pages into more digits than either shows."""
from __future__ import annotations

import pytest

from pipelines.batch.masking import canonical_mask, check, compatible, leaks
from pipelines.batch.model import Outcome


@pytest.mark.parametrize("a, b, expected", [
    ("110101********1234", "1101011990****1234", False),  # b reveals everything a does: nothing new for a reader holding b
    ("110101********1234", "**************1234", False),
    ("110101********1234", "******1990****1234", True),  # together: 14 of 18
    ("110101********1234", "110102********1234", False),  # disagree at a shared digit: different people
    ("138****5678", "1380000****", True),
    ("138****5678", "138****5678", False),  # same mask everywhere is the goal
    ("138****5678", "138****56789", False),  # lengths differ
])
def test_leaks(a, b, expected):
    assert leaks(a, b) is expected and leaks(b, a) is expected


def test_compatible_ignores_masked_positions():
    assert compatible("1*3", "*23") and not compatible("1*3", "*24")


@pytest.mark.parametrize("type_, text, expected", [
    ("pii.phone", "138-****-5678", "138****5678"),
    ("pii.phone", "138xxxx5678", "138****5678"),
    ("pii.id_number", "110101********123x", "110101********123X"),  # a final X is the check digit, not a mask
    ("pii.id_number", "110101●●●●●●●●1234", "110101********1234"),
])
def test_canonical_mask(type_, text, expected):
    assert canonical_mask(type_, text) == expected


def page(name, *masked):
    findings = [{"type": t, "text": v, "normalized": v, "extra": {"masked": True}, "fingerprint": v} for t, v in masked]
    findings.append({"type": "pii.phone", "text": "13800000000", "normalized": "13800000000", "fingerprint": "x"})  # unmasked: not part of the check
    return Outcome(name, "page", "new", report={"findings": findings})


def test_groups_across_pages():
    outs = [
        page("http://x/a.html", ("pii.id_number", "110101********1234")),
        page("http://x/b.html", ("pii.id_number", "******19900101****")),
        page("http://x/c.html", ("pii.id_number", "**************1234")),  # compatible with both but adds nothing to a
        page("http://x/d.html", ("pii.phone", "139****0000")),
    ]
    groups = check(outs)
    assert len(groups) == 1
    g = groups[0]
    assert g.type == "pii.id_number" and g.length == 18
    assert g.revealed == 18 and g.complete  # 6 + 8 + 4 positions, all different
    assert g.best_single == 10
    assert sorted(g.pages) == ["http://x/a.html", "http://x/b.html", "http://x/c.html"]
    assert "1101011990" not in "".join(g.forms)  # the reconstruction is never written out
