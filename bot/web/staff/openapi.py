"""The staff's part of the OpenAPI document: log-in (with the second factor), log-out, who is
logged in and the sessions (bot/web/staff/routes.py), the audit log (audit_routes.py), and the
two ways a staff call authenticates."""
from __future__ import annotations

from typing import Any, Dict

from bot.web.openapi_common import CSRF, ERROR, STAFF_ERRORS, STAFF_SECURITY, TIME, json_body, ref
from bot.web.staff.auth import CSRF_HEADER, SESSION_COOKIE

STAFF_SCHEMAS: Dict[str, Any] = {
    "Login": {"type": "object", "required": ["username", "password"], "additionalProperties": False,
              "properties": {"username": {"type": "string"}, "password": {"type": "string", "format": "password"},
                             "code": {"type": "string", "maxLength": 40,
                                      "description": "the 6 digits from the authenticator app (TOTP, RFC 6238), "
                                                     "or a recovery code"}}},
    "Enrolment": {
        "type": "object", "required": ["enrolment_required", "secret", "otpauth_uri", "qr_svg"],
        "description": "The password was right, and the account has no second factor yet: add it to an "
                       "authenticator app, then log in again with a code from it",
        "properties": {"enrolment_required": {"type": "boolean", "enum": [True]}, "secret": {"type": "string"},
                       "otpauth_uri": {"type": "string"}, "qr_svg": {"type": "string",
                                                                    "description": "the QR code, inline SVG"}},
    },
    "Session": {
        "type": "object", "required": ["token", "csrf_token", "roles", "display_name"],
        "properties": {
            "token": {"type": "string", "description": f"send as Authorization: Bearer; also set as the "
                                                       f"HttpOnly cookie {SESSION_COOKIE}"},
            "csrf_token": {"type": "string", "description": f"send in {CSRF_HEADER} with every POST that the "
                                                            f"cookie authenticates"},
            "roles": {"type": "array", "items": {"type": "string"},
                      "description": "kcc, content, admin, agency:<code>"},
            "display_name": {"type": "string"}, "username": {"type": "string"}, "expires_at": TIME,
            "session_id": {"type": "string"},
            "recovery_codes": {"type": "array", "items": {"type": "string"},
                               "description": "only right after enrolment: ten single-use codes, shown once"},
        },
    },
    "StaffSession": {
        "type": "object", "required": ["id", "username", "created_at", "last_seen_at", "expires_at", "current"],
        "properties": {"id": {"type": "string"}, "username": {"type": "string"}, "created_at": TIME,
                       "last_seen_at": TIME, "expires_at": TIME, "origin": {"type": "string", "nullable": True},
                       "user_agent": {"type": "string", "nullable": True,
                                      "description": "the browser (User-Agent) the session logged in with"},
                       "current": {"type": "boolean", "description": "the session this call came with"}},
    },
    "StaffSessions": {"type": "object", "required": ["sessions"],
                      "properties": {"sessions": {"type": "array", "items": ref("StaffSession")}}},
    "AuditEvent": {
        "type": "object",
        "required": ["id", "at", "actor_kind", "actor", "action", "object_type", "object_id", "result", "origin",
                     "details"],
        "properties": {
            "id": {"type": "integer"}, "at": TIME,
            "actor_kind": {"type": "string", "enum": ["staff", "resident", "system", "unknown"]},
            "actor": {"type": "string"}, "action": {"type": "string"},
            "object_type": {"type": "string", "nullable": True}, "object_id": {"type": "string", "nullable": True},
            "result": {"type": "string", "enum": ["ok", "refused", "failed"]},
            "origin": {"type": "string", "nullable": True, "description": "the client's address"},
            "details": {"type": "object", "description": "short facts; never a message's text"},
        },
    },
    "AuditEvents": {"type": "object", "required": ["events"],
                    "properties": {"events": {"type": "array", "items": ref("AuditEvent")}}},
    "StaffMe": {"type": "object", "required": ["username", "display_name", "roles"],
                "properties": {"username": {"type": "string"}, "display_name": {"type": "string"},
                               "roles": {"type": "array", "items": {"type": "string"}},
                               "session_id": {"type": "string", "description": "this session's id"}}},
}

