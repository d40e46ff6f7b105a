"""The page-weight budget for "My plan" (bench/page_weight.py measures it and
prints the figures): sizes, not timings, so they are the same on any machine."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from flask import Flask
from sqlalchemy import select

from portal.extensions import db
from portal.models import Contact, Relationship, YoungPerson
from tests.support.demo_copy import add_demo_data
from tests.support.family_sessions import sign_in_family

BENCH = Path(__file__).resolve().parents[2] / "bench" / "page_weight.py"


def _page_weight() -> ModuleType:
    spec = importlib.util.spec_from_file_location("page_weight", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Dataclasses look their module up in sys.modules.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_my_plan_is_within_the_page_weight_budget(app: Flask) -> None:
    page_weight = _page_weight()
    with app.app_context():
        add_demo_data(db.session)
        db.session.commit()
        sam = db.session.scalars(
            select(Contact)
            .join(YoungPerson)
            .where(YoungPerson.preferred_name == "Sam", Contact.relation == Relationship.SELF)
        ).one()
    client = app.test_client()
    sign_in_family(app, client, sam)

    weight = page_weight.measure(client, "/my-plan")

    kinds = {download.kind for download in weight.downloads}
    assert {"page", "stylesheet", "script"} <= kinds, "the measurement found the page's files"
    assert weight.first_visit <= page_weight.FIRST_VISIT_BUDGET, weight
    assert weight.repeat_visit <= page_weight.REPEAT_VISIT_BUDGET, weight


def test_the_measurement_counts_the_images_a_page_shows(app: Flask) -> None:
    page_weight = _page_weight()
    weight = page_weight.measure(app.test_client(), "/pictures-we-use")
    images = [download for download in weight.downloads if download.kind == "image"]
    # "Pictures we use" shows every pictogram.
    assert len(images) >= 100
    assert weight.first_visit > sum(image.compressed for image in images)
