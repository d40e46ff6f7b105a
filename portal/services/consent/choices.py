"""My choices: the consent choices a young person and their family see and
change from the family pages.

Each choice's current answer is its latest `ConsentDecision` (for
"family_sees_portal", the latest for each contact it is about). Changing a
choice adds a decision, never updates one, so the history stays whole.

Who may change a choice is `family_access.may_change_consent`; this module
turns its answer into words families can read, and records:

- a change (`decide`): a new decision with the channel "portal", an audit
  event and a notice for staff, all in one transaction. Withdrawing consent to
  be on the register makes the notice urgent. Saying no to someone seeing the
  portal ends that person's sessions at once.
- a request to change (`ask_to_change`) from someone who may not decide: a
  `ConsentChangeRequest`, a notice and an audit event. The same request sent
  twice (a double tap, a retry) is kept once.

A change is made in two steps. The first (`prepare_change`) remembers which
decision was current when the person chose; the second (`decide`) adds
nothing when that decision is no longer current (someone else changed the
choice meanwhile) or when the choice is already the current one.

Every page reads a fixed number of queries, however long the history.
"""

from __future__ import annotations

import enum
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from portal.models import (
    ConsentChangeRequest,
    ConsentChoice,
    ConsentDecision,
    ConsentItem,
    Contact,
    DecisionBasis,
    DecisionChannel,
    FamilyInputKind,
    FamilyInputNotice,
    LegalAuthority,
    Relationship,
    YoungPerson,
    utc_now,
)
from portal.services.access.family_rules import (
    ADULT_AGE,
    CAPACITY_AGE,
    DEFAULT_MINIMUM_OWN_ACCESS_AGE,
    AccessDecision,
    may_change_consent,
    portal_access,
)
from portal.services.access.family_sessions import end_sessions_after_access_lost
from portal.services.consent.items import FAMILY_SEES_PORTAL
from portal.services.records.audit import record_event
from portal.services.records.family_input import notify_staff

# How many earlier decisions an item's page shows.
HISTORY_LENGTH = 10
# The longest message a family member can send with a request to change.
MESSAGE_MAX_LENGTH = 1000
# Withdrawing this consent needs a conversation with the keyworker soon.
REGISTER = "register"


class DeciderKind(enum.StrEnum):
    """Who made a decision, in the words the reader knows them by."""

    YOU = "you"
    YOUNG_PERSON = "young_person"
    FAMILY_MEMBER = "family_member"
    KEYWORKER = "keyworker"
    STAFF = "staff"


@dataclass(frozen=True)
class Person:
    """A contact as families read them: first name and how they are related."""

    contact_id: int
    first_name: str
    # "Mum", "Sister"; None when the record has no detail (use `relation`).
    relationship_detail: str | None
    relation: Relationship
    is_viewer: bool


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
    """The current choice; for "family_sees_portal", one for each person."""

    about: Person | None
    current: Decision | None


@dataclass(frozen=True)
class ChoiceSummary:
    code: str
    title: str
    description: str
    lines: tuple[ChoiceLine, ...]
    # "family_sees_portal" before the 16th birthday: parental responsibility decides.
    starts_at_16: bool = False


@dataclass(frozen=True)
class ChoicesOverview:
    young_person_name: str
    about_self: bool
    items: tuple[ChoiceSummary, ...]

    @property
    def anything_chosen(self) -> bool:
        return any(line.current for item in self.items for line in item.lines)


class WhoDecides(enum.StrEnum):
    """Who may change a choice, from the reader's point of view."""

    YOU = "you"
    YOUNG_PERSON = "young_person"
    PARENTS = "parents"
    ATTORNEY = "attorney"
    BEST_INTERESTS = "best_interests"
    FROM_16 = "from_16"
    ASK_KEYWORKER = "ask_keyworker"


@dataclass(frozen=True)
class WhoMayChange:
    who: WhoDecides
    # First names of the people who may decide (besides the reader, for YOU).
    names: tuple[str, ...] = ()
    # The young person decides because staff recorded they are Gillick competent.
    gillick_competent: bool = False


