"""Each kind of meeting in plain words, in the reader's language."""

from __future__ import annotations

from typing import Any

import pytest

import easyread
from portal.models import MeetingKind
from portal.services.meetings.kinds import kind_name
from portal.services.wording import PlainTranslator


@pytest.mark.parametrize("kind", list(MeetingKind))
def test_kind_names_are_easy_read(kind: MeetingKind) -> None:
    report = easyread.check(kind_name(kind, PlainTranslator()), "en")
    assert report.passes, [finding.message for finding in report.errors]


def test_each_kind_has_a_name_of_its_own() -> None:
    names = {kind: kind_name(kind, PlainTranslator()) for kind in MeetingKind}
    assert names[MeetingKind.CETR] == "Care, Education and Treatment Review"
    assert names[MeetingKind.OTHER] == "Meeting about your care"
    assert len(set(names.values())) == len(MeetingKind)


class Shouting(PlainTranslator):
    """A language of its own: the English words in capitals."""

    def gettext(self, string: str, /, **variables: Any) -> str:
        return super().gettext(string, **variables).upper()


def test_the_name_is_in_the_translators_language() -> None:
    assert kind_name(MeetingKind.MDT, Shouting()) == "MEETING OF THE PEOPLE WHO HELP YOU"
