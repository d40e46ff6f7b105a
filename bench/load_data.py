"""The database bench/load.py loads: migrated, with the fictional demo data,
the generated volume data, and a signed-in session for Sam and one for his
keyworker, made the way signing in makes them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from cryptography.fernet import Fernet


@dataclass(frozen=True)
class BenchData:
    url: str
    totp_key: str
    family_session: str
    staff_session: str
    young_person_id: int
    meeting_id: int
    family_mobiles: tuple[str, ...]
    run_id: str


def build_database(url: str, *, young_people: int) -> BenchData:
    from sqlalchemy import select

    from portal import create_app
    from portal.config import Test
    from portal.demo.seed import seed_demo_data
    from portal.extensions import db
    from portal.migrations import upgrade
    from portal.models import Contact, Meeting, Relationship, StaffUser, YoungPerson

    if url.startswith("postgresql"):
        _make_empty_postgres_database(url)
    totp_key = Fernet.generate_key().decode()
    app = create_app(Test, overrides={"DATABASE_URL": url, "TOTP_ENCRYPTION_KEYS": (totp_key,)})
    with app.app_context():
        upgrade(db.engine)
        seed_demo_data(db.session, fast_hashing=True)
        db.session.commit()
        if young_people:
            _add_volume(db.session, young_people)
        sam = db.session.scalars(
            select(Contact)
            .join(YoungPerson)
            .where(YoungPerson.preferred_name == "Sam", Contact.relation == Relationship.SELF)
        ).one()
        person = db.session.get(YoungPerson, sam.young_person_id)
        assert person is not None and person.keyworker_id is not None
        keyworker = db.session.get(StaffUser, person.keyworker_id)
        assert keyworker is not None
        meeting_id = db.session.scalars(
            select(Meeting.id)
            .where(Meeting.young_person_id == person.id)
            .order_by(Meeting.starts_at.desc())
            .limit(1)
        ).one()
        demo_mobiles = db.session.scalars(
            select(Contact.mobile_e164)
            .where(Contact.mobile_e164.is_not(None), Contact.mobile_e164 < "+447700900300")
            .distinct()
        ).all()
        family_session = _session(db.session, contact_id=sam.id)
        staff_session = _session(db.session, staff_user_id=keyworker.id)
        db.session.commit()
        return BenchData(
            url=url,
            totp_key=totp_key,
            family_session=family_session,
            staff_session=staff_session,
            young_person_id=person.id,
            meeting_id=meeting_id,
            family_mobiles=tuple(number for number in demo_mobiles if number),
            run_id=secrets.token_hex(4),
        )


def _add_volume(session: object, young_people: int) -> None:
    from sqlalchemy.orm import Session

    from portal.demo.volume import VolumeShape, generate_volume

    assert isinstance(session, Session)
    made = generate_volume(session.connection(), VolumeShape(young_people=young_people))
    session.commit()
    print(
        f"  generated {made.young_people:,} young people, {made.meetings:,} meetings, "
        f"{made.responses:,} responses, {made.audit_events:,} audit events, "
        f"{made.messages:,} messages in {made.seconds:.0f} s",
        flush=True,
    )


def _session(session: object, **who: int) -> str:
    """A signed-in session row, as signing in leaves it; returns the cookie value."""
    from sqlalchemy.orm import Session

    from portal.models import WebSession, utc_now
    from portal.sessions import hash_session_id

    assert isinstance(session, Session)
    session_id = secrets.token_urlsafe(32)
    now = utc_now()
    session.add(
        WebSession(
            id_hash=hash_session_id(session_id),
            data={},
            created_at=now,
            signed_in_at=now,
            last_seen_at=now,
            **who,
        )
    )
    return session_id


def _make_empty_postgres_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url.replace("postgresql+psycopg", "postgresql"))
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
