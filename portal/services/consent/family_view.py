"""My choices as a young person and their family read them: every consent
choice and what it is now, and one choice with who may change it and what
happened before.

The current answers come from `portal.services.consent.current`. For an item
decided about one contact, the young person reads a line for each of their
contacts; a family member reads only the line about themselves, never what
the young person chose about anyone else. Every page reads a fixed number of
queries, however long the history.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from portal.models import (
    ConsentChangeRequest,
    ConsentChoice,
    ConsentDecision,
    ConsentItem,
    ConsentRequestAnswer,
    Contact,
    DecisionBasis,
    DecisionChannel,
    Relationship,
    YoungPerson,
)
from portal.services.access.family_rules import (
    CAPACITY_AGE,
    DEFAULT_MINIMUM_OWN_ACCESS_AGE,
    AccessDecision,
    may_change_consent,
)
from portal.services.consent.current import DecisionKey, current_decisions
from portal.services.consent.people import Person, people_of
from portal.services.consent.registry import ConsentItemType, item_type
from portal.services.consent.who_decides import WhoMayChange, who_may_change
from portal.services.easy_read.reader import reader_for

# How many earlier decisions an item's page shows.
HISTORY_LENGTH = 10


class DeciderKind(enum.StrEnum):
    """Who made a decision, in the words the reader knows them by."""

    YOU = "you"
    YOUNG_PERSON = "young_person"
    FAMILY_MEMBER = "family_member"
    KEYWORKER = "keyworker"
    STAFF = "staff"


@dataclass(frozen=True)
class Decider:
    kind: DeciderKind
    # The young person's or family member's first name; None for staff and "you".
    name: str | None = None
    relationship_detail: str | None = None


@dataclass(frozen=True)
class Decision:
    """One decision as a family reads it."""

    id: int
    choice: ConsentChoice
    decided_at: datetime
    decider: Decider
    about: Person | None


@dataclass(frozen=True)
class ChoiceLine:
    """The current choice; for an item about one contact, one for each person."""

    about: Person | None
    current: Decision | None


@dataclass(frozen=True)
class ChoiceSummary:
    code: str
    title: str
    description: str
    lines: tuple[ChoiceLine, ...]
    # An item decided from 16, before the 16th birthday: parental responsibility decides.
    starts_at_16: bool = False


@dataclass(frozen=True)
class ChoicesOverview:
    young_person_name: str
    about_self: bool
    items: tuple[ChoiceSummary, ...]

    @property
    def anything_chosen(self) -> bool:
        return any(line.current for item in self.items for line in item.lines)


@dataclass(frozen=True)
class OpenRequest:
    requested_at: datetime
    about: Person | None


@dataclass(frozen=True)
class AnsweredRequest:
    """The keyworker's answer to the reader's latest request."""

    requested_at: datetime
    answered_at: datetime
    # The keyworker recorded the change asked for (else they replied).
    decided: bool
    reply: str


@dataclass(frozen=True)
class ChoicePage:
    item: ConsentItem
    young_person_name: str
    about_self: bool
    lines: tuple[ChoiceLine, ...]
    history: tuple[Decision, ...]
    access: AccessDecision
    who_may_change: WhoMayChange
    # The reader's latest request to change this choice, while it is open.
    open_request: OpenRequest | None
    starts_at_16: bool
    # The keyworker's answer to the reader's latest request, once they answered.
    answered_request: AnsweredRequest | None = None

    @property
    def may_decide(self) -> bool:
        return self.access.allowed


def consent_item(session: Session, code: str) -> ConsentItem | None:
    return session.scalars(select(ConsentItem).where(ConsentItem.code == code)).first()


def choices_overview(session: Session, contact: Contact, today: date) -> ChoicesOverview:
    """Every consent item in display order with its current choice. Three
    queries: the items, the current decisions and the young person's contacts."""
    young_person = contact.young_person
    items = session.scalars(select(ConsentItem).order_by(ConsentItem.display_order, ConsentItem.id))
    latest = current_decisions(session, young_person.id)
    people = people_of(young_person, contact)
    reader = reader_for(contact)
    summaries = []
    for item in items:
        kind = item_type(item.code)
        starts_at_16 = _starts_at_16(kind, young_person, today)
        summaries.append(
            ChoiceSummary(
                code=item.code,
                title=reader.say(item.title),
                description=reader.say(item.description),
                lines=_lines(item, kind, latest, people, contact, starts_at_16=starts_at_16),
                starts_at_16=starts_at_16,
            )
        )
    return ChoicesOverview(
        young_person_name=young_person.preferred_name,
        about_self=contact.relation is Relationship.SELF,
        items=tuple(summaries),
    )


