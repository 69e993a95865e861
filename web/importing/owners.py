"""Owners as an action log names them, found in the directory of people."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from typing import Any
from uuid import UUID

from events.view import ActionFilter
from web.importing.cells import words

PAGE = 500  # the most rows the view gives at once


class AmbiguousOwnerError(ValueError):
    """Raised when an owner's name fits more than one person in the directory."""


def tied_to(read: Any, committee: Mapping[str, Any], people: Iterable[Mapping[str, Any]]) -> set[str]:
    """The ids of the people tied to a committee: its clerk and chair, the owners of its actions, and the people of
    its authority (of either council, for a joint committee of two)."""
    tied = {str(committee[key]) for key in ("clerk_id", "chair_id") if committee.get(key)}
    councils = _councils(committee.get("authority") or "")
    tied |= {str(p["id"]) for p in people if words(p.get("organisation") or "") in councils}
    page = 1
    while True:
        found = read.list_actions(ActionFilter(committee_id=UUID(str(committee["id"])), page=page, per_page=PAGE))
        tied |= {str(r["owner_id"]) for r in found.rows}
        if page >= found.pages:
            return tied
        page += 1


def _councils(authority: str) -> set[str]:
    """"Shropshire Council and Telford & Wrekin Council" is both councils, and the two together."""
    whole = words(authority)
    return {whole, *(part.strip() for part in whole.split(" and ") if part.strip())} - {""}


# Words of posts, teams and bodies rather than of people's names: an owner cell that an earlier import turned into a
# person known by that name alone ("Democratic Services Officer", "Public Health Team") names a post.
POST_WORDS = frozenset("""officer director manager head lead chief clerk chair chairman chairperson executive
    team service services council committee board partnership trust group unit department directorate commissioner
    commissioning coordinator co-ordinator adviser advisor consultant specialist scrutiny democratic public health
    nhs icb ccg healthwatch cabinet member portfolio holder secretary""".split())


def _looks_like_a_post(name: str) -> bool:
    return bool(set(words(name).split()) & POST_WORDS)


class Directory:
    """The people an import can match owners against: anyone by name, or by "job title, organisation"; by a job
    title alone only among the people tied to the committee (a title such as "Democratic Services Officer" is held
    in every council); and someone known by a name alone (added by an earlier import, with neither title nor
    organisation) by that name, unless the name is a post's (which is matched only among the people tied to the
    committee, since every council has one)."""

    def __init__(self, people: Iterable[dict[str, Any]], tied: Collection[str] = ()) -> None:
        self.keys: dict[str, list[dict[str, Any]]] = defaultdict(list)
        tied = {str(t) for t in tied}
        titles: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for person in people:
            local = str(person["id"]) in tied
            bare = not (person["job_title"] or person["organisation"])
            if bare and not local and _looks_like_a_post(person["name"]):
                continue
            keys = {words(person["name"])}
            if person["job_title"] and person["organisation"]:  # a title without its body is the title alone
                keys.add(words(f"{person['job_title']} {person['organisation']}"))
            for key in keys - {""}:
                self.keys[key].append(person)
            if person["job_title"] and local:
                titles[words(person["job_title"])].append(person)
        for title, holders in titles.items():
            self.keys.setdefault(title, holders)  # a job title alone fits when one person has it, else it is ambiguous

    def find(self, written: str) -> dict[str, Any] | None:
        """The person an owner cell names, None when nobody in the directory fits."""
        found = {p["id"]: p for p in self.keys.get(words(written), [])}
        if len(found) > 1:
            names = "; ".join(_described(p) for p in found.values())
            raise AmbiguousOwnerError(f"the owner '{written}' could be any of {names}: write the job title and organisation")
        return next(iter(found.values()), None)

    def owner_id(self, written: str) -> UUID | None:
        """The id of the person an owner cell names, None for a new person."""
        person = self.find(written)
        return UUID(str(person["id"])) if person else None


def _described(person: Mapping[str, Any]) -> str:
    post = ", ".join(filter(None, (person["job_title"], person["organisation"])))
    return f"{person['name']} ({post})" if post else person["name"]


def committee_directory(read: Any, committee: str) -> Directory:
    """The directory as an import into this committee's log matches owners against."""
    details = read.query("committee_by_short_name", committee)
    people = read.query("people")
    return Directory(people, tied_to(read, details, people) if details else ())
