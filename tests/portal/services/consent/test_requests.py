"""Staff answer a request to change a choice once: by recording the decision
or by replying with a reason; the family reads the answer on the choice's
page; 20 answers at once give exactly one."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import (
    AuditEvent,
    ConsentChangeRequest,
    ConsentChoice,
    ConsentDecision,
    ConsentRequestAnswer,
    DecisionChannel,
    RequestAnswerKind,
    StaffRole,
    StaffUser,
)
from portal.services.consent.ask import ask_to_change
from portal.services.consent.family_view import choice_page
from portal.services.consent.on_behalf import BasisRefused, OnBehalf
from portal.services.consent.requests import (
    REQUEST_ANSWERED,
    AlreadyAnswered,
    decide_request,
    reply_to_request,
    requests_of,
)
from tests.support.at_once import AT_ONCE, at_once_in_transactions
from tests.support.consent_households import TODAY, Household, household, item
from tests.support.factories import make_staff_user

UNDER_16 = date(2013, 5, 1)
REPLY = "We talked on the phone. You said you want to stay on the list."


def _asked(session: Session) -> tuple[Household, ConsentChangeRequest]:
    """A young person under 16 asks to change being on the register."""
    home = household(session, born=UNDER_16)
    asked = ask_to_change(session, home.self_contact, item(session, "register"), "Take me off.")
    return home, asked.request


def test_a_reply_is_kept_and_the_family_reads_it(session: Session) -> None:
    home, request = _asked(session)
    register = item(session, "register")
    assert choice_page(session, home.self_contact, register, TODAY).open_request is not None

    answer = reply_to_request(session, home.keyworker, request, f"  {REPLY}  ")

    assert answer.kind is RequestAnswerKind.REPLIED and answer.reply == REPLY
    page = choice_page(session, home.self_contact, register, TODAY)
    assert page.open_request is None
    assert page.answered_request is not None and page.answered_request.reply == REPLY
    assert not page.answered_request.decided
    [entry] = requests_of(session, home.young_person.id)
    assert entry.answer == answer
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == REQUEST_ANSWERED)).one()
    assert event.detail["consent_change_request_id"] == request.id


def test_a_reply_needs_a_reason(session: Session) -> None:
    home, request = _asked(session)
    with pytest.raises(BasisRefused):
        reply_to_request(session, home.keyworker, request, "   ")


def test_a_second_answer_is_refused_with_the_first(session: Session) -> None:
    home, request = _asked(session)
    first = reply_to_request(session, home.keyworker, request, REPLY)
    with pytest.raises(AlreadyAnswered) as already:
        reply_to_request(session, home.keyworker, request, "Another reply.")
    assert already.value.answer == first


def test_recording_the_decision_answers_the_request(session: Session) -> None:
    home, request = _asked(session)
    draft = OnBehalf(
        item=item(session, "register"),
        choice=ConsentChoice.NO,
        basis_key=f"contact-{home.parent.id}",
        channel=DecisionChannel.IN_PERSON,
        seen_decision_id=None,
    )
    done = decide_request(
        session, home.keyworker, request, home.young_person, draft, "Mum agreed.", TODAY
    )
    assert done.answer is not None and done.answer.kind is RequestAnswerKind.DECIDED
    assert done.answer.decision_id == done.result.decision.id  # type: ignore[union-attr]
    page = choice_page(session, home.self_contact, item(session, "register"), TODAY)
    assert page.answered_request is not None and page.answered_request.decided
    with pytest.raises(AlreadyAnswered):
        decide_request(session, home.keyworker, request, home.young_person, draft, "", TODAY)


def test_a_refused_basis_answers_nothing(session: Session) -> None:
    home, request = _asked(session)
    draft = OnBehalf(
        item=item(session, "register"),
        choice=ConsentChoice.NO,
        basis_key=f"contact-{home.self_contact.id}",
        channel=DecisionChannel.IN_PERSON,
        seen_decision_id=None,
    )
    with pytest.raises(BasisRefused):
        decide_request(session, home.keyworker, request, home.young_person, draft, "", TODAY)
    assert session.scalar(select(func.count(ConsentRequestAnswer.id))) == 0
    assert session.scalar(select(func.count(ConsentDecision.id))) == 0


def test_20_answers_at_once_give_exactly_one(session: Session) -> None:
    home, request = _asked(session)
    manager = make_staff_user(session, role=StaffRole.MANAGER, team=home.young_person.team)
    session.commit()
    people = {0: home.keyworker.id, 1: manager.id}
    request_id = request.id

    def answer(own: Session, index: int) -> str:
        asked = own.get(ConsentChangeRequest, request_id)
        user = own.get(StaffUser, people[index % 2])
        assert asked is not None and user is not None
        try:
            reply_to_request(own, user, asked, f"Reply {index}")
        except AlreadyAnswered as already:
            return f"already {already.answer.id}"
        return "answered"

    outcomes = at_once_in_transactions(session.get_bind(), answer)

    assert Counter(outcomes)["answered"] == 1
    session.expire_all()
    kept = session.scalars(select(ConsentRequestAnswer)).one()
    assert Counter(outcomes)[f"already {kept.id}"] == AT_ONCE - 1
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == REQUEST_ANSWERED))
    assert len(events.all()) == 1
