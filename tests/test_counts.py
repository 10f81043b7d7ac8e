"""Count parsing for event tolls: ACLED's conservative reading of numbers in news text."""

from __future__ import annotations

import pytest

from geo_events.counts import parse_count


@pytest.mark.parametrize("text,value", [
    ("at least 30", 30), ("more than 10,000", 10000), ("thirty-five", 35), ("dozens", 12),
    ("scores", 20), ("hundreds", 100), ("thousands", 1000), ("between 20 and 30", 20),
    ("2.5 million", 2500000), ("eight", 8), ("no number here", None)])
def test_parse_count(text, value):
    assert parse_count(text) == value
