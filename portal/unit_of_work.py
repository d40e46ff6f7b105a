"""The edge owns the transaction.

Services add to the SQLAlchemy session they are given and never commit. Each
edge runs as one unit of work that commits or rolls back as a whole:

- a request: `register_request_unit_of_work` commits after the view (and the
  blueprints' `after_request` hooks) made a response below 500, and rolls back
  a 500 or an exception. A commit that fails becomes the 500 page.
- a CLI command, a worker batch or a webhook's later processing:
  `with unit_of_work(session): ...` commits when the block ends and rolls back
  if it raises.

A view that refuses something (a wrong date of birth, a wrong code) still
answers below 500, so what the refusal counted is committed with it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask, Response
from sqlalchemy.orm import Session


@contextmanager
def unit_of_work(session: Session) -> Iterator[Session]:
    """Commit what the block added to `session`, or roll it all back."""
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    session.commit()


def register_request_unit_of_work(app: Flask) -> None:
    from flask import session

    from portal.extensions import db
    from portal.sessions import touch_in_request_transaction

    @app.after_request
    def _commit_or_roll_back(response: Response) -> Response:
        if response.status_code >= 500:
            db.session.rollback()
        else:
            # The session's last use goes in the same commit (portal.sessions).
            touch_in_request_transaction(session)
            db.session.commit()
        return response

    @app.teardown_request
    def _roll_back_on_error(error: BaseException | None) -> None:
        if error is not None:
            db.session.rollback()
