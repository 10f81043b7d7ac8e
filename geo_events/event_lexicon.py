"""The event lexicon: ACLED's taxonomy and the word lists :mod:`geo_events.events` reads.

Data, not logic: extend freely.

- ``EVENT_TYPES``: event type -> its sub event types. ACLED's six classes (Battles,
  Explosions/Remote violence, Violence against civilians, Protests, Riots, Strategic
  developments) plus ``Natural disaster`` (flood, earthquake, storm, wildfire, drought,
  landslide), which is not ACLED's. Displacement, evacuation and sieges are
  ``Strategic developments`` / ``Other`` with the kind in the trigger's ``note``.
- ``TRIGGERS``: phrases -> event type / sub event type, with a priority (overlapping matches
  keep the higher one); ``CROWD_MODIFIERS`` decide a protest or riot's sub type;
  ``SUPPRESSES``: a specific trigger swallows vaguer ones in its sentence.
- modality cues (``NEGATION``, ``DENIAL``, ``MODALITY``, ``CANCELLED``, ``BACKGROUND`` and the
  clause cues after them): mentions that are negated, hypothetical, planned, cancelled or
  background, not events.
- context cues (``ARMED_CONTEXT``, ``POLITICAL_CONTEXT``, ``IMPACT``, ``COLLECTIVE``,
  ``TERRITORY_OBJECT``): what a battle, an explosion, a displacement, a territory change or an
  arrest needs in its sentence to be coded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["EVENT_TYPES", "Trigger", "TRIGGERS", "CROWD_MODIFIERS", "SUPPRESSES", "NEGATION",
           "DENIAL", "MODALITY", "CANCELLED", "BACKGROUND"]

BATTLES = "Battles"
EXPLOSIONS = "Explosions/Remote violence"
VAC = "Violence against civilians"
PROTESTS = "Protests"
RIOTS = "Riots"
STRATEGIC = "Strategic developments"
DISASTER = "Natural disaster"

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    BATTLES: ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    EXPLOSIONS: ("Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack",
                 "Remote explosive/landmine/IED", "Grenade"),
    VAC: ("Attack", "Abduction/forced disappearance", "Sexual violence"),
    PROTESTS: ("Peaceful protest", "Protest with intervention",
               "Excessive force against protesters"),
    RIOTS: ("Violent demonstration", "Mob violence"),
    STRATEGIC: ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                "Headquarters or base established", "Looting/property destruction",
                "Non-violent transfer of territory", "Other"),
    DISASTER: ("flood", "earthquake", "storm", "wildfire", "drought", "landslide"),
}


# --------------------------------------------------------------------------------------------
# triggers
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Trigger:
    """One lexicon row. ``kind``: ``event`` (fixed type), ``territory`` (regains/overtakes by
    actor), ``attack`` (Armed clash or Attack on civilians by target), ``crowd`` (protest/riot,
    sub type from ``CROWD_MODIFIERS``), ``toll`` (only counts: joins the previous incident)."""

    name: str
    pattern: str
    event_type: str
    sub_event_type: str | None
    priority: int
    kind: str = "event"
    generic: bool = False  # a vague trigger that joins a specific one of the same type
    note: str | None = None
    background_prone: bool = False  # "after a three-week offensive" is not a new event


_VEH = r"(?:car|truck|vehicle|motorcycle|motorbike|lorry|bus)"
TRIGGERS: tuple[Trigger, ...] = (
    # Explosions/Remote violence
    Trigger("suicide", r"suicide\s+(?:car\s+|truck\s+|vest\s+)?(?:bomb(?:er|ers|ing|ings|s)?|"
            r"attacks?|blasts?)|blew\s+(?:himself|herself|themselves)\s+up|suicide\s+vests?",
            EXPLOSIONS, "Suicide bomb", 95),
    Trigger("vbied", rf"{_VEH}[\s-]+bomb(?:s|ings?)?(?:\s+attacks?|\s+blasts?)?|"
            r"(?:roadside|improvised|parcel|sticky)\s+(?:bombs?|explosive\s+devices?)|"
            r"\bI?V?BIEDs?\b|"
            r"\bIEDs?\b|land\s*mines?|booby[\s-]traps?", EXPLOSIONS,
            "Remote explosive/landmine/IED", 85),
    Trigger("airstrike", r"air\s*[\s-]?strikes?|airstrikes?|drone\s+(?:strikes?|attacks?)|"
            r"air\s+raids?|aerial\s+(?:bombardment|attacks?)|"
            r"(?:warplanes?|jets|aircraft)\s+(?:also\s+|"
            r"reportedly\s+|again\s+)?(?:struck|bombed|hit|"
            r"pounded)|(?:bombed|bombing)\s+from\s+the\s+air|helicopter\s+gunships?",
            EXPLOSIONS, "Air/drone strike", 85),
    Trigger("shelling", r"shell(?:ing|ed|s)\b|artillery(?:\s+fire|\s+strikes?)?|"
            r"mortars?(?:\s+(?:fire|rounds?|shells?|attacks?))?|rockets?(?:\s+(?:fire|attacks?))?|"
            r"missiles?(?:\s+(?:strikes?|attacks?))?", EXPLOSIONS,
            "Shelling/artillery/missile attack", 75),
    Trigger("grenade", r"grenades?(?:\s+attacks?)?", EXPLOSIONS, "Grenade", 75),
    Trigger("explosion", r"bomb(?:s|ings?|ed)?\b(?:\s+attacks?)?|explosions?|blasts?|exploded|"
            r"detonated|went\s+off|bombard(?:ed|ments?)", EXPLOSIONS,
            "Remote explosive/landmine/IED", 45,
            generic=True),
    # Battles
    Trigger("regain", r"re-?took|re-?taken|re-?taking|re-?takes?|recaptur(?:ed|ing|es?)|"
            r"regain(?:ed|ing|s)?|liberat(?:ed|ing|es?|ion\s+of)|took\s+back|drove\s+\w+(?:\s+\w+)?"
            r"\s+out\s+of|expelled|pushed\s+into|push(?:es)?\s+into|advanced\s+(?:into|on)|"
            r"(?:lost|loses|lose|losing)\s+ground", BATTLES,
            "Government regains territory", 85, kind="territory"),
    Trigger("capture", r"captur(?:ed|ing|es?)|seiz(?:ed|ing|es?)(?:\s+control\s+of)?|"
            r"overran|overrun|took\s+(?:control\s+of|over)|fell\s+to", BATTLES,
            "Non-state actor overtakes territory", 80, kind="territory"),
    Trigger("clash", r"clash(?:es|ed)?|fighting|fought|battl(?:es?|ed|ing)|gun\s*battles?|"
            r"fire\s*fights?|exchanged\s+fire|ambush(?:ed|es)?|skirmish(?:es)?|"
            r"counter-?attack(?:s|ed)?", BATTLES, "Armed clash", 55, generic=True),
    Trigger("offensive", r"offensive(?!\s+(?:arsenal|line|linem[ae]n|coordinator|players?|weapons|"
            r"comments?|remarks?|language|content|tackle|rebounds?|fouls?|strategy|play|end|"
            r"production|unit|side|team|game|yards|output|statements?|jokes?|posts?|words))|"
            r"military\s+operation|assault\s+on", BATTLES, "Armed clash",
            30, generic=True, background_prone=True),
    Trigger("attack", r"attack(?:s|ed|ing)?|raid(?:s|ed)?|assault(?:s|ed)?|storm(?:ed|ing)",
            BATTLES,
            "Armed clash", 35, kind="attack", generic=True),
    # Violence against civilians
    Trigger("massacre", r"massacr(?:e|es|ed)|execut(?:ed|ions?)|behead(?:ed|ings?)|"
            r"shot\s+dead|gunned\s+down|opened\s+fire\s+on|stabbed|hacked\s+to\s+death",
            VAC, "Attack", 70, kind="attack"),
    Trigger("abduction", r"kidnapp?(?:ed|ing|ings)?|abduct(?:ed|ing|ions?)|taken\s+hostage|"
            r"seized\s+hostages|forced\s+disappearances?", VAC,
            "Abduction/forced disappearance", 75),
    Trigger("sexual", r"rap(?:ed|es?)\b|sexual(?:ly)?\s+(?:violence|assault(?:ed)?|abused?)",
            VAC, "Sexual violence", 75),
    # Protests and riots (sub type from CROWD_MODIFIERS)
    Trigger("protest", r"protest(?:s|ed|ers|ing)?|demonstrat(?:ions?|ors|ed)|rall(?:y|ies|ied)|"
            r"marched|sit-ins?|took\s+to\s+the\s+streets", PROTESTS, "Peaceful protest", 60,
            kind="crowd"),
    Trigger("riot", r"riot(?:s|ed|ers|ing)?(?!\s+(?:police|gear|squad|control|shields?))|"
            r"(?:threw|hurled)\s+(?:stones|rocks|petrol\s+bombs|"
            r"molotov)", RIOTS, "Violent demonstration", 65, kind="crowd"),
    Trigger("mob", r"\bmob\b|lynch(?:ed|ing)", RIOTS, "Mob violence", 70, kind="crowd"),
    Trigger("crowd", r"(?:angry|furious)\s+(?:residents|crowds?|youths|villagers)|(?:crowds?|"
            r"residents|youths|villagers)\s+(?:set\s+fire\s+to|torched|burned|stoned|ransacked)",
            RIOTS, "Violent demonstration", 62, kind="crowd"),
    # Strategic developments
    Trigger("agreement", r"cease-?fire|truce|peace\s+(?:deal|agreement|accord)|signed\s+(?:an?\s+)?"
            r"(?:agreement|deal|accord)|prisoner\s+(?:swap|exchange)", STRATEGIC, "Agreement", 60,
            background_prone=True),
    Trigger("arrests", r"arrest(?:ed|s)|detained|rounded\s+up|apprehended",
            STRATEGIC, "Arrests", 50),
    Trigger("change", r"pledged\s+allegiance|curfew|state\s+of\s+emergency|martial\s+law|"
            r"disbanded|merged\s+with", STRATEGIC, "Change to group/activity", 50),
    Trigger("disrupted", r"defus(?:ed|ing)|dismantled\s+(?:an?\s+)?(?:bomb|explosive|IED)|"
            r"intercepted|shot\s+down", STRATEGIC, "Disrupted weapons use", 90),
    Trigger("base", r"(?:established|set\s+up|opened|built)\s+(?:an?\s+|its\s+|their\s+)?"
            r"(?:new\s+)?"
            r"(?:military\s+)?(?:base|headquarters|outpost)", STRATEGIC,
            "Headquarters or base established", 60),
    Trigger("looting", r"loot(?:ed|ing)|plunder(?:ed|ing)|ransack(?:ed|ing)|(?:torched|burned|"
            r"burnt|destroyed|demolished)\s+(?:down\s+)?(?:\w+\s+)?(?:homes|houses|shops|"
            r"property|buildings|villages?)", STRATEGIC, "Looting/property destruction", 55),
    Trigger("withdrawal", r"withdr(?:ew|awn)\s+from|pulled\s+out\s+of|handed\s+over(?:\s+control)?",
            STRATEGIC, "Non-violent transfer of territory", 50),
    Trigger("displacement", r"evacuat(?:ed|ing|ions?)|displac(?:ed|ing|ement)|fled|flee(?:ing)?|"
            r"forced\s+from\s+their\s+homes|uprooted", STRATEGIC, "Other", 55,
            note="displacement"),
    Trigger("siege", r"besieg(?:ed|ing)|under\s+siege|siege\s+of|encircled|blockade",
            STRATEGIC, "Other", 55, note="siege"),
    # Natural disasters (not ACLED)
    Trigger("flood", r"flash\s+floods?|flood(?:s|ing|ed|waters)?|torrential\s+rains?",
            DISASTER, "flood", 70, background_prone=True),
    Trigger("earthquake", r"earthquakes?|quakes?|tremors?", DISASTER, "earthquake", 70,
            background_prone=True),
    Trigger("storm", r"cyclones?|hurricanes?|typhoons?|tornado(?:es)?|(?:tropical|severe|heavy|"
            r"winter|snow|dust|sand|violent|powerful|deadly|a|the)\s+storms?|storms?\s+(?:hit|"
            r"struck|battered|lashed|swept|killed|caused|brought|destroyed)", DISASTER,
            "storm", 65, background_prone=True),
    Trigger("wildfire", r"wild\s*fires?|forest\s+fires?|bush\s*fires?", DISASTER, "wildfire", 70,
            background_prone=True),
    Trigger("drought", r"droughts?", DISASTER, "drought", 70, background_prone=True),
    Trigger("landslide", r"landslides?|mudslides?|mud\s*slides?", DISASTER, "landslide", 70,
            background_prone=True),
    # toll only: joins the previous incident
    Trigger("toll", r"killed|killing|dead|died|death\s+toll|wounded|injured|casualties",
            BATTLES, "Armed clash", 5, kind="toll", generic=True),
)


# sentence-level modifiers of a crowd event, strongest first
CROWD_MODIFIERS: tuple[tuple[str, str, re.Pattern[str]], ...] = tuple(
    (etype, sub, re.compile(p, re.IGNORECASE)) for etype, sub, p in (
        (PROTESTS, "Excessive force against protesters",
         r"live\s+(?:ammunition|fire|rounds)|opened\s+fire|fired\s+on|shot\s+dead|"
         r"(?:police|troops|forces|soldiers)\s+(?:\w+\s+)?killed|killing\s+\w+\s+protesters"),
        (RIOTS, "Mob violence", r"\bmob\b|lynch"),
        (RIOTS, "Violent demonstration",
         r"(?:threw|hurled|throwing)\s+(?:stones|rocks|petrol\s+bombs|molotov)|set\s+fire|torched|"
         r"smashed|vandali[sz]ed|loot|riot(?!\s+(?:police|gear|squad|control|shields?))|"
         r"clashed\s+with\s+(?:police|security)|violent"),
        (PROTESTS, "Protest with intervention",
         r"tear\s*gas|water\s+cannons?|rubber\s+bullets|dispersed|broke\s+up|arrest|detain|"
         r"(?:police|troops|forces|soldiers)\s+(?:\w+\s+)?(?:blocked|stopped|prevented|charged)|"
         r"batons?|beat(?:en)?\b"),
    ))

# triggers that, when present in a sentence, swallow others (the other becomes evidence)
SUPPRESSES: dict[str, tuple[str, ...]] = {
    "protest": ("arrests", "looting", "attack", "clash", "massacre"),
    "riot": ("arrests", "looting", "attack", "clash", "protest"),
    "mob": ("arrests", "looting", "attack", "clash", "massacre", "protest", "riot"),
    "crowd": ("arrests", "looting", "attack", "clash", "protest"),
    "disrupted": ("vbied", "explosion", "suicide", "airstrike", "shelling", "grenade", "attack"),
    "suicide": ("vbied", "explosion", "attack"),
    "vbied": ("explosion", "attack"),
    "airstrike": ("explosion", "attack"),
    "shelling": ("explosion", "attack"),
    "grenade": ("explosion", "attack"),
    **{d: ("displacement", "looting") for d in ("flood", "earthquake", "storm", "wildfire",
                                                 "drought", "landslide")},
}

NEGATION = re.compile(r"\b(?:not|no|never|without|neither|nor|none)\b|n['’]t\b", re.IGNORECASE)
DENIAL = re.compile(r"\b(?:denied|denies|deny|denying|rejected\s+(?:claims|reports)|"
                    r"dismissed\s+(?:claims|reports)|false\s+reports?|rumou?rs?)\b", re.IGNORECASE)
MODALITY = re.compile(
    r"\b(?:will|would|could|might|may|shall|should|can|plans?|planned|planning|pledged?|"
    r"pledges|vowed?|vows|promised?|promises|threaten(?:s|ed|ing)?|aims?|aimed|intends?|"
    r"intended|prepar(?:ing|es|ed)|expected|ready|going|if|unless|"
    r"call(?:ed|s)?\s+for|urged|warned\s+of|possible|potential|prevent)\b", re.IGNORECASE)
RELATIVE = re.compile(r"\b(?:who|which|that)\s+(?=(?:had\s+|have\s+|has\s+)?\w+ed\b)",
                       re.IGNORECASE)
POST_MODAL = re.compile(r"\s+(?:\w+\s+)?(?:could|would|might|may|will|threaten(?:s|ed)?\s+to)\b"
                         r"(?!\s+(?:continue|go\s+on))", re.IGNORECASE)
SINCE = re.compile(r"\bsince\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,2}$",
                    re.IGNORECASE)
AFTER = re.compile(r"\b(?:since|after|before|following|ahead\s+of|amid|(?:days|weeks|months|"
                    r"years)\s+of)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
INFINITIVE = re.compile(r"\bto\s+$", re.IGNORECASE)
INFINITIVE_OK = re.compile(r"\b(?:forced|had|has|have|managed|able|began|begun|started|"
                            r"continued|used|went\s+on|appeared|tried|sought)\s+to\s+$",
                            re.IGNORECASE)
CANCELLED = re.compile(
    r"^[^;]{0,120}?\b(?:put\s+on\s+hold|postponed|delayed|called\s+off|cancel+ed|suspended|"
    r"shelved|did\s+not\s+take\s+place|never\s+(?:happened|took\s+place|materiali[sz]ed)|"
    r"(?:was|were|is|are)\s+(?:planned|expected|due|scheduled|being\s+prepared)|"
    r"has\s+yet\s+to|have\s+yet\s+to)\b", re.IGNORECASE)
BACKGROUND = re.compile(r"\b(?:during|of|throughout|for)\s+"
                        r"(?:the|a|an|this|that|its|their|his|her)?\s*"
                        r"(?:[\w-]+\s+){0,2}$", re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# context: what a trigger needs around it to be a political-violence event
# --------------------------------------------------------------------------------------------
ARMED_CONTEXT = re.compile(
    r"\b(?:gun\w*|shot|shoot\w*|fir(?:e|ed|ing)|weapons?|armed|rifles?|militar\w*|militan\w*|"
    r"troops?|soldiers?|army|rebels?|insurgen\w*|fighters?|forces|militia\w*|jihad\w*|terror\w*|"
    r"bomb\w*|explosi\w*|artillery|rockets?|missiles?|mortars?|tanks?|war|offensive|front\s*line|"
    r"killed|dead|wounded|casualties)\b", re.IGNORECASE)
POLITICAL_CONTEXT = re.compile(
    r"\b(?:militan\w*|terror\w*|insurgen\w*|rebels?|protest\w*|demonstrat\w*|activists?|"
    r"opposition|journalists?|dissidents?|extremis\w*|jihad\w*|separatis\w*|coup|politic\w*|"
    r"members?\s+of|suspected\s+(?:members|fighters|supporters)|spies|spying|espionage|"
    r"blasphemy|sedition|treason|lawmakers?|candidates?|election\w*)\b", re.IGNORECASE)
NON_ARMED = ("Civilians", "Protesters", "Rioters")
IMPACT = re.compile(
    r"\b(?:hit|struck|strikes?|landed|fired|launched|targeted|target\w*|exploded|explosions?|"
    r"detonat\w*|kill\w*|dead|wound\w*|injur\w*|damag\w*|destroy\w*|pounded|rained|slammed|"
    r"went\s+off|blasts?|attack\w*|shell\w*|bombard\w*|raids?)\b", re.IGNORECASE)
COLLECTIVE = re.compile(
    r"\b(?:people|residents|civilians|families|thousands|hundreds|dozens|villagers|refugees|"
    r"population|inhabitants|households|communities|displaced|evacuees|patients|children|"
    r"students|workers|staff|tourists|crowds?)\b", re.IGNORECASE)
TERRITORY_OBJECT = re.compile(
    r"\b(?:town|city|village|district|base|air\s*base|airport|territory|area|positions?|"
    r"neighbou?rhoods?|hills?|province|region|checkpoints?|border|crossing|bridge|dam|"
    r"headquarters|buildings|compound|outpost|stronghold|island|port|oil\s+fields?|control|"
    r"centre|center|capital|parts\s+of|suburbs?|outskirts)\b", re.IGNORECASE)

