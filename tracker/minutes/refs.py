"""Minute references: 'Minute 23/21', 'Item 7', '13.1', '5.', '(b)' and bullets, and the nearest enclosing one."""

from __future__ import annotations

import re
from dataclasses import dataclass

_L0 = [
    (re.compile(r"(?i:minute)s?\s*(?:(?i:no)\.?\s*)?(\d{1,4}(?:[./]\d{1,4})*[a-z]?)\b[.:]?"), "Minute {}"),
    (re.compile(r"(?i:(?:agenda\s+)?item)\s*(?:(?i:no)\.?\s*)?(\d{1,3}[a-z]?)\b[.:]?"), "Item {}"),
    (re.compile(r"([A-Z]{1,6}[./ ]?\d{1,3}/\d{2,4}|[A-Z]{2,6}\.\s?\d{1,3}|\d{1,4}/\d{2,4}|[A-Z]{1,4}&[A-Z]{1,4}\s?\d{1,4}(?=\s+[A-Z]))\b[.:]?"),
     "{}"),  # 'OS/21/44', 'HSC.12', '23/21', 'O&S 41'

]
_DECIMAL = re.compile(r"(\d{1,3}\.\d{1,2}(?:\.\d{1,2})?)(?=[\s\t])")
# A number opening a line, but not a date ('12 October 2021') or a time.
_NUMBER = re.compile(r"(\d{1,3})(?:[.)]|(?=[\s\t]))(?!\d)(?![\s\t]*(?:st|nd|rd|th\b)?\s*(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)")
_PART = re.compile(r"(?:\(([a-hj-z]|[ivx]{1,4}|\d{1,2})\)|([a-hj-z]|[ivx]{1,4})[.)])(?=[\s\u00a0])")
_HEADING_WORDS = re.compile(r"[A-Za-z][\w'’&/-]*")


def _financial_year(label: str) -> bool:
    """'2022/23' is a financial year (a wrapped line of PDF text may begin with one), not a minute number."""
    m = re.fullmatch(r"(?:19|20)(\d\d)/(\d\d)", label)
    return bool(m) and (int(m.group(1)) + 1) % 100 == int(m.group(2))


@dataclass
class State:
    """Where the reader is: the item, paragraph, part and bullet it is in, and whether in a resolution."""

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


_SMALL = frozenset("and of the for in on to & a an with at by or from".split())


def is_heading(words: str) -> bool:
    """True for a short line of capitalised words without a full stop: an item's title."""
    stripped = words.strip(" *#:")
    if not stripped or stripped[-1] in ".?;," or len(stripped) > 110:
        return False
    tokens = _HEADING_WORDS.findall(stripped)
    if not tokens or len(tokens) > 14:
        return False
    if sum(1 for t in tokens if t[0].islower() and t.lower() not in _SMALL) > (0 if len(tokens) > 4 else 1):
        return False  # 'The Manager presented the draft ...' is a sentence wrapped onto the next line
    capitals = sum(1 for t in tokens if t[0].isupper() or t.lower() in {"and", "of", "the", "for", "in", "on", "to", "&", "a"})
    return capitals >= max(1, int(len(tokens) * 0.8))


def _next_item(number: str, rest: str, st: State) -> bool:
    """True for a numbered line after a numbered decision that does not go on with it: '6. Better Care Fund quarter 3
    return' after parts 1 to 3 is the next item's heading (in sentence case), not a sixth part."""
    if not st.resolution or not st.part.isdigit() or int(number) == int(st.part) + 1:
        return False
    return not re.match(r"(?i)(?:that|to)\b", rest) and not rest.rstrip().endswith((".", ";", ",", ":")) and len(rest.split()) <= 14


def read_ref(body: str, st: State, is_bullet: bool) -> tuple[int, int] | None:
    """Update the reference state from a line's opening label; return the label's length and level, or None."""
    for pattern, fmt in _L0:
        m = pattern.match(body)
        # In a bullet, 'Minute 47 (...)' points back to an earlier meeting's minute; it is not this one's label.
        if m and not is_bullet and (fmt != "{}" or not body[m.end():m.end() + 1].isdigit()) and not _financial_year(m.group(1)):
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
        if not rest or is_heading(rest) or _next_item(m.group(1), rest, st):
            st.l0, st.l1, st.part, st.bullet, st.item, st.resolution = m.group(1), "", "", 0, st.item + 1, False
            return m.end(), 0
        if st.resolution:
            st.part, st.bullet = m.group(1), 0
            return m.end(), 2
        st.l1, st.part, st.bullet = m.group(1), "", 0
        return m.end(), 1
    return None
