"""Workers as real processes (`tests.support.worker_process`: the `worker`
command), sending through the real `twilio` library to a fake Twilio API on
127.0.0.1 that counts what it is handed:

- two workers on PostgreSQL and 1,000 queued messages: each message reaches
  the provider exactly once;
- a worker killed (SIGKILL) while the provider is slow on one message loses
  nothing: the messages before it are sent, the one in hand stays "sending"
  for a person to check, and the next worker sends all the rest."""

from __future__ import annotations

import signal
import time
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import Contact, Message, MessageStatus, utc_now
from portal.services.messaging.outbox import STUCK_AFTER, queue_sms, stuck_messages
from tests.portal.services.messaging.outbox_data import BODY, reload
from tests.support.fakes import FakeTwilioApi, fake_twilio_api
from tests.support.worker_process import start_worker

TIMEOUT = 120


@pytest.fixture
def api() -> Iterator[FakeTwilioApi]:
    with fake_twilio_api() as api:
        yield api


def _queue(session: Session, contact: Contact, count: int) -> dict[str, int]:
    """`count` queued texts; returns each one's body and id."""
    messages = [queue_sms(session, contact=contact, body=f"{BODY} ({n})") for n in range(count)]
    session.commit()
    return {message.body: message.id for message in messages}


def _statuses(session: Session, ids: list[int]) -> Counter[MessageStatus]:
    session.expire_all()
    return Counter(session.scalars(select(Message.status).where(Message.id.in_(ids))))


def test_two_workers_on_postgresql_hand_each_of_1000_messages_over_once(
    app: Flask, session: Session, contact: Contact, api: FakeTwilioApi, database_url: str
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("With SQLite one worker is supported (docs/operations.md)")
    ids = _queue(session, contact, 1000)
    started = time.monotonic()

    workers = [start_worker(database_url, api.base_url, "--once", "--limit", "2000")]
    workers.append(start_worker(database_url, api.base_url, "--once", "--limit", "2000"))
    outputs = [worker.communicate(timeout=TIMEOUT)[0] for worker in workers]

    elapsed = time.monotonic() - started
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    handed_over = Counter(api.bodies())
    assert set(handed_over) == set(ids)
    assert max(handed_over.values()) == 1
    assert _statuses(session, list(ids.values())) == {MessageStatus.SENT: 1000}
    sent = [int(output.split("Sent ")[1].split(",")[0]) for output in outputs]
    assert sum(sent) == 1000 and min(sent) > 0  # both took part
    print(f"two workers: {sent} messages each, {elapsed:.1f} s")


def test_a_worker_killed_mid_batch_loses_nothing(
    app: Flask, session: Session, contact: Contact, api: FakeTwilioApi, database_url: str
) -> None:
    ids = _queue(session, contact, 20)
    order = list(ids.values())
    slow = f"{BODY} (7)"
    api.slow_bodies["(7)"] = 15.0  # the provider is slow on the 8th message

    first = start_worker(database_url, api.base_url, "--once")
    deadline = time.monotonic() + TIMEOUT
    while slow not in api.bodies():
        assert first.poll() is None, first.communicate()[0]
        assert time.monotonic() < deadline, "the worker never reached the slow message"
        time.sleep(0.02)
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=TIMEOUT)
    assert first.returncode == -signal.SIGKILL

    session.expire_all()
    assert [reload(session, i).status for i in order[:7]] == [MessageStatus.SENT] * 7
    in_hand = reload(session, ids[slow])
    assert (in_hand.status, in_hand.attempts) == (MessageStatus.SENDING, 1)
    assert _statuses(session, order[8:]) == {MessageStatus.QUEUED: 12}

    second = start_worker(database_url, api.base_url, "--once")
    output = second.communicate(timeout=TIMEOUT)[0]
    assert second.returncode == 0, output
    assert "Sent 12," in output

    assert _statuses(session, order) == {MessageStatus.SENT: 19, MessageStatus.SENDING: 1}
    handed_over = Counter(api.bodies())
    assert set(handed_over) == set(ids) and max(handed_over.values()) == 1
    # The one in hand may have reached the family: a person checks it.
    later = utc_now() + STUCK_AFTER + timedelta(minutes=1)
    assert [message.id for message in stuck_messages(session, later)] == [ids[slow]]
