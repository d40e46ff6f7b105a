"""What the messages that carry a sign-in link say.

Nothing clinical and no names: only that this is a link to the portal, how
long it works, and that it is not to be shared. Written in the language of
the contact who will read it, by the `Translator` the edge gives.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from portal.models import LinkPurpose
from portal.services.wording import Translator

__all__ = ["LinkMessage", "TranslatorFor", "lifetime_words", "link_message"]

# Makes a Translator for a language code; the edge passes
# `portal.i18n.translator_for`, tests `portal.services.wording.PlainTranslator`.
TranslatorFor = Callable[[str], Translator]


def lifetime_words(lifetime: timedelta, translator: Translator) -> str:
    """How long a link works, in whole days, hours or minutes."""
    minutes = int(lifetime.total_seconds() // 60)
    if minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return translator.ngettext("%(num)d day", "%(num)d days", days)
    if minutes % 60 == 0:
        return translator.ngettext("%(num)d hour", "%(num)d hours", minutes // 60)
    return translator.ngettext("%(num)d minute", "%(num)d minutes", minutes)


@dataclass(frozen=True)
class LinkMessage:
    subject: str
    body: str


def link_message(
    purpose: LinkPurpose,
    url: str,
    *,
    service_name: str,
    lifetime: timedelta,
    translator: Translator,
) -> LinkMessage:
    """The text message or email that carries a link. Text messages use only
    the GSM-7 alphabet, and an invitation fits in 2."""
    lasts = lifetime_words(lifetime, translator)
    if purpose is LinkPurpose.INVITATION:
        body = translator.gettext(
            "Your keyworker invited you to the %(service_name)s.\n"
            "Tap this link to start: %(url)s\n"
            "The link works for %(lifetime)s. Do not share it.",
            service_name=service_name,
            url=url,
            lifetime=lasts,
        )
    else:
        body = translator.gettext(
            "Here is your link to the %(service_name)s: %(url)s\n"
            "It works for %(lifetime)s. Do not share it.\n"
            "Did you not ask for it? You can ignore this message.",
            service_name=service_name,
            url=url,
            lifetime=lasts,
        )
    subject = translator.gettext("Your link to the %(service_name)s", service_name=service_name)
    return LinkMessage(subject=subject, body=body)
