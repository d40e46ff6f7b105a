"""The examples of the consent and capacity pages, and the data they show:
two requests to change a choice from the world's family, one answered."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import ConsentItem, Contact, StaffUser
from portal.services.consent.ask import ask_to_change
from portal.services.consent.requests import reply_to_request
from tests.support.page_example_types import PageExample


def _consent(young_person_id: int, rest: str = "") -> str:
    return f"/staff/young-people/{young_person_id}/consent{rest}"


def _capacity(young_person_id: int, rest: str = "") -> str:
    return f"/staff/young-people/{young_person_id}/capacity{rest}"


EXAMPLES: tuple[PageExample, ...] = (
    PageExample(
        "consent", "staff.consent", lambda w: _consent(w.young_person_id), signed_in_as="keyworker"
    ),
    PageExample(
        "consent, nothing decided yet",
        "staff.consent",
        lambda w: _consent(w.newcomer_young_person_id),
        signed_in_as="keyworker",
    ),
    PageExample(
        "record a consent decision",
        "staff.consent_decide",
        lambda w: _consent(w.young_person_id, "/decide?item=register"),
        signed_in_as="keyworker",
    ),
    PageExample(
        "record a consent decision, nothing chosen",
        "staff.consent_decide",
        lambda w: _consent(w.young_person_id, "/decide?item=register"),
        signed_in_as="keyworker",
        submit={},
    ),
    PageExample(
        "record a decision about someone seeing the portal",
        "staff.consent_decide",
        lambda w: _consent(
            w.young_person_id, f"/decide?item=family_sees_portal&about={w.family_member_contact_id}"
        ),
        signed_in_as="manager",
    ),
    PageExample(
        "request to change a choice",
        "staff.consent_request",
        lambda w: _consent(w.young_person_id, f"/requests/{w.consent_request_id}"),
        signed_in_as="keyworker",
    ),
    PageExample(
        "request to change a choice, reply missing",
        "staff.consent_request",
        lambda w: _consent(w.young_person_id, f"/requests/{w.consent_request_id}"),
        signed_in_as="keyworker",
        submit={},
    ),
    PageExample(
        "request to change a choice, answered",
        "staff.consent_request",
        lambda w: _consent(w.young_person_id, f"/requests/{w.answered_consent_request_id}"),
        signed_in_as="manager",
    ),
    PageExample(
        "record the decision a request asked for",
        "staff.consent_request_decide",
        lambda w: _consent(w.young_person_id, f"/requests/{w.consent_request_id}/decide"),
        signed_in_as="keyworker",
    ),
    PageExample(
        "capacity and competence",
        "staff.capacity",
        lambda w: _capacity(w.young_person_id),
        signed_in_as="keyworker",
    ),
    PageExample(
        "capacity and competence, none recorded",
        "staff.capacity",
        lambda w: _capacity(w.newcomer_young_person_id),
        signed_in_as="keyworker",
    ),
    PageExample(
        "record an assessment",
        "staff.capacity_assessment",
        lambda w: _capacity(w.young_person_id, "/assessment"),
        signed_in_as="keyworker",
    ),
    PageExample(
        "record an assessment, nothing entered",
        "staff.capacity_assessment",
        lambda w: _capacity(w.young_person_id, "/assessment"),
        signed_in_as="keyworker",
        submit={"assessed_on": "31 2 2026"},
    ),
    PageExample(
        "record a best-interests decision",
        "staff.capacity_best_interests",
        lambda w: _capacity(w.young_person_id, "/best-interests"),
        signed_in_as="manager",
    ),
    PageExample(
        "record a best-interests decision, capacity not lacking",
        "staff.capacity_best_interests",
        lambda w: _capacity(w.young_person_id, "/best-interests"),
        signed_in_as="keyworker",
        submit={
            "area": "register",
            "decision": "Stay on the register.",
            "maker_name": "Sam Example",
            "maker_role": "Team manager",
            "reason": "It keeps support in place.",
            "decided_on": "1 12 2026",
            "review_on": "1 6 2027",
        },
    ),
)


def add_example_consent(
    session: Session, family_contact_id: int, keyworker_id: int
) -> dict[str, int]:
    """Two requests from `family_contact_id`: one waiting, one answered."""
    contact = session.get(Contact, family_contact_id)
    keyworker = session.get(StaffUser, keyworker_id)
    assert contact is not None and keyworker is not None
    items = {i.code: i for i in session.scalars(select(ConsentItem))}
    waiting = ask_to_change(session, contact, items["register"], "Can we talk about this?")
    answered = ask_to_change(session, contact, items["share_school"], None)
    reply_to_request(
        session,
        keyworker,
        answered.request,
        "We talked at school. You want to keep sharing with school for now.",
    )
    return {
        "consent_request_id": waiting.request.id,
        "answered_consent_request_id": answered.request.id,
    }
