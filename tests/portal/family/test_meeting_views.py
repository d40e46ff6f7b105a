"""My views before the meeting, through the pages with plain form posts (no
JavaScript): the whole journey for a young person who decides who sees their
views and for a parent who does not; bad input, two devices, double sends and
closed meetings change nothing; another family's meeting is not found; and
each page runs a fixed number of queries."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import easyread
from easyread.dates import easy_date
from portal.extensions import db
from portal.family.forms import meeting_views as views_forms
from portal.models import (
    AuditEvent,
    ConsentChoice,
    ConsentDecision,
    Contact,
    FamilyInputKind,
    FamilyInputNotice,
    Meeting,
    MeetingStatus,
    MeetingViews,
    Relationship,
    ViewsStatus,
    YoungPerson,
    utc_now,
)
from portal.services.consent.current import current_decision
from portal.services.meetings.views_before import ANSWER_FIELDS
from portal.services.meetings.views_before_saving import SENT_EVENT
from tests.client import PortalClient
from tests.query_counter import count_queries
from tests.support.demo_copy import add_demo_data
from tests.support.factories import make_contact, make_meeting, make_staff_user, make_young_person
from tests.support.family_sessions import sign_in_family
from tests.support.page_examples import build_world, visit_example
from tests.support.page_examples_family.meeting_views import EXAMPLES as VIEWS_EXAMPLES

QUESTION_PATHS = {
    "going_well": "going-well",
    "not_going_well": "not-going-well",
    "want_to_talk_about": "talk-about",
    "who_i_want_there": "who-i-want-there",
    "not_in_front_of_me": "not-in-front-of-me",
}
ANSWERS = {
    "going_well": "I like my new college course.",
    "not_going_well": "I do not sleep well.\r\nMornings are hard.",
    "want_to_talk_about": "Moving to my own flat.",
    "who_i_want_there": "My sister.",
    "not_in_front_of_me": "My weight.",
}
HIDDEN_INPUT = re.compile(r"<input[^>]*>")


@dataclass(frozen=True)
class Family:
    sam_id: int
    parent_id: int
    upcoming_id: int
    past_id: int
    cancelled_id: int
    other_meeting_id: int


@pytest.fixture
def family_data(app: Flask) -> Family:
    with app.app_context():
        add_demo_data(db.session)
        db.session.commit()
        sam = db.session.scalar(select(YoungPerson).where(YoungPerson.preferred_name == "Sam"))
        liv = db.session.scalar(select(YoungPerson).where(YoungPerson.preferred_name == "Liv"))
        contacts = {c.relation: c for c in sam.contacts}
        meetings = {
            m.status: m.id
            for m in db.session.scalars(select(Meeting).where(Meeting.young_person_id == sam.id))
        }
        other = db.session.scalars(select(Meeting.id).where(Meeting.young_person_id == liv.id))
        return Family(
            sam_id=contacts[Relationship.SELF].id,
            parent_id=contacts[Relationship.PARENT].id,
            upcoming_id=meetings[MeetingStatus.PLANNED],
            past_id=meetings[MeetingStatus.HELD],
            cancelled_id=meetings[MeetingStatus.CANCELLED],
            other_meeting_id=other.first(),
        )


def _signed_in(app: Flask, contact_id: int) -> PortalClient:
    client: PortalClient = app.test_client()  # type: ignore[assignment]
    with app.app_context():
        sign_in_family(app, client, db.session.get(Contact, contact_id))
    return client


def _hidden_fields(html: str) -> dict[str, str]:
    fields = {}
    for tag in HIDDEN_INPUT.findall(html):
        if 'type="hidden"' in tag:
            name = re.search(r'name="([^"]+)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if name:
                fields[name[1]] = value[1] if value else ""
    return fields


def _submit(client: PortalClient, path: str, data: dict[str, str] | None = None) -> Any:
    """Open the page, then post its form as a browser without JavaScript would:
    the hidden fields it was given, and `data`."""
    page = client.get(path)
    assert page.status_code == 200, (path, page.status_code)
    return client.post(path, data={**_hidden_fields(page.get_data(as_text=True)), **(data or {})})


def _views(app: Flask, contact_id: int, meeting_id: int) -> list[MeetingViews]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(MeetingViews)
                .where(MeetingViews.contact_id == contact_id, MeetingViews.meeting_id == meeting_id)
                .order_by(MeetingViews.id)
            )
        )


def _panel_decision(contact_id: int) -> ConsentDecision | None:
    """The current review-panel choice for the contact's young person."""
    contact = db.session.get(Contact, contact_id)
    assert contact is not None
    return current_decision(db.session, contact.young_person_id, "share_views_with_panel")


