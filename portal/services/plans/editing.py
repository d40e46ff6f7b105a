"""Staff editing the plan: every save is a new version, never a change to an
old one (the version tables are append-only).

A save names the version number its form was opened from (0: there was no
plan yet). It is refused, with the latest version to show beside what was
typed, when that is no longer the latest. Two saves from the same version
race for the same new number; the unique constraint on (plan_id, number)
lets exactly one of them in, and the others are refused the same way.

The "what changed" note is required, and it and every changed section must
pass the easy-read checker without errors (families read both): the form
shows the findings before saving, and this module holds the rule. A plan
version is the written plan only: actions are rows of their own
(`portal.services.actions`), followed up outside the versions.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from portal.models import (
    Plan,
    PlanSection,
    PlanSectionKind,
    PlanVersion,
    StaffUser,
    YoungPerson,
)
from portal.services.easy_read.review import review_family_text
from portal.services.plans.family_view import SECTION_ORDER
from portal.services.records.audit import record_event

SECTION_MAX_LENGTH = 4000
NOTE_MAX_LENGTH = 500

PLAN_VERSION_SAVED = "plan.version_saved"
PLAN_SAVE_REFUSED = "plan.save_refused"


class PlanProblem(enum.StrEnum):
    NOTE_MISSING = "note_missing"
    NOTE_TOO_LONG = "note_too_long"
    NOTE_NOT_EASY_READ = "note_not_easy_read"
    SECTION_TOO_LONG = "section_too_long"
    SECTION_NOT_EASY_READ = "section_not_easy_read"
    NOTHING_CHANGED = "nothing_changed"


@dataclass(frozen=True)
class PlanDraft:
    """What the editor sends: every section's text and the note for the family."""

    sections: Mapping[PlanSectionKind, str]
    change_note: str

    def cleaned(self) -> PlanDraft:
        return PlanDraft(
            sections={kind: (self.sections.get(kind) or "").strip() for kind in SECTION_ORDER},
            change_note=" ".join(self.change_note.split()),
        )


class PlanRefused(Exception):
    """The draft breaks a rule: problems by field ("change_note" or a section kind's value)."""

    def __init__(self, problems: dict[str, PlanProblem]) -> None:
        super().__init__(sorted(problems))
        self.problems = problems


class PlanConflict(Exception):
    """Someone saved a version after this form was opened: nothing was saved.
    `latest` is the version saved now (None: the form named a version of a
    plan that has none)."""

    def __init__(self, latest: PlanVersion | None) -> None:
        super().__init__(latest.number if latest else 0)
        self.latest = latest


def versions_of(session: Session, young_person_id: int) -> Sequence[PlanVersion]:
    """Every version of the plan, newest first, with who saved it."""
    return session.scalars(
        select(PlanVersion)
        .join(Plan, PlanVersion.plan)
        .where(Plan.young_person_id == young_person_id)
        .options(selectinload(PlanVersion.created_by))
        .order_by(PlanVersion.number.desc())
    ).all()


def version_numbered(session: Session, young_person_id: int, number: int) -> PlanVersion | None:
    """Version `number` of the young person's plan, with its sections."""
    return session.scalar(
        select(PlanVersion)
        .join(Plan, PlanVersion.plan)
        .where(Plan.young_person_id == young_person_id, PlanVersion.number == number)
        .options(
            selectinload(PlanVersion.sections),
            selectinload(PlanVersion.created_by),
        )
    )


def latest_version(session: Session, young_person_id: int) -> PlanVersion | None:
    versions = versions_of(session, young_person_id)
    return version_numbered(session, young_person_id, versions[0].number) if versions else None


def section_texts(version: PlanVersion | None) -> dict[PlanSectionKind, str]:
    """Each section's text in `version` ("" for a section it does not have)."""
    bodies = {section.kind: section.body for section in version.sections} if version else {}
    return {kind: bodies.get(kind, "") for kind in SECTION_ORDER}


def changed_sections(
    before: Mapping[PlanSectionKind, str], after: Mapping[PlanSectionKind, str]
) -> list[PlanSectionKind]:
    return [
        kind
        for kind in SECTION_ORDER
        if (before.get(kind) or "").strip() != (after.get(kind) or "").strip()
    ]


