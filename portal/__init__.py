"""The Keyworker Family Portal: a Flask application built by `create_app`."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask, current_app, g, has_app_context, session
from jinja2 import ChainableUndefined, ChoiceLoader, FileSystemLoader, PackageLoader
from jinja2.utils import missing
from werkzeug.middleware.proxy_fix import ProxyFix

from portal import secrets_at_rest
from portal.config import Config, config_class_from_environment, load_config


def create_app(
    config_class: type[Config] | None = None, overrides: Mapping[str, Any] | None = None
) -> Flask:
    """Build the app. `config_class` defaults to the one PORTAL_CONFIG names."""
    app = Flask(__name__, instance_relative_config=False)
    app.config.from_mapping(load_config(config_class or config_class_from_environment()))
    if overrides:
        app.config.from_mapping(overrides)

    if app.config["PROXY_COUNT"]:
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=count
        )

    _set_up_templates(app)
    # Before the extensions: refused bodies never reach the CSRF check.
    _set_up_request_limits(app)
    _set_up_extensions(app)
    from portal import page_cache

    page_cache.install(app)
    _register_blueprints(app)
    _set_up_request_hooks(app)

    from portal.errors import register_error_handlers

    register_error_handlers(app)

    from portal.cli import register_commands

    register_commands(app)
    logging.getLogger("portal").setLevel(logging.INFO)
    return app


class StrictNameUndefined(ChainableUndefined):
    """Missing template *variables* raise; missing keys on objects stay chainable.

    The NHS.UK frontend macros read optional parameters (`params.hint.text`) and
    need chainable lookups, while a misspelt variable in the portal's own
    templates should fail a test rather than render as empty text.
    """

    def _fail_if_missing_name(self) -> None:
        if self._undefined_obj is missing:
            self._fail_with_undefined_error()

    def __str__(self) -> str:
        self._fail_if_missing_name()
        return super().__str__()

    def __iter__(self) -> Any:
        self._fail_if_missing_name()
        return super().__iter__()


def _set_up_templates(app: Flask) -> None:
    app.jinja_options = {
        "undefined": StrictNameUndefined if app.config["TEMPLATES_STRICT"] else ChainableUndefined,
        "loader": ChoiceLoader(
            [
                FileSystemLoader(app.root_path + "/templates"),
                PackageLoader("nhsuk_frontend_jinja"),
            ]
        ),
        "autoescape": True,
        "extensions": ["jinja2.ext.do"],
        "trim_blocks": True,
        "lstrip_blocks": True,
    }
    from portal import assets
    from portal.assets import asset_url
    from portal.jinja_templates import QuickImportTemplate
    from portal.security_headers import csp_nonce

    app.jinja_env.template_class = QuickImportTemplate
    from portal.template_filters import register_template_filters

    register_template_filters(app)

    app.jinja_env.globals.update(asset_url=asset_url, csp_nonce=csp_nonce)
    assets.install(app)

    from portal.services.preferences.display import settings_from
    from portal.staff.home import staff_home_url

    @app.context_processor
    def _layout_values() -> dict[str, Any]:
        return {
            "family_settings": settings_from(session),
            "service_name": app.config["SERVICE_NAME"],
            "current_staff_user": g.get("staff_user"),
            "staff_home_url": staff_home_url(g.get("staff_user")),
        }


def _set_up_request_limits(app: Flask) -> None:
    from portal.request_limits import register_request_limits

    register_request_limits(app)


def _set_up_extensions(app: Flask) -> None:
    from portal.clients.factory import init_message_clients
    from portal.extensions import babel, csrf, db, limiter
    from portal.i18n import install_template_gettext, select_locale
    from portal.sessions import DatabaseSessionInterface

    db.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    install_template_gettext(app.jinja_env)
    limiter.init_app(app)
    app.session_interface = DatabaseSessionInterface()
    init_message_clients(app)
    # Encrypted columns use the key ring of the app whose context is active;
    # outside any (a thread with a session of its own), this app's, when the
    # session is on this app's database.
    secrets_at_rest.use_key_ring_from(_active_app_key_ring)
    engine = app.extensions["database"]["engine"]
    secrets_at_rest.use_keys_for_database(engine.dialect, app.config["TOTP_ENCRYPTION_KEYS"])


def _active_app_key_ring() -> secrets_at_rest.KeyRing | None:
    if not has_app_context():
        return None
    return secrets_at_rest.key_ring_for(tuple(current_app.config["TOTP_ENCRYPTION_KEYS"]))


def _register_blueprints(app: Flask) -> None:
    from portal.family import family_blueprint
    from portal.staff import staff_blueprint
    from portal.status import status_blueprint
    from portal.webhooks import webhooks_blueprint

    # Who may use each route is declared on the route itself (see portal.access).
    app.register_blueprint(family_blueprint)
    app.register_blueprint(staff_blueprint, url_prefix="/staff")
    app.register_blueprint(webhooks_blueprint, url_prefix="/webhooks")
    app.register_blueprint(status_blueprint)


def _set_up_request_hooks(app: Flask) -> None:
    from portal.access import enforce_access_policy
    from portal.current_user import load_signed_in_user
    from portal.security_headers import add_security_headers
    from portal.unit_of_work import register_request_unit_of_work

    app.before_request(load_signed_in_user)
    app.before_request(enforce_access_policy)
    register_request_unit_of_work(app)

    @app.after_request
    def _headers(response: Any) -> Any:
        return add_security_headers(app, response)
