"""The contact form of the record, and the words for the problems
`portal.services.records.contacts` returns."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, SelectChoice, StringField, TextAreaField

from portal.models import Channel, LegalAuthority, Relationship
from portal.phone import for_display
from portal.services.records import contacts as rules
from portal.staff.profile_forms import MultiCheckboxField
from portal.template_filters import label

PROBLEMS: dict[rules.ContactProblem, LazyString] = {
    rules.ContactProblem.NAME_MISSING: _l("Enter their name"),
    rules.ContactProblem.NAME_TOO_LONG: _l(
        "Name must be %(max)d characters or fewer", max=rules.NAME_MAX_LENGTH
    ),
    rules.ContactProblem.DETAIL_TOO_LONG: _l(
        "Relationship detail must be %(max)d characters or fewer", max=rules.DETAIL_MAX_LENGTH
    ),
    rules.ContactProblem.SELF_HOLDS_NO_AUTHORITY: _l(
        "The young person cannot hold parental responsibility, a lasting power of attorney "
        "or a deputyship for themselves"
    ),
    rules.ContactProblem.SCOPE_MISSING: _l(
        "Select what the lasting power of attorney or deputyship covers"
    ),
    rules.ContactProblem.MOBILE_NOT_VALID: _l(
        "Enter a mobile number, like 07700 900123, or +33 6 12 34 56 78 for a number abroad"
    ),
    rules.ContactProblem.EMAIL_NOT_VALID: _l(
        "Enter an email address in the correct format, like name@example.org"
    ),
    rules.ContactProblem.CHANNEL_NEEDS_MOBILE: _l(
        "Enter a mobile number, or choose email as the way to reach them"
    ),
    rules.ContactProblem.CHANNEL_NEEDS_EMAIL: _l(
        "Enter an email address, or choose text message as the way to reach them"
    ),
    rules.ContactProblem.LANGUAGE_NOT_VALID: _l("Enter a language code, like en, cy, pl or pt-BR"),
    rules.ContactProblem.ADJUSTMENTS_TOO_LONG: _l(
        "Reasonable adjustments must be %(max)d characters or fewer",
        max=rules.ADJUSTMENTS_MAX_LENGTH,
    ),
}

AUTHORITY_LABELS = {
    LegalAuthority.NONE: _l("No"),
    LegalAuthority.LASTING_POWER_OF_ATTORNEY: _l("Lasting power of attorney"),
    LegalAuthority.DEPUTY: _l("Deputy appointed by the Court of Protection"),
}
HEALTH_AND_WELFARE = "health_and_welfare"
PROPERTY_AND_FINANCE = "property_and_finance"
SCOPE_LABELS = {
    HEALTH_AND_WELFARE: _l("Health and welfare"),
    PROPERTY_AND_FINANCE: _l("Property and finance"),
}

# Where each service field's problem is shown on the form.
FIELD_FOR = {"authority_scope": "scope"}


class ContactForm(FlaskForm):
    version = HiddenField()
    name = StringField(_l("Name"))
    relation = RadioField(
        _l("Relationship to the young person"),
        choices=[SelectChoice(r.value, label(r)) for r in Relationship],
        default=Relationship.PARENT.value,
    )
    relationship_detail = StringField(_l("Relationship detail (optional)"))
    has_parental_responsibility = BooleanField(_l("They have parental responsibility"))
    legal_authority = RadioField(
        _l("Lasting power of attorney or deputyship"),
        choices=[SelectChoice(a.value, words) for a, words in AUTHORITY_LABELS.items()],
        default=LegalAuthority.NONE.value,
    )
    scope = MultiCheckboxField(
        _l("What it covers"),
        choices=[SelectChoice(value, words) for value, words in SCOPE_LABELS.items()],
    )
    mobile = StringField(_l("Mobile number (optional)"))
    email = StringField(_l("Email address (optional)"))
    preferred_channel = RadioField(
        _l("Best way to reach them"),
        choices=[SelectChoice(c.value, label(c)) for c in Channel],
        default=Channel.SMS.value,
    )
    preferred_language = StringField(_l("Preferred language"), default="en")
    portal_access_enabled = BooleanField(_l("Portal access on"))
    reasonable_adjustments = TextAreaField(_l("Reasonable adjustments (optional)"))

    def wanted(self) -> rules.ContactFields | None:
        """The contact as the form has it; None when a choice is not one of
        the form's (a form nobody's browser sent)."""
        try:
            relation = Relationship(self.relation.data)
            authority = LegalAuthority(self.legal_authority.data)
            channel = Channel(self.preferred_channel.data)
        except ValueError:
            return None
        scope = set(self.scope.data or [])
        return rules.ContactFields(
            name=self.name.data or "",
            relation=relation,
            relationship_detail=self.relationship_detail.data,
            has_parental_responsibility=bool(self.has_parental_responsibility.data),
            legal_authority=authority,
            authority_health_and_welfare=HEALTH_AND_WELFARE in scope,
            authority_property_and_finance=PROPERTY_AND_FINANCE in scope,
            mobile=self.mobile.data,
            email=self.email.data,
            preferred_channel=channel,
            preferred_language=self.preferred_language.data or "",
            portal_access_enabled=bool(self.portal_access_enabled.data),
            reasonable_adjustments=self.reasonable_adjustments.data,
        )

    def show_problems(self, problems: dict[str, rules.ContactProblem]) -> None:
        for name, problem in problems.items():
            field = getattr(self, FIELD_FOR.get(name, name))
            field.errors = [*field.errors, PROBLEMS[problem]]

    def fill(self, saved: rules.ContactFields, version: int) -> None:
        """Show `saved` (a GET of the page)."""
        self.version.data = str(version)
        self.name.data = saved.name
        self.relation.data = saved.relation.value
        self.relationship_detail.data = saved.relationship_detail or ""
        self.has_parental_responsibility.data = saved.has_parental_responsibility
        self.legal_authority.data = saved.legal_authority.value
        self.scope.data = [
            value
            for value, held in (
                (HEALTH_AND_WELFARE, saved.authority_health_and_welfare),
                (PROPERTY_AND_FINANCE, saved.authority_property_and_finance),
            )
            if held
        ]
        self.mobile.data = for_display(saved.mobile) if saved.mobile else ""
        self.email.data = saved.email or ""
        self.preferred_channel.data = saved.preferred_channel.value
        self.preferred_language.data = saved.preferred_language
        self.portal_access_enabled.data = saved.portal_access_enabled
        self.reasonable_adjustments.data = saved.reasonable_adjustments or ""
