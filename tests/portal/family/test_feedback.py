"""Tell us what you think: the Friends and Family Test question in easy read,
a comment and the reports question; saved once with a notice for staff; a
thank-you page that never repeats the comment and always shows where to get
help (first, when the comment mentions risk)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

import easyread
from portal.extensions import db
from portal.family.forms.feedback import ANSWER_CHOICES, ANSWERED_BY_CHOICES, FeedbackForm
from portal.models import (
    AnsweredBy,
    AuditEvent,
    Contact,
    FamilyInputNotice,
    FeedbackChannel,
    FeedbackResponse,
    FftAnswer,
    Relationship,
    StaffRole,
)
from portal.services.feedback.filing import FEEDBACK_FLAGGED, FEEDBACK_SENT
from tests.client import CSRF_INPUT, PortalClient
from tests.query_counter import count_queries
from tests.support.factories import (
    PASSWORD,
    make_contact,
    make_staff_user,
    make_team,
    make_young_person,
)
from tests.support.family_sessions import sign_in_family

FORM_TOKEN = re.compile(r'name="form_token" type="hidden" value="([^"]+)"')
THANKS = "/tell-us/thank-you"
HELP_FIRST = "If you are not OK now, you can get help straight away."
CRISIS_HEADING = "If you need help now"
KEYWORKER_WILL_READ = "Your keyworker will read this."


# The tests make their data in an app context of their own: with the `session`
# fixture's context open, requests would share its database session, and a
# query count would miss what its identity map already holds.


@pytest.fixture
def young_person_contact(app: Flask) -> Contact:
    with app.app_context():
        session = db.session
        team = make_team(session)
        keyworker = make_staff_user(session, role=StaffRole.KEYWORKER, team=team)
        person = make_young_person(session, team=team, keyworker=keyworker)
        contact = make_contact(session, young_person=person, relation=Relationship.SELF)
        session.commit()
        return contact


@pytest.fixture
def signed_in(app: Flask, client: PortalClient, young_person_contact: Contact) -> Contact:
    sign_in_family(app, client, young_person_contact)
    return young_person_contact


def _form_fields(client: PortalClient) -> dict[str, str]:
    """The hidden fields of a freshly opened form."""
    html = client.get("/tell-us").get_data(as_text=True)
    token = FORM_TOKEN.search(html)
    csrf = CSRF_INPUT.search(html)
    assert token and csrf, "no form token on the page"
    return {
        "csrf_token": next(group for group in csrf.groups() if group),
        "form_token": token[1],
    }


def _send(client: PortalClient, data: dict[str, str]) -> Any:
    return client.post("/tell-us", data={**_form_fields(client), **data})


def _all(app: Flask, model: type) -> list[Any]:
    with app.app_context():
        return list(db.session.scalars(select(model).order_by(model.id)))


def _feedback_events(app: Flask) -> list[AuditEvent]:
    return [
        event
        for event in _all(app, AuditEvent)
        if event.action in (FEEDBACK_SENT, FEEDBACK_FLAGGED)
    ]


def _assert_nothing_saved(app: Flask) -> None:
    assert _all(app, FeedbackResponse) == []
    assert _all(app, FamilyInputNotice) == []
    assert _feedback_events(app) == []


# The form


def test_the_form_asks_the_friends_and_family_test_question_with_pictures(
    client: PortalClient, signed_in: Contact
) -> None:
    html = client.get("/tell-us").get_data(as_text=True)
    assert "<h1>Tell us what you think</h1>" in html
    assert "How was our service for you?" in html
    for label in (
        "Very good",
        "Good",
        "Not good and not bad",
        "Bad",
        "Very bad",
        "I do not know",
    ):
        assert f"<span>{label}</span>" in html
    for key in (
        "fft-very-good",
        "fft-good",
        "fft-neither-good-nor-poor",
        "fft-poor",
        "fft-very-poor",
        "fft-dont-know",
    ):
        assert f"pictograms/{key}." in html
    assert "What was good?" in html
    assert "What could be better?" in html
    assert "Who is answering?" in html
    assert "You can use my words in reports without my name" in html
    assert "We never use your name." in html
    assert "We read messages on weekdays." in html
    # Where to get help is on the form too, lower down.
    assert CRISIS_HEADING in html
    assert HELP_FIRST not in html
    # No answer is chosen for them, and quoting is off; who is answering comes
    # from the record (the young person themselves) and can be changed.
    assert re.findall(r'value="([a-z_]+)" checked', html) == ["young_person"]


def test_a_parent_is_preselected_as_a_parent_or_carer(app: Flask, client: PortalClient) -> None:
    with app.app_context():
        session = db.session
        child = make_young_person(session, team=make_team(session), date_of_birth=date(2016, 5, 1))
        parent = make_contact(session, young_person=child, relation=Relationship.CARER)
        session.commit()
    sign_in_family(app, client, parent)
    html = client.get("/tell-us").get_data(as_text=True)
    assert re.findall(r'value="([a-z_]+)" checked', html) == ["parent_or_carer"]


def test_the_answers_map_back_to_the_six_standard_answers() -> None:
    assert [choice.value for choice in ANSWER_CHOICES] == [answer.value for answer in FftAnswer]


def test_every_form_has_its_own_token(client: PortalClient, signed_in: Contact) -> None:
    assert _form_fields(client)["form_token"] != _form_fields(client)["form_token"]


# Form data that makes each of the form's error messages.
BAD_FORMS = [
    {},
    {"answer": "brilliant"},
    {"answer": "good", "answered_by": "the_neighbour"},
    {"comment": "x" * 2001},
]


def test_the_forms_words_are_easy_read(app: Flask) -> None:
    """The form's words are not in a family template, so the .pot check does
    not see them: check them here."""
    with app.test_request_context():
        form = FeedbackForm(meta={"csrf": False})
        hidden = {"form_token", "request_id", "meeting_id"}
        texts = [str(field.label.text) for field in form if field.name not in hidden]
        texts += [str(choice.label) for choice in ANSWER_CHOICES]
        texts += [str(choice.label) for choice in ANSWERED_BY_CHOICES]
        errors = []
        for data in BAD_FORMS:
            bad = FeedbackForm(formdata=MultiDict(data), meta={"csrf": False})
            assert not bad.validate()
            errors += [str(message) for messages in bad.errors.values() for message in messages]
    assert len(set(errors)) == 4
    for text in texts + errors:
        report = easyread.check(text, "en")
        assert report.passes, (text, [finding.message for finding in report.errors])


# Saving


@pytest.mark.parametrize("answer", list(FftAnswer))
def test_each_answer_is_saved_with_its_value(
    app: Flask, client: PortalClient, signed_in: Contact, answer: FftAnswer
) -> None:
    response = _send(client, {"answer": answer.value})

    assert response.status_code == 303
    assert response.headers["Location"] == THANKS
    [saved] = _all(app, FeedbackResponse)
    assert saved.fft_answer is answer
    assert saved.comment is None
    assert saved.channel is FeedbackChannel.WEB
    assert saved.contact_id == signed_in.id
    assert saved.young_person_id == signed_in.young_person_id
    assert saved.may_use_anonymously is False
    [notice] = _all(app, FamilyInputNotice)
    assert notice.subject_id == saved.id
    assert notice.urgent is False


def test_a_comment_alone_is_enough(app: Flask, client: PortalClient, signed_in: Contact) -> None:
    response = _send(client, {"comment": "  The room was too hot.\r\nPlease open a window. "})

    assert response.status_code == 303
    [saved] = _all(app, FeedbackResponse)
    assert saved.fft_answer is None
    assert saved.comment == "The room was too hot.\nPlease open a window."
    [notice] = _all(app, FamilyInputNotice)
    assert notice.summary == "Feedback: a comment"


def test_what_could_be_better_and_who_answered_are_saved(
    app: Flask, client: PortalClient, signed_in: Contact
) -> None:
    data = {"answer": "poor", "improvement": "Answer my calls.", "answered_by": "someone_helping"}
    assert _send(client, data).status_code == 303
    [saved] = _all(app, FeedbackResponse)
    assert saved.improvement == "Answer my calls."
    assert saved.answered_by is AnsweredBy.SOMEONE_HELPING
    assert saved.may_use_anonymously is False


def test_a_parent_can_send_feedback_too(app: Flask, client: PortalClient) -> None:
    with app.app_context():
        session = db.session
        child = make_young_person(session, team=make_team(session), date_of_birth=date(2016, 5, 1))
        parent = make_contact(session, young_person=child, has_parental_responsibility=True)
        session.commit()
    sign_in_family(app, client, parent)
    assert _send(client, {"answer": "very_good"}).status_code == 303
    [saved] = _all(app, FeedbackResponse)
    assert saved.contact_id == parent.id
    assert saved.young_person_id == child.id


# Bad input: a kind error, and nothing is saved


def test_neither_an_answer_nor_a_comment_is_a_kind_error(
    app: Flask, client: PortalClient, signed_in: Contact
) -> None:
    response = _send(client, {"comment": "   ", "improvement": " ", "may_quote": "y"})

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<title>Error: Tell us what you think" in html
    assert "There is a problem" in html
    assert html.count("Choose an answer, or tell us what you think.") == 2  # summary and field
    assert 'href="#answer"' in html and 'id="answer"' in html
    _assert_nothing_saved(app)


def test_a_comment_that_is_too_long_is_a_kind_error_and_is_kept_on_the_page(
    app: Flask, client: PortalClient, signed_in: Contact
) -> None:
    comment = "The meeting was long. " * 100  # 2,200 letters and spaces
    response = _send(client, {"answer": "good", "comment": comment})

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "This is too long. You can write up to 2000 letters and spaces." in html
    assert comment.strip() in html  # nothing they wrote is lost
    assert 'value="good" checked' in html
    _assert_nothing_saved(app)


def test_a_comment_of_2000_letters_is_saved_counting_each_line_break_once(
    app: Flask, client: PortalClient, signed_in: Contact
) -> None:
    comment = "ab\r\n" * 666 + "ab"  # 2,664 characters sent, 2,000 kept
    assert _send(client, {"comment": comment}).status_code == 303
    [saved] = _all(app, FeedbackResponse)
    assert len(saved.comment) == 2000


def test_an_answer_that_is_not_on_the_form_is_refused(
    app: Flask, client: PortalClient, signed_in: Contact
) -> None:
    response = _send(client, {"answer": "brilliant", "answered_by": "the_neighbour"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Choose 1 of the answers." in html
    assert "Choose who is answering." in html
    _assert_nothing_saved(app)


def test_a_form_without_its_csrf_token_saves_nothing(
    app: Flask, client: PortalClient, signed_in: Contact
) -> None:
    fields = _form_fields(client)
    response = client.post("/tell-us", data={"form_token": fields["form_token"], "answer": "good"})
    assert response.status_code == 400
    _assert_nothing_saved(app)


# Sending twice


def test_the_same_form_sent_twice_is_saved_once(
    app: Flask, client: PortalClient, signed_in: Contact
) -> None:
    data = {**_form_fields(client), "answer": "poor", "comment": "We waited a long time."}

    first = client.post("/tell-us", data=data)
    second = client.post("/tell-us", data=data)

    assert first.status_code == second.status_code == 303
    assert second.headers["Location"] == THANKS
    assert len(_all(app, FeedbackResponse)) == 1
    assert len(_all(app, FamilyInputNotice)) == 1


def test_a_form_that_could_not_be_saved_is_saved_when_sent_again(
    app: Flask, client: PortalClient, signed_in: Contact, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = {**_form_fields(client), "answer": "poor", "comment": "We waited a long time."}
    # The error page, as in production, rather than the exception.
    app.config["PROPAGATE_EXCEPTIONS"] = False

    commit = Session.commit
    failures: list[Session] = []

    def commit_fails_once(session: Session) -> None:
        if failures:
            commit(session)
            return
        failures.append(session)
        session.rollback()
        raise OperationalError("COMMIT", None, Exception("the database went away"))

    # The request's own commit (portal.unit_of_work) fails; later ones work.
    monkeypatch.setattr(Session, "commit", commit_fails_once)
    assert client.post("/tell-us", data=data).status_code == 500
    _assert_nothing_saved(app)
    monkeypatch.undo()

    assert client.post("/tell-us", data=data).status_code == 303
    assert len(_all(app, FeedbackResponse)) == 1


def test_a_new_form_after_sending_is_saved_again(
    app: Flask, client: PortalClient, signed_in: Contact
) -> None:
    _send(client, {"answer": "good"})
    _send(client, {"answer": "good"})
    assert len(_all(app, FeedbackResponse)) == 2


# Safeguarding


def test_a_comment_that_mentions_risk_is_urgent_and_help_comes_first(
    app: Flask, client: PortalClient, signed_in: Contact
) -> None:
    response = _send(client, {"answer": "poor", "comment": "I'm not safe at home"})
    assert response.status_code == 303

    [notice] = _all(app, FamilyInputNotice)
    assert notice.urgent is True
    assert [event.action for event in _feedback_events(app)] == [FEEDBACK_SENT, FEEDBACK_FLAGGED]

    html = client.get(THANKS).get_data(as_text=True)
    assert HELP_FIRST in html
    assert html.index(HELP_FIRST) < html.index(CRISIS_HEADING) < html.index(KEYWORKER_WILL_READ)
    assert 'href="tel:999"' in html and 'href="tel:116123"' in html
    assert html.count(CRISIS_HEADING) == 1


def test_ordinary_feedback_makes_a_normal_notice_and_help_is_lower_down(
    app: Flask, client: PortalClient, signed_in: Contact
) -> None:
    _send(client, {"answer": "good", "comment": "People listened to us."})

    [notice] = _all(app, FamilyInputNotice)
    assert notice.urgent is False
    assert notice.summary == "Feedback: Good"
    assert [event.action for event in _feedback_events(app)] == [FEEDBACK_SENT]

    html = client.get(THANKS).get_data(as_text=True)
    assert HELP_FIRST not in html
    assert html.index(KEYWORKER_WILL_READ) < html.index(CRISIS_HEADING)
    assert 'href="tel:999"' in html
    assert html.count(CRISIS_HEADING) == 1


def test_help_comes_first_when_a_worrying_comment_cannot_be_saved_yet(
    app: Flask, client: PortalClient, signed_in: Contact
) -> None:
    response = _send(client, {"comment": "I want to die. " * 150})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.index(HELP_FIRST) < html.index(CRISIS_HEADING) < html.index('action="/tell-us"')
    _assert_nothing_saved(app)


@pytest.mark.parametrize(
    "comment", ["Zanzibar quokka marmalade", "Zanzibar quokka marmalade. I want to die."]
)
def test_the_thank_you_page_never_shows_the_comment(
    client: PortalClient, signed_in: Contact, comment: str
) -> None:
    response = _send(client, {"comment": comment})
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<h1>Thank you</h1>" in html
    assert KEYWORKER_WILL_READ in html
    assert "We read messages on weekdays." in html
    assert "Zanzibar" not in html and "quokka" not in html


def test_the_thank_you_page_shows_help_lower_down_before_anything_is_sent(
    client: PortalClient, signed_in: Contact
) -> None:
    html = client.get(THANKS).get_data(as_text=True)
    assert HELP_FIRST not in html
    assert html.index(KEYWORKER_WILL_READ) < html.index(CRISIS_HEADING)


# A fixed number of queries


def _count_page_queries(app: Flask, client: PortalClient) -> tuple[int, int, int]:
    fields = _form_fields(client)
    with app.app_context():
        engine = db.engine
    with count_queries(engine) as form:
        client.get("/tell-us")
    with count_queries(engine) as sending:
        client.post("/tell-us", data={**fields, "answer": "good", "comment": "Fine."})
    with count_queries(engine) as thanks:
        client.get(THANKS)
    return form.count, sending.count, thanks.count


def test_the_pages_run_a_fixed_number_of_queries_whatever_the_data(
    app: Flask, client: PortalClient, signed_in: Contact
) -> None:
    few = _count_page_queries(app, client)

    with app.app_context():
        session = db.session
        other = make_young_person(session, team=make_team(session))
        other_contact = make_contact(session, young_person=other)
        for number in range(40):
            for who in (signed_in, other_contact):
                session.add(
                    FeedbackResponse(
                        young_person_id=who.young_person_id,
                        contact_id=who.id,
                        channel=FeedbackChannel.WEB,
                        fft_answer=FftAnswer.GOOD,
                        comment=f"Comment {number}",
                    )
                )
        session.commit()
    for _ in range(5):
        _send(client, {"answer": "very_good", "comment": "I want to die"})

    many = _count_page_queries(app, client)
    assert many == few
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FeedbackResponse)) == 87


# Who may use the pages


@pytest.mark.parametrize("path", ["/tell-us", THANKS])
def test_signed_out_visitors_are_sent_to_sign_in(client: PortalClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_a_signed_out_post_saves_nothing(app: Flask, client: PortalClient) -> None:
    response = client.post("/tell-us", data={"answer": "good"})
    assert response.status_code in (302, 400)
    _assert_nothing_saved(app)


def test_staff_are_refused(app: Flask, client: PortalClient) -> None:
    with app.app_context():
        keyworker = make_staff_user(
            db.session, role=StaffRole.KEYWORKER, team=make_team(db.session)
        )
        db.session.commit()
    client.sign_in(keyworker, PASSWORD)
    token = client.csrf_token("/staff/")
    response = client.post("/tell-us", data={"csrf_token": token, "answer": "good"})
    assert client.get("/tell-us").status_code == 403
    assert client.get(THANKS).status_code == 403
    assert response.status_code == 403
    _assert_nothing_saved(app)
