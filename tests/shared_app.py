"""The app as tests build it, and one app lent to every test that takes the
`app` fixture, so that the suite does not build an app per test.

Building an app (blueprints, extensions, a Jinja environment that loads every
template again) took longer than most tests that use it. A test may still do
to the app it is lent whatever it could do to an app of its own; after it:

- the config is put back as it was (settings are read when a request needs
  them, so a changed setting never outlives the test);
- the message clients are built afresh, so their in-memory lists start empty,
  and the rate limiter forgets every request;
- when the test changed the app's make-up (a route, a request hook, an error
  handler, an extension, a template global or command, an attribute) the app
  is thrown away and the next test gets a new one.

A test that needs other settings from the start builds its own app with
`build_test_app(database_url, SETTING=...)`.
"""

from __future__ import annotations

import copy
from typing import Any

from flask import Flask
from jinja2.bccache import Bucket, BytecodeCache

from portal import create_app
from portal.clients.factory import EMAIL_CLIENT, SMS_CLIENT, init_message_clients
from portal.config import Test
from portal.extensions import limiter
from tests.client import PortalClient


class _SharedBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory for the whole run. Apps that tests
    build for themselves each have their own Jinja environment; without this
    each one would compile the layout and the NHS.UK macros again. Jinja checks
    each template's source checksum, so a changed template is compiled afresh."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


_TEMPLATE_CACHE = _SharedBytecodeCache()


def build_test_app(database_url: str, **overrides: object) -> Flask:
    """The app as tests use it: Test config, this run's database, checking client."""
    app = create_app(Test, overrides={"DATABASE_URL": database_url, **overrides})
    app.test_client_class = PortalClient
    app.jinja_env.bytecode_cache = _TEMPLATE_CACHE
    return app


# Reset for every test rather than compared: Flask's record of a first
# request (so a test may add a route, as it could to a new app), the config
# (put back) and the message clients (built afresh).
_RESET_ATTRIBUTES = frozenset({"_got_first_request", "config"})
_RESET_EXTENSIONS = frozenset({SMS_CLIENT, EMAIL_CLIENT})


def _make_up(app: Flask) -> dict[str, Any]:
    """Everything about `app` a test could change besides the config and the
    message clients, as copies that compare equal only when nothing changed."""
    return {
        "attributes": {
            name: id(value) for name, value in vars(app).items() if name not in _RESET_ATTRIBUTES
        },
        "rules": list(app.url_map.iter_rules()),
        "views": dict(app.view_functions),
        # These registries are defaultdicts, which grow empty entries as
        # requests look things up: only the entries with something in count.
        "hooks": [
            {key: list(functions) for key, functions in registry.items() if functions}
            for registry in (
                app.before_request_funcs,
                app.after_request_funcs,
                app.teardown_request_funcs,
                app.template_context_processors,
                app.url_value_preprocessors,
                app.url_default_functions,
            )
        ],
        "teardown_appcontext": list(app.teardown_appcontext_funcs),
        "error_handlers": {
            (scope, code): dict(handlers)
            for scope, codes in app.error_handler_spec.items()
            for code, handlers in codes.items()
            if handlers
        },
        "blueprints": dict(app.blueprints),
        "extensions": {
            name: id(value)
            for name, value in app.extensions.items()
            if name not in _RESET_EXTENSIONS
        },
        "jinja": [
            dict(app.jinja_env.globals),
            dict(app.jinja_env.filters),
            dict(app.jinja_env.tests),
        ],
        "commands": dict(app.cli.commands),  # type: ignore[attr-defined]
    }


class AppLender:
    """Lends one app to one test at a time (see the module docstring)."""

    def __init__(self, database_url: str) -> None:
        self._database_url = database_url
        self._app: Flask | None = None
        self._config: dict[str, Any] = {}
        self._make_up: dict[str, Any] = {}
        self.apps_built = 0
        self.loans = 0

    def lend(self) -> Flask:
        if self._app is None:
            self._app = build_test_app(self._database_url)
            # Flask makes its logger on first use: make it now, so that a test
            # that logs is not taken for one that changed the app.
            _ = self._app.logger
            self._config = copy.deepcopy(dict(self._app.config))
            self._make_up = _make_up(self._app)
            self.apps_built += 1
        app = self._app
        self.loans += 1
        app._got_first_request = False
        init_message_clients(app)
        limiter.storage.reset()
        return app

    def take_back(self, app: Flask) -> None:
        """Put the config back; keep the app for the next test only if its
        make-up is as it was."""
        app.config.clear()
        app.config.update(copy.deepcopy(self._config))
        if _make_up(app) != self._make_up:
            self._app = None
