"""The rules behind the minutes page, without a server: matching an owner to the directory, marking the minutes,
reading the cards back from a form, and checking them before anything is logged."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from tracker.domain.calendar import london_today

from web.from_minutes.accept import check, listing, payload_of
from web.from_minutes.cards import MAX_CARDS, Card, from_form, highlight
from web.from_minutes.owners import best_owner
from web.filters import error_list
from web.pages.forms import DateEntry

PEOPLE = [
    {"id": "ics", "name": "Director A", "job_title": "Director of Integrated Care System Development",
     "organisation": "Herefordshire and Worcestershire Clinical Commissioning Group"},
    {"id": "assoc", "name": "Associate B", "job_title": "Associate Director for Integrated Care System Development",
     "organisation": "Herefordshire and Worcestershire Clinical Commissioning Group"},
    {"id": "hw", "name": "Pat Example", "job_title": "Managing Director", "organisation": "Healthwatch Worcestershire"},
    {"id": "ccg", "name": "Sam Sample", "job_title": "Managing Director", "organisation": "NHS Herefordshire Clinical Commissioning Group"},
    {"id": "officer", "name": "HOSC Scrutiny Officer", "job_title": "Scrutiny Officer", "organisation": "Worcestershire County Council"},
    {"id": "jofficer", "name": "JHOSC Scrutiny Officer", "job_title": "Scrutiny Officer", "organisation": "Shropshire Council"},
    {"id": "social", "name": "Strategic C", "job_title": "Strategic Director of Social Care", "organisation": "A Borough"},
    {"id": "stp", "name": "Programme D", "job_title": "STP Programme Director", "organisation": "An STP"},
]
HOSC = {"clerk_id": "officer", "chair_id": None, "authority": "Worcestershire County Council"}
EVERYONE = {p["id"] for p in PEOPLE}  # as if everyone in the directory were tied to the committee


def test_an_owner_named_by_post_and_body_in_abbreviations_is_found_in_the_directory() -> None:
    assert best_owner("Director of ICS Development, Herefordshire and Worcestershire CCG", PEOPLE) == "ics"


def test_an_owner_named_by_surname_is_found() -> None:
    assert best_owner("Ms Sample", PEOPLE) == "ccg"


def test_a_body_named_alone_matches_only_when_one_person_is_of_it() -> None:
    assert best_owner("Healthwatch", PEOPLE, tied=EVERYONE) == "hw"
    assert best_owner("the CCG", PEOPLE, tied=EVERYONE) is None


def test_a_post_that_only_shares_some_words_with_a_title_matches_nobody() -> None:
    for owner in ("Director of Adult Social Care", "Director of Primary Care", "Urgent Care Programme Director",
                  "ICB Director of Strategy"):
        assert best_owner(owner, PEOPLE, tied=EVERYONE) is None, owner
    assert best_owner("Programme Director", PEOPLE, tied=EVERYONE) == "stp"


def test_a_bare_post_or_the_committee_matches_nobody() -> None:
    for owner in ("Director", "Managing Director", "the Committee", "Officers", ""):
        assert best_owner(owner, PEOPLE, tied=EVERYONE) is None, owner


def test_two_people_with_the_same_post_are_told_apart_by_the_committee_or_the_minutes() -> None:
    assert best_owner("Scrutiny Officer", PEOPLE, tied=EVERYONE) is None
    assert best_owner("Scrutiny Officer", PEOPLE, committee=HOSC, tied=EVERYONE) == "officer"
    assert best_owner("Managing Director", PEOPLE, minutes="the Managing Director of Healthwatch, Pat Example",
                      tied=EVERYONE) == "hw"


def test_a_post_or_part_of_a_bodys_name_alone_names_only_someone_tied_to_the_committee() -> None:
    # The only "Democratic Services Officer" in the directory clerks another council's committee.
    awsc = {"id": "awsc", "name": "AWSC Democratic Services Officer", "job_title": "Democratic Services Officer",
            "organisation": "Herefordshire Council"}
    people = [*PEOPLE, awsc]
    assert best_owner("Democratic Services Officer", people, committee=HOSC, tied={"officer"}) is None
    assert best_owner("Democratic Services Officer", people, tied={"officer", "awsc"}) == "awsc"
    assert best_owner("Democratic Services Officer, Herefordshire Council", people, tied={"officer"}) == "awsc"
    assert best_owner("Programme Director", PEOPLE, tied={"officer"}) is None
    assert best_owner("Healthwatch", PEOPLE, tied={"officer"}) is None  # every area has its own
    assert best_owner("Healthwatch Worcestershire", PEOPLE, tied={"officer"}) == "hw"  # named in full
    assert best_owner("Director of ICS Development, Herefordshire and Worcestershire CCG", PEOPLE, tied=set()) == "ics"
    assert best_owner("Ms Sample", PEOPLE, tied=set()) == "ccg"  # by name, anyone


def card(n: int, start: int, end: int, text: str) -> Card:
    return Card(n=n, start=start, end=end, source_quote=text[start:end])


def test_the_marked_minutes_put_back_together_are_the_minutes() -> None:
    text = "Intro. The Director undertook to write. Then <b>more</b>. RESOLVED to ask."
    cards = [card(1, 7, 39, text), card(2, text.index("RESOLVED"), len(text), text)]
    segments = highlight(text, cards)
    assert "".join(s for s, _, _ in segments) == text
    assert [(s, n, linked) for s, n, linked in segments if n] == [
        ("The Director undertook to write.", 1, [1]), ("RESOLVED to ask.", 2, [2])]
    assert [c.mark for c in cards] == ["s-1", "s-2"]


def test_two_suggestions_from_one_sentence_share_its_mark() -> None:
    text = "The Director undertook to write and to circulate the plan."
    cards = [card(1, 0, len(text), text), card(2, 0, len(text), text)]
    assert [(n, linked) for _, n, linked in highlight(text, cards) if n] == [(1, [1, 2])]
    assert [c.mark for c in cards] == ["s-1", "s-1"]


def test_offsets_that_do_not_fit_the_text_mark_nothing() -> None:
    text = "The Director undertook to write."
    cards = [Card(n=1, start=4, end=12, source_quote="Chairman"), Card(n=2, start=-1, end=99, source_quote=text)]
    assert highlight(text, cards) == [(text, None, [])]
    assert [c.mark for c in cards] == ["", ""]


def test_cards_read_back_from_a_form_take_line_breaks_as_sent_and_nothing_unexpected() -> None:
    form = MultiDict({"count": "2", "s1-title": "  Write to the LGA ", "s1-source_quote": "Line one\r\nline two",
                      "s1-start": "12", "s1-end": "x", "s1-follow_up": "yes", "s1-confidence": "certain",
                      "s2-decision": "accept"})
    first, second = from_form(form)
    assert (first.title, first.source_quote, first.start, first.end) == ("Write to the LGA", "Line one\nline two", 12, -1)
    assert first.follow_up and first.confidence == "possible"
    assert second.decision == "accept" and second.title == ""
    assert len(from_form(MultiDict({"count": "100000"}))) == MAX_CARDS
    assert from_form(MultiDict({"count": "-3"})) == []


def test_only_accepted_cards_are_checked_and_an_undecided_one_is_an_error() -> None:
    bad = Card(n=1, decision="reject")  # rejected: its blank fields do not matter
    undecided = Card(n=2)
    logged = Card(n=3, logged_ref="HOSC-0014")
    accepted = Card(n=4, decision="accept", title="Write to the LGA", kind="letter_or_response",
                    owner_id="3f2b6c1e-0000-4000-8000-000000000001", due_choice="none")
    errors = check([bad, undecided, logged, accepted], "HOSC", "3f2b6c1e-0000-4000-8000-00000000000a",
                   {"3f2b6c1e-0000-4000-8000-000000000001"})
    assert errors == {"s2-decision": "Suggestion 2: Accept or reject this suggestion."}


def test_an_accepted_card_is_checked_with_the_log_forms_schema_and_the_directory() -> None:
    accepted = Card(n=1, decision="accept", title="", kind="nonsense", owner_id="not-in-the-directory",
                    due_choice="date", due_date=DateEntry("31", "Smarch", "2026"))
    errors = check([accepted], "HOSC", "3f2b6c1e-0000-4000-8000-00000000000a", set())
    assert list(errors) == ["s1-title", "s1-owner_id", "s1-kind", "s1-due_date"]
    assert errors["s1-due_date"] == "Suggestion 1: The due date must be a real date."
    assert error_list(errors)[-1]["href"] == "#s1-due-date-month", "the summary links to the wrong box of this card"


OWNER, MEETING = "3f2b6c1e-0000-4000-8000-000000000001", "3f2b6c1e-0000-4000-8000-00000000000a"


def dated(n: int, day: str, month: str, year: str, due_choice: str = "date") -> Card:
    return Card(n=n, decision="accept", title="Write to the LGA", kind="letter_or_response", owner_id=OWNER,
                due_choice=due_choice, due_date=DateEntry(day, month, year))


def test_a_cards_bad_due_date_is_told_by_its_first_wrong_box_in_the_date_patterns_words() -> None:
    cards = [dated(1, "31", "4", "2027"), dated(2, "1", "", "2027"), dated(3, "1", "4", "27"),
             dated(4, "", "", ""), dated(5, "1", "4", "2027", due_choice="none")]
    errors = check(cards, "HOSC", MEETING, {OWNER})
    assert errors == {
        "s1-due_date": "Suggestion 1: The due date must be a real date.",
        "s2-due_date": "Suggestion 2: The due date must include a month.",
        "s3-due_date": f"Suggestion 3: The year of the due date must have 4 numbers, for example {london_today().year + 1}.",
        "s4-due_date": "Suggestion 4: Enter the due date, or choose another option.",
        "s5-due_date": "Suggestion 5: You entered a date but chose “No due date”: choose “By a date”, or clear the date.",
    }
    assert [item["href"] for item in error_list(errors)] == [
        "#s1-due-date-day", "#s2-due-date-month", "#s3-due-date-year", "#s4-due-date-day", "#s5-due-date-day"]


def test_a_cards_due_date_may_give_the_month_by_name() -> None:
    for month in ("April", "apr", "4"):
        card = dated(1, "30", month, "2027")
        assert check([card], "HOSC", MEETING, {OWNER}) == {}
        assert payload_of(card, "HOSC", MEETING)[0]["due"] == "2027-04-30"


def test_each_cards_date_boxes_are_read_back_as_typed_under_its_own_name() -> None:
    form = MultiDict({"count": "2", "s1-due_choice": "date", "s1-due_date-day": " 30 ", "s1-due_date-month": "April",
                      "s1-due_date-year": "2027", "s2-due_date-day": "x", "s2-due_date": "2027-04-30"})
    first, second = from_form(form)
    assert first.due_date == DateEntry("30", "April", "2027")
    assert second.due_date == DateEntry("x", "", ""), "only the boxes are read, never a date sent in one field"


def test_an_accepted_card_may_follow_up_only_an_earlier_action_the_page_offered() -> None:
    owner = "3f2b6c1e-0000-4000-8000-000000000001"
    meeting = "3f2b6c1e-0000-4000-8000-00000000000a"

    def follow_up(n: int, reference: str, decision: str = "accept") -> Card:
        return Card(n=n, decision=decision, title="Chase the figures", kind="information_request", owner_id=owner,
                    due_choice="none", follows_up=reference)

    cards = [follow_up(1, "HOSC-0003"), follow_up(2, "JHOSC-0001"), follow_up(3, "HOSC-0003 "), follow_up(4, ""),
             follow_up(5, "HOSC-9999", decision="reject")]
    errors = check(cards, "HOSC", meeting, {owner}, earlier={"HOSC-0003", "HOSC-0001"})
    assert errors == {f"s{n}-follows_up": f"Suggestion {n}: Choose the earlier action it follows up from the list, "
                                          "or “Not a follow-up”." for n in (2, 3)}
    payload, _ = payload_of(cards[0], "HOSC", meeting)
    assert payload["follows_up"] == "HOSC-0003" and "follows_up" not in payload_of(cards[3], "HOSC", meeting)[0]


def test_the_earlier_action_chosen_is_read_back_from_the_form() -> None:
    [read] = from_form(MultiDict({"count": "1", "s1-follows_up": " HOSC-0003 "}))
    assert read.follows_up == "HOSC-0003"


def test_references_are_listed_as_a_sentence_would() -> None:
    assert [listing(refs) for refs in ([], ["A"], ["A", "B"], ["A", "B", "C"])] == ["", "A", "A and B", "A, B and C"]
