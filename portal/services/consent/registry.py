"""The consent items every deployment has, defined here in code.

Each `ConsentItemType` says what an item is (its code, the easy-read words
families read, the agency it names, its place in the list) and how the rules
treat it: the decision area whose capacity or Gillick assessment governs it,
and flags such as "decided about one named contact". Services and templates
ask an item's type (`item_type(code)`) rather than comparing code strings, so
a rule about an item is written once, here.

Decisions point at rows of `consent_items`, so each type also has a row.
`sync_consent_items` keeps the rows in step with this registry; `flask --app
portal db-upgrade` runs it after the migrations, so a new deployment has every
item without demo data.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from easyread.render import pictures
from portal.models import ConsentChangeRequest, ConsentDecision, ConsentItem, DecisionArea


def N_(text: str) -> str:
    """Marks `text` for `pybabel extract` without translating it: the
    registry is defined at import time, before there is a reader."""
    return text


@dataclass(frozen=True, kw_only=True)
class ConsentItemType:
    """One kind of consent item, and how the rules treat it."""

    code: str
    # The words families read, in easy read (tests/test_family_text_is_easy_read.py).
    title: str
    description: str
    # The item in the standard wording staff use, on staff pages and in what
    # staff are told: "Share information with GP", not the family's "your GP".
    # Marked for translation (`N_`); pages translate it as they show it.
    staff_title: str
    # The area whose latest capacity or Gillick assessment governs who decides.
    area: DecisionArea
    display_order: int
    # The named agency for an information-sharing item, such as "School".
    agency: str | None = None
    # The key of the item's words in `easyread.render.consent.KNOWN`; None when
    # easyread has no words for it.
    easy_read_key: str | None = None
    # The picture beside the item; None: the picture of its easy-read words.
    picture: str | None = None
    # Saying no needs a conversation with the keyworker soon: staff are told urgently.
    urgent_when_withdrawn: bool = False
    # Decided separately for each of the young person's contacts
    # (`ConsentDecision.about_contact_id` names the contact).
    about_one_contact: bool = False
    # Nobody decides it before the young person's 16th birthday: until then
    # parental responsibility decides what it would.
    decided_from_16: bool = False
    # Only the young person decides it: never a parent, attorney or deputy.
    only_the_young_person_decides: bool = False
    # Each contact decides about themselves, and only about themselves: the
    # decision is about the contact who makes it (`about_one_contact` too).
    # Nobody decides for anyone else, whatever their age or relationship:
    # a parent's choice does not cover the young person's words, nor the
    # young person's a parent's.
    each_contact_decides_own: bool = False
    # Saying yes lets the contact it is about see the portal; saying no ends
    # their sessions. The family pages word this themselves.
    lets_contact_see_portal: bool = False


# Family wording (`title`, `description`) may name the young person with the
# reader tokens of easyread.render.reader ("{Your} keyworker"): the family
# pages fill them for whoever reads ("Your keyworker", "Sam's keyworker").


def _sharing(
    code: str, agency: str, title: str, description: str, order: int, *, staff_title: str
) -> ConsentItemType:
    return ConsentItemType(
        code=code,
        title=title,
        description=description,
        staff_title=staff_title,
        area=DecisionArea.INFORMATION_SHARING,
        display_order=order,
        agency=agency,
        easy_read_key=code,
    )


REGISTER = ConsentItemType(
    code="register",
    staff_title=N_("On the Dynamic Support Register (DSR)"),
    title="Being on the dynamic support register",
    description=(
        "{Your} name is on a list of young people who get extra support to stay well at home."
    ),
    area=DecisionArea.REGISTER,
    display_order=0,
    easy_read_key="register",
    urgent_when_withdrawn=True,
)
SHARE_SCHOOL = _sharing(
    "share_school",
    "School",
    "Sharing information with school",
    "{Your} keyworker can talk to {their} school.",
    1,
    staff_title=N_("Share information with school"),
)
SHARE_GP = _sharing(
    "share_gp",
    "GP",
    "Sharing information with {your} GP",
    "{Your} keyworker can talk to {their} doctor.",
    2,
    staff_title=N_("Share information with GP"),
)
SHARE_CAMHS = _sharing(
    "share_camhs",
    "CAMHS",
    "Sharing information with CAMHS",
    "{Your} keyworker can talk to mental health services.",
    3,
    staff_title=N_("Share information with CAMHS"),
)
SHARE_SOCIAL_CARE = _sharing(
    "share_social_care",
    "Social care",
    "Sharing information with social care",
    "{Your} keyworker can talk to social workers.",
    4,
    staff_title=N_("Share information with social care"),
)
SHARE_ADULT_SERVICES = _sharing(
    "share_adult_services",
    "Adult services",
    "Sharing information with adult services",
    "{Your} keyworker can talk to adult services.",
    5,
    staff_title=N_("Share information with adult services"),
)
SHARE_YOUTH_JUSTICE = _sharing(
    "share_youth_justice",
    "Youth justice",
    "Sharing information with youth justice",
    "{Your} keyworker can talk to the youth justice team.",
    6,
    staff_title=N_("Share information with youth justice"),
)
SHARE_HOUSING = _sharing(
    "share_housing",
    "Housing",
    "Sharing information with housing",
    "{Your} keyworker can talk to housing services.",
    7,
    staff_title=N_("Share information with housing"),
)
CONTACT_BY_MESSAGE = ConsentItemType(
    code="contact_by_message",
    staff_title=N_("Contact by text message and email"),
    title="Getting text messages and emails",
    description="We can send you messages about your plan and meetings.",
    area=DecisionArea.CONTACT_BY_MESSAGE,
    display_order=8,
    easy_read_key="contact_by_message",
)
# Asked with a young person's views before a CETR (portal.services.meetings.views_before).
SHARE_VIEWS_WITH_PANEL = ConsentItemType(
    code="share_views_with_panel",
    staff_title=N_("Share views with the C(E)TR panel"),
    title="Sharing your views with a review panel",
    description="Your views go to the people at your review meeting.",
    area=DecisionArea.INFORMATION_SHARING,
    display_order=9,
    easy_read_key="share_views_with_panel",
)
# Permission to quote feedback: each person decides about their own words
# (`portal.services.feedback.quoting.may_quote` reads it for a response).
FEEDBACK_IN_REPORTS = ConsentItemType(
    code="feedback_in_reports",
    staff_title=N_("Use feedback, anonymously, in reports"),
    title="Using what you tell us in reports",
    description="We can use what you say in reports. We do not use your name.",
    area=DecisionArea.INFORMATION_SHARING,
    display_order=10,
    easy_read_key="feedback_in_reports",
    about_one_contact=True,
    each_contact_decides_own=True,
)
# The young person's agreement that one named contact may see their portal:
# portal.services.access.family_rules reads it from the 16th birthday.
FAMILY_SEES_PORTAL = ConsentItemType(
    code="family_sees_portal",
    staff_title=N_("Contact may see the portal (plan and meetings)"),
    title="Letting someone see {your} plan and meetings",
    description=(
        "Someone {you} {choose|chooses} can see {your} plan and meetings on this website. "
        "{You} can change {their} mind at any time."
    ),
    area=DecisionArea.FAMILY_ACCESS,
    display_order=11,
    picture=pictures.FAMILY,
    about_one_contact=True,
    decided_from_16=True,
    only_the_young_person_decides=True,
    lets_contact_see_portal=True,
)

CONSENT_ITEM_TYPES: tuple[ConsentItemType, ...] = (
    REGISTER,
    SHARE_SCHOOL,
    SHARE_GP,
    SHARE_CAMHS,
    SHARE_SOCIAL_CARE,
    SHARE_ADULT_SERVICES,
    SHARE_YOUTH_JUSTICE,
    SHARE_HOUSING,
    CONTACT_BY_MESSAGE,
    SHARE_VIEWS_WITH_PANEL,
    FEEDBACK_IN_REPORTS,
    FAMILY_SEES_PORTAL,
)
_BY_CODE = {item.code: item for item in CONSENT_ITEM_TYPES}


def item_type(code: str) -> ConsentItemType:
    """The type of the item with `code`.

    A row the registry no longer has (kept because decisions point at it) is
    read as information sharing with no flags: the rules then treat it as
    they treat any sharing item."""
    known = _BY_CODE.get(code)
    if known is not None:
        return known
    return ConsentItemType(
        code=code,
        title="",
        description="",
        staff_title="",
        area=DecisionArea.INFORMATION_SHARING,
        display_order=len(CONSENT_ITEM_TYPES),
    )


def staff_title(item: ConsentItem) -> str:
    """`item` in the staff's standard wording; a row the registry no longer
    has keeps the words it was saved with."""
    return item_type(item.code).staff_title or item.title


def sync_consent_items(session: Session) -> int:
    """Make the `consent_items` rows match the registry. Returns how many rows
    it added, changed or removed; running it again returns 0.

    It adds a row for each missing type and updates the words, agency and
    order of rows that differ. A row the registry no longer has is removed
    only when no decision or request to change points at it: history is never
    lost. Flushes; the caller's unit of work commits."""
    rows = {row.code: row for row in session.scalars(select(ConsentItem))}
    changed = 0
    for kind in CONSENT_ITEM_TYPES:
        row = rows.get(kind.code)
        if row is None:
            row = ConsentItem(code=kind.code)
            session.add(row)
        changed += _update(row, kind)
    for code, row in rows.items():
        if code not in _BY_CODE and not _is_used(session, row):
            session.delete(row)
            changed += 1
    session.flush()
    return changed


def _update(row: ConsentItem, kind: ConsentItemType) -> int:
    """Copy `kind`'s words, agency and order to `row`: 1 if anything differed."""
    wanted = {
        "title": kind.title,
        "description": kind.description,
        "agency": kind.agency,
        "display_order": kind.display_order,
    }
    differs = {name: value for name, value in wanted.items() if getattr(row, name) != value}
    for name, value in differs.items():
        setattr(row, name, value)
    return 1 if differs else 0


def _is_used(session: Session, row: ConsentItem) -> bool:
    return bool(
        session.scalar(
            select(
                exists().where(ConsentDecision.item_id == row.id)
                | exists().where(ConsentChangeRequest.item_id == row.id)
            )
        )
    )
