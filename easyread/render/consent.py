"""A consent choice as easy-read lines: what it means, yes, no, and changing your mind."""

from __future__ import annotations

from dataclasses import dataclass

from easyread.render import pictures
from easyread.render.ideas import split_ideas
from easyread.render.inputs import ConsentItemInput
from easyread.render.lines import Line, heading, line


@dataclass(frozen=True)
class ConsentWording:
    picture: str
    if_yes: tuple[Line, ...]
    if_no: tuple[Line, ...]


HEADING_MEANS = "What this means"
HEADING_YES = "If you say yes"
HEADING_NO = "If you say no"
HEADING_CHANGE = "You can change your mind"

# Honest about the duty to share: consent is not needed to keep someone safe.
_DANGER = line(
    "If {you} or someone else is in danger, staff may still share.", pictogram=pictures.SAFE
)
_ONLY_WHAT_IS_NEEDED = line(
    "{Your} keyworker will only share what is needed.", pictogram=pictures.LOCK
)


def _sharing(who: str, why: str) -> ConsentWording:
    return ConsentWording(
        picture=pictures.SHARE,
        if_yes=(
            line(
                f"{{Your}} keyworker can share information about {{you}} with {who}.",
                pictogram=pictures.SHARE,
            ),
            line(why, pictogram=pictures.HELP),
            _ONLY_WHAT_IS_NEEDED,
        ),
        if_no=(
            line(
                f"{{Your}} keyworker will not share information about {{you}} with {who}.",
                pictogram=pictures.LOCK,
            ),
            _DANGER,
        ),
    )


KNOWN: dict[str, ConsentWording] = {
    "register": ConsentWording(
        picture=pictures.PLAN,
        if_yes=(
            line(
                "{Your} name goes on a list of people who may need extra help.",
                pictogram=pictures.PLAN,
            ),
            line("This helps staff give {them} help early.", pictogram=pictures.HELP),
            line("Only staff who need to know can see the list.", pictogram=pictures.LOCK),
        ),
        if_no=(
            line("{Your} name will not go on the list.", pictogram=pictures.NO),
            line("{You} can still ask for help at any time.", pictogram=pictures.HELP),
        ),
    ),
    "share_school": _sharing(
        "{their} school", "This helps {their} school know how to help {them}."
    ),
    "share_gp": _sharing("{their} GP", "This helps {their} GP know how to help {them}."),
    "share_camhs": _sharing(
        "CAMHS", "This helps the CAMHS team help {them} with {their} feelings and mental health."
    ),
    "share_social_care": _sharing(
        "social care", "This helps {their} social worker help {them} and {their} family."
    ),
    "share_adult_services": _sharing(
        "adult services", "This helps {you} move to services for adults when {you} {are|is} older."
    ),
    "share_youth_justice": _sharing(
        "the youth justice team", "This helps the youth justice team support {them}."
    ),
    "share_housing": _sharing(
        "housing staff", "This helps housing staff find a home that is right for {them}."
    ),
    "contact_by_message": ConsentWording(
        picture=pictures.TEXT_MESSAGE,
        if_yes=(
            line("We can send you text messages or emails.", pictogram=pictures.TEXT_MESSAGE),
            line("The messages will not say private things about you.", pictogram=pictures.LOCK),
            line("They will tell you to look at this website.", pictogram=pictures.PHONE),
        ),
        if_no=(
            line("We will not send you text messages or emails.", pictogram=pictures.NO),
            line(
                "Your keyworker will find another way to contact you.", pictogram=pictures.KEYWORKER
            ),
        ),
    ),
    "share_views_with_panel": ConsentWording(
        picture=pictures.MEETING,
        if_yes=(
            line("The review panel can read what you told us.", pictogram=pictures.SHARE),
            line("This helps the panel know what you think.", pictogram=pictures.MEETING),
        ),
        if_no=(
            line("The review panel will not read what you told us.", pictogram=pictures.LOCK),
            line("You can still speak at the meeting if you want to.", pictogram=pictures.CHOICE),
        ),
    ),
    "feedback_in_reports": ConsentWording(
        picture=pictures.SHARE,
        if_yes=(
            line("We can use what you tell us in our reports.", pictogram=pictures.SHARE),
            line("Your name will not be in the reports.", pictogram=pictures.LOCK),
            line("Nobody will know it was you.", pictogram=pictures.LOCK),
            line("This helps us make services better.", pictogram=pictures.HAPPY),
        ),
        if_no=(
            line("We will not use what you tell us in our reports.", pictogram=pictures.NO),
            line("We will still read what you tell us.", pictogram=pictures.KEYWORKER),
        ),
    ),
}

UNKNOWN = ConsentWording(
    picture=pictures.CHOICE,
    if_yes=(line("We will do what this choice says.", pictogram=pictures.YES),),
    if_no=(line("We will not do what this choice says.", pictogram=pictures.NO),),
)

CHANGE_ANY_TIME = "You can change your answer at any time."
CHANGE_HOW = "Tell your keyworker, or change it on this website."
WHO_DECIDES = "Your keyworker can tell you who can make this choice."


def consent_lines(item: ConsentItemInput) -> list[Line]:
    wording = KNOWN.get(item.code, UNKNOWN)
    lines: list[Line] = []
    title = " ".join(item.title.split())
    if title:
        lines.append(heading(title, pictogram=wording.picture))
    ideas = split_ideas(item.description)
    if ideas:
        lines.append(heading(HEADING_MEANS, pictogram=pictures.QUESTION))
        # The registry's own words (easyread/render/reader.py tokens allowed).
        lines.extend(
            line(idea.text, children=[line(bullet) for bullet in idea.bullets]) for idea in ideas
        )
    lines.append(heading(HEADING_YES, pictogram=pictures.YES))
    lines.extend(wording.if_yes)
    lines.append(heading(HEADING_NO, pictogram=pictures.NO))
    lines.extend(wording.if_no)
    lines.append(heading(HEADING_CHANGE, pictogram=pictures.CHOICE))
    lines.append(line(CHANGE_ANY_TIME, pictogram=pictures.CHOICE))
    lines.append(line(CHANGE_HOW, pictogram=pictures.KEYWORKER))
    lines.append(line(WHO_DECIDES, pictogram=pictures.QUESTION))
    return lines
