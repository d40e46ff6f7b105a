"""My choices: each consent choice in easy read, changing it in two steps,
and asking the keyworker to change it.

1. /my-choices: every choice and what it is now.
2. /my-choices/<item_code>: one choice: what it means, who can change it,
   what it is now and what happened before.
3. Someone who may decide: /change (yes or no), then /check (what will
   happen, and Confirm). Sending the change form answers with the check page
   itself, which /check also shows; Confirm posts to /check. The choice waits
   in the session between the two steps (no ids in addresses): nothing is
   recorded until Confirm. Then /done says it is saved.
4. Anyone else: /ask sends a request to the keyworker.

The rules are in portal.services.consent: family_view (reading), decide
(changing) and ask (asking); each item's flags are in its registry type.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from babel.lists import format_list
from flask import abort, current_app, flash, g, redirect, request, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from easyread import render_consent_item
from easyread.dates import easy_date
from easyread.render import Block, ConsentItemInput
from easyread.render import pictures as pictograms
from easyread.render.consent import HEADING_CHANGE, HEADING_MEANS, HEADING_NO, HEADING_YES, KNOWN
from portal import session_keys
from portal.access import family
from portal.extensions import db
from portal.family import family_blueprint
from portal.family.forms.choices import AskToChangeForm, ChangeChoiceForm, ConfirmChoiceForm
from portal.i18n import easyread_language
from portal.models import ConsentChoice, ConsentItem, Contact
from portal.page_cache import render_family_page
from portal.services.access.family_rules import may_change_consent
from portal.services.consent.ask import ask_to_change
from portal.services.consent.decide import (
    DecideOutcome,
    NotAChoice,
    PendingChange,
    check_change,
    decide,
    prepare_change,
)
from portal.services.consent.family_view import (
    choice_page,
    choices_overview,
    consent_item,
    latest_portal_decision_by,
)
from portal.services.consent.people import Person, people_a_choice_can_be_about
from portal.services.consent.registry import item_type
from portal.services.easy_read.reader import reader_for
from portal.services.records.urgent_alerts import UrgentSettings
from portal.timezones import london_today


def _contact() -> Contact:
    contact: Contact = g.family_contact
    return contact


def _minimum_age() -> int:
    return int(current_app.config["OWN_PORTAL_ACCESS_MINIMUM_AGE"])


def _item_or_404(item_code: str) -> ConsentItem:
    item = consent_item(db.session, item_code)
    if item is None:
        abort(404)
    return item


def _may_decide(item: ConsentItem) -> bool:
    return may_change_consent(
        db.session, _contact(), item.code, london_today(), minimum_own_access_age=_minimum_age()
    ).allowed


def _sections(item: ConsentItem) -> dict[str, list[Block]]:
    """The item in easy read, by section: what it means, if yes, if no. (The
    page says who can change it, so the renderer's general words are left out.)"""
    blocks = render_consent_item(
        # Without a key the renderer uses its general words.
        ConsentItemInput(
            code=item_type(item.code).easy_read_key or "", title="", description=item.description
        ),
        lang=easyread_language(),
        reader=reader_for(_contact()),
    )
    sections: dict[str, list[Block]] = {}
    current: list[Block] = []
    for block in blocks:
        if block.is_heading:
            current = sections.setdefault(" ".join(s.text for s in block.segments), [])
        else:
            current.append(block)
    return {
        "means": sections.get(HEADING_MEANS, []),
        "yes": sections.get(HEADING_YES, []),
        "no": sections.get(HEADING_NO, []),
        "change": sections.get(HEADING_CHANGE, []),
    }


def _names(names: Sequence[str]) -> str:
    """ "Alex", "Alex and Chris", "Alex, Chris and Sam"."""
    return format_list(list(names), locale=str(get_locale() or "en")) if names else ""


def _about_words(person: Person) -> str:
    if person.relationship_detail:
        return _(
            "%(name)s (%(relationship)s)",
            name=person.first_name,
            relationship=person.relationship_detail,
        )
    return person.first_name


def _picture(code: str) -> str:
    """The picture beside a choice: its own, or its easy-read words' picture."""
    kind = item_type(code)
    if kind.picture is not None:
        return kind.picture
    wording = KNOWN.get(kind.easy_read_key) if kind.easy_read_key else None
    return wording.picture if wording is not None else pictograms.CHOICE


def _day(moment: datetime) -> str:
    """ "Tuesday 4 March", in London."""
    return easy_date(moment, easyread_language(), today=london_today())


def _render(template: str, item: ConsentItem | None = None, **context: Any) -> str:
    """A My choices page; one about an item also has the item's type as `kind`."""
    if item is not None:
        context.update(item=item, kind=item_type(item.code))
    return render_family_page(template, day=_day, picture_for=_picture, **context)


def _pending_for(item: ConsentItem) -> PendingChange | None:
    pending = PendingChange.from_dict(session.get(session_keys.CHOICE_PENDING))
    return pending if pending is not None and pending.item_code == item.code else None


# 1 and 2. Reading


@family_blueprint.route("/my-choices")
@family
def choices() -> str:
    overview = choices_overview(db.session, _contact(), london_today())
    return _render("family/choices/index.html", overview=overview)


@family_blueprint.route("/my-choices/<item_code>")
@family
def choice(item_code: str) -> str:
    item = _item_or_404(item_code)
    page = choice_page(
        db.session, _contact(), item, london_today(), minimum_own_access_age=_minimum_age()
    )
    return _render(
        "family/choices/choice.html",
        item,
        page=page,
        sections=_sections(item),
        names=_names(page.who_may_change.names),
    )


# 3. Changing a choice


@family_blueprint.route("/my-choices/<item_code>/change", methods=["GET", "POST"])
@family
def choice_change(item_code: str) -> str | Response:
    item = _item_or_404(item_code)
    if not _may_decide(item):
        return redirect(url_for("family.choice", item_code=item.code), 303)
    contact = _contact()
    kind = item_type(item.code)
    people = people_a_choice_can_be_about(contact, kind) if kind.about_one_contact else None
    about_choices = (
        [(str(person.contact_id), _about_words(person)) for person in people]
        if people is not None
        else None
    )
    form = ChangeChoiceForm(about_choices=about_choices)
    if request.method == "GET":
        pending = _pending_for(item)
        if pending is not None:
            # "Go back" from step 2 shows what they chose.
            form.choice.data = pending.choice.value
            if form.about is not None and pending.about_contact_id is not None:
                form.about.data = str(pending.about_contact_id)
        elif form.about is not None and about_choices is not None and len(about_choices) == 1:
            form.about.data = about_choices[0][0]
    if form.validate_on_submit():
        try:
            pending = prepare_change(
                db.session,
                contact,
                item,
                ConsentChoice(form.choice.data),
                form.about_contact_id,
            )
        except NotAChoice:
            abort(400)
        session[session_keys.CHOICE_PENDING] = pending.to_dict()
        session.pop(session_keys.CHOICE_DONE, None)
        # Step 2 straight away: nothing is recorded until Confirm.
        return _check_page(item, pending)
    return _render(
        "family/choices/change.html", item, form=form, has_about=about_choices is not None
    )


def _check_page(item: ConsentItem, pending: PendingChange) -> str:
    check = check_change(
        db.session, _contact(), item, pending, london_today(), minimum_own_access_age=_minimum_age()
    )
    return _render(
        "family/choices/check.html",
        item,
        pending=pending,
        check=check,
        sections=_sections(item),
        form=ConfirmChoiceForm(formdata=None, token=pending.token),
    )


@family_blueprint.route("/my-choices/<item_code>/check", methods=["GET", "POST"])
@family
def choice_check(item_code: str) -> str | Response:
    item = _item_or_404(item_code)
    pending = _pending_for(item)
    if pending is None:
        if request.method == "POST" and _just_done(item):
            # A second press of Confirm: the first one was saved.
            return redirect(url_for("family.choice_done", item_code=item.code), 303)
        return redirect(url_for("family.choice_change", item_code=item.code), 303)
    if request.method == "GET":
        return _check_page(item, pending)
    form = ConfirmChoiceForm()
    if not form.validate_on_submit() or form.token.data != pending.token:
        # The page was for another choice (two tabs): show the choice waiting now.
        return redirect(url_for("family.choice_check", item_code=item.code), 303)
    result = decide(
        db.session,
        _contact(),
        item,
        pending,
        london_today(),
        ip_address=request.remote_addr,
        minimum_own_access_age=_minimum_age(),
        alerts=UrgentSettings.from_config(current_app.config),
    )
    session.pop(session_keys.CHOICE_PENDING, None)
    if result.outcome is DecideOutcome.CHANGED:
        session[session_keys.CHOICE_DONE] = item.code
        return redirect(url_for("family.choice_done", item_code=item.code), 303)
    if result.outcome is DecideOutcome.UNCHANGED:
        flash(_("This is already your choice. Nothing has changed."))
    elif result.outcome is DecideOutcome.STALE:
        flash(_("Someone else changed this choice. We did not save yours."))
        flash(_("Look at the choice now. You can change it again."))
    else:
        flash(_("You cannot change this choice now. We did not save it."))
    return redirect(url_for("family.choice", item_code=item.code), 303)


def _just_done(item: ConsentItem) -> bool:
    return bool(session.get(session_keys.CHOICE_DONE) == item.code)


@family_blueprint.route("/my-choices/<item_code>/done")
@family
def choice_done(item_code: str) -> str | Response:
    item = _item_or_404(item_code)
    decision = latest_portal_decision_by(db.session, _contact(), item)
    if decision is None:
        return redirect(url_for("family.choice", item_code=item.code), 303)
    return _render("family/choices/done.html", item, decision=decision, sections=_sections(item))


# 4. Asking to change a choice


@family_blueprint.route("/my-choices/<item_code>/ask", methods=["GET", "POST"])
@family
def choice_ask(item_code: str) -> str | Response:
    item = _item_or_404(item_code)
    if _may_decide(item):
        return redirect(url_for("family.choice_change", item_code=item.code), 303)
    form = AskToChangeForm()
    if form.validate_on_submit():
        result = ask_to_change(
            db.session, _contact(), item, form.message.data, ip_address=request.remote_addr
        )
        if result.already_asked:
            flash(_("You asked already. Your keyworker has your message."))
        else:
            flash(_("We sent your message to your keyworker."))
        return redirect(url_for("family.choice", item_code=item.code), 303)
    return _render("family/choices/ask.html", item, form=form)
