"""Asking for a link at /sign-in: one queued row for any address, then after
the answer a link to each contact who may have one (only to checked
addresses), handled once only, by the web process or the worker."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from functools import partial

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import portal.services.access.link_requests as link_requests
from portal.extensions import db
from portal.models import (
    AccessLink,
    AuditEvent,
    Channel,
    LinkPurpose,
    LinkRequest,
    Message,
    utc_now,
)
from portal.services.access.addresses import normalise_address
from portal.services.access.link_requests import (
    ASKED_FOR_UNVERIFIED,
    LINK_REQUESTED,
    WAITING_AFTER,
    process_link_request,
    process_waiting_link_requests,
    queue_link_request,
    waiting_link_request_ids,
)
from portal.services.wording import PlainTranslator
from portal.timezones import london_today
from portal.unit_of_work import unit_of_work
from tests.support.sign_in_helpers import contact_allowed_in as a_contact
from tests.support.sign_in_helpers import link_settings as settings

THREADS = 20


def queue(session: Session, typed: str, **kwargs: object) -> int:
    """Someone asks for a link at /sign-in with what they `typed`; saved."""
    address = normalise_address(typed)
    assert address is not None
    request = queue_link_request(session, address, kwargs.pop("now", utc_now()), **kwargs)  # type: ignore[arg-type]
    session.commit()
    return request.id


def handle(session: Session, request_id: int, **kwargs: object) -> int | None:
    handled = process_link_request(
        session,
        request_id,
        kwargs.get("now", utc_now()),  # type: ignore[arg-type]
        london_today(),
        settings(),
        translator_for=PlainTranslator,
    )
    session.commit()
    return handled


def ask(session: Session, typed: str) -> int | None:
    """Ask, then handle it, as the web process does after answering."""
    return handle(session, queue(session, typed))


def _count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _events(session: Session, action: str) -> list[AuditEvent]:
    return list(
        session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


# The request itself


def test_a_request_writes_one_row_whoever_has_the_address(session: Session) -> None:
    a_contact(session, mobile="07700 900201")
    known = queue(session, "07700 900201", ip_address="203.0.113.9")
    unknown = queue(session, "07700 900299", ip_address="203.0.113.9")
    rows = session.scalars(select(LinkRequest).order_by(LinkRequest.id)).all()
    assert [(row.id, row.channel, row.address) for row in rows] == [
        (known, Channel.SMS, "+447700900201"),
        (unknown, Channel.SMS, "+447700900299"),
    ]
    assert all(row.processed_at is None and row.ip_address == "203.0.113.9" for row in rows)
    # Nothing else yet: no link, no message, not even an audit event.
    assert [_count(session, model) for model in (AccessLink, Message, AuditEvent)] == [0, 0, 0]


# Handling it after the answer


def test_a_carer_of_two_gets_one_link_for_both_young_people(session: Session) -> None:
    # A carer of two young people has a contact row for each: one person.
    first = a_contact(session, mobile="07700 900201")
    second = a_contact(session, mobile="07700 900201")
    a_contact(session, mobile="07700 900201", portal_access_enabled=False)
    a_contact(session, mobile="07700 900202")
    assert ask(session, "07700 900201") == 1
    (link,) = session.scalars(select(AccessLink)).all()
    assert (link.contact_id, link.purpose) == (first.id, LinkPurpose.SIGN_IN)
    assert link.expires_at - link.created_at == timedelta(minutes=15)
    (message,) = session.scalars(select(Message)).all()
    assert message.to_address == "+447700900201"
    assert second.id != first.id


def test_a_new_link_stops_the_older_links_of_every_row_of_the_person(session: Session) -> None:
    first = a_contact(session, mobile="07700 900201")
    second = a_contact(session, mobile="07700 900201")
    older = AccessLink(
        contact_id=second.id,
        purpose=LinkPurpose.SIGN_IN,
        token_hash="0" * 64,
        channel=Channel.SMS,
        created_at=utc_now(),
        expires_at=utc_now() + timedelta(minutes=15),
        identity_failures=0,
    )
    session.add(older)
    session.flush()
    assert ask(session, "07700 900201") == 1
    session.refresh(older)
    assert older.cancelled_at is not None
    newest = session.scalars(select(AccessLink).where(AccessLink.id != older.id)).one()
    assert newest.contact_id == first.id and newest.cancelled_at is None


def test_asking_by_email_sends_an_email_to_that_address(session: Session) -> None:
    contact = a_contact(session, email="alex.parent@example.org")
    assert ask(session, "Alex.Parent@example.org") == 1
    message = session.scalars(select(Message)).one()
    assert (message.channel, message.to_address, message.contact_id) == (
        Channel.EMAIL,
        "alex.parent@example.org",
        contact.id,
    )
    assert message.subject == "Your link to the Keyworker Family Portal"


def test_asking_sends_nothing_to_a_locked_out_contact(session: Session) -> None:
    contact = a_contact(session, mobile="07700 900201")
    contact.sign_in_locked_at = utc_now()
    session.commit()
    assert ask(session, "07700 900201") == 0
    assert session.scalars(select(Message)).all() == []


@pytest.mark.parametrize("typed", ["07700 900201", "alex.parent@example.org"])
def test_an_address_nobody_has_checked_gets_no_link_and_the_record_says_someone_asked(
    session: Session, typed: str
) -> None:
    contact = a_contact(
        session, mobile="07700 900201", email="alex.parent@example.org", verified=False
    )
    request_id = queue(session, typed, ip_address="203.0.113.9")
    assert handle(session, request_id) == 0
    assert [_count(session, model) for model in (AccessLink, Message)] == [0, 0]
    [asked] = _events(session, ASKED_FOR_UNVERIFIED)
    address = normalise_address(typed)
    assert address is not None
    assert asked.young_person_id == contact.young_person_id
    assert asked.actor_role.value == "anonymous" and asked.ip_address == "203.0.113.9"
    assert asked.detail == {
        "contact_id": contact.id,
        "channel": address.channel.value,
        "address": address.value,
    }
    [requested] = _events(session, LINK_REQUESTED)
    assert requested.detail == {
        "link_request_id": request_id,
        "channel": address.channel.value,
        "links_sent": 0,
    }


def test_only_the_checked_one_of_a_contacts_addresses_gets_a_link(session: Session) -> None:
    contact = a_contact(session, mobile="07700 900201", email="alex.parent@example.org")
    contact.email_verified = False
    session.commit()
    assert ask(session, "alex.parent@example.org") == 0
    assert ask(session, "07700 900201") == 1
    assert session.scalars(select(Message.channel)).all() == [Channel.SMS]


def test_nobody_is_told_about_an_unknown_address(session: Session) -> None:
    a_contact(session, mobile="07700 900201", verified=False)
    assert ask(session, "07700 900299") == 0
    assert _events(session, ASKED_FOR_UNVERIFIED) == []
    [requested] = _events(session, LINK_REQUESTED)
    assert requested.detail["links_sent"] == 0 and requested.young_person_id is None


def test_nobody_is_told_when_the_rules_would_say_no_anyway(session: Session) -> None:
    a_contact(session, mobile="07700 900201", verified=False, portal_access_enabled=False)
    assert ask(session, "07700 900201") == 0
    assert _events(session, ASKED_FOR_UNVERIFIED) == []


def test_a_handled_request_keeps_no_address(session: Session) -> None:
    a_contact(session, mobile="07700 900201")
    request_id = queue(session, "07700 900201", ip_address="203.0.113.9")
    handle(session, request_id)
    row = session.get(LinkRequest, request_id, populate_existing=True)
    assert row is not None
    assert row.processed_at is not None
    assert (row.address, row.ip_address) == (None, None)
    [requested] = _events(session, LINK_REQUESTED)
    assert requested.ip_address == "203.0.113.9"


def test_a_request_is_handled_once(session: Session) -> None:
    a_contact(session, mobile="07700 900201")
    request_id = queue(session, "07700 900201")
    assert handle(session, request_id) == 1
    assert handle(session, request_id) is None
    assert handle(session, 999999) is None
    assert _count(session, AccessLink) == 1 and _count(session, Message) == 1


def test_a_request_older_than_a_links_life_is_closed_without_a_link(session: Session) -> None:
    a_contact(session, mobile="07700 900201")
    asked_at = utc_now() - timedelta(minutes=16)
    request_id = queue(session, "07700 900201", now=asked_at)
    assert handle(session, request_id) == 0
    assert _count(session, Message) == 0
    [requested] = _events(session, LINK_REQUESTED)
    assert requested.detail["too_late"] is True


def test_handling_fails_as_a_whole_and_the_request_waits_again(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    a_contact(session, mobile="07700 900201")
    request_id = queue(session, "07700 900201")

    def broken(*args: object, **kwargs: object) -> int:
        raise RuntimeError("the message could not be written")

    monkeypatch.setattr(link_requests, "request_sign_in_links", broken)
    with pytest.raises(RuntimeError), unit_of_work(session):
        handle(session, request_id)
    row = session.get(LinkRequest, request_id, populate_existing=True)
    assert row is not None and row.processed_at is None and row.address == "+447700900201"


# The worker's part


def test_the_worker_handles_requests_left_waiting(session: Session) -> None:
    a_contact(session, mobile="07700 900201")
    now = utc_now()
    left = queue(session, "07700 900201", now=now - WAITING_AFTER)
    fresh = queue(session, "07700 900201", now=now - timedelta(seconds=5))
    assert waiting_link_request_ids(session, now) == [left]

    units = partial(unit_of_work, session)
    handled = process_waiting_link_requests(
        units, now, london_today(), settings(), translator_for=PlainTranslator
    )
    assert handled == 1
    assert session.get(LinkRequest, fresh, populate_existing=True).processed_at is None  # type: ignore[union-attr]
    assert _count(session, Message) == 1
    # The web process's own try, late, finds it handled.
    assert handle(session, left) is None


def test_the_worker_leaves_a_failing_request_and_handles_the_rest(
    session: Session, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    a_contact(session, mobile="07700 900201")
    now = utc_now()
    failing = queue(session, "07700 900299", now=now - timedelta(minutes=1))
    working = queue(session, "07700 900201", now=now - timedelta(minutes=1))
    real = link_requests.request_sign_in_links

    def fails_for_one(session: Session, address: object, *args: object, **kwargs: object) -> int:
        if getattr(address, "value", "") == "+447700900299":
            raise RuntimeError("broken")
        return real(session, address, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(link_requests, "request_sign_in_links", fails_for_one)
    handled = process_waiting_link_requests(
        partial(unit_of_work, session),
        now,
        london_today(),
        settings(),
        translator_for=PlainTranslator,
    )
    assert handled == 1
    assert session.get(LinkRequest, failing, populate_existing=True).processed_at is None  # type: ignore[union-attr]
    assert session.get(LinkRequest, working, populate_existing=True).processed_at is not None  # type: ignore[union-attr]
    assert f"Link request {failing}: not handled" in caplog.text
    assert "+447700900299" not in caplog.text


# At the same moment


@contextmanager
def _own_unit(app: Flask) -> Iterator[Session]:
    """A unit of work on a session of its own, as each process has."""
    with app.app_context(), unit_of_work(db.session) as session:
        yield session


def test_twenty_handlers_at_once_send_one_link(app: Flask, session: Session) -> None:
    """The web process and workers may reach the same request together: the
    conditional UPDATE lets exactly one of them handle it."""
    a_contact(session, mobile="07700 900201")
    request_id = queue(session, "07700 900201")
    session.close()
    barrier = threading.Barrier(THREADS)
    results: list[int | None] = []
    errors: list[BaseException] = []

    def handler() -> None:
        try:
            with _own_unit(app) as own:
                barrier.wait(timeout=30)
                results.append(
                    process_link_request(
                        own,
                        request_id,
                        utc_now(),
                        london_today(),
                        settings(),
                        translator_for=PlainTranslator,
                    )
                )
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=handler) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(results, key=lambda result: result is None) == [1] + [None] * (THREADS - 1)
    assert _count(session, AccessLink) == 1
    assert _count(session, Message) == 1
    assert len(_events(session, LINK_REQUESTED)) == 1
