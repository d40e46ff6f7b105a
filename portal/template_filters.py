"""Filters that write dates, times and labels the way the service speaks."""

from __future__ import annotations

import re
from datetime import date, datetime

from babel import Locale, UnknownLocaleError
from flask import Flask, current_app
from flask_babel import format_date, format_datetime, get_locale, gettext
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from portal.i18n import translator_for
from portal.models import (
    ActionStatus,
    AssessmentOutcome,
    Channel,
    CommunicationNeedType,
    ConsentItem,
    DecisionArea,
    DecisionBasis,
    DecisionChannel,
    FftAnswer,
    MeetingKind,
    MeetingStatus,
    MessageStatus,
    PlanSectionKind,
    Relationship,
    RiskRating,
    UrgentAction,
)
from portal.phone import for_display
from portal.services.consent.registry import staff_title
from portal.services.meetings.kinds import kind_name
from portal.timezones import LONDON, london_today

LABELS: dict[object, object] = {
    # What someone did about an urgent item (the acknowledge form's choices).
    UrgentAction.PHONED_FAMILY: _l("Phoned the family"),
    UrgentAction.SPOKE_TO_YOUNG_PERSON: _l("Spoke to the young person"),
    UrgentAction.SAFEGUARDING_REFERRAL: _l("Made a safeguarding referral"),
    UrgentAction.TOLD_DUTY_OR_CRISIS_TEAM: _l("Told the duty team or crisis team"),
    UrgentAction.PASSED_TO_MANAGER: _l("Passed it to the manager"),
    UrgentAction.OTHER: _l("Something else"),
    RiskRating.RED: _l("Red"),
    RiskRating.AMBER: _l("Amber"),
    RiskRating.GREEN: _l("Green"),
    MeetingKind.CETR: _l("Care, Education and Treatment Review (CETR)"),
    MeetingKind.CTR: _l("Care and Treatment Review (CTR)"),
    MeetingKind.MDT: _l("Team meeting (MDT)"),
    MeetingKind.REGISTER_REVIEW: _l("Register review meeting"),
    MeetingKind.OTHER: _l("Meeting"),
    MeetingStatus.PLANNED: _l("Planned"),
    MeetingStatus.HELD: _l("Held"),
    MeetingStatus.CANCELLED: _l("Cancelled"),
    ActionStatus.NOT_STARTED: _l("Not started"),
    ActionStatus.IN_PROGRESS: _l("In progress"),
    ActionStatus.DONE: _l("Done"),
    ActionStatus.CANNOT_BE_DONE: _l("Cannot be done"),
    PlanSectionKind.ABOUT_ME: _l("About me"),
    PlanSectionKind.WHAT_MATTERS: _l("What matters to me"),
    PlanSectionKind.WHAT_HELPS: _l("What helps me"),
    PlanSectionKind.WHAT_DOES_NOT_HELP: _l("What does not help me"),
    PlanSectionKind.MY_GOALS: _l("My goals"),
    PlanSectionKind.IF_I_AM_NOT_OK: _l("If I am not OK"),
    Relationship.SELF: _l("Young person"),
    Relationship.PARENT: _l("Parent"),
    Relationship.CARER: _l("Carer"),
    Relationship.RELATIVE: _l("Relative"),
    Relationship.ADVOCATE: _l("Advocate"),
    Relationship.OTHER: _l("Other"),
    CommunicationNeedType.EASY_READ: _l("Easy read"),
    CommunicationNeedType.LARGE_PRINT: _l("Large print"),
    CommunicationNeedType.BSL_INTERPRETER: _l("British Sign Language interpreter"),
    CommunicationNeedType.SPOKEN_LANGUAGE_INTERPRETER: _l("Spoken language interpreter"),
    CommunicationNeedType.BRAILLE: _l("Braille"),
    CommunicationNeedType.AUDIO: _l("Audio"),
    CommunicationNeedType.PERSON_TO_HELP_READ: _l("A person to help read"),
    CommunicationNeedType.LONGER_APPOINTMENTS: _l("Longer appointments"),
    CommunicationNeedType.TEXT_NOT_PHONE: _l("Text messages, not phone calls"),
    CommunicationNeedType.QUIET_ROOM: _l("A quiet room"),
    CommunicationNeedType.VISUAL_TIMETABLE: _l("A visual timetable"),
    DecisionBasis.OWN_CONSENT: _l("own consent"),
    DecisionBasis.PARENTAL_RESPONSIBILITY: _l("parental responsibility"),
    DecisionBasis.GILLICK_COMPETENT: _l("Gillick competent"),
    DecisionBasis.BEST_INTERESTS: _l("best-interests decision"),
    DecisionBasis.LASTING_POWER_OF_ATTORNEY: _l("lasting power of attorney"),
    DecisionBasis.DEPUTY: _l("deputy"),
    DecisionChannel.PORTAL: _l("portal"),
    DecisionChannel.SMS: _l("text message"),
    DecisionChannel.EMAIL: _l("email"),
    DecisionChannel.IN_PERSON: _l("in person"),
    DecisionChannel.PHONE: _l("phone call"),
    DecisionChannel.PAPER: _l("paper form"),
    DecisionArea.REGISTER: _l("being on the register"),
    DecisionArea.INFORMATION_SHARING: _l("sharing information"),
    DecisionArea.FAMILY_ACCESS: _l("family seeing the portal"),
    DecisionArea.CONTACT_BY_MESSAGE: _l("contact by text or email"),
    DecisionArea.CARE_AND_TREATMENT: _l("care and treatment"),
    AssessmentOutcome.GILLICK_COMPETENT: _l("Gillick competent"),
    AssessmentOutcome.NOT_GILLICK_COMPETENT: _l("not Gillick competent"),
    AssessmentOutcome.HAS_CAPACITY: _l("has capacity"),
    AssessmentOutcome.LACKS_CAPACITY: _l("lacks capacity"),
    FftAnswer.VERY_GOOD: _l("Very good"),
    FftAnswer.GOOD: _l("Good"),
    FftAnswer.NEITHER: _l("Neither good nor poor"),
    FftAnswer.POOR: _l("Poor"),
    FftAnswer.VERY_POOR: _l("Very poor"),
    FftAnswer.DONT_KNOW: _l("Don't know"),
    Channel.SMS: _l("Text message"),
    Channel.EMAIL: _l("Email"),
    MessageStatus.QUEUED: _l("Waiting to send"),
    MessageStatus.SENDING: _l("Sending"),
    MessageStatus.SENT: _l("Sent"),
    MessageStatus.DELIVERED: _l("Delivered"),
    MessageStatus.FAILED: _l("Not sent"),
    MessageStatus.RECEIVED: _l("Received"),
}

