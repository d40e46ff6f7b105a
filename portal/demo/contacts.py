"""The demo young people's contacts: themselves, family, a carer and an advocate.

There is no staff page for adding contacts yet, so these are built as rows.
Who is switched on for the portal is chosen so that the access rules
(`portal.services.access.family_rules`) have something to show: most may
sign in, each for a different reason, and one (Jordan's advocate) may not.

Sign-in links go only to addresses staff have checked, so the keyworker
marks verified the address of each contact who signs in (through
`portal.services.access.verification`, as staff do on the record). One is
left unchecked to show that case: Niamh's sister, whom the access rules let
in, cannot get a link until her number is verified.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from portal.demo.people import KINSHIP_CARER_NAME, KINSHIP_CARER_OF, DemoYoungPerson
from portal.models import (
    Channel,
    Contact,
    Relationship,
    StaffUser,
    VerificationMethod,
    YoungPerson,
)
from portal.services.access.family_rules import ADULT_AGE, DEFAULT_MINIMUM_OWN_ACCESS_AGE
from portal.services.access.verification import mark_address_verified

# Everyone's own mobile number is in 07700 900000 to 900199 (ten for each
# young person); the carer, who has the same number for two young people,
# has one of their own above that.
NUMBERS_PER_YOUNG_PERSON = 10
KINSHIP_CARER_NUMBER = 200


def demo_mobile(number: int) -> str:
    """A mobile number in Ofcom's drama range, so it can never reach anyone."""
    if not 0 <= number <= 999:
        raise ValueError(f"{number} is outside 07700 900000 to 900999")
    return f"07700 900{number:03d}"


# How the keyworker checked each kind of contact's address, when they did.
_CHECKS = {
    Relationship.SELF: (Channel.SMS, VerificationMethod.IN_PERSON),
    Relationship.PARENT: (Channel.SMS, VerificationMethod.PHONED),
    Relationship.CARER: (Channel.SMS, VerificationMethod.PHONED),
}


def add_demo_contacts(
    session: Session,
    person: YoungPerson,
    spec: DemoYoungPerson,
    index: int,
    *,
    keyworker: StaffUser,
    now: datetime,
) -> list[Contact]:
    """Add the contacts of the `index`th demo young person, young person
    first, with the addresses `keyworker` checked."""
    surname = spec.legal_name.split()[-1]
    base = index * NUMBERS_PER_YOUNG_PERSON
    contacts: list[Contact] = []
    # A young person is a contact of their own from the age they may have
    # their own access (most are not switched on: see _themselves).
    if spec.age >= DEFAULT_MINIMUM_OWN_ACCESS_AGE:
        contacts.append(_themselves(spec, base))
    if spec.age < ADULT_AGE:
        contacts.append(_mum(surname, base))
        if spec.preferred_name == "Liv":
            # Liv (12) has two parents with parental responsibility.
            contacts.append(_dad(surname, base))
    else:
        contacts.append(_sister(spec, surname, base))
    if spec.preferred_name in KINSHIP_CARER_OF:
        contacts.append(_kinship_carer())
    if spec.preferred_name == "Jordan":
        contacts.append(_advocate())
    for contact in contacts:
        contact.young_person_id = person.id
    session.add_all(contacts)
    session.flush()
    for contact in contacts:
        _check_address(session, contact, keyworker, now)
    return contacts


def _check_address(session: Session, contact: Contact, keyworker: StaffUser, now: datetime) -> None:
    """The keyworker checked the address links go to: the mobile number of
    young people, parents and the carer (the email address of a parent who
    prefers email). Niamh's sister and Jordan's advocate are not checked."""
    if contact.relation not in _CHECKS:
        return
    channel, method = _CHECKS[contact.relation]
    if contact.preferred_channel is Channel.EMAIL:
        channel, method = Channel.EMAIL, VerificationMethod.REPLIED
    mark_address_verified(
        session,
        contact,
        channel,
        method,
        now - timedelta(days=30),
        by=keyworker,
        note="Demo check.",
    )


def _themselves(spec: DemoYoungPerson, base: int) -> Contact:
    return Contact(
        name=spec.legal_name,
        relation=Relationship.SELF,
        mobile_e164=demo_mobile(base),
        preferred_channel=Channel.SMS,
        # Sam (17) has their own access to the portal.
        portal_access_enabled=spec.preferred_name == "Sam",
    )


def _mum(surname: str, base: int) -> Contact:
    return Contact(
        name=f"Alex {surname}",
        relation=Relationship.PARENT,
        relationship_detail="Mum",
        has_parental_responsibility=True,
        mobile_e164=demo_mobile(base + 1),
        email=f"alex.{surname.lower()}@example.org",
        preferred_channel=Channel.SMS,
        portal_access_enabled=True,
    )


def _dad(surname: str, base: int) -> Contact:
    return Contact(
        name=f"Chris {surname}",
        relation=Relationship.PARENT,
        relationship_detail="Dad",
        has_parental_responsibility=True,
        mobile_e164=demo_mobile(base + 2),
        email=f"chris.{surname.lower()}@example.org",
        preferred_channel=Channel.EMAIL,
        portal_access_enabled=True,
        reasonable_adjustments="Works shifts: phone after 4pm, or email.",
    )


def _sister(spec: DemoYoungPerson, surname: str, base: int) -> Contact:
    return Contact(
        name=f"Robin {surname}",
        relation=Relationship.RELATIVE,
        relationship_detail="Sister",
        mobile_e164=demo_mobile(base + 3),
        preferred_channel=Channel.SMS,
        # Niamh (18) lacks capacity to decide who sees her portal: a
        # best-interests decision lets her sister see it.
        portal_access_enabled=spec.preferred_name == "Niamh",
    )


def _kinship_carer() -> Contact:
    """One carer looks after both Amir and Mo: a contact for each of them,
    with the same phone and email, so the carer chooses whose page to open."""
    return Contact(
        name=KINSHIP_CARER_NAME,
        relation=Relationship.CARER,
        relationship_detail="Kinship carer (special guardianship order)",
        has_parental_responsibility=True,
        mobile_e164=demo_mobile(KINSHIP_CARER_NUMBER),
        email="jamie.carer@example.org",
        preferred_channel=Channel.SMS,
        portal_access_enabled=True,
    )


def _advocate() -> Contact:
    """Staff have switched Jordan's advocate on, but Jordan (21) has not
    agreed that they may see the portal, so the access rules say no."""
    return Contact(
        name="Pat Advocate-Demo",
        relation=Relationship.ADVOCATE,
        relationship_detail="Independent advocate",
        email="pat.advocate@example.org",
        preferred_channel=Channel.EMAIL,
        portal_access_enabled=True,
    )
