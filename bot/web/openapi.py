"""The OpenAPI 3 document served at ``GET /openapi.json``, written by hand so that it says
exactly what the contract says."""
from __future__ import annotations

from typing import Any, Dict

from bot.web.bodies import MAX_PAYLOAD_CHARS, MAX_TEXT_CHARS


def _ref(name: str) -> Dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: Dict[str, Any], description: str) -> Dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERROR = _json(_ref("Error"), "An error: a code and a sentence")
_NOT_FOUND = _json(_ref("Error"), "Unknown conversation, or a wrong or missing token (the same answer)")
_MESSAGES = _json(_ref("Messages"), "Messages, oldest first")
_CONVERSATION_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}

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
             "description": "Residents chat with the municipality's assistant, or with a person who took over."},
    "paths": {
        "/api/conversations": {
            "post": {
                "summary": "Start a conversation; the answer holds its id and bearer token",
                "requestBody": {"required": False,
                                "content": {"application/json": {"schema": _ref("NewConversation")}}},
                "responses": {"201": _json(_ref("Conversation"), "The new conversation"), "400": _ERROR,
                              "413": _ERROR},
            },
        },
        "/api/conversations/{id}/messages": {
            "parameters": [_CONVERSATION_ID],
            "post": {
                "summary": "Send a message; the answer holds the bot's replies (none while a person has the chat)",
                "security": [{"bearer": []}],
                "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("NewMessage")}}},
                "responses": {"200": _MESSAGES, "400": _ERROR, "404": _NOT_FOUND, "409": _ERROR, "413": _ERROR},
            },
            "get": {
                "summary": "Every message with seq above `after`, from both sides (for polling)",
                "security": [{"bearer": []}],
                "parameters": [{"name": "after", "in": "query", "required": False,
                                "schema": {"type": "integer", "minimum": 0, "default": 0}}],
                "responses": {"200": _MESSAGES, "400": _ERROR, "404": _NOT_FOUND},
            },
        },
        "/openapi.json": {
            "get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3 document"}}},
        },
    },
    "components": {
        "schemas": _SCHEMAS,
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    },
}
