"""The key ring that keeps the staff authenticator keys encrypted at rest."""

from __future__ import annotations

import base64

import pyotp
import pytest

from portal.secrets_at_rest import (
    DEVELOPMENT_ONLY_KEY,
    PUBLISHED_KEYS,
    TEST_ONLY_KEY,
    KeyRing,
    KeyRingError,
    SecretUnreadable,
    check_keys,
    new_key,
    parse_keys,
)

KEY_A, KEY_B = new_key(), new_key()


def test_a_key_ring_encrypts_so_that_only_its_keys_read_it() -> None:
    secret = pyotp.random_base32()
    token = KeyRing([KEY_A]).encrypt(secret)
    assert secret not in token
    # A fresh IV each time: the same secret never gives the same token twice.
    assert KeyRing([KEY_A]).encrypt(secret) != token
    assert KeyRing([KEY_A]).decrypt(token) == secret
    with pytest.raises(SecretUnreadable):
        KeyRing([KEY_B]).decrypt(token)
    assert KeyRing([KEY_B]).decrypt_or_none(token) is None


def test_an_old_key_reads_until_rotation_moves_each_value_to_the_newest() -> None:
    secret = pyotp.random_base32()
    under_a = KeyRing([KEY_A]).encrypt(secret)
    both = KeyRing([KEY_B, KEY_A])
    assert both.decrypt(under_a) == secret
    assert not both.uses_newest_key(under_a)
    assert both.uses_newest_key(both.encrypt(secret))  # the newest (first) key encrypts
    under_b = both.rotate(under_a)
    assert both.uses_newest_key(under_b)
    assert KeyRing([KEY_B]).decrypt(under_b) == secret
    with pytest.raises(SecretUnreadable):
        KeyRing([KEY_A]).decrypt(under_b)
    with pytest.raises(SecretUnreadable):
        KeyRing([KEY_B]).rotate(under_a)


def test_keys_in_the_environment_are_separated_by_commas_newest_first() -> None:
    assert parse_keys(f" {KEY_B} , {KEY_A},") == (KEY_B, KEY_A)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " , ",
        "not-a-key",
        base64.urlsafe_b64encode(b"only sixteen byt").decode(),
        f"{new_key()},{new_key()[:-4]}",
    ],
)
def test_anything_but_fernet_keys_is_refused(text: str) -> None:
    with pytest.raises(KeyRingError):
        parse_keys(text)


def test_the_published_keys_say_what_they_are_and_can_be_refused() -> None:
    assert base64.urlsafe_b64decode(DEVELOPMENT_ONLY_KEY) == b"development-only-not-secret-key!"
    assert base64.urlsafe_b64decode(TEST_ONLY_KEY) == b"test-only-not-secret-key-32bytes"
    check_keys([TEST_ONLY_KEY])
    for published in PUBLISHED_KEYS:
        with pytest.raises(KeyRingError, match="published"):
            check_keys([new_key(), published], published_refused=True)
    check_keys([new_key()], published_refused=True)


def test_a_key_ring_never_shows_its_keys() -> None:
    key_ring = KeyRing([KEY_B, KEY_A])
    assert repr(key_ring) == "<KeyRing of 2 key(s)>"
    assert len(key_ring) == 2
