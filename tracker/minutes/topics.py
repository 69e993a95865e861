"""What an undertaking is about, from the question or request before it: 'how many X were Y' -> 'the number of X Y'."""

from __future__ import annotations

import re

from tracker.minutes.lexicon import VERBS, lemma

_ASK = re.compile(r"(?i)^(?:q\.|q:|question\s*:)?\s*(?:could|can|may|would|will)\s+(?P<who>the\s+\w+|members|we|councillors|you)\s+"
                  r"(?:be\s+able\s+to\s+)?(?P<v>see|have\s+sight\s+of|have|receive|get|be\s+given|be\s+sent|be\s+provided\s+with|visit|access)\s+"
                  r"(?P<obj>.+?)\??$")
_ASK_PASSIVE = re.compile(r"(?i)^(?:q\.|q:|question\s*:)?\s*(?:could|can|would|will)\s+(?P<obj>.+?)\s+be\s+(?P<v>\w+)\s*(?P<rest>.*?)\??$")
# A question's label: 'Q.', 'Q5.', 'Question 2:', 'Supplementary question:'.
_LABEL = re.compile(r"(?i)^(?:q\.|q:|q\s?\d{1,2}\s*[.:)]|(?:supplementary\s+)?question\s*(?:\d+\s*)?[:.\-–])\s*")
WH = re.compile(r"(?i)^(?:whether|how|what|why|when|where|which|who|if)\b")


def question_topic(question: str) -> str:
    """What a question asks about, as a noun phrase where it can be had."""
    return noun_phrase(question_words(question))


def question_words(question: str) -> str:
    """What a question asks, in its own words: 'whether members could see the plan'."""
    q = _LABEL.sub("", re.sub(r"\s+", " ", question.strip())).split(";")[0].rstrip("?.!;:  ")  # a reply may follow a ';'
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
    m = _SUGGESTED.search(q)
    if m:
        return m.group("np") or m.group("obj")
    m = re.search(r"(?i)\b(?:sought|asked\s+for|requested|wanted|called\s+for)\s+(.+)$", q)
    if m:
        return m.group(1).rstrip(" .")
    m = re.match(r"(?i)^(?:a\s+\w+\s+member|members|(?:cllr|councillor|mr|mrs|ms|miss|dr)\s+\w+|a\s+member(?:\s+(?:of|from|for)"
                 r"(?:\s+\w+){1,4}?)?|the\s+\w+)\s+(?:also\s+)?"
                 r"(?:asked|queried)\s+(?:about\s+)?(.+)$", q)
    if m:
        return re.split(r",\s+(?:bearing|and\s+whether|given)\b", m.group(1))[0]
    m = _RAISED.match(q)
    if m:
        return m.group("what")
    return q[:1].lower() + q[1:]


# 'Cllr Patel raised the condition of footways', 'Members raised concerns about the waiting list'.
_RAISED = re.compile(r"(?i)^(?:a\s+(?:\w+\s+)?member|(?:some\s+)?members|(?:cllr|councillor)\s+\w+|the\s+\w+)\s+(?:also\s+)?"
                     r"(?:raised|highlighted|mentioned)\s+(?:(?:concerns?|questions?)\s+(?:about|over|regarding|on)\s+|"
                     r"the\s+(?:issue|question|matter|subject)\s+of\s+)?(?P<what>.+)$")
# 'how many of those children were known to social care' -> 'the number of those children known to social care'.
_HOW_MANY = re.compile(r"(?i)^how\s+many\s+(?P<np>(?:of\s+)?.+?)(?<!\bthere)\s+(?:were|was|are|is|had\s+been|have\s+been|has\s+been|"
                       r"would\s+be|will\s+be|could\s+be)\s+(?P<rest>(?:\w+ly\s+|not\s+|still\s+|being\s+)*"
                       r"(?:\w+(?:ed|en|wn|ne|nt|lt|ght|ld|pt|ft|id|ung|ade|ound|ept|ost|ut|et)|in|on|at|from|under|over|out|outside|"
                       r"inside|within|without|with|on|off|available|eligible|open|vacant|outstanding|overdue|due|able|unable|pending|"
                       r"active|empty|absent|waiting|still|currently)\b.*)$")
# 'whether the Panel could have a presentation on county lines' -> 'a presentation on county lines'.
_COULD_HAVE = re.compile(r"(?i)^(?:whether|if)\s+(?:the\s+)?(?:committee|panel|board|members|councillors|sub-committee|commission|they|we)\s+"
                         r"(?:could|would|might|can|may)\s+(?:be\s+able\s+to\s+)?(?:(?P<visit>visit)|have\s+sight\s+of|have|see|"
                         r"receive|get|be\s+given|be\s+sent|be\s+shown|be\s+provided(?:\s+with)?)\s+(?P<obj>.+)$")


# What follows the thing asked for and is no part of it: 'X, which she understood to be over two years', 'so that members
# could see ...'.
_TRAILER = re.compile(r"(?i),\s+(?:which|who|as|because|since|given|bearing)\b.*$|,?\s+(?:so\s+that|in\s+order\s+to)\b.*$")
# Words that only frame what is asked: 'clarification on the baseline year' asks for the baseline year.
_FRAME = re.compile(r"(?i)^(?:clarification|confirmation|an?\s+explanation|assurance)\s+(?:on|of|about|regarding|as\s+to)\s+")


