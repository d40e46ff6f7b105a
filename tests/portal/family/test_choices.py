"""My choices pages: reading the choices, changing one in two steps, asking
to change one, and the wrong visitor, bad input and query counts."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import (
    ConsentChangeRequest,
    ConsentChoice,
    ConsentDecision,
    ConsentItem,
    Contact,
    DecisionBasis,
    DecisionChannel,
    FamilyInputKind,
    FamilyInputNotice,
    Relationship,
    YoungPerson,
    utc_now,
)
from portal.services.consent import registry
from portal.timezones import london_today
from tests.client import PortalClient
from tests.query_counter import count_queries
from tests.support.demo_copy import add_demo_data
from tests.support.factories import (
    PASSWORD,
    make_consent_decision,
    make_contact,
    make_staff_user,
    make_team,
    make_young_person,
)
from tests.support.family_sessions import sessions_of, sign_in_family

SCHOOL = "/my-choices/share_school"
FAMILY_SEES_PORTAL = registry.FAMILY_SEES_PORTAL.code


@dataclass(frozen=True)
class Demo:
    sam_id: int
    sam_contact_id: int
    parent_id: int
    liv_parent_id: int
    sister_id: int


# The demo's urgent feedback notices: not made by the pages under test.
NOT_DEMO_FEEDBACK = FamilyInputNotice.kind != FamilyInputKind.FEEDBACK


@pytest.fixture
def demo(app: Flask) -> Demo:
    with app.app_context():
        add_demo_data(db.session)

        def contact(name: str, relation: Relationship) -> Contact:
            return db.session.scalars(
                select(Contact)
                .join(YoungPerson)
                .where(YoungPerson.preferred_name == name, Contact.relation == relation)
                .order_by(Contact.id)
            ).first()  # type: ignore[return-value]

        sam = contact("Sam", Relationship.SELF)
        demo = Demo(
            sam_id=sam.young_person_id,
            sam_contact_id=sam.id,
            parent_id=contact("Sam", Relationship.PARENT).id,
            liv_parent_id=contact("Liv", Relationship.PARENT).id,
            sister_id=contact("Niamh", Relationship.RELATIVE).id,
        )
        db.session.commit()
        return demo


def _sign_in(app: Flask, client: PortalClient, contact_id: int) -> None:
    with app.app_context():
        contact = db.session.get(Contact, contact_id)
        assert contact is not None
        sign_in_family(app, client, contact)


@pytest.fixture
def sam(app: Flask, client: PortalClient, demo: Demo) -> PortalClient:
    _sign_in(app, client, demo.sam_contact_id)
    return client


@pytest.fixture
def parent(app: Flask, demo: Demo) -> PortalClient:
    client: PortalClient = app.test_client()  # type: ignore[assignment]
    _sign_in(app, client, demo.parent_id)
    return client


def _text(response: object) -> str:
    """The page's words, without markup (glossary words are links)."""
    html = response.get_data(as_text=True)  # type: ignore[attr-defined]
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace(" .", ".")


def _decisions(app: Flask, code: str, young_person_id: int) -> list[ConsentDecision]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(ConsentDecision)
                .join(ConsentItem)
                .where(ConsentItem.code == code, ConsentDecision.young_person_id == young_person_id)
                .order_by(ConsentDecision.decided_at, ConsentDecision.id)
            )
        )


def _count(app: Flask, model: type) -> int:
    """Rows of `model`; for notices, leaving out the demo's urgent feedback
    (`portal.demo.urgent`), which these pages never make."""
    query = select(func.count()).select_from(model)
    if model is FamilyInputNotice:
        query = query.where(NOT_DEMO_FEEDBACK)
    with app.app_context():
        return int(db.session.scalar(query) or 0)


def _notices(app: Flask) -> list[FamilyInputNotice]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(FamilyInputNotice).where(NOT_DEMO_FEEDBACK).order_by(FamilyInputNotice.id)
            )
        )


