"""Date expressions in news text, resolved against the article's publication date.

``find_dates(text, published)`` returns every date expression with its span, the resolved day
and ACLED's ``time_precision`` (1 day, 2 week, 3 month). Rules:

=========================  ==========================================  =========
expression                 resolves to                                 precision
=========================  ==========================================  =========
April 4, 2016 / 4 April    that day (year from ``published`` when      1
2016 / 2016-04-04          missing; a day more than 7 days after the
                           publication date is taken from the year
                           before)
on Friday (night...)       the most recent Friday on or before         1
                           ``published``
today / this morning       ``published``                               1
yesterday / last night     ``published`` - 1 day                       1
N days ago                 ``published`` - N days                      1
this week / in recent      ``published``                               2
days / over the weekend
last week / N weeks ago    ``published`` - 7 (N*7) days                2
this month / earlier       ``published``                               3
this month
last month                 first day of the previous month             3
April 2016 / in April      first day of that month                     3
=========================  ==========================================  =========

Without a publication date only absolute dates with a year resolve; relative ones are still
found (so callers can report the original expression) with ``date=None``.
"""

from __future__ import annotations

import datetime as _dt
import logging
import re
from dataclasses import dataclass

log = logging.getLogger(__name__)

__all__ = ["DateMention", "find_dates", "find_publication_date", "DAY", "WEEK", "MONTH"]

DAY, WEEK, MONTH = 1, 2, 3

