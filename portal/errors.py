"""Error pages, rendered in the site layout in plain words. A stack trace or
SQL never reaches the browser: unexpected errors are logged and answered with
the 500 page.

Every HTTP error keeps its own status code (and headers such as `Allow` on a
405). A code without a page of its own gets the general page for its class:
the 400 page's words for 4xx, the 500 page's for 5xx. The layout follows the
address: the staff workspace for /staff/, a neutral one for addresses that are
neither staff nor family pages (webhooks, the health check, static files), and
the family layout for everything else."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.extensions import db


@dataclass(frozen=True)
class ErrorPage:
    title: object  # a lazy string: translated when the page renders
    lines: tuple[object, ...]


ERROR_PAGES: dict[int, ErrorPage] = {
    400: ErrorPage(
        _l("Something went wrong with that request"),
        (
            _l("We could not understand what your browser sent."),
            _l("Go back, then try again."),
        ),
    ),
    403: ErrorPage(
        _l("You cannot see this page"),
        (
            _l("This page is not for your account."),
            _l("If you think you should see it, ask your keyworker or your manager."),
        ),
    ),
    404: ErrorPage(
        _l("Page not found"),
        (
            _l("We cannot find this page."),
            _l("Check the web address. If you typed it, check the spelling."),
        ),
    ),
    405: ErrorPage(
        _l("Something went wrong with that request"),
        (
            _l("This page cannot do what your browser asked."),
            _l("Go back, then try again."),
        ),
    ),
    413: ErrorPage(
        _l("What you sent is too long"),
        (
            _l("We cannot take this much writing at once."),
            _l("Go back. Make it shorter, then try again."),
        ),
    ),
    429: ErrorPage(
        _l("Too many tries"),
        (
            _l("You have tried this too many times."),
            _l("Wait a few minutes, then try again."),
        ),
    ),
    500: ErrorPage(
        _l("Sorry, something went wrong"),
        (
            _l("This is a problem on our side. It is not your fault."),
            _l("Nothing you sent has been lost. Try again later."),
        ),
    ),
}

CSRF_PAGE = ErrorPage(
    _l("This page was open too long"),
    (
        _l("For your safety, forms stop working after a while."),
        _l("Go back, refresh the page, then try again."),
    ),
)


# The first segments of addresses that are neither staff nor family pages.
NEUTRAL_SECTIONS = frozenset({"webhooks", "healthz", "static"})


def page_for(status: int) -> ErrorPage:
    """The status's own page, or the general one for its class."""
    if status in ERROR_PAGES:
        return ERROR_PAGES[status]
    return ERROR_PAGES[400] if 400 <= status < 500 else ERROR_PAGES[500]


def error_layout() -> str:
    section = request.path.lstrip("/").split("/")[0]
    if request.blueprint == "staff" or section == "staff":
        return "staff/layout.html"
    if request.blueprint in ("webhooks", "status") or section in NEUTRAL_SECTIONS:
        return "errors/neutral_layout.html"
    return "family/layout.html"


def render_error(status: int, page: ErrorPage | None = None) -> tuple[str, int]:
    page = page or page_for(status)
    html = render_template("errors/error.html", page=page, layout=error_layout(), status=status)
    return html, status


def _headers_of(error: HTTPException) -> list[tuple[str, str]]:
    """The error's own headers (`Allow`, `Retry-After`, ...), without its content type."""
    return [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf_error(_error: CSRFError) -> tuple[str, int]:
        return render_error(400, CSRF_PAGE)

    @app.errorhandler(HTTPException)
    def _http_error(
        error: HTTPException,
    ) -> tuple[str, int, list[tuple[str, str]]] | HTTPException:
        if error.code is None or error.code < 400:
            return error
        html, status = render_error(error.code)
        return html, status, _headers_of(error)

    @app.errorhandler(SQLAlchemyError)
    @app.errorhandler(Exception)
    def _unexpected_error(error: Exception) -> tuple[str, int]:
        current_app.logger.exception("Unexpected error on %s", request.path)
        db.session.rollback()
        return render_error(500)

    @app.errorhandler(InternalServerError)
    def _internal_error(_error: InternalServerError) -> tuple[str, int]:
        db.session.rollback()
        return render_error(500)
