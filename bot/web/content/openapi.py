"""The content owners' part of the OpenAPI document (merged into ``bot.web.openapi``), kept
apart so the contract's own document stays readable."""
from __future__ import annotations

from typing import Any, Dict, List

from bot.content_tools.inbox import Reason
from bot.web.content import bodies
from bot.web.content.bodies import DEFAULT_DAYS, MAX_DAYS, MAX_TEXT_CHARS, MAX_TEXTS, MAX_TOPIC_CHARS
from bot.web.staff.auth import CSRF_HEADER


def _ref(name: str) -> Dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: Dict[str, Any], description: str) -> Dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_SECURITY: List[Dict[str, List[str]]] = [{"bearer": []}, {"cookie": []}]  # scheme -> scopes
_ERRORS = {"400": _json(_ref("Error"), "A bad parameter or body; nothing changed"),
           "401": _json(_ref("Error"), "Not logged in"),
           "403": _json(_ref("Error"), "Not a content owner or administrator, or a missing CSRF header")}
_DAYS = {"name": "days", "in": "query", "required": False,
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_DAYS, "default": DEFAULT_DAYS}}
_BELOW = {"name": "below", "in": "query", "required": False,
          "schema": {"type": "number", "minimum": 0, "exclusiveMinimum": True, "maximum": 1, "exclusiveMaximum": True,
                     "default": 0.6},
          "description": "the confidence under which a prediction counts as unsure"}
_PAGE = [{"name": "offset", "in": "query", "required": False,
          "schema": {"type": "integer", "minimum": 0, "maximum": bodies.MAX_OFFSET, "default": 0}},
         {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1,
                                                                       "maximum": bodies.MAX_PAGE},
          "description": "at most this many groups (without it: every group from offset on)"}]
_COUNT = {"type": "integer", "minimum": 0}
_SHARE = {"type": "number", "nullable": True, "minimum": 0, "maximum": 1}

CONTENT_SCHEMAS: Dict[str, Any] = {
    "InboxGroup": {
        "type": "object",
        "properties": {
            "id": {"type": "string"}, "text": {"type": "string", "description": "the most frequent text, masked"},
            "count": _COUNT, "conversations": _COUNT,
            "first_seen": {"type": "string", "format": "date-time"},
            "last_seen": {"type": "string", "format": "date-time"},
            "reasons": {"type": "object", "properties": {r.value: _COUNT for r in Reason}},
            "model_guess": {"type": "string", "nullable": True, "description": "the intent the model took it for"},
            "model_unsure": {"type": "boolean", "description": "the model fell back or asked \"Bedoelt u ...?\""},
            "answer_rejected": {"type": "boolean",
                                "description": "the resident turned the answer down (thumbs-down, a denial right "
                                               "after it, a request for a person)"},
            "suggested_intent": {"type": "string", "nullable": True,
                                 "description": "the model's guess, only when it was sure and not turned down"},
            "examples": {"type": "array", "items": {"type": "object", "properties": {
                "text": {"type": "string"}, "count": _COUNT, "last_seen": {"type": "string", "format": "date-time"}}}},
            "example_count": _COUNT,
        },
    },
    "Inbox": {"type": "object", "properties": {"days": _COUNT, "below": {"type": "number"},
                                               "tracker_available": {"type": "boolean"}, "total": _COUNT,
                                               "group_count": {**_COUNT, "description": "groups in all pages"},
                                               "offset": _COUNT,
                                               "next_offset": {**_COUNT, "nullable": True,
                                                               "description": "where the next page starts; null "
                                                                              "after the last"},
                                               "groups": {"type": "array", "items": _ref("InboxGroup")}}},
    "AnnotationRequest": {
        "type": "object", "required": ["texts", "decision"], "additionalProperties": False,
        "properties": {
            "texts": {"type": "array", "minItems": 1, "maxItems": MAX_TEXTS,
                      "items": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT_CHARS}},
            "decision": {"type": "string", "enum": ["intent", "new_topic", "ignore"]},
            "intent": {"type": "string", "description": "required with decision intent, only then"},
            "topic": {"type": "string", "maxLength": MAX_TOPIC_CHARS, "description": "only with new_topic"},
        },
    },
    "Annotation": {"type": "object", "properties": {"annotation": {"type": "object", "properties": {
        "decision": {"type": "string"}, "intent": {"type": "string", "nullable": True},
        "topic": {"type": "string", "nullable": True}, "file": {"type": "string", "nullable": True},
        "added": {"type": "array", "items": {"type": "string"}},
        "skipped": {"type": "array", "items": {"type": "object", "properties": {
            "text": {"type": "string"},
            "reason": {"type": "string", "description": "duplicate, held_out, empty or already_in:<intent>"}}}}}}}},
    "Finding": {"type": "object", "properties": {
        "kind": {"type": "string", "enum": ["config_error", "intent_without_answer", "answer_error", "content_problem",
                                            "malformed_link", "missing_fee"]},
        "severity": {"type": "string", "enum": ["error", "warning"]},
        "where": {"type": "string"}, "detail": {"type": "string"}}},
    "Analytics": {"type": "object", "properties": {
        "period": {"type": "object"}, "tracker_available": {"type": "boolean"},
        "conversations": _COUNT, "messages": {**_COUNT, "nullable": True},
        "per_day": {"type": "array", "items": {"type": "object", "properties": {
            "date": {"type": "string", "format": "date"}, "conversations": _COUNT, "handovers": _COUNT,
            "appointments": _COUNT, "fallbacks": {**_COUNT, "nullable": True}}}},
        "top_intents": {"type": "array", "items": {"type": "object", "properties": {"intent": {"type": "string"},
                                                                                   "count": _COUNT}}},
        "fallbacks": {**_COUNT, "nullable": True}, "fallback_rate": _SHARE, "handovers": _COUNT,
        "handover_rate": _SHARE, "appointments_made": _COUNT, "resolved_without_person": _SHARE,
        "feedback": {"type": "object", "properties": {"helpful": _COUNT, "not_helpful": _COUNT}}}},
}

