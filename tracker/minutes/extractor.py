"""From the text of minutes to suggested undertakings: find, filter, describe, date and merge."""

from __future__ import annotations

import re
from datetime import date

from tracker.minutes import (agreement, filters, kinds, likeness, merging, people, qa, recommendations, replies, resolutions,
                             tables, titles, triggers)
from tracker.minutes.dues import Due, find_dues, pick_due
from tracker.minutes.hits import Hit
from tracker.minutes.model import Suggestion
from tracker.minutes.structure import Segment, segment

_RULE_ORDER = {"action_table": 0, "recommendation": 0, "resolution": 1, "commitment": 2, "took_on_board": 2, "request": 3,
               "agreed_that": 3, "action_note": 4, "question_offer": 4, "question_date": 5, "modal": 6, "work_programme": 7,
               "marker": 8}


def _body(text: str) -> str:
    m = re.search(r"(?i)\b(sub-committee|committee|board|panel|commission)\b", text[:600])
    return f"the {m.group(1).capitalize() if m.group(1).islower() else m.group(1).title()}" if m else "the Committee"


def _narrative(segs: list[Segment], i: int) -> bool:
    """True for a sentence of discussion that follows a decision in the same paragraph ('It was AGREED that ... . The
    Head of Service said she would ...'): not a part of the decision, so read as any other sentence."""
    seg = segs[i]
    return i > 0 and segs[i - 1].block == seg.block and not seg.part and segs[i - 1].text.rstrip().endswith(".") \
        and not re.match(r"(?i:that\b|\(?\w{1,4}[.)]\s)|[a-z]", seg.text)


def _sentence_hits(segs: list[Segment], i: int) -> list[Hit]:
    seg = segs[i]
    if seg.role == "marker":  # 'ACTION: Head of Housing to circulate the policy': the marker carries the action itself
        return [h for h in triggers.find(seg, i) if h.rule == "action_note"]
    if seg.role in ("heading", "row"):
        return []  # table rows are read whole by the table rules; their cells come as sentences of their own
    found = resolutions.find(seg, i) if seg.resolution else triggers.find(seg, i)
    if seg.resolution and not found and _narrative(segs, i):
        found = triggers.find(seg, i)
    found += recommendations.find(seg, i, recommendations.opener_for(segs, i))
    found += qa.find(segs, i)
    return found


def _part(seg: Segment, hit: Hit) -> str:
    """The words between the semicolons around a hit: 'Cllr Martin asked whether this could be brought forward; the Head
    of Leisure said he would raise this with the Trust' is a question, then a promise, each judged on its own."""
    at = min(max(0, hit.anchor - seg.start), len(seg.text))
    start = seg.text.rfind(";", 0, at) + 1
    end = seg.text.find(";", at)
    return seg.text[start:end if end >= 0 else len(seg.text)].strip()


def _best(hits: list[Hit]) -> list[Hit]:
    """Within a sentence keep one hit per clause: the most specific rule wins where their spans overlap."""
    kept: list[Hit] = []
    for h in sorted(hits, key=lambda h: (_RULE_ORDER.get(h.rule, 9), -h.confidence)):
        if not any(h.start < k.end and k.start < h.end and (h.anchor == k.anchor or h.rule == k.rule or
                                                            abs(h.anchor - k.anchor) < 60 or k.rule != "agreed_that")
                   for k in kept):
            kept.append(h)
    return kept


def _due(hit: Hit, text: str, meeting: date | None) -> Due | None:
    if hit.due_text:
        dues = find_dues(hit.due_text, meeting)
        if dues:
            return dues[0]
        bare = find_dues("by " + hit.due_text, meeting)  # a table's 'March' or '31 January': the next one after the meeting
        if bare and bare[0].start == 0:
            return Due(hit.due_text.strip(), 0, 0, bare[0].when, bare[0].next_meeting)
        if re.search(r"(?i)next\s+meeting", hit.due_text):
            return Due(hit.due_text, 0, 0, None, True)
        return Due(hit.due_text, 0, 0, None) if hit.due_text.strip(" -–") else None
    clause = text[hit.start:hit.end]
    return pick_due(clause, max(0, hit.anchor - hit.start), meeting)


def _topic(segs: list[Segment], hit: Hit) -> int:
    """The index of the sentence (a question, or a member's request) that says what the action is about, or -1."""
    if hit.topic_from >= 0:
        return hit.topic_from
    seg = segs[hit.seg]
    if seg.role == "answer" and seg.question >= 0 and (hit.rule == "work_programme" or segs[hit.seg - 1].block != seg.block):
        hit.topic_from = seg.question
        return seg.question
    for k in range(hit.seg - 1, max(-1, hit.seg - 4), -1):
        prev = segs[k]
        if prev.item != seg.item or (prev.block != seg.block and not prev.text.rstrip().endswith("?")):
            break
        if re.search(r"(?i)\b(?:asked|queried|question|raised|sought|suggested|proposed|requested|called\s+for)\b|\?\s*$", prev.text):
            return k
    return seg.question if seg.role == "answer" else -1  # a later sentence of an answer answers the same question


def _block_start(segs: list[Segment], i: int) -> int:
    """Where the paragraph (or answer) holding sentence i begins."""
    k = i
    while k > 0 and segs[k - 1].block == segs[i].block and segs[k - 1].item == segs[i].item:
        k -= 1
    return segs[k].start


