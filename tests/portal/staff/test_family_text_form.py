"""Staff forms that write family text show the checker's findings before saving."""

from __future__ import annotations

from flask import Flask
from werkzeug.datastructures import MultiDict
from wtforms import TextAreaField

from portal.staff.family_text_form import FamilyTextForm


class PlanSectionForm(FamilyTextForm):
    family_text_fields = ("body",)
    body = TextAreaField("About me")


def _submit(app: Flask, **data: str) -> PlanSectionForm:
    with app.test_request_context(method="POST"):
        form = PlanSectionForm(formdata=MultiDict(data), meta={"csrf": False})
        form.validate()
        return form


def test_easy_text_passes(app: Flask) -> None:
    form = _submit(app, body="I like trains. I live with my mum.")
    assert not form.errors
    assert form.easy_read_reviews["body"].report.passes


def test_errors_stop_the_save_and_say_why(app: Flask) -> None:
    form = _submit(app, body="CETR actions: s117 aftercare to be confirmed by LA.", save_anyway="y")
    assert form.body.errors
    assert form.easy_read_reviews["body"].has_errors


def test_warnings_stop_the_save_until_save_anyway(app: Flask) -> None:
    text = "We will facilitate the meeting."
    assert _submit(app, body=text).body.errors
    assert not _submit(app, body=text, save_anyway="y").errors


def test_the_findings_show_beside_the_field_with_the_words_quoted(app: Flask) -> None:
    from flask import render_template_string

    form = _submit(app, body="We will <b>facilitate</b> the meeting.")
    macro = (
        '{% from "components/easy_read.html" import easy_read_findings %}'
        '{{ easy_read_findings(review, "body") }}'
    )
    with app.test_request_context():
        html = render_template_string(macro, review=form.easy_read_reviews["body"])
    assert 'id="body-easy-read"' in html
    assert "Suggestion:" in html and "“facilitate”" in html
    assert "<b>facilitate" not in html  # staff text never reaches the page as markup