def _notices(app: Flask, contact_id: int) -> list[FamilyInputNotice]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(FamilyInputNotice)
                .where(
                    FamilyInputNotice.contact_id == contact_id,
                    FamilyInputNotice.kind == FamilyInputKind.MEETING_VIEWS,
                )
                .order_by(FamilyInputNotice.id)
            )
        )


def _text(response: Any) -> str:
    return " ".join(response.get_data(as_text=True).split())


def _base(meeting_id: int) -> str:
    return f"/my-meetings/{meeting_id}/my-views"


def _answer_every_question(
    app: Flask, client: PortalClient, contact_id: int, meeting_id: int
) -> None:
    base = _base(meeting_id)
    paths = list(QUESTION_PATHS.values())
    for number, (field, path) in enumerate(QUESTION_PATHS.items()):
        response = _submit(client, f"{base}/{path}", {field: ANSWERS[field]})
        assert response.status_code == 303
        following = paths[number + 1] if number + 1 < len(paths) else "share"
        assert response.headers["Location"] == f"{base}/{following}"
        # Saved as they go: the draft has this answer now.
        (draft,) = _views(app, contact_id, meeting_id)
        assert draft.status is ViewsStatus.DRAFT
        assert getattr(draft, field) == ANSWERS[field].replace("\r\n", "\n")
        assert draft.revision == number + 1


def test_the_whole_journey_for_a_young_person_who_decides(app: Flask, family_data: Family) -> None:
    client = _signed_in(app, family_data.sam_id)
    base = _base(family_data.upcoming_id)
    start = client.get(base)
    assert start.status_code == 200
    text = _text(start)
    assert "Your views go to your keyworker." in text
    assert "You choose if the review panel sees them." in text
    assert "You can stop and come back later." in text
    assert "You have not started yet." in text
    # Start is a real button: a form that opens the first question.
    assert f'<form method="get" action="{base}/going-well"' in start.get_data(as_text=True)
    assert re.search(r"<button[^>]*>\s*Start\s*</button>", start.get_data(as_text=True))

    _answer_every_question(app, client, family_data.sam_id, family_data.upcoming_id)
    assert "We saved your answers on" in _text(client.get(base))

    share = client.get(f"{base}/share")
    assert 'name="share_with_panel"' in share.get_data(as_text=True)
    response = _submit(client, f"{base}/share", {"share_with_panel": "yes"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"{base}/check"

    check = client.get(f"{base}/check")
    check_text = _text(check)
    assert "I like my new college course." in check_text
    assert "Mornings are hard." in check_text
    assert "Yes. The review panel can see your views." in check_text
    assert f'href="{base}/going-well?change=yes"' in check.get_data(as_text=True)
    response = _submit(client, f"{base}/check")
    assert response.status_code == 303
    assert response.headers["Location"] == f"{base}/sent"

    sent_page = client.get(f"{base}/sent")
    sent_text = _text(sent_page)
    assert "Thank you. Your keyworker has your views." in sent_text
    assert "Your keyworker reads this on weekdays." in sent_text
    assert "If you are not OK now" in sent_text
    assert 'href="tel:999"' in sent_page.get_data(as_text=True)

    (sent,) = _views(app, family_data.sam_id, family_data.upcoming_id)
    assert sent.status is ViewsStatus.SENT and sent.sent_at is not None
    # The panel choice is Sam's consent choice: My choices shows it, with history.
    with app.app_context():
        decision = _panel_decision(family_data.sam_id)
        assert decision is not None and decision.choice is ConsentChoice.YES
        assert decision.decided_by_contact_id == family_data.sam_id
    choice_page = _text(client.get("/my-choices/share_views_with_panel"))
    assert "Sharing your views with a review panel" in choice_page
    (notice,) = _notices(app, family_data.sam_id)
    assert notice.summary == "Views before the meeting sent"
    assert notice.meeting_id == family_data.upcoming_id
    assert notice.subject_id == sent.id
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == SENT_EVENT))
        assert [event.detail["views_id"] for event in events] == [sent.id]
    assert "You sent your views on" in _text(client.get(base))


