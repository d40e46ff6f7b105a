"""Segment counting: GSM-7 with its extension table, UCS-2 in UTF-16 code units."""

from __future__ import annotations

import pytest

from portal.services.messaging.segments import Encoding, count_segments, is_gsm7


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments"),
    [
        ("", Encoding.GSM7, 0, 1),
        ("a" * 160, Encoding.GSM7, 160, 1),
        ("a" * 161, Encoding.GSM7, 161, 2),
        ("a" * 306, Encoding.GSM7, 306, 2),
        ("a" * 307, Encoding.GSM7, 307, 3),
        # "€" is an extension character: 2 septets.
        ("€" * 80, Encoding.GSM7, 160, 1),
        ("a" * 159 + "€", Encoding.GSM7, 161, 2),
        # A part never splits the escape from its character: 152 + 2 spills over.
        ("a" * 152 + "[" + "a" * 10, Encoding.GSM7, 164, 2),
        ("a" * 152 + "[" + "a" * 152, Encoding.GSM7, 306, 3),
        ("£10 at 10:30, café", Encoding.GSM7, 18, 1),
        # Welsh ŵ is not GSM-7: the whole message is UCS-2.
        ("Dydd Mercher, ŵyr", Encoding.UCS2, 17, 1),
        ("a" * 69 + "ŵ", Encoding.UCS2, 70, 1),
        ("a" * 70 + "ŵ", Encoding.UCS2, 71, 2),
        ("a" * 133 + "ŵ", Encoding.UCS2, 134, 2),
        ("a" * 134 + "ŵ", Encoding.UCS2, 135, 3),
        # An emoji outside the BMP is 2 UTF-16 code units.
        ("👍", Encoding.UCS2, 2, 1),
        ("👍" * 35, Encoding.UCS2, 70, 1),
        ("👍" * 36, Encoding.UCS2, 72, 2),
        # 66 units then an emoji: the pair is not split, so it starts part 2.
        ("a" * 66 + "👍" + "a" * 5, Encoding.UCS2, 73, 2),
        ("a" * 66 + "👍" + "a" * 66, Encoding.UCS2, 134, 3),
        # Curly quotes and Arabic script are UCS-2.
        ("It’s fine", Encoding.UCS2, 9, 1),
        ("نعم", Encoding.UCS2, 3, 1),
    ],
)
def test_counts_segments(text: str, encoding: Encoding, units: int, segments: int) -> None:
    counted = count_segments(text)
    assert (counted.encoding, counted.units, counted.segments) == (encoding, units, segments)


def test_gsm7_alphabet_includes_its_letters_and_not_others() -> None:
    assert is_gsm7("Ä Ö Ñ Ü ä ö ñ ü à è é ù ì ò Ç Ø ø Å å Æ æ ß É ¡ ¿ § ¤ Δ Ω {}[]~|^\\€")
    for character in ("á", "í", "ó", "ú", "ç", "ŵ", "ŷ", "’", "“", "—", "…", "\t", "\x1b"):
        assert not is_gsm7(character), character
