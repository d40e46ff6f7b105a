"""`flask --app portal generate-data --young-people N`: a service's worth of
fictional history (portal.demo.volume), to see how the portal copes with
volume. Development and tests only, like the demo data."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.extensions import db
from portal.unit_of_work import unit_of_work


@click.command("generate-data")
@click.option(
    "--young-people",
    type=click.IntRange(min=1, max=100_000),
    default=1_000,
    show_default=True,
    help="How many fictional young people to add, each with one parent.",
)
@click.option("--meetings-each", type=click.IntRange(min=1, max=100), default=10, show_default=True)
@click.option(
    "--responses-each", type=click.IntRange(min=0, max=10_000), default=1_000, show_default=True
)
@click.option(
    "--audit-events-each", type=click.IntRange(min=0, max=10_000), default=200, show_default=True
)
@click.option(
    "--messages-each", type=click.IntRange(min=0, max=1_000), default=20, show_default=True
)
@click.option(
    "--seed", type=int, default=13, show_default=True, help="The same seed, the same data."
)
@with_appcontext
def generate_data(
    young_people: int,
    meetings_each: int,
    responses_each: int,
    audit_events_each: int,
    messages_each: int,
    seed: int,
) -> None:
    """Add fictional young people with two years of meetings, feedback,
    audit events and text messages, after what the database holds."""
    from portal.demo.volume import VolumeShape, generate_volume

    # Volume people are made up, but they sit beside the real ones in lists
    # and reports: never on a real service.
    if not (current_app.testing or current_app.config["DEMO_DATA_ALLOWED"]):
        raise click.ClickException("Generated data can only be added in development or tests.")
    shape = VolumeShape(
        young_people=young_people,
        meetings_per_person=meetings_each,
        responses_per_person=responses_each,
        audit_events_per_person=audit_events_each,
        messages_per_person=messages_each,
    )
    # All of it or none of it.
    with unit_of_work(db.session):
        made = generate_volume(db.session.connection(), shape, seed=seed)
    click.echo(
        f"Added {made.young_people:,} young people, {made.meetings:,} meetings, "
        f"{made.responses:,} feedback responses ({made.parts:,} more parts, "
        f"{made.requests:,} requests, {made.tags:,} theme tags, {made.notices:,} notices), "
        f"{made.audit_events:,} audit events and {made.messages:,} text messages "
        f"in {made.seconds:.0f} s."
    )
