"""Family sign-in: asking for a link, opening it, and the date of birth check.

1. /sign-in: give a mobile number or email address. The request is queued and
   answered at once, the same way for any address; once the answer has gone
   the address is matched and a link sent if it is someone's checked address
   and they may use the portal (portal.services.access.link_requests).
2. /l/<secret> (GET): a page with a "Continue" button. Opening it changes
   nothing, so link checkers cannot use it up.
3. /l/<secret> (POST): the link is spent. The session gets a new id and
   remembers whose check is waiting; nobody is signed in yet.
4. /check: the date of birth. Right: a new signed-in session and a 303 to
   /home, an address with no secret in it. Too many wrong: locked.

The rules are in portal.services.access.links and portal.services.access.identity_check.
A refusal (a wrong date, a link that does not work) answers below 500, so what
it counted is saved with the page.
"""

from __future__ import annotations

import functools
from typing import Any

from flask import Flask, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import ngettext
from flask_wtf.csrf import CSRFError, validate_csrf
from werkzeug.wrappers import Response
from wtforms import ValidationError

from portal import session_keys
from portal.access import public
from portal.extensions import csrf, db, limiter
from portal.family import family_blueprint
from portal.family.forms.sign_in import DateOfBirthForm, LinkRequestForm
from portal.i18n import translator_for
from portal.models import Contact, utc_now
from portal.services.access.addresses import normalise_address
from portal.services.access.identity_check import (
    IdentityOutcome,
    answers_for_several,
    asks_about_self,
    check_date_of_birth,
    pending_identity_check,
    tries_left,
)
from portal.services.access.link_messages import lifetime_words
from portal.services.access.link_requests import process_link_request, queue_link_request
from portal.services.access.links import (
    LINK_PATH,
    LinkSettings,
    open_link,
    sign_in_locked,
    use_link,
)
from portal.services.access.log_redaction import install_link_token_filter
from portal.services.access.switching import has_other_young_people
from portal.sessions import ServerSession
from portal.timezones import london_today
from portal.unit_of_work import unit_of_work


@family_blueprint.record_once
def _keep_link_secrets_out_of_logs(_state: Any) -> None:
    install_link_token_filter()


@family_blueprint.after_app_request
def _no_referrer_from_link_pages(response: Response) -> Response:
    # A page at /l/<secret> must not send its address on to anywhere, this
    # site included (where it would reach the access log as the Referer).
    if request.path.startswith(LINK_PATH):
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _settings() -> LinkSettings:
    return LinkSettings.from_config(current_app.config)


def _server_session() -> ServerSession:
    assert isinstance(session, ServerSession)
    return session


def _config_value(name: str) -> str:
    return str(current_app.config[name])


def _recipient_key() -> str:
    # Counted per number or address, whichever client address asks.
    address = normalise_address(request.form.get("address"))
    if address is None:
        return "link-request:not-an-address"
    return f"link-request:{address.channel.value}:{address.value}"


def _not_an_address() -> bool:
    # Typing mistakes do not use up the number's tries.
    return normalise_address(request.form.get("address")) is None


# 1. Asking for a link


@family_blueprint.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(lambda: _config_value("LINK_REQUEST_RATE_LIMIT_PER_ADDRESS"), methods=["POST"])
@limiter.limit(
    lambda: _config_value("LINK_REQUEST_RATE_LIMIT_PER_RECIPIENT"),
    key_func=_recipient_key,
    methods=["POST"],
    # Counted as the request arrives, in one step, so requests at the same
    # moment cannot all slip under the limit.
    exempt_when=_not_an_address,
)
@public
def sign_in() -> str | Response:
    if g.family_contact is not None:
        return redirect(url_for("family.home"))
    form = LinkRequestForm()
    if form.validate_on_submit():
        address = normalise_address(form.address.data)
        assert address is not None  # the form checked it
        queued = queue_link_request(db.session, address, utc_now(), ip_address=request.remote_addr)
        # The same answer, after the same work, whoever has the address.
        response = redirect(url_for("family.link_sent"), 303)
        response.call_on_close(
            functools.partial(_handle_link_request, current_app._get_current_object(), queued.id)  # type: ignore[attr-defined]
        )
        return response
    return render_template("family/sign_in/sign_in.html", form=form)


def _handle_link_request(app: Flask, request_id: int) -> None:
    """Match the address and send any links, once the answer to /sign-in has
    gone (the server closes the response after sending it), in a unit of
    work of its own. If this fails, or never runs, the message worker
    handles the request instead."""
    try:
        with app.app_context(), unit_of_work(db.session):
            process_link_request(
                db.session,
                request_id,
                utc_now(),
                london_today(),
                LinkSettings.from_config(app.config),
                translator_for=translator_for,
            )
    except Exception:
        app.logger.exception("Link request %s: not handled; the worker will try again", request_id)


@family_blueprint.route("/sign-in/link-sent")
@public
def link_sent() -> str:
    return render_template(
        "family/sign_in/link_sent.html",
        lifetime=lifetime_words(_settings().request_lifetime, translator_for()),
    )


# 2 and 3. Opening and using a link


def _link_does_not_work(*, locked: bool = False) -> tuple[str, int]:
    """One page for every reason: expired, used, cancelled or unknown. Only
    `locked` (sign-in locked after too many wrong dates of birth) changes it:
    asking for a new link then sends none, so the page does not offer it."""
    return render_template("family/sign_in/link_not_working.html", may_get_new_link=not locked), 404


