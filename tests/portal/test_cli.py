"""Operator commands."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import MessageStatus, StaffRole, StaffUser
from portal.secrets_at_rest import new_key
from tests.support.factories import PASSWORD, make_staff_user


def test_create_staff(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=[
            "create-staff",
            "--email",
            "New.Admin@example.org",
            "--name",
            "New Admin",
            "--role",
            "admin",
            "--password-stdin",
        ],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created admin account for new.admin@example.org" in result.output
    with app.app_context():
        user = db.session.scalar(select(StaffUser))
        assert user.role is StaffRole.ADMIN and user.is_active


def test_create_staff_explains_a_weak_password(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=[
            "create-staff",
            "--email",
            "a@example.org",
            "--name",
            "A",
            "--role",
            "keyworker",
            "--password-stdin",
        ],
        input="short\n",
    )
    assert result.exit_code != 0
    assert "Password must be 12 characters or more" in result.output
    with app.app_context():
        assert db.session.scalar(select(StaffUser)) is None


def test_seed_demo_twice_adds_the_data_once_and_prints_how_to_sign_in(app: Flask) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo"])
    second = runner.invoke(args=["seed-demo"])
    assert first.exit_code == second.exit_code == 0, first.output
    assert "Demo data added." in first.output
    assert "Demo data is already there." in second.output
    assert "priya.keyworker@example.org" in second.output
    assert "security code now:" in second.output
    with app.app_context():
        assert len(db.session.scalars(select(StaffUser)).all()) == 5


def test_demo_data_is_refused_in_production(app: Flask) -> None:
    app.config.update(TESTING=False, DEMO_DATA_ALLOWED=False)
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code != 0
    assert "Demo data can only be added in development or tests." in result.output
    with app.app_context():
        assert db.session.scalar(select(StaffUser)) is None


def test_db_revision_finds_nothing_to_change(app: Flask, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Write into a copy of the migrations so the real folder is untouched.
    import shutil

    from portal import migrations as migrations_module

    copy = tmp_path / "migrations"
    shutil.copytree(migrations_module.PROJECT_ROOT / "migrations", copy)
    original = migrations_module.alembic_config

    def config_for_copy(engine):  # type: ignore[no-untyped-def]
        config = original(engine)
        config.set_main_option("script_location", str(copy))
        return config

    monkeypatch.setattr(migrations_module, "alembic_config", config_for_copy)
    result = app.test_cli_runner().invoke(args=["db-revision", "-m", "nothing"])
    assert result.exit_code == 0, result.output
    written = sorted(path.name for path in (copy / "versions").glob("*.py"))
    expected = f"{len(written):04d}_nothing.py"  # the next number after the others
    assert written[-1] == expected
    body = (copy / "versions" / expected).read_text()
    assert "op.create_table" not in body and "op.add_column" not in body


# The message worker and the outbox


def _queue_text(app: Flask, body: str = "You have a message: http://portal.test/") -> int:
    from portal.services.messaging.outbox import queue_sms
    from tests.support.factories import make_contact, make_team, make_young_person

    with app.app_context():
        person = make_young_person(db.session, team=make_team(db.session))
        contact = make_contact(db.session, young_person=person)
        message = queue_sms(db.session, contact=contact, body=body)
        db.session.commit()
        return message.id


def _status(app: Flask, message_id: int) -> str:
    from portal.models import Message

    with app.app_context():
        return db.session.get(Message, message_id).status.value


def test_worker_once_sends_what_is_due_to_the_outbox(app: Flask) -> None:
    message_id = _queue_text(app)
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert (
        "Text messages stay in the outbox and are not sent (SMS_BACKEND=outbox)." in result.output
    )
    assert "Sent 1, to retry 0, failed 0, to check 0." in result.output
    assert _status(app, message_id) == "sent"
    [kept] = app.extensions["sms_client"].sent
    assert kept.body == "You have a message: http://portal.test/"

    again = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert "Sent 0, to retry 0, failed 0, to check 0." in again.output
    assert len(app.extensions["sms_client"].sent) == 1


def test_worker_handles_a_request_for_a_link_the_web_process_left_waiting(app: Flask) -> None:
    """The web process died after answering /sign-in: the worker sends the link."""
    from datetime import timedelta

    from portal.models import LinkRequest, Message, utc_now
    from portal.services.access.addresses import normalise_address
    from portal.services.access.link_requests import WAITING_AFTER, queue_link_request
    from tests.support.sign_in_helpers import make_family

    make_family(app, mobile="07700 900430")
    address = normalise_address("07700 900430")
    assert address is not None
    with app.app_context():
        asked = queue_link_request(
            db.session, address, utc_now() - WAITING_AFTER - timedelta(seconds=1)
        )
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "Handled 1 waiting request(s) for a sign-in link." in result.output
    assert "Sent 1, to retry 0, failed 0, to check 0." in result.output
    with app.app_context():
        assert db.session.get(LinkRequest, asked.id).processed_at is not None  # type: ignore[union-attr]
        assert db.session.scalars(select(Message.to_address)).all() == ["+447700900430"]
    again = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert "waiting request" not in again.output


def test_worker_stops_cleanly_after_the_message_in_hand_on_ctrl_c(app: Flask) -> None:
    import os
    import signal

    from portal.clients import SentMessage
    from portal.models import MessageStatus

    first, second = _queue_text(app, "first"), _queue_text(app, "second")
    calls: list[str] = []

    class InterruptedSms:
        def send(self, to_e164: str, body: str, *, status_callback_url: str | None = None):  # type: ignore[no-untyped-def]
            calls.append(body)
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl+C while a message is in hand
            return SentMessage(provider_id=f"SM{len(calls):032d}", status=MessageStatus.SENT)

    app.extensions["sms_client"] = InterruptedSms()
    # Not always Python's default: a process started in the background by a
    # shell script ignores Ctrl+C from the start.
    handler_before = signal.getsignal(signal.SIGINT)
    result = app.test_cli_runner().invoke(args=["worker", "--interval", "60"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("Worker stopped.")
    # The message in hand was finished and recorded; the next waits for the next run.
    assert calls == ["first"]
    assert (_status(app, first), _status(app, second)) == ("sent", "queued")
    assert signal.getsignal(signal.SIGINT) is handler_before


def test_worker_stops_cleanly_on_keyboard_interrupt(app: Flask, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import portal.services.messaging.worker as messaging

    def interrupted(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(messaging, "send_due_messages", interrupted)
    result = app.test_cli_runner().invoke(args=["worker"])
    assert result.exit_code == 0, result.output
    assert "Worker stopped." in result.output


def test_outbox_lists_messages_with_their_bodies_in_development(app: Flask) -> None:
    message_id = _queue_text(app, "Line one\nOpen http://portal.test/")
    result = app.test_cli_runner().invoke(args=["outbox"])
    assert result.exit_code == 0, result.output
    assert f"#{message_id}  sms    to +447700900" in result.output
    assert "queued" in result.output
    assert "    | Line one\n    | Open http://portal.test/" in result.output


def test_outbox_hides_bodies_where_the_outbox_page_is_off(app: Flask) -> None:
    _queue_text(app, "A secret link http://portal.test/secret")
    app.config["OUTBOX_PAGE_ENABLED"] = False
    hidden = app.test_cli_runner().invoke(args=["outbox"])
    assert "secret" not in hidden.output
    assert "Bodies are hidden: add --show-bodies" in hidden.output
    shown = app.test_cli_runner().invoke(args=["outbox", "--show-bodies"])
    assert "A secret link http://portal.test/secret" in shown.output


def test_outbox_reports_a_stuck_message_and_a_person_settles_it(app: Flask) -> None:
    from datetime import timedelta

    from portal.models import Message, MessageStatus, utc_now

    message_id = _queue_text(app)
    with app.app_context():
        message = db.session.get(Message, message_id)
        message.status = MessageStatus.SENDING
        message.attempts = 1
        message.claimed_at = utc_now() - timedelta(hours=1)
        db.session.commit()
    runner = app.test_cli_runner()
    listing = runner.invoke(args=["outbox"])
    assert "1 message(s) have been sending for too long" in listing.output
    assert f"  #{message_id}  sms  claimed" in listing.output

    requeued = runner.invoke(args=["outbox", "--requeue", str(message_id)])
    assert requeued.exit_code == 0, requeued.output
    assert _status(app, message_id) == "queued"
    runner.invoke(args=["worker", "--once"])
    assert _status(app, message_id) == "sent"

    refused = runner.invoke(args=["outbox", "--give-up", str(message_id)])
    assert refused.exit_code != 0
    assert "only a message that is stuck can be given up" in refused.output


def test_prune_sessions_deletes_the_timed_out_ones_for_good(app: Flask) -> None:
    from datetime import timedelta

    from sqlalchemy import func

    from portal.models import WebSession, utc_now

    with app.app_context():
        long_ago = utc_now() - timedelta(days=2)
        db.session.add(WebSession(id_hash="a" * 64, created_at=long_ago, last_seen_at=long_ago))
        db.session.add(WebSession(id_hash="b" * 64))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["prune-sessions"])
    assert result.exit_code == 0, result.output
    assert "Deleted 1 expired sessions." in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(WebSession)) == 1


def test_outbox_gives_up_a_stuck_message_for_good(app: Flask) -> None:
    from datetime import timedelta

    from portal.models import Message, MessageStatus, utc_now

    message_id = _queue_text(app)
    with app.app_context():
        message = db.session.get(Message, message_id)
        message.status = MessageStatus.SENDING
        message.claimed_at = utc_now() - timedelta(hours=1)
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["outbox", "--give-up", str(message_id)])
    assert result.exit_code == 0, result.output
    assert f"Message {message_id} is marked failed." in result.output
    assert _status(app, message_id) == "failed"
    listing = app.test_cli_runner().invoke(args=["outbox"])
    assert "have been sending for too long" not in listing.output


def test_rotate_encryption_key_lets_the_old_key_go_and_staff_still_sign_in(app: Flask) -> None:
    old_key, new = new_key(), new_key()
    app.config["TOTP_ENCRYPTION_KEYS"] = (old_key,)
    with app.app_context():
        user = make_staff_user(db.session)
        db.session.commit()
    app.config["TOTP_ENCRYPTION_KEYS"] = (new, old_key)
    result = app.test_cli_runner().invoke(args=["rotate-encryption-key"])
    assert result.exit_code == 0, result.output
    assert "Encrypted 1 authenticator key(s) again with the newest key (0 already" in result.output
    assert "Remove them from TOTP_ENCRYPTION_KEYS" in result.output

    app.config["TOTP_ENCRYPTION_KEYS"] = (new,)
    client = app.test_client()
    client.sign_in(user, PASSWORD)  # type: ignore[attr-defined]
    assert client.get("/staff/").status_code == 200


def test_rotate_encryption_key_says_which_accounts_need_a_missing_key(app: Flask) -> None:
    app.config["TOTP_ENCRYPTION_KEYS"] = (new_key(),)
    with app.app_context():
        user = make_staff_user(db.session)
        db.session.commit()
    app.config["TOTP_ENCRYPTION_KEYS"] = (new_key(),)
    result = app.test_cli_runner().invoke(args=["rotate-encryption-key"])
    assert result.exit_code == 1
    assert "Nothing was changed" in result.output
    assert f"staff accounts {user.id}: put back the key" in result.output


def _overdue_urgent_notice(app: Flask) -> tuple[int, list[str]]:
    """An urgent notice a week old that nobody acknowledged, and the email
    addresses of the team's managers."""
    from datetime import timedelta

    from portal.models import FamilyInputKind, Message, utc_now
    from portal.services.records.family_input import notify_staff
    from tests.support.family_input_data import make_family_on_caseload
    from tests.support.urgent import TEST_ALERTS

    with app.app_context():
        family = make_family_on_caseload(db.session)
        notice = notify_staff(
            db.session,
            family.contact,
            FamilyInputKind.FEEDBACK,
            subject_id=1,
            summary="Feedback: may mention risk",
            urgent=True,
            alerts=TEST_ALERTS,
        )
        notice.created_at = utc_now() - timedelta(days=7)
        # The first alerts went out then.
        for message in db.session.scalars(select(Message)):
            message.status = MessageStatus.SENT
        db.session.commit()
        return notice.id, [family.manager.email]


