"""How a staff route turns the ids in its address into rows.

- `@staff_young_person()`: a route about one young person. `young_person_id`
  goes through the need-to-know rule
  (`portal.services.access.staff.young_person_for_staff`), and a `contact_id`,
  `meeting_id`, `note_id`, `cover_grant_id`, `notice_id`,
  `consent_request_id` or `action_id` must belong to that young person. The
  view gets the rows (`young_person`, `contact`, `meeting`, `note`, `cover_grant`, `notice`,
  `consent_request`, `action`), never the ids. A young person who
  does not exist, one this member of staff may not see, and a contact of
  someone else all answer the same 404, and each is audited as
  `access.refused` (`portal.access.refuse`) with the ids asked for.
  `shows_record=True` on a page that shows the record audits the look as
  `record.viewed`. A `version_number` is a version of the young person's
  plan: the view gets `plan_version`, and a number the plan does not have
  answers the same 404.
- `@staff_account`: an administrator's page about one staff account
  (`staff_user_id`); the view gets `account`.

Each decorator marks its view with the URL variables it resolves
(`RESOLVES`). A test walks the URL map and fails on a staff route with a
variable that nothing resolves, so a new route cannot skip the check.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import abort, g, request

from portal.access import RefusalReason, refuse
from portal.extensions import db
from portal.models import (
    Action,
    ConsentChangeRequest,
    Contact,
    CoverGrant,
    FamilyInputNotice,
    FeedbackResponse,
    FeedbackTheme,
    Meeting,
    Note,
    PlanVersion,
    StaffUser,
)
from portal.services.access.staff import NotVisible, StaffAccess, young_person_for_staff
from portal.services.plans.editing import version_numbered

View = TypeVar("View", bound=Callable[..., Any])

# The attribute holding the URL variables a view's decorator resolves.
RESOLVES = "resolves_url_variables"

# Rows about one young person: the URL variable, the keyword the view gets,
# and the model (each has a `young_person_id`).
BELONGING: dict[str, tuple[str, type[Any]]] = {
    "contact_id": ("contact", Contact),
    "meeting_id": ("meeting", Meeting),
    "note_id": ("note", Note),
    "cover_grant_id": ("cover_grant", CoverGrant),
    "notice_id": ("notice", FamilyInputNotice),
    "consent_request_id": ("consent_request", ConsentChangeRequest),
    "action_id": ("action", Action),
    "response_id": ("response", FeedbackResponse),
}


def resolved_variables(view: Callable[..., Any]) -> frozenset[str]:
    """The URL variables `view`'s decorator turns into rows (none if undecorated)."""
    return cast(frozenset[str], getattr(view, RESOLVES, frozenset()))


def staff_young_person(
    *,
    shows_record: bool = False,
    only_if: Callable[[StaffUser, StaffAccess], bool] | None = None,
) -> Callable[[View], View]:
    """Resolve `young_person_id` (and what belongs to them) for `g.staff_user`,
    or answer 404. `only_if` narrows who may use the route further (checked
    before the look is audited). The rule's own refusals inside the view
    (services check again) answer the same 404. Each refusal is audited."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def resolved(young_person_id: int, **ids: int) -> Any:
            number = ids.pop("version_number", None)
            try:
                access = young_person_for_staff(
                    db.session,
                    g.staff_user,
                    young_person_id,
                    ip_address=request.remote_addr,
                    viewing_record=shows_record,
                    rows={
                        BELONGING[name][0]: (BELONGING[name][1], id_) for name, id_ in ids.items()
                    },
                    only_if=only_if,
                )
                rows = dict(access.rows)
                if number is not None:
                    rows["plan_version"] = _plan_version(access.young_person.id, number)
                return view(young_person=access.young_person, **rows)
            except NotVisible:
                refuse(404, RefusalReason.NOT_VISIBLE)

        setattr(resolved, RESOLVES, frozenset({"young_person_id", "version_number", *BELONGING}))
        return cast(View, resolved)

    return decorator


def _plan_version(young_person_id: int, number: int) -> PlanVersion:
    version = version_numbered(db.session, young_person_id, number)
    if version is None:
        raise NotVisible(young_person_id)
    return version


def staff_account(view: View) -> View:
    """Resolve `staff_user_id` to the account, or answer 404. Who may use the
    route (administrators) is the route's `@staff(...)` declaration."""

    @functools.wraps(view)
    def resolved(staff_user_id: int) -> Any:
        account = db.session.get(StaffUser, staff_user_id)
        if account is None:
            abort(404)
        return view(account=account)

    setattr(resolved, RESOLVES, frozenset({"staff_user_id"}))
    return cast(View, resolved)


def feedback_theme(view: View) -> View:
    """Resolve `theme_id` to the feedback theme, or answer 404. Who may use
    the route (administrators) is the route's `@staff(...)` declaration."""

    @functools.wraps(view)
    def resolved(theme_id: int) -> Any:
        theme = db.session.get(FeedbackTheme, theme_id)
        if theme is None:
            abort(404)
        return view(theme=theme)

    setattr(resolved, RESOLVES, frozenset({"theme_id"}))
    return cast(View, resolved)
