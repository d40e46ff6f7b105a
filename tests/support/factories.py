"""Factories for test data: keyword-only arguments, fictional values, saved
with a flush so ids exist. Phone numbers come from the drama range."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta

import pyotp
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import (
    Action,
    ActionChange,
    ActionStatus,
    AssessmentOutcome,
    BestInterestsDecision,
    CapacityAssessment,
    Channel,
    ConsentChoice,
    ConsentDecision,
    ConsentItem,
    Contact,
    CoverGrant,
    DecisionArea,
    DecisionBasis,
    DecisionChannel,
    LegalAuthority,
    Meeting,
    MeetingKind,
    MeetingStatus,
    RegisterStatus,
    Relationship,
    RiskRating,
    StaffRole,
    StaffUser,
    Team,
    YoungPerson,
    utc_now,
)
from portal.services.consent.registry import sync_consent_items
from portal.services.staff_accounts.passwords import hash_password

PASSWORD = "a long test password 1"
_sequence = itertools.count(1)


def make_team(session: Session, *, name: str | None = None) -> Team:
    team = Team(name=name or f"Test Team {next(_sequence)}")
    session.add(team)
    session.flush()
    return team


def make_staff_user(
    session: Session,
    *,
    role: StaffRole = StaffRole.KEYWORKER,
    name: str | None = None,
    email: str | None = None,
    team: Team | None = None,
    password: str = PASSWORD,
    with_totp: bool = True,
    is_active: bool = True,
) -> StaffUser:
    number = next(_sequence)
    user = StaffUser(
        name=name or f"Test {role.value.title()} {number}",
        email=email or f"{role.value}{number}@example.org",
        role=role,
        team=team,
        password_hash=hash_password(password, fast=True),
        totp_secret=pyotp.random_base32() if with_totp else None,
        totp_enrolled_at=utc_now() if with_totp else None,
        is_active=is_active,
    )
    session.add(user)
    session.flush()
    return user


def make_young_person(
    session: Session,
    *,
    team: Team,
    keyworker: StaffUser | None = None,
    preferred_name: str | None = None,
    legal_name: str | None = None,
    date_of_birth: date = date(2010, 6, 15),
    risk_rating: RiskRating | None = RiskRating.AMBER,
) -> YoungPerson:
    number = next(_sequence)
    person = YoungPerson(
        legal_name=legal_name or f"Testperson Number{number}",
        preferred_name=preferred_name or f"Tester{number}",
        date_of_birth=date_of_birth,
        register_status=RegisterStatus.ON_REGISTER,
        risk_rating=risk_rating,
        risk_rating_changed_at=utc_now() if risk_rating else None,
        risk_rating_reason="Test reason" if risk_rating else None,
        keyworker=keyworker,
        team=team,
    )
    session.add(person)
    session.flush()
    return person


def make_contact(
    session: Session,
    *,
    young_person: YoungPerson,
    relation: Relationship = Relationship.PARENT,
    name: str | None = None,
    mobile: str | None = None,
    email: str | None = None,
    has_parental_responsibility: bool = True,
    portal_access_enabled: bool = True,
    verified: bool = True,
) -> Contact:
    """A contact staff have set up for the portal: switched on, and with the
    mobile number and any email address checked (`verified`), as staff do
    before anyone can get a sign-in link. A test about an address nobody has
    checked says so with `verified=False`."""
    number = next(_sequence)
    contact = Contact(
        young_person_id=young_person.id,
        name=name or f"Contact Number{number}",
        relation=relation,
        has_parental_responsibility=(
            has_parental_responsibility if relation is not Relationship.SELF else False
        ),
        mobile_e164=mobile or f"07700 900{number % 1000:03d}",
        email=email,
        preferred_channel=Channel.SMS,
        portal_access_enabled=portal_access_enabled,
        phone_verified=verified,
        email_verified=verified and email is not None,
    )
    session.add(contact)
    session.flush()
    return contact


def make_meeting(
    session: Session,
    *,
    young_person: YoungPerson,
    kind: MeetingKind = MeetingKind.MDT,
    starts_at: datetime | None = None,
    duration: timedelta = timedelta(hours=1),
    status: MeetingStatus = MeetingStatus.PLANNED,
    place: str = "Room 1, Test Clinic",
) -> Meeting:
    starts_at = starts_at or utc_now() + timedelta(days=7)
    meeting = Meeting(
        young_person_id=young_person.id,
        kind=kind,
        starts_at=starts_at,
        ends_at=starts_at + duration,
        place=place,
        status=status,
    )
    session.add(meeting)
    session.flush()
    return meeting


def make_action(
    session: Session,
    *,
    young_person_id: int,
    what: str = "Book a visit.",
    who: str = "Keyworker",
    due_on: date | None = None,
    status: ActionStatus = ActionStatus.NOT_STARTED,
    reason: str | None = None,
    visible_to_family: bool = True,
    meeting_id: int | None = None,
    by: StaffUser | None = None,
) -> Action:
    """An action with its first history row, as `add_action` saves one."""
    action = Action(
        young_person_id=young_person_id,
        meeting_id=meeting_id,
        what=what,
        who=who,
        due_on=due_on,
        status=status,
        cannot_be_done_reason=reason,
        visible_to_family=visible_to_family,
        created_by_id=by.id if by else None,
    )
    session.add(action)
    session.flush()
    session.add(
        ActionChange(
            action_id=action.id,
            sequence=action.sequence,
            what=what,
            who=who,
            due_on=due_on,
            status=status,
            cannot_be_done_reason=reason,
            visible_to_family=visible_to_family,
            changed_by_id=by.id if by else None,
        )
    )
    session.flush()
    return action


def make_capacity_assessment(
    session: Session,
    *,
    young_person: YoungPerson,
    outcome: AssessmentOutcome,
    area: DecisionArea = DecisionArea.FAMILY_ACCESS,
    refused_contact: Contact | None = None,
    assessed_on: date = date(2026, 1, 5),
    review_on: date | None = None,
    recorded_by: StaffUser | None = None,
) -> CapacityAssessment:
    assessment = CapacityAssessment(
        young_person_id=young_person.id,
        decision_area=area,
        outcome=outcome,
        refused_contact_id=refused_contact.id if refused_contact else None,
        recorded_by_id=(recorded_by or make_staff_user(session, with_totp=False)).id,
        assessed_on=assessed_on,
        review_on=review_on,
        note="Test assessment",
    )
    session.add(assessment)
    session.flush()
    return assessment


def make_best_interests_decision(
    session: Session,
    *,
    young_person: YoungPerson,
    allows_contact: Contact | None,
    area: DecisionArea = DecisionArea.FAMILY_ACCESS,
    decided_on: date = date(2026, 1, 6),
    review_on: date = date(2027, 1, 6),
    recorded_by: StaffUser | None = None,
) -> BestInterestsDecision:
    decision = BestInterestsDecision(
        young_person_id=young_person.id,
        decision_area=area,
        decision="Test best-interests decision",
        decision_maker_name="Test Decision Maker",
        decision_maker_role="Team manager",
        reason="Test reason",
        allows_contact_id=allows_contact.id if allows_contact else None,
        decided_on=decided_on,
        review_on=review_on,
        recorded_by_id=(recorded_by or make_staff_user(session, with_totp=False)).id,
    )
    session.add(decision)
    session.flush()
    return decision


def make_consent_decision(
    session: Session,
    *,
    young_person: YoungPerson,
    item_code: str,
    choice: ConsentChoice = ConsentChoice.YES,
    basis: DecisionBasis = DecisionBasis.OWN_CONSENT,
    decided_by_contact: Contact | None = None,
    decided_by_staff: StaffUser | None = None,
    about_contact: Contact | None = None,
    decided_at: datetime | None = None,
) -> ConsentDecision:
    """A decision on one of the registry's consent items (their rows are synced first).
    With nobody named as deciding, a member of staff records it."""
    sync_consent_items(session)
    item = session.scalars(select(ConsentItem).where(ConsentItem.code == item_code)).one()
    if decided_by_contact is None and decided_by_staff is None:
        decided_by_staff = make_staff_user(session, with_totp=False)
    decision = ConsentDecision(
        young_person_id=young_person.id,
        item_id=item.id,
        choice=choice,
        basis=basis,
        decided_by_contact_id=decided_by_contact.id if decided_by_contact else None,
        decided_by_staff_id=decided_by_staff.id if decided_by_staff else None,
        about_contact_id=about_contact.id if about_contact else None,
        channel=DecisionChannel.IN_PERSON,
        decided_at=decided_at or utc_now(),
    )
    session.add(decision)
    session.flush()
    return decision


def make_contact_with_authority(
    session: Session,
    *,
    young_person: YoungPerson,
    legal_authority: LegalAuthority,
    relation: Relationship = Relationship.PARENT,
    portal_access_enabled: bool = True,
    health_and_welfare: bool = True,
) -> Contact:
    """A contact holding a lasting power of attorney or a deputyship, for
    health and welfare unless `health_and_welfare=False` (then for property
    and finance only)."""
    contact = make_contact(
        session,
        young_person=young_person,
        relation=relation,
        has_parental_responsibility=False,
        portal_access_enabled=portal_access_enabled,
    )
    contact.legal_authority = legal_authority
    contact.authority_health_and_welfare = health_and_welfare
    contact.authority_property_and_finance = not health_and_welfare
    session.flush()
    return contact


def make_cover_grant(
    session: Session,
    *,
    young_person: YoungPerson,
    colleague: StaffUser,
    starts_on: date,
    ends_on: date,
    granted_by: StaffUser | None = None,
    reason: str = "Keyworker on leave (test).",
) -> CoverGrant:
    """A cover grant as a manager would give it (no rules checked: for
    setting up what the access rule reads)."""
    grant = CoverGrant(
        young_person_id=young_person.id,
        colleague_id=colleague.id,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        granted_by_id=granted_by.id if granted_by else None,
        granted_at=utc_now(),
    )
    session.add(grant)
    session.flush()
    return grant
