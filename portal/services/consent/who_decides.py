"""Who may change a consent choice, in the words of the person reading.

`portal.services.access.family_rules.may_change_consent` decides; this turns
its answer for the reader into who else may decide (by first name), so the
family page can say "Only Sam can change this" or "Alex and Chris can change
this because Liv is under 16"."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from portal.models import Contact, DecisionBasis, LegalAuthority, Relationship
from portal.services.access.family_rules import ADULT_AGE, AccessDecision
from portal.services.consent.people import first_name
from portal.services.consent.registry import item_type


class WhoDecides(enum.StrEnum):
    """Who may change a choice, from the reader's point of view."""

    YOU = "you"
    YOUNG_PERSON = "young_person"
    PARENTS = "parents"
    ATTORNEY = "attorney"
    BEST_INTERESTS = "best_interests"
    FROM_16 = "from_16"
    ASK_KEYWORKER = "ask_keyworker"


@dataclass(frozen=True)
class WhoMayChange:
    who: WhoDecides
    # First names of the people who may decide (besides the reader, for YOU).
    names: tuple[str, ...] = ()
    # The young person decides because staff recorded they are Gillick competent.
    gillick_competent: bool = False


_YOUNG_PERSON_DECIDES = {
    "young_person_decides",
    "only_the_young_person_decides_who_sees",
    "young_person_has_capacity",
}
_PARENTS_DECIDE = {"parental_responsibility_decides", "no_parental_responsibility"}
_AUTHORITIES = (LegalAuthority.LASTING_POWER_OF_ATTORNEY, LegalAuthority.DEPUTY)


def who_may_change(
    access: AccessDecision, contact: Contact, item_code: str, today: date
) -> WhoMayChange:
    """Who may change the choice, from `contact`'s answer and the young
    person's contacts (already loaded: no query)."""
    others = [
        c
        for c in contact.young_person.contacts
        if c.id != contact.id and c.relation is not Relationship.SELF and c.removed_at is None
    ]
    parents = tuple(first_name(c) for c in others if c.has_parental_responsibility)
    attorneys = tuple(
        first_name(c)
        for c in others
        if c.legal_authority in _AUTHORITIES and c.authority_health_and_welfare
    )
    if access.allowed:
        if access.basis is DecisionBasis.PARENTAL_RESPONSIBILITY:
            return WhoMayChange(WhoDecides.YOU, parents)
        if access.basis in (DecisionBasis.LASTING_POWER_OF_ATTORNEY, DecisionBasis.DEPUTY):
            return WhoMayChange(WhoDecides.YOU, attorneys)
        return WhoMayChange(WhoDecides.YOU)
    reason = access.reason
    if reason == "young_person_is_gillick_competent":
        return WhoMayChange(WhoDecides.YOUNG_PERSON, gillick_competent=True)
    if reason in _YOUNG_PERSON_DECIDES:
        return WhoMayChange(WhoDecides.YOUNG_PERSON)
    if reason in _PARENTS_DECIDE and parents:
        return WhoMayChange(WhoDecides.PARENTS, parents)
    if reason == "under_16_parental_responsibility_decides_access":
        return WhoMayChange(WhoDecides.FROM_16)
    if reason == "lacks_capacity_best_interests_decision_needed":
        adult = contact.young_person.age_on(today) >= ADULT_AGE
        if adult and attorneys and not item_type(item_code).only_the_young_person_decides:
            return WhoMayChange(WhoDecides.ATTORNEY, attorneys)
        return WhoMayChange(WhoDecides.BEST_INTERESTS)
    return WhoMayChange(WhoDecides.ASK_KEYWORKER)
