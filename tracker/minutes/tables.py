"""Action tables, dated timelines agreed by a board, and 'ACTION: owner' markers."""

from __future__ import annotations

import re
from datetime import date

from tracker.minutes.dues import find_dues
from tracker.minutes.hits import Hit
from tracker.minutes.structure import Segment

_ACTION_HEAD = re.compile(r"(?i)^\s*(?:agreed\s+)?(?:action|actions|task)s?\b")
_OWNER_HEAD = re.compile(r"(?i)\b(?:owner|lead|who|responsib|officer|by\s+whom|person)")
_REF_HEAD = re.compile(r"(?i)^\s*(?:minute|min\.?|item|agenda\s+item|ref(?:erence)?|no\.?|para(?:graph)?)s?\b(?:\s*(?:no\.?|number|ref))?\s*$")
_DUE_HEAD = re.compile(r"(?i)\b(?:due|when|date|deadline|timescale|target|by)\b")
_TIME_HEAD = re.compile(r"(?i)^\s*(?:month|date|when|timescale|timing|quarter)\b")
_EVENT = re.compile(r"(?i)\b(?:meeting|approve|agree|sign\s*off|launch|publish|go\s+live|strategy|report|consult|workshop)")
_TAG = re.compile(r"<[^>]+>")
_NOTHING = re.compile(r"(?i)^\W*(?:none|noted|nil|n/?a|no\s+(?:further\s+)?action|-+)\W*(?:no\s+further\s+action\W*)?$")
_NOTE = re.compile(r"^(?P<who>(?:[Tt]he\s+)?(?:[A-Z][\w'’&/-]*\s+){0,6}?(?:[A-Z][\w'’&/-]*|officers|clerk))\s+to\s+(?P<rest>[a-z].*)$")
_MARKER_NOTE = re.compile(r"^\W*(?i:actions?(?:\s+points?)?)\s*[:\-–—]\s*.{1,80}?\s+to\s+(?P<rest>[a-z].*)$", re.S)
_MARKER = re.compile(r"(?:^|[\s(–—-])(?i:action(?:\s+point)?(?:s)?)\s*(?:by\s*)?[:\-–—]\s*(?P<owner>[^)\n]+?)\s*\)?\s*\.?$")


def _cell(text: str, span: tuple[int, int]) -> str:
    return re.sub(r"\s+", " ", _TAG.sub(" ", text[span[0]:span[1]])).strip(" *")


def find(text: str, segs: list[Segment], meeting: date | None) -> list[Hit]:
    """Hits for the rows of action tables and of dated timelines."""
    out: list[Hit] = []
    rows = [k for k, s in enumerate(segs) if s.role != "cell"]  # a row's cells, read as sentences, sit between rows
    n = 0
    while n < len(rows):
        i = rows[n]
        if segs[i].role != "row":
            n += 1
            continue
        m = n
        while m + 1 < len(rows) and (segs[rows[m + 1]].role == "row" or (
                m + 2 < len(rows) and segs[rows[m + 2]].role == "row" and len(segs[rows[m + 1]].text.split()) <= 5)):
            m += 1
        j = rows[m]
        head = [_cell(text, c) for c in segs[i].cells]
        out.extend(_table(text, segs, i, j, head, meeting))
        n = m + 1
    return out


def _due_words(cell: str, meeting: date | None) -> str:
    """The due phrase inside an action cell, if any ('at the January meeting')."""
    dues = find_dues(cell, meeting)
    return dues[-1].text if dues else ""


def _column(head: list[str], pattern: re.Pattern[str], skip: int = -1) -> int:
    return next((k for k, h in enumerate(head) if k != skip and pattern.search(h)), -1)


