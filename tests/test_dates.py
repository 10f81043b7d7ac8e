"""Date expressions resolved against the publication date (table-driven)."""

from __future__ import annotations

import datetime as dt

import pytest

from geo_events.dates import DAY, MONTH, WEEK, find_dates, find_publication_date

PUB = dt.date(2016, 4, 9)  # a Saturday

CASES = [
    # text, expected date (with PUB), precision, expected date without a publication date
    ("on Friday", "2016-04-08", DAY, None),
    ("on Saturday", "2016-04-09", DAY, None),  # the publication day itself
    ("last Saturday", "2016-04-02", DAY, None),
    ("on Monday night", "2016-04-04", DAY, None),
    ("on April 4", "2016-04-04", DAY, None),
    ("April 4, 2016", "2016-04-04", DAY, "2016-04-04"),
    ("4 April 2016", "2016-04-04", DAY, "2016-04-04"),
    ("4 April", "2016-04-04", DAY, None),
    ("on 28 December", "2015-12-28", DAY, None),  # a later day means last year
    ("2016-03-30", "2016-03-30", DAY, "2016-03-30"),
    ("yesterday", "2016-04-08", DAY, None),
    ("the day before yesterday", "2016-04-07", DAY, None),
    ("last night", "2016-04-08", DAY, None),
    ("three days ago", "2016-04-06", DAY, None),
    ("this week", "2016-04-09", WEEK, None),
    ("in recent days", "2016-04-09", WEEK, None),
    ("over the past few days", "2016-04-09", WEEK, None),
    ("last week", "2016-04-02", WEEK, None),
    ("two weeks ago", "2016-03-26", WEEK, None),
    ("earlier this month", "2016-04-09", MONTH, None),
    ("last month", "2016-03-01", MONTH, None),
    ("in March", "2016-03-01", MONTH, None),
    ("March 2015", "2015-03-01", MONTH, "2015-03-01"),
]


@pytest.mark.parametrize("text,expected,precision,open_date", CASES,
                         ids=[c[0].replace(" ", "-") for c in CASES])
def test_expression(text, expected, precision, open_date):
    (d,) = find_dates(f"It happened {text}.", PUB)
    assert d.text in text and len(d.text) >= len(text) - 3
    assert d.date == dt.date.fromisoformat(expected)
    assert d.precision == precision
    (d2,) = find_dates(f"It happened {text}.")
    assert (d2.date.isoformat() if d2.date else None) == open_date


@pytest.mark.parametrize("text", [
    "The convoy drove 40 km north.", "Protesters may march again.", "They met in Mariupol.",
    "The march to the capital continued.", "A 5 km stretch of road."])
def test_no_false_dates(text):
    assert find_dates(text, PUB) == []


def test_offsets_point_into_the_text():
    text = "Clashes on Friday; evacuations began last week."
    for d in find_dates(text, PUB):
        assert text[d.start:d.end] == d.text
    assert [d.rule for d in find_dates(text, PUB)] == ["weekday", "last-week"]


def test_publication_date_from_dateline():
    assert find_publication_date("KABUL, March 3, 2018 (x) - Rockets hit.") == dt.date(2018, 3, 3)
    assert find_publication_date("KABUL, March 3 - Rockets hit.") is None
