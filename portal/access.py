"""Who may use each route.

Every view declares its audience with one of the decorators below. One
`before_request` hook enforces the declaration, and refuses any route that has
none: access is denied unless a route says otherwise. A test walks the URL map
and fails when a route is missing its declaration.

Every refusal that matters goes through `refuse`, which audits it
(`access.refused`) and then answers exactly as before: the wrong role or the
wrong kind of account here (403), and a row that is not theirs where it is
looked up (`portal.staff.resolvers`, the family meeting pages: 404). Someone
who is not signed in is sent to sign in, and that is not audited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NoReturn, TypeVar

from flask import Flask, abort, current_app, g, redirect, request, session, url_for
from werkzeug.wrappers import Response

from portal.extensions import db
from portal.models import StaffRole
from portal.services.access.refusals import AskedFor, RefusalReason, record_refusal

__all__ = [
    "ATTRIBUTE",
    "AccessPolicy",
    "Audience",
    "RefusalReason",
    "enforce_access_policy",
    "family",
    "policy_for_endpoint",
    "public",
    "refuse",
    "staff",
    "webhook",
]

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
                refuse(403, RefusalReason.WRONG_AUDIENCE)
            reason = "timeout" if getattr(session, "timed_out", False) else None
            return redirect(
                url_for("staff.sign_in", next=request.full_path.rstrip("?"), reason=reason)
            )
        if user.role not in policy.roles:
            refuse(403, RefusalReason.WRONG_ROLE)
    elif policy.audience is Audience.FAMILY and g.get("family_contact") is None:
        if g.get("staff_user") is not None:
            refuse(403, RefusalReason.WRONG_AUDIENCE)
        if getattr(session, "timed_out", False):
            return redirect(url_for("family.signed_out", reason="timeout"))
        return redirect(url_for("family.start"))
    return None


def refuse(status: int, reason: RefusalReason) -> NoReturn:
    """Audit that whoever is signed in (or their address, if nobody) was
    refused this request, then answer `status` as the page always has: the
    audit event never changes the response. The request's unit of work
    commits it with the 403 or 404. What was asked for is the endpoint, the
    method and the ids in the address (`record_refusal` keeps whole numbers
    only), never the query string."""
    record_refusal(
        db.session,
        reason,
        AskedFor(
            endpoint=request.endpoint or "",
            method=request.method,
            ids=request.view_args or {},
        ),
        staff_user=g.get("staff_user"),
        contact=g.get("family_contact"),
        ip_address=request.remote_addr,
    )
    abort(status)
