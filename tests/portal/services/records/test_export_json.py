"""record.json holds every row the portal keeps about a young person, and no
secret."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from portal.models import Base, utc_now
from portal.services.records.contacts import remove_contact
from portal.services.records.export_json import record_data
from portal.services.records.export_rows import plain_value
from portal.services.records.export_tables import EXPORTED_TABLES, NOT_EXPORTED
from tests.query_counter import count_queries
from tests.support.export_data import LINK_SECRET, make_full_record
from tests.support.factories import make_contact, make_meeting

# The tables whose rows are "about" a young person through their foreign keys.
ROOT = "young_people"


def tables_referring_to_young_people() -> set[str]:
    """Every table with a chain of foreign keys to `young_people`: directly
    (notes, meetings, contacts, ...) or through a table that has one (replies
    through meetings, links through contacts, sections through plan versions)."""
    found = {ROOT}
    changed = True
    while changed:
        changed = False
        for table in Base.metadata.tables.values():
            if table.name in found:
                continue
            if any(key.column.table.name in found for key in table.foreign_keys):
                found.add(table.name)
                changed = True
    return found


def ids_at(record: dict[str, Any], path: str) -> set[int]:
    """The `id` of every row at `path` ("key", "key.field" or "key[].field")."""
    rows: list[Any] = [record]
    for part in path.split("."):
        many = part.endswith("[]")
        rows = [row[part.removesuffix("[]")] for row in rows]
        if many:
            rows = [item for group in rows for item in group]
    flat: list[dict[str, Any]] = []
    for value in rows:
        flat += value if isinstance(value, list) else [value]
    return {row["id"] for row in flat}


def test_every_table_that_refers_to_a_young_person_is_exported_or_left_out_on_purpose() -> None:
    """A new table with a foreign key chain to young_people fails here until
    it is added to EXPORTED_TABLES (and exported) or to NOT_EXPORTED with the
    reason. The next test then needs a row of it in make_full_record."""
    referring = tables_referring_to_young_people()
    decided = set(EXPORTED_TABLES) | set(NOT_EXPORTED)
    assert referring - decided == set(), "export these tables, or say why not"
    assert decided - referring == set(), "these tables do not refer to a young person"
    assert set(EXPORTED_TABLES).isdisjoint(NOT_EXPORTED)


def test_every_row_of_every_referring_table_appears_by_id(session: Session) -> None:
    """Built with a row in every table that refers to a young person, the
    export lists each of those rows, by id, where EXPORTED_TABLES says; and
    none of another young person's rows. Fails when a table that refers to a
    young person is added and not exported."""
    full = make_full_record(session)
    record = json.loads(json.dumps(record_data(session, full.young_person.id)))
    for name in sorted(tables_referring_to_young_people() - set(NOT_EXPORTED)):
        table = Base.metadata.tables[name]
        stored = set(session.scalars(select(table.c.id))) - {full.other_rows.get(name)}
        assert stored, f"make_full_record has no row in {name}: add one"
        assert ids_at(record, EXPORTED_TABLES[name]) == stored, name
    assert {row["id"] for row in record["contacts"]} & {full.other_rows["contacts"]} == set()


def test_the_top_level_keys() -> None:
    keys = {path.split(".")[0].removesuffix("[]") for path in EXPORTED_TABLES.values()}
    assert {
        "young_person",
        "contacts",
        "plan_versions",
        "actions",
        "meetings",
        "consent_decisions",
        "feedback",
        "messages",
        "notes",
        "audit",
    } <= keys


def test_no_secret_is_exported(session: Session) -> None:
    """No token hash, password hash, authenticator key or session hash; no
    more about staff than a name and role; no secret of a sign-in link."""
    full = make_full_record(session)
    record = record_data(session, full.young_person.id)
    text = json.dumps(record)
    for secret in ("token_hash", "password_hash", "totp_secret", "id_hash", LINK_SECRET):
        assert secret not in text
    assert full.keyworker.password_hash not in text
    assert full.keyworker.email not in text
    [message] = record["messages"]
    assert message["body"] == "Sign in here: http://portal.test/l/[removed]"


def test_staff_are_named_beside_their_ids_and_staff_addresses_are_left_out(
    session: Session,
) -> None:
    full = make_full_record(session)
    record = record_data(session, full.young_person.id)
    [note] = record["notes"]
    assert note["author_name"] == f"{full.keyworker.name} (keyworker)"
    assert record["young_person"]["keyworker_name"] == f"{full.keyworker.name} (keyworker)"
    by_action = {event["action"]: event for event in record["audit"]}
    assert by_action["record.viewed"]["actor_staff_name"] == f"{full.keyworker.name} (keyworker)"
    assert by_action["record.viewed"]["ip_address"] is None
    assert by_action["family.page.viewed"]["ip_address"] == "192.0.2.7"


def test_instants_have_an_offset_and_days_are_plain() -> None:
    from datetime import UTC, date, datetime

    assert plain_value(datetime(2026, 7, 1, 9, 0, tzinfo=UTC)) == "2026-07-01T10:00:00+01:00"
    assert plain_value(datetime(2026, 12, 1, 9, 0, tzinfo=UTC)) == "2026-12-01T09:00:00+00:00"
    assert plain_value(date(2026, 3, 2)) == "2026-03-02"


def test_a_fixed_number_of_queries_whatever_the_size(
    session: Session, migrated_engine: Engine
) -> None:
    full = make_full_record(session)
    with count_queries(migrated_engine) as small:
        record_data(session, full.young_person.id)
    for _ in range(10):
        make_meeting(session, young_person=full.young_person)
    for _ in range(10):
        make_contact(session, young_person=full.young_person)
    with count_queries(migrated_engine) as large:
        record_data(session, full.young_person.id)
    assert large.count == small.count
    # One query for each table, one for consent item codes, one for staff names.
    assert small.count == len(EXPORTED_TABLES) + 2


def test_a_removed_contact_stays_in_the_export_with_who_removed_them(session: Session) -> None:
    full = make_full_record(session)
    removed = make_contact(session, young_person=full.young_person, name="Lee Removed")
    remove_contact(session, removed, now=utc_now(), by=full.keyworker)
    record = record_data(session, full.young_person.id)
    [row] = [contact for contact in record["contacts"] if contact["id"] == removed.id]
    assert row["removed_at"] is not None and row["portal_access_enabled"] is False
    assert row["removed_by_name"] == f"{full.keyworker.name} (keyworker)"


def test_each_action_comes_with_every_save_and_its_meeting_lists_it(session: Session) -> None:
    full = make_full_record(session)
    record = json.loads(json.dumps(record_data(session, full.young_person.id)))
    [action] = record["actions"]
    assert [change["sequence"] for change in action["changes"]] == [1]
    assert action["changes"][0]["status"] == action["status"] == "not_started"
    [meeting] = [m for m in record["meetings"] if m["id"] == action["meeting_id"]]
    assert meeting["actions"] == [action["id"]]
