"""The KCC's part of the OpenAPI document: the handover queue, the whole transcript (or an
agency's shared copy), the bot's status and the callback requests (bot/web/kcc/)."""
from __future__ import annotations

from typing import Any, Dict

from bot.handover.callback import NOTE_MAX
from bot.web.kcc.replies import suggestion_json_schema
from bot.web.openapi_common import (
                                    CONVERSATION_ID,
                                    CSRF,
                                    ERROR,
                                    MAYBE_TIME,
                                    MESSAGES,
                                    STAFF_ERRORS,
                                    STAFF_SECURITY,
                                    TIME,
                                    json_body,
                                    ref,
)
from bot.web.resident.bodies import MAX_TEXT_CHARS
from bot.web.staff.bodies import MAX_SUMMARY_CHARS

_HANDOVER_ID = {**CONVERSATION_ID, "name": "conversation_id"}
_CHANGE_ERRORS = {**STAFF_ERRORS, "400": ERROR, "404": json_body(ref("Error"), "No conversation with this id"),
                  "409": json_body(ref("Error"), "The chat is not in a state that allows this; nothing changed"),
                  "413": ERROR}

_TOPIC_NAME = {"type": "string", "description": "the topic's Dutch name from content/antwoorden.yml "
                                              "(terugval.onderwerpen, kcc.onderwerpen), or kcc.onderwerp_onbekend"}

KCC_SCHEMAS: Dict[str, Any] = {
    "Handover": {
        "type": "object",
        "required": ["conversation_id", "status", "topic", "topic_name", "requested_at", "waiting_seconds"],
        "properties": {
            "conversation_id": {"type": "string", "format": "uuid"},
            "status": {"type": "string", "enum": ["waiting", "taken", "released", "closed"]},
            "topic": {"type": "string", "nullable": True, "description": "the last intent or a short label"},
            "topic_name": _TOPIC_NAME,
            "requested_at": TIME,
            "waiting_seconds": {"type": "integer", "minimum": 0,
                                "description": "how long the resident waited: until now, or until taken"},
            "taken_at": MAYBE_TIME, "taken_by": {"type": "string", "nullable": True,
                                                 "description": "the display name of who took it"},
            "taken_by_me": {"type": "boolean"}, "released_at": MAYBE_TIME, "closed_at": MAYBE_TIME,
            "summary": {"type": "string", "nullable": True},
        },
    },
    "BotStatus": {"type": "object", "required": ["rasa", "actions", "checked_at"],
                  "properties": {"rasa": {"type": "string", "enum": ["up", "down"]},
                                 "actions": {"type": "string", "enum": ["up", "down"],
                                             "description": "the action server"},
                                 "checked_at": TIME}},
    "Handovers": {"type": "object", "required": ["handovers"],
                  "properties": {"handovers": {"type": "array", "items": ref("Handover")}}},
    "HandoverChange": {"type": "object", "required": ["handover", "messages"],
                       "properties": {"handover": ref("Handover"),
                                      "messages": {"type": "array", "items": ref("Message"),
                                                   "description": "what the change added to the transcript"}}},
    "AgentMessage": {"type": "object", "required": ["text"], "additionalProperties": False,
                     "properties": {"text": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT_CHARS}}},
    "Release": {"type": "object", "additionalProperties": False,
                "properties": {"close": {"type": "boolean", "default": False,
                                         "description": "close the conversation instead of handing it to the bot"},
                               "summary": {"type": "string", "maxLength": MAX_SUMMARY_CHARS}}},
    "Transcript": {
        "type": "object", "required": ["conversation_id", "status", "topic", "topic_name", "messages", "handovers"],
        "properties": {
            "conversation_id": {"type": "string", "format": "uuid"},
            "status": {"type": "string", "enum": ["bot", "waiting", "taken", "closed"]},
            "locale": {"type": "string"}, "created_at": TIME, "last_activity_at": TIME,
            "topic": {"type": "string", "nullable": True,
                      "description": "the topic of the newest handover that has one, else of the newest call-back "
                                     "request"},
            "topic_name": _TOPIC_NAME,
            "messages": {"type": "array", "items": ref("Message")},
            "handovers": {"type": "array", "items": ref("Handover")},
        },
    },
    "Callback": {
        "type": "object",
        "required": ["id", "conversation_id", "name", "phone", "topic", "topic_name", "preferred_time", "status",
                     "requested_at",
                     "handled_at", "handled_by", "note"],
        "properties": {
            "id": {"type": "integer"},
            "conversation_id": {"type": "string", "format": "uuid", "nullable": True,
                                "description": "null when asked outside the website chat or when the chat is deleted"},
            "name": {"type": "string"}, "phone": {"type": "string", "description": "ten digits, e.g. 0612345678"},
            "topic": {"type": "string", "nullable": True, "description": "the last thing the resident asked about"},
            "topic_name": _TOPIC_NAME,
            "preferred_time": {"type": "string", "nullable": True, "description": "as the resident typed it"},
            "status": {"type": "string", "enum": ["open", "done"]}, "requested_at": TIME,
            "handled_at": MAYBE_TIME,
            "handled_by": {"type": "string", "nullable": True, "description": "the display name of who called back"},
            "note": {"type": "string", "nullable": True},
        },
    },
    "Callbacks": {"type": "object", "required": ["callbacks"],
                  "properties": {"callbacks": {"type": "array", "items": ref("Callback")}}},
    "CallbackDone": {"type": "object", "additionalProperties": False,
                     "properties": {"note": {"type": "string", "maxLength": NOTE_MAX}}},
    "AgencyTranscript": {
        "type": "object", "required": ["conversation_id", "appointments", "consent_at", "messages"],
        "description": "What an agency employee gets from the transcript route: the masked copy attached to an "
                       "appointment of their agency (the newest one)",
        "properties": {"conversation_id": {"type": "string"},
                       "appointments": {"type": "array", "items": {"type": "string"}},
                       "consent_at": TIME, "messages": {"type": "array", "items": ref("Message")}},
    },
}

