"""Editing a young person's profile: names, pronouns, date of birth,
preferred language and communication needs (Accessible Information
Standard) with their review date.

Two people may edit the same profile: a save names the version its form
showed, and the UPDATE only happens while the row still has that version
(compare and set), so a save from an older form is refused with the saved
version to show beside it, never a silent overwrite.

Register status is not edited here: being on the register follows the
young person's consent decision (portal.services.consent), so the profile
only shows it. The risk rating has its own rules (`risk_rating`).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, fields
from datetime import date, datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from portal.models import CommunicationNeed, CommunicationNeedType, StaffUser, YoungPerson
from portal.models.people import age_on
from portal.services.records.audit import record_event

PREFERRED_NAME_MAX_LENGTH = 100
LEGAL_NAME_MAX_LENGTH = 200
PRONOUNS_MAX_LENGTH = 40
COMMUNICATION_NOTES_MAX_LENGTH = 1000
# The keyworker service is for young people up to their 26th birthday.
OLDEST_AGE = 25
# A review of communication needs is planned at most this many years ahead.
REVIEW_YEARS_AHEAD = 2
# A BCP 47 language tag as staff type it: "en", "cy", "pl", "pt-BR", "zh-Hant".
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$")

PROFILE_CHANGED = "profile.changed"
PROFILE_CONFLICT = "profile.save_refused"


class ProfileProblem(enum.StrEnum):
    PREFERRED_NAME_MISSING = "preferred_name_missing"
    PREFERRED_NAME_TOO_LONG = "preferred_name_too_long"
    LEGAL_NAME_MISSING = "legal_name_missing"
    LEGAL_NAME_TOO_LONG = "legal_name_too_long"
    PRONOUNS_TOO_LONG = "pronouns_too_long"
    BORN_IN_THE_FUTURE = "born_in_the_future"
    TOO_OLD = "too_old"
    LANGUAGE_NOT_VALID = "language_not_valid"
    NOTES_TOO_LONG = "notes_too_long"
    REVIEW_IN_THE_PAST = "review_in_the_past"
    REVIEW_TOO_FAR_AHEAD = "review_too_far_ahead"
    REVIEW_DATE_MISSING = "review_date_missing"


@dataclass(frozen=True)
class ProfileFields:
    """What the profile page edits (and what a conflict shows side by side)."""

    preferred_name: str
    legal_name: str
    pronouns: str | None
    date_of_birth: date
    preferred_language: str
    needs: frozenset[CommunicationNeedType]
    communication_notes: str | None
    communication_review_on: date | None

    def cleaned(self) -> ProfileFields:
        """Spaces trimmed; empty optional text is None; the language tag in
        its usual case (language lower case)."""
        language = self.preferred_language.strip()
        head, _, rest = language.partition("-")
        return ProfileFields(
            preferred_name=self.preferred_name.strip(),
            legal_name=self.legal_name.strip(),
            pronouns=(self.pronouns or "").strip() or None,
            date_of_birth=self.date_of_birth,
            preferred_language=head.lower() + ("-" + rest if rest else ""),
            needs=self.needs,
            communication_notes=(self.communication_notes or "").strip() or None,
            communication_review_on=self.communication_review_on,
        )


def profile_of(person: YoungPerson) -> ProfileFields:
    return ProfileFields(
        preferred_name=person.preferred_name,
        legal_name=person.legal_name,
        pronouns=person.pronouns,
        date_of_birth=person.date_of_birth,
        preferred_language=person.preferred_language,
        needs=frozenset(need.need for need in person.communication_needs),
        communication_notes=person.communication_notes,
        communication_review_on=person.communication_review_on,
    )


class ProfileRefused(Exception):
    """What was asked breaks a rule: the problems by field name."""

    def __init__(self, problems: dict[str, ProfileProblem]) -> None:
        super().__init__(sorted(problems))
        self.problems = problems


class ProfileConflict(Exception):
    """Someone saved the profile after this form was opened: nothing was
    saved. `saved` is the profile as it is now, at `version`."""

    def __init__(self, saved: ProfileFields, version: int) -> None:
        super().__init__(version)
        self.saved = saved
        self.version = version


def profile_problems(
    wanted: ProfileFields, current: ProfileFields, today: date
) -> dict[str, ProfileProblem]:
    """Each field's problem, if it has one. The age rule applies to a new
    date of birth only, so a profile of someone who is now older can still
    be edited."""
    problems: dict[str, ProfileProblem] = {}
    _check_text(problems, "preferred_name", wanted.preferred_name, PREFERRED_NAME_MAX_LENGTH)
    _check_text(problems, "legal_name", wanted.legal_name, LEGAL_NAME_MAX_LENGTH)
    if len(wanted.pronouns or "") > PRONOUNS_MAX_LENGTH:
        problems["pronouns"] = ProfileProblem.PRONOUNS_TOO_LONG
    if len(wanted.communication_notes or "") > COMMUNICATION_NOTES_MAX_LENGTH:
        problems["communication_notes"] = ProfileProblem.NOTES_TOO_LONG
    if not LANGUAGE_TAG.match(wanted.preferred_language):
        problems["preferred_language"] = ProfileProblem.LANGUAGE_NOT_VALID
    if wanted.date_of_birth > today:
        problems["date_of_birth"] = ProfileProblem.BORN_IN_THE_FUTURE
    elif wanted.date_of_birth != current.date_of_birth and (
        age_on(wanted.date_of_birth, today) > OLDEST_AGE
    ):
        problems["date_of_birth"] = ProfileProblem.TOO_OLD
    review = wanted.communication_review_on
    if review is None:
        if wanted.needs or wanted.communication_notes:
            problems["communication_review_on"] = ProfileProblem.REVIEW_DATE_MISSING
    elif review < today and review != current.communication_review_on:
        problems["communication_review_on"] = ProfileProblem.REVIEW_IN_THE_PAST
    elif review > _years_ahead(today, REVIEW_YEARS_AHEAD):
        problems["communication_review_on"] = ProfileProblem.REVIEW_TOO_FAR_AHEAD
    return problems


def _check_text(problems: dict[str, ProfileProblem], name: str, value: str, limit: int) -> None:
    if not value:
        problems[name] = ProfileProblem[f"{name.upper()}_MISSING"]
    elif len(value) > limit:
        problems[name] = ProfileProblem[f"{name.upper()}_TOO_LONG"]


def _years_ahead(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def save_profile(
    session: Session,
    person: YoungPerson,
    wanted: ProfileFields,
    *,
    expected_version: int,
    today: date,
    now: datetime,
    by: StaffUser,
    ip_address: str | None = None,
) -> list[str]:
    """Save `wanted` if the profile is still at `expected_version`; return
    the names of the fields that changed (none: nothing is saved). Raises
    ProfileRefused or ProfileConflict, having saved nothing but the audit
    event of a refused save. Flushes; the caller's unit of work commits."""
    wanted = wanted.cleaned()
    current = profile_of(person)
    problems = profile_problems(wanted, current, today)
    if problems:
        raise ProfileRefused(problems)
    changed = [
        f.name for f in fields(ProfileFields) if getattr(wanted, f.name) != getattr(current, f.name)
    ]
    values = {name: getattr(wanted, name) for name in changed if name != "needs"}
    saved = _compare_and_set(session, person, values, expected_version, now, by)
    session.refresh(person)
    if not saved:
        record_event(
            session,
            PROFILE_CONFLICT,
            staff_user=by,
            young_person_id=person.id,
            ip_address=ip_address,
            expected_version=expected_version,
            saved_version=person.profile_version,
        )
        raise ProfileConflict(profile_of(person), person.profile_version)
    _save_needs(person, current.needs, wanted.needs)
    record_event(
        session,
        PROFILE_CHANGED,
        staff_user=by,
        young_person_id=person.id,
        ip_address=ip_address,
        fields=changed,
        needs_added=sorted(wanted.needs - current.needs),
        needs_removed=sorted(current.needs - wanted.needs),
        version=person.profile_version,
    )
    session.flush()
    return changed


def _compare_and_set(
    session: Session,
    person: YoungPerson,
    values: dict[str, object],
    expected_version: int,
    now: datetime,
    by: StaffUser,
) -> bool:
    """UPDATE the row only while it has `expected_version`, adding 1 to it."""
    result = session.execute(
        update(YoungPerson)
        .where(YoungPerson.id == person.id, YoungPerson.profile_version == expected_version)
        .values(
            **values,
            profile_version=YoungPerson.profile_version + 1,
            profile_updated_at=now,
            profile_updated_by_id=by.id,
        )
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def _save_needs(
    person: YoungPerson,
    before: frozenset[CommunicationNeedType],
    after: frozenset[CommunicationNeedType],
) -> None:
    """Keep the rows of needs that stay (with when they were first recorded)."""
    kept = [need for need in person.communication_needs if need.need in after]
    person.communication_needs = kept + [
        CommunicationNeed(need=need) for need in sorted(after - before)
    ]
