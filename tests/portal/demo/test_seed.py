"""The demo data is fictional, complete and safe to add twice."""

from __future__ import annotations

import ast
import re
from datetime import timedelta
from pathlib import Path

import pyotp
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.demo.seed import demo_sign_in_details, seed_demo_data
from portal.demo.urgent import NEW_FAMILIES, URGENT_FAMILIES
from portal.extensions import db
from portal.models import (
    Action,
    BestInterestsDecision,
    ConsentDecision,
    Contact,
    FamilyInputKind,
    FamilyInputNotice,
    FeedbackChannel,
    FeedbackResponse,
    Meeting,
    MeetingKind,
    Message,
    Relationship,
    StaffRole,
    StaffUser,
    Team,
    YoungPerson,
    utc_now,
)
from portal.services.access.family_rules import portal_access
from portal.services.records.family_replies import messages_for, unread_count
from portal.services.records.handling import NoticeStatus, handling_for
from portal.timezones import london_today

DEMO_PACKAGE = Path(__file__).resolve().parents[3] / "portal" / "demo"


def test_demo_data_has_what_the_demo_needs(session: Session) -> None:
    assert seed_demo_data(session, fast_hashing=True) is True
    staff = session.scalars(select(StaffUser)).all()
    assert sorted(user.role.value for user in staff).count("keyworker") == 3
    assert [user.role for user in staff].count(StaffRole.MANAGER) == 1
    people = session.scalars(select(YoungPerson)).all()
    assert len(people) == 12
    today = london_today()
    ages = [person.age_on(today) for person in people]
    assert min(ages) == 8 and max(ages) == 24
    contacts = session.scalars(select(Contact)).all()
    over_16_with_own_access = [
        c
        for c in contacts
        if c.relation is Relationship.SELF
        and c.portal_access_enabled
        and c.young_person.age_on(today) > 16
    ]
    assert over_16_with_own_access
    assert session.scalars(select(BestInterestsDecision)).first() is not None
    two_parents = [
        person
        for person in people
        if person.age_on(today) < 16
        and sum(c.has_parental_responsibility for c in person.contacts) == 2
    ]
    assert two_parents
    assert session.scalars(select(Action)).first() is not None
    meetings = session.scalars(select(Meeting)).all()
    assert any(m.kind is MeetingKind.CETR and m.starts_at > utc_now() for m in meetings)
    assert any(m.starts_at < utc_now() for m in meetings)
    assert session.scalars(select(ConsentDecision)).first() is not None
    assert session.scalars(select(FeedbackResponse)).first() is not None


def test_demo_contact_details_are_fictional(session: Session) -> None:
    seed_demo_data(session, fast_hashing=True)
    for contact in session.scalars(select(Contact)):
        if contact.mobile_e164:
            assert re.fullmatch(r"\+447700900\d{3}", contact.mobile_e164)
        if contact.email:
            assert contact.email.endswith("@example.org")
    for user in session.scalars(select(StaffUser)):
        assert user.email.endswith("@example.org")


def test_adding_the_demo_data_twice_adds_it_once(session: Session) -> None:
    assert seed_demo_data(session, fast_hashing=True) is True
    assert seed_demo_data(session, fast_hashing=True) is False
    assert len(session.scalars(select(YoungPerson)).all()) == 12


def test_demo_contacts_follow_the_access_rules(session: Session) -> None:
    """Every demo contact switched on may see the portal, except Jordan's
    advocate: Jordan has not agreed, which shows the rules at work."""
    seed_demo_data(session, fast_hashing=True)
    today = london_today()
    answers = {
        (contact.young_person.preferred_name, contact.name): portal_access(session, contact, today)
        for contact in session.scalars(select(Contact).where(Contact.portal_access_enabled))
    }
    refused = {key: answer.reason for key, answer in answers.items() if not answer.allowed}
    assert refused == {("Jordan", "Pat Advocate-Demo"): "no_agreement_recorded"}
    reasons = {key: answer.reason for key, answer in answers.items()}
    assert reasons[("Sam", "Samuel Testfield")] == "young_person_themselves"
    assert reasons[("Sam", "Alex Testfield")] == "young_person_agreed"
    assert reasons[("Liv", "Alex Sampleton")] == "parental_responsibility"
    assert reasons[("Liv", "Chris Sampleton")] == "parental_responsibility"
    assert reasons[("Niamh", "Robin Pretendale")] == "best_interests_decision"


# The caller owns the transaction