@dataclass(frozen=True)
class OpenRequest:
    requested_at: datetime
    about: Person | None


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

    @property
    def may_decide(self) -> bool:
        return self.access.allowed


@dataclass(frozen=True)
class PendingChange:
    """What the person chose in step 1, kept in their session until they confirm."""

    item_code: str
    choice: ConsentChoice
    about_contact_id: int | None
    # The decision that was current when they chose (None: nobody had chosen).
    seen_decision_id: int | None
    # Binds a confirmation to the choice the check page showed (two tabs).
    token: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "item_code": self.item_code,
            "choice": self.choice.value,
            "about_contact_id": self.about_contact_id,
            "seen_decision_id": self.seen_decision_id,
            "token": self.token,
        }

    @classmethod
    def from_dict(cls, data: object) -> PendingChange | None:
        """The pending change a session holds, or None when it holds none (or junk)."""
        if not isinstance(data, Mapping):
            return None
        try:
            about = data.get("about_contact_id")
            seen = data.get("seen_decision_id")
            if about is not None and not isinstance(about, int):
                return None
            if seen is not None and not isinstance(seen, int):
                return None
            return cls(
                item_code=str(data["item_code"]),
                choice=ConsentChoice(data["choice"]),
                about_contact_id=about,
                seen_decision_id=seen,
                token=str(data["token"]),
            )
        except (KeyError, ValueError):
            return None


class DecideOutcome(enum.StrEnum):
    CHANGED = "changed"
    # The choice is already the current one: nothing added.
    UNCHANGED = "unchanged"
    # Someone else changed the choice since step 1: nothing added.
    STALE = "stale"
    # The person may not decide this (any more): nothing added.
    NOT_ALLOWED = "not_allowed"


@dataclass(frozen=True)
class DecideResult:
    outcome: DecideOutcome
    decision: ConsentDecision | None = None
    # Sessions ended because the person it was about may no longer see the portal.
    sessions_ended: int = 0


class NotAChoice(ValueError):
    """The person a "family_sees_portal" choice is about is not one of the
    young person's own contacts."""


# Reading


def consent_item(session: Session, code: str) -> ConsentItem | None:
    return session.scalars(select(ConsentItem).where(ConsentItem.code == code)).first()


