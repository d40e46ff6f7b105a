"""Who may use each route.

Every view declares its audience with one of the decorators below. One
`before_request` hook enforces the declaration, and refuses any route that has
none: access is denied unless a route says otherwise. A test walks the URL map
and fails when a route is missing its declaration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from flask import Flask, abort, current_app, g, redirect, request, session, url_for
from werkzeug.wrappers import Response

from portal.models import StaffRole

View = TypeVar("View", bound=Callable[..., Any])


class Audience(StrEnum):
    PUBLIC = "public"
    STAFF = "staff"
    FAMILY = "family"
    WEBHOOK = "webhook"


@dataclass(frozen=True)
class AccessPolicy:
    audience: Audience
    roles: frozenset[StaffRole] = frozenset()

    def describe(self) -> str:
        if self.audience is Audience.STAFF:
            return "staff: " + ", ".join(sorted(role.value for role in self.roles))
        return self.audience.value


ATTRIBUTE = "access_policy"


def _declare(policy: AccessPolicy) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        setattr(view, ATTRIBUTE, policy)
        return view

    return decorator


def public(view: View) -> View:
    """Anyone may use this route, signed in or not."""
    return _declare(AccessPolicy(Audience.PUBLIC))(view)


def staff(*roles: StaffRole) -> Callable[[View], View]:
    """Signed-in staff with one of `roles` (all staff roles when none are named)."""
    return _declare(AccessPolicy(Audience.STAFF, frozenset(roles or StaffRole)))


def family(view: View) -> View:
    """A signed-in young person or family member."""
    return _declare(AccessPolicy(Audience.FAMILY))(view)


def webhook(view: View) -> View:
    """A provider calling back; the view must check the request signature."""
    return _declare(AccessPolicy(Audience.WEBHOOK))(view)


def policy_for_endpoint(app: Flask, endpoint: str) -> AccessPolicy | None:
    if endpoint == "static":
        return AccessPolicy(Audience.PUBLIC)
    view = app.view_functions.get(endpoint)
    return getattr(view, ATTRIBUTE, None)


def enforce_access_policy() -> Response | None:
    """Run before every request: refuse anyone the route was not declared for."""
    if request.endpoint is None:  # no route matched; the 404 handler answers
        return None
    policy = policy_for_endpoint(current_app, request.endpoint)
    if policy is None:
        current_app.logger.error("Route %s declares no access policy", request.endpoint)
        abort(403)
    if policy.audience is Audience.STAFF:
        user = g.get("staff_user")
        if user is None:
            if g.get("family_contact") is not None:
                abort(403)
            reason = "timeout" if getattr(session, "timed_out", False) else None
            return redirect(
                url_for("staff.sign_in", next=request.full_path.rstrip("?"), reason=reason)
            )
        if user.role not in policy.roles:
            abort(403)
    elif policy.audience is Audience.FAMILY and g.get("family_contact") is None:
        if g.get("staff_user") is not None:
            abort(403)
        if getattr(session, "timed_out", False):
            return redirect(url_for("family.signed_out", reason="timeout"))
        return redirect(url_for("family.start"))
    return None
