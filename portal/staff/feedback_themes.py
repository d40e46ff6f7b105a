"""Administrators manage feedback themes at /staff/admin/feedback-themes:
add, rename, change keywords, switch off (never delete). The rules are in
`portal.services.feedback.theme_admin`."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from portal.access import staff
from portal.extensions import db
from portal.models import FeedbackTheme, StaffRole
from portal.services.feedback.theme_admin import (
    ThemeRefused,
    add_theme,
    all_themes,
    change_theme,
)
from portal.staff import staff_blueprint
from portal.staff.feedback_forms import ThemeEditForm
from portal.staff.resolvers import feedback_theme

PATH = "/admin/feedback-themes"
REFUSED = {
    "name": _l("Enter a name of 120 characters or fewer"),
    "keywords": _l("There are too many keywords"),
    "name_used": _l("Another theme has this name"),
}


@staff_blueprint.route(PATH, methods=["GET", "POST"])
@staff(StaffRole.ADMIN)
def feedback_themes() -> str | Response:
    """The themes, and a form to add one."""
    form = ThemeEditForm()
    if form.validate_on_submit():
        try:
            add_theme(
                db.session,
                form.name.data or "",
                form.keywords.data or "",
                g.staff_user,
                ip_address=request.remote_addr,
            )
        except ThemeRefused as refused:
            form.name.errors = [str(REFUSED[str(refused)])]
        else:
            flash(_("Theme added."))
            return redirect(url_for("staff.feedback_themes"), 303)
    return render_template(
        "staff/admin/feedback_themes.html", themes=all_themes(db.session), form=form
    )


@staff_blueprint.route(PATH + "/<int:theme_id>", methods=["GET", "POST"])
@staff(StaffRole.ADMIN)
@feedback_theme
def feedback_theme_edit(theme: FeedbackTheme) -> str | Response:
    form = ThemeEditForm(obj=theme) if request.method == "GET" else ThemeEditForm()
    if form.validate_on_submit():
        try:
            change_theme(
                db.session,
                theme,
                form.name.data or "",
                form.keywords.data or "",
                bool(form.active.data),
                g.staff_user,
                ip_address=request.remote_addr,
            )
        except ThemeRefused as refused:
            form.name.errors = [str(REFUSED[str(refused)])]
        else:
            flash(_("Theme saved."))
            return redirect(url_for("staff.feedback_themes"), 303)
    return render_template("staff/admin/feedback_theme_edit.html", theme=theme, form=form)