def choice_page(
    session: Session,
    contact: Contact,
    item: ConsentItem,
    today: date,
    *,
    minimum_own_access_age: int = DEFAULT_MINIMUM_OWN_ACCESS_AGE,
) -> ChoicePage:
    """One item: its current choice, who may change it, and its recent history."""
    young_person = contact.young_person
    kind = item_type(item.code)
    people = people_of(young_person, contact)
    latest = current_decisions(session, young_person.id, item_ids=(item.id,))
    starts_at_16 = _starts_at_16(kind, young_person, today)
    access = may_change_consent(
        session, contact, item.code, today, minimum_own_access_age=minimum_own_access_age
    )
    open_request, answered = _latest_request(session, contact, item, latest, people)
    return ChoicePage(
        item=item,
        young_person_name=young_person.preferred_name,
        about_self=contact.relation is Relationship.SELF,
        lines=_lines(item, kind, latest, people, contact, starts_at_16=starts_at_16),
        history=_history(session, contact, item, kind, people, today),
        access=access,
        who_may_change=who_may_change(access, contact, item.code, today),
        open_request=open_request,
        starts_at_16=starts_at_16,
        answered_request=answered,
    )


def latest_portal_decision_by(
    session: Session, contact: Contact, item: ConsentItem
) -> Decision | None:
    """The latest decision `contact` made on `item` through the portal, for
    the page that confirms it."""
    decision = session.scalars(
        select(ConsentDecision)
        .where(
            ConsentDecision.young_person_id == contact.young_person_id,
            ConsentDecision.item_id == item.id,
            ConsentDecision.decided_by_contact_id == contact.id,
            ConsentDecision.channel == DecisionChannel.PORTAL,
        )
        .order_by(ConsentDecision.decided_at.desc(), ConsentDecision.id.desc())
        .limit(1)
    ).first()
    if decision is None:
        return None
    return _as_decision(decision, people_of(contact.young_person, contact), contact)


def _history(
    session: Session,
    contact: Contact,
    item: ConsentItem,
    kind: ConsentItemType,
    people: Mapping[int, Person],
    today: date,
) -> tuple[Decision, ...]:
    """The recent decisions the reader may see. From 16 a young person's
    decisions are their own: a family member sees the current choice (the
    page's lines), not the young person's history of changing their mind,
    and still sees the decisions they or staff made."""
    query = select(ConsentDecision).where(
        ConsentDecision.young_person_id == contact.young_person_id,
        ConsentDecision.item_id == item.id,
    )
    if (
        contact.relation is not Relationship.SELF
        and contact.young_person.age_on(today) >= CAPACITY_AGE
    ):
        query = query.where(
            or_(
                ConsentDecision.basis != DecisionBasis.OWN_CONSENT,
                ConsentDecision.decided_by_contact_id == contact.id,
            )
        )
    if kind.about_one_contact and (
        kind.each_contact_decides_own or contact.relation is not Relationship.SELF
    ):
        query = query.where(ConsentDecision.about_contact_id == contact.id)
    decisions = session.scalars(
        query.order_by(ConsentDecision.decided_at.desc(), ConsentDecision.id.desc()).limit(
            HISTORY_LENGTH
        )
    )
    return tuple(_as_decision(decision, people, contact) for decision in decisions)


