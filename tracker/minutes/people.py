"""Who owes an action and who asked for it: pronouns resolved, roles given their organisation where stated."""

from __future__ import annotations

import re

from tracker.minutes.lexicon import POSSESSED_ROLE

_ROLE_NOUN = (r"(?:Director|Manager|Officer|Head|Chief|Lead|Chair|Chairman|Chairperson|Consultant|Clerk|Commissioner|Inspector|"
              r"Superintendent|Representative|Executive|Secretary|Co-?ordinator|Adviser|Advisor|Worker|Nurse|Leader|Member|Holder|"
              r"Partner|Designate|Controller|Specialist|Analyst|Surgeon|Physician|Doctor|GP)")
_ROLE = re.compile(r"\b(?:[Tt]he\s+)?((?:[A-Z][\w'’&.-]*\s+){0,6}" + _ROLE_NOUN + r"(?:\s+(?:of|for|with|and|in|&|the|to)?\s*(?:[A-Z(][\w'’&.)-]*)){0,8})")
_ORG_WORD = re.compile(r"\b(?:NHS|Council|Trust|CCG|ICB|ICS|Healthwatch|Service|Partnership|Group|Police|Alliance|Forum|"
                       r"Foundation|Board|Authority|Commissioning|Hospitals?|University)\b")
_PRONOUN = re.compile(r"(?i)^(?:he|she|they|we|i|him|her)$")
_ARTICLE = re.compile(r"^(?:[Tt]he|[Aa]n?)\s+(?=[A-Z])")


def organisations(text: str) -> dict[str, str]:
    """Role -> organisation, from 'the Director of X, Y NHS Trust', 'Place Director (NHS Borough ICB)' and attendance lists."""
    found: dict[str, str] = {}
    for m in re.finditer(r"(?m)\b((?:[A-Z][\w'’&-]*\s+){0,6}" + _ROLE_NOUN + r"(?:\s+(?:of|for)\s+(?:[A-Z][\w'’&-]*\s*){1,8})?),\s+"
                         r"((?:[A-Z][\w'’&-]*|and|&|of|the)(?:\s+(?:[A-Z][\w'’&-]*|and|&|of|the|\([A-Z]+\))){0,10})", text):
        if _ORG_WORD.search(m.group(2)) and not re.match(r"(?i)cllr|councillor", m.group(2)):
            found.setdefault(m.group(1).strip(), m.group(2).strip())
    for m in re.finditer(r"\b((?:[A-Z][\w'’&-]*\s+){0,6}" + _ROLE_NOUN + r")\s+\(((?:NHS|[A-Z])[^)]{2,60})\)", text):
        if _ORG_WORD.search(m.group(2)):
            found.setdefault(m.group(1).strip(), m.group(2).strip())
    # Attendance lists: an organisation on its own line, then 'Name, Role' lines.
    org = ""
    for line in text.splitlines():
        s = line.strip(" \t\u00a0·•-")
        if not s:
            continue
        if _ORG_WORD.search(s) and len(s.split()) <= 9 and "," not in s and not s.endswith("."):
            org = s
            continue
        m = re.match(r"^[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3},\s+(.{3,90})$", s)
        if org and m and re.search(_ROLE_NOUN, m.group(1)):
            found.setdefault(m.group(1).strip(), org)
        elif len(s) > 120:
            org = ""
    return found


_COMMON = [("Clinical Commissioning Group", "CCG"), ("Integrated Care Board", "ICB"), ("Integrated Care System", "ICS"),
           ("Integrated Care Partnership", "ICP")]


def _spelt_out(words: str, short: str) -> str:
    """The words an abbreviation stands for: from the first word whose initials spell it out in order ('South Western
    Ambulance Service NHS Foundation Trust' for SWASFT, 'Clinical Commissioning Group' for CCG), else the last few."""
    tokens = words.split()
    for k, first in enumerate(tokens):
        if first[0] != short[0]:
            continue
        letters = iter("".join(t[0] for t in tokens[k:] if t[0].isupper()))
        if all(c in letters for c in short):
            return " ".join(tokens[k:])
    return " ".join(tokens[-min(len(tokens), len(short)):])


def _abbreviations(text: str) -> list[tuple[str, str]]:
    found = [(_spelt_out(m.group(1), m.group(2)), m.group(2)) for m in re.finditer(
        r"\b((?:[A-Z][\w-]*\s+(?:(?:of|and|&|for|the)\s+)?){0,9}[A-Z][\w-]*)\s+\(([A-Z]{2,6})\)", text)]
    return found + [pair for pair in _COMMON if pair not in found]


