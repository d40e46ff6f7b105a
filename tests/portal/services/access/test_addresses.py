"""Reading the mobile number or email address someone types at /sign-in."""

from __future__ import annotations

from portal.models import Channel
from portal.services.access.addresses import Address, normalise_address


def test_normalise_address() -> None:
    assert normalise_address(" 07700 900123 ") == Address(Channel.SMS, "+447700900123")
    assert normalise_address("+44 7700 900123") == Address(Channel.SMS, "+447700900123")
    assert normalise_address(" Alex.Parent@Example.ORG ") == Address(
        Channel.EMAIL, "alex.parent@example.org"
    )
    for junk in ("", "   ", "my phone", "0114 496 0000", "alex@", "@example.org", "x" * 255):
        assert normalise_address(junk) is None, junk
