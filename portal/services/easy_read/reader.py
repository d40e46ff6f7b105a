"""Who reads a family page: the young person, or someone in their family.

Pages speak to the reader (easyread.render.reader): Sam reads "My plan" and
"Your keyworker can share information about you"; his mum reads "Sam's plan"
and "Sam's keyworker can share information about Sam", with the pronouns
staff recorded for Sam. This is the one place that decides which.
"""

from __future__ import annotations

from easyread.render.reader import YOUNG_PERSON, Reader
from portal.models import Contact, Relationship


def reader_for(contact: Contact | None) -> Reader:
    """The reader a signed-in contact is; the young person when nobody is
    signed in (the public pages speak to the young person)."""
    if contact is None or contact.relation is Relationship.SELF:
        return YOUNG_PERSON
    person = contact.young_person
    return Reader.someone_else(person.preferred_name, person.pronouns)
