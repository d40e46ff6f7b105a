"""Feedback from each demo family: a Friends and Family Test answer from a
week or two ago, by text or on the web, some with a comment; by text it comes
in two parts (the number, then the comment), as the text flow files it.
Families who said their words may be used in reports have that choice on
record (a consent decision about their own words, dated at the answer).

Built as rows, not with `portal.services.feedback.filing.file_response`: that
dates the feedback now and leaves a notice for staff marked new, while the
demo starts with a history and nothing new for staff to read.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.demo.people import DemoFamily
from portal.models import (
    ConsentChoice,
    ConsentDecision,
    ConsentItem,
    DecisionBasis,
    DecisionChannel,
    FeedbackChannel,
    FeedbackResponse,
    FeedbackTheme,
    FeedbackThemeTag,
    FftAnswer,
    YouSaidWeDid,
)
from portal.services.consent.registry import FEEDBACK_IN_REPORTS
from portal.services.feedback.filing import answered_by_for
from portal.services.feedback.themes import sync_standard_themes

COMMENT = "The meeting was long but people listened to us."
IMPROVEMENT = "Please send the letters sooner before a meeting."
# What the service did, on Sam's family's feedback: Sam reads it on Tell us.
YOU_SAID = "You said meetings were long."
WE_DID = "We now have shorter meetings with a break."


def add_demo_feedback(
    session: Session,
    family: DemoFamily,
    items: Mapping[str, ConsentItem],
    *,
    now: datetime,
) -> FeedbackResponse:
    """Feedback from `family`'s last contact. The answers go round every
    Friends and Family Test answer in turn; every third family wrote no
    comment; odd families answered by text, in parts; even ones may be quoted."""
    index = family.index
    contact = family.contacts[-1]
    answers = list(FftAnswer)
    by_text = bool(index % 2)
    received_at = now - timedelta(days=10 + index)
    comment = COMMENT if index % 3 else None
    response = FeedbackResponse(
        young_person_id=family.person.id,
        contact_id=contact.id,
        channel=FeedbackChannel.SMS if by_text else FeedbackChannel.WEB,
        fft_answer=answers[index % len(answers)],
        comment=None if by_text else comment,
        improvement=IMPROVEMENT if not by_text and index % 4 == 0 else None,
        answered_by=answered_by_for(contact),
        received_at=received_at,
    )
    session.add(response)
    session.flush()
    if by_text and comment:
        session.add(
            FeedbackResponse(
                young_person_id=family.person.id,
                contact_id=contact.id,
                channel=FeedbackChannel.SMS,
                comment=comment,
                answered_by=response.answered_by,
                part_of_id=response.id,
                received_at=received_at + timedelta(minutes=3),
            )
        )
    if not by_text:
        session.add(
            ConsentDecision(
                young_person_id=family.person.id,
                item_id=items[FEEDBACK_IN_REPORTS.code].id,
                choice=ConsentChoice.YES,
                decided_by_contact_id=contact.id,
                about_contact_id=contact.id,
                basis=DecisionBasis.OWN_CONSENT,
                channel=DecisionChannel.PORTAL,
                decided_at=received_at,
            )
        )
    return response


def add_demo_themes_and_what_we_did(
    session: Session, family: DemoFamily, response: FeedbackResponse, *, now: datetime
) -> None:
    """Every family's comment tagged "Meetings" and "Being listened to" by
    their keyworker; on Sam's, what the service did about it."""
    sync_standard_themes(session)
    if not response.comment and family.spec.preferred_name != "Sam":
        return
    themes = session.scalars(
        select(FeedbackTheme).where(FeedbackTheme.code.in_(("meetings", "being_listened_to")))
    )
    for theme in themes:
        session.add(
            FeedbackThemeTag(
                response_id=response.id,
                theme_id=theme.id,
                young_person_id=family.person.id,
                tagged_by_id=family.keyworker.id,
                tagged_at=response.received_at + timedelta(days=1),
            )
        )
    if family.spec.preferred_name == "Sam":
        session.add(
            YouSaidWeDid(
                response_id=response.id,
                young_person_id=family.person.id,
                you_said=YOU_SAID,
                we_did=WE_DID,
                written_by_id=family.keyworker.id,
                written_at=response.received_at + timedelta(days=2),
            )
        )
