"""The volume generator's history: audit events (family page views and
keyworkers opening the record) and text messages each way, spread evenly
over the years. Neither is ever read back whole by a page, so their volume
must not change what a page costs."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from portal.demo.volume_rows import Batches, VolumeIds, volume_mobile
from portal.models import ActorRole, AuditEvent, Channel, Direction, Message, MessageStatus
from portal.services.access.staff import RECORD_VIEWED
from portal.services.records.audit import FAMILY_PAGE_VIEWED

if TYPE_CHECKING:
    from portal.demo.volume import VolumeShape

FAMILY_PAGES = ("family.home", "family.plan", "family.meetings", "family.choices")
# The service's own number, in the drama range.
SERVICE_NUMBER = "+447700900999"
# Nothing clinical goes in a text message.
SENT = "Hello from the keyworker team. There is something new for you to look at."
REPLIES = ("Thank you", "OK", "Yes please", "Can you call me?")


def add_audit_events(
    connection: Connection,
    shape: VolumeShape,
    ids: VolumeIds,
    keyworkers: list[tuple[int, int]],
    start: datetime,
    end: datetime,
    rng: random.Random,
) -> int:
    """Per young person, three family page views for every time their
    keyworker opened the record."""
    table = AuditEvent.__table__
    out = Batches(connection, table)
    per_person = shape.audit_events_per_person
    gap = (end - start) / max(per_person, 1)
    for number in range(1, shape.young_people + 1):
        keyworker_id = keyworkers[number % len(keyworkers)][0]
        for index in range(per_person):
            at = start + gap * index + timedelta(minutes=rng.randrange(1440))
            out.add(table, _event(ids, number, index, keyworker_id, at, rng))
    out.flush()
    return out.counts[table]


def _event(
    ids: VolumeIds, number: int, index: int, keyworker_id: int, at: datetime, rng: random.Random
) -> dict[str, Any]:
    by_family = index % 4 != 3
    return {
        "occurred_at": at,
        "actor_role": ActorRole.FAMILY if by_family else ActorRole.KEYWORKER,
        "actor_staff_id": None if by_family else keyworker_id,
        "actor_contact_id": ids.contact_id(number) if by_family else None,
        "action": FAMILY_PAGE_VIEWED if by_family else RECORD_VIEWED,
        "young_person_id": ids.person_id(number),
        "detail": {"page": rng.choice(FAMILY_PAGES)} if by_family else {},
        "ip_address": None,
    }


def add_messages(
    connection: Connection,
    shape: VolumeShape,
    ids: VolumeIds,
    start: datetime,
    end: datetime,
    rng: random.Random,
) -> int:
    """Per parent, a text from the service and a reply, in turn: all sent,
    delivered or handled long ago, so the message worker has nothing to do."""
    table = Message.__table__
    out = Batches(connection, table)
    per_person = shape.messages_per_person
    gap = (end - start) / max(per_person, 1)
    for number in range(1, shape.young_people + 1):
        contact_id = ids.contact_id(number)
        mobile = volume_mobile(number)
        for index in range(per_person):
            at = start + gap * index + timedelta(minutes=rng.randrange(1440))
            row = _reply(mobile, at, rng) if index % 2 else _sent(mobile, at)
            row |= {
                "channel": Channel.SMS,
                "young_person_id": ids.person_id(number),
                "contact_id": contact_id,
                "provider_id": f"SMvolume{contact_id}n{index}",
                "send_after": at,
                "created_at": at,
            }
            out.add(table, row)
    out.flush()
    return out.counts[table]


def _sent(mobile: str, at: datetime) -> dict[str, Any]:
    return {
        "direction": Direction.OUTBOUND,
        "to_address": mobile,
        "from_address": None,
        "body": SENT,
        "status": MessageStatus.DELIVERED,
        "attempts": 1,
        "sent_at": at,
        "automatic": True,
        "processed_at": None,
        "processing_attempts": 0,
    }


def _reply(mobile: str, at: datetime, rng: random.Random) -> dict[str, Any]:
    return {
        "direction": Direction.INBOUND,
        "to_address": SERVICE_NUMBER,
        "from_address": mobile,
        "body": rng.choice(REPLIES),
        "status": MessageStatus.RECEIVED,
        "attempts": 0,
        "sent_at": None,
        "automatic": False,
        "processed_at": at + timedelta(seconds=5),
        "processing_attempts": 1,
    }
