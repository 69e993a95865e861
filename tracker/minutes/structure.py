"""The shape of minutes: lines, blocks, sentences, tables, questions and answers, and minute references."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.minutes.sentences import split_sentences

_SPACE = " \t\u00a0\u200b\ufeff\r"
# Markdown and list furniture in front of a line's words (kept out of sentences, never out of offsets).
_FURNITURE = re.compile(r"[ \t\u00a0\u200b\ufeff\r]*(?:(?:#{1,6}|>|\*\*|[-–*](?=\s)|[•·▪◦●‣∙\uf0b7\uf0a7])[ \t\u00a0]*)*")
_BULLET = re.compile(r"[ \t\u00a0]*(?:[-–*](?=\s)|[•·▪◦●‣∙\uf0b7\uf0a7])")
_L0 = [
    (re.compile(r"(?i:minute)s?\s*(?:no\.?\s*)?(\d{1,4}(?:[./]\d{1,4})*[a-z]?)\b[.:]?"), "Minute {}"),
    (re.compile(r"(?i:(?:agenda\s+)?item)\s*(?:no\.?\s*)?(\d{1,3}[a-z]?)\b[.:]?"), "Item {}"),
    (re.compile(r"([A-Z]{1,6}[./ ]?\d{1,3}/\d{2,4}|[A-Z]{2,6}\.\s?\d{1,3}|\d{1,4}/\d{2,4})\b[.:]?"), "{}"),
]
_DECIMAL = re.compile(r"(\d{1,3}\.\d{1,2}(?:\.\d{1,2})?)(?=[\s\t])")
# A number opening a line, but not a date ('12 October 2021') or a time.
_NUMBER = re.compile(r"(\d{1,3})(?:[.)]|(?=[\s\t]))(?!\d)(?![\s\t]*(?:st|nd|rd|th\b)?\s*(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)")
_PART = re.compile(r"(?:\(([a-hj-z]|[ivx]{1,4}|\d{1,2})\)|([a-hj-z]|[ivx]{1,4})[.)])(?=[\s\u00a0])")
_QUESTION = re.compile(r"(?i:q\.|q:|question\s*(?:\d+\s*)?[:.\-–])")
_ANSWER = re.compile(r"(?i:a\.|a:|answer\s*[:.\-–]|response\s*[:.\-–]|reply\s*[:.\-–])")
_OPENER = re.compile(
    r"^(?:(?:It\s+was|Members|The\s+(?:Committee|Board|Panel|Sub-Committee|Commission))\s+)?(?:RESOLVED|AGREED|DECIDED)\b"
    r"|^(?:RESOLVED|AGREED|DECISION|DECIDED|Resolved|Agreed)\b|^That:?\s*$|^(?:\*\*)?Recommendations?\b"
    r"|\b[Rr]esolved\s+to\s*:\s*$"
    r"|\b(?:is|are)\s+(?:asked|recommended|invited|requested)\s+to\s*(?:[:\-–]|$)", re.M)
_MARKER = re.compile(r"(?i:action(?:s)?\s*(?:[:\-–—]|by\s*:)\s*\S)")
_RESOLUTION_WORD = re.compile(r"^(?:(?:It\s+was|Members)\s+)?(?:RESOLVED|AGREED|DECISION|DECIDED|Resolved|Agreed)\b")
_HEADING_WORDS = re.compile(r"[A-Za-z][\w'’&/-]*")


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


@dataclass
class _State:
    l0: str = ""
    l1: str = ""
    part: str = ""
    bullet: int = 0
    item: int = 0
    block: int = 0
    heading: str = ""
    resolution: bool = False
    resolution_lines: int = 0
    recommendations: bool = False

    def ref(self) -> str:
        base = self.l1 if "." in self.l1 else (f"{self.l0}, para {self.l1}" if self.l0 and self.l1 else self.l0 or self.l1)
        if self.part:
            if not base and self.recommendations:
                base = "Recommendation "
            return f"{base}({self.part})" if base else f"({self.part})"
        if self.bullet:
            return f"{base}, bullet {self.bullet}" if base else f"bullet {self.bullet}"
        return base


def _is_heading(words: str) -> bool:
    stripped = words.strip(" *#:")
    if not stripped or stripped[-1] in ".?;," or len(stripped) > 110:
        return False
    tokens = _HEADING_WORDS.findall(stripped)
    if not tokens or len(tokens) > 14:
        return False
    capitals = sum(1 for t in tokens if t[0].isupper() or t.lower() in {"and", "of", "the", "for", "in", "on", "to", "&", "a"})
    return capitals >= max(1, int(len(tokens) * 0.8))


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    line = text[start:end]
    sep = "\t" if "\t" in line else "|"
    spans, pos = [], start
    for piece in line.split(sep):
        lead = len(piece) - len(piece.lstrip(_SPACE + "|"))
        body = piece.strip(_SPACE + "|")
        if body:
            spans.append((pos + lead, pos + lead + len(body)))
        pos += len(piece) + 1
    return spans


def _is_row(line: str) -> bool:
    return line.count("\t") >= 1 and len([c for c in line.split("\t") if c.strip()]) >= 2 or line.count("|") >= 2


def segment(text: str) -> list[Segment]:
    """Split minutes into sentences and table rows, each with its minute reference and context."""
    out: list[Segment] = []
    st = _State()
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

    for m in re.finditer(r"[^\n]*", text):
        l_start, l_end = m.start(), m.end()
        line = m.group(0)
        if not line.strip(_SPACE) or line.strip(_SPACE + "*_") in ("", "Minutes:", "Minutes"):
            flush()
            blank_before = True
            continue
        is_bullet = bool(_BULLET.match(line))
        pos = l_start + _FURNITURE.match(line).end()
        body = text[pos:l_end].rstrip(_SPACE + "*")
        structural = is_bullet or blank_before
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
            blank_before = False
            continue
        ref = _read_ref(body, st, is_bullet)
        ref_end, level = ref if ref else (None, -1)
        if ref_end is not None:
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
            if _is_heading(body) and not opener and level in (-1, 0) and role == "text":
                st.heading, st.resolution, st.part, st.bullet = body, False, "", 0
                st.recommendations = bool(re.match(r"(?:\*\*)?Recommendations?\b", body.strip("#* ")))
                out.append(Segment(pos, pos + len(body), body, st.ref(), st.block, st.item, "heading", heading=body))
                blank_before = False
                continue
            if is_bullet and ref_end is None:
                st.bullet += 1
            elif blank_before and ref_end is None and not st.resolution:
                st.part = ""
            pending = (pos, pos + len(body), role, True)
        else:
            pending = (pending[0], pos + len(body), pending[2], False)
        blank_before = False
    flush()
    _link_answers(out)
    return out


def _read_ref(body: str, st: _State, is_bullet: bool) -> tuple[int, int] | None:
    """Update the reference state from a line's opening label; return the label's length and level, or None."""
    for pattern, fmt in _L0:
        m = pattern.match(body)
        # In a bullet, 'Minute 47 (...)' points back to an earlier meeting's minute; it is not this one's label.
        if m and not is_bullet and (fmt != "{}" or not body[m.end():m.end() + 1].isdigit()):
            st.l0, st.l1, st.part, st.bullet, st.resolution = fmt.format(m.group(1)), "", "", 0, False
            st.item += 1
            return m.end(), 0
    m = _DECIMAL.match(body)
    if m:
        major = m.group(1).split(".")[0]
        if st.l0 != major and not st.l0.endswith(f" {major}"):
            st.item += 1
            st.l0 = major
        st.l1, st.part, st.bullet, st.resolution = m.group(1), "", 0, False
        return m.end(), 1
    m = _PART.match(body)
    if m and (st.resolution or st.part or is_bullet or (m.group(1) or m.group(2) or "") in ("a", "i", "1")):
        st.part, st.bullet = m.group(1) or m.group(2), 0
        return m.end(), 2
    m = _NUMBER.match(body)
    if m:
        rest = body[m.end():].strip()
        if not rest or _is_heading(rest):
            st.l0, st.l1, st.part, st.bullet, st.item, st.resolution = m.group(1), "", "", 0, st.item + 1, False
            return m.end(), 0
        if st.resolution:
            st.part, st.bullet = m.group(1), 0
            return m.end(), 2
        st.l1, st.part, st.bullet = m.group(1), "", 0
        return m.end(), 1
    return None


_INLINE_PART = re.compile(r"^(?:(?:RESOLVED|AGREED|Resolved|Agreed)\b[\s:–\-]*)?\((\w{1,4})\)\s")


def _inline_part(seg: Segment, st: _State) -> None:
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
