"""The rules for a new password return codes; the edge words them."""

from __future__ import annotations

from importlib import resources

import pytest

from portal.services.staff_accounts.passwords import (
    MINIMUM_LENGTH,
    PasswordProblem,
    common_passwords,
    hash_password,
    password_fingerprint,
    password_problems,
    verify_password,
)

EASY = PasswordProblem.TOO_EASY_TO_GUESS
SERVICE = PasswordProblem.NAMES_THE_SERVICE
EMAIL = PasswordProblem.CONTAINS_EMAIL


@pytest.mark.parametrize(
    ("password", "problems"),
    [
        ("a good long first password", []),
        ("correct horse battery staple", []),
        ("family sunday roast dinner", []),
        ("staff room coffee machine", []),
        ("short", [PasswordProblem.TOO_SHORT]),
        ("x" * (MINIMUM_LENGTH - 1) + "y", [EASY]),
        # On the shipped list, in any case, with digits or symbols at either end,
        # with spaces, with look-alike characters, or repeated.
        ("password1234", [EASY]),
        ("PASSWORD1234", [EASY]),
        ("Sunshine 2024!", [EASY]),
        ("2024!!sunshine", [EASY]),
        ("qwerty123456", [EASY]),
        ("123456789012", [EASY]),
        ("1qaz2wsx3edc4rfv", [EASY]),
        ("P@ssw0rd2024", [EASY]),
        ("I love you 2024", [EASY]),
        ("monkeymonkey", [EASY]),
        ("abcdabcdabcd", [EASY]),
        ("abcdefghijklm", [EASY]),
        ("keyworker password", [EASY]),
        # This service's own words, and the words of its configured name.
        ("Keyworker!!!", [SERVICE]),
        ("Keyworker Family Portal 1", [SERVICE]),
        ("K3yw0rker 2024", [SERVICE]),
        ("Bluebell Valley 2024", [SERVICE]),
        # The email address, or the part before the @.
        ("jo.newstarter and more", [EMAIL]),
        ("JoNewstarter2024", [EMAIL]),
        ("me jo.newstarter@example.org", [EMAIL]),
        ("nhs", [PasswordProblem.TOO_SHORT, EASY, SERVICE]),
    ],
)
def test_password_problems(password: str, problems: list[PasswordProblem]) -> None:
    found = password_problems(
        password, email="jo.newstarter@example.org", service_name="Bluebell Valley Service"
    )
    assert found == problems


def test_a_short_email_address_is_refused_whole() -> None:
    assert password_problems("jo@example.org bluebell", email="jo@example.org") == [EMAIL]
    assert password_problems("jogging in the park", email="jo@example.org") == []


def test_the_common_passwords_are_a_list_shipped_with_the_project() -> None:
    listed = common_passwords()
    assert isinstance(listed, frozenset)
    assert len(listed) == 30_000
    assert {"password", "123456", "iloveyou", "qwerty123456"} <= listed
    assert all(password == password.lower() and password.strip() for password in listed)
    assert common_passwords() is listed  # read once
    text = (
        resources.files("portal.services.staff_accounts")
        .joinpath("common_passwords.txt")
        .read_text(encoding="utf-8")
    )
    header = "".join(line for line in text.splitlines(keepends=True) if line.startswith("#"))
    assert "zxcvbn" in header and "MIT" in header and "Dropbox" in header


def test_a_hash_verifies_only_its_own_password() -> None:
    hashed = hash_password("a good long first password", fast=True)
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "a good long first password", fast=True)
    assert not verify_password(hashed, "another long password", fast=True)
    assert not verify_password("not a hash", "a good long first password", fast=True)


def test_the_fingerprint_changes_with_every_new_hash_even_of_the_same_password() -> None:
    first = hash_password("a good long first password", fast=True)
    again = hash_password("a good long first password", fast=True)
    assert password_fingerprint(first) == password_fingerprint(first)
    assert password_fingerprint(first) != password_fingerprint(again)
    assert first not in password_fingerprint(first)
