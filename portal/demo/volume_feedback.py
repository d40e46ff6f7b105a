"""The volume generator's feedback: responses in time order, each with the
request that asked for it (nine in ten), a later part (one text answer in
20), a theme tag (one in five) and, for the last 60 days, a notice for staff
(one in ten still unread)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Table

from portal.demo.volume_rows import Batches, VolumeIds
from portal.models import (
    AnsweredBy,
    Channel,
    FamilyInputKind,
    FamilyInputNotice,
    FeedbackChannel,
    FeedbackRequest,
    FeedbackResponse,
    FeedbackThemeTag,
    FftAnswer,
)

if TYPE_CHECKING:
    from portal.demo.volume import VolumeShape

# Weights of the six answers, roughly what NHS services see.
ANSWER_WEIGHTS = (50, 30, 7, 5, 3, 5)
COMMENTS = (
    "Staff listened to us and explained things well.",
    "It took a long time to hear back.",
    "The meeting helped us plan for college.",
    "I liked seeing the same person each time.",
)
IMPROVEMENTS = ("Reply to messages sooner.", "Shorter meetings, please.")


@dataclass(frozen=True)
class FeedbackCounts:
    parts: int
    requests: int
    tags: int
    notices: int


@dataclass(frozen=True)
class _Tables:
    request: Table
    response: Table
    tag: Table
    notice: Table


def add_feedback(
    connection: Connection,
    shape: VolumeShape,
    ids: VolumeIds,
    start: datetime,
    end: datetime,
    rng: random.Random,
    theme_ids: list[int],
) -> FeedbackCounts:
    models = (FeedbackRequest, FeedbackResponse, FeedbackThemeTag, FamilyInputNotice)
    tables = _Tables(*(model.__table__ for model in models))  # type: ignore[arg-type]
    out = Batches(connection, tables.request, tables.response, tables.tag, tables.notice)
    responses = shape.responses
    step = (end - start) / max(responses, 1)
    next_part = ids.response + responses + 1  # parts come after every first part
    manager, keyworker = ids.staff + 1, ids.staff + 2
    for number in range(1, responses + 1):
        at = start + step * (number - 1)
        person = rng.randrange(1, shape.young_people + 1)
        response_id = ids.response + number
        request_id = _maybe_request(out, tables.request, ids, number, person, at, rng)
        row = _response(response_id, ids, shape, person, at, request_id, rng)
        out.add(tables.response, row)
        if row["channel"] is FeedbackChannel.SMS and rng.random() < 0.05:
            out.add(tables.response, _part(next_part, row, rng))
            next_part += 1
        if rng.random() < 0.2:
            tag = {
                "response_id": response_id,
                "theme_id": rng.choice(theme_ids),
                "young_person_id": row["young_person_id"],
                "tagged_by_id": manager,
                "tagged_at": at,
            }
            out.add(tables.tag, tag)
        if end - at < timedelta(days=60):
            out.add(tables.notice, _notice(row, keyworker, rng))
    out.flush()
    counts = out.counts
    return FeedbackCounts(
        parts=counts[tables.response] - responses,
        requests=counts[tables.request],
        tags=counts[tables.tag],
        notices=counts[tables.notice],
    )


def _maybe_request(
    out: Batches,
    table: Table,
    ids: VolumeIds,
    number: int,
    person: int,
    at: datetime,
    rng: random.Random,
) -> int | None:
    """Nine responses in ten answer a request sent two days before; one
    request in four more is never answered (so about 68% are answered)."""
    if rng.random() >= 0.9:
        return None
    for answered in (True, False) if rng.random() < 0.33 else (True,):
        asked = at - timedelta(days=2)
        out.add(
            table,
            {
                "id": ids.request + number * 2 - (0 if answered else 1),
                "young_person_id": ids.person_id(person),
                "contact_id": ids.contact_id(person),
                "channel": Channel.SMS,
                "automatic": True,
                "requested_at": asked,
                "expires_at": asked + timedelta(days=14),
                "open_key": None,
                "answered_at": at if answered else None,
                "closed_at": at if answered else asked + timedelta(days=14),
            },
        )
    return ids.request + number * 2


def _response(
    response_id: int,
    ids: VolumeIds,
    shape: VolumeShape,
    person: int,
    at: datetime,
    request_id: int | None,
    rng: random.Random,
) -> dict[str, Any]:
    words = rng.random() < 0.3
    first_meeting = ids.meeting_id(person, 0, shape.meetings_per_person)
    return {
        "id": response_id,
        "young_person_id": ids.person_id(person),
        "contact_id": ids.contact_id(person),
        "meeting_id": first_meeting if rng.random() < 0.3 else None,
        "channel": FeedbackChannel.SMS if rng.random() < 0.4 else FeedbackChannel.WEB,
        "fft_answer": rng.choices(list(FftAnswer), ANSWER_WEIGHTS)[0],
        "comment": rng.choice(COMMENTS) if words else None,
        "improvement": rng.choice(IMPROVEMENTS) if words and rng.random() < 0.5 else None,
        "may_use_anonymously": False,
        "answered_by": rng.choice((*AnsweredBy, None)),
        "request_id": request_id,
        "part_of_id": None,
        "flagged": False,
        "received_at": at,
    }


def _part(part_id: int, first: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    return first | {
        "id": part_id,
        "fft_answer": None,
        "comment": rng.choice(COMMENTS),
        "improvement": None,
        "request_id": None,
        "part_of_id": first["id"],
        "received_at": first["received_at"] + timedelta(minutes=3),
    }


def _notice(response: dict[str, Any], keyworker: int, rng: random.Random) -> dict[str, Any]:
    seen = rng.random() >= 0.1
    at = response["received_at"]
    return {
        "young_person_id": response["young_person_id"],
        "contact_id": response["contact_id"],
        "kind": FamilyInputKind.FEEDBACK,
        "subject_id": response["id"],
        "summary": "Feedback",
        "urgent": False,
        "created_at": at,
        "seen_at": at + timedelta(days=1) if seen else None,
        "seen_by_id": keyworker if seen else None,
    }
