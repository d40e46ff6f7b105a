"""The staff meeting forms: schedule or change a meeting (kind, London date
and times, place or video link, who will be there by role), cancel it with a
reason, mark it held, record the outcome, and confirm a support request. The
words for the meeting rules' problems are here too."""

from __future__ import annotations

import re
from datetime import UTC, date
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    FieldList,
    Form,
    FormField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, ValidationError

from portal.models import Meeting, MeetingKind
from portal.services.access.identity_check import DateNotValid, parse_date_parts
from portal.services.meetings.outcome import (
    CONFIRMATION_MAX,
    FAMILY_OUTCOME_MAX,
    OUTCOME_MAX,
    WHAT_MAX,
    WHO_MAX,
    ActionDraft,
    OutcomeProblem,
)
from portal.services.meetings.scheduling import REASON_MAX, MeetingDetails, MeetingProblem
from portal.staff.family_text_form import FamilyTextForm
from portal.staff.notes_forms import DATE_PROBLEMS, parse_time
from portal.template_filters import LABELS
from portal.timezones import LONDON, london_datetime

DUE = re.compile(r"^\s*(\d{1,2})\s*[/. -]\s*(\d{1,2})\s*[/. -]\s*(\d{4})\s*$")

# What each of the meeting rules' problems says, and beside which field.
MEETING_PROBLEMS: dict[MeetingProblem | OutcomeProblem, tuple[str, LazyString]] = {
    MeetingProblem.ENDS_BEFORE_START: ("ends", _l("The end time must be after the start time")),
    MeetingProblem.NO_PLACE_OR_LINK: ("place", _l("Enter the place or a video link")),
    MeetingProblem.PLACE_TOO_LONG: ("place", _l("The place must be 500 characters or fewer")),
    MeetingProblem.LINK_NOT_SECURE: (
        "video_link",
        _l("Enter a video link that starts with https://"),
    ),
    MeetingProblem.ROLE_TOO_LONG: ("attendees", _l("Each role must be 120 characters or fewer")),
    MeetingProblem.TOO_MANY_ATTENDEES: ("attendees", _l("List 20 roles or fewer")),
    MeetingProblem.REASON_MISSING: ("reason", _l("Enter why the meeting is cancelled")),
    MeetingProblem.REASON_TOO_LONG: (
        "reason",
        _l("The reason must be %(max)d characters or fewer", max=REASON_MAX),
    ),
    MeetingProblem.NOT_PLANNED: ("sequence", _l("This meeting is no longer planned")),
    MeetingProblem.NOT_STARTED: ("sequence", _l("Mark the meeting as held first")),
    OutcomeProblem.OUTCOME_MISSING: ("outcome", _l("Enter the outcome")),
    OutcomeProblem.OUTCOME_TOO_LONG: (
        "outcome",
        _l("The outcome must be %(max)d characters or fewer", max=OUTCOME_MAX),
    ),
    OutcomeProblem.FAMILY_OUTCOME_MISSING: (
        "family_outcome",
        _l("Enter the outcome for the family"),
    ),
    OutcomeProblem.FAMILY_OUTCOME_TOO_LONG: (
        "family_outcome",
        _l(
            "The outcome for the family must be %(max)d characters or fewer", max=FAMILY_OUTCOME_MAX
        ),
    ),
    OutcomeProblem.ACTION_INCOMPLETE: ("actions", _l("Enter what and who for each action")),
    OutcomeProblem.ACTION_TOO_LONG: ("actions", _l("An action's words are too long")),
    OutcomeProblem.TOO_MANY_ACTIONS: ("actions", _l("Enter 20 actions or fewer")),
    OutcomeProblem.CONFIRMATION_MISSING: ("text", _l("Enter what you arranged")),
    OutcomeProblem.CONFIRMATION_TOO_LONG: (
        "text",
        _l("This must be %(max)d characters or fewer", max=CONFIRMATION_MAX),
    ),
}


class VersionedForm(FlaskForm):
    # The meeting's sequence when the form was shown.
    sequence = HiddenField()

    def expected_sequence(self) -> int:
        try:
            return int(self.sequence.data or "")
        except ValueError:
            return 0  # no sequence: refused as a conflict, and the saved meeting shown

    def mark_wrong(self, name: str, message: str) -> None:
        field = self._fields.get(name, self.sequence)
        if field is self.sequence:
            self.form_errors.append(message)
        else:
            field.errors = [*field.errors, message]


