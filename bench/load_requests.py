"""What wrk sends in bench/load.py: a Lua script that reports in JSON, and
signed Twilio webhook posts of text messages, each with a new MessageSid."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

from bench.load_data import BenchData
from bench.served_app import BENCH_PUBLIC_BASE_URL, BENCH_TWILIO_AUTH_TOKEN

WEBHOOK_PATH = "/webhooks/twilio/sms"
# What families text back; the triage reads each.
REPLIES = (
    "Thank you, see you then",
    "ok",
    "Can we do the meeting on Tuesday instead",
    "2",
    "Yes",
)

# `done` prints one JSON line that bench/load.py reads. With a requests file,
# each wrk thread takes every other line of it (a request each), so no two
# requests in a run are the same.
_REPORT = """
function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "errors": %d, "not_ok": %d, '
    .. '"p50_us": %d, "p99_us": %d}\\n',
    summary.requests, summary.duration,
    errors.connect + errors.read + errors.write + errors.timeout, errors.status,
    latency:percentile(50), latency:percentile(99)))
end
"""

_FROM_FILE = """
local threads = {}
local count = 0
function setup(thread)
  thread:set("part", count)
  count = count + 1
  table.insert(threads, thread)
end

local lines = {}
local next_line = 1
function init(args)
  local number = 0
  for line in io.lines("%(path)s") do
    if number %% %(threads)d == part then
      local body, signature = line:match("([^\\t]*)\\t(.*)")
      lines[#lines + 1] = wrk.format("POST", nil, {
        ["Content-Type"] = "application/x-www-form-urlencoded",
        ["X-Twilio-Signature"] = signature,
      }, body)
    end
    number = number + 1
  end
end

function request()
  local request = lines[next_line]
  if request == nil then
    error("ran out of webhook requests: make the file longer")
  end
  next_line = next_line + 1
  return request
end
"""


def wrk_script(path: Path, *, requests_file: Path | None = None, threads: int = 2) -> Path:
    script = _REPORT
    if requests_file is not None:
        script = _FROM_FILE % {"path": requests_file, "threads": threads} + script
    path.write_text(script)
    return path


def webhook_requests_file(path: Path, data: BenchData, *, count: int, first: int = 0) -> Path:
    """`count` signed posts, a line each: the form body, a tab, the signature;
    their MessageSids numbered from `first`, so each file's are new."""
    validator = RequestValidator(BENCH_TWILIO_AUTH_TOKEN)
    url = BENCH_PUBLIC_BASE_URL + WEBHOOK_PATH
    with path.open("w") as out:
        for number in range(first, first + count):
            form = {
                "MessageSid": f"SMbench{data.run_id}{number:010d}",
                "AccountSid": "AC" + "0" * 32,
                "From": data.family_mobiles[number % len(data.family_mobiles)],
                "To": "+447700900999",
                "Body": REPLIES[number % len(REPLIES)],
                "NumMedia": "0",
            }
            signature = validator.compute_signature(url, form)
            out.write(f"{urlencode(form)}\t{signature}\n")
    return path
