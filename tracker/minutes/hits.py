"""A candidate undertaking before it becomes a suggestion: where it is and what the rule saw."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Hit:
    """One trigger firing; offsets are absolute positions in the input."""

    seg: int
    start: int
    end: int
    rule: str
    confidence: float
    anchor: int  # where the action begins; the due date is looked for from here
    verb: str = ""
    subject: str = ""  # the words naming who acts, as written
    rest: str = ""  # the words after the verb
    particle: str = ""
    passive: bool = False
    owner: str = ""
    raised_by: str = ""
    kind: str = ""  # set by rules that know it (tables, milestones)
    title: str = ""  # set by rules that know it (tables)
    due_text: str = ""  # a due date given apart from the sentence (a table's 'by when')
    strong: bool = True  # a weak hit (a bare 'would' clause) is dropped by the near-miss filters more readily
    resolution: bool = False
    topic_from: int = -1  # a question or sentence whose words say what 'this' or 'it' is
    ref: str = ""  # a minute reference given apart from the sentence (an action table's 'Minute' column)
