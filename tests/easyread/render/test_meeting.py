"""A meeting: what, when, where, who, what will happen, what you can do."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from easyread.render import Block, MeetingInput, Segment, SegmentKind, render_meeting
from tests.easyread.render.fakes import NO_TERMS, texts

TODAY = date(2025, 3, 1)
TEXT, STRONG = SegmentKind.TEXT, SegmentKind.STRONG


def meeting(
    kind: str = "cetr",
    *,
    starts_at: datetime = datetime(2025, 3, 4, 10, 0, tzinfo=UTC),
    ends_at: datetime = datetime(2025, 3, 4, 12, 0, tzinfo=UTC),
    place: str | None = "Oak House, 12 High Street",
    video_link: str | None = None,
    attendee_roles: tuple[str, ...] = ("Keyworker", "School SENCO", "CAMHS nurse"),
    cancelled: bool = False,
) -> MeetingInput:
    return MeetingInput(
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        video_link=video_link,
        attendee_roles=attendee_roles,
        cancelled=cancelled,
    )


def render(item: MeetingInput) -> list[Block]:
    return render_meeting(item, glossary=NO_TERMS, today=TODAY)


def section(blocks: list[Block], title: str) -> list[Block]:
    """The blocks under the heading `title`, up to the next heading."""
    start = next(i for i, block in enumerate(blocks) if block.is_heading and block.text == title)
    rest = blocks[start + 1 :]
    end = next((i for i, block in enumerate(rest) if block.is_heading), len(rest))
    return rest[:end]


def test_the_parts_come_in_a_predictable_order() -> None:
    headings = [block.text for block in render(meeting()) if block.is_heading]
    assert headings == [
        "What is this meeting?",
        "When is it?",
        "Where is it?",
        "Who will be there?",
        "What will happen?",
        "What you can do",
    ]


def test_a_cetr_says_what_it_is_for_and_what_it_is_called() -> None:
    what = section(render(meeting()), "What is this meeting?")
    assert what[0].segments == (
        Segment(STRONG, "A meeting to check you are safe and getting the right care."),
    )
    assert what[1].text == "It is called a Care, Education and Treatment Review (CETR)."


def test_a_cetr_explains_the_panel_and_the_four_questions() -> None:
    happens = section(render(meeting()), "What will happen?")
    assert "This group is called the panel." in texts(happens)
    questions = next(block for block in happens if block.text == "The panel will ask 4 questions:")
    assert [child.text for child in questions.children] == [
        "Am I safe?",
        "Am I getting good care now?",
        "What are my plans for the future?",
        "Can my care and treatment be given in the community?",
    ]
    panel = next(block for block in happens if block.text == "The panel has 3 people:")
    assert len(panel.children) == 3


def test_you_and_your_family_can_have_your_say_and_ask_for_an_advocate() -> None:
    you_can = texts(section(render(meeting()), "What you can do"))
    assert "You can say what you think." in you_can
    assert "Your family can say what they think too." in you_can
    assert "You can ask for an advocate to help you." in you_can
    assert "You can share your views before the meeting." in you_can


def test_a_ctr_is_named_for_adults() -> None:
    what = section(render(meeting("ctr")), "What is this meeting?")
    assert what[1].text == "It is called a Care and Treatment Review (CTR)."


@pytest.mark.parametrize(
    ("kind", "purpose"),
    [
        ("mdt", "A meeting of the people who help you."),
        ("register_review", "A meeting to check you have the right support to stay well at home."),
        ("other", "A meeting about your care and support."),
        ("something_new", "A meeting about your care and support."),
    ],
)
def test_every_kind_has_a_plain_purpose(kind: str, purpose: str) -> None:
    blocks = render(meeting(kind))
    assert section(blocks, "What is this meeting?")[0].text == purpose
    assert section(blocks, "What will happen?")
    assert "The panel will ask 4 questions:" not in texts(blocks)


def test_when_gives_the_date_the_times_and_how_long() -> None:
    when = section(render(meeting()), "When is it?")
    assert [block.segments for block in when] == [
        (
            Segment(TEXT, "The meeting is on "),
            Segment(STRONG, "Tuesday 4 March"),
            Segment(TEXT, "."),
        ),
        (
            Segment(TEXT, "It is from "),
            Segment(STRONG, "10 in the morning to 12 noon"),
            Segment(TEXT, "."),
        ),
        (Segment(TEXT, "It will last "), Segment(STRONG, "2 hours"), Segment(TEXT, ".")),
    ]
    assert [block.pictogram for block in when] == ["calendar", "clock", None]


def test_when_in_summer_time_is_london_time() -> None:
    item = meeting(
        starts_at=datetime(2025, 7, 8, 13, 30, tzinfo=UTC),
        ends_at=datetime(2025, 7, 8, 15, 0, tzinfo=UTC),
    )
    assert texts(section(render(item), "When is it?")) == [
        "The meeting is on Tuesday 8 July.",
        "It is from half past 2 in the afternoon to 4 in the afternoon.",
        "It will last 1 hour 30 minutes.",
    ]


@pytest.mark.parametrize(
    "starts_at",
    [datetime(2025, 3, 29, 10, 0, tzinfo=UTC), datetime(2025, 3, 31, 9, 0, tzinfo=UTC)],
    ids=["saturday-before-bst", "monday-after-bst"],
)
def test_a_10_oclock_meeting_reads_10_either_side_of_the_clock_change(
    starts_at: datetime,
) -> None:
    item = meeting(starts_at=starts_at, ends_at=starts_at.replace(hour=starts_at.hour + 1))
    when = texts(section(render(item), "When is it?"))
    assert when[1] == "It is from 10 in the morning to 11 in the morning."
    assert when[2] == "It will last 1 hour."


def test_a_meeting_that_ends_on_another_day() -> None:
    item = meeting(
        starts_at=datetime(2025, 3, 4, 21, 0, tzinfo=UTC),
        ends_at=datetime(2025, 3, 5, 1, 0, tzinfo=UTC),
    )
    assert texts(section(render(item), "When is it?")) == [
        "The meeting is on Tuesday 4 March.",
        "It starts at 9 in the evening.",
        "It ends on Wednesday 5 March at 1 at night.",
        "It will last 4 hours.",
    ]


def test_a_meeting_with_no_length_gives_only_its_start() -> None:
    start = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)
    item = meeting(starts_at=start, ends_at=start)
    assert texts(section(render(item), "When is it?")) == [
        "The meeting is on Tuesday 4 March.",
        "It starts at 10 in the morning.",
    ]


def test_a_meeting_next_year_gives_the_year() -> None:
    item = meeting(
        starts_at=datetime(2026, 1, 6, 10, 0, tzinfo=UTC),
        ends_at=datetime(2026, 1, 6, 11, 0, tzinfo=UTC),
    )
    when = section(render(item), "When is it?")
    assert when[0].text == "The meeting is on Tuesday 6 January 2026."


def test_where_for_a_place() -> None:
    where = section(render(meeting(place=" Oak House,  12 High Street. ")), "Where is it?")
    assert [(block.segments, block.pictogram) for block in where] == [
        (
            (
                Segment(TEXT, "The meeting is at "),
                Segment(STRONG, "Oak House, 12 High Street"),
                Segment(TEXT, "."),
            ),
            "place",
        )
    ]


def test_where_for_a_video_call_keeps_the_link_as_plain_data() -> None:
    link = "https://meet.example.nhs.uk/abc?x=1&y=2"
    where = section(render(meeting(place=None, video_link=link)), "Where is it?")
    assert where[0].text == "The meeting is on a video call."
    assert where[0].pictogram == "video-call"
    assert where[1].text == "Use this link to join the call:"
    assert [child.segments for child in where[1].children] == [(Segment(TEXT, link),)]


def test_where_for_a_place_and_a_video_call() -> None:
    where = section(render(meeting(video_link="https://meet.example/abc")), "Where is it?")
    assert texts(where) == [
        "You can come to Oak House, 12 High Street.",
        "Or you can join on a video call.",
        "Use this link to join the call:",
        "https://meet.example/abc",
    ]


def test_where_when_nobody_has_said_yet() -> None:
    where = section(render(meeting(place="  ", video_link=None)), "Where is it?")
    assert texts(where) == ["Your keyworker will tell you where the meeting is."]


def test_who_lists_each_role_with_a_picture() -> None:
    who = section(render(meeting()), "Who will be there?")
    assert who[0].text == "These people will be there:"
    assert [(child.text, child.pictogram) for child in who[0].children] == [
        ("Keyworker", "keyworker"),
        ("School SENCO", "school"),
        ("CAMHS nurse", "nurse"),
    ]


def test_who_when_nobody_is_listed() -> None:
    who = section(render(meeting(attendee_roles=("", " "))), "Who will be there?")
    assert texts(who) == ["Your keyworker will tell you who will be there."]


def test_a_cancelled_meeting_says_so_first_and_plainly() -> None:
    blocks = render(meeting(cancelled=True, video_link="https://meet.example/abc"))
    assert blocks[0].segments == (Segment(STRONG, "This meeting is cancelled."),)
    assert blocks[0].pictogram == "no"
    assert texts(blocks) == [
        "This meeting is cancelled.",
        "You do not need to go.",
        "A meeting to check you are safe and getting the right care.",
        "It was going to be on Tuesday 4 March.",
        "It was going to start at 10 in the morning.",
        "Your keyworker will tell you if there is a new date.",
        "Ask your keyworker if you have questions.",
    ]


def test_a_meeting_needs_timezone_aware_times() -> None:
    naive = datetime(2025, 3, 4, 10, 0)  # noqa: DTZ001 (the point of the test)
    with pytest.raises(ValueError, match="naive"):
        render(meeting(starts_at=naive, ends_at=naive))


def test_in_welsh_the_dates_and_times_follow_the_language() -> None:
    blocks = render_meeting(meeting(), lang="cy", glossary=NO_TERMS, today=TODAY)
    when = section(blocks, "When is it?")
    assert [block.segments[1].text for block in when] == [
        "Dydd Mawrth 4 Mawrth",
        "10:00 – 12:00",
        "2 awr",
    ]


def test_a_range_too_long_for_one_sentence_is_two_lines() -> None:
    item = meeting(
        starts_at=datetime(2025, 3, 4, 11, 15, tzinfo=UTC),
        ends_at=datetime(2025, 3, 4, 12, 45, tzinfo=UTC),
    )
    assert texts(section(render(item), "When is it?")) == [
        "The meeting is on Tuesday 4 March.",
        "It starts at quarter past 11 in the morning.",
        "It ends at quarter to 1 in the afternoon.",
        "It will last 1 hour 30 minutes.",
    ]
