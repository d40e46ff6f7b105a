"""What staff see of what families send: new counts, the record's list, and
marking notices seen."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from portal.extensions import db
from portal.models import (
    FamilyInputKind,
    FftAnswer,
    MeetingAnswer,
    MeetingReply,
    MeetingSupport,
    MeetingSupportRequest,
    utc_now,
)
from portal.services.records.family_input import (
    UnseenCount,
    family_input_for_record,
    mark_seen,
    notify_staff,
    unseen_counts,
)
from portal.services.records.meeting_answers import latest_meeting_answers
from tests.query_counter import count_queries
from tests.support.factories import (
    make_contact,
    make_meeting,
    make_staff_user,
)
from tests.support.family_input_data import (
    add_family_input_of_every_kind,
    make_family_on_caseload,
)
from tests.support.urgent import acknowledge_directly


def test_unseen_counts_new_and_urgent_per_young_person(app: Flask) -> None:
    with app.app_context():
        session = db.session
        first = make_family_on_caseload(session)
        second = make_family_on_caseload(session)
        quiet = make_family_on_caseload(session)
        add_family_input_of_every_kind(session, contact=first.contact, meeting=first.meeting)
        notices = add_family_input_of_every_kind(
            session, contact=second.contact, meeting=second.meeting
        )
        notices[FamilyInputKind.FEEDBACK].seen_at = utc_now()
        notices[FamilyInputKind.FEEDBACK].seen_by_id = second.keyworker.id
        session.flush()
        ids = [first.young_person.id, second.young_person.id, quiet.young_person.id]
        with count_queries(db.engine) as log:
            counts = unseen_counts(session, ids)
        assert log.count == 1
        assert (counts[first.young_person.id].new, counts[first.young_person.id].urgent) == (6, 2)
        # The seen urgent one still counts: only an acknowledgement closes it.
        assert (counts[second.young_person.id].new, counts[second.young_person.id].urgent) == (5, 2)
        assert quiet.young_person.id not in counts
        assert unseen_counts(session, []) == {}


def test_the_record_list_loads_what_each_notice_points_at(app: Flask) -> None:
    with app.app_context():
        session = db.session
        family = make_family_on_caseload(session)
        add_family_input_of_every_kind(
            session, contact=family.contact, meeting=family.meeting, with_message=True
        )
        session.commit()
        session.expunge_all()
        family_input = family_input_for_record(session, family.young_person.id)
        assert (family_input.total, family_input.new, family_input.urgent_open) == (7, 7, 2)
        by_kind = {item.kind: item for item in family_input.items}
        assert set(by_kind) == set(FamilyInputKind)
        # Urgent ones first, then newest first.
        assert [item.notice.urgent for item in family_input.items] == [True] * 2 + [False] * 5
        assert by_kind[FamilyInputKind.MEETING_REPLY].subject.answer is MeetingAnswer.YES
        views = by_kind[FamilyInputKind.MEETING_VIEWS]
        assert views.subject.going_well == "Going well: Some words from the family."
        assert views.panel is not None and views.panel.share is True
        assert views.panel.decided_by_contact.name == "Alex Testmore"
        decision = by_kind[FamilyInputKind.CONSENT_DECISION]
        assert decision.subject.item.code == "register"
        assert by_kind[FamilyInputKind.CONSENT_CHANGE_REQUEST].subject.item.code == "share_school"
        assert by_kind[FamilyInputKind.FEEDBACK].subject.fft_answer is FftAnswer.POOR
        message = by_kind[FamilyInputKind.MESSAGE].subject
        assert message.text == "Message: Some words from the family."
        assert all(
            item.is_new and item.contact.name == "Alex Testmore" for item in by_kind.values()
        )
        assert by_kind[FamilyInputKind.MEETING_SUPPORT].notice.meeting.id == family.meeting.id


def test_a_notice_about_another_young_persons_row_shows_no_details(app: Flask) -> None:
    with app.app_context():
        session = db.session
        family = make_family_on_caseload(session)
        other = make_family_on_caseload(session)
        theirs = add_family_input_of_every_kind(
            session, contact=other.contact, meeting=other.meeting
        )
        notify_staff(
            session,
            family.contact,
            FamilyInputKind.FEEDBACK,
            subject_id=theirs[FamilyInputKind.FEEDBACK].subject_id,
            summary="Feedback",
        )
        session.flush()
        (item,) = family_input_for_record(session, family.young_person.id).items
        assert item.subject is None


def test_the_record_list_takes_the_same_queries_for_any_amount(app: Flask) -> None:
    with app.app_context():
        session = db.session
        family = make_family_on_caseload(session)
        add_family_input_of_every_kind(session, contact=family.contact, meeting=family.meeting)
        session.commit()

        def queries() -> int:
            session.expunge_all()
            with count_queries(db.engine) as log:
                family_input_for_record(session, family.young_person.id, limit=200)
            return log.count

        few = queries()
        for _ in range(20):
            add_family_input_of_every_kind(session, contact=family.contact, meeting=family.meeting)
        session.commit()
        # 9 for the notices and what they point at, 4 for how each was handled.
        assert queries() == few == 15


def test_a_limit_shows_new_ones_first(app: Flask) -> None:
    with app.app_context():
        session = db.session
        family = make_family_on_caseload(session)
        old = add_family_input_of_every_kind(
            session, contact=family.contact, meeting=family.meeting
        )
        for notice in old.values():
            notice.seen_at, notice.seen_by_id = utc_now(), family.keyworker.id
            notice.created_at = utc_now() + timedelta(days=1)
        acknowledge_directly(session, old.values(), family.keyworker)
        new = add_family_input_of_every_kind(
            session, contact=family.contact, meeting=family.meeting
        )
        family_input = family_input_for_record(session, family.young_person.id, limit=6)
        assert family_input.total == 12
        assert {item.notice.id for item in family_input.items} == {n.id for n in new.values()}


def test_the_allocated_keyworker_marks_notices_seen(app: Flask) -> None:
    with app.app_context():
        session = db.session
        family = make_family_on_caseload(session)
        notices = add_family_input_of_every_kind(
            session, contact=family.contact, meeting=family.meeting
        )
        now = utc_now()
        with count_queries(db.engine) as log:
            marked = mark_seen(session, family.young_person.id, family.keyworker, now)
        assert marked == 6
        assert log.count == 1
        session.expire_all()
        assert all(
            (notice.seen_at, notice.seen_by_id) == (now, family.keyworker.id)
            for notice in notices.values()
        )
        assert mark_seen(session, family.young_person.id, family.keyworker, now) == 0
        # Nothing is new; the two urgent ones stay until someone acknowledges them.
        assert unseen_counts(session, [family.young_person.id]) == {
            family.young_person.id: UnseenCount(new=0, urgent=2)
        }


def test_only_the_notices_shown_are_marked_seen(app: Flask) -> None:
    with app.app_context():
        session = db.session
        family = make_family_on_caseload(session)
        notices = add_family_input_of_every_kind(
            session, contact=family.contact, meeting=family.meeting
        )
        shown = [notices[FamilyInputKind.FEEDBACK].id]
        assert (
            mark_seen(
                session, family.young_person.id, family.keyworker, utc_now(), notice_ids=shown
            )
            == 1
        )
        assert (
            mark_seen(session, family.young_person.id, family.keyworker, utc_now(), notice_ids=[])
            == 0
        )
        assert unseen_counts(session, [family.young_person.id])[family.young_person.id].new == 5


def test_a_manager_or_another_keyworker_leaves_notices_new(app: Flask) -> None:
    with app.app_context():
        session = db.session
        family = make_family_on_caseload(session)
        add_family_input_of_every_kind(session, contact=family.contact, meeting=family.meeting)
        other_keyworker = make_staff_user(session, team=family.keyworker.team)
        for staff_user in (family.manager, other_keyworker):
            assert mark_seen(session, family.young_person.id, staff_user, utc_now()) == 0
        assert unseen_counts(session, [family.young_person.id])[family.young_person.id].new == 6


def test_latest_meeting_answers_are_per_contact(app: Flask) -> None:
    with app.app_context():
        session = db.session
        family = make_family_on_caseload(session)
        other_parent = make_contact(session, young_person=family.young_person, name="Chris Other")
        later = make_meeting(session, young_person=family.young_person)
        session.add_all(
            [
                MeetingReply(
                    meeting_id=family.meeting.id,
                    contact_id=family.contact.id,
                    answer=MeetingAnswer.NO,
                ),
                MeetingReply(
                    meeting_id=family.meeting.id,
                    contact_id=family.contact.id,
                    answer=MeetingAnswer.NOT_SURE,
                ),
                MeetingReply(
                    meeting_id=family.meeting.id,
                    contact_id=other_parent.id,
                    answer=MeetingAnswer.YES,
                ),
                MeetingSupportRequest(
                    meeting_id=family.meeting.id,
                    contact_id=family.contact.id,
                    supports=[MeetingSupport.BREAKS.value],
                ),
                MeetingSupportRequest(
                    meeting_id=family.meeting.id, contact_id=family.contact.id, supports=[]
                ),
                MeetingSupportRequest(
                    meeting_id=later.id,
                    contact_id=other_parent.id,
                    supports=[MeetingSupport.QUIET_ROOM.value],
                ),
            ]
        )
        session.commit()
        session.expunge_all()
        with count_queries(db.engine) as log:
            answers = latest_meeting_answers(session, family.young_person.id)
        assert log.count == 2
        first = answers[family.meeting.id]
        assert [(r.contact.name, r.answer) for r in first.replies] == [
            ("Alex Testmore", MeetingAnswer.NOT_SURE),
            ("Chris Other", MeetingAnswer.YES),
        ]
        assert [r.supports for r in first.support_requests] == [[]]
        assert answers[later.id].replies == ()
        assert [r.supports for r in answers[later.id].support_requests] == [["quiet_room"]]
