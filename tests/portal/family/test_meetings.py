"""My meetings: the list, a meeting's page, the calendar file, "Can you come?"
and "Things that help me at the meeting", as a family uses them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from flask import Flask
from icalendar import Calendar
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    Contact,
    FamilyInputKind,
    FamilyInputNotice,
    Meeting,
    MeetingAnswer,
    MeetingAttendee,
    MeetingKind,
    MeetingReply,
    MeetingStatus,
    MeetingSupportRequest,
    Relationship,
    StaffRole,
    YoungPerson,
    utc_now,
)
from portal.services.meetings.family_view import PAST_MEETINGS_SHOWN
from tests.client import PortalClient
from tests.query_counter import count_queries
from tests.support.demo_copy import add_demo_data
from tests.support.factories import (
    PASSWORD,
    make_contact,
    make_meeting,
    make_staff_user,
    make_team,
    make_young_person,
)
from tests.support.family_sessions import sign_in_family


@dataclass(frozen=True)
class Demo:
    sam: Contact  # Sam himself (17)
    sams_mum: Contact
    sam_id: int
    upcoming_id: int  # a CETR in 5 days, on a video call
    past_id: int  # held 20 days ago
    cancelled_id: int  # was in 12 days
    livs_meeting_id: int  # another young person's


# The demo's urgent feedback notices: not made by the pages under test.
NOT_DEMO_FEEDBACK = FamilyInputNotice.kind != FamilyInputKind.FEEDBACK


@pytest.fixture
def demo(app: Flask) -> Demo:
    with app.app_context():
        add_demo_data(db.session)
        sam = db.session.scalar(select(YoungPerson).where(YoungPerson.preferred_name == "Sam"))
        liv = db.session.scalar(select(YoungPerson).where(YoungPerson.preferred_name == "Liv"))
        assert sam is not None and liv is not None
        contacts = {contact.relation: contact for contact in sam.contacts}
        meetings = {
            meeting.status: meeting.id
            for meeting in db.session.scalars(
                select(Meeting).where(Meeting.young_person_id == sam.id)
            )
        }
        livs = db.session.scalars(select(Meeting.id).where(Meeting.young_person_id == liv.id))
        db.session.commit()
        return Demo(
            sam=contacts[Relationship.SELF],
            sams_mum=contacts[Relationship.PARENT],
            sam_id=sam.id,
            upcoming_id=meetings[MeetingStatus.PLANNED],
            past_id=meetings[MeetingStatus.HELD],
            cancelled_id=meetings[MeetingStatus.CANCELLED],
            livs_meeting_id=livs.first(),  # type: ignore[arg-type]
        )


def _text(html: str) -> str:
    """The page's words, one space between them (tags removed)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _page(client: PortalClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return _text(response.get_data(as_text=True))


def _count(app: Flask, model: type) -> int:
    """Rows of `model`; for notices, leaving out the demo's urgent feedback
    (`portal.demo.urgent`), which these pages never make."""
    query = select(func.count()).select_from(model)
    if model is FamilyInputNotice:
        query = query.where(NOT_DEMO_FEEDBACK)
    with app.app_context():
        return int(db.session.scalar(query) or 0)


def _reply(client: PortalClient, meeting_id: int, answer: str | None) -> object:
    path = f"/my-meetings/{meeting_id}/can-you-come"
    return client.post_form(path, {} if answer is None else {"answer": answer})


SEEN = re.compile(r'name="seen" type="hidden" value="(\d*)"')


def _support(client: PortalClient, meeting_id: int, data: dict[str, object]) -> object:
    """Send the form as a browser would: with the request the page showed."""
    path = f"/my-meetings/{meeting_id}/things-that-help"
    seen = SEEN.search(client.get(path).get_data(as_text=True))
    return client.post_form(path, {"seen": seen[1] if seen else "", **data})


def _start_meeting_now(app: Flask, meeting_id: int) -> None:
    """The meeting began 10 minutes ago and goes on for another hour."""
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        assert meeting is not None
        meeting.starts_at = utc_now() - timedelta(minutes=10)
        meeting.ends_at = utc_now() + timedelta(hours=1)
        db.session.commit()


MEETING_ROUTES = ("", "/calendar.ics", "/can-you-come", "/things-that-help")


# The list


