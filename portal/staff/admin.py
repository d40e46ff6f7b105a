"""Staff accounts, refused access and the development outbox, for administrators."""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from portal.access import RefusalReason, staff
from portal.extensions import db
from portal.models import ActorRole, StaffRole, StaffUser, utc_now
from portal.services.access.refusals import refusal_report
from portal.services.messaging.outbox import latest_messages, stuck_messages
from portal.services.staff_accounts.accounts import (
    StaffAccountError,
    create_staff_user,
    deactivate_staff_user,
    list_staff_users,
    reset_sign_in,
)
from portal.staff import staff_blueprint
from portal.staff.forms import (
    ACCOUNT_PROBLEMS,
    ROLE_LABELS,
    ConfirmForm,
    ResetSignInForm,
    StaffAccountForm,
)
from portal.staff.resolvers import staff_account


@staff_blueprint.route("/admin/staff")
@staff(StaffRole.ADMIN)
def staff_accounts() -> str:
    return render_template(
        "staff/admin/staff_accounts.html",
        users=list_staff_users(db.session),
        role_labels=ROLE_LABELS,
        confirm_form=ConfirmForm(),
    )


@staff_blueprint.route("/admin/staff/new", methods=["GET", "POST"])
@staff(StaffRole.ADMIN)
def staff_account_new() -> str | Response:
    form = StaffAccountForm()
    if form.validate_on_submit():
        try:
            user = create_staff_user(
                db.session,
                name=form.name.data or "",
                email=form.email.data or "",
                role=StaffRole(form.role.data),
                team_name=form.team.data or None,
                password=form.password.data or "",
                created_by=g.staff_user,
                fast_hashing=current_app.config["PASSWORD_HASH_FAST"],
                service_name=current_app.config["SERVICE_NAME"],
            )
        except StaffAccountError as error:
            getattr(form, error.field).errors = [ACCOUNT_PROBLEMS[error.problem]]
        else:
            flash(_("Account created for %(name)s.", name=user.name))
            return redirect(url_for("staff.staff_accounts"), 303)
    return render_template("staff/admin/staff_account_new.html", form=form)


@staff_blueprint.route("/admin/staff/<int:staff_user_id>/deactivate", methods=["POST"])
@staff(StaffRole.ADMIN)
@staff_account
def staff_account_deactivate(account: StaffUser) -> Response:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        deactivate_staff_user(db.session, account, by=g.staff_user)
    except StaffAccountError as error:
        flash(str(ACCOUNT_PROBLEMS[error.problem]))
    else:
        flash(_("%(name)s's account is turned off. They have been signed out.", name=account.name))
    return redirect(url_for("staff.staff_accounts"), 303)


@staff_blueprint.route("/admin/staff/<int:staff_user_id>/reset-sign-in", methods=["GET", "POST"])
@staff(StaffRole.ADMIN)
@staff_account
def staff_account_reset(account: StaffUser) -> str | Response:
    form = ResetSignInForm()
    if form.validate_on_submit():
        try:
            reset_sign_in(
                db.session,
                account,
                new_password=form.password.data or "",
                by=g.staff_user,
                fast_hashing=current_app.config["PASSWORD_HASH_FAST"],
                service_name=current_app.config["SERVICE_NAME"],
            )
        except StaffAccountError as error:
            form.password.errors = [ACCOUNT_PROBLEMS[error.problem]]
        else:
            flash(
                _(
                    "%(name)s's sign-in is reset. Give them the new password in a safe way.",
                    name=account.name,
                )
            )
            return redirect(url_for("staff.staff_accounts"), 303)
    return render_template("staff/admin/staff_account_reset.html", form=form, user=account)


@staff_blueprint.route("/admin/outbox")
@staff(StaffRole.ADMIN)
def outbox() -> str:
    """What the portal has sent or would have sent, for development and the
    demo. Never in production: message bodies hold links that sign a family in."""
    if not current_app.config["OUTBOX_PAGE_ENABLED"]:
        abort(404)
    return render_template(
        "staff/admin/outbox.html",
        messages=latest_messages(db.session, limit=100),
        stuck_ids={message.id for message in stuck_messages(db.session, utc_now())},
        nothing_really_sent=current_app.config["SMS_BACKEND"] == "outbox"
        and current_app.config["EMAIL_BACKEND"] == "outbox",
    )


REFUSAL_REASONS = {
    RefusalReason.NOT_VISIBLE.value: _l("Not theirs, or not there"),
    RefusalReason.WRONG_ROLE.value: _l("Not for their role"),
    RefusalReason.WRONG_AUDIENCE.value: _l("Not for their kind of account"),
}
ACTOR_ROLES = {
    ActorRole.KEYWORKER: ROLE_LABELS[StaffRole.KEYWORKER],
    ActorRole.MANAGER: ROLE_LABELS[StaffRole.MANAGER],
    ActorRole.ADMIN: ROLE_LABELS[StaffRole.ADMIN],
    ActorRole.FAMILY: _l("Family member"),
    ActorRole.ANONYMOUS: _l("Not signed in"),
}


@staff_blueprint.route("/admin/refused-access")
@staff(StaffRole.ADMIN)
def refused_access() -> str:
    """Who was refused a page or a row lately, and how often, most first;
    anyone refused often in a short time is marked (docs/security.md)."""
    config = current_app.config
    report = refusal_report(
        db.session,
        now=utc_now(),
        window=config["REFUSED_ACCESS_WINDOW"],
        alert_window=config["REFUSED_ACCESS_ALERT_WINDOW"],
        alert_count=config["REFUSED_ACCESS_ALERT_COUNT"],
    )
    # The address each endpoint answers at: what the refused person asked for.
    addresses: dict[str, str] = {}
    for rule in current_app.url_map.iter_rules():
        addresses.setdefault(rule.endpoint, rule.rule)
    return render_template(
        "staff/admin/refused_access.html",
        report=report,
        window_days=config["REFUSED_ACCESS_WINDOW"].days,
        alert_hours=int(config["REFUSED_ACCESS_ALERT_WINDOW"].total_seconds() // 3600),
        addresses=addresses,
        reasons=REFUSAL_REASONS,
        actor_roles=ACTOR_ROLES,
    )
