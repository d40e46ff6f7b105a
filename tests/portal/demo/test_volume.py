"""The volume data for the benchmark: the rows it says it added, each part
pointing at a first part, and the collated view counting each response once."""

from __future__ import annotations

from datetime import date

from flask import Flask
from sqlalchemy import func, select

from portal.demo.volume import generate_volume
from portal.extensions import db
from portal.models import FeedbackRequest, FeedbackResponse, FeedbackThemeTag, YoungPerson
from portal.services.feedback.collation import collate
from portal.services.feedback.collation_scope import Scope, ScopeKind
from portal.services.feedback.periods import Period


def test_the_volume_data_is_what_it_says(app: Flask) -> None:
    with app.app_context():
        with db.engine.begin() as connection:
            summary = generate_volume(
                connection, young_people=30, responses=3_000, today=date(2026, 12, 1)
            )
        session = db.session
        first_parts = select(func.count()).where(FeedbackResponse.part_of_id.is_(None))
        assert session.scalar(first_parts) == 3_000
        assert session.scalar(select(func.count(FeedbackResponse.id))) == 3_000 + summary.parts
        assert session.scalar(select(func.count(FeedbackRequest.id))) == summary.requests
        assert session.scalar(select(func.count(FeedbackThemeTag.id))) == summary.tags
        assert session.scalar(select(func.count(YoungPerson.id))) == 30
        assert summary.parts > 0 and summary.requests > 2_000 and summary.notices > 0
        whole = Period(date(2024, 12, 1), date(2026, 11, 30))
        figures = collate(session, whole, Scope(ScopeKind.SERVICE))
        assert figures.responses == 3_000 and figures.no_answer == 0
        assert 0 < figures.requests_answered < figures.requests_sent
