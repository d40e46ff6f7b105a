"""The themes keyworkers tag feedback with.

The standard themes are defined here in code; administrators add others
(`feedback_themes` rows with codes of their own). `sync_standard_themes`
adds a standard theme a deployment does not have yet and never changes or
removes one: once it exists, administrators own its name, words and whether
it is in use. `flask --app portal db-upgrade` runs it after the migrations.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import FeedbackTheme


@dataclass(frozen=True)
class StandardTheme:
    code: str
    name: str
    # Words that suggest the theme; a person confirms every tag.
    keywords: tuple[str, ...]


STANDARD_THEMES: tuple[StandardTheme, ...] = (
    StandardTheme(
        "communication",
        "Communication",
        (
            "told",
            "call",
            "called",
            "phone",
            "email",
            "text",
            "letter",
            "explain",
            "explained",
            "update",
            "updates",
            "kept informed",
            "reply",
            "replied",
            "understand",
        ),
    ),
    StandardTheme(
        "being_listened_to",
        "Being listened to",
        (
            "listen",
            "listened",
            "listening",
            "heard",
            "ignored",
            "my views",
            "my say",
            "asked me",
            "understood",
        ),
    ),
    StandardTheme(
        "meetings",
        "Meetings",
        (
            "meeting",
            "meetings",
            "review",
            "CETR",
            "CTR",
            "MDT",
            "panel",
            "agenda",
            "online",
            "video",
        ),
    ),
    StandardTheme(
        "waiting",
        "Waiting",
        ("wait", "waiting", "waited", "late", "delay", "delayed", "slow", "weeks", "months"),
    ),
    StandardTheme(
        "crisis_help",
        "Getting help in a crisis",
        ("crisis", "emergency", "urgent", "A&E", "111", "999", "out of hours", "weekend", "night"),
    ),
    StandardTheme(
        "school",
        "School or college",
        (
            "school",
            "college",
            "teacher",
            "teachers",
            "SENCo",
            "class",
            "lessons",
            "EHCP",
            "education",
        ),
    ),
    StandardTheme(
        "health_services",
        "Health services",
        (
            "doctor",
            "GP",
            "nurse",
            "hospital",
            "ward",
            "CAMHS",
            "medication",
            "medicine",
            "therapist",
            "psychiatrist",
        ),
    ),
    StandardTheme(
        "social_care",
        "Social care",
        (
            "social worker",
            "social care",
            "care package",
            "respite",
            "support worker",
            "short breaks",
            "housing",
        ),
    ),
)


def sync_standard_themes(session: Session) -> int:
    """Add each standard theme the database does not have. Returns how many
    it added; running it again returns 0. Flushes; the caller commits."""
    known = set(session.scalars(select(FeedbackTheme.code)))
    added = 0
    for order, theme in enumerate(STANDARD_THEMES, start=1):
        if theme.code in known:
            continue
        session.add(
            FeedbackTheme(
                code=theme.code,
                name=theme.name,
                keywords="\n".join(theme.keywords),
                active=True,
                display_order=order,
            )
        )
        added += 1
    session.flush()
    return added
