"""Update links and the chaser's e-mails, without a store or a mail server."""

from __future__ import annotations

from datetime import date, datetime, timezone
from uuid import uuid4

import pytest
import time_machine

from events.letters import chase_letter, ordinal, when_text
from events.links import ExpiredLinkError, TamperedLinkError, UpdateLinks
from events.mail import MailError, MemoryMailer, Message
from tracker.domain.chasing import Stage

PERSON = uuid4()


def test_a_link_names_one_person_and_one_action_and_says_when_it_was_made() -> None:
    links = UpdateLinks("secret", "https://tracker.example.gov.uk/")
    with time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=timezone.utc), tick=False):
        url = links.url(PERSON, "hosc-0042")
        claim = links.read(url.rsplit("/", 1)[1])
    assert url.startswith("https://tracker.example.gov.uk/update/")
    assert (claim.person_id, claim.reference, claim.issued_at) == (
        PERSON, "HOSC-0042", datetime(2026, 3, 2, 10, tzinfo=timezone.utc))


def test_a_changed_or_foreign_link_is_refused() -> None:
    token = UpdateLinks("secret", "https://x").token(PERSON, "HOSC-0042")
    with pytest.raises(TamperedLinkError, match="changed"):
        UpdateLinks("secret", "https://x").read(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    with pytest.raises(TamperedLinkError):
        UpdateLinks("another secret", "https://x").read(token)
    with pytest.raises(TamperedLinkError):
        UpdateLinks("secret", "https://x").read("not-a-link")


def test_a_link_works_for_thirty_days_and_then_says_whose_it_was() -> None:
    links = UpdateLinks("secret", "https://x")
    with time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=timezone.utc), tick=False) as clock:
        token = links.token(PERSON, "HOSC-0042")
        clock.move_to(datetime(2026, 3, 31, 10, tzinfo=timezone.utc))
        assert links.read(token).reference == "HOSC-0042"
        clock.move_to(datetime(2026, 4, 2, 10, tzinfo=timezone.utc))
        with pytest.raises(ExpiredLinkError, match="30 days") as expired:
            links.read(token)
    assert expired.value.claim is not None and expired.value.claim.reference == "HOSC-0042"


def item(reference: str, stage: Stage, **extra: object) -> dict:
    return {"reference": reference, "title": "Send the figures", "stage": stage, "committee_name": "Health Overview "
            "and Scrutiny Committee", "origin": "HOSC, 26 January 2023", "minute_ref": "13.1", "source_quote": "",
            "last_update": "", "when": "Due today.", "link": f"https://x/update/{reference}", **extra}


def test_one_letter_lists_every_action_and_leads_with_the_most_pressing() -> None:
    letter = chase_letter(owner={"name": "Director of Public Health"}, escalated=False, escalate_after=3,
                          senior=False, clerk={"name": "Scrutiny Officer", "email": "scrutiny@council.test"},
                          authority="Worcestershire County Council",
                          items=[item("HOSC-0002", Stage.REMINDER), item("HOSC-0001", Stage.OVERDUE)])
    assert letter.subject == "Overdue: 2 actions you owe to the Health Overview and Scrutiny Committee"
    assert "Dear Director of Public Health," in letter.text
    assert "1. HOSC-0002: Send the figures" in letter.text and "2. HOSC-0001: Send the figures" in letter.text
    assert "https://x/update/HOSC-0001" in letter.text and 'href="https://x/update/HOSC-0001"' in letter.html
    assert "contact Scrutiny Officer at scrutiny@council.test" in letter.text


def test_text_from_the_minutes_is_escaped_in_the_html_letter() -> None:
    letter = chase_letter(owner={"name": "<b>Owner</b>"}, escalated=False, escalate_after=3, senior=False,
                          clerk=None, authority="", items=[item("HOSC-0001", Stage.DUE,
                                                                source_quote='<script>alert("x")</script>')])
    assert "<script>" not in letter.html and "&lt;script&gt;" in letter.html and "&lt;b&gt;Owner" in letter.html
    assert '"<script>alert("x")</script>"' in letter.text  # plain text is plain


def test_an_escalated_letter_says_who_has_been_told() -> None:
    letter = chase_letter(owner={"name": "Director"}, escalated=True, escalate_after=3, senior=True, clerk=None,
                          authority="", items=[item("HOSC-0001", Stage.ESCALATION)])
    assert letter.subject.startswith("Escalated: HOSC-0001")
    assert "chased 3 times or more since falling due, the committee's clerk and chair and your named senior " \
           "contact have been told" in letter.text


@pytest.mark.parametrize(("stage", "number", "due", "today", "expected"), [
    (Stage.REMINDER, 1, date(2026, 3, 9), date(2026, 3, 2), "Due on 9 March 2026: this is a reminder."),
    (Stage.DUE, 1, date(2026, 3, 9), date(2026, 3, 9), "Due today."),
    (Stage.DUE, 1, date(2026, 3, 7), date(2026, 3, 6), "Due on 7 March 2026."),
    (Stage.OVERDUE, 1, date(2026, 3, 9), date(2026, 3, 10),
     "Overdue: it was due on 9 March 2026, 1 day ago. This is the 1st reminder since it fell due."),
    (Stage.ESCALATION, 4, date(2026, 3, 9), date(2026, 4, 2),
     "Overdue: it was due on 9 March 2026, 24 days ago. This is the 4th reminder since it fell due."),
])
def test_each_chase_says_plainly_when_it_was_due(stage: Stage, number: int, due: date, today: date, expected: str) -> None:
    assert when_text(stage, number, due, today) == expected


def test_ordinals_read_as_people_say_them() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"]


def test_the_fake_mailer_keeps_what_it_sends_and_fails_when_told() -> None:
    mailer = MemoryMailer()
    message = Message("<1@x>", "a@x", ("b@x",), (), "Subject", "text", "<p>html</p>")
    mailer.send(message)
    assert mailer.sent == [message]
    mailer.fail = "connection refused"
    with pytest.raises(MailError, match="refused"):
        mailer.send(message)
    email = message.as_email()
    assert email["Message-ID"] == "<1@x>" and email["Auto-Submitted"] == "auto-generated"
    assert email.get_body(preferencelist=("html",)).get_content().strip() == "<p>html</p>"
