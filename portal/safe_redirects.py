"""Where a redirect to an address taken from the request (a `next` value) may go.

Only a plain path on this site, under the pages it was meant for, is kept;
anything else is None and the caller goes to its home page. The check is made
on what the browser will follow, not on what it looks like:

- Werkzeug passes the `Location` through `urllib.parse.urlsplit`, which
  silently drops tabs and new lines (`/\\t/evil.example` becomes
  `//evil.example`), and browsers drop them too, read `\\` as `/` and `//` as
  "another host follows". So a value with any character outside
  ``A-Z a-z 0-9 / _ . - ? = & % +`` is refused whole, never cleaned: no control
  characters, spaces, backslashes, colons (schemes), `@`, `#` or non-ASCII
  letters (such as unicode slashes) get through.
- The same check is made again after percent-decoding until nothing changes
  (at most 3 times), so `%2F%2F`, `%5C`, `%09`, `%0A`, `%0D`, `%00` and
  `%2e%2e` are refused as well, in case anything on the way decodes them.
- `//` anywhere, and `.` or `..` path segments, are refused; the first path
  segment must be one of `sections` (for example ``{"staff"}``; ``""`` is the
  site's start page `/`).

Pure: no Flask. The views say which sections their pages are in.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from urllib.parse import unquote

# Longer than any address of the portal (the longest are under 100 characters).
MAX_LENGTH = 1024
# `+` is a space in a query string sent by a GET form (`/words-we-use?q=care+plan`).
_PLAIN_PATH = re.compile(r"/[A-Za-z0-9/_.?=&%+-]*")
_DECODING_ROUNDS = 3


def safe_redirect_path(value: str | None, *, sections: Collection[str]) -> str | None:
    """`value` unchanged when it is a plain path on this site whose first
    segment is in `sections`, in the form given and once fully decoded; else None."""
    if not value or len(value) > MAX_LENGTH:
        return None
    decoded = _fully_decoded(value)
    if decoded is None:
        return None
    if _is_plain_path_in(value, sections) and _is_plain_path_in(decoded, sections):
        return value
    return None


def _fully_decoded(value: str) -> str | None:
    """`value` percent-decoded until decoding changes nothing; None when that
    takes more rounds than any honest address needs."""
    for _round in range(_DECODING_ROUNDS):
        decoded = unquote(value, errors="replace")
        if decoded == value:
            return value
        value = decoded
    return None


def _is_plain_path_in(path: str, sections: Collection[str]) -> bool:
    if not _PLAIN_PATH.fullmatch(path) or "//" in path:
        return False
    segments = path.partition("?")[0].split("/")[1:]
    if any(segment in (".", "..") for segment in segments):
        return False
    return segments[0] in sections