def _choose(client: PortalClient, path: str, data: dict[str, str]) -> object:
    """Step 1: send the change form; the check page comes back."""
    return client.post_form(f"{path}/change", data)


def _confirm(client: PortalClient, path: str) -> object:
    """Step 2: press Confirm on the check page."""
    page = client.get(f"{path}/check").get_data(as_text=True)
    token = page.split('name="token" type="hidden" value="')[1].split('"')[0]
    return client.post_form(f"{path}/check", {"token": token}, token_page=f"{path}/check")


# Who may open the pages


@pytest.mark.parametrize(
    "path",
    [
        "/my-choices",
        SCHOOL,
        f"{SCHOOL}/change",
        f"{SCHOOL}/check",
        f"{SCHOOL}/done",
        f"{SCHOOL}/ask",
    ],
)
def test_signed_out_visitors_go_to_the_start(client: PortalClient, demo: Demo, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (302, 303)
    assert response.headers["Location"].endswith("/")


def test_staff_are_refused(app: Flask, client: PortalClient) -> None:
    with app.app_context():
        user = make_staff_user(db.session, team=make_team(db.session))
        db.session.commit()
    client.sign_in(user, PASSWORD)
    assert client.get("/my-choices").status_code == 403
    assert client.get(SCHOOL).status_code == 403


@pytest.mark.parametrize("suffix", ["", "/change", "/check", "/done", "/ask"])
def test_an_unknown_choice_is_not_found(sam: PortalClient, suffix: str) -> None:
    assert sam.get(f"/my-choices/no-such-choice{suffix}").status_code == 404


# Reading


def test_sam_sees_every_choice_with_who_chose_and_when(sam: PortalClient) -> None:
    text = _text(sam.get("/my-choices"))
    assert "Sharing information with school" in text
    assert "You said no on" in text
    assert "Nobody has chosen yet." in text
    assert "Alex (Mum)" in text
    assert "Nobody has made any choices yet." not in text
    # Each choice links to its page.
    assert f'href="{SCHOOL}"' in sam.get("/my-choices").get_data(as_text=True)


def test_a_family_member_sees_sams_choices_as_his(parent: PortalClient) -> None:
    text = _text(parent.get("/my-choices"))
    assert "Sam said no on" in text
    assert "Sam can say yes or no" in text


def test_nobody_has_chosen_yet(app: Flask, client: PortalClient, demo: Demo) -> None:
    with app.app_context():
        person = make_young_person(
            db.session,
            team=make_team(db.session),
            preferred_name="Toby",
            date_of_birth=london_today() - timedelta(days=14 * 366),
        )
        dad_id = make_contact(db.session, young_person=person, name="Sky Example").id
        db.session.commit()
    _sign_in(app, client, dad_id)
    text = _text(client.get("/my-choices"))
    assert "Nobody has made any choices yet." in text
    assert "You said" not in text and "Sam" not in text


def test_the_item_page_explains_the_choice_and_its_history(sam: PortalClient) -> None:
    text = _text(sam.get(SCHOOL))
    for words in (
        "Your choice now",
        "What this means",
        "If you say yes",
        "Your keyworker can share information about you with your school.",
        "If you say no",
        "You can change this.",
        "What happened before",
        "You said yes on",
        "Change this choice",
    ):
        assert words in text, words
    assert "Ask to change this" not in text


def test_sams_parent_sees_the_choice_read_only_and_can_ask(parent: PortalClient) -> None:
    text = _text(parent.get(SCHOOL))
    assert "Only Sam can change this." in text
    assert "This is because Sam is 16 or older." in text
    assert "Ask to change this" in text
    assert "Change this choice" not in text
    # The change steps send them back to the page.
    response = parent.get(f"{SCHOOL}/change")
    assert response.status_code == 303 and response.headers["Location"] == SCHOOL


def test_sam_sees_who_may_see_his_portal_and_his_parent_only_their_own_line(
    app: Flask, sam: PortalClient, parent: PortalClient, demo: Demo
) -> None:
    with app.app_context():
        db.session.add(
            Contact(
                young_person_id=demo.sam_id,
                name="Chris Testfield",
                relation=Relationship.PARENT,
                relationship_detail="Dad",
                mobile_e164="07700 900902",
                preferred_channel="sms",
            )
        )
        db.session.commit()
    text = _text(sam.get(f"/my-choices/{FAMILY_SEES_PORTAL}"))
    assert "Alex (Mum)" in text and "Chris (Dad)" in text
    parent_text = _text(parent.get(f"/my-choices/{FAMILY_SEES_PORTAL}"))
    assert "Chris" not in parent_text
    assert "Only Sam can change this." in parent_text


# Changing a choice


def test_sam_changes_school_to_yes_then_no(app: Flask, sam: PortalClient, demo: Demo) -> None:
    before = _decisions(app, "share_school", demo.sam_id)

    check = _choose(sam, SCHOOL, {"choice": "yes"})
    assert check.status_code == 200  # type: ignore[attr-defined]
    text = _text(check)
    assert "Check your choice" in text and "You chose yes." in text
    assert "Your keyworker can share information about you with your school." in text
    # Nothing is recorded before Confirm.
    assert len(_decisions(app, "share_school", demo.sam_id)) == len(before)

    done = _confirm(sam, SCHOOL)
    assert done.status_code == 303  # type: ignore[attr-defined]
    assert done.headers["Location"] == f"{SCHOOL}/done"  # type: ignore[attr-defined]
    done_text = _text(sam.get(f"{SCHOOL}/done"))
    assert "We saved your choice" in done_text and "You said yes on" in done_text

    _choose(sam, SCHOOL, {"choice": "no"})
    _confirm(sam, SCHOOL)

    after = _decisions(app, "share_school", demo.sam_id)
    assert [d.id for d in after[: len(before)]] == [d.id for d in before]
    added = after[len(before) :]
    assert [d.choice for d in added] == [ConsentChoice.YES, ConsentChoice.NO]
    assert {d.channel for d in added} == {DecisionChannel.PORTAL}
    assert {d.basis for d in added} == {DecisionBasis.OWN_CONSENT}
    assert {d.decided_by_contact_id for d in added} == {demo.sam_contact_id}
    notices = _notices(app)
    assert [n.kind for n in notices] == [FamilyInputKind.CONSENT_DECISION] * 2
    assert notices[-1].summary == "Changed 'Share information with school' to no"
    history = _text(sam.get(SCHOOL))
    assert history.count("You said no on") >= 2 and "You said yes on" in history


@pytest.mark.parametrize("data", [{}, {"choice": "maybe"}, {"choice": ""}])
def test_a_missing_or_bad_choice_is_an_error_and_changes_nothing(
    app: Flask, sam: PortalClient, demo: Demo, data: dict[str, str]
) -> None:
    before = _count(app, ConsentDecision)
    response = _choose(sam, SCHOOL, data)
    assert response.status_code == 200  # type: ignore[attr-defined]
    text = _text(response)
    assert "There is a problem" in text and "Choose yes or no" in text
    assert "<title>Error:" in response.get_data(as_text=True)  # type: ignore[attr-defined]
    # Nothing waits to be confirmed, and nothing was recorded.
    assert sam.get(f"{SCHOOL}/check").status_code == 303
    assert _count(app, ConsentDecision) == before


def test_confirm_without_step_1_goes_to_step_1(app: Flask, sam: PortalClient) -> None:
    before = _count(app, ConsentDecision)
    response = sam.post_form(f"{SCHOOL}/check", {"token": "guess"}, token_page=SCHOOL)
    assert response.status_code == 303
    assert response.headers["Location"] == f"{SCHOOL}/change"
    assert sam.get(f"{SCHOOL}/check").headers["Location"] == f"{SCHOOL}/change"
    assert _count(app, ConsentDecision) == before


def test_a_pending_choice_for_another_item_is_not_confirmed_here(
    app: Flask, sam: PortalClient
) -> None:
    _choose(sam, SCHOOL, {"choice": "yes"})
    before = _count(app, ConsentDecision)
    response = sam.post_form("/my-choices/share_gp/check", {"token": "x"}, token_page=SCHOOL)
    assert response.headers["Location"] == "/my-choices/share_gp/change"
    assert _count(app, ConsentDecision) == before


def test_a_confirm_from_an_older_check_page_changes_nothing(app: Flask, sam: PortalClient) -> None:
    # Two tabs: yes in the first, then no in the second; Confirm in the first.
    first = _choose(sam, SCHOOL, {"choice": "yes"}).get_data(as_text=True)  # type: ignore[attr-defined]
    old_token = first.split('name="token" type="hidden" value="')[1].split('"')[0]
    _choose(sam, SCHOOL, {"choice": "no"})
    before = _count(app, ConsentDecision)
    response = sam.post_form(f"{SCHOOL}/check", {"token": old_token}, token_page=SCHOOL)
    assert response.headers["Location"] == f"{SCHOOL}/check"
    assert _count(app, ConsentDecision) == before


def test_choosing_the_current_choice_again_adds_nothing(app: Flask, sam: PortalClient) -> None:
    check = _choose(sam, SCHOOL, {"choice": "no"})
    assert "This is already your choice." in _text(check)
    # No Confirm button: nothing to confirm.
    assert f'action="{SCHOOL}/check"' not in check.get_data(as_text=True)  # type: ignore[attr-defined]
    before = _count(app, ConsentDecision)
    response = _confirm_forced(sam)
    assert response.headers["Location"] == SCHOOL
    assert "This is already your choice." in _text(sam.get(SCHOOL))
    assert _count(app, ConsentDecision) == before


def _confirm_forced(client: PortalClient) -> object:
    """Press Confirm with the token of the waiting choice, as a second tab might."""
    with client.session_transaction() as flask_session:
        token = flask_session["choice_pending"]["token"]
    return client.post_form(f"{SCHOOL}/check", {"token": token}, token_page=SCHOOL)


def test_a_choice_changed_meanwhile_is_not_overwritten(
    app: Flask, sam: PortalClient, demo: Demo
) -> None:
    _choose(sam, SCHOOL, {"choice": "yes"})
    with app.app_context():
        person = db.session.get(YoungPerson, demo.sam_id)
        make_consent_decision(
            db.session, young_person=person, item_code="share_school", choice=ConsentChoice.YES
        )
        db.session.commit()
    before = _count(app, ConsentDecision)
    assert "Someone else changed this choice" in _text(sam.get(f"{SCHOOL}/check"))
    response = _confirm_forced(sam)
    assert response.headers["Location"] == SCHOOL
    page = _text(sam.get(SCHOOL))
    assert "Someone else changed this choice. We did not save yours." in page
    assert "Someone from the keyworker team said yes on" in page
    assert _count(app, ConsentDecision) == before


def test_pressing_confirm_twice_saves_once(app: Flask, sam: PortalClient, demo: Demo) -> None:
    _choose(sam, SCHOOL, {"choice": "yes"})
    token_page = sam.get(f"{SCHOOL}/check").get_data(as_text=True)
    token = token_page.split('name="token" type="hidden" value="')[1].split('"')[0]
    csrf = sam.csrf_token(f"{SCHOOL}/check")
    before = _count(app, ConsentDecision)
    first = sam.post(f"{SCHOOL}/check", data={"token": token, "csrf_token": csrf})
    second = sam.post(f"{SCHOOL}/check", data={"token": token, "csrf_token": csrf})
    assert first.headers["Location"] == second.headers["Location"] == f"{SCHOOL}/done"
    assert _count(app, ConsentDecision) == before + 1


def test_withdrawing_from_the_register_is_urgent_and_kind(app: Flask, sam: PortalClient) -> None:
    check = _text(_choose(sam, "/my-choices/register", {"choice": "no"}))
    assert "Your keyworker will talk with you soon about this choice." in check
    _confirm(sam, "/my-choices/register")
    (notice,) = _notices(app)
    assert notice.urgent
    done = _text(sam.get("/my-choices/register/done"))
    assert "Your keyworker will talk with you soon about this choice." in done
    assert "You said no on" in done


def test_saying_no_to_mum_seeing_the_portal_signs_her_out_at_once(
    app: Flask, sam: PortalClient, parent: PortalClient, demo: Demo
) -> None:
    assert parent.get("/my-choices").status_code == 200
    assert sessions_of(app, demo.parent_id) == 1
    path = f"/my-choices/{FAMILY_SEES_PORTAL}"
    check = _text(_choose(sam, path, {"about": str(demo.parent_id), "choice": "no"}))
    assert "Alex cannot see your plan and your meetings on this website." in check
    _confirm(sam, path)
    assert sessions_of(app, demo.parent_id) == 0
    response = parent.get("/my-choices")
    assert response.status_code in (302, 303) and response.headers["Location"].endswith("/")
    (decision,) = [
        d for d in _decisions(app, FAMILY_SEES_PORTAL, demo.sam_id) if d.choice.value == "no"
    ]
    assert decision.about_contact_id == demo.parent_id
    assert decision.basis is DecisionBasis.OWN_CONSENT
    assert sessions_of(app, demo.sam_contact_id) == 1


def test_a_choice_about_another_familys_contact_is_refused(
    app: Flask, sam: PortalClient, demo: Demo
) -> None:
    before = _count(app, ConsentDecision)
    path = f"/my-choices/{FAMILY_SEES_PORTAL}"
    response = _choose(sam, path, {"about": str(demo.liv_parent_id), "choice": "no"})
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "Choose who this choice is about" in _text(response)
    assert "Olivia" not in response.get_data(as_text=True)  # type: ignore[attr-defined]
    assert _count(app, ConsentDecision) == before


def test_livs_parent_decides_for_her(app: Flask, client: PortalClient, demo: Demo) -> None:
    _sign_in(app, client, demo.liv_parent_id)
    text = _text(client.get(SCHOOL))
    assert "You can change this." in text and "Chris can also change this." in text
    _choose(client, SCHOOL, {"choice": "no"})
    assert _confirm(client, SCHOOL).status_code == 303  # type: ignore[attr-defined]
    with app.app_context():
        liv_id = db.session.get(Contact, demo.liv_parent_id).young_person_id  # type: ignore[union-attr]
    latest = _decisions(app, "share_school", liv_id)[-1]
    assert latest.basis is DecisionBasis.PARENTAL_RESPONSIBILITY
    assert latest.decided_by_contact_id == demo.liv_parent_id


def test_niamhs_sister_sees_the_choices_but_may_not_change_them(
    app: Flask, client: PortalClient, demo: Demo
) -> None:
    _sign_in(app, client, demo.sister_id)
    text = _text(client.get("/my-choices/register"))
    assert "Staff make this choice with the people who know Niamh well." in text
    assert "Ask to change this" in text
    assert client.get("/my-choices/register/change").status_code == 303


# Asking to change a choice


def test_asking_twice_sends_one_request(app: Flask, parent: PortalClient) -> None:
    page = _text(parent.get(f"{SCHOOL}/ask"))
    assert "Ask to change this choice" in page and "Call 999" in page
    message = {"message": "Please can we talk about school?"}
    first = parent.post_form(f"{SCHOOL}/ask", message)
    assert first.status_code == 303 and first.headers["Location"] == SCHOOL
    after = _text(parent.get(SCHOOL))
    assert "We sent your message to your keyworker." in after
    assert "You asked to change this on" in after
    second = parent.post_form(f"{SCHOOL}/ask", message)
    assert second.status_code == 303
    assert "You asked already." in _text(parent.get(SCHOOL))
    assert _count(app, ConsentChangeRequest) == 1
    assert [n.kind for n in _notices(app)] == [FamilyInputKind.CONSENT_CHANGE_REQUEST]


def test_a_message_that_is_too_long_is_an_error_and_nothing_is_sent(
    app: Flask, parent: PortalClient
) -> None:
    response = parent.post_form(f"{SCHOOL}/ask", {"message": "a" * 1001})
    assert response.status_code == 200
    assert "Your message is too long." in _text(response)
    # What they wrote is kept on the page, not lost.
    assert "a" * 1001 in response.get_data(as_text=True)
    assert _count(app, ConsentChangeRequest) == 0


def test_someone_who_may_decide_is_sent_to_change_it(sam: PortalClient) -> None:
    response = sam.get(f"{SCHOOL}/ask")
    assert response.status_code == 303
    assert response.headers["Location"] == f"{SCHOOL}/change"


# Queries


def _queries(app: Flask, client: PortalClient, path: str) -> int:
    client.get(path)  # warm up: the first request of a session writes more
    with app.app_context():
        engine = db.engine
    with count_queries(engine) as log:
        assert client.get(path).status_code == 200
    return log.count


@pytest.fixture
def more_decisions(app: Flask, demo: Demo) -> Callable[[], None]:
    """Adds 100 decisions on Sam's choices, older than the ones shown now."""

    def add() -> None:
        with app.app_context():
            person = db.session.get(YoungPerson, demo.sam_id)
            sam = db.session.get(Contact, demo.sam_contact_id)
            parent = db.session.get(Contact, demo.parent_id)
            codes = list(db.session.scalars(select(ConsentItem.code)))
            for number in range(100):
                code = codes[number % len(codes)]
                make_consent_decision(
                    db.session,
                    young_person=person,  # type: ignore[arg-type]
                    item_code=code,
                    choice=ConsentChoice.YES if number % 2 else ConsentChoice.NO,
                    decided_by_contact=sam,
                    about_contact=parent if code == FAMILY_SEES_PORTAL else None,
                    decided_at=utc_now() - timedelta(days=60, minutes=number),
                )
            db.session.commit()

    return add


@pytest.mark.parametrize("path", ["/my-choices", SCHOOL, f"/my-choices/{FAMILY_SEES_PORTAL}"])
def test_a_fixed_number_of_queries_however_many_decisions(
    app: Flask, sam: PortalClient, more_decisions: Callable[[], None], path: str
) -> None:
    before = _queries(app, sam, path)
    more_decisions()
    assert _queries(app, sam, path) == before


# Whose page is this?


def _give_sam_pronouns(app: Flask, demo: Demo, pronouns: str) -> None:
    with app.app_context():
        person = db.session.get(YoungPerson, demo.sam_id)
        assert person is not None
        person.pronouns = pronouns
        db.session.commit()


def test_a_parent_reads_about_sam_and_sam_reads_about_himself(
    app: Flask, demo: Demo, sam: PortalClient, parent: PortalClient
) -> None:
    _give_sam_pronouns(app, demo, "he/him")

    sams = _text(sam.get("/my-choices/share_school"))
    mums = _text(parent.get("/my-choices/share_school"))

    assert "Your keyworker can share information about you with your school." in sams
    assert "Sam&#39;s keyworker can share information about Sam with his school." in mums
    assert "information about you" not in mums
    # The list, its title and each item's title speak to the reader too.
    assert "<h1>My choices</h1>" in sam.get("/my-choices").get_data(as_text=True)
    mums_list = parent.get("/my-choices").get_data(as_text=True)
    assert "<h1>Choices about Sam</h1>" in mums_list
    assert "Sharing information with Sam&#39;s GP" in mums_list
    assert "Sharing information with your GP" in sam.get("/my-choices").get_data(as_text=True)