def _table(text: str, segs: list[Segment], i: int, j: int, head: list[str], meeting: date | None) -> list[Hit]:
    out: list[Hit] = []
    action = _column(head, _ACTION_HEAD)
    if action >= 0 and _column(head, _OWNER_HEAD, action) < 0:
        for k in range(i + 1, j + 1):
            cells = [_cell(text, c) for c in segs[k].cells]
            if segs[k].role != "row" or len(cells) <= action or not cells[action] or _NOTHING.match(cells[action]):
                continue
            note = _NOTE.match(cells[action])
            title = note.group("rest") if note else cells[action]
            out.append(Hit(k, segs[k].cells[action][0], segs[k].cells[action][1], "action_table", 0.85, segs[k].cells[action][0],
                           title=title, owner=note.group("who") if note else "", due_text=_due_words(title, meeting)))
        return out
    if action >= 0:
        owner, due = _column(head, _OWNER_HEAD, action), _column(head, _DUE_HEAD, action)
        ref = _column(head, _REF_HEAD, action)
        for k in range(i + 1, j + 1):
            cells = [_cell(text, c) for c in segs[k].cells]
            if segs[k].role != "row" or len(cells) <= action or not cells[action]:
                continue
            out.append(Hit(k, segs[k].start, segs[k].end, "action_table", 0.9, segs[k].cells[action][0],
                           title=cells[action], owner=cells[owner] if 0 <= owner < len(cells) else "",
                           due_text=cells[due] if 0 <= due < len(cells) else "",
                           ref=_ref(cells, ref, len(head))))
        return out
    if head and _TIME_HEAD.search(head[0]):
        for k in range(i + 1, j + 1):
            cells = [_cell(text, c) for c in segs[k].cells]
            if segs[k].role != "row" or len(cells) < 2 or re.search(r"(?i)each\s+year|annual", cells[0]):
                continue
            dues = find_dues(cells[0], meeting)
            if not dues or dues[0].when is None or not _EVENT.search(" ".join(cells[1:])):
                continue
            first = find_dues(re.split(r"[/–-]", cells[0])[0] + " " + cells[0][-4:], meeting)
            if meeting and first and first[0].when and first[0].when.replace(day=1) < meeting.replace(day=1):
                continue  # under way at the time of the meeting: a transition step, not a milestone to come
            event = cells[1].rstrip(".")
            purpose = (" " + cells[2][0].lower() + cells[2][1:].rstrip(".")) if len(cells) > 2 and cells[2] else ""
            if re.match(r"(?i)(?:inaugural|first|special|final|\w+\s+)?meeting", event) and not purpose.startswith(" to "):
                purpose = ""
            title = ("Hold the " + event[0].lower() + event[1:] if re.search(r"(?i)\bmeeting\b", event.split(" of ")[0])
                     else event) + purpose
            out.append(Hit(k, segs[k].start, segs[k].end, "timeline", 0.7, segs[k].start, title=title,
                           kind="milestone", due_text=cells[0]))
    return out


def _ref(cells: list[str], column: int, width: int) -> str:
    """The row's minute reference: its cell in the reference column, when the row's cells line up with the header's (a
    row short of empty cells at its end still does, for a first column that reads as a reference: '4.3')."""
    if not 0 <= column < len(cells):
        return ""
    if len(cells) == width or (column == 0 and re.fullmatch(r"[\w./()-]{1,12}", cells[0]) and re.search(r"\d", cells[0])):
        return cells[column]
    return ""


def marker_title(sentence: str) -> str:
    """The title of a marked sentence: 'ACTION: Head of Housing to chase the Trust' -> 'Chase the Trust'; a sentence that
    is not in that form is its own title."""
    m = _MARKER_NOTE.match(sentence)
    return m.group("rest") if m else sentence


def markers(text: str, segs: list[Segment]) -> list[tuple[int, str, int]]:
    """Each 'ACTION: owner' marker: the index of the sentence it marks, the owner, and the marker's own index."""
    out = []
    for i, seg in enumerate(segs):
        if seg.role == "row":
            continue
        m = _MARKER.search(seg.text)
        if not m or re.match(r"(?i)^\s*(?:no|none)\b", m.group("owner")):
            continue
        note = re.match(r"(?P<who>.{1,80}?)\s+to\s+[a-z]+\b", m.group("owner"))
        if note:  # 'ACTION: Head of Housing to provide ...': the marker carries the action itself
            out.append((i, note.group("who").strip(), i))
            continue
        before = seg.text[:m.start()].strip(" -–—(")
        if len(before.split()) >= 4:
            out.append((i, m.group("owner").strip(), i))
            continue
        k = i - 1
        while k >= 0 and segs[k].role == "heading":
            k -= 1
        if k >= 0 and segs[k].item == seg.item:
            out.append((k, m.group("owner").strip(), i))
    return out
