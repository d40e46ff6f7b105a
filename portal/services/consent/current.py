"""Which consent decision stands now: the one rule, used everywhere.

Decisions are append-only, so agreeing, withdrawing and agreeing again are
three rows. For each item the latest decision stands; for an item decided
about one named contact (`ConsentItemType.about_one_contact`), the latest for
that item and that contact. "Latest" is the greatest `decided_at`, and of two
decisions made at the same moment, the one recorded last (the greater id).

The family pages, the access rules and the staff record all ask here, and the
answer comes from one SQL query however long the history. Listing past
decisions (a history) is a different question, asked where it is shown.
"""

from __future__ import annotations

import enum
from collections.abc import Collection
from typing import Any, Final, Literal

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from portal.models import ConsentDecision, ConsentItem

# The item's id, and the contact the decision is about (None: not about one contact).
DecisionKey = tuple[int, int | None]


class _Everyone(enum.Enum):
    CONTACTS = "every contact"


# Decisions about any contact, and those about nobody in particular.
ANY_CONTACT: Final = _Everyone.CONTACTS


def current_decisions(
    session: Session,
    young_person_id: int,
    *,
    item_ids: Collection[int] | None = None,
    item_codes: Collection[str] | None = None,
    about_contact_id: int | Literal[_Everyone.CONTACTS] | None = ANY_CONTACT,
) -> dict[DecisionKey, ConsentDecision]:
    """The decision that stands for each item of `young_person_id`, by item
    and contact it is about, newest first. One query.

    `item_ids` or `item_codes` keep only those items; `about_contact_id` keeps
    only decisions about that contact (None: decisions about nobody in
    particular). An item nobody has decided has no entry."""
    ranked = _ranked(young_person_id)
    # Each filter keeps whole groups (an item and a contact), so it can come
    # before the ranking, which then reads only the rows it needs.
    if item_ids is not None:
        ranked = ranked.where(ConsentDecision.item_id.in_(item_ids))
    if item_codes is not None:
        ranked = ranked.join(ConsentItem, ConsentItem.id == ConsentDecision.item_id).where(
            ConsentItem.code.in_(item_codes)
        )
    if about_contact_id is not ANY_CONTACT:
        ranked = ranked.where(_same(ConsentDecision.about_contact_id, about_contact_id))
    latest = ranked.subquery()
    decisions = session.scalars(
        select(ConsentDecision)
        .join(latest, latest.c.id == ConsentDecision.id)
        .where(latest.c.rank == 1)
        .order_by(ConsentDecision.decided_at.desc(), ConsentDecision.id.desc())
    )
    return {(d.item_id, d.about_contact_id): d for d in decisions}


def current_decision(
    session: Session,
    young_person_id: int,
    item: ConsentItem | str,
    about_contact_id: int | None = None,
) -> ConsentDecision | None:
    """The decision that stands on `item` (the item, or its code) for
    `young_person_id`, about `about_contact_id` for an item decided about one
    contact. None when nobody has decided it. One query."""
    if isinstance(item, ConsentItem):
        found = current_decisions(
            session, young_person_id, item_ids=(item.id,), about_contact_id=about_contact_id
        )
    else:
        found = current_decisions(
            session, young_person_id, item_codes=(item,), about_contact_id=about_contact_id
        )
    return next(iter(found.values()), None)


def _ranked(young_person_id: int) -> Select[Any]:
    """Each of the young person's decisions with its place, newest first,
    among the decisions on the same item about the same contact."""
    rank = (
        func.row_number()
        .over(
            partition_by=(ConsentDecision.item_id, ConsentDecision.about_contact_id),
            order_by=(ConsentDecision.decided_at.desc(), ConsentDecision.id.desc()),
        )
        .label("rank")
    )
    return select(ConsentDecision.id, rank).where(
        ConsentDecision.young_person_id == young_person_id
    )


def _same(column: Any, value: object) -> Any:
    return column.is_(None) if value is None else column == value