def noun_phrase(topic: str) -> str:
    """A question's topic said as the thing owed where it can be: 'how many X were Y' -> 'the number of X Y', 'the figures to
    be broken down by area, so that ...' -> 'the figures broken down by area'."""
    topic = _FRAME.sub("", _TRAILER.sub("", topic))
    topic = re.sub(r"\s+to\s+be\s+(?=\w+(?:ed|en|wn)\b)", " ", topic)
    m = _HOW_MANY.match(topic)
    if m:
        np = re.sub(r"(?i)^of\s+", "", m.group("np"))
        return f"the number of {np} {m.group('rest')}"
    m = _COULD_HAVE.match(topic)
    if m:
        return f"a visit to {m.group('obj')}" if m.group("visit") else m.group("obj")
    return topic


_COULD_GIVE = re.compile(r"(?i)^(?:whether|if)\s+(?:the\s+)?[\w'’-]+\s+(?:could|would|can)\s+(?:provide|send|share|circulate|supply|give)\s+"
                         r"(?:(?:the\s+)?(?:committee|members|panel|board)\s+(?:with\s+)?)?(?P<obj>.+)$")
_COULD_BE = re.compile(r"(?i)^(?:whether|if)\s+(?P<obj>.+?)\s+(?:could|would|can)\s+be\s+(?P<v>[a-z]+ed)\b(?P<rest>.*)$")


def from_question(question: str) -> str:
    """'Could the Committee see the board minutes?' -> 'Share the board minutes with the Committee'."""
    q = question.strip()
    q = _LABEL.sub("", re.sub(r"\s+", " ", q))
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
    np = question_topic(q)  # reported: 'Cllr Greaves asked if the Committee could be given a breakdown of complaints'
    if np and not WH.match(np) and np.rstrip("?.") != (q[:1].lower() + q[1:]).rstrip("?."):
        return ("Arrange " if re.match(r"(?i)a\s+visit\b", np) else "Provide ") + np
    m = _COULD_GIVE.match(np)  # 'whether officers could provide the figures by ward'
    if m:
        return "Provide " + m.group("obj")
    m = _COULD_BE.match(np)  # 'whether the data could be published'
    if m and lemma(m.group("v")) in VERBS:
        return f"{lemma(m.group('v')).capitalize()} {m.group('obj')}{m.group('rest')}"
    return "Follow up the question: " + q.rstrip("?") + "?"


# '..., and the Director agreed to', '..., which the Head of Service undertook to': the one who took on what came before.
_TAKER = re.compile(r",?\s+(?:and|which|to\s+which)\s+(?:(?:the\s+)?[A-Z][\w'’&/.-]*(?:\s+(?:[A-Z][\w'’&/.-]*|of|for|and|&|in|the)){0,10}"
                    r"|officers|he|she|they)\s+(?:\w+ly\s+)?(?:agreed|undertook|offered|promised|committed|accepted|would|will|said)\b.*$",
                    re.S)


_NAMED = re.compile(r"(?i)\b(?:request|question|query|queries|questions)\b(?:\s+(?:made|raised|put|received|from)\b[^,;]*?)?"
                    r"\s+(?:for|about|on|regarding|concerning|over)\s+(?P<what>[^,;]+)")


def context_topic(sentence: str, trigger_at: int) -> str:
    """What an action in a sentence is about, from the words before it: what was asked, suggested or raised."""
    before = re.sub(r"\s+", " ", sentence[:trigger_at])  # lines of PDF text wrapped inside the sentence
    taker = _TAKER.search(before)
    head = re.split(r"\s[–—-]\s|;", before[:taker.start()] if taker else before)[0].strip(" ,")
    # 'With regard to the request made at the last meeting for information on X, ...', 'In response to a question from
    # Cllr Coleman about X, ...': the earlier request or the question names what is owed.
    named = _NAMED.search(head)
    if named:
        return named.group("what").strip(" ,.")
    asked = re.search(r"(?i)\b(?:suggested|asked|proposed|requested|raised)\s+(?:(?:that|about|for)\s+(.+)|((?:whether|how)\s+.+))$", head)
    if asked:
        return (asked.group(1) or asked.group(2)).strip(" ,.")
    if taker:
        m = _RAISED.search(head) or re.search(r"(?i)\b(?:asked|requested|sought|called\s+for)\s+(?P<what>.+)$", head)
        if m:
            return m.group("what").strip(" ,.")
    earlier = _EARLIER.search(head)  # 'Members noted that the report requested in March had still not been received; ...'
    if earlier:
        return earlier.group("what")
    return head if 3 <= len(head.split()) <= 30 and head != before.strip() or " – " in before else ""


# A thing asked for before, named by its participle: 'the report requested in March', 'the figures promised last time'.
_EARLIER = re.compile(r"(?i)\b(?P<what>(?:the|a|an)\s+(?:[\w'’-]+\s+){0,5}?[\w'’-]+)\s+(?:requested|asked\s+for|promised|sought)\b")


# 'Cllr Hart suggested that the Committee look at the Council's response': what was suggested, for 'this' to stand for.
_SUGGESTED = re.compile(r"(?i)\b(?:suggested|proposed|asked|requested)\s+that\s+(?:(?:the\s+(?:committee|panel|board|commission)\s+)?"
                        r"(?:look\s+(?:at|into)|consider|review|examine|scrutinise|scrutinize|receive\s+a\s+report\s+on)\s+(?P<np>.+?)"
                        r"|(?P<obj>.+?)\s+(?:should\s+)?be\s+(?:looked\s+at|considered|reviewed|examined|scrutini[sz]ed))[.?]?$")


