"""The shape of minutes: lines, blocks, sentences, tables, questions and answers, and minute references."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from tracker.minutes.lexicon import DECIDER
from tracker.minutes.refs import State, is_heading, read_ref
from tracker.minutes.sentences import split_sentences

_SPACE = " \t\u00a0\u200b\ufeff\r"
_LINE = re.compile(r"[^\n]+")  # non-empty lines only: blank lines are the gaps between matches
# Markdown and list furniture in front of a line's words (kept out of sentences, never out of offsets).
_FURNITURE = re.compile(r"[ \t\u00a0\u200b\ufeff\r]*(?:(?:#{1,6}|>|\*\*|[-–*](?=\s)|[•·▪◦●‣∙\uf0b7\uf0a7])[ \t\u00a0]*)*")
_BULLET = re.compile(r"[ \t\u00a0]*(?:[-–*](?=\s)|[•·▪◦●‣∙\uf0b7\uf0a7])")
_QUESTION = re.compile(r"(?i:q\.|q:|q\s?\d{1,2}\s*[.:)]|question\s*(?:\d+\s*)?[:.\-–])")  # 'Q.', 'Q5.', 'Question 2:'
_ANSWER = re.compile(r"(?i:a\.|a:|answer\s*[:.\-–]|response\s*[:.\-–]|reply\s*[:.\-–])")
_OPENER = re.compile(
    rf"^(?:{DECIDER}\s+)?(?:RESOLVED|AGREED|DECIDED)\b"
    rf"|^{DECIDER}\s+(?:(?:also|unanimously|then)\s+)?(?:resolved|agreed|decided)(?:\s+(?:as\s+follows|unanimously|to|that))?\s*:\s*$"
    r"|^(?:RESOLVED|AGREED|DECISION|DECIDED|RECOMMENDED|Resolved|Agreed)\b|^That:?\s*$|^(?:\*\*)?Recommendations?\b"
    r"|\b[Rr]esolved\s+to\s*:\s*$"
    r"|\b(?:is|are)\s+(?:asked|recommended|invited|requested)\s+to\s*(?:[:\-–]|$)", re.M)
_MARKER = re.compile(r"(?i:action(?:\s+point)?(?:s)?\s*(?:[:\-–—]|by\s*:)\s*\S)")
_MARKER_END = re.compile(r"(?i)\baction(?:\s+point)?s?\s*[:\-–—]\s*[^.]{1,80}\)?$")
_RESOLUTION_WORD = re.compile(rf"^(?:{DECIDER}\s+)?(?:RESOLVED|AGREED|DECISION|DECIDED|RECOMMENDED|Resolved|Agreed)\b"
                              rf"|^{DECIDER}\s+(?:resolved|agreed|decided)(?:\s+(?:as\s+follows|unanimously|to|that))?\s*:\s*$")


@dataclass
class Segment:
    """A sentence (or table row) with where it sits in the minutes."""

    start: int
    end: int
    text: str
    ref: str
    block: int
    item: int
    role: str = "text"  # text | question | answer | row | heading
    resolution: bool = False
    part: str = ""
    cells: list[tuple[int, int]] = field(default_factory=list)
    question: int = -1  # for an answer: the index of the question it answers
    heading: str = ""


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    line = text[start:end]
    sep = "\t" if "\t" in line else "|"
    spans, pos = [], start
    pieces = line.split(sep)
    for k, piece in enumerate(pieces):
        lead = len(piece) - len(piece.lstrip(_SPACE + "|"))
        body = piece.strip(_SPACE + "|")
        if body:
            spans.append((pos + lead, pos + lead + len(body)))
        elif sep == "|" and 0 < k < len(pieces) - 1:
            spans.append((pos + lead, pos + lead))  # an empty cell between pipes keeps the columns after it in place
        pos += len(piece) + 1
    return spans


# A markdown table's rule under its header ('|---|:---:|'): furniture, neither a row nor a sentence.
_TABLE_RULE = re.compile(r"^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*(?::?-{3,}:?[ \t]*)?$")


def _is_row(line: str) -> bool:
    return line.count("\t") >= 1 and len([c for c in line.split("\t") if c.strip()]) >= 2 or line.count("|") >= 2


def segment(text: str) -> list[Segment]:
    """Split minutes into sentences and table rows, each with its minute reference and context."""
    out: list[Segment] = []
    st = State()
    blank_before = True
    pending: tuple[int, int, str, bool] | None = None  # a block being gathered: start, end, role, new block

    def flush() -> None:
        nonlocal pending
        if pending is None:
            return
        b_start, b_end, role, _ = pending
        pending = None
        st.block += 1
        for s, e in split_sentences(text, b_start, b_end):
            seg = Segment(s, e, text[s:e], st.ref(), st.block, st.item, role, st.resolution, st.part, heading=st.heading)
            _inline_part(seg, st)
            if role == "text" and seg.text.rstrip(" )*\"'”").endswith("?"):
                seg.role = "question"
            out.append(seg)

    ended = True  # the previous line ended a sentence (or there was none): a new line starts a new block
    prev_end = -1
    for m in _LINE.finditer(text):
        l_start, l_end = m.start(), m.end()
        line = m.group(0)
        if l_start > prev_end + 1 and prev_end >= 0:  # an empty line lay between
            flush()
            blank_before = True
        prev_end = l_end
        if not line.strip(_SPACE) or line.strip(_SPACE + "*_") in ("", "Minutes:", "Minutes"):
            flush()
            blank_before = True
            continue
        if _TABLE_RULE.match(line):
            continue  # the table goes on below it
        is_bullet = bool(_BULLET.match(line))
        pos = l_start + _FURNITURE.match(line).end()
        body = text[pos:l_end].rstrip(_SPACE + "*")
        # A line that does not follow a finished sentence continues it (text from PDFs is wrapped mid-sentence).
        structural = is_bullet or blank_before or ended
        if _is_row(line):
            flush()
            st.block += 1
            seg = Segment(pos, pos + len(body), body, st.ref(), st.block, st.item, "row", st.resolution, heading=st.heading)
            seg.cells = _cells(text, pos, pos + len(body))
            out.append(seg)
            for c_start, c_end in seg.cells:
                if len(text[c_start:c_end].split()) >= 6:
                    for s, e in split_sentences(text, c_start, c_end):
                        cell = Segment(s, e, text[s:e], st.ref(), st.block, st.item, "cell", heading=st.heading)
                        _inline_part(cell, st)
                        out.append(cell)
            blank_before, ended = False, True
            continue
        probe = replace(st)  # read the line's label into a copy: the block before it must keep the old reference
        ref = read_ref(body, probe, is_bullet)
        ref_end, level = ref if ref else (None, -1)
        if ref_end is not None:
            flush()
            st = probe
            structural = True
            pos += ref_end
            while pos < l_end and text[pos] in _SPACE + "–-:.)*":
                pos += 1
            body = text[pos:l_end].rstrip(_SPACE + "*")
        if not body:
            flush()
            blank_before = False
            continue
        role = "marker" if _MARKER.match(body) else "text"
        qa = _QUESTION.match(body) or _ANSWER.match(body)
        if qa:
            role = "question" if _QUESTION.match(body) else "answer"
            structural = True
        opener = _OPENER.search(body)
        if structural or opener or pending is None:
            flush()
            if opener and (not st.part or _RESOLUTION_WORD.match(body)):
                st.part = ""
                st.resolution, st.resolution_lines = True, 0
                st.recommendations = bool(re.match(r"(?:\*\*)?Recommendations?\b", body)) or st.recommendations
            elif st.resolution and ref_end is None and not is_bullet and st.resolution_lines > 0 \
                    and not re.match(r"(?i:that\b)|[a-z]", body):
                st.resolution = False
            if st.resolution:
                st.resolution_lines += 1
            if is_heading(body) and not opener and level in (-1, 0) and role == "text":
                st.heading, st.resolution, st.part, st.bullet = body, False, "", 0
                st.recommendations = bool(re.match(r"(?:\*\*)?Recommendations?\b", body.strip("#* ")))
                out.append(Segment(pos, pos + len(body), body, st.ref(), st.block, st.item, "heading", heading=body))
                blank_before, ended = False, True
                continue
            if is_bullet and ref_end is None:
                st.bullet += 1
            elif blank_before and ref_end is None and not st.resolution:
                st.part = ""
            pending = (pos, pos + len(body), role, True)
        else:
            pending = (pending[0], pos + len(body), pending[2], False)
        blank_before = False
        ended = body.rstrip(" )*\"'”’").endswith((".", "?", "!", ":", ";")) or role != "text" or is_heading(body) \
            or bool(_MARKER_END.search(body))
    flush()
    _link_answers(out)
    return out


_INLINE_PART = re.compile(r"^(?:(?:RESOLVED|AGREED|Resolved|Agreed)\b[\s:–\-]*)?(?:and\s+)?\((\w{1,4})\)\s")  # '(b) that', 'and (b) a report'


def _inline_part(seg: Segment, st: State) -> None:
    m = _INLINE_PART.match(seg.text)
    if m and _RESOLUTION_WORD.match(seg.text) or (m and st.resolution):
        seg.part = m.group(1)
        seg.resolution = True
        base = st.ref().rsplit("(", 1)[0] if st.part else st.ref()
        seg.ref = f"{base}({m.group(1)})"
    elif _RESOLUTION_WORD.match(seg.text):
        seg.resolution = True


def _link_answers(segs: list[Segment]) -> None:
    """Mark the sentences that answer a question: the block after a question block, or one labelled 'A.'."""
    last_q = -1
    for i, seg in enumerate(segs):
        if seg.role == "question":
            last_q = i
            continue
        if seg.role == "heading":
            last_q = -1
            continue
        if last_q >= 0 and (seg.block == segs[last_q].block + 1 or seg.role == "answer"
                            or (seg.block == segs[i - 1].block and segs[i - 1].question == last_q)):
            if seg.block - segs[last_q].block <= 1 or seg.block == segs[i - 1].block:
                seg.role, seg.question = "answer", last_q
                continue
        last_q = -1
