"""Templates: strict about misspelt variables, lenient for NHS.UK macro options."""

from __future__ import annotations

import pytest
from flask import Flask, render_template_string
from jinja2 import UndefinedError


def test_a_misspelt_variable_fails_loudly(app: Flask) -> None:
    with app.test_request_context(), pytest.raises(UndefinedError):
        render_template_string("<p>{{ young_persn.name }}</p>")


def test_optional_macro_parameters_may_be_left_out(app: Flask) -> None:
    template = (
        '{% from "nhsuk/components/inset-text/macro.jinja" import insetText %}'
        '{{ insetText({"text": "Hello"}) }}'
    )
    with app.test_request_context():
        assert "Hello" in render_template_string(template)
