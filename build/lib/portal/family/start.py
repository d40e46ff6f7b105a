"""The front page: what this is, and how to get in (with a link, no password)."""

from __future__ import annotations

from flask import render_template

from portal.access import public
from portal.family import family_blueprint


@family_blueprint.route("/")
@public
def start() -> str:
    return render_template("family/start.html")
