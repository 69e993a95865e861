"""The OpenAPI 3 document, generated from the routes and their schemas by apispec; public, no token."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec_webframeworks.flask import FlaskPlugin
from flask import Flask, Response, current_app, jsonify
from marshmallow import Schema
from werkzeug.routing import Rule

from web.api import bp
from web.api.auth import HOW
from web.api.schemas import ErrorSchema, ValidationErrorsSchema
from web.schemas import Due

ERRORS: dict[int, tuple[str, type[Schema], str]] = {
    400: ("BadRequest", ValidationErrorsSchema, "The input was not valid: a list of messages per field."),
    401: ("Unauthorized", ErrorSchema, "No token, or not a valid one."),
    403: ("Forbidden", ErrorSchema, "Your role or your committees do not allow this."),
    404: ("NotFound", ErrorSchema, "There is no such thing."),
    409: ("Conflict", ErrorSchema, "It exists already, or someone else changed it meanwhile (current_version says)."),
    412: ("PreconditionFailed", ErrorSchema, "If-Match named an old version (current_version says which is current)."),
    413: ("PayloadTooLarge", ErrorSchema, "The JSON body is larger than any command needs."),
    422: ("Unprocessable", ErrorSchema, "The move breaks a rule, or is not allowed now (allowed says which are)."),
}
HEADERS = {
    "ETag": {"description": 'The action\'s version, quoted: send it back as If-Match.', "schema": {"type": "string"}},
    "Location": {"description": "Where the new thing can be read.", "schema": {"type": "string"}},
}
PATH_PARAMETERS = {
    "reference": "An action's reference, e.g. HOSC-0042.",
    "meeting_id": "A meeting's id.",
    "short_name": "A committee's short name, e.g. HOSC.",
    "person_id": "A person's id.",
}
IF_MATCH = {
    "in": "header", "name": "If-Match", "required": False, "schema": {"type": "string"},
    "description": "The ETag you read; a stale one gets 412. Without it, expected_version in the body does the same.",
}


def documented(
    *,
    tag: str,
    response: type[Schema] | Schema | dict[str, Any] | None = None,
    status: int = 200,
    query: type[Schema] | None = None,
    body: type[Schema] | None = None,
    errors: tuple[int, ...] = (),
    headers: tuple[str, ...] = (),
    if_match: bool = False,
    public: bool = False,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark a view with what the OpenAPI document says of it (and whether it needs a token)."""

    def mark(view: Callable[..., Any]) -> Callable[..., Any]:
        view.api_doc = {  # type: ignore[attr-defined]
            "tag": tag, "response": response, "status": status, "query": query, "body": body,
            "errors": errors, "headers": headers, "if_match": if_match, "public": public,
        }
        return view

    return mark


def build_spec(app: Flask) -> dict[str, Any]:
    """The OpenAPI document of every route of the API blueprint."""
    marshmallow = MarshmallowPlugin()
    spec = APISpec(
        title="Scrutiny action tracker API", version="1.0.0", openapi_version="3.0.3",
        plugins=[FlaskPlugin(), marshmallow],
        info={"description": "The action log of council scrutiny committees: undertakings, their moves and reviews."},
        security=[{"bearer": []}],
    )
    marshmallow.map_to_openapi_type(Due, "string", None)
    marshmallow.converter.add_attribute_function(_no_blank_default)  # type: ignore[union-attr]
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer", "description": HOW})
    for name, schema, description in ERRORS.values():
        spec.components.response(name, {"description": description, "content": {"application/json": {"schema": schema}}})
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith(f"{bp.name}.")]
    for rule in sorted(rules, key=lambda r: (r.rule, r.endpoint)):
        view = app.view_functions[rule.endpoint]
        methods = sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})
        operations = {m.lower(): _operation(rule, view, getattr(view, "api_doc", {})) for m in methods}
        spec.path(view=view, app=app, operations=operations, parameters=_path_parameters(rule))
    return spec.to_dict()


def _no_blank_default(converter: Any, field: Any, ret: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """An optional e-mail or link defaults to "", which is no e-mail address: leave that default unsaid."""
    if ret.get("default") == "" and ret.get("format"):
        del ret["default"]
    return {}


def _path_parameters(rule: Rule) -> list[dict[str, Any]]:
    return [
        {"in": "path", "name": name, "required": True, "schema": {"type": "string"},
         "description": PATH_PARAMETERS.get(name, "")}
        for name in sorted(rule.arguments)
    ]


def _operation(rule: Rule, view: Callable[..., Any], doc: dict[str, Any]) -> dict[str, Any]:
    status = doc.get("status", 200)
    ok: dict[str, Any] = {"description": "Done." if status != 200 else "OK."}
    if doc.get("response") is not None:
        ok["content"] = {"application/json": {"schema": doc["response"]}}
    if doc.get("headers"):
        ok["headers"] = {h: HEADERS[h] for h in doc["headers"]}
    errors = set(doc.get("errors", ())) | (set() if doc.get("public") else {401}) | ({413} if doc.get("body") else set())
    operation: dict[str, Any] = {
        "operationId": rule.endpoint.split(".", 1)[1],
        "summary": (view.__doc__ or "").strip().splitlines()[0] if view.__doc__ else rule.endpoint,
        "tags": [doc.get("tag", "api")],
        "responses": {str(status): ok, **{str(code): ERRORS[code][0] for code in sorted(errors)}},
    }
    parameters: list[dict[str, Any]] = []
    if doc.get("query") is not None:
        parameters.append({"in": "query", "schema": doc["query"]})
    if doc.get("if_match"):
        parameters.append(IF_MATCH)
    if parameters:
        operation["parameters"] = parameters
    if doc.get("body") is not None:
        required = any(f.required for f in doc["body"]().fields.values())
        operation["requestBody"] = {"required": required, "content": {"application/json": {"schema": doc["body"]}}}
    if doc.get("public"):
        operation["security"] = []
    return operation


@bp.get("/openapi.json")
@documented(tag="meta", response={"type": "object"}, public=True)
def openapi() -> Response:
    """This document: the API described in OpenAPI 3."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if "openapi" not in app.extensions:
        app.extensions["openapi"] = build_spec(app)
    return jsonify(app.extensions["openapi"])