def test_no_demo_module_commits_or_rolls_back() -> None:
    """The `seed-demo` command (the edge) commits, once, or rolls it all back."""
    found = []
    for path in sorted(DEMO_PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"commit", "rollback"}
            ):
                found.append(f"{path.name}:{node.lineno}")
    assert found == []


def test_adding_the_demo_data_commits_nothing(app: Flask) -> None:
    with app.app_context():
        assert seed_demo_data(db.session, fast_hashing=True) is True
        db.session.rollback()
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Team)) == 0
        assert db.session.scalar(select(func.count()).select_from(StaffUser)) == 0
        assert db.session.scalar(select(func.count()).select_from(YoungPerson)) == 0


def test_the_demo_starts_with_a_history_and_only_its_urgent_and_new_items_new(
    session: Session,
) -> None:
    """What families sent is dated in the past and has no notice marked new
    (the keyworker has read it all), except the demo's urgent and new
    feedback, made through the real service: urgent ones open and emailed to
    staff, new ones waiting to be seen."""
    seed_demo_data(session, fast_hashing=True)
    now = utc_now()
    notices = session.scalars(select(FamilyInputNotice).order_by(FamilyInputNotice.id)).all()
    urgent = [notice for notice in notices if notice.urgent]
    assert len(urgent) == len(URGENT_FAMILIES)
    assert all(notice.acknowledgement is None for notice in urgent)
    unseen = [notice for notice in notices if not notice.urgent and notice.seen_at is None]
    assert len(unseen) == len(NEW_FAMILIES)
    # The others are the first family's replied and dealt-with items, read.
    assert len(notices) == len(URGENT_FAMILIES) + len(NEW_FAMILIES) + 2
    alerts = session.scalars(select(Message).where(Message.contact_id.is_(None))).all()
    assert len(alerts) >= len(URGENT_FAMILIES)
    assert all("localhost" in message.body for message in alerts)
    feedback = session.scalars(select(FeedbackResponse)).all()
    # By text, the comment is a second part of the answer.
    parts = [response for response in feedback if response.part_of_id is not None]
    assert parts and all(part.channel is FeedbackChannel.SMS for part in parts)
    assert len(feedback) == 12 + len(parts) + len(URGENT_FAMILIES) + len(NEW_FAMILIES) + 1
    urgent_ids = {notice.subject_id for notice in urgent + unseen}
    assert all(
        response.received_at < now - timedelta(days=3)
        for response in feedback
        if response.id not in urgent_ids
    )
    decisions = session.scalars(select(ConsentDecision)).all()
    assert all(decision.decided_at < now - timedelta(days=2) for decision in decisions)


def test_the_record_shows_each_status_and_the_first_contact_has_one_unread_reply(
    session: Session,
) -> None:
    seed_demo_data(session, fast_hashing=True)
    first = session.get(Contact, 1)
    assert first is not None and first.young_person.preferred_name == "Sam"
    notices = session.scalars(
        select(FamilyInputNotice).where(FamilyInputNotice.young_person_id == first.young_person_id)
    ).all()
    statuses = {handling.status for handling in handling_for(session, notices).values()}
    assert statuses == {NoticeStatus.REPLIED, NoticeStatus.ACKNOWLEDGED}
    assert unread_count(session, first) == 1
    [message] = messages_for(session, first)
    assert message.is_new and message.kind is FamilyInputKind.FEEDBACK


# How to sign in


def test_the_sign_in_details_are_the_first_keyworkers_the_managers_and_the_admins(
    session: Session,
) -> None:
    seed_demo_data(session, fast_hashing=True)
    details = demo_sign_in_details(session)
    assert [(d.role, d.email) for d in details] == [
        ("keyworker", "priya.keyworker@example.org"),
        ("manager", "helen.manager@example.org"),
        ("admin", "ade.admin@example.org"),
    ]
    for d in details:
        user = session.scalars(select(StaffUser).where(StaffUser.email == d.email)).one()
        assert d.totp_secret == user.totp_secret
        assert pyotp.TOTP(d.totp_secret).verify(d.current_code, valid_window=1)


def test_a_turned_off_demo_account_is_not_offered(session: Session) -> None:
    seed_demo_data(session, fast_hashing=True)
    admin = session.scalars(select(StaffUser).where(StaffUser.role == StaffRole.ADMIN)).one()
    admin.is_active = False
    assert [d.role for d in demo_sign_in_details(session)] == ["keyworker", "manager"]