def test_the_list_shows_meetings_coming_up_then_those_that_happened(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    sign_in_family(app, client, demo.sam)

    html = client.get("/my-meetings").get_data(as_text=True)
    text = _text(html)

    links = re.findall(r'href="/my-meetings/(\d+)"', html)
    assert links == [str(demo.upcoming_id), str(demo.cancelled_id), str(demo.past_id)]
    assert text.index("Meetings coming up") < text.index("Care, Education and Treatment Review")
    assert text.index("Cancelled") < text.index("Meetings that have happened")
    assert "10 in the morning to 12 noon" in text
    assert "2 in the afternoon to 3 in the afternoon" in text


def test_the_list_shows_the_latest_meetings_that_happened_and_links_to_all(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    with app.app_context():
        sam = db.session.get(YoungPerson, demo.sam_id)
        assert sam is not None
        for weeks in range(4, 4 + PAST_MEETINGS_SHOWN):
            make_meeting(
                db.session,
                young_person=sam,
                starts_at=utc_now() - timedelta(weeks=weeks),
                status=MeetingStatus.HELD,
            )
        db.session.commit()
    sign_in_family(app, client, demo.sam)

    html = client.get("/my-meetings").get_data(as_text=True)
    links = re.findall(r'href="/my-meetings/(\d+)"', html)
    # The one coming up, the cancelled one, and 10 of the 11 that happened.
    assert len(links) == 2 + PAST_MEETINGS_SHOWN
    assert "Here are the last 10 meetings." in _text(html)
    assert 'href="/my-meetings?past=all#past"' in html
    every = client.get("/my-meetings?past=all").get_data(as_text=True)
    assert len(re.findall(r'href="/my-meetings/(\d+)"', every)) == 3 + PAST_MEETINGS_SHOWN
    assert "Here are the last" not in every
    assert 'href="/my-meetings?past=all#past"' not in every


def test_the_list_with_no_meetings(app: Flask, client: PortalClient) -> None:
    with app.app_context():
        team = make_team(db.session)
        person = make_young_person(db.session, team=team)
        contact = make_contact(db.session, young_person=person, relation=Relationship.SELF)
        db.session.commit()
    sign_in_family(app, client, contact)

    text = _page(client, "/my-meetings")

    assert "You have no meetings coming up." in text
    assert "You have no meetings from before." in text
    assert "Choose a meeting" not in text


# One meeting


@pytest.mark.parametrize("kind", list(MeetingKind))
def test_each_kind_of_meeting_is_explained(
    app: Flask, client: PortalClient, demo: Demo, kind: MeetingKind
) -> None:
    with app.app_context():
        person = db.session.get(YoungPerson, demo.sam_id)
        assert person is not None
        meeting = make_meeting(db.session, young_person=person, kind=kind)
        db.session.add(MeetingAttendee(meeting_id=meeting.id, role="Social worker"))
        db.session.commit()
        meeting_id = meeting.id
    sign_in_family(app, client, demo.sam)

    html = client.get(f"/my-meetings/{meeting_id}").get_data(as_text=True)
    text = _text(html)

    for heading in ("What is this meeting?", "When is it?", "Where is it?", "Who will be there?"):
        assert heading in text
    assert "Social worker" in text
    assert "You can say what you think." in text
    assert "You can ask for an advocate to help you." in text
    if kind in (MeetingKind.CETR, MeetingKind.CTR):
        assert "The panel will ask 4 questions:" in text
        assert "Am I safe?" in text
    assert "It will last 1 hour" in text
    # The address, with a map search the reader opens; no map is embedded.
    assert "https://www.openstreetmap.org/search?query=Room+1%2C+Test+Clinic" in html
    assert "<iframe" not in html
    for endpoint in ("calendar.ics", "can-you-come", "things-that-help", "my-views"):
        assert f'href="/my-meetings/{meeting_id}/{endpoint}"' in html


def test_a_video_meeting_gives_its_link(app: Flask, client: PortalClient, demo: Demo) -> None:
    sign_in_family(app, client, demo.sam)

    html = client.get(f"/my-meetings/{demo.upcoming_id}").get_data(as_text=True)

    assert 'href="https://video.example.org/demo-meeting"' in html
    assert "openstreetmap" not in html


def test_a_cancelled_meeting_says_so_first_and_asks_nothing(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    sign_in_family(app, client, demo.sam)

    html = client.get(f"/my-meetings/{demo.cancelled_id}").get_data(as_text=True)

    after_heading = _text(html.split("</h1>", 1)[1])
    assert after_heading.startswith("This meeting is cancelled.")
    assert "can-you-come" not in html and "things-that-help" not in html
    assert "my-views" not in html
    # The calendar file can still mark it cancelled in a calendar.
    assert f'href="/my-meetings/{demo.cancelled_id}/calendar.ics"' in html


def test_a_past_meeting_says_it_has_happened_and_asks_nothing(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    sign_in_family(app, client, demo.sam)

    html = client.get(f"/my-meetings/{demo.past_id}").get_data(as_text=True)

    assert "This meeting has already happened." in _text(html)
    for endpoint in ("can-you-come", "things-that-help", "my-views", "calendar.ics"):
        assert endpoint not in html


@pytest.mark.parametrize("route", MEETING_ROUTES)
def test_another_young_persons_meeting_is_not_found(
    app: Flask, client: PortalClient, demo: Demo, route: str
) -> None:
    sign_in_family(app, client, demo.sam)
    path = f"/my-meetings/{demo.livs_meeting_id}{route}"

    assert client.get(path).status_code == 404
    if route in ("/can-you-come", "/things-that-help"):
        token_page = f"/my-meetings/{demo.upcoming_id}{route}"
        response = client.post_form(path, {"answer": "yes"}, token_page=token_page)
        assert response.status_code == 404
    assert _count(app, MeetingReply) == 0
    assert _count(app, MeetingSupportRequest) == 0


@pytest.mark.parametrize("route", MEETING_ROUTES)
def test_signed_out_visitors_are_sent_to_the_start(
    client: PortalClient, demo: Demo, route: str
) -> None:
    response = client.get(f"/my-meetings/{demo.upcoming_id}{route}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_staff_are_refused(app: Flask, client: PortalClient, demo: Demo) -> None:
    with app.app_context():
        user = make_staff_user(db.session, role=StaffRole.KEYWORKER, team=make_team(db.session))
        db.session.commit()
    client.sign_in(user, PASSWORD)
    assert client.get("/my-meetings").status_code == 403
    for route in MEETING_ROUTES:
        assert client.get(f"/my-meetings/{demo.upcoming_id}{route}").status_code == 403


# Add to calendar


def test_the_calendar_file_downloads_and_reads_back(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    sign_in_family(app, client, demo.sam)

    response = client.get(f"/my-meetings/{demo.upcoming_id}/calendar.ics")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="meeting-\d{4}-\d{2}-\d{2}\.ics"',
        response.headers["Content-Disposition"],
    )
    assert "no-store" in response.headers["Cache-Control"]
    calendar = Calendar.from_ical(response.data)
    (event,) = calendar.walk("VEVENT")
    assert event["UID"] == f"meeting-{demo.upcoming_id}@portal.test"
    assert event["URL"] == f"http://portal.test/my-meetings/{demo.upcoming_id}"
    assert event["STATUS"] == "CONFIRMED"
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"


def test_the_calendar_file_of_a_cancelled_meeting_cancels_it(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    sign_in_family(app, client, demo.sam)

    response = client.get(f"/my-meetings/{demo.cancelled_id}/calendar.ics")

    (event,) = Calendar.from_ical(response.data).walk("VEVENT")
    assert event["STATUS"] == "CANCELLED"


# Can you come?


def test_saying_you_can_come(app: Flask, client: PortalClient, demo: Demo) -> None:
    sign_in_family(app, client, demo.sam)
    text = _page(client, f"/my-meetings/{demo.upcoming_id}")
    assert "You have not told us yet." in text

    response = _reply(client, demo.upcoming_id, "yes")

    assert response.status_code == 303  # type: ignore[attr-defined]
    assert response.headers["Location"] == (  # type: ignore[attr-defined]
        f"/my-meetings/{demo.upcoming_id}?sent=reply"
    )
    text = _page(client, response.headers["Location"])  # type: ignore[attr-defined]
    assert "Thank you. We have your answer." in text
    assert "You told us you can come." in text
    with app.app_context():
        notice = db.session.scalars(select(FamilyInputNotice).where(NOT_DEMO_FEEDBACK)).one()
        assert notice.kind is FamilyInputKind.MEETING_REPLY
        assert notice.summary == "Can you come? Yes"
        assert notice.meeting_id == demo.upcoming_id


def test_changing_the_answer_keeps_the_history_and_shows_the_latest(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    sign_in_family(app, client, demo.sam)

    _reply(client, demo.upcoming_id, "yes")
    _reply(client, demo.upcoming_id, "no")

    with app.app_context():
        answers = db.session.scalars(select(MeetingReply.answer).order_by(MeetingReply.id)).all()
    assert answers == [MeetingAnswer.YES, MeetingAnswer.NO]
    assert "You told us you cannot come." in _page(client, f"/my-meetings/{demo.upcoming_id}")
    form = client.get(f"/my-meetings/{demo.upcoming_id}/can-you-come").get_data(as_text=True)
    checked = re.findall(r'value="(\w+)" checked', form)
    assert checked == ["no"]
    assert _count(app, FamilyInputNotice) == 2


def test_the_same_answer_twice_adds_one_row(app: Flask, client: PortalClient, demo: Demo) -> None:
    sign_in_family(app, client, demo.sam)

    first = _reply(client, demo.upcoming_id, "not_sure")
    second = _reply(client, demo.upcoming_id, "not_sure")

    assert first.status_code == second.status_code == 303  # type: ignore[attr-defined]
    assert _count(app, MeetingReply) == 1
    assert _count(app, FamilyInputNotice) == 1


@pytest.mark.parametrize("answer", [None, "", "maybe", "YES"])
def test_no_answer_or_a_made_up_one_is_refused_and_nothing_saved(
    app: Flask, client: PortalClient, demo: Demo, answer: str | None
) -> None:
    sign_in_family(app, client, demo.sam)

    response = _reply(client, demo.upcoming_id, answer)

    assert response.status_code == 200  # type: ignore[attr-defined]
    html = response.get_data(as_text=True)  # type: ignore[attr-defined]
    assert "There is a problem" in html
    assert "Choose yes, no or not sure." in html
    assert "<title>Error:" in html
    assert _count(app, MeetingReply) == 0
    assert _count(app, FamilyInputNotice) == 0


def test_each_family_member_answers_for_themselves(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    sign_in_family(app, client, demo.sam)
    _reply(client, demo.upcoming_id, "yes")
    mums: PortalClient = app.test_client()  # type: ignore[assignment]
    sign_in_family(app, mums, demo.sams_mum)

    assert "You have not told us yet." in _page(mums, f"/my-meetings/{demo.upcoming_id}")
    _reply(mums, demo.upcoming_id, "no")

    assert "You told us you can come." in _page(client, f"/my-meetings/{demo.upcoming_id}")


def test_no_answer_after_the_meeting_started(app: Flask, client: PortalClient, demo: Demo) -> None:
    sign_in_family(app, client, demo.sam)
    token = client.csrf_token(f"/my-meetings/{demo.upcoming_id}/can-you-come")
    _start_meeting_now(app, demo.upcoming_id)

    page = _page(client, f"/my-meetings/{demo.upcoming_id}/can-you-come")
    response = client.post(
        f"/my-meetings/{demo.upcoming_id}/can-you-come", data={"answer": "yes", "csrf_token": token}
    )

    assert "You cannot change this now" in page
    assert "This meeting has started." in page
    assert response.status_code == 200
    assert "We did not save anything new." in _text(response.get_data(as_text=True))
    assert _count(app, MeetingReply) == 0
    assert _count(app, FamilyInputNotice) == 0


@pytest.mark.parametrize("route", ["/can-you-come", "/things-that-help"])
def test_no_answer_for_a_cancelled_or_past_meeting(
    app: Flask, client: PortalClient, demo: Demo, route: str
) -> None:
    sign_in_family(app, client, demo.sam)
    token = client.csrf_token(f"/my-meetings/{demo.upcoming_id}{route}")

    for meeting_id, words in [
        (demo.cancelled_id, "This meeting is cancelled."),
        (demo.past_id, "This meeting has already happened."),
    ]:
        path = f"/my-meetings/{meeting_id}{route}"
        assert words in _page(client, path)
        response = client.post(
            path, data={"answer": "yes", "supports": "breaks", "csrf_token": token}
        )
        assert response.status_code == 200
        assert "You cannot change this now" in _text(response.get_data(as_text=True))

    assert _count(app, MeetingReply) == 0
    assert _count(app, MeetingSupportRequest) == 0
    assert _count(app, FamilyInputNotice) == 0


# Things that help me at the meeting


def test_asking_for_things_that_help(app: Flask, client: PortalClient, demo: Demo) -> None:
    sign_in_family(app, client, demo.sam)
    assert "You have not asked for anything yet." in _page(
        client, f"/my-meetings/{demo.upcoming_id}"
    )

    response = _support(
        client,
        demo.upcoming_id,
        {
            "supports": ["quiet_room", "interpreter", "other"],
            "interpreter_language": "Polish",
            "other_detail": "Somewhere to sit near the door.",
        },
    )

    assert response.status_code == 303  # type: ignore[attr-defined]
    text = _page(client, response.headers["Location"])  # type: ignore[attr-defined]
    assert "Thank you. Your keyworker can see what helps you." in text
    assert "A quiet room" in text
    assert "Language: Polish" in text
    assert "Somewhere to sit near the door." in text
    with app.app_context():
        request = db.session.scalars(select(MeetingSupportRequest)).one()
        assert request.supports == ["quiet_room", "interpreter", "other"]
        notice = db.session.scalars(select(FamilyInputNotice).where(NOT_DEMO_FEEDBACK)).one()
        assert notice.kind is FamilyInputKind.MEETING_SUPPORT
        assert notice.summary == "Things that help at the meeting: quiet room, interpreter, other"
    form = client.get(f"/my-meetings/{demo.upcoming_id}/things-that-help").get_data(as_text=True)
    assert re.findall(r'value="(\w+)" checked', form) == ["quiet_room", "interpreter", "other"]
    assert "Somewhere to sit near the door." in form


def _offered(client: PortalClient, meeting_id: int) -> list[str]:
    form = client.get(f"/my-meetings/{meeting_id}/things-that-help").get_data(as_text=True)
    return re.findall(r'name="supports" type="checkbox" value="(\w+)"', form)


def test_meeting_online_instead_is_offered_only_when_the_meeting_is_not_online(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    sign_in_family(app, client, demo.sam)
    online = _offered(client, demo.upcoming_id)
    assert "breaks" in online and "meet_online" not in online
    assert "Meeting online instead" not in _page(
        client, f"/my-meetings/{demo.upcoming_id}/things-that-help"
    )

    with app.app_context():
        meeting = db.session.get(Meeting, demo.upcoming_id)
        assert meeting is not None
        meeting.video_link, meeting.place = None, "Room 2, Test Clinic"
        db.session.commit()

    in_a_room = _offered(client, demo.upcoming_id)
    assert in_a_room == [*online[: online.index("other")], "meet_online", "other"]
    assert _support(client, demo.upcoming_id, {"supports": ["meet_online"]}).status_code == 303  # type: ignore[attr-defined]


def test_each_change_tells_staff_and_the_same_again_does_not(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    sign_in_family(app, client, demo.sam)

    _support(client, demo.upcoming_id, {"supports": ["breaks"]})
    _support(client, demo.upcoming_id, {"supports": ["breaks"]})
    _support(client, demo.upcoming_id, {"supports": ["breaks", "visual_timetable"]})
    _support(client, demo.upcoming_id, {})

    assert _count(app, MeetingSupportRequest) == 3
    assert _count(app, FamilyInputNotice) == 3
    assert "You told us you do not need anything." in _page(
        client, f"/my-meetings/{demo.upcoming_id}"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"supports": ["other"]}, "Tell us what else would help you."),
        ({"supports": ["other"], "other_detail": "   "}, "Tell us what else would help you."),
        (
            {"supports": ["other"], "other_detail": "x" * 501},
            "Write this in 500 letters or fewer.",
        ),
        (
            {"supports": ["interpreter"], "interpreter_language": "x" * 101},
            "Write the language in fewer words.",
        ),
        ({"supports": ["breaks", "a_pony"]}, "Choose from the list."),
        # The upcoming meeting is on a video call already.
        ({"supports": ["meet_online"]}, "Choose from the list."),
    ],
)
def test_bad_support_answers_are_refused_and_nothing_saved(
    app: Flask, client: PortalClient, demo: Demo, data: dict[str, object], message: str
) -> None:
    sign_in_family(app, client, demo.sam)

    response = _support(client, demo.upcoming_id, data)

    assert response.status_code == 200  # type: ignore[attr-defined]
    html = response.get_data(as_text=True)  # type: ignore[attr-defined]
    assert "There is a problem" in html
    assert message in html
    assert _count(app, MeetingSupportRequest) == 0
    assert _count(app, FamilyInputNotice) == 0


def test_details_of_things_not_ticked_are_not_kept(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    sign_in_family(app, client, demo.sam)

    response = _support(
        client,
        demo.upcoming_id,
        {"supports": ["breaks"], "interpreter_language": "x" * 300, "other_detail": "y" * 900},
    )

    assert response.status_code == 303  # type: ignore[attr-defined]
    with app.app_context():
        request = db.session.scalars(select(MeetingSupportRequest)).one()
        assert (request.interpreter_language, request.other_detail) == (None, None)


def test_a_change_made_in_another_window_is_not_replaced_silently(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    sign_in_family(app, client, demo.sam)
    path = f"/my-meetings/{demo.upcoming_id}/things-that-help"
    old_window = client.get(path).get_data(as_text=True)
    old_token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', old_window)
    assert old_token is not None
    _support(client, demo.upcoming_id, {"supports": ["breaks"]})

    # The older window, which showed nothing asked for, sends something else.
    response = client.post(
        path, data={"supports": "quiet_room", "seen": "", "csrf_token": old_token[1]}
    )

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "You changed this in another window." in html
    assert re.findall(r'value="(\w+)" checked', html) == ["quiet_room"]
    with app.app_context():
        assert db.session.scalars(select(MeetingSupportRequest.supports)).all() == [["breaks"]]
    # Sending it again, having checked, saves it.
    seen = SEEN.search(html)
    assert seen is not None
    again = client.post(
        path, data={"supports": "quiet_room", "seen": seen[1], "csrf_token": old_token[1]}
    )
    assert again.status_code == 303
    assert _count(app, MeetingSupportRequest) == 2


# Queries


def _queries(app: Flask, client: PortalClient, path: str) -> int:
    with app.app_context():
        engine = db.engine
    with count_queries(engine) as log:
        assert client.get(path).status_code == 200
    return log.count


@pytest.mark.parametrize(
    "path",
    [
        "/my-meetings",
        "/my-meetings/{id}",
        "/my-meetings/{id}/can-you-come",
        "/my-meetings/{id}/things-that-help",
    ],
)
def test_pages_run_a_fixed_number_of_queries(
    app: Flask, client: PortalClient, demo: Demo, path: str
) -> None:
    sign_in_family(app, client, demo.sam)
    path = path.format(id=demo.upcoming_id)
    client.get(path)
    _reply(client, demo.upcoming_id, "yes")
    _support(client, demo.upcoming_id, {"supports": ["breaks"]})
    before = _queries(app, client, path)

    with app.app_context():
        person = db.session.get(YoungPerson, demo.sam_id)
        meeting = db.session.get(Meeting, demo.upcoming_id)
        assert person is not None and meeting is not None
        for days in range(40):
            make_meeting(
                db.session,
                young_person=person,
                starts_at=utc_now() + timedelta(days=days - 20, hours=1),
                status=MeetingStatus.CANCELLED if days % 5 == 0 else MeetingStatus.PLANNED,
            )
        for number in range(20):
            db.session.add(MeetingAttendee(meeting_id=meeting.id, role=f"Helper {number}"))
        db.session.commit()
    for answer in ("no", "yes", "not_sure", "no", "yes"):
        _reply(client, demo.upcoming_id, answer)
    for supports in (["quiet_room"], ["breaks"], ["advocate", "breaks"]):
        _support(client, demo.upcoming_id, {"supports": supports})

    assert _queries(app, client, path) == before


def test_what_the_family_can_do_comes_before_the_long_explanations(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    sign_in_family(app, client, demo.sam)
    text = _page(client, f"/my-meetings/{demo.upcoming_id}")
    tasks = [text.index(task) for task in TASKS]
    explanation = text.index("What is this meeting?")
    assert max(tasks) < explanation, "the three things to do should come first"
    assert "You have not told us yet." in text
    assert "You have not asked for anything yet." in text
    assert "You have not sent your views yet." in text


TASKS = ("Can you come?", "Things that help me at the meeting", "My views before the meeting")


def test_the_meeting_is_explained_to_the_reader(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    sign_in_family(app, client, demo.sam)
    sams = _page(client, f"/my-meetings/{demo.upcoming_id}")
    mums: PortalClient = app.test_client()  # type: ignore[assignment]
    sign_in_family(app, mums, demo.sams_mum)
    mums_page = _page(mums, f"/my-meetings/{demo.upcoming_id}")

    assert "A meeting to check you are safe and getting the right care." in sams
    assert "Am I safe?" in sams
    assert "A meeting to check Sam is safe and getting the right care." in mums_page
    assert "Is Sam safe?" in mums_page
    # What the reader can do is still theirs: a parent can send views too.
    assert "You can share your views before the meeting." in mums_page
    assert "<h1>Sam's meetings</h1>" in mums.get("/my-meetings").get_data(as_text=True)