STAFF_PATHS: Dict[str, Any] = {
    "/api/staff/login": {
        "post": {
            "summary": "Log in; the answer holds the tokens, and the session is also set as a cookie",
            "requestBody": {"required": True, "content": {"application/json": {"schema": ref("Login")}}},
            "responses": {"200": json_body({"oneOf": [ref("Session"), ref("Enrolment")]},
                                           "Logged in, or (first log-in) the second factor to enrol"),
                          "400": ERROR,
                          "401": json_body(ref("Error"), "Wrong username or password, or an inactive account "
                                                          "(error invalid_login; always the same answer); the "
                                                          "code is missing (code_required) or wrong (invalid_code)"),
                          "413": ERROR, "415": ERROR,
                          "429": {"description": "Too many failed log-ins for this account or address "
                                                 "(error login_throttled, a Dutch sentence)",
                                  "headers": {"Retry-After": {"schema": {"type": "integer"},
                                                              "description": "seconds until a log-in may be tried"}},
                                  "content": {"application/json": {"schema": ref("Error")}}}},
        },
    },
    "/api/staff/logout": {
        "post": {
            "summary": "End this session and clear the cookie",
            "security": STAFF_SECURITY, "parameters": [CSRF],
            "responses": {"200": {"description": "Logged out"}, **STAFF_ERRORS},
        },
    },
    "/api/staff/me": {
        "get": {
            "summary": "Who this session belongs to, and the account's roles",
            "security": STAFF_SECURITY,
            "responses": {"200": json_body(ref("StaffMe"), "The logged-in employee"),
                          "401": STAFF_ERRORS["401"]},
        },
    },
}

_AUDIT_FILTERS = [
    *({"name": name, "in": "query", "required": False, "schema": {"type": "string"}}
      for name in ("actor", "action", "object_type", "object_id")),
    {"name": "result", "in": "query", "required": False, "schema": {"type": "string",
                                                                   "enum": ["ok", "refused", "failed"]}},
    {"name": "since", "in": "query", "required": False, "schema": {"type": "string", "format": "date"}},
    {"name": "until", "in": "query", "required": False, "schema": {"type": "string", "format": "date"},
     "description": "exclusive"},
    {"name": "limit", "in": "query", "required": False,
     "schema": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 200}},
]

STAFF_PATHS.update({
    "/api/staff/sessions": {
        "get": {
            "summary": "The live sessions of this employee; an administrator may ask for ?username= or ?all=true",
            "security": STAFF_SECURITY,
            "parameters": [{"name": "username", "in": "query", "required": False, "schema": {"type": "string"}},
                           {"name": "all", "in": "query", "required": False,
                            "schema": {"type": "string", "enum": ["true", "false"]}}],
            "responses": {"200": json_body(ref("StaffSessions"), "Sessions, most recently used first"),
                          **STAFF_ERRORS},
        },
    },
    "/api/staff/sessions/{id}": {
        "delete": {
            "summary": "End one of one's own sessions; an administrator may end anyone's",
            "security": STAFF_SECURITY,
            "parameters": [CSRF, {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "Ended"}, **STAFF_ERRORS,
                          "404": json_body(ref("Error"), "No such session that this employee may end")},
        },
    },
    "/api/staff/audit": {
        "get": {
            "summary": "Search the audit log, newest first (administrators); the search is audited too",
            "security": STAFF_SECURITY, "parameters": _AUDIT_FILTERS,
            "responses": {"200": json_body(ref("AuditEvents"), "The matching events"), "400": ERROR,
                          **STAFF_ERRORS},
        },
    },
    "/api/staff/audit.csv": {
        "get": {
            "summary": "Export the same selection as CSV (administrators); the export is audited too",
            "security": STAFF_SECURITY, "parameters": _AUDIT_FILTERS,
            "responses": {"200": {"description": "CSV with a header row",
                                  "content": {"text/csv": {"schema": {"type": "string"}}}},
                          "400": ERROR, **STAFF_ERRORS},
        },
    },
})

SECURITY_SCHEMES: Dict[str, Any] = {"bearer": {"type": "http", "scheme": "bearer"},
                                    "cookie": {"type": "apiKey", "in": "cookie", "name": SESSION_COOKIE}}