def _latest_request(
    session: Session,
    contact: Contact,
    item: ConsentItem,
    latest: Mapping[DecisionKey, ConsentDecision],
    people: Mapping[int, Person],
) -> tuple[OpenRequest | None, AnsweredRequest | None]:
    """The reader's latest request about `item`: open, unless a decision came
    after it or the keyworker answered it (then their answer)."""
    row = session.execute(
        select(ConsentChangeRequest, ConsentRequestAnswer)
        .outerjoin(ConsentRequestAnswer, ConsentRequestAnswer.request_id == ConsentChangeRequest.id)
        .where(
            ConsentChangeRequest.contact_id == contact.id,
            ConsentChangeRequest.item_id == item.id,
        )
        .order_by(ConsentChangeRequest.requested_at.desc(), ConsentChangeRequest.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None, None
    request, answer = row
    if answer is not None:
        decided = answer.kind.value == "decided"
        return None, AnsweredRequest(
            request.requested_at, answer.answered_at, decided=decided, reply=answer.reply
        )
    decided_now = latest.get((item.id, request.about_contact_id))
    if decided_now is not None and decided_now.decided_at >= request.requested_at:
        return None, None
    about = people.get(request.about_contact_id) if request.about_contact_id else None
    return OpenRequest(requested_at=request.requested_at, about=about), None


def _lines(
    item: ConsentItem,
    kind: ConsentItemType,
    latest: Mapping[DecisionKey, ConsentDecision],
    people: Mapping[int, Person],
    viewer: Contact,
    *,
    starts_at_16: bool,
) -> tuple[ChoiceLine, ...]:
    if not kind.about_one_contact:
        decision = latest.get((item.id, None))
        return (ChoiceLine(None, _as_decision(decision, people, viewer) if decision else None),)
    if starts_at_16:
        return ()
    # The young person sees a line for each of their contacts; a family member
    # sees only their own, not what the young person chose about anyone else.
    # For an item each contact decides about their own, everyone sees only theirs.
    if kind.each_contact_decides_own:
        decision = latest.get((item.id, viewer.id))
        viewer_person = people[viewer.id]
        return (
            ChoiceLine(viewer_person, _as_decision(decision, people, viewer) if decision else None),
        )
    about_self = viewer.relation is Relationship.SELF
    lines = []
    for person in people.values():
        if person.relation is Relationship.SELF:
            continue
        if not about_self and not person.is_viewer:
            continue
        decision = latest.get((item.id, person.contact_id))
        lines.append(
            ChoiceLine(person, _as_decision(decision, people, viewer) if decision else None)
        )
    return tuple(lines)


def _starts_at_16(kind: ConsentItemType, young_person: YoungPerson, today: date) -> bool:
    return kind.decided_from_16 and young_person.age_on(today) < CAPACITY_AGE


def _as_decision(
    decision: ConsentDecision, people: Mapping[int, Person], viewer: Contact
) -> Decision:
    return Decision(
        id=decision.id,
        choice=decision.choice,
        decided_at=decision.decided_at,
        decider=_decider(decision, people, viewer),
        about=people.get(decision.about_contact_id) if decision.about_contact_id else None,
    )


def _decider(decision: ConsentDecision, people: Mapping[int, Person], viewer: Contact) -> Decider:
    contact_id = decision.decided_by_contact_id
    if contact_id is not None:
        if contact_id == viewer.id:
            return Decider(DeciderKind.YOU)
        person = people.get(contact_id)
        if person is None:
            return Decider(DeciderKind.STAFF)
        if person.relation is Relationship.SELF:
            return Decider(DeciderKind.YOUNG_PERSON, person.first_name)
        return Decider(DeciderKind.FAMILY_MEMBER, person.first_name, person.relationship_detail)
    if decision.decided_by_staff_id == viewer.young_person.keyworker_id:
        return Decider(DeciderKind.KEYWORKER)
    return Decider(DeciderKind.STAFF)
