"""Export the record (a subject access request): a manager of the young
person's team downloads the zip from the record page. The rules are in
`portal.services.records.export`."""

from __future__ import annotations

from flask import g, make_response, request
from werkzeug.wrappers import Response

from portal.access import RefusalReason, refuse, staff
from portal.extensions import db
from portal.i18n import translator_for
from portal.models import StaffRole, YoungPerson, utc_now
from portal.services.access.staff import NotVisible
from portal.services.records.export import export_for_staff
from portal.staff import staff_blueprint
from portal.staff.resolvers import staff_young_person


@staff_blueprint.route("/young-people/<int:young_person_id>/export", methods=["POST"])
@staff(StaffRole.MANAGER)
@staff_young_person()
def export_record(young_person: YoungPerson) -> Response:
    try:
        export = export_for_staff(
            db.session,
            g.staff_user,
            young_person,
            utc_now(),
            translator_for,
            ip_address=request.remote_addr,
        )
    except NotVisible:
        refuse(404, RefusalReason.NOT_VISIBLE)
    response = make_response(export.content)
    response.headers["Content-Type"] = "application/zip"
    response.headers["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
