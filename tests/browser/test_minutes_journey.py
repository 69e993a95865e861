"""The clerk turns the minutes of HOSC's last meeting into logged undertakings, in a real browser against the real
server: paste, check the suggestions beside the highlighted minutes, accept two, reject one, log them, and find them
in the committee's log and on their own pages. Each step is photographed into
tests/artifacts/screenshots/browser-minutes-<nn>-<step>.png and each page is checked with axe-core.

Self-contained: it logs two new undertakings on HOSC's latest held meeting and relies on nothing another test left.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

MINUTES = """7. Integrated Care System: urgent and emergency care over the winter

Minutes:

In attendance for this item were:

Herefordshire and Worcestershire Clinical Commissioning Group
Director of Integrated Care System Development
Associate Director for Integrated Care System Development

The Associate Director for Integrated Care System (ICS) Development introduced the report on urgent and emergency \
care over the winter, and the pressures on the acute hospitals.

During the discussion, the following main points were made:

·         A HOSC member asked how many patients had waited more than an hour in an ambulance outside \
Worcestershire Royal Hospital. The Director of ICS Development (the Director) explained that handover delays had \
fallen since November, and undertook to provide further information on handover times at each acute hospital.

·         Members were concerned that residents had not been told about the changes to the minor injuries units. \
RESOLVED that the Committee write to the Local Government Association to ask for its guidance on consulting \
residents about temporary service changes.

