"""The contact pages of the record, in each state: adding one (empty and
with errors), editing one (as opened, with errors, refused because someone
saved first) and the removal page. None of them changes the world."""

from __future__ import annotations

from tests.support.page_example_types import PageExample, World


def _new(w: World) -> str:
    return f"/staff/young-people/{w.young_person_id}/contacts/new"


def _edit(w: World) -> str:
    return f"/staff/young-people/{w.young_person_id}/contacts/{w.family_member_contact_id}"


# A whole contact form, as a browser sends it.
_CONTACT = {
    "name": "Dana Testwell",
    "relation": "parent",
    "relationship_detail": "Mum",
    "has_parental_responsibility": "y",
    "legal_authority": "none",
    "mobile": "07700 900321",
    "email": "dana@example.org",
    "preferred_channel": "sms",
    "preferred_language": "en",
    "portal_access_enabled": "y",
    "reasonable_adjustments": "Phone after 4pm.",
}

CONTACT_PAGE_EXAMPLES: tuple[PageExample, ...] = (
    PageExample("add a contact", "staff.new_contact", _new, signed_in_as="keyworker"),
    PageExample(
        "add a contact, name missing, a number and email that are not ones, no scope",
        "staff.new_contact",
        _new,
        signed_in_as="manager",
        submit={
            **_CONTACT,
            "name": "",
            "mobile": "12345",
            "email": "dana.example.org",
            "legal_authority": "deputy",
        },
    ),
    PageExample("edit a contact", "staff.edit_contact", _edit, signed_in_as="keyworker"),
    PageExample(
        "edit a contact, the young person holding authority, a language that is not a code",
        "staff.edit_contact",
        _edit,
        signed_in_as="keyworker",
        submit={**_CONTACT, "version": "1", "relation": "self", "preferred_language": "Polish"},
    ),
    PageExample(
        "edit a contact, someone else saved it first",
        "staff.edit_contact",
        _edit,
        signed_in_as="keyworker",
        # Values the demo data holds: the translation check takes them for data.
        submit={
            **_CONTACT,
            "version": "0",
            "name": "Pat Advocate-Demo",
            "email": "pat.advocate@example.org",
            "reasonable_adjustments": "",
        },
    ),
    PageExample(
        "remove a contact",
        "staff.remove_contact_page",
        lambda w: _edit(w) + "/remove",
        signed_in_as="keyworker",
    ),
)
