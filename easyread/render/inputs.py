"""What the portal gives the renderer: plain data, no portal models, so this
package stays free of Flask and the portal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class ActionInput:
    what: str
    # A role or agency: "Keyworker", "School SENCO", "CAMHS".
    who: str
    due_on: date | None
    done: bool
    # Staff recorded that it cannot be done.
    will_not_happen: bool = False


@dataclass(frozen=True)
class PlanInput:
    # (section kind, staff-written text). Kinds: about_me, what_matters,
    # what_helps, what_does_not_help, my_goals, if_i_am_not_ok.
    sections: tuple[tuple[str, str], ...]
    actions: tuple[ActionInput, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class MeetingInput:
    # Kinds: cetr, ctr, mdt, register_review, other.
    kind: str
    # Timezone-aware; shown in Europe/London time.
    starts_at: datetime
    ends_at: datetime
    place: str | None
    video_link: str | None
    attendee_roles: tuple[str, ...]
    cancelled: bool = False


@dataclass(frozen=True)
class ConsentItemInput:
    code: str
    title: str
    description: str
