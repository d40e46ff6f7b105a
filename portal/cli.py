"""`flask --app portal ...` commands for operators and the demo."""

from __future__ import annotations

import getpass
import sys

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from portal.extensions import db
from portal.models import StaffRole


def register_commands(app: Flask) -> None:
    app.cli.add_command(db_upgrade)
    app.cli.add_command(db_revision)
    app.cli.add_command(create_staff)
    app.cli.add_command(seed_demo)
    app.cli.add_command(prune_sessions)


@click.command("db-upgrade")
@with_appcontext
def db_upgrade() -> None:
    """Create or update the database schema by running the migrations."""
    from portal.migrations import upgrade

    if db.engine.dialect.name == "sqlite" and db.engine.url.database:
        from pathlib import Path

        Path(db.engine.url.database).parent.mkdir(parents=True, exist_ok=True)
    upgrade(db.engine)
    click.echo("The database schema is up to date.")


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
    number = f"{int(head or 0) + 1:04d}"
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
    from portal.services.staff_accounts import StaffAccountError, create_staff_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("First password (12 characters or more): ")
    try:
        user = create_staff_user(
            db.session,
            name=name,
            email=email,
            role=StaffRole(role),
            team_name=team,
            password=password,
            fast_hashing=current_app.config["PASSWORD_HASH_FAST"],
        )
    except StaffAccountError as error:
        raise click.ClickException(str(error.message)) from None
    click.echo(f"Created {user.role.value} account for {user.email}.")


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Add the fictional demo data (once), then print how to sign in."""
    from portal.services.demo_data import DEMO_PASSWORD, demo_sign_in_details, seed_demo_data

    # The demo accounts share a published password: never on a real service.
    if not (current_app.testing or current_app.config["DEMO_DATA_ALLOWED"]):
        raise click.ClickException("Demo data can only be added in development or tests.")

    created = seed_demo_data(db.session, fast_hashing=current_app.config["PASSWORD_HASH_FAST"])
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


@click.command("prune-sessions")
@with_appcontext
def prune_sessions() -> None:
    """Delete sessions that have timed out."""
    from portal.sessions import delete_expired_sessions

    click.echo(f"Deleted {delete_expired_sessions(current_app)} expired sessions.")
