"""How much a phone downloads to open a family page: `.venv/bin/python bench/page_weight.py`.

Families often read on older phones on pay-as-you-go data, so "My plan" has a
budget: at most 80 KB for a first visit (the page, its CSS and JavaScript,
its icons and pictures) and at most 15 KB for a repeat visit, all compressed.

The script builds the portal on a temporary SQLite database with the fictional
demo data, signs Sam in, asks for the page, and then for every file the page
refers to: stylesheets, scripts, icons and images, and the images the
stylesheet itself refers to that the page uses. Each is compressed with gzip
(level 6, what web servers use by default). On a repeat visit only the page
itself is downloaded again: every other file has a content hash in its name
and is served as immutable for a year (portal.assets), so the browser keeps it.

Sizes, not timings: the figures are the same on every machine, so the test
suite runs `measure` too (tests/bench/test_page_weight.py).
"""

from __future__ import annotations

import gzip
import re
import secrets
import sys
import tempfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

FIRST_VISIT_BUDGET = 80 * 1024
REPEAT_VISIT_BUDGET = 15 * 1024
PAGES = ("/my-plan", "/home", "/my-meetings", "/my-choices")


@dataclass(frozen=True)
class Download:
    path: str
    kind: str
    size: int
    compressed: int
    cached_on_repeat: bool


@dataclass(frozen=True)
class PageWeight:
    page: str
    downloads: tuple[Download, ...]

    @property
    def first_visit(self) -> int:
        return sum(download.compressed for download in self.downloads)

    @property
    def repeat_visit(self) -> int:
        return sum(d.compressed for d in self.downloads if not d.cached_on_repeat)


class _References(HTMLParser):
    """The files an HTML page makes a browser download, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []
        self.classes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.classes.update(values.get("class", "").split())
        rel = values.get("rel", "").split()
        if tag == "link" and ("stylesheet" in rel or "icon" in rel) and values.get("href"):
            if (
                "icon" in rel
                and "apple-touch-icon" not in rel
                and values.get("sizes")
                not in (
                    None,
                    "",
                    "any",
                )
            ):
                # Browsers fetch one icon; count the default one only.
                return
            self.found.append(("stylesheet" if "stylesheet" in rel else "icon", values["href"]))
        elif tag == "script" and values.get("src"):
            self.found.append(("script", values["src"]))
        elif tag == "img" and values.get("src"):
            self.found.append(("image", values["src"]))


# Relative module imports in a script: import ... from "./file.js".
_IMPORT = re.compile(r"""\bfrom\s*["'](\./[^"']+\.js)["']""")
# url(...) in the stylesheet, with the rule's selector before it.
_CSS_RULE = re.compile(r"([^{}]+)\{[^{}]*?url\(\"?([^)\"]+)\"?\)")


def _images_the_stylesheet_uses(css: str, classes: set[str]) -> list[str]:
    """Images the stylesheet refers to in rules whose classes the page has."""
    used = []
    for selector, url in _CSS_RULE.findall(css):
        names = set(re.findall(r"\.([\w-]+)", selector))
        if names and names <= classes and url not in used:
            used.append(url)
    return used


def _compressed(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6, mtime=0))


def measure(client: object, page: str) -> PageWeight:
    """Weigh `page` with a Flask test `client` that is already signed in."""
    response = client.get(page)  # type: ignore[attr-defined]
    if response.status_code != 200:
        raise RuntimeError(f"{page} answered {response.status_code}")
    html = response.get_data()
    parser = _References()
    parser.feed(html.decode())
    downloads = [Download(page, "page", len(html), _compressed(html), cached_on_repeat=False)]
    seen: set[str] = set()
    for kind, url in parser.found:
        path = urlsplit(url).path
        if path in seen:
            continue
        seen.add(path)
        body = _static_file(client, path)
        downloads.append(Download(path, kind, len(body), _compressed(body), cached_on_repeat=True))
        if kind == "script":
            # Modules the script imports (portal.js imports the NHS.UK frontend).
            for module in _IMPORT.findall(body.decode()):
                imported = path.rsplit("/", 1)[0] + "/" + module.removeprefix("./")
                if imported not in seen:
                    seen.add(imported)
                    code = _static_file(client, imported)
                    downloads.append(
                        Download(imported, "script", len(code), _compressed(code), True)
                    )
        if kind == "stylesheet":
            for image in _images_the_stylesheet_uses(body.decode(), parser.classes):
                if image not in seen:
                    seen.add(image)
                    picture = _static_file(client, image)
                    downloads.append(
                        Download(image, "image", len(picture), _compressed(picture), True)
                    )
    return PageWeight(page, tuple(downloads))


def _static_file(client: object, path: str) -> bytes:
    response = client.get(path)  # type: ignore[attr-defined]
    if response.status_code != 200:
        raise RuntimeError(f"{path} answered {response.status_code}")
    body: bytes = response.get_data()
    return body


def _signed_in_demo_client(database_path: Path) -> object:
    from sqlalchemy import select

    from portal import create_app
    from portal.config import Test
    from portal.demo.seed import seed_demo_data
    from portal.extensions import db
    from portal.migrations import upgrade
    from portal.models import Contact, Relationship, WebSession, YoungPerson, utc_now
    from portal.sessions import hash_session_id

    app = create_app(Test, overrides={"DATABASE_URL": f"sqlite:///{database_path}"})
    with app.app_context():
        upgrade(db.engine)
        seed_demo_data(db.session, fast_hashing=True)
        sam = db.session.scalars(
            select(Contact)
            .join(YoungPerson)
            .where(YoungPerson.preferred_name == "Sam", Contact.relation == Relationship.SELF)
        ).one()
        session_id = secrets.token_urlsafe(32)
        now = utc_now()
        db.session.add(
            WebSession(
                id_hash=hash_session_id(session_id),
                contact_id=sam.id,
                data={},
                created_at=now,
                signed_in_at=now,
                last_seen_at=now,
            )
        )
        db.session.commit()
    client = app.test_client()
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], session_id)
    return client


def _kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="portal-page-weight-") as folder:
        client = _signed_in_demo_client(Path(folder) / "bench.sqlite")
        over_budget = False
        for page in PAGES:
            weight = measure(client, page)
            print(f"\n{page}")
            for download in weight.downloads:
                print(
                    f"  {download.kind:<10} {_kb(download.compressed):>9} compressed"
                    f" ({_kb(download.size)})  {download.path}"
                )
            print(f"  first visit  {_kb(weight.first_visit)}")
            print(f"  repeat visit {_kb(weight.repeat_visit)}")
            if page == "/my-plan":
                over_budget = (
                    weight.first_visit > FIRST_VISIT_BUDGET
                    or weight.repeat_visit > REPEAT_VISIT_BUDGET
                )
                print(
                    f"  budget: first visit {_kb(FIRST_VISIT_BUDGET)},"
                    f" repeat visit {_kb(REPEAT_VISIT_BUDGET)}"
                    f" — {'OVER BUDGET' if over_budget else 'within budget'}"
                )
    return 1 if over_budget else 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
