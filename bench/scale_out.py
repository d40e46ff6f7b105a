"""Two instances behind one address, and two message workers: `.venv/bin/python bench/scale_out.py`.

The way docs/operations.md ("Scaling out") says to run more than one copy of
the portal, run for real on this machine: PostgreSQL, Redis for the rate
limits, two gunicorn instances (2 sync workers each) behind a round-robin
proxy (bench/round_robin.py), two `flask worker` processes, and a fake of
Twilio's API that is the only place messages can go. Then the checks:

a. A family signs in through the proxy the real way (asks for a link, the
   link comes by text message, opens it, gives the date of birth), then opens
   20 family pages, every other one on the other instance: all signed in.
b. The limit on link requests per mobile number ("3 per 15 minutes") counts
   across both instances: the 4th request is refused on either instance.
c. 1,000 messages queued in the outbox are each sent once, shared between
   the two workers.
d. Every message the outbox shows as sent went to the fake Twilio.

The database (`bench_scale_out`, dropped and made again) and the Redis
database (number 3, flushed) are the script's own. Every process it starts is
stopped at the end, however it ends, and the database is dropped.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))  # run as a script: `bench` and `portal` import from here

from bench.round_robin import RoundRobinProxy  # noqa: E402
from bench.served_app import production_environment  # noqa: E402

DEFAULT_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_scale_out"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/3"
DEFAULT_OUT = ROOT / "bench" / "results" / "scale_out.json"
# 18100-18199 are this benchmark's; the load benchmark uses 18000-18099.
PROXY_PORT = 18100
INSTANCE_PORTS = (18101, 18102)
TWILIO_PORT = 18103
GUNICORN_WORKERS = 2
MESSAGE_WORKERS = 2
MESSAGES = 1000
FAMILY_PAGES = ("/home", "/my-plan", "/my-meetings", "/my-choices")
PAGE_REQUESTS = 20
# How the demo's Sam types his number, and two parents' numbers for the rate
# limit (portal.demo.contacts: Liv's and Chloe's mums).
SAM_MOBILE = "07700 900000"
RATE_LIMITED_MOBILES = ("07700 900011", "07700 900041")
LINK_REQUESTS_ALLOWED = 3  # LINK_REQUEST_RATE_LIMIT_PER_RECIPIENT: "3 per 15 minutes"
# The worker looks for due messages this often (its default is 5 seconds).
WORKER_INTERVAL = "1"
STARTUP_TIMEOUT = 60.0
LINK_TIMEOUT = 30.0
MESSAGES_TIMEOUT = 300.0

_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
_LINK = re.compile(r"https?://[^/\s]+(/l/[A-Za-z0-9_-]+)")
_HANDED_OVER = re.compile(r"Message (\d+) handed to the provider as (\S+)")
SIGNED_IN_MARK = 'action="/sign-out"'


class CheckFailed(Exception):
    """A step of a check did not go as it should; the text says how."""


@dataclass
class Check:
    key: str  # its name in the JSON figures
    name: str
    passed: bool = False
    lines: list[str] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)

    def say(self, line: str) -> None:
        self.lines.append(line)


# The fake Twilio API


@dataclass(frozen=True)
class CreatedMessage:
    to: str
    body: str
    sid: str


class FakeTwilio:
    """Answers Twilio's "create message" call (POST .../Messages.json) with
    201 and a new "SM..." sid each time, and records every (To, Body)."""

    def __init__(self, port: int) -> None:
        self.created: list[CreatedMessage] = []
        self.refused_paths: list[str] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _twilio_handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.1,), daemon=True)
        self.base_url = f"http://127.0.0.1:{port}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()

    def record(self, to: str, body: str) -> str:
        sid = "SM" + secrets.token_hex(16)
        with self._lock:
            self.created.append(CreatedMessage(to, body, sid))
        return sid

    def snapshot(self) -> list[CreatedMessage]:
        with self._lock:
            return list(self.created)

    def wait_for_link(self, to_e164: str, *, after: int, timeout: float) -> str:
        """The path of the sign-in link in the first text to `to_e164` that
        came after the first `after` messages."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.snapshot()[after:]:
                found = _LINK.search(message.body)
                if message.to == to_e164 and found:
                    return found.group(1)
            time.sleep(0.1)
        raise CheckFailed(f"no sign-in link reached {to_e164} within {timeout:.0f} s")


