"""Refuse request bodies no page of the portal sends, before any view (or the
CSRF check) reads them.

- A body over `MAX_CONTENT_LENGTH` (config.py says how the figure was worked
  out) is refused with 413 at once, whatever the method, when its length is
  declared. A body without a declared length is cut off by Werkzeug at the same
  limit as it is read, also with 413.
- No form takes files, so a multipart body with a file part is refused with
  415 Unsupported Media Type: the request is well formed (400 would say it is
  not), but this kind of content is not accepted anywhere. Multipart bodies
  without files are still read, within `MAX_FORM_MEMORY_SIZE` and
  `MAX_FORM_PARTS`, because the "stay signed in" warning sends its form with
  `fetch` and `FormData`, which browsers encode as multipart.

Registered before the extensions, so it runs before Flask-WTF's CSRF check:
the answer to an upload is 415 whether or not the form token is right.
"""

from __future__ import annotations

from flask import Flask, abort, request


def register_request_limits(app: Flask) -> None:
    @app.before_request
    def _refuse_large_bodies_and_files() -> None:
        limit = app.config["MAX_CONTENT_LENGTH"]
        if limit is not None and (request.content_length or 0) > limit:
            abort(413)
        if request.mimetype == "multipart/form-data" and request.files:
            abort(415)