·         The Chairman requested a further update on urgent and emergency care be scheduled for the Committee within \
six months.
"""
HANDOVER = ("The Director of ICS Development (the Director) explained that handover delays had fallen since November, "
            "and undertook to provide further information on handover times at each acute hospital.")
LETTER = ("RESOLVED that the Committee write to the Local Government Association to ask for its guidance on consulting "
          "residents about temporary service changes")
UPDATE = ("The Chairman requested a further update on urgent and emergency care be scheduled for the Committee within "
          "six months.")
HANDOVER_TITLE = "Provide further information on handover times at each acute hospital"
UPDATE_TITLE = "Schedule a further update on urgent and emergency care for the Committee"
DIRECTOR, SCRUTINY_OFFICER = "David Mehaffey", "HOSC Scrutiny Officer"


def card(page: Page, n: int) -> Locator:
    return page.locator(f"#suggestion-{n}")


def summary_value(page: Page, key: str) -> Locator:
    return page.locator(".govuk-summary-list__row").filter(
        has=page.locator(".govuk-summary-list__key", has_text=re.compile(f"^\\s*{re.escape(key)}\\s*$"))
    ).locator(".govuk-summary-list__value")


def test_a_clerk_logs_two_undertakings_suggested_from_the_minutes_and_rejects_a_third(open_page, sign_in, journey) -> None:
    minutes = journey("minutes")
    page: Page = open_page()

    # The clerk signs in and opens HOSC's latest meeting held, from the committee's action log.
    page.goto("/sign-in")
    sign_in(page, "clerk")
    page.get_by_role("link", name="Committees", exact=True).click()
    page.get_by_role("link", name="Health Overview and Scrutiny Committee (HOSC)").click()
    page.locator("h2:text-is('Meetings') + ul > li").filter(has_text="(held)").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Health Overview and Scrutiny Committee")
    meeting_url = page.url

    # From the meeting she chooses to have the undertakings suggested from her minutes.
    page.get_by_role("link", name="Suggest undertakings from the minutes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Suggest undertakings from the minutes")
    minutes.step(page, "start", axe="minutes: paste or upload")

    # She first chooses her old Word file: the page says what is wrong and what to do, and suggests nothing.
    page.get_by_label("Choose the file of the minutes").set_input_files(
        files=[{"name": "minutes.doc", "mimeType": "application/msword", "buffer": b"\xd0\xcf\x11\xe0 Word 97"}])
    page.get_by_role("button", name="Find undertakings").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text([re.compile(r"^minutes\.doc is not a \.txt, \.docx or \.pdf file\.")])
    minutes.step(page, "wrong-file", axe="minutes: paste or upload (errors)")
    summary.get_by_role("link").click()
    expect(page.get_by_label("Choose the file of the minutes")).to_be_focused()

    # So she pastes the text instead.
    page.get_by_label("Paste the minutes").fill(MINUTES)
    minutes.step(page, "pasted")
    page.get_by_role("button", name="Find undertakings").click()

    # The minutes are shown with the three suggested sentences marked, and a card for each beside them.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the suggested undertakings")
    expect(page.locator("mark.app-mark")).to_have_text([HANDOVER, LETTER, UPDATE])
    expect(page.locator(".app-suggestion")).to_have_count(3)
    expect(card(page, 1).locator("blockquote")).to_have_text(HANDOVER)
    expect(card(page, 1).get_by_label("What was undertaken")).to_have_value(HANDOVER_TITLE)
    expect(card(page, 1)).to_contain_text("Likely")
    minutes.step(page, "suggestions", axe="minutes: suggestions")

    # Each card links to its sentence in the minutes.
    card(page, 1).get_by_role("link", name=re.compile("show it in the minutes")).click()
    expect(page).to_have_url(re.compile(r"#s-1$"))
    expect(page.locator("mark:target")).to_have_text(HANDOVER)

    # The Director's card has him as the owner already: the minutes name his post. She accepts it as it is.
    owner_1 = card(page, 1).get_by_label("Who owes it")
    expect(owner_1.locator("option:checked")).to_contain_text(DIRECTOR)
    card(page, 1).get_by_role("radio", name="Accept").check()

    # The update the Chairman asked for names nobody; she gives it to the scrutiny officer and accepts it.
    owner_3 = card(page, 3).get_by_label("Who owes it")
    expect(owner_3.locator("option:checked")).to_have_text("Choose a person")
    owner_3.select_option(label=owner_3.locator("option", has_text=SCRUTINY_OFFICER).first.inner_text())
    # Its due date, six months on, was worked out from the meeting's date; she makes it the end of September that
    # year instead, and slips: September has 30 days.
    expect(card(page, 3).get_by_role("radio", name="By a date")).to_be_checked()
    due_3 = card(page, 3).get_by_role("group", name=re.compile("^Due date, if by a date"))
    worked_out = [due_3.get_by_label(part, exact=True).input_value() for part in ("Day", "Month", "Year")]
    assert all(re.fullmatch(r"\d{1,4}", box) for box in worked_out), worked_out
    due_year = worked_out[2]
    due_3.get_by_label("Day", exact=True).fill("31")
    due_3.get_by_label("Month", exact=True).fill("9")
    card(page, 3).get_by_role("radio", name="Accept").check()

    # She forgets the letter to the LGA and sends the cards: nothing is logged, and the summary says what is left.
    page.get_by_role("button", name="Log the accepted undertakings").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(["Suggestion 2: Accept or reject this suggestion.",
                                                      "Suggestion 3: The due date must be a real date."])
    expect(card(page, 1).get_by_role("radio", name="Accept")).to_be_checked()
    expect(card(page, 3).get_by_label("Who owes it").locator("option:checked")).to_contain_text(SCRUTINY_OFFICER)
    due_3 = card(page, 3).get_by_role("group", name=re.compile("^Due date, if by a date"))
    expect(due_3).to_contain_text("Suggestion 3: The due date must be a real date.")
    expect(due_3.get_by_label("Day", exact=True)).to_have_value("31")
    expect(due_3.get_by_label("Month", exact=True)).to_have_value("9")
    minutes.step(page, "undecided", axe="minutes: errors")
    summary.get_by_role("link", name="Suggestion 2").click()
    expect(card(page, 2).get_by_role("radio", name="Accept")).to_be_focused()

    # The committee will not write that letter after all: she rejects it. She puts the update's day right, from
    # the summary's link to it, and logs the other two.
    card(page, 2).get_by_role("radio", name="Reject").check()
    summary.get_by_role("link", name="Suggestion 3").click()
    expect(due_3.get_by_label("Day", exact=True)).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("30")
    page.get_by_role("button", name="Log the accepted undertakings").click()

    # Back on the meeting's page, the banner names the two references and both arose at this meeting.
    expect(page).to_have_url(re.compile(re.escape(meeting_url) + "#arising$"))
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text(re.compile(r"Logged HOSC-\d{4} and HOSC-\d{4}\."))
    references = re.findall(r"HOSC-\d{4}", banner.inner_text())
    arising = page.locator("#arising")
    expect(arising).to_contain_text(HANDOVER_TITLE)
    expect(arising).to_contain_text(UPDATE_TITLE)
    expect(arising).not_to_contain_text("Local Government Association")
    minutes.step(page, "logged", axe="meeting")

    # The meeting was held: its page offers only to move it, to put its date and time right, and says why.
    page.get_by_text("Move this meeting", exact=True).click()
    expect(page.get_by_text("Move, cancel or mark this meeting as held")).to_have_count(0)
    expect(page.locator("#calendar")).to_contain_text("It has been held, so it cannot be cancelled or marked as held again.")
    expect(page.locator("#calendar").get_by_role("radio")).to_have_count(0)
    expect(page.get_by_label("Date and time it was held")).not_to_have_value("")  # the time on record, to correct
    minutes.step(page, "held-meeting-move", axe="meeting: move a held meeting")

    # Each is in the committee's action log, and its own page quotes the minutes word for word.
    for reference, title, quote, owner, minute in ((references[0], HANDOVER_TITLE, HANDOVER, DIRECTOR, "7, bullet 1"),
                                                   (references[1], UPDATE_TITLE, UPDATE, SCRUTINY_OFFICER, "7, bullet 3")):
        page.goto("/committees/HOSC")
        page.get_by_label("Search").fill(reference)
        page.get_by_role("button", name="Apply filters").click()
        row = page.locator("table").last.get_by_role("row").filter(has=page.get_by_role("link", name=reference, exact=True))
        expect(row).to_contain_text(title)
        minutes.step(page, f"log-{reference}", axe="committee log")
        row.get_by_role("link", name=reference).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        expect(page.locator(".app-quote")).to_have_text(quote)
        expect(summary_value(page, "Owner")).to_contain_text(owner)
        expect(summary_value(page, "Minute reference")).to_have_text(minute)
        if reference == references[1]:
            expect(summary_value(page, "Due")).to_contain_text(f"30 September {due_year}")
        minutes.step(page, f"action-{reference}", axe="action")

    minutes.assert_no_serious_accessibility_violations()


def test_the_suggestions_page_reads_on_a_small_screen_and_in_print(open_page, sign_in, journey) -> None:
    narrow = journey("minutes-narrow")
    page: Page = open_page()
    page.set_viewport_size({"width": 320, "height": 800})
    paste_minutes_at_the_held_meeting(page, sign_in, MINUTES)
    expect(page.locator(".app-suggestion")).to_have_count(3)

    # At 320 px nothing is wider than the screen: the minutes and the cards stack in one column.
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    text_box, cards_box = (page.locator(sel).bounding_box() for sel in (".app-minutes", ".app-minutes-form"))
    assert text_box and cards_box and cards_box["y"] >= text_box["y"] + text_box["height"]
    narrow.step(page, "suggestions", axe="minutes: suggestions (320 px)")

    # Printed, the marked minutes come first and the cards follow, all of them shown.
    page.emulate_media(media="print")
    expect(page.locator(".app-minutes-form")).to_be_visible()
    expect(page.locator("mark.app-mark").first).to_be_visible()
    narrow.step(page, "print")
    narrow.assert_no_serious_accessibility_violations()


def paste_minutes_at_the_held_meeting(page: Page, sign_in, minutes: str) -> None:  # noqa: ANN001
    """The clerk signs in, opens the HOSC meeting held in October and pastes minutes for suggestions."""
    page.goto("/sign-in")
    sign_in(page, "clerk")
    page.goto("/committees/HOSC")
    page.locator("h2:text-is('Meetings') + ul > li").filter(has_text="(held)").get_by_role("link").first.click()
    page.get_by_role("link", name="Suggest undertakings from the minutes").click()
    page.get_by_label("Paste the minutes").fill(minutes)
    page.get_by_role("button", name="Find undertakings").click()


FOLLOW_UP = ("6.1 Following up the earlier request, the Director of ICS Development undertook to circulate the "
             "handover figures for each acute hospital by the next meeting.\n")
FOLLOW_UP_TITLE = "Circulate the handover figures for each acute hospital"


def test_a_clerk_says_which_earlier_action_a_follow_up_follows_up(open_page, sign_in, journey) -> None:
    follow = journey("minutes-follow-up")
    page: Page = open_page()
    paste_minutes_at_the_held_meeting(page, sign_in, FOLLOW_UP)

    # The minutes refer to an earlier request: the card says so and lists the committee's actions to choose from.
    expect(card(page, 1)).to_contain_text("follow-up of an earlier request")
    earlier = card(page, 1).get_by_label("Which earlier action does it follow up?")
    expect(earlier).to_be_visible()
    expect(earlier.locator("option:checked")).to_have_text("Not a follow-up: a new request")
    first = earlier.locator("option").nth(1).inner_text()
    assert re.match(r"^HOSC-\d{4}: .+ \(open\)$", first), first
    earlier.select_option(label=first)
    expect(card(page, 1).get_by_label("Who owes it").locator("option:checked")).to_contain_text(DIRECTOR)
    card(page, 1).get_by_role("radio", name="Accept").check()
    follow.step(page, "chosen", axe="minutes: a follow-up")
    page.get_by_role("button", name="Log the accepted undertakings").click()

    # The new action's page says which earlier action it follows up, and links to it.
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text(re.compile(r"Logged HOSC-\d{4}\."))
    [reference] = re.findall(r"HOSC-\d{4}", banner.inner_text())
    page.goto(f"/actions/{reference}")
    expect(page.get_by_role("heading", level=1)).to_have_text(FOLLOW_UP_TITLE)
    expect(summary_value(page, "Follows up")).to_contain_text(first.split(":")[0])
    follow.step(page, "logged", axe="action")
    follow.assert_no_serious_accessibility_violations()
