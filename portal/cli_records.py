"""`flask --app portal export-record`: answer a subject access request."""

from __future__ import annotations

import getpass
from pathlib import Path

import click
from flask.cli import with_appcontext

from portal.extensions import db
from portal.unit_of_work import unit_of_work


@click.command("export-record")
@click.option("--young-person", "young_person_id", required=True, type=int, help="Their id.")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The zip file to write (record.json and record.html).",
)
@with_appcontext
def export_record(young_person_id: int, out: Path) -> None:
    """Write everything the portal keeps about a young person to a zip file.
    Audited. The file holds personal data: keep it safe, and delete it once sent."""
    from portal.i18n import translator_for
    from portal.models import utc_now
    from portal.services.access.staff import NotVisible
    from portal.services.records.export import export_for_operator

    # Written beside `out` first and renamed once the audit event is saved:
    # a file that cannot be written is not audited, and no file appears
    # without its audit event.
    partial = out.with_name(out.name + ".partial")
    try:
        with unit_of_work(db.session):
            export = export_for_operator(
                db.session,
                young_person_id,
                utc_now(),
                translator_for,
                operator=_operator(),
            )
            partial.write_bytes(export.content)
        partial.replace(out)
    except NotVisible:
        raise click.ClickException(f"There is no young person {young_person_id}.") from None
    except OSError as error:
        raise click.ClickException(f"Could not write {out}: {error.strerror}.") from None
    finally:
        partial.unlink(missing_ok=True)
    click.echo(f"Wrote the record of young person {young_person_id} to {out}.")
    click.echo("It holds personal data: keep it safe, and delete it once it is sent.")


def _operator() -> str:
    """The login name that ran the command, for the audit trail."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"
