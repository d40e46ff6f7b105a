"""The examples of a record's Feedback page, its "You said, we did" page and
writing down an answer given by phone or on paper,
on the world's young person's record (the demo's feedback, with a theme
confirmed and a "You said, we did" the family reads)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models import FeedbackResponse, FeedbackTheme
from tests.support.page_example_types import PageExample

NOT_EASY_READ = "We will facilitate a multidisciplinary consultation regarding your concerns."


def add_example_feedback(session: Session, young_person_id: int) -> dict[str, int]:
    response_id = session.scalars(
        select(FeedbackResponse.id)
        .where(FeedbackResponse.young_person_id == young_person_id)
        .order_by(FeedbackResponse.id)
    ).first()
    theme_id = session.scalars(select(FeedbackTheme.id).order_by(FeedbackTheme.id)).first()
    assert response_id is not None and theme_id is not None
    return {"feedback_response_id": response_id, "feedback_theme_id": theme_id}


def _path(young_person_id: int, response_id: int | None = None) -> str:
    path = f"/staff/young-people/{young_person_id}/feedback"
    return f"{path}/{response_id}/you-said-we-did" if response_id else path


EXAMPLES: tuple[PageExample, ...] = (
    PageExample(
        "a record's feedback",
        "staff.record_feedback",
        lambda w: _path(w.young_person_id),
        signed_in_as="keyworker",
    ),
    PageExample(
        "you said, we did",
        "staff.you_said_we_did",
        lambda w: _path(w.young_person_id, w.feedback_response_id),
        signed_in_as="keyworker",
    ),
    PageExample(
        "you said, we did, not easy read yet",
        "staff.you_said_we_did",
        lambda w: _path(w.young_person_id, w.feedback_response_id),
        signed_in_as="keyworker",
        submit={"you_said": "You said the letters came late.", "we_did": NOT_EASY_READ},
    ),
    PageExample(
        "write down feedback given by phone or on paper",
        "staff.feedback_entry",
        lambda w: _path(w.young_person_id) + "/add",
        signed_in_as="keyworker",
    ),
    PageExample(
        "write down feedback, nothing chosen",
        "staff.feedback_entry",
        lambda w: _path(w.young_person_id) + "/add",
        signed_in_as="keyworker",
        submit={"day": "", "month": "", "year": ""},
    ),
    PageExample(
        "feedback themes",
        "staff.feedback_themes",
        lambda w: "/staff/admin/feedback-themes",
        signed_in_as="admin",
    ),
    PageExample(
        "feedback themes, a theme with no name",
        "staff.feedback_themes",
        lambda w: "/staff/admin/feedback-themes",
        signed_in_as="admin",
        submit={"name": "", "keywords": "bus"},
    ),
    PageExample(
        "change a feedback theme",
        "staff.feedback_theme_edit",
        lambda w: f"/staff/admin/feedback-themes/{w.feedback_theme_id}",
        signed_in_as="admin",
    ),
)
