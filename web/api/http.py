"""Requests and responses of the API: JSON bodies and query strings in, preconditions, and every error as JSON."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Response, jsonify, request
from marshmallow import Schema, ValidationError, fields
from werkzeug.exceptions import RequestEntityTooLarge

from tracker.domain.errors import ConflictError, DuplicateError, MoveNotAllowedError, NotFoundError, RuleError
from web.api.schemas import move_names


class ApiError(Exception):
    """Raised to stop a request with a status, a message and, maybe, more to say."""

    def __init__(self, status: int, error: str, message: str, headers: dict[str, str] | None = None, **extra: Any):
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message
        self.headers = headers or {}
        self.extra = extra


# The largest command (a response of 10,000 characters with its evidence links) is far smaller than this.
BODY_LIMIT = 256 * 1024
NOT_AN_OBJECT = 'Send a JSON object, e.g. {"text": "..."}.'


def json_body() -> dict[str, Any]:
    """The request's JSON object (empty when there is no body); malformed or over-deep JSON is a 400, a huge one 413."""
    request.max_content_length = BODY_LIMIT
    try:
        raw = request.get_data(cache=True)
    except RequestEntityTooLarge:
        raise ApiError(413, "Request body too large",
                       f"Send a JSON body of at most {BODY_LIMIT // 1024} KB: that is far more than any field holds.") from None
    if not raw:
        return {}
    try:
        data = json.loads(raw)
    except RecursionError:  # the parser gives up on arrays or objects nested a thousand deep
        raise ValidationError({"body": ["The JSON is nested too deeply. " + NOT_AN_OBJECT]}) from None
    except ValueError:  # not JSON, or not in UTF-8, -16 or -32
        raise ValidationError({"body": [NOT_AN_OBJECT]}) from None
    if not isinstance(data, dict):
        raise ValidationError({"body": [NOT_AN_OBJECT]})
    return data


def query_args(schema: type[Schema]) -> dict[str, Any]:
    """The query string loaded through a schema; empty values mean "not given", lists may repeat."""
    instance = schema()
    raw: dict[str, Any] = {}
    for key in request.args:
        values = [v for v in request.args.getlist(key) if v.strip()]
        if values:
            raw[key] = values if isinstance(instance.fields.get(key), fields.List) else values[0]
    return instance.load(raw)


def etag_matches(header: str, version: int) -> bool:
    """True when an If-Match header names this version (or is "*")."""
    tags = [t.strip() for t in header.split(",")]
    return any(t == "*" or t.removeprefix("W/").strip('"') == str(version) for t in tags)


def precondition(payload: dict[str, Any], version: int) -> dict[str, Any]:
    """The payload checked against If-Match (412 when stale), with expected_version taken from it."""
    header = request.headers.get("If-Match")
    if header is None:
        return payload
    if not etag_matches(header, version):
        raise ApiError(
            412, "Precondition failed",
            f"It is at version {version} now, not the one you sent in If-Match. Reload it, check the changes, and try again.",
            headers={"ETag": f'"{version}"'}, current_version=version,
        )
    if header.strip() == "*":
        return payload
    if payload.get("expected_version") not in (None, version):
        raise ValidationError({"expected_version": ["Send either If-Match or expected_version, and make them agree."]})
    return {**payload, "expected_version": version}


def field_errors(error: ValidationError) -> dict[str, list[str]]:
    """A marshmallow error as a list of messages per field, nested messages flattened."""

    def flatten(value: Any) -> list[str]:
        if isinstance(value, dict):
            return [m for sub in value.values() for m in flatten(sub)]
        if isinstance(value, (list, tuple)):
            return [m for sub in value for m in flatten(sub)]
        return [str(value)]

    return {str(field): flatten(value) for field, value in error.normalized_messages().items()}


def problem(code: int, error: str, message: str, headers: dict[str, str] | None = None, **extra: Any) -> Response:
    """A JSON error response."""
    response = jsonify({"error": error, "message": message, **extra})
    response.status_code = code
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def register_errors(bp: Blueprint) -> None:
    """Every error the API expects, turned into its status and a JSON body; never a 500 for bad input."""

    @bp.errorhandler(ApiError)
    def api_error(e: ApiError) -> Response:
        return problem(e.status, e.error, e.message, e.headers, **e.extra)

    @bp.errorhandler(ValidationError)
    def invalid(e: ValidationError) -> Response:
        response = jsonify({"errors": field_errors(e)})
        response.status_code = 400
        return response

    @bp.errorhandler(MoveNotAllowedError)
    def not_allowed(e: MoveNotAllowedError) -> Response:
        return problem(422, "That move is not allowed now", str(e), status=e.status, allowed=move_names(e.allowed))

    @bp.errorhandler(RuleError)
    def rule(e: RuleError) -> Response:
        return problem(422, "That breaks a rule", str(e))

    @bp.errorhandler(NotFoundError)
    def not_found(e: NotFoundError) -> Response:
        return problem(404, "Not found", str(e))

    @bp.errorhandler(DuplicateError)
    def duplicate(e: DuplicateError) -> Response:
        return problem(409, "It exists already", str(e))

    @bp.errorhandler(ConflictError)
    def conflict(e: ConflictError) -> Response:
        return problem(
            409, "Changed by someone else", str(e), {"ETag": f'"{e.current_version}"'}, current_version=e.current_version
        )
