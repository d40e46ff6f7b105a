"""The mobile number or email address someone types at /sign-in, read the way
contacts store it."""

from __future__ import annotations

from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

from portal.models import Channel
from portal.phone import InvalidPhoneNumber, to_e164

__all__ = ["Address", "normalise_address"]


@dataclass(frozen=True)
class Address:
    """A mobile number (E.164) or an email address (lower case), as stored on contacts."""

    channel: Channel
    value: str


def normalise_address(text: str | None) -> Address | None:
    """The mobile number or email address someone typed, as contacts store it;
    None when it is neither."""
    text = (text or "").strip()
    if not text or len(text) > 254:
        return None
    if "@" in text:
        try:
            validate_email(text, check_deliverability=False)
        except EmailNotValidError:
            return None
        return Address(Channel.EMAIL, text.lower())
    try:
        return Address(Channel.SMS, to_e164(text))
    except InvalidPhoneNumber:
        return None
