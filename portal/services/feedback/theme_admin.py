"""Administrators manage the themes keyworkers tag feedback with: add one,
rename it, change its keywords, switch it off or on again. A theme is never
deleted, so tags already made keep their meaning. Audited, in the caller's
transaction.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models import FeedbackTheme, StaffUser
from portal.services.feedback.suggest import theme_keywords
from portal.services.records.audit import record_event

THEME_ADDED = "staff.feedback_theme.added"
THEME_CHANGED = "staff.feedback_theme.changed"
NAME_MAX_LENGTH = 120
KEYWORDS_MAX_LENGTH = 4000


class ThemeRefused(ValueError):
    """A name missing, too long or already used, or keywords too long."""


def all_themes(session: Session) -> Sequence[FeedbackTheme]:
    return session.scalars(
        select(FeedbackTheme).order_by(FeedbackTheme.display_order, FeedbackTheme.id)
    ).all()


def add_theme(
    session: Session, name: str, keywords: str, user: StaffUser, *, ip_address: str | None = None
) -> FeedbackTheme:
    name, words = _checked(session, name, keywords, None)
    code = _new_code(session, name)
    order = int(session.scalar(select(func.max(FeedbackTheme.display_order))) or 0) + 1
    theme = FeedbackTheme(code=code, name=name, keywords=words, active=True, display_order=order)
    session.add(theme)
    session.flush()
    record_event(session, THEME_ADDED, staff_user=user, ip_address=ip_address, theme=code)
    return theme


def change_theme(
    session: Session,
    theme: FeedbackTheme,
    name: str,
    keywords: str,
    active: bool,
    user: StaffUser,
    *,
    ip_address: str | None = None,
) -> bool:
    """Rename `theme`, change its keywords and whether it is in use. True when
    anything changed."""
    name, words = _checked(session, name, keywords, theme.id)
    wanted = {"name": name, "keywords": words, "active": active}
    changed = sorted(key for key, value in wanted.items() if getattr(theme, key) != value)
    if not changed:
        return False
    for key in changed:
        setattr(theme, key, wanted[key])
    session.flush()
    record_event(
        session,
        THEME_CHANGED,
        staff_user=user,
        ip_address=ip_address,
        theme=theme.code,
        changed=changed,
    )
    return True


def _checked(session: Session, name: str, keywords: str, theme_id: int | None) -> tuple[str, str]:
    name = " ".join(name.split())
    if not name or len(name) > NAME_MAX_LENGTH:
        raise ThemeRefused("name")
    if len(keywords) > KEYWORDS_MAX_LENGTH:
        raise ThemeRefused("keywords")
    same = select(FeedbackTheme.id).where(func.lower(FeedbackTheme.name) == name.lower())
    if theme_id is not None:
        same = same.where(FeedbackTheme.id != theme_id)
    if session.scalar(same) is not None:
        raise ThemeRefused("name_used")
    return name, "\n".join(theme_keywords(keywords))


def _new_code(session: Session, name: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")[:50] or "theme"
    taken = set(
        session.scalars(select(FeedbackTheme.code).where(FeedbackTheme.code.like(f"{base}%")))
    )
    code, number = base, 2
    while code in taken:
        code, number = f"{base}_{number}", number + 1
    return code
