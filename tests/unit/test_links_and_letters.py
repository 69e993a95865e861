"""Update links and the chaser's e-mails, without a store or a mail server."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from uuid import uuid4

import pytest
import time_machine

from events.compose import address
from events.letters import chase_letter, digest_letter, notice_letter, ordinal, origin_text, render, when_text
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
    return {"action_id": reference, "committee_id": "c1", "owner_id": "p1", "reference": reference,
            "title": "Send the figures", "stage": stage.value, "number": 1, "due": "2026-03-09",
            "origin": "HOSC, 26 January 2023", "minute_ref": "13.1", "source_quote": "", "last_update": "",
            "link": f"https://x/update/{reference}", **extra}


HOSC = "Health Overview and Scrutiny Committee"
CLERK = {"name": "Scrutiny Officer", "email": "scrutiny@council.test"}


def committee(*items: dict, name: str = HOSC, clerk: dict | None = CLERK) -> dict:
    return {"id": name, "name": name, "authority": "Worcestershire County Council", "clerk": clerk,
            "items": list(items)}


def test_one_letter_lists_every_action_and_leads_with_the_most_pressing() -> None:
    letter = chase_letter(owner={"name": "Director of Public Health"}, today=date(2026, 3, 16),
                          committees=[committee(item("HOSC-0002", Stage.REMINDER, due="2026-03-20"),
                                                item("HOSC-0001", Stage.OVERDUE))])
    assert letter.subject == "Overdue: 2 actions you owe to the Health Overview and Scrutiny Committee"
    assert "Dear Director of Public Health," in letter.text
    assert "1. HOSC-0002: Send the figures" in letter.text and "2. HOSC-0001: Send the figures" in letter.text
    assert "Overdue: it was due on 9 March 2026, 7 days ago. This is the 1st reminder since it fell due." in letter.text
    assert "https://x/update/HOSC-0001" in letter.text and 'href="https://x/update/HOSC-0001"' in letter.html
    assert "contact Scrutiny Officer, the committee's clerk, at scrutiny@council.test" in letter.text


def test_an_owner_of_two_committees_gets_one_letter_grouped_by_committee_each_with_its_clerk() -> None:
    osc = committee(item("OSC-0001", Stage.DUE, due="2026-03-16"), name="Overview and Scrutiny Committee",
                    clerk={"name": "Democratic Services Officer", "email": "dso@district.test"})
    letter = chase_letter(owner={"name": "Director"}, today=date(2026, 3, 16),
                          committees=[committee(item("HOSC-0001", Stage.REMINDER, due="2026-03-20")), osc])
    assert letter.subject == "Due today: 2 actions you owe to 2 committees"
    text = letter.text
    assert text.index(HOSC) < text.index("HOSC-0001") < text.index("\nOverview and Scrutiny Committee (") < \
        text.index("2. OSC-0001: Send the figures")
    assert "Questions about these to its clerk, Scrutiny Officer, at scrutiny@council.test." in text
    assert "Questions about these to its clerk, Democratic Services Officer, at dso@district.test." in text
    assert "reply to this e-mail: it goes to the clerks named above" in text


def test_text_from_the_minutes_is_escaped_in_the_html_letter() -> None:
    letter = chase_letter(owner={"name": "<b>Owner</b>"}, today=date(2026, 3, 9), committees=[committee(
        item("HOSC-0001", Stage.DUE, source_quote='<script>alert("x")</script>'))])
    assert "<script>" not in letter.html and "&lt;script&gt;" in letter.html and "&lt;b&gt;Owner" in letter.html
    assert '"<script>alert("x")</script>"' in letter.text  # plain text is plain


def test_an_escalated_letter_names_who_was_told_and_says_nothing_of_a_chair_there_is_not() -> None:
    told = [{"name": "Scrutiny Officer", "as": "clerk"}, {"name": "Chief Executive of the ICB", "as": "senior contact"}]
    letter = chase_letter(owner={"name": "Director"}, today=date(2026, 4, 2), committees=[committee(
        item("HOSC-0001", Stage.ESCALATION, number=4, copied=told))])
    assert letter.subject.startswith("Escalated: HOSC-0001")
    assert ("Because it is still outstanding after 3 reminders, Scrutiny Officer (the committee's clerk) and Chief "
            "Executive of the ICB (your senior contact) have been told.") in letter.text
    assert "chair" not in letter.text and "chair" not in letter.html


@pytest.mark.parametrize(("number", "expected"), [
    (1, "Because it is overdue, Scrutiny Officer (the committee's clerk) has been told."),  # escalate_after 0
    (2, "Because it is still outstanding after 1 reminder, Scrutiny Officer (the committee's clerk) has been told."),
])
def test_escalating_soon_after_the_due_date_reads_as_plain_english(number: int, expected: str) -> None:
    letter = chase_letter(owner={"name": "Director"}, today=date(2026, 4, 2), committees=[committee(
        item("HOSC-0001", Stage.ESCALATION, number=number, copied=[{"name": "Scrutiny Officer", "as": "clerk"}]))])
    assert expected in letter.text
    assert not re.search(r"\b[01] times\b|\b1 reminders\b", letter.text + letter.html)


@pytest.mark.parametrize(("today", "subject"), [
    (date(2023, 1, 12), "Due on Saturday 14 January: HOSC-0001 Send the figures"),
    (date(2023, 1, 13), "Due tomorrow: HOSC-0001 Send the figures"),  # the Friday before a Saturday due date
    (date(2023, 1, 14), "Due today: HOSC-0001 Send the figures"),
    (date(2023, 1, 16), "Overdue: HOSC-0001 Send the figures"),  # held up by the mail server until Monday
])
def test_the_due_date_reminders_subject_is_true_on_the_day_it_goes(today: date, subject: str) -> None:
    letter = chase_letter(owner={"name": "Director"}, today=today, committees=[committee(
        item("HOSC-0001", Stage.DUE, due="2023-01-14"))])
    assert letter.subject == subject


def test_a_letter_kept_as_plain_data_is_worded_again_for_a_later_day() -> None:
    data = {"kind": "chase", "args": {"owner": {"name": "Director"}, "committees": [committee(
        item("HOSC-0001", Stage.DUE, due="2023-01-13"))]}}
    friday, monday = render(data, date(2023, 1, 13)), render(data, date(2023, 1, 16))
    assert friday.subject.startswith("Due today:") and "Due today." in friday.text
    assert monday.subject.startswith("Overdue:") and "Due today" not in monday.text + monday.html
    assert "it was due on 13 January 2023, 3 days ago" in monday.text


def test_the_notice_tells_someone_without_an_account_whom_to_ask_and_carries_no_update_link() -> None:
    escalated = {**item("HOSC-0001", Stage.ESCALATION, number=4), "link": None,
                 "owner": {"name": "Director of ICS Development", "job_title": "", "organisation": "The ICB"},
                 "told_as": "senior contact", "copied": [{"name": "Scrutiny Officer", "as": "clerk"}]}
    del escalated["link"]
    letter = notice_letter(recipient={"name": "Chief Executive of the ICB", "email": "ceo@icb.test"},
                           committees=[committee(escalated)], page_url="https://x/actions/", today=date(2026, 4, 2))
    text = letter.text
    assert letter.subject == "Escalated to you: HOSC-0001 Send the figures"
    assert "Owed by Director of ICS Development, The ICB" in text
    assert "Its owner has been reminded 4 times since it fell due." in text
    assert "You are told as the owner's senior contact; also told: Scrutiny Officer (the committee's clerk)." in text
    assert "Its history, if you have an account on the tracker: https://x/actions/HOSC-0001" in text
    assert ("If you have none, reply to this e-mail to ask about it or to say what is being done: it goes to "
            "Scrutiny Officer (scrutiny@council.test), the committee's clerk.") in text
    assert "/update/" not in text + letter.html


def test_a_meetings_date_is_not_repeated_when_its_title_has_it() -> None:
    held = date(2022, 12, 5)
    assert origin_text("HOSC 5 December 2022", held) == "HOSC 5 December 2022"
    assert origin_text("Health Overview and Scrutiny Committee - 5th Dec 2022", held).endswith("5th Dec 2022")
    assert origin_text("HOSC meeting 05/12/2022", held) == "HOSC meeting 05/12/2022"
    assert origin_text("HOSC", held) == "HOSC, 5 December 2022"
    assert origin_text("HOSC 5 December 2021 (adjourned)", held) == "HOSC 5 December 2021 (adjourned), 5 December 2022"


def test_the_digest_counts_days_and_chases_in_the_singular_when_there_is_one() -> None:
    row = {"reference": "HOSC-0001", "title": "Send the figures", "owner_name": "Director", "due_text": "6 March 2026",
           "days_overdue": 1, "chases": 1}
    letter = digest_letter({"committee": {"name": HOSC}, "day_text": "Saturday 7 March 2026", "overdue": [row],
                            "due_soon": [], "horizon": 5, "extensions": [], "chases": [], "stuck": [], "log_url": "x"})
    assert "(Director; due 6 March 2026, 1 day overdue; chased 1 time)" in letter.text
    assert "1 days" not in letter.text + letter.html and "1 times" not in letter.text + letter.html


@pytest.mark.parametrize(("stage", "number", "due", "today", "expected"), [
    (Stage.REMINDER, 1, date(2026, 3, 9), date(2026, 3, 2), "Due on 9 March 2026: this is a reminder."),
    (Stage.DUE, 1, date(2026, 3, 9), date(2026, 3, 9), "Due today."),
    (Stage.DUE, 1, date(2026, 3, 7), date(2026, 3, 6), "Due tomorrow, Saturday 7 March 2026."),
    (Stage.DUE, 1, date(2026, 3, 8), date(2026, 3, 6), "Due on Sunday 8 March 2026."),
    (Stage.DUE, 1, date(2026, 3, 6), date(2026, 3, 9), "Overdue: it was due on 6 March 2026, 3 days ago."),
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


def test_addresses_carry_the_persons_name_and_the_envelope_only_the_addresses() -> None:
    assert address({"name": "Director of ICS Development", "email": "director@icb.test"}) == \
        "Director of ICS Development <director@icb.test>"
    assert address({"name": "Roberts, Alison", "email": "a.roberts@nhs.test"}) == '"Roberts, Alison" <a.roberts@nhs.test>'
    assert address({"name": "Nobody", "email": None}) == ""
    message = Message("<1@x>", "Tracker <t@x>", ('"Roberts, Alison" <a.roberts@nhs.test>',), ("Zoë Clerk <z@x>",),
                      "Subject", "text", "<p>html</p>")
    assert message.recipients == ["a.roberts@nhs.test", "z@x"]
    assert str(message.as_email()["To"]) == '"Roberts, Alison" <a.roberts@nhs.test>'
