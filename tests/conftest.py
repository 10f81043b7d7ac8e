"""Shared fixtures. The default gazetteer is built once per machine into the user cache
(about a minute the first time) and shared by the whole session."""

from __future__ import annotations

import re
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


def toy_report(payload: dict, gazetteer, *, claims: list | None = None,
               events: list | None = None) -> dict:
    """A small deterministic contract report for the batch and service tests: capitalised
    words the gazetteer knows as towns. Module-level so spawned workers can unpickle it."""
    text = payload["text"]
    places = []
    for m in re.finditer(r"\b[A-Z][a-z]{3,}\b", text):
        found = gazetteer.search(m.group(), feature="P", limit=1, fuzzy=False)
        if found:
            places.append({"text": m.group(), "start": m.start(), "end": m.end(),
                           "status": "resolved", "place": found[0].place.to_dict(),
                           "score": 1.0, "reason": None})
    return {"schema": "geo-events/report@1",
            "document": {"id": payload["id"], "title": payload["title"],
                         "published": payload["published"], "chars": len(text)},
            "places": places, "claims": claims or [], "events": events or []}
