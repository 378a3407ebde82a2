"""The OpenAPI 3 document served at ``GET /openapi.json``, written by hand so that it says
exactly what the contract says."""
from __future__ import annotations

from typing import Any, Dict

from bot.faq.answers import DELETE_CONVERSATION_PAYLOAD
from bot.handover.callback import NOTE_MAX
from bot.web.resident.bodies import MAX_PAYLOAD_CHARS, MAX_TEXT_CHARS
from bot.conversations.rasa_client import ALLOWED_ATTACHMENT_TYPES
from bot.web.staff.auth import CSRF_HEADER, SESSION_COOKIE
from bot.web.staff.bodies import MAX_SUMMARY_CHARS


def _ref(name: str) -> Dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: Dict[str, Any], description: str) -> Dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERROR = _json(_ref("Error"), "An error: a code and a sentence")
_NOT_FOUND = _json(_ref("Error"), "Unknown conversation, or a wrong or missing token (the same answer)")
_RATE_LIMITED = {**_json(_ref("Error"), "Too many requests (error rate_limited); nothing was stored"),
                 "headers": {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}}}
_MESSAGES = _json(_ref("Messages"), "Messages, oldest first")
_CONVERSATION_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}
_HANDOVER_ID = {**_CONVERSATION_ID, "name": "conversation_id"}
_CSRF = {"name": CSRF_HEADER, "in": "header", "required": False, "schema": {"type": "string"},
         "description": "the csrf_token of the log-in; required when the session cookie authenticates"}
_STAFF = [{"bearer": []}, {"cookie": []}]
_STAFF_ERRORS = {"401": _json(_ref("Error"), "Not logged in (error unauthenticated)"),
                 "403": _json(_ref("Error"), "The account's roles do not allow this (forbidden), or the CSRF "
                                             "header is missing or wrong with the cookie (csrf)")}
_CHANGE_ERRORS = {**_STAFF_ERRORS, "400": _ERROR, "404": _json(_ref("Error"), "No conversation with this id"),
                  "409": _json(_ref("Error"), "The chat is not in a state that allows this; nothing changed"),
                  "413": _ERROR}
_TIME = {"type": "string", "format": "date-time"}
_CLIENT_ID = {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$",
              "description": "the widget's own id for this message: sent again after a dropped connection, "
                             "the message is not stored twice and the answer holds the replies stored the "
                             "first time; a bad one is a 422 (invalid_client_id)"}
_MAYBE_TIME = {**_TIME, "nullable": True}

