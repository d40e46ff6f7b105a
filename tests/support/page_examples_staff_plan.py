"""The plan editor's pages, in each state: as opened, with no plan yet,
checked with easy-read findings, refused with errors, refused because
someone saved first; the versions, one version, and two side by side."""

from __future__ import annotations

from portal.demo.plans import PLAN_TEXT, PLAN_VERSIONS
from portal.models import PlanSectionKind
from tests.support.page_example_types import PageExample, World


def _plan(w: World, rest: str = "") -> str:
    return f"/staff/young-people/{w.young_person_id}/plan{rest}"


def _newcomer(w: World, rest: str) -> str:
    return f"/staff/young-people/{w.newcomer_young_person_id}/plan{rest}"


# The demo plan's text as the form sends it (demo data: the translation
# check takes it for data, not for text that was never marked).
_SECTIONS = {kind.value: PLAN_TEXT.get(kind, "") for kind in PlanSectionKind}
_LATEST = str(PLAN_VERSIONS[-1][0])
# The form's two buttons: the examples name the one to press.
_SAVE = {"action": "save"}
# Staff wording the easy-read checker finds hard.
_HARD = "We will facilitate a CETR and liaise with the LA regarding s117 aftercare."

PLAN_PAGE_EXAMPLES: tuple[PageExample, ...] = (
    PageExample("edit the plan", "staff.edit_plan", lambda w: _plan(w, "/edit"), "keyworker"),
    PageExample(
        "edit the plan, none yet",
        "staff.edit_plan",
        lambda w: _newcomer(w, "/edit"),
        signed_in_as="manager",
    ),
    PageExample(
        "edit the plan, checked: easy-read findings",
        "staff.edit_plan",
        lambda w: _plan(w, "/edit"),
        signed_in_as="keyworker",
        submit={**_SECTIONS, "version": _LATEST, "my_goals": _HARD, "action": "check"},
    ),
    PageExample(
        "edit the plan, no note and hard words",
        "staff.edit_plan",
        lambda w: _plan(w, "/edit"),
        signed_in_as="keyworker",
        submit={**_SECTIONS, "version": _LATEST, "my_goals": _HARD, "change_note": "", **_SAVE},
    ),
    PageExample(
        "edit the plan, someone else saved it first",
        "staff.edit_plan",
        lambda w: _plan(w, "/edit"),
        signed_in_as="keyworker",
        submit={
            **_SECTIONS,
            "version": "1",
            "about_me": PLAN_TEXT[PlanSectionKind.WHAT_HELPS],
            "change_note": PLAN_VERSIONS[-1][1],
            **_SAVE,
        },
    ),
    PageExample(
        "plan versions", "staff.plan_versions", lambda w: _plan(w, "/versions"), "keyworker"
    ),
    PageExample(
        "plan versions, none yet",
        "staff.plan_versions",
        lambda w: _newcomer(w, "/versions"),
        signed_in_as="keyworker",
    ),
    PageExample(
        "one version of the plan",
        "staff.plan_version",
        lambda w: _plan(w, "/versions/1"),
        signed_in_as="keyworker",
    ),
    PageExample(
        "two versions of the plan side by side",
        "staff.compare_plan_versions",
        lambda w: _plan(w, "/compare?first=1&second=2"),
        signed_in_as="manager",
    ),
)
