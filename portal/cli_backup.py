"""`flask --app portal backup --out FILE`: a consistent copy of the SQLite
database while the portal runs (portal.backup)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from portal.extensions import db


@click.command("backup")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The file to write the copy to (a SQLite database).",
)
@with_appcontext
def backup(out: Path) -> None:
    """Copy the SQLite database to FILE while the portal runs. The copy holds
    personal data: keep it as safe as the database."""
    from portal.backup import BackupFailed, BackupNotSupported, back_up_sqlite

    try:
        made = back_up_sqlite(db.engine, out)
    except BackupNotSupported as other:
        raise click.ClickException(
            f"This database is {other.dialect}, not SQLite: back it up with its own tools "
            "(pg_dump for PostgreSQL; see docs/operations.md, Backups)."
        ) from None
    except BackupFailed as failed:
        raise click.ClickException(f"The copy failed SQLite's integrity check: {failed}.") from None
    except OSError as error:
        raise click.ClickException(f"Could not write {out}: {error.strerror}.") from None
    click.echo(
        f"Backed up {made.total_rows} rows in {len(made.rows)} tables to {out} "
        "(integrity check: ok)."
    )
    click.echo("It holds personal data: keep it as safe as the database.")