CONTENT_PATHS: Dict[str, Any] = {
    "/api/content/inbox": {"get": {
        "summary": "What the assistant missed, grouped by similar text, texts masked (content, admin)",
        "security": _SECURITY, "parameters": [_DAYS, _BELOW, *_PAGE],
        "responses": {"200": _json(_ref("Inbox"), "The groups, largest first"), **_ERRORS}}},
    "/api/content/inbox.csv": {"get": {
        "summary": "The inbox as CSV, one row per text (content, admin)",
        "security": _SECURITY, "parameters": [_DAYS, _BELOW],
        "responses": {"200": {"description": "text/csv attachment"}, **_ERRORS}}},
    "/api/content/annotations": {"post": {
        "summary": "Decide on inbox texts: add them to an intent's training file, keep them as a new topic, "
                   "or ignore them (content, admin)",
        "security": _SECURITY,
        "parameters": [{"name": CSRF_HEADER, "in": "header", "required": False, "schema": {"type": "string"}}],
        "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("AnnotationRequest")}}},
        "responses": {"200": _json(_ref("Annotation"), "Done; what was added and what skipped"), **_ERRORS,
                      "422": _json(_ref("Error"), "An unknown intent, or training data that cannot be read"),
                      "503": _json(_ref("Error"), "The training data cannot be written; nothing changed")}}},
    "/api/content/intents": {"get": {
        "summary": "The intents annotations can go to, with their Dutch title and file (content, admin)",
        "security": _SECURITY, "responses": {"200": {"description": "{\"intents\": [{name, title, file}]}"},
                                             **_ERRORS}}},
    "/api/content/analytics": {"get": {
        "summary": "Conversations per day, top intents, fallback and handover rates, appointments, "
                   "share without a person (content, admin)",
        "security": _SECURITY, "parameters": [_DAYS],
        "responses": {"200": _json(_ref("Analytics"), "The figures of the last N days"), **_ERRORS}}},
    "/api/content/check": {"get": {
        "summary": "Intents without an answer, malformed links, products without fees (content, admin)",
        "security": _SECURITY,
        "responses": {"200": {"description": "{ok, errors, warnings, checked_at, findings: [Finding]}"},
                      **_ERRORS}}},
}
