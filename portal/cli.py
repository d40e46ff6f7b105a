"""`flask --app portal ...` commands for operators and the demo."""

from __future__ import annotations

import getpass
import sys
from datetime import datetime

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from portal.cli_backup import backup
from portal.cli_feedback import recount_feedback_command, request_feedback_command
from portal.cli_messages import remind, run_due
from portal.cli_records import export_record
from portal.cli_risk import check_risk
from portal.cli_sms import inbox, simulate_sms
from portal.cli_volume import generate_data
from portal.cli_worker import escalate_urgent, worker
from portal.extensions import db
from portal.models import StaffRole
from portal.unit_of_work import unit_of_work


def register_commands(app: Flask) -> None:
    app.cli.add_command(db_upgrade)
    app.cli.add_command(db_revision)
    app.cli.add_command(create_staff)
    app.cli.add_command(seed_demo)
    app.cli.add_command(prune_sessions)
    app.cli.add_command(worker)
    app.cli.add_command(escalate_urgent)
    app.cli.add_command(outbox)
    app.cli.add_command(invite)
    app.cli.add_command(rotate_encryption_key)
    app.cli.add_command(export_record)
    app.cli.add_command(run_due)
    app.cli.add_command(remind)
    app.cli.add_command(request_feedback_command)
    app.cli.add_command(recount_feedback_command)
    app.cli.add_command(inbox)
    app.cli.add_command(simulate_sms)
    app.cli.add_command(check_risk)
    app.cli.add_command(backup)
    app.cli.add_command(generate_data)


@click.command("db-upgrade")
@with_appcontext
def db_upgrade() -> None:
    """Create or update the database schema by running the migrations, then
    bring the consent items up to date with the registry in the code."""
    from portal.migrations import upgrade
    from portal.secrets_at_rest import current_key_ring
    from portal.services.consent.registry import sync_consent_items
    from portal.services.feedback.day_counts import fill_day_counts_if_missing
    from portal.services.feedback.themes import sync_standard_themes

    if db.engine.dialect.name == "sqlite" and db.engine.url.database:
        from pathlib import Path

        Path(db.engine.url.database).parent.mkdir(parents=True, exist_ok=True)
    # A migration that encrypts stored secrets needs the app's key ring.
    upgrade(db.engine, key_ring=current_key_ring())
    click.echo("The database schema is up to date.")
    # Every deployment has every consent item, demo data or not. If this
    # fails the schema stays upgraded; running the command again finishes it.
    with unit_of_work(db.session):
        changed = sync_consent_items(db.session)
    click.echo(f"The consent items are up to date ({changed} added, changed or removed).")
    with unit_of_work(db.session):
        added = sync_standard_themes(db.session)
    click.echo(f"The standard feedback themes are there ({added} added).")
    # A database with feedback from before the day counts: count it once.
    with unit_of_work(db.session):
        months = fill_day_counts_if_missing(db.session)
    if months:
        counted = f"{months} month{'' if months == 1 else 's'}"
        click.echo(f"The feedback counts are filled in ({counted} counted).")


@click.command("db-revision")
@click.option("--message", "-m", required=True, help="What the change is, in a few words.")
@with_appcontext
def db_revision(message: str) -> None:
    """Write the next numbered migration from the difference between the models
    and an up-to-date database. Read and edit it before committing."""
    from alembic import command
    from alembic.script import ScriptDirectory

    from portal.migrations import alembic_config

    config = alembic_config(db.engine)
    head = ScriptDirectory.from_config(config).get_current_head()
    # Revisions are numbered, and may have a name after the number ("0006_secrets").
    number = f"{int((head or '0').split('_')[0]) + 1:04d}"
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True, rev_id=number)


