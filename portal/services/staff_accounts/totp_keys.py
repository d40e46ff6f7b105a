"""Encrypting every stored authenticator (TOTP) key again with the newest key
of the key ring, so that an older key can then be removed
(`flask --app portal rotate-encryption-key`; docs/operations.md)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, String, column, select, table, update
from sqlalchemy.orm import Session

from portal.secrets_at_rest import KeyRing, SecretUnreadable
from portal.services.records.audit import record_event

# The stored tokens as they are, not decrypted by the model's column type.
_STORED = table("staff_users", column("id", Integer), column("totp_secret", String))


@dataclass(frozen=True)
class KeyRotation:
    encrypted_again: int
    already_newest: int


class TotpKeysUnreadable(RuntimeError):
    """No key in the ring decrypts the authenticator keys of these accounts,
    so nothing was changed: the key they were encrypted with is missing."""

    def __init__(self, staff_ids: list[int]) -> None:
        super().__init__(", ".join(str(staff_id) for staff_id in staff_ids))
        self.staff_ids = staff_ids


def rotate_totp_keys(session: Session, key_ring: KeyRing) -> KeyRotation:
    """Encrypt each stored authenticator key that is not under the newest key
    again with it (MultiFernet.rotate). All or nothing: raises
    TotpKeysUnreadable, before changing anything, when any cannot be read."""
    stored = session.execute(
        select(_STORED.c.id, _STORED.c.totp_secret)
        .where(_STORED.c.totp_secret.is_not(None))
        .order_by(_STORED.c.id)
    ).all()
    to_rotate = [
        (staff_id, token) for staff_id, token in stored if not key_ring.uses_newest_key(token)
    ]
    rotated: list[tuple[int, str]] = []
    unreadable: list[int] = []
    for staff_id, token in to_rotate:
        try:
            rotated.append((staff_id, key_ring.rotate(token)))
        except SecretUnreadable:
            unreadable.append(staff_id)
    if unreadable:
        raise TotpKeysUnreadable(unreadable)
    for staff_id, token in rotated:
        session.execute(update(_STORED).where(_STORED.c.id == staff_id).values(totp_secret=token))
    result = KeyRotation(encrypted_again=len(rotated), already_newest=len(stored) - len(rotated))
    record_event(
        session,
        "staff.totp.keys_rotated",
        encrypted_again=result.encrypted_again,
        already_newest=result.already_newest,
    )
    return result
