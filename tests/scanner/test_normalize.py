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


@pytest.mark.parametrize(
    "original,expected",
    [
        ("县公安局\u3000\u3000陶卫东", "县公安局  陶卫东"),  # a column break stays a break
        ("杜桂兰\t河口村三组", "杜桂兰\t河口村三组"),
        ("阿依努尔·吐尔逊", "阿依努尔·吐尔逊"),  # the dot of a transliterated name stays
        ("王  刚  男\n张三丰  女", "王刚  男\n张三丰  女"),  # a padded two-character name is closed up, once
        ("1\t王  刚\t男", "1\t王刚\t男"),
        ("夏\u200b雨", "夏雨"),  # zero-width characters go as always
        ("機密", "机密"),
    ],
)
def test_layout_form_for_the_name_model(original, expected):
    nt = normalize(original, layout=True)
    assert nt.text == expected
    for j, ch in enumerate(nt.text):
        assert normalize(original[nt.orig(j)]).text == ch


@given(st.text(alphabet=st.sampled_from(list("机密王刚 \t\u200b·Ａ\n")), max_size=40))
def test_norm_inverts_orig(text):
    nt = normalize(text)
    for j in range(len(nt.text)):
        assert nt.norm(nt.orig(j)) == j
    assert nt.norm(len(text)) == len(nt.text)
    # every original index lands on the first kept character at or after it
    for i in range(len(text) + 1):
        j = nt.norm(i)
        assert j == len(nt.text) or nt.orig(j) >= i
        assert j == 0 or nt.orig(j - 1) < i


@pytest.mark.parametrize("text,norm", [
    ("設(shè)施達(dá)不到", "设施达不到"),  # a mirror site's toned pinyin splits 设施
    ("機(jī)密★10年", "机密★10年"),
    ("世界贸易组织(wto)成员", "世界贸易组织(wto)成员"),  # no tone mark: not pinyin
    ("（见附件）", "(见附件)"),
])
def test_toned_pinyin_after_a_character_is_removed_with_offsets_kept(text, norm):
    for layout in (False, True):
        nt = normalize(text, layout=layout)
        assert nt.text == norm
        # every kept character maps back to the same character in the original
        assert all(normalize(text[nt.orig(j)]).text == nt.text[j] for j in range(len(nt.text)))


@pytest.mark.parametrize("text,layout", [
    ("值班领导：郑 斌    值班员：柴雨晴", "值班领导:郑斌    值班员:柴雨晴"),  # after a label
    ("审核丨刘 杰", "审核丨刘杰"),
    ("（联系人：龙 涛，电话：0416）", "(联系人:龙涛,电话:0416)"),
    ("县公安局　　陶卫东", "县公安局  陶卫东"),  # a column break stays
])
def test_a_letter_spaced_name_after_a_label_is_closed_up_for_the_name_model(text, layout):
    assert normalize(text, layout=True).text == layout
