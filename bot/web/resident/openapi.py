"""The resident's part of the OpenAPI document (bot/web/resident/routes.py)."""
from __future__ import annotations

from typing import Any, Dict

from bot.conversations.rasa_client import ALLOWED_ATTACHMENT_TYPES
from bot.faq.answers import DELETE_CONVERSATION_PAYLOAD
from bot.web.openapi_common import CONVERSATION_ID, ERROR, MESSAGES, json_body, ref
from bot.web.resident.bodies import MAX_PAYLOAD_CHARS, MAX_TEXT_CHARS

_NOT_FOUND = json_body(ref("Error"), "Unknown conversation, or a wrong or missing token (the same answer)")
_RATE_LIMITED = {**json_body(ref("Error"), "Too many requests (error rate_limited); nothing was stored"),
                 "headers": {"Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}}}
_CLIENT_ID = {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$",
              "description": "the widget's own id for this message: sent again after a dropped connection, "
                             "the message is not stored twice and the answer holds the replies stored the "
                             "first time; a bad one is a 422 (invalid_client_id)"}

RESIDENT_SCHEMAS: Dict[str, Any] = {
    "NewConversation": {"type": "object", "additionalProperties": False,
                        "properties": {"locale": {"type": "string", "default": "nl", "maxLength": 8,
                                                  "pattern": "^[a-z]{2,3}(-[A-Za-z]{2})?$",
                                                  "description": "the language to start in: en (or en-GB, "
                                                                 "en-US) is English, anything else Dutch"}}},
    "Conversation": {"type": "object", "required": ["conversation_id", "token"],
                     "properties": {"conversation_id": {"type": "string", "format": "uuid"},
                                    "token": {"type": "string", "description": "send as Authorization: Bearer"},
                                    "locale": {"type": "string", "enum": ["nl", "en"],
                                               "description": "the language the conversation starts in"}}},
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

RESIDENT_PATHS: Dict[str, Any] = {
    "/api/conversations": {
        "post": {
            "summary": "Start a conversation; the answer holds its id and bearer token",
            "requestBody": {"required": False,
                            "content": {"application/json": {"schema": ref("NewConversation")}}},
            "responses": {"201": json_body(ref("Conversation"), "The new conversation"), "400": ERROR,
                          "413": ERROR, "429": _RATE_LIMITED},
        },
    },
    "/api/conversations/{id}": {
        "parameters": [CONVERSATION_ID],
        "delete": {
            "summary": "Delete the conversation: its messages, handovers and the bot's memory of it",
            "security": [{"bearer": []}],
            "responses": {"204": {"description": "Deleted"}, "404": _NOT_FOUND},
        },
    },
    "/api/conversations/{id}/messages": {
        "parameters": [CONVERSATION_ID],
        "post": {
            "summary": "Send a message; the answer holds the bot's replies (none while a person has the chat) "
                       "and the conversation's language (locale). Typed text clearly in the other language "
                       "switches it; a message that only asks for a language (\"English please\", "
                       "\"Nederlands graag\") is answered by the gateway itself in that language",
            "security": [{"bearer": []}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": ref("NewMessage")}}},
            "responses": {"200": MESSAGES, "400": ERROR, "404": _NOT_FOUND, "409": ERROR, "413": ERROR,
                          "422": json_body(ref("Error"), "A client_id that breaks its pattern (invalid_client_id), or a "
                                                       "message that is one of Rasa's own commands such as /restart "
                                                       "or /session_start (reserved_intent); nothing is stored"),
                          "429": _RATE_LIMITED},
        },
        "get": {
            "summary": "Every message with seq above `after`, from both sides (for polling)",
            "security": [{"bearer": []}],
            "parameters": [{"name": "after", "in": "query", "required": False,
                            "schema": {"type": "integer", "minimum": 0, "default": 0}}],
            "responses": {"200": MESSAGES, "400": ERROR, "404": _NOT_FOUND},
        },
    },
    "/api/conversations/{id}/events": {
        "parameters": [CONVERSATION_ID],
        "get": {
            "summary": "Messages with seq above `after`, who answers and the language, pushed as server-sent events "
                       "(`event: messages`, data as the poll's body) while the stream lasts (about 25 s, or "
                       "until the chat is closed); the widget uses it while a person is involved",
            "security": [{"bearer": []}],
            "parameters": [{"name": "after", "in": "query", "required": False,
                            "schema": {"type": "integer", "minimum": 0, "default": 0}}],
            "responses": {"200": {"description": "A stream of server-sent events",
                                  "content": {"text/event-stream": {"schema": {"type": "string"}}}},
                          "400": ERROR, "404": _NOT_FOUND},
        },
    },
    "/api/conversations/{id}/messages/{seq}/attachment": {
        "parameters": [CONVERSATION_ID, {"name": "seq", "in": "path", "required": True,
                                         "schema": {"type": "integer", "minimum": 1}}],
        "get": {
            "summary": "The file sent with a bot message (the appointment's calendar file), as a download",
            "security": [{"bearer": []}],
            "responses": {
                "200": {"description": "The file; Content-Disposition: attachment with its name",
                        "content": {mime: {"schema": {"type": "string"}}
                                    for mime in sorted(ALLOWED_ATTACHMENT_TYPES)}},
                "404": json_body(ref("Error"), "Unknown conversation, wrong or missing token, or no file with "
                                                "this message (the same status)")},
        },
    },
    "/api/conversations/{id}/feedback": {
        "parameters": [CONVERSATION_ID],
        "post": {
            "summary": "Thumbs up or down under one of the bot's answers; a second vote replaces the first",
            "security": [{"bearer": []}],
            "requestBody": {"required": True, "content": {"application/json": {"schema": ref("Feedback")}}},
            "responses": {"204": {"description": "Stored"}, "400": ERROR,
                          "404": json_body(ref("Error"), "Unknown conversation, wrong token (not_found), or no "
                                                          "message with this seq (message_not_found)"),
                          "413": ERROR,
                          "422": json_body(ref("Error"), "The message is not the bot's (not_a_bot_message)")},
        },
    },
}
