"""The OpenAPI description of the answer editor's routes (bot/web/content/answers.py), merged
into the gateway's document by ``bot.web.openapi``."""
from __future__ import annotations

from typing import Any, Dict

from bot.content_tools.editor.rules import MAX_CHARS, MAX_KEY_CHARS
from bot.web.content.answers import MAX_BASIS_CHARS
from bot.web.openapi_common import CSRF, ERROR, STAFF_ERRORS, STAFF_SECURITY, TIME, json_body, ref

_KEY = {"name": "key", "in": "path", "required": True,
        "schema": {"type": "string", "pattern": "^[a-z0-9_-]+(\\.[a-z0-9_-]+)*$", "maxLength": MAX_KEY_CHARS},
        "description": "the text's path in content/antwoorden.yml, e.g. onderwerpen.paspoort_id_aanvragen.uitleg"}
_VERSION = {"name": "version", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
_ROLES = {**STAFF_ERRORS, "403": json_body(ref("Error"), "Only content owners and administrators (forbidden), or "
                                                         "the CSRF header is missing or wrong with the cookie (csrf)")}
_BASIS = {"type": "string", "minLength": 1, "maxLength": MAX_BASIS_CHARS,
          "description": "the revision of the text the editor started from (Answer.revision)"}
_TEXT = {"type": "string", "maxLength": 4 * MAX_CHARS,
         "description": f"the new text; more than {MAX_CHARS} characters is refused (too_long)"}
_CHANGED = json_body({"type": "object", "required": ["answer", "version", "assessment"],
                      "properties": {"answer": ref("Answer"), "version": ref("AnswerVersion"),
                                     "assessment": ref("AnswerAssessment")}},
                     "Saved: the text is live at once, for residents too; the new version")
_REFUSED = json_body(ref("AnswerRefused"), "Not saved: the text breaks a rule (invalid_answer, with the assessment "
                                           "that says which), or it is the live text already (unchanged)")
_CONFLICT = json_body({"type": "object", "required": ["error", "detail", "current"],
                       "properties": {"error": {"type": "string"}, "detail": {"type": "string"},
                                      "current": ref("Answer")}},
                      "Not saved: the text changed since the editor read it (changed_meanwhile); the text now")
_UNWRITABLE = json_body(ref("Error"), "The content file cannot be read or written on the server; nothing changed")
_PROBLEM = {"type": "object", "required": ["code", "message"],
            "properties": {"code": {"type": "string", "enum": [
                "empty", "too_long", "control_character", "unknown_placeholder", "loose_brace", "malformed_link",
                "below_b1", "invalid_content", "missing_placeholder", "long_sentences"]},
                "message": {"type": "string", "description": "a Dutch sentence for the content owner"}}}

ANSWER_SCHEMAS: Dict[str, Any] = {
    "AnswerAssessment": {
        "type": "object",
        "required": ["score", "b1", "prose", "words", "sentences", "words_per_sentence", "placeholders", "errors",
                     "warnings"],
        "properties": {
            "score": {"type": "number", "description": "Flesch-Douma, each placeholder read as one word"},
            "b1": {"type": "boolean", "description": "the score reaches the B1 bar (or the text is too short to "
                                                     "measure)"},
            "prose": {"type": "boolean", "description": "long enough to measure (rules.prose_min_words)"},
            "words": {"type": "integer"}, "sentences": {"type": "integer"},
            "words_per_sentence": {"type": "number"},
            "placeholders": {"type": "array", "items": {"type": "string"}},
            "errors": {"type": "array", "items": _PROBLEM, "description": "any of these: the text is not saved"},
            "warnings": {"type": "array", "items": _PROBLEM, "description": "shown; the text can be saved"},
        },
    },
    "Answer": {
        "type": "object", "required": ["key", "section", "title", "text", "revision", "assessment"],
        "properties": {
            "key": {"type": "string"}, "section": {"type": "string"}, "title": {"type": "string"},
            "text": {"type": "string", "description": "the live text, placeholders unfilled"},
            "revision": {"type": "string", "description": "send it back as basis when saving"},
            "assessment": ref("AnswerAssessment"),
            "placeholders": {"type": "array", "items": {"type": "string"},
                             "description": "only for one answer: the placeholders this text can use"},
            "versions": {"type": "array", "items": ref("AnswerVersion"),
                         "description": "only for one answer: its versions, newest first"},
        },
    },
    "AnswerVersion": {
        "type": "object", "required": ["version", "text", "source", "author", "restored_from", "at", "live"],
        "properties": {
            "version": {"type": "integer", "minimum": 1}, "text": {"type": "string"},
            "source": {"type": "string", "enum": ["file", "editor", "restore"],
                       "description": "file: what the file held before a save (no author)"},
            "author": {"type": "string", "nullable": True}, "restored_from": {"type": "integer", "nullable": True},
            "at": TIME, "live": {"type": "boolean", "description": "this is the text residents see now"},
        },
    },
    "AnswerRules": {
        "type": "object", "required": ["b1_floor", "prose_min_words", "max_chars"],
        "properties": {"b1_floor": {"type": "number"}, "prose_min_words": {"type": "integer"},
                       "max_chars": {"type": "integer"}},
    },
    "AnswerRefused": {
        "type": "object", "required": ["error", "detail"],
        "properties": {"error": {"type": "string", "enum": ["invalid_answer", "unchanged"]},
                       "detail": {"type": "string"}, "assessment": ref("AnswerAssessment")},
    },
    "SaveAnswer": {"type": "object", "required": ["text", "basis"], "additionalProperties": False,
                   "properties": {"text": _TEXT, "basis": _BASIS}},
    "CheckAnswer": {"type": "object", "required": ["text"], "additionalProperties": False,
                    "properties": {"text": _TEXT}},
    "RestoreAnswer": {"type": "object", "required": ["basis"], "additionalProperties": False,
                      "properties": {"basis": _BASIS}},
}

ANSWER_PATHS: Dict[str, Any] = {
    "/api/content/answers": {
        "get": {"summary": "The texts of content/antwoorden.yml that the answer editor can change, each with its "
                           "B1 score (content owners and administrators)",
                "security": STAFF_SECURITY,
                "responses": {"200": json_body({"type": "object", "required": ["answers", "rules"],
                                                "properties": {"answers": {"type": "array", "items": ref("Answer")},
                                                               "rules": ref("AnswerRules")}}, "The texts"),
                              **_ROLES, "503": _UNWRITABLE}},
    },
    "/api/content/answers/{key}": {
        "parameters": [_KEY],
        "get": {"summary": "One text with the placeholders it can use and its versions (who, when)",
                "security": STAFF_SECURITY,
                "responses": {"200": json_body({"type": "object", "required": ["answer", "rules"],
                                                "properties": {"answer": ref("Answer"), "rules": ref("AnswerRules")}},
                                               "The text"), **_ROLES, "404": ERROR, "503": _UNWRITABLE}},
        "put": {"summary": "Save a new text: checked (placeholders, length, B1), stored as a new version with who "
                           "and when, written to the audit log, and live for residents at once (no restart, no "
                           "retraining)",
                "security": STAFF_SECURITY, "parameters": [CSRF],
                "requestBody": {"required": True, "content": {"application/json": {"schema": ref("SaveAnswer")}}},
                "responses": {"200": _CHANGED, "400": ERROR, **_ROLES, "404": ERROR, "409": _CONFLICT,
                              "413": ERROR, "422": _REFUSED, "503": _UNWRITABLE}},
    },
    "/api/content/answers/{key}/check": {
        "parameters": [_KEY, CSRF],
        "post": {"summary": "Check a text while it is typed, without saving: the B1 score, unknown and missing "
                            "placeholders, and what saving would refuse",
                 "security": STAFF_SECURITY,
                 "requestBody": {"required": True, "content": {"application/json": {"schema": ref("CheckAnswer")}}},
                 "responses": {"200": json_body({"type": "object", "required": ["assessment"],
                                                 "properties": {"assessment": ref("AnswerAssessment")}},
                                                "The assessment"),
                               "400": ERROR, **_ROLES, "404": ERROR, "413": ERROR, "503": _UNWRITABLE}},
    },
    "/api/content/answers/{key}/versions/{version}/restore": {
        "parameters": [_KEY, _VERSION, CSRF],
        "post": {"summary": "Make an older version the live text again: checked like a save, stored as a new "
                            "version (restored_from)",
                 "security": STAFF_SECURITY,
                 "requestBody": {"required": True, "content": {"application/json": {"schema": ref("RestoreAnswer")}}},
                 "responses": {"200": _CHANGED, "400": ERROR, **_ROLES, "404": ERROR, "409": _CONFLICT,
                               "413": ERROR, "422": _REFUSED, "503": _UNWRITABLE}},
    },
}