def test_the_whole_journey_for_a_parent_who_is_not_asked_about_sharing(
    app: Flask, family_data: Family
) -> None:
    client = _signed_in(app, family_data.parent_id)
    base = _base(family_data.upcoming_id)
    assert "Your keyworker will ask Sam if the panel can see this." in _text(client.get(base))
    _answer_every_question(app, client, family_data.parent_id, family_data.upcoming_id)

    share = client.get(f"{base}/share")
    assert share.status_code == 200
    assert "Your keyworker will ask Sam if the panel can see this." in _text(share)
    assert 'name="share_with_panel"' not in share.get_data(as_text=True)
    # A hand-made post cannot decide for them either.
    token = client.csrf_token(f"{base}/going-well")
    response = client.post(f"{base}/share", data={"share_with_panel": "yes", "csrf_token": token})
    assert response.status_code == 303
    assert response.headers["Location"] == f"{base}/check"

    check = _text(client.get(f"{base}/check"))
    assert "Your keyworker will ask Sam if the panel can see this." in check
    assert _submit(client, f"{base}/check").status_code == 303
    assert "Thank you. Your keyworker has your views." in _text(client.get(f"{base}/sent"))

    (sent,) = _views(app, family_data.parent_id, family_data.upcoming_id)
    assert sent.status is ViewsStatus.SENT
    with app.app_context():
        assert _panel_decision(family_data.sam_id) is None
    assert len(_notices(app, family_data.parent_id)) == 1
    # Sam's own views are Sam's: the parent's sending started nothing for Sam.
    assert _views(app, family_data.sam_id, family_data.upcoming_id) == []


def test_each_question_is_optional(app: Flask, family_data: Family) -> None:
    client = _signed_in(app, family_data.sam_id)
    base = _base(family_data.upcoming_id)
    response = _submit(client, f"{base}/going-well", {"going_well": "   "})
    assert response.status_code == 303
    assert response.headers["Location"] == f"{base}/not-going-well"
    # Nothing written, so no draft was started.
    assert _views(app, family_data.sam_id, family_data.upcoming_id) == []


@pytest.mark.parametrize("field", ANSWER_FIELDS)
def test_a_too_long_answer_is_refused_and_nothing_is_saved(
    app: Flask, family_data: Family, field: str
) -> None:
    client = _signed_in(app, family_data.sam_id)
    path = f"{_base(family_data.upcoming_id)}/{QUESTION_PATHS[field]}"
    assert _submit(client, path, {field: "Before."}).status_code == 303
    (before,) = _views(app, family_data.sam_id, family_data.upcoming_id)

    response = _submit(client, path, {field: "x" * 2001})
    assert response.status_code == 200
    text = _text(response)
    assert "There is a problem" in text
    assert "Your answer is too long. You can write up to 2,000 letters and spaces." in text
    assert response.get_data(as_text=True).count("x" * 2001) == 1  # still in the box
    (after,) = _views(app, family_data.sam_id, family_data.upcoming_id)
    assert getattr(after, field) == "Before."
    assert after.revision == before.revision


