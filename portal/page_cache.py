"""Family pages rendered once and used again while nothing they show has changed.

Rendering a family page (the layout, the NHS.UK macros, the easy-read blocks)
costs more than everything else a request does. So `render_family_page`
keeps the HTML it rendered, in this process's memory only, keyed by a
fingerprint of everything the page was made from:

- the template, and the values given to it, which must be plain values
  (text, numbers, dates, enums, frozen dataclasses, tuples, dicts of them,
  and functions by name). Anything else, such as a database row or a form,
  is refused by `fingerprint`, and the page is rendered afresh every time:
  a row's template could read more of the database than the fingerprint saw;
- what the layout reads besides: who is signed in, the address, the
  language, the display settings and the reader (from the context
  processors), today's date, and the service name.

Every request still loads its data from the database; only the rendering is
skipped, and only when the fingerprint is the same. A change to anything the
page shows gives a new fingerprint, which replaces the person's old copy of
that page at once: a stale copy is never served. The CSRF token and the CSP
nonce differ per session and per response, so pages are rendered with
markers in their place and the real values are put in each time; so are
the values a page asks for with `per_response` (a form's one-time token),
each made afresh for every response. Pages that show a flashed message are
never kept.

The memory is bounded: at most `MAX_PAGES` pages (the least recently used
go first), none older than `MAX_AGE`, and a page is never shared between two
people. Each gunicorn worker has its own. In development, where templates
reload when edited, nothing is kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from flask import Flask, current_app, g, request, session
from flask_babel import LazyString, get_locale
from markupsafe import Markup

from portal.timezones import london_today

MAX_PAGES = 512
MAX_AGE_SECONDS = 30 * 60
# Context values every template gets from Flask itself: the layout's reads
# of these are covered by what `_ambient` adds instead. The CSRF token is
# put in each response (`_filled`).
_FLASK_DEFAULTS = frozenset({"g", "request", "session", "config", "csrf_token", "csrf_meta_tag"})
_RENDERING = "_page_cache_rendering"
_FRESH = "_page_cache_fresh"
_FRESH_SALT = secrets.token_hex(12)
_CSRF_MARK = f"csrf-{secrets.token_hex(12)}"
_NONCE_MARK = f"nonce-{secrets.token_hex(12)}"


class NotCacheable(TypeError):
    """A value whose fingerprint cannot be trusted to change with its contents."""


def fingerprint(value: Any) -> str:
    """A SHA-256 of `value`'s contents; raises NotCacheable for anything that
    is not a plain value."""
    digest = hashlib.sha256()
    _feed(digest, value)
    return digest.hexdigest()


_SCALARS = (str, int, float, bool, Decimal, dt.date, dt.datetime, dt.time, dt.timedelta, type(None))


def _feed(digest: Any, value: Any) -> None:
    kind = type(value)
    if kind is LazyString:
        # Words translated when shown: in this request's language, which is
        # part of every key.
        digest.update(f"text:{str(value)!r};".encode())
    elif kind in _SCALARS or isinstance(value, (Markup, enum.Enum)):
        # datetime is a date; an enum's type is part of its repr.
        digest.update(f"{kind.__qualname__}:{value!r};".encode())
    elif kind is tuple or kind is list:
        digest.update(f"{kind.__name__}{len(value)}(".encode())
        for item in value:
            _feed(digest, item)
        digest.update(b")")
    elif kind is dict:
        digest.update(f"dict{len(value)}(".encode())
        for key in sorted(value, key=repr):
            _feed(digest, key)
            _feed(digest, value[key])
        digest.update(b")")
    elif kind is frozenset or kind is set:
        digest.update(f"set{len(value)}(".encode())
        for item in sorted(value, key=repr):
            _feed(digest, item)
        digest.update(b")")
    elif dataclasses.is_dataclass(value) and kind.__dataclass_params__.frozen:
        digest.update(f"{kind.__module__}.{kind.__qualname__}(".encode())
        for field in dataclasses.fields(value):
            _feed(digest, getattr(value, field.name))
        digest.update(b")")
    elif isinstance(value, functools.partial):
        digest.update(b"partial(")
        _feed(digest, value.func)
        _feed(digest, value.args)
        _feed(digest, dict(value.keywords))
        digest.update(b")")
    elif callable(value) and hasattr(value, "__qualname__") and "<" not in value.__qualname__:
        # A module's function or a class: the same name is the same code.
        digest.update(f"function:{value.__module__}.{value.__qualname__};".encode())
    else:
        raise NotCacheable(f"{kind.__qualname__} has no trusted fingerprint")


def row_values(row: object | None) -> dict[str, Any] | None:
    """A database row's columns as plain values, for a page whose template
    reads a row's columns and nothing through its relationships."""
    if row is None:
        return None
    from sqlalchemy import inspect

    state = inspect(row)
    return {
        "row": f"{type(row).__module__}.{type(row).__qualname__}",
        **{column.key: getattr(row, column.key) for column in state.mapper.column_attrs},
    }


