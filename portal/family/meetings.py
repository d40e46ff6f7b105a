"""Placeholder routes while this part of the family pages is built."""

from __future__ import annotations

from flask import render_template

from portal.access import family
from portal.family import family_blueprint


@family_blueprint.route("/my-meetings")
@family
def meetings() -> str:
    return render_template("family/_placeholder.html", title="My meetings")


@family_blueprint.route("/my-meetings/<int:meeting_id>")
@family
def meeting(meeting_id: int) -> str:
    return render_template("family/_placeholder.html", title="Meeting")