def test_2000_characters_are_allowed_and_a_line_break_counts_once(
    app: Flask, family_data: Family
) -> None:
    client = _signed_in(app, family_data.sam_id)
    path = f"{_base(family_data.upcoming_id)}/going-well"
    text = ("y" * 99 + "\r\n") * 20  # 2,040 as posted, 2,000 once line breaks are one
    assert _submit(client, path, {"going_well": text}).status_code == 303
    (draft,) = _views(app, family_data.sam_id, family_data.upcoming_id)
    assert draft.going_well is not None and len(draft.going_well) == 1999  # end space trimmed


def test_an_older_page_from_another_device_overwrites_nothing(
    app: Flask, family_data: Family
) -> None:
    phone = _signed_in(app, family_data.sam_id)
    laptop = _signed_in(app, family_data.sam_id)
    path = f"{_base(family_data.upcoming_id)}/going-well"
    old_page = phone.get(path).get_data(as_text=True)
    assert _submit(laptop, path, {"going_well": "Written on the laptop."}).status_code == 303

    response = phone.post(path, data={**_hidden_fields(old_page), "going_well": "From the phone."})
    assert response.status_code == 409
    text = _text(response)
    assert "Your answers changed in another place. We have not saved this page." in text
    assert "This is the answer we have saved now:" in text
    assert "Written on the laptop." in text
    assert "From the phone." in text  # what they typed is still in the box
    (draft,) = _views(app, family_data.sam_id, family_data.upcoming_id)
    assert draft.going_well == "Written on the laptop."

    # Saving again from that page, having seen the newer words, saves.
    again = phone.post(
        path,
        data={**_hidden_fields(response.get_data(as_text=True)), "going_well": "From the phone."},
    )
    assert again.status_code == 303
    (draft,) = _views(app, family_data.sam_id, family_data.upcoming_id)
    assert draft.going_well == "From the phone."


def test_an_older_page_saves_its_own_answer_and_keeps_other_answers(
    app: Flask, family_data: Family
) -> None:
    phone = _signed_in(app, family_data.sam_id)
    laptop = _signed_in(app, family_data.sam_id)
    base = _base(family_data.upcoming_id)
    old_page = phone.get(f"{base}/going-well").get_data(as_text=True)
    assert (
        _submit(laptop, f"{base}/who-i-want-there", {"who_i_want_there": "Mum."}).status_code == 303
    )

    response = phone.post(
        f"{base}/going-well", data={**_hidden_fields(old_page), "going_well": "College."}
    )
    assert response.status_code == 303
    (draft,) = _views(app, family_data.sam_id, family_data.upcoming_id)
    assert (draft.going_well, draft.who_i_want_there) == ("College.", "Mum.")


def test_sending_twice_sends_once(app: Flask, family_data: Family) -> None:
    client = _signed_in(app, family_data.sam_id)
    base = _base(family_data.upcoming_id)
    _submit(client, f"{base}/going-well", {"going_well": "Good things."})
    check_page = client.get(f"{base}/check").get_data(as_text=True)
    form = _hidden_fields(check_page)
    first = client.post(f"{base}/check", data=form)
    second = client.post(f"{base}/check", data=form)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"] == f"{base}/sent"
    assert [views.status for views in _views(app, family_data.sam_id, family_data.upcoming_id)] == [
        ViewsStatus.SENT
    ]
    assert len(_notices(app, family_data.sam_id)) == 1


def test_sending_nothing_is_refused_kindly(app: Flask, family_data: Family) -> None:
    client = _signed_in(app, family_data.sam_id)
    response = _submit(client, f"{_base(family_data.upcoming_id)}/check")
    assert response.status_code == 200
    assert "You have not answered any questions yet." in _text(response)
    assert _views(app, family_data.sam_id, family_data.upcoming_id) == []
    assert _notices(app, family_data.sam_id) == []


