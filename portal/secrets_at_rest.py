"""Secrets the portal keeps encrypted at rest: the staff authenticator (TOTP) keys.

Anyone with a staff member's TOTP key can make their codes, so a copy of the
database (a backup, a leaked dump) must not hold the keys themselves. They are
encrypted with Fernet (`cryptography`: AES-128-CBC and HMAC-SHA256, a fresh IV
each time) under a key held outside the database, in TOTP_ENCRYPTION_KEYS.

That setting is a key ring, newest first. The newest key encrypts; every key
decrypts. So a new key is put first, every stored secret is encrypted again with
it (`flask --app portal rotate-encryption-key`), and only then is the old key
removed (docs/operations.md, "Encryption keys").

Nothing here knows about Flask: `create_app` says where the key ring comes from
(`use_key_ring_from`, `use_keys_for_database`), and the encrypted column type
(`portal.models.encrypted`) asks `current_key_ring` each time it is used.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from functools import cache
from weakref import WeakKeyDictionary

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class KeyRingError(ValueError):
    """The keys given are not a usable key ring (none, or one that is not a Fernet key)."""


class SecretUnreadable(RuntimeError):
    """No key in the ring decrypts this value: it was encrypted with a key that
    has been removed from TOTP_ENCRYPTION_KEYS, or it was changed."""


class KeyRing:
    """Fernet keys, newest first. Never shows the keys in its repr."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise KeyRingError("a key ring needs at least one key")
        try:
            fernets = [Fernet(key.encode()) for key in keys]
        except (ValueError, TypeError, AttributeError):
            raise KeyRingError(
                "each key must be a Fernet key (32 bytes, URL-safe base64)"
            ) from None
        self._newest = fernets[0]
        self._all = MultiFernet(fernets)
        self._count = len(fernets)

    def __len__(self) -> int:
        return self._count

    def __repr__(self) -> str:
        return f"<KeyRing of {self._count} key(s)>"

    def encrypt(self, plaintext: str) -> str:
        return self._all.encrypt(plaintext.encode()).decode()

    def decrypt(self, token: str) -> str:
        try:
            return self._all.decrypt(token.encode()).decode()
        except InvalidToken:
            raise SecretUnreadable("no key in TOTP_ENCRYPTION_KEYS decrypts this value") from None

    def decrypt_or_none(self, token: str) -> str | None:
        try:
            return self.decrypt(token)
        except SecretUnreadable:
            return None

    def uses_newest_key(self, token: str) -> bool:
        try:
            self._newest.decrypt(token.encode())
        except InvalidToken:
            return False
        return True

    def rotate(self, token: str) -> str:
        """`token` encrypted again with the newest key."""
        try:
            return self._all.rotate(token.encode()).decode()
        except InvalidToken:
            raise SecretUnreadable("no key in TOTP_ENCRYPTION_KEYS decrypts this value") from None


def parse_keys(text: str) -> tuple[str, ...]:
    """TOTP_ENCRYPTION_KEYS as written in the environment: keys separated by
    commas, newest first. Raises KeyRingError (a ValueError) when any is not a key."""
    keys = tuple(key.strip() for key in text.split(",") if key.strip())
    check_keys(keys)
    return keys


def check_keys(keys: Sequence[str], *, published_refused: bool = False) -> None:
    """Raise KeyRingError unless `keys` make a key ring (and, when
    `published_refused`, hold none of the published keys below)."""
    KeyRing(keys)
    if published_refused and PUBLISHED_KEYS.intersection(keys):
        raise KeyRingError("a published key is not secret: make a new one")


def new_key() -> str:
    """A new random key, as TOTP_ENCRYPTION_KEYS takes it."""
    return Fernet.generate_key().decode()


def published_key(words: str) -> str:
    """A key made of 32 readable characters, for development and tests only.
    Anyone can work it out from the words: production refuses it."""
    raw = words.encode()
    if len(raw) != 32:
        raise KeyRingError("a published key is made of exactly 32 characters")
    return base64.urlsafe_b64encode(raw).decode()


# Public, and named as such: the development and test configs' keys.
DEVELOPMENT_ONLY_KEY = published_key("development-only-not-secret-key!")
TEST_ONLY_KEY = published_key("test-only-not-secret-key-32bytes")
PUBLISHED_KEYS = frozenset({DEVELOPMENT_ONLY_KEY, TEST_ONLY_KEY})


@cache
def key_ring_for(keys: tuple[str, ...]) -> KeyRing:
    """The key ring for these keys, made once."""
    return KeyRing(keys)


_app_key_ring: Callable[[], KeyRing | None] | None = None
# For work outside an app context (a thread with a session of its own): the
# keys of the app that opened the database, by the engine's dialect.
_database_keys: WeakKeyDictionary[object, tuple[str, ...]] = WeakKeyDictionary()


def use_key_ring_from(app_key_ring: Callable[[], KeyRing | None]) -> None:
    """Say where `current_key_ring` finds the key ring of the app whose
    context is active (None outside one)."""
    global _app_key_ring
    _app_key_ring = app_key_ring


def use_keys_for_database(dialect: object, keys: Sequence[str]) -> None:
    """The keys for values read or written through `dialect` (an engine's)
    when no app context is active."""
    _database_keys[dialect] = tuple(keys)


def current_key_ring(dialect: object | None = None) -> KeyRing:
    """The active app's key ring; outside an app context, the one of the app
    that opened the database `dialect` belongs to."""
    key_ring = _app_key_ring() if _app_key_ring is not None else None
    if key_ring is None and dialect is not None and dialect in _database_keys:
        key_ring = key_ring_for(_database_keys[dialect])
    if key_ring is None:
        raise KeyRingError("no key ring: encrypted values need an app (portal.create_app)")
    return key_ring
