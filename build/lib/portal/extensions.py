"""Extensions, created unbound here and attached to the app in `create_app`."""

from flask import request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_wtf import CSRFProtect

from portal.database import Database


def _client_ip() -> str:
    # ProxyFix (set up from PROXY_COUNT) has already put the real client address
    # here; X-Forwarded-For is never read directly because a client can forge it.
    return request.remote_addr or "unknown"


db = Database()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=_client_ip, default_limits=[], headers_enabled=False)
