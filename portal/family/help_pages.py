"""Help, and the pages that say how the portal treats people: what we do with
your information (privacy) and how easy the website is to use (accessibility).
All public: people need them most when they cannot sign in."""

from __future__ import annotations

from flask import current_app, render_template

from portal.access import public
from portal.family import family_blueprint
from portal.i18n import translator_for
from portal.services.access.link_messages import lifetime_words
from portal.services.access.links import LinkSettings


@family_blueprint.route("/help", endpoint="help")
@public
def help_page() -> str:
    link_settings = LinkSettings.from_config(current_app.config)
    return render_template(
        "family/help/help.html",
        link_lasts=lifetime_words(link_settings.request_lifetime, translator_for()),
    )


@family_blueprint.route("/privacy")
@public
def privacy() -> str:
    return render_template("family/help/privacy.html")


@family_blueprint.route("/accessibility")
@public
def accessibility() -> str:
    return render_template("family/help/accessibility.html")
