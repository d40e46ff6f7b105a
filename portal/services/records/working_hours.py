"""Working time: Monday to Friday, 09:00 to 17:00, as the clocks in London
show it (so across the clock changes too).

Bank holidays are not known here: they count as working days. An urgent item
that arrives on one escalates as on any weekday, which is sooner than needed,
never later.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from portal.timezones import LONDON

DAY_STARTS = time(9, 0)
DAY_ENDS = time(17, 0)
# Monday is 0: Saturday and Sunday are not working days.
WORKING_WEEKDAYS = frozenset(range(5))


def working_deadline(start: datetime, working_hours: float) -> datetime:
    """The moment `working_hours` of working time have passed since `start`
    (an aware datetime), in the time zone of `start`. Time outside working hours does not count:
    something that arrives on Friday at 16:00 with 4 working hours is due on
    Monday at 12:00."""
    if start.tzinfo is None:
        raise ValueError("start must be an aware datetime")
    if working_hours < 0:
        raise ValueError("working_hours must not be negative")
    left = timedelta(hours=working_hours)
    moment = _next_working_moment(start.astimezone(LONDON))
    while True:
        day_end = datetime.combine(moment.date(), DAY_ENDS, tzinfo=LONDON)
        if moment + left <= day_end:
            return (moment + left).astimezone(start.tzinfo)
        left -= day_end - moment
        moment = _next_working_moment(day_end)


def _next_working_moment(moment: datetime) -> datetime:
    """`moment` if it is in working hours, or else the start of the next
    working day (a moment at 17:00 exactly is at the end of its day)."""
    day = moment.date()
    if day.weekday() in WORKING_WEEKDAYS:
        opens = datetime.combine(day, DAY_STARTS, tzinfo=LONDON)
        closes = datetime.combine(day, DAY_ENDS, tzinfo=LONDON)
        if moment < opens:
            return opens
        if moment < closes:
            return moment
    day += timedelta(days=1)
    while day.weekday() not in WORKING_WEEKDAYS:
        day += timedelta(days=1)
    return datetime.combine(day, DAY_STARTS, tzinfo=LONDON)
