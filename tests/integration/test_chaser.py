"""The chaser against a real SMTP server on localhost, on SQLite and on PostgreSQL: what arrives, to whom,
exactly once, whatever happens to the runs and the mail server."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import time_machine

from config.settings import Settings
from events.chaser import Chaser, as_if_at_ten
from events.view import stamp
from tests.mailcatcher import MailCatcher
from tracker.domain.action import Action
from tracker.domain.calendar import LONDON, to_london
from tracker.domain.chasing import ChasePolicy
from web.services import Services

CLERK = "user:clerk@example.org"
MONDAY = date(2023, 3, 6)  # the chase runs below act as at 10:00 on days of March 2023


@pytest.fixture
def catcher() -> Iterator[MailCatcher]:
    server = MailCatcher().start()
    yield server
    server.stop()


@pytest.fixture
def mailed_settings(settings: Settings, catcher: MailCatcher) -> Settings:
    return dataclasses.replace(settings, smtp_host="127.0.0.1", smtp_port=catcher.port,
                               public_base_url="http://tracker.test", mail_from="Scrutiny <scrutiny@council.test>")


@pytest.fixture
def s(mailed_settings: Settings, services_for: Any) -> Iterator[Services]:
    """The tracker sending mail to the catcher (with its projection runner on PostgreSQL)."""
    with services_for(mailed_settings) as built:
        yield built


def people_and_actions(s: Services) -> dict[str, Any]:
    """HOSC with a clerk and a chair; a director (with a senior contact) owing two actions, Healthwatch one."""
    t = s.tracker
    add = lambda name, email, **kw: t.add_person(actor=CLERK, name=name, email=email, **kw)  # noqa: E731
    clerk = add("Scrutiny Officer", "scrutiny@council.test")
    chair = add("Chairman of the HOSC", "chair@council.test")
    senior = add("Chief Executive of the ICB", "ceo@icb.test")
    director = add("Director of ICS Development", "director@icb.test", organisation="The ICB", senior_contact_id=senior)
    healthwatch = add("Chief Executive of Healthwatch", "ce@healthwatch.test")
    t.register_committee(actor=CLERK, short_name="HOSC", name="Health Overview and Scrutiny Committee",
                         authority="Worcestershire County Council", clerk_id=clerk, chair_id=chair)
    meeting = t.schedule_meeting(actor=CLERK, committee="HOSC", title="HOSC 26 January 2023",
                                 starts_at=datetime(2023, 1, 26, 10, tzinfo=timezone.utc))
    log = lambda title, owner, due, quote="": t.log_action(  # noqa: E731
        actor=CLERK, committee="HOSC", meeting_id=meeting, minute_ref="13.1", title=title, owner_id=owner,
        kind="information_request", due=due, source_quote=quote)
    return {
        "clerk": clerk, "chair": chair, "senior": senior, "director": director, "healthwatch": healthwatch,
        "overdue": log("Provide comparative performance data", director, date(2023, 3, 1),
                       "the Director undertook to provide further information"),
        "soon": log("Map out the Place Based Partnerships", director, date(2023, 3, 10)),
        "later": log("Send the engagement plan", healthwatch, date(2023, 4, 28)),
    }


def chases_recorded(s: Services, reference: str) -> list[str]:
    return [f"{e.due_date}/{e.stage}/{e.number}" for e in s.tracker.action_events(reference)
            if isinstance(e, Action.Chased)]


def run_on(s: Services, day: date) -> Any:
    return Chaser(s, s.outbox).run(as_if_at_ten(day))


def test_an_owner_gets_one_email_listing_what_is_due_with_a_link_for_each(s: Services, catcher: MailCatcher) -> None:
    data = people_and_actions(s)
    report = run_on(s, MONDAY)
    assert len(report.recorded) == 2 and report.delivered is not None and len(report.delivered.sent) == 1

    [mail] = catcher.wait_for(1)
    assert mail.rcpt_tos == ["director@icb.test"]
    assert mail.email["To"] == "Director of ICS Development <director@icb.test>" and mail.email["Cc"] is None
    assert mail.email["Reply-To"] == "Scrutiny Officer <scrutiny@council.test>"
    assert mail.subject == "Overdue: 2 actions you owe to the Health Overview and Scrutiny Committee"
    assert mail.message_id.endswith("@council.test>")
    text = mail.text
    assert "HOSC-0001: Provide comparative performance data" in text
    assert "Overdue: it was due on 1 March 2023, 5 days ago" in text
    assert '"the Director undertook to provide further information"' in text
    assert "From the minutes of HOSC 26 January 2023, minute 13.1" in text  # the title has the date already
    assert "HOSC-0002: Map out the Place Based Partnerships" in text and "Due on 10 March 2023: this is a reminder" in text
    assert "HOSC-0001: Provide comparative performance data" in mail.html

    # Each link opens that action for that person, and nobody else's.
    links = [line.strip() for line in text.splitlines() if line.strip().startswith("http://tracker.test/update/")]
    claims = [s.links.read(link.rsplit("/", 1)[1]) for link in links]
    assert [(str(c.person_id), c.reference) for c in claims] == [(str(data["director"]), "HOSC-0001"),
                                                                 (str(data["director"]), "HOSC-0002")]

    # The chases are on the actions, and a second run the same day finds nothing more to do.
    assert chases_recorded(s, "HOSC-0001") == ["2023-03-01/overdue/1"]
    assert chases_recorded(s, "HOSC-0002") == ["2023-03-10/reminder/1"]
    assert run_on(s, MONDAY).recorded == []
    assert len(catcher.messages) == 1
    timeline = s.history.timeline("HOSC-0001")
    assert timeline[-1]["label"] == "Chased" and timeline[-1]["actor_name"] == "the chaser"
    assert timeline[-1]["summary"] == ("Overdue chase 1 (it was due on 1 March 2023); "
                                       "e-mailed to Director of ICS Development.")


def test_after_three_overdue_chases_the_clerk_the_chair_and_the_senior_contact_are_told_without_the_link(
        s: Services, catcher: MailCatcher) -> None:
    people_and_actions(s)
    for day in (date(2023, 3, 2), date(2023, 3, 9), date(2023, 3, 16)):  # overdue chases 1, 2 and 3
        run_on(s, day)
    before = len(catcher.messages)
    run_on(s, date(2023, 3, 23))
    new = catcher.wait_for(before + 4)[before:]
    [to_owner] = [m for m in new if m.rcpt_tos == ["director@icb.test"]]
    notices = {m.rcpt_tos[0]: m for m in new if m is not to_owner}

    # The owner alone gets the e-mail with the update link, and is told by name who else knows, and why.
    # One e-mail for everything the owner owes, led by the escalated item.
    assert to_owner.subject == "Escalated: 2 actions you owe to the Health Overview and Scrutiny Committee"
    assert to_owner.email["Cc"] is None and "/update/" in to_owner.text and "HOSC-0002" in to_owner.text
    assert ("Because it is still outstanding after 3 reminders, Scrutiny Officer (the committee's clerk), Chairman of "
            "the HOSC (the committee's chair) and Chief Executive of the ICB (your senior contact) have been told.") \
        in " ".join(to_owner.text.split())

    # Each person copied in gets a notice of their own, with the action's history page but no update link: a link
    # lets whoever holds it act as the owner.
    assert sorted(notices) == ["ceo@icb.test", "chair@council.test", "scrutiny@council.test"]
    assert all(len(m.rcpt_tos) == 1 for m in notices.values())
    senior = notices["ceo@icb.test"]
    assert senior.subject == "Escalated to you: HOSC-0001 Provide comparative performance data"
    assert senior.email["To"] == "Chief Executive of the ICB <ceo@icb.test>"
    assert "/update/" not in senior.text and "/update/" not in senior.html
    assert "Owed by Director of ICS Development, The ICB" in senior.text
    assert "You are told as the owner's senior contact" in senior.text
    assert "Its history, if you have an account on the tracker: http://tracker.test/actions/HOSC-0001" in senior.text
    assert "If you have none, reply to this e-mail" in senior.text  # most senior contacts have no account
    assert senior.email["Reply-To"] == "Scrutiny Officer <scrutiny@council.test>"
    assert notices["scrutiny@council.test"].email["Reply-To"] is None  # the clerk is not asked to write to themselves
    assert chases_recorded(s, "HOSC-0001")[-1] == "2023-03-01/escalation/4"
    assert [r["as"] for r in s.read.query("chases", action_id=str(s.tracker.action("HOSC-0001")["id"]))[0]
            ["recipients"]] == ["owner", "clerk", "chair", "senior contact"]


def test_an_escalation_for_a_committee_without_a_chair_says_only_who_was_told(s: Services, catcher: MailCatcher) -> None:
    t = s.tracker
    clerk = t.add_person(actor=CLERK, name="Democratic Services Officer", email="dso@district.test")
    owner = t.add_person(actor=CLERK, name="Head of Adult Social Care", email="hasc@district.test")
    t.register_committee(actor=CLERK, short_name="OSC", name="Overview and Scrutiny Committee", authority="A district",
                         clerk_id=clerk)
    t.change_chase_policy("OSC", actor=CLERK, policy=ChasePolicy(escalate_after=0))
    t.log_action(actor=CLERK, committee="OSC", title="Explain the discharge delays", owner_id=owner,
                 kind="information_request", due=date(2023, 3, 1))
    run_on(s, MONDAY)
    mails = catcher.wait_for(2)
    to_owner = next(m for m in mails if m.rcpt_tos == ["hasc@district.test"])
    assert "Because it is overdue, Democratic Services Officer (the committee's clerk) has been told." in \
        " ".join(to_owner.text.split())
    assert "chair" not in to_owner.text and " 0 times" not in to_owner.text
    assert [m.rcpt_tos for m in mails if m is not to_owner] == [["dso@district.test"]]


def test_an_owner_of_two_committees_gets_one_email_listing_both_each_with_its_own_clerk(
        s: Services, catcher: MailCatcher) -> None:
    data = people_and_actions(s)
    t = s.tracker
    other_clerk = t.add_person(actor=CLERK, name="Democratic Services Officer", email="dso@district.test")
    t.register_committee(actor=CLERK, short_name="OSC", name="Overview and Scrutiny Committee", authority="A district",
                         clerk_id=other_clerk)
    t.log_action(actor=CLERK, committee="OSC", title="Explain the discharge delays", owner_id=data["director"],
                 kind="information_request", due=date(2023, 3, 1))
    report = run_on(s, MONDAY)
    assert len(report.recorded) == 3 and len(report.delivered.sent) == 1
    time.sleep(0.3)  # a second e-mail would be arriving now
    [mail] = catcher.wait_for(1)
    assert mail.rcpt_tos == ["director@icb.test"]
    assert mail.subject == "Overdue: 3 actions you owe to 2 committees"
    assert mail.email["Reply-To"] == ("Scrutiny Officer <scrutiny@council.test>, "
                                      "Democratic Services Officer <dso@district.test>")
    text = mail.text
    assert text.index("Health Overview and Scrutiny Committee (Worcestershire County Council)") < \
        text.index("HOSC-0001") < text.index("\nOverview and Scrutiny Committee (A district)") < text.index(" OSC-0001:")
    assert "Questions about these to its clerk, Democratic Services Officer, at dso@district.test." in text
    assert "Questions about these to its clerk, Scrutiny Officer, at scrutiny@council.test." in text
    assert "Overview and Scrutiny Committee" in mail.html and "dso@district.test" in mail.html


def test_a_link_sent_to_an_address_since_corrected_no_longer_works(s: Services, catcher: MailCatcher) -> None:
    data = people_and_actions(s)
    run_on(s, MONDAY)
    [mail] = catcher.wait_for(1)
    token = next(line.strip() for line in mail.text.splitlines() if "/update/" in line).rsplit("/", 1)[1]
    claim = s.links.read(token)
    assert claim.sent_to("director@icb.test")
    s.tracker.correct_person(data["director"], actor=CLERK, email="director.ics@icb.test")
    assert not claim.sent_to("director.ics@icb.test")


def test_a_new_link_is_emailed_on_request_and_not_twice_in_a_few_minutes(s: Services, catcher: MailCatcher) -> None:
    from tracker.domain.errors import RuleError

    data = people_and_actions(s)
    asked = datetime.now(timezone.utc)
    s.tracker.send_update_link("HOSC-0003", actor=CLERK, now=asked)
    with pytest.raises(RuleError, match="a few minutes ago"):
        s.tracker.send_update_link("HOSC-0003", actor=CLERK, now=asked + timedelta(minutes=3))
    assert len(s.outbox.flush(as_if_at_ten(MONDAY)).sent) == 1  # sent in office hours
    [mail] = catcher.wait_for(1)
    assert mail.rcpt_tos == ["ce@healthwatch.test"]
    assert mail.subject == "Your link to update HOSC-0003: Send the engagement plan"
    link = next(line.strip() for line in mail.text.splitlines() if "/update/" in line)
    claim = s.links.read(link.rsplit("/", 1)[1])
    assert (str(claim.person_id), claim.reference) == (str(data["healthwatch"]), "HOSC-0003")
    assert s.history.timeline("HOSC-0003")[-1]["label"] == "New update link e-mailed"
    nobody = s.tracker.add_person(actor=CLERK, name="Head of Commissioning")
    s.tracker.reassign("HOSC-0003", actor=CLERK, owner_id=nobody, reason="Moved")
    with pytest.raises(RuleError, match="no e-mail address"):
        s.tracker.send_update_link("HOSC-0003", actor=CLERK, now=asked + timedelta(hours=1))


def test_a_chase_recorded_on_friday_by_a_run_that_died_before_mailing_it_goes_on_monday(
        s: Services, catcher: MailCatcher) -> None:
    people_and_actions(s)
    friday = datetime(2023, 3, 10, 16, 50, tzinfo=LONDON)
    with time_machine.travel(friday, tick=False):
        planned, _ = Chaser(s, s.outbox).plan(friday)
        s.tracker.record_chases(planned, actor="system:chaser", on=friday.date())  # ... and the run died here
    assert sorted(p.reference for p in planned) == ["HOSC-0001", "HOSC-0002"]  # overdue 1; due on the day

    monday = datetime(2023, 3, 13, 9, 0, tzinfo=LONDON)
    with time_machine.travel(monday, tick=False):
        report = Chaser(s, s.outbox).run(monday)
    # Monday's run chases HOSC-0002 as overdue, which replaces Friday's reminder of its due date; Friday's overdue
    # chase of HOSC-0001 goes as it is: one e-mail, worded for Monday.
    assert [p.reference for p in report.recorded] == ["HOSC-0002"] and len(report.delivered.sent) == 1
    [mail] = catcher.wait_for(1)
    assert mail.subject == "Overdue: 2 actions you owe to the Health Overview and Scrutiny Committee"
    assert "Overdue: it was due on 1 March 2023, 12 days ago" in mail.text
    assert "Overdue: it was due on 10 March 2023, 3 days ago. This is the 1st reminder" in mail.text
    assert "Due today" not in mail.text
    [replaced] = s.outbox.view.messages(status=("dropped",))
    assert replaced["note"] == "a later chase of HOSC-0002 replaced it"
    assert s.outbox.view.chase_state(str(s.tracker.action("HOSC-0001")["id"]), "2023-03-01", "overdue", 1)[0] == "sent"


def test_a_late_chase_of_an_action_completed_meanwhile_is_not_sent_and_says_why(s: Services, catcher: MailCatcher) -> None:
    people_and_actions(s)
    friday = datetime(2023, 3, 10, 16, 50, tzinfo=LONDON)
    with time_machine.travel(friday, tick=False):
        planned, _ = Chaser(s, s.outbox).plan(friday)
        s.tracker.record_chases([p for p in planned if p.reference == "HOSC-0001"], actor="system:chaser",
                                on=friday.date())
        s.tracker.complete("HOSC-0001", actor="user:director@icb.test", response="Sent to members on Friday")
    assert s.outbox.flush(datetime(2023, 3, 13, 9, 0, tzinfo=LONDON)).sent == []
    assert catcher.messages == []
    [note] = s.outbox.view.messages(status=("dropped",), committee_id=str(s.tracker.committee("HOSC")["id"]))
    assert note["subject"] == "Overdue: HOSC-0001 Provide comparative performance data"
    assert note["note"] == "HOSC-0001 is completed now: nothing more is owed"
    assert note["to_addrs"] == "Director of ICS Development <director@icb.test>"
    assert s.outbox.view.chase_state(str(s.tracker.action("HOSC-0001")["id"]), "2023-03-01", "overdue", 1) == (
        "not sent", "HOSC-0001 is completed now: nothing more is owed")


def test_a_chase_recorded_just_before_the_committee_was_paused_is_not_sent(s: Services, catcher: MailCatcher) -> None:
    people_and_actions(s)
    with time_machine.travel(as_if_at_ten(MONDAY), tick=False):
        planned, _ = Chaser(s, s.outbox).plan(as_if_at_ten(MONDAY))
        s.tracker.record_chases(planned, actor="system:chaser", on=MONDAY)  # and the run died before mailing them
    with time_machine.travel(as_if_at_ten(MONDAY) + timedelta(minutes=20), tick=False):
        s.tracker.pause_committee_chasing("HOSC", actor=CLERK, reason="Purdah before the election")
    assert s.outbox.flush(as_if_at_ten(MONDAY) + timedelta(minutes=30)).sent == []
    notes = sorted(m["note"] for m in s.outbox.view.messages(status=("dropped",)))
    assert notes == ["chasing is paused for the Health Overview and Scrutiny Committee"] * 2


def test_a_message_held_up_by_the_mail_server_over_a_weekend_is_worded_for_the_day_it_goes(
        s: Services, catcher: MailCatcher) -> None:
    people_and_actions(s)
    s.tracker.change_due_date("HOSC-0002", actor=CLERK, due=date(2023, 3, 11), reason="The board meets on Saturday")
    s.tracker.complete("HOSC-0001", actor=CLERK, response="Circulated")
    catcher.stop()
    friday = datetime(2023, 3, 10, 10, 0, tzinfo=LONDON)
    report = Chaser(s, s.outbox).run(friday)
    assert [p.chase.stage.value for p in report.recorded] == ["due"] and report.delivered.failed
    [held] = s.outbox.view.messages(status=("queued",))
    assert held["subject"] == "Due tomorrow: HOSC-0002 Map out the Place Based Partnerships"

    catcher.start()
    monday = datetime(2023, 3, 13, 9, 5, tzinfo=LONDON)
    assert len(s.outbox.deliver(monday).sent) == 1
    [mail] = catcher.wait_for(1)
    assert mail.message_id == held["id"]  # the same message, worded for Monday
    assert mail.subject == "Overdue: HOSC-0002 Map out the Place Based Partnerships"
    assert "it was due on 11 March 2023, 2 days ago" in mail.text and "tomorrow" not in mail.text


def test_a_message_held_up_until_what_it_chases_was_done_is_not_sent(s: Services, catcher: MailCatcher) -> None:
    people_and_actions(s)
    catcher.stop()
    assert Chaser(s, s.outbox).run(as_if_at_ten(MONDAY)).delivered.failed
    s.tracker.complete("HOSC-0001", actor=CLERK, response="Circulated")
    s.tracker.complete("HOSC-0002", actor=CLERK, response="Mapped")
    catcher.start()
    report = s.outbox.deliver(as_if_at_ten(MONDAY + timedelta(days=1)))
    assert report.sent == [] and len(report.dropped) == 1 and catcher.messages == []
    [dropped] = s.outbox.view.messages(status=("dropped",))
    assert dropped["note"] == ("HOSC-0001 is completed now: nothing more is owed; "
                               "HOSC-0002 is completed now: nothing more is owed")
    chased = next(e for e in s.history.timeline("HOSC-0001") if e["event"] == "Chased")
    assert chased["summary"].startswith("Overdue chase 1 (it was due on 1 March 2023); not e-mailed to Director of "
                                        "ICS Development (HOSC-0001 is completed now")


def test_an_update_link_asked_for_while_the_scheduler_was_down_for_days_still_goes(s: Services, catcher: MailCatcher) -> None:
    people_and_actions(s)
    with time_machine.travel(datetime(2023, 3, 8, 15, 0, tzinfo=LONDON), tick=False):
        s.tracker.send_update_link("HOSC-0003", actor=CLERK)
    assert len(s.outbox.flush(as_if_at_ten(MONDAY + timedelta(days=7))).sent) == 1
    [mail] = catcher.wait_for(1)
    assert mail.subject == "Your link to update HOSC-0003: Send the engagement plan"


def test_an_outbox_made_anew_over_an_old_log_sends_none_of_its_history(
        s: Services, mailed_settings: Settings, catcher: MailCatcher) -> None:
    from events.delivery import Outbox
    from events.outbox import HISTORY

    people_and_actions(s)
    planned, _ = Chaser(s, s.outbox).plan(as_if_at_ten(MONDAY))
    s.tracker.record_chases(planned, actor="system:chaser", on=MONDAY)
    s.tracker.send_update_link("HOSC-0003", actor=CLERK)
    s.outbox.view.clear()  # the outbox is lost, and made anew over the log
    anew = Outbox(s.tracker, s.outbox.view, s.read, s.links, s.outbox.mailer, sender=mailed_settings.mail_from,
                  calendar=s.calendar)
    assert anew.flush(as_if_at_ten(MONDAY)).sent == [] and catcher.messages == []
    assert anew.view.counts().get("uncomposed", 0) == 0
    state = anew.view.chase_state(str(s.tracker.action("HOSC-0001")["id"]), "2023-03-01", "overdue", 1)
    assert state == ("not sent", HISTORY.strip("()").removeprefix("not sent: "))

    # What is recorded after it began is sent.
    s.tracker.send_update_link("HOSC-0001", actor=CLERK)
    assert len(anew.flush(as_if_at_ten(MONDAY)).sent) == 1


def test_an_outbox_made_by_an_older_tracker_begins_where_it_had_read(s: Services, catcher: MailCatcher) -> None:
    people_and_actions(s)
    s.outbox.catch_up()  # it had read this far ...
    with s.outbox.view._cursor(commit=True) as c:  # ... before the tracker that remembers where it began
        s.outbox.view._run(c, "DELETE FROM {p}origin")
    planned, _ = Chaser(s, s.outbox).plan(as_if_at_ten(MONDAY))
    s.tracker.record_chases(planned, actor="system:chaser", on=MONDAY)  # recorded while it was being upgraded
    assert len(s.outbox.flush(as_if_at_ten(MONDAY)).sent) == 1


def _env(settings: Settings) -> dict[str, str]:
    return {**os.environ, "TRACKER_INSTANCE": str(settings.instance), "SECRET_KEY": settings.secret_key,
            "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(settings.smtp_port), "PUBLIC_BASE_URL": settings.public_base_url,
            "MAIL_FROM": settings.mail_from, "DATABASE_URL": settings.database_url}


def _chase_process(settings: Settings, day: date) -> subprocess.Popen[bytes]:
    tracker = Path(sys.executable).parent / "tracker"
    return subprocess.Popen([str(tracker), "chase", "--today", day.isoformat()], env=_env(settings),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def many_overdue(s: Services, owners: int, each: int) -> list[str]:
    """owners people, each owing `each` actions overdue since 1 March 2023."""
    t = s.tracker
    t.register_committee(actor=CLERK, short_name="OSB", name="Overview and Scrutiny Board", authority="A council")
    refs = []
    for n in range(owners):
        owner = t.add_person(actor=CLERK, name=f"Officer {n}", email=f"officer{n}@nhs.test")
        refs += [t.log_action(actor=CLERK, committee="OSB", title=f"Report back on item {n}.{k}", owner_id=owner,
                              kind="further_update", due=date(2023, 3, 1)) for k in range(each)]
    return refs


def assert_each_chase_once(s: Services, catcher: MailCatcher, refs: list[str]) -> None:
    for ref in refs:
        assert chases_recorded(s, ref) == ["2023-03-01/overdue/1"], ref
    mentioned = Counter(ref for m in catcher.messages for ref in refs if f"{ref}: " in m.text)
    assert mentioned == Counter({ref: 1 for ref in refs})
    assert len({m.message_id for m in catcher.messages}) == len(catcher.messages)


def test_two_chase_runs_at_the_same_time_chase_each_action_once(
        s: Services, mailed_settings: Settings, catcher: MailCatcher) -> None:
    refs = many_overdue(s, owners=12, each=5)
    runs = [_chase_process(mailed_settings, MONDAY) for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    catcher.wait_for(12)
    time.sleep(0.5)  # anything sent twice would be arriving now
    assert_each_chase_once(s, catcher, refs)
    assert sorted(m.rcpt_tos[0] for m in catcher.messages) == sorted(f"officer{n}@nhs.test" for n in range(12))


def test_a_run_that_crashes_while_recording_chases_sends_the_rest_when_run_again_and_nothing_twice(
        s: Services, catcher: MailCatcher, monkeypatch: pytest.MonkeyPatch) -> None:
    refs = many_overdue(s, owners=10, each=25)
    s.tracker.chase_batch = 100  # 250 chases: three saves
    saves = {"n": 0}
    original = type(s.tracker)._save

    def crash_on_the_second_batch(self: Any, *aggregates: Any, what: str = "It") -> Any:
        if what == "Chases":
            saves["n"] += 1
            if saves["n"] == 2:
                raise RuntimeError("the power went off")
        return original(self, *aggregates, what=what)

    monkeypatch.setattr(type(s.tracker), "_save", crash_on_the_second_batch)
    with pytest.raises(RuntimeError):
        run_on(s, MONDAY)
    done_first = [ref for ref in refs if chases_recorded(s, ref)]
    assert 0 < len(done_first) < len(refs) and catcher.messages == []
    monkeypatch.setattr(type(s.tracker), "_save", original)

    report = run_on(s, MONDAY)
    assert len(report.recorded) == len(refs) - len(done_first)
    catcher.wait_for(10)
    assert_each_chase_once(s, catcher, refs)


def test_a_run_killed_while_sending_sends_the_rest_when_run_again_and_nothing_twice(
        s: Services, mailed_settings: Settings, catcher: MailCatcher) -> None:
    refs = many_overdue(s, owners=8, each=2)
    catcher.hold_at = 4  # the fourth e-mail is in flight when the sender is killed
    first = _chase_process(mailed_settings, MONDAY)
    assert catcher.holding.wait(60), first.communicate(timeout=5)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    catcher.release.set()
    assert len(catcher.messages) == 3

    catcher.hold_at = None
    second = _chase_process(mailed_settings, MONDAY)
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    catcher.wait_for(7)
    time.sleep(0.3)
    # The three sent before the kill are not sent again; the one in flight is still held by the dead sender's
    # lease, and goes once the lease has run out.
    assert len(catcher.messages) == 7
    s.outbox.flush(as_if_at_ten(MONDAY) + timedelta(minutes=6))
    catcher.wait_for(8)
    time.sleep(0.3)
    assert len(catcher.messages) == 8
    assert_each_chase_once(s, catcher, refs)


def test_with_the_mail_server_down_nothing_is_lost_and_everything_arrives_once_it_is_back(
        s: Services, catcher: MailCatcher) -> None:
    people_and_actions(s)
    catcher.stop()
    now = as_if_at_ten(MONDAY)
    report = Chaser(s, s.outbox).run(now)
    assert report.delivered is not None and report.delivered.sent == [] and len(report.delivered.failed) == 1
    [stuck] = s.outbox.view.messages(status=("queued",))
    assert stuck["attempts"] == 1 and "could not reach" in stuck["last_error"]
    state, error = s.outbox.view.chase_state(str(s.tracker.action("HOSC-0001")["id"]), "2023-03-01", "overdue", 1)
    assert state == "queued" and error == stuck["last_error"]
    # The action's history does not say the owner was e-mailed while the e-mail is stuck.
    waiting = s.history.timeline("HOSC-0001")[-1]["summary"]
    assert "e-mail to Director of ICS Development waiting to go (not delivered yet: " in waiting
    assert "e-mailed to" not in waiting
    assert s.outbox.flush(now + timedelta(seconds=30)).sent == []  # not retried before its backoff is up
    assert s.outbox.flush(now + timedelta(minutes=1)).failed  # retried, still down
    assert s.outbox.view.messages(status=("queued",))[0]["attempts"] == 2

    catcher.start()
    assert len(s.outbox.flush(now + timedelta(minutes=5)).sent) == 1
    assert s.outbox.flush(now + timedelta(minutes=10)).sent == []
    [mail] = catcher.wait_for(1)
    assert mail.message_id == stuck["id"]  # the same message, recognisable as such
    assert s.outbox.view.counts().get("queued", 0) == 0
    assert s.history.timeline("HOSC-0001")[-1]["summary"].endswith("; e-mailed to Director of ICS Development.")


def _tracker(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(Path(sys.executable).parent / "tracker"), *args], env=_env(settings),
                          capture_output=True, text=True, timeout=120, check=False)


def test_a_chase_run_that_could_not_send_its_mail_exits_non_zero_and_says_what_waits(
        s: Services, mailed_settings: Settings, catcher: MailCatcher) -> None:
    people_and_actions(s)
    catcher.stop()
    run = _tracker(mailed_settings, "chase", "--today", MONDAY.isoformat())
    assert run.returncode == 75, run.stderr
    assert "2 chase(s) recorded" in run.stdout
    assert run.stderr.strip().splitlines()[-1] == (
        "The chases are recorded, but 1 e-mail(s) could not be sent: they stay queued in the outbox and are retried "
        "(`tracker outbox` lists them and why; `tracker outbox --retry` tries them now).")

    # Its retry is due a minute after the pretend 10:00; `tracker outbox --retry` sends it now, by hand.
    catcher.start()
    again = _tracker(mailed_settings, "outbox", "--retry", "--today", MONDAY.isoformat())
    assert again.returncode == 0, again.stderr
    assert "1 waiting for a retry are due now" in again.stdout and "Sent 1 e-mail(s)." in again.stdout
    assert [m.rcpt_tos for m in catcher.wait_for(1)] == [["director@icb.test"]]
    listed = _tracker(mailed_settings, "outbox", "--all")
    assert f"[sent {to_london(as_if_at_ten(MONDAY)):%d %b %Y} 10:00] Overdue: 2 actions" in listed.stdout
    assert "sent sent" not in listed.stdout


def test_retrying_by_hand_outside_office_hours_says_when_the_mail_will_go(
        s: Services, mailed_settings: Settings, catcher: MailCatcher) -> None:
    people_and_actions(s)
    catcher.stop()
    assert Chaser(s, s.outbox).run(as_if_at_ten(MONDAY)).delivered.failed
    run = _tracker(mailed_settings, "outbox", "--retry", "--today", "2023-03-11")  # a Saturday
    assert "Saturday 11 March 2023 is at the weekend: nothing is sent until 09:00 on Monday 13 March 2023." in run.stdout
    assert s.outbox.view.counts()["queued"] == 1


def test_a_day_given_in_any_form_but_yyyy_mm_dd_is_refused(mailed_settings: Settings, s: Services) -> None:
    run = _tracker(mailed_settings, "chase", "--today", "20230306")
    assert run.returncode == 2 and "'20230306' is not a date; give it as YYYY-MM-DD" in run.stderr
    assert s.tracker.recorder.max_notification_id() in (None, 0)


def test_nobody_is_chased_on_a_bank_holiday_and_the_chaser_says_why_in_plain_english(s: Services) -> None:
    people_and_actions(s)
    held = Chaser(s, s.outbox).run(as_if_at_ten(date(2026, 12, 28))).held
    assert held == ("Monday 28 December 2026 is a bank holiday (Boxing Day (substitute day)): nobody is chased until "
                    "09:00 on Tuesday 29 December 2026.")
    evening = Chaser(s, s.outbox).run(datetime(2023, 3, 6, 18, 30, tzinfo=LONDON)).held
    assert evening == ("It is 18:30 on Monday 6 March 2023, outside office hours (09:00 to 17:00): nobody is chased "
                       "until 09:00 on Tuesday 7 March 2023.")


def test_nothing_is_sent_outside_office_hours_and_it_goes_when_the_office_opens(s: Services, catcher: MailCatcher) -> None:
    people_and_actions(s)
    saturday_night = datetime(2023, 3, 11, 22, 0, tzinfo=timezone.utc)
    assert "is at the weekend: nobody is chased" in Chaser(s, s.outbox).run(saturday_night).held
    s.tracker.send_update_link("HOSC-0003", actor=CLERK)  # asked for on Saturday night
    held = s.outbox.flush(saturday_night)
    assert held.held and held.sent == [] and s.outbox.view.counts()["queued"] == 1
    early_monday = datetime(2023, 3, 13, 8, 30, tzinfo=timezone.utc)  # 08:30 UK time: not open yet
    assert s.outbox.flush(early_monday).held
    assert len(s.outbox.flush(datetime(2023, 3, 13, 9, 0, tzinfo=timezone.utc)).sent) == 1
    [mail] = catcher.wait_for(1)
    assert mail.subject.startswith("Your link to update HOSC-0003")


def test_paused_completed_and_extension_pending_actions_are_not_chased_nor_an_owner_without_an_address(
        s: Services, catcher: MailCatcher) -> None:
    data = people_and_actions(s)
    t = s.tracker
    t.pause_chasing("HOSC-0001", actor=CLERK, reason="The Director is on leave")
    t.request_extension("HOSC-0002", actor="user:director@icb.test", due_date=date(2023, 3, 31), reason="Data late",
                        at=datetime(2023, 3, 1, 10, tzinfo=timezone.utc))
    nobody = t.add_person(actor=CLERK, name="Head of Commissioning")
    t.log_action(actor=CLERK, committee="HOSC", title="Circulate the commissioning plan", owner_id=nobody,
                 kind="circulate_document", due=date(2023, 3, 1))
    done = t.log_action(actor=CLERK, committee="HOSC", title="Done already", owner_id=data["healthwatch"],
                        kind="other", due=date(2023, 3, 1))
    t.complete(done, actor=CLERK, response="Sent")
    report = run_on(s, MONDAY)
    assert report.recorded == []
    assert report.skipped == [("HOSC-0004", "Head of Commissioning has no e-mail address in the directory")]
    assert catcher.messages == []

    t.resume_chasing("HOSC-0001", actor=CLERK)
    t.pause_committee_chasing("HOSC", actor=CLERK, reason="Purdah before the election")
    assert run_on(s, MONDAY).recorded == []
    t.resume_committee_chasing("HOSC", actor=CLERK)
    assert [p.reference for p in run_on(s, MONDAY).recorded] == ["HOSC-0001"]


def test_the_clerk_gets_one_daily_digest_a_working_day(s: Services, catcher: MailCatcher) -> None:
    people_and_actions(s)
    run_on(s, MONDAY)
    catcher.messages.clear()
    chaser = Chaser(s, s.outbox)
    tuesday = as_if_at_ten(date(2023, 3, 7))
    t = s.tracker
    t.register_committee(actor=CLERK, short_name="QUIET", name="A committee with nothing owed", authority="A council",
                         clerk_id=t.committee("HOSC")["clerk_id"])
    assert chaser.digest(tuesday) == ["HOSC"]  # not QUIET: a digest of nothing is not sent
    assert chaser.digest(tuesday) == []  # a second run the same day changes nothing
    assert chaser.digest(as_if_at_ten(date(2023, 3, 11))) == []  # a Saturday
    [mail] = catcher.wait_for(1)
    assert mail.rcpt_tos == ["scrutiny@council.test"]
    assert mail.subject == "Action log digest: Health Overview and Scrutiny Committee, Tuesday 7 March 2023"
    assert "Overdue: 1" in mail.text and "HOSC-0001: Provide comparative performance data" in mail.text
    assert "6 days overdue; chased 1 time" in mail.text
    assert "Due in the next 5 working days: 1" in mail.text and "HOSC-0002" in mail.text
    assert "Chases sent since the last digest: 2" in mail.text


def test_a_scheduler_started_late_in_the_morning_still_sends_that_days_digest(s: Services, catcher: MailCatcher) -> None:
    from events.scheduler import build_scheduler

    people_and_actions(s)
    digest = build_scheduler(s).get_job("digest")
    late = datetime(2023, 3, 7, 11, 7, tzinfo=LONDON)
    assert digest.trigger.get_next_fire_time(None, late) == datetime(2023, 3, 7, 11, 15, tzinfo=LONDON)
    assert Chaser(s, s.outbox).digest(datetime(2023, 3, 7, 11, 15, tzinfo=LONDON)) == ["HOSC"]
    assert Chaser(s, s.outbox).digest(datetime(2023, 3, 7, 11, 30, tzinfo=LONDON)) == []  # one a day
    assert Chaser(s, s.outbox).digest(datetime(2023, 3, 7, 18, 0, tzinfo=LONDON)) == []  # never after hours
    assert [m.subject for m in catcher.wait_for(1)] == [
        "Action log digest: Health Overview and Scrutiny Committee, Tuesday 7 March 2023"]


def test_concurrent_passes_in_one_process_share_nothing_but_the_store(s: Services, catcher: MailCatcher) -> None:
    refs = many_overdue(s, owners=6, each=3)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            run_on(s, MONDAY)
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    catcher.wait_for(6)
    time.sleep(0.3)
    assert_each_chase_once(s, catcher, refs)


def _queued(id_: str, created: datetime, *, to: str = "someone@example.test", letter: str | None = None) -> dict:
    return {"id": id_, "kind": "chase", "batch": id_, "sender": "Scrutiny <scrutiny@council.test>", "to_addrs": to,
            "cc_addrs": "", "reply_to": "", "subject": f"Message {id_}", "text_body": "Hello", "html_body": "<p>Hello</p>",
            "created_at": stamp(created), "status": "queued" if to else "failed", "attempts": 0,
            "next_attempt_at": stamp(created), "last_error": None if to else "nobody to send it to",
            "note": None, "sent_at": None, "lease_until": None, "letter": letter}


def test_a_message_that_cannot_be_made_ready_is_filed_as_failed_and_the_rest_still_go(
        s: Services, catcher: MailCatcher) -> None:
    now = as_if_at_ten(MONDAY)
    # Held up since Friday, so it is worded again for today: its kept words are broken.
    s.outbox.view.file([_queued("<broken@council.test>", now - timedelta(days=3), letter="{not words"),
                        _queued("<fine@council.test>", now - timedelta(minutes=1))], [])
    report = s.outbox.deliver(now)
    assert report.sent == ["Message <fine@council.test>"]
    [(subject, error)] = report.failed
    assert subject == "Message <broken@council.test>" and error.startswith("could not be made ready to send")
    assert [m["id"] for m in s.outbox.view.messages(status=("failed",))] == ["<broken@council.test>"]
    assert len(catcher.wait_for(1)) == 1


def test_retrying_by_hand_leaves_alone_a_message_addressed_to_nobody(s: Services, catcher: MailCatcher) -> None:
    now = as_if_at_ten(MONDAY)
    s.outbox.view.file([_queued("<nobody@council.test>", now, to=""),
                        {**_queued("<bounced@council.test>", now), "status": "failed", "last_error": "550 no such user"}],
                       [])
    assert s.outbox.view.retry_failed(now) == 1  # the bounced one; no retry can send one with no address
    assert [m["id"] for m in s.outbox.view.messages(status=("failed",))] == ["<nobody@council.test>"]


def test_processes_making_an_outbox_at_once_agree_where_it_began(s: Services) -> None:
    view = s.outbox.view
    with view._cursor(commit=True) as c:  # noqa: SLF001 - an outbox about to be made, as two processes find it
        view._run(c, "DELETE FROM {p}origin")  # noqa: SLF001
    view.write_origin(100)  # one process read the top of the log at 100 and writes first
    view.write_origin(95)  # the other read it a moment earlier, and writes after
    assert view.origin() == 100 and view.mark_origin("tracker", 120) == 100