class Cast:
    """The people of one set of minutes, read once: roles with their organisations, abbreviations and short names."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.orgs = organisations(text)
        self.abbreviations = _abbreviations(text)
        # 'the Director of ICS Development (the Director)': the short name stands for the full one.
        self.aliases = {m.group(2).strip(): m.group(1).strip() for m in re.finditer(
            r"((?:[A-Z][\w'’&-]*\s+){0,6}" + _ROLE_NOUN + r"(?:\s+(?:of|for)\s+(?:[A-Z][\w'’&()-]*\s*){1,8}?)?)\s*\((?:the\s+)?([A-Z][\w ]{1,30})\)",
            text)}

    def with_organisation(self, owner: str) -> str:
        """'Director of ICS Development' -> 'Director of ICS Development, Herefordshire and Worcestershire CCG' when known."""
        if not owner or "," in owner:
            return owner
        expanded = owner
        for full, short in self.abbreviations:
            expanded = re.sub(rf"\b{re.escape(short)}\b", full, expanded)
        for role, org in self.orgs.items():
            if role.lower() in (owner.lower(), expanded.lower()) or role.lower().endswith(" " + owner.lower()):
                for full, short in self.abbreviations:  # '... NHS Foundation Trust (SWASFT)' -> 'SWASFT'
                    org = re.sub(r"\s+".join(map(re.escape, full.split())) + r"(?:\s*\(" + short + r"\))?", short, org)
                return re.sub(r"\s+", " ", f"{owner}, {org}")
        return owner


# "the ICB's Director of Nursing", "the Trust's representative", "the Trust's": an organisation's possessive.
_POSSESSIVE = re.compile(r"^(?:[Tt]he\s+)?(?P<org>[A-Z][\w&./-]*(?:\s+(?:[A-Z][\w&./-]*|of|for|and|&|the)){0,6}?)['’]s?"
                         r"(?:\s+(?P<role>\S.*))?$")


# Possessives that belong to a service's name, not an organisation: "Children's Services", "the Young People's Service".
_PEOPLE = re.compile(r"\b(?:Children|People|Women|Men|Citizens|Residents|Patients|Parents|Carers|Veterans|Members|Councillors)$")


def _possessive(owner: str) -> str:
    """'the ICB's Director of Nursing' -> 'Director of Nursing, ICB'; 'the Trust's representative' -> 'Trust
    representative'; 'the Trust's' -> 'the Trust'. A role's own possessive ('the Director's team') is left as it is."""
    m = _POSSESSIVE.match(owner)
    if not m or re.search(r"\b" + _ROLE_NOUN + r"\b", m.group("org")) or _PEOPLE.search(m.group("org")):
        return owner
    org, role = m.group("org"), m.group("role")
    if not role:
        return re.sub(r"['’]s?$", "", owner)
    if role[0].isupper():  # 'Director of Nursing, ICB'; 'Chief Nurse, the Trust' (a body named by a common word keeps 'the')
        if re.match(r"(?i)the\s", owner) and " " not in org and not org.isupper():
            org = "the " + org
        return f"{role}, {org}" if re.search(r"\b" + _ROLE_NOUN + r"\b", role) else owner
    return f"{org} {role}" if re.fullmatch(POSSESSED_ROLE, role) else owner


def tidy(owner: str) -> str:
    """Drop a leading article before a role ('the Director' -> 'Director'; 'the Committee' stays), an alias in brackets
    and trailing punctuation; a role said with its organisation's possessive is put as 'role, organisation'."""
    owner = re.sub(r"\s*\((?:the\s+)?[A-Z][\w ]{0,30}\)\s*$", "", owner).strip(" ,.;:–-")
    owner = re.sub(r"^(?:A|Answer|Response|Reply)\s*[.:]\s*", "", owner)  # an answer's label: 'A. The Head of Service'
    owner = _possessive(owner)
    if re.search(r"\b" + _ROLE_NOUN + r"\b", owner):
        owner = _ARTICLE.sub("", owner)
    else:
        owner = re.sub(r"^The\s+", "the ", owner)
    return re.sub(r"\s+", " ", owner)


# The committee's own members are not whom 'he' or 'she' stands for: 'Members raised ... . She agreed to ...'.
_MEMBERS = re.compile(r"(?:(?:Board|Committee|Panel|Council|Scrutiny|Commission)\s+)?Members?")
_HELD = re.compile(r"\s+" + POSSESSED_ROLE)


