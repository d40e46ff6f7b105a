"""Export a young person's whole record (a subject access request): a zip
with `record.json` (the data, shape in docs/record-export.md) and
`record.html` (the same, to read and print).

Who may export: a manager of the young person's team (from the record page),
or an operator with `flask export-record`. A keyworker may not: a subject
access request is answered by the team, which checks what is sent out, and
the export holds more than a keyworker's page (every contact's details, the
audit trail). An administrator sees no case content.

Every export is audited as `record.exported`, with who, when and how.
"""

from __future__ import annotations

import enum
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from portal.models import StaffRole, StaffUser, YoungPerson
from portal.services.access.link_messages import TranslatorFor
from portal.services.access.staff import NotVisible, require_visible
from portal.services.records.audit import record_event
from portal.services.records.export_html import record_html
from portal.services.records.export_json import record_data
from portal.timezones import LONDON

RECORD_EXPORTED = "record.exported"


class ExportedBy(enum.StrEnum):
    """How the export was asked for (in the audit event)."""

    PAGE = "page"
    COMMAND = "command"


@dataclass(frozen=True)
class Export:
    filename: str
    content: bytes


def may_export(user: StaffUser, young_person: YoungPerson) -> bool:
    """Only an active manager of the young person's team."""
    return (
        user.is_active
        and user.role is StaffRole.MANAGER
        and user.team_id is not None
        and user.team_id == young_person.team_id
    )


def export_for_staff(
    session: Session,
    user: StaffUser,
    young_person: YoungPerson,
    now: datetime,
    translator_for: TranslatorFor,
    *,
    ip_address: str | None,
) -> Export:
    """The export, for a manager from the record page. Raises NotVisible for
    anyone else (the same answer as a record they may not see)."""
    require_visible(session, user, young_person.id)
    if not may_export(user, young_person):
        raise NotVisible(young_person.id)
    export = _build(session, young_person.id, now, translator_for)
    record_event(
        session,
        RECORD_EXPORTED,
        staff_user=user,
        young_person_id=young_person.id,
        ip_address=ip_address,
        how=ExportedBy.PAGE.value,
    )
    return export


def export_for_operator(
    session: Session,
    young_person_id: int,
    now: datetime,
    translator_for: TranslatorFor,
    *,
    operator: str,
) -> Export:
    """The export, for `flask export-record` (run by someone with access to
    the server). Raises NotVisible if there is no such young person.
    `operator` is the login name that ran the command, for the audit trail."""
    if session.get(YoungPerson, young_person_id) is None:
        raise NotVisible(young_person_id)
    export = _build(session, young_person_id, now, translator_for)
    record_event(
        session,
        RECORD_EXPORTED,
        young_person_id=young_person_id,
        how=ExportedBy.COMMAND.value,
        operator=operator,
    )
    return export


def _build(
    session: Session, young_person_id: int, now: datetime, translator_for: TranslatorFor
) -> Export:
    """The zip. record.html is in the young person's preferred language."""
    record = record_data(session, young_person_id)
    translator = translator_for(record["young_person"]["preferred_language"])
    exported_at = now.astimezone(LONDON)
    buffer = io.BytesIO()
    stamp = exported_at.timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in (
            ("record.json", json.dumps(record, indent=2, ensure_ascii=False)),
            ("record.html", record_html(record, exported_at, translator)),
        ):
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), text.encode("utf-8"))
    filename = f"record-{young_person_id}-{exported_at:%Y-%m-%d}.zip"
    return Export(filename=filename, content=buffer.getvalue())