_SCHEMAS: Dict[str, Any] = {
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
            "buttons": {"type": "array", "items": _ref("Button")},
            "sent_at": {"type": "string", "format": "date-time"},
            "agent_name": {"type": "string", "description": "only on agent messages"},
            "client_id": {"type": "string", "description": "only on a resident message sent with one"},
            "attachment": _ref("Attachment"),
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
                 "properties": {"messages": {"type": "array", "items": _ref("Message")},
                                "status": {"type": "string", "enum": ["bot", "waiting", "taken", "closed"],
                                           "description": "only when polling (GET): who answers now, so a "
                                                          "widget polls faster while a person has the chat"},
                                "deleted": {"type": "boolean", "description": f"true only after the payload "
                                            f"{DELETE_CONVERSATION_PAYLOAD}: the conversation is deleted"}}},
    "NewConversation": {"type": "object", "additionalProperties": False,
                        "properties": {"locale": {"type": "string", "default": "nl", "maxLength": 8}}},
    "Conversation": {"type": "object", "required": ["conversation_id", "token"],
                     "properties": {"conversation_id": {"type": "string", "format": "uuid"},
                                    "token": {"type": "string", "description": "send as Authorization: Bearer"}}},
    "Login": {"type": "object", "required": ["username", "password"], "additionalProperties": False,
              "properties": {"username": {"type": "string"}, "password": {"type": "string", "format": "password"}}},
    "Session": {
        "type": "object", "required": ["token", "csrf_token", "roles", "display_name"],
        "properties": {
            "token": {"type": "string", "description": f"send as Authorization: Bearer; also set as the "
                                                       f"HttpOnly cookie {SESSION_COOKIE}"},
            "csrf_token": {"type": "string", "description": f"send in {CSRF_HEADER} with every POST that the "
                                                            f"cookie authenticates"},
            "roles": {"type": "array", "items": {"type": "string"},
                      "description": "kcc, content, admin, agency:<code>"},
            "display_name": {"type": "string"}, "username": {"type": "string"}, "expires_at": _TIME,
        },
    },
    "Handover": {
        "type": "object",
        "required": ["conversation_id", "status", "topic", "requested_at", "waiting_seconds"],
        "properties": {
            "conversation_id": {"type": "string", "format": "uuid"},
            "status": {"type": "string", "enum": ["waiting", "taken", "released", "closed"]},
            "topic": {"type": "string", "nullable": True, "description": "the last intent or a short label"},
            "requested_at": _TIME,
            "waiting_seconds": {"type": "integer", "minimum": 0,
                                "description": "how long the resident waited: until now, or until taken"},
            "taken_at": _MAYBE_TIME, "taken_by": {"type": "string", "nullable": True,
                                                  "description": "the display name of who took it"},
            "taken_by_me": {"type": "boolean"}, "released_at": _MAYBE_TIME, "closed_at": _MAYBE_TIME,
            "summary": {"type": "string", "nullable": True},
        },
    },
    "StaffMe": {"type": "object", "required": ["username", "display_name", "roles"],
                "properties": {"username": {"type": "string"}, "display_name": {"type": "string"},
                               "roles": {"type": "array", "items": {"type": "string"}}}},
    "BotStatus": {"type": "object", "required": ["rasa", "actions", "checked_at"],
                  "properties": {"rasa": {"type": "string", "enum": ["up", "down"]},
                                 "actions": {"type": "string", "enum": ["up", "down"],
                                             "description": "the action server"},
                                 "checked_at": _TIME}},
    "Handovers": {"type": "object", "required": ["handovers"],
                  "properties": {"handovers": {"type": "array", "items": _ref("Handover")}}},
    "HandoverChange": {"type": "object", "required": ["handover", "messages"],
                       "properties": {"handover": _ref("Handover"),
                                      "messages": {"type": "array", "items": _ref("Message"),
                                                   "description": "what the change added to the transcript"}}},
    "AgentMessage": {"type": "object", "required": ["text"], "additionalProperties": False,
                     "properties": {"text": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT_CHARS}}},
    "Release": {"type": "object", "additionalProperties": False,
                "properties": {"close": {"type": "boolean", "default": False,
                                         "description": "close the conversation instead of handing it to the bot"},
                               "summary": {"type": "string", "maxLength": MAX_SUMMARY_CHARS}}},
    "Transcript": {
        "type": "object", "required": ["conversation_id", "status", "messages", "handovers"],
        "properties": {
            "conversation_id": {"type": "string", "format": "uuid"},
            "status": {"type": "string", "enum": ["bot", "waiting", "taken", "closed"]},
            "locale": {"type": "string"}, "created_at": _TIME, "last_activity_at": _TIME,
            "messages": {"type": "array", "items": _ref("Message")},
            "handovers": {"type": "array", "items": _ref("Handover")},
        },
    },
    "Callback": {
        "type": "object",
        "required": ["id", "conversation_id", "name", "phone", "topic", "preferred_time", "status", "requested_at",
                     "handled_at", "handled_by", "note"],
        "properties": {
            "id": {"type": "integer"},
            "conversation_id": {"type": "string", "format": "uuid", "nullable": True,
                                "description": "null when asked outside the website chat or when the chat is deleted"},
            "name": {"type": "string"}, "phone": {"type": "string", "description": "ten digits, e.g. 0612345678"},
            "topic": {"type": "string", "nullable": True, "description": "the last thing the resident asked about"},
            "preferred_time": {"type": "string", "nullable": True, "description": "as the resident typed it"},
            "status": {"type": "string", "enum": ["open", "done"]}, "requested_at": _TIME,
            "handled_at": _MAYBE_TIME,
            "handled_by": {"type": "string", "nullable": True, "description": "the display name of who called back"},
            "note": {"type": "string", "nullable": True},
        },
    },
    "Callbacks": {"type": "object", "required": ["callbacks"],
                  "properties": {"callbacks": {"type": "array", "items": _ref("Callback")}}},
    "CallbackDone": {"type": "object", "additionalProperties": False,
                     "properties": {"note": {"type": "string", "maxLength": NOTE_MAX}}},
    "NewMessage": {
        "oneOf": [
            {"type": "object", "required": ["text"], "additionalProperties": False,
             "properties": {"text": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT_CHARS,
                                     "description": "typed text; 1 to 2,000 characters after trimming"},
                            "client_id": _CLIENT_ID}},
            {"type": "object", "required": ["payload"], "additionalProperties": False,
             "properties": {"payload": {"type": "string", "pattern": "^/", "maxLength": MAX_PAYLOAD_CHARS,
                                        "description": f"the payload of a button the bot offered; "
                                                       f"{DELETE_CONVERSATION_PAYLOAD} (the \"Ja, wis dit "
                                                       f"gesprek\" button) deletes the conversation as DELETE "
                                                       f"does and answers {{\"messages\": [], \"deleted\": true}}"},
                            "client_id": _CLIENT_ID}},
        ],
    },
    "Feedback": {"type": "object", "required": ["seq", "helpful"], "additionalProperties": False,
                 "properties": {"seq": {"type": "integer", "minimum": 1, "description": "a bot message's seq"},
                                "helpful": {"type": "boolean", "description": "thumbs up (true) or down (false)"}}},
}

