"""Normalisation undoes evasions and every normalised character maps back to its original."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from scanner.normalize import normalize

CASES = [
    # original, normalised
    ("秘 密 ★ ５ 年", "秘密 ★ 5 年"),
    ("機密★長期", "机密★长期"),
    ("机\u200b密", "机密"),
    ("机·密", "机密"),
    ("机\u3000密", "机密"),
    ("机\u00a0\u200b 密", "机密"),
    ("ＡＢＣ１２３", "ABC123"),
    ("第一行\n第二行", "第一行\n第二行"),  # newlines between CJK stay: lines carry meaning
    ("A B 机 密", "A B 机密"),  # spaces next to non-CJK stay
    ("\u200b\u200b秘密", "秘密"),
    ("秘密*长期", "秘密*长期"),  # a star is part of a marking, never removed
    ("國家祕密", "国家秘密"),
]


@pytest.mark.parametrize("original,expected", CASES)
def test_normalised_form(original, expected):
    assert normalize(original).text == expected


@pytest.mark.parametrize("original,expected", CASES)
def test_every_character_maps_back(original, expected):
    nt = normalize(original)
    for j, ch in enumerate(nt.text):
        i = nt.orig(j)
        src = original[i]
        # the original character normalises (alone) to the normalised one
        assert normalize(src).text in (ch, ""), (j, ch, i, src)


def test_span_covers_inserted_characters():
    original = "前文秘 \u200b密★1年后文"
    nt = normalize(original)
    j = nt.text.index("秘密★1年")
    s, e = nt.orig_span(j, j + len("秘密★1年"))
    assert original[s:e] == "秘 \u200b密★1年"


def test_empty_and_identity():
    assert normalize("").text == ""
    nt = normalize("plain ascii text")
    assert nt.orig_span(6, 11) == (6, 11)


@given(st.text(alphabet=st.sampled_from(list("机密秘 \u200b·ＡA１\n國家")), max_size=40))
def test_offsets_are_monotonic_and_in_range(text):
    nt = normalize(text)
    prev = -1
    for j in range(len(nt.text)):
        i = nt.orig(j)
        assert prev < i < len(text)
        prev = i
    if nt.text:
        s, e = nt.orig_span(0, len(nt.text))
        assert 0 <= s < e <= len(text)