_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1)}
_MONTH_ABBR = {m[:3]: i for m, i in _MONTHS.items()} | {"sept": 9}
_WEEKDAYS = {d: i for i, d in enumerate(
    ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9, "ten": 10, "a": 1, "a couple of": 2, "a few": 3}

_MONTH_RE = (r"(?P<mon>(?:January|February|March|April|May|June|July|August|September|October|"
             r"November|December)(?![A-Za-z])|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
             r"(?![A-Za-z])\.?)")


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression: ``text == source[start:end]``; ``date`` None when unresolvable."""

    text: str
    start: int
    end: int
    date: _dt.date | None
    precision: int  # 1 day, 2 week, 3 month
    rule: str

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "start": self.start, "end": self.end,
                "date": self.date.isoformat() if self.date else None,
                "time_precision": self.precision, "rule": self.rule}


def _month(name: str) -> int:
    key = name.lower().rstrip(".")
    return _MONTHS.get(key) or _MONTH_ABBR[key[:4] if key.startswith("sept") else key[:3]]


def _safe_date(year: int, month: int, day: int) -> _dt.date | None:
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def _infer_year(month: int, day: int, published: _dt.date | None) -> _dt.date | None:
    if published is None:
        return None
    d = _safe_date(published.year, month, day)
    if d is not None and d > published + _dt.timedelta(days=7):
        d = _safe_date(published.year - 1, month, day)
    return d


def _first_of_previous_month(d: _dt.date) -> _dt.date:
    return (d.replace(day=1) - _dt.timedelta(days=1)).replace(day=1)


def _number(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else _SMALL.get(word, 1)


# --- the rule table: (name, pattern, resolver(match, published) -> (date|None, precision)) ---
def _abs_mdy(m: re.Match[str], pub: _dt.date | None) -> tuple[_dt.date | None, int]:
    return _safe_date(int(m["year"]), _month(m["mon"]), int(m["day"])), DAY


def _iso(m: re.Match[str], pub: _dt.date | None) -> tuple[_dt.date | None, int]:
    return _safe_date(int(m["year"]), int(m["m"]), int(m["day"])), DAY


def _md(m: re.Match[str], pub: _dt.date | None) -> tuple[_dt.date | None, int]:
    return _infer_year(_month(m["mon"]), int(m["day"]), pub), DAY


def _month_year(m: re.Match[str], pub: _dt.date | None) -> tuple[_dt.date | None, int]:
    return _safe_date(int(m["year"]), _month(m["mon"]), 1), MONTH


def _in_month(m: re.Match[str], pub: _dt.date | None) -> tuple[_dt.date | None, int]:
    if pub is None:
        return None, MONTH
    month = _month(m["mon"])
    year = pub.year if month <= pub.month else pub.year - 1
    return _dt.date(year, month, 1), MONTH


def _weekday(m: re.Match[str], pub: _dt.date | None) -> tuple[_dt.date | None, int]:
    if pub is None:
        return None, DAY
    back = (pub.weekday() - _WEEKDAYS[m["wd"].lower()]) % 7
    if m["last"]:  # "last Friday": never the publication day itself
        back = back or 7
    return pub - _dt.timedelta(days=back), DAY


def _offset(days: int, precision: int):
    def resolve(m: re.Match[str], pub: _dt.date | None) -> tuple[_dt.date | None, int]:
        return (pub - _dt.timedelta(days=days) if pub else None), precision
    return resolve


def _ago(m: re.Match[str], pub: _dt.date | None) -> tuple[_dt.date | None, int]:
    n = _number(m["n"])
    weeks = m["unit"].lower().startswith("week")
    if pub is None:
        return None, WEEK if weeks else DAY
    return pub - _dt.timedelta(days=n * (7 if weeks else 1)), WEEK if weeks else DAY


def _last_month(m: re.Match[str], pub: _dt.date | None) -> tuple[_dt.date | None, int]:
    return (_first_of_previous_month(pub) if pub else None), MONTH


_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_RULES: tuple[tuple[str, re.Pattern[str], object], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE if ci else 0), fn)
    for name, pattern, fn, ci in (
        ("iso", r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b", _iso, False),
        ("month-day-year", rf"\b{_MONTH_RE}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+"
                           r"(?P<year>(?:19|20)\d\d)\b", _abs_mdy, False),
        ("day-month-year", rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE},?\s+"
                           r"(?P<year>(?:19|20)\d\d)\b", _abs_mdy, False),
        ("month-day", rf"\b{_MONTH_RE}\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?!\s*(?:km|mi|m)\b)",
         _md, False),
        ("day-month", rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}(?!\w)",
         _md, False),
        ("month-year", rf"\b{_MONTH_RE}\s+(?P<year>(?:19|20)\d\d)\b", _month_year, False),
        ("in-month", rf"\b(?:in|during|since|early|late|mid-?)\s+(?:early\s+|late\s+|mid-?)?"
                     rf"{_MONTH_RE}(?!\s*\d)", _in_month, False),
        ("weekday", rf"\b(?:(?:on|late|early)\s+)?(?P<last>last\s+)?{_WD}"
                    r"(?:\s+(?:morning|afternoon|evening|night))?\b", _weekday, True),
        ("day-before-yesterday", r"\bthe\s+day\s+before\s+yesterday\b", _offset(2, DAY), True),
        ("yesterday", r"\byesterday\b", _offset(1, DAY), True),
        ("last-night", r"\blast\s+night\b|\bovernight\b", _offset(1, DAY), True),
        ("today", r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b",
         _offset(0, DAY), True),
        ("ago", r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a couple of|"
                r"a few|a)\s+(?P<unit>days?|weeks?)\s+ago\b", _ago, True),
        ("this-week", r"\b(?:earlier\s+)?this\s+week\b|\b(?:in|over|during)\s+(?:the\s+)?"
                      r"(?:recent|past|last)\s+(?:few\s+|several\s+)?days\b|\bover\s+the\s+"
                      r"weekend\b|\bthis\s+weekend\b", _offset(0, WEEK), True),
        ("last-week", r"\blast\s+week(?:end)?\b", _offset(7, WEEK), True),
        ("this-month", r"\b(?:earlier\s+)?this\s+month\b", _offset(0, MONTH), True),
        ("last-month", r"\blast\s+month\b", _last_month, True),
    ))


def find_dates(text: str, published: _dt.date | None = None) -> list[DateMention]:
    """Every date expression in ``text``, by offset; overlapping matches keep the earliest rule
    (absolute dates before relative ones)."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for name, pattern, resolve in _RULES:
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            try:
                day, precision = resolve(m, published)  # type: ignore[operator]
            except (KeyError, ValueError, OverflowError):
                continue
            taken.append((s, e))
            found.append(DateMention(m.group(0), s, e, day, precision, name))
    found.sort(key=lambda d: d.start)
    return found


def find_publication_date(text: str, *, head_chars: int = 400) -> _dt.date | None:
    """A full date (with a year) in the first lines of an article, taken as its publication
    date when none is given (datelines such as ``BAGHDAD, April 9, 2016 -``)."""
    for d in find_dates(text[:head_chars]):
        if d.date is not None and d.rule in ("iso", "month-day-year", "day-month-year"):
            return d.date
    return None
