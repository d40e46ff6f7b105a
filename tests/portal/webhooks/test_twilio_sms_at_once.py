"""Twilio delivering many messages at once, some of them twice at the same
moment: each is stored once and filed once, and no request fails. Runs on
SQLite and PostgreSQL, like every database test."""

from __future__ import annotations

import random
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import Direction, FamilyInputNotice, FamilyMessage, Message
from tests.portal.webhooks.twilio_requests import SMS_PATH, new_sid, post_signed, sms_fields
from tests.support.at_once import AT_ONCE, WAIT_SECONDS
from tests.support.factories import make_contact, make_team, make_young_person

MESSAGES = 400
DUPLICATES = 100
CONTACTS = 20


def _count(session: Session, *columns_and_where: object) -> int:
    model, *where = columns_and_where
    return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)  # type: ignore[arg-type]


def test_500_deliveries_from_20_threads_store_and_file_each_message_once(
    app: Flask, session: Session
) -> None:
    team = make_team(session)
    phones = [f"+4477009004{index:02d}" for index in range(CONTACTS)]
    for phone in phones:
        make_contact(session, young_person=make_young_person(session, team=team), mobile=phone)
    session.commit()
    generator = random.Random(500)
    deliveries = [
        sms_fields(phones[index % CONTACTS], f"Message number {index} for the team", sid=new_sid())
        for index in range(MESSAGES)
    ]
    generator.shuffle(deliveries)
    repeats = generator.sample(range(MESSAGES), DUPLICATES)
    # Half the repeats come straight after the first delivery, so that two
    # threads post them at the same moment; the rest come later.
    later = [deliveries[position] for position in repeats[DUPLICATES // 2 :]]
    for position in sorted(repeats[: DUPLICATES // 2], reverse=True):
        deliveries.insert(position + 1, deliveries[position])
    deliveries += later
    barrier = threading.Barrier(AT_ONCE)
    local = threading.local()

    def deliver(fields: dict[str, str]) -> tuple[str, int, bytes]:
        client = getattr(local, "client", None)
        if client is None:
            barrier.wait(timeout=WAIT_SECONDS)
            client = local.client = app.test_client()
        response = post_signed(client, app, SMS_PATH, fields)
        return fields["MessageSid"], response.status_code, response.data

    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        results = list(pool.map(deliver, deliveries, timeout=WAIT_SECONDS * 5))

    assert len(results) == MESSAGES + DUPLICATES
    statuses = Counter(status for _, status, _ in results)
    assert statuses == {200: MESSAGES + DUPLICATES}, statuses
    answers: dict[str, set[bytes]] = {}
    for sid, _, data in results:
        answers.setdefault(sid, set()).add(data)
    assert all(len(data) == 1 for data in answers.values()), "a repeat is answered the same"
    session.expire_all()
    assert _count(session, Message, Message.direction == Direction.INBOUND) == MESSAGES
    handled = (Message.direction == Direction.INBOUND, Message.processed_at.is_not(None))
    assert _count(session, Message, *handled) == MESSAGES
    assert _count(session, FamilyMessage) == MESSAGES
    assert _count(session, FamilyInputNotice) == MESSAGES
    assert _count(session, Message, Message.direction == Direction.OUTBOUND) == MESSAGES
    filed = session.scalars(select(FamilyMessage.message_id)).all()
    assert len(set(filed)) == MESSAGES
