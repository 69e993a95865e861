"""Titles in the imperative, built from the action's own words ('Circulate a briefing note to members')."""

from __future__ import annotations

import re

from tracker.minutes.hits import Hit
from tracker.minutes.lexicon import VERBS, lemma
from tracker.minutes.sentences import ABBREVIATIONS

# Objects that say nothing by themselves: the title needs what they refer to.
_VAGUE = re.compile(r"(?i)^\s*(?:(?:(?:into|at|up|on|about)\s+)?(?:this|it|these|them|that|so)\b|"
                    r"(?:the\s+figures?|the\s+information|this\s+information|the\s+point|"
                    r"further\s+information|more\s+information|details|further\s+details|the\s+details|the\s+results)"
                    r"(?=\s*$|\s+(?:to|with|by|after|in\s+writing|before|when|once)\b|[,.;]))")
_ASK = re.compile(r"(?i)^(?:q\.|q:|question\s*:)?\s*(?:could|can|may|would|will)\s+(?P<who>the\s+\w+|members|we|councillors|you)\s+"
                  r"(?:be\s+able\s+to\s+)?(?P<v>see|have\s+sight\s+of|have|receive|get|be\s+given|be\s+sent|be\s+provided\s+with|visit|access)\s+"
                  r"(?P<obj>.+?)\??$")
_ASK_PASSIVE = re.compile(r"(?i)^(?:q\.|q:|question\s*:)?\s*(?:could|can|would|will)\s+(?P<obj>.+?)\s+be\s+(?P<v>\w+)\s*(?P<rest>.*?)\??$")
# A question's label: 'Q.', 'Q5.', 'Question 2:', 'Supplementary question:'.
_LABEL = re.compile(r"(?i)^(?:q\.|q:|q\s?\d{1,2}\s*[.:)]|(?:supplementary\s+)?question\s*(?:\d+\s*)?[:.\-–])\s*")
_RENAME = {"receive": "Present", "email": "E-mail", "e-mail": "E-mail", "analyze": "Analyse"}


def _verb(verb: str, particle: str) -> str:
    base = _RENAME.get(verb, verb.capitalize())
    return f"{base} {particle}" if particle else base


def question_topic(question: str) -> str:
    """What a question asks about, as a noun phrase where it can be had."""
    return _noun_phrase(_topic_words(question))


