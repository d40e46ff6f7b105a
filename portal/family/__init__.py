"""What young people and their families see. Phone first, easy read.

Every route declares `portal.access.family` (a signed-in young person or family
member) or `public`. Every family page a signed-in family member opens is
audited, so families can see who has looked at their information.
"""

from flask import Blueprint, current_app, g, request
from werkzeug.wrappers import Response

from easyread.render.reader import Reader
from portal.access import Audience, policy_for_endpoint
from portal.extensions import db
from portal.services.easy_read.reader import reader_for
from portal.services.records.audit import record_family_view

family_blueprint = Blueprint("family", __name__)


@family_blueprint.app_context_processor
def _reader() -> dict[str, Reader]:
    # Family templates word their own sentences for whoever reads them.
    return {"reader": reader_for(g.get("family_contact"))}


@family_blueprint.after_request
def _audit_family_page_view(response: Response) -> Response:
    # Blueprint hooks run before the app's: the request's unit of work
    # (portal.unit_of_work) commits this event with the rest of the request.
    contact = g.get("family_contact")
    if contact is None or request.method != "GET" or response.status_code != 200:
        return response
    policy = policy_for_endpoint(current_app, request.endpoint or "")
    if policy is not None and policy.audience is Audience.FAMILY:
        record_family_view(
            db.session, contact, request.endpoint or "", ip_address=request.remote_addr
        )
    return response


from portal.family import (  # noqa: E402,F401
    choices,
    feedback,
    help_pages,
    home,
    leaving,
    meeting_views,
    meetings,
    messages,
    pictures,
    plan,
    settings,
    sign_in,
    start,
    transparency,
    words,
)
