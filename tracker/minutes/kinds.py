"""Which of the tracker's kinds an undertaking is, read from its title and sentence."""

from __future__ import annotations

import re

# Order matters: the first rule that matches decides.
_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("recommendation_to_another_body", re.compile(
        r"(?i)^recommend|\bbe\s+recommended\b|^(?:report|pass|refer|forward)\s+(?:the\s+)?(?:\w+['’]s\s+)?(?:comments|concerns|views|"
        r"findings|recommendations)\b.*\bto\b|\breported\s+to\s+(?:full\s+)?council\b|^(?:report|pass|refer)\b.*\bto\s+(?:full\s+)?council\b"
        r"|^(?:pass|refer)\b.*\bto\s+the\s+[\w\s]*\b(?:board|cabinet|partnership|executive)\b")),
    ("letter_or_response", re.compile(
        r"(?i)^write\s+to\b|^write\b(?!.*\bin\s+writing)|\bletter\b|^(?:draft|prepare|submit|send|agree)\b.*\bresponse\b|^respond\s+to\b.*\bconsultation"
        r"|\bconsultation\s+response\b|\bmake\s+representations\b|^lobby\b")),
    ("work_programme_item", re.compile(
        r"(?i)\bwork\s*programme\b|\bwork\s+plan\b|\bforward\s+plan\b|\bstandalone\s+item\b|\b(?:specific|separate|dedicated|"
        r"development|informal|joint|future)\s+(?:development\s+)?session\b|\btask\s+(?:and|&)\s+finish\b|\bsite\s+visit\b|^arrange\s+(?:a\s+|for\s+.*\s+to\s+)visit"
        r"|\bvisit\b.*\b(?:members|committee|panel)\b|^(?:schedule|add|include)\b(?!.*\b(?:update|report)\b)|^invite\b|\bscrutiny\s+review\b"
        r"|\bfuture\s+(?:meeting|agenda)\b(?!.*\bfigures\b)|^(?:discuss|consider)\b.*\b(?:chair|agenda|item)\b|^hold\s+an?\s+(?:informal|joint)\b"
        r"|^present\s+a\s+deep\s+dive\b.*\bsession\b|^arrange\s+(?:this|.*\bpresentation)\b")),
    ("information_request", re.compile(
        r"(?i)^(?:circulate|send|share|forward|provide|supply|give|bring)\b[^.]{0,60}\b(?:figures?|data|numbers|statistics|waiting\s+times|rates|breakdown|information|details)\b"
        r"|^(?:confirm|check|clarify|find\s+out|ascertain|obtain|let|inform|advise|notify|look\s+into|take\b.*\baway|respond\b.*\bin\s+writing|come\s+back|get\s+back)\b"
        r"|\bbriefing\b(?!\s+note)")),
    ("mapping_or_analysis", re.compile(
        r"(?i)^map\b|\bmapped\b|^(?:produce|carry\s+out|undertake|do)\b[^.]{0,40}\b(?:analysis|comparison|survey|audit|map|mapping|modelling|assessment|deep\s+dive)\b"
        # 'provide an analysis' is work to do; 'provide the Trust's audit' hands over a document that exists
        r"|^provide\b[^.]{0,40}\b(?:an?|further|some|new|more)\s+(?:[\w-]+\s+){0,3}?(?:analysis|comparison|survey|audit|map|mapping|modelling|assessment|deep\s+dive)\b"
        r"|^(?:analyse|compare|model|audit|assess|benchmark|survey)\b|^(?:provide|produce)\s+a\s+map\b")),
    ("circulate_document", re.compile(
        r"(?i)^(?:circulate|distribute|forward|share|e-?mail|recirculate)\b|\bmake\b.*\bavailable\b|^send\s+(?:a\s+)?cop(?:y|ies)\b"
        r"|^(?:provide|send|give)\b[^.]{0,40}\bcop(?:y|ies)\s+of\b|^send\b.*\b(?:report|document|minutes|plan|note|slides|presentation|framework|list|guidance)\b"
        r"|^provide\b[^.]{0,40}\b(?:the|its|their|[\w-]+['’]s)\s+(?:[\w-]+\s+){0,3}?(?:audit|strategy|document|minutes|evaluation|"
        r"survey|assessment|policy|paper|slides|presentation|protocol|guidance|framework|business\s+case)\b")),
    ("further_update", re.compile(
        r"(?i)\breport\s+back\b|\bupdate\b|\bprogress\s+report\b|\bfurther\s+report\b|^come\s+back\b|^return\b|^bring\b|^present\b"
        r"|\b(?:next|future|subsequent)\s+(?:\w+\s+)?reports?\b"
        r"|^attend\b|^report\b|\bfeed\s+back\b|^raise\b.*\bfeed\s+back\b|\bto\s+the\s+(?:committee|panel|board)\b.*\b(?:for\s+comment|for\s+approval)\b")),
    ("information_request", re.compile(
        r"(?i)^(?:provide|supply|send|give)\b|\binformation\b|\bfigures?\b|\bbreakdown\b|\bdata\b")),
]


def classify(title: str, sentence: str = "") -> str:
    """The kind for a title such as 'Circulate the briefing note to members'."""
    for kind, pattern in _RULES:
        if pattern.search(title):
            return kind
    if re.search(r"(?i)\bwork\s*programme\b|\bstandalone\s+item\b", sentence):
        return "work_programme_item"
    return "other"
