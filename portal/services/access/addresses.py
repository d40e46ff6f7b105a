"""A contact's mobile number and email address: reading what someone types at
/sign-in the way contacts store it, and the one rule for which addresses a
sign-in link may go to.

**Links go only to checked addresses.** Staff mark a number or address
verified once they have checked that it is this person's
(`portal.services.access.verification`). Until then no link goes to it by
any path: asked for at /sign-in, sent by staff, or `flask invite`.
`issue_link` refuses it too, so a new path cannot forget. The same flags say
when two contact rows are the same person (`portal.services.access.switching`).
"""

from __future__ import annotations

from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import ColumnElement, and_

from portal.models import Channel, Contact
from portal.phone import InvalidPhoneNumber, to_e164

__all__ = [
    "Address",
    "address_of",
    "has_verified_address",
    "is_verified",
    "link_addresses",
    "may_receive_link",
    "normalise_address",
]


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


def address_of(contact: Contact, channel: Channel) -> str | None:
    """The contact's mobile number (for text messages) or email address."""
    return contact.mobile_e164 if channel is Channel.SMS else contact.email


def is_verified(contact: Contact, channel: Channel) -> bool:
    """Whether staff have checked the contact's address for `channel`."""
    if address_of(contact, channel) is None:
        return False
    return contact.phone_verified if channel is Channel.SMS else contact.email_verified


def may_receive_link(contact: Contact, channel: Channel) -> bool:
    """Whether a sign-in link may go to the contact by `channel`: only to an
    address they have that staff have checked. Whether they may use the
    portal at all is `portal_access`'s question."""
    return is_verified(contact, channel)


def link_addresses(contact: Contact) -> list[Address]:
    """The contact's addresses that a link may go to, mobile number first."""
    return [
        Address(channel, value)
        for channel in (Channel.SMS, Channel.EMAIL)
        if (value := address_of(contact, channel)) is not None
        and may_receive_link(contact, channel)
    ]


def has_verified_address(address: Address) -> ColumnElement[bool]:
    """SQL for "this contact has `address`, and it is checked": the rule
    above, for a query."""
    if address.channel is Channel.SMS:
        return and_(Contact.mobile_e164 == address.value, Contact.phone_verified.is_(True))
    return and_(Contact.email == address.value, Contact.email_verified.is_(True))
