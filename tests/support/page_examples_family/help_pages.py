"""Page examples for the family pages: help, privacy, accessibility, words we
use and settings."""

from tests.support.page_example_types import PageExample

EXAMPLES: tuple[PageExample, ...] = (
    PageExample("help", "family.help", lambda w: "/help"),
    PageExample("help, signed in", "family.help", lambda w: "/help", signed_in_as="family"),
    PageExample("help, a carer", "family.help", lambda w: "/help", signed_in_as="carer"),
    PageExample("what we do with your information", "family.privacy", lambda w: "/privacy"),
    PageExample("accessibility statement", "family.accessibility", lambda w: "/accessibility"),
    PageExample(
        "words we use, signed in", "family.words", lambda w: "/words-we-use", signed_in_as="family"
    ),
    PageExample("words we use, search", "family.words", lambda w: "/words-we-use?q=meeting"),
    PageExample(
        "words we use, search finds nothing", "family.words", lambda w: "/words-we-use?q=zzqxj"
    ),
    PageExample("settings", "family.settings", lambda w: "/settings"),
    PageExample(
        "settings, signed in", "family.settings", lambda w: "/settings", signed_in_as="family"
    ),
    # Sent with nothing chosen: every question shows its error. (In a browser
    # the radios start with the settings in use, so this saves them instead.)
    PageExample("settings, nothing chosen", "family.settings", lambda w: "/settings", submit={}),
    PageExample("settings saved", "family.settings", lambda w: "/settings?done=saved"),
    PageExample("settings forgotten", "family.settings", lambda w: "/settings?done=forgotten"),
)