class MeetingForm(VersionedForm):
    kind = SelectField(
        _l("Kind of meeting"),
        choices=[SelectChoice(kind.value, LABELS[kind]) for kind in MeetingKind],
        validators=[DataRequired(_l("Choose the kind of meeting"))],
    )
    day = StringField(_l("Day"), id="meeting-on-day", validators=[Length(max=10)])
    month = StringField(_l("Month"), id="meeting-on-month", validators=[Length(max=10)])
    year = StringField(_l("Year"), id="meeting-on-year", validators=[Length(max=10)])
    starts = StringField(_l("Start time"), validators=[Length(max=10)])
    ends = StringField(_l("End time"), validators=[Length(max=10)])
    place = TextAreaField(_l("Place (optional if there is a video link)"))
    video_link = StringField(_l("Video link (optional)"), validators=[Length(max=500)])
    attendees = TextAreaField(_l("Who will be there, by role (optional)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.details: MeetingDetails | None = None
        self.fields_in_error: tuple[str, ...] = ()

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        day: date | None = None
        try:
            day = parse_date_parts(self.day.data, self.month.data, self.year.data, date.max)
        except DateNotValid as problem:
            self.fields_in_error = problem.fields
            self[problem.fields[0]].errors = [str(DATE_PROBLEMS[problem.problem])]
        times = []
        for name in ("starts", "ends"):
            at = parse_time(self[name].data)
            if at is None:
                self[name].errors = [*self[name].errors, str(_l("Enter a time like 14:30"))]
            times.append(at)
        if not valid or day is None or None in times:
            return False
        starts, ends = (london_datetime(day, at).astimezone(UTC) for at in times if at)
        self.details = MeetingDetails(
            kind=MeetingKind(self.kind.data),
            starts_at=starts,
            ends_at=ends,
            place=self.place.data,
            video_link=self.video_link.data,
            attendee_roles=tuple((self.attendees.data or "").splitlines()),
        )
        return True

    def fill(self, meeting: Meeting) -> None:
        start, end = meeting.starts_at.astimezone(LONDON), meeting.ends_at.astimezone(LONDON)
        self.sequence.data = str(meeting.sequence)
        self.kind.data = meeting.kind.value
        self.day.data, self.month.data, self.year.data = (
            str(start.day),
            str(start.month),
            str(start.year),
        )
        self.starts.data, self.ends.data = start.strftime("%H:%M"), end.strftime("%H:%M")
        self.place.data, self.video_link.data = meeting.place, meeting.video_link
        self.attendees.data = "\n".join(attendee.role for attendee in meeting.attendees)


class CancelForm(VersionedForm):
    reason = TextAreaField(
        _l("Why is it cancelled?"),
        validators=[DataRequired(_l("Enter why the meeting is cancelled"))],
    )


class HeldForm(VersionedForm):
    """Mark held: nothing but the sequence and the CSRF token."""


class ActionRow(Form):
    what = StringField(_l("What"), validators=[Length(max=WHAT_MAX)])
    who = StringField(_l("Who (role or agency)"), validators=[Length(max=WHO_MAX)])
    due = StringField(_l("By when (optional), like 14/12/2026"), validators=[Length(max=20)])

    def validate_due(self, field: StringField) -> None:
        if (field.data or "").strip() and due_date(field.data) is None:
            raise ValidationError(str(_l("Enter a real date, like 14/12/2026")))


def due_date(text: str | None) -> date | None:
    match = DUE.match(text or "")
    if not match:
        return None
    try:
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None


class OutcomeForm(FamilyTextForm, VersionedForm):
    family_text_fields = ("family_outcome",)

    outcome = TextAreaField(
        _l("Outcome (for staff)"), validators=[DataRequired(_l("Enter the outcome"))]
    )
    family_outcome = TextAreaField(
        _l("Outcome for the family, in easy read"),
        validators=[DataRequired(_l("Enter the outcome for the family"))],
    )
    actions = FieldList(FormField(ActionRow), min_entries=5, max_entries=20)

    def action_drafts(self) -> tuple[ActionDraft, ...]:
        return tuple(
            ActionDraft(
                what=row.what.data or "", who=row.who.data or "", due_on=due_date(row.due.data)
            )
            for row in (entry.form for entry in self.actions)
            if (row.what.data or "").strip() or (row.who.data or "").strip()
        )

    def fill(self, meeting: Meeting) -> None:
        self.sequence.data = str(meeting.sequence)
        self.outcome.data, self.family_outcome.data = meeting.outcome, meeting.family_outcome


class ConfirmSupportForm(FamilyTextForm):
    family_text_fields = ("text",)

    text = StringField(
        _l("What you arranged, in easy read"),
        validators=[
            DataRequired(_l("Enter what you arranged")),
            Length(max=CONFIRMATION_MAX),
        ],
    )
