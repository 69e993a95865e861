"""Titles say what is owed, in the imperative, and owners and askers are named as the minutes name them: the question or
request a vague 'it' or 'this breakdown' stands for, an opening phrase or a clause's own subject never taken for the owner."""

from __future__ import annotations

from datetime import date

from tracker.minutes import Suggestion, extract

MEETING = date(2024, 1, 17)


def only(text: str) -> Suggestion:
    found = extract("33. Ambulance response times\n\n" + text, MEETING)
    assert len(found) == 1, [s.title for s in found]
    return found[0]


def test_an_opening_phrase_is_not_the_owner_and_the_question_it_names_says_what_is_owed() -> None:
    s = only("In response to a question from Councillor Coleman about the number of community first responders, the Director "
             "said that he did not have the figure to hand but would write to the Committee with it.")
    assert (s.title, s.owner, s.raised_by) == ("Write to the Committee with the number of community first responders",
                                               "Director", "Councillor Coleman")


def test_this_breakdown_is_the_breakdown_asked_for_without_the_reason_given_for_it() -> None:
    s = only("Councillor Begum asked for the response time figures to be broken down by primary care network area so that "
             "members could see how rural communities compared with the towns. The Director of Operations agreed to provide "
             "this breakdown to members before the next meeting.")
    assert s.title == "Provide the response time figures broken down by primary care network area"
    assert s.due_next_meeting


def test_a_request_for_clarification_on_something_is_titled_with_the_thing() -> None:
    s = only("Councillor Shaw asked for clarification on the baseline year used. The Climate Change Officer said that she "
             "would check this and confirm in writing.")
    assert s.title == "Check the baseline year used and confirm in writing"


def test_lines_wrapped_inside_the_question_do_not_leak_the_askers_words_into_the_title() -> None:
    s = only("Councillor Martin asked whether this could be brought\nforward; the Head of Leisure and Culture said that he would "
             "raise this with the\nTrust and update members by email.")
    assert "Councillor" not in s.title and "councillor" not in s.title


def test_a_role_given_with_its_organisations_abbreviation_is_named_with_the_abbreviation_alone() -> None:
    text = ("The Director of Operations, South Western Ambulance Service NHS Foundation Trust (SWASFT), presented the report. "
            "Councillor Begum asked for figures by area. The Director of Operations agreed to provide them to members.")
    assert only(text).owner == "Director of Operations, SWASFT"


def test_an_organisation_named_across_a_wrapped_line_is_named_on_one_line() -> None:
    text = ("The Director of Operations, South Western Ambulance Service\nNHS Foundation Trust, presented the report. The "
            "Director of Operations agreed to provide the response time figures to members.")
    assert only(text).owner == "Director of Operations, South Western Ambulance Service NHS Foundation Trust"


def test_what_the_waits_were_is_no_owner_of_a_request_taken_on_board_after_it() -> None:
    s = only("The Associate Director acknowledged that the waits were unacceptable and took on board a request to provide "
             "the Committee with a trajectory for reducing the waits.")
    assert s.owner == "Associate Director"


def test_an_answers_label_is_not_part_of_its_owner() -> None:
    text = ("Q3. Councillor Patel asked about the cost of taxi contracts.\nA. The Assistant Director did not have the "
            "comparison to hand. A written answer would be provided to all members of the Committee within 10 working days.")
    s = only(text)
    assert (s.owner, s.raised_by) == ("Assistant Director", "Councillor Patel")


def test_the_vice_chair_and_a_member_from_another_council_are_named_as_who_asked() -> None:
    assert only("In response to a question from the Vice-Chair, the Director of Adult Social Services agreed to provide a note "
                "on the Discharge Fund.").raised_by == "the Vice-Chair"
    assert only("A Member from Westmere Council asked about waiting times. The Associate Director took on board a request to "
                "provide the Committee with a trajectory for reducing them.").raised_by == "a Member from Westmere Council"


def test_an_officer_who_says_a_requested_document_will_be_provided_owns_it_under_the_requests_words() -> None:
    s = only("Councillor Jones requested a copy of the business case. The Director said that this would be provided.")
    assert (s.title, s.owner, s.raised_by) == ("Provide a copy of the business case", "Director", "Councillor Jones")


def test_the_words_that_report_a_confirmation_are_not_the_subject_of_what_was_confirmed() -> None:
    assert only("The officer confirmed the information would be sent to Councillor Smith.").title == (
        "Send the information to Councillor Smith")


def test_a_listed_part_after_and_is_titled_without_its_label() -> None:
    s = only("RESOLVED that (a) the report be noted; and (b) a further report on dental access be brought to the Committee "
             "in six months.")
    assert (s.title, s.minute_ref) == ("Bring a further report on dental access to the Committee", "33(b)")


def test_a_reply_that_says_a_visit_asked_for_could_be_arranged_is_titled_with_the_visit() -> None:
    s = only("The Chair asked whether the Committee could visit the Trust's clinical hub at Exbridge. The Director of "
             "Operations said that this could be arranged and that he would liaise with the Democratic Services Officer on "
             "suitable dates.")
    assert (s.title, s.owner, s.raised_by) == ("Arrange a visit to the Trust's clinical hub at Exbridge", "Director of Operations",
                                               "the Chair")


def test_a_letter_expressing_the_committees_concern_is_titled_with_what_it_is_about() -> None:
    s = only("RESOLVED that the Chair write to the Chief Executive of the ICB expressing the Committee's concern at the level "
             "of handover delays at Taunford General Hospital.")
    assert s.title == "Write to the Chief Executive of the ICB about the level of handover delays at Taunford General Hospital"


def test_the_figures_asked_about_in_a_question_are_named_in_the_title() -> None:
    s = only("In response to a question from Cllr Ward about response times in rural wards, the Chief Inspector said he "
             "would obtain the figures by ward and forward them to the Democratic Services Officer.")
    assert s.title == ("Obtain the figures on response times in rural wards by ward and forward them to the Democratic "
                       "Services Officer")


def test_the_committee_that_is_to_receive_an_update_is_not_its_owner() -> None:
    s = only("RESOLVED that the Committee receive a further update on handover delays in six months.")
    assert (s.title, s.owner) == ("Present a further update on handover delays to the Committee", "")


def test_a_written_answer_promised_to_a_question_says_what_it_will_answer() -> None:
    text = ("Q3. Councillor Patel asked about the cost of taxi contracts compared with in-house minibuses.\nA. The Assistant "
            "Director did not have the comparison to hand. A written answer would be provided to all members of the Committee.")
    assert only(text).title == ("Provide a written answer on the cost of taxi contracts compared with in-house minibuses to all "
                                "members of the Committee")
