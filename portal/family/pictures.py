"""Credits for the pictograms: where they come from and their licence."""

from __future__ import annotations

from dataclasses import dataclass

from flask import render_template

from easyread.pictograms import pictogram, pictogram_credits
from portal.access import public
from portal.family import family_blueprint
from portal.i18n import easyread_language


@dataclass(frozen=True)
class PictureCredit:
    key: str
    alt: str
    author: str
    hexcode: str


@family_blueprint.route("/pictures-we-use")
@public
def pictures() -> str:
    lang = easyread_language()
    credits = [
        PictureCredit(
            key=credit.key,
            alt=pictogram(credit.key, lang).alt,
            author=credit.author,
            hexcode=credit.hexcode,
        )
        for credit in pictogram_credits()
    ]
    return render_template("family/help/pictures.html", credits=credits)
