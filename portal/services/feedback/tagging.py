"""A keyworker confirms a theme on a response (a `FeedbackThemeTag`) or
removes one. Each is one atomic statement: confirming is INSERT ... ON
CONFLICT DO NOTHING on the unique (response, theme), so twenty people
confirming at once leave one tag; removing is one DELETE. Both are audited
when they change something, in the caller's transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from portal.models import FeedbackResponse, FeedbackTheme, FeedbackThemeTag, StaffUser
from portal.services.feedback.day_counts import mark_response
from portal.services.records.audit import record_event

THEME_TAGGED = "staff.feedback.theme_tagged"
THEME_UNTAGGED = "staff.feedback.theme_untagged"


class ThemeNotInUse(ValueError):
    """The theme is switched off: it is not added to more responses."""


def confirm_theme(
    session: Session,
    response: FeedbackResponse,
    theme: FeedbackTheme,
    user: StaffUser,
    now: datetime,
    *,
    ip_address: str | None = None,
) -> bool:
    """Tag `response` with `theme`. True when this added the tag; False when
    it was there already (nothing changes, nothing audited)."""
    if not theme.active:
        raise ThemeNotInUse(theme.code)
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    added = session.execute(
        insert(FeedbackThemeTag)
        .values(
            response_id=response.id,
            theme_id=theme.id,
            young_person_id=response.young_person_id,
            tagged_by_id=user.id,
            tagged_at=now,
        )
        .on_conflict_do_nothing(index_elements=["response_id", "theme_id"])
        .returning(FeedbackThemeTag.id)
    ).all()
    if not added:
        return False
    mark_response(session, response.id)
    _audit(session, THEME_TAGGED, response, theme, user, ip_address)
    return True


def remove_theme(
    session: Session,
    response: FeedbackResponse,
    theme: FeedbackTheme,
    user: StaffUser,
    *,
    ip_address: str | None = None,
) -> bool:
    """Remove the tag. True when there was one to remove."""
    removed = session.execute(
        delete(FeedbackThemeTag)
        .where(FeedbackThemeTag.response_id == response.id, FeedbackThemeTag.theme_id == theme.id)
        .returning(FeedbackThemeTag.id)
        .execution_options(synchronize_session=False)
    ).all()
    if not removed:
        return False
    mark_response(session, response.id)
    _audit(session, THEME_UNTAGGED, response, theme, user, ip_address)
    return True


def _audit(
    session: Session,
    action: str,
    response: FeedbackResponse,
    theme: FeedbackTheme,
    user: StaffUser,
    ip_address: str | None,
) -> None:
    record_event(
        session,
        action,
        staff_user=user,
        young_person_id=response.young_person_id,
        ip_address=ip_address,
        response_id=response.id,
        theme=theme.code,
    )