def _suggestion(hit: Hit, text: str, segs: list[Segment], meeting: date | None, cast: people.Cast, body: str,
                floors: dict[int, int]) -> Suggestion:
    seg = segs[hit.seg]
    start, end = hit.start, hit.end
    while start < end and text[start] in " \t\n\r\u00a0,;":
        start += 1
    while end > start and text[end - 1] in " \t\n\r\u00a0,;":
        end -= 1
    floor = floors.get(seg.item, 0)
    topic_at = _topic(segs, hit)
    topic = segs[topic_at].text if topic_at >= 0 else ""
    title = titles.build(hit, seg.text, seg.start, topic)
    due = _due(hit, text, meeting)
    said = re.sub(r"\s+", " ", due.text) if due else ""  # a due phrase wrapped over two lines of PDF text
    if len(said) > 3 and said in title:
        title = titles.tidy(title.replace(" " + said, "", 1))
    kind = hit.kind or kinds.classify(title, seg.text)
    if hit.rule in ("request", "resolution") and hit.verb in ("consider", "review", "note", "adopt", "implement") and \
            re.search(r"(?i)\b(?:cabinet|council|executive|government|minister|icb|trust|partnership|board)\b", hit.owner):
        kind = "recommendation_to_another_body"  # the committee asks another body to weigh something
    raw_owner = hit.owner or ("" if hit.passive or hit.rule in ("request", "resolution", "question_offer", "question_date") else hit.subject)
    owner = people.owner_for(raw_owner, hit.anchor, floor, cast)
    if hit.verb == "receive" and re.fullmatch(r"(?i)(?:the\s+)?(?:committee|panel|board|sub-committee|commission)", owner):
        owner = ""  # 'the Panel receive an update': the Panel is owed the update; whoever presents it owes it
    if not owner and kind == recommendations.KIND:
        owner = body  # the committee makes its own recommendations (its chair or scrutiny officer sends them)
    if not owner and hit.rule == "question_offer":  # 'A. The Head of Finance would circulate this.'
        owner = people.owner_for(agreement.answerer(seg.text[max(0, hit.anchor - seg.start):]), hit.anchor, floor, cast)
    if not owner and hit.passive and seg.role == "answer":  # 'A. Mr Grainger: The Head of Service ... . A response will be sent.'
        owner = people.owner_for(people.antecedent(text, start, _block_start(segs, hit.seg)), start, floor, cast)
    if not owner and hit.rule in ("question_offer", "question_date") and hit.topic_from >= 0:
        owner = people.owner_for(people.presenter(text, floor, start), start, floor, cast)
    block_start = min(_block_start(segs, hit.seg), segs[topic_at].start if topic_at >= 0 else seg.start)
    raised = hit.raised_by or people.asker(text, block_start, max(hit.anchor, start))
    if not raised and (hit.resolution or hit.rule == "recommendation"):
        raised = body
    if not raised and hit.rule.startswith("question"):
        raised = "a member"
    prev = segs[hit.seg - 1].text if hit.seg > 0 and segs[hit.seg - 1].block == seg.block else ""
    follow = bool(replies.FOLLOW_UP.search(text[start:end]) or replies.FOLLOW_UP.search(prev))
    conf = hit.confidence + (0.03 if owner else -0.03) + (0.02 if due else 0.0)
    if re.search(r"\b(?:likely|might|may|possibly|perhaps|hoped)\b", text[start:end]):
        conf -= 0.15
    return Suggestion(
        title=title, owner=owner, raised_by=people.lower_article(raised),
        kind=kind, due_date=due.when if due else None, due_text=due.text if due else "",
        due_next_meeting=bool(due and due.next_meeting), minute_ref=hit.ref or seg.ref, source_text=text[start:end],
        source_start=start, source_end=end, confidence=round(max(0.05, min(0.99, conf)), 2), follow_up=follow)


def extract(text: str, meeting_date: date | None = None) -> list[Suggestion]:
    """Suggested undertakings in the text of minutes, in the order they appear."""
    segs = segment(text)
    cast = people.Cast(text)
    body = _body(text)
    floors: dict[int, int] = {}
    for s in segs:
        floors.setdefault(s.item, s.start)
    hits: list[Hit] = []
    for i in range(len(segs)):
        hits.extend(_best([h for h in _sentence_hits(segs, i) if not filters.reject(h, _part(segs[i], h))]))
    hits = replies.met(hits, segs)
    replies.taken_on(hits, segs)
    hits.extend(tables.find(text, segs, meeting_date))
    for target, owner, _marker in tables.markers(text, segs):
        marked = [h for h in hits if h.seg == target]
        if not marked and segs[target].role not in ("heading", "row"):
            marked = [Hit(target, segs[target].start, segs[target].end, "marker", 0.7, segs[target].start,
                          title=tables.marker_title(segs[target].text))]
            hits.extend(marked)
        for h in marked:
            h.owner = owner
            h.confidence = min(0.99, h.confidence + 0.1)
    decisions = _decisions(segs)
    found = [merging.Found(_suggestion(h, text, segs, meeting_date, cast, body, floors), segs[h.seg].item, segs[h.seg].block, h.seg,
                           h.rule, h.resolution, decisions[h.seg], _words(h, text, segs)) for h in hits]
    return merging.merge(found)


def _decisions(segs: list[Segment]) -> list[int]:
    """For each sentence, the decision it is a part of: a run of resolution sentences in one item, a new one at each
    'RESOLVED'; -1 for a sentence of discussion."""
    out, n = [], -1
    for i, seg in enumerate(segs):
        if not seg.resolution:
            out.append(-1)
            continue
        prev = segs[i - 1] if i else None
        if prev is None or not prev.resolution or prev.item != seg.item or re.match(r"(?i)\W*(?:resolved|agreed|decided)\b", seg.text):
            n += 1
        out.append(n)
    return out


def _words(hit: Hit, text: str, segs: list[Segment]) -> frozenset[str]:
    """The words of what was said and of the question or request it answers."""
    at = _topic(segs, hit)
    return likeness.words_of(text[hit.start:hit.end] + " " + (segs[at].text if at >= 0 else ""))