def test_changing_views_after_sending_starts_a_new_draft(app: Flask, family_data: Family) -> None:
    client = _signed_in(app, family_data.sam_id)
    base = _base(family_data.upcoming_id)
    _submit(client, f"{base}/going-well", {"going_well": "First words."})
    _submit(client, f"{base}/talk-about", {"want_to_talk_about": "College."})
    _submit(client, f"{base}/check")
    start = client.get(base)
    assert "Change your views" in _text(start)

    # The question shows what was sent; changing it starts a new draft.
    page = client.get(f"{base}/going-well")
    assert "First words." in page.get_data(as_text=True)
    response = _submit(client, f"{base}/going-well?change=yes", {"going_well": "New words."})
    assert response.headers["Location"] == f"{base}/check"
    sent, draft = _views(app, family_data.sam_id, family_data.upcoming_id)
    assert (sent.status, sent.going_well) == (ViewsStatus.SENT, "First words.")
    assert (draft.status, draft.going_well) == (ViewsStatus.DRAFT, "New words.")
    assert draft.want_to_talk_about == "College."  # copied from the sent copy
    assert "You started to change them on" in _text(client.get(base))

    _submit(client, f"{base}/check")
    first, second = _views(app, family_data.sam_id, family_data.upcoming_id)
    assert first.going_well == "First words." and second.going_well == "New words."
    assert first.status is second.status is ViewsStatus.SENT
    assert len(_notices(app, family_data.sam_id)) == 2


def _every_path(meeting_id: int) -> list[str]:
    base = _base(meeting_id)
    return [
        base,
        *(f"{base}/{path}" for path in QUESTION_PATHS.values()),
        f"{base}/share",
        f"{base}/check",
        f"{base}/sent",
    ]


@pytest.mark.parametrize(
    ("meeting", "words"),
    [("past_id", "This meeting has happened."), ("cancelled_id", "This meeting was cancelled.")],
)
def test_a_meeting_that_is_over_shows_what_was_sent_read_only(
    app: Flask, family_data: Family, meeting: str, words: str
) -> None:
    meeting_id = getattr(family_data, meeting)
    with app.app_context():
        db.session.add(
            MeetingViews(
                meeting_id=meeting_id,
                contact_id=family_data.sam_id,
                status=ViewsStatus.SENT,
                going_well="Sent before the meeting.",
                sent_at=utc_now() - timedelta(days=30),
            )
        )
        db.session.commit()
    client = _signed_in(app, family_data.sam_id)
    base = _base(meeting_id)
    page = client.get(base)
    assert page.status_code == 200
    text = _text(page)
    assert words in text
    assert "Sent before the meeting." in text
    main = page.get_data(as_text=True).split('id="maincontent"')[1].split("</main>")[0]
    assert "change=yes" not in main and "<form" not in main

    token = client.csrf_token(base)
    typed = {field: f"Typed for {field}." for field in ANSWER_FIELDS}
    for path in _every_path(meeting_id)[1:]:
        assert client.get(path).headers["Location"] == base, path
        response = client.post(path, data={"csrf_token": token, "share_with_panel": "yes", **typed})
        if path.endswith("/sent"):
            assert response.status_code == 405
        elif any(path.endswith(question) for question in QUESTION_PATHS.values()):
            # Words typed as the meeting closed are shown back, not lost.
            assert response.status_code == 409, path
            text = _text(response)
            assert "We could not save your answer." in text
            assert any(words in text for words in typed.values()), path
        else:
            assert response.headers["Location"] == base, path
    (views,) = _views(app, family_data.sam_id, meeting_id)
    assert views.going_well == "Sent before the meeting."
    assert _notices(app, family_data.sam_id) == []


def test_a_meeting_with_nothing_sent_says_so(app: Flask, family_data: Family) -> None:
    client = _signed_in(app, family_data.parent_id)
    text = _text(client.get(_base(family_data.past_id)))
    assert "You did not send your views before this meeting." in text


