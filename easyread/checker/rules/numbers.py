"""Numbers (rules `number-word`, `percentage`, `large-number`, `roman-numeral`).

Guidance: Inclusion Europe "Information for all" ("write numbers as digits,
not words"; "avoid percentages and big numbers"; "do not use Roman
numerals"), Mencap "Am I making myself clear?" (use digits; avoid percentages
and large numbers), Department of Health (2010) (numbers as digits; explain
percentages and large numbers in words, such as "1 in 4" or "lots of people").

All warnings:
- `number-word` (English): "two" to "twenty", "thirty" … "billion" written as
  words; suggests the digits ("three" -> "3", "twenty-five" -> "25"). "one" is
  fine ("one day", "one of your friends").
- `percentage` (every language for "25%"; English also for "25 per cent").
- `large-number`: numbers over 1,000 (every language). Years (1900 to 2099),
  phone numbers and codes (starting with 0, or next to another group of
  digits, or 5 or more digits with no separator) are left alone.
- `roman-numeral`: "Part II", "Stage IV", "XIV" (every language).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from easyread.checker.model import Finding, Severity
from easyread.checker.rules import Context, quote
from easyread.checker.wordsets import word_set

NUMBER_WORD_RULE = "number-word"
PERCENTAGE_RULE = "percentage"
LARGE_NUMBER_RULE = "large-number"
ROMAN_NUMERAL_RULE = "roman-numeral"

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
LARGE = 1_000

_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
# Words after which a lone capital letter or short numeral is a number: "Part V".
_ROMAN_CONTEXT = word_set(
    """part section chapter stage tier phase level volume schedule appendix annex article
    class type book step year key"""
)
_PERCENT = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)?\s?[%٪]")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_SPACED_THOUSANDS = re.compile(r"(?<![\d\u00a0\u202f])\d{1,3}(?:[\u00a0\u202f]\d{3})+(?![\d])")
_PER_CENT = frozenset({"percent", "per-cent"})


def is_roman_numeral(text: str) -> bool:
    """True for I, V and X numerals of two letters or more ("II", "IV", "XIV")."""
    return len(text) >= 2 and set(text) <= set("IVX") and _ROMAN.fullmatch(text) is not None


def roman_value(text: str) -> int:
    total = 0
    for letter, following in zip(text, [*text[1:], ""], strict=True):
        value = _ROMAN_VALUES[letter]
        total += -value if following and _ROMAN_VALUES[following] > value else value
    return total


@lru_cache(maxsize=8_192)
def _number_word_value(word: str) -> int | None:
    """The value of "three", "twenty-five" or "hundred", or None."""
    if word in UNITS:
        return UNITS[word]
    if word in SCALES:
        return SCALES[word]
    tens, _, unit = word.partition("-")
    tens_value, unit_value = UNITS.get(tens, 0), UNITS.get(unit, 0)
    if tens_value >= 20 and tens_value % 10 == 0 and 1 <= unit_value <= 9:
        return tens_value + unit_value
    return None


def _combine(values: list[int]) -> int:
    """3, 100, 20, 5 -> 325: English number words in order."""
    total = 0
    current = 0
    for value in values:
        if value == 100:
            current = max(current, 1) * 100
        elif value >= 1_000:
            total += max(current, 1) * value
            current = 0
        else:
            current += value
    return total + current


def check_number_words(ctx: Context) -> Iterator[Finding]:
    words = ctx.doc.words
    index = 0
    while index < len(words):
        value = None if ctx.claimed[index] else _number_word_value(words[index].lower)
        if value is None:
            index += 1
            continue
        first = index
        values = [value]
        index += 1
        while index < len(words) and words[index].sentence == words[first].sentence:
            if ctx.doc.gap(index - 1, index).strip():
                break
            word = words[index].lower
            if word == "and" and index + 1 < len(words) and values[-1] >= 100:
                following = _number_word_value(words[index + 1].lower)
                if following is not None and following < 100:
                    index += 1
                    continue
            following = _number_word_value(word)
            if following is None or ctx.claimed[index]:
                break
            values.append(following)
            index += 1
        number = _combine(values)
        if len(values) == 1 and words[first].lower in ("one", "zero"):
            continue
        start, end = words[first].start, words[index - 1].end
        text = ctx.text(start, end)
        digits = f"{number:,}"
        message = f"Write numbers as digits: '{digits}', not {quote(text)}."
        if number > LARGE:
            message += " Big numbers are hard to picture, so say what it means if you can."
        ctx.claim(first, index)
        yield ctx.finding(NUMBER_WORD_RULE, Severity.WARNING, start, end, message, digits)


def _percentage_hint(value: float) -> str:
    hints = [
        (0, "none"),
        (10, "1 in 10"),
        (20, "1 in 5"),
        (25, "1 in 4"),
        (33, "1 in 3"),
        (50, "half"),
        (67, "2 in 3"),
        (75, "3 in 4"),
        (90, "9 in 10"),
        (100, "all"),
    ]
    nearest_value, nearest = min(hints, key=lambda hint: abs(hint[0] - value))
    prefix = "" if abs(nearest_value - value) < 1 else "about "
    return f"Say it another way, like '{prefix}{nearest}'."


def check_percentages(ctx: Context) -> Iterator[Finding]:
    plain = ctx.doc.plain
    for match in _PERCENT.finditer(plain):
        number = match.group(0).rstrip("%٪ ").replace(",", ".")
        yield _percentage(ctx, match.start(), match.end(), match.group(0), number)
    if not ctx.english:
        return
    words = ctx.doc.words
    for index in range(1, len(words)):
        word = words[index].lower
        per_cent = word in _PER_CENT or (
            word == "cent" and words[index - 1].lower == "per" and index >= 2
        )
        if not per_cent:
            continue
        amount = words[index - 1 if word != "cent" else index - 2]
        if not amount.text.replace(".", "").isdigit() or amount.sentence != words[index].sentence:
            continue
        text = ctx.text(amount.start, words[index].end)
        yield _percentage(ctx, amount.start, words[index].end, text, amount.text)


def _percentage(ctx: Context, start: int, end: int, text: str, number: str) -> Finding:
    for index in ctx.doc.words_in(start, end):
        ctx.claimed[index] = 1
    try:
        hint = _percentage_hint(float(number))
    except ValueError:
        hint = "Say it another way, like '1 in 4' or 'half'."
    return ctx.finding(
        PERCENTAGE_RULE,
        Severity.WARNING,
        start,
        end,
        f"Percentages like {quote(text)} are hard to understand.",
        hint,
    )


def _looks_like_a_code(ctx: Context, index: int) -> bool:
    """Phone numbers, years and reference numbers: not amounts."""
    words = ctx.doc.words
    text = words[index].text
    if text.startswith("0"):
        return True
    if text.isdigit() and (len(text) >= 5 or (len(text) == 4 and 1900 <= int(text) <= 2099)):
        return True
    before = ctx.doc.plain[max(0, words[index].start - 1) : words[index].start]
    if before in ("+", "#"):
        return True
    for neighbour in (index - 1, index + 1):
        if 0 <= neighbour < len(words) and words[neighbour].text.isdigit():
            left, right = min(index, neighbour), max(index, neighbour)
            if not ctx.doc.gap(left, right).strip():
                return True
    return False


def check_large_numbers(ctx: Context) -> Iterator[Finding]:
    words = ctx.doc.words
    for index, word in enumerate(words):
        if ctx.claimed[index] or not word.text[:1].isdigit():
            continue
        if not _THOUSANDS.fullmatch(word.text) or _looks_like_a_code(ctx, index):
            continue
        value = int(word.text.replace(",", ""))
        scale = words[index + 1].lower if index + 1 < len(words) else ""
        end = word.end
        if ctx.english and scale in ("thousand", "million", "billion"):
            value *= SCALES[scale]
            end = words[index + 1].end
        if value <= LARGE:
            continue
        yield _large_number(ctx, word.start, end)
    for match in _SPACED_THOUSANDS.finditer(ctx.doc.plain):
        yield _large_number(ctx, match.start(), match.end())


def _large_number(ctx: Context, start: int, end: int) -> Finding:
    return ctx.finding(
        LARGE_NUMBER_RULE,
        Severity.WARNING,
        start,
        end,
        f"Big numbers like {quote(ctx.text(start, end))} are hard to picture.",
        "Say what it means if you can, like 'more than 1,000 people' or 'lots of people'.",
    )


def check_roman_numerals(ctx: Context) -> Iterator[Finding]:
    words = ctx.doc.words
    for index, word in enumerate(words):
        text = word.text
        if ctx.claimed[index] or text[0] not in "IVX":
            continue
        roman = is_roman_numeral(text)
        if not roman and text in ("I", "V", "X") and index > 0:
            before = words[index - 1]
            roman = before.lower in _ROMAN_CONTEXT and before.sentence == word.sentence
        if not roman:
            continue
        value = roman_value(text)
        yield ctx.finding(
            ROMAN_NUMERAL_RULE,
            Severity.WARNING,
            word.start,
            word.end,
            f"Roman numerals like {quote(text)} are hard to read. Write '{value}' instead.",
            str(value),
        )
