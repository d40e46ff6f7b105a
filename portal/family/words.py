"""Words we use: the glossary, one anchor per term so plan text can link to it."""

from __future__ import annotations

from flask import render_template

from easyread.glossary import load_glossary
from portal.access import public
from portal.family import family_blueprint
from portal.i18n import easyread_language


@family_blueprint.route("/words-we-use")
@public
def words() -> str:
    return render_template("family/words.html", glossary=load_glossary(easyread_language()))
