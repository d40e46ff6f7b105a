"""Every message to and from the young person's contacts, by any channel and
in either direction, a page at a time. The rules (which messages, words of
sign-in links hidden) are in portal.services.records.record_messages; the
record shows the newest few and links here."""

from __future__ import annotations

from flask import render_template, request, url_for

from portal.access import staff
from portal.extensions import db
from portal.models import StaffRole, YoungPerson
from portal.services.records.record_messages import record_messages
from portal.staff import staff_blueprint
from portal.staff.resolvers import staff_young_person


@staff_blueprint.route("/young-people/<int:young_person_id>/messages")
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def record_messages_page(young_person: YoungPerson) -> str:
    page = request.args.get("page", "1")
    number = int(page) if page.isascii() and page.isdigit() and len(page) < 7 else 1
    messages = record_messages(db.session, young_person.id, number)
    return render_template(
        "staff/record_messages.html",
        young_person=young_person,
        messages=messages,
        page_url=lambda number: url_for(
            "staff.record_messages_page", young_person_id=young_person.id, page=number
        ),
    )
