"""Fictional demo data for `make demo`. Every name is made up; phone numbers are
in Ofcom's drama range (07700 900000 to 900999) and emails use example.org."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pyotp
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import (
    ActionStatus,
    AssessmentOutcome,
    BestInterestsDecision,
    CapacityAssessment,
    Channel,
    CommunicationNeed,
    CommunicationNeedType,
    ConsentChoice,
    ConsentDecision,
    ConsentItem,
    Contact,
    DecisionArea,
    DecisionBasis,
    DecisionChannel,
    FeedbackChannel,
    FeedbackResponse,
    FftAnswer,
    Meeting,
    MeetingAttendee,
    MeetingKind,
    MeetingStatus,
    Note,
    Plan,
    PlanAction,
    PlanSection,
    PlanSectionKind,
    PlanVersion,
    RegisterStatus,
    Relationship,
    RiskRating,
    StaffRole,
    StaffUser,
    Team,
    YoungPerson,
    utc_now,
)
from portal.services.consent.items import FAMILY_SEES_PORTAL, ensure_standard_consent_items
from portal.services.staff_accounts.passwords import hash_password
from portal.timezones import london_datetime, london_today

DEMO_TEAM = "Demo Keyworker Team (fictional)"
DEMO_PASSWORD = "demo-password-not-for-real-use"  # noqa: S105 (fictional demo accounts)
DEMO_STAFF = (
    ("Priya Keyworker-Demo", "priya.keyworker@example.org", StaffRole.KEYWORKER),
    ("Tom Keyworker-Demo", "tom.keyworker@example.org", StaffRole.KEYWORKER),
    ("Ngozi Keyworker-Demo", "ngozi.keyworker@example.org", StaffRole.KEYWORKER),
    ("Helen Manager-Demo", "helen.manager@example.org", StaffRole.MANAGER),
    ("Ade Admin-Demo", "ade.admin@example.org", StaffRole.ADMIN),
)


@dataclass(frozen=True)
class DemoYoungPerson:
    legal_name: str
    preferred_name: str
    age: int
    keyworker: int  # index into DEMO_STAFF
    risk: RiskRating
    pronouns: str | None = None
    needs: tuple[CommunicationNeedType, ...] = ()


DEMO_YOUNG_PEOPLE = (
    DemoYoungPerson(
        "Samuel Testfield",
        "Sam",
        17,
        0,
        RiskRating.AMBER,
        "he/him",
        (CommunicationNeedType.EASY_READ, CommunicationNeedType.TEXT_NOT_PHONE),
    ),
    DemoYoungPerson(
        "Olivia Sampleton",
        "Liv",
        12,
        0,
        RiskRating.RED,
        "she/her",
        (CommunicationNeedType.EASY_READ, CommunicationNeedType.VISUAL_TIMETABLE),
    ),
    DemoYoungPerson(
        "Jordan Exampleby",
        "Jordan",
        21,
        0,
        RiskRating.AMBER,
        "they/them",
        (CommunicationNeedType.PERSON_TO_HELP_READ,),
    ),
    DemoYoungPerson(
        "Amir Demoworth", "Amir", 8, 0, RiskRating.GREEN, None, (CommunicationNeedType.QUIET_ROOM,)
    ),
    DemoYoungPerson("Chloe Mockridge", "Chloe", 15, 1, RiskRating.AMBER, "she/her"),
    DemoYoungPerson(
        "Daniel Placeholt",
        "Danny",
        19,
        1,
        RiskRating.GREEN,
        "he/him",
        (CommunicationNeedType.LONGER_APPOINTMENTS,),
    ),
    DemoYoungPerson("Grace Fictionley", "Grace", 24, 1, RiskRating.GREEN, "she/her"),
    DemoYoungPerson(
        "Kai Specimen",
        "Kai",
        14,
        1,
        RiskRating.RED,
        "he/him",
        (CommunicationNeedType.BSL_INTERPRETER,),
    ),
    DemoYoungPerson("Leah Dummett", "Leah", 16, 2, RiskRating.AMBER, "she/her"),
    DemoYoungPerson("Mohammed Notreal", "Mo", 10, 2, RiskRating.GREEN, "he/him"),
    DemoYoungPerson(
        "Niamh Pretendale",
        "Niamh",
        18,
        2,
        RiskRating.RED,
        "she/her",
        (CommunicationNeedType.EASY_READ,),
    ),
    DemoYoungPerson("Ellis Madeupson", "Ellis", 23, 2, RiskRating.AMBER, "he/him"),
)

PLAN_TEXT = {
    PlanSectionKind.ABOUT_ME: "I like trains, drawing and my dog. I live with my family.",
    PlanSectionKind.WHAT_MATTERS: "Going to college. Seeing my friends. Having my own room.",
    PlanSectionKind.WHAT_HELPS: "Knowing what will happen each day. A quiet place when it is loud.",
    PlanSectionKind.WHAT_DOES_NOT_HELP: "Changes with no warning. Lots of people talking at once.",
    PlanSectionKind.MY_GOALS: "Go to college 3 days a week. Sleep better.",
    PlanSectionKind.IF_I_AM_NOT_OK: "Tell Mum or my keyworker. Go to my quiet room.",
}


# A carer of two young people (see _add_contacts).
KINSHIP_CARER_NAME = "Jamie Carer-Demo"
KINSHIP_CARER_OF = ("Amir", "Mo")


@dataclass(frozen=True)
class DemoSignIn:
    role: str
    email: str
    totp_secret: str
    current_code: str


def _birthday_for_age(age: int, today: date, offset_days: int) -> date:
    """A date of birth that makes someone `age` today (the birthday some days away)."""
    birthday_this_year = today + timedelta(days=30 + offset_days * 17)
    year = today.year - age - (1 if birthday_this_year.year == today.year else 0)
    try:
        return birthday_this_year.replace(year=year)
    except ValueError:  # 29 February
        return birthday_this_year.replace(year=year, day=28)


def _mobile(number: int) -> str:
    assert 0 <= number <= 999
    return f"07700 900{number:03d}"


def seed_demo_data(session: Session, *, fast_hashing: bool = False) -> bool:
    """Add the demo data unless it is there already. Returns whether it added it."""
    if session.scalar(select(Team).where(Team.name == DEMO_TEAM)) is not None:
        return False
    now = utc_now()
    today = london_today()
    team = Team(name=DEMO_TEAM)
    session.add(team)
    password_hash = hash_password(DEMO_PASSWORD, fast=fast_hashing)
    staff = [
        StaffUser(
            name=name,
            email=email,
            role=role,
            team=team,
            password_hash=password_hash,
            totp_secret=pyotp.random_base32(),
            totp_enrolled_at=now,
        )
        for name, email, role in DEMO_STAFF
    ]
    session.add_all(staff)
    ensure_standard_consent_items(session)
    items = {item.code: item for item in session.scalars(select(ConsentItem))}
    session.flush()

    for index, spec in enumerate(DEMO_YOUNG_PEOPLE):
        keyworker = staff[spec.keyworker]
        person = YoungPerson(
            legal_name=spec.legal_name,
            preferred_name=spec.preferred_name,
            date_of_birth=_birthday_for_age(spec.age, today, index),
            pronouns=spec.pronouns,
            register_status=RegisterStatus.ON_REGISTER,
            risk_rating=spec.risk,
            risk_rating_changed_at=now - timedelta(days=7 + index),
            risk_rating_reason="Reviewed at the register review meeting (demo).",
            keyworker=keyworker,
            team=team,
            preferred_language="en",
            communication_needs=[CommunicationNeed(need=need) for need in spec.needs],
        )
        session.add(person)
        session.flush()
        contacts = _add_contacts(session, person, spec, index)
        _add_plan(session, person, keyworker, today, now)
        _add_meetings(session, person, today, index)
        _add_consent(session, person, spec, contacts, keyworker, items, today, now)
        _add_feedback(session, person, contacts, index, now)
        session.add(
            Note(
                young_person_id=person.id,
                author_id=keyworker.id,
                body="Phoned the family to plan the next meeting (demo note).",
                created_at=now - timedelta(days=2),
            )
        )
    session.commit()
    return True


def _add_contacts(
    session: Session, person: YoungPerson, spec: DemoYoungPerson, index: int
) -> list[Contact]:
    surname = spec.legal_name.split()[-1]
    base = index * 10
    contacts: list[Contact] = []
    if spec.age >= 11:
        contacts.append(
            Contact(
                young_person_id=person.id,
                name=spec.legal_name,
                relation=Relationship.SELF,
                mobile_e164=_mobile(base),
                preferred_channel=Channel.SMS,
                phone_verified=True,
                # Sam (17) has their own access to the portal.
                portal_access_enabled=spec.preferred_name == "Sam",
            )
        )
    if spec.age < 18:
        contacts.append(
            Contact(
                young_person_id=person.id,
                name=f"Alex {surname}",
                relation=Relationship.PARENT,
                relationship_detail="Mum",
                has_parental_responsibility=True,
                mobile_e164=_mobile(base + 1),
                email=f"alex.{surname.lower()}@example.org",
                preferred_channel=Channel.SMS,
                phone_verified=True,
                portal_access_enabled=True,
            )
        )
        if spec.preferred_name == "Liv":
            # Liv (12) has two parents with parental responsibility.
            contacts.append(
                Contact(
                    young_person_id=person.id,
                    name=f"Chris {surname}",
                    relation=Relationship.PARENT,
                    relationship_detail="Dad",
                    has_parental_responsibility=True,
                    mobile_e164=_mobile(base + 2),
                    email=f"chris.{surname.lower()}@example.org",
                    preferred_channel=Channel.EMAIL,
                    email_verified=True,
                    portal_access_enabled=True,
                )
            )
    else:
        contacts.append(
            Contact(
                young_person_id=person.id,
                name=f"Robin {surname}",
                relation=Relationship.RELATIVE,
                relationship_detail="Sister",
                mobile_e164=_mobile(base + 3),
                preferred_channel=Channel.SMS,
                # Niamh (18) lacks capacity to decide who sees her portal: a
                # best-interests decision lets her sister see it.
                portal_access_enabled=spec.preferred_name == "Niamh",
            )
        )
    if spec.preferred_name in KINSHIP_CARER_OF:
        # One carer looks after both Amir and Mo: a contact for each of them,
        # with the same phone and email, so the carer chooses whose page to open.
        contacts.append(
            Contact(
                young_person_id=person.id,
                name=KINSHIP_CARER_NAME,
                relation=Relationship.CARER,
                relationship_detail="Kinship carer (special guardianship order)",
                has_parental_responsibility=True,
                mobile_e164=_mobile(200),
                email="jamie.carer@example.org",
                preferred_channel=Channel.SMS,
                phone_verified=True,
                portal_access_enabled=True,
            )
        )
    if spec.preferred_name == "Jordan":
        # Staff have switched Jordan's advocate on, but Jordan (21) has not
        # agreed that they may see the portal, so the access rules say no.
        contacts.append(
            Contact(
                young_person_id=person.id,
                name="Pat Advocate-Demo",
                relation=Relationship.ADVOCATE,
                relationship_detail="Independent advocate",
                email="pat.advocate@example.org",
                preferred_channel=Channel.EMAIL,
                portal_access_enabled=True,
            )
        )
    session.add_all(contacts)
    session.flush()
    return contacts


def _add_plan(
    session: Session, person: YoungPerson, keyworker: StaffUser, today: date, now: datetime
) -> None:
    plan = Plan(young_person_id=person.id)
    session.add(plan)
    session.flush()
    action_keys = [str(uuid.uuid4()) for _ in range(3)]
    for number, note in ((1, "First plan, made with the family."), (2, "Added a college goal.")):
        version = PlanVersion(
            plan_id=plan.id,
            number=number,
            change_note=note,
            created_by_id=keyworker.id,
            created_at=now - timedelta(days=40 - number * 15),
        )
        session.add(version)
        session.flush()
        session.add_all(
            PlanSection(version_id=version.id, kind=kind, body=body)
            for kind, body in PLAN_TEXT.items()
        )
        session.add_all(
            [
                PlanAction(
                    version_id=version.id,
                    action_key=action_keys[0],
                    what="Ask the school for a quiet room at lunchtime.",
                    who="Keyworker",
                    due_on=today + timedelta(days=14),
                    status=ActionStatus.IN_PROGRESS,
                ),
                PlanAction(
                    version_id=version.id,
                    action_key=action_keys[1],
                    what="Book a sleep clinic appointment.",
                    who="GP",
                    due_on=today - timedelta(days=3),
                    status=ActionStatus.NOT_STARTED,
                ),
                PlanAction(
                    version_id=version.id,
                    action_key=action_keys[2],
                    what="Review medication with the psychiatrist.",
                    who="CAMHS",
                    due_on=today + timedelta(days=30),
                    status=ActionStatus.NOT_STARTED,
                    visible_to_family=False,
                ),
            ]
        )


def _add_meetings(session: Session, person: YoungPerson, today: date, index: int) -> None:
    upcoming_kind = MeetingKind.CETR if index % 3 == 0 else MeetingKind.MDT
    upcoming_day = today + timedelta(days=5 + index)
    past_day = today - timedelta(days=20 + index)
    meetings = [
        Meeting(
            young_person_id=person.id,
            kind=upcoming_kind,
            starts_at=london_datetime(upcoming_day, time(10, 0)),
            ends_at=london_datetime(upcoming_day, time(12, 0)),
            place="Room 2, Demo Health Centre, 1 Example Street, Exampletown"
            if index % 2
            else None,
            video_link=None if index % 2 else "https://video.example.org/demo-meeting",
            reasonable_adjustments="Quiet room and a break every 30 minutes.",
            attendees=[
                MeetingAttendee(role="Keyworker"),
                MeetingAttendee(role="CETR panel chair", agency="Commissioner")
                if upcoming_kind is MeetingKind.CETR
                else MeetingAttendee(role="Social worker", agency="Children's services"),
                MeetingAttendee(role="Expert by experience")
                if upcoming_kind is MeetingKind.CETR
                else MeetingAttendee(role="School SENCO", agency="School"),
            ],
        ),
        Meeting(
            young_person_id=person.id,
            kind=MeetingKind.REGISTER_REVIEW if index % 2 else MeetingKind.MDT,
            starts_at=london_datetime(past_day, time(14, 0)),
            ends_at=london_datetime(past_day, time(15, 0)),
            place="Demo Family Hub, 2 Example Road, Exampletown",
            status=MeetingStatus.HELD,
            attendees=[MeetingAttendee(role="Keyworker"), MeetingAttendee(role="GP")],
        ),
    ]
    if index == 0:
        # Sam also has a meeting that was called off.
        cancelled_day = today + timedelta(days=12)
        meetings.append(
            Meeting(
                young_person_id=person.id,
                kind=MeetingKind.MDT,
                starts_at=london_datetime(cancelled_day, time(15, 30)),
                ends_at=london_datetime(cancelled_day, time(16, 30)),
                place="Demo Family Hub, 2 Example Road, Exampletown",
                status=MeetingStatus.CANCELLED,
                attendees=[MeetingAttendee(role="Keyworker")],
            )
        )
    session.add_all(meetings)


def _add_consent(
    session: Session,
    person: YoungPerson,
    spec: DemoYoungPerson,
    contacts: Sequence[Contact],
    keyworker: StaffUser,
    items: dict[str, ConsentItem],
    today: date,
    now: datetime,
) -> None:
    by_relation = {contact.relation: contact for contact in contacts}
    decided_at = now - timedelta(days=30)
    common = {"young_person_id": person.id, "recorded_by_staff_id": keyworker.id}
    if spec.preferred_name == "Niamh":
        # Niamh (18) lacks capacity for two decisions, each assessed on its
        # own: being on the register, and who may see her portal. Each has a
        # best-interests decision.
        sister = by_relation[Relationship.RELATIVE]
        for area in (DecisionArea.REGISTER, DecisionArea.FAMILY_ACCESS):
            session.add(
                CapacityAssessment(
                    young_person_id=person.id,
                    decision_area=area,
                    outcome=AssessmentOutcome.LACKS_CAPACITY,
                    recorded_by_id=keyworker.id,
                    assessed_on=today - timedelta(days=35),
                    review_on=today + timedelta(days=330),
                    note="Assessed with the learning disability nurse (demo).",
                )
            )
        decision = BestInterestsDecision(
            young_person_id=person.id,
            decision_area=DecisionArea.REGISTER,
            decision="Stay on the register.",
            decision_maker_name="Helen Manager-Demo",
            decision_maker_role="Team manager",
            reason="Keeps support in place at home.",
            decided_on=today - timedelta(days=30),
            review_on=today + timedelta(days=335),
            recorded_by_id=keyworker.id,
        )
        session.add(decision)
        session.add(
            BestInterestsDecision(
                young_person_id=person.id,
                decision_area=DecisionArea.FAMILY_ACCESS,
                decision="Her sister may see the portal.",
                decision_maker_name="Helen Manager-Demo",
                decision_maker_role="Team manager",
                reason="Her sister helps her read her plan and get ready for meetings.",
                allows_contact_id=sister.id,
                decided_on=today - timedelta(days=30),
                review_on=today + timedelta(days=335),
                recorded_by_id=keyworker.id,
            )
        )
        session.flush()
        session.add(
            ConsentDecision(
                **common,
                item_id=items["register"].id,
                choice=ConsentChoice.YES,
                decided_by_staff_id=keyworker.id,
                basis=DecisionBasis.BEST_INTERESTS,
                best_interests_decision_id=decision.id,
                channel=DecisionChannel.IN_PERSON,
                decided_at=decided_at,
            )
        )
        return
    if spec.age < 16:
        decider, basis = by_relation[Relationship.PARENT], DecisionBasis.PARENTAL_RESPONSIBILITY
    else:
        decider, basis = by_relation[Relationship.SELF], DecisionBasis.OWN_CONSENT
    for code in ("register", "share_school", "share_gp", "contact_by_message"):
        session.add(
            ConsentDecision(
                **common,
                item_id=items[code].id,
                choice=ConsentChoice.YES,
                decided_by_contact_id=decider.id,
                basis=basis,
                channel=DecisionChannel.IN_PERSON,
                decided_at=decided_at,
            )
        )
    if 16 <= spec.age < 18:
        # From 16 a parent sees the portal only when the young person agrees.
        session.add(
            ConsentDecision(
                **common,
                item_id=items[FAMILY_SEES_PORTAL].id,
                choice=ConsentChoice.YES,
                decided_by_contact_id=decider.id,
                about_contact_id=by_relation[Relationship.PARENT].id,
                basis=DecisionBasis.OWN_CONSENT,
                channel=DecisionChannel.IN_PERSON,
                decided_at=decided_at,
            )
        )
    if spec.preferred_name == "Sam":
        # History, not overwriting: Sam said yes, then changed his mind.
        session.add(
            ConsentDecision(
                **common,
                item_id=items["share_school"].id,
                choice=ConsentChoice.NO,
                decided_by_contact_id=decider.id,
                basis=basis,
                channel=DecisionChannel.PORTAL,
                decided_at=now - timedelta(days=3),
                note="Changed his mind about school (demo).",
            )
        )


def _add_feedback(
    session: Session, person: YoungPerson, contacts: Sequence[Contact], index: int, now: datetime
) -> None:
    answers = list(FftAnswer)
    session.add(
        FeedbackResponse(
            young_person_id=person.id,
            contact_id=contacts[-1].id,
            channel=FeedbackChannel.SMS if index % 2 else FeedbackChannel.WEB,
            fft_answer=answers[index % len(answers)],
            comment="The meeting was long but people listened to us." if index % 3 else None,
            may_use_anonymously=index % 2 == 0,
            received_at=now - timedelta(days=10 + index),
        )
    )


def demo_sign_in_details(session: Session) -> list[DemoSignIn]:
    users = session.scalars(
        select(StaffUser)
        .join(Team)
        .where(Team.name == DEMO_TEAM, StaffUser.is_active.is_(True))
        .order_by(StaffUser.id)
    ).all()
    return [
        DemoSignIn(
            role=user.role.value,
            email=user.email,
            totp_secret=user.totp_secret or "",
            current_code=pyotp.TOTP(user.totp_secret).now() if user.totp_secret else "",
        )
        for user in users
        if user.role is not StaffRole.KEYWORKER or user.email == DEMO_STAFF[0][1]
    ]