class _Pages:
    """One page per (person, template, address): (fingerprint, html, stored at)."""

    def __init__(self, max_pages: int, max_age_seconds: float) -> None:
        self.max_pages = max_pages
        self.max_age_seconds = max_age_seconds
        self._pages: OrderedDict[tuple[Any, ...], tuple[str, str, float]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, owner: tuple[Any, ...], key: str) -> str | None:
        now = time.monotonic()
        with self._lock:
            found = self._pages.get(owner)
            if found is None:
                return None
            stored_key, html, stored_at = found
            if stored_key != key or now - stored_at > self.max_age_seconds:
                del self._pages[owner]  # what it was made from has changed
                return None
            self._pages.move_to_end(owner)
            return html

    def put(self, owner: tuple[Any, ...], key: str, html: str) -> None:
        with self._lock:
            self._pages[owner] = (key, html, time.monotonic())
            self._pages.move_to_end(owner)
            while len(self._pages) > self.max_pages:
                self._pages.popitem(last=False)

    def forget(self, person: int) -> None:
        """Drop every page of one person (signed out, access changed)."""
        with self._lock:
            for owner in [owner for owner in self._pages if owner[0] == person]:
                del self._pages[owner]

    def __len__(self) -> int:
        return len(self._pages)


def install(app: Flask) -> None:
    """Give the app its page memory, and make the CSRF token and the nonce
    templates ask for come out as markers while a page is rendered to keep."""
    app.extensions["page_cache"] = _Pages(MAX_PAGES, MAX_AGE_SECONDS)
    for name, mark in (("csrf_token", _CSRF_MARK), ("csp_nonce", _NONCE_MARK)):
        real = app.jinja_env.globals[name]
        assert callable(real)
        app.jinja_env.globals[name] = _marked(real, mark)
    # Flask-WTF also hands templates `csrf_token` through a context processor,
    # which a template's own code reads before the globals (macros imported
    # without context read the globals): this one, registered later, wins.
    marked_csrf = app.jinja_env.globals["csrf_token"]
    app.context_processor(lambda: {"csrf_token": marked_csrf})


def _marked(real: Callable[[], str], mark: str) -> Callable[[], str]:
    def value() -> str:
        return mark if g.get(_RENDERING) else real()

    return value


def per_response(name: str) -> str:
    """A value made afresh for every response, by the maker the page gave
    `render_family_page` as `fresh[name]`; while a page is rendered to be
    kept, a marker that each response that serves it fills with a new one."""
    if g.get(_RENDERING):
        return _fresh_mark(name)
    makers: Mapping[str, Callable[[], str]] = g.get(_FRESH) or {}
    return makers[name]()


def _fresh_mark(name: str) -> str:
    return f"fresh-{name}-{_FRESH_SALT}"


def pages() -> _Pages:
    found: _Pages = current_app.extensions["page_cache"]
    return found


def render_family_page(
    template: str,
    *,
    inputs: Any = None,
    build: Callable[[], Mapping[str, Any]] | None = None,
    fresh: Mapping[str, Callable[[], str]] | None = None,
    **context: Any,
) -> str:
    """`render_template(template, **context)`, from memory when the same
    person saw the same page made from the same values. With `build`,
    `inputs` are what the page is made from and `build()` gives the
    template's values; it runs only when the page is rendered. `fresh`
    makes the values the page reads with `per_response`."""
    contact = g.get("family_contact")
    setattr(g, _FRESH, dict(fresh or {}))
    # In development templates reload when edited: a kept page would hide the edit.
    reloading = current_app.config.get("TEMPLATES_AUTO_RELOAD")
    if contact is None or reloading or session.get("_flashes"):
        return _render(template, {**context, **(build() if build else {})})
    try:
        key = _key(template, inputs if build else context)
    except NotCacheable:
        return _render(template, {**context, **(build() if build else {})})
    owner = (contact.id, template, request.full_path)
    html = pages().get(owner, key)
    if html is None:
        setattr(g, _RENDERING, True)
        try:
            html = _render(template, {**context, **(build() if build else {})})
        finally:
            setattr(g, _RENDERING, False)
        pages().put(owner, key, html)
    return _filled(html)


def _key(template: str, values: Any) -> str:
    processors: dict[str, Any] = {}
    current_app.update_template_context(processors)
    layout = {name: value for name, value in processors.items() if name not in _FLASK_DEFAULTS}
    return fingerprint((template, values, layout, _ambient()))


def _ambient() -> tuple[Any, ...]:
    contact = g.family_contact
    return (
        contact.id,
        contact.young_person_id,
        request.url_root,
        request.full_path,
        str(get_locale()),
        london_today(),
    )


def _render(template: str, context: Mapping[str, Any]) -> str:
    from flask import render_template

    return render_template(template, **context)


def _filled(html: str) -> str:
    from flask_wtf.csrf import generate_csrf

    from portal.security_headers import csp_nonce

    page_makers: Mapping[str, Callable[[], str]] = g.get(_FRESH) or {}
    marks = {_CSRF_MARK: generate_csrf, _NONCE_MARK: csp_nonce}
    marks |= {_fresh_mark(name): make for name, make in page_makers.items()}
    for mark, make in marks.items():
        html = html.replace(mark, make())
    return html