def test_a_meeting_that_has_started_is_closed(app: Flask, family_data: Family) -> None:
    with app.app_context():
        sam = db.session.get(Contact, family_data.sam_id)
        meeting = make_meeting(
            db.session, young_person=sam.young_person, starts_at=utc_now() - timedelta(minutes=5)
        )
        db.session.commit()
        meeting_id = meeting.id
    client = _signed_in(app, family_data.sam_id)
    assert "This meeting has started." in _text(client.get(_base(meeting_id)))
    assert client.get(f"{_base(meeting_id)}/going-well").status_code == 303


def test_another_young_persons_meeting_is_not_found_on_every_page(
    app: Flask, family_data: Family
) -> None:
    client = _signed_in(app, family_data.sam_id)
    token = client.csrf_token(_base(family_data.upcoming_id))
    for path in _every_path(family_data.other_meeting_id):
        assert client.get(path).status_code == 404, path
        response = client.post(path, data={"csrf_token": token, "going_well": "x"})
        assert response.status_code in (404, 405), path
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MeetingViews)) == 0


def test_signed_out_visitors_and_staff_are_sent_away(app: Flask, family_data: Family) -> None:
    client: PortalClient = app.test_client()  # type: ignore[assignment]
    for path in _every_path(family_data.upcoming_id):
        response = client.get(path)
        assert response.status_code == 302 and response.headers["Location"] == "/", path
    with app.app_context():
        from tests.support.factories import PASSWORD

        keyworker = make_staff_user(db.session)
        db.session.commit()
    staff_client: PortalClient = app.test_client()  # type: ignore[assignment]
    staff_client.sign_in(keyworker, PASSWORD)
    for path in _every_path(family_data.upcoming_id):
        assert staff_client.get(path).status_code == 403, path


def _add_lots_of_data(app: Flask, family_data: Family) -> None:
    """More young people, meetings and views, and more views of Sam's own."""
    with app.app_context():
        session: Session = db.session
        sam = session.get(Contact, family_data.sam_id)
        team = sam.young_person.team
        for number in range(15):
            person = make_young_person(session, team=team)
            contact = make_contact(session, young_person=person)
            for _ in range(3):
                meeting = make_meeting(session, young_person=person)
                session.add(
                    MeetingViews(meeting_id=meeting.id, contact_id=contact.id, going_well="x")
                )
            meeting = make_meeting(session, young_person=sam.young_person)
            session.add(
                MeetingViews(
                    meeting_id=family_data.upcoming_id,
                    contact_id=sam.id,
                    status=ViewsStatus.SENT,
                    going_well=f"Sent {number}",
                    sent_at=utc_now() - timedelta(days=number + 1),
                )
            )
        session.commit()


def test_each_page_runs_a_fixed_number_of_queries(app: Flask, family_data: Family) -> None:
    client = _signed_in(app, family_data.sam_id)
    base = _base(family_data.upcoming_id)
    _submit(client, f"{base}/going-well", {"going_well": "Some words."})
    paths = [base, f"{base}/going-well", f"{base}/share", f"{base}/check"]

    def counts() -> list[int]:
        with app.app_context():
            engine = db.engine
        result = []
        for path in paths:
            with count_queries(engine) as log:
                assert client.get(path).status_code == 200, path
            result.append(log.count)
        return result

    before = counts()
    _add_lots_of_data(app, family_data)
    assert counts() == before


def test_the_forms_words_are_easy_read(app: Flask) -> None:
    texts = [
        *views_forms.QUESTION_LABELS.values(),
        *views_forms.QUESTION_HINTS.values(),
        views_forms.TOO_LONG,
        views_forms.NOTHING_TO_SEND,
        views_forms.CHANGED_ELSEWHERE,
        views_forms.CHANGED_BEFORE_SENDING,
        views_forms.ShareForm.share_with_panel.args[0],
        "Choose yes or no.",
    ]
    with app.test_request_context():
        texts = [str(text) for text in texts]
    for text in texts:
        report = easyread.check(str(text), "en")
        assert report.passes, (str(text), [finding.message for finding in report.errors])


