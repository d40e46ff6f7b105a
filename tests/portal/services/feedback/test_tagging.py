"""Confirming and removing a theme on a response: once-only in the database
(20 at once leave one tag), audited only when something changed."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import (
    AuditEvent,
    FeedbackChannel,
    FeedbackResponse,
    FeedbackTheme,
    FeedbackThemeTag,
    StaffRole,
    StaffUser,
    utc_now,
)
from portal.services.feedback.tagging import (
    THEME_TAGGED,
    THEME_UNTAGGED,
    ThemeNotInUse,
    confirm_theme,
    remove_theme,
)
from portal.services.feedback.themes import sync_standard_themes
from portal.unit_of_work import unit_of_work
from tests.support.factories import make_contact, make_staff_user, make_team, make_young_person

THREADS = 20


@pytest.fixture
def ids(session: Session) -> dict[str, int]:
    team = make_team(session)
    keyworker = make_staff_user(session, role=StaffRole.KEYWORKER, team=team)
    person = make_young_person(session, team=team, keyworker=keyworker)
    contact = make_contact(session, young_person=person)
    sync_standard_themes(session)
    response = FeedbackResponse(
        young_person_id=person.id,
        contact_id=contact.id,
        channel=FeedbackChannel.WEB,
        comment="Nobody returned my call",
    )
    session.add(response)
    session.commit()
    theme = session.scalars(select(FeedbackTheme).where(FeedbackTheme.code == "communication"))
    return {"response": response.id, "theme": theme.one().id, "keyworker": keyworker.id}


def _rows(session: Session, model: type, *where: object) -> int:
    return int(session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _loaded(
    session: Session, ids: dict[str, int]
) -> tuple[FeedbackResponse, FeedbackTheme, StaffUser]:
    response = session.get(FeedbackResponse, ids["response"])
    theme = session.get(FeedbackTheme, ids["theme"])
    user = session.get(StaffUser, ids["keyworker"])
    assert response is not None and theme is not None and user is not None
    return response, theme, user


def test_confirm_then_remove_is_audited_once_each(session: Session, ids: dict[str, int]) -> None:
    response, theme, user = _loaded(session, ids)
    assert confirm_theme(session, response, theme, user, utc_now(), ip_address="192.0.2.5")
    assert not confirm_theme(session, response, theme, user, utc_now())
    session.commit()
    tag = session.scalars(select(FeedbackThemeTag)).one()
    assert (tag.response_id, tag.theme_id, tag.young_person_id, tag.tagged_by_id) == (
        response.id,
        theme.id,
        response.young_person_id,
        user.id,
    )
    assert remove_theme(session, response, theme, user)
    assert not remove_theme(session, response, theme, user)
    session.commit()
    assert _rows(session, FeedbackThemeTag) == 0
    actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == [THEME_TAGGED, THEME_UNTAGGED]
    event = session.scalars(select(AuditEvent)).first()
    assert event is not None and event.detail == {
        "response_id": response.id,
        "theme": "communication",
    }


def test_a_theme_switched_off_is_not_added(session: Session, ids: dict[str, int]) -> None:
    response, theme, user = _loaded(session, ids)
    theme.active = False
    with pytest.raises(ThemeNotInUse):
        confirm_theme(session, response, theme, user, utc_now())
    assert _rows(session, FeedbackThemeTag) == 0


@contextmanager
def _own_unit(app: Flask) -> Iterator[Session]:
    with app.app_context(), unit_of_work(db.session) as session:
        yield session


def test_twenty_confirms_at_once_leave_one_tag(
    app: Flask, session: Session, ids: dict[str, int]
) -> None:
    session.close()
    barrier = threading.Barrier(THREADS)
    results: list[bool] = []
    errors: list[BaseException] = []

    def confirm() -> None:
        try:
            with _own_unit(app) as own:
                barrier.wait(timeout=30)
                response, theme, user = _loaded(own, ids)
                results.append(confirm_theme(own, response, theme, user, utc_now()))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=confirm) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(results) == [False] * (THREADS - 1) + [True]
    assert _rows(session, FeedbackThemeTag) == 1
    assert _rows(session, AuditEvent, AuditEvent.action == THEME_TAGGED) == 1
