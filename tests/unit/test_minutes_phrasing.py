"""The phrasing families of undertakings in minutes are found, and the near-misses are left out."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.minutes import KINDS, Suggestion, extract

MEETING = date(2023, 1, 17)


def only(text: str) -> Suggestion:
    found = extract(text, MEETING)
    assert len(found) == 1, [s.title for s in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "kind", "owner"),
    [
        ("The Head of Service undertook to provide members with the latest vacancy figures.", "information_request", "Head of Service"),
        ("The Assistant Director agreed to provide a note on the use of agency staff.", "information_request", "Assistant Director"),
        ("The Chief Nurse said that she would provide a breakdown of falls by ward.", "information_request", "Chief Nurse"),
        ("The Medical Director offered to share the clinical audit with the Committee.", "circulate_document", "Medical Director"),
        ("The Director of Finance would circulate the savings tracker to members.", "circulate_document", "Director of Finance"),
        ("The Portfolio Holder would report back to the Committee on the outcome of the bid.", "further_update", "Portfolio Holder"),
    ],
)
def test_an_officer_who_undertakes_agrees_offers_or_would_do_something_is_an_undertaking(text: str, kind: str, owner: str) -> None:
    s = only(text)
    assert (s.kind, s.owner) == (kind, owner)


def test_taking_on_board_a_request_for_mapping_is_a_mapping_undertaking() -> None:
    s = only("The Director of Operations took on board a request for the discharge pathway to be mapped out.")
    assert s.kind == "mapping_or_analysis"
    assert s.title == "Map out the discharge pathway"
    assert s.owner == "Director of Operations"


def test_it_was_agreed_that_a_briefing_note_would_be_circulated_is_a_circulation() -> None:
    s = only("It was agreed that a briefing note on the new contract would be circulated to members.")
    assert s.kind == "circulate_document"
    assert s.title == "Circulate a briefing note on the new contract to members"


def test_a_resolution_to_write_is_a_letter_owed_by_the_committee() -> None:
    s = only("RESOLVED that the Committee write to the Secretary of State about the funding formula.")
    assert s.kind == "letter_or_response"
    assert s.owner == "the Committee"
    assert s.title == "Write to the Secretary of State about the funding formula"


def test_each_part_of_a_resolution_that_asks_someone_to_act_is_an_undertaking_and_noting_is_not() -> None:
    text = ("Minute 12/23 Stroke services\nRESOLVED:\n(a) that the report be noted;\n(b) that the Director provide an update "
            "on recruitment at the March meeting; and\n(c) that the Chair write to the ICB setting out the Committee's concerns.")
    found = extract(text, MEETING)
    assert [(s.kind, s.minute_ref) for s in found] == [("further_update", "Minute 12/23(b)"), ("letter_or_response", "Minute 12/23(c)")]
    assert found[0].due_date == date(2023, 3, 31)


def test_an_action_marker_names_the_owner_of_the_sentence_it_follows() -> None:
    s = only("Members asked that the waiting list data be shared before the next meeting.\nACTION: Head of Performance")
    assert s.owner == "Head of Performance"
    assert s.due_next_meeting and s.due_date is None


@pytest.mark.parametrize("marker", ["Action: JS", "ACTION - Director of Public Health", "(Action: Head of Housing)"])
def test_action_markers_at_the_end_of_a_line_are_read_in_their_usual_forms(marker: str) -> None:
    s = only(f"Cllr Green asked for the number of empty homes in each ward. {marker}")
    assert s.owner == marker.strip("()").split(":")[-1].split(" - ")[-1].strip()


def test_a_row_of_an_action_table_is_an_undertaking_with_its_owner_and_date() -> None:
    text = "Action | Owner | Due\nCirculate the draft strategy to members | Policy Officer | 31 March 2023\n"
    s = only(text)
    assert (s.title, s.owner, s.kind, s.due_date) == ("Circulate the draft strategy to members", "Policy Officer",
                                                      "circulate_document", date(2023, 3, 31))


def test_a_question_answered_with_an_offer_is_an_undertaking_spanning_both() -> None:
    text = "Could members have a copy of the inspection report?\n\nYes, this could be arranged."
    s = only(text)
    assert s.kind == "circulate_document"
    assert s.source_text == text
    assert s.raised_by == "a member"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("That it be requested that an update on the estates strategy be brought to the next meeting.", "further_update"),
        ("The Chairman requested that a further update on the estates strategy be scheduled.", "further_update"),
        ("Members requested that the Trust provide a written response to the points raised.", "information_request"),
        ("The Committee request the Council's Cabinet to consider the findings of the review.", "recommendation_to_another_body"),
    ],
)
def test_requests_by_the_committee_its_chair_or_members_are_undertakings(text: str, kind: str) -> None:
    assert only(text).kind == kind


def test_the_requester_and_the_person_asked_are_told_apart() -> None:
    s = only("The Chairman asked the Head of Highways to report back on the gritting routes.")
    assert (s.raised_by, s.owner) == ("the Chairman", "Head of Highways")


def test_agreed_recommendations_of_a_report_are_undertakings_when_they_ask_for_action() -> None:
    text = ("Recommendations\nThe Board is asked to:\na) note the report;\nb) endorse the approach;\n"
            "c) include content on the strategy in future Board development sessions.")
    s = only(text)
    assert s.kind == "work_programme_item"
    assert s.minute_ref == "Recommendation (c)"


@pytest.mark.parametrize(
    "text",
    [
        "This may be something to consider in a specific session, as a standalone item.",
        "It was agreed that home adaptations be added to the work programme for next year.",
    ],
)
def test_work_programme_items_are_found(text: str) -> None:
    assert only(text).kind == "work_programme_item"


def test_a_dated_first_meeting_of_a_new_body_is_a_milestone() -> None:
    s = only("The inaugural meeting of the partnership board will be held in September 2023.")
    assert (s.kind, s.due_date) == ("milestone", date(2023, 9, 30))


@pytest.mark.parametrize(
    "text",
    [
        "A workforce plan was being developed by the Trust.",
        "The CCG had circulated the report to all GP practices.",
        "The Trust had recruited 40 healthcare assistants since the spring.",
    ],
    ids=["progressive", "past perfect", "past"],
)
def test_work_reported_as_done_or_under_way_is_left_out(text: str) -> None:
    assert extract(text, MEETING) == []


@pytest.mark.parametrize(
    "text",
    [
        "The Government would publish its response to the consultation in the summer.",
        "Initial plans were for the new hub to open in spring 2024.",
        "The ICB will need to produce a digital strategy.",
        "GPs would vote on the new contract next month.",
        "A non-executive director would also be recruited to lead on equality.",
    ],
)
def test_other_bodies_plans_and_timetables_are_left_out(text: str) -> None:
    assert extract(text, MEETING) == []


@pytest.mark.parametrize("text", ["RESOLVED that the report be noted.", "Members endorse the approach set out in the report.",
                                  "RESOLVED that the recommendations be endorsed.", "RESOLVED that the update be received."])
def test_noting_endorsing_and_receiving_are_left_out(text: str) -> None:
    assert extract(text, MEETING) == []


@pytest.mark.parametrize(
    "text",
    [
        "Apologies for absence were received from Cllr Smith.",
        "Cllr Smith declared a personal interest as a carer.",
        "RESOLVED that the minutes of the meeting held on 3 March be approved as a correct record.",
        "The next meeting will be held on 12 June 2023.",
    ],
)
def test_procedural_business_is_left_out(text: str) -> None:
    assert extract(text, MEETING) == []


@pytest.mark.parametrize(
    "text",
    [
        "Members made clear that they believed the consultation had been too short.",
        "Healthwatch suggested that waiting times were an area for the Committee to keep an eye on.",
        "Members felt that the service should be brought back in-house.",
        "One option would be to write to the Minister, but members did not support this.",
        "Please include a summary of the financial implications.",
        "There would also be a new dashboard to track progress.",
        "A member asked about the number of delayed transfers of care.",
    ],
    ids=["view", "advice", "feeling", "option not agreed", "template instruction", "description", "question"],
)
def test_views_advice_options_instructions_descriptions_and_questions_are_left_out(text: str) -> None:
    assert extract(text, MEETING) == []


def test_every_kind_given_is_one_of_the_trackers_kinds() -> None:
    text = ("The Director undertook to provide figures. RESOLVED that the Committee write to the Minister. "
            "It was agreed that the item be added to the work programme.")
    assert {s.kind for s in extract(text)} <= set(KINDS)


@pytest.mark.parametrize("opener", ["Cabinet RESOLVED:", "The Cabinet agreed:", "The Committee AGREED:", "The Health and Wellbeing Board resolved:"])
def test_a_list_of_decisions_under_any_deciding_body_is_read_part_by_part(opener: str) -> None:
    text = (f"112. BUS SERVICES\n\n{opener}\n(a) that the revised network be approved;\n"
            "(b) that the Director of Place write to the Department for Transport about revenue funding; and\n"
            "(c) that the Head of Human Resources circulates the sickness analysis to all members.")
    found = extract(text, MEETING)
    assert [(s.kind, s.owner, s.minute_ref) for s in found] == [
        ("letter_or_response", "Director of Place", "112(b)"), ("circulate_document", "Head of Human Resources", "112(c)")]


def test_a_numbered_list_of_decisions_after_the_cabinet_agreed_is_read() -> None:
    text = ("113. PERFORMANCE\n\nThe Cabinet agreed:\n1. To note the performance of the Council.\n"
            "2. That the Chief Executive presents an action plan on the red indicators to the June meeting of Cabinet.")
    s = only(text)
    assert (s.kind, s.owner, s.due_date) == ("further_update", "Chief Executive", date(2023, 6, 30))


def test_lettered_parts_on_one_line_are_each_read_and_the_label_is_not_part_of_the_title() -> None:
    s = only("The Cabinet agreed that (a) the recommendations of the review be accepted and (b) that the Director of Housing "
             "reports progress on their implementation to the Committee in six months' time.")
    assert (s.kind, s.owner, s.due_date) == ("further_update", "Director of Housing", date(2023, 7, 17))
    assert s.title.startswith("Report progress on their implementation")


@pytest.mark.parametrize(
    "text",
    [
        "The Board to receive a report on the Better Care Fund quarter 2 return.",
        "The Board is asked to review the return and to note the position on the discharge fund.",
        "The Committee is invited to consider the draft strategy and comment on its priorities.",
        "Future agenda items",
        "Members noted that the work programme was already very full in the second half of the year.",
        "A member commented that the leisure contract had featured on the work programme several times.",
        "It was explained that items on the work programme could be rescheduled where a report was not ready.",
    ],
)
def test_agenda_wording_for_this_meetings_business_and_mere_mentions_of_the_work_programme_are_left_out(text: str) -> None:
    assert extract(text, MEETING) == []


def test_a_body_asked_to_receive_something_at_a_later_meeting_is_still_an_undertaking() -> None:
    s = only("The Committee is asked to receive a further report on the discharge fund at its March meeting.")
    assert s.due_date == date(2023, 3, 31)


def test_a_proposal_for_the_work_programme_is_titled_with_what_is_to_be_added() -> None:
    s = only("The Chair proposed that the review of public toilet provision be added to the work programme for the "
             "February meeting, and this was agreed.")
    assert (s.kind, s.title, s.due_date) == ("work_programme_item", "Add the review of public toilet provision to the work "
                                             "programme", date(2023, 2, 28))


def test_this_in_a_work_programme_proposal_stands_for_what_was_suggested_before_it() -> None:
    s = only("Councillor Hart suggested that the Committee look at the response to the cost of living crisis. Members agreed "
             "that this should be scoped as a task and finish group, with a scoping document to come to the March meeting.")
    assert s.title == "Scope a task and finish group on the response to the cost of living crisis"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("The Head of Commissioning said that she would brief the Board on the causes of the underspend.",
         "Brief the Board on the causes of the underspend"),
        ("The Head of Commissioning agreed to amend the template for the next return.", "Amend the template for the next return"),
        ("RESOLVED that the Director of Public Health strengthen the outcome measures for priority 2.",
         "Strengthen the outcome measures for priority 2"),
        ("The Committee agreed that (a) the policy be welcomed and (b) that officers brief ward members on the verges.",
         "Brief ward members on the verges"),
    ],
)
def test_briefing_amending_and_strengthening_are_undertakings(text: str, title: str) -> None:
    assert only(text).title == title


@pytest.mark.parametrize(
    ("text", "kind", "owner"),
    [
        ('Cllr Okafor asked about the split. The Commissioner replied: "I\'ll send that round to the Panel this week."',
         "information_request", "Commissioner"),
        ("The Chief Constable's representative said: \"We'll come back to the Panel with the figures for each district.\"",
         "information_request", "Chief Constable's representative"),
        ("The Monitoring Officer said she'd share the revised complaints protocol with members.", "circulate_document",
         "Monitoring Officer"),
        ("Members were to be provided with a copy of the revised estates strategy.", "circulate_document", ""),
    ],
)
def test_contractions_and_was_to_be_carry_undertakings(text: str, kind: str, owner: str) -> None:
    s = only(text)
    assert (s.kind, s.owner) == (kind, owner)


def test_she_had_shared_is_not_she_would_share() -> None:
    assert extract("The Monitoring Officer said she'd shared the revised protocol with members in March.", MEETING) == []


def test_a_resolution_in_the_indicative_is_an_undertaking() -> None:
    s = only("RESOLVED:\n(a) That the Panel supports the proposed precept.\n(b) That the Commissioner's response to the "
             "Panel's report on rural crime is presented to a future meeting of the Panel.")
    assert s.kind == "further_update" and s.title.startswith("Present the Commissioner's response")


def test_this_week_is_a_time_not_a_pronoun_to_fill() -> None:
    s = only("The Director said she would circulate the vacancy figures to members this week.")
    assert s.title == "Circulate the vacancy figures to members"


@pytest.mark.parametrize(
    "text",
    [
        "A member asked for the number of patients waiting over six weeks. The Programme Director said that this information "
        "had been circulated to members with the agenda pack.",
        "Members asked for a further report on the second phase. The Chair did not consider a further report necessary at this stage.",
        "A member requested a breakdown by ward. The Director said that this was already available on the Council's website.",
    ],
)
def test_a_request_already_met_or_declined_is_left_out(text: str) -> None:
    assert extract(text, MEETING) == []


def test_a_request_met_in_part_with_a_new_promise_stands() -> None:
    text = ("Members asked for the waiting list figures. The Director said these had been circulated in March, and she would "
            "provide updated figures by the next meeting.")
    assert len(extract(text, MEETING)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "It was agreed that the Committee should not at this stage refer the matter to the Secretary of State.",
        "RESOLVED that the Committee does not refer the matter to the Secretary of State.",
        "The Committee decided not to refer the proposals to the Secretary of State.",
        "It was noted that the ICB would take a decision on the second phase in the spring.",
        "Work was ongoing to recruit radiographers from overseas.",
        "The Trust was planning to extend opening hours to weekends from April.",
    ],
)
def test_decisions_not_to_act_and_other_bodies_plans_are_left_out(text: str) -> None:
    assert extract(text, MEETING) == []


def test_a_decision_not_to_act_does_not_swallow_the_action_agreed_instead() -> None:
    s = only("It was agreed that the Committee should not at this stage refer the matter, but that the Chair would write to "
             "the Trust's Chief Executive asking for the equality impact assessment.")
    assert (s.kind, s.owner) == ("letter_or_response", "Chair")


def test_an_undertaking_embedded_in_a_longer_sentence_is_found() -> None:
    s = only("Members questioned the bus links, and the Programme Director agreed to circulate the travel survey results, "
             "which had been collected in the summer, to the Committee.")
    assert (s.kind, s.owner) == ("circulate_document", "Programme Director")
