"""What every audience's part of the OpenAPI document shares: references, the error body,
the staff's security and CSRF header, and the message schemas residents and staff both read."""
from __future__ import annotations

from typing import Any, Dict, List

from bot.conversations.rasa_client import ALLOWED_ATTACHMENT_TYPES
from bot.faq.answers import DELETE_CONVERSATION_PAYLOAD
from bot.web.staff.auth import CSRF_HEADER


def ref(name: str) -> Dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def json_body(schema: Dict[str, Any], description: str) -> Dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERROR = json_body(ref("Error"), "An error: a code and a sentence")
MESSAGES = json_body(ref("Messages"), "Messages, oldest first")
CONVERSATION_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}
CSRF = {"name": CSRF_HEADER, "in": "header", "required": False, "schema": {"type": "string"},
        "description": "the csrf_token of the log-in; required when the session cookie authenticates"}
STAFF_SECURITY: List[Dict[str, List[str]]] = [{"bearer": []}, {"cookie": []}]  # scheme -> scopes
STAFF_ERRORS = {"401": json_body(ref("Error"), "Not logged in (error unauthenticated)"),
                "403": json_body(ref("Error"), "The account's roles do not allow this (forbidden), or the CSRF "
                                                "header is missing or wrong with the cookie (csrf)")}
TIME = {"type": "string", "format": "date-time"}
MAYBE_TIME = {**TIME, "nullable": True}

COMMON_SCHEMAS: Dict[str, Any] = {
    "Error": {"type": "object", "required": ["error", "detail"],
              "properties": {"error": {"type": "string"}, "detail": {"type": "string"}}},
    "Button": {"type": "object", "required": ["title", "payload"],
               "properties": {"title": {"type": "string"}, "payload": {"type": "string"}}},
    "Message": {
        "type": "object", "required": ["seq", "sender", "text", "buttons", "sent_at"],
        "properties": {
            "seq": {"type": "integer", "minimum": 1, "description": "1, 2, 3, ... within the conversation"},
            "sender": {"type": "string", "enum": ["resident", "bot", "agent", "system"]},
            "text": {"type": "string"},
            "buttons": {"type": "array", "items": ref("Button")},
            "sent_at": {"type": "string", "format": "date-time"},
            "agent_name": {"type": "string", "description": "the employee's name: on agent messages and on the "
                                                            "notice that an employee took the chat over"},
            "client_id": {"type": "string", "description": "only on a resident message sent with one"},
            "attachment": ref("Attachment"),
            "kind": {"type": "string", "enum": ["question", "confirmation"],
                     "description": "only on a bot message that is not an answer: a form's question (no thumbs "
                                    "under it) or a booking's confirmation (shown as a card)"},
        },
    },
    "Attachment": {
        "type": "object", "required": ["filename"],
        "description": "only on a bot message that came with a file (the appointment's calendar file); the "
                       "content is not inline but at url, with the conversation's token. Staff views show "
                       "the filename only.",
        "properties": {"filename": {"type": "string", "example": "afspraak.ics"},
                       "mime_type": {"type": "string", "enum": sorted(ALLOWED_ATTACHMENT_TYPES)},
                       "url": {"type": "string", "description": "the path of GET /api/conversations/{id}/"
                                                               "messages/{seq}/attachment"}},
    },
    "Messages": {"type": "object", "required": ["messages"],
                 "properties": {"messages": {"type": "array", "items": ref("Message")},
                                "status": {"type": "string", "enum": ["bot", "waiting", "taken", "closed"],
                                           "description": "only when polling (GET): who answers now, so a "
                                                          "widget polls faster while a person has the chat"},
                                "locale": {"type": "string", "enum": ["nl", "en"],
                                           "description": "in the resident's answers (sending, polling, "
                                                          "events): the conversation's language after this "
                                                          "message, which the assistant answers in and the "
                                                          "widget's own words follow; typed text in English "
                                                          "makes it en, \"Nederlands graag\" nl again"},
                                "deleted": {"type": "boolean", "description": f"true only after the payload "
                                            f"{DELETE_CONVERSATION_PAYLOAD}: the conversation is deleted"}}},
}
