"""Staff sign-in (password, then a code from an authenticator app) and sign-out."""

from __future__ import annotations

import hmac
from datetime import datetime, timedelta

from flask import current_app, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal import session_keys
from portal.access import public, staff
from portal.extensions import db, limiter
from portal.models import StaffUser, utc_now
from portal.safe_redirects import safe_redirect_path
from portal.secrets_at_rest import current_key_ring
from portal.services.staff_accounts import sign_in as staff_auth
from portal.services.staff_accounts.passwords import password_fingerprint
from portal.staff import staff_blueprint
from portal.staff.forms import CodeForm, SignInForm
from portal.staff.home import staff_home_url

PENDING_LIFETIME = timedelta(minutes=5)
# Every staff page is under /staff/.
STAFF_SECTIONS = frozenset({"staff"})


def _policy() -> staff_auth.SignInPolicy:
    return staff_auth.SignInPolicy(
        max_failures=current_app.config["SIGN_IN_MAX_FAILURES"],
        lockout=current_app.config["SIGN_IN_LOCKOUT"],
        fast_hashing=current_app.config["PASSWORD_HASH_FAST"],
    )


def _sign_in_rate_limit() -> str:
    return str(current_app.config["SIGN_IN_RATE_LIMIT"])


def _safe_next(target: str | None) -> str | None:
    """Only a path inside the staff workspace: never another site."""
    return safe_redirect_path(target, sections=STAFF_SECTIONS)


def _pending_user() -> StaffUser | None:
    """The user who gave the right password in this session, in the last 5
    minutes, if that is still their password (not changed or reset since)."""
    user_id = session.get(session_keys.STAFF_PENDING_USER)
    started = session.get(session_keys.STAFF_PENDING_SINCE)
    checked = session.get(session_keys.STAFF_PENDING_PASSWORD)
    if user_id is None or started is None or checked is None:
        return None
    if datetime.fromisoformat(started) + PENDING_LIFETIME < utc_now():
        return None
    user = db.session.get(StaffUser, user_id)
    if user is None or not user.is_active:
        return None
    return user if hmac.compare_digest(checked, password_fingerprint(user.password_hash)) else None


def _enrolment_secret() -> str:
    """The new authenticator key this sign-in is setting up. The session row
    holds it only encrypted; one that no key can read any more (the key was
    removed) is replaced, and the person scans the new QR code."""
    key_ring = current_key_ring()
    stored = session.get(session_keys.STAFF_ENROLMENT_SECRET)
    secret = key_ring.decrypt_or_none(stored) if isinstance(stored, str) else None
    if secret is None:
        secret = staff_auth.new_totp_secret()
        session[session_keys.STAFF_ENROLMENT_SECRET] = key_ring.encrypt(secret)
    return secret


def _finish_sign_in(user: StaffUser) -> Response:
    target = _safe_next(session.get(session_keys.STAFF_PENDING_NEXT)) or staff_home_url(user)
    session.sign_in(staff_user_id=user.id)  # type: ignore[attr-defined]
    return redirect(target, 303)


@staff_blueprint.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_rate_limit, methods=["POST"])
@public
def sign_in() -> str | Response:
    if g.staff_user is not None:
        return redirect(staff_home_url(g.staff_user))
    form = SignInForm()
    if form.validate_on_submit():
        user = staff_auth.check_password_step(
            db.session,
            form.email.data or "",
            form.password.data or "",
            _policy(),
            utc_now(),
            ip_address=request.remote_addr,
        )
        if user is not None:
            session[session_keys.STAFF_PENDING_USER] = user.id
            session[session_keys.STAFF_PENDING_SINCE] = utc_now().isoformat()
            session[session_keys.STAFF_PENDING_PASSWORD] = password_fingerprint(user.password_hash)
            session[session_keys.STAFF_PENDING_NEXT] = _safe_next(request.args.get("next"))
            if user.has_totp:
                return redirect(url_for("staff.sign_in_code"), 303)
            return redirect(url_for("staff.set_up_authenticator"), 303)
        # One message whatever went wrong: it must not reveal whether the
        # account exists or is locked.
        form.form_errors.append(
            _(
                "The email address or password is not right, or the account is locked "
                "for a short time. Check them and try again, or ask your administrator."
            )
        )
    return render_template(
        "staff/sign_in.html", form=form, timed_out=request.args.get("reason") == "timeout"
    )


@staff_blueprint.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit(_sign_in_rate_limit, methods=["POST"])
@public
def sign_in_code() -> str | Response:
    user = _pending_user()
    if user is None or not user.has_totp:
        return redirect(url_for("staff.sign_in"), 303)
    form = CodeForm()
    if form.validate_on_submit():
        if staff_auth.check_code_step(
            db.session, user, form.code.data or "", _policy(), utc_now(), request.remote_addr
        ):
            return _finish_sign_in(user)
        form.code.errors = [_("The security code is not right. Enter the code your app shows now.")]
    return render_template("staff/sign_in_code.html", form=form)


@staff_blueprint.route("/sign-in/set-up-authenticator", methods=["GET", "POST"])
@limiter.limit(_sign_in_rate_limit, methods=["POST"])
@public
def set_up_authenticator() -> str | Response:
    user = _pending_user()
    if user is None or user.has_totp:
        return redirect(url_for("staff.sign_in"), 303)
    secret = _enrolment_secret()
    form = CodeForm()
    if form.validate_on_submit():
        if staff_auth.confirm_totp_enrolment(
            db.session,
            user,
            secret,
            form.code.data or "",
            _policy(),
            utc_now(),
            request.remote_addr,
        ):
            return _finish_sign_in(user)
        form.code.errors = [_("The security code is not right. Enter the code your app shows now.")]
    uri = staff_auth.enrolment_uri(user, secret, current_app.config["SERVICE_NAME"])
    return render_template(
        "staff/set_up_authenticator.html",
        form=form,
        qr_svg=staff_auth.enrolment_qr_svg(uri, _("QR code to add this account to your app")),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    )


@staff_blueprint.route("/sign-out", methods=["POST"])
@staff()
def sign_out() -> Response:
    staff_auth.record_signed_out(db.session, g.staff_user)
    session.end()  # type: ignore[attr-defined]
    return redirect(url_for("staff.signed_out"), 303)


@staff_blueprint.route("/signed-out")
@public
def signed_out() -> str:
    return render_template(
        "staff/signed_out.html", timed_out=request.args.get("reason") == "timeout"
    )


@staff_blueprint.route("/stay-signed-in", methods=["POST"])
@staff()
def stay_signed_in() -> Response:
    # Any request refreshes the session; this one exists so the timeout
    # warning can refresh it without leaving the page.
    if request.accept_mimetypes.best == "application/json":
        return Response(status=204)
    return redirect(_safe_next(request.form.get("next")) or staff_home_url(g.staff_user), 303)
