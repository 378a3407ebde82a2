"""The OpenAPI 3 document served at ``GET /openapi.json``, written by hand so that it says
exactly what the contract says."""
from __future__ import annotations

from typing import Any, Dict

from bot.web.bodies import MAX_PAYLOAD_CHARS, MAX_TEXT_CHARS
from bot.web.staff_auth import CSRF_HEADER, SESSION_COOKIE
from bot.web.staff_bodies import MAX_SUMMARY_CHARS


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
        },
    },
    "Messages": {"type": "object", "required": ["messages"],
                 "properties": {"messages": {"type": "array", "items": _ref("Message")}}},
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
    "NewMessage": {
        "oneOf": [
            {"type": "object", "required": ["text"], "additionalProperties": False,
             "properties": {"text": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT_CHARS,
                                     "description": "typed text; 1 to 2,000 characters after trimming"}}},
            {"type": "object", "required": ["payload"], "additionalProperties": False,
             "properties": {"payload": {"type": "string", "pattern": "^/", "maxLength": MAX_PAYLOAD_CHARS,
                                        "description": "the payload of a button the bot offered"}}},
        ],
    },
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

# The content owners' retrain routes describe themselves (bot/web/retrain_openapi.py).
from bot.web.retrain_openapi import RETRAIN_PATHS, RETRAIN_SCHEMAS  # noqa: E402

OPENAPI["paths"].update(RETRAIN_PATHS)
_SCHEMAS.update(RETRAIN_SCHEMAS)