def antecedent(text: str, upto: int, floor: int) -> str:
    """The last role named between `floor` and `upto`: who 'he' or 'she' is."""
    last = ""
    for m in _ROLE.finditer(text, floor, upto):
        if not re.match(r"(?i)(?:a|an)\s", text[max(0, m.start() - 2):m.start()]) and not _MEMBERS.fullmatch(m.group(1)):
            last = m.group(1)
            held = _HELD.match(text, m.end()) if re.search(r"['’]s?$", last) else None
            if held:  # 'the Chief Constable's representative'
                last += held.group(0)
    # 'on the High Street. The Highways Manager': the role starts after the full stop; after a heading's line, at 'The'.
    return re.split(r"(?<=[a-z]{2})[.?!]\s+|\n[ \t]*\n\s*|\n\s*(?=[Tt]he\s)", last)[-1].strip()


def owner_for(raw: str, at: int, floor: int, cast: Cast) -> str:
    """The owner as named, with pronouns resolved to the role they stand for."""
    raw = tidy(raw)
    if _PRONOUN.match(raw):
        raw = antecedent(cast.text, at, floor) or ""
    raw = cast.aliases.get(raw, raw)
    if re.match(r"(?i)^(?:it|this|that|there|which|these|those|and|but)$", raw) or len(raw.split()) > 14:
        raw = ""
    return cast.with_organisation(tidy(raw)) if raw else ""


_PRESENTER = re.compile(
    r"(?:(?:received|considered)\s+(?:a|the)\s+(?:\w+\s+){0,3}?(?:presentation|report|briefing|update)\s+(?:of|from|by)\s+(?:the\s+)?"
    r"(?P<a>(?:[A-Z][\w'’&-]*\s*){1,8})|(?:The|the)\s+(?P<b>(?:[A-Z][\w'’&-]*\s*){1,8}?)\s*(?:,[^.]{0,80},\s*)?(?:presented|introduced|gave|delivered)\b)")


def presenter(text: str, start: int, upto: int) -> str:
    """Who presented the item (the owner of answers given to members' questions), if the minutes say."""
    found = ""
    for m in _PRESENTER.finditer(text, start, upto):
        found = (m.group("a") or m.group("b") or "").strip()
    return found if re.search(_ROLE_NOUN, found) else ""


# 'A Member from Westmere Council', 'a member of the public'.
_FROM = r"(?:\s+(?:of|from|for)\s+(?:the\s+)?[\w'’-]+(?:\s+(?:council|borough|county|district|city|board|trust|icb|public))?)?"
_ASKER = re.compile(
    r"(?i)(?:in\s+response\s+to\s+(?:a\s+)?(?:question|questions|concerns?|query)\s+from\s+(?P<a>(?:cllr|councillor)\s+\w+|a\s+\w+\s+member"
    r"|a\s+member" + _FROM + r"|members|the\s+(?:vice[- ]|deputy\s+)?chair(?:man|person)?|healthwatch(?:\s+[A-Z]\w+)?))"
    r"|(?P<b>(?:a|one|another)\s+(?:\w+\s+)?member" + _FROM + r"|(?:some\s+|board\s+)?members|the\s+(?:committee|panel|board|chair(?:man|person)?|vice[- ]chair(?:man)?)|"
    r"(?:cllr|councillor)\s+[A-Z]\w+|healthwatch|the\s+healthwatch\s+representative|the\s+(?:chief\s+executive|director)\s+of\s+\w+)"
    r"\s+(?:also\s+|again\s+)?(?:asked|queried|questioned|raised|sought|requested|enquired|pointed\s+out|wanted\s+to\s+know|asked\s+for)\b")


_NEAR = 2000  # characters before an action within which who asked for it is looked for


def asker(text: str, start: int, upto: int) -> str:
    """Who asked, if the minutes say so between `start` and `upto` (the same bullet or paragraph)."""
    found = ""
    # A paragraph of garbled text (a PDF table read as prose) can run for pages: who asked is said near the action.
    for m in _ASKER.finditer(text, max(start, upto - _NEAR), upto):
        found = m.group("a") or m.group("b") or ""
    return lower_article(found)


def lower_article(words: str) -> str:
    """'The Chairman' -> 'the Chairman', 'A member' -> 'a member'."""
    return re.sub(r"^(A|The|An|One|Another)\b", lambda m: m.group(1).lower(), words.strip())
