"""The same change sent 20 times at once is kept once: one new decision,
the rest stale, and the history stays in order."""

from __future__ import annotations

from collections import Counter

from sqlalchemy.orm import Session

from portal.models import Contact, Relationship
from portal.services.consent.decide import DecideOutcome, decide, prepare_change
from portal.timezones import london_today
from tests.portal.services.consent.choices_data import YES, contact_of, decisions, item
from tests.support.at_once import AT_ONCE, at_once_in_transactions
from tests.support.urgent import TEST_ALERTS


def test_20_same_changes_at_once_keep_exactly_one(demo: Session) -> None:
    sam = contact_of(demo, "Sam", Relationship.SELF)
    person = sam.young_person
    before = decisions(demo, person, "share_school")
    pending = prepare_change(demo, sam, item(demo, "share_school"), YES, None)
    demo.commit()
    sam_id = sam.id

    def send(own: Session, _index: int) -> DecideOutcome:
        contact = own.get(Contact, sam_id)
        assert contact is not None
        chosen = item(own, "share_school")
        return decide(own, contact, chosen, pending, london_today(), alerts=TEST_ALERTS).outcome

    outcomes = Counter(at_once_in_transactions(demo.get_bind(), send))

    assert outcomes[DecideOutcome.CHANGED] == 1
    assert outcomes[DecideOutcome.STALE] == AT_ONCE - 1
    demo.expire_all()
    after = decisions(demo, person, "share_school")
    assert [d.id for d in after[: len(before)]] == [d.id for d in before]
    assert [d.choice for d in after[len(before) :]] == [YES]
