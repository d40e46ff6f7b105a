"""The app lent from test to test (tests/shared_app.py) is built again only
when a test changed its make-up: serving pages must not change it, or every
test that opens a page would pay for building an app (half the loans did,
when the asset URLs' memory was made on the first page)."""

from __future__ import annotations

from sqlalchemy import Engine, select

from portal.extensions import db
from portal.models import Contact, Relationship, StaffUser, YoungPerson
from tests.conftest import _empty_every_table
from tests.shared_app import AppLender
from tests.support.demo_copy import add_demo_data
from tests.support.family_sessions import sign_in_family
from tests.support.staff_sessions import sign_in_staff


def test_serving_pages_leaves_the_lent_app_as_it_was(
    app_lender: AppLender, migrated_engine: Engine
) -> None:
    app = app_lender.lend()
    try:
        with app.app_context():
            add_demo_data(db.session)
            sam = db.session.scalars(
                select(Contact)
                .join(YoungPerson)
                .where(YoungPerson.preferred_name == "Sam", Contact.relation == Relationship.SELF)
            ).one()
            keyworker = db.session.get(StaffUser, sam.young_person.keyworker_id)
            db.session.commit()
        assert keyworker is not None
        family, staff = app.test_client(), app.test_client()
        sign_in_family(app, family, sam)
        sign_in_staff(app, staff, keyworker)
        for path in ("/", "/home", "/my-plan", "/my-meetings", "/tell-us", "/messages"):
            assert family.get(path).status_code == 200, path
        assert staff.get("/staff/").status_code == 200
    finally:
        _empty_every_table(migrated_engine)
        app_lender.take_back(app)
    assert app_lender.lend() is app
    app_lender.take_back(app)
