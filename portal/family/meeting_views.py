"""Placeholder routes while this part of the family pages is built."""

from __future__ import annotations

from flask import render_template

from portal.access import family
from portal.family import family_blueprint


@family_blueprint.route("/my-meetings/<int:meeting_id>/my-views")
@family
def views_start(meeting_id: int) -> str:
    return render_template("family/_placeholder.html", title="My views before the meeting")
