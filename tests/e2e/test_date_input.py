"""The date boxes are written out by the project's own macro: their markup must stay the Design System's."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from markupsafe import Markup

from web.pages.forms import DateEntry, DateProblem

# The Design System's own component, given what the project's macro is given.
REFERENCE = """{% from "govuk_frontend_jinja/components/date-input/macro.html" import govukDateInput %}
{%- set wrong = (error.parts if error.parts is defined else ["day", "month", "year"]) if error else [] -%}
{{ govukDateInput({"id": id, "namePrefix": name, "fieldset": {"legend": {"html": legend_html, "classes": legend_classes}
   if legend_html else {"text": legend, "classes": legend_classes}},
   "hint": {"text": hint} if hint else none, "errorMessage": {"text": error if error is string else error|join(" ")}
   if error else none,
   "items": [
     {"name": "day", "label": "Day", "value": typed.day, "classes": "govuk-input--width-2" ~ (" govuk-input--error" if "day" in wrong else "")},
     {"name": "month", "label": "Month", "value": typed.month, "classes": "govuk-input--width-2" ~ (" govuk-input--error" if "month" in wrong else "")},
     {"name": "year", "label": "Year", "value": typed.year, "classes": "govuk-input--width-4" ~ (" govuk-input--error" if "year" in wrong else "")}]}) }}"""
OURS = """{% from "pages/_date_input.html" import date_input %}{{ date_input(name, id, legend, typed, error, hint=hint,
   legend_classes=legend_classes, legend_html=legend_html) }}"""


def _plain(html: str) -> str:
    """Markup with the layout whitespace taken out: between tags, inside tags and around text."""
    html = re.sub(r"<([^>]*)>", lambda m: "<" + " ".join(m.group(1).split()) + ">", html)
    return re.sub(r"\s*(<|>)\s*", r"\1", " ".join(html.split()))


CASES = {
    "blank, with a hint": dict(typed=DateEntry(), error=None, hint="For example, 27 3 2027"),
    "typed, no hint, plain legend": dict(typed=DateEntry("1", "", "2026"), error=None, hint="", legend_classes=""),
    "one wrong box": dict(typed=DateEntry("31", "13", "2026"), error=DateProblem("Month must be 1 to 12", ("month",)),
                          hint="For example, 27 3 2027"),
    "a message for all three": dict(typed=DateEntry("x", "y", "z"), error="Enter a real date", hint="For example, 1 2 2027"),
    "markup in the legend, escaped typing": dict(typed=DateEntry('<b>"1"</b>', "", ""), error=["Enter", "a date"],
                                                 hint="Hint & more", legend_html=Markup("Due <span class='x'>date</span>")),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_the_date_boxes_are_the_design_systems_markup(app: Flask, case: str) -> None:
    values = {"name": "due_date", "id": "due-date", "legend": "Due date", "legend_classes": "govuk-fieldset__legend--s",
              "legend_html": None, **CASES[case]}
    with app.test_request_context("/"):
        reference = app.jinja_env.from_string(REFERENCE).render(**values)
        ours = app.jinja_env.from_string(OURS).render(**values)
    assert _plain(ours) == _plain(reference)