def _topic_words(question: str) -> str:
    q = _LABEL.sub("", re.sub(r"\s+", " ", question.strip())).rstrip("?.!;:  ")
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
    m = re.match(r"(?i)^(?:a\s+\w+\s+member|members|(?:cllr|councillor|mr|mrs|ms|miss|dr)\s+\w+|a\s+member|the\s+\w+)\s+(?:also\s+)?"
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


def _noun_phrase(topic: str) -> str:
    """A question's topic said as the thing owed where it can be: 'how many X were Y' -> 'the number of X Y'."""
    m = _HOW_MANY.match(topic)
    if m:
        np = re.sub(r"(?i)^of\s+", "", m.group("np"))
        return f"the number of {np} {m.group('rest')}"
    m = _COULD_HAVE.match(topic)
    if m:
        return f"a visit to {m.group('obj')}" if m.group("visit") else m.group("obj")
    return topic


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
    if np and not _WH.match(np) and np.rstrip("?.") != (q[:1].lower() + q[1:]).rstrip("?."):
        return ("Arrange " if re.match(r"(?i)a\s+visit\b", np) else "Provide ") + np
    return "Follow up the question: " + q.rstrip("?") + "?"


# '..., and the Director agreed to', '..., which the Head of Service undertook to': the one who took on what came before.
_TAKER = re.compile(r",?\s+(?:and|which|to\s+which)\s+(?:(?:the\s+)?[A-Z][\w'’&/.-]*(?:\s+(?:[A-Z][\w'’&/.-]*|of|for|and|&|in|the)){0,10}"
                    r"|officers|he|she|they)\s+(?:\w+ly\s+)?(?:agreed|undertook|offered|promised|committed|accepted|would|will|said)\b.*$",
                    re.S)


def _context_topic(sentence: str, trigger_at: int) -> str:
    before = sentence[:trigger_at]
    taker = _TAKER.search(before)
    head = re.split(r"\s[–—-]\s|;", before[:taker.start()] if taker else before)[0].strip(" ,")
    asked = re.search(r"(?i)\b(?:suggested|asked|proposed|requested|raised)\s+(?:(?:that|about|for)\s+(.+)|((?:whether|how)\s+.+))$", head)
    if asked:
        return (asked.group(1) or asked.group(2)).strip(" ,.")
    if taker:
        m = _RAISED.search(head) or re.search(r"(?i)\b(?:asked|requested|sought|called\s+for)\s+(?P<what>.+)$", head)
        if m:
            return m.group("what").strip(" ,.")
    return head if 3 <= len(head.split()) <= 30 and head != before.strip() or " – " in before else ""


_PRONOUN = re.compile(r"(?i)\b(?:this|it|these|them)\b(?!\s+(?:week|month|year|quarter|morning|afternoon|evening|time|spring|summer|autumn|winter)\b)")
_RECIPIENT = re.compile(r"(?i)^\s*to\s+(?:the\s+|all\s+)?(?:members|councillors|committee|panel|board|sub-committee|commission)"
                        r"(?:\s+members)?\b")
_WH = re.compile(r"(?i)^(?:whether|how|what|why|when|where|which|who|if)\b")


def _put(title: str, topic: str, pronouns: re.Pattern[str] = _PRONOUN) -> str:
    """'Provide it to members' with 'the number of X known to Y' -> 'Provide the number of X known to Y': the topic takes
    the pronoun's place, a particle comes before it ('follow this up' -> 'follow up X'), a recipient left dangling after
    a long topic is dropped, and a 'with'/'to' phrase comes before a 'whether' or 'how' clause."""
    m = pronouns.search(title)
    before, after = title[:m.start()], title[m.end():]
    particle = re.match(r"\s+(up|out|back|on|forward|away|off)\b", after)
    if particle and len(before.split()) == 1:
        before, after = f"{before}{particle.group(1)} ", after[particle.end():]
    if len(topic.split()) >= 4:
        after = _RECIPIENT.sub("", after)
    if _WH.match(topic):
        pp = re.match(r"\s+((?:with|to)\s+[^,;]+?)(?=\s+and\s|\s*[,;]|\s*$)", after)
        if pp:
            before, after = f"{before}{pp.group(1)} ", after[pp.end():]
    return before + topic + after


def _fill(title: str, obj: str, topic: str, pronouns: re.Pattern[str] = _PRONOUN) -> str:
    """Say what a vague object ('this', 'the figure', 'further information') refers to."""
    if pronouns.search(title):
        return _put(title, topic, pronouns)
    figure = re.match(r"(?i)\s*(?:the|those|these)\s+(?:figures?|numbers?)\b", obj)
    if figure and re.match(r"(?i)the\s+(?:number|amount|proportion|percentage)\s+of\b", topic):
        at = title.find(figure.group(0).strip())
        return _put(title[:at] + "it" + title[at + len(figure.group(0).strip()):], topic)
    return f"{title} {topic}" if len(title.split()) <= 2 else f"{title} on {topic}"


# 'proposed that the review of public toilets be added to the work programme': what is to be added.
_WP_WHAT = re.compile(r"(?i)\b(?:proposed|suggested|agreed|requested|asked|recommended|resolved|decided)\s+that\s+(?P<np>.{3,120}?)\s+"
                      r"(?:should\s+)?(?:be|being)\s+(?:added|included|scheduled|considered|looked\s+at|scoped|brought|programmed)\b")
# 'Cllr Hart suggested that the Committee look at the Council's response': what was suggested, for 'this' to stand for.
_SUGGESTED = re.compile(r"(?i)\b(?:suggested|proposed|asked|requested)\s+that\s+(?:(?:the\s+(?:committee|panel|board|commission)\s+)?"
                        r"(?:look\s+(?:at|into)|consider|review|examine|scrutinise|scrutinize|receive\s+a\s+report\s+on)\s+(?P<np>.+?)"
                        r"|(?P<obj>.+?)\s+(?:should\s+)?be\s+(?:looked\s+at|considered|reviewed|examined|scrutini[sz]ed))[.?]?$")


def _work_programme(sentence: str, topic: str) -> str:
    """'Add X to the work programme' for a sentence that proposes X for it; what 'this' stands for comes from the topic
    (the question or suggestion before it)."""
    m = _WP_WHAT.search(sentence)
    what = m.group("np") if m else ""
    if not what or _VAGUE.match(what):
        what = topic
    if not what:
        return "Add to the work programme: " + sentence
    if re.search(r"(?i)\btask\s+(?:and|&)\s+finish\b", sentence):
        return f"Scope a task and finish group on {what}"
    return f"Add {what} to the work programme" if m or not topic else f"Schedule a work programme item on {what}"


def build(hit: Hit, sentence: str, sentence_start: int, topic: str) -> str:
    """The imperative title for a hit; `topic` is what 'this' or 'further information' refers to, if known."""
    if hit.title:
        title = hit.title
    elif hit.rule == "question_offer":
        title = from_question(topic)
    elif hit.rule == "question_date":
        title = "Provide " + question_topic(topic) if topic else "Provide the document asked about"
    elif hit.rule == "work_programme":
        title = _work_programme(sentence, question_topic(topic) if topic else "")
    else:
        verb = _verb(hit.verb, hit.particle)
        rest, subject = re.sub(r"[\s.;:,]+$", "", hit.rest), hit.subject
        if hit.passive and hit.verb == "recommend" and re.match(r"\s*to\s+(?:the\s+|full\s+)?[A-Z]", rest):
            title = f"Recommend {subject}{rest}"  # 'the draft strategy be recommended to Cabinet for approval'
        elif hit.passive and hit.verb == "recommend":
            rest = re.sub(r"^\s*to\s+", " ", rest)
            title = f"Recommend that {subject}{rest}"
        elif hit.passive and hit.verb == "invite":
            title = f"Invite {subject}{rest}"
        elif hit.passive:
            title = f"{verb} {re.sub(r'^(A|An|The)(?= )', lambda m: m.group(1).lower(), subject)}{rest}"
        elif hit.verb == "receive" and re.search(r"(?i)\b(?:committee|board|panel|commission)\b", subject):
            title = f"{verb}{rest} to {subject}"  # 'the Panel receive an update' -> 'Present an update to the Panel'
        else:
            title = f"{verb}{rest}"
        obj = subject if hit.passive else rest
        if (_VAGUE.match(obj) or len(title.split()) < 3) and topic:
            title = _fill(title, obj, question_topic(topic))
        elif (_VAGUE.match(obj) or len(title.split()) < 3):
            ctx = _context_topic(sentence, hit.anchor - sentence_start)
            if ctx:
                ctx = ctx[0].lower() + ctx[1:] if not ctx[:2].isupper() else ctx
                title = _fill(title, obj, _noun_phrase(ctx), re.compile(_PRONOUN.pattern.replace("|them", "")))
    return tidy(title)


def tidy(title: str) -> str:
    """One line in the imperative: no sentence punctuation inside it or at its end, 'and to B' and 'and would B' read
    'and B', a capital first letter, at most about 150 characters."""
    title = re.sub(r"<[^>]+>", " ", title)
    title = re.sub(r"\s+", " ", title).strip(" ,;:.–-*")
    title = _inner_stops(title)
    if title.count('"') % 2:
        title = title.strip('"').strip(" ,;:.")
    if title.count("“") != title.count("”"):
        title = title.strip("“”").strip(" ,;:.")
    title = _COORDINATED.sub(_coordinated, title)
    title = re.sub(r"^(?:[Pp]rovide|[Ss]upply|[Gg]ive|[Ss]end)\s+(?=(?:whether|how|what|why|when|where|which|who)\b)", "Confirm ", title)
    title = re.sub(r"\s+(?:and|but|or|as|however)$", "", title)
    if len(title) > 150:
        title = title[:150].rsplit(" ", 1)[0] + "…"
    return title[:1].upper() + title[1:]


_STOP = re.compile(r"([A-Za-z][A-Za-z.]*)?([.?!]+)([\"”’']?)(\s+)(\S+)")
# 'and to report back', 'and would arrange', 'and to providing a briefing': a second verb joined to the first.
_COORDINATED = re.compile(r"\b(and|or)\s+(?:also\s+)?(?:to|would|will)\s+(?:also\s+)?([a-z][a-z-]*)\b(?=(\s+\w+)?)")
_OBJECT_START = re.compile(r"(?i)\s+(?:a|an|the|its|their|his|her|this|these|those|members|councillors|regular|further|written)$")


def _inner_stops(title: str) -> str:
    """Full stops, question and exclamation marks inside a title (left by a question or a sentence run into it) go:
    before a verb they become 'and', before anything else they are dropped; abbreviations and initials keep theirs."""
    def repl(m: re.Match[str]) -> str:
        word, follower = m.group(1) or "", m.group(5)
        if m.group(2) == "." and (word.lower().rstrip(".") in ABBREVIATIONS or "." in word or (len(word) == 1 and word.isupper())):
            return m.group(0)
        if follower[:1].isupper() and follower.lower() in VERBS:
            return f"{word} and {follower.lower()}"
        return word + (m.group(3) if m.group(3) in ("’", "'") else "") + " " + follower
    return _STOP.sub(repl, title)


def _coordinated(m: re.Match[str]) -> str:
    word = m.group(2)
    if word in VERBS:
        return f"{m.group(1)} {word}"
    if word.endswith("ing") and lemma(word) in VERBS and _OBJECT_START.match(m.group(3) or ""):
        return f"{m.group(1)} {lemma(word)}"  # 'committed to attending ... and to providing a briefing'
    return m.group(0)
