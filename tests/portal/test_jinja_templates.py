"""The quicker import check (portal.jinja_templates) gives Jinja's answers."""

from __future__ import annotations

from jinja2 import DictLoader, Environment

from portal.jinja_templates import QuickImportTemplate

TEMPLATES = {
    "macros.html": "{% macro hello() %}Hello {{ who }}{% endmacro %}",
    "page.html": '{% from "macros.html" import hello with context %}{{ hello() }}',
}


def _environment() -> Environment:
    environment = Environment(loader=DictLoader(TEMPLATES), autoescape=True)
    environment.template_class = QuickImportTemplate
    return environment


def test_an_import_sees_the_environments_globals() -> None:
    environment = _environment()
    environment.globals["who"] = "Sam"

    assert environment.get_template("page.html").render() == "Hello Sam"


def test_an_import_sees_globals_only_the_importing_template_has() -> None:
    environment = _environment()
    page = environment.get_template("page.html", globals={"who": "Alex"})

    assert isinstance(page, QuickImportTemplate)
    assert page.render() == "Hello Alex"
