"""居民身份证号码: checksum, region, birth date, legacy 15 digits, masked forms, boundaries."""
from __future__ import annotations

import json

import pytest

from scanner.pii import find_pii
from scanner.pii.id_number import check_char, is_id15, is_id18, is_masked18

# Hand-computed check characters (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2,
# r = sum mod 11, check = "10X98765432"[r]):
#   32010219850715001 -> 21+18+0+5+0+8+2+9+48+15+0+63+10+25+0+0+2 = 226, r=6 -> "6"
#   44030419881212003 -> 28+36+0+15+0+16+2+9+48+24+7+18+10+10+0+0+6 = 229, r=9 -> "3"
#   64010420000229002 -> 42+36+0+5+0+16+4+0+0+0+0+18+20+45+0+0+4 = 190, r=3 -> "9"
#   11010519491231002 -> 167, r=2 -> "X"
VALID = [
    "320102198507150016",
    "440304198812120033",
    "640104200002290029",  # 29 Feb 2000 is a leap day
    "11010519491231002X",
    "11010519491231002x",
]
INVALID = [
    "320102198507150017",  # check digit off by one
    "640104200102290026",  # checksum right (r=6 -> "6"), but 2001 has no 29 Feb
    "990104200002290029",  # checksum right (sum 256, r=3 -> "9"), region 99 does not exist
    "320102209901010012",  # checksum right (sum 153, r=10 -> "2"), born in 2099
    "320102189901010017",  # checksum right (sum 159, r=5 -> "7"), born in 1899
    "32010219850715001",  # 17 characters
    "3201021985071500161",  # 19 characters
]


@pytest.mark.parametrize("number", VALID)
def test_valid_18(number):
    assert is_id18(number)
    assert check_char(number[:17]) == number[17].upper()


@pytest.mark.parametrize("number", INVALID)
def test_invalid_18(number):
    assert not is_id18(number)


@pytest.mark.parametrize("number,ok", [
    ("320102850715001", True),   # 1985-07-15
    ("440304881212003", True),
    ("320102851315001", False),  # month 13
    ("320102850230001", False),  # 30 Feb
    ("990102850715001", False),  # region 99
])
def test_legacy_15(number, ok):
    assert is_id15(number) is ok


@pytest.mark.parametrize("masked,ok", [
    ("110101********1234", True),
    ("110101199003****12", True),
    ("32010219850715****", True),
    ("110101********123X", True),
    ("******************", False),  # nothing tells the type
    ("990101********1234", False),  # region 99
    ("110101**1990**1234", False),  # two separate masked runs
    ("110101199013****12", False),  # visible month 13
    ("110101********12345", False),  # 19 characters
])
def test_masked_18(masked, ok):
    assert is_masked18(masked) is ok


@pytest.mark.parametrize("text,found", [
    ("申请人：王某，身份证号：320102198507150016，现住", "320102198507150016"),
    ("公民身份号码11010519491231002X。", "11010519491231002X"),
    ("证号 320102 19850715 0016 已核验", "320102 19850715 0016"),
    ("身份证：320102850715001（旧证）", "320102850715001"),
])
def test_found_in_text(text, found):
    hits = [h for h in find_pii(text) if h.type == "pii.id_number"]
    assert [text[h.start:h.end] for h in hits] == [found]
    assert hits[0].extra == {}


@pytest.mark.parametrize("text", [
    "流水号A320102198507150016",      # glued to a letter
    "编号1320102198507150016",        # inside a longer digit run
    "单号320102198507150016B",        # glued on the right
    "身份证号：320102198507150017",    # bad checksum
    "订单号：202403151234567890",      # region 20 does not exist
])
def test_not_an_id(text):
    assert [h for h in find_pii(text) if h.type == "pii.id_number"] == []


@pytest.mark.parametrize("text,found", [
    ("身份证号：110101********1234", "110101********1234"),
    ("身份证号：110101199003****12。", "110101199003****12"),
])
def test_masked_in_text(text, found):
    hits = find_pii(text)
    assert [(text[h.start:h.end], h.type, h.extra) for h in hits] == [(found, "pii.id_number", {"masked": True})]


def test_peer_vectors(shared):
    vectors = json.loads((shared / "peer_vectors" / "stdnum_cn.json").read_text(encoding="utf-8"))
    assert vectors["id_valid"] and vectors["id_invalid"]
    for number in vectors["id_valid"]:
        assert is_id18(number), number
        assert [h.type for h in find_pii(f"身份证号{number}。")] == ["pii.id_number"], number
    for number in vectors["id_invalid"]:
        assert not is_id18(number), number
        assert [h for h in find_pii(f"身份证号{number}。") if h.type == "pii.id_number"] == [], number
