"""What young people and their families see. Phone first, easy read.

Every route declares `portal.access.family` (a signed-in young person or family
member) or `public`.
"""

from flask import Blueprint

family_blueprint = Blueprint("family", __name__)

from portal.family import pictures, start, words  # noqa: E402,F401