def test_the_page_examples_show_their_states_and_change_nothing(app: Flask) -> None:
    with app.app_context():
        # build_world adds the views examples' data (add_example_views).
        world = build_world(db.session)
        before = [
            (views.id, views.revision, views.status)
            for views in db.session.scalars(select(MeetingViews).order_by(MeetingViews.id))
        ]
    expected = {
        "my views, not started": "You have not started yet.",
        "my views, sent and changed again": "You started to change them on",
        "my views, going well, answered before": "Sam started a new course at college",
        "my views, answer too long": "Your answer is too long.",
        "my views, share with the panel": "Can the review panel see your views?",
        "my views, share, nothing chosen": "Choose yes or no.",
        "my views, share, not asked": "Your keyworker will ask Sam if the panel can see this.",
        "my views, check your answers": "college tutor.",
        "my views, check, nothing to send": "You have not answered any questions yet.",
        "my views, sent": "Thank you. Your keyworker has your views.",
        "my views, past meeting": "Football on Saturdays.",
        "my views, past meeting, nothing sent": "You did not send your views",
        "my views, cancelled meeting": "This meeting was cancelled.",
    }
    for example in VIEWS_EXAMPLES:
        client: PortalClient = app.test_client()  # type: ignore[assignment]
        response = visit_example(app, client, world, example)
        if example.name in expected:
            assert expected[example.name] in _text(response), example.name
    with app.app_context():
        after = [
            (views.id, views.revision, views.status)
            for views in db.session.scalars(select(MeetingViews).order_by(MeetingViews.id))
        ]
    assert after == before


def test_the_meeting_page_says_how_far_the_views_got(app: Flask, family_data: Family) -> None:
    client = _signed_in(app, family_data.sam_id)
    meeting_page = f"/my-meetings/{family_data.upcoming_id}"
    base = _base(family_data.upcoming_id)
    assert "You have not sent your views yet." in _text(client.get(meeting_page))

    _submit(client, f"{base}/going-well", {"going_well": "First words."})
    assert "You started writing your views. You have not sent them yet." in _text(
        client.get(meeting_page)
    )

    _submit(client, f"{base}/check")
    (sent,) = _views(app, family_data.sam_id, family_data.upcoming_id)
    assert sent.sent_at is not None
    text = _text(client.get(meeting_page))
    assert f"You sent your views on {easy_date(sent.sent_at)}." in text
    assert "Send them again" not in text

    _submit(client, f"{base}/going-well?change=yes", {"going_well": "New words."})
    text = _text(client.get(meeting_page))
    assert f"You sent your views on {easy_date(sent.sent_at)}." in text
    assert "You changed them after that. Send them again so we see the changes." in text


def test_a_parent_sees_their_own_progress_not_the_young_persons(
    app: Flask, family_data: Family
) -> None:
    _submit(
        _signed_in(app, family_data.sam_id),
        f"{_base(family_data.upcoming_id)}/going-well",
        {"going_well": "Sam's words."},
    )
    parent = _signed_in(app, family_data.parent_id)
    assert "You have not sent your views yet." in _text(
        parent.get(f"/my-meetings/{family_data.upcoming_id}")
    )


def test_a_panel_choice_changed_in_my_choices_shows_on_the_views_pages(
    app: Flask, family_data: Family
) -> None:
    client = _signed_in(app, family_data.sam_id)
    base = _base(family_data.upcoming_id)
    _submit(client, f"{base}/going-well", {"going_well": "College."})
    _submit(client, f"{base}/share", {"share_with_panel": "yes"})
    assert "Yes. The review panel can see your views." in _text(client.get(f"{base}/check"))

    _submit(client, "/my-choices/share_views_with_panel/change", {"choice": "no"})
    _submit(client, "/my-choices/share_views_with_panel/check")

    assert "No. The review panel will not see your views." in _text(client.get(f"{base}/check"))
    share = client.get(f"{base}/share").get_data(as_text=True)
    assert re.search(r'value="no"[^>]*checked', share)
    with app.app_context():
        decision = _panel_decision(family_data.sam_id)
        assert decision is not None and decision.choice is ConsentChoice.NO
