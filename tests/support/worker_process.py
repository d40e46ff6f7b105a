"""The message worker in a process of its own, as `flask --app portal worker`
runs it, but on a test database and sending through a fake Twilio API:

    python -m tests.support.worker_process DATABASE_URL TWILIO_BASE_URL [worker options]

The Test config reads nothing from the environment, so the settings come as
arguments. `start_worker` starts one for a test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def start_worker(database_url: str, twilio_base_url: str, *options: str) -> subprocess.Popen[str]:
    """A worker process; read its output with `communicate()`."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.support.worker_process",
            database_url,
            twilio_base_url,
            *options,
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def main(arguments: list[str]) -> None:
    from portal import create_app
    from portal.cli_worker import worker
    from portal.config import Test
    from tests.support.fakes import ACCOUNT_SID, MESSAGING_SERVICE_SID

    database_url, twilio_base_url, *options = arguments
    app = create_app(
        Test,
        overrides={
            "DATABASE_URL": database_url,
            "SMS_BACKEND": "twilio",
            "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
            "TWILIO_MESSAGING_SERVICE_SID": MESSAGING_SERVICE_SID,
            "TWILIO_API_BASE_URL": twilio_base_url,
        },
    )
    with app.app_context():
        worker.main(args=options, prog_name="worker", standalone_mode=False)


if __name__ == "__main__":
    main(sys.argv[1:])
