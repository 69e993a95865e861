"""The boundary's schemas: every choice that is not on the list says what to choose, and UK times that exist."""

from __future__ import annotations

import inspect
from datetime import datetime, timezone

import pytest
from marshmallow import Schema, ValidationError, fields, validate

import web.api.schemas as api_schemas
import web.schemas as web_schemas
from web.schemas import LogActionSchema, MeetingSchema, load

# What marshmallow says when a schema gives no message of its own: none of it tells a clerk what to do.
STOCK = ("Not a valid", "Must be one of", "Choose one of:")


def input_schemas() -> list[type[Schema]]:
    """Every schema that reads outside input: the web's, and the API's query strings."""
    found = [c for _, c in inspect.getmembers(web_schemas, inspect.isclass)
             if issubclass(c, Schema) and c.__module__ == web_schemas.__name__]
    found += [c for name, c in inspect.getmembers(api_schemas, inspect.isclass) if name.endswith("QuerySchema")]
    return found


def is_a_choice(field: fields.Field) -> bool:
    inner = field.inner if isinstance(field, fields.List) else field
    return isinstance(inner, (fields.UUID, fields.Boolean, fields.Enum)) or any(
        isinstance(v, validate.OneOf) for v in inner.validators)


# Each choice with what is sent instead: text anywhere, and a number too where JSON can send one (not a query string).
CHOICES = [(schema, name, sent) for schema in input_schemas() for name, field in schema().fields.items()
           if is_a_choice(field) for sent in ("not-on-the-list", 42) if isinstance(sent, str)
           or not schema.__name__.endswith("QuerySchema")]


@pytest.mark.parametrize(("schema", "name", "sent"), CHOICES, ids=[f"{s.__name__}.{n}={v}" for s, n, v in CHOICES])
def test_a_value_that_is_not_one_of_the_choices_gets_a_message_saying_what_to_choose(
        schema: type[Schema], name: str, sent: object) -> None:
    field = schema().fields[name]
    with pytest.raises(ValidationError) as refused:
        schema().load({name: [sent] if isinstance(field, fields.List) else sent}, partial=True)
    messages = refused.value.messages[name]
    text = " ".join(str(m) for m in (messages.values() if isinstance(messages, dict) else messages))
    assert text and not any(stock in text for stock in STOCK), f"{schema.__name__}.{name}: {text}"


def test_the_log_forms_choices_say_so_in_plain_words() -> None:
    with pytest.raises(ValidationError) as refused:
        load(LogActionSchema, {"committee": "HOSC", "title": "Send the figures", "kind": "gossip",
                               "owner_id": "someone", "meeting_id": "last-week"})
    assert refused.value.messages == {
        "kind": ["Choose the kind of undertaking from the list."],
        "owner_id": ["Choose who owes it from the list."],
        "meeting_id": ["Choose the meeting it arose at from the list."],
    }


def meeting_at(typed: str) -> datetime:
    return load(MeetingSchema, {"committee": "HOSC", "starts_at": typed, "title": "HOSC"})["starts_at"]


@pytest.mark.parametrize("typed", ["2027-03-28T01:00", "2027-03-28T01:30", "2027-03-28T01:59", "2026-03-29T01:15"])
def test_a_time_in_the_hour_the_clocks_go_forward_is_refused_saying_why(typed: str) -> None:
    with pytest.raises(ValidationError) as refused:
        meeting_at(typed)
    [message] = refused.value.messages["starts_at"]
    assert "The clocks go forward an hour at 1am on" in message and "choose another time" in message
    assert f"so {typed[-5:]} does not exist in the UK that day" in message


@pytest.mark.parametrize(("typed", "stored"), [
    ("2027-03-28T00:59", datetime(2027, 3, 28, 0, 59, tzinfo=timezone.utc)),   # still GMT
    ("2027-03-28T02:00", datetime(2027, 3, 28, 1, 0, tzinfo=timezone.utc)),    # British Summer Time begins
    ("2027-10-31T01:30", datetime(2027, 10, 31, 0, 30, tzinfo=timezone.utc)),  # the hour that happens twice: the first
    ("2027-01-20T10:00", datetime(2027, 1, 20, 10, 0, tzinfo=timezone.utc)),
    ("2027-03-28T01:30+00:00", datetime(2027, 3, 28, 1, 30, tzinfo=timezone.utc)),  # an offset says which moment
])
def test_a_time_that_exists_in_the_uk_is_stored_as_the_moment_it_names(typed: str, stored: datetime) -> None:
    assert meeting_at(typed) == stored