def test_escalate_urgent_emails_the_managers_once(app: Flask) -> None:
    from portal.models import FamilyInputNotice, Message

    notice_id, managers = _overdue_urgent_notice(app)
    result = app.test_cli_runner().invoke(args=["escalate-urgent"])
    assert result.exit_code == 0, result.output
    assert "Escalated 1 urgent item(s) to the team's managers." in result.output
    again = app.test_cli_runner().invoke(args=["escalate-urgent"])
    assert again.exit_code == 0, again.output
    assert "No urgent item is waiting to be escalated." in again.output
    with app.app_context():
        queued = db.session.scalars(
            select(Message.to_address).where(Message.status == MessageStatus.QUEUED)
        ).all()
        assert queued == managers
        assert db.session.get(FamilyInputNotice, notice_id).escalated_at is not None  # type: ignore[union-attr]


def test_the_worker_escalates_overdue_urgent_items_each_pass(app: Flask) -> None:
    _notice_id, _managers = _overdue_urgent_notice(app)
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "Escalated 1 urgent item(s) to the team's managers." in result.output
    assert "Sent 1, to retry 0, failed 0, to check 0." in result.output
    again = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert "Escalated" not in again.output


def test_outbox_json_prints_one_object_a_message_without_bodies(app: Flask) -> None:
    import json

    older = _queue_text(app, "A link http://portal.test/secret-one")
    newer = _queue_text(app, "A link http://portal.test/secret-two")

    result = app.test_cli_runner().invoke(args=["outbox", "--json"])

    assert result.exit_code == 0, result.output
    assert "secret" not in result.output  # even where the outbox page is on
    records = [json.loads(line) for line in result.output.splitlines()]
    assert [record["id"] for record in records] == [newer, older]
    first = records[0]
    assert first["status"] == "queued" and first["channel"] == "sms"
    assert first["to"].startswith("+447700900")
    assert (first["stuck"], first["attempts"], first["error_code"]) == (False, 0, None)
    assert "body" not in first and "subject" not in first
    assert first["created_at"].endswith("+00:00")

    shown = app.test_cli_runner().invoke(args=["outbox", "--json", "--show-bodies"])
    bodies = [json.loads(line)["body"] for line in shown.output.splitlines()]
    assert bodies == [
        "A link http://portal.test/secret-two",
        "A link http://portal.test/secret-one",
    ]


