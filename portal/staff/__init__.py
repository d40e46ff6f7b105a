"""The staff workspace: keyworkers, managers and administrators.

Every route here declares its roles with `portal.access.staff(...)`, or is
`public` (sign-in pages), and turns any id in its address into a row through
`portal.staff.resolvers` (the need-to-know check for a young person).
"""

from flask import Blueprint

staff_blueprint = Blueprint("staff", __name__)

from portal.staff import (  # noqa: E402,F401
    access_log,
    actions,
    admin,
    allocation,
    auth,
    capacity,
    caseload,
    consent,
    contact_sessions,
    contacts,
    family_replies,
    feedback,
    feedback_entry,
    feedback_report,
    feedback_requests,
    feedback_themes,
    invitations,
    meeting_reminders,
    meetings,
    notes,
    password,
    plan,
    profile,
    record_export,
    record_feedback,
    record_messages,
    records,
    urgent,
    verification,
)
