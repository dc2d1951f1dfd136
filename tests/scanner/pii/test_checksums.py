"""Properties of the check characters: every single-character error is caught."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from scanner.pii.bank_card import luhn_ok
from scanner.pii.credit_code import ALPHABET
from scanner.pii.credit_code import check_char as credit_check
from scanner.pii.id_number import check_char as id_check

digits = st.text(alphabet="0123456789", min_size=17, max_size=17)


@given(digits, st.integers(0, 16), st.integers(1, 9))
def test_mod11_2_catches_any_single_digit_change(body, pos, delta):
    # 2**k mod 11 is never 0, so changing one digit always changes the sum mod 11.
    changed = body[:pos] + str((int(body[pos]) + delta) % 10) + body[pos + 1 :]
    assert id_check(changed) != id_check(body)


@given(st.text(alphabet="0123456789", min_size=15, max_size=18), st.integers(0, 100), st.integers(1, 9))
def test_luhn_catches_any_single_digit_change(payload, where, delta):
    check = next(str(d) for d in range(10) if luhn_ok(payload + str(d)))
    number = payload + check
    pos = where % len(number)
    changed = number[:pos] + str((int(number[pos]) + delta) % 10) + number[pos + 1 :]
    assert luhn_ok(number) and not luhn_ok(changed)


@given(st.text(alphabet=ALPHABET, min_size=17, max_size=17), st.integers(0, 16), st.integers(1, 30))
def test_gb32100_catches_any_single_character_change(body, pos, delta):
    # 31 is prime and every weight 3**i mod 31 is non-zero.
    swapped = ALPHABET[(ALPHABET.index(body[pos]) + delta) % 31]
    changed = body[:pos] + swapped + body[pos + 1 :]
    assert credit_check(changed) != credit_check(body)
