"""Forms for the staff workspace, and the words for the problems the staff
account rules return."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, ValidationError

from portal.models import Channel, StaffRole, UrgentAction, VerificationMethod
from portal.services.access.identity_check import REASON_MAX_LENGTH
from portal.services.access.verification import NOTE_MAX_LENGTH
from portal.services.records.urgent import DETAIL_MAX_LENGTH
from portal.services.staff_accounts.accounts import AccountProblem
from portal.services.staff_accounts.password_change import ChangeProblem
from portal.services.staff_accounts.passwords import MINIMUM_LENGTH, PasswordProblem
from portal.template_filters import LABELS


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


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(_l("Enter your current password")), Length(max=1024)],
    )
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(_l("Enter a new password")), Length(max=1024)],
    )
    new_password_again = PasswordField(
        _l("New password again"),
        validators=[DataRequired(_l("Enter the new password again")), Length(max=1024)],
    )


# What the staff account rules' problems say, on the admin pages and from
# `flask create-staff`.
ACCOUNT_PROBLEMS: dict[AccountProblem | PasswordProblem, LazyString] = {
    AccountProblem.NAME_MISSING: _l("Enter the person's full name"),
    AccountProblem.EMAIL_NOT_VALID: _l(
        "Enter an email address in the right format, like name@example.org"
    ),
    AccountProblem.EMAIL_TAKEN: _l("There is already an account with this email address"),
    AccountProblem.OWN_ACCOUNT_TURNED_OFF: _l("You cannot turn off your own account"),
    AccountProblem.OWN_SIGN_IN_RESET: _l("You cannot reset your own sign-in"),
    PasswordProblem.TOO_SHORT: _l(
        "Password must be %(count)d characters or more", count=MINIMUM_LENGTH
    ),
    PasswordProblem.TOO_EASY_TO_GUESS: _l("Password is too easy to guess"),
    PasswordProblem.NAMES_THE_SERVICE: _l("Password must not be made of the name of this service"),
    PasswordProblem.CONTAINS_EMAIL: _l("Password must not contain your email address"),
}

# What stops a member of staff changing their own password.
PASSWORD_CHANGE_PROBLEMS: dict[ChangeProblem, LazyString] = {
    ChangeProblem.WRONG_CURRENT_PASSWORD: _l("Your current password is not right"),
    ChangeProblem.ACCOUNT_LOCKED: _l(
        "Your account is locked for a short time after too many wrong passwords. Try again later"
    ),
    ChangeProblem.NOT_THE_SAME_AGAIN: _l("Enter the same new password again"),
    ChangeProblem.SAME_AS_CURRENT: _l("Your new password must be different from your current one"),
}


class SkipIdentityCheckForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for the adjustment"),
        validators=[
            DataRequired(_l("Enter the reason for the adjustment")),
            Length(
                max=REASON_MAX_LENGTH,
                message=_l("The reason must be %(max)d characters or fewer", max=REASON_MAX_LENGTH),
            ),
        ],
    )


class VerifyAddressForm(FlaskForm):
    """How a member of staff checked a contact's mobile number or email
    address. The view sets the choices' words for the kind of address."""

    method = RadioField(
        _l("How did you check it?"),
        choices=[],
        validators=[DataRequired(_l("Choose how you checked it"))],
    )
    note = TextAreaField(
        _l("Anything else to record (optional)"),
        validators=[
            Length(
                max=NOTE_MAX_LENGTH,
                message=_l("The note must be %(max)d characters or fewer", max=NOTE_MAX_LENGTH),
            )
        ],
    )


# How staff checked an address, by kind of address.
VERIFICATION_METHODS: dict[Channel, dict[VerificationMethod, LazyString]] = {
    Channel.SMS: {
        VerificationMethod.PHONED: _l("I phoned the number and spoke to them"),
        VerificationMethod.IN_PERSON: _l("They told me the number in person"),
        VerificationMethod.REPLIED: _l("They replied to a text message from the service"),
    },
    Channel.EMAIL: {
        VerificationMethod.PHONED: _l("I phoned them and they read the address out to me"),
        VerificationMethod.IN_PERSON: _l("They told me the address in person"),
        VerificationMethod.REPLIED: _l("They replied to an email from the service"),
    },
}


# What someone did about an urgent item, in the order the form lists them
# (the words are the `label` filter's, so the record says the same).
URGENT_ACTIONS: dict[UrgentAction, object] = {action: LABELS[action] for action in UrgentAction}


class AcknowledgeUrgentForm(FlaskForm):
    """What a member of staff did about an urgent item. The view sets the
    choices' words (URGENT_ACTIONS)."""

    action = RadioField(
        _l("What did you do?"),
        choices=[],
        validators=[DataRequired(_l("Choose what you did"))],
    )
    detail = TextAreaField(
        _l("What you did, in your own words"),
        validators=[
            Length(
                max=DETAIL_MAX_LENGTH,
                message=_l("This must be %(max)d characters or fewer", max=DETAIL_MAX_LENGTH),
            )
        ],
    )

    def validate_detail(self, field: TextAreaField) -> None:
        if self.action.data == UrgentAction.OTHER.value and not (field.data or "").strip():
            raise ValidationError(_l("Say what you did, as you chose something else"))
