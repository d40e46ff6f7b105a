"""Whose feedback a collated view covers, and who may choose which.

The scopes follow the one need-to-know rule (`portal.services.access.staff`):
a keyworker sees their own caseload (the young people allocated to them); a
manager also sees any keyworker of their team and the whole team; an
administrator sees no records, so they get figures only, for the service or
any one team, and never the comments or the CSV file.

A scope is about the young people as they are allocated now: when a young
person moves to another keyworker or team, their past feedback moves too.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, select, true
from sqlalchemy.orm import Session

from portal.models import StaffRole, StaffUser, Team, YoungPerson
from portal.services.access.staff import NotVisible


class ScopeKind(enum.StrEnum):
    CASELOAD = "caseload"
    KEYWORKER = "keyworker"
    TEAM = "team"
    SERVICE = "service"


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind
    # The keyworker of CASELOAD (the signed-in one) and KEYWORKER.
    keyworker_id: int | None = None
    # The team of TEAM.
    team_id: int | None = None

    def young_people(self) -> ColumnElement[bool]:
        """A condition on `young_people` for the young people in scope."""
        if self.kind in (ScopeKind.CASELOAD, ScopeKind.KEYWORKER):
            return YoungPerson.keyworker_id == self.keyworker_id
        if self.kind is ScopeKind.TEAM:
            return YoungPerson.team_id == self.team_id
        return true()

    @property
    def is_service(self) -> bool:
        return self.kind is ScopeKind.SERVICE


@dataclass(frozen=True)
class Choice:
    id: int
    name: str


@dataclass(frozen=True)
class ScopeChoices:
    """What `user` may choose from: the kinds, and for KEYWORKER and TEAM
    whom (the keyworkers of a manager's team; every team for an administrator)."""

    kinds: tuple[ScopeKind, ...]
    keyworkers: Sequence[Choice]
    teams: Sequence[Choice]
    # Comments and the CSV file are record content: only for staff who see records.
    may_read_comments: bool

    @property
    def default(self) -> ScopeKind:
        return self.kinds[0]


def scope_choices(session: Session, user: StaffUser) -> ScopeChoices:
    """Two queries at most."""
    if not user.is_active:
        return ScopeChoices((), (), (), may_read_comments=False)
    if user.role is StaffRole.KEYWORKER:
        return ScopeChoices((ScopeKind.CASELOAD,), (), (), may_read_comments=True)
    if user.role is StaffRole.MANAGER:
        if user.team_id is None:
            return ScopeChoices((ScopeKind.CASELOAD,), (), (), may_read_comments=True)
        keyworkers = _choices(
            session,
            select(StaffUser.id, StaffUser.name).where(
                StaffUser.team_id == user.team_id,
                StaffUser.role == StaffRole.KEYWORKER,
                StaffUser.is_active.is_(True),
            ),
        )
        kinds = (ScopeKind.TEAM, ScopeKind.KEYWORKER, ScopeKind.CASELOAD)
        team = (Choice(user.team_id, user.team.name if user.team else ""),)
        return ScopeChoices(kinds, keyworkers, team, may_read_comments=True)
    teams = _choices(session, select(Team.id, Team.name))
    return ScopeChoices((ScopeKind.SERVICE, ScopeKind.TEAM), (), teams, may_read_comments=False)


def _choices(session: Session, query: Select[*tuple[Any, ...]]) -> list[Choice]:
    rows = session.execute(query.order_by(query.selected_columns[1])).all()
    return [Choice(row_id, name) for row_id, name in rows]


def chosen_scope(
    user: StaffUser,
    choices: ScopeChoices,
    kind: ScopeKind | None,
    *,
    keyworker_id: int | None = None,
    team_id: int | None = None,
) -> Scope:
    """The scope `user` asked for, checked against `choices`. Raises
    NotVisible for a kind, keyworker or team they may not choose (and for
    one that does not exist: the two are not told apart)."""
    kind = kind or choices.default
    if kind not in choices.kinds:
        raise NotVisible(kind)
    if kind is ScopeKind.CASELOAD:
        return Scope(kind, keyworker_id=user.id)
    if kind is ScopeKind.KEYWORKER:
        if keyworker_id is None and choices.keyworkers:
            keyworker_id = choices.keyworkers[0].id
        if keyworker_id not in {choice.id for choice in choices.keyworkers}:
            raise NotVisible(keyworker_id)
        return Scope(kind, keyworker_id=keyworker_id)
    if kind is ScopeKind.TEAM:
        if team_id is None and choices.teams:
            team_id = choices.teams[0].id
        if team_id not in {choice.id for choice in choices.teams}:
            raise NotVisible(team_id)
        return Scope(kind, team_id=team_id)
    return Scope(kind)
