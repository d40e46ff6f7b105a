"""My views before the meeting, like a CETR planner: a few questions, one on
each page, saved as the person goes, then checked and sent to the keyworker.

Pages, each a plain form that works without JavaScript, under
/my-meetings/<meeting_id>/my-views:

- ""                   start: what this is, and where the person is up to
- "/going-well"        What is going well?
- "/not-going-well"    What is not going well?
- "/talk-about"        What do you want to talk about at the meeting?
- "/who-i-want-there"  Who do you want at the meeting?
- "/not-in-front-of-me" Anything not to talk about in front of you?
- "/share"             May the review panel see the views? (asked only of
                       someone who may decide)
- "/check"             check your answers, and send
- "/sent"              thank you, and where to get help now

Each question has its own route and endpoint (family.views_going_well and
so on), because family URLs may hold no value but the meeting id. "Save and
continue" saves the draft and goes to the next page; after a "Change" link
from the check page (`?change=yes`) it goes back there.

A meeting is only ever looked up among the signed-in contact's own young
person's meetings; any other id is "not found". Once a meeting has started,
happened or been cancelled, the start page shows what was sent, read only,
and every other page leads there. The rules are in
portal.services.meetings.views_before (reading) and views_before_saving.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from easyread.dates import easy_date, easy_time
from portal.access import RefusalReason, family, refuse
from portal.extensions import db
from portal.family import family_blueprint
from portal.family.forms.meeting_views import (
    CHANGED_BEFORE_SENDING,
    CHANGED_ELSEWHERE,
    NOTHING_TO_SEND,
    QUESTION_LABELS,
    AnswerForm,
    GoingWellForm,
    NotGoingWellForm,
    NotInFrontOfMeForm,
    SendForm,
    ShareForm,
    WantToTalkAboutForm,
    WhoIWantThereForm,
)
from portal.i18n import easyread_language
from portal.models import Contact, Relationship, utc_now
from portal.services.meetings.views_before import ViewsState, answer_digest, views_for_meeting
from portal.services.meetings.views_before_saving import (
    MayNotDecideSharing,
    MeetingNotOpen,
    NothingToSend,
    ViewsChanged,
    decide_sharing,
    save_answer,
    send_views,
)
from portal.services.records.urgent_alerts import UrgentSettings
from portal.timezones import london_today

VIEWS = "/my-meetings/<int:meeting_id>/my-views"
GET_POST = ["GET", "POST"]


@dataclass(frozen=True)
class Question:
    endpoint: str
    form_class: type[AnswerForm]
    picture: str

    @property
    def field(self) -> str:
        return self.form_class.field_name


QUESTIONS: tuple[Question, ...] = (
    Question("family.views_going_well", GoingWellForm, "thumbs-up"),
    Question("family.views_not_going_well", NotGoingWellForm, "thumbs-down"),
    Question("family.views_talk_about", WantToTalkAboutForm, "talk"),
    Question("family.views_who_i_want_there", WhoIWantThereForm, "people"),
    Question("family.views_not_in_front_of_me", NotInFrontOfMeForm, "stop"),
)


def _state(meeting_id: int) -> ViewsState:
    state = views_for_meeting(
        db.session, g.family_contact, meeting_id, now=utc_now(), today=london_today()
    )
    if state is None:
        refuse(404, RefusalReason.NOT_VISIBLE)
    return state


def _to(endpoint: str, meeting_id: int) -> Response:
    return redirect(url_for(endpoint, meeting_id=meeting_id), 303)


def _changing() -> bool:
    """Came from a "Change" link on the check page: go back there after saving."""
    return request.args.get("change") == "yes"


def _render(template: str, state: ViewsState, status: int = 200, **context: Any) -> Any:
    contact: Contact = g.family_contact
    lang = easyread_language()
    draft, sent = state.draft, state.last_sent
    page = render_template(
        template,
        state=state,
        meeting=state.meeting,
        meeting_day=easy_date(state.meeting.starts_at, lang),
        meeting_time=easy_time(state.meeting.starts_at, lang),
        saved_on=easy_date(draft.updated_at, lang) if draft else None,
        sent_on=easy_date(sent.sent_at, lang) if sent and sent.sent_at else None,
        about_self=contact.relation is Relationship.SELF,
        young_person_name=contact.young_person.preferred_name,
        questions=QUESTIONS,
        question_labels=QUESTION_LABELS,
        **context,
    )
    return page, status


@family_blueprint.route(VIEWS)
@family
def views_start(meeting_id: int) -> ResponseReturnValue:
    state = _state(meeting_id)
    if not state.is_open:
        return _render("family/my_views/closed.html", state, unsaved=None)
    return _render("family/my_views/start.html", state, first=QUESTIONS[0].endpoint)


def _question_page(meeting_id: int, number: int) -> ResponseReturnValue:
    question = QUESTIONS[number]
    state = _state(meeting_id)
    form = question.form_class()
    if not state.is_open:
        return _closed(state, form)
    status = 200
    conflict = False
    if request.method == "GET":
        form.answer.data = state.answer(question.field)
        form.show_version(state.version, answer_digest(state.answer(question.field)))
    elif form.validate_on_submit():
        try:
            save_answer(
                db.session,
                g.family_contact,
                meeting_id,
                question.field,
                form.answer.data,
                seen_version=form.version.data or "",
                seen_digest=form.seen.data or "",
                now=utc_now(),
                today=london_today(),
            )
        except MeetingNotOpen:
            return _closed(_state(meeting_id), form)
        except ViewsChanged as changed:
            # Keep what they typed in the box; show what is saved now above it.
            state, status, conflict = changed.state, 409, True
            form.show_version(state.version, answer_digest(state.answer(question.field)))
            form.form_errors.append(str(CHANGED_ELSEWHERE))
        else:
            if _changing():
                return _to("family.views_check", meeting_id)
            following = QUESTIONS[number + 1].endpoint if number + 1 < len(QUESTIONS) else None
            return _to(following or "family.views_share", meeting_id)
    back = QUESTIONS[number - 1].endpoint if number else "family.views_start"
    return _render(
        "family/my_views/question.html",
        state,
        status,
        form=form,
        question=question,
        number=number + 1,
        conflict=conflict,
        saved_answer=state.answer(question.field),
        back=url_for("family.views_check" if _changing() else back, meeting_id=meeting_id),
    )


def _closed(state: ViewsState, form: AnswerForm) -> ResponseReturnValue:
    """The meeting has started, happened or was cancelled. Words just posted
    cannot be saved any more, but are shown back, so they are not lost."""
    if request.method == "POST" and form.answer.data:
        return _render("family/my_views/closed.html", state, 409, unsaved=form.answer.data)
    return _to("family.views_start", state.meeting.id)


@family_blueprint.route(f"{VIEWS}/going-well", methods=GET_POST)
@family
def views_going_well(meeting_id: int) -> ResponseReturnValue:
    return _question_page(meeting_id, 0)


@family_blueprint.route(f"{VIEWS}/not-going-well", methods=GET_POST)
@family
def views_not_going_well(meeting_id: int) -> ResponseReturnValue:
    return _question_page(meeting_id, 1)


@family_blueprint.route(f"{VIEWS}/talk-about", methods=GET_POST)
@family
def views_talk_about(meeting_id: int) -> ResponseReturnValue:
    return _question_page(meeting_id, 2)


@family_blueprint.route(f"{VIEWS}/who-i-want-there", methods=GET_POST)
@family
def views_who_i_want_there(meeting_id: int) -> ResponseReturnValue:
    return _question_page(meeting_id, 3)


@family_blueprint.route(f"{VIEWS}/not-in-front-of-me", methods=GET_POST)
@family
def views_not_in_front_of_me(meeting_id: int) -> ResponseReturnValue:
    return _question_page(meeting_id, 4)


@family_blueprint.route(f"{VIEWS}/share", methods=GET_POST)
@family
def views_share(meeting_id: int) -> ResponseReturnValue:
    state = _state(meeting_id)
    if not state.is_open:
        return _to("family.views_start", meeting_id)
    back = url_for(
        "family.views_check" if _changing() else QUESTIONS[-1].endpoint, meeting_id=meeting_id
    )
    if not state.may_decide_sharing:
        # Their keyworker asks whoever may decide; this page only says so.
        if request.method == "POST":
            return _to("family.views_check", meeting_id)
        return _render("family/my_views/share.html", state, form=None, conflict=False, back=back)
    form = ShareForm()
    status = 200
    conflict = False
    if request.method == "GET":
        choice = state.share_with_panel
        form.share_with_panel.data = None if choice is None else ("yes" if choice else "no")
        form.show_version(state.version, answer_digest(choice))
    elif form.validate_on_submit():
        try:
            decide_sharing(
                db.session,
                g.family_contact,
                meeting_id,
                form.share,
                seen_digest=form.seen.data or "",
                now=utc_now(),
                today=london_today(),
                ip_address=request.remote_addr,
                alerts=UrgentSettings.from_config(current_app.config),
            )
        except (MeetingNotOpen, MayNotDecideSharing):
            return _to("family.views_start", meeting_id)
        except ViewsChanged as changed:
            state, status, conflict = changed.state, 409, True
            form.show_version(state.version, answer_digest(state.share_with_panel))
            form.form_errors.append(str(CHANGED_ELSEWHERE))
        else:
            return _to("family.views_check", meeting_id)
    return _render(
        "family/my_views/share.html", state, status, form=form, conflict=conflict, back=back
    )


@family_blueprint.route(f"{VIEWS}/check", methods=GET_POST)
@family
def views_check(meeting_id: int) -> ResponseReturnValue:
    state = _state(meeting_id)
    if not state.is_open:
        return _to("family.views_start", meeting_id)
    form = SendForm()
    status = 200
    conflict = False
    if request.method == "GET":
        form.show_version(state.version, "")
    elif form.validate_on_submit():
        try:
            send_views(
                db.session,
                g.family_contact,
                meeting_id,
                seen_version=form.version.data or "",
                now=utc_now(),
                today=london_today(),
            )
        except MeetingNotOpen:
            return _to("family.views_start", meeting_id)
        except NothingToSend:
            form.form_errors.append(str(NOTHING_TO_SEND))
        except ViewsChanged as changed:
            state, status, conflict = changed.state, 409, True
            form.show_version(state.version, "")
            form.form_errors.append(str(CHANGED_BEFORE_SENDING))
        else:
            return _to("family.views_sent", meeting_id)
    return _render(
        "family/my_views/check.html",
        state,
        status,
        form=form,
        conflict=conflict,
        back=url_for("family.views_share", meeting_id=meeting_id),
    )


@family_blueprint.route(f"{VIEWS}/sent")
@family
def views_sent(meeting_id: int) -> ResponseReturnValue:
    state = _state(meeting_id)
    if not state.is_open or state.last_sent is None:
        return _to("family.views_start", meeting_id)
    return _render("family/my_views/sent.html", state)
