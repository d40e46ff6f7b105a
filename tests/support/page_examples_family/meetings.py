"""Page examples for the family pages: meetings."""

from tests.support.page_example_types import PageExample

EXAMPLES: tuple[PageExample, ...] = (
    PageExample("my meetings", "family.meetings", lambda w: "/my-meetings", signed_in_as="family"),
    PageExample(
        "my meetings, a parent",
        "family.meetings",
        lambda w: "/my-meetings",
        signed_in_as="family_member",
    ),
    PageExample(
        "my meetings, a carer", "family.meetings", lambda w: "/my-meetings", signed_in_as="carer"
    ),
    PageExample(
        "my meetings, none yet",
        "family.meetings",
        lambda w: "/my-meetings",
        signed_in_as="family_empty",
    ),
    PageExample(
        "meeting coming up",
        "family.meeting",
        lambda w: f"/my-meetings/{w.upcoming_meeting_id}",
        signed_in_as="family",
    ),
    PageExample(
        "meeting coming up, a parent",
        "family.meeting",
        lambda w: f"/my-meetings/{w.upcoming_meeting_id}",
        signed_in_as="family_member",
    ),
    PageExample(
        "meeting coming up, answer sent",
        "family.meeting",
        lambda w: f"/my-meetings/{w.upcoming_meeting_id}?sent=reply",
        signed_in_as="family",
    ),
    PageExample(
        "meeting coming up, what helps sent",
        "family.meeting",
        lambda w: f"/my-meetings/{w.upcoming_meeting_id}?sent=support",
        signed_in_as="family",
    ),
    PageExample(
        "meeting that has happened",
        "family.meeting",
        lambda w: f"/my-meetings/{w.past_meeting_id}",
        signed_in_as="family",
    ),
    PageExample(
        "cancelled meeting",
        "family.meeting",
        lambda w: f"/my-meetings/{w.cancelled_meeting_id}",
        signed_in_as="family",
    ),
    PageExample(
        "another family's meeting",
        "family.meeting",
        lambda w: f"/my-meetings/{w.upcoming_meeting_id}",
        signed_in_as="family_empty",
        expected_status=404,
    ),
    PageExample(
        "can you come",
        "family.meeting_reply",
        lambda w: f"/my-meetings/{w.upcoming_meeting_id}/can-you-come",
        signed_in_as="family",
    ),
    PageExample(
        "can you come, nothing chosen",
        "family.meeting_reply",
        lambda w: f"/my-meetings/{w.upcoming_meeting_id}/can-you-come",
        signed_in_as="family",
        submit={},
    ),
    PageExample(
        "can you come, after the meeting",
        "family.meeting_reply",
        lambda w: f"/my-meetings/{w.past_meeting_id}/can-you-come",
        signed_in_as="family",
    ),
    PageExample(
        "can you come, cancelled meeting",
        "family.meeting_reply",
        lambda w: f"/my-meetings/{w.cancelled_meeting_id}/can-you-come",
        signed_in_as="family_member",
    ),
    PageExample(
        "things that help me",
        "family.meeting_support",
        lambda w: f"/my-meetings/{w.upcoming_meeting_id}/things-that-help",
        signed_in_as="family",
    ),
    PageExample(
        "things that help me, something else without saying what",
        "family.meeting_support",
        lambda w: f"/my-meetings/{w.upcoming_meeting_id}/things-that-help",
        signed_in_as="family",
        submit={"supports": "other", "other_detail": " "},
    ),
    PageExample(
        "things that help me, language too long",
        "family.meeting_support",
        lambda w: f"/my-meetings/{w.upcoming_meeting_id}/things-that-help",
        signed_in_as="family_member",
        submit={"supports": "interpreter", "interpreter_language": "x" * 101},
    ),
    PageExample(
        "things that help me, after the meeting",
        "family.meeting_support",
        lambda w: f"/my-meetings/{w.past_meeting_id}/things-that-help",
        signed_in_as="family",
    ),
)