@click.command("create-staff")
@click.option("--email", required=True, help="Work email address; used to sign in.")
@click.option("--name", required=True, help="Full name.")
@click.option(
    "--role",
    required=True,
    type=click.Choice([role.value for role in StaffRole]),
    help="What the person may do.",
)
@click.option("--team", default=None, help="Care team name (created if new).")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the first password from standard input instead of asking.",
)
@with_appcontext
def create_staff(email: str, name: str, role: str, team: str | None, password_stdin: bool) -> None:
    """Create a staff account. They set up an authenticator app at first sign-in."""
    from portal.services.staff_accounts.accounts import StaffAccountError, create_staff_user
    from portal.staff.forms import ACCOUNT_PROBLEMS

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("First password (12 characters or more): ")
    try:
        with unit_of_work(db.session):
            user = create_staff_user(
                db.session,
                name=name,
                email=email,
                role=StaffRole(role),
                team_name=team,
                password=password,
                fast_hashing=current_app.config["PASSWORD_HASH_FAST"],
                service_name=current_app.config["SERVICE_NAME"],
            )
    except StaffAccountError as error:
        raise click.ClickException(str(ACCOUNT_PROBLEMS[error.problem])) from None
    click.echo(f"Created {user.role.value} account for {user.email}.")


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Add the fictional demo data (once), then print how to sign in."""
    from portal.demo.seed import DEMO_PASSWORD, demo_sign_in_details, seed_demo_data
    from portal.services.records.urgent_alerts import UrgentSettings

    # The demo accounts share a published password: never on a real service.
    if not (current_app.testing or current_app.config["DEMO_DATA_ALLOWED"]):
        raise click.ClickException("Demo data can only be added in development or tests.")

    # All of the demo data or none of it.
    with unit_of_work(db.session):
        created = seed_demo_data(
            db.session,
            fast_hashing=current_app.config["PASSWORD_HASH_FAST"],
            alerts=UrgentSettings.from_config(current_app.config),
        )
    click.echo("Demo data added." if created else "Demo data is already there.")
    click.echo("")
    click.echo("Sign in to the staff workspace at /staff/sign-in with:")
    for details in demo_sign_in_details(db.session):
        click.echo(f"  {details.role:<10} {details.email}")
        click.echo(f"             password: {DEMO_PASSWORD}")
        click.echo(
            f"             security code now: {details.current_code}"
            f"   (authenticator key: {details.totp_secret})"
        )
    _print_sms_demo_help()


def _print_sms_demo_help() -> None:
    """How to try the text message side of the demo without a Twilio account."""
    from sqlalchemy import select

    from portal.models import Contact

    token = current_app.config.get("TWILIO_AUTH_TOKEN") or ""
    number = db.session.scalar(
        select(Contact.mobile_e164)
        .where(Contact.phone_verified.is_(True), Contact.removed_at.is_(None))
        .order_by(Contact.id)
        .limit(1)
    )
    click.echo("")
    click.echo("Try text messages without Twilio: while the portal runs, in another terminal,")
    sender = number or "+447700900123"
    click.echo(f'  .venv/bin/flask --app portal simulate-sms --from "{sender}" --body "yes"')
    click.echo("  .venv/bin/flask --app portal inbox --show-bodies")
    click.echo("  .venv/bin/flask --app portal outbox")
    click.echo(f"Webhooks are signed with the development TWILIO_AUTH_TOKEN: {token}")


@click.command("prune-sessions")
@with_appcontext
def prune_sessions() -> None:
    """Delete sessions that have timed out."""
    from portal.sessions import delete_expired_sessions

    with unit_of_work(db.session):
        deleted = delete_expired_sessions(current_app)
    click.echo(f"Deleted {deleted} expired sessions.")


@click.command("outbox")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1))
@click.option(
    "--show-bodies",
    is_flag=True,
    help="Print message bodies in production too. They hold sign-in links: take care.",
)
@click.option(
    "--requeue",
    "requeue_id",
    type=int,
    help="Send this stuck or failed message again (check it was not sent first).",
)
@click.option("--give-up", "give_up_id", type=int, help="Mark this stuck message failed.")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="One JSON object a line per message, for scripts. Bodies only with --show-bodies.",
)
@with_appcontext
def outbox(
    limit: int, show_bodies: bool, requeue_id: int | None, give_up_id: int | None, as_json: bool
) -> None:
    """List the latest messages, what they say, and any stuck while sending."""
    from portal.models import utc_now
    from portal.services.messaging.outbox import (
        MessageNotQueued,
        give_up_message,
        latest_messages,
        requeue_message,
    )

    now = utc_now()
    try:
        if requeue_id is not None:
            with unit_of_work(db.session):
                requeue_message(db.session, requeue_id, now)
            click.echo(f"Message {requeue_id} is queued to be sent again.")
            return
        if give_up_id is not None:
            with unit_of_work(db.session):
                give_up_message(db.session, give_up_id)
            click.echo(f"Message {give_up_id} is marked failed.")
            return
    except MessageNotQueued as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        _outbox_as_json(now, limit, show_bodies)
        return

    # Bodies carry links that sign a family in: shown where the outbox page
    # is (development and tests), elsewhere only when asked for.
    bodies = show_bodies or current_app.config["OUTBOX_PAGE_ENABLED"]
    messages = latest_messages(db.session, limit=limit)
    if not messages:
        click.echo("The outbox is empty.")
    for message in messages:
        click.echo(
            f"#{message.id}  {message.channel.value:<5}  to {message.to_address}  "
            f"{message.status.value}  created {message.created_at:%Y-%m-%d %H:%M} UTC"
            f"  attempts {message.attempts}"
        )
        if message.last_error:
            click.echo(f"    last error: {message.last_error}")
        if bodies:
            if message.subject:
                click.echo(f"    subject: {message.subject}")
            for line in message.body.splitlines() or [""]:
                click.echo(f"    | {line}")
    if messages and not bodies:
        click.echo("(Bodies are hidden: add --show-bodies to print them.)")
    _print_stuck(now)


def _print_stuck(now: datetime) -> None:
    from portal.services.messaging.outbox import stuck_messages

    stuck = stuck_messages(db.session, now)
    if stuck:
        click.echo("")
        click.echo(
            f"{len(stuck)} message(s) have been sending for too long and may or may not "
            "have been sent. Check with the provider, then use --requeue ID or --give-up ID:"
        )
        for message in stuck:
            click.echo(
                f"  #{message.id}  {message.channel.value}  claimed "
                f"{message.claimed_at:%Y-%m-%d %H:%M} UTC"
            )


def _outbox_as_json(now: datetime, limit: int, with_body: bool) -> None:
    """The latest messages, then any stuck one not among them: one JSON
    object a line (JSON Lines). Bodies only when asked for, in every
    environment: the output is for scripts and may be kept."""
    import json

    from portal.services.messaging.outbox import latest_messages, message_record, stuck_messages

    stuck = stuck_messages(db.session, now)
    stuck_ids = {message.id for message in stuck}
    latest = latest_messages(db.session, limit=limit)
    shown = {message.id for message in latest}
    for message in [*latest, *(m for m in stuck if m.id not in shown)]:
        record = message_record(message, stuck=message.id in stuck_ids, with_body=with_body)
        click.echo(json.dumps(record, ensure_ascii=False))


@click.command("invite")
@click.option("--contact", "contact_id", required=True, type=int, help="The contact's id.")
@with_appcontext
def invite(contact_id: int) -> None:
    """Send a contact an invitation: a sign-in link by their preferred channel."""
    from portal.i18n import translator_for
    from portal.models import Channel, Contact, utc_now
    from portal.services.access.invitations import (
        ADDRESS_NOT_VERIFIED,
        InvitationRefused,
        invite_contact,
    )
    from portal.services.access.links import LinkSettings
    from portal.timezones import london_today

    contact = db.session.get(Contact, contact_id)
    if contact is None:
        raise click.ClickException(f"There is no contact {contact_id}.")
    try:
        with unit_of_work(db.session):
            issued = invite_contact(
                db.session,
                contact,
                utc_now(),
                london_today(),
                LinkSettings.from_config(current_app.config),
                by=None,
                translator_for=translator_for,
            )
    except InvitationRefused as refused:
        if refused.reason == ADDRESS_NOT_VERIFIED:
            what = "mobile number" if contact.preferred_channel is Channel.SMS else "email address"
            raise click.ClickException(
                f"Contact {contact_id}'s {what} is not verified: staff mark it verified "
                "on the record. No link was sent."
            ) from None
        raise click.ClickException(
            f"Contact {contact_id} may not use the portal today ({refused.reason}); "
            "no link was sent."
        ) from None
    link = issued.link
    click.echo(
        f"Invitation {link.id} for contact {contact_id} is in the outbox "
        f"({link.channel.value}); it works until {link.expires_at:%Y-%m-%d %H:%M} UTC."
    )
    # The link signs someone in: printed only where the outbox page shows
    # message bodies anyway (development and tests), never in production.
    if current_app.config["OUTBOX_PAGE_ENABLED"]:
        click.echo(f"Link: {issued.url}")


@click.command("rotate-encryption-key")
@with_appcontext
def rotate_encryption_key() -> None:
    """Encrypt every stored authenticator key again with the newest (first) key
    in TOTP_ENCRYPTION_KEYS, so the older keys can then be removed."""
    from portal.secrets_at_rest import current_key_ring
    from portal.services.staff_accounts.totp_keys import TotpKeysUnreadable, rotate_totp_keys

    key_ring = current_key_ring()
    try:
        with unit_of_work(db.session):
            rotation = rotate_totp_keys(db.session, key_ring)
    except TotpKeysUnreadable as error:
        raise click.ClickException(
            "Nothing was changed. No key in TOTP_ENCRYPTION_KEYS can read the authenticator "
            f"keys of staff accounts {error}: put back the key they were encrypted with."
        ) from None
    click.echo(
        f"Encrypted {rotation.encrypted_again} authenticator key(s) again with the newest key "
        f"({rotation.already_newest} already used it)."
    )
    if len(key_ring) > 1:
        click.echo(
            "Stored authenticator keys no longer need the older keys. Remove them from "
            "TOTP_ENCRYPTION_KEYS on every instance and restart (docs/operations.md)."
        )
