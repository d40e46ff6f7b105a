"""`next` values that must never take anyone off the site, or out of the pages
they were meant for, and a check of a `Location` header made as a browser
reads it. Shared by the tests of portal/safe_redirects.py and of every view
that follows a `next` value.

Each value is what the view receives (after the form or query string is
decoded). The view tests also send each one as it stands on the wire, so a
`%09` in the table arrives as a tab, and `%252F` as `%2F`.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode, urljoin, urlsplit

SITE = "http://portal.test"

OFF_SITE = (
    # Other sites, written plainly.
    "https://evil.example",
    "http://evil.example/staff/",
    "HTTPS://evil.example/",
    "https:evil.example",
    "//evil.example",
    "///evil.example",
    "//evil.example/staff/",
    "/staff//evil.example",
    # Backslashes, which browsers read as slashes.
    "\\\\evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "/staff/\\evil.example",
    # Control characters and white space, which browsers and urlsplit drop.
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "/\r\n/evil.example",
    "/\x00/evil.example",
    "/\x0b/evil.example",
    "/\x0c/evil.example",
    "/\x7f/evil.example",
    " //evil.example",
    "\t//evil.example",
    "\x00//evil.example",
    "//evil.example ",
    "/ /evil.example",
    "/staff/\t/x",
    "/\u00a0/evil.example",
    "/\u3000/evil.example",
    # Percent-encoded forms of all of that.
    "/%09/evil.example",
    "/%0a/evil.example",
    "/%0D/evil.example",
    "/%00/evil.example",
    "/%20/evil.example",
    "/%5cevil.example",
    "/%5Cevil.example",
    "%2F%2Fevil.example",
    "%2f%2fevil.example",
    "/%2F/evil.example",
    "/%2fevil.example",
    "/staff/%2F%2Fevil.example",
    "/staff%2F..%2F..%2Fevil",
    "/%252F%252Fevil.example",
    "/%25252F%25252Fevil.example",
    "/%%32%66/evil.example",
    "/%E2%88%95evil.example",
    "/%EF%BC%8Fevil.example",
    # Schemes.
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "/javascript:alert(1)",
    # Unicode slashes and dots.
    "/\uff0fevil.example",
    "/\u2215evil.example",
    "/\u2044evil.example",
    "/\u29f8evil.example",
    "\uff0f\uff0fevil.example",
    "/staff/\u2025/evil",
    # Hosts without a scheme, user names, fragments.
    "evil.example",
    "evil.example/staff/",
    "@evil.example",
    "/@evil.example",
    "/staff/@evil.example",
    "/staff/#//evil.example",
    # Dot segments, which leave the pages meant.
    "/staff/../evil",
    "/staff/./../evil",
    "/staff/%2e%2e/evil",
    "/staff/.%2E/evil",
    "/staff/..",
    # Very long.
    "/staff/" + "a" * 5000,
    "/" + "a" * 5000,
    "/staff/?q=" + "%41" * 2000,
    # Nothing at all.
    "",
    "?",
)

# Pages on this site, but on the other side of it.
FAMILY_PAGES_FOR_STAFF = ("/", "/who-has-looked", "/home", "/family", "/my-meetings/1")
NOT_FAMILY_PAGES = ("/staff/", "/staff", "/staff/young-people/1", "/webhooks/twilio", "/healthz")
NOT_FAMILY_PAGES += ("/static/dist/portal.js", "/no-such-page")

STAFF_PAGES = (
    "/staff/",
    "/staff/young-people/1",
    "/staff/young-people/1?tab=notes&page=2",
    "/staff/admin/staff",
    "/staff/young-people/1/contacts/2/skip-identity-check",
)
FAMILY_PAGES = (
    "/",
    "/who-has-looked",
    "/who-has-looked?page=2",
    "/my-meetings/3/my-views",
    "/words-we-use?q=care+plan",
    "/home",
)


def followed_by_a_browser(location: str, page: str = SITE + "/staff/sign-in") -> str:
    """The address a browser goes to for `location`, as the URL standard reads
    it: tabs and new lines removed, control characters and spaces trimmed from
    the ends, backslashes read as slashes, then resolved against `page`."""
    cleaned = "".join(char for char in location if char not in "\t\n\r")
    cleaned = cleaned.strip("".join(chr(code) for code in range(0x21)))
    return urljoin(page, cleaned.replace("\\", "/"))


def stays_on_the_site(location: str) -> bool:
    parts = urlsplit(followed_by_a_browser(location))
    return (parts.scheme, parts.netloc) == ("http", "portal.test")


def on_the_wire(value: str) -> tuple[str, str]:
    """`value` as a client may send it in a query string or form body: as it
    stands (so its escapes are decoded once on the way in) and fully escaped
    (so the view receives exactly `value`)."""
    return value, quote(value, safe="")


def form_body(fields: dict[str, str], next_on_the_wire: str) -> str:
    """A urlencoded form body with `fields` and a `next` value sent as it stands."""
    return urlencode(fields) + "&next=" + next_on_the_wire
