"""History is added to, never changed. On PostgreSQL the database itself
refuses UPDATE, DELETE and TRUNCATE on every history table (the triggers of
migration 0008_append_only), whatever sends them: raw SQL, a bulk statement,
another program with the portal's login. SQLite has no such triggers, and
relies on the ORM guard (tests/portal/models/test_constraints.py)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Engine, func, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from portal.models import (
    ActorRole,
    AddressVerification,
    AssessmentOutcome,
    AuditEvent,
    Base,
    Channel,
    ConsentRequestAnswer,
    FamilyInputAcknowledgement,
    FamilyInputKind,
    FamilyInputNotice,
    FamilyReply,
    FamilyReplyRead,
    KeyworkerAllocation,
    Note,
    OptOutSource,
    Plan,
    PlanSection,
    PlanSectionKind,
    PlanVersion,
    RequestAnswerKind,
    RiskRating,
    RiskRatingChange,
    SmsOptOut,
    VerificationMethod,
    YouSaidWeDid,
    utc_now,
)
from portal.models.base import AppendOnly
from tests.support.factories import (
    make_action,
    make_best_interests_decision,
    make_capacity_assessment,
)
from tests.support.family_input_data import (
    FamilyOnCaseload,
    add_family_input_of_every_kind,
    make_family_on_caseload,
)
from tests.support.urgent import acknowledge_directly

MODELS = sorted(
    (mapper.class_ for mapper in Base.registry.mappers if issubclass(mapper.class_, AppendOnly)),
    key=lambda model: model.__tablename__,
)
HISTORY_TABLES = [model.__tablename__ for model in MODELS]
INSUFFICIENT_PRIVILEGE = "42501"


@pytest.fixture
def engine(migrated_engine: Engine) -> Engine:
    if migrated_engine.dialect.name != "postgresql":
        pytest.skip("only PostgreSQL has the triggers; SQLite relies on the ORM guard")
    return migrated_engine


@pytest.fixture
def history(session: Session, engine: Engine) -> dict[str, int]:
    """A saved row in every history table: the id of one row in each."""
    family = make_family_on_caseload(session)
    notices = add_family_input_of_every_kind(
        session, contact=family.contact, meeting=family.meeting, with_message=True
    )
    acknowledge_directly(session, notices.values(), family.keyworker)
    session.add(
        ConsentRequestAnswer(
            request_id=notices[FamilyInputKind.CONSENT_CHANGE_REQUEST].subject_id,
            young_person_id=family.young_person.id,
            kind=RequestAnswerKind.REPLIED,
            reply="We talked about it.",
            answered_by_id=family.keyworker.id,
        )
    )
    person = family.young_person
    _add_a_reply_read_and_dealt_with(session, notices[FamilyInputKind.MEETING_REPLY], family)
    make_capacity_assessment(session, young_person=person, outcome=AssessmentOutcome.LACKS_CAPACITY)
    make_best_interests_decision(session, young_person=person, allows_contact=None)
    _add_a_plan(session, young_person_id=person.id, keyworker_id=family.keyworker.id)
    session.add(
        Note(
            young_person_id=person.id,
            author_id=family.keyworker.id,
            summary="Met Robin",
            body="Met Robin.",
            event_at=utc_now(),
        )
    )
    session.add(
        RiskRatingChange(
            young_person_id=person.id,
            from_rating=RiskRating.AMBER,
            to_rating=RiskRating.AMBER,
            reason="Reviewed at the register review meeting.",
            changed_by_id=family.keyworker.id,
        )
    )
    session.add(_event())
    session.add(
        YouSaidWeDid(
            response_id=notices[FamilyInputKind.FEEDBACK].subject_id,
            young_person_id=person.id,
            you_said="The meeting was too long.",
            we_did="Meetings now have a break.",
            written_by_id=family.keyworker.id,
        )
    )
    session.add(
        KeyworkerAllocation(
            young_person_id=person.id,
            keyworker_id=family.keyworker.id,
            from_date=date(2026, 1, 5),
            reason="Joined the service.",
        )
    )
    session.add(
        AddressVerification(
            contact_id=family.contact.id,
            channel=Channel.SMS,
            address=family.contact.mobile_e164,
            method=VerificationMethod.PHONED,
            verified_by_id=family.keyworker.id,
        )
    )
    session.add(
        SmsOptOut(
            phone_e164=family.contact.mobile_e164 or "+447700900001",
            opted_out=True,
            source=OptOutSource.KEYWORD,
        )
    )
    session.commit()
    ids = {model.__tablename__: session.scalar(select(func.min(model.id))) for model in MODELS}
    missing = sorted(table for table, row_id in ids.items() if row_id is None)
    assert missing == [], f"add a row to these history tables in this fixture: {missing}"
    session.commit()  # let go of the tables, or TRUNCATE would wait for this session
    return {table: row_id for table, row_id in ids.items() if row_id is not None}


def _add_a_reply_read_and_dealt_with(
    session: Session, notice: FamilyInputNotice, family: FamilyOnCaseload
) -> None:
    reply = FamilyReply(
        notice_id=notice.id,
        young_person_id=family.young_person.id,
        contact_id=family.contact.id,
        text="Thank you for telling us.",
        written_by_id=family.keyworker.id,
    )
    session.add(reply)
    session.add(
        FamilyInputAcknowledgement(
            notice_id=notice.id,
            young_person_id=family.young_person.id,
            acknowledged_by_id=family.keyworker.id,
        )
    )
    session.flush()
    session.add(
        FamilyReplyRead(
            reply_id=reply.id, young_person_id=family.young_person.id, contact_id=family.contact.id
        )
    )


def _add_a_plan(session: Session, *, young_person_id: int, keyworker_id: int) -> None:
    plan = Plan(young_person_id=young_person_id)
    session.add(plan)
    session.flush()
    version = PlanVersion(
        plan_id=plan.id, number=1, change_note="First.", created_by_id=keyworker_id
    )
    session.add(version)
    session.flush()
    section = PlanSection(
        version_id=version.id, kind=PlanSectionKind.ABOUT_ME, body="I like trains."
    )
    session.add(section)
    session.flush()
    make_action(session, young_person_id=young_person_id, what="Book a quiet room.")


def _event() -> AuditEvent:
    return AuditEvent(actor_role=ActorRole.SYSTEM, action="test.event", detail={"n": 1})


def _refused(engine: Engine, sql: str, **params: object) -> str:
    """Run `sql` in a transaction of its own; it must be refused. The message."""
    with engine.connect() as connection, pytest.raises(DBAPIError) as raised:
        # A lock another session holds makes a test fail, not wait for ever.
        connection.execute(text("SET LOCAL lock_timeout = '5s'"))
        connection.execute(text(sql), params)
    assert getattr(raised.value.orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE
    return str(raised.value.orig).splitlines()[0]


def _count(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        return connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()  # noqa: S608


def test_every_history_table_and_only_those_has_the_triggers(engine: Engine) -> None:
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT tgrelid::regclass::text, tgname FROM pg_trigger"
                " WHERE tgfoid = 'refuse_history_change'::regproc AND tgenabled = 'O'"
            )
        ).all()
    found = {(table, trigger) for table, trigger in rows}
    expected = {
        (table, trigger)
        for table in HISTORY_TABLES
        for trigger in ("refuse_update_or_delete", "refuse_truncate")
    }
    assert found == expected, "a new history table needs the triggers in its migration"


@pytest.mark.parametrize("table", HISTORY_TABLES)
def test_a_raw_update_is_refused(engine: Engine, history: dict[str, int], table: str) -> None:
    message = _refused(engine, f"UPDATE {table} SET id = id WHERE id = :id", id=history[table])  # noqa: S608
    assert message == f"{table} rows are history: UPDATE is refused"


@pytest.mark.parametrize("table", HISTORY_TABLES)
def test_a_raw_delete_is_refused(engine: Engine, history: dict[str, int], table: str) -> None:
    message = _refused(engine, f"DELETE FROM {table} WHERE id = :id", id=history[table])  # noqa: S608
    assert message == f"{table} rows are history: DELETE is refused"
    assert _count(engine, table) >= 1


@pytest.mark.parametrize("table", HISTORY_TABLES)
def test_truncate_is_refused(engine: Engine, history: dict[str, int], table: str) -> None:
    # CASCADE, or a table other tables point at is refused for that reason first.
    message = _refused(engine, f"TRUNCATE {table} CASCADE")
    assert message.endswith("rows are history: TRUNCATE is refused")
    assert _count(engine, table) >= 1


def test_emptying_a_young_persons_tables_is_refused(
    engine: Engine, history: dict[str, int]
) -> None:
    message = _refused(engine, "TRUNCATE young_people CASCADE")
    assert message.endswith("rows are history: TRUNCATE is refused")
    assert _count(engine, "notes") == 1


def test_a_bulk_update_through_the_session_is_refused(
    engine: Engine, history: dict[str, int], session: Session
) -> None:
    """The ORM guard sees only objects it flushes; a bulk statement passes it
    and meets the trigger."""
    before = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert "test.event" in before
    with pytest.raises(DBAPIError) as raised:
        session.execute(update(AuditEvent).values(action="nothing.happened"))
    assert getattr(raised.value.orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE
    session.rollback()
    assert session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all() == before


def test_new_rows_are_still_added(engine: Engine, history: dict[str, int]) -> None:
    assert sorted(history) == HISTORY_TABLES
    events = _count(engine, "audit_events")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO audit_events (occurred_at, actor_role, action, detail)"
                " VALUES (now(), 'system', 'test.raw_insert', '{}')"
            )
        )
    assert _count(engine, "audit_events") == events + 1
