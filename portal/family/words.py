"""Words we use: the glossary, one anchor per term so plan text can link to
it, with a search that works without JavaScript (a GET form, `?q=`)."""

from __future__ import annotations

from flask import render_template, request

from easyread.glossary import load_glossary
from portal.access import public
from portal.family import family_blueprint
from portal.i18n import easyread_language
from portal.services.easy_read.glossary_search import normalise_query, search_terms


@family_blueprint.route("/words-we-use")
@public
def words() -> str:
    query = normalise_query(request.args.get("q"))
    glossary = load_glossary(easyread_language())
    return render_template(
        "family/help/words.html", query=query, terms=search_terms(glossary.terms, query)
    )
