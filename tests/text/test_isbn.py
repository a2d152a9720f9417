"""ISBN normalisation: every typed form of a real Chinese ISBN, every typo refused."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fangzhi.text.isbn import InvalidISBN, format_isbn13, normalise_isbn


def ean13_check(first12: str) -> str:
    """Written out independently of the module: weights 1,3,1,3…, then 10 − sum mod 10."""
    weights = [1, 3] * 6
    return str(-sum(w * int(d) for w, d in zip(weights, first12, strict=True)) % 10)


def isbn10_check(first9: str) -> str:
    remainder = -sum((10 - i) * int(d) for i, d in enumerate(first9)) % 11
    return "X" if remainder == 10 else str(remainder)


# Group 7 (China) with real publisher prefixes: 人民文学出版社 7-02, 中华书局 7-101,
# 上海古籍出版社 7-5325, 四川人民出版社 7-220, 方志出版社 7-5144.
CHINESE_13 = ["978702" + "000220", "978710100305", "978753256789", "978722012345", "978751440123"]
CHINESE_13 = [first12 + ean13_check(first12) for first12 in CHINESE_13]


@pytest.mark.parametrize("isbn", CHINESE_13)
def test_typed_forms_of_a_chinese_isbn13(isbn):
    hyphenated = f"{isbn[:3]}-{isbn[3]}-{isbn[4:8]}-{isbn[8:12]}-{isbn[12]}"
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in hyphenated)  # ０-９ and －
    for typed in [
        isbn,
        hyphenated,
        f"ISBN {hyphenated}",
        f"isbn-13: {isbn}",
        f"ISBN：{full_width}",
        f" {isbn[:3]} {isbn[3:7]} {isbn[7:]} ",
        hyphenated.replace("-", "\u2013"),  # an en dash from a word processor
    ]:
        assert normalise_isbn(typed) == isbn, typed


def test_isbn10_becomes_978_isbn13():
    # 中华书局's 7-101-00305-? : compute the ISBN-10 check digit, then the ISBN-13's.
    first9 = "710100305"
    isbn10 = first9 + isbn10_check(first9)
    expected = "978" + first9 + ean13_check("978" + first9)
    assert normalise_isbn(f"ISBN {isbn10[0]}-{isbn10[1:4]}-{isbn10[4:9]}-{isbn10[9]}") == expected


def test_isbn10_with_x_check_digit():
    # Find a real-looking Chinese ISBN-10 whose check character is X, in upper or lower case.
    first9 = next(f"7530{n:05d}" for n in range(1000) if isbn10_check(f"7530{n:05d}") == "X")
    assert normalise_isbn(first9 + "X") == normalise_isbn(first9 + "x")
    assert normalise_isbn(first9 + "X").startswith("9787530")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "length"),
        ("ISBN", "length"),
        ("978-7-101", "length"),
        ("97871010030551", "length"),
        ("978-7-1O1-00305-5", "characters"),  # a letter O for a zero
        ("97871010030X5", "characters"),
        ("978710100305X", "characters"),  # X is only an ISBN-10 check character
        ("123456789012" + ean13_check("123456789012"), "prefix"),
    ],
)
def test_refusals_carry_a_reason(value, reason):
    with pytest.raises(InvalidISBN) as caught:
        normalise_isbn(value)
    assert caught.value.reason == reason
    assert str(caught.value)


def test_wrong_check_digits():
    isbn = CHINESE_13[0]
    wrong = isbn[:12] + str((int(isbn[12]) + 1) % 10)
    with pytest.raises(InvalidISBN) as caught:
        normalise_isbn(wrong)
    assert caught.value.reason == "check_digit"
    first9 = "710100305"
    wrong10 = first9 + ("0" if isbn10_check(first9) != "0" else "1")
    with pytest.raises(InvalidISBN, match="ISBN-10"):
        normalise_isbn(wrong10)


def test_invalid_isbn_is_a_value_error():
    assert issubclass(InvalidISBN, ValueError)


def test_format_keeps_the_prefix_apart():
    assert format_isbn13(CHINESE_13[0]) == CHINESE_13[0][:3] + "-" + CHINESE_13[0][3:]
    assert format_isbn13("ISBN " + CHINESE_13[1]) == CHINESE_13[1][:3] + "-" + CHINESE_13[1][3:]
    with pytest.raises(InvalidISBN):
        format_isbn13("978-0000000000")


digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


@st.composite
def valid_isbn13(draw):
    first12 = draw(st.sampled_from(["978", "979"])) + draw(digits)
    return first12 + ean13_check(first12)


@st.composite
def valid_isbn10(draw):
    first9 = draw(digits)
    return first9 + isbn10_check(first9)


@given(valid_isbn13())
def test_every_valid_isbn13_is_accepted(isbn):
    assert normalise_isbn(isbn) == isbn


@given(valid_isbn13(), st.integers(0, 12), st.integers(1, 9))
def test_any_single_digit_changed_in_isbn13_is_refused(isbn, position, shift):
    changed = isbn[:position] + str((int(isbn[position]) + shift) % 10) + isbn[position + 1 :]
    with pytest.raises(InvalidISBN):
        normalise_isbn(changed)


@given(valid_isbn10(), st.integers(0, 9), st.integers(0, 9))
def test_any_single_character_changed_in_isbn10_is_refused(isbn, position, shift):
    alphabet = "0123456789X" if position == 9 else "0123456789"
    offset = 1 + shift % (len(alphabet) - 1)  # never 0: the character always changes
    replacement = alphabet[(alphabet.index(isbn[position]) + offset) % len(alphabet)]
    changed = isbn[:position] + replacement + isbn[position + 1 :]
    with pytest.raises(InvalidISBN):
        normalise_isbn(changed)


@given(valid_isbn10())
def test_isbn10_conversion_agrees_with_an_independent_computation(isbn10):
    expected = "978" + isbn10[:9] + ean13_check("978" + isbn10[:9])
    assert normalise_isbn(isbn10) == expected
