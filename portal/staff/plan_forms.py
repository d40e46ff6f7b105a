"""The plan editor's form, and the words for the problems
`portal.services.plans.editing` returns."""

from __future__ import annotations

from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, TextAreaField

from portal.models import PlanSectionKind
from portal.services.plans import editing as rules
from portal.services.plans.family_view import SECTION_ORDER
from portal.staff.family_text_form import FamilyTextForm
from portal.template_filters import label

PROBLEMS: dict[rules.PlanProblem, LazyString] = {
    rules.PlanProblem.NOTE_MISSING: _l("Enter what changed, for the family to read"),
    rules.PlanProblem.NOTE_TOO_LONG: _l(
        "What changed must be %(max)d characters or fewer", max=rules.NOTE_MAX_LENGTH
    ),
    rules.PlanProblem.NOTE_NOT_EASY_READ: _l("Make this easier to read before saving it"),
    rules.PlanProblem.SECTION_TOO_LONG: _l(
        "A section must be %(max)d characters or fewer", max=rules.SECTION_MAX_LENGTH
    ),
    rules.PlanProblem.SECTION_NOT_EASY_READ: _l("Make this easier to read before saving it"),
    rules.PlanProblem.NOTHING_CHANGED: _l("Change at least one section before saving"),
}


class PlanForm(FamilyTextForm):
    # Every section and the note: families read them all.
    family_text_fields = (*(kind.value for kind in SECTION_ORDER), "change_note")

    version = HiddenField()
    change_note = TextAreaField(_l("What changed, for the family"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The saved text of each section: only changed ones are checked.
        self.saved: dict[PlanSectionKind, str] = {}

    def section_fields(self) -> list[Any]:
        return [getattr(self, kind.value) for kind in SECTION_ORDER]

    def draft(self) -> rules.PlanDraft:
        return rules.PlanDraft(
            sections={kind: getattr(self, kind.value).data or "" for kind in SECTION_ORDER},
            change_note=self.change_note.data or "",
        )

    def fields_to_check(self) -> tuple[str, ...]:
        changed = rules.changed_sections(self.saved, self.draft().sections)
        return (*(kind.value for kind in changed), "change_note")

    def fill(self, saved: dict[PlanSectionKind, str], number: int) -> None:
        self.version.data = str(number)
        for kind in SECTION_ORDER:
            getattr(self, kind.value).data = saved[kind]

    def show_problems(self, problems: dict[str, rules.PlanProblem]) -> None:
        for name, problem in problems.items():
            if name == "sections":
                self.form_errors.append(PROBLEMS[problem])
                continue
            field = getattr(self, name)
            field.errors = [*field.errors, PROBLEMS[problem]]


for _kind in SECTION_ORDER:
    setattr(PlanForm, _kind.value, TextAreaField(label(_kind)))
