"""Titles in the imperative, built from the action's own words ('Circulate a briefing note to members')."""

from __future__ import annotations

import re

from tracker.minutes.hits import Hit
from tracker.minutes.lexicon import VERBS, lemma
from tracker.minutes.sentences import ABBREVIATIONS
from tracker.minutes.topics import WH, context_topic, from_question, noun_phrase, question_topic, question_words

# Objects that say nothing by themselves: the title needs what they refer to.
_VAGUE = re.compile(r"(?i)^\s*(?:(?:(?:into|at|up|on|about)\s+)?(?:this|it|these|them|that|so)\b|"
                    r"(?:the\s+figures?|the\s+information|this\s+information|the\s+point|"
                    r"further\s+information|more\s+information|details|further\s+details|the\s+details|the\s+results|"
                    r"an?\s+(?:written\s+)?(?:answer|response|reply))"
                    r"(?=\s*$|\s+(?:to|with|by|after|in\s+writing|before|when|once)\b|[,.;]))")
_RENAME = {"receive": "Present", "email": "E-mail", "e-mail": "E-mail", "analyze": "Analyse", "facilitate": "Arrange"}


def _verb(verb: str, particle: str) -> str:
    base = _RENAME.get(verb, verb.capitalize())
    return f"{base} {particle}" if particle else base


_PRONOUN = re.compile(r"(?i)\b(?:this|it|these|them)\b(?!\s+(?:week|month|year|quarter|morning|afternoon|evening|time|spring|summer|autumn|winter)\b)")
_RECIPIENT = re.compile(r"(?i)^\s*to\s+(?:the\s+|all\s+)?(?:members|councillors|committee|panel|board|sub-committee|commission)"
                        r"(?:\s+members)?\b")


# A pronoun left at the end of a title: 'Write to the Committee with it', 'a trajectory for reducing them'.
_TRAILING = re.compile(r"(?i)\b(?:with|on|about|of|for|to|into)\s+(?:it|this|them|these)\s*$|\b\w+ing\s+(?:it|them|these)\s*$")
# 'whether a member could observe the forum' -> 'for a member to observe the forum', after 'Arrange'.
_COULD = re.compile(r"(?i)^(?:whether|if)\s+(?P<np>.+?)\s+(?:could|might|can|may|would)\s+(?:be\s+able\s+to\s+)?(?P<rest>\w+.*)$")


_HAVING = re.compile(r"(?i)\b(?:could|would|might|can|may)\s+(?:be\s+able\s+to\s+)?(?:have|receive|get|be\s+given|be\s+sent|"
                     r"be\s+provided|visit)\b")


def _put(title: str, topic: str, pronouns: re.Pattern[str] = _PRONOUN) -> str:
    """'Provide it to members' with 'the number of X known to Y' -> 'Provide the number of X known to Y': the topic takes
    the pronoun's place, a particle comes before it ('follow this up' -> 'follow up X'), a recipient left dangling after
    a long topic is dropped, and a 'with'/'to' phrase comes before a 'whether' or 'how' clause."""
    m = pronouns.search(title)
    before, after = title[:m.start()], title[m.end():]
    noun = re.match(r"\s+(?!(?:to|with|by|for|on|in|at|after|before|and|up|out|back|forward|away|off|once|when)\b)[a-z][\w-]*\b", after)
    if noun and m.group(0).lower() in ("this", "these"):
        after = after[noun.end():]  # 'provide this breakdown to members': the topic names the breakdown
    particle = re.match(r"\s+(up|out|back|on|forward|away|off)\b", after)
    if particle and len(before.split()) == 1:
        before, after = f"{before}{particle.group(1)} ", after[particle.end():]
    if len(topic.split()) >= 4:
        after = _RECIPIENT.sub("", after)
    could = _COULD.match(topic) if re.match(r"(?i)arrange\s+$", before) else None
    if could:
        topic = f"for {could.group('np')} to {could.group('rest')}"
    if WH.match(topic):
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
    vague = _VAGUE_NOUN.match(obj)
    if vague and not WH.match(topic):  # 'obtain the figures by ward and ...' -> 'obtain the figures on X by ward and ...'
        at = title.lower().find(vague.group(0).strip().lower())
        if at >= 0:
            at += len(vague.group(0).strip())
            return f"{title[:at]} on {topic}{title[at:]}"
    return f"{title} {topic}" if len(title.split()) <= 2 else f"{title} on {topic}"


_VAGUE_NOUN = re.compile(r"(?i)\s*(?:(?:the|further|more)\s+(?:figures?|information|details|results|data)|an?\s+(?:written\s+)?"
                         r"(?:answer|response|reply))\b")


# 'proposed that the review of public toilets be added to the work programme': what is to be added.
_WP_WHAT = re.compile(r"(?i)\b(?:proposed|suggested|agreed|requested|asked|recommended|resolved|decided)\s+that\s+(?P<np>.{3,120}?)\s+"
                      r"(?:should\s+)?(?:be|being)\s+(?:added|included|scheduled|considered|looked\s+at|scoped|brought|programmed)\b")
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
            what, comma, more = rest.partition(",")  # 'the Panel receive an update, to include X' -> 'Present an update to
            title = f"{verb}{what} to {subject}{comma}{more}"  # the Panel, to include X'
        else:
            title = f"{verb}{rest}"
        obj = subject if hit.passive else rest
        vague = bool(_VAGUE.match(obj) or len(title.split()) < 3 or _TRAILING.search(title))
        if vague and topic:
            words = question_words(topic)  # 'arrange this' after 'whether members could see X': 'arrange for members to see X'
            doing = hit.verb in ("arrange", "facilitate") and _COULD.match(words) and not _HAVING.search(words)
            title = _fill(title, obj, words if doing else question_topic(topic))  # but 'could have X': 'arrange X'
        elif vague:
            ctx = context_topic(sentence, hit.anchor - sentence_start)
            if ctx:
                ctx = ctx[0].lower() + ctx[1:] if not ctx[:2].isupper() else ctx
                title = _fill(title, obj, noun_phrase(ctx), re.compile(_PRONOUN.pattern.replace("|them", "")))
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
    title = _CONCERNS.sub(" about ", title)
    if len(title) > 150:  # cut at a clause's comma where there is one, else between words
        comma = title.rfind(", ", 80, 150)
        title = title[:comma] if comma > 0 else title[:150].rsplit(" ", 1)[0] + "…"
    return title[:1].upper() + title[1:]


# 'write to the ICB expressing the Committee's concern at X' says no more than 'write to the ICB about X'.
_CONCERNS = re.compile(r"\s+(?:highlighting|expressing|setting\s+out|outlining|raising|conveying)\s+(?:the\s+[\w-]+['’]s\s+|its\s+|their\s+)?"
                       r"(?:serious\s+|strong\s+)?(?:concerns?|views?|support|comments?)\s+(?:about|at|over|on|regarding|for|with)\s+")
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
