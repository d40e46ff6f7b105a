"""The family home page, and choosing whose page to open.

1. /home: "Hello Sam", a banner when the plan or a meeting changed since the
   person last looked, and large picture cards for each part of the portal.
2. /choose: a carer of more than one young person picks whose page to open.
3. /choose/check: the chosen young person's date of birth, once a session,
   as at sign-in. Then the session is signed in again as the chosen contact.

The rules are in portal.services.home.family_home and
portal.services.access.switching.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app, g, redirect, render_template, request, session, url_for
from flask_babel import ngettext
from werkzeug.wrappers import Response

from easyread.dates import easy_date, easy_time
from portal import session_keys
from portal.access import family
from portal.extensions import db, limiter
from portal.family import family_blueprint
from portal.family.forms.home import ChooseYoungPersonForm
from portal.family.forms.sign_in import DateOfBirthForm
from portal.i18n import easyread_language
from portal.models import Contact, Relationship, utc_now
from portal.page_cache import render_family_page
from portal.services.access.switching import (
    SwitchOutcome,
    check_date_of_birth_for_switch,
    choices_for,
    chosen_contact,
    record_switch,
    safe_without_asking,
    tries_left,
)
from portal.services.home.family_home import NextMeeting, home_summary
from portal.sessions import ServerSession
from portal.template_filters import meeting_kind
from portal.timezones import london_today


def greeting_name(contact: Contact) -> str:
    """The name to greet someone by: a young person's preferred name, or the
    family member's name as the record has it."""
    if contact.relation is Relationship.SELF:
        return contact.young_person.preferred_name
    return contact.name


def _minimum_age() -> int:
    return int(current_app.config["OWN_PORTAL_ACCESS_MINIMUM_AGE"])


def _server_session() -> ServerSession:
    assert isinstance(session, ServerSession)
    return session


# 1. Home


@dataclass(frozen=True)
class _MeetingCard:
    kind: str
    day: str
    time: str


@dataclass(frozen=True)
class _Banner:
    # The day the plan changed, when it changed since the person last looked.
    plan_changed_on: str | None
    # "changed", "added" or None.
    meeting_news: str | None


def _meeting_card(meeting: NextMeeting | None, lang: str, today: date) -> _MeetingCard | None:
    if meeting is None:
        return None
    return _MeetingCard(
        kind=meeting_kind(meeting.kind),
        day=easy_date(meeting.starts_at, lang, today=today),
        time=easy_time(meeting.starts_at, lang),
    )


@family_blueprint.route("/home")
@family
def home() -> str:
    contact: Contact = g.family_contact
    today = london_today()
    summary = home_summary(
        db.session, contact, utc_now(), today, minimum_own_access_age=_minimum_age()
    )
    lang = easyread_language()
    plan_updated_on = (
        easy_date(summary.plan_updated_at, lang, today=today) if summary.plan_updated_at else None
    )
    meeting_news = (
        "changed" if summary.meeting_changed else "added" if summary.meeting_added else None
    )
    return render_family_page(
        "family/home/home.html",
        greeting_name=greeting_name(contact),
        about_self=contact.relation is Relationship.SELF,
        young_person_name=contact.young_person.preferred_name,
        summary=summary,
        plan_updated_on=plan_updated_on,
        next_meeting=_meeting_card(summary.next_meeting, lang, today),
        banner=_Banner(
            plan_changed_on=plan_updated_on if summary.plan_changed else None,
            meeting_news=meeting_news,
        ),
    )


# 2. Choosing


def _checked_contacts() -> set[int]:
    stored = session.get(session_keys.SWITCH_CHECKED_CONTACTS)
    checked = (
        {value for value in stored if isinstance(value, int)} if isinstance(stored, list) else set()
    )
    # The person signed in as this contact: that was checked at sign-in.
    return checked | {g.family_contact.id}


def _forget_pending_choice() -> None:
    for key in (session_keys.SWITCH_PENDING_CONTACT, session_keys.SWITCH_PENDING_SINCE):
        session.pop(key, None)


