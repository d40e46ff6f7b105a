"""The action form (add one by hand or change one: what, who, a named
person, by when, its status and the reason when it cannot be done, and
whether the family sees it), and the words for the action rules' problems."""

from __future__ import annotations

from datetime import date

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import Length

from portal.models import Action, ActionStatus
from portal.services.access.identity_check import DateProblem
from portal.services.actions import rules
from portal.services.actions.rules import ActionDraft, ActionProblem
from portal.staff.date_forms import DatedForm
from portal.template_filters import label

PROBLEMS: dict[ActionProblem, LazyString] = {
    ActionProblem.WHAT_MISSING: _l("Enter what will be done"),
    ActionProblem.WHAT_TOO_LONG: _l(
        "What will be done must be %(max)d characters or fewer", max=rules.WHAT_MAX
    ),
    ActionProblem.WHO_MISSING: _l("Enter who will do it, as a role or agency"),
    ActionProblem.WHO_TOO_LONG: _l("Who must be %(max)d characters or fewer", max=rules.WHO_MAX),
    ActionProblem.NAMED_PERSON_TOO_LONG: _l(
        "The name must be %(max)d characters or fewer", max=rules.NAMED_PERSON_MAX
    ),
    ActionProblem.REASON_MISSING: _l("Enter why it cannot be done"),
    ActionProblem.REASON_TOO_LONG: _l(
        "The reason must be %(max)d characters or fewer", max=rules.REASON_MAX
    ),
}
DUE_PROBLEMS = {
    DateProblem.PART_MISSING: _l("Enter the day, the month and the year, or leave all 3 empty"),
    DateProblem.NOT_NUMBERS: _l("Use numbers for the date, like 14 12 2026"),
    DateProblem.YEAR_NOT_4_DIGITS: _l("Enter the year with 4 numbers, like 2026"),
    DateProblem.NOT_REAL: _l("Enter a real date, like 14 12 2026"),
}


class ActionForm(DatedForm):
    date_required = False
    date_problems = DUE_PROBLEMS

    sequence = HiddenField()
    what = TextAreaField(_l("What will be done"), validators=[Length(max=rules.WHAT_MAX * 2)])
    who = StringField(_l("Who (role or agency)"), validators=[Length(max=rules.WHO_MAX * 2)])
    named_person = StringField(
        _l("Named person (optional)"), validators=[Length(max=rules.NAMED_PERSON_MAX * 2)]
    )
    day = StringField(_l("Day"), id="due-on-day", validators=[Length(max=10)])
    month = StringField(_l("Month"), id="due-on-month", validators=[Length(max=10)])
    year = StringField(_l("Year"), id="due-on-year", validators=[Length(max=10)])
    status = RadioField(
        _l("Status"),
        choices=[SelectChoice(s.value, label(s)) for s in ActionStatus],
        default=ActionStatus.NOT_STARTED.value,
    )
    cannot_be_done_reason = TextAreaField(
        _l("Why it cannot be done"), validators=[Length(max=rules.REASON_MAX * 2)]
    )
    visible_to_family = BooleanField(_l("The family can see this action"), default=True)

    @property
    def due_on(self) -> date | None:
        return self.answer

    def draft(self) -> ActionDraft | None:
        """The action as the form has it; None for a status not on the form."""
        try:
            status = ActionStatus(self.status.data)
        except ValueError:
            return None
        return ActionDraft(
            what=self.what.data or "",
            who=self.who.data or "",
            named_person=self.named_person.data,
            due_on=self.due_on,
            status=status,
            cannot_be_done_reason=self.cannot_be_done_reason.data,
            visible_to_family=bool(self.visible_to_family.data),
        )

    def show_problems(self, problems: dict[str, ActionProblem]) -> None:
        for name, problem in problems.items():
            field = self[name]
            field.errors = [*field.errors, PROBLEMS[problem]]

    def fill(self, action: Action) -> None:
        """Show the action as saved (a GET of the page)."""
        self.sequence.data = str(action.sequence)
        self.what.data, self.who.data = action.what, action.who
        self.named_person.data = action.named_person or ""
        due = action.due_on
        self.day.data, self.month.data, self.year.data = (
            (str(due.day), str(due.month), str(due.year)) if due else ("", "", "")
        )
        self.status.data = action.status.value
        self.cannot_be_done_reason.data = action.cannot_be_done_reason or ""
        self.visible_to_family.data = action.visible_to_family

    def expected_sequence(self) -> int:
        try:
            return int(self.sequence.data or "")
        except ValueError:
            return 0  # no sequence: refused as a conflict, and the saved action shown
