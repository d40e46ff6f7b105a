"""Changing your own password, for every signed-in member of staff."""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.access import staff
from portal.extensions import db, limiter
from portal.models import utc_now
from portal.services.staff_accounts.password_change import (
    ChangeProblem,
    NewPassword,
    change_own_password,
)
from portal.services.staff_accounts.sign_in import SignInPolicy
from portal.staff import staff_blueprint
from portal.staff.forms import ACCOUNT_PROBLEMS, PASSWORD_CHANGE_PROBLEMS, ChangePasswordForm
from portal.staff.home import staff_home_url


def _rate_limit() -> str:
    # As for the sign-in forms: this form checks a password too.
    return str(current_app.config["SIGN_IN_RATE_LIMIT"])


@staff_blueprint.route("/change-password", methods=["GET", "POST"])
@limiter.limit(_rate_limit, methods=["POST"])
@staff()
def change_password() -> str | Response:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        config = current_app.config
        result = change_own_password(
            db.session,
            g.staff_user,
            NewPassword(
                current=form.current_password.data or "",
                new=form.new_password.data or "",
                new_again=form.new_password_again.data or "",
            ),
            SignInPolicy(
                max_failures=config["SIGN_IN_MAX_FAILURES"],
                lockout=config["SIGN_IN_LOCKOUT"],
                fast_hashing=config["PASSWORD_HASH_FAST"],
            ),
            utc_now(),
            current_session_hash=session.id_hash,  # type: ignore[attr-defined]
            service_name=config["SERVICE_NAME"],
            ip_address=request.remote_addr,
        )
        if result.locked_now:
            session.end()  # type: ignore[attr-defined]
            minutes = int(config["SIGN_IN_LOCKOUT"].total_seconds() // 60)
            flash(
                _(
                    "The current password was wrong too many times. You are signed out "
                    "everywhere, and the account is locked for %(minutes)d minutes. If you "
                    "have forgotten your password, ask your administrator to reset your sign-in.",
                    minutes=minutes,
                )
            )
            return redirect(url_for("staff.sign_in"), 303)
        if result.changed:
            session.new_id()  # type: ignore[attr-defined]
            flash(
                _(
                    "Your password is changed. You are still signed in here, and signed out "
                    "everywhere else."
                )
            )
            return redirect(staff_home_url(g.staff_user), 303)
        for name, problem in result.problems.items():
            words = (
                PASSWORD_CHANGE_PROBLEMS[problem]
                if isinstance(problem, ChangeProblem)
                else ACCOUNT_PROBLEMS[problem]
            )
            getattr(form, name).errors = [words]
    # Password boxes always come back empty (components/forms.html).
    return render_template("staff/change_password.html", form=form)
