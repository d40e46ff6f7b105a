"""Easy-read blocks reach the page as the macro's own markup only: staff text is
escaped, key words are bold and glossary terms link to their explanation."""

from __future__ import annotations

from datetime import date

from flask import Flask, render_template_string

from easyread import ActionInput, PlanInput, render_plan
from tests.client import PortalClient

MACRO = (
    '{% from "components/easy_read_blocks.html" import easy_read_blocks %}'
    "{{ easy_read_blocks(blocks) }}"
)


def _render(app: Flask, blocks: list) -> str:  # type: ignore[type-arg]
    with app.test_request_context():
        return render_template_string(MACRO, blocks=blocks)


def test_staff_text_is_escaped(app: Flask) -> None:
    plan = PlanInput(sections=(("about_me", "<script>alert(1)</script> I like trains."),))
    html = _render(app, render_plan(plan, today=date(2026, 1, 5)))
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_terms_link_to_words_we_use_and_the_anchor_exists(app: Flask, client: PortalClient) -> None:
    plan = PlanInput(sections=(("about_me", "My CETR is soon. The CETR helps."),))
    html = _render(app, render_plan(plan, today=date(2026, 1, 5)))
    assert html.count('href="/words-we-use#cetr"') == 1  # first use only
    words_page = client.get("/words-we-use").get_data(as_text=True)
    assert 'id="cetr"' in words_page


def test_key_words_are_bold_and_pictures_sit_beside_them(app: Flask) -> None:
    action = ActionInput(
        what="Phone the school", who="Keyworker", due_on=date(2026, 1, 9), done=False
    )
    html = _render(
        app, render_plan(PlanInput(sections=(), actions=(action,)), today=date(2026, 1, 5))
    )
    assert "<strong>Friday 9 January</strong>" in html
    assert 'class="app-easy-read__picture" src="/static/dist/pictograms/' in html
    assert "<i>" not in html and "<em>" not in html
