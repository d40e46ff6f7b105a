"""Settings: text size, colours, the Listen button and language.

Public, so people can make pages easier to read before they sign in. A plain
form (no JavaScript needed). The settings are kept in the session and, only
if the person ticks "Remember these settings on this device", in a cookie;
a new session starts with the settings that cookie holds.
"""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, session, url_for
from flask_babel import get_locale
from werkzeug.wrappers import Response

from portal.access import public
from portal.family import family_blueprint
from portal.family.forms.settings import SettingsForm, language_choices
from portal.services.preferences.display import (
    COOKIE_LIFETIME,
    COOKIE_NAME,
    FamilySettings,
    cookie_value,
    has_settings,
    save_settings,
    settings_from,
    settings_from_cookie,
)

# What the settings page says after a change (?done=...).
SAVED = "saved"
FORGOTTEN = "forgotten"


def _supported_languages() -> tuple[str, ...]:
    return tuple(current_app.config["SUPPORTED_LANGUAGES"])


def _remembered_on_device() -> FamilySettings | None:
    return settings_from_cookie(request.cookies.get(COOKIE_NAME), _supported_languages())


@family_blueprint.before_app_request
def _start_with_settings_remembered_on_device() -> None:
    if request.endpoint in (None, "static") or has_settings(session):
        return
    remembered = _remembered_on_device()
    if remembered is not None:
        save_settings(session, remembered)


def _remember_on_device(response: Response, settings: FamilySettings) -> None:
    response.set_cookie(
        COOKIE_NAME,
        cookie_value(settings),
        max_age=int(COOKIE_LIFETIME.total_seconds()),
        path="/",
        secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
        httponly=True,
        samesite="Lax",
    )


def _forget_on_device(response: Response) -> None:
    response.delete_cookie(
        COOKIE_NAME,
        path="/",
        secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
        httponly=True,
        samesite="Lax",
    )


@family_blueprint.route("/settings", methods=["GET", "POST"])
@public
def settings() -> str | Response:
    remembered = _remembered_on_device() is not None
    # A sent form is read as sent: a missing answer is an error, not "no change".
    initial = (
        None
        if request.method == "POST"
        else SettingsForm.initial_data(
            settings_from(session), language=str(get_locale() or "en"), remembered=remembered
        )
    )
    form = SettingsForm(languages=language_choices(_supported_languages()), data=initial)
    if form.validate_on_submit():
        chosen = form.chosen_settings()
        save_settings(session, chosen)
        response = redirect(url_for("family.settings", done=SAVED), 303)
        if form.remember.data:
            _remember_on_device(response, chosen)
        elif COOKIE_NAME in request.cookies:
            _forget_on_device(response)
        return response
    return render_template(
        "family/settings.html",
        form=form,
        done=request.args.get("done") if request.method == "GET" else None,
        remembered=remembered,
    )


@family_blueprint.route("/settings/forget", methods=["POST"])
@public
def forget_settings() -> Response:
    save_settings(session, FamilySettings())
    response = redirect(url_for("family.settings", done=FORGOTTEN), 303)
    _forget_on_device(response)
    return response
