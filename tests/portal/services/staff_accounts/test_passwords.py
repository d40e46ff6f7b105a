"""The rules for a new password return codes; the edge words them."""

from __future__ import annotations

import pytest

from portal.services.staff_accounts.passwords import (
    MINIMUM_LENGTH,
    PasswordProblem,
    hash_password,
    password_problems,
    verify_password,
)


@pytest.mark.parametrize(
    ("password", "problems"),
    [
        ("a good long first password", []),
        ("short", [PasswordProblem.TOO_SHORT]),
        ("x" * (MINIMUM_LENGTH - 1) + "y", [PasswordProblem.TOO_EASY_TO_GUESS]),
        ("password1234", [PasswordProblem.TOO_EASY_TO_GUESS]),
        ("Keyworker!!!", [PasswordProblem.TOO_EASY_TO_GUESS]),
        ("jo.newstarter and more", [PasswordProblem.CONTAINS_EMAIL]),
        ("nhs", [PasswordProblem.TOO_SHORT, PasswordProblem.TOO_EASY_TO_GUESS]),
    ],
)
def test_password_problems(password: str, problems: list[PasswordProblem]) -> None:
    assert password_problems(password, email="jo.newstarter@example.org") == problems


def test_a_hash_verifies_only_its_own_password() -> None:
    hashed = hash_password("a good long first password", fast=True)
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "a good long first password", fast=True)
    assert not verify_password(hashed, "another long password", fast=True)
    assert not verify_password("not a hash", "a good long first password", fast=True)