def _check_csrf_token() -> None:
    """CSRF protection for the link's button. CSRFProtect is turned off for
    this view because on HTTPS it also insists on a Referer header, and the
    link's page sends none (its address holds the secret). The token is still
    checked, and SameSite=Lax cookies still apply."""
    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError as error:
        raise CSRFError(str(error)) from None


@family_blueprint.route("/l/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: _config_value("LINK_USE_RATE_LIMIT"), methods=["POST"])
@csrf.exempt
@public
def use_link_page(token: str) -> str | Response | tuple[str, int]:
    if request.method == "GET":
        link = open_link(db.session, token, utc_now(), ip_address=request.remote_addr)
        if link is None:
            return _link_does_not_work(locked=sign_in_locked(db.session, token=token))
        return render_template(
            "family/sign_in/use_link.html",
            token=token,
            asks_date_of_birth=link.contact.identity_check_skip_reason is None,
        )
    _check_csrf_token()
    used = use_link(
        db.session,
        token,
        utc_now(),
        london_today(),
        _settings(),
        ip_address=request.remote_addr,
    )
    if used is None:
        return _link_does_not_work(locked=sign_in_locked(db.session, token=token))
    web_session = _server_session()
    kept = _display_choices(web_session)
    if not used.needs_identity_check:
        web_session.sign_in(contact_id=used.contact_id)
        web_session.update(kept)
        return redirect(url_for(_first_page(used.contact_id)), 303)
    # A new session id for the check as well, so an id planted before the
    # link was used cannot answer it.
    web_session.end()
    web_session.update(kept)
    web_session[session_keys.IDENTITY_PENDING_CONTACT] = used.contact_id
    web_session[session_keys.IDENTITY_PENDING_LINK] = used.link_id
    web_session[session_keys.IDENTITY_PENDING_SINCE] = utc_now().isoformat()
    return redirect(url_for("family.identity_check"), 303)


def _first_page(contact_id: int) -> str:
    """Home, or for someone who helps more than one young person, the page
    where they choose whose pages to open."""
    contact = db.session.get(Contact, contact_id)
    several = contact is not None and has_other_young_people(
        db.session,
        contact,
        london_today(),
        minimum_own_access_age=_settings().minimum_own_access_age,
    )
    return "family.choose_young_person" if several else "family.home"


# 4. The date of birth check


def _forget_pending_check() -> None:
    for key in (
        session_keys.IDENTITY_PENDING_CONTACT,
        session_keys.IDENTITY_PENDING_LINK,
        session_keys.IDENTITY_PENDING_SINCE,
    ):
        session.pop(key, None)


@family_blueprint.route("/check", methods=["GET", "POST"])
@limiter.limit(lambda: _config_value("IDENTITY_CHECK_RATE_LIMIT"), methods=["POST"])
@public
def identity_check() -> str | Response | tuple[str, int]:
    link = pending_identity_check(
        db.session,
        link_id=session.get(session_keys.IDENTITY_PENDING_LINK),
        contact_id=session.get(session_keys.IDENTITY_PENDING_CONTACT),
        started_at=session.get(session_keys.IDENTITY_PENDING_SINCE),
        now=utc_now(),
        time_limit=current_app.config["IDENTITY_CHECK_TIME_LIMIT"],
    )
    if link is None:
        pending = session.get(session_keys.IDENTITY_PENDING_CONTACT)
        _forget_pending_check()
        contact_id = pending if isinstance(pending, int) else None
        return _link_does_not_work(locked=sign_in_locked(db.session, contact_id=contact_id))
    several = answers_for_several(db.session, link, london_today(), _settings())
    form = DateOfBirthForm()
    if form.validate_on_submit():
        assert form.answer is not None
        result = check_date_of_birth(
            db.session,
            link,
            form.answer,
            utc_now(),
            london_today(),
            _settings(),
            max_failures=current_app.config["IDENTITY_CHECK_MAX_FAILURES"],
            ip_address=request.remote_addr,
        )
        if result.outcome is IdentityOutcome.PASSED:
            web_session = _server_session()
            kept = _display_choices(web_session)
            web_session.sign_in(contact_id=result.contact_id)
            web_session.update(kept)
            # Someone who helps more than one young person chooses whose pages to open.
            first_page = "family.choose_young_person" if several else "family.home"
            return redirect(url_for(first_page), 303)
        if result.outcome is IdentityOutcome.LOCKED:
            _forget_pending_check()
            return redirect(url_for("family.too_many_tries"), 303)
        if result.outcome is IdentityOutcome.REFUSED:
            _forget_pending_check()
            return _link_does_not_work(
                locked=sign_in_locked(db.session, contact_id=link.contact_id)
            )
        form.mark_wrong(
            ngettext(
                "This date is not right. You can try %(num)d more time.",
                "This date is not right. You can try %(num)d more times.",
                result.tries_left,
            )
        )
    return render_template(
        "family/sign_in/identity_check.html",
        form=form,
        about_self=asks_about_self(link),
        several=several,
        tries_left=tries_left(link, current_app.config["IDENTITY_CHECK_MAX_FAILURES"]),
    )


@family_blueprint.route("/too-many-tries")
@public
def too_many_tries() -> str:
    return render_template("family/sign_in/too_many_tries.html")


# What a person chose about how pages look, kept when signing in starts a new
# session: they belong to the person, not to the session.
DISPLAY_CHOICES = (
    session_keys.DISPLAY_SETTINGS,
    session_keys.LANGUAGE,
    session_keys.EXIT_EXPLAINED,
)


def _display_choices(web_session: ServerSession) -> dict[str, object]:
    return {key: web_session[key] for key in DISPLAY_CHOICES if key in web_session}
