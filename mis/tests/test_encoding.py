"""The text of an uploaded file: UTF-8 as it is, anything else only once the SENCO has seen the names and agreed."""

import pytest

from mis.encoding import EncodingQuestion, decode

NAMES = "UPN,Legal Surname,Legal Forename\r\nA1,Brontë,Zoë\r\nA2,Ní Bhriain,Siân\r\nA3,Müller–Jones,Renée\r\n"


def question(data: bytes, encoding: str = "") -> EncodingQuestion:
    with pytest.raises(EncodingQuestion) as asked:
        decode(data, encoding)
    return asked.value


def test_utf8_with_or_without_byte_order_mark_is_read_as_it_is():
    assert decode(NAMES.encode("utf-8")) == NAMES
    assert decode(NAMES.encode("utf-8-sig")) == NAMES


def test_a_utf8_file_is_read_as_utf8_even_if_told_otherwise():
    # Never mojibake: the same bytes as Windows-1252 would read "BrontÃ«".
    assert decode(NAMES.encode("utf-8"), "cp1252") == NAMES


def test_utf16_with_a_byte_order_mark_is_read_as_it_is():
    assert decode(NAMES.encode("utf-16")) == NAMES


def test_an_excel_windows_csv_is_guessed_as_windows_1252_with_the_names_as_they_would_read():
    asked = question(NAMES.encode("cp1252"))

    assert asked.guess == "cp1252"
    assert asked.label == "Windows-1252 (Western European), as Excel saves CSV files on Windows"
    assert asked.samples == [
        "Row 2: Brontë",
        "Row 2: Zoë",
        "Row 3: Ní Bhriain",
        "Row 3: Siân",
        "Row 4: Müller–Jones",
        "Row 4: Renée",
    ]
    assert str(asked).startswith("This file is not saved as UTF-8. We think it is Windows-1252")


def test_once_the_senco_confirms_the_guess_the_file_is_read_with_it():
    data = NAMES.encode("cp1252")

    assert decode(data, question(data).guess) == NAMES


def test_windows_1252_is_preferred_to_latin_1_when_both_read_the_file():
    latin = NAMES.replace("–", "-")

    asked = question(latin.encode("latin-1"))

    assert asked.guess == "cp1252"
    assert decode(latin.encode("latin-1"), asked.guess) == latin


def test_a_mac_csv_is_guessed_as_mac_roman_not_windows_1252():
    asked = question(NAMES.encode("mac_roman"))

    assert asked.guess == "mac-roman"
    assert "Row 2: Brontë" in asked.samples


def test_samples_are_at_most_eight():
    many = "Name\r\n" + "".join(f"Zoë {n}\r\n" for n in range(20))

    assert len(question(many.encode("cp1252")).samples) == 8


def test_an_encoding_that_does_not_fit_asks_again():
    data = NAMES.encode("cp1252") + b"A4,\x81bad\r\n"

    asked = question(data, "cp1252")

    assert str(asked).startswith("Line 5 of this file cannot be read as Windows-1252")


def test_an_encoding_we_do_not_know_asks_again():
    assert str(question(NAMES.encode("cp1252"), "klingon")).startswith("'klingon' is not a text encoding we know.")


def test_a_file_part_utf8_and_part_not_has_no_guess():
    data = NAMES.encode("utf-8") + "A4,Brontë,Zoë\r\n".encode("cp1252")

    asked = question(data)

    assert asked.guess == "" and asked.samples == []
    assert "Part of this file is saved as UTF-8 and part is not" in str(asked)


def test_a_file_that_is_not_text_says_so():
    asked = question(bytes(range(256)) * 4)

    assert asked.guess == ""
    assert str(asked).startswith("This file is not text we can read")
