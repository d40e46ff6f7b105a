"""Administrators add, rename, re-word and switch off themes; never delete."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import AuditEvent, FeedbackTheme, StaffRole
from portal.services.feedback.theme_admin import (
    THEME_ADDED,
    THEME_CHANGED,
    ThemeRefused,
    add_theme,
    change_theme,
)
from portal.services.feedback.themes import sync_standard_themes
from tests.support.factories import make_staff_user


def test_add_rename_and_switch_off(session: Session) -> None:
    admin = make_staff_user(session, role=StaffRole.ADMIN)
    sync_standard_themes(session)
    theme = add_theme(session, "  Getting  there ", "bus\n\n taxi \n", admin)
    assert (theme.code, theme.name, theme.keywords, theme.active) == (
        "getting_there",
        "Getting there",
        "bus\ntaxi",
        True,
    )
    assert add_theme(session, "Getting-there!", "", admin).code == "getting_there_2"
    assert change_theme(session, theme, "Transport", "bus\ntrain", False, admin)
    assert not change_theme(session, theme, "Transport", "bus\ntrain", False, admin)
    assert (theme.name, theme.keywords, theme.active, theme.code) == (
        "Transport",
        "bus\ntrain",
        False,
        "getting_there",
    )
    events = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == [THEME_ADDED, THEME_ADDED, THEME_CHANGED]
    assert events[-1].detail["changed"] == ["active", "keywords", "name"]
    assert session.get(FeedbackTheme, theme.id) is not None


@pytest.mark.parametrize(
    ("name", "keywords", "problem"),
    [
        ("", "", "name"),
        ("x" * 121, "", "name"),
        ("communication", "", "name_used"),
        ("Fine", "x" * 4001, "keywords"),
    ],
)
def test_bad_names_and_keywords_are_refused(
    session: Session, name: str, keywords: str, problem: str
) -> None:
    admin = make_staff_user(session, role=StaffRole.ADMIN)
    sync_standard_themes(session)
    with pytest.raises(ThemeRefused, match=f"^{problem}$"):
        add_theme(session, name, keywords, admin)
