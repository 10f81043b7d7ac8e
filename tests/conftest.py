"""Shared fixtures. The default gazetteer is built once per machine into the user cache
(about a minute the first time) and shared by the whole session."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def gazetteer():
    """The default gazetteer index (built from the installed packages on first use)."""
    from geo_events.gazetteer import Gazetteer

    gaz = Gazetteer.open()
    yield gaz
    gaz.close()


@pytest.fixture(scope="session")
def heet_text() -> str:
    """The sample article we wrote about the Heet offensive (also used by `geo-events demo`)."""
    from importlib import resources

    return resources.files("geo_events").joinpath("data/heet_article.txt").read_text("utf-8")
