"""Placeholder routes while this part of the family pages is built."""

from __future__ import annotations

from flask import render_template

from portal.access import family
from portal.family import family_blueprint


@family_blueprint.route("/tell-us")
@family
def feedback() -> str:
    return render_template("family/_placeholder.html", title="Tell us what you think")
