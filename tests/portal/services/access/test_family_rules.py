"""Who may see a young person's portal and who may change each consent choice:
one row for each rule and each exception, birthdays on the day in London, and
answers that change at once when the record does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.config import Config
from portal.models import (
    AssessmentOutcome,
    ConsentChoice,
    Contact,
    DecisionArea,
    DecisionBasis,
    LegalAuthority,
    Relationship,
    YoungPerson,
)
from portal.services.access.family_rules import (
    AccessDecision,
    decision_area_for,
    may_change_consent,
    portal_access,
)
from portal.services.consent import registry
from portal.timezones import london_today
from tests.support.factories import (
    make_best_interests_decision,
    make_capacity_assessment,
    make_consent_decision,
    make_contact,
    make_contact_with_authority,
    make_team,
    make_young_person,
)

FAMILY_SEES_PORTAL = registry.FAMILY_SEES_PORTAL.code
TODAY = date(2026, 3, 10)
EARLIER = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
LATER = datetime(2026, 2, 10, 9, 0, tzinfo=UTC)

GILLICK = AssessmentOutcome.GILLICK_COMPETENT
NOT_GILLICK = AssessmentOutcome.NOT_GILLICK_COMPETENT
HAS_CAPACITY = AssessmentOutcome.HAS_CAPACITY
LACKS_CAPACITY = AssessmentOutcome.LACKS_CAPACITY


@dataclass
class Case:
    """A young person of a given age on TODAY, and the contact the row asks about."""

    session: Session
    young_person: YoungPerson
    contact: Contact

    def another_contact(self, *, parental_responsibility: bool = True) -> Contact:
        return make_contact(
            self.session,
            young_person=self.young_person,
            has_parental_responsibility=parental_responsibility,
        )

    def agreement(
        self,
        choice: ConsentChoice = ConsentChoice.YES,
        *,
        about: Contact | None = None,
        basis: DecisionBasis = DecisionBasis.OWN_CONSENT,
        at: datetime = EARLIER,
    ) -> None:
        make_consent_decision(
            self.session,
            young_person=self.young_person,
            item_code=FAMILY_SEES_PORTAL,
            choice=choice,
            basis=basis,
            about_contact=about or self.contact,
            decided_at=at,
        )

    def assessment(
        self,
        outcome: AssessmentOutcome,
        *,
        area: DecisionArea = DecisionArea.FAMILY_ACCESS,
        refused: Contact | None = None,
        on: date = date(2026, 1, 5),
    ) -> None:
        make_capacity_assessment(
            self.session,
            young_person=self.young_person,
            outcome=outcome,
            area=area,
            refused_contact=refused,
            assessed_on=on,
        )

    def best_interests(
        self,
        *,
        allows: Contact | None,
        area: DecisionArea = DecisionArea.FAMILY_ACCESS,
        on: date = date(2026, 1, 6),
        review_on: date = date(2027, 1, 6),
    ) -> None:
        make_best_interests_decision(
            self.session,
            young_person=self.young_person,
            allows_contact=allows,
            area=area,
            decided_on=on,
            review_on=review_on,
        )


# Who the contact is, for a row.
SELF = "self"
PARENT_WITH_PR = "parent with parental responsibility"
PARENT_WITHOUT_PR = "parent without parental responsibility"
RELATIVE = "relative"
ADVOCATE = "advocate"
ATTORNEY = "attorney"
DEPUTY = "deputy"


def born_for_age(age: int, on: date = TODAY) -> date:
    """A date of birth that makes someone `age` on `on` (birthday in mid-January)."""
    return date(on.year - age, 1, 15)


def make_case(
    session: Session,
    *,
    who: str,
    age: int | None = None,
    born: date | None = None,
    switched_on: bool = True,
) -> Case:
    person = make_young_person(
        session,
        team=make_team(session),
        date_of_birth=born or born_for_age(age if age is not None else 0),
    )
    if who in (ATTORNEY, DEPUTY):
        authority = (
            LegalAuthority.LASTING_POWER_OF_ATTORNEY if who == ATTORNEY else LegalAuthority.DEPUTY
        )
        contact = make_contact_with_authority(
            session,
            young_person=person,
            legal_authority=authority,
            portal_access_enabled=switched_on,
        )
    else:
        relation = {
            SELF: Relationship.SELF,
            PARENT_WITH_PR: Relationship.PARENT,
            PARENT_WITHOUT_PR: Relationship.PARENT,
            RELATIVE: Relationship.RELATIVE,
            ADVOCATE: Relationship.ADVOCATE,
        }[who]
        contact = make_contact(
            session,
            young_person=person,
            relation=relation,
            has_parental_responsibility=who == PARENT_WITH_PR,
            portal_access_enabled=switched_on,
        )
    return Case(session, person, contact)


def nothing(case: Case) -> None:
    """The record holds nothing beyond the contact."""


def refuse_this_contact(case: Case) -> None:
    case.assessment(GILLICK, refused=case.contact)


def refuse_another_contact(case: Case) -> None:
    case.assessment(GILLICK, refused=case.another_contact())


def refuse_this_then_another(case: Case) -> None:
    case.assessment(GILLICK, refused=case.contact, on=date(2026, 1, 5))
    case.assessment(GILLICK, refused=case.another_contact(), on=date(2026, 2, 5))


def refuse_then_not_competent(case: Case) -> None:
    case.assessment(GILLICK, refused=case.contact, on=date(2026, 1, 5))
    case.assessment(NOT_GILLICK, on=date(2026, 2, 5))


def competent_refusing_nobody(case: Case) -> None:
    case.assessment(GILLICK)


def agree(case: Case) -> None:
    case.agreement()


def agree_then_withdraw(case: Case) -> None:
    case.agreement(ConsentChoice.YES, at=EARLIER)
    case.agreement(ConsentChoice.NO, at=LATER)


def withdraw_then_agree_again(case: Case) -> None:
    case.agreement(ConsentChoice.NO, at=EARLIER)
    case.agreement(ConsentChoice.YES, at=LATER)


def agree_about_another_contact(case: Case) -> None:
    case.agreement(about=case.another_contact())


def someone_else_says_yes_later(case: Case) -> None:
    case.agreement(ConsentChoice.NO, at=EARLIER)
    case.agreement(ConsentChoice.YES, basis=DecisionBasis.PARENTAL_RESPONSIBILITY, at=LATER)


def say_no(case: Case) -> None:
    case.agreement(ConsentChoice.NO)


def lacks_capacity_with_best_interests(case: Case) -> None:
    case.assessment(LACKS_CAPACITY)
    case.best_interests(allows=case.contact)


def lacks_capacity_only(case: Case) -> None:
    case.assessment(LACKS_CAPACITY)


def lacks_capacity_with_old_agreement(case: Case) -> None:
    case.agreement()
    case.assessment(LACKS_CAPACITY)


def best_interests_without_lack_of_capacity(case: Case) -> None:
    case.best_interests(allows=case.contact)


def best_interests_then_has_capacity(case: Case) -> None:
    case.assessment(LACKS_CAPACITY, on=date(2026, 1, 5))
    case.best_interests(allows=case.contact, on=date(2026, 1, 6))
    case.assessment(HAS_CAPACITY, on=date(2026, 2, 5))


def best_interests_ended_by_later_decision(case: Case) -> None:
    case.assessment(LACKS_CAPACITY)
    case.best_interests(allows=case.contact, on=date(2026, 1, 6))
    case.best_interests(allows=None, on=date(2026, 2, 6))


def best_interests_for_another_contact(case: Case) -> None:
    case.assessment(LACKS_CAPACITY)
    case.best_interests(allows=case.another_contact())


def best_interests_for_each_of_two(case: Case) -> None:
    case.assessment(LACKS_CAPACITY)
    case.best_interests(allows=case.contact, on=date(2026, 1, 6))
    case.best_interests(allows=case.another_contact(), on=date(2026, 2, 6))


def best_interests_about_the_register(case: Case) -> None:
    case.assessment(LACKS_CAPACITY, area=DecisionArea.REGISTER)
    case.best_interests(allows=case.contact, area=DecisionArea.REGISTER)


def refused_but_lacks_capacity(case: Case) -> None:
    case.agreement(ConsentChoice.NO, at=EARLIER)
    case.assessment(LACKS_CAPACITY, on=date(2026, 2, 5))


Setup = Callable[[Case], None]

# id, age, contact, switched on, what the record holds, allowed, reason
ACCESS_RULES: list[tuple[str, int, str, bool, Setup, bool, str]] = [
    # The young person themselves.
    ("self under the minimum age", 10, SELF, True, nothing, False,
     "young_person_under_minimum_age"),
    ("self at the minimum age", 11, SELF, True, nothing, True, "young_person_themselves"),
    ("self at 24", 24, SELF, True, nothing, True, "young_person_themselves"),
    ("self switched off", 17, SELF, False, nothing, False, "access_switched_off"),
    # Under 16: parental responsibility.
    ("under 16 parent with PR", 12, PARENT_WITH_PR, True, nothing, True, "parental_responsibility"),
    ("under 16 parent without PR", 12, PARENT_WITHOUT_PR, True, nothing, False,
     "no_parental_responsibility"),
    ("under 16 relative", 15, RELATIVE, True, nothing, False, "no_parental_responsibility"),
    ("under 16 agreement does not count yet", 15, RELATIVE, True, agree, False,
     "no_parental_responsibility"),
    ("under 16 Gillick competent refusing this parent", 14, PARENT_WITH_PR, True,
     refuse_this_contact, False, "gillick_competent_refused_contact"),
    ("under 16 Gillick competent refusing another contact", 14, PARENT_WITH_PR, True,
     refuse_another_contact, True, "parental_responsibility"),
    ("under 16 a second refusal keeps the first", 14, PARENT_WITH_PR, True,
     refuse_this_then_another, False, "gillick_competent_refused_contact"),
    ("under 16 refusal ended by a later assessment", 14, PARENT_WITH_PR, True,
     refuse_then_not_competent, True, "parental_responsibility"),
    ("under 16 Gillick competent refusing nobody", 14, PARENT_WITH_PR, True,
     competent_refusing_nobody, True, "parental_responsibility"),
    # 16 and 17: the young person's agreement.
    ("16 agreed", 16, RELATIVE, True, agree, True, "young_person_agreed"),
    ("17 nothing recorded", 17, RELATIVE, True, nothing, False, "no_agreement_recorded"),
    ("17 parent with PR needs agreement", 17, PARENT_WITH_PR, True, nothing, False,
     "no_agreement_recorded"),
    ("17 parent with PR agreed", 17, PARENT_WITH_PR, True, agree, True, "young_person_agreed"),
    ("17 agreement withdrawn", 17, RELATIVE, True, agree_then_withdraw, False,
     "young_person_said_no"),
    ("17 withdrawn then agreed again", 17, RELATIVE, True, withdraw_then_agree_again, True,
     "young_person_agreed"),
    ("17 agreement is about someone else", 17, RELATIVE, True, agree_about_another_contact,
     False, "no_agreement_recorded"),
    ("17 someone else's yes is not agreement", 17, PARENT_WITH_PR, True,
     someone_else_says_yes_later, False, "latest_decision_not_the_young_persons"),
    ("17 best-interests decision", 17, RELATIVE, True, lacks_capacity_with_best_interests,
     True, "best_interests_decision"),
    ("17 lacks capacity, no best-interests decision", 17, PARENT_WITH_PR, True,
     lacks_capacity_only, False, "lacks_capacity_no_best_interests_decision"),
    ("17 lacks capacity, earlier agreement no longer counts", 17, RELATIVE, True,
     lacks_capacity_with_old_agreement, False, "lacks_capacity_no_best_interests_decision"),
    ("17 best-interests needs recorded lack of capacity", 17, RELATIVE, True,
     best_interests_without_lack_of_capacity, False, "no_agreement_recorded"),
    ("17 best-interests ends when capacity is recorded", 17, RELATIVE, True,
     best_interests_then_has_capacity, False, "no_agreement_recorded"),
    ("17 best-interests ended by a later decision", 17, RELATIVE, True,
     best_interests_ended_by_later_decision, False, "lacks_capacity_no_best_interests_decision"),
    ("17 best-interests for another contact", 17, RELATIVE, True,
     best_interests_for_another_contact, False, "lacks_capacity_no_best_interests_decision"),
    ("17 best-interests for two contacts", 17, RELATIVE, True, best_interests_for_each_of_two,
     True, "best_interests_decision"),
    ("17 best-interests about the register only", 17, RELATIVE, True,
     best_interests_about_the_register, False, "no_agreement_recorded"),
    ("17 attorney counts only from 18", 17, ATTORNEY, True, nothing, False,
     "no_agreement_recorded"),
    # 18 and over.
    ("18 consent", 18, RELATIVE, True, agree, True, "young_person_agreed"),
    ("18 lasting power of attorney", 18, ATTORNEY, True, nothing, True,
     "lasting_power_of_attorney"),
    ("18 deputy", 18, DEPUTY, True, nothing, True, "deputy"),
    ("18 best-interests decision", 18, RELATIVE, True, lacks_capacity_with_best_interests, True,
     "best_interests_decision"),
    ("18 nothing", 18, PARENT_WITH_PR, True, nothing, False, "no_agreement_recorded"),
    ("18 consent withdrawn", 20, RELATIVE, True, agree_then_withdraw, False,
     "young_person_said_no"),
    ("18 attorney refused by young person with capacity", 19, ATTORNEY, True, say_no, False,
     "young_person_said_no"),
    ("18 attorney after refusal, capacity now lacking", 19, ATTORNEY, True,
     refused_but_lacks_capacity, True, "lasting_power_of_attorney"),
    ("18 lacks capacity, no best-interests decision", 19, RELATIVE, True, lacks_capacity_only,
     False, "lacks_capacity_no_best_interests_decision"),
    ("21 advocate without consent", 21, ADVOCATE, True, nothing, False, "no_agreement_recorded"),
    ("21 advocate with consent", 21, ADVOCATE, True, agree, True, "young_person_agreed"),
    # The staff switch beats everything.
    ("switch off: under 16 parent with PR", 12, PARENT_WITH_PR, False, nothing, False,
     "access_switched_off"),
    ("switch off: 17 agreed", 17, RELATIVE, False, agree, False, "access_switched_off"),
    ("switch off: 18 best-interests", 18, RELATIVE, False, lacks_capacity_with_best_interests,
     False, "access_switched_off"),
    ("switch off: 18 attorney", 18, ATTORNEY, False, nothing, False, "access_switched_off"),
    ("switch off: 18 deputy", 18, DEPUTY, False, nothing, False, "access_switched_off"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("age", "who", "switched_on", "setup", "allowed", "reason"),
    [row[1:] for row in ACCESS_RULES],
    ids=[row[0] for row in ACCESS_RULES],
)
def test_portal_access_rules(
    session: Session,
    age: int,
    who: str,
    switched_on: bool,
    setup: Setup,
    allowed: bool,
    reason: str,
) -> None:
    case = make_case(session, who=who, age=age, switched_on=switched_on)
    setup(case)
    decision = portal_access(session, case.contact, TODAY)
    assert (decision.allowed, decision.reason) == (allowed, reason)


@pytest.mark.parametrize(
    ("who", "setup", "basis"),
    [
        (PARENT_WITH_PR, nothing, DecisionBasis.PARENTAL_RESPONSIBILITY),
        (RELATIVE, agree, DecisionBasis.OWN_CONSENT),
        (ATTORNEY, nothing, DecisionBasis.LASTING_POWER_OF_ATTORNEY),
        (DEPUTY, nothing, DecisionBasis.DEPUTY),
        (RELATIVE, lacks_capacity_with_best_interests, DecisionBasis.BEST_INTERESTS),
    ],
)
def test_an_allowed_contact_is_told_the_basis(
    session: Session, who: str, setup: Setup, basis: DecisionBasis
) -> None:
    case = make_case(session, who=who, age=12 if who == PARENT_WITH_PR else 19)
    setup(case)
    assert portal_access(session, case.contact, TODAY).basis is basis


def test_the_minimum_age_for_own_access_is_a_setting(session: Session) -> None:
    case = make_case(session, who=SELF, age=12)
    assert portal_access(session, case.contact, TODAY).allowed
    decision = portal_access(session, case.contact, TODAY, minimum_own_access_age=13)
    assert decision == AccessDecision(False, "young_person_under_minimum_age")


def test_the_setting_defaults_to_11() -> None:
    assert Config.OWN_PORTAL_ACCESS_MINIMUM_AGE == 11


# --- A best-interests decision past its review date -------------------------


@pytest.mark.parametrize(
    ("review_on", "overdue"),
    [(date(2026, 3, 11), False), (TODAY, False), (date(2026, 3, 9), True)],
    ids=["review tomorrow", "review today", "review was yesterday"],
)  # fmt: skip
def test_a_best_interests_decision_past_review_still_counts_and_is_flagged(
    session: Session, review_on: date, overdue: bool
) -> None:
    case = make_case(session, who=RELATIVE, age=18)
    case.assessment(LACKS_CAPACITY)
    case.best_interests(allows=case.contact, review_on=review_on)
    decision = portal_access(session, case.contact, TODAY)
    assert decision.allowed
    assert decision.review_overdue is overdue
    assert decision.best_interests_decision_id is not None


# --- Birthdays change the answer on the day ----------------------------------

BORN = date(2010, 6, 15)


@pytest.mark.parametrize(
    ("who", "setup", "day", "allowed"),
    [
        (SELF, nothing, date(2021, 6, 14), False),
        (SELF, nothing, date(2021, 6, 15), True),
        # 16th birthday: parental responsibility stops deciding.
        (PARENT_WITH_PR, nothing, date(2026, 6, 14), True),
        (PARENT_WITH_PR, nothing, date(2026, 6, 15), False),
        # 16th birthday: the young person's agreement starts to count.
        (RELATIVE, agree, date(2026, 6, 14), False),
        (RELATIVE, agree, date(2026, 6, 15), True),
        # 16th birthday: a Gillick refusal gives way to asking for agreement.
        (PARENT_WITH_PR, refuse_this_contact, date(2026, 6, 14), False),
        (PARENT_WITH_PR, refuse_this_contact, date(2026, 6, 15), False),
        # 18th birthday: an attorney or deputy starts to count.
        (ATTORNEY, nothing, date(2028, 6, 14), False),
        (ATTORNEY, nothing, date(2028, 6, 15), True),
        (DEPUTY, nothing, date(2028, 6, 14), False),
        (DEPUTY, nothing, date(2028, 6, 15), True),
        # 18th birthday: agreement keeps counting.
        (RELATIVE, agree, date(2028, 6, 14), True),
        (RELATIVE, agree, date(2028, 6, 15), True),
    ],
    ids=lambda value: value.isoformat() if isinstance(value, date) else None,
)
def test_birthdays_change_the_answer_on_the_day(
    session: Session, who: str, setup: Setup, day: date, allowed: bool
) -> None:
    case = make_case(session, who=who, born=BORN)
    setup(case)
    assert portal_access(session, case.contact, day).allowed is allowed


@pytest.mark.parametrize(
    ("day", "allowed"),
    [(date(2030, 2, 28), False), (date(2030, 3, 1), True), (date(2028, 2, 29), False)],
)
def test_a_29_february_birthday_counts_on_1_march_in_other_years(
    session: Session, day: date, allowed: bool
) -> None:
    # Born 29 February 2012: 18 on 1 March 2030; on 29 February 2028 they are 16.
    case = make_case(session, who=ATTORNEY, born=date(2012, 2, 29))
    assert portal_access(session, case.contact, day).allowed is allowed


def test_the_16th_birthday_starts_at_midnight_in_london(session: Session) -> None:
    case = make_case(session, who=PARENT_WITH_PR, born=BORN)
    # 11:30 at night UTC on 14 June is half past midnight on 15 June in London (BST).
    with time_machine.travel(datetime(2026, 6, 14, 22, 59, tzinfo=UTC), tick=False):
        assert portal_access(session, case.contact, london_today()).allowed
    with time_machine.travel(datetime(2026, 6, 14, 23, 30, tzinfo=UTC), tick=False):
        assert not portal_access(session, case.contact, london_today()).allowed


# --- Losing access takes effect at once --------------------------------------


def test_withdrawing_agreement_takes_effect_at_the_next_check(session: Session) -> None:
    case = make_case(session, who=RELATIVE, age=17)
    case.agreement(ConsentChoice.YES, at=EARLIER)
    assert portal_access(session, case.contact, TODAY).allowed
    case.agreement(ConsentChoice.NO, at=LATER)
    assert portal_access(session, case.contact, TODAY).reason == "young_person_said_no"


def test_switching_access_off_takes_effect_at_the_next_check(session: Session) -> None:
    case = make_case(session, who=PARENT_WITH_PR, age=12)
    assert portal_access(session, case.contact, TODAY).allowed
    case.contact.portal_access_enabled = False
    session.flush()
    assert portal_access(session, case.contact, TODAY).reason == "access_switched_off"


def test_a_new_gillick_refusal_takes_effect_at_the_next_check(session: Session) -> None:
    case = make_case(session, who=PARENT_WITH_PR, age=14)
    assert portal_access(session, case.contact, TODAY).allowed
    refuse_this_contact(case)
    assert not portal_access(session, case.contact, TODAY).allowed


# --- The record: refusals need Gillick competence ----------------------------


def test_only_a_gillick_competent_assessment_can_refuse_a_contact(session: Session) -> None:
    case = make_case(session, who=PARENT_WITH_PR, age=17)
    with pytest.raises(IntegrityError):
        case.assessment(LACKS_CAPACITY, refused=case.contact)


# --- Few queries, however long the history -----------------------------------


def count_queries(session: Session, check: Callable[[], AccessDecision]) -> int:
    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", record)
    try:
        check()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements)


def test_the_number_of_queries_does_not_grow_with_the_history(session: Session) -> None:
    case = make_case(session, who=RELATIVE, age=18)
    lacks_capacity_with_best_interests(case)
    first = count_queries(session, lambda: portal_access(session, case.contact, TODAY))
    for month in range(1, 10):
        case.agreement(ConsentChoice.YES, at=datetime(2025, month, 1, tzinfo=UTC))
        case.assessment(LACKS_CAPACITY, on=date(2025, month, 1))
        case.best_interests(allows=case.contact, on=date(2025, month, 2))
    again = count_queries(session, lambda: portal_access(session, case.contact, TODAY))
    change = count_queries(
        session, lambda: may_change_consent(session, case.contact, "register", TODAY)
    )
    # Capacity assessments, the latest agreement, the latest best-interests decision.
    assert (first, again) == (3, 3)
    assert change == 4


def test_the_agreement_that_stands_is_read_in_one_query(session: Session) -> None:
    """Among many decisions, about this contact, others and other items, the
    latest about this contact decides: two queries (assessments, agreement)."""
    case = make_case(session, who=RELATIVE, age=17)
    other = case.another_contact()
    for month in range(1, 10):
        at = datetime(2025, month, 1, tzinfo=UTC)
        case.agreement(ConsentChoice.NO, at=at)
        case.agreement(ConsentChoice.NO, about=other, at=LATER)
        make_consent_decision(
            session, young_person=case.young_person, item_code="share_gp", decided_at=LATER
        )
    case.agreement(ConsentChoice.YES, at=EARLIER)
    queries = count_queries(session, lambda: portal_access(session, case.contact, TODAY))
    assert queries == 2
    assert portal_access(session, case.contact, TODAY).reason == "young_person_agreed"
    assert portal_access(session, other, TODAY).reason == "young_person_said_no"


# --- Who may change each consent choice --------------------------------------


def gillick_competent_for_register(case: Case) -> None:
    case.assessment(GILLICK, area=DecisionArea.REGISTER)


def gillick_competent_for_sharing(case: Case) -> None:
    case.assessment(GILLICK, area=DecisionArea.INFORMATION_SHARING)


def lacks_capacity_for_register(case: Case) -> None:
    case.assessment(LACKS_CAPACITY, area=DecisionArea.REGISTER)


def lacks_capacity_for_sharing(case: Case) -> None:
    case.assessment(LACKS_CAPACITY, area=DecisionArea.INFORMATION_SHARING)


def agree_and_lack_capacity_for_register(case: Case) -> None:
    case.agreement()
    case.assessment(LACKS_CAPACITY, area=DecisionArea.REGISTER)


def agree_and_lack_capacity_for_sharing(case: Case) -> None:
    case.agreement()
    case.assessment(LACKS_CAPACITY, area=DecisionArea.INFORMATION_SHARING)


def lacks_capacity_for_family_access_with_best_interests(case: Case) -> None:
    case.assessment(LACKS_CAPACITY)
    case.best_interests(allows=case.contact)


def gillick_refused_and_register(case: Case) -> None:
    refuse_this_contact(case)


PR = DecisionBasis.PARENTAL_RESPONSIBILITY
OWN = DecisionBasis.OWN_CONSENT

# id, age, contact, item, what the record holds, allowed, reason, basis
CONSENT_RULES: list[tuple[str, int, str, str, Setup, bool, str, DecisionBasis | None]] = [
    ("under 16 parent with PR", 12, PARENT_WITH_PR, "register", nothing, True,
     "parental_responsibility", PR),
    ("under 16 parent without PR", 12, PARENT_WITHOUT_PR, "register", nothing, False,
     "no_parental_responsibility", None),
    ("under 16 young person, not Gillick competent", 13, SELF, "register", nothing, False,
     "parental_responsibility_decides", None),
    ("under 16 young person, Gillick competent", 13, SELF, "register",
     gillick_competent_for_register, True, "gillick_competent", DecisionBasis.GILLICK_COMPETENT),
    ("under 16 parent, young person Gillick competent", 13, PARENT_WITH_PR, "register",
     gillick_competent_for_register, False, "young_person_is_gillick_competent", None),
    ("under 16 competent for sharing only: parent decides the register", 13, PARENT_WITH_PR,
     "register", gillick_competent_for_sharing, True, "parental_responsibility", PR),
    ("under 16 competent for sharing: young person decides sharing", 13, SELF, "share_gp",
     gillick_competent_for_sharing, True, "gillick_competent", DecisionBasis.GILLICK_COMPETENT),
    ("under 16 parent cannot decide who sees", 13, PARENT_WITH_PR, FAMILY_SEES_PORTAL, nothing,
     False, "under_16_parental_responsibility_decides_access", None),
    ("under 16 young person cannot decide who sees", 15, SELF, FAMILY_SEES_PORTAL,
     competent_refusing_nobody, False, "under_16_parental_responsibility_decides_access", None),
    ("16 young person decides the register", 16, SELF, "register", nothing, True,
     "young_person_decides", OWN),
    ("17 parent with PR and access does not decide", 17, PARENT_WITH_PR, "register", agree,
     False, "young_person_decides", None),
    ("17 young person lacks capacity for the register", 17, SELF, "register",
     lacks_capacity_for_register, False, "lacks_capacity_best_interests_decision_needed", None),
    ("17 lacks capacity for sharing only: decides the register", 17, SELF, "register",
     lacks_capacity_for_sharing, True, "young_person_decides", OWN),
    ("17 parent, young person lacks capacity", 17, PARENT_WITH_PR, "register",
     agree_and_lack_capacity_for_register, False,
     "lacks_capacity_best_interests_decision_needed", None),
    ("17 young person decides who sees", 17, SELF, FAMILY_SEES_PORTAL, nothing, True,
     "young_person_decides", OWN),
    ("17 young person lacking capacity does not decide who sees", 17, SELF, FAMILY_SEES_PORTAL,
     lacks_capacity_only, False, "lacks_capacity_best_interests_decision_needed", None),
    ("17 parent cannot decide who sees", 17, PARENT_WITH_PR, FAMILY_SEES_PORTAL, agree, False,
     "only_the_young_person_decides_who_sees", None),
    ("17 messages: young person decides", 17, SELF, "contact_by_message", nothing, True,
     "young_person_decides", OWN),
    ("18 young person decides", 18, SELF, "share_school", nothing, True,
     "young_person_decides", OWN),
    ("18 attorney, young person has capacity", 18, ATTORNEY, "register", nothing, False,
     "young_person_has_capacity", None),
    ("18 attorney, lacks capacity for the register", 18, ATTORNEY, "register",
     lacks_capacity_for_register, True, "lasting_power_of_attorney",
     DecisionBasis.LASTING_POWER_OF_ATTORNEY),
    ("18 deputy, lacks capacity for sharing", 18, DEPUTY, "share_gp",
     lacks_capacity_for_sharing, True, "deputy", DecisionBasis.DEPUTY),
    ("18 deputy, lacks capacity for another area", 18, DEPUTY, "share_gp",
     lacks_capacity_for_register, False, "young_person_has_capacity", None),
    ("18 attorney cannot decide who sees", 18, ATTORNEY, FAMILY_SEES_PORTAL,
     lacks_capacity_for_family_access_with_best_interests, False,
     "only_the_young_person_decides_who_sees", None),
    ("18 relative, lacks capacity", 18, RELATIVE, "share_gp",
     agree_and_lack_capacity_for_sharing, False,
     "lacks_capacity_best_interests_decision_needed", None),
    ("18 relative with access does not decide", 18, RELATIVE, "register", agree, False,
     "young_person_decides", None),
    ("21 advocate with access does not decide", 21, ADVOCATE, "register", agree, False,
     "young_person_decides", None),
    # Deciding through the portal needs access to it first.
    ("under 11 young person cannot use the portal", 10, SELF, "register",
     gillick_competent_for_register, False, "young_person_under_minimum_age", None),
    ("under 16 parent refused by a Gillick-competent young person", 14, PARENT_WITH_PR,
     "register", gillick_refused_and_register, False, "gillick_competent_refused_contact", None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("age", "who", "item_code", "setup", "allowed", "reason", "basis"),
    [row[1:] for row in CONSENT_RULES],
    ids=[row[0] for row in CONSENT_RULES],
)
def test_who_may_change_each_consent_choice(
    session: Session,
    age: int,
    who: str,
    item_code: str,
    setup: Setup,
    allowed: bool,
    reason: str,
    basis: DecisionBasis | None,
) -> None:
    case = make_case(session, who=who, age=age)
    setup(case)
    decision = may_change_consent(session, case.contact, item_code, TODAY)
    assert (decision.allowed, decision.reason, decision.basis) == (allowed, reason, basis)


def test_the_staff_switch_stops_deciding_through_the_portal(session: Session) -> None:
    case = make_case(session, who=PARENT_WITH_PR, age=12, switched_on=False)
    decision = may_change_consent(session, case.contact, "register", TODAY)
    assert decision == AccessDecision(False, "access_switched_off")


def test_staff_can_record_a_decision_made_in_person(session: Session) -> None:
    """A parent whose portal access is off, or whom the young person refused
    for family access, still holds parental responsibility for the register."""
    case = make_case(session, who=PARENT_WITH_PR, age=14, switched_on=False)
    refuse_this_contact(case)
    decision = may_change_consent(session, case.contact, "register", TODAY, through_portal=False)
    assert (decision.allowed, decision.basis) == (True, PR)


@pytest.mark.parametrize(
    ("item_code", "area"),
    [
        ("register", DecisionArea.REGISTER),
        ("share_school", DecisionArea.INFORMATION_SHARING),
        ("share_youth_justice", DecisionArea.INFORMATION_SHARING),
        ("contact_by_message", DecisionArea.CONTACT_BY_MESSAGE),
        (FAMILY_SEES_PORTAL, DecisionArea.FAMILY_ACCESS),
        ("share_views_with_panel", DecisionArea.INFORMATION_SHARING),
        ("feedback_in_reports", DecisionArea.INFORMATION_SHARING),
    ],
)
def test_each_consent_item_belongs_to_a_decision_area(item_code: str, area: DecisionArea) -> None:
    assert decision_area_for(item_code) is area


@pytest.mark.parametrize("who", [SELF, PARENT_WITH_PR])
def test_a_removed_contact_has_no_access_and_decides_nothing(session: Session, who: str) -> None:
    case = make_case(session, who=who, age=12)
    assert portal_access(session, case.contact, TODAY).allowed
    case.contact.removed_at = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
    refused = AccessDecision(False, "contact_removed")
    assert portal_access(session, case.contact, TODAY) == refused
    for through_portal in (True, False):
        decision = may_change_consent(
            session, case.contact, "share_school", TODAY, through_portal=through_portal
        )
        assert decision == refused


@pytest.mark.parametrize(
    "authority", [LegalAuthority.LASTING_POWER_OF_ATTORNEY, LegalAuthority.DEPUTY]
)
def test_authority_for_property_and_finance_only_gives_no_access_or_say(
    session: Session, authority: LegalAuthority
) -> None:
    person = make_young_person(session, team=make_team(session), date_of_birth=born_for_age(19))
    make_capacity_assessment(
        session,
        young_person=person,
        area=DecisionArea.FAMILY_ACCESS,
        outcome=AssessmentOutcome.LACKS_CAPACITY,
    )
    make_capacity_assessment(
        session,
        young_person=person,
        area=DecisionArea.INFORMATION_SHARING,
        outcome=AssessmentOutcome.LACKS_CAPACITY,
    )
    finance = make_contact_with_authority(
        session, young_person=person, legal_authority=authority, health_and_welfare=False
    )
    welfare = make_contact_with_authority(session, young_person=person, legal_authority=authority)
    assert portal_access(session, welfare, TODAY).allowed
    assert may_change_consent(session, welfare, "share_school", TODAY).allowed
    assert not portal_access(session, finance, TODAY).allowed
    decision = may_change_consent(session, finance, "share_school", TODAY, through_portal=False)
    assert not decision.allowed
