"""The family home page: the greeting, the picture cards with the next meeting,
the banner when something changed since the person last looked, the choice
of young person for a carer, who may open it, and a fixed number of queries."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from easyread.dates import easy_date, easy_time
from portal.demo.seed import KINSHIP_CARER_NAME
from portal.extensions import db
from portal.models import (
    Channel,
    Contact,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Plan,
    PlanVersion,
    RegisterStatus,
    Relationship,
    StaffRole,
    StaffUser,
    YoungPerson,
    utc_now,
)
from portal.timezones import london_today
from tests.client import PortalClient
from tests.query_counter import count_queries
from tests.support.demo_copy import add_demo_data
from tests.support.factories import PASSWORD, make_meeting, make_staff_user, make_team
from tests.support.family_sessions import sign_in_family


@dataclass(frozen=True)
class Demo:
    sam: Contact  # Sam himself (17)
    sams_mum: Contact
    carer: Contact  # Jamie, about Amir
    sam_id: int


@pytest.fixture
def demo(app: Flask) -> Demo:
    with app.app_context():
        add_demo_data(db.session)
        sam = db.session.scalar(select(YoungPerson).where(YoungPerson.preferred_name == "Sam"))
        assert sam is not None
        contacts = {contact.relation: contact for contact in sam.contacts}
        carer = db.session.scalars(
            select(Contact)
            .join(Contact.young_person)
            .where(Contact.name == KINSHIP_CARER_NAME, YoungPerson.preferred_name == "Amir")
        ).one()
        db.session.commit()
        return Demo(
            sam=contacts[Relationship.SELF],
            sams_mum=contacts[Relationship.PARENT],
            carer=carer,
            sam_id=sam.id,
        )


def _text(html: str) -> str:
    """The page's words, one space between them (tags removed)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _home(app: Flask, client: PortalClient, contact: Contact) -> str:
    sign_in_family(app, client, contact)
    response = client.get("/home")
    assert response.status_code == 200
    return _text(response.get_data(as_text=True))


def _add_plan_version(app: Flask, young_person_id: int, *, days_ago: int = 0) -> None:
    with app.app_context():
        plan = db.session.scalar(select(Plan).where(Plan.young_person_id == young_person_id))
        assert plan is not None
        number = db.session.scalar(
            select(func.max(PlanVersion.number)).where(PlanVersion.plan_id == plan.id)
        )
        author = db.session.scalars(select(StaffUser.id)).first()
        db.session.add(
            PlanVersion(
                plan_id=plan.id,
                number=(number or 0) + 1,
                change_note="Changed the goals.",
                created_by_id=author,
                created_at=utc_now() - timedelta(days=days_ago),
            )
        )
        db.session.commit()


# What it shows


