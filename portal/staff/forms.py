"""Forms for the staff workspace."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Length

from portal.models import StaffRole


class SignInForm(FlaskForm):
    email = StringField(
        _l("Email address"),
        validators=[DataRequired(_l("Enter your email address")), Length(max=254)],
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(_l("Enter your password")), Length(max=1024)]
    )


class CodeForm(FlaskForm):
    code = StringField(
        _l("Security code"),
        validators=[DataRequired(_l("Enter the 6-digit security code")), Length(max=20)],
    )


ROLE_LABELS = {
    StaffRole.KEYWORKER: _l("Keyworker"),
    StaffRole.MANAGER: _l("Manager"),
    StaffRole.ADMIN: _l("Administrator"),
}


class StaffAccountForm(FlaskForm):
    name = StringField(
        _l("Full name"),
        validators=[DataRequired(_l("Enter the person's full name")), Length(max=120)],
    )
    email = StringField(
        _l("Work email address"),
        validators=[DataRequired(_l("Enter a work email address")), Length(max=254)],
    )
    role = SelectField(
        _l("Role"),
        choices=[SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()],
        validators=[DataRequired(_l("Choose a role"))],
    )
    team = StringField(_l("Team"), validators=[Length(max=120)])
    password = PasswordField(
        _l("First password"),
        validators=[DataRequired(_l("Enter a first password")), Length(max=1024)],
    )


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token, for buttons that change things."""


class ResetSignInForm(FlaskForm):
    password = PasswordField(
        _l("New first password"),
        validators=[DataRequired(_l("Enter a new first password")), Length(max=1024)],
    )
