"""Placeholder routes while this part of the family pages is built."""

from __future__ import annotations

from flask import render_template

from portal.access import family
from portal.family import family_blueprint


@family_blueprint.route("/my-choices")
@family
def choices() -> str:
    return render_template("family/_placeholder.html", title="My choices")


@family_blueprint.route("/my-choices/<item_code>")
@family
def choice(item_code: str) -> str:
    return render_template("family/_placeholder.html", title="Choice")