def test_sam_is_greeted_and_sees_the_next_cetr_with_day_date_and_time(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    with app.app_context():
        cetr = db.session.scalars(
            select(Meeting).where(
                Meeting.young_person_id == demo.sam_id, Meeting.status == MeetingStatus.PLANNED
            )
        ).one()
        day = easy_date(cetr.starts_at, "en", today=london_today())
        time = easy_time(cetr.starts_at, "en")
    text = _home(app, client, demo.sam)

    assert "Hello Sam" in text
    assert "This is your page." in text
    assert "Next meeting: Care, Education and Treatment Review" in text
    assert day in text and day.split()[0] in {
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    }
    assert f"It is on {day}." in text
    assert f"It starts at {time}." in text
    assert time == "10 in the morning"
    for card in (
        "My plan",
        "My meetings",
        "My choices",
        "Tell us what you think",
        "Help and words we use",
    ):
        assert card in text
    # A first visit: nothing to compare with, so no banner.
    assert "What is new" not in text
    # Sam looks after nobody else.
    assert "Choose whose page to open" not in text


def test_each_card_is_one_link_to_its_page(app: Flask, client: PortalClient, demo: Demo) -> None:
    sign_in_family(app, client, demo.sam)
    html = client.get("/home").get_data(as_text=True)
    links = re.findall(r'<a class="nhsuk-card__link" href="([^"]+)">\s*([^<]+?)\s*</a>', html)
    assert links == [
        ("/my-plan", "My plan"),
        ("/my-meetings", "My meetings"),
        ("/messages", "Messages"),
        ("/my-choices", "My choices"),
        ("/tell-us", "Tell us what you think"),
        ("/help", "Help and words we use"),
    ]
    assert html.count("nhsuk-card--clickable") == 6


def test_a_family_member_is_told_whose_page_it_is(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    text = _home(app, client, demo.sams_mum)
    assert f"Hello {demo.sams_mum.name}" in text
    assert "This is your page about Sam." in text


def test_a_cancelled_meeting_is_never_the_next_one(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    with app.app_context():
        person = db.session.get(YoungPerson, demo.sam_id)
        assert person is not None
        # Cancelled, and sooner than the CETR.
        make_meeting(
            db.session,
            young_person=person,
            kind=MeetingKind.REGISTER_REVIEW,
            starts_at=utc_now() + timedelta(days=1),
            status=MeetingStatus.CANCELLED,
        )
        db.session.commit()
    text = _home(app, client, demo.sam)
    assert "Care, Education and Treatment Review" in text
    assert "Meeting to check your support" not in text


def test_a_family_with_nothing_yet(app: Flask, client: PortalClient) -> None:
    with app.app_context():
        team = make_team(db.session)
        person = YoungPerson(
            legal_name="Toby Newcombe-Example",
            preferred_name="Toby",
            date_of_birth=london_today() - timedelta(days=14 * 365),
            register_status=RegisterStatus.ON_REGISTER,
            team_id=team.id,
        )
        db.session.add(person)
        db.session.flush()
        dad = Contact(
            young_person_id=person.id,
            name="Sky Newcombe-Example",
            relation=Relationship.PARENT,
            has_parental_responsibility=True,
            mobile_e164="07700 900901",
            preferred_channel=Channel.SMS,
            phone_verified=True,
            portal_access_enabled=True,
        )
        db.session.add(dad)
        db.session.commit()
    text = _home(app, client, dad)
    assert "This is your page about Toby." in text
    assert "There is no plan yet." in text
    assert "No meetings yet" in text
    assert "Next meeting" not in text
    assert "What is new" not in text
    assert "Choose whose page to open" not in text


# What changed since they last looked


def test_the_banner_shows_a_new_plan_until_the_plan_is_opened(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    sign_in_family(app, client, demo.sam)
    client.get("/home")
    assert client.get("/my-plan").status_code == 200
    assert "What is new" not in _text(client.get("/home").get_data(as_text=True))

    _add_plan_version(app, demo.sam_id)
    today = easy_date(utc_now(), "en", today=london_today())
    text = _text(client.get("/home").get_data(as_text=True))
    assert "What is new" in text
    assert f"Your plan changed on {today}." in text
    assert "Read the plan" in text
    assert "A meeting changed" not in text

    assert client.get("/my-plan").status_code == 200
    text = _text(client.get("/home").get_data(as_text=True))
    assert "What is new" not in text
    assert "Your plan changed" not in text


def test_a_family_member_who_never_opened_the_plan_hears_of_a_change_after_their_first_visit(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    sign_in_family(app, client, demo.sams_mum)
    client.get("/home")
    # An older change, from before their first visit, is not news.
    home = _text(client.get("/home").get_data(as_text=True))
    assert "changed on" not in home.split("Sam's plan")[0]

    _add_plan_version(app, demo.sam_id)
    text = _text(client.get("/home").get_data(as_text=True))
    assert "Sam's plan changed on" in text


def test_the_banner_shows_a_changed_meeting_until_the_meetings_are_opened(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    sign_in_family(app, client, demo.sam)
    client.get("/home")
    assert "A meeting changed." not in _text(client.get("/home").get_data(as_text=True))

    with app.app_context():
        cetr = db.session.scalars(
            select(Meeting).where(
                Meeting.young_person_id == demo.sam_id, Meeting.status == MeetingStatus.PLANNED
            )
        ).one()
        cetr.place = "Room 3, Demo Health Centre"
        db.session.commit()
    text = _text(client.get("/home").get_data(as_text=True))
    assert "A meeting changed." in text
    assert "Look at the meetings" in text

    assert client.get("/my-meetings").status_code == 200
    assert "A meeting changed." not in _text(client.get("/home").get_data(as_text=True))


def test_a_new_meeting_is_news_and_a_held_one_is_not(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    sign_in_family(app, client, demo.sam)
    client.get("/home")
    with app.app_context():
        person = db.session.get(YoungPerson, demo.sam_id)
        assert person is not None
        make_meeting(
            db.session,
            young_person=person,
            starts_at=utc_now() - timedelta(days=3),
            status=MeetingStatus.HELD,
        )
        db.session.commit()
    assert "What is new" not in _text(client.get("/home").get_data(as_text=True))

    with app.app_context():
        person = db.session.get(YoungPerson, demo.sam_id)
        assert person is not None
        make_meeting(db.session, young_person=person, starts_at=utc_now() + timedelta(days=30))
        db.session.commit()
    text = _text(client.get("/home").get_data(as_text=True))
    assert "There is a new meeting." in text
    assert "A meeting changed." not in text


# Carers of more than one young person


def test_the_feedback_card_says_we_wrote_back_until_the_feedback_page_is_opened(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    from portal.models import FeedbackChannel, FeedbackResponse, FftAnswer, YouSaidWeDid

    sign_in_family(app, client, demo.sams_mum)
    client.get("/tell-us")
    assert "We wrote back" not in _text(client.get("/home").get_data(as_text=True))

    with app.app_context():
        response = FeedbackResponse(
            young_person_id=demo.sam_id,
            contact_id=demo.sams_mum.id,
            channel=FeedbackChannel.WEB,
            fft_answer=FftAnswer.POOR,
            comment="Nobody rang back.",
            received_at=utc_now() - timedelta(days=2),
        )
        db.session.add(response)
        db.session.flush()
        author = db.session.scalars(select(StaffUser.id)).first()
        assert author is not None
        db.session.add(
            YouSaidWeDid(
                response_id=response.id,
                young_person_id=demo.sam_id,
                you_said="Nobody rang you back.",
                we_did="We ring back the same day now.",
                written_by_id=author,
                written_at=utc_now(),
            )
        )
        db.session.commit()

    html = client.get("/home").get_data(as_text=True)
    assert "We wrote back about what you told us." in _text(html)
    assert 'href="/tell-us#what-we-did"' in html
    assert client.get("/tell-us").status_code == 200
    assert "We wrote back" not in _text(client.get("/home").get_data(as_text=True))


def test_a_carer_of_two_young_people_is_offered_the_choice(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    sign_in_family(app, client, demo.carer)
    response = client.get("/home")
    html = response.get_data(as_text=True)
    assert "This is your page about Amir." in _text(html)
    assert 'href="/choose"' in html
    assert "Choose whose page to open" in html


def test_someone_with_one_young_person_is_not_offered_the_choice(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    for contact in (demo.sam, demo.sams_mum):
        sign_in_family(app, client, contact)
        assert 'href="/choose"' not in client.get("/home").get_data(as_text=True)


# Who may open it


def test_signed_out_visitors_are_sent_to_the_start(client: PortalClient) -> None:
    response = client.get("/home")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_staff_are_refused(app: Flask, client: PortalClient) -> None:
    with app.app_context():
        user = make_staff_user(db.session, role=StaffRole.KEYWORKER, team=make_team(db.session))
        db.session.commit()
    client.sign_in(user, PASSWORD)
    assert client.get("/home").status_code == 403


# Queries


def _home_queries(app: Flask, client: PortalClient) -> int:
    with app.app_context():
        engine = db.engine
    with count_queries(engine) as log:
        assert client.get("/home").status_code == 200
    return log.count


@pytest.mark.parametrize("who", ["sam", "carer"])
def test_home_runs_a_fixed_number_of_queries(
    app: Flask, client: PortalClient, demo: Demo, who: str
) -> None:
    contact = demo.sam if who == "sam" else demo.carer
    sign_in_family(app, client, contact)
    client.get("/home")
    client.get("/my-plan")
    client.get("/my-meetings")
    before = _home_queries(app, client)

    with app.app_context():
        young_person_id = contact.young_person_id
        person = db.session.get(YoungPerson, young_person_id)
        assert person is not None
        for days in range(50):
            make_meeting(
                db.session,
                young_person=person,
                starts_at=utc_now() + timedelta(days=days - 25, hours=1),
                status=MeetingStatus.CANCELLED if days % 5 == 0 else MeetingStatus.PLANNED,
            )
        plan = db.session.scalar(select(Plan).where(Plan.young_person_id == young_person_id))
        assert plan is not None
        author = db.session.scalars(select(StaffUser.id)).first()
        first = (
            db.session.scalar(
                select(func.max(PlanVersion.number)).where(PlanVersion.plan_id == plan.id)
            )
            or 0
        )
        for number in range(first + 1, first + 31):
            db.session.add(
                PlanVersion(
                    plan_id=plan.id,
                    number=number,
                    change_note=f"Change {uuid.uuid4()}",
                    created_by_id=author,
                    created_at=utc_now(),
                )
            )
        db.session.commit()
    for _ in range(20):
        client.get("/my-plan")
    after = _home_queries(app, client)
    assert after == before
