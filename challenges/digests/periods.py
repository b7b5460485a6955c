"""Digest periods: parsing the kinds a civil servant picks from, labels, and comparisons."""

import re
from datetime import MAXYEAR, MINYEAR, date, timedelta

# A weekly trend much longer than a year would be unreadable, and suppressing it slow.
MAX_PERIOD_DAYS = 366


def period_for(kind: str, value: str) -> tuple[date, date]:
    """The first and last day of a week ('2026-W44', ISO), month ('2026-10'), quarter
    ('2026-Q3') or custom period ('2026-10-01..2026-10-31'). ValueError for anything else."""
    patterns = {
        "week": (r"(\d{4})-W(\d{2})", _week),
        "month": (r"(\d{4})-(\d{2})", _month),
        "quarter": (r"(\d{4})-Q([1-4])", _quarter),
        "custom": (r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", _custom),
    }
    if kind not in patterns:
        raise ValueError(f"unknown kind of period: {kind!r}")
    pattern, parse = patterns[kind]
    match = re.fullmatch(pattern, value)
    if match is None:
        raise ValueError(f"not a {kind}: {value!r}")
    try:
        start, end = parse(*match.groups())
    except OverflowError as error:  # a week that would end after 9999-12-31
        raise ValueError(f"not a {kind}: {value!r}") from error
    check_period(start, end)
    return start, end


def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same length that ends the day before ``start``."""
    return start - (end - start) - timedelta(days=1), start - timedelta(days=1)


def period_label(start: date, end: date) -> str:
    """'Week 44, 2026 (26 October 2026 to 1 November 2026)', 'October 2026', 'July to
    September 2026', or the dates."""
    year, week, weekday = start.isocalendar()
    if weekday == 1 and end == start + timedelta(days=6):
        return f"Week {week}, {year} ({_day(start)} to {_day(end)})"
    if start.day == 1 and end == _month_end(start.year, start.month):
        return f"{start:%B %Y}"
    if start.day == 1 and start.month % 3 == 1 and end == _month_end(start.year, start.month + 2):
        return f"{start:%B} to {end:%B %Y}"
    return _day(start) if start == end else f"{_day(start)} to {_day(end)}"


def _week(year: str, week: str) -> tuple[date, date]:
    monday = date.fromisocalendar(int(year), int(week), 1)
    return monday, monday + timedelta(days=6)


def _month(year: str, month: str) -> tuple[date, date]:
    return date(int(year), int(month), 1), _month_end(int(year), int(month))


def _quarter(year: str, quarter: str) -> tuple[date, date]:
    first_month = 3 * int(quarter) - 2
    return date(int(year), first_month, 1), _month_end(int(year), first_month + 2)


def _custom(start: str, end: str) -> tuple[date, date]:
    return date.fromisoformat(start), date.fromisoformat(end)


def _month_end(year: int, month: int) -> date:
    following = date(year + month // 12, month % 12 + 1, 1)
    return following - timedelta(days=1)


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def check_period(start: date, end: date) -> None:
    """Refuse a period that ends before it starts or is too long to show week by week."""
    if end < start:
        raise ValueError("a period cannot end before it starts")
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise ValueError(f"a period can be at most {MAX_PERIOD_DAYS} days long")
    # A digest also counts the period before, as long, and labels whole weeks around the period:
    # a year's room at either end of the calendar keeps all of those real dates.
    if start.year <= MINYEAR + 1 or end.year >= MAXYEAR:
        raise ValueError(f"a period must fall between the years {MINYEAR + 2} and {MAXYEAR - 1}")


def week_starts(start: date, end: date) -> tuple[str, ...]:
    """The Mondays ('YYYY-MM-DD') of the ISO weeks a period touches, in order."""
    monday = start - timedelta(days=start.weekday())
    return tuple(
        (monday + timedelta(weeks=n)).isoformat() for n in range((end - monday).days // 7 + 1)
    )
