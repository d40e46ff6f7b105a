"""Callbacks from message providers (Twilio inbound SMS and delivery status).

Every route here declares `portal.access.webhook` and checks the provider's
request signature before it reads anything else.
"""

from flask import Blueprint

webhooks_blueprint = Blueprint("webhooks", __name__)


from portal.webhooks import twilio  # noqa: E402,F401
