"""Forms of My plan: easy read or standard wording."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import AnyOf

from portal.services.plans.family_view import WORDINGS


class PlanWordingForm(FlaskForm):
    # Sent by the page's one button: "easy" (easy read) or "standard".
    wording = HiddenField(validators=[AnyOf(WORDINGS)])