def draft_problems(
    draft: PlanDraft, saved: Mapping[PlanSectionKind, str], lang: str = "en"
) -> dict[str, PlanProblem]:
    """Each field's problem. Only changed sections are checked for easy read,
    so older wording never stops a save of another section."""
    problems: dict[str, PlanProblem] = {}
    note = draft.change_note
    if not note:
        problems["change_note"] = PlanProblem.NOTE_MISSING
    elif len(note) > NOTE_MAX_LENGTH:
        problems["change_note"] = PlanProblem.NOTE_TOO_LONG
    elif review_family_text(note, lang).has_errors:
        problems["change_note"] = PlanProblem.NOTE_NOT_EASY_READ
    changed = changed_sections(saved, draft.sections)
    for kind in changed:
        body = draft.sections[kind]
        if len(body) > SECTION_MAX_LENGTH:
            problems[kind.value] = PlanProblem.SECTION_TOO_LONG
        elif body and review_family_text(body, lang).has_errors:
            problems[kind.value] = PlanProblem.SECTION_NOT_EASY_READ
    if not changed and "change_note" not in problems:
        problems["sections"] = PlanProblem.NOTHING_CHANGED
    return problems


def save_plan_version(
    session: Session,
    person: YoungPerson,
    draft: PlanDraft,
    *,
    expected_number: int,
    now: datetime,
    by: StaffUser,
    ip_address: str | None = None,
) -> PlanVersion:
    """Save `draft` as the version after `expected_number`. Raises
    PlanRefused or PlanConflict, having saved nothing but the audit event of
    a refused save. Flushes; the caller's
    unit of work commits."""
    draft = draft.cleaned()
    latest = latest_version(session, person.id)
    if (latest.number if latest else 0) != expected_number:
        raise _conflict(session, person, expected_number, by, ip_address)
    problems = draft_problems(draft, section_texts(latest), person.preferred_language)
    if problems:
        raise PlanRefused(problems)
    try:
        with session.begin_nested():
            version = _insert_version(session, person, latest, draft, expected_number + 1, now, by)
    except IntegrityError:
        session.expire_all()
        raise _conflict(session, person, expected_number, by, ip_address) from None
    _audit_saved(session, person, version, latest, draft, by, ip_address)
    return version


def _insert_version(
    session: Session,
    person: YoungPerson,
    latest: PlanVersion | None,
    draft: PlanDraft,
    number: int,
    now: datetime,
    by: StaffUser,
) -> PlanVersion:
    # The first statement is a write, so that on SQLite it takes the write
    # lock before reading anything (a read first would pin an older snapshot).
    if latest is None:
        plan = Plan(young_person_id=person.id, created_at=now)
        session.add(plan)
        session.flush()
    plan_id = latest.plan_id if latest else plan.id
    version = PlanVersion(
        plan_id=plan_id,
        number=number,
        change_note=draft.change_note,
        created_by_id=by.id,
        created_at=now,
    )
    session.add(version)
    session.flush()
    session.add_all(
        PlanSection(version_id=version.id, kind=kind, body=body)
        for kind, body in draft.sections.items()
        if body
    )
    session.flush()
    return version


def _audit_saved(
    session: Session,
    person: YoungPerson,
    version: PlanVersion,
    latest: PlanVersion | None,
    draft: PlanDraft,
    by: StaffUser,
    ip_address: str | None,
) -> None:
    record_event(
        session,
        PLAN_VERSION_SAVED,
        staff_user=by,
        young_person_id=person.id,
        ip_address=ip_address,
        version=version.number,
        sections_changed=[k.value for k in changed_sections(section_texts(latest), draft.sections)],
    )
    session.flush()


def _conflict(
    session: Session,
    person: YoungPerson,
    expected_number: int,
    by: StaffUser,
    ip_address: str | None,
) -> PlanConflict:
    latest = latest_version(session, person.id)
    record_event(
        session,
        PLAN_SAVE_REFUSED,
        staff_user=by,
        young_person_id=person.id,
        ip_address=ip_address,
        expected_version=expected_number,
        saved_version=latest.number if latest else 0,
    )
    session.flush()
    return PlanConflict(latest)
