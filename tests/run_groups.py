"""Sort the collected tests into the groups `make test` shares out between its
two runs, so that each test runs where it can find something out.

- `database`: tests that use the database under test (the `database_url`
  fixture, directly or through `migrated_engine`, `app`, `session` or
  `client`). SQL can behave differently on SQLite and on PostgreSQL, so these
  run on both.
- `browser`: tests marked `browser` (Chromium against a live server). They
  check what a page does in a browser, which is the same on either database,
  so they run once.
- `plain`: every other test: no database at all (easy read, pure functions,
  the translation catalogue), or one only to hold example data, as the tests
  marked `one_database` declare. They run once.

A new test lands in its group by the fixtures it asks for, with nothing to
register. Read the database through the fixtures (`database_server_url` for a
test that makes its own), never from the environment, or the test will be
taken for one that needs no database.

`--test-groups=database,plain` keeps only those groups; without the option
every test runs, as a developer expects from plain `pytest`.

`--browser-shares=1/3` keeps only some of the browser tests: counting them in
collection order from 1, those whose count leaves a remainder of 1 when
divided by 3 (`1,2/3` keeps two thirds). `make test` gives one share to each
run, so the browser tests, which take as long on either database, run once
in all and the two runs end at about the same time.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import pytest

DATABASE = "database"
BROWSER = "browser"
PLAIN = "plain"
GROUPS = (DATABASE, BROWSER, PLAIN)

# `database_url` is where every database fixture starts (`migrated_engine`,
# `app`, `session` and `client` all ask for it), and `database_server_url`
# is what a test that makes its own database reads instead.
DATABASE_FIXTURES = frozenset({"database_url", "database_server_url"})

_GROUP_KEY = pytest.StashKey[str]()
_KEPT_KEY = pytest.StashKey[Counter[str]]()


def add_option(parser: pytest.Parser) -> None:
    parser.addoption(
        "--test-groups",
        default=",".join(GROUPS),
        help=(
            "comma-separated groups of tests to run: database (run on each database), "
            "browser and plain (run once). Default: all of them."
        ),
    )
    parser.addoption(
        "--browser-shares",
        default="1/1",
        help="which shares of the browser tests to keep, such as 1/2 or 2,3/3. Default: all.",
    )


def browser_shares(config: pytest.Config) -> tuple[frozenset[int], int]:
    """The `--browser-shares` option as (the shares kept, how many shares)."""
    text = str(config.getoption("--browser-shares"))
    try:
        kept, _, of = text.partition("/")
        total = int(of)
        shares = frozenset(int(share) for share in kept.split(","))
    except ValueError:
        shares, total = frozenset(), 0
    if total < 1 or not shares or not shares <= set(range(1, total + 1)):
        raise pytest.UsageError(f"--browser-shares takes shares like 1/2 or 1,3/4; got {text!r}")
    return shares, total


def group_of(item: pytest.Item) -> str:
    """The group a collected test belongs to (see the module docstring)."""
    if item.get_closest_marker(BROWSER) is not None:
        return BROWSER
    if item.get_closest_marker("one_database") is not None:
        return PLAIN
    if DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ())):
        return DATABASE
    return PLAIN


def chosen_groups(config: pytest.Config) -> frozenset[str]:
    names = {name.strip() for name in str(config.getoption("--test-groups")).split(",")}
    names.discard("")
    unknown = names - set(GROUPS)
    if unknown or not names:
        raise pytest.UsageError(
            f"--test-groups takes some of {', '.join(GROUPS)}; got {sorted(unknown) or 'none'}"
        )
    return frozenset(names)


def keep_chosen_groups(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Deselect the tests outside the chosen groups, and count those kept."""
    chosen = chosen_groups(config)
    shares, total = browser_shares(config)
    kept: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    browser_count = 0
    for item in items:
        group = item.stash[_GROUP_KEY] = group_of(item)
        keep = group in chosen
        if group == BROWSER:
            browser_count += 1
            keep = keep and ((browser_count - 1) % total) + 1 in shares
        (kept if keep else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
    config.stash[_KEPT_KEY] = Counter(item.stash[_GROUP_KEY] for item in kept)


def summary_line(config: pytest.Config, database: str) -> str | None:
    """One line for the end of the run: how many tests of each group were
    kept, on which database. `make test` prints both runs' lines, which
    together must cover every test."""
    kept = config.stash.get(_KEPT_KEY, None)
    if kept is None:
        return None
    return f"test groups on {database}: " + ", ".join(_counts(kept, GROUPS))


def _counts(kept: Counter[str], groups: Iterable[str]) -> list[str]:
    return [f"{group} {kept[group]}" for group in groups]