def choices_overview(session: Session, contact: Contact, today: date) -> ChoicesOverview:
    """Every consent item in display order with its current choice. Three queries."""
    young_person = contact.young_person
    items = session.scalars(select(ConsentItem).order_by(ConsentItem.display_order, ConsentItem.id))
    latest = _latest_decisions(session, young_person.id)
    people = _people(young_person, contact)
    summaries = []
    for item in items:
        starts_at_16 = _starts_at_16(item.code, young_person, today)
        lines = _lines(item, latest, people, contact, young_person, starts_at_16=starts_at_16)
        summaries.append(
            ChoiceSummary(
                code=item.code,
                title=item.title,
                description=item.description,
                lines=lines,
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
    people = _people(young_person, contact)
    latest = _latest_decisions(session, young_person.id, item_id=item.id)
    starts_at_16 = _starts_at_16(item.code, young_person, today)
    access = may_change_consent(
        session, contact, item.code, today, minimum_own_access_age=minimum_own_access_age
    )
    return ChoicePage(
        item=item,
        young_person_name=young_person.preferred_name,
        about_self=contact.relation is Relationship.SELF,
        lines=_lines(item, latest, people, contact, young_person, starts_at_16=starts_at_16),
        history=_history(session, contact, item, people),
        access=access,
        who_may_change=who_may_change(access, contact, item.code, today),
        open_request=_open_request(session, contact, item, latest, people),
        starts_at_16=starts_at_16,
    )


def people_a_choice_can_be_about(contact: Contact) -> list[Person]:
    """For "family_sees_portal": the young person's other contacts, oldest first."""
    return [
        person
        for person in _people(contact.young_person, contact).values()
        if person.relation is not Relationship.SELF
    ]


def current_decision(
    session: Session, contact: Contact, item: ConsentItem, about_contact_id: int | None
) -> ConsentDecision | None:
    """The current decision on `item` for the contact's young person (about one person)."""
    return session.scalars(
        select(ConsentDecision)
        .where(
            ConsentDecision.young_person_id == contact.young_person_id,
            ConsentDecision.item_id == item.id,
            _about(about_contact_id),
        )
        .order_by(ConsentDecision.decided_at.desc(), ConsentDecision.id.desc())
        .limit(1)
    ).first()


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
    return _as_decision(decision, _people(contact.young_person, contact), contact)


def would_change(
    current: ConsentDecision | None, choice: ConsentChoice, basis: DecisionBasis | None
) -> bool:
    """Whether deciding `choice` on `basis` changes anything. The same answer
    on another basis does: only the young person's own "yes" lets someone see
    the portal from 16, for example."""
    return current is None or current.choice is not choice or current.basis != basis


# Who may change a choice


_YOUNG_PERSON_DECIDES = {
    "young_person_decides",
    "only_the_young_person_decides_who_sees",
    "young_person_has_capacity",
}
_PARENTS_DECIDE = {"parental_responsibility_decides", "no_parental_responsibility"}
_AUTHORITIES = (LegalAuthority.LASTING_POWER_OF_ATTORNEY, LegalAuthority.DEPUTY)


def who_may_change(
    access: AccessDecision, contact: Contact, item_code: str, today: date
) -> WhoMayChange:
    """Who may change the choice, from `contact`'s answer and the young
    person's contacts (already loaded: no query)."""
    young_person = contact.young_person
    others = [c for c in young_person.contacts if c.id != contact.id]
    parents = tuple(
        _first_name(c)
        for c in others
        if c.has_parental_responsibility and c.relation is not Relationship.SELF
    )
    attorneys = tuple(
        _first_name(c)
        for c in others
        if c.legal_authority in _AUTHORITIES and c.relation is not Relationship.SELF
    )
    if access.allowed:
        if access.basis is DecisionBasis.PARENTAL_RESPONSIBILITY:
            return WhoMayChange(WhoDecides.YOU, parents)
        if access.basis in (DecisionBasis.LASTING_POWER_OF_ATTORNEY, DecisionBasis.DEPUTY):
            return WhoMayChange(WhoDecides.YOU, attorneys)
        return WhoMayChange(WhoDecides.YOU)
    reason = access.reason
    if reason == "young_person_is_gillick_competent":
        return WhoMayChange(WhoDecides.YOUNG_PERSON, gillick_competent=True)
    if reason in _YOUNG_PERSON_DECIDES:
        return WhoMayChange(WhoDecides.YOUNG_PERSON)
    if reason in _PARENTS_DECIDE and parents:
        return WhoMayChange(WhoDecides.PARENTS, parents)
    if reason == "under_16_parental_responsibility_decides_access":
        return WhoMayChange(WhoDecides.FROM_16)
    if reason == "lacks_capacity_best_interests_decision_needed":
        adult = young_person.age_on(today) >= ADULT_AGE
        if adult and attorneys and item_code != FAMILY_SEES_PORTAL:
            return WhoMayChange(WhoDecides.ATTORNEY, attorneys)
        return WhoMayChange(WhoDecides.BEST_INTERESTS)
    return WhoMayChange(WhoDecides.ASK_KEYWORKER)


# Changing a choice


def prepare_change(
    session: Session,
    contact: Contact,
    item: ConsentItem,
    choice: ConsentChoice,
    about_contact_id: int | None,
) -> PendingChange:
    """Step 1: what `contact` chose, and which decision was current then.
    Raises NotAChoice when a "family_sees_portal" choice is not about one of
    the young person's other contacts."""
    about = _checked_about(contact, item, about_contact_id)
    current = current_decision(session, contact, item, about)
    return PendingChange(
        item_code=item.code,
        choice=choice,
        about_contact_id=about,
        seen_decision_id=current.id if current is not None else None,
        token=secrets.token_urlsafe(16),
    )


@dataclass(frozen=True)
class ChangeCheck:
    """What step 2 shows: who the choice is about, and whether it changes anything."""

    about: Person | None
    changes_something: bool
    # The current choice is not the one step 1 saw: someone else changed it.
    changed_meanwhile: bool


def check_change(
    session: Session,
    contact: Contact,
    item: ConsentItem,
    pending: PendingChange,
    today: date,
    *,
    minimum_own_access_age: int = DEFAULT_MINIMUM_OWN_ACCESS_AGE,
) -> ChangeCheck:
    current = current_decision(session, contact, item, pending.about_contact_id)
    access = may_change_consent(
        session, contact, item.code, today, minimum_own_access_age=minimum_own_access_age
    )
    about = next(
        (
            person
            for person in people_a_choice_can_be_about(contact)
            if person.contact_id == pending.about_contact_id
        ),
        None,
    )
    return ChangeCheck(
        about=about,
        changes_something=would_change(current, pending.choice, access.basis),
        changed_meanwhile=(current.id if current else None) != pending.seen_decision_id,
    )


def decide(
    session: Session,
    contact: Contact,
    item: ConsentItem,
    pending: PendingChange,
    today: date,
    *,
    ip_address: str | None = None,
    minimum_own_access_age: int = DEFAULT_MINIMUM_OWN_ACCESS_AGE,
) -> DecideResult:
    """Step 2: add `contact`'s decision, unless it changes nothing, someone
    else changed the choice since step 1, or `contact` may not decide it.
    Commits when it adds a decision."""
    if pending.item_code != item.code:
        raise ValueError("the pending change is for another item")
    try:
        about = _checked_about(contact, item, pending.about_contact_id)
    except NotAChoice:
        return DecideResult(DecideOutcome.NOT_ALLOWED)
    access = may_change_consent(
        session, contact, item.code, today, minimum_own_access_age=minimum_own_access_age
    )
    if not access.allowed or access.basis is None:
        return DecideResult(DecideOutcome.NOT_ALLOWED)
    # One decision at a time for a young person (PostgreSQL; SQLite writes one at a time).
    session.execute(
        select(YoungPerson.id).where(YoungPerson.id == contact.young_person_id).with_for_update()
    )
    current = current_decision(session, contact, item, about)
    if (current.id if current is not None else None) != pending.seen_decision_id:
        return DecideResult(DecideOutcome.STALE)
    if not would_change(current, pending.choice, access.basis):
        return DecideResult(DecideOutcome.UNCHANGED)

    decision = ConsentDecision(
        young_person_id=contact.young_person_id,
        item_id=item.id,
        choice=pending.choice,
        decided_by_contact_id=contact.id,
        basis=access.basis,
        best_interests_decision_id=access.best_interests_decision_id,
        channel=DecisionChannel.PORTAL,
        about_contact_id=about,
        decided_at=utc_now(),
    )
    session.add(decision)
    session.flush()
    about_contact = _contact(contact, about)
    withdrew_register = item.code == REGISTER and pending.choice is ConsentChoice.NO
    notify_staff(
        session,
        contact,
        FamilyInputKind.CONSENT_DECISION,
        subject_id=decision.id,
        summary=_change_summary(item, pending.choice, about_contact),
        urgent=withdrew_register,
    )
    record_event(
        session,
        "family.consent.decided",
        contact=contact,
        ip_address=ip_address,
        consent_decision_id=decision.id,
        item=item.code,
        choice=pending.choice.value,
        basis=access.basis.value,
        about_contact_id=about,
        urgent=withdrew_register,
    )
    if about_contact is not None:
        # Who may see the portal is worked out again now, not at their next request.
        still = portal_access(
            session, about_contact, today, minimum_own_access_age=minimum_own_access_age
        )
        if not still.allowed:
            ended = end_sessions_after_access_lost(session, about_contact, still.reason)
            return DecideResult(DecideOutcome.CHANGED, decision, sessions_ended=ended)
    session.commit()
    return DecideResult(DecideOutcome.CHANGED, decision)


# Asking to change a choice


@dataclass(frozen=True)
class AskResult:
    request: ConsentChangeRequest
    # The same request was already waiting for the keyworker: nothing added.
    already_asked: bool


def ask_to_change(
    session: Session,
    contact: Contact,
    item: ConsentItem,
    message: str | None,
    *,
    ip_address: str | None = None,
) -> AskResult:
    """`contact` asks the keyworker to talk about changing `item`. The same
    request (same person, item and message) still waiting for the keyworker to
    open the record is kept once. Commits."""
    text = (message or "").strip() or None
    if text is not None and len(text) > MESSAGE_MAX_LENGTH:
        raise ValueError("the message is too long")
    # A family member can only ask about themselves seeing the portal.
    about_someone = item.code == FAMILY_SEES_PORTAL and contact.relation is not Relationship.SELF
    about = contact.id if about_someone else None
    waiting = session.scalars(
        select(ConsentChangeRequest)
        .join(
            FamilyInputNotice,
            (FamilyInputNotice.subject_id == ConsentChangeRequest.id)
            & (FamilyInputNotice.kind == FamilyInputKind.CONSENT_CHANGE_REQUEST),
        )
        .where(
            ConsentChangeRequest.contact_id == contact.id,
            ConsentChangeRequest.item_id == item.id,
            _same(ConsentChangeRequest.about_contact_id, about),
            _same(ConsentChangeRequest.message, text),
            FamilyInputNotice.seen_at.is_(None),
        )
        .order_by(ConsentChangeRequest.id.desc())
        .limit(1)
    ).first()
    if waiting is not None:
        return AskResult(waiting, already_asked=True)
    request = ConsentChangeRequest(
        young_person_id=contact.young_person_id,
        contact_id=contact.id,
        item_id=item.id,
        about_contact_id=about,
        message=text,
        requested_at=utc_now(),
    )
    session.add(request)
    session.flush()
    notify_staff(
        session,
        contact,
        FamilyInputKind.CONSENT_CHANGE_REQUEST,
        subject_id=request.id,
        summary=f"Asked to change '{item.title}'",
    )
    record_event(
        session,
        "family.consent.change_requested",
        contact=contact,
        ip_address=ip_address,
        consent_change_request_id=request.id,
        item=item.code,
        with_message=text is not None,
    )
    session.commit()
    return AskResult(request, already_asked=False)


# Helpers


def _about(about_contact_id: int | None) -> Any:
    return _same(ConsentDecision.about_contact_id, about_contact_id)


def _same(column: Any, value: object) -> Any:
    return column.is_(None) if value is None else column == value


def _latest_decisions(
    session: Session, young_person_id: int, *, item_id: int | None = None
) -> dict[tuple[int, int | None], ConsentDecision]:
    """The current decision for each item (and person it is about), in one query."""
    rank = (
        func.row_number()
        .over(
            partition_by=(ConsentDecision.item_id, ConsentDecision.about_contact_id),
            order_by=(ConsentDecision.decided_at.desc(), ConsentDecision.id.desc()),
        )
        .label("rank")
    )
    ranked_query: Select[Any] = select(ConsentDecision.id, rank).where(
        ConsentDecision.young_person_id == young_person_id
    )
    if item_id is not None:
        ranked_query = ranked_query.where(ConsentDecision.item_id == item_id)
    ranked = ranked_query.subquery()
    decisions = session.scalars(
        select(ConsentDecision)
        .join(ranked, ranked.c.id == ConsentDecision.id)
        .where(ranked.c.rank == 1)
    )
    return {(d.item_id, d.about_contact_id): d for d in decisions}


def _history(
    session: Session, contact: Contact, item: ConsentItem, people: Mapping[int, Person]
) -> tuple[Decision, ...]:
    query = select(ConsentDecision).where(
        ConsentDecision.young_person_id == contact.young_person_id,
        ConsentDecision.item_id == item.id,
    )
    if item.code == FAMILY_SEES_PORTAL and contact.relation is not Relationship.SELF:
        query = query.where(ConsentDecision.about_contact_id == contact.id)
    decisions = session.scalars(
        query.order_by(ConsentDecision.decided_at.desc(), ConsentDecision.id.desc()).limit(
            HISTORY_LENGTH
        )
    )
    return tuple(_as_decision(decision, people, contact) for decision in decisions)


def _open_request(
    session: Session,
    contact: Contact,
    item: ConsentItem,
    latest: Mapping[tuple[int, int | None], ConsentDecision],
    people: Mapping[int, Person],
) -> OpenRequest | None:
    """The reader's latest request about `item`, unless a decision came after it."""
    request = session.scalars(
        select(ConsentChangeRequest)
        .where(
            ConsentChangeRequest.contact_id == contact.id,
            ConsentChangeRequest.item_id == item.id,
        )
        .order_by(ConsentChangeRequest.requested_at.desc(), ConsentChangeRequest.id.desc())
        .limit(1)
    ).first()
    if request is None:
        return None
    decided = latest.get((item.id, request.about_contact_id))
    if decided is not None and decided.decided_at >= request.requested_at:
        return None
    about = people.get(request.about_contact_id) if request.about_contact_id else None
    return OpenRequest(requested_at=request.requested_at, about=about)


def _lines(
    item: ConsentItem,
    latest: Mapping[tuple[int, int | None], ConsentDecision],
    people: Mapping[int, Person],
    viewer: Contact,
    young_person: YoungPerson,
    *,
    starts_at_16: bool,
) -> tuple[ChoiceLine, ...]:
    if item.code != FAMILY_SEES_PORTAL:
        decision = latest.get((item.id, None))
        return (ChoiceLine(None, _as_decision(decision, people, viewer) if decision else None),)
    if starts_at_16:
        return ()
    # The young person sees a line for each of their contacts; a family member
    # sees only their own, not what the young person chose about anyone else.
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


def _starts_at_16(code: str, young_person: YoungPerson, today: date) -> bool:
    return code == FAMILY_SEES_PORTAL and young_person.age_on(today) < CAPACITY_AGE


def _people(young_person: YoungPerson, viewer: Contact) -> dict[int, Person]:
    return {
        c.id: Person(
            contact_id=c.id,
            first_name=_first_name(c),
            relationship_detail=c.relationship_detail,
            relation=c.relation,
            is_viewer=c.id == viewer.id,
        )
        for c in young_person.contacts
    }


def _first_name(contact: Contact) -> str:
    if contact.relation is Relationship.SELF:
        return contact.young_person.preferred_name
    parts = contact.name.split()
    return parts[0] if parts else contact.name


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


def _checked_about(contact: Contact, item: ConsentItem, about_contact_id: int | None) -> int | None:
    if item.code != FAMILY_SEES_PORTAL:
        return None
    allowed = {person.contact_id for person in people_a_choice_can_be_about(contact)}
    if about_contact_id not in allowed:
        raise NotAChoice(f"contact {about_contact_id} is not one of the young person's contacts")
    return about_contact_id


def _contact(contact: Contact, contact_id: int | None) -> Contact | None:
    if contact_id is None:
        return None
    return next((c for c in contact.young_person.contacts if c.id == contact_id), None)


def _change_summary(item: ConsentItem, choice: ConsentChoice, about: Contact | None) -> str:
    summary = f"Changed '{item.title}' to {choice.value}"
    if about is not None:
        detail = f" ({about.relationship_detail})" if about.relationship_detail else ""
        summary += f" for {about.name}{detail}"
    return summary