OPENAPI: Dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Gemeente-assistent chat gateway", "version": "1.0.0",
             "description": "Residents chat with the municipality's assistant, or with a person who took over; "
                            "staff log in to take chats over."},
    "paths": {
        "/api/conversations": {
            "post": {
                "summary": "Start a conversation; the answer holds its id and bearer token",
                "requestBody": {"required": False,
                                "content": {"application/json": {"schema": _ref("NewConversation")}}},
                "responses": {"201": _json(_ref("Conversation"), "The new conversation"), "400": _ERROR,
                              "413": _ERROR, "429": _RATE_LIMITED},
            },
        },
        "/api/conversations/{id}": {
            "parameters": [_CONVERSATION_ID],
            "delete": {
                "summary": "Delete the conversation: its messages, handovers and the bot's memory of it",
                "security": [{"bearer": []}],
                "responses": {"204": {"description": "Deleted"}, "404": _NOT_FOUND},
            },
        },
        "/api/conversations/{id}/messages": {
            "parameters": [_CONVERSATION_ID],
            "post": {
                "summary": "Send a message; the answer holds the bot's replies (none while a person has the chat)",
                "security": [{"bearer": []}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("NewMessage")}}},
                "responses": {"200": _MESSAGES, "400": _ERROR, "404": _NOT_FOUND, "409": _ERROR, "413": _ERROR,
                              "422": _json(_ref("Error"), "A client_id that breaks its pattern (invalid_client_id)"),
                              "429": _RATE_LIMITED},
            },
            "get": {
                "summary": "Every message with seq above `after`, from both sides (for polling)",
                "security": [{"bearer": []}],
                "parameters": [{"name": "after", "in": "query", "required": False,
                                "schema": {"type": "integer", "minimum": 0, "default": 0}}],
                "responses": {"200": _MESSAGES, "400": _ERROR, "404": _NOT_FOUND},
            },
        },
        "/api/conversations/{id}/messages/{seq}/attachment": {
            "parameters": [_CONVERSATION_ID, {"name": "seq", "in": "path", "required": True,
                                              "schema": {"type": "integer", "minimum": 1}}],
            "get": {
                "summary": "The file sent with a bot message (the appointment's calendar file), as a download",
                "security": [{"bearer": []}],
                "responses": {
                    "200": {"description": "The file; Content-Disposition: attachment with its name",
                            "content": {mime: {"schema": {"type": "string"}}
                                        for mime in sorted(ALLOWED_ATTACHMENT_TYPES)}},
                    "404": _json(_ref("Error"), "Unknown conversation, wrong or missing token, or no file with "
                                                "this message (the same status)")},
            },
        },
        "/api/conversations/{id}/feedback": {
            "parameters": [_CONVERSATION_ID],
            "post": {
                "summary": "Thumbs up or down under one of the bot's answers; a second vote replaces the first",
                "security": [{"bearer": []}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("Feedback")}}},
                "responses": {"204": {"description": "Stored"}, "400": _ERROR,
                              "404": _json(_ref("Error"), "Unknown conversation, wrong token (not_found), or no "
                                                          "message with this seq (message_not_found)"),
                              "413": _ERROR,
                              "422": _json(_ref("Error"), "The message is not the bot's (not_a_bot_message)")},
            },
        },
        "/api/conversations/{id}/transcript": {
            "parameters": [_CONVERSATION_ID],
            "get": {
                "summary": "The whole transcript with its handovers (KCC and administrators)",
                "security": _STAFF,
                "responses": {"200": _json(_ref("Transcript"), "The conversation"), **_STAFF_ERRORS,
                              "404": _json(_ref("Error"), "No conversation with this id")},
            },
        },
        "/api/staff/login": {
            "post": {
                "summary": "Log in; the answer holds the tokens, and the session is also set as a cookie",
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("Login")}}},
                "responses": {"200": _json(_ref("Session"), "Logged in"), "400": _ERROR,
                              "401": _json(_ref("Error"), "Wrong username or password, or an inactive account "
                                                          "(error invalid_login; always the same answer)"),
                              "413": _ERROR, "415": _ERROR},
            },
        },
        "/api/staff/logout": {
            "post": {
                "summary": "End this session and clear the cookie",
                "security": _STAFF, "parameters": [_CSRF],
                "responses": {"200": {"description": "Logged out"}, **_STAFF_ERRORS},
            },
        },
        "/api/staff/me": {
            "get": {
                "summary": "Who this session belongs to, and the account's roles",
                "security": _STAFF,
                "responses": {"200": _json(_ref("StaffMe"), "The logged-in employee"),
                              "401": _STAFF_ERRORS["401"]},
            },
        },
        "/api/kcc/status": {
            "get": {
                "summary": "Whether Rasa and the action server answer (checked with a short deadline, "
                           "cached a few seconds; KCC and administrators)",
                "security": _STAFF,
                "responses": {"200": _json(_ref("BotStatus"), "The servers' state"), **_STAFF_ERRORS},
            },
        },
        "/api/kcc/handovers": {
            "get": {
                "summary": "Chats waiting for a person (or taken), oldest first (KCC and administrators)",
                "security": _STAFF,
                "parameters": [{"name": "status", "in": "query", "required": False,
                                "schema": {"type": "string", "enum": ["waiting", "taken"], "default": "waiting"}}],
                "responses": {"200": _json(_ref("Handovers"), "The queue"), "400": _ERROR, **_STAFF_ERRORS},
            },
        },
        "/api/kcc/handovers/{conversation_id}/take": {
            "parameters": [_HANDOVER_ID, _CSRF],
            "post": {
                "summary": "Take a waiting chat (or one the bot has); the bot stops answering it",
                "security": _STAFF,
                "responses": {"200": _json(_ref("HandoverChange"), "Taken; the resident is told who answers"),
                              **_CHANGE_ERRORS},
            },
        },
        "/api/kcc/handovers/{conversation_id}/messages": {
            "parameters": [_HANDOVER_ID, _CSRF],
            "post": {
                "summary": "A message from the employee who took the chat to the resident",
                "security": _STAFF,
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("AgentMessage")}}},
                "responses": {"200": _MESSAGES, **_CHANGE_ERRORS},
            },
        },
        "/api/kcc/handovers/{conversation_id}/release": {
            "parameters": [_HANDOVER_ID, _CSRF],
            "post": {
                "summary": "Hand the chat back to the bot, or close it with a summary",
                "security": _STAFF,
                "requestBody": {"required": False, "content": {"application/json": {"schema": _ref("Release")}}},
                "responses": {"200": _json(_ref("HandoverChange"), "Released or closed"), **_CHANGE_ERRORS},
            },
        },
        "/api/kcc/callbacks": {
            "get": {
                "summary": "Residents who asked to be called back, oldest first (KCC and administrators)",
                "security": _STAFF,
                "parameters": [{"name": "status", "in": "query", "required": False,
                                "schema": {"type": "string", "enum": ["open", "done"], "default": "open"}}],
                "responses": {"200": _json(_ref("Callbacks"), "The callback requests"), **_STAFF_ERRORS,
                              "422": _json(_ref("Error"), "status is not open or done")},
            },
        },
        "/api/kcc/callbacks/{id}/done": {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}, _CSRF],
            "post": {
                "summary": "Record that the resident was called back, with an optional note",
                "security": _STAFF,
                "requestBody": {"required": False,
                                "content": {"application/json": {"schema": _ref("CallbackDone")}}},
                "responses": {"200": _json({"type": "object", "required": ["callback"],
                                            "properties": {"callback": _ref("Callback")}}, "Marked done"),
                              **_STAFF_ERRORS, "400": _ERROR, "413": _ERROR,
                              "404": _json(_ref("Error"), "No callback request with this id"),
                              "409": _json(_ref("Error"), "Already marked done; nothing changed"),
                              "422": _json(_ref("Error"), "note is not a string or longer than allowed")},
            },
        },
        "/openapi.json": {
            "get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3 document"}}},
        },
    },
    "components": {
        "schemas": _SCHEMAS,
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"},
                            "cookie": {"type": "apiKey", "in": "cookie", "name": SESSION_COOKIE}},
    },
}

