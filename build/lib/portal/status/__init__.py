"""Health checks for load balancers and monitoring."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.wrappers import Response

from portal.access import public
from portal.extensions import csrf, db

status_blueprint = Blueprint("status", __name__)
csrf.exempt(status_blueprint)


@status_blueprint.route("/healthz")
@public
def healthz() -> tuple[Response, int]:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        current_app.logger.exception("Health check: the database is unreachable")
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok"), 200