RISK_TAG_CLASSES = {
    RiskRating.RED: "nhsuk-tag--red",
    RiskRating.AMBER: "nhsuk-tag--orange",
    RiskRating.GREEN: "nhsuk-tag--green",
}


def label(value: object) -> object:
    """The words for an enum value; a plain value's own text otherwise."""
    return LABELS.get(value, getattr(value, "value", value))


def meeting_kind(kind: MeetingKind) -> str:
    """A kind of meeting in the family's plain words, in the visitor's
    language (staff pages use `label`, with the service's own names)."""
    return kind_name(kind, translator_for())


def long_date(value: date | None) -> str:
    """Tuesday 4 March 2025."""
    return format_date(value, "EEEE d MMMM y") if value else ""


def month_year(value: date | None) -> str:
    """March 2025."""
    return format_date(value, "MMMM y") if value else ""


def month_name(value: date | None) -> str:
    """March."""
    return format_date(value, "MMMM") if value else ""


def long_datetime(value: datetime | None) -> str:
    """Tuesday 4 March 2025 at 10:00, in London time."""
    if value is None:
        return ""
    return format_datetime(value, "EEEE d MMMM y', 'HH:mm")


def time_range(starts_at: datetime, ends_at: datetime) -> str:
    """Monday 30 November 2026, 11:00 to 12:00; both dates in full when the
    meeting ends on another day (in London time)."""
    same_day = starts_at.astimezone(LONDON).date() == ends_at.astimezone(LONDON).date()
    end = format_datetime(ends_at, "HH:mm") if same_day else long_datetime(ends_at)
    return str(_l("%(start)s to %(end)s", start=long_datetime(starts_at), end=end))


URL_IN_TEXT = re.compile(r"https?://[^\s<>\"']+")
TRAILING_PUNCTUATION = ".,;:!?)]}'\""


def link_portal_urls(text: str, base_url: str | None) -> Markup:
    """`text` escaped, its line breaks kept, and addresses of the portal's own
    pages made into links. Any other address stays plain text."""
    lines = []
    for line in text.splitlines():
        pieces: list[str] = []
        position = 0
        for match in URL_IN_TEXT.finditer(line):
            url = match.group().rstrip(TRAILING_PUNCTUATION)
            pieces.append(escape(line[position : match.start()]))
            if _is_portal_url(url, base_url):
                pieces.append(Markup('<a href="{0}">{0}</a>').format(url))
            else:
                pieces.append(escape(url))
            position = match.start() + len(url)
        pieces.append(escape(line[position:]))
        lines.append(Markup("").join(pieces))
    return Markup("<br>\n").join(lines)


def _is_portal_url(url: str, base_url: str | None) -> bool:
    if not base_url:
        return False
    base = base_url.rstrip("/")
    # The whole host must match: http://portal.test.example.org is not http://portal.test.
    return url == base or url.startswith((base + "/", base + "?", base + "#"))


def portal_links(text: str) -> Markup:
    return link_portal_urls(text, current_app.config["PUBLIC_BASE_URL"])


def language_name(code: str | None) -> str:
    """A language code as its name in the reader's language ("English" for
    "en", "Polish" for "pl"), for staff pages; a code Babel does not know is
    shown as it was recorded."""
    if not code:
        return ""
    try:
        name = Locale.parse(code, sep="-" if "-" in code else "_").get_display_name(
            get_locale() or "en"
        )
    except (ValueError, TypeError, UnknownLocaleError):
        return code
    return (name[:1].upper() + name[1:]) if name else code


def consent_item(item: ConsentItem) -> str:
    """A consent item in the staff's standard wording (see the registry), in
    the reader's language."""
    return gettext(staff_title(item))


def html_lang() -> str:
    return str(get_locale() or "en").replace("_", "-")


def register_template_filters(app: Flask) -> None:
    app.jinja_env.filters.update(
        label=label,
        long_date=long_date,
        month_year=month_year,
        month_name=month_name,
        long_datetime=long_datetime,
        time_range=time_range,
        meeting_kind=meeting_kind,
        phone=for_display,
        portal_links=portal_links,
        language_name=language_name,
        consent_item=consent_item,
    )
    app.jinja_env.globals.update(
        html_lang=html_lang, risk_tag_classes=RISK_TAG_CLASSES, london_today=london_today
    )
