"""Leaving: "Exit this page", signing out (here or on every device), and
staying signed in when the idle-timeout warning asks."""

from __future__ import annotations

from flask import Flask, current_app, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from portal import session_keys
from portal.access import family, public
from portal.extensions import db
from portal.family import family_blueprint
from portal.page_cache import pages
from portal.safe_redirects import safe_redirect_path
from portal.services.access import family_sessions
from portal.services.staff_accounts.sign_in import record_signed_out
from portal.sessions import ServerSession


def _server_session() -> ServerSession:
    assert isinstance(session, ServerSession)
    return session


@family_blueprint.app_template_global()
def exit_page_explanation_due() -> bool:
    """True the first time a page with "Exit this page" shows in a session (the
    layout then explains the button), False after that. Not on the error page
    for an address with no page (such as a browser asking for /favicon.ico),
    which nobody meant to open."""
    if request.endpoint is None or session.get(session_keys.EXIT_EXPLAINED):
        return False
    session[session_keys.EXIT_EXPLAINED] = True
    return True


# A GET link, not a form: leaving fast matters more than CSRF protection here,
# because the only effect is ending the visitor's own session. A form POST that
# redirects to another site can also be blocked by the CSP's form-action 'self'
# in some browsers, and a link works without JavaScript. Public, so it still
# leaves when the session has already ended.
@family_blueprint.route("/exit")
@public
def exit_page() -> Response:
    if g.family_contact is not None:
        family_sessions.record_exited(db.session, g.family_contact, ip_address=request.remote_addr)
    elif g.staff_user is not None:
        record_signed_out(db.session, g.staff_user, how="exit_this_page")
    _server_session().end()
    response = redirect(current_app.config["EXIT_PAGE_URL"], 303)
    # The neutral site must not learn where the visitor came from.
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@family_blueprint.route("/sign-out", methods=["POST"])
@family
def sign_out() -> Response:
    family_sessions.record_signed_out(db.session, g.family_contact, ip_address=request.remote_addr)
    _server_session().end()
    # Their pages kept in this process's memory go too (other processes'
    # go within MAX_AGE_SECONDS, and are never shown without a session).
    pages().forget(g.family_contact.id)
    return redirect(url_for("family.signed_out"), 303)


@family_blueprint.route("/sign-out-on-all-devices", methods=["GET", "POST"])
@family
def sign_out_everywhere() -> str | Response:
    if request.method == "POST":  # CSRFProtect has checked the token
        family_sessions.sign_out_everywhere(
            db.session,
            g.family_contact,
            current_id_hash=_server_session().id_hash,
            ip_address=request.remote_addr,
        )
        _server_session().end()
        pages().forget(g.family_contact.id)
        return redirect(url_for("family.signed_out", everywhere="yes"), 303)
    return render_template("family/leaving/sign_out_everywhere.html")


@family_blueprint.route("/signed-out")
@public
def signed_out() -> str:
    return render_template(
        "family/leaving/signed_out.html",
        timed_out=request.args.get("reason") == "timeout",
        everywhere=request.args.get("everywhere") == "yes",
        idle_minutes=int(current_app.config["FAMILY_IDLE_TIMEOUT"].total_seconds() // 60),
    )


@family_blueprint.route("/stay-signed-in", methods=["POST"])
@family
def stay_signed_in() -> Response:
    # Any request refreshes the session; this one lets the timeout warning
    # refresh it without leaving the page.
    if request.accept_mimetypes.best == "application/json":
        return Response(status=204)
    return redirect(_safe_next(request.form.get("next")) or url_for("family.start"), 303)


def _safe_next(target: str | None) -> str | None:
    """Only a path on a family page of this site: never another site."""
    return safe_redirect_path(target, sections=family_page_sections(current_app))


def family_page_sections(app: Flask) -> frozenset[str]:
    """The first segment of the address of every family page ("" for the start
    page), read from the URL map so a new page is covered without a list to keep."""
    return frozenset(
        rule.rule.split("/")[1]
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("family.")
        and "GET" in (rule.methods or ())
        and not rule.rule.split("/")[1].startswith("<")
    )
