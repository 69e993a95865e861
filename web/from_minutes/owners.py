"""Which person in the directory the minutes mean by an owner such as "Director of ICS Development, H&W CCG"."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from typing import Any

# Abbreviations the minutes use for the bodies the directory spells out.
ABBREVIATIONS = {
    "ics": "integrated care system", "ccg": "clinical commissioning group", "icb": "integrated care board",
    "icp": "integrated care partnership", "cmr": "cabinet member responsibility", "hwb": "health well being board",
    "wellbeing": "well being", "well-being": "well being",
}
STOP_WORDS = frozenset({"the", "of", "for", "and", "with", "a", "an", "in", "to", "on", "at", "by", "cllr", "councillor",
                        "responsibility", "nhs", "mr", "mrs", "ms", "dr"})
# Words that name a kind of post or body, not which one: on their own they match nobody.
GENERIC = frozenset({"director", "manager", "officer", "officers", "head", "chief", "lead", "chair", "chairman",
                     "chairperson", "executive", "member", "members", "committee", "board", "council", "panel", "trust",
                     "group", "service", "services", "representative", "partnership", "assistant", "deputy", "associate",
                     "senior", "team", "both", "local", "authority", "authorities"})
# How far the best match must be ahead of the next, and the least score that counts as a match.
MARGIN, THRESHOLD = 0.05, 0.3


def words(text: str) -> set[str]:
    """The meaningful lower-case words of a name, title or organisation, abbreviations spelt out."""
    found: list[str] = []
    for word in re.findall(r"[\w'’-]+", (text or "").lower()):
        found += ABBREVIATIONS.get(word, word).split()
    return {w for w in found if w not in STOP_WORDS}


def _within(wanted: set[str], have: set[str]) -> float:
    """The share of `have` that `wanted` names, when every word wanted is in `have` and one of them is not generic
    (or the two are equal); else 0. "Programme Director" is within "STP Programme Director"; "Director of Primary
    Care" is not within "Strategic Director of Social Care", however many words they share."""
    if not wanted or not wanted <= have or (not wanted - GENERIC and wanted != have):
        return 0.0
    return len(wanted) / len(have)


def score(owner: str, person: dict[str, Any], *, tied: bool = True) -> float:
    """How well the owner text names this person: by surname, job title, and organisation. A post alone, or part of
    a body's name alone, names someone only among the people tied to the committee (`tied`): every council has a
    "Democratic Services Officer", and every area its own Healthwatch."""
    role_text, _, org_text = owner.partition(",")
    role, org = words(role_text), words(org_text)
    title, organisation = words(person.get("job_title") or ""), words(person.get("organisation") or "")
    by_name = 2.0 if _surname(person) in role else 0.0
    by_title = _within(role, title)
    # An organisation named in full or in part ("the CCG", "Healthwatch"): every person of it matches equally.
    by_org = 1.0 if _within(org, organisation) or (not by_title and _within(role, organisation)) else 0.0
    named_in_full = bool(organisation) and organisation in (org, role)  # "Healthwatch Worcestershire", not "Healthwatch"
    if not (by_name or tied or (by_title and by_org) or named_in_full):
        return 0.0
    return by_name + by_title + 0.5 * by_org


def _surname(person: dict[str, Any]) -> str:
    """The last word of a person's name; none for a one-word name or a post named by its role ("HOSC Scrutiny Officer")."""
    parts = [w for w in re.findall(r"[\w'’-]+", (person.get("name") or "").lower()) if w not in STOP_WORDS]
    return parts[-1] if len(parts) >= 2 and not GENERIC & set(parts) else "\0"


def best_owner(owner: str, people: Iterable[dict[str, Any]], *, minutes: str = "",
               committee: dict[str, Any] | None = None, tied: Collection[str] = ()) -> str | None:
    """The id of the person the owner text best names, or None when nobody matches clearly; `tied` holds the ids of
    the people tied to the committee (see web.importing.owners.tied_to), the only ones a post alone can name."""
    if not owner.strip():
        return None
    mentioned = minutes.lower()
    ranked: list[tuple[float, str]] = []
    for person in people:
        points = score(owner, person, tied=str(person["id"]) in tied)
        if points <= 0:
            continue
        # Tie-breakers: someone the minutes name in full, or someone of this committee or its authority.
        if person.get("name") and person["name"].lower() in mentioned:
            points += MARGIN
        if person.get("job_title") and person["job_title"].lower() in mentioned:
            points += MARGIN / 2  # others may hold the same title
        if committee and (person["id"] in (committee.get("clerk_id"), committee.get("chair_id"))
                          or (person.get("organisation") or "") == (committee.get("authority") or "\0")):
            points += MARGIN
        ranked.append((points, person["id"]))
    ranked.sort(reverse=True)
    if not ranked or ranked[0][0] < THRESHOLD:
        return None
    if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < MARGIN - 1e-9:
        return None
    return ranked[0][1]
