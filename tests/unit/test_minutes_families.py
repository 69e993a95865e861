"""More of the ways minutes record an undertaking: a promise after an apology or an earlier request, an offer to
facilitate, a request passed on, a promise after a semicolon, and a request taken on board to provide something."""

from __future__ import annotations

from datetime import date

from tracker.minutes import Suggestion, extract

MEETING = date(2024, 6, 12)


def only(text: str) -> Suggestion:
    found = extract("4. Item\n\n" + text, MEETING)
    assert len(found) == 1, [s.title for s in found]
    return found[0]


def test_an_earlier_request_named_as_a_noun_does_not_hide_the_undertaking_that_answers_it() -> None:
    s = only("With regard to the request made at the last meeting for information on the DoLS waiting list, the Assistant "
             "Director undertook to circulate it by the end of June.")
    assert (s.title, s.owner, s.due_date) == ("Circulate information on the DoLS waiting list", "Assistant Director",
                                              date(2024, 6, 30))


def test_a_promise_made_after_an_apology_that_something_is_not_yet_available_is_an_undertaking() -> None:
    s = only("The Assistant Director apologised that this was not yet available and undertook to circulate it by the end of June.")
    assert (s.owner, s.due_date) == ("Assistant Director", date(2024, 6, 30))


def test_a_promise_refused_is_still_no_undertaking() -> None:
    assert extract("4. Item\n\nThe Director did not agree to circulate the legal advice.", MEETING) == []


def test_an_officer_happy_to_facilitate_what_was_asked_undertakes_to_arrange_it() -> None:
    s = only("The Chair asked whether a member of the Committee could observe a meeting of the Trust's Service User Forum. "
             "The Managing Director was happy to facilitate this.")
    assert (s.title, s.owner, s.raised_by) == (
        "Arrange for a member of the Committee to observe a meeting of the Trust's Service User Forum", "Managing Director",
        "the Chair")


def test_a_request_passed_on_to_officers_is_an_undertaking_of_the_one_who_passes_it_on() -> None:
    s = only("The Portfolio Holder said she would ask officers to provide a briefing on the grant scheme.")
    assert (s.title, s.owner) == ("Ask officers to provide a briefing on the grant scheme", "Portfolio Holder")


def test_others_being_asked_to_do_something_of_their_own_is_no_undertaking() -> None:
    assert extract("4. Item\n\nThe Carers Lead explained that schools would be asked to nominate a lead for young carers.",
                   MEETING) == []


def test_a_promise_after_a_semicolon_is_not_taken_for_the_question_before_it() -> None:
    s = only("Councillor Martin asked whether this could be brought forward; the Head of Leisure and Culture said that he "
             "would raise this with the Trust at the next contract monitoring meeting and update members by email.")
    assert (s.owner, s.raised_by) == ("Head of Leisure and Culture", "Councillor Martin")
    assert s.title.startswith("Raise with the Trust whether this could be brought forward")


def test_a_question_whether_something_could_be_done_is_still_no_undertaking_without_a_promise() -> None:
    assert extract("4. Item\n\nCouncillor Martin asked whether this could be brought forward; the Head of Leisure said "
                   "that the Trust's capital programme was fixed.", MEETING) == []


def test_taking_on_board_a_request_to_provide_something_is_titled_with_what_is_to_be_provided() -> None:
    s = only("A Member from Westmere Council asked about waiting times for neurodevelopmental assessments for adults. The "
             "Associate Director took on board a request to provide the Committee with a trajectory for reducing them.")
    assert s.title == ("Provide the Committee with a trajectory for reducing waiting times for neurodevelopmental "
                       "assessments for adults")
    assert (s.kind, s.owner) == ("information_request", "Associate Director")


def test_an_action_note_restating_an_officers_promise_in_other_words_is_one_undertaking() -> None:
    text = ("Members raised the blocked gullies and the Flood Risk Manager said he would ask the highways contractor for "
            "its gully cleansing schedule.\n\nA copy of the gully cleansing schedule to be circulated to members.\n"
            "ACTION: Flood Risk Manager")
    s = only(text)
    assert s.owner == "Flood Risk Manager" and len(s.other_sources) == 1


def test_an_item_added_to_the_work_programme_as_a_condition_of_approving_it_is_an_undertaking() -> None:
    s = only("RESOLVED: That the Committee's work programme be approved, subject to the addition of a review of the Council's "
             "temporary accommodation costs at the July meeting.")
    assert (s.title, s.kind, s.due_date) == ("Add a review of the Council's temporary accommodation costs to the work programme",
                                             "work_programme_item", date(2024, 7, 31))


def test_a_work_programme_approved_or_noted_as_it_stands_is_no_undertaking() -> None:
    assert extract("5. Work programme\n\nRESOLVED: That the work programme be approved.", MEETING) == []


def test_an_undertaking_answering_the_request_made_at_the_last_meeting_is_a_follow_up() -> None:
    s = only("With regard to the request made at the last meeting for information on the DoLS waiting list, the Assistant "
             "Director undertook to circulate it by the end of June.")
    assert s.follow_up


def test_a_request_made_at_this_meeting_is_no_follow_up() -> None:
    assert not only("The Head of Housing agreed to circulate the allocations policy requested at this meeting.").follow_up


def test_arranging_for_members_to_see_something_asked_for_is_titled_as_such() -> None:
    s = only("Councillor Green asked whether members could see the new housing allocations scheme. The Head of Housing was "
             "happy to arrange this.")
    assert (s.title, s.owner) == ("Arrange for members to see the new housing allocations scheme", "Head of Housing")


def test_a_request_taken_on_after_a_semicolon_is_owed_by_the_one_who_agreed() -> None:
    s = only("A Member asked for a breakdown by ward; the Head of Service agreed to provide it by the end of the month.")
    assert (s.title, s.owner, s.due_date) == ("Provide a breakdown by ward", "Head of Service", date(2024, 6, 30))


def test_a_report_still_not_received_and_promised_again_is_a_follow_up_titled_with_the_report() -> None:
    s = only("Members noted that the report requested in March had still not been received; the Director apologised and said "
             "it would be sent within a week.")
    assert (s.title, s.owner, s.due_date, s.follow_up) == ("Send the report", "Director", date(2024, 6, 19), True)


def test_a_question_put_in_narrative_and_a_reply_that_it_could_be_provided_is_an_undertaking() -> None:
    s = only("The Chair asked whether officers could provide the figures by ward. The Director said that this could be provided.")
    assert (s.title, s.owner, s.raised_by) == ("Provide the figures by ward", "Director", "the Chair")


def test_a_question_and_its_offer_after_a_semicolon_are_one_undertaking() -> None:
    s = only("Members asked whether the Committee could visit the depot; the Chair said that this could be arranged.")
    assert (s.title, s.owner, s.raised_by) == ("Arrange a visit to the depot", "Chair", "Members")


def test_a_request_that_something_be_published_and_a_reply_that_it_would_be_done_is_an_undertaking() -> None:
    s = only("Councillor Ali asked whether the data could be published. The Director said this would be done once validated.")
    assert (s.title, s.owner) == ("Publish the data", "Director")


def test_a_reply_that_something_could_be_considered_promises_nothing() -> None:
    assert extract("4. Item\n\nCouncillor Ali asked whether the library could open on Sundays. The Head of Libraries said "
                   "that this could be considered as part of the review.", MEETING) == []
