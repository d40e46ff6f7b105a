"""Phone numbers: parsed with `phonenumbers`, stored in E.164 (+447700900123)."""

from __future__ import annotations

import re

import phonenumbers

OFCOM_DRAMA_MOBILES = re.compile(r"\+447700900\d{3}")


class InvalidPhoneNumber(ValueError):
    """The text is not a phone number we can send a text message to."""


def to_e164(raw: str, default_region: str = "GB") -> str:
    """Return `raw` as an E.164 mobile number, or raise InvalidPhoneNumber.

    UK numbers may be written the usual way ("07700 900123"); numbers from
    other countries need their country code ("+33 6 12 34 56 78").
    """
    try:
        parsed = phonenumbers.parse(raw, default_region)
    except phonenumbers.NumberParseException:
        raise InvalidPhoneNumber(raw) from None
    if not phonenumbers.is_possible_number(parsed):
        raise InvalidPhoneNumber(raw)
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    # Ofcom keeps 07700 900000 to 900999 for drama: never allocated, so safe for
    # demo and test data. The library calls them invalid; we accept them.
    if OFCOM_DRAMA_MOBILES.fullmatch(e164):
        return e164
    if not phonenumbers.is_valid_number(parsed):
        raise InvalidPhoneNumber(raw)
    number_type = phonenumbers.number_type(parsed)
    if number_type not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise InvalidPhoneNumber(raw)
    return e164


def for_display(e164: str) -> str:
    """A stored number written the way people in its country write it."""
    parsed = phonenumbers.parse(e164)
    if parsed.country_code == 44:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