KCC_PATHS: Dict[str, Any] = {
    "/api/conversations/{id}/transcript": {
        "parameters": [CONVERSATION_ID],
        "get": {
            "summary": "The whole transcript with its handovers (KCC and administrators); for an agency employee "
                       "the masked copy shared with an appointment of their agency (AgencyTranscript)",
            "security": STAFF_SECURITY,
            "responses": {"200": json_body({"oneOf": [ref("Transcript"), ref("AgencyTranscript")]},
                                           "The conversation"),
                          **STAFF_ERRORS,
                          "404": json_body(ref("Error"), "No conversation with this id (for an agency: none shared "
                                                         "with it)")},
        },
    },
    "/api/kcc/status": {
        "get": {
            "summary": "Whether Rasa and the action server answer (checked with a short deadline, "
                       "cached a few seconds; KCC and administrators)",
            "security": STAFF_SECURITY,
            "responses": {"200": json_body(ref("BotStatus"), "The servers' state"), **STAFF_ERRORS},
        },
    },
    "/api/kcc/handovers": {
        "get": {
            "summary": "Chats waiting for a person (or taken), oldest first (KCC and administrators)",
            "security": STAFF_SECURITY,
            "parameters": [{"name": "status", "in": "query", "required": False,
                            "schema": {"type": "string", "enum": ["waiting", "taken"], "default": "waiting"}}],
            "responses": {"200": json_body(ref("Handovers"), "The queue"), "400": ERROR, **STAFF_ERRORS},
        },
    },
    "/api/kcc/handovers/{conversation_id}/take": {
        "parameters": [_HANDOVER_ID, CSRF],
        "post": {
            "summary": "Take a waiting chat (or one the bot has); the bot stops answering it",
            "security": STAFF_SECURITY,
            "responses": {"200": json_body(ref("HandoverChange"), "Taken; the resident is told who answers"),
                          **_CHANGE_ERRORS},
        },
    },
    "/api/kcc/handovers/{conversation_id}/messages": {
        "parameters": [_HANDOVER_ID, CSRF],
        "post": {
            "summary": "A message from the employee who took the chat to the resident",
            "security": STAFF_SECURITY,
            "requestBody": {"required": True, "content": {"application/json": {"schema": ref("AgentMessage")}}},
            "responses": {"200": MESSAGES, **_CHANGE_ERRORS},
        },
    },
    "/api/kcc/handovers/{conversation_id}/release": {
        "parameters": [_HANDOVER_ID, CSRF],
        "post": {
            "summary": "Hand the chat back to the bot, or close it with a summary",
            "security": STAFF_SECURITY,
            "requestBody": {"required": False, "content": {"application/json": {"schema": ref("Release")}}},
            "responses": {"200": json_body(ref("HandoverChange"), "Released or closed"), **_CHANGE_ERRORS},
        },
    },
    "/api/kcc/replies": {
        "get": {
            "summary": "The ready-made replies content owners keep (content/antwoorden.yml, kcc.snelle_antwoorden), "
                       "with the municipality's facts filled in (KCC and administrators)",
            "security": STAFF_SECURITY,
            "responses": {"200": json_body({"type": "object", "required": ["replies"], "properties": {"replies": {
                "type": "array", "items": {"type": "object", "required": ["title", "text"],
                                           "properties": {"title": {"type": "string"}, "text": {"type": "string"}}}}}},
                "The replies, in the file's order"), **STAFF_ERRORS},
        },
    },
    "/api/kcc/handovers/{conversation_id}/suggestion": {
        "parameters": [_HANDOVER_ID],
        "get": {
            "summary": "The bot's own answer to the resident's last question (as Rasa's model reads it), else to the "
                       "conversation's topic, for the employee to change before sending (KCC and administrators)",
            "security": STAFF_SECURITY,
            "responses": {"200": json_body(suggestion_json_schema(), "The suggestion, or null"), **STAFF_ERRORS,
                          "404": json_body(ref("Error"), "No conversation with this id")},
        },
    },
    "/api/kcc/callbacks": {
        "get": {
            "summary": "Residents who asked to be called back, oldest first (KCC and administrators)",
            "security": STAFF_SECURITY,
            "parameters": [{"name": "status", "in": "query", "required": False,
                            "schema": {"type": "string", "enum": ["open", "done"], "default": "open"}}],
            "responses": {"200": json_body(ref("Callbacks"), "The callback requests"), **STAFF_ERRORS,
                          "422": json_body(ref("Error"), "status is not open or done")},
        },
    },
    "/api/kcc/callbacks/{id}/done": {
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}, CSRF],
        "post": {
            "summary": "Record that the resident was called back, with an optional note",
            "security": STAFF_SECURITY,
            "requestBody": {"required": False,
                            "content": {"application/json": {"schema": ref("CallbackDone")}}},
            "responses": {"200": json_body({"type": "object", "required": ["callback"],
                                            "properties": {"callback": ref("Callback")}}, "Marked done"),
                          **STAFF_ERRORS, "400": ERROR, "413": ERROR,
                          "404": json_body(ref("Error"), "No callback request with this id"),
                          "409": json_body(ref("Error"), "Already marked done; nothing changed"),
                          "422": json_body(ref("Error"), "note is not a string or longer than allowed")},
        },
    },
    "/api/kcc/callbacks/{id}/reopen": {
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}, CSRF],
        "post": {
            "summary": "Undo \"done\": the request is open again, without who handled it or the note (the employee "
                       "who marked it done, or an administrator)",
            "security": STAFF_SECURITY,
            "responses": {"200": json_body({"type": "object", "required": ["callback"],
                                            "properties": {"callback": ref("Callback")}}, "Open again"),
                          **STAFF_ERRORS, "400": ERROR, "413": ERROR,
                          "404": json_body(ref("Error"), "No callback request with this id"),
                          "409": json_body(ref("Error"), "Not done (not_done), or marked done by another employee "
                                                         "(done_by_other); nothing changed")},
        },
    },
}