def _twilio_handler(api: FakeTwilio) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body are two writes

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = parse_qs(self.rfile.read(length).decode(), keep_blank_values=True)
            if not self.path.endswith("/Messages.json") or "To" not in form:
                api.refused_paths.append(self.path)
                self._answer(404, {"code": 20404, "message": "Not found", "status": 404})
                return
            to, body = form["To"][0], form.get("Body", [""])[0]
            sid = api.record(to, body)
            self._answer(
                201,
                {
                    "sid": sid,
                    "account_sid": self.path.split("/Accounts/")[-1].split("/")[0],
                    "from": form.get("From", [None])[0],
                    "to": to,
                    "body": body,
                    "status": "queued",
                    "direction": "outbound-api",
                    "num_segments": "1",
                    "api_version": "2010-04-01",
                },
            )

        def _answer(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


# A browser that goes through the proxy, one connection per request


@dataclass(frozen=True)
class Reply:
    status: int
    location: str | None
    text: str
    instance: int  # 1 or 2: the instance the proxy sent the connection to

    @property
    def signed_in(self) -> bool:
        return self.status == 200 and SIGNED_IN_MARK in self.text

    def csrf_token(self) -> str:
        found = _CSRF.search(self.text)
        if found is None:
            raise CheckFailed("the page has no CSRF token")
        return found.group(1)


class Browser:
    """Keeps its own cookies: the production session cookie is Secure, and
    this plain-HTTP client sends it anyway, as a browser would over HTTPS.
    `steps` is what it did, with the instance that answered each request."""

    def __init__(self, proxy: RoundRobinProxy) -> None:
        self.proxy = proxy
        self.cookies: dict[str, str] = {}
        self.steps: list[tuple[str, int]] = []

    def get(self, path: str) -> Reply:
        return self._request("GET", path)

    def post(self, path: str, form: dict[str, str]) -> Reply:
        return self._request("POST", path, urlencode(form))

    def fill(self, path: str, form: dict[str, str], *, then: str) -> Reply:
        """Open the form at `path`, send it with its CSRF token and expect a
        redirect to `then`."""
        page = self.get(path)
        if page.status != 200:
            raise CheckFailed(f"GET {_named(path)} answered {page.status}")
        sent = self.post(path, {"csrf_token": page.csrf_token(), **form})
        if sent.status not in (302, 303) or sent.location != then:
            raise CheckFailed(
                f"POST {_named(path)} answered {sent.status} to {sent.location}, not to {then}"
            )
        return sent

    def _request(self, method: str, path: str, body: str | None = None) -> Reply:
        headers = {"Host": f"127.0.0.1:{self.proxy.port}", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        before = len(self.proxy.connections)
        connection = http.client.HTTPConnection("127.0.0.1", self.proxy.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            self._keep(header)
        # Requests are made one at a time, so the proxy's next entry is this one.
        instance = self.proxy.connections[before] + 1
        self.steps.append((f"{method} {_named(path)}", instance))
        location = response.getheader("Location")
        return Reply(response.status, location and urlsplit(location).path, text, instance)

    def _keep(self, header: str) -> None:
        cookie: SimpleCookie = SimpleCookie()
        cookie.load(header)
        for name, morsel in cookie.items():
            if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value


def _named(path: str) -> str:
    """A path fit to print: a sign-in link's secret left out."""
    return "/l/<link>" if path.startswith("/l/") else path


# Processes


class Processes:
    """The processes the script started, each in a process group of its own
    with its output in a log file; `stop_all` ends them, politely first."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.started: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, argv: Sequence[str], env: dict[str, str]) -> None:
        log = (self.folder / f"{name}.log").open("wb")
        # The commands are the script's own: the venv's gunicorn and flask.
        self.started[name] = subprocess.Popen(  # noqa: S603
            argv,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl+C reaches the script, which stops them in order
        )
        log.close()

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")

    def log_tail(self, name: str, lines: int = 15) -> str:
        """The end of a log, without the workers' line for every message sent."""
        kept = [line for line in self.log(name).splitlines() if not _HANDED_OVER.search(line)]
        return "\n".join(kept[-lines:])

    def check_running(self) -> None:
        for name, process in self.started.items():
            if process.poll() is not None:
                tail = self.log_tail(name)
                raise CheckFailed(f"{name} stopped (exit {process.returncode}):\n{tail}")

    def stop_all(self) -> None:
        for process in self.started.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.started.values():
            with suppress(subprocess.TimeoutExpired):
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            # Whatever is left in the process's own group (gunicorn's workers).
            with suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


def _port_free(port: int) -> bool:
    with socket.socket() as probe:
        # As the servers bind: connections of a run just ended may be in TIME_WAIT.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _wait_until(ready: Callable[[], bool], timeout: float, what: str, processes: Processes) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        processes.check_running()
        if ready():
            return
        time.sleep(0.2)
    raise CheckFailed(f"{what} not ready within {timeout:.0f} s")


def _worker_started(processes: Processes, name: str) -> bool:
    return "Message worker started" in processes.log(name)


def _healthy(port: int) -> bool:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        connection.request("GET", "/healthz")
        healthy = connection.getresponse().status == 200
        connection.close()
        return healthy
    except OSError:
        return False


# The database


@dataclass(frozen=True)
class DemoFacts:
    sam_e164: str
    sam_born: date
    # Contacts a message may go to: (contact id, mobile number).
    textable: tuple[tuple[int, str], ...]


@contextmanager
def fresh_database(url: str) -> Iterator[None]:
    """A newly made, empty database at `url`, dropped afterwards."""
    from sqlalchemy import create_engine, make_url, text

    name = make_url(url).database
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    drop = text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    try:
        with admin.connect() as connection:
            connection.execute(drop)
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except BaseException:
        admin.dispose()
        raise
    try:
        yield
    finally:
        with admin.connect() as connection:
            connection.execute(drop)
        admin.dispose()


def seeding_app(database_url: str, totp_key: str) -> Any:
    """The portal with the Test settings on the benchmark's database, for
    migrating, adding the demo data and queuing messages. Its TOTP key is the
    instances' one, so they can read the staff secrets it encrypts."""
    from portal import create_app
    from portal.config import Test

    return create_app(
        Test, overrides={"DATABASE_URL": database_url, "TOTP_ENCRYPTION_KEYS": (totp_key,)}
    )


def _close_connections(app: Any) -> None:
    from portal.extensions import db

    with app.app_context():
        db.engine.dispose()


def migrate_and_seed(app: Any) -> DemoFacts:
    from sqlalchemy import select

    from portal.demo.seed import seed_demo_data
    from portal.extensions import db
    from portal.migrations import upgrade
    from portal.models import Contact, Relationship, YoungPerson
    from portal.services.messaging.opt_outs import is_opted_out
    from portal.unit_of_work import unit_of_work

    with app.app_context():
        upgrade(db.engine)
        with unit_of_work(db.session):
            seed_demo_data(db.session, fast_hashing=True)
        sam = db.session.scalars(
            select(Contact)
            .join(YoungPerson)
            .where(YoungPerson.preferred_name == "Sam", Contact.relation == Relationship.SELF)
        ).one()
        contacts = db.session.scalars(
            select(Contact)
            .where(
                Contact.mobile_e164.is_not(None),
                Contact.portal_access_enabled.is_(True),
                Contact.removed_at.is_(None),
            )
            .order_by(Contact.id)
        ).all()
        textable = tuple(
            (contact.id, contact.mobile_e164)
            for contact in contacts
            if contact.mobile_e164 and not is_opted_out(db.session, contact.mobile_e164)
        )
        facts = DemoFacts(sam.mobile_e164 or "", sam.young_person.date_of_birth, textable)
        db.session.rollback()
        return facts


# The checks


def check_sign_in(proxy: RoundRobinProxy, twilio: FakeTwilio, facts: DemoFacts) -> Check:
    check = Check("sign_in", "a. Signed in on one instance, signed in on the other")
    browser = Browser(proxy)
    born = facts.sam_born
    try:
        sent_before = len(twilio.snapshot())
        asked_at = time.monotonic()
        browser.fill("/sign-in", {"address": SAM_MOBILE}, then="/sign-in/link-sent")
        link = twilio.wait_for_link(facts.sam_e164, after=sent_before, timeout=LINK_TIMEOUT)
        link_seconds = time.monotonic() - asked_at
        browser.fill(link, {}, then="/check")
        date_of_birth = {"day": str(born.day), "month": str(born.month), "year": str(born.year)}
        browser.fill("/check", date_of_birth, then="/home")
        home = browser.get("/home")
        if not home.signed_in:
            raise CheckFailed(f"/home after signing in answered {home.status}, not signed in")
    except CheckFailed as failure:
        check.say(f"The sign-in journey failed: {failure}.")
        check.say("Steps and instances: " + ", ".join(f"{s} {i}" for s, i in browser.steps))
        return check
    journey = list(browser.steps)
    check.say(
        f"Sam asked for a link at /sign-in; the worker sent it through the fake Twilio "
        f"and it arrived {link_seconds:.1f} s later. He opened it and gave his date of birth."
    )
    check.say(
        "Each step went to the instance shown: "
        + ", ".join(f"{what} {instance}" for what, instance in journey)
        + "."
    )
    pages: list[dict[str, Any]] = []
    for number in range(PAGE_REQUESTS):
        path = FAMILY_PAGES[number % len(FAMILY_PAGES)]
        reply = browser.get(path)
        pages.append(
            {
                "page": path,
                "instance": reply.instance,
                "status": reply.status,
                "signed_in": reply.signed_in,
                "location": reply.location,
            }
        )
    signed_in = sum(1 for page in pages if page["signed_in"])
    by_instance = Counter(page["instance"] for page in pages)
    alternated = all(a["instance"] != b["instance"] for a, b in itertools.pairwise(pages))
    check.passed = signed_in == PAGE_REQUESTS and len(by_instance) == 2 and alternated
    check.say(
        f"Then {PAGE_REQUESTS} family pages ({', '.join(FAMILY_PAGES)} in turn): "
        f"{signed_in} answered 200 signed in; instance 1 served {by_instance[1]}, "
        f"instance 2 served {by_instance[2]}"
        + (", every other one." if alternated else ", not alternating.")
    )
    for page in pages:
        if not page["signed_in"]:
            check.say(
                f"  {page['page']} on instance {page['instance']}: {page['status']}"
                + (f" to {page['location']}" if page["location"] else "")
            )
    check.figures = {
        "link_arrived_seconds": round(link_seconds, 2),
        "journey": [{"step": what, "instance": instance} for what, instance in journey],
        "pages": PAGE_REQUESTS,
        "pages_signed_in": signed_in,
        "pages_by_instance": {str(key): by_instance[key] for key in (1, 2)},
    }
    return check


def check_rate_limit(proxy: RoundRobinProxy) -> Check:
    check = Check("rate_limit", "b. Rate limits count across both instances")
    rounds: list[dict[str, Any]] = []
    passed = True
    for round_number, mobile in enumerate(RATE_LIMITED_MOBILES):
        browser = Browser(proxy)
        # The page, then the requests: the last request lands on instance 1 in
        # the first round and on instance 2 in the second.
        if (len(proxy.connections) + LINK_REQUESTS_ALLOWED + 1) % 2 != round_number:
            browser.get("/healthz")
        token = browser.get("/sign-in").csrf_token()
        attempts = [
            browser.post("/sign-in", {"csrf_token": token, "address": mobile})
            for _ in range(LINK_REQUESTS_ALLOWED + 1)
        ]
        allowed, last = attempts[:-1], attempts[-1]
        allowed_ok = all(r.status == 303 and r.location == "/sign-in/link-sent" for r in allowed)
        refused = last.status == 429 and "Too many tries" in last.text
        spread = len({reply.instance for reply in allowed}) == 2
        passed = passed and allowed_ok and refused and spread
        check.say(
            f"{mobile}: requests on instances "
            + ", ".join(str(reply.instance) for reply in attempts)
            + " answered "
            + ", ".join(str(reply.status) for reply in attempts)
            + f"; the {LINK_REQUESTS_ALLOWED + 1}th, on instance {last.instance}, "
            + ('was refused (429, "Too many tries").' if refused else "was NOT refused.")
        )
        rounds.append(
            {
                "mobile": mobile,
                "attempts": [{"instance": r.instance, "status": r.status} for r in attempts],
                "refused_on_instance": last.instance if refused else None,
            }
        )
    check.passed = passed
    check.figures = {"rounds": rounds}
    return check


def _handed_over_by_worker(processes: Processes) -> dict[str, dict[int, str]]:
    """Per worker, the ids of the messages it handed to the provider, with
    their provider ids, from its log."""
    return {
        name: {int(mid): sid for mid, sid in _HANDED_OVER.findall(processes.log(name))}
        for name in processes.started
        if name.startswith("worker")
    }


def check_messages(app: Any, twilio: FakeTwilio, facts: DemoFacts, processes: Processes) -> Check:
    from sqlalchemy import func, select

    from portal.extensions import db
    from portal.models import Contact, Message, MessageStatus
    from portal.services.messaging.outbox import queue_sms
    from portal.unit_of_work import unit_of_work

    check = Check("messages", f"c. {MESSAGES:,} queued messages, each sent once")
    run = secrets.token_hex(4)
    before = len(twilio.snapshot())
    with app.app_context():
        with unit_of_work(db.session):
            contacts = {
                contact.id: contact
                for contact in db.session.scalars(
                    select(Contact).where(Contact.id.in_([cid for cid, _ in facts.textable]))
                )
            }
            queued = [
                queue_sms(
                    db.session,
                    contact=contacts[facts.textable[number % len(facts.textable)][0]],
                    body=f"Scale-out check {run}: message {number + 1} of {MESSAGES}.",
                )
                for number in range(MESSAGES)
            ]
            db.session.flush()
            ids = [message.id for message in queued]
        started = time.monotonic()
        waiting = MESSAGES
        while waiting and time.monotonic() - started < MESSAGES_TIMEOUT:
            processes.check_running()
            time.sleep(0.2)
            waiting = db.session.scalar(
                select(func.count())
                .select_from(Message)
                .where(
                    Message.id.in_(ids),
                    Message.status.in_((MessageStatus.QUEUED, MessageStatus.SENDING)),
                )
            )
            db.session.rollback()  # the next look sees the workers' commits
        seconds = time.monotonic() - started
        rows = db.session.execute(
            select(
                Message.id, Message.status, Message.provider_id, Message.to_address, Message.body
            ).where(Message.id.in_(ids))
        ).all()
        db.session.rollback()

    marker = f"Scale-out check {run}:"
    created = [message for message in twilio.snapshot()[before:] if message.body.startswith(marker)]
    pairs = Counter((message.to, message.body) for message in created)
    twice = sum(1 for count in pairs.values() if count > 1)
    sent_rows = [row for row in rows if row.status is MessageStatus.SENT and row.provider_id]
    row_sids = Counter(row.provider_id for row in sent_rows)
    fake_sids = {message.sid: (message.to, message.body) for message in created}
    matching = sum(
        1 for row in sent_rows if fake_sids.get(row.provider_id) == (row.to_address, row.body)
    )
    by_worker = _handed_over_by_worker(processes)
    ours = set(ids)
    counts = {name: len(ours.intersection(handed)) for name, handed in by_worker.items()}
    in_both = set.intersection(*(ours.intersection(handed) for handed in by_worker.values()))
    others = len(twilio.snapshot()) - before - len(created)

    check.passed = (
        not waiting
        and len(created) == MESSAGES
        and twice == 0
        and len(sent_rows) == MESSAGES
        and len(row_sids) == MESSAGES
        and matching == MESSAGES
        and not in_both
        and sum(counts.values()) == MESSAGES
        and all(counts.values())
    )
    if waiting:
        check.say(f"After {MESSAGES_TIMEOUT:.0f} s, {waiting} were still queued or sending.")
    check.say(
        f"Queued {MESSAGES:,} text messages to {len(facts.textable)} demo contacts with "
        f"queue_sms; the 2 workers sent them all in {seconds:.1f} s "
        f"({MESSAGES / seconds:.0f} a second)."
    )
    check.say(
        f"The fake Twilio got {len(created):,} creates for them, {len(pairs):,} different "
        f"(To, Body) pairs, {twice} sent twice."
    )
    check.say(
        f'{len(sent_rows):,} outbox rows are "sent" with a provider sid, {len(row_sids):,} '
        f"different sids; {matching:,} match the fake's sid for the same (To, Body)."
    )
    check.say(
        "Sent by each worker (from its log): "
        + ", ".join(f"{name} {count}" for name, count in counts.items())
        + f"; sent by both: {len(in_both)}."
    )
    if others:
        links = sum(1 for message in twilio.snapshot()[before:] if _LINK.search(message.body))
        check.say(
            f"(The fake also got {others} other text message(s) while these were sent, "
            f"{links} of them sign-in links asked for in check b; not counted here.)"
        )
    check.figures = {
        "messages": MESSAGES,
        "seconds": round(seconds, 2),
        "per_second": round(MESSAGES / seconds, 1),
        "creates": len(created),
        "distinct_to_body": len(pairs),
        "sent_twice": twice,
        "rows_sent_with_sid": len(sent_rows),
        "distinct_sids": len(row_sids),
        "sids_matching_fake": matching,
        "still_waiting": waiting,
        "per_worker": counts,
        "other_creates": others,
    }
    return check


def check_nothing_else_sent(app: Any, twilio: FakeTwilio) -> Check:
    """What the outbox says was sent, against what the fake Twilio received."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Channel, Direction, Message, MessageStatus

    check = Check("only_the_fake", "d. Every message went to the fake Twilio")
    issued = {message.sid for message in twilio.snapshot()}
    with app.app_context():
        rows = db.session.execute(
            select(Message.channel, Message.provider_id).where(
                Message.direction == Direction.OUTBOUND,
                Message.status.in_((MessageStatus.SENT, MessageStatus.DELIVERED)),
            )
        ).all()
        db.session.rollback()
    sms = [provider_id for channel, provider_id in rows if channel is Channel.SMS]
    elsewhere = sum(1 for provider_id in sms if provider_id not in issued)
    emails = sum(1 for channel, _ in rows if channel is Channel.EMAIL)
    check.passed = not elsewhere and not emails
    check.say(
        f"The fake Twilio issued {len(issued):,} sids; the outbox shows {len(sms):,} text "
        f"messages sent, {elsewhere} with a sid the fake did not issue, and {emails} emails "
        "sent (the mail server is a closed port)."
    )
    check.figures = {
        "sids_issued": len(issued),
        "sms_sent": len(sms),
        "sms_not_from_fake": elsewhere,
        "emails_sent": emails,
    }
    return check


# The run


@dataclass(frozen=True)
class Settings:
    database_url: str
    redis_url: str
    out: Path


def _flush_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()


def _stop_on_sigterm(_signum: int, _frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def _start_portal(processes: Processes, env: dict[str, str]) -> None:
    """The instances and the workers, started and ready. Raises CheckFailed."""
    venv = ROOT / ".venv" / "bin"
    app = "bench.served_app:portal_app()"
    for number, port in enumerate(INSTANCE_PORTS, start=1):
        workers, bind = str(GUNICORN_WORKERS), f"127.0.0.1:{port}"
        processes.start(
            f"instance{number}", [str(venv / "gunicorn"), "-w", workers, "-b", bind, app], env
        )
    worker = [str(venv / "flask"), "--app", app, "worker", "--interval", WORKER_INTERVAL]
    for number in range(1, MESSAGE_WORKERS + 1):
        processes.start(f"worker{number}", worker, env)
    for port in INSTANCE_PORTS:
        _wait_until(partial(_healthy, port), STARTUP_TIMEOUT, f"port {port}", processes)
    for name in processes.started:
        if name.startswith("worker"):
            _wait_until(partial(_worker_started, processes, name), STARTUP_TIMEOUT, name, processes)


def run(settings: Settings) -> int:
    from cryptography.fernet import Fernet

    began = time.monotonic()
    busy = [port for port in (PROXY_PORT, *INSTANCE_PORTS, TWILIO_PORT) if not _port_free(port)]
    if busy:
        print(f"Ports in use: {', '.join(map(str, busy))}. Is another run going?")
        return 1
    totp_key = Fernet.generate_key().decode()
    checks: list[Check] = []
    with ExitStack() as cleanup, tempfile.TemporaryDirectory(prefix="portal-scale-out-") as logs:
        cleanup.enter_context(fresh_database(settings.database_url))
        _flush_redis(settings.redis_url)
        cleanup.callback(_flush_redis, settings.redis_url)
        app = seeding_app(settings.database_url, totp_key)
        cleanup.callback(_close_connections, app)
        facts = migrate_and_seed(app)
        print(f"Made {settings.database_url} and added the demo data.")

        twilio = FakeTwilio(TWILIO_PORT)
        twilio.start()
        cleanup.callback(twilio.stop)
        # One environment for every process: the same SECRET_KEY and TOTP key.
        env = os.environ | production_environment(
            settings.database_url,
            totp_key=totp_key,
            redis_url=settings.redis_url,
            twilio_api_base_url=twilio.base_url,
        )
        env["PYTHONPATH"] = str(ROOT)
        processes = Processes(Path(logs))
        cleanup.callback(processes.stop_all)
        proxy = RoundRobinProxy(PROXY_PORT, [("127.0.0.1", port) for port in INSTANCE_PORTS])
        proxy.start()
        cleanup.callback(proxy.stop)
        try:
            _start_portal(processes, env)
        except CheckFailed as failure:
            print(f"Could not start: {failure}")
            return 1
        print(
            f"Started {len(INSTANCE_PORTS)} gunicorn instances ({GUNICORN_WORKERS} sync workers "
            f"each) on ports {', '.join(map(str, INSTANCE_PORTS))}, a round-robin proxy on "
            f"{PROXY_PORT}, {MESSAGE_WORKERS} message workers, and the fake Twilio API on "
            f"{TWILIO_PORT}, {time.monotonic() - began:.1f} s after the start."
        )

        to_run: list[Callable[[], Check]] = [
            lambda: check_sign_in(proxy, twilio, facts),
            lambda: check_rate_limit(proxy),
            lambda: check_messages(app, twilio, facts, processes),
            lambda: check_nothing_else_sent(app, twilio),
        ]
        for make_check in to_run:
            try:
                check = make_check()
            except CheckFailed as failure:
                check = Check("unfinished", "A check could not finish")
                check.say(str(failure))
            checks.append(check)
            print(f"\n{check.name}: {'passed' if check.passed else 'FAILED'}")
            for line in check.lines:
                print(f"  {line}")
        print(
            f"\nThe proxy passed on {len(proxy.connections)} connections: "
            + ", ".join(f"{n} to instance {i}" for i, n in enumerate(proxy.counts(), start=1))
            + "."
        )
        if not all(check.passed for check in checks):
            for name in processes.started:
                print(f"\n--- the end of {name}'s log ---\n{processes.log_tail(name)}")
    seconds = time.monotonic() - began
    passed = bool(checks) and all(check.passed for check in checks)
    results = {
        "passed": passed,
        "instances": len(INSTANCE_PORTS),
        "gunicorn_workers_per_instance": GUNICORN_WORKERS,
        "message_workers": MESSAGE_WORKERS,
        "checks": {check.key: {"passed": check.passed, **check.figures} for check in checks},
        "seconds_total": round(seconds, 1),
    }
    settings.out.parent.mkdir(parents=True, exist_ok=True)
    settings.out.write_text(json.dumps(results, indent=2) + "\n")
    print(
        f"\n{'All checks passed' if passed else 'Some checks FAILED'} in {seconds:.0f} s; "
        f"every process stopped and the database dropped. Figures in {settings.out}."
    )
    return 0 if passed else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    from redis.exceptions import ConnectionError as RedisNotReached
    from sqlalchemy.exc import OperationalError

    try:
        return run(Settings(args.database_url, args.redis_url, args.out))
    except KeyboardInterrupt:
        print("Stopped; every process was stopped and the database dropped.")
        return 130
    except OperationalError as error:
        print(f"PostgreSQL at {args.database_url} cannot be used: {error.orig}")
        return 1
    except RedisNotReached as error:
        print(f"Redis at {args.redis_url} cannot be reached: {error}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
