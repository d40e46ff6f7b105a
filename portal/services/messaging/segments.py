"""How many parts (segments) a text message is sent and charged as.

A message in the GSM-7 alphabet (3GPP TS 23.038) fits 160 characters in one
segment, and 153 in each segment of a longer one (the rest of each part
says how to join them). The characters of the extension table (such as
"€", "[" and "{") are sent as two, an escape and the character. One
character outside the alphabet (an emoji, curly quotes, "ŵ", Urdu or Arabic
script) sends the whole message as UCS-2: 70 characters in one segment, 67
in each of a longer one, counted in UTF-16 code units, so an emoji outside
the Basic Multilingual Plane counts 2.

A segment boundary never splits an extension character's two septets or a
UTF-16 surrogate pair, as phones and Twilio do.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["Encoding", "SegmentCount", "count_segments", "is_gsm7"]

# The basic table, without the escape (0x1B), which is not a character.
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: each is sent as the escape and one more septet.
GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")

GSM7_SINGLE = 160
GSM7_PART = 153
UCS2_SINGLE = 70
UCS2_PART = 67


class Encoding(enum.StrEnum):
    GSM7 = "gsm7"
    UCS2 = "ucs2"


@dataclass(frozen=True)
class SegmentCount:
    encoding: Encoding
    # Septets for GSM-7 (an extension character is 2), UTF-16 code units for UCS-2.
    units: int
    segments: int


def is_gsm7(text: str) -> bool:
    """Whether every character of `text` is in the GSM-7 alphabet."""
    return all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text)


def _units(text: str, encoding: Encoding) -> list[int]:
    """The width of each character, in septets or UTF-16 code units."""
    if encoding is Encoding.GSM7:
        return [2 if c in GSM7_EXTENSION else 1 for c in text]
    return [2 if ord(c) > 0xFFFF else 1 for c in text]


def _parts(widths: list[int], size: int) -> int:
    """Segments of at most `size` units, never splitting a character."""
    parts, used = 1, 0
    for width in widths:
        if used + width > size:
            parts, used = parts + 1, 0
        used += width
    return parts


def count_segments(text: str) -> SegmentCount:
    """The encoding, length and number of segments of `text` as a text message.
    An empty message is still 1 segment."""
    encoding = Encoding.GSM7 if is_gsm7(text) else Encoding.UCS2
    widths = _units(text, encoding)
    units = sum(widths)
    single, part = (
        (GSM7_SINGLE, GSM7_PART) if encoding is Encoding.GSM7 else (UCS2_SINGLE, UCS2_PART)
    )
    segments = 1 if units <= single else _parts(widths, part)
    return SegmentCount(encoding=encoding, units=units, segments=segments)
