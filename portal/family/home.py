"""The family home page: where a young person or family member lands after
signing in."""

from __future__ import annotations

from flask import g, render_template

from portal.access import family
from portal.family import family_blueprint
from portal.models import Contact, Relationship


def greeting_name(contact: Contact) -> str:
    """The name to greet someone by: a young person's preferred name, or the
    family member's name as the record has it."""
    if contact.relation is Relationship.SELF:
        return contact.young_person.preferred_name
    return contact.name


@family_blueprint.route("/home")
@family
def home() -> str:
    contact: Contact = g.family_contact
    return render_template(
        "family/home.html",
        greeting_name=greeting_name(contact),
        about_self=contact.relation is Relationship.SELF,
        young_person_name=contact.young_person.preferred_name,
    )


@family_blueprint.route("/choose", methods=["GET", "POST"])
@family
def choose_young_person() -> str:
    return render_template("family/_placeholder.html", title="Choose")