def _switch_to(chosen: Contact, identity_check: str) -> Response:
    """Sign the session in again as `chosen`, under a new id, keeping the
    person's display choices and who they have checked."""
    current: Contact = g.family_contact
    record_switch(
        db.session, current, chosen, identity_check=identity_check, ip_address=request.remote_addr
    )
    web_session = _server_session()
    kept = {key: web_session[key] for key in session_keys.KEPT_WHEN_SWITCHING if key in web_session}
    checked = sorted(_checked_contacts() | {chosen.id})
    signed_in_at = web_session.signed_in_at
    web_session.sign_in(contact_id=chosen.id)
    # The session's time limit still counts from when the person signed in.
    web_session.signed_in_at = signed_in_at or web_session.signed_in_at
    web_session.update(kept)
    web_session[session_keys.SWITCH_CHECKED_CONTACTS] = checked
    return redirect(url_for("family.home"), 303)


@family_blueprint.route("/choose", methods=["GET", "POST"])
@family
def choose_young_person() -> str | Response:
    contact: Contact = g.family_contact
    choices = choices_for(
        db.session, contact, london_today(), minimum_own_access_age=_minimum_age()
    )
    if len(choices) < 2:
        return redirect(url_for("family.home"))
    form = ChooseYoungPersonForm(choices)
    if form.validate_on_submit():
        chosen_id = int(form.contact.data)
        _forget_pending_choice()
        if chosen_id == contact.id:
            return redirect(url_for("family.home"), 303)
        chosen = chosen_contact(
            db.session, contact, chosen_id, london_today(), minimum_own_access_age=_minimum_age()
        )
        if chosen is None:
            # Lost access since the list was made: show the list again.
            return redirect(url_for("family.choose_young_person"), 303)
        already_safe = safe_without_asking(chosen, _checked_contacts())
        if already_safe is not None:
            return _switch_to(chosen, already_safe)
        session[session_keys.SWITCH_PENDING_CONTACT] = chosen.id
        session[session_keys.SWITCH_PENDING_SINCE] = utc_now().isoformat()
        return redirect(url_for("family.choose_young_person_check"), 303)
    return render_template("family/home/choose.html", form=form, choices=choices)


# 3. The date of birth check


def _pending_choice() -> Contact | None:
    """The contact the check waits for, if it is still in time and allowed."""
    since = session.get(session_keys.SWITCH_PENDING_SINCE)
    if not isinstance(since, str):
        return None
    try:
        started = datetime.fromisoformat(since)
    except ValueError:
        return None
    if (
        started.tzinfo is None
        or started + current_app.config["IDENTITY_CHECK_TIME_LIMIT"] <= utc_now()
    ):
        return None
    return chosen_contact(
        db.session,
        g.family_contact,
        session.get(session_keys.SWITCH_PENDING_CONTACT),
        london_today(),
        minimum_own_access_age=_minimum_age(),
    )


@family_blueprint.route("/choose/check", methods=["GET", "POST"])
@limiter.limit(lambda: str(current_app.config["IDENTITY_CHECK_RATE_LIMIT"]), methods=["POST"])
@family
def choose_young_person_check() -> str | Response:
    chosen = _pending_choice()
    if chosen is None:
        _forget_pending_choice()
        return redirect(url_for("family.choose_young_person"), 303)
    max_failures = int(current_app.config["IDENTITY_CHECK_MAX_FAILURES"])
    form = DateOfBirthForm()
    if form.validate_on_submit():
        assert form.answer is not None
        result = check_date_of_birth_for_switch(
            db.session,
            g.family_contact,
            chosen,
            form.answer,
            utc_now(),
            max_failures=max_failures,
            ip_address=request.remote_addr,
        )
        if result.outcome is SwitchOutcome.PASSED:
            return _switch_to(chosen, "passed")
        if result.outcome is SwitchOutcome.LOCKED:
            _forget_pending_choice()
            return redirect(url_for("family.too_many_tries"), 303)
        form.mark_wrong(
            ngettext(
                "This date is not right. You can try %(num)d more time.",
                "This date is not right. You can try %(num)d more times.",
                result.tries_left,
            )
        )
    return render_template(
        "family/home/choose_check.html",
        form=form,
        young_person_name=chosen.young_person.preferred_name,
        tries_left=tries_left(chosen, max_failures),
    )
