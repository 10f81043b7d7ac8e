"""Claims inform resolution: a spatial claim that only holds with another candidate of its
target and/or reference re-resolves those mentions.

When a claim is inconsistent and a strong runner-up candidate of the target and/or reference
(tried together) makes it consistent, the mentions are swapped and say so in
``reason``/``method``; a weak runner-up or a populated namesake found near the reference only
when the chosen place is grossly off (> 500 km and > 5x the stated distance). A half-fit
(``approximate``) never overrides the geoparser.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from typing import TYPE_CHECKING

from .verify import verify_claim

if TYPE_CHECKING:
    from .claims import Claim
    from .document import Document, Mention
    from .gazetteer import Gazetteer
    from .place import Place

log = logging.getLogger(__name__)

__all__ = ["rechoose"]

_STRONG_CANDIDATE = 0.8  # gazetteer score of a runner-up that a claim may promote
_GROSS_KM = 500.0  # a namesake near the reference is sought only when the claim is this far off


def _mention_index(mentions: list[Mention], text: str, place: Place | None) -> int | None:
    if place is None:
        return None
    return next((i for i, m in enumerate(mentions) if m.place is not None
                 and m.place.id == place.id and re.fullmatch(  # "the Euphrates", "X province"
                     rf"(?:the\s+)?{re.escape(m.text)}(?:\s+\w+)?", text, re.I)), None)


_AREAS = ("admin1", "admin2", "country")


def _options(mention: Mention | None, gross: bool, *, points: bool = False) -> list[Place]:
    """Runner-ups a claim may promote: strong ones always, any when the fit is gross. With
    ``points`` (a distance or direction), a town is not swapped for the province or country
    of the same name: an area's extent would excuse almost any distance ("120 km north-east
    of Donetsk" is not rescued by Donetsk oblast)."""
    if mention is None:
        return []
    town = mention.place is not None and mention.place.kind not in _AREAS
    return [c.place for c in mention.candidates[:4]
            if (gross or c.score >= _STRONG_CANDIDATE)
            and (mention.place is None or c.place.id != mention.place.id)
            and not (points and town and c.place.kind in _AREAS)]


def rechoose(doc: Document, claims: list[Claim], gaz: Gazetteer
             ) -> tuple[Document, list[Claim]]:
    """Swap mentions' places for runner-up candidates when an inconsistent claim holds with
    them (target and reference tried together); when the fit is grossly off, also look for
    a namesake of the target near the reference."""
    mentions = list(doc.mentions)
    changed = False
    swapped: dict[tuple[str, str], Place] = {}  # (old place id, mention text) -> new place
    out = []
    for claim in claims:
        claim = _follow(claim, swapped, gaz)  # "Paradise, California, 140 km north of X"
        if claim.verdict != "inconsistent" or claim.kind not in (
                "distance_direction", "distance", "direction", "containment"):
            out.append(claim)
            continue
        gross = (claim.measured_km or 0.0) > max(_GROSS_KM, 5 * (claim.value_km or 0.0))
        ti = _mention_index(mentions, claim.target_text, claim.target_place)
        ri = _mention_index(mentions, claim.reference_text, claim.reference_place)
        points = claim.kind != "containment"
        t_opts = [claim.target_place] + _options(mentions[ti] if ti is not None else None,
                                                 gross, points=points)
        r_opts = [claim.reference_place] + _options(mentions[ri] if ri is not None else None,
                                                    gross, points=points)
        best, pick = claim, None
        for n_t, tp in enumerate(t_opts):
            for n_r, rp in enumerate(r_opts):
                if n_t == n_r == 0:
                    continue
                trial = verify_claim(dataclasses.replace(claim, target_place=tp,
                                                         reference_place=rp), gaz)
                if trial.verdict == "consistent":  # a half-fit never overrides the geoparser
                    best, pick = trial, (tp if n_t else None, rp if n_r else None)
                    break
            if best.verdict == "consistent":
                break
        if pick is None and gross and ti is not None and claim.reference_place is not None \
                and claim.kind != "containment":
            ref = claim.reference_place
            for cand in gaz.search(claim.target_text, near=(ref.lat, ref.lon), limit=10,
                                   fuzzy=False):
                if claim.target_place is not None and cand.place.id == claim.target_place.id:
                    continue
                if (cand.place.population or 0) < 1000 and cand.place.feature_code not in (
                        "PPLC", "PPLA", "PPLA2", "ADM1", "ADM2"):
                    continue  # an obscure namesake must not rescue a wrong claim
                trial = verify_claim(dataclasses.replace(claim, target_place=cand.place), gaz)
                if trial.verdict == "consistent":
                    best, pick = trial, (cand.place, None)
                    break
        if pick is None:
            out.append(claim)
            continue
        for idx, place in ((ti, pick[0]), (ri, pick[1])):
            if idx is None or place is None:
                continue
            old = mentions[idx]
            note = (f"claim {' '.join(claim.text.split())!r} fits {place.name} "
                    f"({best.verdict}) better than {old.place.name if old.place else '?'}")
            log.info(note)
            if old.place is not None:
                swapped[(old.place.id, old.text)] = place
            for i, m in enumerate(mentions):
                if old.place is not None and m.place is not None and \
                        m.place.id == old.place.id and m.text == old.text:
                    mentions[i] = dataclasses.replace(m, place=place, reason=note,
                                                      method=(m.method or "gazetteer")
                                                      + "+claim")
            changed = True
        out.append(best)
    out = [_follow(c, swapped, gaz) for c in out]  # claims read before a later swap
    if changed:
        doc = dataclasses.replace(doc, mentions=tuple(mentions))
    return doc, out


def _swap(place: Place | None, text: str, swapped: dict[tuple[str, str], Place]
          ) -> Place | None:
    if place is None:
        return None
    return next((new for (pid, mtext), new in swapped.items() if pid == place.id and re.fullmatch(
        rf"(?:the\s+)?{re.escape(mtext)}(?:\s+\w+)?", text, re.I)), None)


def _follow(claim: Claim, swapped: dict[tuple[str, str], Place], gaz: Gazetteer) -> Claim:
    """The claim re-verified on the places its mentions were swapped to by another claim, so
    that one mention has one place throughout the document."""
    tp = _swap(claim.target_place, claim.target_text, swapped)
    rp = _swap(claim.reference_place, claim.reference_text, swapped)
    if tp is None and rp is None:
        return claim
    return verify_claim(dataclasses.replace(claim, target_place=tp or claim.target_place,
                                            reference_place=rp or claim.reference_place), gaz)