def test_outbox_json_marks_stuck_messages_and_lists_them_beyond_the_limit(app: Flask) -> None:
    import json
    from datetime import timedelta

    from portal.models import Message, MessageStatus, utc_now

    stuck_id = _queue_text(app)
    latest_id = _queue_text(app)
    with app.app_context():
        message = db.session.get(Message, stuck_id)
        message.status = MessageStatus.SENDING
        message.attempts = 1
        message.claimed_at = utc_now() - timedelta(hours=1)
        message.error_code = "20500"
        db.session.commit()

    result = app.test_cli_runner().invoke(args=["outbox", "--json", "--limit", "1"])

    records = [json.loads(line) for line in result.output.splitlines()]
    assert [(r["id"], r["stuck"]) for r in records] == [(latest_id, False), (stuck_id, True)]
    assert records[1]["status"] == "sending" and records[1]["error_code"] == "20500"


def test_outbox_json_of_an_empty_outbox_prints_nothing(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["outbox", "--json"])
    assert (result.exit_code, result.output) == (0, "")


def test_worker_limit_sends_at_most_that_many_in_one_pass(app: Flask) -> None:
    for _ in range(3):
        _queue_text(app)
    result = app.test_cli_runner().invoke(args=["worker", "--once", "--limit", "2"])
    assert "Sent 2, to retry 0, failed 0, to check 0." in result.output


def test_on_sqlite_a_second_worker_refuses_to_start(app: Flask) -> None:
    import fcntl

    import pytest

    with app.app_context():
        url = db.engine.url
    if url.get_backend_name() != "sqlite":
        pytest.skip("PostgreSQL runs several workers (tests/portal/services/messaging)")
    message_id = _queue_text(app)
    with open(f"{url.database}.worker-lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running worker holds it
        refused = app.test_cli_runner().invoke(args=["worker", "--once"])
        assert refused.exit_code != 0
        assert "Another worker is running on this SQLite database" in refused.output
        assert _status(app, message_id) == "queued"
    started = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert started.exit_code == 0, started.output
    assert _status(app, message_id) == "sent"
