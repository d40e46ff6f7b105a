"""The consent page of a young person's record: each item's current choice
and every decision; recording a decision someone made outside the portal;
and answering the family's requests to change a choice. The rules are in
`portal.services.consent.on_behalf` and `portal.services.consent.requests`."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from portal.access import staff
from portal.extensions import db
from portal.models import (
    ConsentChangeRequest,
    ConsentChoice,
    ConsentItem,
    DecisionChannel,
    Relationship,
    StaffRole,
    YoungPerson,
)
from portal.services.consent.current import current_decision
from portal.services.consent.family_view import consent_item
from portal.services.consent.on_behalf import (
    BasisRefused,
    LawfulBasis,
    OnBehalf,
    OnBehalfOutcome,
    OnBehalfResult,
    lawful_bases,
    record_on_behalf,
)
from portal.services.consent.people import may_be_about
from portal.services.consent.registry import item_type
from portal.services.consent.requests import (
    AlreadyAnswered,
    answer_of,
    decide_request,
    reply_to_request,
    requests_of,
)
from portal.services.records.record import consent_section
from portal.staff import staff_blueprint
from portal.staff.consent_forms import DecisionForm, ReplyForm
from portal.staff.resolvers import staff_young_person
from portal.template_filters import LABELS, long_date
from portal.timezones import london_today

CONSENT_PATH = "/young-people/<int:young_person_id>/consent"
REQUEST_PATH = CONSENT_PATH + "/requests/<int:consent_request_id>"


@staff_blueprint.route(CONSENT_PATH)
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def consent(young_person: YoungPerson) -> str:
    section = consent_section(db.session, young_person.id)
    return render_template(
        "staff/consent.html",
        today=london_today(),
        person=young_person,
        statuses=section["consent"],
        history=section["consent_history"],
        requests=requests_of(db.session, young_person.id),
        others=[c for c in young_person.contacts if c.relation is not Relationship.SELF],
        item_type=item_type,
    )


@staff_blueprint.route(CONSENT_PATH + "/decide", methods=["GET", "POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def consent_decide(young_person: YoungPerson) -> str | Response:
    item = consent_item(db.session, request.args.get("item", ""))
    if item is None:
        abort(404)
    return _decision_page(young_person, item, request.args.get("about", type=int), None)


@staff_blueprint.route(REQUEST_PATH, methods=["GET", "POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def consent_request(
    young_person: YoungPerson, consent_request: ConsentChangeRequest
) -> str | Response:
    form = ReplyForm()
    answered = answer_of(db.session, consent_request.id)
    if answered is None and form.validate_on_submit():
        try:
            reply_to_request(
                db.session,
                g.staff_user,
                consent_request,
                form.reply.data,
                ip_address=request.remote_addr,
            )
            flash(_("Reply sent. The family can read it on their choices page."))
            return redirect(url_for("staff.consent", young_person_id=young_person.id), 303)
        except AlreadyAnswered as first:
            answered = first.answer
        except BasisRefused:
            form.reply.errors = [_("Enter your reply and the reason")]
    return render_template(
        "staff/consent_request.html",
        today=london_today(),
        person=young_person,
        consent_request=consent_request,
        answer=answered,
        form=form,
    )


@staff_blueprint.route(REQUEST_PATH + "/decide", methods=["GET", "POST"])
@staff(StaffRole.KEYWORKER, StaffRole.MANAGER)
@staff_young_person(shows_record=True)
def consent_request_decide(
    young_person: YoungPerson, consent_request: ConsentChangeRequest
) -> str | Response:
    return _decision_page(
        young_person, consent_request.item, consent_request.about_contact_id, consent_request
    )


def _decision_page(
    young_person: YoungPerson,
    item: ConsentItem,
    about_contact_id: int | None,
    consent_request: ConsentChangeRequest | None,
) -> str | Response:
    about = _about(young_person, item, about_contact_id)
    today = london_today()
    options = lawful_bases(db.session, young_person, item, today)
    form = DecisionForm()
    form.basis.choices = [(option.key, _option_label(option)) for option in options]
    current = current_decision(db.session, young_person.id, item, about)
    answered = answer_of(db.session, consent_request.id) if consent_request else None
    stale: OnBehalfResult | None = None
    if not form.is_submitted():
        form.seen.data = str(current.id) if current else ""
    elif answered is None and form.validate():
        draft = OnBehalf(
            item=item,
            choice=ConsentChoice(form.choice.data),
            basis_key=form.basis.data,
            channel=DecisionChannel(form.channel.data),
            seen_decision_id=int(form.seen.data) if (form.seen.data or "").isdigit() else None,
            about_contact_id=about,
            note=(form.note.data or "").strip() or None,
        )
        try:
            result = _record(young_person, draft, consent_request, form.reply.data, today)
        except BasisRefused:
            form.basis.errors = [_("Choose someone who may decide this now")]
        except AlreadyAnswered as first:
            answered = first.answer
        else:
            if result.outcome is OnBehalfOutcome.STALE:
                stale, current = result, result.current
                form.seen.data = str(current.id) if current else ""
            else:
                flash(_saved_message(result))
                return redirect(url_for("staff.consent", young_person_id=young_person.id), 303)
    return render_template(
        "staff/consent_decide.html",
        today=london_today(),
        person=young_person,
        item=item,
        about=next((c for c in young_person.contacts if c.id == about), None),
        current=current,
        options=options,
        form=form,
        stale=stale,
        consent_request=consent_request,
        answer=answered,
    )


def _record(
    young_person: YoungPerson,
    draft: OnBehalf,
    consent_request: ConsentChangeRequest | None,
    reply: str | None,
    day: date,
) -> OnBehalfResult:
    if consent_request is None:
        return record_on_behalf(
            db.session, g.staff_user, young_person, draft, day, ip_address=request.remote_addr
        )
    return decide_request(
        db.session,
        g.staff_user,
        consent_request,
        young_person,
        draft,
        reply or "",
        day,
        ip_address=request.remote_addr,
    ).result


def _about(
    young_person: YoungPerson, item: ConsentItem, about_contact_id: int | None
) -> int | None:
    """The contact an item about one person is about: one of the young
    person's other contacts, or 404."""
    kind = item_type(item.code)
    if not kind.about_one_contact:
        return None
    others = {c.id for c in young_person.contacts if may_be_about(kind, c)}
    if about_contact_id not in others:
        abort(404)
    return about_contact_id


def _option_label(option: LawfulBasis) -> str:
    basis = str(LABELS.get(option.basis, option.basis.value))
    if option.contact is not None:
        return _("%(name)s (%(basis)s)", name=option.contact.name, basis=basis)
    assert option.best_interests is not None
    return _(
        "Best-interests decision of %(date)s by %(name)s",
        date=long_date(option.best_interests.decided_on),
        name=option.best_interests.decision_maker_name,
    )


def _saved_message(result: OnBehalfResult) -> str:
    if result.outcome is OnBehalfOutcome.UNCHANGED:
        return _("That choice already stands on that basis. Nothing was added.")
    return _("Decision recorded.")
