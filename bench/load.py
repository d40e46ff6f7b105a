"""Requests per second under load, as a ratio to a bare Flask app:
`.venv/bin/python bench/load.py`.

The portal is served as production serves it (bench/served_app.py: the
Production settings, gunicorn with 2 sync workers, message backends that stay
on this machine) beside a bare Flask "hello world" on the same gunicorn. Both
are loaded with wrk (2 threads, 16 connections), taking turns: hello world,
then a page, then hello world again, and so on, so each page's ratio is to
the hello world measured just before it, with the machine as busy as it was.
It goes round every page three times (`--rounds`) and keeps, for each, the
round with the median ratio: on a machine shared with other work one
five-second run can be a third off.

Measured: the family pages (home, My plan, My meetings, a meeting, My
choices, Tell us, Messages) signed in as Sam from the demo data, the staff
worklist and a record page signed in as his keyworker, and signed Twilio
webhook posts of text messages from families, each with a new MessageSid.
On SQLite and PostgreSQL (BENCH_DATABASE_URL, by default the database
`bench_load` on the local server, dropped and made again), each with the
generated volume data (`portal.demo.volume`) at 1x (1,000 young people) and
10x, so a page whose cost grows with data shows up.

It prints a table per database and volume, compares 1x with 10x, writes every
figure to bench/results/load.json (`--out`) and exits with status 1 when a
target is missed (TARGETS, P99_LIMIT_MS, VOLUME_TOLERANCE).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load_data import BenchData, build_database  # noqa: E402
from bench.load_requests import webhook_requests_file, wrk_script  # noqa: E402
from bench.served_app import production_environment  # noqa: E402

HELLO_PORT = 18001
PORTAL_PORT = 18002
CONNECTIONS = 16
THREADS = 2
WORKERS = 2
DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_load"
# Ratios to hello world each target must reach, and the slowest p99 allowed
# for a family page.
FAMILY_PAGES = ("home", "My plan", "My meetings", "a meeting", "My choices", "Tell us", "Messages")
TARGETS = {"My plan": 0.25} | {page: 0.15 for page in FAMILY_PAGES if page != "My plan"}
TARGETS |= {"staff worklist": 0.10, "a record": 0.10, "text message webhook": 0.30}
P99_LIMIT_MS = 50.0
# A page's ratio at 10x the data may differ from 1x by at most this much.
VOLUME_TOLERANCE = 0.20


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    who: str  # "family", "staff" or "webhook"


@dataclass(frozen=True)
class Run:
    requests: int
    seconds: float
    errors: int
    not_ok: int
    p50_ms: float
    p99_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class Figure:
    database: str
    volume: int
    name: str
    per_second: float
    hello_per_second: float
    ratio: float
    p50_ms: float
    p99_ms: float
    errors: int
    not_ok: int


def targets(data: BenchData) -> list[Target]:
    return [
        Target("home", "/home", "family"),
        Target("My plan", "/my-plan", "family"),
        Target("My meetings", "/my-meetings", "family"),
        Target("a meeting", f"/my-meetings/{data.meeting_id}", "family"),
        Target("My choices", "/my-choices", "family"),
        Target("Tell us", "/tell-us", "family"),
        Target("Messages", "/messages", "family"),
        Target("staff worklist", "/staff/", "staff"),
        Target("a record", f"/staff/young-people/{data.young_person_id}", "staff"),
        Target("text message webhook", "/webhooks/twilio/sms", "webhook"),
    ]


def wrk(url: str, script: Path, seconds: float, headers: tuple[str, ...] = ()) -> Run:
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{round(seconds)}s", "-s", str(script)]
    for header in headers:
        command += ["-H", header]
    output = subprocess.run(  # noqa: S603 (our own command line)
        [*command, url], capture_output=True, text=True, check=True, timeout=seconds + 60
    ).stdout
    summary = json.loads(next(line for line in output.splitlines() if line.startswith("{")))
    return Run(
        requests=summary["requests"],
        seconds=summary["duration_us"] / 1e6,
        errors=summary["errors"],
        not_ok=summary["not_ok"],
        p50_ms=summary["p50_us"] / 1000,
        p99_ms=summary["p99_us"] / 1000,
    )


@contextmanager
def gunicorn(app: str, port: int, environment: dict[str, str], log: Path) -> Iterator[None]:
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        f"--workers={WORKERS}",
        "--worker-class=sync",
        f"--bind=127.0.0.1:{port}",
        f"--error-logfile={log}",
        app,
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=os.environ | environment)  # noqa: S603
    try:
        _wait_until_listening(port, process, log)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_listening(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    import socket

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn on port {port} stopped:\n{log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn on port {port} did not start:\n{log.read_text()}")


def measure(
    data: BenchData, folder: Path, seconds: float, database: str, volume: int, rounds: int = 1
) -> list[Figure]:
    """Every target `rounds` times over, taking turns; for each, the round
    with the median ratio (a machine shared with other work is noisy)."""
    environment = production_environment(data.url, totp_key=data.totp_key)
    runs: dict[str, list[Figure]] = {target.name: [] for target in targets(data)}
    with (
        gunicorn("bench.served_app:hello_app()", HELLO_PORT, environment, folder / "hello.log"),
        gunicorn("bench.served_app:portal_app()", PORTAL_PORT, environment, folder / "portal.log"),
    ):
        for round_number in range(rounds):
            count = int(seconds * 4_000) + 1_000
            webhook_script = wrk_script(
                folder / f"webhook-{round_number}.lua",
                requests_file=webhook_requests_file(
                    folder / f"webhook-requests-{round_number}.txt",
                    data,
                    count=count,
                    first=round_number * count,
                ),
            )
            for target in targets(data):
                figure = _measure_one(data, target, folder, seconds, webhook_script)
                runs[target.name].append(replace(figure, database=database, volume=volume))
            print(f"  round {round_number + 1} of {rounds} measured", flush=True)
    figures = [_median(measured) for measured in runs.values()]
    for figure in figures:
        print(_row(figure), flush=True)
    return figures


def _median(figures: list[Figure]) -> Figure:
    return sorted(figures, key=lambda figure: figure.ratio)[len(figures) // 2]


def _measure_one(
    data: BenchData, target: Target, folder: Path, seconds: float, webhook_script: Path
) -> Figure:
    """Hello world for `seconds`, then `target` for as long."""
    cookies = {
        "family": f"Cookie: __Host-portal_session={data.family_session}",
        "staff": f"Cookie: __Host-portal_session={data.staff_session}",
    }
    hello_url = f"http://127.0.0.1:{HELLO_PORT}/"
    page_script = hello_script = wrk_script(folder / "hello.lua")
    url = f"http://127.0.0.1:{PORTAL_PORT}{target.path}"
    if target.who != "webhook":
        _check_signed_in(url, cookies[target.who])
    wrk(hello_url, hello_script, 1)  # warm both up
    hello = wrk(hello_url, hello_script, seconds)
    if target.who == "webhook":
        run = wrk(url, webhook_script, seconds)
    else:
        wrk(url, page_script, 1, (cookies[target.who],))
        run = wrk(url, page_script, seconds, (cookies[target.who],))
    return Figure(
        database="",
        volume=0,
        name=target.name,
        per_second=round(run.per_second, 1),
        hello_per_second=round(hello.per_second, 1),
        ratio=round(run.per_second / hello.per_second, 4),
        p50_ms=round(run.p50_ms, 2),
        p99_ms=round(run.p99_ms, 2),
        errors=run.errors,
        not_ok=run.not_ok,
    )


def _check_signed_in(url: str, cookie: str) -> None:
    """The page answers 200 to the benchmark's session: a redirect to
    sign-in would measure the wrong page."""
    name, _, value = cookie.partition(": ")
    request = urllib.request.Request(url, headers={name: value})  # noqa: S310 (http://127.0.0.1)
    opener = urllib.request.build_opener(_NoRedirects)
    with opener.open(request, timeout=30) as response:
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}, not 200")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect is an answer to check, not to follow


HEADER = f"{'':24} {'req/s':>8} {'hello':>8} {'ratio':>7} {'target':>7} {'p50 ms':>7} {'p99 ms':>7}"


def _row(figure: Figure) -> str:
    target = TARGETS[figure.name]
    mark = "" if _meets(figure) else "  MISSED"
    bad = (
        f"  {figure.errors} errors, {figure.not_ok} not 2xx/3xx"
        if figure.errors or figure.not_ok
        else ""
    )
    return (
        f"{figure.name:24} {figure.per_second:8.0f} {figure.hello_per_second:8.0f}"
        f" {figure.ratio:7.3f} {target:7.2f} {figure.p50_ms:7.1f} {figure.p99_ms:7.1f}{mark}{bad}"
    )


def _meets(figure: Figure) -> bool:
    fast_enough = figure.name not in FAMILY_PAGES or figure.p99_ms <= P99_LIMIT_MS
    return (
        figure.ratio >= TARGETS[figure.name]
        and fast_enough
        and not figure.errors
        and not figure.not_ok
    )


def volume_comparison(figures: list[Figure]) -> list[dict[str, Any]]:
    """Each page's ratio at the largest volume against the smallest, per database."""
    rows = []
    for database in sorted({figure.database for figure in figures}):
        mine = [figure for figure in figures if figure.database == database]
        volumes = sorted({figure.volume for figure in mine})
        if len(volumes) < 2:
            continue
        small = {figure.name: figure for figure in mine if figure.volume == volumes[0]}
        large = {figure.name: figure for figure in mine if figure.volume == volumes[-1]}
        for name, before in small.items():
            change = large[name].ratio / before.ratio - 1
            rows.append(
                {
                    "database": database,
                    "name": name,
                    "volumes": [volumes[0], volumes[-1]],
                    "change": round(change, 3),
                    "within_tolerance": abs(change) <= VOLUME_TOLERANCE,
                }
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--volumes", default="1,10", help="multiples of 1,000 young people")
    parser.add_argument("--seconds", type=int, default=5, help="per measurement")
    parser.add_argument(
        "--rounds", type=int, default=3, help="measure everything this many times: the median"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "load.json")
    arguments = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk is not installed: `make bench` installs it from Debian's packages.")
        return 1
    figures: list[Figure] = []
    for database in arguments.databases.split(","):
        for volume in (int(value) for value in arguments.volumes.split(",")):
            with tempfile.TemporaryDirectory(prefix="portal-load-") as name:
                folder = Path(name)
                url = _database_url(database, folder)
                print(f"\n{database}, volume {volume}x: building the database...", flush=True)
                started = time.perf_counter()
                data = build_database(url, young_people=volume * 1_000)
                print(f"built in {time.perf_counter() - started:.0f} s. {HEADER}", flush=True)
                figures += measure(
                    data, folder, arguments.seconds, database, volume, arguments.rounds
                )
    comparison = volume_comparison(figures)
    for row in comparison:
        verdict = "" if row["within_tolerance"] else "  MISSED"
        print(f"{row['database']:11} {row['name']:24} 10x vs 1x: {row['change']:+.1%}{verdict}")
    _write(arguments.out, figures, comparison, arguments)
    met = all(_meets(figure) for figure in figures) and all(
        row["within_tolerance"] for row in comparison
    )
    print("\nEvery target met." if met else "\nSome targets were missed (MISSED above).")
    return 0 if met else 1


def _database_url(database: str, folder: Path) -> str:
    if database == "sqlite":
        return f"sqlite:///{folder / 'load.sqlite3'}"
    if database == "postgresql":
        return os.environ.get("BENCH_DATABASE_URL", DEFAULT_POSTGRES)
    raise SystemExit(f"--databases: sqlite or postgresql, not {database!r}")


def _write(path: Path, figures: list[Figure], comparison: list[Any], arguments: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    result = {
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "load": {"tool": "wrk", "threads": THREADS, "connections": CONNECTIONS},
        "gunicorn": {"workers": WORKERS, "worker_class": "sync"},
        "seconds_per_measurement": arguments.seconds,
        "rounds": arguments.rounds,
        "targets": TARGETS,
        "p99_limit_ms": P99_LIMIT_MS,
        "figures": [asdict(figure) for figure in figures],
        "volume_comparison": comparison,
    }
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(f"Figures written to {path}.")


if __name__ == "__main__":
    sys.exit(main())
