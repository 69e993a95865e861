"""Titles in the imperative, built from the action's own words ('Circulate a briefing note to members')."""

from __future__ import annotations

import re

from tracker.minutes.hits import Hit

# Objects that say nothing by themselves: the title needs what they refer to.
_VAGUE = re.compile(r"(?i)^\s*(?:(?:this|it|these|them|that|so)\b|(?:the\s+figures?|the\s+information|this\s+information|the\s+point|"
                    r"further\s+information|more\s+information|details|further\s+details|the\s+details|the\s+results)"
                    r"(?=\s*$|\s+(?:to|with|by|after|in\s+writing|before|when|once)\b|[,.;]))")
_ASK = re.compile(r"(?i)^(?:q\.|q:|question\s*:)?\s*(?:could|can|may|would|will)\s+(?P<who>the\s+\w+|members|we|councillors|you)\s+"
                  r"(?:be\s+able\s+to\s+)?(?P<v>see|have\s+sight\s+of|have|receive|get|be\s+given|be\s+sent|be\s+provided\s+with|visit|access)\s+"
                  r"(?P<obj>.+?)\??$")
_ASK_PASSIVE = re.compile(r"(?i)^(?:q\.|q:|question\s*:)?\s*(?:could|can|would|will)\s+(?P<obj>.+?)\s+be\s+(?P<v>\w+)\s*(?P<rest>.*?)\??$")
_RENAME = {"receive": "Present", "email": "E-mail", "e-mail": "E-mail", "analyze": "Analyse"}


def _verb(verb: str, particle: str) -> str:
    base = _RENAME.get(verb, verb.capitalize())
    return f"{base} {particle}" if particle else base


def question_topic(question: str) -> str:
    """What a question asks about, as a noun phrase where it can be had."""
    q = re.sub(r"(?i)^(?:q\.|q:|question\s*(?:\d+\s*)?[:.\-–])\s*", "", question.strip()).rstrip("? ")
    m = _ASK.match(q + "?")
    if m:
        return m.group("obj")
    m = re.search(r"(?i)\b((?:an?|the)\s+(?:[\w-]+\s+){0,5}?(?:plan|report|strategy|document|minutes|review|evaluation|survey|assessment|policy))\b"
                  r".*\b(?:where|when)\b", q)
    if m:
        return re.sub(r"(?i)^an?\s+", "the ", m.group(1))
    m = re.match(r"(?i)^(?:does|do|did|is|are|was|were|has|have|can|could|will|would|should)\s+(.+)$", q)
    if m:
        return "whether " + m.group(1)
    m = re.search(r"(?i)\b(?:sought|asked\s+for|requested|wanted|called\s+for)\s+(.+)$", q)
    if m:
        return m.group(1).rstrip(" .")
    m = re.match(r"(?i)^(?:a\s+\w+\s+member|members|cllr\s+\w+|a\s+member|the\s+\w+)\s+(?:asked|queried)\s+(?:about\s+)?(.+)$", q)
    if m:
        return re.split(r",\s+(?:bearing|and\s+whether|given)\b", m.group(1))[0]
    return q[:1].lower() + q[1:]


def from_question(question: str) -> str:
    """'Could the Committee see the board minutes?' -> 'Share the board minutes with the Committee'."""
    q = question.strip()
    q = re.sub(r"(?i)^(?:q\.|q:|question\s*(?:\d+\s*)?[:.\-–])\s*", "", q)
    m = _ASK.match(q)
    if m:
        who = "the Committee" if m.group("who").lower() in ("we", "you") else m.group("who")
        if m.group("v").lower() == "visit":
            return f"Arrange for {who} to visit {m.group('obj')}"
        return f"Share {m.group('obj')} with {who}"
    m = _ASK_PASSIVE.match(q)
    if m and m.group("v").lower().endswith(("ed", "en", "sent", "given")):
        verb = {"given": "Give", "sent": "Send"}.get(m.group("v").lower(), m.group("v")[:-1].capitalize() if m.group("v").endswith("ed") and m.group("v")[-3] == "t" and m.group("v")[-4] in "aeiou" else re.sub(r"ed$", "", m.group("v")).capitalize())
        return f"{verb} {m.group('obj')} {m.group('rest')}".strip()
    return "Follow up the question: " + q.rstrip("?") + "?"


def _context_topic(sentence: str, trigger_at: int) -> str:
    head = re.split(r"\s[–—-]\s|;", sentence[:trigger_at])[0].strip(" ,")
    asked = re.search(r"(?i)\b(?:suggested|asked|proposed|requested|raised)\s+(?:that|about|for|whether|how)\s+(.+)$", head)
    if asked:
        return asked.group(1).strip(" ,.")
    return head if 3 <= len(head.split()) <= 30 and head != sentence[:trigger_at].strip() or " – " in sentence[:trigger_at] else ""


def build(hit: Hit, sentence: str, sentence_start: int, topic: str) -> str:
    """The imperative title for a hit; `topic` is what 'this' or 'further information' refers to, if known."""
    if hit.title:
        title = hit.title
    elif hit.rule == "question_offer":
        title = from_question(topic)
    elif hit.rule == "question_date":
        title = "Provide " + question_topic(topic) if topic else "Provide the document asked about"
    elif hit.rule == "work_programme":
        subject = question_topic(topic) if topic else ""
        title = f"Schedule a work programme item on {subject}" if subject else "Add to the work programme: " + sentence
    else:
        verb = _verb(hit.verb, hit.particle)
        if hit.passive and hit.verb == "recommend":
            rest = re.sub(r"^\s*to\s+", " ", hit.rest)
            title = f"Recommend that {hit.subject}{rest}"
        elif hit.passive and hit.verb == "invite":
            title = f"Invite {hit.subject}{hit.rest}"
        elif hit.passive:
            title = f"{verb} {hit.subject}{hit.rest}"
        elif hit.verb == "receive" and re.search(r"(?i)\b(?:committee|board|panel|commission)\b", hit.subject):
            title = f"{verb}{hit.rest} to {hit.subject}"  # 'the Panel receive an update' -> 'Present an update to the Panel'
        else:
            title = f"{verb}{hit.rest}"
        obj = hit.subject if hit.passive else hit.rest
        if (_VAGUE.match(obj) or len(title.split()) < 3) and topic:
            t = question_topic(topic)
            if re.search(r"(?i)\b(?:this|it|these|them)\b", title):
                title = re.sub(r"(?i)\b(?:this|it|these|them)\b", lambda _: t, title, count=1)
            else:
                title = f"{title} {t}" if len(title.split()) <= 2 else f"{title} on {t}"
        elif (_VAGUE.match(obj) or len(title.split()) < 3):
            ctx = _context_topic(sentence, hit.anchor - sentence_start)
            if ctx:
                ctx = ctx[0].lower() + ctx[1:] if not ctx[:2].isupper() else ctx
                if re.search(r"(?i)\b(?:this|it|these)\b", title):
                    title = re.sub(r"(?i)\b(?:this|it|these)\b", lambda _: ctx, title, count=1)
                else:
                    title = f"{title} {ctx}" if len(title.split()) <= 2 else f"{title} on {ctx}"
    return tidy(title)


def tidy(title: str) -> str:
    """One line, no trailing punctuation, a capital first letter, at most about 150 characters."""
    title = re.sub(r"<[^>]+>", " ", title)
    title = re.sub(r"\s+", " ", title).strip(" ,;:.–-*")
    title = re.sub(r"\s+(?:and|but|or|as|however)$", "", title)
    if len(title) > 150:
        title = title[:150].rsplit(" ", 1)[0] + "…"
    return title[:1].upper() + title[1:]
