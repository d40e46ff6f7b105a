"""The staff forms, and the words for every problem the account rules return."""

from __future__ import annotations

from flask import Flask

from portal.services.staff_accounts.accounts import AccountProblem
from portal.services.staff_accounts.password_change import ChangeProblem
from portal.services.staff_accounts.passwords import PasswordProblem
from portal.staff.forms import ACCOUNT_PROBLEMS, PASSWORD_CHANGE_PROBLEMS


def test_every_account_and_password_problem_has_words(app: Flask) -> None:
    assert set(ACCOUNT_PROBLEMS) == {*AccountProblem, *PasswordProblem}
    with app.test_request_context():
        words = {problem: str(text) for problem, text in ACCOUNT_PROBLEMS.items()}
    assert words[PasswordProblem.TOO_SHORT] == "Password must be 12 characters or more"
    assert len(set(words.values())) == len(words)  # each says something different


def test_every_password_change_problem_has_words_of_its_own(app: Flask) -> None:
    assert set(PASSWORD_CHANGE_PROBLEMS) == set(ChangeProblem)
    with app.test_request_context():
        words = {
            str(text) for text in [*PASSWORD_CHANGE_PROBLEMS.values(), *ACCOUNT_PROBLEMS.values()]
        }
    assert len(words) == len(PASSWORD_CHANGE_PROBLEMS) + len(ACCOUNT_PROBLEMS)