# -- appointments for staff, and the agencies' view of a shared transcript ---------------------
_SCHEMAS.update({
    "AppointmentSummary": {
        "type": "object",
        "required": ["reference", "product", "product_name", "location", "location_name", "start", "end", "status",
                     "agencies", "agency_names", "has_transcript", "name"],
        "properties": {
            "reference": {"type": "string"}, "product": {"type": "string"}, "product_name": {"type": "string"},
            "location": {"type": "string"}, "location_name": {"type": "string"}, "start": _TIME, "end": _TIME,
            "status": {"type": "string", "enum": ["booked", "cancelled"]},
            "agencies": {"type": "array", "items": {"type": "string"},
                         "description": "codes of the agencies whose employees join (uitvoeringsorganisaties)"},
            "agency_names": {"type": "array", "items": {"type": "string"},
                             "description": "their names in gemeente.yml, in the order of agencies (the code for an "
                                            "agency no longer configured)"},
            "has_transcript": {"type": "boolean"}, "name": {"type": "string"},
        },
    },
    "LocationChoice": {"type": "object", "required": ["code", "name"],
                       "properties": {"code": {"type": "string"}, "name": {"type": "string"}}},
    "Appointments": {"type": "object", "required": ["appointments", "locations"],
                     "properties": {"appointments": {"type": "array", "items": _ref("AppointmentSummary")},
                                    "locations": {"type": "array", "items": _ref("LocationChoice"),
                                                  "description": "the places this employee can choose, in "
                                                                 "gemeente.yml's order: every location for the KCC "
                                                                 "and administrators, the pilot locations where "
                                                                 "their agency is for an agency employee"}}},
    "SharedTranscript": {
        "type": "object", "required": ["consent_at", "conversation_id", "messages"],
        "description": "The chat the resident agreed to share, masked (BSN, IBAN, phone numbers, e-mail "
                       "addresses other than the resident's contact address and the municipality's)",
        "properties": {"consent_at": _TIME, "conversation_id": {"type": "string", "nullable": True},
                       "messages": {"type": "array", "items": _ref("Message")}},
    },
    "AppointmentDetail": {"type": "object", "required": ["appointment"], "properties": {"appointment": {"allOf": [
        _ref("AppointmentSummary"),
        {"type": "object", "required": ["email", "phone", "transcript"],
         "properties": {"email": {"type": "string", "nullable": True}, "phone": {"type": "string", "nullable": True},
                        "transcript": {"allOf": [_ref("SharedTranscript")], "nullable": True}}}]}}},
    "AgencyTranscript": {
        "type": "object", "required": ["conversation_id", "appointments", "consent_at", "messages"],
        "description": "What an agency employee gets from the transcript route: the masked copy attached to an "
                       "appointment of their agency (the newest one)",
        "properties": {"conversation_id": {"type": "string"}, "appointments": {"type": "array", "items": {"type": "string"}},
                       "consent_at": _TIME, "messages": {"type": "array", "items": _ref("Message")}},
    },
})
_SCOPED = "KCC and administrators: all; an agency employee (agency:<code>): only appointments carrying its agency"
OPENAPI["paths"].update({
    "/api/appointments": {
        "get": {
            "summary": f"The appointments of one day or of a few days, earliest first ({_SCOPED})",
            "security": _STAFF,
            "parameters": [
                {"name": "date", "in": "query", "required": False, "schema": {"type": "string", "format": "date"},
                 "description": "YYYY-MM-DD (Europe/Amsterdam); default today"},
                {"name": "days", "in": "query", "required": False,
                 "schema": {"type": "integer", "minimum": 1, "maximum": 31, "default": 1},
                 "description": "how many days from date on (1: that day only)"},
                {"name": "location", "in": "query", "required": False, "schema": {"type": "string"},
                 "description": "a location code of gemeente.yml"}],
            "responses": {"200": _json(_ref("Appointments"), "The period's appointments and the places to "
                                                             "choose from"), **_STAFF_ERRORS,
                          "422": _json(_ref("Error"), "A bad date (invalid_date), a number of days outside "
                                                      "1-31 (invalid_days) or an unknown location "
                                                      "(unknown_location)")},
        },
    },
    "/api/appointments/{reference}": {
        "parameters": [{"name": "reference", "in": "path", "required": True, "schema": {"type": "string"}}],
        "get": {
            "summary": f"One appointment with contact details and the shared transcript ({_SCOPED})",
            "security": _STAFF,
            "responses": {"200": _json(_ref("AppointmentDetail"), "The appointment"), **_STAFF_ERRORS,
                          "404": _json(_ref("Error"), "No such appointment, or one of another agency "
                                                      "(the same answer)")},
        },
    },
})
OPENAPI["paths"]["/api/conversations/{id}/transcript"]["get"].update({
    "summary": "The whole transcript with its handovers (KCC and administrators); for an agency employee the "
               "masked copy shared with an appointment of their agency (AgencyTranscript)",
    "responses": {"200": _json({"oneOf": [_ref("Transcript"), _ref("AgencyTranscript")]}, "The conversation"),
                  **_STAFF_ERRORS,
                  "404": _json(_ref("Error"), "No conversation with this id (for an agency: none shared with it)")},
})


# The content owners' endpoints (bot/web/content/routes.py) are described in their own module.
from bot.web.content.openapi import CONTENT_PATHS, CONTENT_SCHEMAS  # noqa: E402

OPENAPI["paths"].update(CONTENT_PATHS)
_SCHEMAS.update(CONTENT_SCHEMAS)

# The content owners' retrain routes describe themselves (bot/web/content/retrain_openapi.py).
from bot.web.content.retrain_openapi import RETRAIN_PATHS, RETRAIN_SCHEMAS  # noqa: E402

OPENAPI["paths"].update(RETRAIN_PATHS)
_SCHEMAS.update(RETRAIN_SCHEMAS)
